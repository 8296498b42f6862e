//! The admin function on AWS Lambda: the organizer routes, the same Router `casebook
//! serve` runs, on the DynamoDB store, telling reviewers through SES when
//! `CASEBOOK_MAIL_FROM` is set. The exports have their own function (`exports_main.rs`).

use casebook_startup::{Dependencies, Settings, StartupError};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?.with_mail(&settings);
    // Announcing here sends the e-mails; Telegram messages are left for `casebook admin
    // announce --backend aws` with TELEGRAM_BOT_TOKEN (the Telegram client would take
    // this function over 10 MB). Each message is still sent once.
    // Its keys are checked at the start; the open call is read at the first request.
    let served = |deps: &Dependencies| admin(deps).map(casebook_admin::standalone);
    let organizer = casebook_admin::organizer_check(deps.organizers()?);
    let years = deps.clone().on_year(served);
    let open = casebook_http::on_first_request(deps.on_open_call(served)?);
    lambda_http::run(casebook_http::by_year(open, years, organizer)).await
}

fn admin(deps: &Dependencies) -> Result<casebook_admin::Admin, StartupError> {
    let reviews = deps.reviews()?;
    Ok(casebook_admin::Admin {
        // The reviewer nudge carries an opt-out link: this function holds that key too.
        reminders: deps.reminders_over(&reviews)?,
        reviews,
        decisions: deps.decisions(),
        announcements: deps.announcements(),
        organizers: deps.organizers()?,
        // No Telegram client here (its size): answers in chats from `casebook serve` or
        // `casebook admin questions --answer` with TELEGRAM_BOT_TOKEN.
        questions: deps.questions(),
    })
}
