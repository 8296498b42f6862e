//! Which drafts gave which contact address, in DynamoDB: one small item per pair under
//! the address's partition (`DRAFTMAIL#<hash>`, sort key the application's id), so a
//! count reads a handful of keys, never the campaign's drafts.

use std::collections::HashMap;

use async_trait::async_trait;
use casebook_domain::{ApplicationId, DraftAddresses, StoreError};

use super::{DynamoStore, Fields, backend, string_value};
use crate::table::{PK, SK};

fn partition(address: &str) -> String {
    format!("DRAFTMAIL#{address}")
}

#[async_trait]
impl DraftAddresses for DynamoStore {
    async fn add_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError> {
        // An unconditional put: noting it twice leaves one item.
        self.client
            .put_item()
            .table_name(&self.table)
            .item(PK, string_value(partition(address)))
            .item(SK, string_value(application.to_string()))
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn drafts_at_address(&self, address: &str) -> Result<Vec<ApplicationId>, StoreError> {
        let values = HashMap::from([(":pk".to_string(), string_value(partition(address)))]);
        let items = self.query_all(None, &format!("{PK} = :pk"), values).await?;
        items
            .iter()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "draft address",
                };
                ApplicationId::parse(f.text(SK)?).ok_or_else(|| f.corrupt(SK))
            })
            .collect()
    }

    async fn remove_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key(PK, string_value(partition(address)))
            .key(SK, string_value(application.to_string()))
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }
}
