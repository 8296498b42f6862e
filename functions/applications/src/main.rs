//! The applications function on AWS Lambda: the same Router `casebook serve` runs, on
//! the DynamoDB store.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use casebook_aws::{DynamoStore, TABLE_HINT, required_setting, sdk_config};
use casebook_core::{ApplicationService, Campaign, clock_starting_at};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    // JSON logs with the request id when the function's log format is JSON.
    lambda_http::tracing::init_default_subscriber();
    let service = service_from_env().await?;
    lambda_http::run(casebook_applications::standalone(service)).await
}

/// Reads the configuration and builds the SDK client once, at cold start; a bad setting
/// stops the start with a message naming it.
async fn service_from_env() -> anyhow::Result<ApplicationService> {
    let started = std::time::Instant::now();
    let campaign_file = std::env::var_os("CASEBOOK_CAMPAIGN").map(PathBuf::from);
    let campaign = Campaign::load(campaign_file.as_deref())?;
    let now = match std::env::var("CASEBOOK_NOW") {
        Ok(text) => Some(
            text.parse()
                .with_context(|| format!("CASEBOOK_NOW={text:?} is not an RFC 3339 time"))?,
        ),
        Err(_) => None,
    };
    let campaign_us = started.elapsed().as_micros() as u64;
    let table = required_setting("CASEBOOK_TABLE", TABLE_HINT)?;
    let config = sdk_config().await;
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
    Ok(service)
}
