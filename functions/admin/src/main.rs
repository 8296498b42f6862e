//! The admin function on AWS Lambda: the organizer routes, the same Router `casebook
//! serve` runs, on the DynamoDB store, telling reviewers through SES when
//! `CASEBOOK_MAIL_FROM` is set.

use casebook_startup::{Dependencies, Settings};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::tracing::init_default_subscriber();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?.with_mail(&settings);
    let admin = casebook_admin::Admin {
        reviews: deps.reviews()?,
        decisions: deps.decisions(),
    };
    lambda_http::run(casebook_admin::standalone(admin)).await
}
