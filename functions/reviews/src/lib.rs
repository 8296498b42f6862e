//! The reviewer endpoints of DESIGN.md and the mobile review page, as one axum Router
//! served on Lambda by `main.rs` and locally by `casebook serve`. Every route but the
//! page needs the bearer token of the reviewer's sign-in link; a reviewer sees only the
//! cases assigned to them (any other id is 404, like an unknown one).
//!
//! - `GET /reviewer/assignments`: the reviewer and their cases with status and due date.
//! - `GET /reviewer/applications/{id}?round=N`: the case in round N (without one, the
//!   latest round that gave it to the reviewer), without its contact person, verified
//!   files with short-lived links, the criteria, `my_review`, and when the round closed.
//! - `PUT /reviewer/applications/{id}/review`: saves a draft or submits (`If-Match` to
//!   change an existing review; the answer's `ETag` is its version).
//! - `POST /reviewer/applications/{id}/conflict`: declines the case in a round, with a
//!   reason.
//! - `GET /review`: the page (the token stays in the link's fragment).

mod page;
mod view;

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use casebook_core::review::{InvalidKind, InvalidReview, ReviewInput, ReviewServices};
use casebook_core::{ApplicationId, ReviewError, Reviewer};
use casebook_http::extract::{AccessToken, JsonBody, OptionalIfMatch, RequestLang};
use casebook_http::{ApiError, ErrorEnvelope, with_etag};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use page::{PAGE_HTML, review_page};

const TAG: &str = "reviewers";

casebook_http::operations!(ReviewServices;
    list_assignments, read_case, save_review, declare_conflict;
    page::{review_page});

casebook_http::function_routes!(ReviewServices, |service| service.shared_campaign());

/// The case id of the path; a malformed one is the same 404 as a case not assigned.
struct CasePath(ApplicationId);

impl FromRequestParts<ReviewServices> for CasePath {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &ReviewServices,
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

impl FromRequestParts<ReviewServices> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &ReviewServices,
    ) -> Result<Self, Self::Rejection> {
        let AccessToken(token) = AccessToken::from_request_parts(parts, service).await?;
        Ok(SignedIn(
            service.sign_in.authenticate_reviewer(&token).await?,
        ))
    }
}

/// The signed-in reviewer and their cases, with status and due date.
#[utoipa::path(get, path = "/reviewer/assignments", tag = TAG, security(("reviewer_token" = [])),
    responses(
        (status = 200, description = "The reviewer's cases", body = view::AssignmentsView),
        (status = 401, description = "No sign-in token, or one that is expired, revoked or replaced", body = ErrorEnvelope),
    ))]
async fn list_assignments(
    State(service): State<ReviewServices>,
    SignedIn(reviewer): SignedIn,
) -> Result<Response, ApiError> {
    let cases = service.reviewing.assignments_of(&reviewer).await?;
    Ok(Json(view::AssignmentsView::new(&reviewer, &cases)).into_response())
}

/// Which round a case is read in.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct RoundQuery {
    /// The round the case is read in (1, 2, …): a case given to the reviewer in two
    /// rounds has a review in each. Without it, the latest round that gave it to them.
    #[param(value_type = Option<u8>, minimum = 1, maximum = 255, example = 1)]
    round: Option<String>,
}

/// `round` of the query: a round number, or a 422 naming it.
fn round_of(
    query: Result<Query<RoundQuery>, QueryRejection>,
    rounds: usize,
) -> Result<Option<u8>, ApiError> {
    let raw = query.map(|Query(q)| q).unwrap_or_default().round;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => match text.parse::<u8>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(ReviewError::Invalid(InvalidReview::new(
                "round",
                InvalidKind::PerCase { max: rounds },
            ))
            .into()),
        },
    }
}

