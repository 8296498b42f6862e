//! The store on a SQLite file (WAL mode), shared safely by several processes on one
//! machine (`casebook serve` and `casebook chat`). Migrations are compiled in and applied
//! when the store opens.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use casebook_core::application::ApplicationContent;
use casebook_core::{
    Application, ApplicationId, ApplicationStore, Attachment, AttachmentId, AttachmentStatus,
    Confirmation, Owner, Reference, Status, StoreError, TokenHash,
};
use casebook_core::{SavedDialogue, UnansweredQuestion};
use jiff::Timestamp;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, params};

/// Migrations in order; the database's `user_version` says how many are applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_applications.sql"),
    include_str!("../migrations/0002_attachments.sql"),
    include_str!("../migrations/0003_dialogues.sql"),
    include_str!("../migrations/0004_questions.sql"),
    include_str!("../migrations/0005_processed_updates.sql"),
    include_str!("../migrations/0006_link_codes.sql"),
    include_str!("../migrations/0007_confirmations.sql"),
    include_str!("../migrations/0008_update_leases.sql"),
    include_str!("../migrations/0009_owners.sql"),
];

const FILE_NAME: &str = "casebook.sqlite";

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the data directory {path}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot apply migration {number} to {path}")]
    Migrate {
        path: PathBuf,
        number: usize,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} was written by a newer casebook (schema {found}, this one knows {known})"
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },
}

/// The SQLite-backed store. Cheap to clone; all clones share one connection.
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (creating if needed) the database in `data_dir`, and migrates it.
    pub fn open_dir(data_dir: &Path) -> Result<SqliteStore, OpenError> {
        std::fs::create_dir_all(data_dir).map_err(|source| OpenError::CreateDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        SqliteStore::open_file(&data_dir.join(FILE_NAME))
    }

    pub fn open_file(path: &Path) -> Result<SqliteStore, OpenError> {
        let open_err = |source| OpenError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        // Another process may hold the write lock for a moment: wait rather than fail.
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        migrate(&mut conn, path)?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the connection on a blocking thread, so SQLite never stalls the
    /// async runtime.
    async fn with_conn<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("store task failed: {e}")))?
    }
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), OpenError> {
    let migrate_err = |number, source| OpenError::Migrate {
        path: path.to_path_buf(),
        number,
        source,
    };
    // Take the write lock first, so two processes starting together migrate once.
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| migrate_err(0, e))?;
    let applied: usize = tx
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(|e| migrate_err(0, e))?
        .try_into()
        .unwrap_or(0);
    if applied > MIGRATIONS.len() {
        return Err(OpenError::TooNew {
            path: path.to_path_buf(),
            found: applied,
            known: MIGRATIONS.len(),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        tx.execute_batch(sql).map_err(|e| migrate_err(i + 1, e))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(|e| migrate_err(i + 1, e))?;
        tracing::info!(migration = i + 1, "applied database migration");
    }
    tx.commit().map_err(|e| migrate_err(applied, e))
}

/// Replaces an application row if its version is still `expected`.
fn update_app_row(conn: &Connection, values: &AppValues, expected: i64) -> Result<(), StoreError> {
    let sql = "UPDATE applications SET campaign = ?2, reference = ?3, status = ?4, version = ?5, \
               created_at = ?6, updated_at = ?7, submitted_at = ?8, content = ?9, edit_token_hash = ?10, \
               confirmation = ?11, owners = ?12 WHERE id = ?1 AND version = ?13";
    let mut params: Vec<&dyn rusqlite::ToSql> = values
        .iter()
        .map(|v| v.as_ref() as &dyn rusqlite::ToSql)
        .collect();
    params.push(&expected);
    match conn.execute(sql, params.as_slice()) {
        Ok(1) => Ok(()),
        Ok(_) => Err(StoreError::Conflict),
        // A reference already taken: the allocation guarantees this never happens, and the
        // unique index makes sure of it.
        Err(e) if is_constraint(&e) => Err(StoreError::Conflict),
        Err(e) => Err(backend(e)),
    }
}

type AppValues = [Box<dyn rusqlite::ToSql + Send>; 12];

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation)
}

