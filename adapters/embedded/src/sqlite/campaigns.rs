//! Installed campaign files and the open call in SQLite.

use async_trait::async_trait;
use casebook_domain::{CampaignStore, InstalledCampaign, OpenCall, StoreError};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, backend};

#[async_trait]
impl CampaignStore for SqliteStore {
    async fn install_campaign(&self, campaign: &InstalledCampaign) -> Result<(), StoreError> {
        let c = campaign.clone();
        let earlier = serde_json::to_string(&c.earlier)
            .map_err(|e| StoreError::Corrupt(format!("campaign {}: {e}", c.year)))?;
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO campaigns (year, source, installed_at_ms, earlier) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (year) DO UPDATE SET source = ?2, installed_at_ms = ?3, earlier = ?4",
                params![c.year, c.source, c.installed_at.as_millisecond(), earlier],
            )
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }

    async fn installed_campaigns(&self) -> Result<Vec<InstalledCampaign>, StoreError> {
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare(
                    "SELECT year, source, installed_at_ms, earlier FROM campaigns ORDER BY year",
                )
                .map_err(backend)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i16>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .map_err(backend)?;
            rows.map(|row| {
                let (year, source, at, earlier) = row.map_err(backend)?;
                let corrupt = |what: &str| StoreError::Corrupt(format!("campaign {year}: {what}"));
                let installed_at = Timestamp::from_millisecond(at)
                    .map_err(|_| corrupt("an install time out of range"))?;
                Ok(InstalledCampaign {
                    year,
                    source,
                    installed_at,
                    earlier: serde_json::from_str(&earlier)
                        .map_err(|_| corrupt("unreadable earlier cases"))?,
                })
            })
            .collect()
        })
        .await
    }

    async fn open_call(&self) -> Result<OpenCall, StoreError> {
        self.with_conn(|conn| {
            let row: Option<Option<i16>> = conn
                .query_row("SELECT open_year FROM open_call WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(backend)?;
            Ok(match row {
                None => OpenCall::Given,
                Some(Some(year)) => OpenCall::Year(year),
                Some(None) => OpenCall::Closed,
            })
        })
        .await
    }

    async fn set_open_call(&self, open: OpenCall) -> Result<(), StoreError> {
        self.with_conn(move |conn| {
            match open {
                OpenCall::Given => conn.execute("DELETE FROM open_call", []),
                OpenCall::Year(year) => conn.execute(
                    "INSERT INTO open_call (id, open_year) VALUES (1, ?1) \
                     ON CONFLICT (id) DO UPDATE SET open_year = ?1",
                    params![year],
                ),
                OpenCall::Closed => conn.execute(
                    "INSERT INTO open_call (id, open_year) VALUES (1, NULL) \
                     ON CONFLICT (id) DO UPDATE SET open_year = NULL",
                    [],
                ),
            }
            .map(|_| ())
            .map_err(backend)
        })
        .await
    }
}
