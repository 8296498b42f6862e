//! Who reviews which case in which round, in DynamoDB: one partition per round (a few
//! thousand items), and the index lists a reviewer's.

use std::collections::HashMap;

use async_trait::async_trait;
use casebook_domain::{ApplicationId, Assignment, AssignmentStore, ReviewerId, StoreError};

use super::{DynamoStore, Fields, Item, number_value, string_value};
use crate::table::{GSI1, GSI1_PK, GSI1_SK, PK, SK};

fn round_pk(round: u8) -> String {
    format!("ASSIGN#ROUND#{round}")
}

fn reviewer_key(reviewer: ReviewerId) -> String {
    format!("ASSIGN#REVIEWER#{reviewer}")
}

fn pair_sk(application: ApplicationId, reviewer: ReviewerId) -> String {
    format!("{application}#{reviewer}")
}

fn to_item(a: &Assignment) -> Item {
    let mut item = HashMap::from([
        (PK.to_string(), string_value(round_pk(a.round))),
        (
            SK.to_string(),
            string_value(pair_sk(a.application, a.reviewer)),
        ),
        (GSI1_PK.to_string(), string_value(reviewer_key(a.reviewer))),
        (
            GSI1_SK.to_string(),
            string_value(format!("{:03}#{}", a.round, a.application)),
        ),
        ("round".to_string(), number_value(a.round)),
        (
            "application".to_string(),
            string_value(a.application.to_string()),
        ),
        ("reviewer".to_string(), string_value(a.reviewer.to_string())),
        (
            "assigned_at".to_string(),
            string_value(a.assigned_at.to_string()),
        ),
    ]);
    if let Some(reason) = &a.conflict {
        item.insert("conflict".to_string(), string_value(reason.clone()));
    }
    item
}

fn from_item(item: &Item) -> Result<Assignment, StoreError> {
    let f = Fields {
        item,
        kind: "assignment",
    };
    Ok(Assignment {
        round: f.parsed("round")?,
        application: ApplicationId::parse(f.text("application")?)
            .ok_or_else(|| f.corrupt("application"))?,
        reviewer: ReviewerId::parse(f.text("reviewer")?).ok_or_else(|| f.corrupt("reviewer"))?,
        assigned_at: f.parsed("assigned_at")?,
        conflict: f.optional_text("conflict").map(str::to_string),
    })
}

#[async_trait]
impl AssignmentStore for DynamoStore {
    async fn add_assignments(&self, assignments: &[Assignment]) -> Result<usize, StoreError> {
        let mut added = 0;
        for a in assignments {
            match self.put_new(to_item(a), StoreError::AlreadyExists).await {
                Ok(()) => added += 1,
                // Assigned already: kept as it is.
                Err(StoreError::AlreadyExists) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(added)
    }

    async fn list_round_assignments(&self, round: u8) -> Result<Vec<Assignment>, StoreError> {
        let values = HashMap::from([(":pk".to_string(), string_value(round_pk(round)))]);
        let items = self.query_all(None, "pk = :pk", values).await?;
        items.iter().map(from_item).collect()
    }

    async fn list_reviewer_assignments(
        &self,
        reviewer: ReviewerId,
    ) -> Result<Vec<Assignment>, StoreError> {
        let values = HashMap::from([(":pk".to_string(), string_value(reviewer_key(reviewer)))]);
        let condition = format!("{GSI1_PK} = :pk");
        let items = self.query_all(Some(GSI1), &condition, values).await?;
        items.iter().map(from_item).collect()
    }

    async fn declare_conflict(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
        reason: &str,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, string_value(round_pk(round)))
            .key(SK, string_value(pair_sk(application, reviewer)))
            // CONFLICT is one of DynamoDB's reserved words: named through #conflict.
            .update_expression("SET #conflict = :reason")
            .condition_expression("attribute_exists(pk) AND attribute_not_exists(#conflict)")
            .expression_attribute_names("#conflict", "conflict")
            .expression_attribute_values(":reason", string_value(reason))
            .send()
            .await;
        super::conditional_update(result)
    }
}
