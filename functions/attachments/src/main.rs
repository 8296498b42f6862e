//! The attachments function on AWS Lambda: the same Router `casebook serve` runs, on
//! DynamoDB and S3 (presigned uploads and downloads).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::tracing::init_default_subscriber();
    let service = casebook_aws::setup::attachments_from_env().await?;
    lambda_http::run(casebook_attachments::standalone(service)).await
}
