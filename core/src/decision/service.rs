//! The decision use cases, written once for `casebook admin` and the organizer routes:
//! closing and reopening a round, its ranking and proposal, the organizers' decisions
//! with their audit log, and the call's figures.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::Timestamp;

use crate::application::{Application, ApplicationId, Status};
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::mail::Mailer;
use crate::ports::{ChatNotifier, StoreError, Stores};
use crate::review::{InvalidKind, InvalidReview, ReviewError};

use super::ranking::{RankBy, RankedCase, Ranking, rank};
use super::{AuditAction, AuditEntry, Outcome, RoundClosing};

/// What can go wrong: the review errors, mapped to answers in one place.
pub type DecisionError = ReviewError;

/// The most decisions one request may carry (a round decides about 600 cases).
pub const MAX_DECISIONS: usize = 1000;
/// The longest reason for a decision or a reopening.
pub const MAX_REASON_CHARS: usize = 1000;

/// The instant a new log entry is made at: `now`, or just after the newest entry when
/// that is later (several `--now` rehearsals start their clocks at one instant), so the
/// log's order is the order things were done in.
pub(crate) async fn entry_time(stores: &Stores, now: Timestamp) -> Result<Timestamp, ReviewError> {
    Ok(match stores.decisions.last_audit().await? {
        Some(last) if last.at >= now => last.at + jiff::SignedDuration::from_nanos(1),
        _ => now,
    })
}

/// Appends what `by` did to the audit log, after every earlier entry.
pub(crate) async fn record(
    stores: &Stores,
    now: Timestamp,
    by: &str,
    action: AuditAction,
) -> Result<(), ReviewError> {
    let at = entry_time(stores, now).await?;
    Ok(stores
        .decisions
        .append_audit(&AuditEntry::new(at, by, action))
        .await?)
}

/// One decision as an organizer sends it.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub application: ApplicationId,
    pub decision: Outcome,
    pub reason: Option<String>,
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
}

/// A collecting organization: the cases that name it, and how far they went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collector {
    pub name: String,
    pub credited: usize,
    pub collected: usize,
    pub outstanding: usize,
}

#[derive(Clone)]
pub struct DecisionService {
    stores: Stores,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    mailer: Option<Arc<dyn Mailer>>,
    chats: Option<Arc<dyn ChatNotifier>>,
}

impl DecisionService {
    pub fn new(stores: &Stores, clock: Arc<dyn Clock>, campaign: Arc<Campaign>) -> DecisionService {
        DecisionService {
            stores: stores.clone(),
            clock,
            campaign,
            mailer: None,
            chats: None,
        }
    }

    /// Outcome e-mails go through `mailer` (none without one).
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> DecisionService {
        self.mailer = Some(mailer);
        self
    }

