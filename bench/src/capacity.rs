//! The read and write units DynamoDB (on-demand) bills for the requests casebook made,
//! worked out by DynamoDB's documented rules from the items themselves: the local
//! AWS-compatible server answers `ReturnConsumedCapacity` with a fixed 0.5 or 1 per call,
//! whatever the item's size, so its figure would undercount casebook's larger items.
//!
//! The rules (developer guide, "Item sizes and formats" and "Read/write capacity mode"):
//! - an item's size is the sum of its attribute names and values (strings in UTF-8 bytes,
//!   numbers 1 byte per two significant digits plus 1, binary its raw bytes, booleans and
//!   nulls 1 byte, lists and maps 3 bytes plus their elements plus 1 byte each);
//! - a read is one unit per 4 KB (a query: of all the items it read together), half of
//!   that when eventually consistent, twice that in a transaction;
//! - a write is one unit per 1 KB of the larger of the item before and after, twice that
//!   in a transaction; a write that fails its condition is billed as well;
//! - an index with every attribute projected is written too whenever an item it holds is
//!   written (the item's size plus 100 bytes).
//!
//! Sizes before and after a write come from copies of the table taken around each
//! operation (`Shadow`): the wire shows what a `PutItem` writes, not what an `UpdateItem`
//! leaves. When one operation writes an item twice, both writes are billed at the larger
//! of its sizes before and after the operation.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::wire::{Call, Service};

const READ_UNIT: usize = 4096;
const WRITE_UNIT: usize = 1024;
/// What an index entry costs beyond the item's attributes.
const INDEX_OVERHEAD: usize = 100;

/// The table's partition and sort key attributes, and the index's partition key.
const PK: &str = "pk";
const SK: &str = "sk";
const INDEX_KEY: &str = "gsi1pk";

type Key = (String, String);

/// A copy of the table: each item's size, and whether the index holds it.
#[derive(Default, Clone)]
pub struct Shadow {
    items: HashMap<Key, (usize, bool)>,
}

impl Shadow {
    /// From the items of a full scan (DynamoDB's JSON, as on the wire).
    pub fn of(items: &[Value]) -> Shadow {
        let mut shadow = Shadow::default();
        for item in items {
            if let (Some(map), Some(key)) = (item.as_object(), key_of(item)) {
                shadow
                    .items
                    .insert(key, (item_size(map), map.contains_key(INDEX_KEY)));
            }
        }
        shadow
    }

    fn get(&self, key: &Key) -> (usize, bool) {
        self.items.get(key).copied().unwrap_or((0, false))
    }

    /// Every item's size, summed: what storage bills.
    pub fn bytes(&self) -> usize {
        self.items
            .values()
            .map(|(size, _)| size + INDEX_OVERHEAD)
            .sum()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }
}

/// Read and write units of some requests.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Units {
    pub read: f64,
    pub write: f64,
}

impl std::ops::AddAssign for Units {
    fn add_assign(&mut self, other: Units) {
        self.read += other.read;
        self.write += other.write;
    }
}

/// The units of the DynamoDB calls among `calls`, made between `before` and `after`.
pub fn units(calls: &[Call], before: &Shadow, after: &Shadow) -> Units {
    let mut total = Units::default();
    for call in calls.iter().filter(|c| c.service == Service::DynamoDb) {
        let request: Value = serde_json::from_slice(&call.request).unwrap_or(Value::Null);
        let response: Value = serde_json::from_slice(&call.response).unwrap_or(Value::Null);
        // A refused condition is billed as the write would have been; other errors are not.
        let refused_condition = call.status == 400
            && response["__type"].as_str().is_some_and(|t| {
                t.ends_with("ConditionalCheckFailedException")
                    || t.ends_with("TransactionCanceledException")
            });
        if call.status != 200 && !refused_condition {
            continue;
        }
        total += call_units(&call.operation, &request, &response, before, after);
    }
    total
}

