//! What every Lambda function's `main` does at cold start: read the settings once, build
//! the SDK clients once, and put the services together on the AWS adapters. A bad setting
//! stops the start with a message naming it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use casebook_core::{
    ApplicationService, AttachmentService, Campaign, CampaignLoadError, clock_starting_at,
};

use crate::{BUCKET_HINT, DynamoStore, MissingSetting, S3BlobStore, S3TransferLinks, TABLE_HINT};

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Missing(#[from] MissingSetting),
    #[error(transparent)]
    Campaign(#[from] CampaignLoadError),
    #[error("CASEBOOK_NOW={0:?} is not an RFC 3339 time such as 2024-05-01T09:00:00+08:00")]
    Now(String),
}

/// The applicant service on the DynamoDB table `CASEBOOK_TABLE`, with the campaign of
/// `CASEBOOK_CAMPAIGN` (or the built-in one) and the clock of `CASEBOOK_NOW` (or the real one).
/// Only the clients a function uses are built: each costs cold-start time and binary size.
pub async fn applications_from_env()
-> Result<(ApplicationService, aws_config::SdkConfig), SetupError> {
    let started = Instant::now();
    let campaign_file = std::env::var_os("CASEBOOK_CAMPAIGN").map(PathBuf::from);
    let campaign = Campaign::load(campaign_file.as_deref())?;
    let now = match std::env::var("CASEBOOK_NOW") {
        Ok(text) => Some(text.parse().map_err(|_| SetupError::Now(text))?),
        Err(_) => None,
    };
    let campaign_us = started.elapsed().as_micros() as u64;
    let table = crate::required_setting("CASEBOOK_TABLE", TABLE_HINT)?;
    let config = crate::sdk_config().await;
    let store = DynamoStore::from_config(&config, table);
    let service =
        ApplicationService::new(Arc::new(store), clock_starting_at(now), Arc::new(campaign));
    // What the cold start spends before the first invocation (measured by scripts/bench).
    let total_us = started.elapsed().as_micros() as u64;
    tracing::info!(
        campaign_us,
        sdk_us = total_us - campaign_us,
        total_us,
        "initialised"
    );
    Ok((service, config))
}

/// The service sending each submission's confirmation through SES from
/// `CASEBOOK_MAIL_FROM` (unchanged without it: confirmations then stay pending). Only the
/// functions that submit call this, so the others link no SES client.
pub fn with_confirmations(
    service: ApplicationService,
    config: &aws_config::SdkConfig,
) -> ApplicationService {
    match std::env::var("CASEBOOK_MAIL_FROM")
        .ok()
        .filter(|f| !f.trim().is_empty())
    {
        Some(from) => service.with_mailer(Arc::new(crate::SesMailer::from_config(config, from))),
        None => service,
    }
}

/// The attachment service: the applicant service plus the bucket `CASEBOOK_BUCKET`.
pub async fn attachments_from_env() -> Result<AttachmentService, SetupError> {
    let (applications, config) = applications_from_env().await?;
    attachments_on(applications, &config)
}

/// The attachment service over an applicant service already built (no second set-up).
pub fn attachments_on(
    applications: ApplicationService,
    config: &aws_config::SdkConfig,
) -> Result<AttachmentService, SetupError> {
    let bucket = crate::required_setting("CASEBOOK_BUCKET", BUCKET_HINT)?;
    let s3 = crate::s3_client(config);
    let links = S3TransferLinks::new(s3.clone(), &bucket, applications.clock());
    Ok(AttachmentService::new(
        applications,
        Arc::new(S3BlobStore::new(s3, &bucket)),
        Arc::new(links),
    ))
}
