use casebook_core::rules::ProblemView;
use casebook_core::{Application, ApplicationContent, ApplicationService, Lang, Reference, Status};
use jiff::Timestamp;
use serde::Serialize;

/// An application as the API returns it: DESIGN.md's fields plus its state, and for a
/// draft what still blocks submission.
#[derive(Serialize)]
pub struct ApplicationView<'a> {
    id: String,
    campaign: i16,
    reference: Option<&'a Reference>,
    status: Status,
    version: u64,
    created_at: Timestamp,
    updated_at: Timestamp,
    submitted_at: Option<Timestamp>,
    #[serde(flatten)]
    content: &'a ApplicationContent,
    /// Attachments arrive with the attachments function; the list is always present.
    attachments: [(); 0],
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<Vec<ProblemView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<Vec<ProblemView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_token: Option<&'a str>,
}

impl<'a> ApplicationView<'a> {
    pub fn new(app: &'a Application, service: &ApplicationService, lang: Lang) -> Self {
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
            attachments: [],
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
