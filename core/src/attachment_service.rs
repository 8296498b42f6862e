//! The applicant's attachment use cases: grant an upload, verify what arrived, list,
//! download, delete, and sweep abandoned uploads.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use crate::application::{Application, ApplicationId, Status};
use crate::attachment::{
    Attachment, AttachmentId, AttachmentStatus, DownloadLink, RejectReason, SNIFF_BYTES,
    UploadGrant, sanitise_filename, sniff,
};
use crate::blob::{BlobError, BlobStore};
use crate::campaign::Campaign;
use crate::lang::Lang;
use crate::ports::{AttachmentStore, SignedUrls, StoreError};
use crate::service::{ApplicationError, ApplicationService, RACE_RETRIES};
use crate::token::Credential;

/// The longest file name a client may declare (kept shortened to
/// [`crate::attachment::MAX_FILENAME_CHARS`]), in characters.
pub const MAX_DECLARED_FILENAME_CHARS: usize = 1000;
/// The longest content type a client may declare; no accepted one comes near.
pub const MAX_CONTENT_TYPE_CHARS: usize = 200;

/// What a client declares before uploading.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAttachment {
    /// Kept for display without directories or control characters, cut to 120 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1000, example = "brochure.pdf")
    )]
    pub filename: String,
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, example = "application/pdf")
    )]
    pub content_type: String,
    /// In bytes; within the campaign's limit for the type.
    #[cfg_attr(feature = "openapi", schema(example = 245760))]
    #[serde(deserialize_with = "crate::number::whole_number")]
    pub size: u64,
}

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

/// Attachments over the application service, a blob store and signed transfer links.
#[derive(Clone)]
pub struct AttachmentService {
    apps: ApplicationService,
    store: Arc<dyn AttachmentStore>,
    blobs: Arc<dyn BlobStore>,
    urls: Arc<dyn SignedUrls>,
}

impl AttachmentService {
    pub fn new(
        apps: ApplicationService,
        blobs: Arc<dyn BlobStore>,
        urls: Arc<dyn SignedUrls>,
    ) -> Self {
        let store = apps.attachments.clone();
        AttachmentService {
            apps,
            store,
            blobs,
            urls,
        }
    }

    pub fn applications(&self) -> &ApplicationService {
        &self.apps
    }

    fn minutes(m: u32) -> SignedDuration {
        SignedDuration::from_mins(i64::from(m))
    }

    async fn draft(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
    ) -> Result<Application, AttachmentError> {
        let app = self.apps.read(id, token).await?;
        if app.status != Status::Draft {
            return Err(AttachmentError::NotDraft { status: app.status });
        }
        Ok(app)
    }

