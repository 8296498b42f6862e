//! The decision routes: closing and reopening rounds, rankings, decisions and their log,
//! the call's figures; and the JSON and CSV the CLI prints too.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use casebook_core::ApplicationId;
use casebook_core::decision::export::{Cell, Table};
use casebook_core::decision::{
    AnnounceReport, AuditEntry, DecisionInput, DecisionService, Outcome, RankBy, Ranking,
    RoundClosing,
};
use casebook_core::decision::{AnnouncementService, Standing, Stats};
use casebook_core::lang::{Msg, msg};
use casebook_core::review::{InvalidKind, InvalidReview, ReviewError};
use casebook_http::extract::JsonBody;
use casebook_http::{ApiError, ErrorEnvelope};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::views::{
    AnnounceView, AuditView, ClosingView, DecidedView, DecisionView, DecisionsView, RankingView,
    StatsView,
};
use super::{Organizer, R401, RoundPath, TAG, to_json};
use casebook_documents::csv_out::spreadsheet_csv;

/// A round's closing as JSON, for `casebook admin rounds close|reopen --json`.
pub fn closing_json(c: &RoundClosing) -> Value {
    to_json(&ClosingView::new(c))
}

/// Freezes a round's reviews: its ranking is then final.
#[utoipa::path(post, path = "/admin/rounds/{round}/close", tag = TAG,
    params(("round" = u8, Path, description = "The round's number")),
    security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The round, closed", body = ClosingView),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round", body = ErrorEnvelope),
    ))]
pub(crate) async fn close_round(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
    RoundPath(round): RoundPath,
) -> Result<Response, ApiError> {
    let closing = service.close_round(round, organizer.audit_name()).await?;
    tracing::info!(organizer = %organizer.id, round, "round closed by an organizer");
    Ok(Json(ClosingView::new(&closing)).into_response())
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReopenBody {
    /// Why the round opens again (kept in the audit log).
    #[serde(default)]
    #[schema(min_length = 1, max_length = 1000, pattern = r"\S")]
    reason: String,
}

/// Opens a closed round again, with the reason (logged).
#[utoipa::path(post, path = "/admin/rounds/{round}/reopen", tag = TAG,
    params(("round" = u8, Path, description = "The round's number")),
    security(("organizer_token" = [])), request_body = ReopenBody,
    responses(
        (status = 200, description = "The round, open", body = ClosingView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round", body = ErrorEnvelope),
        (status = 409, description = "The round is open", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "The reason is missing or too long", body = ErrorEnvelope),
    ))]
pub(crate) async fn reopen_round(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
    RoundPath(round): RoundPath,
    JsonBody(body): JsonBody<ReopenBody>,
) -> Result<Response, ApiError> {
    let closing = service
        .reopen_round(round, organizer.audit_name(), &body.reason)
        .await?;
    tracing::info!(organizer = %organizer.id, round, "round reopened by an organizer");
    Ok(Json(ClosingView::new(&closing)).into_response())
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct RankingQuery {
    /// The round's number.
    #[param(required = true, value_type = u8, minimum = 0, maximum = 255)]
    round: Option<String>,
    /// `normalized` (z-scores per reviewer, the default) or `raw`.
    #[param(inline, value_type = Option<RankByParam>)]
    by: Option<String>,
}

/// How a ranking orders the cases.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)] // only its schema is used: `by` is parsed by `RankBy::parse`
enum RankByParam {
    Normalized,
    Raw,
}

fn bad_query(field: &'static str, message: Msg) -> ApiError {
    ApiError::said(StatusCode::BAD_REQUEST, "invalid_query", message).with_field(field)
}

/// `round` and `by` from a query, or a 400 that names the one at fault.
pub fn ranking_params(round: Option<&str>, by: Option<&str>) -> Result<(u8, RankBy), ApiError> {
    let round = round
        .and_then(|r| r.trim().parse::<u8>().ok())
        .ok_or_else(|| bad_query("round", msg::ADMIN_ROUND_REQUIRED))?;
    let by = match by {
        None => RankBy::default(),
        Some(b) => RankBy::parse(b.trim()).ok_or_else(|| bad_query("by", msg::ADMIN_RANK_BY))?,
    };
    Ok((round, by))
}

/// A round's ranking (criterion means, weighted total, z-scores per reviewer, spread) with
/// its proposal.
#[utoipa::path(get, path = "/admin/rankings", tag = TAG, params(RankingQuery),
    security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The ranking", body = RankingView),
        (status = 400, description = "round is missing or not a number, or by is unknown", body = ErrorEnvelope),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round", body = ErrorEnvelope),
    ))]
