//! The audit log as the services write it: every change to the call, under the organizer
//! who made it, in the order it was made.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use crate::ports::{DecisionStore, StoreError};
use casebook_domain::decision::{AuditAction, AuditEntry};

#[derive(Clone)]
pub(crate) struct AuditLog {
    decisions: Arc<dyn DecisionStore>,
}

impl AuditLog {
    pub(crate) fn new(decisions: Arc<dyn DecisionStore>) -> AuditLog {
        AuditLog { decisions }
    }

    /// The instant a new entry is made at: `now`, or just after the newest entry when
    /// that is later (several `--now` rehearsals start their clocks at one instant), so
    /// the log's order is the order things were done in.
    pub(crate) async fn entry_time(&self, now: Timestamp) -> Result<Timestamp, StoreError> {
        Ok(match self.decisions.last_audit().await? {
            Some(last) if last.at >= now => last.at + SignedDuration::from_nanos(1),
            _ => now,
        })
    }

    /// Appends what `by` did, after every earlier entry.
    pub(crate) async fn record(
        &self,
        now: Timestamp,
        by: &str,
        action: AuditAction,
    ) -> Result<(), StoreError> {
        let at = self.entry_time(now).await?;
        self.append(&AuditEntry::new(at, by, action)).await
    }

    /// Appends an entry made at a time taken from [`AuditLog::entry_time`].
    pub(crate) async fn append(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.decisions.append_audit(entry).await
    }

    /// Every entry, oldest first.
    pub(crate) async fn entries(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.decisions.list_audit().await
    }
}
