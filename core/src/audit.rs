//! The audit log as the services write it: every change to the call, under the organizer
//! who made it, in the order it was made.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use crate::ports::{DecisionStore, StoreError};
use casebook_domain::decision::{AuditAction, AuditEntry};

#[derive(Clone)]
pub(crate) struct AuditLog {
    decisions: Arc<dyn DecisionStore>,
    /// The call's year its entries on the call are stamped with.
    year: i16,
}

impl AuditLog {
    pub(crate) fn new(decisions: Arc<dyn DecisionStore>, year: i16) -> AuditLog {
        AuditLog { decisions, year }
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

    /// Appends an entry made at a time taken from [`AuditLog::entry_time`]; one on the
    /// call is stamped with its year.
    pub(crate) async fn append(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        if entry.action.is_of_a_call() && entry.year.is_none() {
            let mut stamped = entry.clone();
            stamped.year = Some(self.year);
            return self.decisions.append_audit(&stamped).await;
        }
        self.decisions.append_audit(entry).await
    }

    /// This year's entries and the registries' (shared by every year), oldest first.
    pub(crate) async fn entries(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut log = self.decisions.list_audit().await?;
        log.retain(|e| e.year_of().is_none_or(|y| y == self.year));
        Ok(log)
    }
}
