//! The decision routes: closing and reopening rounds, rankings, decisions and their log,
//! the call's figures; and the JSON and CSV the CLI prints too.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use casebook_core::ApplicationId;
use casebook_core::decision::export::{Cell, Table};
use casebook_core::decision::service::{Standing, Stats};
use casebook_core::decision::{
    AnnounceReport, AuditAction, AuditEntry, CaseRanking, DecisionInput, DecisionService, Outcome,
    RankBy, Ranking, RoundClosing,
};
use casebook_core::review::{InvalidKind, InvalidReview, ReviewError};
use casebook_http::ApiError;
use casebook_http::extract::JsonBody;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Organizer, RoundPath};

/// Three decimals: enough to tell cases apart, short enough to read.
fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub fn closing_json(c: &RoundClosing) -> Value {
    json!({
        "round": c.round,
        "closed": c.closed,
        "changed_at": c.changed_at.to_string(),
        "changed_by": c.changed_by,
    })
}

pub(crate) async fn close_round(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
    RoundPath(round): RoundPath,
) -> Result<Response, ApiError> {
    let closing = service.close_round(round, &organizer).await?;
    tracing::info!(%organizer, round, "round closed by an organizer");
    Ok(Json(closing_json(&closing)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReopenBody {
    #[serde(default)]
    reason: String,
}

pub(crate) async fn reopen_round(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
    RoundPath(round): RoundPath,
    JsonBody(body): JsonBody<ReopenBody>,
) -> Result<Response, ApiError> {
    let closing = service
        .reopen_round(round, &organizer, &body.reason)
        .await?;
    tracing::info!(%organizer, round, "round reopened by an organizer");
    Ok(Json(closing_json(&closing)).into_response())
}

#[derive(Deserialize)]
pub(crate) struct RankingQuery {
    round: Option<String>,
    by: Option<String>,
}

fn bad_query(field: &'static str, en: &'static str, zh: &'static str) -> ApiError {
    ApiError::bilingual(StatusCode::BAD_REQUEST, "invalid_query", en, zh).with_field(field)
}

/// `round` and `by` from a query, or a 400 that names the one at fault.
pub fn ranking_params(round: Option<&str>, by: Option<&str>) -> Result<(u8, RankBy), ApiError> {
    let round = round
        .and_then(|r| r.trim().parse::<u8>().ok())
        .ok_or_else(|| {
            bad_query(
                "round",
                "round is required: the round's number, e.g. ?round=1.",
                "round 为必填项：填写轮次编号，例如 ?round=1。",
            )
        })?;
    let by = match by {
        None => RankBy::default(),
        Some(b) => RankBy::parse(b.trim()).ok_or_else(|| {
            bad_query(
                "by",
                "by must be normalized (the default) or raw.",
                "by 只能是 normalized（默认）或 raw。",
            )
        })?,
    };
    Ok((round, by))
}

pub(crate) async fn rankings(
    State(service): State<DecisionService>,
    Organizer(_): Organizer,
    Query(q): Query<RankingQuery>,
) -> Result<Response, ApiError> {
    let (round, by) = ranking_params(q.round.as_deref(), q.by.as_deref())?;
    let ranking = service.ranking(round, by).await?;
    let closed = service.is_closed(round).await?;
    Ok(Json(ranking_json(
        &ranking,
        service.selection_size(round),
        closed,
    ))
    .into_response())
}

fn case_json(c: &CaseRanking, proposed: Outcome) -> Value {
    json!({
        "position": c.position,
        "tied": c.tied,
        "application_id": c.application.to_string(),
        "reference": c.reference,
        "practice_name": c.practice_name,
        "means": c.means.iter().map(|(k, v)| (k.clone(), json!(rounded(*v)))).collect::<serde_json::Map<_, _>>(),
        "total": c.total.map(rounded),
        "normalized": c.normalized.map(rounded),
        "reviews": {"submitted": c.submitted, "due": c.due},
        "complete": c.complete(),
        "spread": c.spread.map(rounded),
        "disagreement": c.disagreement,
        "proposed": proposed.as_str(),
    })
}

/// A round's ranking with what it proposes, for the route and `admin rankings --json`.
pub fn ranking_json(ranking: &Ranking, size: usize, closed: bool) -> Value {
    let proposal = ranking.proposal(size);
    json!({
        "round": ranking.round,
        "by": ranking.by.as_str(),
        "closed": closed,
        "selection_size": size,
        "cases": ranking.cases.iter().map(|c| case_json(c, proposal[&c.application])).collect::<Vec<_>>(),
    })
}

/// The same as CSV, one case a row, criteria as columns (`criteria`: their ids in the
/// campaign's order).
pub fn ranking_csv(
    ranking: &Ranking,
    size: usize,
    criteria: &[String],
) -> Result<String, csv::Error> {
    let proposal = ranking.proposal(size);
    let mut out = csv::Writer::from_writer(Vec::new());
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
    out.write_record(&header)?;
    let number = |x: Option<f64>| x.map(|v| format!("{:.3}", v)).unwrap_or_default();
    for c in &ranking.cases {
        let mut row = vec![
            c.position.map(|p| p.to_string()).unwrap_or_default(),
            c.tied.to_string(),
            c.reference.clone(),
            c.practice_name.clone(),
        ];
        row.extend(criteria.iter().map(|k| number(c.means.get(k).copied())));
        row.extend([
            number(c.total),
            number(c.normalized),
            c.submitted.to_string(),
            c.due.to_string(),
            c.complete().to_string(),
            number(c.spread),
            c.disagreement.to_string(),
            proposal[&c.application].as_str().to_string(),
            c.application.to_string(),
        ]);
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecideBody {
    round: u8,
    decisions: Vec<DecisionBody>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    application_id: String,
    decision: String,
    #[serde(default)]
    reason: Option<String>,
}

fn invalid(field: String, kind: InvalidKind) -> ApiError {
    ReviewError::Invalid(InvalidReview::new(field, kind)).into()
}

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
    let kept = service.decide(body.round, &organizer, &inputs).await?;
    tracing::info!(%organizer, round = body.round, decisions = kept.len(), "decisions recorded");
    Ok((
        StatusCode::CREATED,
        Json(json!({"decisions": kept.iter().map(standing_json).collect::<Vec<_>>()})),
    )
        .into_response())
}

pub fn standing_json(s: &Standing) -> Value {
    json!({
        "round": s.round,
        "application_id": s.application.to_string(),
        "reference": s.reference,
        "decision": s.decision.as_str(),
        "proposed": s.proposed.as_str(),
        "departs": s.decision != s.proposed,
        "reason": s.reason,
        "by": s.by,
        "at": s.at.to_string(),
    })
}

/// An audit entry, flat: `at`, `by`, `action` and the action's own fields.
pub fn audit_json(e: &AuditEntry) -> Value {
    let mut v = serde_json::to_value(&e.action).unwrap_or_else(|_| json!({}));
    if let Some(map) = v.as_object_mut() {
        map.insert("at".into(), json!(e.at.to_string()));
        map.insert("by".into(), json!(e.by));
        if let AuditAction::Decided { application_id, .. } = &e.action {
            map.insert("application_id".into(), json!(application_id.to_string()));
        }
    }
    v
}

pub(crate) async fn list_decisions(
    State(service): State<DecisionService>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    let log = service.audit_log().await?;
    let standing = casebook_core::decision::service::standings(&log);
    Ok(Json(json!({
        "decisions": standing.iter().map(standing_json).collect::<Vec<_>>(),
        "log": log.iter().map(audit_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

pub fn stats_json(stats: &Stats) -> Value {
    json!({
        "by_status": stats.by_status,
        "by_area": stats.by_area,
        "by_country": stats.by_country,
        "collectors": stats.collectors.iter().map(|c| json!({
            "name": c.name,
            "credited": c.credited,
            "collected": c.collected,
            "outstanding": c.outstanding,
        })).collect::<Vec<_>>(),
    })
}

pub(crate) async fn stats(
    State(service): State<DecisionService>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    Ok(Json(stats_json(&service.stats().await?)).into_response())
}

pub fn announce_json(r: &AnnounceReport) -> Value {
    json!({
        "decided": r.decided,
        "mails_sent": r.mails_sent,
        "chats_sent": r.chats_sent,
        "already_sent": r.already_sent,
        "failed": r.failed,
        "undecided": r.undecided,
    })
}

pub(crate) async fn announce(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
) -> Result<Response, ApiError> {
    let report = service.announce(&organizer, &|_, _| {}).await?;
    tracing::info!(%organizer, decided = report.decided, mails = report.mails_sent, "outcomes announced");
    Ok(Json(announce_json(&report)).into_response())
}

/// The export as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right),
/// and text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) led by an
/// apostrophe, so a cell an applicant wrote never runs.
pub fn table_csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(&table.header)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|cell| match cell {
            Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
            other => other.as_text(),
        }))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

pub(crate) async fn export_csv(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
) -> Result<Response, ApiError> {
    let table = service.export(&|_, _| {}).await?;
    let body = table_csv(&table).map_err(|e| {
        tracing::error!(error = %e, "the export could not be written");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The export could not be written.",
        )
    })?;
    tracing::info!(%organizer, rows = table.rows.len(), "export downloaded");
    let filename = format!("casebook-{}.csv", service.campaign().year());
    Ok((
        [
            // Media types are case-insensitive; spelled `Text/csv`, lambda_http sends the
            // bytes as they are (base64) instead of decoding them as text, which would
            // drop the byte-order mark Excel needs.
            (header::CONTENT_TYPE, "Text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response())
}
