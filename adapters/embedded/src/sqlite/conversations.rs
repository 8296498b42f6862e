//! The bot's saved conversations, and the leases that let an update or a turn be taken once.

use async_trait::async_trait;
use casebook_domain::{DialogueStore, LeaseKey, Leases, SavedDialogue, StoreError};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, backend, is_constraint, signed, unsigned};

#[async_trait]
impl DialogueStore for SqliteStore {
    async fn load_dialogue(&self, key: &str) -> Result<Option<SavedDialogue>, StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            let row: Option<(String, i64, String)> = conn
                .query_row(
                    "SELECT state, version, updated_at FROM dialogues WHERE key = ?1",
                    [&key],
                    |r| Ok((r.get("state")?, r.get("version")?, r.get("updated_at")?)),
                )
                .optional()
                .map_err(backend)?;
            row.map(|(json, version, updated_at)| {
                Ok(SavedDialogue {
                    json,
                    version: unsigned(version)?,
                    updated_at: updated_at.parse().map_err(backend)?,
                })
            })
            .transpose()
        })
        .await
    }

    async fn save_dialogue(
        &self,
        key: &str,
        json: &str,
        expected: Option<u64>,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let (key, json, at) = (key.to_string(), json.to_string(), at.to_string());
        self.with_conn(move |conn| {
            let next = expected.unwrap_or(0) + 1;
            let next_i = signed(next)?;
            let changed = match expected {
                None => match conn.execute(
                    "INSERT INTO dialogues (key, state, version, updated_at) VALUES (?1, ?2, ?3, ?4)",
                    params![key, json, next_i, at],
                ) {
                    Err(e) if is_constraint(&e) => return Err(StoreError::Conflict),
                    other => other.map_err(backend)?,
                },
                Some(v) => conn
                    .execute(
                        "UPDATE dialogues SET state = ?2, version = ?3, updated_at = ?4 WHERE key = ?1 AND version = ?5",
                        params![key, json, next_i, at, signed(v)?],
                    )
                    .map_err(backend)?,
            };
            if changed == 1 { Ok(next) } else { Err(StoreError::Conflict) }
        })
        .await
    }
}

#[async_trait]
impl Leases for SqliteStore {
    async fn take_lease(
        &self,
        key: &LeaseKey,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<bool, StoreError> {
        let (key, at) = (key.to_string(), now.to_string());
        let (now_ms, lease_ms) = (now.as_millisecond(), lease_until.as_millisecond());
        self.with_conn(move |conn| {
            // New, or held by a taker whose lease ran out: one statement, so two callers
            // can never both take it. A finished update has no lease and is never taken.
            conn.execute(
                "INSERT INTO processed_updates (key, taken_at, lease_until_ms) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (key) DO UPDATE SET taken_at = excluded.taken_at, \
                 lease_until_ms = excluded.lease_until_ms \
                 WHERE processed_updates.lease_until_ms IS NOT NULL \
                 AND processed_updates.lease_until_ms <= ?4",
                params![key, at, lease_ms, now_ms],
            )
            .map(|changed| changed == 1)
            .map_err(backend)
        })
        .await
    }

    async fn finish_lease(&self, key: &LeaseKey) -> Result<(), StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            conn.execute(
                "UPDATE processed_updates SET lease_until_ms = NULL WHERE key = ?1",
                params![key],
            )
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }

    async fn finish_lease_with(&self, key: &LeaseKey, answer: &str) -> Result<(), StoreError> {
        let (key, answer) = (key.to_string(), answer.to_string());
        self.with_conn(move |conn| {
            conn.execute(
                "UPDATE processed_updates SET lease_until_ms = NULL, answer = ?2 WHERE key = ?1",
                params![key, answer],
            )
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }

    async fn finished_answer(&self, key: &LeaseKey) -> Result<Option<String>, StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            conn.query_row(
                "SELECT answer FROM processed_updates WHERE key = ?1 AND lease_until_ms IS NULL",
                params![key],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(backend)
        })
        .await
    }

    async fn release_lease(&self, key: &LeaseKey) -> Result<(), StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            conn.execute("DELETE FROM processed_updates WHERE key = ?1", params![key])
                .map(|_| ())
                .map_err(backend)
        })
        .await
    }
}
