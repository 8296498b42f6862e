//! The application as DESIGN.md shows it, and the patch that creates and edits a draft.

use std::fmt;

use jiff::Timestamp;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::country::CountryCode;
use crate::email::Email;
use crate::token::Owner;

pub use crate::section::SectionKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = "uuid"))]
#[serde(transparent)]
pub struct ApplicationId(Uuid);

impl ApplicationId {
    pub fn random() -> ApplicationId {
        ApplicationId(Uuid::new_v4())
    }

    /// Parses an id from a URL; anything else is simply "not found" to the caller.
    pub fn parse(s: &str) -> Option<ApplicationId> {
        Uuid::try_parse(s).ok().map(ApplicationId)
    }
}

impl fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// A submitted application's reference, `PC2024-0007`: the series and a number that is
/// allocated once and never reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = "PC2024-0007"))]
#[serde(transparent)]
pub struct Reference(String);

impl Reference {
    pub fn new(series: &str, number: u64) -> Reference {
        Reference(format!("{series}-{number:04}"))
    }

    pub fn from_stored(s: String) -> Reference {
        Reference(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Withdrawn,
    InReview,
    Collected,
    Outstanding,
    NotSelected,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::Withdrawn,
        Status::InReview,
        Status::Collected,
        Status::Outstanding,
        Status::NotSelected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Withdrawn => "withdrawn",
            Status::InReview => "in_review",
            Status::Collected => "collected",
            Status::Outstanding => "outstanding",
            Status::NotSelected => "not_selected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The status as a list of applications shows it: "submitted", "草稿".
    pub fn label(self, lang: crate::lang::Lang) -> String {
        use crate::lang::msg;
        let msg = match self {
            Status::Draft => msg::STATE_DRAFT,
            Status::Submitted => msg::STATE_SUBMITTED,
            Status::Withdrawn => msg::STATE_WITHDRAWN,
            Status::InReview => msg::STATE_IN_REVIEW,
            Status::Collected => msg::STATE_COLLECTED,
            Status::Outstanding => msg::STATE_OUTSTANDING,
            Status::NotSelected => msg::STATE_NOT_SELECTED,
        };
        crate::lang::text(lang, msg)
    }

    /// The status as a sentence says it ("This application is {words}").
    pub fn words(self, lang: crate::lang::Lang) -> String {
        use crate::lang::msg;
        let msg = match self {
            Status::Draft => msg::STATUS_DRAFT,
            Status::Submitted => msg::STATUS_SUBMITTED,
            Status::Withdrawn => msg::STATUS_WITHDRAWN,
            Status::InReview => msg::STATUS_IN_REVIEW,
            Status::Collected => msg::STATUS_COLLECTED,
            Status::Outstanding => msg::STATUS_OUTSTANDING,
            Status::NotSelected => msg::STATUS_NOT_SELECTED,
        };
        crate::lang::text(lang, msg)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub name: Option<String>,
    pub country: Option<CountryCode>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<Email>,
    /// The address a link mailed to it was opened from: the contact is verified while
    /// `email` is still this address. Set only by taking such a link, never by a patch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_email: Option<Email>,
}

impl Contact {
    /// Whether the contact address is one a mailed link proved reachable.
    pub fn is_verified(&self) -> bool {
        self.email.is_some() && self.email == self.verified_email
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sections {
    pub background: Option<String>,
    pub cooperation: Option<String>,
    pub modalities: Option<String>,
    pub benefits: Option<String>,
}

impl Sections {
    pub fn get(&self, key: SectionKey) -> Option<&str> {
        match key {
            SectionKey::Background => self.background.as_deref(),
            SectionKey::Cooperation => self.cooperation.as_deref(),
            SectionKey::Modalities => self.modalities.as_deref(),
            SectionKey::Benefits => self.benefits.as_deref(),
        }
    }

    fn slot(&mut self, key: SectionKey) -> &mut Option<String> {
        match key {
            SectionKey::Background => &mut self.background,
            SectionKey::Cooperation => &mut self.cooperation,
            SectionKey::Modalities => &mut self.modalities,
            SectionKey::Benefits => &mut self.benefits,
        }
    }
}

/// What the applicant writes. Every field may be missing in a draft; what is there has
/// been parsed (countries as alpha-2, a well-formed e-mail, a known area).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationContent {
    pub practice_name: Option<String>,
    pub lead_organization: Organization,
    pub partners: Vec<Organization>,
    pub countries: Vec<CountryCode>,
    pub area: Option<String>,
    pub sections: Sections,
    pub contact: Contact,
    pub collecting_organization: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    pub id: ApplicationId,
    /// The campaign year the application belongs to.
    pub campaign: i16,
    pub reference: Option<Reference>,
    pub status: Status,
    /// Starts at 1 and grows by one with every change; writes are conditional on it.
    pub version: u64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub submitted_at: Option<Timestamp>,
    pub content: ApplicationContent,
    /// Who may open it: edit-token hashes and chats, never a token itself.
    pub owners: Vec<Owner>,
    /// The confirmation e-mail, from the moment the application is submitted.
    pub confirmation: Option<crate::confirmation::Confirmation>,
    /// The language the applicant writes to us in (their chat's or page's when they last
    /// started or submitted it): mails to the contact are in it, then English. English for
    /// an application kept before the six languages.
    pub language: crate::lang::Lang,
}

// ------------------------------------------------------------------ the patch

mod patch;

pub use patch::*;
