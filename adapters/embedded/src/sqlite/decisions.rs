//! Round closings and the audit log in SQLite: a closing saved over its version, log
//! entries inserted once under their time-sortable id.

use async_trait::async_trait;
use casebook_domain::decision::{AuditEntry, RoundClosing};
use casebook_domain::{DecisionStore, StoreError};
use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, backend, is_constraint, signed};

#[async_trait]
impl DecisionStore for SqliteStore {
    async fn get_round_closing(
        &self,
        year: i16,
        round: u8,
    ) -> Result<Option<RoundClosing>, StoreError> {
        self.with_conn(move |conn| {
            let row = conn
                .query_row(
                    "SELECT closed, version, changed_at, changed_by FROM round_closings WHERE year = ?1 AND round = ?2",
                    [i64::from(year), i64::from(round)],
                    |row| {
                        Ok((
                            row.get::<_, i64>(0)?,
                            row.get::<_, i64>(1)?,
                            row.get::<_, String>(2)?,
                            row.get::<_, String>(3)?,
                        ))
                    },
                )
                .optional()
                .map_err(backend)?;
            row.map(|(closed, version, at, by)| {
                Ok(RoundClosing {
                    year,
                    round,
                    closed: closed != 0,
                    version: u64::try_from(version).map_err(backend)?,
                    changed_at: at.parse().map_err(backend)?,
                    changed_by: by,
                })
            })
            .transpose()
        })
        .await
    }

    async fn save_round_closing(
        &self,
        closing: &RoundClosing,
        expected: Option<u64>,
    ) -> Result<(), StoreError> {
        let closing = closing.clone();
        let version = signed(closing.version)?;
        let expected = expected.map(signed).transpose()?;
        self.with_conn(move |conn| {
            let values = params![
                i64::from(closing.year),
                i64::from(closing.round),
                i64::from(closing.closed),
                version,
                closing.changed_at.to_string(),
                closing.changed_by,
            ];
            let changed = match expected {
                None => match conn.execute(
                    "INSERT INTO round_closings (year, round, closed, version, changed_at, changed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    values,
                ) {
                    Err(e) if is_constraint(&e) => return Err(StoreError::Conflict),
                    other => other.map_err(backend)?,
                },
                Some(v) => conn
                    .execute(
                        "UPDATE round_closings SET closed = ?3, version = ?4, changed_at = ?5, changed_by = ?6 WHERE year = ?1 AND round = ?2 AND version = ?7",
                        params![
                            i64::from(closing.year),
                            i64::from(closing.round),
                            i64::from(closing.closed),
                            version,
                            closing.changed_at.to_string(),
                            closing.changed_by,
                            v
                        ],
                    )
                    .map_err(backend)?,
            };
            if changed == 1 {
                Ok(())
            } else {
                Err(StoreError::Conflict)
            }
        })
        .await
    }

    async fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let id = entry.id.clone();
        let json = serde_json::to_string(entry).map_err(backend)?;
        self.with_conn(move |conn| {
            match conn.execute(
                "INSERT INTO audit_log (id, entry) VALUES (?1, ?2)",
                params![id, json],
            ) {
                Err(e) if is_constraint(&e) => Err(StoreError::AlreadyExists),
                other => other.map(|_| ()).map_err(backend),
            }
        })
        .await
    }

    async fn list_audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.with_conn(move |conn| {
            let mut statement = conn
                .prepare("SELECT entry FROM audit_log ORDER BY id")
                .map_err(backend)?;
            let rows = statement
                .query_map([], |row| row.get::<_, String>(0))
                .map_err(backend)?;
            rows.map(|row| {
                let json = row.map_err(backend)?;
                serde_json::from_str(&json).map_err(backend)
            })
            .collect()
        })
        .await
    }

    async fn last_audit(&self) -> Result<Option<AuditEntry>, StoreError> {
        self.with_conn(move |conn| {
            let json: Option<String> = conn
                .query_row(
                    "SELECT entry FROM audit_log ORDER BY id DESC LIMIT 1",
                    [],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            json.map(|j| serde_json::from_str(&j).map_err(backend))
                .transpose()
        })
        .await
    }
}
