//! What the applicant page shows beside the form, from the campaign: the call's dates,
//! the areas with their descriptions and the seed's examples, the sections' limits, the
//! attachments' rules and the FAQ's questions; and the page's questions box.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use casebook_core::{ApplicationError, ApplicationId, ApplicationService, Credential, SectionKey};
use casebook_http::extract::{Bearer, JsonBody, RequestLang};
use casebook_http::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::TAG;

/// The call as the applicant page explains it, in the caller's language.
#[derive(Serialize, ToSchema)]
pub(crate) struct CallGuide<'a> {
    year: i16,
    title: &'a str,
    /// "20 June 2024", in the caller's language.
    deadline: String,
    /// When submissions stop being taken.
    #[schema(format = DateTime)]
    closes_at: String,
    open: bool,
    /// Whole days until the call closes, counted up (0 once closed).
    days_left: i64,
    areas: Vec<AreaGuide<'a>>,
    sections: Vec<SectionGuide<'a>>,
    attachments: AttachmentGuide<'a>,
    /// The questions the FAQ answers (ask them, or anything else, at `POST /ask`).
    faq: Vec<&'a str>,
    contact: ContactGuide<'a>,
}

#[derive(Serialize, ToSchema)]
struct AreaGuide<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    examples: Vec<ExampleGuide<'a>>,
}

#[derive(Serialize, ToSchema)]
struct ExampleGuide<'a> {
    name: &'a str,
    description: &'a str,
}

#[derive(Serialize, ToSchema)]
struct SectionGuide<'a> {
    /// `background`, `cooperation`, `modalities` or `benefits`.
    key: &'a str,
    title: &'a str,
    word_limit: usize,
    /// Fewer words block submission (0: no minimum).
    min_words: usize,
}

#[derive(Serialize, ToSchema)]
struct AttachmentGuide<'a> {
    max_files: usize,
    max_total_mb: u64,
    types: Vec<AttachmentTypeGuide<'a>>,
}

#[derive(Serialize, ToSchema)]
struct AttachmentTypeGuide<'a> {
    content_type: &'a str,
    label: &'a str,
    extensions: &'a [String],
    max_mb: u64,
}

#[derive(Serialize, ToSchema)]
struct ContactGuide<'a> {
    name: &'a str,
    email: &'a str,
}

/// The open call's guide: what the applicant page shows beside each field.
#[utoipa::path(get, path = "/call", tag = TAG,
    responses((status = 200, description = "The call, in the caller's language", body = CallGuide)))]
pub(crate) async fn call_guide(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
) -> Response {
    let c = service.campaign();
    let sections = c.sections();
    let rules = c.attachments();
    let now = service.now();
    let seconds_left = c.closes_at().as_second() - now.as_second();
    axum::Json(CallGuide {
        year: c.year(),
        title: c.title().get(lang),
        deadline: c.deadline_text(lang),
        closes_at: c.closes_at().to_string(),
        open: c.is_open(now),
        days_left: (seconds_left.max(0) + 86_399) / 86_400,
        areas: c
            .areas()
            .iter()
            .map(|a| AreaGuide {
                id: &a.id,
                name: a.name.get(lang),
                description: a.description.get(lang),
                examples: a
                    .examples
                    .iter()
                    .map(|e| ExampleGuide {
                        name: &e.name,
                        description: e.text(lang),
                    })
                    .collect(),
            })
            .collect(),
        sections: SectionKey::ALL
            .iter()
            .map(|&key| {
                let spec = sections.get(key);
                SectionGuide {
                    key: key.as_str(),
                    title: spec.title.get(lang),
                    word_limit: spec.word_limit,
                    min_words: spec.min_words,
                }
            })
            .collect(),
        attachments: AttachmentGuide {
            max_files: rules.max_files,
            max_total_mb: rules.max_total_mb,
            types: rules
                .types
                .iter()
                .map(|t| AttachmentTypeGuide {
                    content_type: &t.content_type,
                    label: t.label.get(lang),
                    extensions: &t.extensions,
                    max_mb: t.max_mb,
                })
                .collect(),
        },
        faq: c.faq().iter().map(|t| t.question.get(lang)).collect(),
        contact: ContactGuide {
            name: c.contact().name.get(lang),
            email: c.contact().email.as_str(),
        },
    })
    .into_response()
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Question {
    /// What the applicant would like to know, in English or Chinese.
    #[schema(max_length = 1000, example = "When is the deadline?")]
    question: String,
    /// The application the asker is working on (with its edit token as bearer): the
    /// organizers then see its contact address as where to answer.
    #[schema(format = "uuid")]
    application_id: Option<String>,
}

/// The page's answer to a question.
#[derive(Serialize, ToSchema)]
pub(crate) struct AnswerView {
    /// The FAQ topic answered, if one was.
    topic: Option<String>,
    answer: String,
    /// Passed to the organizers, who answer by e-mail or in the chat.
    forwarded: bool,
}

/// Answers a question from the same FAQ as the bot, in the caller's language; one it
/// cannot answer goes to the organizers' inbox, with the bot's polite reply.
#[utoipa::path(post, path = "/ask", tag = TAG, request_body = Question,
    security((), ("edit_token" = [])),
    responses(
        (status = 200, description = "The answer, or word that the organizers have the question", body = AnswerView),
        (status = 400, description = "The body is malformed", body = ErrorEnvelope),
        (status = 401, description = "application_id without an edit token", body = ErrorEnvelope),
        (status = 404, description = "application_id is not an application this edit token opens", body = ErrorEnvelope),
        (status = 413, description = "The body is over 256 KiB", body = ErrorEnvelope),
        (status = 415, description = "The body is not JSON", body = ErrorEnvelope),
        (status = 422, description = "The question is empty or over 1,000 characters", body = ErrorEnvelope),
    ))]
pub(crate) async fn ask(
    State(service): State<ApplicationService>,
    RequestLang(lang): RequestLang,
    token: Result<Bearer, ApiError>,
    JsonBody(body): JsonBody<Question>,
) -> Result<Response, ApiError> {
    // Asked for an application: its edit token must open it (checked after the
    // question's length, before any matching).
    let from = match &body.application_id {
        None => None,
        Some(id) => Some((
            ApplicationId::parse(id).ok_or(ApplicationError::NotFound)?,
            token?.0,
        )),
    };
    let from = from
        .as_ref()
        .map(|(id, token)| (*id, token as &dyn Credential));
    let asked = service.ask(&body.question, lang, from).await?;
    Ok(axum::Json(AnswerView {
        topic: asked.topic,
        answer: asked.text,
        forwarded: asked.forwarded,
    })
    .into_response())
}
