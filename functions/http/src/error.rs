//! The one mapping from domain errors to HTTP: `{"error": {"code", "message", "field"?}}`.
//!
//! Handlers return domain errors with `?`: an [`ApiError`] made from one is rendered by
//! [`in_the_callers_language`], which knows the campaign and took the caller's language
//! once for the whole request.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use casebook_core::decision::DecisionError;
use casebook_core::rules::ProblemView;
use casebook_core::service::AskError;
use casebook_core::{
    ApplicationError, AttachmentError, Campaign, Lang, QuestionError, ReviewError, StoreError,
};
use serde::Serialize;

use casebook_core::lang::{Msg, t, text};

use crate::extract::lang_of;

mod questions;

/// What went wrong: a stable `code`, a message for people in the caller's language, and
/// the `field` (or header) at fault when there is one.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// Every blocking problem, when a submission is refused for being incomplete.
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<Vec<ProblemView>>,
}

/// Every error answer: `{"error": {"code", "message", "field"?, "problems"?}}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    error: ErrorBody,
}

/// An error answer: ready to send, or a domain error waiting for the request's language.
#[derive(Debug)]
pub struct ApiError(Repr);

#[derive(Debug)]
enum Repr {
    Ready {
        status: StatusCode,
        body: ErrorBody,
    },
    /// A message of the resource files, said in the request's language.
    Said {
        status: StatusCode,
        code: &'static str,
        message: Msg,
        field: Option<String>,
    },
    Application(ApplicationError),
    Attachment(AttachmentError),
    Review(ReviewError),
    Question(QuestionError),
    Ask(AskError),
}

impl From<QuestionError> for ApiError {
    fn from(e: QuestionError) -> Self {
        ApiError(Repr::Question(e))
    }
}

impl From<AskError> for ApiError {
    fn from(e: AskError) -> Self {
        match e {
            AskError::Application(e) => e.into(),
            other => ApiError(Repr::Ask(other)),
        }
    }
}

impl From<ReviewError> for ApiError {
    fn from(e: ReviewError) -> Self {
        ApiError(Repr::Review(e))
    }
}

impl From<DecisionError> for ApiError {
    fn from(e: DecisionError) -> Self {
        ApiError(Repr::Review(e.into()))
    }
}

impl From<ApplicationError> for ApiError {
    fn from(e: ApplicationError) -> Self {
        ApiError(Repr::Application(e))
    }
}

impl From<AttachmentError> for ApiError {
    fn from(e: AttachmentError) -> Self {
        ApiError(Repr::Attachment(e))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError(Repr::Application(ApplicationError::Store(e)))
    }
}

impl ApiError {
    /// An error whose message is already in the caller's language.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError(Repr::Ready {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                field: None,
                problems: None,
            },
        })
    }

    /// An error whose message (one with no variables) is said in the request's language.
    pub fn said(status: StatusCode, code: &'static str, message: Msg) -> ApiError {
        ApiError(Repr::Said {
            status,
            code,
            message,
            field: None,
        })
    }

    pub fn with_field(mut self, field: impl Into<String>) -> ApiError {
        match &mut self.0 {
            Repr::Ready { body, .. } => body.field = Some(field.into()),
            Repr::Said { field: f, .. } => *f = Some(field.into()),
            _ => {}
        }
        self
    }

    /// The error in `lang`, every message settled.
    pub fn render(self, campaign: &Campaign, lang: Lang) -> ApiError {
        match self.0 {
            Repr::Ready { .. } => self,
            Repr::Said {
                status,
                code,
                message,
                field,
            } => {
                let error = ApiError::new(status, code, text(lang, message));
                match field {
                    Some(field) => error.with_field(field),
                    None => error,
                }
            }
            Repr::Application(e) => application_error(e, campaign, lang),
            Repr::Attachment(e) => attachment_error(e, campaign, lang),
            Repr::Review(e) => review_error(e, lang),
            Repr::Question(e) => questions::question_error(e, campaign, lang),
            Repr::Ask(e) => questions::ask_error(e, campaign, lang),
        }
    }

    fn set_problems(&mut self, problems: Vec<ProblemView>) {
        if let Repr::Ready { body, .. } = &mut self.0 {
            body.problems = Some(problems);
        }
    }
}

