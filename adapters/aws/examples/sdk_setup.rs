//! Where a function's cold start goes, step by step, in one fresh process: the built-in
//! campaign, the SDK configuration (aws-config's default chain, or the environment only,
//! as on Lambda), the DynamoDB client, and the first request (connector, TLS roots,
//! credentials resolved). Prints one JSON line of microseconds.
//!
//! `cargo build --release -p casebook-aws --example sdk_setup`, then against a local
//! AWS-compatible server: `scripts/with-moto target/release/examples/sdk_setup [defaults|environment]`.

use std::time::Instant;

#[tokio::main]
async fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "defaults".into());
    let start = Instant::now();
    let mut marks = Vec::new();
    let mut mark = |name: &'static str| marks.push((name, start.elapsed().as_micros()));
    let campaign = casebook_domain::Campaign::builtin();
    mark("campaign");
    let config = match mode.as_str() {
        "defaults" => casebook_aws::sdk_config().await,
        _ => casebook_aws::lambda_sdk_config(),
    };
    mark("sdk_config");
    let client = aws_sdk_dynamodb::Client::new(&config);
    mark("client");
    let listed = client.list_tables().limit(1).send().await;
    mark("first_request");
    let listed = listed.map(|_| "ok").unwrap_or("failed");
    let fields: Vec<String> = marks
        .iter()
        .map(|(name, us)| format!("\"{name}\": {us}"))
        .collect();
    println!(
        "{{\"mode\": \"{mode}\", \"year\": {}, \"request\": \"{listed}\", {}}}",
        campaign.year(),
        fields.join(", ")
    );
}
