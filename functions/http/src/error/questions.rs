//! The words for the questions' inbox's errors.

use axum::http::StatusCode;
use casebook_core::lang::t;
use casebook_core::service::AskError;
use casebook_core::{ApplicationError, Campaign, Lang, QuestionError};

use super::{ApiError, application_error};

pub(super) fn question_error(err: QuestionError, campaign: &Campaign, lang: Lang) -> ApiError {
    use QuestionError as E;
    match err {
        E::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            t!(lang, ADMIN_QUESTION_NOT_FOUND),
        ),
        E::AlreadyAnswered { by, at } => ApiError::new(
            StatusCode::CONFLICT,
            "already_answered",
            t!(lang, ADMIN_QUESTION_ANSWERED, by = by, at = at.to_string()),
        ),
        E::CannotReply { channel } => ApiError::new(
            StatusCode::CONFLICT,
            "cannot_reply",
            t!(lang, ADMIN_CANNOT_REPLY, channel = channel.to_string()),
        )
        .with_field("reply"),
        E::EmptyReply => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
            t!(lang, ADMIN_REPLY_EMPTY),
        )
        .with_field("reply"),
        E::ReplyTooLong { chars, max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_long",
            t!(lang, ADMIN_REPLY_TOO_LONG, chars = chars, max = max),
        )
        .with_field("reply"),
        E::ReplyFailed(why) => {
            tracing::warn!(error = %why, "an answer was not taken by its chat");
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "reply_failed",
                t!(lang, ADMIN_REPLY_FAILED),
            )
        }
        E::Store(e) => application_error(ApplicationError::Store(e), campaign, lang),
    }
}

/// A question asked on the applicant page that cannot be taken.
pub(super) fn ask_error(err: AskError, campaign: &Campaign, lang: Lang) -> ApiError {
    match err {
        AskError::Empty => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
            t!(lang, API_QUESTION_EMPTY),
        )
        .with_field("question"),
        AskError::TooLong { chars, max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_long",
            t!(lang, API_QUESTION_TOO_LONG, chars = chars, max = max),
        )
        .with_field("question"),
        AskError::Application(e) => application_error(e, campaign, lang),
    }
}
