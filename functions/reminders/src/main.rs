//! The reminders function on AWS Lambda: EventBridge Scheduler invokes it daily with
//! `{"kind": "reminders"}` (the template's `Input`); it runs the job once on the DynamoDB
//! store and sends through SES, paced to the account's sending rate. A failed send makes
//! the invocation fail, so the scheduler's retry sends it (each message still goes once).

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
    let service = deps
        .on_open_call(|deps| {
            let mut service = deps.reminders()?;
            // Drafts that live in Telegram are nudged there too.
            if let Some(chats) = deps.chat_notifier(&settings.telegram)? {
                service = service.with_chats(chats);
            }
            Ok::<_, StartupError>(service)
        })
        .await?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<ScheduledRun>| {
        let service = service.clone();
        async move {
            casebook_reminders::handle(&service, &event.payload)
                .await
                .map_err(lambda_runtime::Error::from)
        }
    }))
    .await
}
