//! The reviewer endpoints of DESIGN.md and the mobile review page, as one axum Router
//! served on Lambda by `main.rs` and locally by `casebook serve`. Every route but the
//! page needs the bearer token of the reviewer's sign-in link; a reviewer sees only the
//! cases assigned to them (any other id is 404, like an unknown one).
//!
//! - `GET /reviewer/assignments`: the reviewer and their cases with status and due date.
//! - `GET /reviewer/applications/{id}`: the case without its contact person, verified
//!   files with short-lived links, the criteria, and `my_review`.
//! - `PUT /reviewer/applications/{id}/review`: saves a draft or submits (`If-Match` to
//!   change an existing review; the answer's `ETag` is its version).
//! - `POST /reviewer/applications/{id}/conflict`: declines the case, with a reason.
//! - `GET /review`: the page (the token stays in the link's fragment).

mod page;
mod view;

use std::collections::BTreeMap;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use casebook_core::review::{ReviewInput, ReviewService};
use casebook_core::{ApplicationId, ReviewError, Reviewer};
use casebook_http::extract::{AccessToken, JsonBody, OptionalIfMatch, RequestLang};
use casebook_http::{ApiError, method_not_allowed, with_etag};
use serde::Deserialize;

pub use page::{PAGE_HTML, review_page};

/// The reviewer API and the page over the given service.
pub fn router(service: ReviewService) -> Router {
    Router::new()
        .route("/review", get(review_page))
        .route("/reviewer/assignments", get(list_assignments))
        .route("/reviewer/applications/{id}", get(read_case))
        .route("/reviewer/applications/{id}/review", put(save_review))
        .route(
            "/reviewer/applications/{id}/conflict",
            post(declare_conflict),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(service)
}

/// The Router alone, as its Lambda serves it: with JSON answers for unknown paths.
pub fn standalone(service: ReviewService) -> Router {
    let campaign = service.shared_campaign();
    casebook_http::standalone(router(service), campaign)
}

/// The case id of the path; a malformed one is the same 404 as a case not assigned.
struct CasePath(ApplicationId);

impl FromRequestParts<ReviewService> for CasePath {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &ReviewService,
    ) -> Result<Self, Self::Rejection> {
        let id = Path::<String>::from_request_parts(parts, service)
            .await
            .ok()
            .and_then(|Path(raw)| ApplicationId::parse(&raw));
        id.map(CasePath).ok_or_else(|| ReviewError::NotFound.into())
    }
}

/// The reviewer a request's bearer token signs in: signature, expiry, and the link's
/// generation against the record.
struct SignedIn(Reviewer);

impl FromRequestParts<ReviewService> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &ReviewService,
    ) -> Result<Self, Self::Rejection> {
        let AccessToken(token) = AccessToken::from_request_parts(parts, service).await?;
        Ok(SignedIn(service.authenticate_reviewer(&token).await?))
    }
}

async fn list_assignments(
    State(service): State<ReviewService>,
    SignedIn(reviewer): SignedIn,
) -> Result<Response, ApiError> {
    let cases = service.assignments_of(&reviewer).await?;
    Ok(Json(view::AssignmentsView::new(&reviewer, &cases)).into_response())
}

async fn read_case(
    State(service): State<ReviewService>,
    RequestLang(lang): RequestLang,
    SignedIn(reviewer): SignedIn,
    CasePath(id): CasePath,
) -> Result<Response, ApiError> {
    let case = service.case_for(&reviewer, id).await?;
    let view = view::CaseView::new(&case, service.campaign(), lang);
    Ok(Json(view).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ReviewState {
    Draft,
    Submitted,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewBody {
    round: u8,
    #[serde(default)]
    scores: BTreeMap<String, i64>,
    #[serde(default)]
    comment: String,
    status: ReviewState,
}

async fn save_review(
    State(service): State<ReviewService>,
    SignedIn(reviewer): SignedIn,
    CasePath(id): CasePath,
    OptionalIfMatch(expected): OptionalIfMatch,
    JsonBody(body): JsonBody<ReviewBody>,
) -> Result<Response, ApiError> {
    let input = ReviewInput {
        round: body.round,
        scores: body.scores,
        comment: body.comment,
        submit: matches!(body.status, ReviewState::Submitted),
    };
    let review = service.save_review(&reviewer, id, input, expected).await?;
    let version = review.version;
    Ok(with_etag(
        Json(view::ReviewView::new(&review)).into_response(),
        version,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConflictBody {
    reason: String,
}

async fn declare_conflict(
    State(service): State<ReviewService>,
    RequestLang(lang): RequestLang,
    SignedIn(reviewer): SignedIn,
    CasePath(id): CasePath,
    JsonBody(body): JsonBody<ConflictBody>,
) -> Result<Response, ApiError> {
    let assignment = service
        .declare_conflict(&reviewer, id, &body.reason)
        .await?;
    Ok(Json(serde_json::json!({
        "application_id": assignment.application.to_string(),
        "round": assignment.round,
        "status": "conflict",
        "message": lang.pick(
            "Thank you. The case will go to another reviewer.",
            "谢谢。该案例将交由其他评审专家评审。",
        ),
    }))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_small_and_self_contained() {
        assert!(PAGE_HTML.len() < 50 * 1024, "{} bytes", PAGE_HTML.len());
        for external in ["http://", "https://", "//cdn", "src=\"http"] {
            assert!(!PAGE_HTML.contains(external), "{external}");
        }
    }
}
