//! The rehearsal clock in DynamoDB: one item (`REHEARSAL`), or none on the real clock.

use async_trait::async_trait;
use casebook_domain::{Rehearsal, RehearsalStore, StoreError};
use jiff::Timestamp;

use super::{DynamoStore, backend, number_value, string_value};
use crate::table::{PK, SK};

const KEY: &str = "REHEARSAL";

#[async_trait]
impl RehearsalStore for DynamoStore {
    async fn rehearsal(&self) -> Result<Option<Rehearsal>, StoreError> {
        let out = self.item(KEY, KEY).await?;
        let Some(item) = out.as_ref() else {
            return Ok(None);
        };
        let time = |name: &str| -> Result<Timestamp, StoreError> {
            item.get(name)
                .and_then(|v| v.as_n().ok())
                .and_then(|n| n.parse::<i64>().ok())
                .and_then(|ms| Timestamp::from_millisecond(ms).ok())
                .ok_or_else(|| {
                    StoreError::Corrupt(format!("the rehearsal item's {name} is unreadable"))
                })
        };
        Ok(Some(Rehearsal {
            at: time("at_ms")?,
            set_at: time("set_at_ms")?,
        }))
    }

    async fn set_rehearsal(&self, rehearsal: Option<Rehearsal>) -> Result<(), StoreError> {
        match rehearsal {
            Some(r) => self
                .client
                .put_item()
                .table_name(&self.table)
                .item(PK, string_value(KEY))
                .item(SK, string_value(KEY))
                .item("at_ms", number_value(r.at.as_millisecond()))
                .item("set_at_ms", number_value(r.set_at.as_millisecond()))
                .send()
                .await
                .map(|_| ())
                .map_err(backend),
            None => self
                .client
                .delete_item()
                .table_name(&self.table)
                .key(PK, string_value(KEY))
                .key(SK, string_value(KEY))
                .send()
                .await
                .map(|_| ())
                .map_err(backend),
        }
    }
}
