//! The applicant endpoints of DESIGN.md as one axum Router, served on Lambda by `main.rs`
//! and locally by `casebook serve`.
//!
//! - `POST /applications` creates a draft (201) and returns its edit token, once.
//! - `GET /applications/{id}` reads it; `PATCH` changes a draft (`If-Match: "version"`).
//! - `POST /applications/{id}/submit` submits it (idempotent); `.../withdraw` withdraws it.
//! - `POST /applications/{id}/continue` mails the contact a link that opens the draft on
//!   the applicant page (and confirms the address);
//! - `POST /applications/{id}/link` gives a one-time code that opens the application in
//!   a chat (`/link CODE`); `POST /link` with `{"code"}` takes a code made in a chat and
//!   returns the application with its edit token (DESIGN.md, one applicant, many channels).
//! - `GET /call` says what the form asks (areas, sections, limits); `POST /ask` answers a
//!   question from the bot's FAQ or passes it to the organizers;
//! - `GET /apply` serves the applicant page, which does everything through these routes
//!   and the attachment routes.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use casebook_core::lang::t;
use casebook_core::{Application, ApplicationPatch, ApplicationService, Lang};
use casebook_http::extract::{
    ApplicationPath, Bearer, IfMatch, JsonBody, RequestLang, RequiredJsonBody,
};
use casebook_http::view::ApplicationView;
use casebook_http::{ApiError, ErrorEnvelope, with_etag};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) const TAG: &str = "applicants";

mod guide;
mod page;

pub use page::{PAGE_HTML, allow_uploads_to};

casebook_http::operations!(ApplicationService;
    create_application, read_application, update_application, submit_application,
    withdraw_application, create_link_code, mail_continue_link, redeem_link_code;
    guide::{call_guide, ask};
    page::{apply_page});

casebook_http::function_routes!(ApplicationService, |service| service.shared_campaign());

/// Creates a draft from the fields given (any may be missing); the answer carries the
/// edit token, once.
#[utoipa::path(post, path = "/applications", tag = TAG, request_body = Option<ApplicationPatch>,
    responses(
        (status = 201, description = "The draft, with its `edit_token` (shown once), its problems and warnings", body = ApplicationView,
            headers(("ETag" = String, description = "The version, for If-Match"), ("Location" = String))),
        (status = 400, description = "A field is malformed or breaks a rule (named in `field`)", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
    ))]
async fn create_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    JsonBody(patch): JsonBody<ApplicationPatch>,
) -> Result<Response, ApiError> {
    let (app, token) = service.create_draft(patch, lang).await?;
    let view = ApplicationView::new(&app, &[], &service, lang).with_token(token.expose());
    let mut response = (StatusCode::CREATED, axum::Json(view)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/applications/{}", app.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(with_etag(response, app.version))
}

/// The answer for an application a use case returned: its view with its version as ETag.
async fn respond(
    service: &ApplicationService,
    lang: Lang,
    app: Application,
) -> Result<Response, ApiError> {
    let attachments = service.attachments_of(&app).await?;
    let view = ApplicationView::new(&app, &attachments, service, lang);
    Ok(with_etag(axum::Json(view).into_response(), app.version))
}

/// Reads an application: a draft with what still blocks submission.
#[utoipa::path(get, path = "/applications/{id}", tag = TAG, params(("id" = String, Path, description = "The application's id")),
    security(("edit_token" = [])),
    responses(
        (status = 200, description = "The application", body = ApplicationView, headers(("ETag" = String))),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No application with this id and edit token", body = ErrorEnvelope),
    ))]
async fn read_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let app = service.read(id, &token).await?;
    respond(&service, lang, app).await
}

/// Changes a draft by a JSON merge patch: absent keys are kept, `null` clears.
#[utoipa::path(patch, path = "/applications/{id}", tag = TAG, params(("id" = String, Path, description = "The application's id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"?[0-9]{1,18}"?$"#, description = "The version being changed, as the last read's ETag (`\"3\"`)")),
    security(("edit_token" = [])), request_body = ApplicationPatch,
    responses(
        (status = 200, description = "The changed draft", body = ApplicationView, headers(("ETag" = String))),
        (status = 400, description = "The body is missing, a field is malformed or breaks a rule, or If-Match is not a version", body = ErrorEnvelope),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No application with this id and edit token", body = ErrorEnvelope),
        (status = 409, description = "Only a draft can change", body = ErrorEnvelope),
        (status = 412, description = "The application changed since that version", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 428, description = "If-Match is missing", body = ErrorEnvelope),
    ))]
async fn update_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
    IfMatch(version): IfMatch,
    RequiredJsonBody(patch): RequiredJsonBody<ApplicationPatch>,
) -> Result<Response, ApiError> {
    let app = service.update_draft(id, &token, version, patch).await?;
    respond(&service, lang, app).await
}

