//! The attachments function on AWS Lambda: the same Router `casebook serve` runs, on
//! DynamoDB and S3 (presigned uploads and downloads).

use casebook_startup::{Dependencies, Settings};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?.with_files(&settings);
    let service = deps.on_open_call(Dependencies::require_attachments).await?;
    lambda_http::run(casebook_attachments::standalone(service)).await
}
