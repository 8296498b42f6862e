//! The store on one DynamoDB table (see [`crate::table`] for keys and access patterns).

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, ReturnValue, TransactWriteItem};
use casebook_core::application::ApplicationContent;
use casebook_core::{
    Application, ApplicationId, ApplicationStore, Attachment, AttachmentId, AttachmentStatus,
    Confirmation, Owner, Reference, Status, StoreError, TokenHash,
};
use casebook_core::{SavedDialogue, UnansweredQuestion};
use jiff::Timestamp;

use crate::describe;
use crate::table::{GSI1, GSI1_PK, GSI1_SK, PK, SK};

type Item = HashMap<String, AttributeValue>;

/// An application is only replaced if nobody changed it since it was read.
const VERSION_CONDITION: &str = "version = :expected";

/// How often a transaction that collided with another one is tried again before the
/// collision is reported as a conflict.
const TRANSACTION_ATTEMPTS: u32 = 4;

#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
    /// Items per Query page; `None` lets DynamoDB fill pages up to 1 MB.
    page_limit: Option<i32>,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client,
            table: table.into(),
            page_limit: None,
        }
    }

    /// A store on `table` with a client of its own built from `config`.
    pub fn from_config(config: &aws_config::SdkConfig, table: impl Into<String>) -> DynamoStore {
        DynamoStore::new(Client::new(config), table)
    }

    /// Caps the items per Query page, so tests can make many pages from few items.
    pub fn with_page_limit(mut self, limit: i32) -> DynamoStore {
        self.page_limit = Some(limit);
        self
    }
}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn app_pk(id: ApplicationId) -> String {
    format!("APP#{id}")
}

fn backend(err: impl std::error::Error + 'static) -> StoreError {
    StoreError::Backend(describe(&err))
}

type PutResult = Result<
    aws_sdk_dynamodb::operation::put_item::PutItemOutput,
    aws_sdk_dynamodb::error::SdkError<aws_sdk_dynamodb::operation::put_item::PutItemError>,
>;

