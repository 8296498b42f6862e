//! The reminders function on AWS Lambda: EventBridge Scheduler invokes it daily with
//! `{"kind": "reminders"}` (the template's `Input`); it runs the job once on the DynamoDB
//! store and sends through SES, paced to the account's sending rate. A failed send makes
//! the invocation fail, so the scheduler's retry sends it (each message still goes once).

use std::sync::Arc;

use casebook_reminders::ScheduledRun;
use casebook_startup::{Dependencies, Settings, StartupError};
use lambda_runtime::{LambdaEvent, service_fn};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings)
        .await?
        .with_paced_mail(&settings);
    // Its keys are checked at the start; the open call is read at the first run.
    let telegram = settings.telegram.clone();
    let make = deps.on_open_call(move |deps| reminders(deps, &telegram))?;
    let made = Arc::new(tokio::sync::OnceCell::new());
    lambda_runtime::run(service_fn(|event: LambdaEvent<ScheduledRun>| {
        let (made, make) = (made.clone(), make.clone());
        async move {
            let service = made.get_or_try_init(make).await?;
            casebook_reminders::handle(service, &event.payload)
                .await
                .map_err(lambda_runtime::Error::from)
        }
    }))
    .await
}

/// The reminder service, telling drafts that live in Telegram there too.
fn reminders(
    deps: &Dependencies,
    telegram: &casebook_startup::TelegramSettings,
) -> Result<casebook_core::ReminderService, StartupError> {
    let mut service = deps.reminders()?;
    if let Some(chats) = deps.chat_notifier(telegram)? {
        service = service.with_chats(chats);
    }
    Ok(service)
}
