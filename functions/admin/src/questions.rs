//! The inbox of the questions the bot could not answer, as `casebook admin questions`
//! shows it: oldest first, each with where an answer can go; marked answered once, with
//! the answer written in the chat where the channel allows it.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use casebook_core::QuestionService;
use casebook_core::questions::InboxQuestion;
use casebook_http::extract::JsonBody;
use casebook_http::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Organizer, R401, TAG};

/// The inbox.
#[derive(Serialize, ToSchema)]
pub(crate) struct InboxView {
    /// Oldest first; answered ones too (with their answer).
    questions: Vec<QuestionView>,
}

/// A question the bot could not answer.
#[derive(Serialize, ToSchema)]
pub(crate) struct QuestionView {
    id: String,
    /// Where it was asked: `telegram`, `wechat`, `terminal`.
    channel: String,
    /// The language the bot spoke there: `ar`, `en`, `es`, `fr`, `ru` or `zh`.
    lang: String,
    text: String,
    asked_at: String,
    /// Whether an answer can be written in that chat from here.
    can_reply: bool,
    /// The contact addresses of applications started in that chat: where to write
    /// otherwise.
    contacts: Vec<String>,
    answered: Option<AnsweredView>,
}

/// How an organizer dealt with a question.
#[derive(Serialize, ToSchema)]
pub(crate) struct AnsweredView {
    at: String,
    by: String,
    /// The answer written in the chat, if one was.
    reply: Option<String>,
}

impl QuestionView {
    fn new(q: InboxQuestion) -> QuestionView {
        let InboxQuestion {
            question,
            can_reply,
            contacts,
        } = q;
        QuestionView {
            id: question.id,
            channel: question.channel,
            lang: question.lang.code().to_string(),
            text: question.text,
            asked_at: question.asked_at.to_string(),
            can_reply,
            contacts,
            answered: question.answered.map(|a| AnsweredView {
                at: a.at.to_string(),
                by: a.by,
                reply: a.reply,
            }),
        }
    }
}

/// The questions the bot could not answer, oldest first, with where an answer can go.
#[utoipa::path(get, path = "/admin/questions", tag = TAG, security(("organizer_token" = [])),
    responses(
        (status = 200, description = "The inbox", body = InboxView),
        (status = 401, description = R401, body = ErrorEnvelope),
    ))]
pub(crate) async fn list_questions(
    State(service): State<QuestionService>,
    Organizer(_): Organizer,
) -> Result<Response, ApiError> {
    let questions = service.inbox().await?;
    Ok(Json(InboxView {
        questions: questions.into_iter().map(QuestionView::new).collect(),
    })
    .into_response())
}

/// How a question was dealt with.
#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerBody {
    /// The answer to write in the chat where the question was asked (where `can_reply`);
    /// left out, the question is only marked answered (written to by e-mail, say).
    #[schema(max_length = 3500)]
    reply: Option<String>,
}

/// Marks a question answered, once; with `reply`, writes the answer in its chat first.
#[utoipa::path(post, path = "/admin/questions/{id}/answered", tag = TAG,
    params(("id" = String, Path, description = "The question's id")),
    security(("organizer_token" = [])), request_body = Option<AnswerBody>,
    responses(
        (status = 200, description = "Answered", body = QuestionView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = R401, body = ErrorEnvelope),
        (status = 404, description = "No such question", body = ErrorEnvelope),
        (status = 409, description = "Already answered (by whom), or the chat cannot be written to from here", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "The reply is empty or too long", body = ErrorEnvelope),
    ))]
pub(crate) async fn answer_question(
    State(service): State<QuestionService>,
    Organizer(organizer): Organizer,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AnswerBody>,
) -> Result<Response, ApiError> {
    // Ids are UUIDs: a longer one is no question's, and is not looked for.
    if id.len() > 64 {
        return Err(casebook_core::QuestionError::NotFound.into());
    }
    let question = service
        .answer(&id, organizer.audit_name(), body.reply.as_deref())
        .await?;
    tracing::info!(organizer = %organizer.id, question = %question.id, "question answered by an organizer");
    let view = QuestionView::new(InboxQuestion {
        can_reply: false,
        contacts: Vec::new(),
        question,
    });
    Ok(Json(view).into_response())
}
