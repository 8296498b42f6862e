//! The store on a SQLite file (WAL mode), shared safely by several processes on one
//! machine (`casebook serve` and `casebook chat`). Migrations are compiled in and applied
//! when the store opens. One file per store capability; rows are written by column name
//! through [`Columns`] and read by name, or by position where a listing is long (the
//! applications, assignments and reviews: each file's `COLUMNS` gives the order).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use casebook_domain::StoreError;
use rusqlite::{Connection, ErrorCode, OptionalExtension, ToSql};

mod applications;
mod assignments;
mod attachments;
mod campaigns;
mod conversations;
mod decisions;
mod draft_addresses;
mod link_codes;
mod opt_outs;
mod organizers;
mod questions;
mod rehearsal;
mod reviewers;
mod reviews;

/// Migrations in order; the database's `user_version` says how many are applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_applications.sql"),
    include_str!("../../migrations/0002_attachments.sql"),
    include_str!("../../migrations/0003_dialogues.sql"),
    include_str!("../../migrations/0004_questions.sql"),
    include_str!("../../migrations/0005_processed_updates.sql"),
    include_str!("../../migrations/0006_link_codes.sql"),
    include_str!("../../migrations/0007_confirmations.sql"),
    include_str!("../../migrations/0008_update_leases.sql"),
    include_str!("../../migrations/0009_owners.sql"),
    include_str!("../../migrations/0010_reviewers.sql"),
    include_str!("../../migrations/0011_assignments.sql"),
    include_str!("../../migrations/0012_reviews.sql"),
    include_str!("../../migrations/0013_opt_outs.sql"),
    include_str!("../../migrations/0014_update_answers.sql"),
    include_str!("../../migrations/0015_decisions.sql"),
    include_str!("../../migrations/0016_organizers.sql"),
    include_str!("../../migrations/0017_reviewer_exclusions.sql"),
    include_str!("../../migrations/0018_draft_addresses.sql"),
    include_str!("../../migrations/0019_rehearsal.sql"),
    include_str!("../../migrations/0020_question_answers.sql"),
    include_str!("../../migrations/0021_campaigns.sql"),
    include_str!("../../migrations/0022_round_closings_by_year.sql"),
    include_str!("../../migrations/0023_reviewer_years.sql"),
    include_str!("../../migrations/0024_languages.sql"),
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

    /// How many applications the database holds, of any year, and how many of them were
    /// submitted (whatever they show since): what a backup and its restore compare.
    pub async fn application_counts(&self) -> Result<(u64, u64), StoreError> {
        self.with_conn(|conn| {
            conn.query_row(
                "SELECT count(*), coalesce(sum(status NOT IN ('draft', 'withdrawn')), 0) FROM applications",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            )
            .map_err(backend)
            .and_then(|(all, submitted)| Ok((unsigned(all)?, unsigned(submitted)?)))
        })
        .await
    }

    /// A consistent copy of the whole database at `dest` (a new file), made with SQLite's
    /// online backup API in one step: one read snapshot, so writers in other processes
    /// (a running `casebook serve`) carry on, and the copy holds every write committed
    /// before it began.
    pub async fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        let dest = dest.to_path_buf();
        self.with_conn(move |conn| {
            let mut copy = Connection::open(&dest).map_err(backend)?;
            let backup = rusqlite::backup::Backup::new(conn, &mut copy).map_err(backend)?;
            // -1: every page in one step, under one read transaction. Busy or locked (a
            // writer checkpointing): wait a moment and try again, for up to ten seconds.
            for _ in 0..100 {
                match backup.step(-1).map_err(backend)? {
                    rusqlite::backup::StepResult::Done => return Ok(()),
                    _ => std::thread::sleep(Duration::from_millis(100)),
                }
            }
            Err(StoreError::Conflict)
        })
        .await
    }

    /// Runs `f` on the connection on a blocking thread, so SQLite never stalls the
    /// async runtime.
    async fn with_conn<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.with_conn_then(f, Ok).await
    }

    /// Runs `f` on the connection, then `then` on what it gave once the connection is
    /// let go (on the same blocking thread): checking rows into the domain's types (ids,
    /// instants, JSON) is most of a listing, and another reader can step meanwhile.
    async fn with_conn_then<R, T, F, G>(&self, f: F, then: G) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
        G: FnOnce(R) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let read = {
                let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                f(&mut guard)?
            };
            then(read)
        })
        .await
        .map_err(StoreError::failed)?
    }
}

