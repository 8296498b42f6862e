//! The registry of reviewers in SQLite.

use async_trait::async_trait;
use casebook_domain::{CountryCode, Email, Lang, Reviewer, ReviewerId, ReviewerStore, StoreError};
use rusqlite::Row;

use super::{Columns, SqliteStore, backend, signed, unsigned};

const COLUMNS: &str = "id, name, email, country, organization, excluded_organizations, \
                       areas, generation, revoked, years, language, version, created_at";

fn read(r: &Row<'_>) -> rusqlite::Result<Result<Reviewer, StoreError>> {
    let id: String = r.get("id")?;
    let email: String = r.get("email")?;
    let country: String = r.get("country")?;
    let areas: String = r.get("areas")?;
    let excluded: String = r.get("excluded_organizations")?;
    let generation: i64 = r.get("generation")?;
    let version: i64 = r.get("version")?;
    let created_at: String = r.get("created_at")?;
    let (name, organization): (String, String) = (r.get("name")?, r.get("organization")?);
    let revoked: i64 = r.get("revoked")?;
    let years: String = r.get("years")?;
    let language: String = r.get("language")?;
    let corrupt =
        |what: &str| StoreError::Corrupt(format!("stored reviewer {id} has a bad {what}"));
    Ok((|| {
        Ok(Reviewer {
            id: ReviewerId::parse(&id).ok_or_else(|| corrupt("id"))?,
            name,
            email: Email::parse(&email).map_err(|_| corrupt("email"))?,
            country: CountryCode::parse(&country).map_err(|_| corrupt("country"))?,
            organization,
            excluded_organizations: serde_json::from_str(&excluded)
                .map_err(|_| corrupt("excluded_organizations"))?,
            areas: serde_json::from_str(&areas).map_err(|_| corrupt("areas"))?,
            generation: u32::try_from(generation).map_err(|_| corrupt("generation"))?,
            revoked: revoked != 0,
            years: serde_json::from_str(&years).map_err(|_| corrupt("years"))?,
            language: Lang::from_code(&language).ok_or_else(|| corrupt("language"))?,
            version: unsigned(version)?,
            created_at: created_at.parse().map_err(|_| corrupt("created_at"))?,
        })
    })())
}

/// The columns written for a reviewer (the e-mail is fixed at registration).
fn columns(r: &Reviewer) -> Result<Columns, StoreError> {
    Ok(Columns::new()
        .set("id", r.id.to_string())
        .set("name", r.name.clone())
        .set("country", r.country.to_string())
        .set("organization", r.organization.clone())
        .set(
            "excluded_organizations",
            serde_json::to_string(&r.excluded_organizations).map_err(backend)?,
        )
        .set("areas", serde_json::to_string(&r.areas).map_err(backend)?)
        .set("generation", i64::from(r.generation))
        .set("revoked", i64::from(r.revoked))
        .set("years", serde_json::to_string(&r.years).map_err(backend)?)
        .set("language", r.language.code())
        .set("version", signed(r.version)?)
        .set("created_at", r.created_at.to_string()))
}

#[async_trait]
impl ReviewerStore for SqliteStore {
    async fn insert_reviewer(&self, reviewer: &Reviewer) -> Result<(), StoreError> {
        let email = reviewer.email.as_str();
        let columns = columns(reviewer)?
            .set("email", email.to_string())
            .set("email_key", email.to_lowercase());
        self.insert_registered("reviewers", columns).await
    }

    async fn get_reviewer(&self, id: ReviewerId) -> Result<Option<Reviewer>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM reviewers WHERE id = :id");
        self.select_one(sql, Columns::new().set("id", id.to_string()), read)
            .await
    }

    async fn list_reviewers(&self) -> Result<Vec<Reviewer>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM reviewers ORDER BY id");
        self.select_all(sql, Columns::new(), read).await
    }

    async fn update_reviewer(
        &self,
        reviewer: &Reviewer,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        self.update_versioned("reviewers", columns(reviewer)?, expected_version)
            .await
    }
}
