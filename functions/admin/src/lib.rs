//! The organizer endpoints of DESIGN.md, as one axum Router served on Lambda by
//! `main.rs` and locally by `casebook serve`; the same service `casebook admin` runs.
//! Every route needs an organizer's token (their sign-in link from `casebook admin
//! organizers add|link`), checked against the registry on every request; a reviewer's,
//! an applicant's or an opt-out link's opens none.
//!
//! - `POST /admin/rounds/{n}/assign` `{"per_case"?}`: fills the round's gaps.
//! - `GET /admin/rounds/{n}`: per case the reviews done and due, per reviewer done and
//!   assigned.
//! - `GET /admin/reviewers`: the registry with each reviewer's load and progress.
//! - `POST /admin/rounds/{n}/close`, `POST /admin/rounds/{n}/reopen` `{"reason"}`: freeze
//!   a round's reviews (its ranking is then final), or open it again (logged).
//! - `POST /admin/rounds/{n}/nudge`: the late reviewers e-mailed now, once a day.
//! - `GET /admin/rounds/{n}/conflicts`: who may not review what, and why.
//! - `GET /admin/rounds/{n}/cases/{id}/reviews`: a case's submitted scores and comments.
//! - `GET /admin/rankings?round=N[&by=normalized|raw]`: the round's ranking and proposal.
//! - `POST /admin/decisions` `{"round", "decisions": [{"application_id", "decision",
//!   "reason"?}]}`, `GET /admin/decisions`: decide, and the decisions with the audit log.
//! - `GET /admin/stats`: counts by status, area and country; the collectors' board.
//! - `GET /admin/export.csv`, `GET /admin/export.xlsx`: one row per application with its
//!   reviews and decisions; `POST /admin/collection`: the published Collection as a zip,
//!   offered by a link (in [`exports`], their own Lambda).
//! - `GET /admin/questions`, `POST /admin/questions/{id}/answered` `{"reply"?}`: the
//!   inbox of what the bot could not answer; an answer written in its chat (Telegram,
//!   where this service has a notifier: `casebook serve`, not the admin Lambda).
//! - `POST /admin/announce`: each decided applicant told once (e-mail, and Telegram
//!   where the application lives there and the service has a Telegram notifier: in
//!   `casebook serve`, not in the admin Lambda); safe to run again.

use axum::Json;
use axum::extract::{FromRef, FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use casebook_core::decision::{AnnouncementService, DecisionService};
use casebook_core::review::{AssignmentReport, ReviewServices, ReviewerStanding, RoundProgress};
use casebook_core::{Lang, OrganizerService, QuestionService, ReminderService};
use casebook_http::extract::RequestLang;
use casebook_http::extract::{AccessToken, JsonBody};
use casebook_http::{ApiError, ErrorEnvelope};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

mod console;
mod decisions;
pub mod exports;
mod questions;
mod reviewers;
mod rounds;
pub mod views;
pub use decisions::{
    announce_json, audit_json, closing_json, decisions_json, ordered_standings, ranking_csv,
    ranking_json, standing_json as decision_json, stats_json,
};
pub use rounds::conflict_json;

const TAG: &str = "organizers";

/// The answers every organizer route may give besides its own.
pub(crate) const R401: &str = "No organizer token, or one that is not valid";

/// What the organizer routes run on.
#[derive(Clone)]
pub struct Admin {
    pub reviews: ReviewServices,
    pub decisions: DecisionService,
    pub announcements: AnnouncementService,
    /// The registry every organizer token is checked against.
    pub organizers: OrganizerService,
    /// The inbox of questions the bot could not answer.
    pub questions: QuestionService,
    /// The reviewer nudge, sent on an organizer's word.
    pub reminders: ReminderService,
}

impl FromRef<Admin> for ReminderService {
    fn from_ref(admin: &Admin) -> ReminderService {
        admin.reminders.clone()
    }
}

impl FromRef<Admin> for QuestionService {
    fn from_ref(admin: &Admin) -> QuestionService {
        admin.questions.clone()
    }
}

impl FromRef<Admin> for ReviewServices {
    fn from_ref(admin: &Admin) -> ReviewServices {
        admin.reviews.clone()
    }
}

impl FromRef<Admin> for AnnouncementService {
    fn from_ref(admin: &Admin) -> AnnouncementService {
        admin.announcements.clone()
    }
}

impl FromRef<Admin> for DecisionService {
    fn from_ref(admin: &Admin) -> DecisionService {
        admin.decisions.clone()
    }
}

casebook_http::operations!(Admin;
    assign_round, round_progress, list_reviewers;
    decisions::{close_round, reopen_round, rankings, list_decisions, decide, stats, announce, announce_preview};
    questions::{list_questions, answer_question};
    rounds::{nudge_reviewers, round_conflicts, case_reviews};
    console::{console_page};
    reviewers::{add_reviewer, revoke_reviewer, new_reviewer_link});

casebook_http::function_routes!(Admin, |admin| admin.reviews.shared_campaign());

/// An organizer signed in by their token, checked against the registry on every request
/// (a revoked or replaced link opens nothing). The log names them by id only; the audit
/// log by `audit_name`.
struct Organizer(casebook_core::Organizer);

impl<S> FromRequestParts<S> for Organizer
where
    S: Send + Sync,
    OrganizerService: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let AccessToken(token) = AccessToken::from_request_parts(parts, state).await?;
        let organizers = OrganizerService::from_ref(state);
        Ok(Organizer(organizers.authenticate(&token).await?))
    }
}