impl SqliteStore {
    /// Inserts a registry's row (a reviewer, an organizer): `AlreadyExists` when its id
    /// or its e-mail key is taken.
    async fn insert_registered(
        &self,
        table: &'static str,
        columns: Columns,
    ) -> Result<(), StoreError> {
        self.with_conn(move |conn| {
            match conn.execute(&columns.insert_sql(table), columns.params(&[]).as_slice()) {
                Ok(_) => Ok(()),
                Err(e) if is_constraint(&e) => Err(StoreError::AlreadyExists),
                Err(e) => Err(backend(e)),
            }
        })
        .await
    }

    /// Replaces the row of `columns`' `id` only if its version is still `expected`:
    /// `Conflict` otherwise (or when there is no such row).
    async fn update_versioned(
        &self,
        table: &'static str,
        columns: Columns,
        expected: u64,
    ) -> Result<(), StoreError> {
        let expected = signed(expected)?;
        self.with_conn(move |conn| {
            let sql = columns.update_sql(table, "id = :id AND version = :expected");
            let params = columns.params(&[(":expected", &expected)]);
            match conn.execute(&sql, params.as_slice()).map_err(backend)? {
                1 => Ok(()),
                _ => Err(StoreError::Conflict),
            }
        })
        .await
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

/// SQLite's (or a task's) error, kept whole as the cause.
fn backend(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::failed(e)
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation)
}

/// A row's values by column name: one mapping serves the insert and the update.
struct Columns(Vec<(String, Box<dyn ToSql + Send>)>);

impl Columns {
    fn new() -> Columns {
        Columns(Vec::new())
    }

    fn set(mut self, name: &str, value: impl ToSql + Send + 'static) -> Columns {
        self.0.push((format!(":{name}"), Box::new(value)));
        self
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| &n[1..])
    }

    /// `INSERT INTO table (a, b) VALUES (:a, :b)`.
    fn insert_sql(&self, table: &str) -> String {
        let names: Vec<&str> = self.names().collect();
        let values: Vec<String> = names.iter().map(|n| format!(":{n}")).collect();
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            values.join(", ")
        )
    }

    /// `UPDATE table SET a = :a, b = :b WHERE condition` (the condition names its own
    /// parameters, given to [`Columns::params`]).
    fn update_sql(&self, table: &str, condition: &str) -> String {
        let set: Vec<String> = self.names().map(|n| format!("{n} = :{n}")).collect();
        format!("UPDATE {table} SET {} WHERE {condition}", set.join(", "))
    }

    /// The named parameters, with `extra` ones for a condition.
    fn params<'a>(&'a self, extra: &[(&'a str, &'a dyn ToSql)]) -> Vec<(&'a str, &'a dyn ToSql)> {
        self.0
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_ref() as &dyn ToSql))
            .chain(extra.iter().copied())
            .collect()
    }
}

/// Reads one row into the domain's type; the inner error says the stored values are bad.
type ReadRow<T> = fn(&rusqlite::Row<'_>) -> rusqlite::Result<Result<T, StoreError>>;

impl SqliteStore {
    /// The one row `sql` selects (its named parameters given by `values`), read by
    /// `read`; `None` when there is none.
    async fn select_one<T: Send + 'static>(
        &self,
        sql: String,
        values: Columns,
        read: ReadRow<T>,
    ) -> Result<Option<T>, StoreError> {
        self.with_conn(move |conn| {
            conn.query_row(&sql, values.params(&[]).as_slice(), read)
                .optional()
                .map_err(backend)?
                .transpose()
        })
        .await
    }

    /// Every row `sql` selects, its named parameters given by `values`, each read by
    /// `read`: the one way the store lists anything.
    async fn select_all<T: Send + 'static>(
        &self,
        sql: String,
        values: Columns,
        read: ReadRow<T>,
    ) -> Result<Vec<T>, StoreError> {
        self.select_rows(sql, values, read, |checked| checked).await
    }

    /// Every row `sql` selects, taken as stored by `read` while the connection is held,
    /// then each checked by `check` after it is let go (a long listing's costly part).
    async fn select_rows<R: Send + 'static, T: Send + 'static>(
        &self,
        sql: String,
        values: Columns,
        read: fn(&rusqlite::Row<'_>) -> rusqlite::Result<R>,
        check: fn(R) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        self.with_conn_then(
            move |conn| {
                let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
                let rows = stmt
                    .query_map(values.params(&[]).as_slice(), read)
                    .map_err(backend)?;
                rows.collect::<Result<Vec<R>, _>>().map_err(backend)
            },
            move |rows| rows.into_iter().map(check).collect(),
        )
        .await
    }
}

/// A stored number as the domain's unsigned one (never negative unless corrupt).
fn unsigned(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(backend)
}

/// The domain's unsigned number as SQLite's integer.
fn signed(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(backend)
}

#[cfg(test)]
mod tests {
    use super::*;

    // What every store must do is the contract suite's (tests/src/contract), run on
    // this store too; here only what is SQLite's own.

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
}
