//! Applications and reference numbers in DynamoDB.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue};
use casebook_domain::application::ApplicationContent;
use casebook_domain::{
    Application, ApplicationId, ApplicationStore, Confirmation, Lang, Owner, Reference, Status,
    StoreError, TokenHash,
};

use super::{
    DynamoStore, Fields, Item, VERSION_CONDITION, app_pk, backend, number_value, put_item,
    string_value,
};
use crate::table::{GSI1, GSI1_PK, GSI1_SK, PK, SK};

pub(super) fn to_item(app: &Application) -> Result<Item, StoreError> {
    let content = serde_json::to_string(&app.content).map_err(backend)?;
    let mut item: Item = HashMap::from([
        (PK.to_string(), string_value(app_pk(app.id))),
        (SK.to_string(), string_value("APP")),
        (
            GSI1_PK.to_string(),
            string_value(format!("CAMPAIGN#{}", app.campaign)),
        ),
        (
            GSI1_SK.to_string(),
            string_value(format!("STATUS#{}#{}", app.status, app.id)),
        ),
        ("id".to_string(), string_value(app.id.to_string())),
        ("campaign".to_string(), number_value(app.campaign)),
        ("status".to_string(), string_value(app.status.as_str())),
        ("version".to_string(), number_value(app.version)),
        (
            "created_at".to_string(),
            string_value(app.created_at.to_string()),
        ),
        (
            "updated_at".to_string(),
            string_value(app.updated_at.to_string()),
        ),
        ("content".to_string(), string_value(content)),
        ("language".to_string(), string_value(app.language.code())),
        (
            "owners".to_string(),
            AttributeValue::L(
                app.owners
                    .iter()
                    .map(|o| string_value(o.to_stored()))
                    .collect(),
            ),
        ),
    ]);
    if let Some(r) = &app.reference {
        item.insert("reference".to_string(), string_value(r.as_str()));
    }
    if let Some(t) = app.submitted_at {
        item.insert("submitted_at".to_string(), string_value(t.to_string()));
    }
    if let Some(c) = app.confirmation {
        item.insert("confirmation".to_string(), string_value(c.to_stored()));
    }
    Ok(item)
}

fn from_item(item: &Item) -> Result<Application, StoreError> {
    let f = Fields {
        item,
        kind: "application",
    };
    Ok(Application {
        id: ApplicationId::parse(f.text("id")?).ok_or_else(|| f.corrupt("id"))?,
        campaign: f.parsed("campaign")?,
        reference: f
            .optional_text("reference")
            .map(|r| Reference::from_stored(r.to_string())),
        status: Status::parse(f.text("status")?).ok_or_else(|| f.corrupt("status"))?,
        version: f.parsed("version")?,
        created_at: f.parsed("created_at")?,
        updated_at: f.parsed("updated_at")?,
        submitted_at: f.optional_parsed("submitted_at")?,
        content: serde_json::from_str::<ApplicationContent>(f.text("content")?)
            .map_err(|_| f.corrupt("content"))?,
        owners: match item.get("owners") {
            Some(AttributeValue::L(list)) => list
                .iter()
                .map(|o| o.as_s().ok().and_then(|o| Owner::parse_stored(o)))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| f.corrupt("owners"))?,
            Some(_) => return Err(f.corrupt("owners")),
            // Written before owners were kept: the one edit token.
            None => vec![Owner::Token(
                TokenHash::from_hex(f.text("edit_token_hash")?)
                    .ok_or_else(|| f.corrupt("edit_token_hash"))?,
            )],
        },
        confirmation: f
            .optional_text("confirmation")
            .map(|c| Confirmation::parse_stored(c).ok_or_else(|| f.corrupt("confirmation")))
            .transpose()?,
        // Written before the six languages: English.
        language: match f.optional_text("language") {
            Some(code) => Lang::from_code(code).ok_or_else(|| f.corrupt("language"))?,
            None => Lang::En,
        },
    })
}

impl DynamoStore {
    /// The conditional write of an application whose stored version must be `expected`.
    pub(super) fn versioned_put(&self, item: Item, expected: u64) -> Result<Put, StoreError> {
        Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(VERSION_CONDITION)
            .expression_attribute_values(":expected", number_value(expected))
            .build()
            .map_err(backend)
    }