/// Whether a request's headers carry a signed-in organizer's token: what
/// `casebook_http::by_year` asks before it answers for a year.
pub fn organizer_check(
    organizers: OrganizerService,
) -> impl Fn(axum::http::HeaderMap) -> std::pin::Pin<Box<dyn Future<Output = bool> + Send>>
+ Clone
+ Send
+ Sync
+ 'static {
    move |headers| {
        let organizers = organizers.clone();
        Box::pin(async move {
            let (mut parts, ()) = axum::http::Request::new(()).into_parts();
            parts.headers = headers;
            match AccessToken::from_request_parts(&mut parts, &()).await {
                Ok(AccessToken(token)) => organizers.authenticate(&token).await.is_ok(),
                Err(_) => false,
            }
        })
    }
}

impl FromRef<Admin> for OrganizerService {
    fn from_ref(admin: &Admin) -> OrganizerService {
        admin.organizers.clone()
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
    ApiError::said(
        StatusCode::NOT_FOUND,
        "unknown_round",
        casebook_core::lang::msg::ADMIN_ROUND_PATH,
    )
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
struct AssignBody {
    /// Reviews wanted per case (default: the campaign's), 1 to 20.
    #[schema(minimum = 1, maximum = 20)]
    #[serde(
        default,
        deserialize_with = "casebook_core::number::optional_whole_number"
    )]
    per_case: Option<usize>,
}

/// Fills the round's gaps: each case gets its reviewers, never from its own organization
/// or country; each newly assigned reviewer gets an e-mail.
#[utoipa::path(post, path = "/admin/rounds/{round}/assign", tag = TAG,
    params(("round" = u8, Path, description = "The round's number")),
    security(("organizer_token" = [])), request_body = Option<AssignBody>,
    responses(
        (status = 200, description = "What was assigned, and the cases that could not be", body = views::AssignmentView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round", body = ErrorEnvelope),
        (status = 409, description = "The round is closed, being assigned right now, or a later round whose round before has no decisions yet", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "per_case is out of range", body = ErrorEnvelope),
    ))]
async fn assign_round(
    State(service): State<ReviewServices>,
    Organizer(organizer): Organizer,
    RequestLang(lang): RequestLang,
    RoundPath(round): RoundPath,
    JsonBody(body): JsonBody<AssignBody>,
) -> Result<Response, ApiError> {
    let report = service
        .rounds
        .assign_round(round, body.per_case, organizer.audit_name())
        .await?;
    tracing::info!(organizer = %organizer.id, round, assigned = report.assigned, "round assigned by an organizer");
    Ok(Json(report_json(&report, lang)).into_response())
}

/// An assignment run as JSON (the reasons in `lang`), for `casebook admin rounds assign
/// --json`.
pub fn report_json(report: &AssignmentReport, lang: Lang) -> Value {
    to_json(&views::AssignmentView::new(report, lang))
}

/// A view as the CLI prints it.
pub(crate) fn to_json(view: &impl serde::Serialize) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

/// A round's progress: per case the reviews done and due, per reviewer done and assigned.
#[utoipa::path(get, path = "/admin/rounds/{round}", tag = TAG,
    params(("round" = u8, Path, description = "The round's number")),
    security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The round's progress", body = views::ProgressView),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round", body = ErrorEnvelope),
    ))]
async fn round_progress(
    State(service): State<ReviewServices>,
    Organizer(_): Organizer,
    RoundPath(round): RoundPath,
) -> Result<Response, ApiError> {
    let progress = service.rounds.round_progress(round).await?;
    Ok(Json(views::ProgressView::new(&progress)).into_response())
}

/// A round's progress as JSON, for `casebook admin rounds progress --json`.
pub fn progress_json(progress: &RoundProgress) -> Value {
    to_json(&views::ProgressView::new(progress))
}

/// The reviewer registry with each reviewer's load and progress.
#[utoipa::path(get, path = "/admin/reviewers", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The reviewers", body = views::ReviewersView),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
async fn list_reviewers(
    State(service): State<ReviewServices>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    let standings = service.registry.list_reviewers().await?;
    Ok(Json(views::ReviewersView::new(&standings)).into_response())
}

/// A reviewer with their load, for `casebook admin reviewers list --json`.
pub fn standing_json(s: &ReviewerStanding) -> Value {
    to_json(&views::ReviewerView::new(s))
}