const COLUMNS: &str = "id, campaign, reference, status, version, created_at, updated_at, submitted_at, content, edit_token_hash, confirmation, owners";

struct AppRow {
    id: String,
    campaign: i64,
    reference: Option<String>,
    status: String,
    version: i64,
    created_at: String,
    updated_at: String,
    submitted_at: Option<String>,
    content: String,
    edit_token_hash: String,
    confirmation: Option<String>,
    owners: Option<String>,
}

impl AppRow {
    fn read(r: &Row<'_>) -> rusqlite::Result<AppRow> {
        Ok(AppRow {
            id: r.get(0)?,
            campaign: r.get(1)?,
            reference: r.get(2)?,
            status: r.get(3)?,
            version: r.get(4)?,
            created_at: r.get(5)?,
            updated_at: r.get(6)?,
            submitted_at: r.get(7)?,
            content: r.get(8)?,
            edit_token_hash: r.get(9)?,
            confirmation: r.get(10)?,
            owners: r.get(11)?,
        })
    }

    fn into_application(self) -> Result<Application, StoreError> {
        let corrupt = |what: &str| {
            StoreError::Backend(format!("stored application {} has a bad {what}", self.id))
        };
        let ts = |s: &str, what: &str| s.parse().map_err(|_| corrupt(what));
        Ok(Application {
            id: ApplicationId::parse(&self.id).ok_or_else(|| corrupt("id"))?,
            campaign: i16::try_from(self.campaign).map_err(|_| corrupt("campaign"))?,
            reference: self.reference.clone().map(Reference::from_stored),
            status: Status::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            version: u64::try_from(self.version).map_err(|_| corrupt("version"))?,
            created_at: ts(&self.created_at, "created_at")?,
            updated_at: ts(&self.updated_at, "updated_at")?,
            submitted_at: self
                .submitted_at
                .as_deref()
                .map(|s| ts(s, "submitted_at"))
                .transpose()?,
            content: serde_json::from_str::<ApplicationContent>(&self.content)
                .map_err(|_| corrupt("content"))?,
            owners: match &self.owners {
                Some(json) => serde_json::from_str::<Vec<String>>(json)
                    .ok()
                    .and_then(|list| list.iter().map(|o| Owner::parse_stored(o)).collect())
                    .ok_or_else(|| corrupt("owners"))?,
                // Written before owners were kept: the one edit token.
                None => vec![Owner::Token(
                    TokenHash::from_hex(&self.edit_token_hash)
                        .ok_or_else(|| corrupt("token hash"))?,
                )],
            },
            confirmation: self
                .confirmation
                .as_deref()
                .map(|c| Confirmation::parse_stored(c).ok_or_else(|| corrupt("confirmation")))
                .transpose()?,
        })
    }
}

/// The values bound for an insert or update, in `COLUMNS` order.
fn values(app: &Application) -> Result<AppValues, StoreError> {
    Ok([
        Box::new(app.id.to_string()),
        Box::new(i64::from(app.campaign)),
        Box::new(app.reference.as_ref().map(|r| r.as_str().to_string())),
        Box::new(app.status.as_str()),
        Box::new(i64::try_from(app.version).map_err(backend)?),
        Box::new(app.created_at.to_string()),
        Box::new(app.updated_at.to_string()),
        Box::new(app.submitted_at.map(|t| t.to_string())),
        Box::new(serde_json::to_string(&app.content).map_err(backend)?),
        // The first token's hash, for an older casebook reading this database.
        Box::new(
            app.owners
                .iter()
                .find_map(|o| match o {
                    Owner::Token(hash) => Some(hash.to_hex()),
                    Owner::Chat(_) => None,
                })
                .unwrap_or_default(),
        ),
        Box::new(app.confirmation.map(Confirmation::to_stored)),
        Box::new(
            serde_json::to_string(&app.owners.iter().map(Owner::to_stored).collect::<Vec<_>>())
                .map_err(backend)?,
        ),
    ])
}

const ATTACHMENT_COLUMNS: &str = "id, application, campaign, filename, content_type, size, status, reason, \
                                  version, created_at, upload_expires_at, upload_expires_ms, uploaded";

