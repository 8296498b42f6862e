//! The store on one DynamoDB table (see [`crate::table`] for keys and access patterns).
//! One file per store capability; items are written and read by attribute name, through
//! [`Fields`] on the way in.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use casebook_domain::{ApplicationId, StoreError};
use jiff::Timestamp;

use crate::table::{PK, SK};

mod applications;
mod assignments;
mod attachments;
mod campaigns;
mod conversations;
mod decisions;
mod draft_addresses;
mod link_codes;
mod opt_outs;
mod organizers;
mod questions;
mod rehearsal;
mod reviewers;
mod reviews;

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

/// An item from its attributes.
fn fields<const N: usize>(attributes: [(&str, AttributeValue); N]) -> Item {
    attributes
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect()
}

/// A string attribute.
fn string_value(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

/// A number attribute.
fn number_value(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn app_pk(id: ApplicationId) -> String {
    format!("APP#{id}")
}

/// An SDK error, kept whole as the cause (its chain is what `describe` reads in logs).
fn backend(err: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::failed(err)
}

type PutResult = Result<
    aws_sdk_dynamodb::operation::put_item::PutItemOutput,
    aws_sdk_dynamodb::error::SdkError<aws_sdk_dynamodb::operation::put_item::PutItemError>,
>;

/// A conditional UpdateItem's outcome: a failed condition is a `Conflict`.
pub(super) fn conditional_update<T>(
    result: Result<T, SdkError<UpdateItemError>>,
) -> Result<(), StoreError> {
    match result {
        Ok(_) => Ok(()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
        {
            Err(StoreError::Conflict)
        }
        Err(e) => Err(backend(e)),
    }
}

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
    number_value(until.as_second().max(real))
}

/// Milliseconds since the epoch, zero-padded so that strings sort like numbers.
fn sortable_ms(t: Timestamp) -> String {
    format!("{:020}", t.as_millisecond().max(0))
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
        StoreError::Corrupt(format!("stored {} {id} has a bad {name}", self.kind))
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

impl DynamoStore {
    /// The item stored under (`pk`, `sk`), read consistently: what was just written.
    async fn item(
        &self,
        pk: impl Into<String>,
        sk: impl Into<String>,
    ) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(PK, string_value(pk))
            .key(SK, string_value(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        Ok(out.item)
    }

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
        self.query_pages(index, condition, filter, None, values)
            .await
    }

    /// Every page of a query: the items (only the attributes `projection` names, when
    /// given), filtered by DynamoDB when `filter` says.
    async fn query_pages(
        &self,
        index: Option<&str>,
        condition: &str,
        filter: Option<&str>,
        projection: Option<&str>,
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
                .set_projection_expression(projection.map(str::to_string))
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

    /// Registers a record (a reviewer, an organizer) with a claim on its e-mail, both new
    /// or neither: `AlreadyExists` when the id or the e-mail is taken. The claim is
    /// `<KIND>_EMAIL#<e-mail, lower case>` / `<KIND>_EMAIL`, naming the record's id.
    async fn insert_with_email_claim(
        &self,
        kind: &str,
        item: Item,
        email: &str,
        id: String,
    ) -> Result<(), StoreError> {
        let new = |item: Item| {
            Put::builder()
                .table_name(&self.table)
                .set_item(Some(item))
                .condition_expression("attribute_not_exists(pk)")
                .build()
                .map_err(backend)
        };
        let claim = HashMap::from([
            (
                PK.to_string(),
                string_value(format!("{kind}_EMAIL#{}", email.to_lowercase())),
            ),
            (SK.to_string(), string_value(format!("{kind}_EMAIL"))),
            (format!("{}_id", kind.to_lowercase()), string_value(id)),
        ]);
        match self
            .transact(vec![put_item(new(item)?), put_item(new(claim)?)])
            .await
        {
            Err(StoreError::Conflict) => Err(StoreError::AlreadyExists),
            other => other,
        }
    }

    /// Writes `item` only where nothing is stored under its key yet; else `taken`.
    async fn put_new(&self, item: Item, taken: StoreError) -> Result<(), StoreError> {
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)");
        conditional(put.send().await, taken)
    }

    /// Writes `item` only over the stored version `expected` (`None`: only where nothing
    /// is stored yet); otherwise `Conflict` and nothing changes.
    async fn put_over_version(&self, item: Item, expected: Option<u64>) -> Result<(), StoreError> {
        let Some(expected) = expected else {
            return self.put_new(item, StoreError::Conflict).await;
        };
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(VERSION_CONDITION)
            .expression_attribute_values(":expected", number_value(expected));
        conditional(put.send().await, StoreError::Conflict)
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
