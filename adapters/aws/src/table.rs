//! The single DynamoDB table, described once. `casebook aws init` creates it from this
//! description and a test checks that `infra/template.yaml` declares the same. Keys, items
//! and every access pattern: `casebook_domain::ports` (core/STORAGE.md).

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