fn read_attachment(r: &Row<'_>) -> rusqlite::Result<Result<Attachment, StoreError>> {
    let id: String = r.get(0)?;
    let application: String = r.get(1)?;
    let campaign: i64 = r.get(2)?;
    let status: String = r.get(6)?;
    let reason: Option<String> = r.get(7)?;
    let version: i64 = r.get(8)?;
    let created_at: String = r.get(9)?;
    let upload_expires_at: String = r.get(10)?;
    let size: i64 = r.get(5)?;
    let uploaded: i64 = r.get(12)?;
    let (filename, content_type): (String, String) = (r.get(3)?, r.get(4)?);
    let corrupt =
        |what: &str| StoreError::Backend(format!("stored attachment {id} has a bad {what}"));
    Ok((|| {
        Ok(Attachment {
            id: AttachmentId::parse(&id).ok_or_else(|| corrupt("id"))?,
            application: ApplicationId::parse(&application)
                .ok_or_else(|| corrupt("application"))?,
            campaign: i16::try_from(campaign).map_err(|_| corrupt("campaign"))?,
            filename,
            content_type,
            size: u64::try_from(size).map_err(|_| corrupt("size"))?,
            status: AttachmentStatus::parse(&status).ok_or_else(|| corrupt("status"))?,
            reason: reason
                .map(|r| serde_json::from_str(&r))
                .transpose()
                .map_err(|_| corrupt("reason"))?,
            version: u64::try_from(version).map_err(|_| corrupt("version"))?,
            created_at: created_at.parse().map_err(|_| corrupt("created_at"))?,
            upload_expires_at: upload_expires_at
                .parse()
                .map_err(|_| corrupt("upload_expires_at"))?,
            uploaded: uploaded != 0,
        })
    })())
}

fn attachment_values(a: &Attachment) -> Result<[Box<dyn rusqlite::ToSql + Send>; 13], StoreError> {
    let reason = a
        .reason
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(backend)?;
    Ok([
        Box::new(a.id.to_string()),
        Box::new(a.application.to_string()),
        Box::new(i64::from(a.campaign)),
        Box::new(a.filename.clone()),
        Box::new(a.content_type.clone()),
        Box::new(i64::try_from(a.size).map_err(backend)?),
        Box::new(a.status.as_str()),
        Box::new(reason),
        Box::new(i64::try_from(a.version).map_err(backend)?),
        Box::new(a.created_at.to_string()),
        Box::new(a.upload_expires_at.to_string()),
        Box::new(a.upload_expires_at.as_millisecond()),
        Box::new(i64::from(a.uploaded)),
    ])
}

fn as_params<const N: usize>(
    values: &[Box<dyn rusqlite::ToSql + Send>; N],
) -> Vec<&dyn rusqlite::ToSql> {
    values
        .iter()
        .map(|v| v.as_ref() as &dyn rusqlite::ToSql)
        .collect()
}

fn collect_attachments(
    rows: Vec<Result<Attachment, StoreError>>,
) -> Result<Vec<Attachment>, StoreError> {
    rows.into_iter().collect()
}

