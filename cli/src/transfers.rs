//! The embedded backend's upload and download links (what S3 presigned URLs are on AWS):
//! `PUT /uploads/{link}` streams exactly the granted bytes to disk, once, before the link
//! expires, then verifies them; `GET /downloads/{link}` streams a verified file.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use casebook_core::attachment::content_disposition;
use casebook_core::lang::{msg, t};
use casebook_core::rules::excerpt;
use casebook_core::{
    ApplicationId, AttachmentError, AttachmentId, AttachmentService, BlobKey, Lang,
};
use casebook_embedded::{FolderBlobStore, LinkError, LocalSignedUrls, Transfer};
use casebook_http::ApiError;
use casebook_http::extract::RequestLang;
use casebook_http::view::AttachmentView;
use http_body_util::BodyExt;
use tokio::io::AsyncWriteExt;

#[derive(Clone)]
pub struct LocalTransferState {
    pub service: AttachmentService,
    pub links: Arc<LocalSignedUrls>,
    pub blobs: FolderBlobStore,
}

/// The local upload and download routes, bare: `casebook serve` adds the common layers
/// once for every route.
pub fn router(state: LocalTransferState) -> Router {
    Router::new()
        .route("/uploads/{link}", put(upload))
        .route("/downloads/{link}", get(download))
        .with_state(state)
}

fn link_error(e: LinkError) -> ApiError {
    match e {
        LinkError::Invalid => ApiError::said(
            StatusCode::FORBIDDEN,
            "invalid_link",
            msg::API_TRANSFER_LINK_INVALID,
        ),
        LinkError::Expired => ApiError::said(
            StatusCode::FORBIDDEN,
            "link_expired",
            msg::API_TRANSFER_LINK_EXPIRED,
        ),
    }
}

fn wrong_size(declared: u64, got: u64, lang: Lang) -> ApiError {
    let status = if got > declared {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::BAD_REQUEST
    };
    let message = t!(
        lang,
        API_UPLOAD_SIZE_MISMATCH,
        declared = declared,
        got = got
    );
    ApiError::new(status, "size_mismatch", message).with_field("Content-Length")
}

async fn upload(
    State(state): State<LocalTransferState>,
    RequestLang(lang): RequestLang,
    Path(link): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let now = state.service.applications().now();
    let transfer = state.links.verify(&link, now).map_err(link_error)?;
    let Transfer::Upload {
        key,
        application,
        attachment,
        content_type,
        size,
        ..
    } = transfer
    else {
        return Err(link_error(LinkError::Invalid));
    };
    let (Some(app), Some(att), Ok(key)) = (
        ApplicationId::parse(&application),
        AttachmentId::parse(&attachment),
        BlobKey::from_segments(key.split('/')),
    ) else {
        return Err(link_error(LinkError::Invalid));
    };
    check_declared(&headers, &content_type, size, lang)?;

    let claimed = state.service.claim_upload(app, att).await?;
    let staged = state
        .blobs
        .staging_path()
        .await
        .map_err(AttachmentError::from)?;
    let received = receive(body, &staged, size).await;
    let failure = match received {
        Ok(got) if got == size => None,
        Ok(got) => Some(wrong_size(size, got, lang)),
        Err(e) => {
            tracing::warn!(error = %e, "upload interrupted");
            Some(ApiError::said(
                StatusCode::BAD_REQUEST,
                "upload_failed",
                msg::API_UPLOAD_INTERRUPTED,
            ))
        }
    };
    if let Some(err) = failure {
        let _ = tokio::fs::remove_file(&staged).await;
        // The link may be used again while it lasts: nothing was stored.
        let _ = state.service.release_upload(&claimed).await;
        return Err(err);
    }
    state
        .blobs
        .commit(&staged, &key, &content_type)
        .await
        .map_err(AttachmentError::from)?;
    let verified = state.service.verify_upload(app, att).await?;
    Ok(axum::Json(AttachmentView::new(&verified, lang)).into_response())
}

/// The upload's headers against its grant: the same Content-Type, and a Content-Length
/// (when sent) of the granted size. Checked before a byte is stored.
fn check_declared(
    headers: &HeaderMap,
    content_type: &str,
    size: u64,
    lang: Lang,
) -> Result<(), ApiError> {
    let sent_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !sent_type.eq_ignore_ascii_case(content_type) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "content_type_mismatch",
            t!(
                lang,
                API_UPLOAD_TYPE_MISMATCH,
                expected = content_type,
                sent = format!("{:?}", excerpt(sent_type))
            ),
        )
        .with_field("Content-Type"));
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    if let Some(length) = declared
        && length != size
    {
        return Err(wrong_size(size, length, lang));
    }
    Ok(())
}

/// Streams the body to `path`, stopping as soon as more than `limit` bytes arrive.
/// Returns how many bytes came (at most `limit + 1`).
async fn receive(body: Body, path: &std::path::Path, limit: u64) -> std::io::Result<u64> {
    let mut file = tokio::fs::File::create(path).await?;
    let mut body = body;
    let mut total: u64 = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(std::io::Error::other)?;
        if let Ok(data) = frame.into_data() {
            total += data.len() as u64;
            if total > limit {
                return Ok(total);
            }
            file.write_all(&data).await?;
        }
    }
    file.flush().await?;
    Ok(total)
}

async fn download(
    State(state): State<LocalTransferState>,
    Path(link): Path<String>,
) -> Result<Response, ApiError> {
    let now = state.service.applications().now();
    let transfer = state.links.verify(&link, now).map_err(link_error)?;
    let Transfer::Download {
        key,
        filename,
        content_type,
        ..
    } = transfer
    else {
        return Err(link_error(LinkError::Invalid));
    };
    let key = BlobKey::from_segments(key.split('/')).map_err(|_| link_error(LinkError::Invalid))?;
    let file = tokio::fs::File::open(state.blobs.file_path(&key))
        .await
        .map_err(|_| ApiError::said(StatusCode::NOT_FOUND, "not_found", msg::API_FILE_GONE))?;
    let length = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_LENGTH, length.to_string()),
        (header::CONTENT_DISPOSITION, content_disposition(&filename)),
        (header::CACHE_CONTROL, "private, no-store".to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    Ok(response)
}
