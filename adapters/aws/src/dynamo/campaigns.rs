//! Installed campaign files and the open call in DynamoDB: one partition (`CAMPAIGNS`)
//! holding an item per year (`YEAR#2025`) and the open call (`OPEN`), so one Query reads
//! every installed year.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use casebook_domain::{CampaignStore, InstalledCampaign, OpenCall, StoreError};

use super::{DynamoStore, Fields, backend, number_value, string_value};
use crate::table::{PK, SK};

const PARTITION: &str = "CAMPAIGNS";
const YEAR_PREFIX: &str = "YEAR#";
const OPEN: &str = "OPEN";

#[async_trait]
impl CampaignStore for DynamoStore {
    async fn install_campaign(&self, campaign: &InstalledCampaign) -> Result<(), StoreError> {
        let earlier = serde_json::to_string(&campaign.earlier)
            .map_err(|e| StoreError::Corrupt(format!("campaign {}: {e}", campaign.year)))?;
        self.client
            .put_item()
            .table_name(&self.table)
            .item(PK, string_value(PARTITION))
            .item(
                SK,
                string_value(format!("{YEAR_PREFIX}{:04}", campaign.year)),
            )
            .item("id", string_value(campaign.year.to_string()))
            .item("year", number_value(campaign.year))
            .item("source", string_value(campaign.source.clone()))
            .item(
                "installed_at",
                string_value(campaign.installed_at.to_string()),
            )
            .item("earlier", string_value(earlier))
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn installed_campaigns(&self) -> Result<Vec<InstalledCampaign>, StoreError> {
        let items = self
            .query_all(
                None,
                "pk = :p AND begins_with(sk, :y)",
                HashMap::from([
                    (":p".to_string(), string_value(PARTITION)),
                    (":y".to_string(), string_value(YEAR_PREFIX)),
                ]),
            )
            .await?;
        // Sort keys are zero-padded years: the Query returns them oldest first.
        items
            .iter()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "campaign",
                };
                Ok(InstalledCampaign {
                    year: f.parsed("year")?,
                    source: f.text("source")?.to_string(),
                    installed_at: f.parsed("installed_at")?,
                    earlier: serde_json::from_str(f.text("earlier")?)
                        .map_err(|_| f.corrupt("earlier"))?,
                })
            })
            .collect()
    }

    async fn open_call(&self) -> Result<OpenCall, StoreError> {
        let Some(item) = self.item(PARTITION, OPEN).await? else {
            return Ok(OpenCall::Given);
        };
        match item.get("year") {
            Some(AttributeValue::N(n)) => n
                .parse()
                .map(OpenCall::Year)
                .map_err(|_| StoreError::Corrupt("the open call's year is unreadable".into())),
            _ => Ok(OpenCall::Closed),
        }
    }

    async fn set_open_call(&self, open: OpenCall) -> Result<(), StoreError> {
        let put = |year: Option<i16>| {
            let mut put = self
                .client
                .put_item()
                .table_name(&self.table)
                .item(PK, string_value(PARTITION))
                .item(SK, string_value(OPEN));
            if let Some(year) = year {
                put = put.item("year", number_value(year));
            }
            put
        };
        match open {
            OpenCall::Given => self
                .client
                .delete_item()
                .table_name(&self.table)
                .key(PK, string_value(PARTITION))
                .key(SK, string_value(OPEN))
                .send()
                .await
                .map(|_| ())
                .map_err(backend),
            OpenCall::Year(year) => put(Some(year)).send().await.map(|_| ()).map_err(backend),
            OpenCall::Closed => put(None).send().await.map(|_| ()).map_err(backend),
        }
    }
}