    /// A claim on a reference, so no two applications ever carry the same one.
    fn reference_claim(
        &self,
        reference: &Reference,
        owner: ApplicationId,
    ) -> Result<Put, StoreError> {
        Put::builder()
            .table_name(&self.table)
            .item(PK, string_value(format!("REF#{reference}")))
            .item(SK, string_value("REF"))
            .item("application_id", string_value(owner.to_string()))
            .condition_expression("attribute_not_exists(pk) OR application_id = :owner")
            .expression_attribute_values(":owner", string_value(owner.to_string()))
            .build()
            .map_err(backend)
    }
}

#[async_trait]
impl ApplicationStore for DynamoStore {
    #[tracing::instrument(skip_all, fields(application_id = %app.id))]
    async fn insert_application(&self, app: &Application) -> Result<(), StoreError> {
        self.put_new(to_item(app)?, StoreError::AlreadyExists).await
    }

    async fn get_application(&self, id: ApplicationId) -> Result<Option<Application>, StoreError> {
        let out = self.item(app_pk(id), "APP").await?;
        out.as_ref().map(from_item).transpose()
    }

    #[tracing::instrument(skip_all, fields(application_id = %app.id, expected_version))]
    async fn update_application(
        &self,
        app: &Application,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let item = to_item(app)?;
        match &app.reference {
            // A reference travels with a claim item, written in the same transaction.
            Some(reference) => {
                let put = self.versioned_put(item, expected_version)?;
                let claim = self.reference_claim(reference, app.id)?;
                self.transact(vec![put_item(put), put_item(claim)]).await
            }
            None => self.put_over_version(item, Some(expected_version)).await,
        }
    }

    async fn list_applications(
        &self,
        campaign: i16,
        status: Option<Status>,
    ) -> Result<Vec<Application>, StoreError> {
        let mut condition = format!("{GSI1_PK} = :pk");
        let mut values = HashMap::from([(
            ":pk".to_string(),
            string_value(format!("CAMPAIGN#{campaign}")),
        )]);
        if let Some(status) = status {
            condition.push_str(&format!(" AND begins_with({GSI1_SK}, :prefix)"));
            values.insert(
                ":prefix".to_string(),
                string_value(format!("STATUS#{status}#")),
            );
        }
        let items = self.query_all(Some(GSI1), &condition, values).await?;
        items.iter().map(from_item).collect()
    }

    async fn list_application_ids(&self, campaign: i16) -> Result<Vec<ApplicationId>, StoreError> {
        let values = HashMap::from([(
            ":pk".to_string(),
            string_value(format!("CAMPAIGN#{campaign}")),
        )]);
        let items = self
            .query_pages(
                Some(GSI1),
                &format!("{GSI1_PK} = :pk"),
                None,
                Some(PK),
                values,
            )
            .await?;
        items
            .iter()
            .map(|item| {
                item.get(PK)
                    .and_then(|v| v.as_s().ok())
                    .and_then(|pk| pk.strip_prefix("APP#"))
                    .and_then(ApplicationId::parse)
                    .ok_or_else(|| StoreError::Corrupt("an application key without its id".into()))
            })
            .collect()
    }

    async fn list_unconfirmed(&self, campaign: i16) -> Result<Vec<Application>, StoreError> {
        let values = HashMap::from([
            (
                ":pk".to_string(),
                string_value(format!("CAMPAIGN#{campaign}")),
            ),
            (":sent".to_string(), string_value("sent:")),
        ]);
        let items = self
            .query_filtered(
                Some(GSI1),
                &format!("{GSI1_PK} = :pk"),
                Some("attribute_exists(confirmation) AND NOT begins_with(confirmation, :sent)"),
                values,
            )
            .await?;
        items.iter().map(from_item).collect()
    }

    async fn next_reference_number(&self, series: &str) -> Result<u64, StoreError> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, string_value(format!("COUNTER#{series}")))
            .key(SK, string_value("COUNTER"))
            .update_expression("ADD #last :one")
            .expression_attribute_names("#last", "last")
            .expression_attribute_values(":one", number_value(1))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(backend)?;
        let last = out
            .attributes()
            .and_then(|a| a.get("last"))
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| StoreError::Corrupt(format!("counter {series} returned no number")))?;
        Ok(last)
    }
}
