//! The registry of organizers in SQLite.

use async_trait::async_trait;
use casebook_domain::{Email, Organizer, OrganizerId, OrganizerStore, StoreError};
use rusqlite::Row;

use super::{Columns, SqliteStore, signed, unsigned};

const COLUMNS: &str = "id, name, email, generation, revoked, version, created_at";

fn read(r: &Row<'_>) -> rusqlite::Result<Result<Organizer, StoreError>> {
    let id: String = r.get("id")?;
    let name: String = r.get("name")?;
    let email: String = r.get("email")?;
    let generation: i64 = r.get("generation")?;
    let revoked: i64 = r.get("revoked")?;
    let version: i64 = r.get("version")?;
    let created_at: String = r.get("created_at")?;
    let corrupt =
        |what: &str| StoreError::Corrupt(format!("stored organizer {id} has a bad {what}"));
    Ok((|| {
        Ok(Organizer {
            id: OrganizerId::parse(&id).ok_or_else(|| corrupt("id"))?,
            name,
            email: Email::parse(&email).map_err(|_| corrupt("email"))?,
            generation: u32::try_from(generation).map_err(|_| corrupt("generation"))?,
            revoked: revoked != 0,
            version: unsigned(version)?,
            created_at: created_at.parse().map_err(|_| corrupt("created_at"))?,
        })
    })())
}

/// The columns written for an organizer (the e-mail is fixed at registration).
fn columns(o: &Organizer) -> Result<Columns, StoreError> {
    Ok(Columns::new()
        .set("id", o.id.to_string())
        .set("name", o.name.clone())
        .set("generation", i64::from(o.generation))
        .set("revoked", i64::from(o.revoked))
        .set("version", signed(o.version)?)
        .set("created_at", o.created_at.to_string()))
}

#[async_trait]
impl OrganizerStore for SqliteStore {
    async fn insert_organizer(&self, organizer: &Organizer) -> Result<(), StoreError> {
        let email = organizer.email.as_str();
        let columns = columns(organizer)?
            .set("email", email.to_string())
            .set("email_key", email.to_lowercase());
        self.insert_registered("organizers", columns).await
    }

    async fn get_organizer(&self, id: OrganizerId) -> Result<Option<Organizer>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM organizers WHERE id = :id");
        self.select_one(sql, Columns::new().set("id", id.to_string()), read)
            .await
    }

    async fn list_organizers(&self) -> Result<Vec<Organizer>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM organizers ORDER BY id");
        self.select_all(sql, Columns::new(), read).await
    }

    async fn update_organizer(
        &self,
        organizer: &Organizer,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        self.update_versioned("organizers", columns(organizer)?, expected_version)
            .await
    }
}
