//! The applicant's attachment use cases: grant an upload, verify what arrived, list,
//! download, delete, and sweep abandoned uploads.

use std::sync::Arc;

use jiff::SignedDuration;
use serde::Deserialize;

use crate::application::{Application, ApplicationId, Status};
use crate::attachment::{
    Attachment, AttachmentId, AttachmentStatus, DownloadLink, UploadGrant, sanitise_filename,
};
use crate::blob::{BlobError, BlobKey, BlobStore};
use crate::campaign::{AttachmentRules, AttachmentType};
use crate::ports::{AttachmentStore, SignedUrls, StoreError};
use crate::service::{ApplicationError, ApplicationService, RACE_RETRIES};
use crate::token::Credential;

mod checks;
mod error;

pub use error::AttachmentError;

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
        let kind = declared_kind(rules, &new)?;
        for _ in 0..RACE_RETRIES {
            let app = self.draft(id, token).await?;
            let kept: Vec<Attachment> = self
                .store
                .list_attachments(app.id)
                .await?
                .into_iter()
                .filter(|a| a.status != AttachmentStatus::Rejected)
                .collect();
            within_quota(rules, &kept, new.size)?;
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

    /// Keeps a file casebook made for an organizer (the Collection as a zip) under
    /// `exports/{campaign}/{when}/{filename}` and gives a link to it for the campaign's
    /// download minutes: a link, because such a file can be larger than one HTTP answer
    /// on Lambda (6 MB). `filename` is casebook's own (ASCII letters, digits, `-`, `.`).
    pub async fn offer_export(
        &self,
        filename: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<DownloadLink, AttachmentError> {
        let now = self.apps.now();
        let key = BlobKey::from_segments([
            "exports".to_string(),
            self.apps.campaign().year().to_string(),
            now.as_millisecond().to_string(),
            filename.to_string(),
        ])
        .map_err(|e| BlobError::Backend(e.to_string()))?;
        self.blobs.put(&key, bytes, content_type).await?;
        let minutes = Self::minutes(self.apps.campaign().attachments().download_minutes);
        let expires_at = now.saturating_add(minutes).unwrap_or(now);
        Ok(self
            .urls
            .download_link(&key, filename, content_type, expires_at)
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
}

/// The declared file against the caps and the campaign's types: its kind, or why not.
fn declared_kind<'r>(
    rules: &'r AttachmentRules,
    new: &NewAttachment,
) -> Result<&'r AttachmentType, AttachmentError> {
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
            content_type: new.content_type.clone(),
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
    Ok(kind)
}

/// Whether a file of `size` fits beside the application's kept files.
fn within_quota(
    rules: &AttachmentRules,
    kept: &[Attachment],
    size: u64,
) -> Result<(), AttachmentError> {
    if kept.len() >= rules.max_files {
        return Err(AttachmentError::TooManyFiles {
            max: rules.max_files,
        });
    }
    let total = kept.iter().map(|a| a.size).sum::<u64>() + size;
    if total > rules.max_total_bytes() {
        return Err(AttachmentError::TotalTooLarge {
            total,
            max: rules.max_total_bytes(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The attachment rules on the in-memory store and blobs.

    use async_trait::async_trait;
    use jiff::Timestamp;

    use super::*;
    use crate::attachment::{DownloadLink, UploadGrant};
    use crate::blob::{BlobError, BlobKey};
    use crate::campaign::Campaign;
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
            .create_draft_in_chat(&chat, crate::lang::Lang::En)
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
            .create_draft_in_chat(&chat, crate::lang::Lang::En)
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
