//! The review rounds: who may review which case (the campaign's conflict rule) and how a
//! round's cases are shared out among the reviewers (`assignment`). The registry, the
//! reviews themselves and their routes build on these.

pub mod assignment;
pub mod error;
pub mod mail;
pub mod service;

pub use error::{InvalidKind, InvalidReview, ReviewError};
pub use service::{
    AssignedCase, AssignmentReport, AssignmentStatus, CaseForReview, CaseProgress, NewReviewer,
    ReviewInput, ReviewService, ReviewerProgress, ReviewerStanding, RoundProgress, SignInLink,
    UnassignableCase,
};

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use jiff::Timestamp;

use crate::application::ApplicationContent;
use crate::campaign::ConflictRule;
use crate::country::CountryCode;
use crate::email::Email;
use crate::text::normalise;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReviewerId(Uuid);

impl ReviewerId {
    pub fn random() -> ReviewerId {
        ReviewerId(Uuid::new_v4())
    }

    pub fn parse(s: &str) -> Option<ReviewerId> {
        Uuid::try_parse(s).ok().map(ReviewerId)
    }
}

impl fmt::Display for ReviewerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// An expert in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub id: ReviewerId,
    pub name: String,
    /// Unique in the registry (compared in lower case).
    pub email: Email,
    pub country: CountryCode,
    pub organization: String,
    /// Area ids the reviewer knows best.
    pub areas: Vec<String>,
    /// Bumped when a sign-in link is revoked or replaced; a token of an older
    /// generation opens nothing.
    pub generation: u32,
    pub revoked: bool,
    /// For conditional writes.
    pub version: u64,
    pub created_at: Timestamp,
}

impl Reviewer {
    pub fn profile(&self) -> ReviewerProfile {
        ReviewerProfile {
            id: self.id,
            country: self.country,
            organization: self.organization.clone(),
            areas: self.areas.clone(),
        }
    }
}

/// A case given to a reviewer in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub round: u8,
    pub application: crate::application::ApplicationId,
    pub reviewer: ReviewerId,
    pub assigned_at: Timestamp,
    /// Why the reviewer may not review it, once they declared a conflict: the case then
    /// goes to another reviewer.
    pub conflict: Option<String>,
}

/// A reviewer's scores and comment on a case in a round: a draft while they work
/// (autosaved, possibly partial), then submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReview {
    pub round: u8,
    pub application: crate::application::ApplicationId,
    pub reviewer: ReviewerId,
    /// Criterion id to score.
    pub scores: std::collections::BTreeMap<String, u8>,
    pub comment: String,
    pub submitted: bool,
    /// For conditional saves (the ETag of the reviewer's page).
    pub version: u64,
    pub updated_at: Timestamp,
}

/// What decides which cases a reviewer may get: where they are, whom they work for, and
/// the areas they know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerProfile {
    pub id: ReviewerId,
    pub country: CountryCode,
    pub organization: String,
    /// Area ids of the campaign the reviewer knows best (none: any).
    pub areas: Vec<String>,
}

/// Whether `reviewer` may never review a case with this `content` under `rule`: the case
/// involves the reviewer's country (every involved country, or only the lead's), or an
/// organization of the case is the reviewer's (names compared ignoring case, accents and
/// punctuation).
pub fn in_conflict(
    rule: ConflictRule,
    reviewer: &ReviewerProfile,
    content: &ApplicationContent,
) -> bool {
    let lead = &content.lead_organization;
    let country = match rule {
        ConflictRule::LeadCountry => lead.country == Some(reviewer.country),
        ConflictRule::InvolvedCountries => {
            lead.country == Some(reviewer.country)
                || content.countries.contains(&reviewer.country)
                || content
                    .partners
                    .iter()
                    .any(|p| p.country == Some(reviewer.country))
        }
    };
    let own = normalise(&reviewer.organization);
    let same_organization = !own.is_empty()
        && std::iter::once(lead)
            .chain(&content.partners)
            .filter_map(|o| o.name.as_deref())
            .any(|name| normalise(name) == own);
    country || same_organization
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::Organization;

    fn country(code: &str) -> CountryCode {
        CountryCode::parse(code).unwrap()
    }

    fn reviewer(code: &str, organization: &str) -> ReviewerProfile {
        ReviewerProfile {
            id: ReviewerId::random(),
            country: country(code),
            organization: organization.into(),
            areas: vec![],
        }
    }

    fn case() -> ApplicationContent {
        ApplicationContent {
            lead_organization: Organization {
                name: Some("Example Telecom".into()),
                country: Some(country("CN")),
            },
            partners: vec![Organization {
                name: Some("Example Networks Kenya".into()),
                country: Some(country("KE")),
            }],
            countries: vec![country("CN"), country("KE"), country("BR")],
            ..ApplicationContent::default()
        }
    }

    #[test]
    fn a_reviewer_never_gets_a_case_of_their_country_or_organization() {
        let rule = ConflictRule::InvolvedCountries;
        assert!(in_conflict(rule, &reviewer("CN", "A University"), &case()));
        assert!(
            in_conflict(rule, &reviewer("KE", "A University"), &case()),
            "a partner's"
        );
        assert!(
            in_conflict(rule, &reviewer("BR", "A University"), &case()),
            "a listed one"
        );
        assert!(
            in_conflict(rule, &reviewer("FR", "example telecom"), &case()),
            "own organization"
        );
        assert!(!in_conflict(rule, &reviewer("FR", "A University"), &case()));
    }

    #[test]
    fn the_campaign_may_narrow_the_rule_to_the_leads_country() {
        let rule = ConflictRule::LeadCountry;
        assert!(in_conflict(rule, &reviewer("CN", "A University"), &case()));
        assert!(!in_conflict(rule, &reviewer("KE", "A University"), &case()));
        assert!(in_conflict(
            rule,
            &reviewer("KE", "Example Networks Kenya"),
            &case()
        ));
    }
}
