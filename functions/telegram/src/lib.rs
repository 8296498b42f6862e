//! `POST /telegram/webhook`: Telegram's updates, verified by the secret token header
//! (compared in constant time; 401 and nothing stored otherwise), each `update_id`
//! answered once even when Telegram delivers it twice at once (a conditional write), and
//! 2xx for updates the bot does not handle, so Telegram does not retry them. When
//! answering fails, 503 asks Telegram to deliver the update again: if nothing was saved,
//! the update is given back and answered then; if the answer was saved but not sent, its
//! replies are kept and the redelivery sends them.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use casebook_bot::telegram::{TelegramBot, Update};
use casebook_http::Routes;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

/// The header Telegram sends with the secret given to `setWebhook`.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
pub struct Webhook {
    pub bot: TelegramBot,
    /// The secret given to `setWebhook` (TELEGRAM_WEBHOOK_SECRET).
    pub secret: Arc<str>,
}

/// The webhook route with its part of the OpenAPI document.
pub fn routes(webhook: Webhook) -> Routes {
    unbound().with_state(webhook)
}

/// The routes' part of the OpenAPI document (`casebook openapi` prints them all).
pub fn openapi() -> utoipa::openapi::OpenApi {
    unbound().into_openapi()
}

casebook_http::operations!(Webhook; receive);

/// The webhook as its Lambda serves it, with its OpenAPI document at `/openapi.json`.
pub fn router(webhook: Webhook) -> Router {
    casebook_http::openapi::serve_document(served().with_state(webhook), openapi, None)
        .fallback(|| async {
            json(
                StatusCode::NOT_FOUND,
                "not_found",
                "There is nothing at this address.",
            )
        })
        .layer(axum::middleware::map_response(
            casebook_http::security_headers,
        ))
}

fn json(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

/// A Telegram Update (the Bot API's `Update` object): `update_id` and one of its kinds.
#[derive(ToSchema)]
#[allow(dead_code)] // only its schema is used: updates are read by casebook_bot::telegram::Update
struct TelegramUpdate {
    update_id: i64,
}

/// Telegram's updates, each answered once.
#[utoipa::path(post, path = "/telegram/webhook", tag = "webhooks",
    security(("telegram_secret" = [])), request_body = TelegramUpdate,
    responses(
        (status = 200, description = "Answered (or not for the bot, and so not retried)"),
        (status = 400, description = "The body is not a Telegram update", body = casebook_http::ErrorEnvelope),
        (status = 401, description = "Missing or wrong secret token", body = casebook_http::ErrorEnvelope),
        (status = 503, description = "Answering failed: Telegram delivers the update again", body = casebook_http::ErrorEnvelope),
    ))]
async fn receive(State(webhook): State<Webhook>, headers: HeaderMap, body: Bytes) -> Response {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if webhook.secret.is_empty() || !bool::from(given.ct_eq(webhook.secret.as_bytes())) {
        tracing::warn!("a webhook call without the right secret was refused");
        return json(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Missing or wrong secret token.",
        );
    }
    // Read from the raw bytes: kinds the bot does not know are left out, and ignored.
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(_) => {
            return json(
                StatusCode::BAD_REQUEST,
                "malformed_update",
                "The body is not a Telegram update.",
            );
        }
    };
    match webhook.bot.answer_once(&update).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, update_id = update.update_id, "answering a Telegram update failed; Telegram will deliver it again");
            json(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Try again later.",
            )
        }
    }
}
