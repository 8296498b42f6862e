//! The attachment endpoints as one axum Router, served on Lambda by `main.rs` and
//! locally by `casebook serve`.
//!
//! - `POST /applications/{id}/attachments` `{filename, content_type, size}` -> 201 with an
//!   upload grant: `{"id", "status": "pending", "upload": {"method", "url", "fields"?,
//!   "headers"?, "expires_at"}}`;
//! - `GET /applications/{id}/attachments` lists them with their status;
//! - `POST .../attachments/{att}/complete` checks what arrived (also done by the storage
//!   event on AWS and right after a local upload);
//! - `GET .../attachments/{att}/download` -> `{"url", "expires_at"}`, valid for minutes;
//! - `DELETE .../attachments/{att}` removes a draft's attachment.

use aws_lambda_events::event::s3::S3Event;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use casebook_core::{AttachmentError, AttachmentService, AttachmentStatus, NewAttachment};
use casebook_http::ApiError;
use casebook_http::extract::{ApplicationPath, AttachmentPath, Bearer, JsonBody, RequestLang};
use casebook_http::view::AttachmentView;
use serde::Serialize;

pub fn router(service: AttachmentService) -> Router {
    Router::new()
        .route(
            "/applications/{id}/attachments",
            post(grant_upload).get(list_attachments),
        )
        .route(
            "/applications/{id}/attachments/{att}",
            axum::routing::delete(delete_attachment),
        )
        .route(
            "/applications/{id}/attachments/{att}/complete",
            post(complete_upload),
        )
        .route(
            "/applications/{id}/attachments/{att}/download",
            get(download_attachment),
        )
        .with_state(service)
}

/// The Router alone, as its Lambda serves it, with JSON answers for unknown paths.
pub fn standalone(service: AttachmentService) -> Router {
    let campaign = service.applications().shared_campaign();
    casebook_http::standalone(router(service), campaign)
}

#[derive(Serialize)]
struct GrantView<'a> {
    #[serde(flatten)]
    attachment: AttachmentView<'a>,
    upload: &'a casebook_core::UploadGrant,
}

async fn grant_upload(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
    JsonBody(new): JsonBody<NewAttachment>,
) -> Result<Response, ApiError> {
    let (attachment, grant) = service.grant_upload(id, &token, new).await?;
    let view = GrantView {
        attachment: AttachmentView::new(&attachment, lang),
        upload: &grant,
    };
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

async fn list_attachments(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let list = service.list(id, &token).await?;
    let views: Vec<AttachmentView> = list.iter().map(|a| AttachmentView::new(a, lang)).collect();
    Ok(axum::Json(serde_json::json!({ "attachments": views })).into_response())
}

async fn complete_upload(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    AttachmentPath(app, att): AttachmentPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let attachment = service.complete(app, &token, att).await?;
    Ok(axum::Json(AttachmentView::new(&attachment, lang)).into_response())
}

async fn download_attachment(
    State(service): State<AttachmentService>,
    AttachmentPath(app, att): AttachmentPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let link = service.download(app, &token, att).await?;
    Ok(axum::Json(link).into_response())
}

async fn delete_attachment(
    State(service): State<AttachmentService>,
    AttachmentPath(app, att): AttachmentPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    service.delete(app, &token, att).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A key as an S3 event gives it: URL-encoded, with `+` for a space.
fn decode_event_key(raw: &str) -> String {
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// Verifies every object an S3 ObjectCreated event names. An object that is not one of
/// casebook's attachments is ignored (and logged); any other failure is returned, so that
/// Lambda retries the event and nothing goes unchecked.
pub async fn handle_s3_event(
    service: &AttachmentService,
    event: &S3Event,
) -> Result<serde_json::Value, AttachmentError> {
    let (mut verified, mut rejected, mut ignored) = (0, 0, 0);
    for record in &event.records {
        let created = record
            .event_name
            .as_deref()
            .is_some_and(|n| n.starts_with("ObjectCreated"));
        let Some(raw) = record.s3.object.key.as_deref().filter(|_| created) else {
            ignored += 1;
            continue;
        };
        let key = decode_event_key(raw);
        match service.verify_key(&key).await {
            Ok(a) if a.status == AttachmentStatus::Verified => verified += 1,
            Ok(_) => rejected += 1,
            Err(AttachmentError::NotFound) => {
                tracing::warn!(%key, "an object that is no attachment was ignored");
                ignored += 1;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(serde_json::json!({ "verified": verified, "rejected": rejected, "ignored": ignored }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_keys_are_url_decoded() {
        assert_eq!(decode_event_key("2024/a%2Fb/c+d%41"), "2024/a/b/c dA");
        assert_eq!(decode_event_key("100%"), "100%");
        assert_eq!(decode_event_key("a%2Bb"), "a+b");
    }
}
