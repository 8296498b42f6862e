//! `GET|POST /wechat`: the WeChat official account's server URL, as one axum Router
//! served on Lambda by `main.rs` and by `casebook serve` when `WECHAT_TOKEN` is set.
//! Tencent waits five seconds for an answer and retries three times: an answer that
//! cannot be made in time is `success` while the work goes on to its end (never cut
//! half-way) and keeps its reply with the message's mark, so Tencent's retry gets that
//! reply and the engine never runs twice. Nothing WeChat sends ever gets a 5xx.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use casebook_bot::wechat::xml::MAX_BODY_BYTES;
use casebook_bot::wechat::{CallQuery, SUCCESS, WechatBot};
use casebook_http::Routes;

/// The part of WeChat's five seconds the engine may take before `success` is sent.
pub const ANSWER_WITHIN: Duration = Duration::from_millis(4500);

/// The server URL's routes over `bot`.
pub fn router(bot: Arc<WechatBot>) -> Router {
    router_answering_within(bot, ANSWER_WITHIN)
}

/// The routes as the Lambda serves them: with the security headers every function's
/// answers carry (`casebook serve` adds them once for all routes).
pub fn standalone(bot: Arc<WechatBot>) -> Router {
    router(bot)
        .layer(axum::middleware::map_response(
            casebook_http::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            "wechat",
            casebook_http::log_request,
        ))
}

/// The same with another cut-off (tests make it short).
pub fn router_answering_within(bot: Arc<WechatBot>, within: Duration) -> Router {
    served()
        // A larger body is answered `success` unread (see `receive`), not with a 413
        // that Tencent would retry.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES * 2))
        .with_state(Server { bot, within })
}

/// The server URL's routes over `bot`, with their part of the OpenAPI document.
pub fn routes(bot: Arc<WechatBot>) -> Routes {
    routes_answering_within(bot, ANSWER_WITHIN)
}

fn routes_answering_within(bot: Arc<WechatBot>, within: Duration) -> Routes {
    unbound()
        // A larger body is answered `success` unread (see `receive`), not with a 413
        // that Tencent would retry.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES * 2))
        .with_state(Server { bot, within })
}

/// The routes' part of the OpenAPI document (`casebook openapi` prints them all).
pub fn openapi() -> utoipa::openapi::OpenApi {
    unbound().into_openapi()
}

casebook_http::operations!(Server; verify, receive);

/// The query of a call whose own shape is wrong (a key twice): checked as one without a
/// signature, so refused like any unsigned call.
fn query_or_unsigned(query: Result<Query<CallQuery>, QueryRejection>) -> CallQuery {
    query.map(|Query(q)| q).unwrap_or_default()
}

#[derive(Clone)]
struct Server {
    bot: Arc<WechatBot>,
    within: Duration,
}

fn plain(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// WeChat's check of the server URL: the signature over the token, `timestamp` and
/// `nonce`; the answer is `echostr`.
#[utoipa::path(get, path = "/wechat", tag = "webhooks", security(("wechat_signature" = [])),
    params(
        ("timestamp" = String, Query), ("nonce" = String, Query),
        ("echostr" = Option<String>, Query, nullable = false, description = "Repeated back when the signature is right"),
    ),
    responses(
        (status = 200, description = "`echostr`", content_type = "text/plain", body = String),
        (status = 401, description = "The signature is wrong or stale, the body is not encrypted in safe mode, or the signed timestamp and nonce came before with another body", content_type = "text/plain", body = String),
    ))]
async fn verify(
    State(server): State<Server>,
    query: Result<Query<CallQuery>, QueryRejection>,
) -> Response {
    let q = query_or_unsigned(query);
    match server.bot.verify_server_url(&q) {
        Ok(echostr) => plain(StatusCode::OK, echostr),
        Err(e) => {
            tracing::info!(error = %e, "a WeChat server URL check was refused");
            plain(StatusCode::UNAUTHORIZED, "unauthorized".into())
        }
    }
}

/// A message or event from a follower (XML, plain or safe mode); the answer is the reply
/// as XML, or `success` when there is none (or none in time: the reply waits for the retry).
#[utoipa::path(post, path = "/wechat", tag = "webhooks", security(("wechat_signature" = [])),
    params(
        ("timestamp" = String, Query), ("nonce" = String, Query),
        ("openid" = Option<String>, Query, nullable = false),
        ("encrypt_type" = Option<String>, Query, nullable = false, description = "`aes` in safe mode"),
        ("msg_signature" = Option<String>, Query, nullable = false, description = "Safe mode: sha1 of the sorted token, timestamp, nonce and Encrypt"),
    ),
    request_body(content = Option<String>, content_type = "text/xml", description = "WeChat's message XML (at most 64 KiB)"),
    responses(
        (status = 200, description = "The reply as XML, or `success`", content((String = "application/xml"), (String = "text/plain"))),
        (status = 401, description = "The signature is wrong or stale, the body is not encrypted in safe mode, or the signed timestamp and nonce came before with another body", content_type = "text/plain", body = String),
    ))]
async fn receive(
    State(server): State<Server>,
    query: Result<Query<CallQuery>, QueryRejection>,
    body: Bytes,
) -> Response {
    let q = query_or_unsigned(query);
    if body.len() > MAX_BODY_BYTES {
        tracing::info!(bytes = body.len(), "a WeChat body over the cap");
        return plain(StatusCode::OK, SUCCESS.into());
    }
    // The answer runs as its own task: past the cut-off it is not dropped half-way (a
    // draft changed but the conversation not moved on) but finishes and keeps its reply
    // for Tencent's retry.
    let bot = server.bot.clone();
    let mut answer = tokio::spawn(async move { bot.answer(&q, &body).await });
    match tokio::time::timeout(server.within, &mut answer).await {
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a WeChat answer failed");
            plain(StatusCode::OK, SUCCESS.into())
        }
        Ok(Ok(answered)) => reply(answered),
        Err(_) => {
            tracing::warn!("a WeChat message could not be answered in time");
            plain(StatusCode::OK, SUCCESS.into())
        }
    }
}

fn reply(answered: Result<String, casebook_bot::wechat::Refusal>) -> Response {
    match answered {
        Ok(xml) if xml == SUCCESS => plain(StatusCode::OK, xml),
        Ok(xml) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
            xml,
        )
            .into_response(),
        Err(e) => {
            tracing::info!(error = %e, "a WeChat call was refused");
            plain(StatusCode::UNAUTHORIZED, "unauthorized".into())
        }
    }
}
