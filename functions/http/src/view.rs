use casebook_core::rules::ProblemView;
use casebook_core::{
    Application, ApplicationContent, ApplicationService, Attachment, AttachmentStatus, Lang,
    Reference, Status,
};
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// An application as the API returns it: DESIGN.md's fields plus its state, and for a
/// draft what still blocks submission.
#[derive(Serialize, ToSchema)]
pub struct ApplicationView<'a> {
    #[schema(format = "uuid")]
    id: String,
    campaign: i16,
    reference: Option<&'a Reference>,
    status: Status,
    /// Grows by one with every change; send it back as `If-Match` to change the draft.
    version: u64,
    #[schema(value_type = String, format = DateTime)]
    created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    updated_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    submitted_at: Option<Timestamp>,
    #[serde(flatten)]
    content: &'a ApplicationContent,
    attachments: Vec<AttachmentView<'a>>,
    /// A draft's: what still blocks submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<Vec<ProblemView>>,
    /// A draft's: what does not block submission but should be looked at.
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<Vec<ProblemView>>,
    /// Only in the answer that creates the draft or redeems a link code: keep it, it is
    /// shown once and stored only as its hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_token: Option<&'a str>,
}

impl<'a> ApplicationView<'a> {
    pub fn new(
        app: &'a Application,
        attachments: &'a [Attachment],
        service: &ApplicationService,
        lang: Lang,
    ) -> Self {
        let campaign = service.campaign();
        let (problems, warnings) = if app.status == Status::Draft {
            let review = service.review(app);
            let views = |list: &[casebook_core::Problem]| {
                list.iter().map(|p| p.view(campaign, lang)).collect()
            };
            (Some(views(&review.problems)), Some(views(&review.warnings)))
        } else {
            (None, None)
        };
        ApplicationView {
            id: app.id.to_string(),
            campaign: app.campaign,
            reference: app.reference.as_ref(),
            status: app.status,
            version: app.version,
            created_at: app.created_at,
            updated_at: app.updated_at,
            submitted_at: app.submitted_at,
            content: &app.content,
            attachments: attachments
                .iter()
                .map(|a| AttachmentView::new(a, lang))
                .collect(),
            problems,
            warnings,
            edit_token: None,
        }
    }

    /// Adds the edit token: only in the answer that creates the draft.
    pub fn with_token(self, token: &'a str) -> Self {
        ApplicationView {
            edit_token: Some(token),
            ..self
        }
    }
}

/// Why a file was rejected, for the applicant.
#[derive(Serialize, ToSchema)]
pub struct RejectionView {
    code: &'static str,
    message: String,
}

/// An attachment as the API returns it.
#[derive(Serialize, ToSchema)]
pub struct AttachmentView<'a> {
    #[schema(format = "uuid")]
    id: String,
    filename: &'a str,
    content_type: &'a str,
    size: u64,
    status: AttachmentStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<RejectionView>,
    #[schema(value_type = String, format = DateTime)]
    created_at: Timestamp,
}

impl<'a> AttachmentView<'a> {
    pub fn new(a: &'a Attachment, lang: Lang) -> Self {
        AttachmentView {
            id: a.id.to_string(),
            filename: &a.filename,
            content_type: &a.content_type,
            size: a.size,
            status: a.status,
            reason: a.reason.as_ref().map(|r| RejectionView {
                code: r.code(),
                message: r.message(lang),
            }),
            created_at: a.created_at,
        }
    }
}
