//! The real `exports` binary as Lambda runs it: under a stub Lambda Runtime API on
//! loopback, on a DynamoDB table and an S3 bucket of the local AWS-compatible server
//! `scripts/test` starts, with a round seeded on the same table.

use std::process::{Command, Stdio};

use casebook_testkit::StubRuntime;
use casebook_testkit::review_round::{ORGANIZER_KEY, function_env};

mod common;

#[tokio::test]
async fn the_function_gives_the_exports_and_the_collection_from_dynamodb_and_s3() {
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let (table, round) = common::seeded_table(&clients, "exports").await;
    // The bucket the cases' images are read from and the Collection's zip is kept in.
    let bucket = format!("casebook-exports-files-{}", std::process::id());
    let region = std::env::var("AWS_REGION").ok();
    casebook_aws::init::ensure_bucket(&clients, &bucket, region.as_deref())
        .await
        .unwrap();
    // The exports function's one key, as the template gives it: the organizer's secret
    // in Secrets Manager (read at its first use).
    let key_secrets = common::key_secrets(
        &clients,
        &table,
        &[("CASEBOOK_ORGANIZER_KEY_SECRET", ORGANIZER_KEY)],
    )
    .await;

    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_exports"))
        .envs(runtime.lambda_env("exports"))
        .envs(function_env(&table))
        .envs(key_secrets)
        .env("CASEBOOK_BUCKET", &bucket)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let answers = common::answers(
        &runtime,
        &mut child,
        "exports",
        &["export", "export-xlsx", "collection"],
        &round,
    )
    .await;
    let status = |i: usize| answers[i].status;
    let body = |i: usize| answers[i].body.clone();
    assert_eq!(status(0), Some(200));
    // Sent as bytes (base64), so API Gateway hands Excel the byte-order mark.
    assert_eq!(answers[0].raw["isBase64Encoded"], true);
    let bytes = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        answers[0].raw["body"].as_str().unwrap_or(""),
    )
    .unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{bytes:?}");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(
        csv.lines().count(),
        4,
        "a header and three applications: {csv}"
    );
    // The workbook, as bytes too: a zip (XLSX is one) with the sheet.
    assert_eq!(status(1), Some(200));
    assert_eq!(answers[1].raw["isBase64Encoded"], true);
    let xlsx = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        answers[1].raw["body"].as_str().unwrap_or(""),
    )
    .unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip");
    // The Collection (nothing decided yet: no case) kept in the bucket under exports/ and
    // offered by a presigned link that downloads exactly it.
    assert_eq!(status(2), Some(200), "{}", body(2));
    let offered = body(2);
    assert_eq!(offered["cases"], 0);
    let kept = clients
        .s3
        .list_objects_v2()
        .bucket(&bucket)
        .prefix("exports/2024/")
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = kept.contents().iter().filter_map(|o| o.key()).collect();
    assert!(
        keys.len() == 1 && keys[0].ends_with("/collection-2024.zip"),
        "{keys:?}"
    );
    let zip = reqwest::get(offered["url"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(zip.status(), 200);
    let zip = zip.bytes().await.unwrap();
    assert!(zip.starts_with(b"PK"));
    assert_eq!(zip.len() as u64, offered["bytes"].as_u64().unwrap());
}
