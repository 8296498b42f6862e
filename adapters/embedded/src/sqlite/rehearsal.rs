//! The rehearsal clock in SQLite: one row, or none when the call runs on the real clock.

use async_trait::async_trait;
use casebook_domain::{Rehearsal, RehearsalStore, StoreError};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, backend};

#[async_trait]
impl RehearsalStore for SqliteStore {
    async fn rehearsal(&self) -> Result<Option<Rehearsal>, StoreError> {
        self.with_conn(|conn| {
            let row: Option<(i64, i64)> = conn
                .query_row(
                    "SELECT at_ms, set_at_ms FROM rehearsal WHERE id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            row.map(|(at, set_at)| {
                let time = |ms| {
                    Timestamp::from_millisecond(ms)
                        .map_err(|_| StoreError::Corrupt("a rehearsal time out of range".into()))
                };
                Ok(Rehearsal {
                    at: time(at)?,
                    set_at: time(set_at)?,
                })
            })
            .transpose()
        })
        .await
    }

    async fn set_rehearsal(&self, rehearsal: Option<Rehearsal>) -> Result<(), StoreError> {
        self.with_conn(move |conn| {
            match rehearsal {
                Some(r) => conn.execute(
                    "INSERT INTO rehearsal (id, at_ms, set_at_ms) VALUES (1, ?1, ?2) \
                     ON CONFLICT (id) DO UPDATE SET at_ms = ?1, set_at_ms = ?2",
                    params![r.at.as_millisecond(), r.set_at.as_millisecond()],
                ),
                None => conn.execute("DELETE FROM rehearsal", []),
            }
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }
}
