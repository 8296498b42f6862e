//! The applications function on AWS Lambda: the same Router `casebook serve` runs, on
//! the DynamoDB store.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    // JSON logs with the request id when the function's log format is JSON.
    lambda_http::tracing::init_default_subscriber();
    let (service, config) = casebook_aws::setup::applications_from_env().await?;
    let service = casebook_aws::setup::with_confirmations(service, &config);
    lambda_http::run(casebook_applications::standalone(service)).await
}
