//! What can go wrong with an attachment, and the limits an applicant is told of.

use crate::application::Status;
use crate::attachment::AttachmentStatus;
use crate::blob::BlobError;
use crate::campaign::Campaign;
use crate::lang::{Lang, list, t};
use crate::ports::StoreError;
use crate::service::ApplicationError;

#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error(transparent)]
    Application(#[from] ApplicationError),
    #[error("no such attachment")]
    NotFound,
    #[error("{content_type} files are not accepted")]
    TypeNotAllowed {
        content_type: String,
        allowed: Vec<String>,
    },
    #[error("the file name is longer than {max} characters")]
    NameTooLong { max: usize },
    #[error("the file is empty")]
    Empty,
    #[error("{size} bytes is over the {max} byte limit for this type")]
    TooLarge { size: u64, max: u64 },
    #[error("at most {max} files per application")]
    TooManyFiles { max: usize },
    #[error("{total} bytes in all is over the {max} byte limit per application")]
    TotalTooLarge { total: u64, max: u64 },
    #[error("attachments can only change while the application is a draft")]
    NotDraft { status: Status },
    #[error("the file has not arrived yet")]
    NotUploaded,
    #[error("the attachment is {status:?}, not verified")]
    NotVerified { status: AttachmentStatus },
    #[error("the upload grant has expired")]
    Expired,
    #[error("the upload grant was already used")]
    AlreadyUploaded,
    #[error(transparent)]
    Blob(#[from] BlobError),
}

impl AttachmentError {
    /// What to tell the applicant when a file breaks one of the campaign's limits (or is
    /// empty); `None` for other errors.
    pub fn limit_message(&self, campaign: &Campaign, lang: Lang) -> Option<String> {
        let mb = |bytes: u64| format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0));
        Some(match self {
            AttachmentError::TypeNotAllowed { content_type, .. } => {
                let labels: Vec<&str> = campaign
                    .attachments()
                    .types
                    .iter()
                    .map(|t| t.label.get(lang))
                    .collect();
                t!(
                    lang,
                    ATTACHMENT_TYPE_NOT_ALLOWED,
                    content_type = crate::text::excerpt(content_type),
                    accepted = list(lang, &labels)
                )
            }
            AttachmentError::NameTooLong { max } => t!(lang, ATTACHMENT_NAME_TOO_LONG, max = *max),
            AttachmentError::Empty => t!(lang, ATTACHMENT_EMPTY),
            AttachmentError::TooLarge { size, max } => {
                t!(lang, ATTACHMENT_TOO_LARGE, size = mb(*size), max = mb(*max))
            }
            AttachmentError::TooManyFiles { max } => {
                t!(lang, ATTACHMENT_TOO_MANY_FILES, max = *max)
            }
            AttachmentError::TotalTooLarge { total, max } => {
                t!(
                    lang,
                    ATTACHMENT_TOTAL_TOO_LARGE,
                    total = mb(*total),
                    max = mb(*max)
                )
            }
            _ => return None,
        })
    }
}

impl From<StoreError> for AttachmentError {
    fn from(e: StoreError) -> Self {
        AttachmentError::Application(ApplicationError::Store(e))
    }
}
