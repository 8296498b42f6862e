//! The reminder job as its Lambda runs it (an EventBridge Scheduler event, daily at the
//! campaign's `send_at`), and the opt-out page its e-mails link to (`GET /opt-out` shows
//! a button, `POST /opt-out` records it: a link scanner that follows the link changes
//! nothing). `casebook serve` runs the same job on the same schedule, and mounts the page.

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use casebook_core::escape_html;
use casebook_core::reminders::OptOutService;
use casebook_core::{ReminderError, ReminderService, RunReport};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// What the schedule sends: `{"kind": "reminders"}`, optionally `"dry_run": true`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledRun {
    pub kind: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Why a scheduled run failed: the invocation fails with it, and the scheduler retries.
#[derive(Debug, thiserror::Error)]
pub enum RunFailed {
    #[error(
        "unexpected event kind {0:?}: the schedule's Input must be {{\"kind\": \"reminders\"}}"
    )]
    UnexpectedKind(String),
    #[error(transparent)]
    Job(#[from] ReminderError),
    /// Sends failed; their claims were given back, so the retry (or tomorrow) sends them.
    #[error("{0} reminder(s) could not be sent and will be tried again")]
    NotSent(usize),
}

/// Runs the job for one scheduled event.
pub async fn handle(service: &ReminderService, event: &ScheduledRun) -> Result<Value, RunFailed> {
    if event.kind != "reminders" {
        return Err(RunFailed::UnexpectedKind(
            event.kind.chars().take(40).collect(),
        ));
    }
    let report = service.run(event.dry_run).await?;
    tracing::info!(
        sent = report.sent.len(),
        already = report.already_sent,
        failed = report.failed.len(),
        "reminders run"
    );
    if !report.failed.is_empty() {
        return Err(RunFailed::NotSent(report.failed.len()));
    }
    Ok(report_json(&report))
}

/// A run as JSON, for the Lambda's answer and `casebook admin remind --json`. Addresses
/// are left out: the count per milestone says enough in logs.
pub fn report_json(report: &RunReport) -> Value {
    let mut per_milestone = serde_json::Map::new();
    for d in &report.sent {
        let n = per_milestone.entry(d.milestone.clone()).or_insert(json!(0));
        *n = json!(n.as_u64().unwrap_or(0) + 1);
    }
    json!({
        "today": report.today.map(|d| d.to_string()),
        "due": report.due,
        "sent": report.sent.len(),
        "sent_per_milestone": per_milestone,
        "already_sent": report.already_sent,
        "opted_out": report.opted_out,
        "failed": report.failed.len(),
        "failures": report.failed.iter().map(|(d, why)| json!({
            "milestone": d.milestone,
            "reason": why.chars().take(200).collect::<String>(),
        })).collect::<Vec<_>>(),
    })
}

casebook_http::operations!(OptOutService; show_opt_out, record_opt_out);

casebook_http::function_routes!(OptOutService, |service| service.shared_campaign());

/// A token is at most this long; longer ones are refused before any work.
const MAX_TOKEN_CHARS: usize = 2048;

#[derive(Deserialize, ToSchema)]
struct OptOutForm {
    /// The token of the link in a reminder e-mail.
    #[serde(default)]
    #[schema(max_length = 2048)]
    token: String,
}

/// The form's token, or none when the form itself is malformed (answered as a bad link).
fn token_of<T>(form: Result<T, impl std::error::Error>, token: impl FnOnce(T) -> String) -> String {
    form.map(token).unwrap_or_default()
}

fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Reminders / 提醒</title></head><body>{body}</body></html>"
    );
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn bad_link() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "<p>This link is not valid. To stop reminders, use the link in the latest e-mail, or write to the organizers.</p><p>此链接无效。如需停止提醒，请使用最近一封邮件中的链接，或联系主办方。</p>",
    )
}

/// The page a reminder's opt-out link opens: one button that stops the reminders.
#[utoipa::path(get, path = "/opt-out", tag = "reminders",
    params(("token" = String, Query, description = "The token of the link in a reminder e-mail")),
    responses(
        (status = 200, description = "The page asking to confirm", content_type = "text/html", body = String),
        (status = 404, description = "The link is not valid (it opens nothing)", content_type = "text/html", body = String),
    ))]
async fn show_opt_out(query: Result<Query<OptOutForm>, QueryRejection>) -> Response {
    let token = token_of(query, |Query(f)| f.token);
    if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
        return bad_link();
    }
    let token = escape_html(&token);
    page(
        StatusCode::OK,
        &format!(
            "<p>Stop the reminders to this address? / 停止向此地址发送提醒？</p><form method=\"post\" action=\"/opt-out\"><input type=\"hidden\" name=\"token\" value=\"{token}\"><button type=\"submit\">Stop reminders / 停止提醒</button></form>"
        ),
    )
}

/// Stops the reminders to the address the token names.
#[utoipa::path(post, path = "/opt-out", tag = "reminders",
    request_body(content = OptOutForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Done: the address gets no more reminders", content_type = "text/html", body = String),
        (status = 404, description = "The link is not valid (it opens nothing)", content_type = "text/html", body = String),
    ))]
async fn record_opt_out(
    State(service): State<OptOutService>,
    form: Result<axum::Form<OptOutForm>, FormRejection>,
) -> Response {
    let token = token_of(form, |axum::Form(f)| f.token);
    if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
        return bad_link();
    }
    match service.opt_out(&token).await {
        Ok(address) => page(
            StatusCode::OK,
            &format!(
                "<p>Done: {} gets no more reminders from this call.</p><p>已完成：{} 将不再收到本次征集的提醒。</p>",
                escape_html(address.as_str()),
                escape_html(address.as_str())
            ),
        ),
        Err(ReminderError::BadOptOutLink) => bad_link(),
        Err(e) => {
            tracing::error!(error = %e, "an opt-out could not be recorded");
            page(
                StatusCode::SERVICE_UNAVAILABLE,
                "<p>Something went wrong on our side. Please try again in a moment.</p><p>抱歉，系统出了点问题，请稍后再试。</p>",
            )
        }
    }
}
