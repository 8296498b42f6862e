//! The decision use cases, written once for `casebook admin` and the organizer routes:
//! closing and reopening a round, its ranking and proposal, the organizers' decisions
//! with their audit log, and the call's figures.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::Timestamp;

use crate::application::{Application, ApplicationId, Status};
use crate::audit::AuditLog;
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::ports::{
    ApplicationStore, AssignmentStore, AttachmentStore, DecisionStore, ReviewStore, ReviewerStore,
    StoreError, Stores,
};
use crate::round::{Rounds, reference_of};
use casebook_domain::review::InvalidKind;

pub use super::DecisionError;
use super::ranking::{RankBy, RankedCase, Ranking, rank};
use super::{AuditAction, AuditEntry, Outcome, RoundClosing, Standing, final_outcomes, standings};

/// The most decisions one request may carry (a round decides about 600 cases).
pub const MAX_DECISIONS: usize = 1000;
/// The longest reason for a decision or a reopening.
pub const MAX_REASON_CHARS: usize = 1000;

/// One decision as an organizer sends it.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub application: ApplicationId,
    pub decision: Outcome,
    pub reason: Option<String>,
}

/// The call's figures, and the collecting organizations' leaderboard.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Status to count, the decided outcome counted where one stands.
    pub by_status: BTreeMap<String, usize>,
    /// Area id to submitted cases.
    pub by_area: BTreeMap<String, usize>,
    /// Country code to submitted cases that involve it.
    pub by_country: BTreeMap<String, usize>,
    pub collectors: Vec<Collector>,
    /// Submissions per day of the call's time zone (withdrawn ones too: they were sent).
    pub submitted_per_day: BTreeMap<jiff::civil::Date, usize>,
    /// The call's last day, and the days from today (in its time zone) to it, that one
    /// included; 0 once it has passed.
    pub deadline: jiff::civil::Date,
    pub days_left: i64,
}

/// A collecting organization: the cases that name it, and how far they went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collector {
    pub name: String,
    pub credited: usize,
    pub collected: usize,
    pub outstanding: usize,
}

/// Closing rounds, ranking and deciding them, the audit log, the call's figures, the
/// export and the publication, over the ports they read and write.
#[derive(Clone)]
pub struct DecisionService {
    pub(super) applications: Arc<dyn ApplicationStore>,
    pub(super) reviewers: Arc<dyn ReviewerStore>,
    pub(super) assignments: Arc<dyn AssignmentStore>,
    pub(super) reviews: Arc<dyn ReviewStore>,
    pub(super) attachments: Arc<dyn AttachmentStore>,
    decisions: Arc<dyn DecisionStore>,
    rounds: Rounds,
    pub(super) audit: AuditLog,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
}

