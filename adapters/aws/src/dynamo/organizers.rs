//! The registry of organizers in DynamoDB: one item per organizer, listed through the
//! index, and a claim item per e-mail so an address is registered once.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use casebook_domain::{Email, Organizer, OrganizerId, OrganizerStore, StoreError};

use super::{DynamoStore, Fields, Item, number_value, string_value};
use crate::table::{GSI1, GSI1_PK, GSI1_SK, PK, SK};

/// The index partition every organizer is listed under (a secretariat: a handful).
const ORGANIZERS: &str = "ORGANIZERS";

fn organizer_pk(id: OrganizerId) -> String {
    format!("ORGANIZER#{id}")
}

fn to_item(o: &Organizer) -> Item {
    HashMap::from([
        (PK.to_string(), string_value(organizer_pk(o.id))),
        (SK.to_string(), string_value("ORGANIZER")),
        (GSI1_PK.to_string(), string_value(ORGANIZERS)),
        (GSI1_SK.to_string(), string_value(o.id.to_string())),
        ("id".to_string(), string_value(o.id.to_string())),
        ("name".to_string(), string_value(o.name.clone())),
        ("email".to_string(), string_value(o.email.as_str())),
        ("generation".to_string(), number_value(o.generation)),
        ("revoked".to_string(), AttributeValue::Bool(o.revoked)),
        ("version".to_string(), number_value(o.version)),
        (
            "created_at".to_string(),
            string_value(o.created_at.to_string()),
        ),
    ])
}

fn from_item(item: &Item) -> Result<Organizer, StoreError> {
    let f = Fields {
        item,
        kind: "organizer",
    };
    Ok(Organizer {
        id: OrganizerId::parse(f.text("id")?).ok_or_else(|| f.corrupt("id"))?,
        name: f.text("name")?.to_string(),
        email: Email::parse(f.text("email")?).map_err(|_| f.corrupt("email"))?,
        generation: f.parsed("generation")?,
        revoked: item
            .get("revoked")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
        version: f.parsed("version")?,
        created_at: f.parsed("created_at")?,
    })
}

#[async_trait]
impl OrganizerStore for DynamoStore {
    async fn insert_organizer(&self, organizer: &Organizer) -> Result<(), StoreError> {
        self.insert_with_email_claim(
            "ORGANIZER",
            to_item(organizer),
            organizer.email.as_str(),
            organizer.id.to_string(),
        )
        .await
    }

    async fn get_organizer(&self, id: OrganizerId) -> Result<Option<Organizer>, StoreError> {
        let out = self.item(organizer_pk(id), "ORGANIZER").await?;
        out.as_ref().map(from_item).transpose()
    }

    async fn list_organizers(&self) -> Result<Vec<Organizer>, StoreError> {
        let values = HashMap::from([(":pk".to_string(), string_value(ORGANIZERS))]);
        let condition = format!("{GSI1_PK} = :pk");
        let items = self.query_all(Some(GSI1), &condition, values).await?;
        items.iter().map(from_item).collect()
    }

    async fn update_organizer(
        &self,
        organizer: &Organizer,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let Some(stored) = self.get_organizer(organizer.id).await? else {
            return Err(StoreError::Conflict);
        };
        // The e-mail is fixed at registration, with its claim.
        let next = Organizer {
            email: stored.email,
            ..organizer.clone()
        };
        self.put_over_version(to_item(&next), Some(expected_version))
            .await
    }
}
