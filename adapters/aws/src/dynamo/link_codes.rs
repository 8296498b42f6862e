//! One-time link codes in DynamoDB: each is taken once, by a conditional delete.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::ReturnValue;
use casebook_domain::{LinkCodeStore, StoreError};
use jiff::Timestamp;

use super::{DynamoStore, Fields, backend, number_value, string_value, ttl};
use crate::table::{PK, SK};

#[async_trait]
impl LinkCodeStore for DynamoStore {
    async fn create_link_code(
        &self,
        code: &str,
        payload: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let item = super::fields([
            (PK, string_value(format!("LINK#{code}"))),
            (SK, string_value("LINK")),
            ("payload", string_value(payload)),
            ("expires_ms", number_value(expires_at.as_millisecond())),
            (
                crate::table::TABLE.ttl_attribute,
                ttl(
                    expires_at,
                    jiff::SignedDuration::from_mins(casebook_domain::LINK_MINUTES + 1),
                ),
            ),
        ]);
        self.put_new(item, StoreError::AlreadyExists).await
    }

    async fn take_link_code(
        &self,
        code: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        // A conditional delete that returns the old item: only one caller gets it.
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(PK, string_value(format!("LINK#{code}")))
            .key(SK, string_value("LINK"))
            .condition_expression("attribute_exists(pk)")
            .return_values(ReturnValue::AllOld)
            .send()
            .await;
        match result {
            Ok(out) => {
                let Some(item) = out.attributes() else {
                    return Ok(None);
                };
                let f = Fields {
                    item,
                    kind: "link code",
                };
                let expires: i64 = f.parsed("expires_ms")?;
                Ok((now.as_millisecond() < expires)
                    .then(|| f.text("payload").map(str::to_string))
                    .transpose()?)
            }
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(None)
            }
            Err(e) => Err(backend(e)),
        }
    }
}
