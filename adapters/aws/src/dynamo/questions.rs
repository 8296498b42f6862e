//! The questions the bot could not answer, in one DynamoDB partition sorted by time.

use async_trait::async_trait;
use casebook_domain::{QuestionStore, StoreError, UnansweredQuestion};
use jiff::Timestamp;
use std::collections::HashMap;

use super::{DynamoStore, Fields, sortable_ms, string_value};
use crate::table::{PK, SK};

/// The partition that keeps unanswered questions, sorted by time (a few hundred a season).
const QUESTIONS: &str = "QUESTIONS";

#[async_trait]
impl QuestionStore for DynamoStore {
    async fn record_question(&self, q: &UnansweredQuestion) -> Result<(), StoreError> {
        let item = super::fields([
            (PK, string_value(QUESTIONS)),
            (
                SK,
                string_value(format!("{}#{}", sortable_ms(q.asked_at), q.id)),
            ),
            ("id", string_value(&q.id)),
            ("channel", string_value(&q.channel)),
            ("text", string_value(&q.text)),
            ("asked_at", string_value(q.asked_at.to_string())),
        ]);
        self.put_new(item, StoreError::AlreadyExists).await
    }

    async fn list_questions(
        &self,
        since: Timestamp,
    ) -> Result<Vec<UnansweredQuestion>, StoreError> {
        let values = HashMap::from([
            (":pk".to_string(), string_value(QUESTIONS)),
            (":since".to_string(), string_value(sortable_ms(since))),
        ]);
        let items = self
            .query_all(None, "pk = :pk AND sk >= :since", values)
            .await?;
        items
            .iter()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "question",
                };
                Ok(UnansweredQuestion {
                    id: f.text("id")?.to_string(),
                    channel: f.text("channel")?.to_string(),
                    text: f.text("text")?.to_string(),
                    asked_at: f.parsed("asked_at")?,
                })
            })
            .collect()
    }
}
