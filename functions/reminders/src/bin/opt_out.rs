//! The opt-out function on AWS Lambda: the page the reminders' e-mails link to, on the
//! DynamoDB store. Its own small function, so the scheduled job needs no HTTP route.

use casebook_startup::{Dependencies, Settings};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?;
    lambda_http::run(casebook_reminders::standalone(deps.opt_outs()?)).await
}
