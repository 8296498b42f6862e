//! Nudging a round's late reviewers from the console: the reminder job's reviewer nudge,
//! sent now, once per reviewer per day.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use casebook_core::ReminderError;
use casebook_core::ReminderService;
use casebook_http::{ApiError, ErrorEnvelope};
use serde::Serialize;
use utoipa::ToSchema;

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
