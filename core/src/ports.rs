#![doc = include_str!("../STORAGE.md")]

use async_trait::async_trait;

use crate::application::{Application, ApplicationId, Status};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record changed since it was read (version mismatch) or does not exist.
    #[error("the record was changed by someone else since it was read")]
    Conflict,
    #[error("a record with this key already exists")]
    AlreadyExists,
    /// The backing store failed; the text is for logs, not for users.
    #[error("storage failed: {0}")]
    Backend(String),
}

#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Stores a new application; `AlreadyExists` if its id is taken.
    async fn insert_application(&self, app: &Application) -> Result<(), StoreError>;

    async fn get_application(&self, id: ApplicationId) -> Result<Option<Application>, StoreError>;

    /// Replaces the stored application with `app` only if the stored version is still
    /// `expected_version`; otherwise `Conflict` and nothing changes.
    async fn update_application(
        &self,
        app: &Application,
        expected_version: u64,
    ) -> Result<(), StoreError>;

    /// Every application of a campaign year, or only those with `status`, in no
    /// particular order. Adapters read every page: nothing is silently cut off.
    async fn list_applications(
        &self,
        campaign: i16,
        status: Option<Status>,
    ) -> Result<Vec<Application>, StoreError>;

    /// Allocates the next number of a reference series ("PC2024"), atomically: each
    /// number is handed out once, ever.
    async fn next_reference_number(&self, series: &str) -> Result<u64, StoreError>;
}