pub(crate) async fn rankings(
    State(service): State<DecisionService>,
    Organizer(_): Organizer,
    query: Result<Query<RankingQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    // A query of the wrong shape (a key twice) is answered like a missing round.
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let (round, by) = ranking_params(q.round.as_deref(), q.by.as_deref())?;
    let ranking = service.ranking(round, by).await?;
    let closed = service.is_closed(round).await?;
    let size = service.selection_size(round);
    let view = RankingView::new(&ranking, size, closed).with_names(service.campaign());
    Ok(Json(view).into_response())
}

/// A round's ranking with what it proposes, for `admin rankings --json`.
pub fn ranking_json(ranking: &Ranking, size: usize, closed: bool) -> Value {
    to_json(&RankingView::new(ranking, size, closed))
}

/// The ranking as CSV for spreadsheets (one case a row), for `casebook admin rankings
/// --csv`: through the one writer every CSV takes.
pub fn ranking_csv(
    ranking: &Ranking,
    size: usize,
    criteria: &[String],
) -> Result<Vec<u8>, casebook_documents::csv_out::CsvError> {
    let proposal = ranking.proposal(size);
    let mut header: Vec<String> = ["position", "tied", "reference", "practice_name"]
        .map(String::from)
        .to_vec();
    header.extend(criteria.iter().map(|c| format!("mean_{c}")));
    header.extend(
        [
            "total",
            "normalized",
            "submitted",
            "due",
            "complete",
            "spread",
            "disagreement",
            "proposed",
            "application_id",
        ]
        .map(String::from),
    );
    let number = |x: Option<f64>| x.map(Cell::Number).unwrap_or(Cell::Empty);
    let text = |t: String| Cell::Text(t);
    let rows = ranking
        .cases
        .iter()
        .map(|c| {
            let mut row = vec![
                c.position
                    .map(|p| Cell::Number(p as f64))
                    .unwrap_or(Cell::Empty),
                text(c.tied.to_string()),
                text(c.reference.clone()),
                text(c.practice_name.clone()),
            ];
            row.extend(criteria.iter().map(|k| number(c.means.get(k).copied())));
            row.extend([
                number(c.total),
                number(c.normalized),
                Cell::Number(c.submitted as f64),
                Cell::Number(c.due as f64),
                text(c.complete().to_string()),
                number(c.spread),
                text(c.disagreement.to_string()),
                text(proposal[&c.application].as_str().to_string()),
                text(c.application.to_string()),
            ]);
            row
        })
        .collect();
    spreadsheet_csv(&Table { header, rows })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecideBody {
    #[schema(minimum = 1, maximum = 255, example = 1)]
    #[serde(deserialize_with = "casebook_core::number::whole_number")]
    round: u8,
    decisions: Vec<DecisionBody>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    #[schema(format = "uuid")]
    application_id: String,
    /// Round 1: `collected` or `not_selected`; round 2: `outstanding` or `collected`.
    #[schema(value_type = Outcome)]
    decision: String,
    /// Needed where the decision departs from the proposal.
    #[serde(default)]
    #[schema(max_length = 1000)]
    reason: Option<String>,
}

fn invalid(field: String, kind: InvalidKind) -> ApiError {
    ReviewError::Invalid(InvalidReview::new(field, kind)).into()
}

/// Records decisions on a closed round's cases (each departure from the proposal with
/// its reason); round 2's on the Collection.
#[utoipa::path(post, path = "/admin/decisions", tag = TAG,
    security(("organizer_token" = [])), request_body = DecideBody,
    responses(
        (status = 201, description = "The decisions as recorded", body = DecidedView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such round", body = ErrorEnvelope),
        (status = 409, description = "The round is still open", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "A case is not in the round, a decision is unknown, or a departure has no reason (named in `field`)", body = ErrorEnvelope),
    ))]
pub(crate) async fn decide(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
    JsonBody(body): JsonBody<DecideBody>,
) -> Result<Response, ApiError> {
    let mut inputs = Vec::with_capacity(body.decisions.len().min(1000));
    for (i, d) in body.decisions.into_iter().enumerate() {
        let application = ApplicationId::parse(d.application_id.trim()).ok_or_else(|| {
            invalid(
                format!("decisions[{i}].application_id"),
                InvalidKind::NotInRound { round: body.round },
            )
        })?;
        let decision = Outcome::parse(d.decision.trim()).ok_or_else(|| {
            invalid(
                format!("decisions[{i}].decision"),
                InvalidKind::UnknownOutcome {
                    allowed: Outcome::of_round(body.round).map(Outcome::as_str),
                },
            )
        })?;
        inputs.push(DecisionInput {
            application,
            decision,
            reason: d.reason,
        });
    }
    let kept = service
        .decide(body.round, organizer.audit_name(), &inputs)
        .await?;
    tracing::info!(organizer = %organizer.id, round = body.round, decisions = kept.len(), "decisions recorded");
    let decisions = kept.iter().map(DecisionView::new).collect();
    Ok((StatusCode::CREATED, Json(DecidedView { decisions })).into_response())
}

