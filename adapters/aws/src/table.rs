//! The single DynamoDB table, described once. `casebook aws init` creates it from this
//! description and a test checks that `infra/template.yaml` declares the same.
//!
//! # Keys
//!
//! Every item has a partition key `pk` and a sort key `sk` (strings); items that are
//! listed also carry `gsi1pk`/`gsi1sk` for the one global secondary index `gsi1`
//! (projection ALL). `expires_at` (epoch seconds) is the TTL attribute.
//!
//! | item | pk | sk | gsi1pk | gsi1sk |
//! |---|---|---|---|---|
//! | application | `APP#<id>` | `APP` | `CAMPAIGN#<year>` | `STATUS#<status>#<id>` |
//! | reference claim | `REF#<reference>` | `REF` | | |
//! | reference counter | `COUNTER#<series>` | `COUNTER` | | |
//!
//! # Access patterns
//!
//! | pattern | served by |
//! |---|---|
//! | create an application (id unique) | PutItem `APP#<id>`, `attribute_not_exists(pk)` |
//! | read an application | GetItem `APP#<id>` / `APP`, consistent read |
//! | change an application | PutItem with `version = :expected` |
//! | submit (reference unique) | TransactWriteItems: the application (`version = :expected`) + the claim `REF#<reference>` (`attribute_not_exists(pk) OR application_id = :id`) |
//! | allocate a reference number | UpdateItem `ADD last :1` on `COUNTER#<series>`, returning the new value |
//! | list a campaign's applications, by status | Query `gsi1`: `gsi1pk = CAMPAIGN#<year>` [and `begins_with(gsi1sk, STATUS#<status>#)`], every page |

/// A key attribute: name and DynamoDB scalar type (`S`, `N` or `B`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyAttribute {
    pub name: &'static str,
    pub kind: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexSpec {
    pub name: &'static str,
    pub partition_key: KeyAttribute,
    pub sort_key: KeyAttribute,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSpec {
    pub partition_key: KeyAttribute,
    pub sort_key: KeyAttribute,
    pub indexes: &'static [IndexSpec],
    pub ttl_attribute: &'static str,
}

pub const PK: &str = "pk";
pub const SK: &str = "sk";
pub const GSI1: &str = "gsi1";
pub const GSI1_PK: &str = "gsi1pk";
pub const GSI1_SK: &str = "gsi1sk";

pub const TABLE: TableSpec = TableSpec {
    partition_key: KeyAttribute {
        name: PK,
        kind: "S",
    },
    sort_key: KeyAttribute {
        name: SK,
        kind: "S",
    },
    indexes: &[IndexSpec {
        name: GSI1,
        partition_key: KeyAttribute {
            name: GSI1_PK,
            kind: "S",
        },
        sort_key: KeyAttribute {
            name: GSI1_SK,
            kind: "S",
        },
    }],
    ttl_attribute: "expires_at",
};

impl TableSpec {
    /// Every attribute that appears in a key of the table or an index.
    pub fn key_attributes(&self) -> Vec<KeyAttribute> {
        let mut all = vec![self.partition_key, self.sort_key];
        for index in self.indexes {
            all.push(index.partition_key);
            all.push(index.sort_key);
        }
        all
    }
}
