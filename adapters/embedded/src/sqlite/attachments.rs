//! Attachments in SQLite, each added or removed together with its application's write.

use async_trait::async_trait;
use casebook_domain::{
    Application, ApplicationId, Attachment, AttachmentId, AttachmentStatus, AttachmentStore,
    StoreError,
};
use jiff::Timestamp;
use rusqlite::Row;

use super::applications::ApplicationWrite;
use super::{Columns, SqliteStore, backend, is_constraint, signed};

const COLUMNS: &str = "id, application, campaign, filename, content_type, size, status, reason, \
                       version, created_at, upload_expires_at, upload_expires_ms, uploaded";

fn read(r: &Row<'_>) -> rusqlite::Result<Result<Attachment, StoreError>> {
    let id: String = r.get("id")?;
    let application: String = r.get("application")?;
    let campaign: i64 = r.get("campaign")?;
    let status: String = r.get("status")?;
    let reason: Option<String> = r.get("reason")?;
    let version: i64 = r.get("version")?;
    let created_at: String = r.get("created_at")?;
    let upload_expires_at: String = r.get("upload_expires_at")?;
    let size: i64 = r.get("size")?;
    let uploaded: i64 = r.get("uploaded")?;
    let filename: String = r.get("filename")?;
    let content_type: String = r.get("content_type")?;
    let corrupt =
        |what: &str| StoreError::Corrupt(format!("stored attachment {id} has a bad {what}"));
    Ok((|| {
        Ok(Attachment {
            id: AttachmentId::parse(&id).ok_or_else(|| corrupt("id"))?,
            application: ApplicationId::parse(&application)
                .ok_or_else(|| corrupt("application"))?,
            campaign: i16::try_from(campaign).map_err(|_| corrupt("campaign"))?,
            filename,
            content_type,
            size: u64::try_from(size).map_err(|_| corrupt("size"))?,
            status: AttachmentStatus::parse(&status).ok_or_else(|| corrupt("status"))?,
            reason: reason
                .map(|r| serde_json::from_str(&r))
                .transpose()
                .map_err(|_| corrupt("reason"))?,
            version: u64::try_from(version).map_err(|_| corrupt("version"))?,
            created_at: created_at.parse().map_err(|_| corrupt("created_at"))?,
            upload_expires_at: upload_expires_at
                .parse()
                .map_err(|_| corrupt("upload_expires_at"))?,
            uploaded: uploaded != 0,
        })
    })())
}

fn columns(a: &Attachment) -> Result<Columns, StoreError> {
    let reason = a
        .reason
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(backend)?;
    Ok(Columns::new()
        .set("id", a.id.to_string())
        .set("application", a.application.to_string())
        .set("campaign", i64::from(a.campaign))
        .set("filename", a.filename.clone())
        .set("content_type", a.content_type.clone())
        .set("size", signed(a.size)?)
        .set("status", a.status.as_str())
        .set("reason", reason)
        .set("version", signed(a.version)?)
        .set("created_at", a.created_at.to_string())
        .set("upload_expires_at", a.upload_expires_at.to_string())
        .set("upload_expires_ms", a.upload_expires_at.as_millisecond())
        .set("uploaded", i64::from(a.uploaded)))
}

#[async_trait]
impl AttachmentStore for SqliteStore {
    async fn add_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        attachment: &Attachment,
    ) -> Result<(), StoreError> {
        let write = ApplicationWrite::new(app, expected_app_version)?;
        let columns = columns(attachment)?;
        self.with_conn(move |conn| {
            let tx = conn.transaction().map_err(backend)?;
            write.apply(&tx)?;
            tx.execute(
                &columns.insert_sql("attachments"),
                columns.params(&[]).as_slice(),
            )
            .map_err(|e| {
                if is_constraint(&e) {
                    StoreError::AlreadyExists
                } else {
                    backend(e)
                }
            })?;
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn get_attachment(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Option<Attachment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM attachments WHERE application = :application AND id = :id"
        );
        let values = Columns::new()
            .set("application", app.to_string())
            .set("id", id.to_string());
        self.select_one(sql, values, read).await
    }

    async fn list_attachments(&self, app: ApplicationId) -> Result<Vec<Attachment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM attachments WHERE application = :application ORDER BY created_at, id"
        );
        let values = Columns::new().set("application", app.to_string());
        self.select_all(sql, values, read).await
    }

    async fn update_attachment(
        &self,
        attachment: &Attachment,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let columns = columns(attachment)?;
        let expected = signed(expected_version)?;
        self.with_conn(move |conn| {
            let sql = columns.update_sql("attachments", "id = :id AND version = :expected");
            let params = columns.params(&[(":expected", &expected)]);
            match conn.execute(&sql, params.as_slice()).map_err(backend)? {
                1 => Ok(()),
                _ => Err(StoreError::Conflict),
            }
        })
        .await
    }

    async fn remove_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        id: AttachmentId,
    ) -> Result<(), StoreError> {
        let write = ApplicationWrite::new(app, expected_app_version)?;
        let app_id = app.id.to_string();
        self.with_conn(move |conn| {
            let tx = conn.transaction().map_err(backend)?;
            write.apply(&tx)?;
            let removed = tx
                .execute(
                    "DELETE FROM attachments WHERE application = ?1 AND id = ?2",
                    [app_id, id.to_string()],
                )
                .map_err(backend)?;
            if removed != 1 {
                return Err(StoreError::Conflict);
            }
            tx.commit().map_err(backend)
        })
        .await
    }

    async fn list_abandoned_attachments(
        &self,
        before: Timestamp,
    ) -> Result<Vec<Attachment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM attachments WHERE status = 'pending' AND upload_expires_ms < :before"
        );
        let values = Columns::new().set("before", before.as_millisecond());
        self.select_all(sql, values, read).await
    }
}
