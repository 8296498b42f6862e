//! One-time link codes in SQLite: each is taken once, by one statement.

use async_trait::async_trait;
use casebook_domain::{LinkCodeStore, StoreError};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, backend, is_constraint};

#[async_trait]
impl LinkCodeStore for SqliteStore {
    async fn create_link_code(
        &self,
        code: &str,
        payload: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let (code, payload) = (code.to_string(), payload.to_string());
        self.with_conn(move |conn| {
            match conn.execute(
                "INSERT INTO link_codes (code, payload, expires_ms) VALUES (?1, ?2, ?3)",
                params![code, payload, expires_at.as_millisecond()],
            ) {
                Ok(_) => Ok(()),
                Err(e) if is_constraint(&e) => Err(StoreError::AlreadyExists),
                Err(e) => Err(backend(e)),
            }
        })
        .await
    }

    async fn take_link_code(
        &self,
        code: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        let code = code.to_string();
        self.with_conn(move |conn| {
            // One statement deletes and returns: only one caller ever gets the payload.
            conn.query_row(
                "DELETE FROM link_codes WHERE code = ?1 RETURNING payload, expires_ms",
                [code],
                |r| {
                    Ok((
                        r.get::<_, String>("payload")?,
                        r.get::<_, i64>("expires_ms")?,
                    ))
                },
            )
            .optional()
            .map_err(backend)
            .map(|row| {
                row.filter(|(_, expires)| now.as_millisecond() < *expires)
                    .map(|(payload, _)| payload)
            })
        })
        .await
    }
}
