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
            lang.pick("No question with this id.", "没有这个问题。"),
        ),
        E::AlreadyAnswered { by, at } => ApiError::new(
            StatusCode::CONFLICT,
            "already_answered",
            match lang {
                Lang::Zh => format!("{by} 已回复了这个问题（{at}），本次未发送任何内容。"),
                _ => format!("{by} already answered this question ({at}); nothing was sent."),
            },
        ),
        E::CannotReply { channel } => ApiError::new(
            StatusCode::CONFLICT,
            "cannot_reply",
            match lang {
                Lang::Zh => format!(
                    "无法从这里在 {channel} 对话中回复：请通过显示的联系方式回复，然后不填回复内容将问题标为已回复。"
                ),
                _ => format!(
                    "An answer cannot be written in a {channel} chat from here: write to the contact shown, then mark the question answered without a reply."
                ),
            },
        )
        .with_field("reply"),
        E::EmptyReply => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
            lang.pick(
                "The reply is empty: write the answer, or leave reply out to mark the question answered.",
                "回复内容为空：请填写回复，或不填 reply 以将问题标为已回复。",
            ),
        )
        .with_field("reply"),
        E::ReplyTooLong { chars, max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_long",
            match lang {
                Lang::Zh => format!("回复共 {chars} 个字符；一条聊天消息最多 {max} 个字符。"),
                _ => format!("The reply is {chars} characters; a chat message takes at most {max}."),
            },
        )
        .with_field("reply"),
        E::ReplyFailed(why) => {
            tracing::warn!(error = %why, "an answer was not taken by its chat");
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "reply_failed",
                lang.pick(
                    "The chat did not take the reply (the person may have blocked the bot). The question stays open: try again, or write to the contact shown.",
                    "对话未能收到回复（对方可能已屏蔽机器人）。问题仍为未回复：请重试，或通过显示的联系方式回复。",
                ),
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
