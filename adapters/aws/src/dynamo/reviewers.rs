//! The registry of reviewers in DynamoDB: one item per reviewer, listed through the
//! index, and a claim item per e-mail so an address is registered once.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use casebook_domain::{CountryCode, Email, Lang, Reviewer, ReviewerId, ReviewerStore, StoreError};

use super::{DynamoStore, Fields, Item, number_value, string_value};
use crate::table::{GSI1, GSI1_PK, GSI1_SK, PK, SK};

/// The index partition every reviewer is listed under (a few hundred a year).
const REVIEWERS: &str = "REVIEWERS";

fn reviewer_pk(id: ReviewerId) -> String {
    format!("REVIEWER#{id}")
}

fn to_item(r: &Reviewer) -> Result<Item, StoreError> {
    let json = |v: &Vec<String>| serde_json::to_string(v).map_err(StoreError::failed);
    let areas = json(&r.areas)?;
    let excluded = json(&r.excluded_organizations)?;
    Ok(HashMap::from([
        (PK.to_string(), string_value(reviewer_pk(r.id))),
        (SK.to_string(), string_value("REVIEWER")),
        (GSI1_PK.to_string(), string_value(REVIEWERS)),
        (GSI1_SK.to_string(), string_value(r.id.to_string())),
        ("id".to_string(), string_value(r.id.to_string())),
        ("name".to_string(), string_value(r.name.clone())),
        ("email".to_string(), string_value(r.email.as_str())),
        ("country".to_string(), string_value(r.country.to_string())),
        (
            "organization".to_string(),
            string_value(r.organization.clone()),
        ),
        ("areas".to_string(), string_value(areas)),
        ("excluded_organizations".to_string(), string_value(excluded)),
        ("generation".to_string(), number_value(r.generation)),
        ("revoked".to_string(), AttributeValue::Bool(r.revoked)),
        (
            "years".to_string(),
            string_value(serde_json::to_string(&r.years).map_err(StoreError::failed)?),
        ),
        ("language".to_string(), string_value(r.language.code())),
        ("version".to_string(), number_value(r.version)),
        (
            "created_at".to_string(),
            string_value(r.created_at.to_string()),
        ),
    ]))
}

fn from_item(item: &Item) -> Result<Reviewer, StoreError> {
    let f = Fields {
        item,
        kind: "reviewer",
    };
    Ok(Reviewer {
        id: ReviewerId::parse(f.text("id")?).ok_or_else(|| f.corrupt("id"))?,
        name: f.text("name")?.to_string(),
        email: Email::parse(f.text("email")?).map_err(|_| f.corrupt("email"))?,
        country: CountryCode::parse(f.text("country")?).map_err(|_| f.corrupt("country"))?,
        organization: f.text("organization")?.to_string(),
        // Records made before the field have none.
        excluded_organizations: match item.get("excluded_organizations") {
            Some(_) => serde_json::from_str(f.text("excluded_organizations")?)
                .map_err(|_| f.corrupt("excluded_organizations"))?,
            None => Vec::new(),
        },
        areas: serde_json::from_str(f.text("areas")?).map_err(|_| f.corrupt("areas"))?,
        generation: f.parsed("generation")?,
        revoked: item
            .get("revoked")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
        // Records made before years are 2024's.
        years: match item.get("years") {
            Some(_) => serde_json::from_str(f.text("years")?).map_err(|_| f.corrupt("years"))?,
            None => vec![casebook_domain::campaign::UNDATED_YEAR],
        },
        // Records made before the six languages: English.
        language: match f.optional_text("language") {
            Some(code) => Lang::from_code(code).ok_or_else(|| f.corrupt("language"))?,
            None => Lang::En,
        },
        version: f.parsed("version")?,
        created_at: f.parsed("created_at")?,
    })
}

#[async_trait]
impl ReviewerStore for DynamoStore {
    async fn insert_reviewer(&self, reviewer: &Reviewer) -> Result<(), StoreError> {
        self.insert_with_email_claim(
            "REVIEWER",
            to_item(reviewer)?,
            reviewer.email.as_str(),
            reviewer.id.to_string(),
        )
        .await
    }

    async fn get_reviewer(&self, id: ReviewerId) -> Result<Option<Reviewer>, StoreError> {
        let out = self.item(reviewer_pk(id), "REVIEWER").await?;
        out.as_ref().map(from_item).transpose()
    }

    async fn list_reviewers(&self) -> Result<Vec<Reviewer>, StoreError> {
        let values = HashMap::from([(":pk".to_string(), string_value(REVIEWERS))]);
        let condition = format!("{GSI1_PK} = :pk");
        let items = self.query_all(Some(GSI1), &condition, values).await?;
        items.iter().map(from_item).collect()
    }

    async fn update_reviewer(
        &self,
        reviewer: &Reviewer,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let Some(stored) = self.get_reviewer(reviewer.id).await? else {
            return Err(StoreError::Conflict);
        };
        // The e-mail is fixed at registration, with its claim.
        let next = Reviewer {
            email: stored.email,
            ..reviewer.clone()
        };
        self.put_over_version(to_item(&next)?, Some(expected_version))
            .await
    }
}