/// A response whose error waits for [`in_the_callers_language`] to be written.
#[derive(Clone)]
struct Unrendered(Arc<Mutex<Option<ApiError>>>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self.0 {
            Repr::Ready { status, body } => (status, body),
            waiting => {
                // Rendered by the layer; a router without it answers an opaque 500.
                let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                let cell = Arc::new(Mutex::new(Some(ApiError(waiting))));
                response.extensions_mut().insert(Unrendered(cell));
                return response;
            }
        };
        if status.is_client_error() {
            // What applicants and others are refused, by code (a fixed word of casebook).
            casebook_core::metric::count("Refusals", Some(body.code));
        }
        let mut response = (status, Json(ErrorEnvelope { error: body })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// The layer every HTTP router wears: takes the caller's language once (from
/// `Accept-Language`, for every extractor and handler of the request) and writes the
/// errors handlers returned in it.
pub async fn in_the_callers_language(
    State(campaign): State<Arc<Campaign>>,
    mut request: Request,
    next: Next,
) -> Response {
    let lang = lang_of(request.headers());
    request.extensions_mut().insert(lang);
    let mut response = next.run(request).await;
    let waiting = response
        .extensions_mut()
        .remove::<Unrendered>()
        .and_then(|Unrendered(cell)| cell.lock().ok()?.take());
    match waiting {
        Some(error) => error.render(&campaign, lang).into_response(),
        None => response,
    }
}

/// An applicant's error as HTTP, in the caller's language. Failures of the store are
/// logged in full and answered with an opaque 500.
fn application_error(err: ApplicationError, campaign: &Campaign, lang: Lang) -> ApiError {
    use ApplicationError as E;
    match err {
        E::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", t!(lang, API_NOT_FOUND)),
        E::VersionMismatch { expected } => ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "version_mismatch",
            t!(lang, API_VERSION_MISMATCH, version = expected),
        ),
        E::NotEditable { status } => ApiError::new(
            StatusCode::CONFLICT,
            "not_editable",
            t!(lang, API_NOT_EDITABLE, status = status.words(lang)),
        ),
        E::NotReady(problems) => {
            let first = problems.first().map(|p| p.view(campaign, lang));
            let count = problems.len();
            let message = match &first {
                Some(p) if count == 1 => t!(lang, API_INCOMPLETE_ONE, problem = p.message.as_str()),
                Some(p) => t!(
                    lang,
                    API_INCOMPLETE_MANY,
                    count = count,
                    problem = p.message.as_str()
                ),
                None => t!(lang, API_INCOMPLETE),
            };
            let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "incomplete", message);
            if let Some(p) = first {
                e = e.with_field(p.field);
            }
            e.set_problems(problems.iter().map(|p| p.view(campaign, lang)).collect());
            e
        }
        E::DeadlinePassed => ApiError::new(
            StatusCode::CONFLICT,
            "deadline_passed",
            casebook_core::Problem::new(
                casebook_core::FieldPath::Deadline,
                casebook_core::ProblemKind::DeadlinePassed,
            )
            .message(campaign, lang),
        ),
        E::Withdrawn => ApiError::new(StatusCode::CONFLICT, "withdrawn", t!(lang, API_WITHDRAWN)),
        E::NotWithdrawable { status } => ApiError::new(
            StatusCode::CONFLICT,
            "not_withdrawable",
            t!(lang, API_NOT_WITHDRAWABLE, status = status.words(lang)),
        ),
        E::Invalid(problem) => {
            let view = problem.view(campaign, lang);
            ApiError::new(StatusCode::BAD_REQUEST, view.code, view.message).with_field(view.field)
        }
        E::LinkCodeInvalid => ApiError::new(
            StatusCode::NOT_FOUND,
            "link_code_invalid",
            t!(
                lang,
                API_LINK_CODE_INVALID,
                minutes = casebook_core::LINK_MINUTES
            ),
        )
        .with_field("code"),
        E::Busy => ApiError::new(StatusCode::CONFLICT, "busy", t!(lang, API_BUSY)),
        E::TooManyMails => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_mails",
            t!(lang, API_TOO_MANY_MAILS),
        ),
        E::MailUnavailable => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "mail_unavailable",
            t!(lang, API_MAIL_UNAVAILABLE),
        ),
        E::Store(e) => internal(&e, lang),
        E::Random(e) => internal(&e, lang),
    }
}

fn internal(e: &dyn std::error::Error, lang: Lang) -> ApiError {
    tracing::error!(error = %e, "request failed");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        t!(lang, API_INTERNAL),
    )
}

