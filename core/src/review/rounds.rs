//! Assigning a review round: every case its reviewers (only gaps filled, nothing moved,
//! one run per round at a time under a lease), the hand-over of a declined case, the
//! pairs assignment keeps apart, and the round's progress.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use crate::application::{Application, ApplicationId, Status};
use crate::audit::AuditLog;
use crate::campaign::{Campaign, ReviewRound};
use crate::clock::Clock;
use crate::lang::{Lang, t};
use crate::lease::LeaseKey;
use crate::mail::Mailer;
use crate::ports::{ApplicationStore, AssignmentStore, Leases, ReviewStore, ReviewerStore, Stores};
use crate::round::{Rounds, reference_of};
use crate::text::normalise;
use casebook_domain::decision::AuditAction;

use super::assignment::{AssignmentPlan, CaseToAssign, plan};
use super::error::{InvalidKind, InvalidReview, ReviewError};
use super::mail::assignment_mail;
use super::sign_in::ReviewerSignIn;
use super::{Assignment, ConflictReason, Reviewer, ReviewerId, conflict_reason, live_state, send};

/// The most reviewers a case may be given in a round.
pub const MAX_PER_CASE: usize = 20;
/// How long one assignment run may hold its round before another may take over.
const ASSIGNMENT_LEASE_MINUTES: i64 = 10;

/// A case that did not get all its reviewers: it has `has` of the `wanted`, as no other
/// registered reviewer is free of conflict with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnassignableCase {
    pub application: ApplicationId,
    pub reference: String,
    pub has: usize,
    pub wanted: usize,
}

impl UnassignableCase {
    /// Why, for the organizers, in their language.
    pub fn reason(&self, lang: Lang) -> String {
        t!(lang, UNASSIGNABLE, has = self.has, wanted = self.wanted)
    }
}

/// What an assignment run did.
#[derive(Debug, Clone)]
pub struct AssignmentReport {
    pub round: u8,
    /// New assignments made by this run.
    pub assigned: usize,
    /// The fewest and most cases a reviewer has in the round, after the run.
    pub per_reviewer_min: usize,
    pub per_reviewer_max: usize,
    pub unassignable: Vec<UnassignableCase>,
    /// New pairs whose reviewer reviewed the case in an earlier round (too few others
    /// were free): a warning for the organizers.
    pub repeated: Vec<RepeatedReviewer>,
    /// E-mails sent to reviewers with new cases (0 without a mailer).
    pub mails_sent: usize,
}

/// A case given in a later round to a reviewer who reviewed it before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedReviewer {
    pub application: ApplicationId,
    pub reference: String,
    pub reviewer: ReviewerId,
    pub reviewer_name: String,
}

/// A case and a reviewer that assignment keeps apart, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub application: ApplicationId,
    pub reference: String,
    pub reviewer: ReviewerId,
    pub reviewer_name: String,
    pub why: ExclusionReason,
}

/// Why a reviewer does not review a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExclusionReason {
    /// The campaign's conflict rule.
    Rule(ConflictReason),
    /// The reviewer declared a conflict, in their words.
    Declared(String),
}

