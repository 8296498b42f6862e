//! The applicant endpoints of DESIGN.md as one axum Router, served on Lambda by `main.rs`
//! and locally by `casebook serve`.
//!
//! - `POST /applications` creates a draft (201) and returns its edit token, once.
//! - `GET /applications/{id}` reads it; `PATCH` changes a draft (`If-Match: "version"`).
//! - `POST /applications/{id}/submit` submits it (idempotent); `.../withdraw` withdraws it.
//! - `POST /applications/{id}/link` gives a one-time code that opens the application in
//!   a chat (`/link CODE`); `POST /link` with `{"code"}` takes a code made in a chat and
//!   returns the application with its edit token (DESIGN.md, one applicant, many channels).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use casebook_core::{Application, ApplicationPatch, ApplicationService, Lang};
use casebook_http::extract::{ApplicationPath, Bearer, IfMatch, JsonBody, RequestLang};
use casebook_http::view::ApplicationView;
use casebook_http::{ApiError, method_not_allowed, with_etag};

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
}

/// The Router alone, as its Lambda serves it: with JSON answers for unknown paths.
/// (`casebook serve` merges the bare [`router`]s and adds the fallback and layers once.)
pub fn standalone(service: ApplicationService) -> Router {
    let campaign = service.shared_campaign();
    casebook_http::standalone(router(service), campaign)
}

async fn create_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    JsonBody(patch): JsonBody<ApplicationPatch>,
) -> Result<Response, ApiError> {
    let (app, token) = service.create_draft(patch).await?;
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

async fn read_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let app = service.read(id, &token).await?;
    respond(&service, lang, app).await
}

async fn update_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
    IfMatch(version): IfMatch,
    JsonBody(patch): JsonBody<ApplicationPatch>,
) -> Result<Response, ApiError> {
    let app = service.update_draft(id, &token, version, patch).await?;
    respond(&service, lang, app).await
}

async fn submit_application(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let app = service.submit(id, &token).await?;
    respond(&service, lang, app).await
}

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
async fn create_link_code(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let link = service.create_link(id, &token).await?;
    let minutes = casebook_core::LINK_MINUTES;
    let code = &link.code;
    let body = serde_json::json!({
        "code": code,
        "expires_at": link.expires_at.to_string(),
        "how": match lang {
            Lang::En => format!("Send /link {code} to the bot within {minutes} minutes. The code works once."),
            Lang::Zh => format!("请在{minutes}分钟内向机器人发送 /link {code}。代码只能使用一次。"),
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
    let (app, token) = service.redeem_link_for_token(&body.code).await?;
    let attachments = service.attachments_of(&app).await?;
    let view = ApplicationView::new(&app, &attachments, &service, lang).with_token(token.expose());
    Ok(with_etag(axum::Json(view).into_response(), app.version))
}