/// A decision as JSON, for `casebook admin decisions --json`.
pub fn standing_json(s: &Standing) -> Value {
    to_json(&DecisionView::new(s))
}

/// An audit entry, flat: `at`, `by`, `action` and the action's own fields.
pub fn audit_json(e: &AuditEntry) -> Value {
    to_json(&AuditView::new(e))
}

/// Every decision as it stands (by reference, then round) and the audit log: the
/// answer of GET /admin/decisions, and `casebook admin decisions --json`.
pub fn decisions_json(log: &[AuditEntry]) -> Value {
    let standing = ordered_standings(log);
    to_json(&DecisionsView {
        decisions: standing.iter().map(DecisionView::new).collect(),
        log: log.iter().map(AuditView::new).collect(),
    })
}

/// The decisions as they stand, by reference, then round.
pub fn ordered_standings(log: &[AuditEntry]) -> Vec<Standing> {
    let mut standing = casebook_core::decision::standings(log);
    standing.sort_by(|a, b| (&a.reference, a.round).cmp(&(&b.reference, b.round)));
    standing
}

/// Every decision as it stands (by reference, then round), with the audit log.
#[utoipa::path(get, path = "/admin/decisions", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The decisions and the log", body = DecisionsView),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn list_decisions(
    State(service): State<DecisionService>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    let log = service.audit_log().await?;
    Ok(Json(decisions_json(&log)).into_response())
}

/// The call's figures as JSON, for `casebook admin stats --json`.
pub fn stats_json(stats: &Stats) -> Value {
    to_json(&StatsView::new(stats))
}

/// Counts by status, area and country; the collecting organizations' board.
#[utoipa::path(get, path = "/admin/stats", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The figures", body = StatsView),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn stats(
    State(service): State<DecisionService>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    let stats = service.stats().await?;
    Ok(Json(StatsView::new(&stats).with_names(service.campaign())).into_response())
}

/// An announce run as JSON, for `casebook admin announce --json`.
pub fn announce_json(r: &AnnounceReport) -> Value {
    to_json(&AnnounceView::new(r))
}

/// Tells each decided applicant their outcome, once (e-mail, and Telegram where the
/// application lives there); safe to run again.
#[utoipa::path(post, path = "/admin/announce", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "What was sent", body = AnnounceView),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn announce(
    State(service): State<AnnouncementService>,
    Organizer(organizer): Organizer,
) -> Result<Response, ApiError> {
    let report = service.announce(organizer.audit_name(), &|_, _| {}).await?;
    tracing::info!(organizer = %organizer.id, decided = report.decided, mails = report.mails_sent, "outcomes announced");
    Ok(Json(AnnounceView::new(&report)).into_response())
}

/// What announcing would send for one outcome: the applicants it reaches and the e-mail
/// the first of them gets (English, then Chinese).
#[derive(serde::Serialize, ToSchema)]
pub(crate) struct OutcomePreviewView {
    outcome: Outcome,
    applicants: usize,
    /// Applicants with a contact e-mail (the others are told in their chat, if any).
    with_email: usize,
    subject: Option<String>,
    text: Option<String>,
}

/// What `POST /admin/announce` would send, per outcome; nothing is sent or changed.
#[derive(serde::Serialize, ToSchema)]
pub(crate) struct AnnouncePreviewView {
    outcomes: Vec<OutcomePreviewView>,
}

#[utoipa::path(get, path = "/admin/announce/preview", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "Per outcome: how many applicants, and the e-mail they get", body = AnnouncePreviewView),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn announce_preview(
    State(service): State<AnnouncementService>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    let outcomes = service
        .preview()
        .await?
        .into_iter()
        .map(|p| OutcomePreviewView {
            outcome: p.outcome,
            applicants: p.applicants,
            with_email: p.with_email,
            subject: p.sample.as_ref().map(|m| m.subject.clone()),
            text: p.sample.map(|m| m.text),
        })
        .collect();
    Ok(Json(AnnouncePreviewView { outcomes }).into_response())
}