fn call_units(
    op: &str,
    request: &Value,
    response: &Value,
    before: &Shadow,
    after: &Shadow,
) -> Units {
    let consistent = request["ConsistentRead"].as_bool().unwrap_or(false);
    let read = |bytes: usize, factor: f64| bytes.max(1).div_ceil(READ_UNIT) as f64 * factor;
    let eventual = if consistent { 1.0 } else { 0.5 };
    match op {
        "GetItem" => Units {
            read: read(sized(&response["Item"]), eventual),
            write: 0.0,
        },
        "Query" | "Scan" => {
            let items = response["Items"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let mut bytes: usize = items.iter().map(sized).sum();
            // A filter is applied after the read: the items it dropped were read too.
            let scanned = response["ScannedCount"].as_u64().unwrap_or(0) as usize;
            let dropped = scanned.saturating_sub(items.len());
            if dropped > 0 {
                let average = if items.is_empty() {
                    after.bytes() / after.len().max(1)
                } else {
                    bytes / items.len()
                };
                bytes += dropped * average;
            }
            Units {
                read: read(bytes, eventual),
                write: 0.0,
            }
        }
        "BatchGetItem" => {
            let mut units = Units::default();
            for items in response["Responses"]
                .as_object()
                .into_iter()
                .flat_map(Map::values)
            {
                for item in items.as_array().into_iter().flatten() {
                    units.read += read(sized(item), 0.5);
                }
            }
            units
        }
        "TransactGetItems" => {
            let mut units = Units::default();
            for item in response["Responses"].as_array().into_iter().flatten() {
                units.read += read(sized(&item["Item"]), 2.0);
            }
            units
        }
        "PutItem" => write(
            key_of(&request["Item"]),
            sized(&request["Item"]),
            1.0,
            before,
            after,
        ),
        "UpdateItem" | "DeleteItem" => write(key_of(&request["Key"]), 0, 1.0, before, after),
        "TransactWriteItems" => {
            let mut units = Units::default();
            for item in request["TransactItems"].as_array().into_iter().flatten() {
                units += if let Some(put) = item.get("Put") {
                    write(
                        key_of(&put["Item"]),
                        sized(&put["Item"]),
                        2.0,
                        before,
                        after,
                    )
                } else {
                    let inner = ["Update", "Delete", "ConditionCheck"]
                        .iter()
                        .find_map(|k| item.get(*k))
                        .unwrap_or(&Value::Null);
                    write(key_of(&inner["Key"]), 0, 2.0, before, after)
                };
            }
            units
        }
        "BatchWriteItem" => {
            let mut units = Units::default();
            for requests in request["RequestItems"]
                .as_object()
                .into_iter()
                .flat_map(Map::values)
            {
                for r in requests.as_array().into_iter().flatten() {
                    units += match (r.get("PutRequest"), r.get("DeleteRequest")) {
                        (Some(put), _) => write(
                            key_of(&put["Item"]),
                            sized(&put["Item"]),
                            1.0,
                            before,
                            after,
                        ),
                        (_, Some(delete)) => write(key_of(&delete["Key"]), 0, 1.0, before, after),
                        _ => Units::default(),
                    };
                }
            }
            units
        }
        // Table management, TTL and the like are not billed per request.
        _ => Units::default(),
    }
}

/// One item written: `factor` units per KB of the larger of its sizes, plus the index's.
fn write(key: Option<Key>, written: usize, factor: f64, before: &Shadow, after: &Shadow) -> Units {
    let Some(key) = key else {
        return Units::default();
    };
    let (was, was_indexed) = before.get(&key);
    let (is, is_indexed) = after.get(&key);
    let size = was.max(is).max(written);
    let mut units = size.max(1).div_ceil(WRITE_UNIT) as f64 * factor;
    if was_indexed || is_indexed {
        units += (size + INDEX_OVERHEAD).div_ceil(WRITE_UNIT) as f64;
    }
    Units {
        read: 0.0,
        write: units,
    }
}

fn key_of(item: &Value) -> Option<Key> {
    Some((
        item[PK]["S"].as_str()?.to_string(),
        item[SK]["S"].as_str()?.to_string(),
    ))
}

fn sized(item: &Value) -> usize {
    item.as_object().map_or(0, item_size)
}

/// An item's size by DynamoDB's rules, from its wire form (`{"name": {"S": "…"}}`).
pub fn item_size(item: &Map<String, Value>) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value_size(value))
        .sum()
}

fn value_size(value: &Value) -> usize {
    let Some((kind, v)) = value.as_object().and_then(|m| m.iter().next()) else {
        return 0;
    };
    let elements = |v: &Value| v.as_array().map(Vec::as_slice).unwrap_or(&[]).to_vec();
    match kind.as_str() {
        "S" => v.as_str().map_or(0, str::len),
        "N" => number_size(v.as_str().unwrap_or("0")),
        "B" => base64_len(v.as_str().unwrap_or("")),
        "BOOL" | "NULL" => 1,
        "SS" => elements(v)
            .iter()
            .filter_map(Value::as_str)
            .map(str::len)
            .sum(),
        "NS" => elements(v)
            .iter()
            .filter_map(Value::as_str)
            .map(number_size)
            .sum(),
        "BS" => elements(v)
            .iter()
            .filter_map(Value::as_str)
            .map(base64_len)
            .sum(),
        "L" => {
            let items = elements(v);
            3 + items.iter().map(|e| value_size(e) + 1).sum::<usize>()
        }
        "M" => {
            let map = v.as_object();
            3 + map
                .into_iter()
                .flatten()
                .map(|(name, e)| name.len() + value_size(e) + 1)
                .sum::<usize>()
        }
        _ => 0,
    }
}

/// 1 byte per two significant digits, plus 1.
fn number_size(number: &str) -> usize {
    let mantissa = number.split(['e', 'E']).next().unwrap_or("");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let significant = digits
        .trim_start_matches('0')
        .trim_end_matches('0')
        .len()
        .max(1);
    significant.div_ceil(2) + 1
}