impl Exclusion {
    /// Why, in words for the organizers.
    pub fn reason(&self, lang: Lang) -> String {
        match &self.why {
            ExclusionReason::Rule(rule) => rule.describe(lang),
            ExclusionReason::Declared(why) => {
                casebook_domain::lang::t!(lang, CONFLICT_DECLARED, why = why.as_str())
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct CaseProgress {
    pub application: ApplicationId,
    pub reference: String,
    pub practice_name: String,
    /// Submitted reviews.
    pub done: usize,
    /// Reviewers assigned (declared conflicts not counted).
    pub due: usize,
}

#[derive(Debug, Clone)]
pub struct ReviewerProgress {
    pub reviewer: ReviewerId,
    pub name: String,
    pub done: usize,
    pub assigned: usize,
}

#[derive(Debug, Clone)]
pub struct RoundProgress {
    pub round: u8,
    pub cases: Vec<CaseProgress>,
    pub reviewers: Vec<ReviewerProgress>,
}

#[derive(Clone)]
pub struct AssignmentService {
    applications: Arc<dyn ApplicationStore>,
    reviewers: Arc<dyn ReviewerStore>,
    assignments: Arc<dyn AssignmentStore>,
    reviews: Arc<dyn ReviewStore>,
    leases: Arc<dyn Leases>,
    rounds: Rounds,
    audit: AuditLog,
    sign_in: ReviewerSignIn,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    mailer: Option<Arc<dyn Mailer>>,
}

impl AssignmentService {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        sign_in: ReviewerSignIn,
    ) -> AssignmentService {
        AssignmentService {
            applications: stores.applications.clone(),
            reviewers: stores.reviewers.clone(),
            assignments: stores.assignments.clone(),
            reviews: stores.reviews.clone(),
            leases: stores.leases.clone(),
            rounds: Rounds::new(stores, campaign.clone()),
            audit: AuditLog::new(stores.decisions.clone(), campaign.year()),
            sign_in,
            clock,
            campaign,
            mailer: None,
        }
    }

    /// Tells reviewers of their new cases through `mailer`.
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> AssignmentService {
        self.mailer = Some(mailer);
        self
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    fn round(&self, number: u8) -> Result<&ReviewRound, ReviewError> {
        self.campaign
            .review_round(number)
            .ok_or(ReviewError::UnknownRound(number))
    }

    /// The cases a round reviews: round 1 every submitted case; a later round the cases
    /// the earlier one selected into the Collection.
    async fn round_cases(&self, round: u8) -> Result<Vec<Application>, ReviewError> {
        Ok(self.rounds.cases(round).await?)
    }

    /// Refuses a change to a closed round.
    async fn check_open(&self, round: u8) -> Result<(), ReviewError> {
        if self.rounds.is_closed(round).await? {
            return Err(ReviewError::RoundClosed { round });
        }
        Ok(())
    }

    /// Gives every case of the round `per_case` eligible reviewers (the campaign's number
    /// without one): only gaps are filled, nothing assigned is moved, and each reviewer
    /// with new cases gets one e-mail. One run per round at a time; `by` (the organizer)
    /// is recorded in the audit log with what the run assigned.
    pub async fn assign_round(
        &self,
        round: u8,
        per_case: Option<usize>,
        by: &str,
    ) -> Result<AssignmentReport, ReviewError> {
        let round_spec = self.round(round)?.clone();
        let per_case = per_case.unwrap_or(usize::from(self.campaign.review().reviewers_per_case));
        if !(1..=MAX_PER_CASE).contains(&per_case) {
            return Err(ReviewError::Invalid(InvalidReview::new(
                "per_case",
                InvalidKind::PerCase { max: MAX_PER_CASE },
            )));
        }
        self.check_open(round).await?;
        // A later round reviews what the round before collected: nothing to assign until
        // that round is decided (else it would quietly assign nothing).
        if round > 1 && !self.rounds.has_decisions(round - 1).await? {
            return Err(ReviewError::EarlierRoundUndecided { round: round - 1 });
        }
        // The assignment mails carry sign-in links: have the key before assigning.
        self.sign_in.prepare().await?;
        if !self.lock_round(round).await? {
            return Err(ReviewError::AssignmentRunning);
        }
        let result = self.assign_claimed(&round_spec, per_case).await;
        self.unlock_round(round).await;
        let report = result?;
        let action = AuditAction::RoundAssigned {
            round,
            assigned: report.assigned,
        };
        self.audit.record(self.now(), by, action).await?;
        Ok(report)
    }

    async fn assign_claimed(
        &self,
        round: &ReviewRound,
        per_case: usize,
    ) -> Result<AssignmentReport, ReviewError> {
        let cases = self.round_cases(round.number).await?;
        let reviewers = self.active_reviewers().await?;
        let all = self.rounds.assignments(round.number).await?;
        let (existing, mut declined) = split_pairs(&all);
        let (seen, declined_before) = self.earlier_pairs(round.number).await?;
        declined.extend(declined_before);
        let to_assign: Vec<CaseToAssign<'_>> = cases
            .iter()
            .map(|a| CaseToAssign {
                id: a.id,
                content: &a.content,
            })
            .collect();
        let profiles: Vec<_> = reviewers.iter().map(Reviewer::profile).collect();
        let planned = plan(
            self.campaign.review().conflict,
            per_case,
            &to_assign,
            &profiles,
            &existing,
            &declined,
            &seen,
        );
        let now = self.now();
        let new: Vec<Assignment> = planned
            .new
            .iter()
            .map(|&(application, reviewer)| Assignment {
                round: round.number,
                application,
                reviewer,
                assigned_at: now,
                conflict: None,
            })
            .collect();
        let added = self.assignments.add_assignments(&new).await?;
        // Round 1 under way: applicants see their case in review.
        if round.number == 1 {
            for case in cases.iter().filter(|a| a.status == Status::Submitted) {
                self.rounds.set_status(case.id, Status::InReview).await?;
            }
        }
        let mut loads: BTreeMap<ReviewerId, usize> = reviewers.iter().map(|r| (r.id, 0)).collect();
        for (_, reviewer) in existing.iter().chain(&planned.new) {
            if let Some(n) = loads.get_mut(reviewer) {
                *n += 1;
            }
        }
        let mails_sent = self.tell_reviewers(round, &reviewers, &planned.new).await?;
        let (repeated, unassignable) = named_warnings(&cases, &reviewers, &planned);
        tracing::info!(
            round = round.number,
            added,
            cases = cases.len(),
            "round assigned"
        );
        Ok(AssignmentReport {
            round: round.number,
            assigned: added,
            per_reviewer_min: loads.values().copied().min().unwrap_or(0),
            per_reviewer_max: loads.values().copied().max().unwrap_or(0),
            unassignable,
            repeated,
            mails_sent,
        })
    }

    /// One e-mail to each reviewer with new cases, saying how many: the number sent.
    async fn tell_reviewers(
        &self,
        round: &ReviewRound,
        reviewers: &[Reviewer],
        new: &[(ApplicationId, ReviewerId)],
    ) -> Result<usize, ReviewError> {
        let mut news: BTreeMap<ReviewerId, usize> = BTreeMap::new();
        for (_, reviewer) in new {
            *news.entry(*reviewer).or_default() += 1;
        }
        let mut mails_sent = 0;
        for reviewer in reviewers {
            if let Some(&count) = news.get(&reviewer.id) {
                let link = self.sign_in.link_for(reviewer).await?;
                let mail = assignment_mail(reviewer, &link.link, count, round, &self.campaign);
                mails_sent += usize::from(send(&self.mailer, mail).await);
            }
        }
        Ok(mails_sent)
    }

    /// The pairs of the rounds before `round`: who reviewed each case (preferred against,
    /// when the campaign asks for fresh eyes), and who declared a conflict on it (never
    /// given it again).
    async fn earlier_pairs(
        &self,
        round: u8,
    ) -> Result<
        (
            Vec<(ApplicationId, ReviewerId)>,
            Vec<(ApplicationId, ReviewerId)>,
        ),
        ReviewError,
    > {
        let mut seen = Vec::new();
        let mut declined = Vec::new();
        for earlier in 1..round {
            let all = self.rounds.assignments(earlier).await?;
            let (reviewed, refused) = split_pairs(&all);
            if self.campaign.review().prefer_new_reviewers {
                seen.extend(reviewed);
            }
            declined.extend(refused);
        }
        Ok((seen, declined))
    }

    /// Takes the round's assignment lock (a lease, so a crashed run frees it): `false`
    /// while another run holds it.
    async fn lock_round(&self, round: u8) -> Result<bool, ReviewError> {
        let now = self.now();
        let lease = now + SignedDuration::from_mins(ASSIGNMENT_LEASE_MINUTES);
        Ok(self
            .leases
            .take_lease(&LeaseKey::RoundAssignment { round }, now, lease)
            .await?)
    }

    async fn unlock_round(&self, round: u8) {
        let lock = LeaseKey::RoundAssignment { round };
        if let Err(e) = self.leases.release_lease(&lock).await {
            // The lease runs out by itself.
            tracing::warn!(error = %e, round, "could not release the assignment lock");
        }
    }

    /// The reviewers who may be given cases: this year's, each whose link is not revoked.
    async fn active_reviewers(&self) -> Result<Vec<Reviewer>, ReviewError> {
        let year = self.campaign.year();
        let mut reviewers = self.reviewers.list_reviewers().await?;
        reviewers.retain(|r| !r.revoked && r.reviews_in(year));
        Ok(reviewers)
    }

    /// Every pair of a round's case and an active reviewer that assignment leaves out,
    /// and why: the campaign's conflict rule (country, organization) or a conflict the
    /// reviewer declared. By reference, then reviewer. With `only`, that reviewer's alone
    /// (`UnknownReviewer` if they are not in the registry).
    pub async fn round_exclusions(
        &self,
        round: u8,
        only: Option<ReviewerId>,
    ) -> Result<Vec<Exclusion>, ReviewError> {
        self.round(round)?;
        let mut reviewers = self.active_reviewers().await?;
        if let Some(id) = only {
            if self.reviewers.get_reviewer(id).await?.is_none() {
                return Err(ReviewError::UnknownReviewer);
            }
            reviewers.retain(|r| r.id == id);
        }
        let cases = self.round_cases(round).await?;
        let declared: BTreeMap<(ApplicationId, ReviewerId), String> = self
            .assignments
            .list_round_assignments(round)
            .await?
            .into_iter()
            .filter_map(|a| a.conflict.map(|why| ((a.application, a.reviewer), why)))
            .collect();
        let rule = self.campaign.review().conflict;
        let profiles: Vec<_> = reviewers.iter().map(|r| (r, r.profile())).collect();
        let mut out = Vec::new();
        for case in &cases {
            for (reviewer, profile) in &profiles {
                let why = match declared.get(&(case.id, reviewer.id)) {
                    Some(why) => ExclusionReason::Declared(why.clone()),
                    None => match conflict_reason(rule, profile, &case.content) {
                        Some(reason) => ExclusionReason::Rule(reason),
                        None => continue,
                    },
                };
                out.push(Exclusion {
                    application: case.id,
                    reference: reference_of(case),
                    reviewer: reviewer.id,
                    reviewer_name: reviewer.name.clone(),
                    why,
                });
            }
        }
        out.sort_by(|a, b| (&a.reference, &a.reviewer_name).cmp(&(&b.reference, &b.reviewer_name)));
        Ok(out)
    }

    /// Per case the reviews done and due; per reviewer done and assigned.
    pub async fn round_progress(&self, round: u8) -> Result<RoundProgress, ReviewError> {
        self.round(round)?;
        // Independent reads: each store checks its rows while the next one reads.
        let (read, (cases, year_ids), reviewers) = futures_util::future::try_join3(
            futures_util::future::try_join(
                self.assignments.list_round_assignments(round),
                self.reviews.list_round_reviews(round),
            ),
            self.rounds.cases_in_year(round),
            self.reviewers.list_reviewers(),
        )
        .await?;
        // This year's alone (one listing of the call serves both).
        let (assigned, reviewed) = crate::round::of_cases(&year_ids, read);
        let (live, reviews) = live_state(assigned, reviewed);
        let done = |a: &Assignment| {
            reviews
                .get(&(a.application, a.reviewer))
                .is_some_and(|r| r.submitted)
        };
        let mut per_case: BTreeMap<ApplicationId, (usize, usize)> = BTreeMap::new();
        let mut per_reviewer: BTreeMap<ReviewerId, (usize, usize)> = BTreeMap::new();
        for a in &live {
            let d = usize::from(done(a));
            let c = per_case.entry(a.application).or_default();
            c.0 += d;
            c.1 += 1;
            let r = per_reviewer.entry(a.reviewer).or_default();
            r.0 += d;
            r.1 += 1;
        }
        let mut case_rows: Vec<CaseProgress> = cases
            .iter()
            .map(|app| {
                let (done, due) = per_case.get(&app.id).copied().unwrap_or((0, 0));
                CaseProgress {
                    application: app.id,
                    reference: reference_of(app),
                    practice_name: app.content.practice_name.clone().unwrap_or_default(),
                    done,
                    due,
                }
            })
            .collect();
        case_rows.sort_by(|a, b| a.reference.cmp(&b.reference));
        let mut reviewer_rows: Vec<ReviewerProgress> = reviewers
            .iter()
            .filter(|r| per_reviewer.contains_key(&r.id))
            .map(|r| {
                let (done, assigned) = per_reviewer[&r.id];
                ReviewerProgress {
                    reviewer: r.id,
                    name: r.name.clone(),
                    done,
                    assigned,
                }
            })
            .collect();
        reviewer_rows.sort_by_cached_key(|r| normalise(&r.name));
        Ok(RoundProgress {
            round,
            cases: case_rows,
            reviewers: reviewer_rows,
        })
    }

    /// Gives a case whose reviewer declined it to the eligible reviewer with the lowest
    /// load, if the round is not being assigned right now (that run fills the gap then).
    pub(crate) async fn hand_over(
        &self,
        round: &ReviewRound,
        application: ApplicationId,
    ) -> Result<(), ReviewError> {
        self.sign_in.prepare().await?;
        if !self.lock_round(round.number).await? {
            return Ok(());
        }
        let now = self.now();
        let result = async {
            let Some(app) = self.applications.get_application(application).await? else {
                return Ok(());
            };
            let all = self.rounds.assignments(round.number).await?;
            let wanted = all
                .iter()
                .filter(|a| a.application == application)
                .count()
                .max(usize::from(self.campaign.review().reviewers_per_case));
            let on_case = all
                .iter()
                .filter(|a| a.application == application && a.conflict.is_none())
                .count();
            let (existing, mut declined) = split_pairs(&all);
            let (seen, declined_before) = self.earlier_pairs(round.number).await?;
            declined.extend(declined_before);
            let reviewers = self.active_reviewers().await?;
            let profiles: Vec<_> = reviewers.iter().map(Reviewer::profile).collect();
            // One more reviewer than the case has now, at most what it had before.
            let per_case = (on_case + 1).min(wanted);
            let planned = plan(
                self.campaign.review().conflict,
                per_case,
                &[CaseToAssign {
                    id: app.id,
                    content: &app.content,
                }],
                &profiles,
                &existing,
                &declined,
                &seen,
            );
            for &(case, id) in &planned.new {
                let new = Assignment {
                    round: round.number,
                    application: case,
                    reviewer: id,
                    assigned_at: now,
                    conflict: None,
                };
                self.assignments.add_assignments(&[new]).await?;
                if let Some(r) = reviewers.iter().find(|r| r.id == id) {
                    let link = self.sign_in.link_for(r).await?;
                    let mail = assignment_mail(r, &link.link, 1, round, &self.campaign);
                    send(&self.mailer, mail).await;
                }
            }
            Ok::<(), ReviewError>(())
        }
        .await;
        self.unlock_round(round.number).await;
        result
    }
}

/// The plan's warnings with the names people know: cases given again to a reviewer of an
/// earlier round, and cases that did not get all their reviewers.
fn named_warnings(
    cases: &[Application],
    reviewers: &[Reviewer],
    planned: &AssignmentPlan,
) -> (Vec<RepeatedReviewer>, Vec<UnassignableCase>) {
    let by_id: BTreeMap<ApplicationId, &Application> = cases.iter().map(|a| (a.id, a)).collect();
    let reference =
        |id: &ApplicationId| by_id.get(id).map_or_else(String::new, |a| reference_of(a));
    let repeated = planned
        .repeated
        .iter()
        .map(|&(application, reviewer)| RepeatedReviewer {
            application,
            reference: reference(&application),
            reviewer,
            reviewer_name: reviewers
                .iter()
                .find(|r| r.id == reviewer)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let unassignable = planned
        .unassignable
        .iter()
        .map(|u| UnassignableCase {
            application: u.application,
            reference: reference(&u.application),
            has: u.has,
            wanted: u.wanted,
        })
        .collect();
    (repeated, unassignable)
}

/// A round's (case, reviewer) pairs: the live ones (kept, never moved) and the declined
/// ones (never given again).
type Pair = (ApplicationId, ReviewerId);

fn split_pairs(all: &[Assignment]) -> (Vec<Pair>, Vec<Pair>) {
    let pair = |a: &Assignment| (a.application, a.reviewer);
    let live = all.iter().filter(|a| a.conflict.is_none()).map(pair);
    let declined = all.iter().filter(|a| a.conflict.is_some()).map(pair);
    (live.collect(), declined.collect())
}