#[async_trait]
impl ApplicationStore for SqliteStore {
    async fn insert_application(&self, app: &Application) -> Result<(), StoreError> {
        let values = values(app)?;
        self.with_conn(move |conn| {
            let sql = format!("INSERT INTO applications ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
            let params: Vec<&dyn rusqlite::ToSql> = values.iter().map(|v| v.as_ref() as &dyn rusqlite::ToSql).collect();
            match conn.execute(&sql, params.as_slice()) {
                Ok(_) => Ok(()),
                Err(e) if is_constraint(&e) => Err(StoreError::AlreadyExists),
                Err(e) => Err(backend(e)),
            }
        })
        .await
    }

    async fn get_application(&self, id: ApplicationId) -> Result<Option<Application>, StoreError> {
        let row = self
            .with_conn(move |conn| {
                conn.query_row(
                    &format!("SELECT {COLUMNS} FROM applications WHERE id = ?1"),
                    [id.to_string()],
                    AppRow::read,
                )
                .optional()
                .map_err(backend)
            })
            .await?;
        row.map(AppRow::into_application).transpose()
    }

    async fn update_application(
        &self,
        app: &Application,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let values = values(app)?;
        let expected = i64::try_from(expected_version).map_err(backend)?;
        self.with_conn(move |conn| update_app_row(conn, &values, expected))
            .await
    }

    async fn list_applications(
        &self,
        campaign: i16,
        status: Option<Status>,
    ) -> Result<Vec<Application>, StoreError> {
        let rows = self
            .with_conn(move |conn| {
                let sql = format!(
                    "SELECT {COLUMNS} FROM applications WHERE campaign = ?1 AND (?2 IS NULL OR status = ?2) ORDER BY id"
                );
                let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
                let rows = stmt
                    .query_map(params![i64::from(campaign), status.map(Status::as_str)], AppRow::read)
                    .map_err(backend)?;
                rows.collect::<Result<Vec<_>, _>>().map_err(backend)
            })
            .await?;
        rows.into_iter().map(AppRow::into_application).collect()
    }

    async fn list_unconfirmed(&self, campaign: i16) -> Result<Vec<Application>, StoreError> {
        let rows = self
            .with_conn(move |conn| {
                let sql = format!(
                    "SELECT {COLUMNS} FROM applications WHERE campaign = ?1 \
                     AND confirmation IS NOT NULL AND confirmation NOT LIKE 'sent:%'"
                );
                let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
                let rows = stmt
                    .query_map(params![i64::from(campaign)], AppRow::read)
                    .map_err(backend)?;
                rows.collect::<Result<Vec<_>, _>>().map_err(backend)
            })
            .await?;
        rows.into_iter().map(AppRow::into_application).collect()
    }

    async fn next_reference_number(&self, series: &str) -> Result<u64, StoreError> {
        let series = series.to_string();
        self.with_conn(move |conn| {
            let last: i64 = conn
                .query_row(
                    "INSERT INTO reference_counters (series, last) VALUES (?1, 1) \
                     ON CONFLICT (series) DO UPDATE SET last = last + 1 RETURNING last",
                    params![series],
                    |r| r.get(0),
                )
                .map_err(backend)?;
            u64::try_from(last).map_err(backend)
        })
        .await
    }

    async fn add_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        attachment: &Attachment,
    ) -> Result<(), StoreError> {
        let app_values = values(app)?;
        let att_values = attachment_values(attachment)?;
        let expected = i64::try_from(expected_app_version).map_err(backend)?;
        self.with_conn(move |conn| {
            let tx = conn.transaction().map_err(backend)?;
            update_app_row(&tx, &app_values, expected)?;
            tx.execute(
                &format!("INSERT INTO attachments ({ATTACHMENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
                as_params(&att_values).as_slice(),
            )
            .map_err(|e| if is_constraint(&e) { StoreError::AlreadyExists } else { backend(e) })?;
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn get_attachment(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Option<Attachment>, StoreError> {
        self.with_conn(move |conn| {
            conn.query_row(
                &format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE application = ?1 AND id = ?2"),
                [app.to_string(), id.to_string()],
                read_attachment,
            )
            .optional()
            .map_err(backend)?
            .transpose()
        })
        .await
    }

    async fn list_attachments(&self, app: ApplicationId) -> Result<Vec<Attachment>, StoreError> {
        self.with_conn(move |conn| {
            let mut stmt = conn
                .prepare_cached(&format!(
                    "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE application = ?1 ORDER BY created_at, id"
                ))
                .map_err(backend)?;
            let rows = stmt.query_map([app.to_string()], read_attachment).map_err(backend)?;
            collect_attachments(rows.collect::<Result<Vec<_>, _>>().map_err(backend)?)
        })
        .await
    }

    async fn update_attachment(
        &self,
        attachment: &Attachment,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let values = attachment_values(attachment)?;
        let expected = i64::try_from(expected_version).map_err(backend)?;
        self.with_conn(move |conn| {
            let sql = "UPDATE attachments SET application = ?2, campaign = ?3, filename = ?4, content_type = ?5, \
                       size = ?6, status = ?7, reason = ?8, version = ?9, created_at = ?10, upload_expires_at = ?11, \
                       upload_expires_ms = ?12, uploaded = ?13 WHERE id = ?1 AND version = ?14";
            let mut params = as_params(&values);
            params.push(&expected);
            match conn.execute(sql, params.as_slice()).map_err(backend)? {
                1 => Ok(()),
                _ => Err(StoreError::Conflict),
            }
        })
        .await
    }

    async fn remove_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        id: AttachmentId,
    ) -> Result<(), StoreError> {
        let app_values = values(app)?;
        let expected = i64::try_from(expected_app_version).map_err(backend)?;
        let app_id = app.id.to_string();
        self.with_conn(move |conn| {
            let tx = conn.transaction().map_err(backend)?;
            update_app_row(&tx, &app_values, expected)?;
            let removed = tx
                .execute(
                    "DELETE FROM attachments WHERE application = ?1 AND id = ?2",
                    [app_id, id.to_string()],
                )
                .map_err(backend)?;
            if removed != 1 {
                return Err(StoreError::Conflict);
            }
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn list_abandoned_attachments(
        &self,
        before: Timestamp,
    ) -> Result<Vec<Attachment>, StoreError> {
        self.with_conn(move |conn| {
            let mut stmt = conn
                .prepare_cached(&format!(
                    "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE status = 'pending' AND upload_expires_ms < ?1"
                ))
                .map_err(backend)?;
            let rows = stmt.query_map([before.as_millisecond()], read_attachment).map_err(backend)?;
            collect_attachments(rows.collect::<Result<Vec<_>, _>>().map_err(backend)?)
        })
        .await
    }

    async fn load_dialogue(&self, key: &str) -> Result<Option<SavedDialogue>, StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            let row: Option<(String, i64, String)> = conn
                .query_row(
                    "SELECT state, version, updated_at FROM dialogues WHERE key = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .map_err(backend)?;
            row.map(|(state, version, updated_at)| {
                Ok(SavedDialogue {
                    state,
                    version: u64::try_from(version).map_err(backend)?,
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
        state: &str,
        expected: Option<u64>,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let (key, state, at) = (key.to_string(), state.to_string(), at.to_string());
        self.with_conn(move |conn| {
            let next = expected.unwrap_or(0) + 1;
            let next_i = i64::try_from(next).map_err(backend)?;
            let changed = match expected {
                None => match conn.execute(
                    "INSERT INTO dialogues (key, state, version, updated_at) VALUES (?1, ?2, ?3, ?4)",
                    params![key, state, next_i, at],
                ) {
                    Err(e) if is_constraint(&e) => return Err(StoreError::Conflict),
                    other => other.map_err(backend)?,
                },
                Some(v) => conn
                    .execute(
                        "UPDATE dialogues SET state = ?2, version = ?3, updated_at = ?4 WHERE key = ?1 AND version = ?5",
                        params![key, state, next_i, at, i64::try_from(v).map_err(backend)?],
                    )
                    .map_err(backend)?,
            };
            if changed == 1 { Ok(next) } else { Err(StoreError::Conflict) }
        })
        .await
    }

    async fn claim_update(
        &self,
        key: &str,
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

    async fn finish_update(&self, key: &str) -> Result<(), StoreError> {
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

    async fn release_update(&self, key: &str) -> Result<(), StoreError> {
        let key = key.to_string();
        self.with_conn(move |conn| {
            conn.execute("DELETE FROM processed_updates WHERE key = ?1", params![key])
                .map(|_| ())
                .map_err(backend)
        })
        .await
    }

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
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
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
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopening_a_database_does_not_migrate_twice() {
        let dir = tempfile::tempdir().unwrap();
        let first = SqliteStore::open_dir(dir.path()).unwrap();
        drop(first);
        let again = SqliteStore::open_dir(dir.path()).unwrap();
        let version: i64 = again
            .conn
            .lock()
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
    }

    #[test]
    fn a_database_from_a_newer_casebook_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = SqliteStore::open_file(&path).err().unwrap();
        assert!(matches!(err, OpenError::TooNew { found: 99, .. }), "{err}");
    }

    #[tokio::test]
    async fn reference_numbers_count_up_per_series() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_dir(dir.path()).unwrap();
        assert_eq!(store.next_reference_number("PC2024").await.unwrap(), 1);
        assert_eq!(store.next_reference_number("PC2024").await.unwrap(), 2);
        assert_eq!(store.next_reference_number("PC2025").await.unwrap(), 1);
    }
}
