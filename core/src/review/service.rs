//! The review use cases, written once for the CLI, the organizer routes and the reviewer
//! routes: the registry and its sign-in links, assigning a round, the progress, and what
//! a reviewer reads, scores and declines.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

pub use crate::access::SignInLink;
use crate::access::{AccessTokens, KeyUnavailable, Role};
use crate::application::{Application, ApplicationId, Status};
use crate::attachment::{Attachment, AttachmentStatus, DownloadLink};
use crate::attachment_service::AttachmentService;
use crate::campaign::{Campaign, ReviewRound};
use crate::clock::Clock;
use crate::country::CountryCode;
use crate::decision::AuditAction;
use crate::email::Email;
use crate::mail::{Mailer, OutgoingMail};
use crate::ports::{StoreError, Stores};
use crate::text::normalise;

use super::assignment::{CaseToAssign, plan};
use super::error::{InvalidKind, InvalidReview, ReviewError, required_text};
use super::mail::{assignment_mail, sign_in_mail};
use super::{Assignment, CaseReview, Reviewer, ReviewerId};

/// Caps on what organizers and reviewers type, checked before anything else.
pub const MAX_NAME_CHARS: usize = 300;
pub const MAX_COMMENT_CHARS: usize = 4000;
pub const MAX_REASON_CHARS: usize = 1000;
/// How long a reviewer's sign-in link works: a call's review season, with margin.
pub const REVIEWER_LINK_DAYS: i64 = 120;
/// The most further organizations a reviewer's record may list.
pub const MAX_EXCLUDED_ORGANIZATIONS: usize = 20;
/// The most reviewers a case may be given in a round.
pub const MAX_PER_CASE: usize = 20;
/// How long a download link on the review page works.
const DOWNLOAD_MINUTES: i64 = 15;
/// How long one assignment run may hold its round before another may take over.
const ASSIGNMENT_LEASE_MINUTES: i64 = 10;

/// A reviewer to register, as an organizer typed it.
#[derive(Debug, Clone, Default)]
pub struct NewReviewer {
    pub name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    /// Further organizations the reviewer must not review (at most
    /// [`MAX_EXCLUDED_ORGANIZATIONS`]).
    pub excluded_organizations: Vec<String>,
    pub areas: Vec<String>,
}

/// A reviewer with their load and progress, over every round.
#[derive(Debug, Clone)]
pub struct ReviewerStanding {
    pub reviewer: Reviewer,
    pub assigned: usize,
    pub submitted: usize,
}

/// A case that did not get all its reviewers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnassignableCase {
    pub application: ApplicationId,
    pub reference: String,
    pub reason: String,
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
    pub reason: String,
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

/// Where a reviewer stands on an assigned case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentStatus {
    Pending,
    Draft,
    Submitted,
    Conflict,
}

impl AssignmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentStatus::Pending => "pending",
            AssignmentStatus::Draft => "draft",
            AssignmentStatus::Submitted => "submitted",
            AssignmentStatus::Conflict => "conflict",
        }
    }
}

/// A case on a reviewer's list.
#[derive(Debug, Clone)]
pub struct AssignedCase {
    pub assignment: Assignment,
    pub application: Application,
    pub status: AssignmentStatus,
    /// The last day of the round.
    pub due: jiff::civil::Date,
    /// When the round stopped taking reviews (closed by an organizer, or past its last
    /// day); `None` while it is open.
    pub closed_at: Option<Timestamp>,
}

/// A case as a reviewer reads it.
#[derive(Debug, Clone)]
pub struct CaseForReview {
    pub application: Application,
    pub round: u8,
    pub due: jiff::civil::Date,
    /// When the round stopped taking reviews; `None` while it is open (the review is
    /// read-only once it is set).
    pub closed_at: Option<Timestamp>,
    /// Verified files with a short-lived link each.
    pub attachments: Vec<(Attachment, DownloadLink)>,
    pub review: Option<CaseReview>,
}

/// A review as sent by the page.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    pub round: u8,
    pub scores: BTreeMap<String, i64>,
    pub comment: String,
    pub submit: bool,
}

