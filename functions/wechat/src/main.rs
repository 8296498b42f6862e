//! The wechat function on AWS Lambda: the account's server URL, the same Router
//! `casebook serve` mounts, on the DynamoDB store.

use std::sync::Arc;

use casebook_startup::{Dependencies, Settings};

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
    let app = casebook_http::on_first_request(move || {
        let (deps, account) = (deps.clone(), account.clone());
        async move {
            let deps = deps
                .following_open_call()
                .await
                .map_err(|e| e.to_string())?;
            Ok(casebook_wechat::standalone(Arc::new(
                deps.wechat_bot(account),
            )))
        }
    });
    lambda_http::run(app).await
}
