//! Organizers as accountable people: a registry like the reviewers' one, each with a
//! sign-in token that carries their id and a generation checked against their record on
//! every request (revoking is immediate), and every change to the call recorded in the
//! audit log under the organizer who made it.
//!
//! The registry starts empty: the first organizer is added from the terminal on the data
//! (it is the only one added without another organizer's name behind it).

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::email::Email;

/// How long an organizer's sign-in link works unless they ask otherwise.
pub const DEFAULT_ORGANIZER_DAYS: i64 = 30;
/// The longest an organizer's sign-in link may work.
pub const MAX_ORGANIZER_DAYS: i64 = 90;
/// The longest name an organizer may be given.
pub const MAX_ORGANIZER_NAME_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrganizerId(Uuid);

impl OrganizerId {
    pub fn random() -> OrganizerId {
        OrganizerId(Uuid::new_v4())
    }

    pub fn parse(s: &str) -> Option<OrganizerId> {
        Uuid::try_parse(s.trim()).ok().map(OrganizerId)
    }
}

impl fmt::Display for OrganizerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// A person of the secretariat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organizer {
    pub id: OrganizerId,
    pub name: String,
    /// Unique in the registry (compared in lower case); what the audit log names.
    pub email: Email,
    /// Bumped when a sign-in link is revoked or replaced; a token of an older generation
    /// opens nothing.
    pub generation: u32,
    pub revoked: bool,
    /// For conditional writes.
    pub version: u64,
    pub created_at: Timestamp,
}

impl Organizer {
    /// How the audit log names them.
    pub fn audit_name(&self) -> &str {
        self.email.as_str()
    }
}

/// An organizer to register, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewOrganizer {
    pub name: String,
    pub email: String,
}
