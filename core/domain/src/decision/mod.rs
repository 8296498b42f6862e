//! From reviews to decisions: the outcomes, a round's closing, the append-only audit log
//! (who, when, what, why) and the decisions standing in it, the ranking, and the
//! Collection's images. The decision services in casebook-core build on these.

pub mod error;
pub mod image;
pub mod ranking;

pub use error::DecisionError;
pub use ranking::{CaseRanking, RankBy, Ranking, rank};

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::application::ApplicationId;

/// Where a case ends: in the Collection, among its Outstanding Cases, or not selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Collected,
    Outstanding,
    NotSelected,
}

impl Outcome {
    /// What the application shows once the outcome is announced.
    pub fn status(self) -> crate::application::Status {
        use crate::application::Status;
        match self {
            Outcome::Collected => Status::Collected,
            Outcome::Outstanding => Status::Outstanding,
            Outcome::NotSelected => Status::NotSelected,
        }
    }

    pub const ALL: [Outcome; 3] = [
        Outcome::Collected,
        Outcome::Outstanding,
        Outcome::NotSelected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Collected => "collected",
            Outcome::Outstanding => "outstanding",
            Outcome::NotSelected => "not_selected",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The outcomes a round decides: round 1 selects the Collection, a later round its
    /// Outstanding Cases among the collected (the rest stay collected).
    pub fn of_round(round: u8) -> [Outcome; 2] {
        if round <= 1 {
            [Outcome::Collected, Outcome::NotSelected]
        } else {
            [Outcome::Outstanding, Outcome::Collected]
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a round is closed: its reviews frozen and its ranking final.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundClosing {
    /// The call's year: each year's rounds open and close on their own.
    pub year: i16,
    pub round: u8,
    pub closed: bool,
    /// For conditional writes.
    pub version: u64,
    pub changed_at: Timestamp,
    pub changed_by: String,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Sortable by time: the instant in nanoseconds and a sequence, zero-padded, then a
    /// random part.
    pub id: String,
    pub at: Timestamp,
    /// The organizer who acted (their e-mail), over HTTP or from the terminal (`--as`).
    pub by: String,
    pub action: AuditAction,
    /// The call's year the action was on; none for the registries of people, which every
    /// year shares (see [`AuditEntry::year_of`] for entries kept before years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i16>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum AuditAction {
    RoundClosed {
        round: u8,
    },
    RoundReopened {
        round: u8,
        reason: String,
    },
    Decided {
        round: u8,
        application_id: ApplicationId,
        reference: String,
        decision: Outcome,
        /// What the ranking proposed.
        proposed: Outcome,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// An announce run: how many decided applications, and what it sent.
    Announced {
        decided: usize,
        mails_sent: usize,
        chats_sent: usize,
        failed: usize,
    },
    /// A round's assignment run and how many assignments it made.
    RoundAssigned {
        round: u8,
        assigned: usize,
    },
    /// The export of every application with its reviews (`format`: csv or xlsx).
    Exported {
        format: String,
        rows: usize,
    },
    /// The published Collection.
    Published {
        cases: usize,
    },
    ReviewerAdded {
        reviewer: String,
    },
    ReviewerRevoked {
        reviewer: String,
    },
    ReviewerLinkSent {
        reviewer: String,
        reinstated: bool,
    },
    /// An earlier year's reviewers made this year's too, each with a new link.
    ReviewersCarried {
        from: i16,
        carried: usize,
    },
    /// `first`: the registry's first organizer, added from the terminal on the data.
    OrganizerAdded {
        organizer: String,
        first: bool,
    },
    OrganizerRevoked {
        organizer: String,
    },
    OrganizerLinkSent {
        organizer: String,
        reinstated: bool,
    },
}

impl AuditEntry {
    pub fn new(at: Timestamp, by: &str, action: AuditAction) -> AuditEntry {
        // Entries of one process at one instant (a fixed clock, a batch of decisions)
        // keep the order they were made in.
        static SEQUENCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let sequence = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = format!(
            "{:020}-{sequence:012}-{}",
            at.as_nanosecond().max(0),
            uuid::Uuid::new_v4().simple()
        );
        AuditEntry {
            id,
            at,
            by: by.to_string(),
            action,
            year: None,
        }
    }

    /// The call's year the entry belongs to: `None` for the registries' entries, shared
    /// by every year; an entry on a call kept before years had one is 2024's.
    pub fn year_of(&self) -> Option<i16> {
        self.action
            .is_of_a_call()
            .then(|| self.year.unwrap_or(crate::campaign::UNDATED_YEAR))
    }
}

impl AuditAction {
    /// Whether the action was on one year's call (its rounds, decisions, announcement,
    /// exports), not on the registries of people.
    pub fn is_of_a_call(&self) -> bool {
        matches!(
            self,
            AuditAction::RoundClosed { .. }
                | AuditAction::RoundReopened { .. }
                | AuditAction::Decided { .. }
                | AuditAction::Announced { .. }
                | AuditAction::RoundAssigned { .. }
                | AuditAction::Exported { .. }
                | AuditAction::Published { .. }
                | AuditAction::ReviewersCarried { .. }
        )
    }
}

/// A case's decision as it stands (the latest in the log for its round).
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub round: u8,
    pub application: ApplicationId,
    pub reference: String,
    pub decision: Outcome,
    pub proposed: Outcome,
    pub reason: Option<String>,
    pub by: String,
    pub at: Timestamp,
}

/// The decisions standing in a log: the latest per round and case.
pub fn standings(log: &[AuditEntry]) -> Vec<Standing> {
    let mut latest: BTreeMap<(u8, ApplicationId), Standing> = BTreeMap::new();
    for entry in log {
        if let AuditAction::Decided {
            round,
            application_id,
            reference,
            decision,
            proposed,
            reason,
        } = &entry.action
        {
            latest.insert(
                (*round, *application_id),
                Standing {
                    round: *round,
                    application: *application_id,
                    reference: reference.clone(),
                    decision: *decision,
                    proposed: *proposed,
                    reason: reason.clone(),
                    by: entry.by.clone(),
                    at: entry.at,
                },
            );
        }
    }
    latest.into_values().collect()
}

/// Each decided case's outcome: its latest round's decision.
pub fn final_outcomes(standings: &[Standing]) -> BTreeMap<ApplicationId, Outcome> {
    let mut by_round: BTreeMap<ApplicationId, (u8, Outcome)> = BTreeMap::new();
    for s in standings {
        let entry = by_round
            .entry(s.application)
            .or_insert((s.round, s.decision));
        if s.round >= entry.0 {
            *entry = (s.round, s.decision);
        }
    }
    by_round.into_iter().map(|(id, (_, o))| (id, o)).collect()
}
