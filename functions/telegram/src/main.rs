//! The Telegram webhook on AWS Lambda, on the DynamoDB store. Settings:
//! `TELEGRAM_BOT_TOKEN`, `TELEGRAM_WEBHOOK_SECRET` (both from the stack's secret
//! parameters), `CASEBOOK_TABLE`, optionally `CASEBOOK_MAIL_FROM` for confirmations and
//! `CASEBOOK_BUCKET` for files sent in the chat.

use casebook_startup::{Dependencies, Settings};
use casebook_telegram::{Webhook, router};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let telegram = &settings.telegram;
    telegram.require_bot_token()?;
    let secret = telegram.require_webhook_secret()?;
    let deps = Dependencies::build(&settings)
        .await?
        .with_files(&settings)
        .with_mail(&settings);
    // Documents sent in the chat become attachments when the bucket is configured.
    // The open call is read at the first request: the start makes no request.
    let (telegram, secret) = (telegram.clone(), secret.to_string());
    let make = deps.on_open_call(move |deps| {
        let bot = deps
            .telegram_bot(&telegram)
            .map_err(|e| e.to_string())?
            .ok_or("TELEGRAM_BOT_TOKEN is not set")?;
        Ok::<_, String>(router(Webhook {
            bot,
            secret: secret.clone().into(),
        }))
    })?;
    lambda_http::run(casebook_http::on_first_request(make)).await
}
