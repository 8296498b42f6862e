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

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use casebook_applications::error::ApiError;
use casebook_applications::extract::{Bearer, JsonBody, RequestLang};
use casebook_applications::view::AttachmentView;
use casebook_core::{
    ApplicationError, ApplicationId, AttachmentError, AttachmentId, AttachmentService, Campaign,
    Lang, NewAttachment,
};
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
        .layer(axum::middleware::map_response(
            casebook_applications::security_headers,
        ))
}

/// The Router alone, as its Lambda serves it, with JSON answers for unknown paths.
pub fn standalone(service: AttachmentService) -> Router {
    router(service)
        .fallback(casebook_applications::not_found)
        .layer(axum::middleware::map_response(
            casebook_applications::security_headers,
        ))
}

/// Maps an attachment error once, with messages in the caller's language.
pub fn api_error(err: AttachmentError, campaign: &Campaign, lang: Lang) -> ApiError {
    use AttachmentError as E;
    let limit = |e: &AttachmentError| e.limit_message(campaign, lang).unwrap_or_default();
    match err {
        E::Application(e) => ApiError::from_domain(e, campaign, lang),
        E::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            lang.pick(
                "No attachment with this id on this application.",
                "此申报中没有这个附件。",
            ),
        ),
        E::TypeNotAllowed { .. } => {
            ApiError::new(StatusCode::BAD_REQUEST, "type_not_allowed", limit(&err))
                .with_field("content_type")
        }
        E::Empty => {
            ApiError::new(StatusCode::BAD_REQUEST, "empty_file", limit(&err)).with_field("size")
        }
        E::TooLarge { .. } => {
            ApiError::new(StatusCode::BAD_REQUEST, "too_large", limit(&err)).with_field("size")
        }
        E::TooManyFiles { .. } => {
            ApiError::new(StatusCode::CONFLICT, "too_many_files", limit(&err))
        }
        E::TotalTooLarge { .. } => {
            ApiError::new(StatusCode::CONFLICT, "total_too_large", limit(&err))
        }
        E::NotDraft { status } => {
            ApiError::from_domain(ApplicationError::NotEditable { status }, campaign, lang)
        }
        E::NotUploaded => ApiError::new(
            StatusCode::CONFLICT,
            "not_uploaded",
            lang.pick(
                "The file has not arrived yet. Upload it with the grant first, then complete.",
                "文件尚未上传。请先按上传授权上传，再确认完成。",
            ),
        ),
        E::NotVerified { status } => ApiError::new(
            StatusCode::CONFLICT,
            "not_verified",
            match lang {
                Lang::En => format!(
                    "This attachment is {}, so it cannot be downloaded.",
                    status.as_str()
                ),
                Lang::Zh => format!("此附件状态为 {}，无法下载。", status.as_str()),
            },
        ),
        E::Expired => ApiError::new(
            StatusCode::FORBIDDEN,
            "grant_expired",
            lang.pick(
                "This upload link has expired. Ask for a new one.",
                "此上传链接已过期，请重新申请。",
            ),
        ),
        E::AlreadyUploaded => ApiError::new(
            StatusCode::CONFLICT,
            "grant_used",
            lang.pick(
                "This upload link was already used. Ask for a new one.",
                "此上传链接已被使用，请重新申请。",
            ),
        ),
        E::Blob(e) => ApiError::from_domain(
            ApplicationError::Store(casebook_core::StoreError::Backend(e.to_string())),
            campaign,
            lang,
        ),
    }
}

/// Ids from the path; malformed ones are simply "not found".
fn app_id(id: &str) -> Result<ApplicationId, AttachmentError> {
    ApplicationId::parse(id).ok_or(AttachmentError::Application(ApplicationError::NotFound))
}

fn both_ids(id: &str, att: &str) -> Result<(ApplicationId, AttachmentId), AttachmentError> {
    Ok((
        app_id(id)?,
        AttachmentId::parse(att).ok_or(AttachmentError::NotFound)?,
    ))
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
    Path(id): Path<String>,
    Bearer(token): Bearer,
    JsonBody(new): JsonBody<NewAttachment>,
) -> Result<Response, ApiError> {
    let campaign = service.applications().campaign();
    let result = async { service.grant_upload(app_id(&id)?, &token, new).await }.await;
    let (attachment, grant) = result.map_err(|e| api_error(e, campaign, lang))?;
    let view = GrantView {
        attachment: AttachmentView::new(&attachment, lang),
        upload: &grant,
    };
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

async fn list_attachments(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let campaign = service.applications().campaign();
    let result = async { service.list(app_id(&id)?, &token).await }.await;
    let list = result.map_err(|e| api_error(e, campaign, lang))?;
    let views: Vec<AttachmentView> = list.iter().map(|a| AttachmentView::new(a, lang)).collect();
    Ok(axum::Json(serde_json::json!({ "attachments": views })).into_response())
}

async fn complete_upload(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    Path((id, att)): Path<(String, String)>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let campaign = service.applications().campaign();
    let result = async {
        let (app, att) = both_ids(&id, &att)?;
        service.complete(app, &token, att).await
    }
    .await;
    let attachment = result.map_err(|e| api_error(e, campaign, lang))?;
    Ok(axum::Json(AttachmentView::new(&attachment, lang)).into_response())
}

async fn download_attachment(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    Path((id, att)): Path<(String, String)>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let campaign = service.applications().campaign();
    let result = async {
        let (app, att) = both_ids(&id, &att)?;
        service.download(app, &token, att).await
    }
    .await;
    let link = result.map_err(|e| api_error(e, campaign, lang))?;
    Ok(axum::Json(link).into_response())
}

async fn delete_attachment(
    State(service): State<AttachmentService>,
    RequestLang(lang): RequestLang,
    Path((id, att)): Path<(String, String)>,
    Bearer(token): Bearer,
) -> Result<Response, ApiError> {
    let campaign = service.applications().campaign();
    let result = async {
        let (app, att) = both_ids(&id, &att)?;
        service.delete(app, &token, att).await
    }
    .await;
    result.map_err(|e| api_error(e, campaign, lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Undoes the URL encoding S3 applies to keys in event notifications (`+` is a space).
fn decode_event_key(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&raw[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Verifies every object an S3 ObjectCreated event names. An object that is not one of
/// casebook's attachments is ignored (and logged); any other failure is returned, so that
/// Lambda retries the event and nothing goes unchecked.
pub async fn handle_s3_event(
    service: &AttachmentService,
    event: &serde_json::Value,
) -> Result<serde_json::Value, AttachmentError> {
    let (mut verified, mut rejected, mut ignored) = (0, 0, 0);
    for record in event["Records"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let created = record["eventName"]
            .as_str()
            .is_some_and(|n| n.starts_with("ObjectCreated"));
        let key = decode_event_key(record["s3"]["object"]["key"].as_str().unwrap_or(""));
        if !created {
            ignored += 1;
            continue;
        }
        match service.verify_key(&key).await {
            Ok(a) if a.status == casebook_core::AttachmentStatus::Verified => verified += 1,
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
    }
}