/// Submits a complete draft before the deadline; the applicant gets one confirmation
/// e-mail. Submitting again answers the same reference.
#[utoipa::path(post, path = "/applications/{id}/submit", tag = TAG, params(("id" = String, Path, description = "The application's id")),
    security(("edit_token" = [])),
    responses(
        (status = 200, description = "The submitted application, with its reference", body = ApplicationView, headers(("ETag" = String))),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No application with this id and edit token", body = ErrorEnvelope),
        (status = 409, description = "The deadline has passed, or the application was withdrawn", body = ErrorEnvelope),
        (status = 422, description = "Not complete: every blocking problem in `problems`", body = ErrorEnvelope),
    ))]
async fn submit_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let app = service.submit(id, &token, lang).await?;
    respond(&service, lang, app).await
}

/// Withdraws a draft or a submitted application.
#[utoipa::path(post, path = "/applications/{id}/withdraw", tag = TAG, params(("id" = String, Path, description = "The application's id")),
    security(("edit_token" = [])),
    responses(
        (status = 200, description = "The withdrawn application", body = ApplicationView, headers(("ETag" = String))),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No application with this id and edit token", body = ErrorEnvelope),
        (status = 409, description = "In review or decided: no longer withdrawable", body = ErrorEnvelope),
    ))]
async fn withdraw_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let app = service.withdraw(id, &token).await?;
    respond(&service, lang, app).await
}

/// A one-time code for continuing this application in a chat.
#[utoipa::path(post, path = "/applications/{id}/link", tag = TAG, params(("id" = String, Path, description = "The application's id")),
    security(("edit_token" = [])),
    responses(
        (status = 201, description = "The code and how to use it", body = LinkCodeView),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No application with this id and edit token", body = ErrorEnvelope),
    ))]
async fn create_link_code(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let link = service.create_link(id, &token).await?;
    let minutes = casebook_core::LINK_MINUTES;
    let code = &link.code;
    let body = LinkCodeView {
        how: t!(
            lang,
            API_LINK_CODE_HOW,
            code = code.as_str(),
            minutes = minutes
        ),
        code,
        expires_at: link.expires_at.to_string(),
    };
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

/// Mails the contact address a link that opens this application on the applicant page
/// (once, for 24 hours; opening it confirms the address), within the address's daily
/// allowance of mails.
#[utoipa::path(post, path = "/applications/{id}/continue", tag = TAG, params(("id" = String, Path, description = "The application's id")),
    security(("edit_token" = [])),
    responses(
        (status = 202, description = "The link is on its way: where to, and until when it works", body = MailedLinkView),
        (status = 400, description = "The application has no contact e-mail yet (`field`: contact.email)", body = ErrorEnvelope),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No application with this id and edit token", body = ErrorEnvelope),
        (status = 429, description = "The address has had all its e-mails for today", body = ErrorEnvelope),
    ))]
async fn mail_continue_link(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let (link, to) = service.mail_continue_link(id, &token, lang).await?;
    let body = MailedLinkView {
        sent_to: to.masked(),
        expires_at: link.expires_at.to_string(),
    };
    Ok((StatusCode::ACCEPTED, axum::Json(body)).into_response())
}

/// Where a link to continue went (the address half hidden: this answer may be read over
/// a shoulder).
#[derive(Serialize, ToSchema)]
struct MailedLinkView {
    #[schema(example = "l***@example.org")]
    sent_to: String,
    #[schema(format = DateTime)]
    expires_at: String,
}

/// A one-time link code.
#[derive(Serialize, ToSchema)]
struct LinkCodeView<'a> {
    code: &'a str,
    #[schema(format = DateTime)]
    expires_at: String,
    /// What to do with it, in the caller's language.
    how: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct RedeemLink {
    /// The code a chat gave (`/link`).
    #[schema(max_length = 64, example = "K7QM2XDP")]
    code: String,
}

/// Takes a code made in a chat: the application it opens, with a new edit token (shown
/// once, kept only as its hash).
#[utoipa::path(post, path = "/link", tag = TAG, request_body = RedeemLink,
    responses(
        (status = 200, description = "The application, with a new `edit_token` (shown once)", body = ApplicationView, headers(("ETag" = String))),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 404, description = "The code is unknown, used or expired", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
    ))]
async fn redeem_link_code(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    JsonBody(body): JsonBody<RedeemLink>,
) -> Result<Response, ApiError> {
    let (app, token) = service.redeem_link_for_token(&body.code).await?;
    let attachments = service.attachments_of(&app).await?;
    let view = ApplicationView::new(&app, &attachments, &service, lang).with_token(token.expose());
    Ok(with_etag(axum::Json(view).into_response(), app.version))
}
