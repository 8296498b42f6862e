//! The reminder job as its Lambda runs it (an EventBridge Scheduler event, daily at the
//! campaign's `send_at`), and the opt-out page its e-mails link to (`GET /opt-out` shows
//! a button, `POST /opt-out` records it: a link scanner that follows the link changes
//! nothing). `casebook serve` runs the same job on the same schedule, and mounts the page.

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use casebook_core::escape_html;
use casebook_core::lang::{Lang, msg, t, text};
use casebook_core::mail::with_english;
use casebook_core::reminders::OptOutService;
use casebook_core::{ReminderError, ReminderService, RunReport};
use casebook_http::extract::PageLang;
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

/// The page in `lang`: marked with it, right to left for Arabic.
fn page(status: StatusCode, lang: Lang, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body>{body}</body></html>",
        lang.code(),
        lang.dir(),
        escape_html(&text(lang, msg::OPT_OUT_TITLE)),
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

/// A paragraph per language (the reader's, then English: the link may have been forwarded
/// to someone who reads another), each marked with its language and direction; every value
/// in it escaped.
fn paragraphs(lang: Lang, say: impl Fn(Lang) -> String) -> String {
    with_english(lang)
        .into_iter()
        .map(|l| {
            format!(
                "<p lang=\"{}\" dir=\"{}\">{}</p>",
                l.code(),
                l.dir(),
                escape_html(&say(l))
            )
        })
        .collect()
}

fn bad_link(lang: Lang) -> Response {
    page(
        StatusCode::NOT_FOUND,
        lang,
        &paragraphs(lang, |l| text(l, msg::OPT_OUT_BAD_LINK)),
    )
}

/// The page a reminder's opt-out link opens: one button that stops the reminders.
#[utoipa::path(get, path = "/opt-out", tag = "reminders",
    params(
        ("token" = String, Query, description = "The token of the link in a reminder e-mail"),
        ("lang" = Option<String>, Query, description = "The page's language, then English: ar, en, es, fr, ru or zh (else the browser's; an unknown one is passed over)"),
    ),
    responses(
        (status = 200, description = "The page asking to confirm", content_type = "text/html", body = String),
        (status = 404, description = "The link is not valid (it opens nothing)", content_type = "text/html", body = String),
    ))]
async fn show_opt_out(
    PageLang(lang): PageLang,
    query: Result<Query<OptOutForm>, QueryRejection>,
) -> Response {
    let token = token_of(query, |Query(f)| f.token);
    if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
        return bad_link(lang);
    }
    let token = escape_html(&token);
    let button: Vec<String> = with_english(lang)
        .into_iter()
        .map(|l| text(l, msg::OPT_OUT_BUTTON))
        .collect();
    page(
        StatusCode::OK,
        lang,
        &format!(
            "{}<form method=\"post\" action=\"/opt-out?lang={}\"><input type=\"hidden\" name=\"token\" value=\"{token}\"><button type=\"submit\">{}</button></form>",
            paragraphs(lang, |l| text(l, msg::OPT_OUT_ASK)),
            lang.code(),
            escape_html(&button.join(" / ")),
        ),
    )
}

/// Stops the reminders to the address the token names.
#[utoipa::path(post, path = "/opt-out", tag = "reminders",
    params(("lang" = Option<String>, Query, description = "The page's language, then English: ar, en, es, fr, ru or zh (else the browser's)")),
    request_body(content = OptOutForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Done: the address gets no more reminders", content_type = "text/html", body = String),
        (status = 404, description = "The link is not valid (it opens nothing)", content_type = "text/html", body = String),
    ))]
async fn record_opt_out(
    State(service): State<OptOutService>,
    PageLang(lang): PageLang,
    form: Result<axum::Form<OptOutForm>, FormRejection>,
) -> Response {
    let token = token_of(form, |axum::Form(f)| f.token);
    if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
        return bad_link(lang);
    }
    match service.opt_out(&token).await {
        Ok(address) => page(
            StatusCode::OK,
            lang,
            &paragraphs(lang, |l| t!(l, OPT_OUT_DONE, address = address.as_str())),
        ),
        Err(ReminderError::BadOptOutLink) => bad_link(lang),
        Err(e) => {
            tracing::error!(error = %e, "an opt-out could not be recorded");
            page(
                StatusCode::SERVICE_UNAVAILABLE,
                lang,
                &paragraphs(lang, |l| text(l, msg::OPT_OUT_FAILED)),
            )
        }
    }
}
