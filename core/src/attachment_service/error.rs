//! What can go wrong with an attachment, and the limits an applicant is told of.

use crate::application::Status;
use crate::attachment::AttachmentStatus;
use crate::blob::BlobError;
use crate::campaign::Campaign;
use crate::lang::Lang;
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
        Some(match (self, lang) {
            (AttachmentError::TypeNotAllowed { content_type, .. }, _) => {
                let labels: Vec<&str> = campaign
                    .attachments()
                    .types
                    .iter()
                    .map(|t| t.label.get(lang))
                    .collect();
                let content_type = crate::text::excerpt(content_type);
                match lang {
                    Lang::En => format!(
                        "Files of type {content_type:?} are not accepted. Accepted: {}.",
                        labels.join(", ")
                    ),
                    Lang::Zh => format!(
                        "不接受类型为“{content_type}”的文件。可上传：{}。",
                        labels.join("、")
                    ),
                }
            }
            (AttachmentError::NameTooLong { max }, Lang::En) => {
                format!("The file name is longer than {max} characters: shorten it.")
            }
            (AttachmentError::NameTooLong { max }, Lang::Zh) => {
                format!("文件名超过{max}个字符：请改短一些。")
            }
            (AttachmentError::Empty, _) => lang
                .pick(
                    "The file is empty: give its size in bytes.",
                    "文件为空：请填写以字节计的文件大小。",
                )
                .into(),
            (AttachmentError::TooLarge { size, max }, Lang::En) => {
                format!(
                    "The file is {}; files of this type may be at most {}.",
                    mb(*size),
                    mb(*max)
                )
            }
            (AttachmentError::TooLarge { size, max }, Lang::Zh) => {
                format!("文件大小为 {}，此类文件最大 {}。", mb(*size), mb(*max))
            }
            (AttachmentError::TooManyFiles { max }, Lang::En) => {
                format!("An application can have at most {max} files. Delete one to add another.")
            }
            (AttachmentError::TooManyFiles { max }, Lang::Zh) => {
                format!("每份申报最多{max}个附件。请先删除一个再添加。")
            }
            (AttachmentError::TotalTooLarge { total, max }, Lang::En) => {
                format!(
                    "With this file the attachments would total {}; the limit is {}.",
                    mb(*total),
                    mb(*max)
                )
            }
            (AttachmentError::TotalTooLarge { total, max }, Lang::Zh) => {
                format!(
                    "加上此文件，附件总大小将为 {}，上限为 {}。",
                    mb(*total),
                    mb(*max)
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