/// The outcome of a conditional PutItem: a failed condition becomes `on_condition_failed`.
fn conditional(result: PutResult, on_condition_failed: StoreError) -> Result<(), StoreError> {
    match result {
        Ok(_) => Ok(()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
        {
            Err(on_condition_failed)
        }
        Err(e) => Err(backend(e)),
    }
}

fn put_item(put: Put) -> TransactWriteItem {
    TransactWriteItem::builder().put(put).build()
}

/// A TTL attribute (epoch seconds) for an item that lives until `until` on the services'
/// clock. DynamoDB deletes by the real clock, so the item also lives at least `life` from
/// the real now: a rehearsal clock (`--now` in the past) never has it deleted early.
fn ttl(until: Timestamp, life: jiff::SignedDuration) -> AttributeValue {
    let real = Timestamp::now().as_second().saturating_add(life.as_secs());
    n(until.as_second().max(real))
}

/// How long after its grant ran out a pending attachment record lives on.
const ABANDONED_TTL_SECONDS: i64 = 24 * 60 * 60;

/// The partition that keeps unanswered questions, sorted by time (a few hundred a season).
const QUESTIONS: &str = "QUESTIONS";

/// The partition of the sparse index that lists pending uploads by expiry.
const PENDING_UPLOADS: &str = "UPLOAD#PENDING";

fn att_sk(id: AttachmentId) -> String {
    format!("ATT#{id}")
}

/// Milliseconds since the epoch, zero-padded so that strings sort like numbers.
fn sortable_ms(t: Timestamp) -> String {
    format!("{:020}", t.as_millisecond().max(0))
}

fn attachment_to_item(a: &Attachment) -> Result<Item, StoreError> {
    let mut item: Item = HashMap::from([
        (PK.to_string(), s(app_pk(a.application))),
        (SK.to_string(), s(att_sk(a.id))),
        ("id".to_string(), s(a.id.to_string())),
        ("application".to_string(), s(a.application.to_string())),
        ("campaign".to_string(), n(a.campaign)),
        ("filename".to_string(), s(a.filename.clone())),
        ("content_type".to_string(), s(a.content_type.clone())),
        ("size".to_string(), n(a.size)),
        ("status".to_string(), s(a.status.as_str())),
        ("version".to_string(), n(a.version)),
        ("created_at".to_string(), s(a.created_at.to_string())),
        (
            "upload_expires_at".to_string(),
            s(a.upload_expires_at.to_string()),
        ),
        ("uploaded".to_string(), AttributeValue::Bool(a.uploaded)),
    ]);
    if let Some(reason) = &a.reason {
        item.insert(
            "reason".to_string(),
            s(serde_json::to_string(reason).map_err(backend)?),
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
        item.insert(GSI1_PK.to_string(), s(PENDING_UPLOADS));
        item.insert(
            GSI1_SK.to_string(),
            s(format!("{}#{}", sortable_ms(a.upload_expires_at), a.id)),
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

fn to_item(app: &Application) -> Result<Item, StoreError> {
    let content = serde_json::to_string(&app.content).map_err(backend)?;
    let mut item: Item = HashMap::from([
        (PK.to_string(), s(app_pk(app.id))),
        (SK.to_string(), s("APP")),
        (GSI1_PK.to_string(), s(format!("CAMPAIGN#{}", app.campaign))),
        (
            GSI1_SK.to_string(),
            s(format!("STATUS#{}#{}", app.status, app.id)),
        ),
        ("id".to_string(), s(app.id.to_string())),
        ("campaign".to_string(), n(app.campaign)),
        ("status".to_string(), s(app.status.as_str())),
        ("version".to_string(), n(app.version)),
        ("created_at".to_string(), s(app.created_at.to_string())),
        ("updated_at".to_string(), s(app.updated_at.to_string())),
        ("content".to_string(), s(content)),
        (
            "owners".to_string(),
            AttributeValue::L(app.owners.iter().map(|o| s(o.to_stored())).collect()),
        ),
    ]);
    if let Some(r) = &app.reference {
        item.insert("reference".to_string(), s(r.as_str()));
    }
    if let Some(t) = app.submitted_at {
        item.insert("submitted_at".to_string(), s(t.to_string()));
    }
    if let Some(c) = app.confirmation {
        item.insert("confirmation".to_string(), s(c.to_stored()));
    }
    Ok(item)
}

/// Reads the attributes of a stored item, naming the item and attribute when one is bad.
struct Fields<'a> {
    item: &'a Item,
    kind: &'static str,
}

impl Fields<'_> {
    fn corrupt(&self, name: &str) -> StoreError {
        let id = self
            .item
            .get("id")
            .and_then(|v| v.as_s().ok())
            .map(String::as_str)
            .unwrap_or("?");
        StoreError::Backend(format!("stored {} {id} has a bad {name}", self.kind))
    }

    fn text(&self, name: &str) -> Result<&str, StoreError> {
        self.item
            .get(name)
            .and_then(|v| v.as_s().ok())
            .map(String::as_str)
            .ok_or_else(|| self.corrupt(name))
    }

    fn optional_text(&self, name: &str) -> Option<&str> {
        self.item
            .get(name)
            .and_then(|v| v.as_s().ok())
            .map(String::as_str)
    }

    /// A text or number attribute parsed as `T`.
    fn parsed<T: std::str::FromStr>(&self, name: &str) -> Result<T, StoreError> {
        let raw = match self.item.get(name) {
            Some(AttributeValue::N(n)) => n.as_str(),
            _ => self.text(name)?,
        };
        raw.parse().map_err(|_| self.corrupt(name))
    }

    fn optional_parsed<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, StoreError> {
        self.item.get(name).map(|_| self.parsed(name)).transpose()
    }
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
    })
}

impl DynamoStore {
    /// Every item of a Query, following `LastEvaluatedKey` through all pages.
    async fn query_all(
        &self,
        index: Option<&str>,
        condition: &str,
        values: HashMap<String, AttributeValue>,
    ) -> Result<Vec<Item>, StoreError> {
        self.query_filtered(index, condition, None, values).await
    }

    /// [`Self::query_all`] with a filter applied by DynamoDB before items are returned.
    async fn query_filtered(
        &self,
        index: Option<&str>,
        condition: &str,
        filter: Option<&str>,
        values: HashMap<String, AttributeValue>,
    ) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .set_index_name(index.map(str::to_string))
                .key_condition_expression(condition)
                .set_filter_expression(filter.map(str::to_string))
                .set_expression_attribute_values(Some(values.clone()))
                .set_exclusive_start_key(start.take())
                .set_limit(self.page_limit)
                .send()
                .await
                .map_err(backend)?;
            items.extend(out.items().iter().cloned());
            match out.last_evaluated_key() {
                Some(key) if !key.is_empty() => start = Some(key.clone()),
                _ => return Ok(items),
            }
        }
    }

    /// The conditional write of an application whose stored version must be `expected`.
    fn versioned_put(&self, item: Item, expected: u64) -> Result<Put, StoreError> {
        Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(VERSION_CONDITION)
            .expression_attribute_values(":expected", n(expected))
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
            .item(PK, s(format!("REF#{reference}")))
            .item(SK, s("REF"))
            .item("application_id", s(owner.to_string()))
            .condition_expression("attribute_not_exists(pk) OR application_id = :owner")
            .expression_attribute_values(":owner", s(owner.to_string()))
            .build()
            .map_err(backend)
    }

    async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<(), StoreError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items.clone()))
                .send()
                .await;
            let Err(err) = result else { return Ok(()) };
            let reasons: Vec<String> = err
                .as_service_error()
                .and_then(|e| match e {
                    aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(c) => {
                        Some(c.cancellation_reasons().iter().filter_map(|r| r.code().map(str::to_string)).collect())
                    }
                    _ => None,
                })
                .unwrap_or_default();
            let in_progress = err
                .as_service_error()
                .is_some_and(|e| e.is_transaction_in_progress_exception());
            if reasons.iter().any(|r| r == "ConditionalCheckFailed") {
                return Err(StoreError::Conflict);
            }
            if reasons.iter().any(|r| r == "TransactionConflict") || in_progress {
                if attempt < TRANSACTION_ATTEMPTS {
                    tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt))).await;
                    continue;
                }
                // Another writer keeps winning: report it as the conflict it is.
                tracing::warn!(attempts = attempt, "transaction conflict persisted");
                return Err(StoreError::Conflict);
            }
            return Err(backend(err));
        }
    }
}

