//! The applicant endpoints of DESIGN.md as one axum Router, served on Lambda by `main.rs`
//! and locally by `casebook serve`.
//!
//! - `POST /applications` creates a draft (201) and returns its edit token, once.
//! - `GET /applications/{id}` reads it; `PATCH` changes a draft (`If-Match: "version"`).
//! - `POST /applications/{id}/submit` submits it (idempotent); `.../withdraw` withdraws it.
//! - `POST /applications/{id}/link` gives a one-time code that opens the application in
//!   a chat (`/link CODE`); `POST /link` with `{"code"}` takes a code made in a chat and
//!   returns the application with its edit token (DESIGN.md, one applicant, many channels).

pub mod error;
pub mod extract;
pub mod view;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use casebook_core::{ApplicationId, ApplicationPatch, ApplicationService};

pub use error::ApiError;
use extract::{Bearer, IfMatch, JsonBody, RequestLang};
use view::ApplicationView;

/// The largest request body accepted, far above a complete application.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The applicant API over the given service.
pub fn router(service: ApplicationService) -> Router {
    Router::new()
        .route("/applications", post(create_application))
        .route(
            "/applications/{id}",
            get(read_application).patch(update_application),
        )
        .route("/applications/{id}/submit", post(submit_application))
        .route("/applications/{id}/withdraw", post(withdraw_application))
        .route("/applications/{id}/link", post(create_link_code))
        .route("/link", post(redeem_link_code))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(service)
        .layer(axum::middleware::map_response(security_headers))
}

/// Headers on every answer: browsers never guess a type (`nosniff`), and nothing is
/// cached (`no-store`): answers carry edit tokens, download links and personal data.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This address does not accept that method. See the API in the README.",
    )
}

/// The Router alone, as its Lambda serves it: with JSON answers for unknown paths.
/// (`casebook serve` merges [`router`]s and adds the fallback once.)
pub fn standalone(service: ApplicationService) -> Router {
    router(service)
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
}

/// JSON answers for unknown paths, so every error has the same shape.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is nothing at this address.",
    )
}

fn parse_id(id: &str) -> Result<ApplicationId, casebook_core::ApplicationError> {
    // A malformed id is just an application that does not exist.
    ApplicationId::parse(id).ok_or(casebook_core::ApplicationError::NotFound)
}

fn with_etag(mut response: Response, version: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

async fn create_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    JsonBody(patch): JsonBody<ApplicationPatch>,
) -> Result<Response, ApiError> {
    let (app, token) = service
        .create_draft(patch)
        .await
        .map_err(|e| ApiError::from_domain(e, service.campaign(), lang))?;
    let view = ApplicationView::new(&app, &[], &service, lang).with_token(token.expose());
    let mut response = (StatusCode::CREATED, axum::Json(view)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/applications/{}", app.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(with_etag(response, app.version))
}

/// The answer for an application a use case returned: its view with its version as ETag,
/// or the use case's error mapped once.
async fn respond(
    service: &ApplicationService,
    lang: casebook_core::Lang,
    result: Result<casebook_core::Application, casebook_core::ApplicationError>,
) -> Result<Response, ApiError> {
    let app = result.map_err(|e| ApiError::from_domain(e, service.campaign(), lang))?;
    let attachments = service
        .attachments_of(&app)
        .await
        .map_err(|e| ApiError::from_domain(e.into(), service.campaign(), lang))?;
    let view = ApplicationView::new(&app, &attachments, service, lang);
    Ok(with_etag(axum::Json(view).into_response(), app.version))
}

async fn read_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let result = async { service.read(parse_id(&id)?, &token).await }.await;
    respond(&service, lang, result).await
}

async fn update_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    Bearer(token): Bearer,
    IfMatch(version): IfMatch,
    JsonBody(patch): JsonBody<ApplicationPatch>,
) -> Result<Response, ApiError> {
    let result = async {
        service
            .update_draft(parse_id(&id)?, &token, version, patch)
            .await
    }
    .await;
    respond(&service, lang, result).await
}

async fn submit_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let result = async { service.submit(parse_id(&id)?, &token).await }.await;
    respond(&service, lang, result).await
}

async fn withdraw_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let result = async { service.withdraw(parse_id(&id)?, &token).await }.await;
    respond(&service, lang, result).await
}

/// A one-time code for continuing this application in a chat.
async fn create_link_code(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let link = async { service.create_link(parse_id(&id)?, &token).await }
        .await
        .map_err(|e| ApiError::from_domain(e, service.campaign(), lang))?;
    let body = serde_json::json!({
        "code": link.code,
        "expires_at": link.expires_at.to_string(),
        "how": match lang {
            casebook_core::Lang::En => format!("Send /link {} to the bot within {} minutes. The code works once.", link.code, casebook_core::LINK_MINUTES),
            casebook_core::Lang::Zh => format!("请在{}分钟内向机器人发送 /link {}。代码只能使用一次。", casebook_core::LINK_MINUTES, link.code),
        },
    });
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RedeemLink {
    code: String,
}

/// Takes a code made in a chat: the application it opens, with a new edit token (shown
/// once, kept only as its hash).
async fn redeem_link_code(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    JsonBody(body): JsonBody<RedeemLink>,
) -> Result<Response, ApiError> {
    let fail = |e| ApiError::from_domain(e, service.campaign(), lang);
    let (app, token) = service
        .redeem_link_for_token(&body.code)
        .await
        .map_err(fail)?;
    let attachments = service
        .attachments_of(&app)
        .await
        .map_err(|e| fail(e.into()))?;
    let view = ApplicationView::new(&app, &attachments, &service, lang).with_token(token.expose());
    Ok(with_etag(axum::Json(view).into_response(), app.version))
}
