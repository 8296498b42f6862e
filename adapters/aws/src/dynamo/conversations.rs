//! The bot's saved conversations, and the leases that let an update or a turn be taken once.

use async_trait::async_trait;
use casebook_domain::{DialogueStore, LeaseKey, Leases, SavedDialogue, StoreError};
use jiff::Timestamp;

use super::{DynamoStore, Fields, backend, conditional, number_value, string_value, ttl};
use crate::table::{PK, SK};

#[async_trait]
impl DialogueStore for DynamoStore {
    async fn load_dialogue(&self, key: &str) -> Result<Option<SavedDialogue>, StoreError> {
        let out = self.item(format!("DIALOGUE#{key}"), "DIALOGUE").await?;
        out.as_ref()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "dialogue",
                };
                Ok(SavedDialogue {
                    json: f.text("state")?.to_string(),
                    version: f.parsed("version")?,
                    updated_at: f.parsed("updated_at")?,
                })
            })
            .transpose()
    }

    async fn save_dialogue(
        &self,
        key: &str,
        json: &str,
        expected: Option<u64>,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let next = expected.unwrap_or(0) + 1;
        let item = super::fields([
            (PK, string_value(format!("DIALOGUE#{key}"))),
            (SK, string_value("DIALOGUE")),
            ("id", string_value(key)),
            ("state", string_value(json)),
            ("version", number_value(next)),
            ("updated_at", string_value(at.to_string())),
        ]);
        self.put_over_version(item, expected).await.map(|()| next)
    }
}

#[async_trait]
impl Leases for DynamoStore {
    async fn take_lease(
        &self,
        key: &LeaseKey,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<bool, StoreError> {
        // Telegram redelivers for about a day at most: the marker expires after a week.
        let week = jiff::SignedDuration::from_hours(7 * 24);
        let expires = ttl(now.saturating_add(week).unwrap_or(now), week);
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item(PK, string_value(format!("UPDATE#{key}")))
            .item(SK, string_value("UPDATE"))
            .item("taken_at", string_value(now.to_string()))
            .item("lease_ms", number_value(lease_until.as_millisecond()))
            .item(crate::table::TABLE.ttl_attribute, expires)
            // New, or held by a taker whose lease ran out; a finished one has no lease.
            .condition_expression("attribute_not_exists(pk) OR lease_ms <= :now")
            .expression_attribute_values(":now", number_value(now.as_millisecond()))
            .send()
            .await;
        match conditional(result, StoreError::AlreadyExists) {
            Ok(()) => Ok(true),
            Err(StoreError::AlreadyExists) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn finish_lease(&self, key: &LeaseKey) -> Result<(), StoreError> {
        self.finish(&key.to_string(), None).await
    }

    async fn finish_lease_with(&self, key: &LeaseKey, answer: &str) -> Result<(), StoreError> {
        self.finish(&key.to_string(), Some(answer)).await
    }

    async fn finished_answer(&self, key: &LeaseKey) -> Result<Option<String>, StoreError> {
        let out = self.item(format!("UPDATE#{key}"), "UPDATE").await?;
        let Some(item) = out.as_ref() else {
            return Ok(None);
        };
        if item.contains_key("lease_ms") {
            return Ok(None);
        }
        Ok(item
            .get("answer")
            .and_then(|v| v.as_s().ok())
            .map(|s| s.to_string()))
    }

    async fn release_lease(&self, key: &LeaseKey) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key(PK, string_value(format!("UPDATE#{key}")))
            .key(SK, string_value("UPDATE"))
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }
}

impl DynamoStore {
    /// Ends a claim's lease for good, keeping `answer` with it when there is one.
    async fn finish(&self, key: &str, answer: Option<&str>) -> Result<(), StoreError> {
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, string_value(format!("UPDATE#{key}")))
            .key(SK, string_value("UPDATE"))
            .condition_expression("attribute_exists(pk)");
        let request = match answer {
            Some(answer) => request
                .update_expression("REMOVE lease_ms SET answer = :answer")
                .expression_attribute_values(":answer", string_value(answer)),
            None => request.update_expression("REMOVE lease_ms"),
        };
        request.send().await.map(|_| ()).or_else(|e| {
            if e.as_service_error()
                .is_some_and(|e| e.is_conditional_check_failed_exception())
            {
                Ok(()) // released meanwhile: nothing to finish
            } else {
                Err(backend(e))
            }
        })
    }
}