#[async_trait]
impl ApplicationStore for DynamoStore {
    #[tracing::instrument(skip_all, fields(application_id = %app.id))]
    async fn insert_application(&self, app: &Application) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(app)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        conditional(result, StoreError::AlreadyExists)
    }

    async fn get_application(&self, id: ApplicationId) -> Result<Option<Application>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(PK, s(app_pk(id)))
            .key(SK, s("APP"))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        out.item().map(from_item).transpose()
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
            None => {
                let result = self
                    .client
                    .put_item()
                    .table_name(&self.table)
                    .set_item(Some(item))
                    .condition_expression(VERSION_CONDITION)
                    .expression_attribute_values(":expected", n(expected_version))
                    .send()
                    .await;
                conditional(result, StoreError::Conflict)
            }
        }
    }

    async fn list_applications(
        &self,
        campaign: i16,
        status: Option<Status>,
    ) -> Result<Vec<Application>, StoreError> {
        let mut condition = format!("{GSI1_PK} = :pk");
        let mut values = HashMap::from([(":pk".to_string(), s(format!("CAMPAIGN#{campaign}")))]);
        if let Some(status) = status {
            condition.push_str(&format!(" AND begins_with({GSI1_SK}, :prefix)"));
            values.insert(":prefix".to_string(), s(format!("STATUS#{status}#")));
        }
        let items = self.query_all(Some(GSI1), &condition, values).await?;
        items.iter().map(from_item).collect()
    }

    async fn list_unconfirmed(&self, campaign: i16) -> Result<Vec<Application>, StoreError> {
        let values = HashMap::from([
            (":pk".to_string(), s(format!("CAMPAIGN#{campaign}"))),
            (":sent".to_string(), s("sent:")),
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
            .key(PK, s(format!("COUNTER#{series}")))
            .key(SK, s("COUNTER"))
            .update_expression("ADD #last :one")
            .expression_attribute_names("#last", "last")
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(backend)?;
        let last = out
            .attributes()
            .and_then(|a| a.get("last"))
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| StoreError::Backend(format!("counter {series} returned no number")))?;
        Ok(last)
    }

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
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(PK, s(app_pk(app)))
            .key(SK, s(att_sk(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        out.item().map(attachment_from_item).transpose()
    }

    async fn list_attachments(&self, app: ApplicationId) -> Result<Vec<Attachment>, StoreError> {
        let values = HashMap::from([
            (":pk".to_string(), s(app_pk(app))),
            (":att".to_string(), s("ATT#")),
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
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(attachment_to_item(attachment)?))
            .condition_expression(VERSION_CONDITION)
            .expression_attribute_values(":expected", n(expected_version))
            .send()
            .await;
        conditional(result, StoreError::Conflict)
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
            .key(PK, s(app_pk(app.id)))
            .key(SK, s(att_sk(id)))
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
            (":pending".to_string(), s(PENDING_UPLOADS)),
            (":before".to_string(), s(sortable_ms(before))),
        ]);
        let condition = format!("{GSI1_PK} = :pending AND {GSI1_SK} < :before");
        let items = self.query_all(Some(GSI1), &condition, values).await?;
        items.iter().map(attachment_from_item).collect()
    }

    async fn load_dialogue(&self, key: &str) -> Result<Option<SavedDialogue>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(PK, s(format!("DIALOGUE#{key}")))
            .key(SK, s("DIALOGUE"))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        out.item()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "dialogue",
                };
                Ok(SavedDialogue {
                    state: f.text("state")?.to_string(),
                    version: f.parsed("version")?,
                    updated_at: f.parsed("updated_at")?,
                })
            })
            .transpose()
    }

    async fn save_dialogue(
        &self,
        key: &str,
        state: &str,
        expected: Option<u64>,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let next = expected.unwrap_or(0) + 1;
        let mut request = self
            .client
            .put_item()
            .table_name(&self.table)
            .item(PK, s(format!("DIALOGUE#{key}")))
            .item(SK, s("DIALOGUE"))
            .item("id", s(key))
            .item("state", s(state))
            .item("version", n(next))
            .item("updated_at", s(at.to_string()));
        request = match expected {
            None => request.condition_expression("attribute_not_exists(pk)"),
            Some(v) => request
                .condition_expression(VERSION_CONDITION)
                .expression_attribute_values(":expected", n(v)),
        };
        conditional(request.send().await, StoreError::Conflict).map(|()| next)
    }

    async fn claim_update(
        &self,
        key: &str,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<bool, StoreError> {
        // Telegram redelivers for about a day at most: the marker expires after a week.
        let week = jiff::SignedDuration::from_hours(7 * 24);
        let expires = ttl(now.saturating_add(week).unwrap_or(now), week);
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item(PK, s(format!("UPDATE#{key}")))
            .item(SK, s("UPDATE"))
            .item("taken_at", s(now.to_string()))
            .item("lease_ms", n(lease_until.as_millisecond()))
            .item(crate::table::TABLE.ttl_attribute, expires)
            // New, or held by a taker whose lease ran out; a finished one has no lease.
            .condition_expression("attribute_not_exists(pk) OR lease_ms <= :now")
            .expression_attribute_values(":now", n(now.as_millisecond()))
            .send()
            .await;
        match conditional(result, StoreError::AlreadyExists) {
            Ok(()) => Ok(true),
            Err(StoreError::AlreadyExists) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn finish_update(&self, key: &str) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key(PK, s(format!("UPDATE#{key}")))
            .key(SK, s("UPDATE"))
            .update_expression("REMOVE lease_ms")
            .condition_expression("attribute_exists(pk)")
            .send()
            .await
            .map(|_| ())
            .or_else(|e| {
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception())
                {
                    Ok(()) // released meanwhile: nothing to finish
                } else {
                    Err(backend(e))
                }
            })
    }

    async fn release_update(&self, key: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(format!("UPDATE#{key}")))
            .key(SK, s("UPDATE"))
            .send()
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn create_link_code(
        &self,
        code: &str,
        payload: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item(PK, s(format!("LINK#{code}")))
            .item(SK, s("LINK"))
            .item("payload", s(payload))
            .item("expires_ms", n(expires_at.as_millisecond()))
            .item(
                crate::table::TABLE.ttl_attribute,
                ttl(
                    expires_at,
                    jiff::SignedDuration::from_mins(casebook_core::LINK_MINUTES + 1),
                ),
            )
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        conditional(result, StoreError::AlreadyExists)
    }

    async fn take_link_code(
        &self,
        code: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        // A conditional delete that returns the old item: only one caller gets it.
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(format!("LINK#{code}")))
            .key(SK, s("LINK"))
            .condition_expression("attribute_exists(pk)")
            .return_values(ReturnValue::AllOld)
            .send()
            .await;
        match result {
            Ok(out) => {
                let Some(item) = out.attributes() else {
                    return Ok(None);
                };
                let f = Fields {
                    item,
                    kind: "link code",
                };
                let expires: i64 = f.parsed("expires_ms")?;
                Ok((now.as_millisecond() < expires)
                    .then(|| f.text("payload").map(str::to_string))
                    .transpose()?)
            }
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(None)
            }
            Err(e) => Err(backend(e)),
        }
    }

    async fn record_question(&self, q: &UnansweredQuestion) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item(PK, s(QUESTIONS))
            .item(SK, s(format!("{}#{}", sortable_ms(q.asked_at), q.id)))
            .item("id", s(&q.id))
            .item("channel", s(&q.channel))
            .item("text", s(&q.text))
            .item("asked_at", s(q.asked_at.to_string()))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        conditional(result, StoreError::AlreadyExists)
    }

    async fn list_questions(
        &self,
        since: Timestamp,
    ) -> Result<Vec<UnansweredQuestion>, StoreError> {
        let values = HashMap::from([
            (":pk".to_string(), s(QUESTIONS)),
            (":since".to_string(), s(sortable_ms(since))),
        ]);
        let items = self
            .query_all(None, "pk = :pk AND sk >= :since", values)
            .await?;
        items
            .iter()
            .map(|item| {
                let f = Fields {
                    item,
                    kind: "question",
                };
                Ok(UnansweredQuestion {
                    id: f.text("id")?.to_string(),
                    channel: f.text("channel")?.to_string(),
                    text: f.text("text")?.to_string(),
                    asked_at: f.parsed("asked_at")?,
                })
            })
            .collect()
    }
}
