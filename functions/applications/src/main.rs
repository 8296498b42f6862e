//! The applications function on AWS Lambda: the same Router `casebook serve` runs.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use casebook_core::{ApplicationService, Campaign, Clock, ShiftedClock, SystemClock};
use casebook_embedded::SqliteStore;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::tracing::init_default_subscriber();
    let service = service_from_env()?;
    lambda_http::run(casebook_applications::router(service)).await
}

/// Reads the configuration once, at cold start; a bad setting stops the start with a
/// message naming it.
fn service_from_env() -> anyhow::Result<ApplicationService> {
    let campaign = match std::env::var_os("CASEBOOK_CAMPAIGN") {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading CASEBOOK_CAMPAIGN={path:?}"))?;
            Campaign::from_toml(&text).with_context(|| format!("CASEBOOK_CAMPAIGN={path:?}"))?
        }
        None => Campaign::builtin(),
    };
    let clock: Arc<dyn Clock> = match std::env::var("CASEBOOK_NOW") {
        Ok(now) => Arc::new(ShiftedClock::starting_at(
            now.parse()
                .with_context(|| format!("CASEBOOK_NOW={now:?} is not an RFC 3339 time"))?,
        )),
        Err(_) => Arc::new(SystemClock),
    };
    // Until the DynamoDB store lands, the function keeps its data in the Lambda's /tmp.
    let data_dir = std::env::var_os("CASEBOOK_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/tmp/casebook".into());
    let store = SqliteStore::open_dir(&data_dir)?;
    Ok(ApplicationService::new(
        Arc::new(store),
        clock,
        Arc::new(campaign),
    ))
}