/// A case as its reviewer reads it in a round (no contact person), with its verified
/// files' short-lived links, the criteria, the reviewer's own review of that round, and
/// when the round closed (its review is read-only then).
#[utoipa::path(get, path = "/reviewer/applications/{id}", tag = TAG, params(("id" = String, Path, description = "The case's (application's) id"), RoundQuery),
    security(("reviewer_token" = [])),
    responses(
        (status = 200, description = "The case", body = view::CaseView),
        (status = 401, description = "No sign-in token, or one that is expired, revoked or replaced", body = ErrorEnvelope),
        (status = 404, description = "No case with this id among the reviewer's (in that round)", body = ErrorEnvelope),
        (status = 422, description = "round is not a round number", body = ErrorEnvelope),
    ))]
async fn read_case(
    State(service): State<ReviewServices>,
    RequestLang(lang): RequestLang,
    SignedIn(reviewer): SignedIn,
    CasePath(id): CasePath,
    query: Result<Query<RoundQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let round = round_of(query, service.campaign().review_rounds().len())?;
    let case = service.reviewing.case_for(&reviewer, id, round).await?;
    let view = view::CaseView::new(&case, service.campaign(), lang);
    Ok(Json(view).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum ReviewState {
    Draft,
    Submitted,
}

/// A review: a draft to come back to, or submitted (final).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReviewBody {
    /// The round the case was assigned in.
    #[schema(minimum = 1, maximum = 255, example = 1)]
    #[serde(deserialize_with = "casebook_core::number::whole_number")]
    round: u8,
    /// A score per criterion of the campaign (2024: `conceptual_fit`,
    /// `international_cooperation`, `benefits_to_mankind`, each 1 to 10); all of them to
    /// submit.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, i64>, example = json!({"conceptual_fit": 8, "international_cooperation": 7, "benefits_to_mankind": 9}))]
    scores: BTreeMap<String, serde_json::Number>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    comment: String,
    status: ReviewState,
}

/// Saves the reviewer's review of a case. The first save needs no If-Match; every later
/// one sends the version it changes, so two devices never overwrite each other.
#[utoipa::path(put, path = "/reviewer/applications/{id}/review", tag = TAG,
    params(("id" = String, Path, description = "The case's (application's) id"), ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(W/)?"?[0-9]{1,18}"?$"#, description = "The version of the review being changed (its ETag)")),
    security(("reviewer_token" = [])), request_body = ReviewBody,
    responses(
        (status = 200, description = "The review as saved", body = view::ReviewView, headers(("ETag" = String))),
        (status = 400, description = "The body is malformed, or If-Match is not a version", body = ErrorEnvelope),
        (status = 401, description = "No sign-in token, or one that is expired, revoked or replaced", body = ErrorEnvelope),
        (status = 404, description = "No case with this id among the reviewer's", body = ErrorEnvelope),
        (status = 409, description = "The round is closed, the review is submitted already, or a conflict was declared", body = ErrorEnvelope),
        (status = 412, description = "The review changed since that version", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "A score, the round or the comment breaks the rules (named in `field`)", body = ErrorEnvelope),
        (status = 428, description = "The review exists: If-Match is needed", body = ErrorEnvelope),
    ))]
async fn save_review(
    State(service): State<ReviewServices>,
    SignedIn(reviewer): SignedIn,
    CasePath(id): CasePath,
    OptionalIfMatch(expected): OptionalIfMatch,
    JsonBody(body): JsonBody<ReviewBody>,
) -> Result<Response, ApiError> {
    let mut scores = BTreeMap::new();
    for (key, number) in &body.scores {
        let score = whole(number).ok_or_else(|| not_a_score(service.campaign(), key))?;
        scores.insert(key.clone(), score);
    }
    let input = ReviewInput {
        round: body.round,
        scores,
        comment: body.comment,
        submit: matches!(body.status, ReviewState::Submitted),
    };
    let review = service
        .reviewing
        .save_review(&reviewer, id, input, expected)
        .await?;
    let version = review.version;
    Ok(with_etag(
        Json(view::ReviewView::new(&review)).into_response(),
        version,
    ))
}

