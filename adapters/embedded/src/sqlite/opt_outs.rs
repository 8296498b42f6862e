//! Opt-outs from reminders in SQLite: one row per address hash, recorded once.

use async_trait::async_trait;
use casebook_domain::{OptOutStore, StoreError};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, backend};

#[async_trait]
impl OptOutStore for SqliteStore {
    async fn opt_out(&self, key: &str, at: Timestamp) -> Result<(), StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO opt_outs (key, at_ms) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                params![key, at.as_millisecond()],
            )
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }

    async fn is_opted_out(&self, key: &str) -> Result<bool, StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            conn.query_row("SELECT 1 FROM opt_outs WHERE key = ?1", [key], |_| Ok(()))
                .optional()
                .map(|row| row.is_some())
                .map_err(backend)
        })
        .await
    }
}
