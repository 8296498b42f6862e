//! The questions the bot could not answer, in SQLite.

use async_trait::async_trait;
use casebook_domain::{QuestionStore, StoreError, UnansweredQuestion};
use jiff::Timestamp;
use rusqlite::params;

use super::{SqliteStore, backend, is_constraint};

#[async_trait]
impl QuestionStore for SqliteStore {
    async fn record_question(&self, q: &UnansweredQuestion) -> Result<(), StoreError> {
        let q = q.clone();
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO questions (id, channel, text, asked_at, asked_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![q.id, q.channel, q.text, q.asked_at.to_string(), q.asked_at.as_millisecond()],
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
                    "SELECT id, channel, text, asked_at FROM questions WHERE asked_ms >= ?1 ORDER BY asked_ms, id",
                )
                .map_err(backend)?;
            let rows = stmt
                .query_map([since.as_millisecond()], |r| {
                    Ok((r.get::<_, String>("id")?, r.get::<_, String>("channel")?, r.get::<_, String>("text")?, r.get::<_, String>("asked_at")?))
                })
                .map_err(backend)?;
            rows.map(|row| {
                let (id, channel, text, asked_at) = row.map_err(backend)?;
                Ok(UnansweredQuestion { id, channel, text, asked_at: asked_at.parse().map_err(backend)? })
            })
            .collect()
        })
        .await
    }
}
