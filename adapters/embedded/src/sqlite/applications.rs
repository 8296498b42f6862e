//! Applications and reference numbers in SQLite.

use async_trait::async_trait;
use casebook_domain::application::ApplicationContent;
use casebook_domain::{
    Application, ApplicationId, ApplicationStore, Confirmation, Lang, Owner, Reference, Status,
    StoreError, TokenHash,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Columns, SqliteStore, backend, is_constraint, signed, unsigned};

/// The application's columns, read by position in this order (a lookup by name per
/// column and row was a twentieth of listing a call).
const COLUMNS: &str = "id, campaign, reference, status, version, created_at, updated_at, \
                       submitted_at, content, edit_token_hash, confirmation, owners, language";

/// An application row as stored, before it is checked into the domain's type.
struct ApplicationRow {
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
    language: String,
}

impl ApplicationRow {
    fn read(r: &Row<'_>) -> rusqlite::Result<ApplicationRow> {
        Ok(ApplicationRow {
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
            language: r.get(12)?,
        })
    }

    fn into_application(self) -> Result<Application, StoreError> {
        let corrupt = |what: &str| {
            StoreError::Corrupt(format!("stored application {} has a bad {what}", self.id))
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
            language: Lang::from_code(&self.language).ok_or_else(|| corrupt("language"))?,
        })
    }
}

/// The columns written for an application, by name.
fn columns(app: &Application) -> Result<Columns, StoreError> {
    // The first token's hash, for an older casebook reading this database.
    let first_token = app
        .owners
        .iter()
        .find_map(|o| match o {
            Owner::Token(hash) => Some(hash.to_hex()),
            Owner::Chat(_) => None,
        })
        .unwrap_or_default();
    let owners: Vec<String> = app.owners.iter().map(Owner::to_stored).collect();
    Ok(Columns::new()
        .set("id", app.id.to_string())
        .set("campaign", i64::from(app.campaign))
        .set(
            "reference",
            app.reference.as_ref().map(|r| r.as_str().to_string()),
        )
        .set("status", app.status.as_str())
        .set("version", signed(app.version)?)
        .set("created_at", app.created_at.to_string())
        .set("updated_at", app.updated_at.to_string())
        .set("submitted_at", app.submitted_at.map(|t| t.to_string()))
        .set(
            "content",
            serde_json::to_string(&app.content).map_err(backend)?,
        )
        .set("edit_token_hash", first_token)
        .set(
            "confirmation",
            app.confirmation.map(Confirmation::to_stored),
        )
        .set("owners", serde_json::to_string(&owners).map_err(backend)?)
        .set("language", app.language.code()))
}

/// A stored application, as the store writes it alongside another change.
pub(super) struct ApplicationWrite {
    columns: Columns,
    expected: i64,
}

impl ApplicationWrite {
    pub(super) fn new(app: &Application, expected_version: u64) -> Result<Self, StoreError> {
        Ok(ApplicationWrite {
            columns: columns(app)?,
            expected: signed(expected_version)?,
        })
    }

    /// Replaces the application row if its version is still the one expected.
    pub(super) fn apply(&self, conn: &Connection) -> Result<(), StoreError> {
        let sql = self
            .columns
            .update_sql("applications", "id = :id AND version = :expected");
        let params = self.columns.params(&[(":expected", &self.expected)]);
        match conn.execute(&sql, params.as_slice()) {
            Ok(1) => Ok(()),
            Ok(_) => Err(StoreError::Conflict),
            // A reference already taken: the allocation guarantees this never happens,
            // and the unique index makes sure of it.
            Err(e) if is_constraint(&e) => Err(StoreError::Conflict),
            Err(e) => Err(backend(e)),
        }
    }
}

impl SqliteStore {
    /// The applications matching `condition`, whose named parameters `values` gives.
    async fn select_applications(
        &self,
        condition: &'static str,
        values: Columns,
    ) -> Result<Vec<Application>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM applications WHERE {condition}");
        self.select_rows(
            sql,
            values,
            ApplicationRow::read,
            ApplicationRow::into_application,
        )
        .await
    }
}

#[async_trait]
impl ApplicationStore for SqliteStore {
    async fn insert_application(&self, app: &Application) -> Result<(), StoreError> {
        let columns = columns(app)?;
        self.with_conn(move |conn| {
            let sql = columns.insert_sql("applications");
            match conn.execute(&sql, columns.params(&[]).as_slice()) {
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
                    ApplicationRow::read,
                )
                .optional()
                .map_err(backend)
            })
            .await?;
        row.map(ApplicationRow::into_application).transpose()
    }

    async fn update_application(
        &self,
        app: &Application,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let write = ApplicationWrite::new(app, expected_version)?;
        self.with_conn(move |conn| write.apply(conn)).await
    }

    async fn list_applications(
        &self,
        campaign: i16,
        status: Option<Status>,
    ) -> Result<Vec<Application>, StoreError> {
        let values = Columns::new()
            .set("campaign", i64::from(campaign))
            .set("status", status.map(Status::as_str));
        self.select_applications(
            "campaign = :campaign AND (:status IS NULL OR status = :status) ORDER BY id",
            values,
        )
        .await
    }

    async fn list_application_ids(&self, campaign: i16) -> Result<Vec<ApplicationId>, StoreError> {
        self.with_conn(move |conn| {
            let mut stmt = conn
                .prepare_cached("SELECT id FROM applications WHERE campaign = ?1")
                .map_err(backend)?;
            let ids = stmt
                .query_map([i64::from(campaign)], |r| r.get::<_, String>(0))
                .map_err(backend)?;
            ids.map(|id| {
                let id = id.map_err(backend)?;
                ApplicationId::parse(&id)
                    .ok_or_else(|| StoreError::Corrupt(format!("stored application id {id:?}")))
            })
            .collect()
        })
        .await
    }

    async fn list_unconfirmed(&self, campaign: i16) -> Result<Vec<Application>, StoreError> {
        self.select_applications(
            "campaign = :campaign AND confirmation IS NOT NULL AND confirmation NOT LIKE 'sent:%'",
            Columns::new().set("campaign", i64::from(campaign)),
        )
        .await
    }

    async fn next_reference_number(&self, series: &str) -> Result<u64, StoreError> {
        let series = series.to_string();
        self.with_conn(move |conn| {
            let last: i64 = conn
                .query_row(
                    "INSERT INTO reference_counters (series, last) VALUES (?1, 1) \
                     ON CONFLICT (series) DO UPDATE SET last = last + 1 RETURNING last",
                    params![series],
                    |r| r.get("last"),
                )
                .map_err(backend)?;
            unsigned(last)
        })
        .await
    }
}
