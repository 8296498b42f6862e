//! The wechat function on AWS Lambda: the account's server URL, the same Router
//! `casebook serve` mounts, on the DynamoDB store.

use std::sync::Arc;

use casebook_startup::{Dependencies, Settings, StartupError};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    // The message, not the variant, is what the init error shows.
    let account = casebook_startup::wechat_account(&settings.wechat).map_err(|e| e.to_string())?;
    let deps = Dependencies::build(&settings).await?.with_mail(&settings);
    // The open call is read at the first request: the start makes no request.
    let make = deps.on_open_call(move |deps| {
        Ok::<_, StartupError>(casebook_wechat::standalone(Arc::new(
            deps.wechat_bot(account.clone()),
        )))
    })?;
    lambda_http::run(casebook_http::on_first_request(make)).await
}
