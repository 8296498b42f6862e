//! The reviews function on AWS Lambda: the reviewer routes and the review page, the same
//! Router `casebook serve` runs, on the DynamoDB store (with S3 download links when
//! `CASEBOOK_BUCKET` is set, and SES for the hand-over news when `CASEBOOK_MAIL_FROM` is).

use casebook_startup::{Dependencies, Settings};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::tracing::init_default_subscriber();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings)
        .await?
        .with_files(&settings)
        .with_mail(&settings);
    lambda_http::run(casebook_reviews::standalone(deps.reviews()?)).await
}
