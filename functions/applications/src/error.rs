//! The one mapping from domain errors to HTTP: `{"error": {"code", "message", "field"?}}`.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use casebook_core::rules::ProblemView;
use casebook_core::{ApplicationError, Campaign, Lang};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct ErrorBody {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// Every blocking problem, when a submission is refused for being incomplete.
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<Vec<ProblemView>>,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                field: None,
                problems: None,
            },
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> ApiError {
        self.body.field = Some(field.into());
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Maps a domain error once, with messages in the caller's language. Failures of
    /// the store are logged in full and answered with an opaque 500.
    pub fn from_domain(err: ApplicationError, campaign: &Campaign, lang: Lang) -> ApiError {
        use ApplicationError as E;
        match err {
            E::NotFound => ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                lang.pick(
                    "No application matches this id and edit token. Check both: the token is the one returned when the draft was created.",
                    "找不到与此编号和编辑令牌匹配的申报。请检查两者：令牌是创建草稿时返回的那一个。",
                ),
            ),
            E::VersionMismatch { expected } => ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "version_mismatch",
                match lang {
                    Lang::En => format!("The application has changed since version {expected}. Read it again, then repeat your change with the new version in If-Match."),
                    Lang::Zh => format!("申报自版本{expected}之后已被修改。请重新读取，再用新版本号（If-Match）提交修改。"),
                },
            ),
            E::NotEditable { status } => ApiError::new(
                StatusCode::CONFLICT,
                "not_editable",
                match lang {
                    Lang::En => format!("This application is {status} and can no longer be edited; only drafts can."),
                    Lang::Zh => format!("此申报状态为{status}，已不能修改；只有草稿可以修改。"),
                },
            ),
            E::NotReady(problems) => {
                let first = problems.first().map(|p| p.view(campaign, lang));
                let count = problems.len();
                let message = match (lang, &first) {
                    (Lang::En, Some(p)) if count == 1 => format!("The application cannot be submitted yet: {}", p.message),
                    (Lang::En, Some(p)) => format!("The application cannot be submitted yet: {count} things need fixing. First: {}", p.message),
                    (Lang::Zh, Some(p)) if count == 1 => format!("申报暂不能提交：{}", p.message),
                    (Lang::Zh, Some(p)) => format!("申报暂不能提交：有{count}处需要修改。第一处：{}", p.message),
                    (_, None) => lang.pick("The application cannot be submitted yet.", "申报暂不能提交。").to_string(),
                };
                let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "incomplete", message);
                e.body.field = first.map(|p| p.field);
                e.body.problems = Some(problems.iter().map(|p| p.view(campaign, lang)).collect());
                e
            }
            E::DeadlinePassed => ApiError::new(
                StatusCode::CONFLICT,
                "deadline_passed",
                casebook_core::Problem::new("deadline", casebook_core::ProblemKind::DeadlinePassed).message(campaign, lang),
            ),
            E::Withdrawn => ApiError::new(
                StatusCode::CONFLICT,
                "withdrawn",
                lang.pick(
                    "This application was withdrawn and cannot be submitted. Create a new draft to apply again.",
                    "此申报已撤回，不能再提交。如需重新申报，请新建草稿。",
                ),
            ),
            E::NotWithdrawable { status } => ApiError::new(
                StatusCode::CONFLICT,
                "not_withdrawable",
                match lang {
                    Lang::En => format!("This application is {status} and can no longer be withdrawn. Please contact the organizers."),
                    Lang::Zh => format!("此申报状态为{status}，已不能撤回。请联系主办方。"),
                },
            ),
            E::Invalid(problem) => {
                let view = problem.view(campaign, lang);
                ApiError::new(StatusCode::BAD_REQUEST, view.code, view.message).with_field(view.field)
            }
            E::LinkCodeInvalid => ApiError::new(
                StatusCode::NOT_FOUND,
                "link_code_invalid",
                match lang {
                    Lang::En => format!("This link code is not valid: a code works once, for {} minutes. Send /link in the chat for a new one.", casebook_core::LINK_MINUTES),
                    Lang::Zh => format!("此关联代码无效：代码只能使用一次，{}分钟内有效。请在聊天中发送 /link 获取新代码。", casebook_core::LINK_MINUTES),
                },
            )
            .with_field("code"),
            E::Busy => ApiError::new(
                StatusCode::CONFLICT,
                "busy",
                lang.pick("Too many changes at the same moment. Please try again.", "同一时间修改过多，请重试。"),
            ),
            E::Store(e) => internal(&e),
            E::Random(e) => internal(&e),
        }
    }
}

fn internal(e: &dyn std::error::Error) -> ApiError {
    tracing::error!(error = %e, "request failed");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Something went wrong on our side. Please try again in a moment.",
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(serde_json::json!({ "error": self.body }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
