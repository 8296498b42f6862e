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
    deps.require_attachments()?;
    let app = casebook_http::on_first_request(move || {
        let deps = deps.clone();
        async move {
            let deps = deps
                .following_open_call()
                .await
                .map_err(|e| e.to_string())?;
            Ok(casebook_attachments::standalone(
                deps.require_attachments().map_err(|e| e.to_string())?,
            ))
        }
    });
    lambda_http::run(app).await
}
