//! The reviews function on AWS Lambda: the reviewer routes and the review page, the same
//! Router `casebook serve` runs, on the DynamoDB store, with S3 download links when
//! `CASEBOOK_BUCKET` is set. No SES client: it would take the binary over 10 MB, and the
//! one e-mail this function could send (a declined case's new reviewer) is not needed for
//! the case to show on their list; the admin function and the reminders write to reviewers.

use casebook_startup::{Dependencies, Settings};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?.with_files(&settings);
    // Its key is checked at the start; the open call is read at the first request.
    let make = deps.on_open_call(|deps| deps.reviews().map(casebook_reviews::standalone))?;
    lambda_http::run(casebook_http::on_first_request(make)).await
}
