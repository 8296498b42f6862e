//! The organizer endpoints of DESIGN.md, as one axum Router served on Lambda by
//! `main.rs` and locally by `casebook serve`; the same service `casebook admin` runs.
//! Every route needs an organizer token (`casebook admin token --organizer`); a
//! reviewer's or an applicant's opens none.
//!
//! - `POST /admin/rounds/{n}/assign` `{"per_case"?}`: fills the round's gaps.
//! - `GET /admin/rounds/{n}`: per case the reviews done and due, per reviewer done and
//!   assigned.
//! - `GET /admin/reviewers`: the registry with each reviewer's load and progress.
//! - `POST /admin/rounds/{n}/close`, `POST /admin/rounds/{n}/reopen` `{"reason"}`: freeze
//!   a round's reviews (its ranking is then final), or open it again (logged).
//! - `GET /admin/rankings?round=N[&by=normalized|raw]`: the round's ranking and proposal.
//! - `POST /admin/decisions` `{"round", "decisions": [{"application_id", "decision",
//!   "reason"?}]}`, `GET /admin/decisions`: decide, and the decisions with the audit log.
//! - `GET /admin/stats`: counts by status, area and country; the collectors' board.
//! - `GET /admin/export.csv`: one row per application with its reviews and decisions.
//! - `POST /admin/announce`: each decided applicant told once (e-mail, and Telegram
//!   where the application lives there and the service has a Telegram notifier: in
//!   `casebook serve`, not in the admin Lambda); safe to run again.

use axum::extract::{FromRef, FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use casebook_core::decision::DecisionService;
use casebook_core::review::{AssignmentReport, ReviewService, ReviewerStanding, RoundProgress};
use casebook_http::extract::{AccessToken, JsonBody};
use casebook_http::{ApiError, method_not_allowed};
use serde::Deserialize;
use serde_json::{Value, json};

mod decisions;
pub use decisions::{
    announce_json, audit_json, closing_json, ranking_csv, ranking_json,
    standing_json as decision_json, stats_json, table_csv,
};

/// What the organizer routes run on.
#[derive(Clone)]
pub struct Admin {
    pub reviews: ReviewService,
    pub decisions: DecisionService,
}

impl FromRef<Admin> for ReviewService {
    fn from_ref(admin: &Admin) -> ReviewService {
        admin.reviews.clone()
    }
}

impl FromRef<Admin> for DecisionService {
    fn from_ref(admin: &Admin) -> DecisionService {
        admin.decisions.clone()
    }
}

/// The organizer API over the given services.
pub fn router(admin: Admin) -> Router {
    Router::new()
        .route("/admin/rounds/{round}/assign", post(assign_round))
        .route("/admin/rounds/{round}/close", post(decisions::close_round))
        .route(
            "/admin/rounds/{round}/reopen",
            post(decisions::reopen_round),
        )
        .route("/admin/rounds/{round}", get(round_progress))
        .route("/admin/reviewers", get(list_reviewers))
        .route("/admin/rankings", get(decisions::rankings))
        .route(
            "/admin/decisions",
            get(decisions::list_decisions).post(decisions::decide),
        )
        .route("/admin/stats", get(decisions::stats))
        .route("/admin/announce", post(decisions::announce))
        .route("/admin/export.csv", get(decisions::export_csv))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(admin)
}

/// The Router alone, as its Lambda serves it: with JSON answers for unknown paths.
pub fn standalone(admin: Admin) -> Router {
    let campaign = admin.reviews.shared_campaign();
    casebook_http::standalone(router(admin), campaign)
}

/// An organizer signed in by their token (their e-mail, for the log).
struct Organizer(String);

impl FromRequestParts<Admin> for Organizer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, admin: &Admin) -> Result<Self, Self::Rejection> {
        let AccessToken(token) = AccessToken::from_request_parts(parts, admin).await?;
        Ok(Organizer(admin.reviews.authenticate_organizer(&token)?))
    }
}

/// A round number from the path: a small whole number, or a 404 that says so.
struct RoundPath(u8);

impl FromRequestParts<Admin> for RoundPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, admin: &Admin) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, admin)
            .await
            .map_err(|_| unknown_round())?;
        raw.parse().map(RoundPath).map_err(|_| unknown_round())
    }
}

fn unknown_round() -> ApiError {
    ApiError::bilingual(
        StatusCode::NOT_FOUND,
        "unknown_round",
        "There is no such review round: use its number, e.g. /admin/rounds/1.",
        "没有这一轮评审：请使用轮次编号，例如 /admin/rounds/1。",
    )
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AssignBody {
    per_case: Option<usize>,
}

async fn assign_round(
    State(service): State<ReviewService>,
    Organizer(organizer): Organizer,
    RoundPath(round): RoundPath,
    JsonBody(body): JsonBody<AssignBody>,
) -> Result<Response, ApiError> {
    let report = service.assign_round(round, body.per_case).await?;
    tracing::info!(%organizer, round, assigned = report.assigned, "round assigned by an organizer");
    Ok(Json(report_json(&report)).into_response())
}

/// An assignment run as JSON, for the route and `casebook admin rounds assign --json`.
pub fn report_json(report: &AssignmentReport) -> Value {
    json!({
        "round": report.round,
        "assigned": report.assigned,
        "per_reviewer": {"min": report.per_reviewer_min, "max": report.per_reviewer_max},
        "unassignable": report.unassignable.iter().map(|u| json!({
            "application_id": u.application.to_string(),
            "reference": u.reference,
            "reason": u.reason,
        })).collect::<Vec<_>>(),
        "mails_sent": report.mails_sent,
    })
}

async fn round_progress(
    State(service): State<ReviewService>,
    Organizer(_): Organizer,
    RoundPath(round): RoundPath,
) -> Result<Response, ApiError> {
    let progress = service.round_progress(round).await?;
    Ok(Json(progress_json(&progress)).into_response())
}

/// A round's progress as JSON, for the route and `casebook admin rounds progress --json`.
pub fn progress_json(progress: &RoundProgress) -> Value {
    let done: usize = progress.cases.iter().map(|c| c.done).sum();
    let due: usize = progress.cases.iter().map(|c| c.due).sum();
    json!({
        "round": progress.round,
        "reviews": {"done": done, "due": due},
        "cases": progress.cases.iter().map(|c| json!({
            "application_id": c.application.to_string(),
            "reference": c.reference,
            "practice_name": c.practice_name,
            "done": c.done,
            "due": c.due,
        })).collect::<Vec<_>>(),
        "reviewers": progress.reviewers.iter().map(|r| json!({
            "id": r.reviewer.to_string(),
            "name": r.name,
            "done": r.done,
            "assigned": r.assigned,
        })).collect::<Vec<_>>(),
    })
}

async fn list_reviewers(
    State(service): State<ReviewService>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    let standings = service.list_reviewers().await?;
    Ok(Json(json!({
        "reviewers": standings.iter().map(standing_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// A reviewer with their load, for the route and `casebook admin reviewers list --json`.
pub fn standing_json(s: &ReviewerStanding) -> Value {
    let r = &s.reviewer;
    json!({
        "id": r.id.to_string(),
        "name": r.name,
        "email": r.email.as_str(),
        "country": r.country.as_str(),
        "organization": r.organization,
        "areas": r.areas,
        "revoked": r.revoked,
        "assigned": s.assigned,
        "submitted": s.submitted,
    })
}
