//! What organizers take away: the export as CSV or XLSX (answered whole: a call's
//! export is well under Lambda's 6 MB), and the published Collection as a zip (kept in
//! storage and offered by a short-lived link, as it holds the cases' images).
//!
//! Its own Lambda (`exports`), so the admin function links neither the workbook and zip
//! writers nor S3; `casebook serve` serves both on one port.

use axum::Json;
use axum::extract::{FromRef, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use casebook_core::OrganizerService;
use casebook_core::attachment_service::AttachmentService;
use casebook_core::decision::export::Table;
use casebook_core::decision::{AuditAction, DecisionService};
use casebook_http::{ApiError, ErrorEnvelope};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Organizer, R401, TAG};

/// What the export routes run on.
#[derive(Clone)]
pub struct Exports {
    pub decisions: DecisionService,
    /// The registry every organizer token is checked against.
    pub organizers: OrganizerService,
    /// The cases' images, and where the Collection's zip is kept for its link.
    pub files: AttachmentService,
}

impl FromRef<Exports> for DecisionService {
    fn from_ref(exports: &Exports) -> DecisionService {
        exports.decisions.clone()
    }
}

impl FromRef<Exports> for OrganizerService {
    fn from_ref(exports: &Exports) -> OrganizerService {
        exports.organizers.clone()
    }
}

casebook_http::operations!(Exports; export_csv, export_xlsx, publish_collection);

casebook_http::function_routes!(Exports, |exports| exports.decisions.shared_campaign());

/// One row per application with per-round, per-reviewer, per-criterion scores, comments,
/// totals and decisions: UTF-8 with a byte-order mark, for spreadsheets.
#[utoipa::path(get, path = "/admin/export.csv", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The export", content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String))),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn export_csv(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
) -> Result<Response, ApiError> {
    let table = exported(&service, &organizer, "csv").await?;
    let body = casebook_documents::csv_out::spreadsheet_csv(&table)
        .map_err(|e| not_written("export", &e))?;
    Ok(attachment(&service, "csv", "text/csv; charset=utf-8", body))
}

/// The same export as a workbook: a bold frozen header, a filter on every column,
/// widths from the content, totals to two decimals, instants as dates (UTC).
#[utoipa::path(get, path = "/admin/export.xlsx", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The export as an XLSX workbook",
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            body = Vec<u8>, headers(("Content-Disposition" = String))),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn export_xlsx(
    State(service): State<DecisionService>,
    Organizer(organizer): Organizer,
) -> Result<Response, ApiError> {
    let table = exported(&service, &organizer, "xlsx").await?;
    let body = casebook_documents::workbook::xlsx(&table).map_err(|e| not_written("export", &e))?;
    Ok(attachment(
        &service,
        "xlsx",
        casebook_documents::workbook::CONTENT_TYPE,
        body,
    ))
}

async fn exported(
    service: &DecisionService,
    organizer: &casebook_core::Organizer,
    format: &str,
) -> Result<Table, ApiError> {
    let table = service
        .export(organizer.audit_name(), format, &|_, _| {})
        .await?;
    tracing::info!(organizer = %organizer.id, format, rows = table.rows.len(), "export downloaded");
    Ok(table)
}

/// The bytes as a download named after the call's year.
fn attachment(
    service: &DecisionService,
    extension: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Response {
    let filename = format!("casebook-{}.{extension}", service.campaign().year());
    (
        [
            // (On Lambda, `casebook_http::standalone` keeps these bytes whole.)
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

fn not_written(what: &str, error: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %error, "the {what} could not be written");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "The file could not be written; the log says why.",
    )
}

/// The published Collection, ready to download.
#[derive(Serialize, ToSchema)]
pub(crate) struct CollectionView {
    /// Downloads the zip until `expires_at`; it needs no token (the link is the key).
    url: String,
    expires_at: String,
    /// The zip's name and size in bytes.
    filename: String,
    bytes: usize,
    /// Cases published, and how many of them are Outstanding Cases.
    cases: usize,
    outstanding: usize,
}

/// Publishes the Collection of Practice Cases (every collected and outstanding case, by
/// area, with its verified images) as one zip of the offline site `casebook admin
/// publish` writes, and offers it by a link; logged in the audit log as a publication.
#[utoipa::path(post, path = "/admin/collection", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The Collection's zip, offered by a link", body = CollectionView),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn publish_collection(
    State(exports): State<Exports>,
    Organizer(organizer): Organizer,
) -> Result<Response, ApiError> {
    let files = &exports.files;
    let service = &exports.decisions;
    let cases = service.publication(Some(files), &|_, _| {}).await?;
    let campaign = service.campaign();
    let zip = casebook_documents::collection::zip(campaign, &cases)
        .map_err(|e| not_written("Collection", &e))?;
    let (filename, bytes) = (format!("collection-{}.zip", campaign.year()), zip.len());
    let link = files
        .offer_export(&filename, zip, "application/zip")
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the Collection could not be kept");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "The Collection could not be kept for download; try again in a minute.",
            )
        })?;
    service
        .record(
            organizer.audit_name(),
            AuditAction::Published { cases: cases.len() },
        )
        .await?;
    tracing::info!(organizer = %organizer.id, cases = cases.len(), bytes, "Collection published");
    Ok(Json(CollectionView {
        url: link.url,
        expires_at: link.expires_at.to_string(),
        filename,
        bytes,
        outstanding: cases.iter().filter(|c| c.outstanding).count(),
        cases: cases.len(),
    })
    .into_response())
}
