//! The Telegram webhook on AWS Lambda, on the DynamoDB store. Settings:
//! `TELEGRAM_BOT_TOKEN`, `TELEGRAM_WEBHOOK_SECRET` (both from the stack's secret
//! parameters), `CASEBOOK_TABLE`, optionally `CASEBOOK_MAIL_FROM` for confirmations.

use casebook_aws::required_setting;
use casebook_bot::Engine;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_telegram::{Webhook, router};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::tracing::init_default_subscriber();
    let token = required_setting("TELEGRAM_BOT_TOKEN", "set it to the token @BotFather gave")?;
    let secret = required_setting(
        "TELEGRAM_WEBHOOK_SECRET",
        "set it to the secret given to setWebhook",
    )?;
    let (applications, config) = casebook_aws::setup::applications_from_env().await?;
    let applications = casebook_aws::setup::with_confirmations(applications, &config);
    let store = applications.store().clone();
    let engine = Engine::new(applications.clone());
    let api_url = std::env::var("TELEGRAM_API_URL").ok();
    let bot = bot(&token, api_url.as_deref())?;
    let mut telegram = TelegramBot::new(bot, engine, store);
    // Documents sent in the chat become attachments when the bucket is configured.
    if std::env::var("CASEBOOK_BUCKET").is_ok() {
        telegram =
            telegram.with_attachments(casebook_aws::setup::attachments_on(applications, &config)?);
    }
    let webhook = Webhook {
        bot: telegram,
        secret: secret.into(),
    };
    lambda_http::run(router(webhook)).await
}
