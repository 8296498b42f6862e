//! The one place that opens a backend's adapters and builds the services over them.

use std::sync::Arc;
use std::time::Instant;

use casebook_core::{
    ApplicationService, AttachmentService, BlobStore, Campaign, CampaignLoadError, Clock, Mailer,
    SignedUrls, Stores, clock_starting_at,
};

use crate::settings::{Backend, Settings};

/// What a binary uses beyond the store, so only those clients are built (each costs
/// cold-start time on Lambda).
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// Blobs and signed URLs: required for the attachment functions, taken when
    /// configured otherwise (see [`Dependencies::attachments`]).
    pub files: bool,
    /// A mailer for confirmations (the outbox, or SES when `CASEBOOK_MAIL_FROM` is set).
    pub mail: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Campaign(#[from] CampaignLoadError),
    #[error("{name} is not set: {hint}")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    #[error("the {0:?} backend is not built into this binary")]
    NotBuiltIn(Backend),
    #[cfg(feature = "embedded")]
    #[error(transparent)]
    Open(#[from] casebook_embedded::OpenError),
    #[error("cannot keep the link-signing key in {dir}")]
    SigningKey {
        dir: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// Blob storage and the signed URLs that move files to and from it.
#[derive(Clone)]
pub struct Files {
    pub blobs: Arc<dyn BlobStore>,
    pub urls: Arc<dyn SignedUrls>,
}

/// A backend's adapters, ready for the services.
#[derive(Clone)]
pub struct Dependencies {
    pub campaign: Arc<Campaign>,
    pub clock: Arc<dyn Clock>,
    pub stores: Stores,
    pub files: Option<Files>,
    pub mailer: Option<Arc<dyn Mailer>>,
    /// Where the data lives, for the log.
    pub place: String,
    /// The embedded backend's folder and signed URLs, which `casebook serve` also serves.
    #[cfg(feature = "embedded")]
    pub local: Option<(
        casebook_embedded::FolderBlobStore,
        Arc<casebook_embedded::LocalSignedUrls>,
    )>,
}

impl Dependencies {
    /// Loads the campaign, starts the clock and opens the backend of `settings`.
    pub async fn build(settings: &Settings, needs: Needs) -> Result<Dependencies, StartupError> {
        let started = Instant::now();
        let campaign = Arc::new(Campaign::load(settings.campaign_file.as_deref())?);
        let clock = clock_starting_at(settings.now);
        let campaign_us = started.elapsed().as_micros() as u64;
        let deps = match settings.backend {
            #[cfg(feature = "embedded")]
            Backend::Embedded => embedded(settings, campaign, clock)?,
            #[cfg(feature = "aws")]
            Backend::Aws => aws(settings, needs, campaign, clock).await?,
            #[allow(unreachable_patterns)]
            other => return Err(StartupError::NotBuiltIn(other)),
        };
        let _ = needs;
        // What a cold start spends before its first request (measured by scripts/bench).
        let total_us = started.elapsed().as_micros() as u64;
        tracing::info!(
            campaign_us,
            backend_us = total_us - campaign_us,
            total_us,
            "initialised"
        );
        Ok(deps)
    }

    /// The applicant service, sending confirmations through the mailer if there is one.
    pub fn applications(&self) -> ApplicationService {
        let service =
            ApplicationService::new(&self.stores, self.clock.clone(), self.campaign.clone());
        match &self.mailer {
            Some(mailer) => service.with_mailer(mailer.clone()),
            None => service,
        }
    }

    /// The attachment service over [`Self::applications`], where files are configured.
    pub fn attachments(&self) -> Option<AttachmentService> {
        let files = self.files.as_ref()?;
        Some(AttachmentService::new(
            self.applications(),
            files.blobs.clone(),
            files.urls.clone(),
        ))
    }

    /// [`Self::attachments`] for a binary that cannot run without them.
    pub fn require_attachments(&self) -> Result<AttachmentService, StartupError> {
        self.attachments().ok_or(StartupError::Missing {
            name: "CASEBOOK_BUCKET",
            hint: BUCKET_HINT,
        })
    }
}

const BUCKET_HINT: &str = "set it to the S3 bucket name, e.g. casebook-files-123456789012";
const TABLE_HINT: &str = "set it to the DynamoDB table name, e.g. casebook";

/// The embedded backend: everything in the data directory.
#[cfg(feature = "embedded")]
fn embedded(
    settings: &Settings,
    campaign: Arc<Campaign>,
    clock: Arc<dyn Clock>,
) -> Result<Dependencies, StartupError> {
    use casebook_embedded::{FolderBlobStore, LocalSignedUrls, OutboxMailer, SqliteStore};
    let dir = &settings.data_dir;
    let store = SqliteStore::open_dir(dir)?;
    let blobs = FolderBlobStore::new(dir.join("blobs"));
    let secret =
        LocalSignedUrls::secret_from_dir(dir).map_err(|source| StartupError::SigningKey {
            dir: dir.clone(),
            source,
        })?;
    let base_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| DEFAULT_LOCAL_URL.to_string());
    let urls = Arc::new(LocalSignedUrls::new(base_url, secret));
    // Confirmations land in the outbox, from the call's contact.
    let mailer = OutboxMailer::new(dir.join("outbox"), campaign.contact().email.clone());
    let place = format!(
        "{} and {}",
        store.path().display(),
        dir.join("blobs").display()
    );
    Ok(Dependencies {
        campaign,
        clock,
        stores: Stores::backed_by(Arc::new(store)),
        files: Some(Files {
            blobs: Arc::new(blobs.clone()),
            urls: urls.clone(),
        }),
        mailer: Some(Arc::new(mailer)),
        place,
        local: Some((blobs, urls)),
    })
}

/// Where `casebook serve` listens by default: the embedded links point there unless
/// `CASEBOOK_PUBLIC_URL` says otherwise.
#[cfg(feature = "embedded")]
pub const DEFAULT_LOCAL_URL: &str = "http://127.0.0.1:8080";

/// The AWS backend: the table, and the bucket and sender when needed and named.
#[cfg(feature = "aws")]
async fn aws(
    settings: &Settings,
    needs: Needs,
    campaign: Arc<Campaign>,
    clock: Arc<dyn Clock>,
) -> Result<Dependencies, StartupError> {
    use casebook_aws::{DynamoStore, S3BlobStore, S3SignedUrls, SesMailer};
    let names = &settings.aws;
    let table = names.table.clone().ok_or(StartupError::Missing {
        name: "CASEBOOK_TABLE",
        hint: TABLE_HINT,
    })?;
    let config = casebook_aws::sdk_config().await;
    let endpoint = config.endpoint_url().unwrap_or("AWS").to_string();
    let mut place = format!("DynamoDB table {table}");
    let store = DynamoStore::from_config(&config, table);
    let files = match (&names.bucket, needs.files) {
        (Some(bucket), true) => {
            place.push_str(&format!(" and bucket {bucket}"));
            let s3 = casebook_aws::s3_client(&config);
            Some(Files {
                blobs: Arc::new(S3BlobStore::new(s3.clone(), bucket)),
                urls: Arc::new(S3SignedUrls::new(s3, bucket, clock.clone())),
            })
        }
        _ => None,
    };
    let mailer: Option<Arc<dyn Mailer>> = match (&names.mail_from, needs.mail) {
        (Some(from), true) => Some(Arc::new(SesMailer::from_config(&config, from))),
        _ => None,
    };
    Ok(Dependencies {
        campaign,
        clock,
        stores: Stores::backed_by(Arc::new(store)),
        files,
        mailer,
        place: format!("{place} on {endpoint}"),
        #[cfg(feature = "embedded")]
        local: None,
    })
}
