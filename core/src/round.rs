//! What the review and the decision services both know of a round, over the ports it
//! reads: which cases it takes, whether it is closed (and since when), whether it has
//! decisions, and the status its cases show.
//!
//! A round is its year's: closings are kept per year, and assignments, reviews and
//! decisions belong to a year through their case (application ids are unique across
//! years), so each year's round 1 sees only its own.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use jiff::Timestamp;

use crate::application::{Application, ApplicationId, Status};
use crate::campaign::{Campaign, ReviewRound};
use crate::ports::RACE_RETRIES;
use crate::ports::{
    ApplicationStore, AssignmentStore, DecisionStore, ReviewStore, StoreError, Stores,
};
use casebook_domain::decision::{Outcome, Standing, standings};
use casebook_domain::{Assignment, CaseReview};

/// The rounds of one call, as its stores know them.
#[derive(Clone)]
pub(crate) struct Rounds {
    applications: Arc<dyn ApplicationStore>,
    assignments: Arc<dyn AssignmentStore>,
    reviews: Arc<dyn ReviewStore>,
    decisions: Arc<dyn DecisionStore>,
    campaign: Arc<Campaign>,
}

impl Rounds {
    pub(crate) fn new(stores: &Stores, campaign: Arc<Campaign>) -> Rounds {
        Rounds {
            applications: stores.applications.clone(),
            assignments: stores.assignments.clone(),
            reviews: stores.reviews.clone(),
            decisions: stores.decisions.clone(),
            campaign,
        }
    }

    fn year(&self) -> i16 {
        self.campaign.year()
    }

    /// Whether an organizer closed the round (its reviews frozen).
    pub(crate) async fn is_closed(&self, round: u8) -> Result<bool, StoreError> {
        Ok(self
            .decisions
            .get_round_closing(self.year(), round)
            .await?
            .is_some_and(|c| c.closed))
    }

    /// The ids of this year's applications, whatever their status.
    pub(crate) async fn year_ids(&self) -> Result<HashSet<ApplicationId>, StoreError> {
        Ok(self
            .applications
            .list_application_ids(self.year())
            .await?
            .into_iter()
            .collect())
    }

    /// This year's assignments of `round`.
    pub(crate) async fn assignments(&self, round: u8) -> Result<Vec<Assignment>, StoreError> {
        let (mut all, ids) = futures_util::future::try_join(
            self.assignments.list_round_assignments(round),
            self.year_ids(),
        )
        .await?;
        all.retain(|a| ids.contains(&a.application));
        Ok(all)
    }

    /// The assignments and reviews of `round` of the cases `ids` (this year's, from
    /// [`Rounds::year_ids`]), read side by side.
    pub(crate) async fn round_state(
        &self,
        round: u8,
        ids: &HashSet<ApplicationId>,
    ) -> Result<(Vec<Assignment>, Vec<CaseReview>), StoreError> {
        let read = futures_util::future::try_join(
            self.assignments.list_round_assignments(round),
            self.reviews.list_round_reviews(round),
        )
        .await?;
        Ok(of_cases(ids, read))
    }

    /// The decisions standing on this year's cases.
    pub(crate) async fn standings(&self) -> Result<Vec<Standing>, StoreError> {
        let mut log = self.decisions.list_audit().await?;
        log.retain(|e| e.year_of() == Some(self.year()));
        Ok(standings(&log))
    }

    /// When `round` stopped taking reviews: when an organizer closed it, or the end of
    /// its last day (in the call's time zone) once that has passed; `None` while open.
    pub(crate) async fn closed_at(
        &self,
        round: &ReviewRound,
        now: Timestamp,
    ) -> Result<Option<Timestamp>, StoreError> {
        let ends = self.campaign.round_closes_at(round);
        if let Some(closing) = self
            .decisions
            .get_round_closing(self.year(), round.number)
            .await?
            && closing.closed
        {
            // Closed after its last day: it stopped taking reviews when that day ended.
            return Ok(Some(closing.changed_at.min(ends)));
        }
        Ok((now >= ends).then_some(ends))
    }

    /// Whether any case of `round` has a decision (in the audit log).
    pub(crate) async fn has_decisions(&self, round: u8) -> Result<bool, StoreError> {
        Ok(self.standings().await?.iter().any(|s| s.round == round))
    }

    /// The cases a round reviews and decides: round 1 every submitted case; a later round
    /// the cases the round before it decided into the Collection. By id.
    pub(crate) async fn cases(&self, round: u8) -> Result<Vec<Application>, StoreError> {
        Ok(self.cases_in_year(round).await?.0)
    }

    /// [`Rounds::cases`], and the ids of every case of the year, from one listing.
    pub(crate) async fn cases_in_year(
        &self,
        round: u8,
    ) -> Result<(Vec<Application>, HashSet<ApplicationId>), StoreError> {
        // One listing of the call; the round decides which of its cases are in.
        let listed = self
            .applications
            .list_applications(self.campaign.year(), None)
            .await?;
        let ids = listed.iter().map(|a| a.id).collect();
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
            let decided = self.standings().await?;
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
        Ok((cases, ids))
    }

    /// Shows `status` on the application (a conditional update, tried again on a race);
    /// nothing when it shows it already.
    pub(crate) async fn set_status(
        &self,
        id: ApplicationId,
        status: Status,
    ) -> Result<(), StoreError> {
        for _ in 0..RACE_RETRIES {
            let Some(mut app) = self.applications.get_application(id).await? else {
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
            match self.applications.update_application(&app, expected).await {
                Ok(()) => return Ok(()),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Conflict)
    }
}

/// The assignments and reviews of the cases `ids` (a year's) among those read.
pub(crate) fn of_cases(
    ids: &HashSet<ApplicationId>,
    (mut assigned, mut reviewed): (Vec<Assignment>, Vec<CaseReview>),
) -> (Vec<Assignment>, Vec<CaseReview>) {
    assigned.retain(|a| ids.contains(&a.application));
    reviewed.retain(|r| ids.contains(&r.application));
    (assigned, reviewed)
}

/// A case's reference for people: its number, or its id while it has none.
pub(crate) fn reference_of(app: &Application) -> String {
    app.reference
        .as_ref()
        .map(|r| r.as_str().to_string())
        .unwrap_or_else(|| app.id.to_string())
}
