//! Opt-outs from reminders in DynamoDB: one item per address hash (`OPTOUT#<hash>`),
//! kept for good (no expiry).

use async_trait::async_trait;
use casebook_domain::{OptOutStore, StoreError};
use jiff::Timestamp;

use super::{DynamoStore, backend, number_value, string_value};
use crate::table::{PK, SK};

#[async_trait]
impl OptOutStore for DynamoStore {
    async fn opt_out(&self, key: &str, at: Timestamp) -> Result<(), StoreError> {
        // An unconditional put: recording it twice leaves one item.
        self.client
            .put_item()
            .table_name(&self.table)
            .item(PK, string_value(format!("OPTOUT#{key}")))
            .item(SK, string_value("OPTOUT"))
            .item("at_ms", number_value(at.as_millisecond()))
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn is_opted_out(&self, key: &str) -> Result<bool, StoreError> {
        let out = self.item(format!("OPTOUT#{key}"), "OPTOUT").await?;
        Ok(out.as_ref().is_some())
    }
}
