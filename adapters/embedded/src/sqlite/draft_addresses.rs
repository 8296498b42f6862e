//! Which drafts gave which contact address, in SQLite: one row per pair.

use async_trait::async_trait;
use casebook_domain::{ApplicationId, DraftAddresses, StoreError};
use rusqlite::params;

use super::{SqliteStore, backend};

#[async_trait]
impl DraftAddresses for SqliteStore {
    async fn add_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError> {
        let (address, id) = (address.to_string(), application.to_string());
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO draft_addresses (address, application_id) VALUES (?1, ?2) \
                 ON CONFLICT DO NOTHING",
                params![address, id],
            )
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }

    async fn drafts_at_address(&self, address: &str) -> Result<Vec<ApplicationId>, StoreError> {
        let address = address.to_string();
        self.with_conn(move |conn| {
            let mut statement = conn
                .prepare("SELECT application_id FROM draft_addresses WHERE address = ?1")
                .map_err(backend)?;
            let ids = statement
                .query_map([address], |row| row.get::<_, String>(0))
                .map_err(backend)?;
            let mut out = Vec::new();
            for id in ids {
                let id = id.map_err(backend)?;
                out.push(ApplicationId::parse(&id).ok_or_else(|| {
                    StoreError::Corrupt(format!("a draft address names a bad id {id}"))
                })?);
            }
            Ok(out)
        })
        .await
    }

    async fn remove_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError> {
        let (address, id) = (address.to_string(), application.to_string());
        self.with_conn(move |conn| {
            conn.execute(
                "DELETE FROM draft_addresses WHERE address = ?1 AND application_id = ?2",
                params![address, id],
            )
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }
}
