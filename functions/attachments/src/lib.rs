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
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use casebook_core::{
    AttachmentError, AttachmentService, AttachmentStatus, DownloadLink, NewAttachment, UploadGrant,
};
use casebook_http::extract::{ApplicationPath, AttachmentPath, Bearer, JsonBody, RequestLang};
use casebook_http::view::AttachmentView;
use casebook_http::{ApiError, ErrorEnvelope};
use serde::Serialize;
use utoipa::ToSchema;

const TAG: &str = "attachments";

casebook_http::operations!(AttachmentService;
    grant_upload, list_attachments, delete_attachment, complete_upload, download_attachment);

casebook_http::function_routes!(AttachmentService, |service| service
    .applications()
    .shared_campaign());

/// A new attachment and how to upload its file.
#[derive(Serialize, ToSchema)]
struct GrantView<'a> {
    #[serde(flatten)]
    attachment: AttachmentView<'a>,
    upload: &'a UploadGrant,
}

/// A draft's attachments.
#[derive(Serialize, ToSchema)]
struct AttachmentList<'a> {
    attachments: Vec<AttachmentView<'a>>,
}

/// Declares a file and grants its upload: a form `POST` (fields, then `file`) or a `PUT`
/// of the bytes with exactly the headers given, before `expires_at`.
#[utoipa::path(post, path = "/applications/{id}/attachments", tag = TAG, params(("id" = String, Path, description = "The application's id")),
    security(("edit_token" = [])), request_body = NewAttachment,
    responses(
        (status = 201, description = "The attachment (pending) and its upload grant", body = GrantView),
        (status = 400, description = "A type not accepted, an empty or too large file, a name too long, or a malformed body", body = ErrorEnvelope),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No such application (with this edit token) or attachment", body = ErrorEnvelope),
        (status = 409, description = "Not a draft, or the application's file count or total size would be over the limit", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
    ))]
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

/// The application's attachments with their status.
#[utoipa::path(get, path = "/applications/{id}/attachments", tag = TAG, params(("id" = String, Path, description = "The application's id")),
    security(("edit_token" = [])),
    responses(
        (status = 200, description = "The attachments", body = AttachmentList),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No such application (with this edit token) or attachment", body = ErrorEnvelope),
    ))]
async fn list_attachments(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    ApplicationPath(id): ApplicationPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let list = service.list(id, &token).await?;
    let attachments = list.iter().map(|a| AttachmentView::new(a, lang)).collect();
    Ok(axum::Json(AttachmentList { attachments }).into_response())
}

/// Checks the file that arrived against what was declared (done by itself on upload too).
#[utoipa::path(post, path = "/applications/{id}/attachments/{att}/complete", tag = TAG, params(("id" = String, Path, description = "The application's id"), ("att" = String, Path, description = "The attachment's id")),
    security(("edit_token" = [])),
    responses(
        (status = 200, description = "The attachment, verified or rejected with the reason", body = AttachmentView),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No such application (with this edit token) or attachment", body = ErrorEnvelope),
        (status = 409, description = "The file has not arrived yet, or the application is no longer a draft", body = ErrorEnvelope),
    ))]
async fn complete_upload(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    AttachmentPath(app, att): AttachmentPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let attachment = service.complete(app, &token, att).await?;
    Ok(axum::Json(AttachmentView::new(&attachment, lang)).into_response())
}

/// A short-lived link to a verified file.
#[utoipa::path(get, path = "/applications/{id}/attachments/{att}/download", tag = TAG, params(("id" = String, Path, description = "The application's id"), ("att" = String, Path, description = "The attachment's id")),
    security(("edit_token" = [])),
    responses(
        (status = 200, description = "The link and when it stops working", body = DownloadLink),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No such application (with this edit token) or attachment", body = ErrorEnvelope),
        (status = 409, description = "The file is not verified", body = ErrorEnvelope),
    ))]
async fn download_attachment(
    State(service): State<AttachmentService>,
    AttachmentPath(app, att): AttachmentPath,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let link = service.download(app, &token, att).await?;
    Ok(axum::Json(link).into_response())
}

/// Removes a draft's attachment.
#[utoipa::path(delete, path = "/applications/{id}/attachments/{att}", tag = TAG, params(("id" = String, Path, description = "The application's id"), ("att" = String, Path, description = "The attachment's id")),
    security(("edit_token" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No edit token", body = ErrorEnvelope),
        (status = 404, description = "No such application (with this edit token) or attachment", body = ErrorEnvelope),
        (status = 409, description = "The application is no longer a draft", body = ErrorEnvelope),
    ))]
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
