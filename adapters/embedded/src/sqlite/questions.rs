//! The questions the bot could not answer, in SQLite.

use async_trait::async_trait;
use casebook_domain::{Lang, QuestionAnswered, QuestionStore, StoreError, UnansweredQuestion};
use jiff::Timestamp;
use rusqlite::params;

use super::{SqliteStore, backend, is_constraint};

#[async_trait]
impl QuestionStore for SqliteStore {
    async fn record_question(&self, q: &UnansweredQuestion) -> Result<(), StoreError> {
        let q = q.clone();
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO questions (id, channel, chat, lang, text, asked_at, asked_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![q.id, q.channel, q.chat, q.lang.code(), q.text, q.asked_at.to_string(), q.asked_at.as_millisecond()],
            )
            .map_err(|e| if is_constraint(&e) { StoreError::AlreadyExists } else { backend(e) })?;
            Ok(())
        })
        .await
    }

    async fn list_questions(
        &self,
        since: Timestamp,
    ) -> Result<Vec<UnansweredQuestion>, StoreError> {
        self.with_conn(move |conn| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT id, channel, chat, lang, text, asked_at, answered_at, answered_by, reply FROM questions WHERE asked_ms >= ?1 ORDER BY asked_ms, id",
                )
                .map_err(backend)?;
            let rows = stmt
                .query_map([since.as_millisecond()], |r| {
                    Ok((
                        (r.get::<_, String>("id")?, r.get::<_, String>("channel")?, r.get::<_, Option<String>>("chat")?),
                        (r.get::<_, String>("lang")?, r.get::<_, String>("text")?, r.get::<_, String>("asked_at")?),
                        (r.get::<_, Option<String>>("answered_at")?, r.get::<_, Option<String>>("answered_by")?, r.get::<_, Option<String>>("reply")?),
                    ))
                })
                .map_err(backend)?;
            rows.map(|row| {
                let ((id, channel, chat), (lang, text, asked_at), (answered_at, by, reply)) =
                    row.map_err(backend)?;
                let answered = match (answered_at, by) {
                    (Some(at), Some(by)) => Some(QuestionAnswered { at: at.parse().map_err(backend)?, by, reply }),
                    _ => None,
                };
                Ok(UnansweredQuestion {
                    id,
                    channel,
                    chat,
                    lang: Lang::from_tag(&lang),
                    text,
                    asked_at: asked_at.parse().map_err(backend)?,
                    answered,
                })
            })
            .collect()
        })
        .await
    }

    async fn mark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError> {
        let (id, answered) = (question.id.clone(), answered.clone());
        self.with_conn(move |conn| {
            let changed = conn
                .execute(
                    "UPDATE questions SET answered_at = ?2, answered_by = ?3, reply = ?4 WHERE id = ?1 AND answered_at IS NULL",
                    params![id, answered.at.to_string(), answered.by, answered.reply],
                )
                .map_err(backend)?;
            if changed == 1 { Ok(()) } else { Err(StoreError::Conflict) }
        })
        .await
    }

    async fn unmark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError> {
        let (id, answered) = (question.id.clone(), answered.clone());
        self.with_conn(move |conn| {
            let changed = conn
                .execute(
                    "UPDATE questions SET answered_at = NULL, answered_by = NULL, reply = NULL WHERE id = ?1 AND answered_at = ?2 AND answered_by = ?3",
                    params![id, answered.at.to_string(), answered.by],
                )
                .map_err(backend)?;
            if changed == 1 { Ok(()) } else { Err(StoreError::Conflict) }
        })
        .await
    }
}