/// The raw length of base64 text.
fn base64_len(text: &str) -> usize {
    let padding = text.bytes().rev().take_while(|b| *b == b'=').count();
    (text.len() / 4 * 3).saturating_sub(padding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(op: &str, request: Value, response: Value, status: u16) -> Call {
        Call {
            service: Service::DynamoDb,
            operation: op.into(),
            status,
            request: request.to_string().into(),
            response: response.to_string().into(),
        }
    }

    #[test]
    fn item_sizes_follow_the_documented_rules() {
        // "pk" (2) + "APP#1" (5); "n" (1) + 123.45 (5 significant digits: 3 + 1);
        // "ok" (2) + 1; "tags" (4) + list overhead 3 + ("ab" 2 + 1) + ("c" 1 + 1);
        // "m" (1) + map overhead 3 + ("k" 1 + "é" 2 + 1); "b" (1) + 3 raw bytes.
        let item = json!({
            "pk": {"S": "APP#1"},
            "n": {"N": "123.45"},
            "ok": {"BOOL": true},
            "tags": {"L": [{"S": "ab"}, {"S": "c"}]},
            "m": {"M": {"k": {"S": "é"}}},
            "b": {"B": "AAEC"}
        });
        let expected = 7 + 5 + 3 + 12 + 8 + 4;
        assert_eq!(item_size(item.as_object().unwrap()), expected);
        assert_eq!(number_size("1000"), 2, "trailing zeros are trimmed");
        assert_eq!(number_size("-0.0012"), 2);
    }

    #[test]
    fn reads_round_up_to_4_kb_and_halve_when_eventually_consistent() {
        let big = json!({"pk": {"S": "A"}, "sk": {"S": "B"}, "text": {"S": "x".repeat(5000)}});
        let empty = Shadow::default();
        let consistent = call(
            "GetItem",
            json!({"ConsistentRead": true}),
            json!({"Item": big}),
            200,
        );
        assert_eq!(units(&[consistent], &empty, &empty).read, 2.0);
        let eventual = call("GetItem", json!({}), json!({"Item": big}), 200);
        assert_eq!(units(&[eventual], &empty, &empty).read, 1.0);
        let missing = call("GetItem", json!({"ConsistentRead": true}), json!({}), 200);
        assert_eq!(
            units(&[missing], &empty, &empty).read,
            1.0,
            "a miss costs a unit"
        );
        // Two 3 KB items read by one query: 6 KB, two units, not one per item.
        let three_kb = json!({"pk": {"S": "A"}, "sk": {"S": "B"}, "t": {"S": "x".repeat(3000)}});
        let query = call(
            "Query",
            json!({"ConsistentRead": true}),
            json!({"Items": [three_kb, three_kb], "ScannedCount": 2}),
            200,
        );
        assert_eq!(units(&[query], &empty, &empty).read, 2.0);
    }

    #[test]
    fn writes_bill_the_larger_size_double_in_a_transaction_and_the_index_too() {
        let item = |text: usize, indexed: bool| {
            let mut item =
                json!({"pk": {"S": "APP#1"}, "sk": {"S": "APP"}, "t": {"S": "x".repeat(text)}});
            if indexed {
                item["gsi1pk"] = json!({"S": "DRAFT"});
            }
            item
        };
        let before = Shadow::of(&[item(2500, false)]);
        let after = Shadow::of(&[item(100, false)]);
        // Shrinking a 2.5 KB item to 0.1 KB is billed at 2.5 KB: 3 units.
        let update = call(
            "UpdateItem",
            json!({"Key": {"pk": {"S": "APP#1"}, "sk": {"S": "APP"}}}),
            json!({}),
            200,
        );
        assert_eq!(
            units(std::slice::from_ref(&update), &before, &after).write,
            3.0
        );
        let put = json!({"TransactItems": [{"Put": {"Item": item(100, false)}}]});
        let transact = call("TransactWriteItems", put, json!({}), 200);
        assert_eq!(units(&[transact], &Shadow::default(), &after).write, 2.0);
        // In the index as well: 1 unit for the table, 1 for the index's copy.
        let indexed = Shadow::of(&[item(100, true)]);
        assert_eq!(
            units(std::slice::from_ref(&update), &Shadow::default(), &indexed).write,
            2.0
        );
        // A refused condition is billed; a throttled or malformed call is not.
        let refused = call(
            "UpdateItem",
            json!({"Key": {"pk": {"S": "APP#1"}, "sk": {"S": "APP"}}}),
            json!({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}),
            400,
        );
        assert_eq!(units(&[refused], &after, &after).write, 1.0);
        let failed = Call {
            status: 500,
            ..update
        };
        assert_eq!(units(&[failed], &before, &after).write, 0.0);
    }
}
