//! The reviewer registry's changes over HTTP, as `casebook admin reviewers add|revoke|link`
//! make them: a reviewer added (their link e-mailed), a link stopped, a new link sent.

use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use casebook_core::review::{NewReviewer, ReviewServices, SignInLink};
use casebook_core::{ReviewError, Reviewer, ReviewerId};
use casebook_http::extract::JsonBody;
use casebook_http::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Admin, Organizer, R401, TAG};

/// A reviewer to register, as the organizer typed it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewReviewerBody {
    #[schema(max_length = 300, example = "Ana Souza")]
    name: String,
    #[schema(format = Email, example = "ana@example.org")]
    email: String,
    /// Where the reviewer works: a code or a name, as for applications.
    #[schema(example = "BR")]
    country: String,
    #[schema(max_length = 300)]
    organization: String,
    /// Further organizations the reviewer must not review (at most 20).
    #[serde(default)]
    excluded_organizations: Vec<String>,
    /// The areas the reviewer knows best (the campaign's ids; at most 20).
    #[serde(default)]
    areas: Vec<String>,
    /// The language they read (ar, en, es, fr, ru or zh): their mails are in it, then
    /// English. English when left out.
    #[serde(default)]
    #[schema(example = "fr", pattern = "^(ar|en|es|fr|ru|zh)?$")]
    language: String,
}

/// Whether a new link gives a revoked reviewer their sign-in back.
#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewLinkBody {
    #[serde(default)]
    reinstate: bool,
}

/// A reviewer and the sign-in link just e-mailed to them.
#[derive(Serialize, ToSchema)]
pub(crate) struct ReviewerLinkView {
    #[schema(format = "uuid")]
    id: String,
    name: String,
    email: String,
    /// The review page with the reviewer's token in its fragment.
    link: String,
}

impl ReviewerLinkView {
    fn new(reviewer: &Reviewer, link: &SignInLink) -> ReviewerLinkView {
        ReviewerLinkView {
            id: reviewer.id.to_string(),
            name: reviewer.name.clone(),
            email: reviewer.email.as_str().to_string(),
            link: link.link.clone(),
        }
    }
}

/// A reviewer whose link was stopped.
#[derive(Serialize, ToSchema)]
pub(crate) struct RevokedView {
    #[schema(format = "uuid")]
    id: String,
    revoked: bool,
}

/// The reviewer of the path; a malformed id is the same 404 as an unknown one.
pub(crate) struct ReviewerPath(ReviewerId);

impl FromRequestParts<Admin> for ReviewerPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, admin: &Admin) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, admin)
            .await
            .map_err(|_| ApiError::from(ReviewError::UnknownReviewer))?;
        ReviewerId::parse(&raw)
            .map(ReviewerPath)
            .ok_or_else(|| ReviewError::UnknownReviewer.into())
    }
}

/// Registers a reviewer and e-mails their sign-in link.
#[utoipa::path(post, path = "/admin/reviewers", tag = TAG, security(("organizer_token" = [])),
    request_body = NewReviewerBody,
    responses(
        (status = 201, description = "The reviewer and their link (also e-mailed)", body = ReviewerLinkView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 409, description = "Someone with this e-mail is registered already", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "A value is refused; the error names the field", body = ErrorEnvelope),
    ))]
pub(crate) async fn add_reviewer(
    State(service): State<ReviewServices>,
    Organizer(organizer): Organizer,
    JsonBody(body): JsonBody<NewReviewerBody>,
) -> Result<Response, ApiError> {
    let new = NewReviewer {
        language: body.language,
        name: body.name,
        email: body.email,
        country: body.country,
        organization: body.organization,
        excluded_organizations: body.excluded_organizations,
        areas: body.areas,
    };
    let (reviewer, link) = service
        .registry
        .register_reviewer(new, organizer.audit_name())
        .await?;
    tracing::info!(organizer = %organizer.id, reviewer = %reviewer.id, "reviewer added by an organizer");
    let view = ReviewerLinkView::new(&reviewer, &link);
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Stops the reviewer's link at once; their assignments stay.
#[utoipa::path(post, path = "/admin/reviewers/{id}/revoke", tag = TAG,
    params(("id" = String, Path, description = "The reviewer's id")),
    security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The link no longer works", body = RevokedView),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such reviewer", body = ErrorEnvelope),
    ))]
pub(crate) async fn revoke_reviewer(
    State(service): State<ReviewServices>,
    Organizer(organizer): Organizer,
    ReviewerPath(id): ReviewerPath,
) -> Result<Response, ApiError> {
    let reviewer = service
        .registry
        .revoke_reviewer(id, organizer.audit_name())
        .await?;
    tracing::info!(organizer = %organizer.id, reviewer = %reviewer.id, "reviewer revoked by an organizer");
    let view = RevokedView {
        id: reviewer.id.to_string(),
        revoked: reviewer.revoked,
    };
    Ok(Json(view).into_response())
}

/// A new link for the reviewer, e-mailed to them; the old one stops working. A revoked
/// reviewer gets one only with `reinstate`.
#[utoipa::path(post, path = "/admin/reviewers/{id}/link", tag = TAG,
    params(("id" = String, Path, description = "The reviewer's id")),
    security(("organizer_token" = [])), request_body = Option<NewLinkBody>,
    responses(
        (status = 200, description = "The reviewer and their new link (also e-mailed)", body = ReviewerLinkView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such reviewer", body = ErrorEnvelope),
        (status = 409, description = "The reviewer is revoked: send reinstate to give them a link", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
    ))]
pub(crate) async fn new_reviewer_link(
    State(service): State<ReviewServices>,
    Organizer(organizer): Organizer,
    ReviewerPath(id): ReviewerPath,
    JsonBody(body): JsonBody<NewLinkBody>,
) -> Result<Response, ApiError> {
    let (reviewer, link) = service
        .registry
        .new_link(id, body.reinstate, organizer.audit_name())
        .await?;
    tracing::info!(organizer = %organizer.id, reviewer = %reviewer.id, "reviewer link sent by an organizer");
    Ok(Json(ReviewerLinkView::new(&reviewer, &link)).into_response())
}
