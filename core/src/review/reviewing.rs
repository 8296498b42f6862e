//! What a reviewer does: their list of cases, a case to read (with short-lived links to
//! its files), a review saved as a draft or submitted, and a conflict declared (the case
//! then goes to another reviewer).

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use crate::application::{Application, ApplicationId, Status};
use crate::attachment::{Attachment, AttachmentStatus, DownloadLink};
use crate::attachment_service::AttachmentService;
use crate::campaign::{Campaign, ReviewRound};
use crate::clock::Clock;
use crate::ports::{
    ApplicationStore, AssignmentStore, AttachmentStore, ReviewStore, StoreError, Stores,
};
use crate::round::{Rounds, reference_of};

use super::error::{InvalidKind, InvalidReview, ReviewError, required_text};
use super::rounds::AssignmentService;
use super::{Assignment, CaseReview, Reviewer};

/// Caps on what reviewers type, checked before anything else.
pub const MAX_COMMENT_CHARS: usize = 4000;
pub const MAX_REASON_CHARS: usize = 1000;
/// How long a download link on the review page works.
const DOWNLOAD_MINUTES: i64 = 15;

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

#[derive(Clone)]
pub struct ReviewingService {
    applications: Arc<dyn ApplicationStore>,
    assignments: Arc<dyn AssignmentStore>,
    reviews: Arc<dyn ReviewStore>,
    attachments: Arc<dyn AttachmentStore>,
    rounds: Rounds,
    /// Hands a declined case to another reviewer.
    assignment: AssignmentService,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    files: Option<AttachmentService>,
}

impl ReviewingService {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        assignment: AssignmentService,
    ) -> ReviewingService {
        ReviewingService {
            applications: stores.applications.clone(),
            assignments: stores.assignments.clone(),
            reviews: stores.reviews.clone(),
            attachments: stores.attachments.clone(),
            rounds: Rounds::new(stores, campaign.clone()),
            assignment,
            clock,
            campaign,
            files: None,
        }
    }

    /// Gives reviewers download links to the cases' verified files.
    pub fn with_files(mut self, files: AttachmentService) -> ReviewingService {
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

    /// Refuses a change to a closed round.
    async fn check_open(&self, round: u8) -> Result<(), ReviewError> {
        if self.rounds.is_closed(round).await? {
            return Err(ReviewError::RoundClosed { round });
        }
        Ok(())
    }

    /// The reviewer's cases of this year, every round, the latest round first, then by
    /// reference.
    pub async fn assignments_of(
        &self,
        reviewer: &Reviewer,
    ) -> Result<Vec<AssignedCase>, ReviewError> {
        let assignments = self
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
                .applications
                .get_application(assignment.application)
                .await?
                .filter(|a| is_reviewable(a.status) && a.campaign == self.campaign.year())
            else {
                continue;
            };
            let status = if assignment.conflict.is_some() {
                AssignmentStatus::Conflict
            } else {
                match self
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
            b.assignment
                .round
                .cmp(&a.assignment.round)
                .then_with(|| reference_of(&a.application).cmp(&reference_of(&b.application)))
        });
        Ok(cases)
    }

    /// When `round` stopped taking reviews: when an organizer closed it, or the end of
    /// its last day (in the call's time zone) once that has passed; `None` while open.
    pub async fn round_closed_at(
        &self,
        round: &ReviewRound,
    ) -> Result<Option<Timestamp>, ReviewError> {
        Ok(self.rounds.closed_at(round, self.now()).await?)
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
        // during or after the assignment is nobody's to read or score, and an earlier
        // year's case is not scored in this year's rounds.
        let live = self
            .applications
            .get_application(application)
            .await?
            .is_some_and(|a| is_reviewable(a.status) && a.campaign == self.campaign.year());
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
            .applications
            .get_application(application)
            .await?
            .ok_or(ReviewError::NotFound)?;
        let mut attachments = Vec::new();
        if let Some(files) = &self.files {
            let now = self.now();
            let until = now + SignedDuration::from_mins(DOWNLOAD_MINUTES);
            for attachment in self.attachments.list_attachments(app.id).await? {
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
        match self.reviews.save_review(&review, current).await {
            Ok(()) => {
                let kind = if review.submitted {
                    "submitted"
                } else {
                    "draft"
                };
                crate::metric::count("ReviewSaves", Some(kind));
                Ok(review)
            }
            Err(StoreError::Conflict) => {
                let now_at = self
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
            .reviews
            .get_review(round.number, application, reviewer.id)
            .await?;
        if stored.as_ref().is_some_and(|r| r.submitted) {
            return Err(ReviewError::AlreadySubmitted);
        }
        match self
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
                .reviews
                .save_review(&emptied, Some(draft.version))
                .await
            {
                tracing::warn!(error = %e, "a declined case's draft was not emptied");
            }
        }
        self.assignment.hand_over(&round, application).await?;
        Ok(Assignment {
            conflict: Some(reason),
            ..assignment
        })
    }
}

/// Whether reviewers may see a case: submitted and not withdrawn (a draft never is).
fn is_reviewable(status: Status) -> bool {
    !matches!(status, Status::Draft | Status::Withdrawn)
}

/// A key someone sent, cut so an error never echoes a long one back.
fn field_excerpt(key: &str) -> String {
    key.chars().take(40).collect()
}
