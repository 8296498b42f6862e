//! The admin function on AWS Lambda: the organizer routes, the same Router `casebook
//! serve` runs, on the DynamoDB store, telling reviewers through SES when
//! `CASEBOOK_MAIL_FROM` is set, and applicants' Telegram chats when
//! `TELEGRAM_BOT_TOKEN` is set.

use casebook_startup::{Dependencies, Settings};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::tracing::init_default_subscriber();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?.with_mail(&settings);
    let mut decisions = deps.decisions();
    // Announcing writes to applicants' Telegram chats too, when the bot is configured.
    if let Some(chats) = casebook_bot::telegram::TelegramNotifier::from_token(
        settings.telegram.bot_token.as_deref(),
        settings.telegram.api_url.as_deref(),
    )? {
        decisions = decisions.with_chats(chats);
    }
    let admin = casebook_admin::Admin {
        reviews: deps.reviews()?,
        decisions,
    };
    lambda_http::run(casebook_admin::standalone(admin)).await
}
