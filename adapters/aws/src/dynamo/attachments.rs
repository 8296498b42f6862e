//! Attachments in DynamoDB, each added or removed in one transaction with its application.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use casebook_domain::{
    Application, ApplicationId, Attachment, AttachmentId, AttachmentStatus, AttachmentStore,
    StoreError,
};
use jiff::Timestamp;

use super::applications::to_item;
use super::{
    DynamoStore, Fields, Item, app_pk, backend, number_value, put_item, sortable_ms, string_value,
    ttl,
};
use crate::table::{GSI1, GSI1_PK, GSI1_SK, PK, SK};

/// How long after its grant ran out a pending attachment record lives on.
const ABANDONED_TTL_SECONDS: i64 = 24 * 60 * 60;

/// The partition of the sparse index that lists pending uploads by expiry.
const PENDING_UPLOADS: &str = "UPLOAD#PENDING";

fn att_sk(id: AttachmentId) -> String {
    format!("ATT#{id}")
}

fn attachment_to_item(a: &Attachment) -> Result<Item, StoreError> {
    let mut item: Item = HashMap::from([
        (PK.to_string(), string_value(app_pk(a.application))),
        (SK.to_string(), string_value(att_sk(a.id))),
        ("id".to_string(), string_value(a.id.to_string())),
        (
            "application".to_string(),
            string_value(a.application.to_string()),
        ),
        ("campaign".to_string(), number_value(a.campaign)),
        ("filename".to_string(), string_value(a.filename.clone())),
        (
            "content_type".to_string(),
            string_value(a.content_type.clone()),
        ),
        ("size".to_string(), number_value(a.size)),
        ("status".to_string(), string_value(a.status.as_str())),
        ("version".to_string(), number_value(a.version)),
        (
            "created_at".to_string(),
            string_value(a.created_at.to_string()),
        ),
        (
            "upload_expires_at".to_string(),
            string_value(a.upload_expires_at.to_string()),
        ),
        ("uploaded".to_string(), AttributeValue::Bool(a.uploaded)),
    ]);
    if let Some(reason) = &a.reason {
        item.insert(
            "reason".to_string(),
            string_value(serde_json::to_string(reason).map_err(backend)?),
        );
    }
    if a.status == AttachmentStatus::Pending {
        // A grant never used leaves a pending record: the table's TTL removes it a day
        // after the grant ran out (the embedded backend sweeps instead).
        let life = jiff::SignedDuration::from_secs(ABANDONED_TTL_SECONDS + 60 * 60);
        let until = a
            .upload_expires_at
            .saturating_add(jiff::SignedDuration::from_secs(ABANDONED_TTL_SECONDS))
            .unwrap_or(a.upload_expires_at);
        item.insert(
            crate::table::TABLE.ttl_attribute.to_string(),
            ttl(until, life),
        );
        item.insert(GSI1_PK.to_string(), string_value(PENDING_UPLOADS));
        item.insert(
            GSI1_SK.to_string(),
            string_value(format!("{}#{}", sortable_ms(a.upload_expires_at), a.id)),
        );
    }
    Ok(item)
}

fn attachment_from_item(item: &Item) -> Result<Attachment, StoreError> {
    let f = Fields {
        item,
        kind: "attachment",
    };
    Ok(Attachment {
        id: AttachmentId::parse(f.text("id")?).ok_or_else(|| f.corrupt("id"))?,
        application: ApplicationId::parse(f.text("application")?)
            .ok_or_else(|| f.corrupt("application"))?,
        campaign: f.parsed("campaign")?,
        filename: f.text("filename")?.to_string(),
        content_type: f.text("content_type")?.to_string(),
        size: f.parsed("size")?,
        status: AttachmentStatus::parse(f.text("status")?).ok_or_else(|| f.corrupt("status"))?,
        reason: f
            .optional_text("reason")
            .map(serde_json::from_str)
            .transpose()
            .map_err(|_| f.corrupt("reason"))?,
        version: f.parsed("version")?,
        created_at: f.parsed("created_at")?,
        upload_expires_at: f.parsed("upload_expires_at")?,
        uploaded: item
            .get("uploaded")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
    })
}

#[async_trait]
impl AttachmentStore for DynamoStore {
    async fn add_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        attachment: &Attachment,
    ) -> Result<(), StoreError> {
        let app_put = self.versioned_put(to_item(app)?, expected_app_version)?;
        let att_put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(attachment_to_item(attachment)?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(backend)?;
        self.transact(vec![put_item(app_put), put_item(att_put)])
            .await
    }

    async fn get_attachment(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Option<Attachment>, StoreError> {
        let out = self.item(app_pk(app), att_sk(id)).await?;
        out.as_ref().map(attachment_from_item).transpose()
    }

    async fn list_attachments(&self, app: ApplicationId) -> Result<Vec<Attachment>, StoreError> {
        let values = HashMap::from([
            (":pk".to_string(), string_value(app_pk(app))),
            (":att".to_string(), string_value("ATT#")),
        ]);
        let items = self
            .query_all(None, "pk = :pk AND begins_with(sk, :att)", values)
            .await?;
        let mut list = items
            .iter()
            .map(attachment_from_item)
            .collect::<Result<Vec<_>, _>>()?;
        list.sort_by_key(|a| (a.created_at, a.id));
        Ok(list)
    }

    async fn update_attachment(
        &self,
        attachment: &Attachment,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        self.put_over_version(attachment_to_item(attachment)?, Some(expected_version))
            .await
    }

    async fn remove_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        id: AttachmentId,
    ) -> Result<(), StoreError> {
        let app_put = self.versioned_put(to_item(app)?, expected_app_version)?;
        let delete = Delete::builder()
            .table_name(&self.table)
            .key(PK, string_value(app_pk(app.id)))
            .key(SK, string_value(att_sk(id)))
            .condition_expression("attribute_exists(pk)")
            .build()
            .map_err(backend)?;
        self.transact(vec![
            put_item(app_put),
            TransactWriteItem::builder().delete(delete).build(),
        ])
        .await
    }

    async fn list_abandoned_attachments(
        &self,
        before: Timestamp,
    ) -> Result<Vec<Attachment>, StoreError> {
        let values = HashMap::from([
            (":pending".to_string(), string_value(PENDING_UPLOADS)),
            (":before".to_string(), string_value(sortable_ms(before))),
        ]);
        let condition = format!("{GSI1_PK} = :pending AND {GSI1_SK} < :before");
        let items = self.query_all(Some(GSI1), &condition, values).await?;
        items.iter().map(attachment_from_item).collect()
    }
}
