//! A round's reviewers beyond assigning: the late ones nudged (the reminder job's
//! reviewer nudge, sent now, once per reviewer per day), and who may not review what.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use casebook_core::decision::DecisionService;
use casebook_core::review::{Exclusion, ReviewServices};
use casebook_core::{ApplicationId, Lang, ReminderError, ReminderService, ReviewError, ReviewerId};
use casebook_http::extract::RequestLang;
use casebook_http::{ApiError, ErrorEnvelope};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::{Organizer, R401, RoundPath, TAG};

/// What nudging sent.
#[derive(Serialize, ToSchema)]
pub(crate) struct NudgeView {
    round: u8,
    /// Reviewers e-mailed now.
    sent: usize,
    /// Reviewers already nudged today (not again).
    already_sent: usize,
    /// Reviewers who opted out of reminders.
    opted_out: usize,
    /// Mails that failed (asking again tries them again).
    failed: usize,
}

/// E-mails each reviewer with reviews of the round still to submit (not revoked) their
/// link and how many wait; once per reviewer per day, however often it is asked.
#[utoipa::path(post, path = "/admin/rounds/{round}/nudge", tag = TAG,
    params(("round" = u8, Path, description = "The round's number")),
    security(("organizer_token" = [])),
    responses(
        (status = 200, description = "Who was nudged", body = NudgeView),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round", body = ErrorEnvelope),
    ))]
pub(crate) async fn nudge_reviewers(
    State(service): State<ReminderService>,
    Organizer(organizer): Organizer,
    RoundPath(round): RoundPath,
) -> Result<Response, ApiError> {
    let report = service.nudge_reviewers(round).await.map_err(|e| match e {
        ReminderError::Review(e) => ApiError::from(e),
        ReminderError::Store(e) => ApiError::from(e),
        other => {
            tracing::error!(error = %other, "reviewers could not be nudged");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "The reviewers could not be nudged; the log says why.",
            )
        }
    })?;
    tracing::info!(organizer = %organizer.id, round, sent = report.sent.len(), "reviewers nudged");
    Ok(Json(NudgeView {
        round,
        sent: report.sent.len(),
        already_sent: report.already_sent,
        opted_out: report.opted_out,
        failed: report.failed.len(),
    })
    .into_response())
}

/// A case a reviewer is kept from, and why.
#[derive(Serialize, ToSchema)]
pub(crate) struct ExclusionView {
    #[schema(format = "uuid")]
    application_id: String,
    reference: String,
    #[schema(format = "uuid")]
    reviewer_id: String,
    reviewer: String,
    /// The campaign's rule that applies (the reviewer's country, or an organization of
    /// theirs named by the case), or the conflict the reviewer declared.
    reason: String,
}

impl ExclusionView {
    fn new(e: &Exclusion, lang: Lang) -> ExclusionView {
        ExclusionView {
            application_id: e.application.to_string(),
            reference: e.reference.clone(),
            reviewer_id: e.reviewer.to_string(),
            reviewer: e.reviewer_name.clone(),
            reason: e.reason(lang),
        }
    }
}

/// A round's conflicts as one JSON line each, for `casebook admin rounds conflicts --json`.
pub fn conflict_json(e: &Exclusion) -> serde_json::Value {
    super::to_json(&ExclusionView::new(e, Lang::En))
}

/// Whose conflicts to list.
#[derive(serde::Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct ConflictsQuery {
    /// One reviewer's id: their conflicts alone (a call's whole list can run to thousands).
    #[param(format = "uuid")]
    reviewer: Option<String>,
}

/// Who may not review what in a round.
#[derive(Serialize, ToSchema)]
pub(crate) struct ExclusionsView {
    round: u8,
    /// By reference, then reviewer.
    conflicts: Vec<ExclusionView>,
}

/// Every pair of a round's case and an active reviewer that assignment keeps apart, and
/// why: the campaign's conflict rule, or a conflict the reviewer declared.
#[utoipa::path(get, path = "/admin/rounds/{round}/conflicts", tag = TAG,
    params(("round" = u8, Path, description = "The round's number"), ConflictsQuery),
    security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The pairs kept apart", body = ExclusionsView),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round, or no such reviewer", body = ErrorEnvelope),
    ))]
pub(crate) async fn round_conflicts(
    State(service): State<ReviewServices>,
    Organizer(_): Organizer,
    RequestLang(lang): RequestLang,
    RoundPath(round): RoundPath,
    query: Result<Query<ConflictsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    // A reviewer id of the wrong shape is no reviewer's.
    let only = match query.map(|Query(q)| q.reviewer) {
        Ok(None) => None,
        Ok(Some(id)) => Some(ReviewerId::parse(&id).ok_or(ReviewError::UnknownReviewer)?),
        Err(_) => return Err(ReviewError::UnknownReviewer.into()),
    };
    let exclusions = service.rounds.round_exclusions(round, only).await?;
    Ok(Json(ExclusionsView {
        round,
        conflicts: exclusions
            .iter()
            .map(|e| ExclusionView::new(e, lang))
            .collect(),
    })
    .into_response())
}

/// One assigned reviewer's part in a case.
#[derive(Serialize, ToSchema)]
pub(crate) struct ReviewOfCaseView {
    #[schema(format = "uuid")]
    reviewer_id: String,
    reviewer: String,
    /// A draft's scores and comment stay the reviewer's until submitted.
    submitted: bool,
    /// Criterion id to score.
    scores: std::collections::BTreeMap<String, u8>,
    comment: String,
    /// The conflict the reviewer declared instead.
    conflict: Option<String>,
}

/// A case's reviews in a round.
#[derive(Serialize, ToSchema)]
pub(crate) struct CaseReviewsView {
    round: u8,
    #[schema(format = "uuid")]
    application_id: String,
    /// By reviewer name.
    reviews: Vec<ReviewOfCaseView>,
}

/// Every reviewer the case was assigned to in the round, with their submitted scores and
/// comment (a draft shows as not submitted, without its content).
#[utoipa::path(get, path = "/admin/rounds/{round}/cases/{id}/reviews", tag = TAG,
    params(("round" = u8, Path, description = "The round's number"),
        ("id" = String, Path, description = "The case's application id")),
    security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The case's reviews", body = CaseReviewsView),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round, or no such case in it", body = ErrorEnvelope),
    ))]
pub(crate) async fn case_reviews(
    State(service): State<DecisionService>,
    Organizer(_): Organizer,
    Path((round, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let not_in_round = || {
        ApiError::said(
            StatusCode::NOT_FOUND,
            "not_found",
            casebook_core::lang::msg::ADMIN_CASE_NOT_IN_ROUND,
        )
    };
    let round: u8 = round.parse().map_err(|_| super::unknown_round())?;
    let id = ApplicationId::parse(&id).ok_or_else(not_in_round)?;
    let reviews = service
        .case_reviews(round, id)
        .await?
        .ok_or_else(not_in_round)?;
    Ok(Json(CaseReviewsView {
        round,
        application_id: id.to_string(),
        reviews: reviews
            .into_iter()
            .map(|r| ReviewOfCaseView {
                reviewer_id: r.reviewer.to_string(),
                reviewer: r.reviewer_name,
                submitted: r.submitted,
                scores: r.scores,
                comment: r.comment,
                conflict: r.conflict,
            })
            .collect(),
    })
    .into_response())
}
