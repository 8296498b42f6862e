//! What happens to a file once it is uploaded: checked against its declaration (size and
//! leading bytes), claimed by one checker at a time, kept or rejected, read back for the
//! reviewers and the publication, and swept away when abandoned.

use jiff::{SignedDuration, Timestamp};

use super::{AttachmentError, AttachmentService};
use crate::application::ApplicationId;
use crate::attachment::{
    Attachment, AttachmentId, AttachmentStatus, DownloadLink, RejectReason, SNIFF_BYTES, sniff,
};
use crate::ports::StoreError;
use crate::service::{ApplicationError, RACE_RETRIES};

impl AttachmentService {
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