/// A score as a whole number: `8` and `8.0` are one number in JSON; `8.5`, or one past
/// i64, is none.
fn whole(n: &serde_json::Number) -> Option<i64> {
    casebook_core::number::whole_number::<_, i64>(n.clone()).ok()
}

/// The refusal of a score that is not a whole number, where the request is read: out of
/// the criterion's scale, or no criterion of this call.
fn not_a_score(campaign: &casebook_core::Campaign, key: &str) -> ApiError {
    let kind = match campaign.criteria().iter().find(|c| c.id == key) {
        Some(c) => InvalidKind::OutOfScale {
            min: c.scale[0],
            max: c.scale[1],
        },
        None => InvalidKind::UnknownCriterion,
    };
    let field = format!("scores.{}", key.chars().take(40).collect::<String>());
    ReviewError::Invalid(InvalidReview::new(field, kind)).into()
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ConflictBody {
    /// The round the case is declined in; without it, the latest that gave it to the
    /// reviewer.
    #[serde(
        default,
        deserialize_with = "casebook_core::number::optional_whole_number"
    )]
    #[schema(minimum = 1, maximum = 255, example = 1)]
    round: Option<u8>,
    /// Why the reviewer should not review this case.
    #[schema(
        max_length = 1000,
        example = "I advised the lead organization on this project."
    )]
    reason: String,
}

/// A declared conflict: the case goes to another reviewer.
#[derive(Serialize, ToSchema)]
struct ConflictView {
    #[schema(format = "uuid")]
    application_id: String,
    round: u8,
    /// Always `conflict`.
    status: &'static str,
    message: String,
}

/// Declines a case for a conflict of interest, with the reason.
#[utoipa::path(post, path = "/reviewer/applications/{id}/conflict", tag = TAG, params(("id" = String, Path, description = "The case's (application's) id")),
    security(("reviewer_token" = [])), request_body = ConflictBody,
    responses(
        (status = 200, description = "Declined", body = ConflictView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = "No sign-in token, or one that is expired, revoked or replaced", body = ErrorEnvelope),
        (status = 404, description = "No case with this id among the reviewer's", body = ErrorEnvelope),
        (status = 409, description = "The review is submitted already, or the round is closed", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "The reason is missing or too long", body = ErrorEnvelope),
    ))]
async fn declare_conflict(
    State(service): State<ReviewServices>,
    RequestLang(lang): RequestLang,
    SignedIn(reviewer): SignedIn,
    CasePath(id): CasePath,
    JsonBody(body): JsonBody<ConflictBody>,
) -> Result<Response, ApiError> {
    let assignment = service
        .reviewing
        .declare_conflict(&reviewer, id, body.round, &body.reason)
        .await?;
    Ok(Json(ConflictView {
        application_id: assignment.application.to_string(),
        round: assignment.round,
        status: "conflict",
        message: casebook_core::lang::text(lang, casebook_core::lang::msg::API_CONFLICT_THANKS),
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by Schemathesis: `8.0` is the number 8 in JSON, and was refused as malformed.
    #[test]
    fn a_score_is_a_whole_number_however_it_is_written() {
        let n = |s: &str| whole(&serde_json::from_str(s).unwrap());
        assert_eq!((n("8"), n("8.0"), n("-3")), (Some(8), Some(8), Some(-3)));
        // Not whole, or too large to be one: no score at all.
        assert_eq!((n("8.5"), n("1e300")), (None, None));
    }

    #[test]
    fn a_score_that_is_no_whole_number_is_refused_naming_its_criterion_and_scale() {
        let campaign = casebook_core::Campaign::builtin();
        let known = not_a_score(&campaign, "conceptual_fit");
        let text = format!("{known:?}");
        assert!(
            text.contains("scores.conceptual_fit") && text.contains("OutOfScale"),
            "{text}"
        );
        let unknown = format!("{:?}", not_a_score(&campaign, &"x".repeat(100)));
        assert!(
            unknown.contains("UnknownCriterion") && !unknown.contains(&"x".repeat(41)),
            "{unknown}"
        );
    }
}