    /// Outcome messages go to the chats `chats` can write to first.
    pub fn with_chats(mut self, chats: Arc<dyn ChatNotifier>) -> DecisionService {
        self.chats = Some(chats);
        self
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub(crate) fn stores(&self) -> &Stores {
        &self.stores
    }

    pub(crate) fn mailer(&self) -> Option<&Arc<dyn Mailer>> {
        self.mailer.as_ref()
    }

    pub(crate) fn chats(&self) -> Option<&Arc<dyn ChatNotifier>> {
        self.chats.as_ref()
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }

    fn check_round(&self, round: u8) -> Result<(), ReviewError> {
        if self
            .campaign
            .review_rounds()
            .iter()
            .any(|r| r.number == round)
        {
            Ok(())
        } else {
            Err(ReviewError::UnknownRound(round))
        }
    }

    /// The instant a new log entry is made at (see [`entry_time`]).
    pub(crate) async fn entry_time(&self) -> Result<Timestamp, ReviewError> {
        entry_time(&self.stores, self.clock.now()).await
    }

    /// Records what `by` did in the audit log, after every earlier entry.
    pub async fn record(&self, by: &str, action: AuditAction) -> Result<(), ReviewError> {
        record(&self.stores, self.clock.now(), by, action).await
    }

    /// Whether the round is closed (its reviews frozen).
    pub async fn is_closed(&self, round: u8) -> Result<bool, ReviewError> {
        round_is_closed(&self.stores, round).await
    }

    /// Closes the round: its reviews can no longer change, and its ranking is final.
    /// Closing a closed round changes nothing.
    pub async fn close_round(&self, round: u8, by: &str) -> Result<RoundClosing, ReviewError> {
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
    ) -> Result<RoundClosing, ReviewError> {
        self.check_round(round)?;
        let reason = reason_text("reason", reason)?.ok_or_else(|| {
            ReviewError::Invalid(InvalidReview::new("reason", InvalidKind::Blank))
        })?;
        if !self.is_closed(round).await? {
            return Err(ReviewError::RoundOpen { round });
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
    ) -> Result<RoundClosing, ReviewError> {
        for _ in 0..crate::service::RACE_RETRIES {
            let stored = self.stores.decisions.get_round_closing(round).await?;
            if let Some(s) = &stored
                && s.closed == closed
            {
                return Ok(s.clone());
            }
            let now = self.entry_time().await?;
            let closing = RoundClosing {
                round,
                closed,
                version: stored.as_ref().map_or(1, |s| s.version + 1),
                changed_at: now,
                changed_by: by.to_string(),
            };
            let expected = stored.map(|s| s.version);
            match self
                .stores
                .decisions
                .save_round_closing(&closing, expected)
                .await
            {
                Ok(()) => {
                    self.stores
                        .decisions
                        .append_audit(&AuditEntry::new(now, by, action))
                        .await?;
                    return Ok(closing);
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ReviewError::Store(StoreError::Conflict))
    }

    /// The cases a round decides: round 1 every submitted case, a later round those the
    /// round before collected.
    pub async fn round_cases(&self, round: u8) -> Result<Vec<Application>, ReviewError> {
        cases_of_round(&self.stores, &self.campaign, round).await
    }

    /// The round's ranking from its submitted reviews.
    pub async fn ranking(&self, round: u8, by: RankBy) -> Result<Ranking, ReviewError> {
        self.check_round(round)?;
        let cases: Vec<RankedCase> = self
            .round_cases(round)
            .await?
            .iter()
            .map(|a| RankedCase {
                application: a.id,
                reference: reference_of(a),
                practice_name: a.content.practice_name.clone().unwrap_or_default(),
            })
            .collect();
        let assignments = self
            .stores
            .assignments
            .list_round_assignments(round)
            .await?;
        let reviews = self.stores.reviews.list_round_reviews(round).await?;
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
    ) -> Result<Vec<DecisionInput>, ReviewError> {
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
    ) -> Result<Vec<Standing>, ReviewError> {
        self.check_round(round)?;
        if inputs.len() > MAX_DECISIONS {
            return Err(ReviewError::Invalid(InvalidReview::new(
                "decisions",
                InvalidKind::TooMany { max: MAX_DECISIONS },
            )));
        }
        if !self.is_closed(round).await? {
            return Err(ReviewError::RoundOpen { round });
        }
        let ranking = self.ranking(round, RankBy::default()).await?;
        let proposal = ranking.proposal(self.selection_size(round));
        let references: BTreeMap<ApplicationId, String> = ranking
            .cases
            .iter()
            .map(|c| (c.application, c.reference.clone()))
            .collect();
        let allowed = Outcome::of_round(round);
        let mut seen = BTreeSet::new();
        let mut checked = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let field = |name: &str| format!("decisions[{i}].{name}");
            let Some(proposed) = proposal.get(&input.application).copied() else {
                return Err(ReviewError::Invalid(InvalidReview::new(
                    field("application_id"),
                    InvalidKind::NotInRound { round },
                )));
            };
            if !seen.insert(input.application) {
                return Err(ReviewError::Invalid(InvalidReview::new(
                    field("application_id"),
                    InvalidKind::Repeated,
                )));
            }
            if !allowed.contains(&input.decision) {
                return Err(ReviewError::Invalid(InvalidReview::new(
                    field("decision"),
                    InvalidKind::UnknownOutcome {
                        allowed: allowed.map(Outcome::as_str),
                    },
                )));
            }
            let reason = match &input.reason {
                Some(r) => reason_text(&field("reason"), r)?,
                None => None,
            };
            if input.decision != proposed && reason.is_none() {
                return Err(ReviewError::Invalid(InvalidReview::new(
                    field("reason"),
                    InvalidKind::ReasonRequired {
                        proposed: proposed.as_str(),
                    },
                )));
            }
            checked.push((input, proposed, reason));
        }
        let now = self.entry_time().await?;
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
            self.stores.decisions.append_audit(&entry).await?;
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
    pub async fn audit_log(&self) -> Result<Vec<AuditEntry>, ReviewError> {
        Ok(self.stores.decisions.list_audit().await?)
    }

    /// The decisions as they stand: the latest per round and case.
    pub async fn decisions(&self) -> Result<Vec<Standing>, ReviewError> {
        Ok(standings(&self.audit_log().await?))
    }

    /// The call's figures: statuses (decisions counted where they stand), areas and
    /// countries of the submitted cases, and the collecting organizations' leaderboard.
    pub async fn stats(&self) -> Result<Stats, ReviewError> {
        let mut apps = self
            .stores
            .applications
            .list_applications(self.campaign.year(), None)
            .await?;
        // In the order they were made: a collector is shown as its first case spelled it.
        apps.sort_by_cached_key(|a| (a.created_at, reference_of(a), a.id));
        let outcomes = final_outcomes(&self.decisions().await?);
        let mut stats = Stats::default();
        let mut collectors: BTreeMap<String, Collector> = BTreeMap::new();
        for app in &apps {
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

/// Shows `status` on the application (a conditional update, tried again on a race);
/// nothing when it shows it already.
pub(crate) async fn set_status(
    stores: &Stores,
    id: ApplicationId,
    status: Status,
) -> Result<(), ReviewError> {
    for _ in 0..crate::service::RACE_RETRIES {
        let Some(mut app) = stores.applications.get_application(id).await? else {
            return Ok(());
        };
        // A withdrawal is final: a review step that read the case before it was
        // withdrawn never brings it back.
        if app.status == status || app.status == Status::Withdrawn {
            return Ok(());
        }
        let expected = app.version;
        app.status = status;
        app.version += 1;
        match stores.applications.update_application(&app, expected).await {
            Ok(()) => return Ok(()),
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ReviewError::Store(StoreError::Conflict))
}

pub(crate) async fn round_is_closed(stores: &Stores, round: u8) -> Result<bool, ReviewError> {
    Ok(stores
        .decisions
        .get_round_closing(round)
        .await?
        .is_some_and(|c| c.closed))
}

/// Whether any case of `round` has a decision (in the audit log).
pub(crate) async fn round_has_decisions(stores: &Stores, round: u8) -> Result<bool, ReviewError> {
    Ok(standings(&stores.decisions.list_audit().await?)
        .iter()
        .any(|s| s.round == round))
}

/// The cases a round reviews and decides: round 1 every submitted case; a later round
/// the cases the round before it decided into the Collection.
pub(crate) async fn cases_of_round(
    stores: &Stores,
    campaign: &Campaign,
    round: u8,
) -> Result<Vec<Application>, ReviewError> {
    // One listing of the call; the round decides which of its cases are in.
    let listed = stores
        .applications
        .list_applications(campaign.year(), None)
        .await?;
    let mut cases: Vec<Application> = if round <= 1 {
        // Every submitted case, whatever it shows since (announcing changes the status).
        listed
            .into_iter()
            .filter(|a| {
                matches!(
                    a.status,
                    Status::Submitted
                        | Status::InReview
                        | Status::Collected
                        | Status::Outstanding
                        | Status::NotSelected
                )
            })
            .collect()
    } else {
        let decided = standings(&stores.decisions.list_audit().await?);
        let collected: BTreeSet<ApplicationId> = decided
            .iter()
            .filter(|s| s.round == round - 1 && s.decision != Outcome::NotSelected)
            .map(|s| s.application)
            .collect();
        listed
            .into_iter()
            .filter(|a| collected.contains(&a.id))
            .collect()
    };
    cases.sort_by_key(|a| a.id);
    Ok(cases)
}

fn reference_of(app: &Application) -> String {
    app.reference
        .as_ref()
        .map(|r| r.as_str().to_string())
        .unwrap_or_else(|| app.id.to_string())
}

/// A reason as typed: trimmed, `None` when blank, refused over the cap.
fn reason_text(field: &str, reason: &str) -> Result<Option<String>, ReviewError> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(ReviewError::Invalid(InvalidReview::new(
            field,
            InvalidKind::TooLong {
                max: MAX_REASON_CHARS,
            },
        )));
    }
    Ok((!reason.is_empty()).then(|| reason.to_string()))
}

#[cfg(test)]
mod tests;
