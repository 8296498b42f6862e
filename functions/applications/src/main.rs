//! The applications function on AWS Lambda: the same Router `casebook serve` runs, on
//! the DynamoDB store, mailing confirmations through SES when `CASEBOOK_MAIL_FROM` is set.

use casebook_startup::{Dependencies, Settings, StartupError};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    // JSON logs with the request id when the function's log format is JSON.
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    if let Some(origin) = &settings.upload_origin {
        casebook_applications::allow_uploads_to(origin);
    }
    let deps = Dependencies::build(&settings).await?.with_mail(&settings);
    // The open call is read at the first request: the start makes no request.
    let make = deps.on_open_call(|deps| {
        Ok::<_, StartupError>(casebook_applications::standalone(deps.applications()))
    })?;
    lambda_http::run(casebook_http::on_first_request(make)).await
}
