//! The questions the bot could not answer, in one DynamoDB partition sorted by time.

use async_trait::async_trait;
use casebook_domain::{Lang, QuestionAnswered, QuestionStore, StoreError, UnansweredQuestion};
use jiff::Timestamp;
use std::collections::HashMap;

use super::{DynamoStore, Fields, conditional_update, sortable_ms, string_value};
use crate::table::{PK, SK};

/// The partition that keeps unanswered questions, sorted by time (a few hundred a season).
const QUESTIONS: &str = "QUESTIONS";

#[async_trait]
impl QuestionStore for DynamoStore {
    async fn record_question(&self, q: &UnansweredQuestion) -> Result<(), StoreError> {
        let item = super::fields([
            (PK, string_value(QUESTIONS)),
            (SK, string_value(question_sk(q))),
            ("id", string_value(&q.id)),
            ("channel", string_value(&q.channel)),
            ("lang", string_value(q.lang.code())),
            ("text", string_value(&q.text)),
            ("asked_at", string_value(q.asked_at.to_string())),
        ]);
        let mut item = item;
        if let Some(chat) = &q.chat {
            item.insert("chat".into(), string_value(chat));
        }
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
                let answered = match f.optional_parsed("answered_at")? {
                    Some(at) => Some(QuestionAnswered {
                        at,
                        by: f.text("answered_by")?.to_string(),
                        reply: f.optional_text("reply").map(str::to_string),
                    }),
                    None => None,
                };
                Ok(UnansweredQuestion {
                    id: f.text("id")?.to_string(),
                    channel: f.text("channel")?.to_string(),
                    chat: f.optional_text("chat").map(str::to_string),
                    // Questions kept before the language was read as English.
                    lang: f.optional_text("lang").map_or(Lang::En, Lang::from_tag),
                    text: f.text("text")?.to_string(),
                    asked_at: f.parsed("asked_at")?,
                    answered,
                })
            })
            .collect()
    }

    async fn mark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError> {
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, string_value(QUESTIONS))
            .key(SK, string_value(question_sk(question)))
            .condition_expression("attribute_exists(pk) AND attribute_not_exists(answered_at)")
            .expression_attribute_values(":at", string_value(answered.at.to_string()))
            .expression_attribute_values(":by", string_value(&answered.by));
        request = match &answered.reply {
            Some(reply) => request
                .update_expression("SET answered_at = :at, answered_by = :by, reply = :reply")
                .expression_attribute_values(":reply", string_value(reply)),
            None => request.update_expression("SET answered_at = :at, answered_by = :by"),
        };
        conditional_update(request.send().await)
    }

    async fn unmark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, string_value(QUESTIONS))
            .key(SK, string_value(question_sk(question)))
            .update_expression("REMOVE answered_at, answered_by, reply")
            .condition_expression("answered_at = :at AND answered_by = :by")
            .expression_attribute_values(":at", string_value(answered.at.to_string()))
            .expression_attribute_values(":by", string_value(&answered.by))
            .send()
            .await;
        conditional_update(result)
    }
}

/// A question's sort key: when it was asked, then its id.
fn question_sk(q: &UnansweredQuestion) -> String {
    format!("{}#{}", sortable_ms(q.asked_at), q.id)
}
