//! Reviews in DynamoDB: one item per round, case and reviewer, saved with a condition on
//! its version, one partition per round.

use std::collections::HashMap;

use async_trait::async_trait;
use casebook_domain::{ApplicationId, CaseReview, ReviewStore, ReviewerId, StoreError};

use super::{DynamoStore, Fields, Item, number_value, string_value};
use crate::table::{PK, SK};

fn round_pk(round: u8) -> String {
    format!("REVIEW#ROUND#{round}")
}

fn pair_sk(application: ApplicationId, reviewer: ReviewerId) -> String {
    format!("{application}#{reviewer}")
}

fn to_item(r: &CaseReview) -> Result<Item, StoreError> {
    let scores = serde_json::to_string(&r.scores).map_err(StoreError::failed)?;
    Ok(HashMap::from([
        (PK.to_string(), string_value(round_pk(r.round))),
        (
            SK.to_string(),
            string_value(pair_sk(r.application, r.reviewer)),
        ),
        ("round".to_string(), number_value(r.round)),
        (
            "application".to_string(),
            string_value(r.application.to_string()),
        ),
        ("reviewer".to_string(), string_value(r.reviewer.to_string())),
        ("scores".to_string(), string_value(scores)),
        ("comment".to_string(), string_value(r.comment.clone())),
        (
            "submitted".to_string(),
            aws_sdk_dynamodb::types::AttributeValue::Bool(r.submitted),
        ),
        ("version".to_string(), number_value(r.version)),
        (
            "updated_at".to_string(),
            string_value(r.updated_at.to_string()),
        ),
    ]))
}

fn from_item(item: &Item) -> Result<CaseReview, StoreError> {
    let f = Fields {
        item,
        kind: "review",
    };
    Ok(CaseReview {
        round: f.parsed("round")?,
        application: ApplicationId::parse(f.text("application")?)
            .ok_or_else(|| f.corrupt("application"))?,
        reviewer: ReviewerId::parse(f.text("reviewer")?).ok_or_else(|| f.corrupt("reviewer"))?,
        scores: serde_json::from_str(f.text("scores")?).map_err(|_| f.corrupt("scores"))?,
        // An empty comment is kept as an empty string attribute.
        comment: f.optional_text("comment").unwrap_or_default().to_string(),
        submitted: item
            .get("submitted")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
        version: f.parsed("version")?,
        updated_at: f.parsed("updated_at")?,
    })
}

#[async_trait]
impl ReviewStore for DynamoStore {
    async fn get_review(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
    ) -> Result<Option<CaseReview>, StoreError> {
        let out = self
            .item(round_pk(round), pair_sk(application, reviewer))
            .await?;
        out.as_ref().map(from_item).transpose()
    }

    async fn save_review(
        &self,
        review: &CaseReview,
        expected: Option<u64>,
    ) -> Result<(), StoreError> {
        self.put_over_version(to_item(review)?, expected).await
    }

    async fn list_round_reviews(&self, round: u8) -> Result<Vec<CaseReview>, StoreError> {
        let values = HashMap::from([(":pk".to_string(), string_value(round_pk(round)))]);
        let items = self.query_all(None, "pk = :pk", values).await?;
        items.iter().map(from_item).collect()
    }
}