impl DecisionService {
    pub fn new(stores: &Stores, clock: Arc<dyn Clock>, campaign: Arc<Campaign>) -> DecisionService {
        DecisionService {
            applications: stores.applications.clone(),
            reviewers: stores.reviewers.clone(),
            assignments: stores.assignments.clone(),
            reviews: stores.reviews.clone(),
            attachments: stores.attachments.clone(),
            decisions: stores.decisions.clone(),
            rounds: Rounds::new(stores, campaign.clone()),
            audit: AuditLog::new(stores.decisions.clone(), campaign.year()),
            clock,
            campaign,
        }
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn shared_campaign(&self) -> Arc<Campaign> {
        self.campaign.clone()
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }

    fn check_round(&self, round: u8) -> Result<(), DecisionError> {
        if self
            .campaign
            .review_rounds()
            .iter()
            .any(|r| r.number == round)
        {
            Ok(())
        } else {
            Err(DecisionError::UnknownRound(round))
        }
    }

    /// Records what `by` did in the audit log, after every earlier entry.
    pub async fn record(&self, by: &str, action: AuditAction) -> Result<(), DecisionError> {
        Ok(self.audit.record(self.now(), by, action).await?)
    }

    /// Whether the round is closed (its reviews frozen).
    pub async fn is_closed(&self, round: u8) -> Result<bool, DecisionError> {
        Ok(self.rounds.is_closed(round).await?)
    }

    /// Closes the round: its reviews can no longer change, and its ranking is final.
    /// Closing a closed round changes nothing.
    pub async fn close_round(&self, round: u8, by: &str) -> Result<RoundClosing, DecisionError> {
        self.check_round(round)?;
        self.set_closed(round, by, true, AuditAction::RoundClosed { round })
            .await
    }

    /// Opens a closed round again, with the reason kept in the log.
    pub async fn reopen_round(
        &self,
        round: u8,
        by: &str,
        reason: &str,
    ) -> Result<RoundClosing, DecisionError> {
        self.check_round(round)?;
        let reason = reason_text("reason", reason)?
            .ok_or_else(|| DecisionError::invalid("reason", InvalidKind::Blank))?;
        if !self.is_closed(round).await? {
            return Err(DecisionError::RoundOpen { round });
        }
        self.set_closed(
            round,
            by,
            false,
            AuditAction::RoundReopened { round, reason },
        )
        .await
    }

    async fn set_closed(
        &self,
        round: u8,
        by: &str,
        closed: bool,
        action: AuditAction,
    ) -> Result<RoundClosing, DecisionError> {
        for _ in 0..crate::ports::RACE_RETRIES {
            let year = self.campaign.year();
            let stored = self.decisions.get_round_closing(year, round).await?;
            if let Some(s) = &stored
                && s.closed == closed
            {
                return Ok(s.clone());
            }
            let now = self.audit.entry_time(self.now()).await?;
            let closing = RoundClosing {
                year,
                round,
                closed,
                version: stored.as_ref().map_or(1, |s| s.version + 1),
                changed_at: now,
                changed_by: by.to_string(),
            };
            let expected = stored.map(|s| s.version);
            match self.decisions.save_round_closing(&closing, expected).await {
                Ok(()) => {
                    self.audit.append(&AuditEntry::new(now, by, action)).await?;
                    return Ok(closing);
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(DecisionError::Store(StoreError::Conflict))
    }

    /// The cases a round decides: round 1 every submitted case, a later round those the
    /// round before collected.
    pub async fn round_cases(&self, round: u8) -> Result<Vec<Application>, DecisionError> {
        Ok(self.rounds.cases(round).await?)
    }

    /// The round's ranking from its submitted reviews.
    pub async fn ranking(&self, round: u8, by: RankBy) -> Result<Ranking, DecisionError> {
        self.check_round(round)?;
        // Three independent reads: each store checks its rows while the next one reads.
        let (cases, assignments, reviews) = futures_util::future::try_join3(
            self.round_cases(round),
            async { Ok(self.assignments.list_round_assignments(round).await?) },
            async { Ok(self.reviews.list_round_reviews(round).await?) },
        )
        .await?;
        let cases: Vec<RankedCase> = cases
            .iter()
            .map(|a| RankedCase {
                application: a.id,
                reference: reference_of(a),
                practice_name: a.content.practice_name.clone().unwrap_or_default(),
                area: a.content.area.clone(),
            })
            .collect();
        Ok(rank(
            self.campaign.criteria(),
            round,
            &cases,
            &assignments,
            &reviews,
            by,
        ))
    }

    /// How many cases the round selects: the Collection's size, then the Outstanding
    /// Cases'.
    pub fn selection_size(&self, round: u8) -> usize {
        let selection = self.campaign.selection();
        let size = if round <= 1 {
            selection.collected
        } else {
            selection.outstanding
        };
        usize::try_from(size).unwrap_or(usize::MAX)
    }

    /// The proposal of the round's ranking as decisions to confirm (`reason` on each).
    pub async fn proposed_decisions(
        &self,
        round: u8,
        reason: Option<&str>,
    ) -> Result<Vec<DecisionInput>, DecisionError> {
        let ranking = self.ranking(round, RankBy::default()).await?;
        Ok(ranking
            .proposal(self.selection_size(round))
            .into_iter()
            .map(|(application, decision)| DecisionInput {
                application,
                decision,
                reason: reason.map(str::to_string),
            })
            .collect())
    }

    /// Records the organizers' decisions on a closed round: every one checked before any
    /// is kept (a case of the round, an outcome of the round, a reason where it departs
    /// from the proposal), then each appended to the audit log.
    pub async fn decide(
        &self,
        round: u8,
        by: &str,
        inputs: &[DecisionInput],
    ) -> Result<Vec<Standing>, DecisionError> {
        self.check_round(round)?;
        if inputs.len() > MAX_DECISIONS {
            return Err(DecisionError::invalid(
                "decisions",
                InvalidKind::TooMany { max: MAX_DECISIONS },
            ));
        }
        if !self.is_closed(round).await? {
            return Err(DecisionError::RoundOpen { round });
        }
        let ranking = self.ranking(round, RankBy::default()).await?;
        let proposal = ranking.proposal(self.selection_size(round));
        let references: BTreeMap<ApplicationId, String> = ranking
            .cases
            .iter()
            .map(|c| (c.application, c.reference.clone()))
            .collect();
        let checked = check_decisions(round, inputs, &proposal)?;
        let now = self.audit.entry_time(self.now()).await?;
        let mut kept = Vec::with_capacity(checked.len());
        for (input, proposed, reason) in checked {
            let reference = references
                .get(&input.application)
                .cloned()
                .unwrap_or_default();
            let entry = AuditEntry::new(
                now,
                by,
                AuditAction::Decided {
                    round,
                    application_id: input.application,
                    reference: reference.clone(),
                    decision: input.decision,
                    proposed,
                    reason: reason.clone(),
                },
            );
            self.audit.append(&entry).await?;
            kept.push(Standing {
                round,
                application: input.application,
                reference,
                decision: input.decision,
                proposed,
                reason,
                by: by.to_string(),
                at: now,
            });
        }
        Ok(kept)
    }

    /// Every entry of the audit log, oldest first.
    pub async fn audit_log(&self) -> Result<Vec<AuditEntry>, DecisionError> {
        Ok(self.audit.entries().await?)
    }

    /// The decisions as they stand: the latest per round and case.
    pub async fn decisions(&self) -> Result<Vec<Standing>, DecisionError> {
        Ok(standings(&self.audit_log().await?))
    }

    /// The call's figures: statuses (decisions counted where they stand), areas and
    /// countries of the submitted cases, and the collecting organizations' leaderboard.
    pub async fn stats(&self) -> Result<Stats, DecisionError> {
        let mut apps = self
            .applications
            .list_applications(self.campaign.year(), None)
            .await?;
        // In the order they were made: a collector is shown as its first case spelled it.
        apps.sort_by_cached_key(|a| (a.created_at, reference_of(a), a.id));
        let outcomes = final_outcomes(&self.decisions().await?);
        let mut stats = Stats::default();
        let zone = self.campaign.zone().clone();
        stats.deadline = self.campaign.application_deadline();
        let today = self.now().to_zoned_datetime(zone.clone()).date();
        stats.days_left = if today > stats.deadline {
            0
        } else {
            i64::from(
                today
                    .until(stats.deadline)
                    .map_or(0, |span| span.get_days()),
            ) + 1
        };
        let mut collectors: BTreeMap<String, Collector> = BTreeMap::new();
        for app in &apps {
            if let Some(at) = app.submitted_at {
                let day = at.to_zoned_datetime(zone.clone()).date();
                *stats.submitted_per_day.entry(day).or_default() += 1;
            }
            let outcome = outcomes.get(&app.id).copied();
            let status = outcome.map_or(app.status.as_str(), Outcome::as_str);
            *stats.by_status.entry(status.to_string()).or_default() += 1;
            if matches!(app.status, Status::Draft | Status::Withdrawn) {
                continue;
            }
            if let Some(area) = &app.content.area {
                *stats.by_area.entry(area.clone()).or_default() += 1;
            }
            for country in &app.content.countries {
                *stats
                    .by_country
                    .entry(country.as_str().to_string())
                    .or_default() += 1;
            }
            if let Some(name) = app
                .content
                .collecting_organization
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                // One organization however it was typed (case, accents, punctuation).
                let key = crate::text::normalise(name);
                let entry = collectors.entry(key).or_insert_with(|| Collector {
                    name: name.to_string(),
                    credited: 0,
                    collected: 0,
                    outstanding: 0,
                });
                entry.credited += 1;
                match outcome {
                    Some(Outcome::Collected) => entry.collected += 1,
                    Some(Outcome::Outstanding) => {
                        entry.collected += 1;
                        entry.outstanding += 1;
                    }
                    _ => {}
                }
            }
        }
        let mut collectors: Vec<Collector> = collectors.into_values().collect();
        collectors.sort_by(|a, b| {
            (b.outstanding, b.collected, b.credited)
                .cmp(&(a.outstanding, a.collected, a.credited))
                .then_with(|| a.name.cmp(&b.name))
        });
        stats.collectors = collectors;
        Ok(stats)
    }
}

/// A decision as sent, with the proposal's outcome for its case and its reason, trimmed.
type CheckedDecision<'i> = (&'i DecisionInput, Outcome, Option<String>);

/// Every decision checked before any is kept: a case of the round, once, an outcome of
/// the round, and a reason where it departs from the proposal. Each with the proposal's
/// outcome and its reason, trimmed.
fn check_decisions<'i>(
    round: u8,
    inputs: &'i [DecisionInput],
    proposal: &BTreeMap<ApplicationId, Outcome>,
) -> Result<Vec<CheckedDecision<'i>>, DecisionError> {
    let allowed = Outcome::of_round(round);
    let mut seen = BTreeSet::new();
    let mut checked = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let field = |name: &str| format!("decisions[{i}].{name}");
        let Some(proposed) = proposal.get(&input.application).copied() else {
            return Err(DecisionError::invalid(
                field("application_id"),
                InvalidKind::NotInRound { round },
            ));
        };
        if !seen.insert(input.application) {
            return Err(DecisionError::invalid(
                field("application_id"),
                InvalidKind::Repeated,
            ));
        }
        if !allowed.contains(&input.decision) {
            return Err(DecisionError::invalid(
                field("decision"),
                InvalidKind::UnknownOutcome {
                    allowed: allowed.map(Outcome::as_str),
                },
            ));
        }
        let reason = match &input.reason {
            Some(r) => reason_text(&field("reason"), r)?,
            None => None,
        };
        if input.decision != proposed && reason.is_none() {
            return Err(DecisionError::invalid(
                field("reason"),
                InvalidKind::ReasonRequired {
                    proposed: proposed.as_str(),
                },
            ));
        }
        checked.push((input, proposed, reason));
    }
    Ok(checked)
}

/// A reason as typed: trimmed, `None` when blank, refused over the cap.
fn reason_text(field: &str, reason: &str) -> Result<Option<String>, DecisionError> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(DecisionError::invalid(
            field,
            InvalidKind::TooLong {
                max: MAX_REASON_CHARS,
            },
        ));
    }
    Ok((!reason.is_empty()).then(|| reason.to_string()))
}

#[cfg(test)]
mod tests;