/// An attachment error as HTTP, in the caller's language.
fn attachment_error(err: AttachmentError, campaign: &Campaign, lang: Lang) -> ApiError {
    use AttachmentError as E;
    let limit = |e: &AttachmentError| e.limit_message(campaign, lang).unwrap_or_default();
    match err {
        E::Application(e) => application_error(e, campaign, lang),
        E::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            t!(lang, API_ATTACHMENT_NOT_FOUND),
        ),
        E::TypeNotAllowed { .. } => {
            ApiError::new(StatusCode::BAD_REQUEST, "type_not_allowed", limit(&err))
                .with_field("content_type")
        }
        E::NameTooLong { .. } => {
            ApiError::new(StatusCode::BAD_REQUEST, "too_long", limit(&err)).with_field("filename")
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
            application_error(ApplicationError::NotEditable { status }, campaign, lang)
        }
        E::NotUploaded => ApiError::new(
            StatusCode::CONFLICT,
            "not_uploaded",
            t!(lang, API_NOT_UPLOADED),
        ),
        E::NotVerified { status } => ApiError::new(
            StatusCode::CONFLICT,
            "not_verified",
            t!(lang, API_NOT_VERIFIED, status = status.as_str()),
        ),
        E::Expired => ApiError::new(
            StatusCode::FORBIDDEN,
            "grant_expired",
            t!(lang, API_GRANT_EXPIRED),
        ),
        E::AlreadyUploaded => {
            ApiError::new(StatusCode::CONFLICT, "grant_used", t!(lang, API_GRANT_USED))
        }
        E::Blob(e) => internal(&e, lang),
    }
}

/// A reviewer's or organizer's error as HTTP, in the caller's language. Everything a
/// token can be wrong about is one 401, so nothing tells a stranger why.
fn review_error(err: ReviewError, lang: Lang) -> ApiError {
    use ReviewError as E;
    match err {
        E::Unauthorized(why) => {
            tracing::info!(why, "a reviewer or organizer token was refused");
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                t!(lang, API_UNAUTHORIZED),
            )
            .with_field("Authorization")
        }
        E::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            t!(lang, API_CASE_NOT_FOUND),
        ),
        E::UnknownReviewer => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            t!(lang, ADMIN_UNKNOWN_REVIEWER),
        ),
        E::UnknownRound(n) => ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_round",
            t!(lang, ADMIN_UNKNOWN_ROUND, round = n),
        )
        .with_field("round"),
        E::Invalid(invalid) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            invalid.code(),
            invalid.message(lang),
        )
        .with_field(invalid.field),
        E::VersionRequired => ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "missing_if_match",
            t!(lang, API_VERSION_REQUIRED),
        )
        .with_field("If-Match"),
        E::VersionMismatch { current } => ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "version_mismatch",
            t!(lang, API_REVIEW_CHANGED, version = current),
        ),
        E::RoundClosed { round } => ApiError::new(
            StatusCode::CONFLICT,
            "round_closed",
            t!(lang, API_ROUND_CLOSED, round = round),
        ),
        E::RoundOpen { round } => ApiError::new(
            StatusCode::CONFLICT,
            "round_open",
            t!(lang, ADMIN_ROUND_OPEN, round = round),
        ),
        E::ConflictDeclared => ApiError::new(
            StatusCode::CONFLICT,
            "conflict_declared",
            t!(lang, API_CONFLICT_DECLARED),
        ),
        E::AlreadySubmitted => ApiError::new(
            StatusCode::CONFLICT,
            "already_submitted",
            t!(lang, API_ALREADY_SUBMITTED),
        ),
        E::EmailTaken => ApiError::new(
            StatusCode::CONFLICT,
            "email_taken",
            t!(lang, ADMIN_EMAIL_TAKEN),
        )
        .with_field("email"),
        E::UnknownOrganizer => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            t!(lang, ADMIN_UNKNOWN_ORGANIZER),
        ),
        // The registry's changes name who makes them; over HTTP that is the token's
        // organizer, so these come from the terminal only. Mapped for completeness.
        E::NotAnOrganizer | E::ActorRequired => ApiError::new(
            StatusCode::FORBIDDEN,
            "not_an_organizer",
            t!(lang, ADMIN_NOT_AN_ORGANIZER),
        ),
        E::StillRevoked => ApiError::new(
            StatusCode::CONFLICT,
            "revoked",
            t!(lang, ADMIN_SIGN_IN_REVOKED),
        ),
        E::LastOrganizer => ApiError::new(
            StatusCode::CONFLICT,
            "last_organizer",
            t!(lang, ADMIN_LAST_ORGANIZER),
        ),
        E::EarlierRoundUndecided { round } => ApiError::new(
            StatusCode::CONFLICT,
            "earlier_round_undecided",
            t!(lang, ADMIN_EARLIER_ROUND_UNDECIDED, round = round),
        ),
        E::AssignmentRunning => ApiError::new(
            StatusCode::CONFLICT,
            "busy",
            t!(lang, ADMIN_ASSIGNMENT_RUNNING),
        ),
        E::Store(e) => internal(&e, lang),
        E::Random(e) => internal(&e, lang),
        // A missing setting or the secret store down: the operator's to fix, logged.
        E::Key(e) => internal(&e, lang),
    }
}
