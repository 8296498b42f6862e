//! Round closings and the audit log in DynamoDB: a closing is one item per year and round
//! (`ROUND#<year>#<n>` / `CLOSING`; 2024's keep the key they had before years,
//! `ROUND#<n>`) saved on its version; the log is one partition (`AUDIT`)
//! sorted by the entries' time-sortable ids, each put only if its id is new.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use casebook_domain::campaign::UNDATED_YEAR;
use casebook_domain::decision::{AuditEntry, RoundClosing};
use casebook_domain::{DecisionStore, StoreError};

use super::{DynamoStore, Fields, Item, backend, number_value, string_value};
use crate::table::{PK, SK};

const AUDIT_PK: &str = "AUDIT";

fn closing_pk(year: i16, round: u8) -> String {
    // The key closings had before a deployment kept several years stays 2024's, so that
    // a table written then is read without a step.
    if year == UNDATED_YEAR {
        format!("ROUND#{round}")
    } else {
        format!("ROUND#{year}#{round}")
    }
}

fn closing_from(item: &Item) -> Result<RoundClosing, StoreError> {
    let f = Fields {
        item,
        kind: "round closing",
    };
    Ok(RoundClosing {
        year: if item.contains_key("year") {
            f.parsed("year")?
        } else {
            UNDATED_YEAR
        },
        round: f.parsed("round")?,
        closed: item
            .get("closed")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
        version: f.parsed("version")?,
        changed_at: f.parsed("changed_at")?,
        changed_by: f.text("changed_by")?.to_string(),
    })
}

#[async_trait]
impl DecisionStore for DynamoStore {
    async fn get_round_closing(
        &self,
        year: i16,
        round: u8,
    ) -> Result<Option<RoundClosing>, StoreError> {
        let out = self.item(closing_pk(year, round), "CLOSING").await?;
        out.as_ref().map(closing_from).transpose()
    }

    async fn save_round_closing(
        &self,
        closing: &RoundClosing,
        expected: Option<u64>,
    ) -> Result<(), StoreError> {
        let item = super::fields([
            (PK, string_value(closing_pk(closing.year, closing.round))),
            (SK, string_value("CLOSING")),
            ("year", number_value(closing.year)),
            ("round", number_value(closing.round)),
            ("closed", AttributeValue::Bool(closing.closed)),
            ("version", number_value(closing.version)),
            ("changed_at", string_value(closing.changed_at.to_string())),
            ("changed_by", string_value(closing.changed_by.clone())),
        ]);
        self.put_over_version(item, expected).await
    }

    async fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let json = serde_json::to_string(entry).map_err(backend)?;
        let item = super::fields([
            (PK, string_value(AUDIT_PK)),
            (SK, string_value(entry.id.clone())),
            ("entry", string_value(json)),
        ]);
        self.put_new(item, StoreError::AlreadyExists).await
    }

    async fn last_audit(&self) -> Result<Option<AuditEntry>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", string_value(AUDIT_PK))
            .scan_index_forward(false)
            .limit(1)
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        out.items()
            .first()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "audit entry",
                };
                serde_json::from_str(f.text("entry")?).map_err(|_| f.corrupt("entry"))
            })
            .transpose()
    }

    async fn list_audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let values = HashMap::from([(":pk".to_string(), string_value(AUDIT_PK))]);
        // A query of one partition comes back sorted by its sort key: oldest first.
        let items = self.query_all(None, "pk = :pk", values).await?;
        items
            .iter()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "audit entry",
                };
                serde_json::from_str(f.text("entry")?).map_err(|_| f.corrupt("entry"))
            })
            .collect()
    }
}