/// The review use cases over the ports they need.
#[derive(Clone)]
pub struct ReviewService {
    stores: Stores,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    tokens: Arc<AccessTokens>,
    /// The review page's address; sign-in links add the token as its fragment.
    page_url: String,
    mailer: Option<Arc<dyn Mailer>>,
    files: Option<AttachmentService>,
}

impl ReviewService {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        tokens: Arc<AccessTokens>,
        page_url: String,
    ) -> ReviewService {
        ReviewService {
            stores: stores.clone(),
            clock,
            campaign,
            tokens,
            page_url,
            mailer: None,
            files: None,
        }
    }

    /// Sends sign-in links and assignment news through `mailer`.
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> ReviewService {
        self.mailer = Some(mailer);
        self
    }

    /// Gives reviewers download links to the cases' verified files.
    pub fn with_files(mut self, files: AttachmentService) -> ReviewService {
        self.files = Some(files);
        self
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn shared_campaign(&self) -> Arc<Campaign> {
        self.campaign.clone()
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    fn round(&self, number: u8) -> Result<&ReviewRound, ReviewError> {
        self.campaign
            .review_round(number)
            .ok_or(ReviewError::UnknownRound(number))
    }

    async fn send(&self, mail: OutgoingMail) -> bool {
        let Some(mailer) = &self.mailer else {
            return false;
        };
        match mailer.send(&mail).await {
            Ok(_) => true,
            Err(e) => {
                // The organizer can send a fresh link (`reviewers link`); nothing is lost.
                tracing::warn!(error = %e, "a reviewer's e-mail could not be sent");
                false
            }
        }
    }

    // ---------------------------------------------------------------- sign-in

    pub(crate) async fn link_for(&self, reviewer: &Reviewer) -> Result<SignInLink, KeyUnavailable> {
        self.tokens
            .sign_in_link(
                Role::Reviewer,
                &reviewer.id.to_string(),
                reviewer.generation,
                SignedDuration::from_hours(24 * REVIEWER_LINK_DAYS),
                &self.page_url,
            )
            .await
    }

    /// The reviewer a token belongs to: signature, expiry, and the link's generation
    /// against the record (a revoked or replaced link opens nothing).
    pub async fn authenticate_reviewer(&self, token: &str) -> Result<Reviewer, ReviewError> {
        let grant = self.tokens.verify(token, Role::Reviewer).await?;
        let id = ReviewerId::parse(&grant.subject)
            .ok_or(ReviewError::Unauthorized("invalid subject"))?;
        let reviewer = self
            .stores
            .reviewers
            .get_reviewer(id)
            .await?
            .ok_or(ReviewError::Unauthorized("unknown reviewer"))?;
        if reviewer.revoked || reviewer.generation != grant.generation {
            return Err(ReviewError::Unauthorized("revoked link"));
        }
        Ok(reviewer)
    }

    // ---------------------------------------------------------------- the registry

    /// Registers a reviewer and e-mails their sign-in link; `by` (the organizer) is
    /// recorded in the audit log.
    pub async fn register_reviewer(
        &self,
        new: NewReviewer,
        by: &str,
    ) -> Result<(Reviewer, SignInLink), ReviewError> {
        let name = required_text("name", &new.name, MAX_NAME_CHARS)?;
        let organization = required_text("organization", &new.organization, MAX_NAME_CHARS)?;
        let email = Email::parse(new.email.trim())
            .map_err(|_| ReviewError::Invalid(InvalidReview::new("email", InvalidKind::Email)))?;
        let country = CountryCode::parse(&new.country).map_err(|e| {
            ReviewError::Invalid(InvalidReview::new("country", InvalidKind::Country(e)))
        })?;
        let known: Vec<String> = self.campaign.areas().iter().map(|a| a.id.clone()).collect();
        let mut areas = Vec::new();
        for area in new.areas.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            if !known.iter().any(|k| k == area) {
                return Err(ReviewError::Invalid(InvalidReview::new(
                    "areas",
                    InvalidKind::UnknownArea { known },
                )));
            }
            if !areas.iter().any(|a| a == area) {
                areas.push(area.to_string());
            }
        }
        if new.excluded_organizations.len() > MAX_EXCLUDED_ORGANIZATIONS {
            return Err(ReviewError::Invalid(InvalidReview::new(
                "excluded_organizations",
                InvalidKind::TooMany {
                    max: MAX_EXCLUDED_ORGANIZATIONS,
                },
            )));
        }
        let mut excluded_organizations = Vec::new();
        for (i, other) in new.excluded_organizations.iter().enumerate() {
            let field = format!("excluded_organizations[{i}]");
            let other = required_text(&field, other, MAX_NAME_CHARS)?;
            if !excluded_organizations.contains(&other) {
                excluded_organizations.push(other);
            }
        }
        let reviewer = Reviewer {
            id: ReviewerId::random(),
            name,
            email,
            country,
            organization,
            excluded_organizations,
            areas,
            generation: 0,
            revoked: false,
            version: 1,
            created_at: self.now(),
        };
        self.tokens.prepare(Role::Reviewer).await?;
        match self.stores.reviewers.insert_reviewer(&reviewer).await {
            Err(StoreError::AlreadyExists) => return Err(ReviewError::EmailTaken),
            other => other?,
        }
        self.record(
            by,
            AuditAction::ReviewerAdded {
                reviewer: reviewer.email.as_str().to_string(),
            },
        )
        .await?;
        let link = self.link_for(&reviewer).await?;
        self.send(sign_in_mail(&reviewer, &link.link, &self.campaign))
            .await;
        Ok((reviewer, link))
    }

    async fn record(&self, by: &str, action: AuditAction) -> Result<(), ReviewError> {
        crate::decision::service::record(&self.stores, self.now(), by, action).await
    }

    /// Every reviewer, by name, with their load and progress over every round.
    pub async fn list_reviewers(&self) -> Result<Vec<ReviewerStanding>, ReviewError> {
        let mut reviewers = self.stores.reviewers.list_reviewers().await?;
        reviewers.sort_by_cached_key(|r| normalise(&r.name));
        let mut assigned: BTreeMap<ReviewerId, usize> = BTreeMap::new();
        let mut submitted: BTreeMap<ReviewerId, usize> = BTreeMap::new();
        for round in self.campaign.review_rounds() {
            let (live, reviews) = self.round_state(round.number).await?;
            for a in &live {
                *assigned.entry(a.reviewer).or_default() += 1;
            }
            for r in reviews.values().filter(|r| r.submitted) {
                *submitted.entry(r.reviewer).or_default() += 1;
            }
        }
        Ok(reviewers
            .into_iter()
            .map(|reviewer| ReviewerStanding {
                assigned: assigned.get(&reviewer.id).copied().unwrap_or(0),
                submitted: submitted.get(&reviewer.id).copied().unwrap_or(0),
                reviewer,
            })
            .collect())
    }

    async fn reviewer(&self, id: ReviewerId) -> Result<Reviewer, ReviewError> {
        self.stores
            .reviewers
            .get_reviewer(id)
            .await?
            .ok_or(ReviewError::UnknownReviewer)
    }

    /// Bumps the link generation (every earlier link stops working at once) and sets
    /// `revoked`, over the version read. A new link for a reviewer revoked by then is
    /// refused unless `reinstate`: checked on the record the write is conditional on.
    async fn next_generation(
        &self,
        id: ReviewerId,
        revoked: bool,
        reinstate: bool,
    ) -> Result<Reviewer, ReviewError> {
        for _ in 0..crate::service::RACE_RETRIES {
            let mut reviewer = self.reviewer(id).await?;
            if !revoked && reviewer.revoked && !reinstate {
                return Err(ReviewError::StillRevoked);
            }
            let expected = reviewer.version;
            reviewer.generation += 1;
            reviewer.revoked = revoked;
            reviewer.version += 1;
            match self
                .stores
                .reviewers
                .update_reviewer(&reviewer, expected)
                .await
            {
                Ok(()) => return Ok(reviewer),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ReviewError::Store(StoreError::Conflict))
    }

    /// Stops the reviewer's link at once; their assignments stay for the organizers.
    pub async fn revoke_reviewer(&self, id: ReviewerId, by: &str) -> Result<Reviewer, ReviewError> {
        let reviewer = self.next_generation(id, true, false).await?;
        self.record(
            by,
            AuditAction::ReviewerRevoked {
                reviewer: reviewer.email.as_str().to_string(),
            },
        )
        .await?;
        Ok(reviewer)
    }

    /// A fresh link for the reviewer (the old one stops working), e-mailed to them. A
    /// revoked reviewer stays revoked unless `reinstate` says otherwise.
    pub async fn new_link(
        &self,
        id: ReviewerId,
        reinstate: bool,
        by: &str,
    ) -> Result<(Reviewer, SignInLink), ReviewError> {
        self.tokens.prepare(Role::Reviewer).await?;
        let reviewer = self.next_generation(id, false, reinstate).await?;
        self.record(
            by,
            AuditAction::ReviewerLinkSent {
                reviewer: reviewer.email.as_str().to_string(),
                reinstated: reinstate,
            },
        )
        .await?;
        let link = self.link_for(&reviewer).await?;
        self.send(sign_in_mail(&reviewer, &link.link, &self.campaign))
            .await;
        Ok((reviewer, link))
    }

    // ---------------------------------------------------------------- rounds

    /// A round's live assignments (declared conflicts left out) and its reviews by
    /// (case, reviewer).
    async fn round_state(
        &self,
        round: u8,
    ) -> Result<
        (
            Vec<Assignment>,
            BTreeMap<(ApplicationId, ReviewerId), CaseReview>,
        ),
        ReviewError,
    > {
        let live = self
            .stores
            .assignments
            .list_round_assignments(round)
            .await?
            .into_iter()
            .filter(|a| a.conflict.is_none())
            .collect();
        let reviews = self
            .stores
            .reviews
            .list_round_reviews(round)
            .await?
            .into_iter()
            .map(|r| ((r.application, r.reviewer), r))
            .collect();
        Ok((live, reviews))
    }

    /// The cases a round reviews: round 1 every submitted case; a later round the cases
    /// the earlier one selected into the Collection.
    async fn round_cases(&self, round: u8) -> Result<Vec<Application>, ReviewError> {
        crate::decision::service::cases_of_round(&self.stores, &self.campaign, round).await
    }

    /// Refuses a change to a closed round.
    async fn check_open(&self, round: u8) -> Result<(), ReviewError> {
        if crate::decision::service::round_is_closed(&self.stores, round).await? {
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
        if round > 1
            && !crate::decision::service::round_has_decisions(&self.stores, round - 1).await?
        {
            return Err(ReviewError::EarlierRoundUndecided { round: round - 1 });
        }
        // The assignment mails carry sign-in links: have the key before assigning.
        self.tokens.prepare(Role::Reviewer).await?;
        if !self.lock_round(round).await? {
            return Err(ReviewError::AssignmentRunning);
        }
        let result = self.assign_claimed(&round_spec, per_case).await;
        self.unlock_round(round).await;
        let report = result?;
        self.record(
            by,
            AuditAction::RoundAssigned {
                round,
                assigned: report.assigned,
            },
        )
        .await?;
        Ok(report)
    }

    async fn assign_claimed(
        &self,
        round: &ReviewRound,
        per_case: usize,
    ) -> Result<AssignmentReport, ReviewError> {
        let cases = self.round_cases(round.number).await?;
        let reviewers = self.active_reviewers().await?;
        let all = self
            .stores
            .assignments
            .list_round_assignments(round.number)
            .await?;
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
        let added = self.stores.assignments.add_assignments(&new).await?;
        // Round 1 under way: applicants see their case in review.
        if round.number == 1 {
            for case in cases.iter().filter(|a| a.status == Status::Submitted) {
                crate::decision::service::set_status(&self.stores, case.id, Status::InReview)
                    .await?;
            }
        }
        let mut loads: BTreeMap<ReviewerId, usize> = reviewers.iter().map(|r| (r.id, 0)).collect();
        for (_, reviewer) in existing.iter().chain(&planned.new) {
            if let Some(n) = loads.get_mut(reviewer) {
                *n += 1;
            }
        }
        let mut news: BTreeMap<ReviewerId, usize> = BTreeMap::new();
        for (_, reviewer) in &planned.new {
            *news.entry(*reviewer).or_default() += 1;
        }
        let mut mails_sent = 0;
        for reviewer in reviewers.iter() {
            if let Some(&count) = news.get(&reviewer.id) {
                let link = self.link_for(reviewer).await?;
                let mail = assignment_mail(reviewer, &link.link, count, round, &self.campaign);
                mails_sent += usize::from(self.send(mail).await);
            }
        }
        let by_id: BTreeMap<ApplicationId, &Application> =
            cases.iter().map(|a| (a.id, a)).collect();
        let repeated = planned
            .repeated
            .iter()
            .map(|&(application, reviewer)| RepeatedReviewer {
                application,
                reference: reference_of(by_id.get(&application).copied()),
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
                reference: reference_of(by_id.get(&u.application).copied()),
                reason: format!(
                    "{} of {} reviewers: no other registered reviewer is free of conflict with this case",
                    u.has, u.wanted
                ),
            })
            .collect();
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
            let all = self
                .stores
                .assignments
                .list_round_assignments(earlier)
                .await?;
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
            .stores
            .updates
            .claim_update(&format!("assign:round:{round}"), now, lease)
            .await?)
    }

    async fn unlock_round(&self, round: u8) {
        let lock = format!("assign:round:{round}");
        if let Err(e) = self.stores.updates.release_update(&lock).await {
            // The lease runs out by itself.
            tracing::warn!(error = %e, round, "could not release the assignment lock");
        }
    }

    /// The reviewers who may be given cases: every one whose link is not revoked.
    async fn active_reviewers(&self) -> Result<Vec<Reviewer>, ReviewError> {
        let mut reviewers = self.stores.reviewers.list_reviewers().await?;
        reviewers.retain(|r| !r.revoked);
        Ok(reviewers)
    }

    /// Every pair of a round's case and an active reviewer that assignment leaves out,
    /// and why: the campaign's conflict rule (country, organization) or a conflict the
    /// reviewer declared. By reference, then reviewer.
    pub async fn round_exclusions(&self, round: u8) -> Result<Vec<Exclusion>, ReviewError> {
        self.round(round)?;
        let cases = self.round_cases(round).await?;
        let reviewers = self.active_reviewers().await?;
        let declared: BTreeMap<(ApplicationId, ReviewerId), String> = self
            .stores
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
                let reason = match declared.get(&(case.id, reviewer.id)) {
                    Some(why) => format!("the reviewer declared a conflict: {why}"),
                    None => match super::conflict_reason(rule, profile, &case.content) {
                        Some(reason) => reason.describe(),
                        None => continue,
                    },
                };
                out.push(Exclusion {
                    application: case.id,
                    reference: reference_of(Some(case)),
                    reviewer: reviewer.id,
                    reviewer_name: reviewer.name.clone(),
                    reason,
                });
            }
        }
        out.sort_by(|a, b| (&a.reference, &a.reviewer_name).cmp(&(&b.reference, &b.reviewer_name)));
        Ok(out)
    }

    /// Per case the reviews done and due; per reviewer done and assigned.
    pub async fn round_progress(&self, round: u8) -> Result<RoundProgress, ReviewError> {
        self.round(round)?;
        let (live, reviews) = self.round_state(round).await?;
        let cases = self.round_cases(round).await?;
        let reviewers = self.stores.reviewers.list_reviewers().await?;
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
                    reference: reference_of(Some(app)),
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

    // ---------------------------------------------------------------- reviewers

    /// The reviewer's cases, every round, the latest round first, then by reference.
    pub async fn assignments_of(
        &self,
        reviewer: &Reviewer,
    ) -> Result<Vec<AssignedCase>, ReviewError> {
        let assignments = self
            .stores
            .assignments
            .list_reviewer_assignments(reviewer.id)
            .await?;
        let mut cases = Vec::with_capacity(assignments.len());
        let mut closed: BTreeMap<u8, Option<Timestamp>> = BTreeMap::new();
        for assignment in assignments {
            let Some(round) = self.campaign.review_round(assignment.round) else {
                continue;
            };
            let closed_at = match closed.get(&round.number) {
                Some(&at) => at,
                None => {
                    let at = self.round_closed_at(round).await?;
                    closed.insert(round.number, at);
                    at
                }
            };
            let Some(application) = self
                .stores
                .applications
                .get_application(assignment.application)
                .await?
                .filter(|a| is_reviewable(a.status))
            else {
                continue;
            };
            let status = if assignment.conflict.is_some() {
                AssignmentStatus::Conflict
            } else {
                match self
                    .stores
                    .reviews
                    .get_review(assignment.round, assignment.application, reviewer.id)
                    .await?
                {
                    None => AssignmentStatus::Pending,
                    Some(r) if r.submitted => AssignmentStatus::Submitted,
                    Some(r) if r.scores.is_empty() && r.comment.is_empty() => {
                        AssignmentStatus::Pending
                    }
                    Some(_) => AssignmentStatus::Draft,
                }
            };
            cases.push(AssignedCase {
                due: round.ends,
                closed_at,
                assignment,
                application,
                status,
            });
        }
        cases.sort_by(|a, b| {
            b.assignment.round.cmp(&a.assignment.round).then_with(|| {
                reference_of(Some(&a.application)).cmp(&reference_of(Some(&b.application)))
            })
        });
        Ok(cases)
    }

    /// When `round` stopped taking reviews: when an organizer closed it, or the end of
    /// its last day (in the call's time zone) once that has passed; `None` while open.
    pub async fn round_closed_at(
        &self,
        round: &ReviewRound,
    ) -> Result<Option<Timestamp>, ReviewError> {
        let ends = self.campaign.round_closes_at(round);
        if let Some(closing) = self
            .stores
            .decisions
            .get_round_closing(round.number)
            .await?
            && closing.closed
        {
            // Closed after its last day: it stopped taking reviews when that day ended.
            return Ok(Some(closing.changed_at.min(ends)));
        }
        Ok((self.now() >= ends).then_some(ends))
    }

    /// The reviewer's live assignment of a case: in `round`, or without one in the
    /// latest round that gave it to them. Not assigned (or unknown) is `NotFound`;
    /// declined is `ConflictDeclared`.
    async fn assignment(
        &self,
        reviewer: &Reviewer,
        application: ApplicationId,
        round: Option<u8>,
    ) -> Result<Assignment, ReviewError> {
        let mut theirs: Vec<Assignment> = self
            .stores
            .assignments
            .list_reviewer_assignments(reviewer.id)
            .await?
            .into_iter()
            .filter(|a| a.application == application)
            .filter(|a| round.is_none_or(|r| a.round == r))
            .collect();
        theirs.sort_by_key(|a| a.round);
        let latest = theirs.pop().ok_or(ReviewError::NotFound)?;
        // Checked where the case is read, not only where it is listed: a case withdrawn
        // during or after the assignment is nobody's to read or score.
        let live = self
            .stores
            .applications
            .get_application(application)
            .await?
            .is_some_and(|a| is_reviewable(a.status));
        if !live {
            return Err(ReviewError::NotFound);
        }
        if latest.conflict.is_some() {
            return Err(ReviewError::ConflictDeclared);
        }
        Ok(latest)
    }

    /// A case assigned to the reviewer: everything but the contact person, its verified
    /// files with short-lived links, and their review so far.
    /// `round` is the round it was tapped in; without one, the latest that gave it to
    /// the reviewer.
    pub async fn case_for(
        &self,
        reviewer: &Reviewer,
        application: ApplicationId,
        round: Option<u8>,
    ) -> Result<CaseForReview, ReviewError> {
        let assignment = match self.assignment(reviewer, application, round).await {
            // A declined case is no longer theirs to read.
            Err(ReviewError::ConflictDeclared) => return Err(ReviewError::NotFound),
            other => other?,
        };
        let round = self.round(assignment.round)?;
        let app = self
            .stores
            .applications
            .get_application(application)
            .await?
            .ok_or(ReviewError::NotFound)?;
        let mut attachments = Vec::new();
        if let Some(files) = &self.files {
            let now = self.now();
            let until = now + SignedDuration::from_mins(DOWNLOAD_MINUTES);
            for attachment in self.stores.attachments.list_attachments(app.id).await? {
                if attachment.status != AttachmentStatus::Verified {
                    continue;
                }
                match files.link_to(&attachment, until).await {
                    Ok(link) => attachments.push((attachment, link)),
                    Err(e) => tracing::warn!(error = %e, "no download link for a verified file"),
                }
            }
        }
        let review = self
            .stores
            .reviews
            .get_review(assignment.round, application, reviewer.id)
            .await?;
        Ok(CaseForReview {
            application: app,
            round: assignment.round,
            due: round.ends,
            closed_at: self.round_closed_at(round).await?,
            attachments,
            review,
        })
    }

    /// Checks a review against the campaign's criteria: the caps first, then each score
    /// on its scale; a submitted review needs every criterion and a comment.
    fn check_review(&self, input: &ReviewInput) -> Result<BTreeMap<String, u8>, ReviewError> {
        let invalid =
            |field: String, kind| Err(ReviewError::Invalid(InvalidReview::new(field, kind)));
        if input.comment.chars().nth(MAX_COMMENT_CHARS).is_some() {
            return invalid(
                "comment".into(),
                InvalidKind::TooLong {
                    max: MAX_COMMENT_CHARS,
                },
            );
        }
        let criteria = self.campaign.criteria();
        if input.scores.len() > criteria.len() {
            // More keys than criteria: one of them is unknown; name the first.
            let unknown = input
                .scores
                .keys()
                .find(|k| !criteria.iter().any(|c| &c.id == *k));
            if let Some(key) = unknown {
                return invalid(
                    format!("scores.{}", field_excerpt(key)),
                    InvalidKind::UnknownCriterion,
                );
            }
        }
        let mut scores = BTreeMap::new();
        for (key, &value) in &input.scores {
            let Some(criterion) = criteria.iter().find(|c| &c.id == key) else {
                return invalid(
                    format!("scores.{}", field_excerpt(key)),
                    InvalidKind::UnknownCriterion,
                );
            };
            let [min, max] = criterion.scale;
            match u8::try_from(value) {
                Ok(score) if criterion.accepts(score) => {
                    scores.insert(key.clone(), score);
                }
                _ => {
                    return invalid(
                        format!("scores.{key}"),
                        InvalidKind::OutOfScale { min, max },
                    );
                }
            }
        }
        if input.submit {
            if let Some(missing) = criteria.iter().find(|c| !scores.contains_key(&c.id)) {
                return invalid(format!("scores.{}", missing.id), InvalidKind::MissingScore);
            }
            if input.comment.trim().is_empty() {
                return invalid("comment".into(), InvalidKind::Blank);
            }
        }
        Ok(scores)
    }

    /// Saves the reviewer's review of a case: a draft (possibly partial) or submitted.
    /// Changing an existing review needs the version it changes (`expected`); the
    /// stored version must still be that one.
    pub async fn save_review(
        &self,
        reviewer: &Reviewer,
        application: ApplicationId,
        input: ReviewInput,
        expected: Option<u64>,
    ) -> Result<CaseReview, ReviewError> {
        let scores = self.check_review(&input)?;
        let round = self.round(input.round).map_err(|_| {
            ReviewError::Invalid(InvalidReview::new(
                "round",
                InvalidKind::PerCase {
                    max: self.campaign.review_rounds().len(),
                },
            ))
        })?;
        let assignment = self
            .assignment(reviewer, application, Some(input.round))
            .await?;
        let now = self.now();
        if now >= self.campaign.round_closes_at(round) {
            return Err(ReviewError::RoundClosed { round: input.round });
        }
        self.check_open(input.round).await?;
        let stored = self
            .stores
            .reviews
            .get_review(assignment.round, application, reviewer.id)
            .await?;
        let current = stored.as_ref().map(|r| r.version);
        match (current, expected) {
            (Some(_), None) => return Err(ReviewError::VersionRequired),
            (Some(v), Some(e)) if v != e => {
                return Err(ReviewError::VersionMismatch { current: v });
            }
            (None, Some(_)) => return Err(ReviewError::VersionMismatch { current: 0 }),
            _ => {}
        }
        let review = CaseReview {
            round: assignment.round,
            application,
            reviewer: reviewer.id,
            scores,
            comment: input.comment.trim().to_string(),
            submitted: input.submit,
            version: current.unwrap_or(0) + 1,
            updated_at: now,
        };
        match self.stores.reviews.save_review(&review, current).await {
            Ok(()) => Ok(review),
            Err(StoreError::Conflict) => {
                let now_at = self
                    .stores
                    .reviews
                    .get_review(assignment.round, application, reviewer.id)
                    .await?
                    .map(|r| r.version)
                    .unwrap_or(0);
                Err(ReviewError::VersionMismatch { current: now_at })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The reviewer declines a case: the assignment becomes a conflict, its draft is
    /// emptied, and the case goes to the eligible reviewer with the lowest load (or shows
    /// as unassignable to the organizers). A submitted review cannot be declined.
    pub async fn declare_conflict(
        &self,
        reviewer: &Reviewer,
        application: ApplicationId,
        round: Option<u8>,
        reason: &str,
    ) -> Result<Assignment, ReviewError> {
        if reason.chars().nth(MAX_REASON_CHARS).is_some() {
            return Err(ReviewError::Invalid(InvalidReview::new(
                "reason",
                InvalidKind::TooLong {
                    max: MAX_REASON_CHARS,
                },
            )));
        }
        // Whether the case is theirs before what they wrote: a stranger learns nothing.
        let assignment = self.assignment(reviewer, application, round).await?;
        let reason = required_text("reason", reason, MAX_REASON_CHARS)?;
        let round = self.round(assignment.round)?.clone();
        if self.now() >= self.campaign.round_closes_at(&round) {
            return Err(ReviewError::RoundClosed {
                round: round.number,
            });
        }
        self.check_open(round.number).await?;
        let stored = self
            .stores
            .reviews
            .get_review(round.number, application, reviewer.id)
            .await?;
        if stored.as_ref().is_some_and(|r| r.submitted) {
            return Err(ReviewError::AlreadySubmitted);
        }
        match self
            .stores
            .assignments
            .declare_conflict(round.number, application, reviewer.id, &reason)
            .await
        {
            Err(StoreError::Conflict) => return Err(ReviewError::ConflictDeclared),
            other => other?,
        }
        if let Some(draft) = stored {
            let emptied = CaseReview {
                scores: BTreeMap::new(),
                comment: String::new(),
                version: draft.version + 1,
                updated_at: self.now(),
                ..draft.clone()
            };
            if let Err(e) = self
                .stores
                .reviews
                .save_review(&emptied, Some(draft.version))
                .await
            {
                tracing::warn!(error = %e, "a declined case's draft was not emptied");
            }
        }
        self.hand_over(&round, application).await?;
        Ok(Assignment {
            conflict: Some(reason),
            ..assignment
        })
    }

    /// Gives a case whose reviewer declined it to the eligible reviewer with the lowest
    /// load, if the round is not being assigned right now (that run fills the gap then).
    async fn hand_over(
        &self,
        round: &ReviewRound,
        application: ApplicationId,
    ) -> Result<(), ReviewError> {
        self.tokens.prepare(Role::Reviewer).await?;
        if !self.lock_round(round.number).await? {
            return Ok(());
        }
        let now = self.now();
        let result = async {
            let Some(app) = self
                .stores
                .applications
                .get_application(application)
                .await?
            else {
                return Ok(());
            };
            let all = self
                .stores
                .assignments
                .list_round_assignments(round.number)
                .await?;
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
                self.stores.assignments.add_assignments(&[new]).await?;
                if let Some(r) = reviewers.iter().find(|r| r.id == id) {
                    let link = self.link_for(r).await?;
                    self.send(assignment_mail(r, &link.link, 1, round, &self.campaign))
                        .await;
                }
            }
            Ok::<(), ReviewError>(())
        }
        .await;
        self.unlock_round(round.number).await;
        result
    }
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

/// A case's reference for people: its number, or its id while it has none.
fn reference_of(app: Option<&Application>) -> String {
    app.map(|a| {
        a.reference
            .as_ref()
            .map(|r| r.as_str().to_string())
            .unwrap_or_else(|| a.id.to_string())
    })
    .unwrap_or_default()
}

/// A typed value that must not be blank, within `max` characters (checked first).
/// Whether reviewers may see a case: submitted and not withdrawn (a draft never is).
fn is_reviewable(status: Status) -> bool {
    !matches!(status, Status::Draft | Status::Withdrawn)
}

/// A key someone sent, cut so an error never echoes a long one back.
fn field_excerpt(key: &str) -> String {
    key.chars().take(40).collect()
}

#[cfg(test)]
mod tests;
