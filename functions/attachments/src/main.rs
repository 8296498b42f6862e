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
    // Its bucket is checked at the start; the open call is read at the first request.
    let make = deps.on_open_call(|deps| {
        deps.require_attachments()
            .map(casebook_attachments::standalone)
    })?;
    lambda_http::run(casebook_http::on_first_request(make)).await
}