    /// Records a pending attachment within the campaign's limits and grants its upload.
    #[tracing::instrument(skip_all, fields(application_id = %id), err(level = "info"))]
    pub async fn grant_upload(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
        new: NewAttachment,
    ) -> Result<(Attachment, UploadGrant), AttachmentError> {
        let rules = &self.apps.campaign().attachments();
        // Caps first, before any matching or storage.
        if new
            .filename
            .chars()
            .nth(MAX_DECLARED_FILENAME_CHARS)
            .is_some()
        {
            return Err(AttachmentError::NameTooLong {
                max: MAX_DECLARED_FILENAME_CHARS,
            });
        }
        let known = new
            .content_type
            .chars()
            .nth(MAX_CONTENT_TYPE_CHARS)
            .is_none();
        let Some(kind) = rules.type_for(&new.content_type).filter(|_| known) else {
            return Err(AttachmentError::TypeNotAllowed {
                content_type: new.content_type,
                allowed: rules.types.iter().map(|t| t.content_type.clone()).collect(),
            });
        };
        if new.size == 0 {
            return Err(AttachmentError::Empty);
        }
        if new.size > kind.max_bytes() {
            return Err(AttachmentError::TooLarge {
                size: new.size,
                max: kind.max_bytes(),
            });
        }
        for _ in 0..RACE_RETRIES {
            let app = self.draft(id, token).await?;
            let kept: Vec<Attachment> = self
                .store
                .list_attachments(app.id)
                .await?
                .into_iter()
                .filter(|a| a.status != AttachmentStatus::Rejected)
                .collect();
            if kept.len() >= rules.max_files {
                return Err(AttachmentError::TooManyFiles {
                    max: rules.max_files,
                });
            }
            let total = kept.iter().map(|a| a.size).sum::<u64>() + new.size;
            if total > rules.max_total_bytes() {
                return Err(AttachmentError::TotalTooLarge {
                    total,
                    max: rules.max_total_bytes(),
                });
            }
            let now = self.apps.now();
            let attachment = Attachment {
                id: AttachmentId::random(),
                application: app.id,
                campaign: app.campaign,
                filename: sanitise_filename(&new.filename),
                content_type: kind.content_type.clone(),
                size: new.size,
                status: AttachmentStatus::Pending,
                reason: None,
                version: 1,
                created_at: now,
                upload_expires_at: now
                    .saturating_add(Self::minutes(rules.upload_minutes))
                    .unwrap_or(now),
                uploaded: false,
            };
            let expected = app.version;
            let next = Application {
                version: expected + 1,
                updated_at: now,
                ..app
            };
            match self
                .store
                .add_attachment(&next, expected, &attachment)
                .await
            {
                Ok(()) => {
                    let grant = self
                        .urls
                        .upload_grant(
                            &attachment,
                            &attachment.upload_key(),
                            attachment.upload_expires_at,
                        )
                        .await?;
                    tracing::info!(attachment_id = %attachment.id, size = attachment.size, "upload granted");
                    return Ok((attachment, grant));
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy.into())
    }

    pub async fn list(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
    ) -> Result<Vec<Attachment>, AttachmentError> {
        let app = self.apps.read(id, token).await?;
        Ok(self.store.list_attachments(app.id).await?)
    }

    async fn find(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Attachment, AttachmentError> {
        self.store
            .get_attachment(app, id)
            .await?
            .ok_or(AttachmentError::NotFound)
    }

    /// The applicant's "the upload is done": checks the file (see [`Self::verify_upload`]).
    pub async fn complete(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
        attachment: AttachmentId,
    ) -> Result<Attachment, AttachmentError> {
        let app = self.apps.read(id, token).await?;
        self.verify_upload(app.id, attachment).await
    }

    /// Checks a stored upload against its declaration: the real size, and the leading
    /// bytes against the declared type. A mismatch is deleted and the attachment rejected
    /// with the reason. Called by the applicant, by the storage event, or after a local
    /// upload; checking again changes nothing.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub async fn verify_upload(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Attachment, AttachmentError> {
        for _ in 0..RACE_RETRIES {
            let attachment = self.find(app, id).await?;
            let (upload, stored) = (attachment.upload_key(), attachment.stored_key());
            if attachment.status != AttachmentStatus::Pending {
                // A grant lasts its minutes: bytes sent again after the check are never
                // served, and are not kept either.
                if self.blobs.head(&upload).await?.is_some() {
                    self.blobs.delete(&upload).await?;
                    tracing::warn!(attachment_id = %id, status = %attachment.status.as_str(), "a second upload with a used grant was deleted");
                }
                return Ok(attachment);
            }
            // Copied out of the quarantine first, then checked there: what is checked is
            // what is kept, whatever is sent to the quarantine meanwhile.
            if !self.blobs.copy(&upload, &stored).await?
                && self.blobs.head(&stored).await?.is_none()
            {
                return Err(AttachmentError::NotUploaded);
            }
            let Some(meta) = self.blobs.head(&stored).await? else {
                return Err(AttachmentError::NotUploaded);
            };
            let prefix = self
                .blobs
                .read_prefix(&stored, SNIFF_BYTES)
                .await?
                .unwrap_or_default();
            let detected = sniff(&prefix);
            let reason = if meta.size != attachment.size {
                Some(RejectReason::SizeMismatch {
                    declared: attachment.size,
                    actual: meta.size,
                })
            } else if detected != Some(attachment.content_type.as_str()) {
                Some(RejectReason::TypeMismatch {
                    declared: attachment.content_type.clone(),
                    detected: detected.map(str::to_string),
                })
            } else {
                None
            };
            let expected = attachment.version;
            let next = Attachment {
                status: if reason.is_some() {
                    AttachmentStatus::Rejected
                } else {
                    AttachmentStatus::Verified
                },
                reason: reason.clone(),
                version: expected + 1,
                ..attachment
            };
            match self.store.update_attachment(&next, expected).await {
                Ok(()) => {
                    self.blobs.delete(&upload).await?;
                    if let Some(reason) = &reason {
                        self.blobs.delete(&stored).await?;
                        tracing::info!(attachment_id = %id, reason = reason.code(), "upload rejected and deleted");
                    } else {
                        tracing::info!(attachment_id = %id, "upload verified");
                    }
                    return Ok(next);
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy.into())
    }

    /// Marks a single-use upload grant as used, before the bytes are accepted; refuses an
    /// expired grant or one used before.
    pub async fn claim_upload(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Attachment, AttachmentError> {
        let attachment = self.find(app, id).await?;
        if attachment.uploaded || attachment.status != AttachmentStatus::Pending {
            return Err(AttachmentError::AlreadyUploaded);
        }
        if self.apps.now() >= attachment.upload_expires_at {
            return Err(AttachmentError::Expired);
        }
        let expected = attachment.version;
        let next = Attachment {
            uploaded: true,
            version: expected + 1,
            ..attachment
        };
        match self.store.update_attachment(&next, expected).await {
            Ok(()) => Ok(next),
            Err(StoreError::Conflict) => Err(AttachmentError::AlreadyUploaded),
            Err(e) => Err(e.into()),
        }
    }

    /// Gives a claimed grant back after an upload that failed on the way, so the
    /// applicant can try again with the same grant while it lasts.
    pub async fn release_upload(&self, claimed: &Attachment) -> Result<(), AttachmentError> {
        let next = Attachment {
            uploaded: false,
            version: claimed.version + 1,
            ..claimed.clone()
        };
        match self.store.update_attachment(&next, claimed.version).await {
            Ok(()) | Err(StoreError::Conflict) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Stores a file the server received itself (a document sent in a chat) for a
    /// pending attachment, then checks it like any upload.
    pub async fn store_file(
        &self,
        attachment: &Attachment,
        bytes: Vec<u8>,
    ) -> Result<Attachment, AttachmentError> {
        self.blobs
            .put(&attachment.upload_key(), bytes, &attachment.content_type)
            .await?;
        self.verify_upload(attachment.application, attachment.id)
            .await
    }

    /// A short-lived link to a verified file.
    pub async fn download(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
        attachment: AttachmentId,
    ) -> Result<DownloadLink, AttachmentError> {
        let app = self.apps.read(id, token).await?;
        let attachment = self.find(app.id, attachment).await?;
        if attachment.status != AttachmentStatus::Verified {
            return Err(AttachmentError::NotVerified {
                status: attachment.status,
            });
        }
        let now = self.apps.now();
        let minutes = Self::minutes(self.apps.campaign().attachments().download_minutes);
        let expires_at = now.saturating_add(minutes).unwrap_or(now);
        self.link_to(&attachment, expires_at).await
    }

    /// A verified file's bytes, for organizer tools (publishing the Collection); `None`
    /// when it is not verified or its bytes are gone.
    pub async fn verified_bytes(
        &self,
        attachment: &Attachment,
    ) -> Result<Option<Vec<u8>>, AttachmentError> {
        if attachment.status != AttachmentStatus::Verified {
            return Ok(None);
        }
        match self.blobs.get(&attachment.stored_key()).await? {
            Some(bytes) => Ok(Some(bytes)),
            None => Ok(self.blobs.get(&attachment.legacy_key()).await?),
        }
    }

    /// A link to a verified file until `expires_at`, for a reader already let in (its
    /// owner, or a reviewer the case is assigned to).
    pub(crate) async fn link_to(
        &self,
        attachment: &Attachment,
        expires_at: Timestamp,
    ) -> Result<DownloadLink, AttachmentError> {
        // Files verified before the quarantine existed were kept under the old key.
        let mut key = attachment.stored_key();
        if self.blobs.head(&key).await?.is_none() {
            key = attachment.legacy_key();
        }
        Ok(self
            .urls
            .download_link(
                &key,
                &attachment.filename,
                &attachment.content_type,
                expires_at,
            )
            .await?)
    }

    /// Removes an attachment of a draft, file and record.
    #[tracing::instrument(skip(self, token), err(level = "info"))]
    pub async fn delete(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
        attachment: AttachmentId,
    ) -> Result<(), AttachmentError> {
        for _ in 0..RACE_RETRIES {
            let app = self.draft(id, token).await?;
            let found = self.find(app.id, attachment).await?;
            match self.remove(app, &found).await {
                Err(AttachmentError::Application(ApplicationError::Store(
                    StoreError::Conflict,
                ))) => continue,
                other => return other,
            }
        }
        Err(ApplicationError::Busy.into())
    }

    async fn remove(
        &self,
        app: Application,
        attachment: &Attachment,
    ) -> Result<(), AttachmentError> {
        let expected = app.version;
        let next = Application {
            version: expected + 1,
            updated_at: self.apps.now(),
            ..app
        };
        self.store
            .remove_attachment(&next, expected, attachment.id)
            .await?;
        for key in [
            attachment.upload_key(),
            attachment.stored_key(),
            attachment.legacy_key(),
        ] {
            self.blobs.delete(&key).await?;
        }
        Ok(())
    }

    /// Removes attachments whose upload grant ran out more than `grace` ago without a
    /// verified file, and any bytes that did arrive. Returns how many were removed.
    pub async fn sweep_abandoned(&self, grace: SignedDuration) -> Result<usize, AttachmentError> {
        let now = self.apps.now();
        let before = now.checked_sub(grace).unwrap_or(now);
        let abandoned = self.store.list_abandoned_attachments(before).await?;
        let mut removed = 0;
        for attachment in abandoned {
            for _ in 0..RACE_RETRIES {
                let Some(app) = self
                    .apps
                    .store
                    .get_application(attachment.application)
                    .await?
                else {
                    break;
                };
                match self.remove(app, &attachment).await {
                    Err(AttachmentError::Application(ApplicationError::Store(
                        StoreError::Conflict,
                    ))) => continue,
                    Err(e) => return Err(e),
                    Ok(()) => {
                        removed += 1;
                        break;
                    }
                }
            }
        }
        if removed > 0 {
            tracing::info!(removed, "abandoned uploads removed");
        }
        Ok(removed)
    }

    /// Verifies the upload a storage event names by its key
    /// (`uploads/{campaign}/{app}/{id}`); other keys (the checked copies) are not uploads.
    pub async fn verify_key(&self, key: &str) -> Result<Attachment, AttachmentError> {
        let mut parts = key.split('/');
        let (Some(crate::attachment::UPLOADS_PREFIX), Some(_), Some(app), Some(att), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(AttachmentError::NotFound);
        };
        let app = ApplicationId::parse(app).ok_or(AttachmentError::NotFound)?;
        let att = AttachmentId::parse(att).ok_or(AttachmentError::NotFound)?;
        self.verify_upload(app, att).await
    }
}

#[cfg(test)]
mod tests {
    //! The attachment rules on the in-memory store and blobs.

    use async_trait::async_trait;
    use jiff::Timestamp;

    use super::*;
    use crate::attachment::{DownloadLink, UploadGrant};
    use crate::blob::BlobKey;
    use crate::clock::FixedClock;
    use crate::memory::{MemoryBlobStore, MemoryStore};
    use crate::ports::Stores;
    use crate::token::ChatIdentity;

    /// Signed URLs that sign nothing: the service only passes them on.
    struct UnsignedUrls;

    #[async_trait]
    impl SignedUrls for UnsignedUrls {
        async fn upload_grant(
            &self,
            _: &Attachment,
            key: &BlobKey,
            expires_at: Timestamp,
        ) -> Result<UploadGrant, BlobError> {
            Ok(UploadGrant {
                method: "PUT".into(),
                url: format!("memory://{}", key.as_str()),
                fields: Default::default(),
                headers: Default::default(),
                expires_at,
            })
        }

        async fn download_link(
            &self,
            key: &BlobKey,
            _: &str,
            _: &str,
            expires_at: Timestamp,
        ) -> Result<DownloadLink, BlobError> {
            Ok(DownloadLink {
                url: format!("memory://{}", key.as_str()),
                expires_at,
            })
        }
    }

    fn service() -> AttachmentService {
        let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00Z".parse().unwrap()));
        let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
        let apps = ApplicationService::new(&stores, clock, Arc::new(Campaign::builtin()));
        AttachmentService::new(
            apps,
            Arc::new(MemoryBlobStore::default()),
            Arc::new(UnsignedUrls),
        )
    }

    fn file(name: &str, content_type: &str, size: u64) -> NewAttachment {
        NewAttachment {
            filename: name.into(),
            content_type: content_type.into(),
            size,
        }
    }

    #[tokio::test]
    async fn a_file_is_kept_when_its_bytes_match_its_type_and_rejected_when_not() {
        let service = service();
        let chat = ChatIdentity("telegram:1".into());
        let app = service
            .applications()
            .create_draft_in_chat(&chat)
            .await
            .unwrap();
        let pdf = b"%PDF-1.7 a brochure".to_vec();
        let (granted, grant) = service
            .grant_upload(
                app.id,
                &chat,
                file("brochure.pdf", "application/pdf", pdf.len() as u64),
            )
            .await
            .unwrap();
        assert_eq!(granted.status, AttachmentStatus::Pending);
        assert!(
            grant.url.contains("uploads/"),
            "uploads land in quarantine: {}",
            grant.url
        );
        let kept = service.store_file(&granted, pdf).await.unwrap();
        assert_eq!(kept.status, AttachmentStatus::Verified);

        let fake = b"MZ this is a program".to_vec();
        let (granted, _) = service
            .grant_upload(
                app.id,
                &chat,
                file("photo.pdf", "application/pdf", fake.len() as u64),
            )
            .await
            .unwrap();
        let rejected = service.store_file(&granted, fake).await.unwrap();
        assert_eq!(rejected.status, AttachmentStatus::Rejected);
        let listed = service.list(app.id, &chat).await.unwrap();
        assert_eq!(listed.len(), 2);
    }

    #[tokio::test]
    async fn grants_respect_the_campaigns_types_sizes_and_count() {
        let service = service();
        let chat = ChatIdentity("telegram:2".into());
        let app = service
            .applications()
            .create_draft_in_chat(&chat)
            .await
            .unwrap();
        assert!(matches!(
            service
                .grant_upload(
                    app.id,
                    &chat,
                    file("setup.exe", "application/x-msdownload", 10)
                )
                .await,
            Err(AttachmentError::TypeNotAllowed { .. })
        ));
        assert!(matches!(
            service
                .grant_upload(
                    app.id,
                    &chat,
                    file("big.pdf", "application/pdf", 21 * 1024 * 1024)
                )
                .await,
            Err(AttachmentError::TooLarge { .. })
        ));
        let max = service.applications().campaign().attachments().max_files;
        for i in 0..max {
            let name = format!("page-{i}.pdf");
            service
                .grant_upload(app.id, &chat, file(&name, "application/pdf", 100))
                .await
                .unwrap();
        }
        assert!(matches!(
            service
                .grant_upload(app.id, &chat, file("one-more.pdf", "application/pdf", 100))
                .await,
            Err(AttachmentError::TooManyFiles { .. })
        ));
    }
}
