//! The real `applications` binary as Lambda runs it: under a stub Lambda Runtime API on
//! loopback, on a DynamoDB table of the local AWS-compatible server `scripts/test` starts.

use std::process::{Command, Stdio};
use std::time::Duration;

use casebook_testkit::StubRuntime;
use serde_json::Value;

fn event(name: &str) -> String {
    let path = format!(
        "{}/../../events/applications/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn the_function_answers_api_gateway_events_from_dynamodb() {
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let table = format!("casebook-lambda-{}", std::process::id());
    casebook_aws::init::ensure_table(&clients, &table)
        .await
        .unwrap();

    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_applications"))
        .envs(runtime.lambda_env("applications"))
        .env("CASEBOOK_TABLE", &table)
        .env("CASEBOOK_NOW", "2024-05-01T09:00:00+08:00")
        .env("CASEBOOK_REHEARSAL", "1")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .env(
            "CASEBOOK_UPLOAD_ORIGIN",
            "https://casebook-files.s3.eu-west-1.amazonaws.com",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let create_request = runtime.push(event("create"));
    runtime.push(event("read-missing-token"));
    runtime.push(event("create-unknown-country"));
    runtime.push(event("page"));
    runtime.push(event("ask-unanswered"));
    let answers = tokio::time::timeout(Duration::from_secs(30), runtime.wait_for_answers(5))
        .await
        .expect("answers");
    let _ = child.kill();
    let logs = String::from_utf8_lossy(&child.wait_with_output().unwrap().stdout).into_owned();

    let status = |i: usize| answers[i].body["statusCode"].as_u64();
    let body = |i: usize| -> Value {
        serde_json::from_str(answers[i].body["body"].as_str().unwrap_or("null")).unwrap()
    };
    assert!(answers.iter().all(|a| a.ok), "{answers:?}");
    assert_eq!(status(0), Some(201), "{:?}", answers[0]);
    assert_eq!(body(0)["countries"], serde_json::json!(["CN", "KE", "BR"]));
    assert_eq!(status(1), Some(401));
    assert_eq!(status(2), Some(400));
    assert_eq!(body(2)["error"]["field"], "countries[1]");
    // The applicant page may upload to the bucket, and nowhere else.
    assert_eq!(status(3), Some(200));
    let policy = answers[3].body["headers"]["content-security-policy"]
        .as_str()
        .unwrap_or_default();
    assert!(
        policy.contains("connect-src 'self' https://casebook-files.s3.eu-west-1.amazonaws.com;"),
        "{policy}"
    );
    // A question the FAQ cannot answer is kept in the table for the organizers.
    assert_eq!(body(4)["forwarded"], true, "{:?}", answers[4]);

    // Logs are JSON lines for CloudWatch, and carry the invocation's request id.
    let created = logs
        .lines()
        .find(|l| l.contains("draft created"))
        .unwrap_or_else(|| panic!("no log line: {logs}"));
    let line: Value = serde_json::from_str(created).expect("a JSON log line");
    assert!(line.to_string().contains(&create_request), "{line}");
    // One searchable line per request: function, method, route, status, latency, and
    // the invocation's request id; nothing the caller sent.
    let request_lines: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["fields"]["message"] == "request")
        .collect();
    assert_eq!(request_lines.len(), 5, "{logs}");
    let created = &request_lines[0];
    assert_eq!(created["fields"]["function"], "applications", "{created}");
    assert_eq!(created["fields"]["method"], "POST");
    assert_eq!(created["fields"]["route"], "/applications");
    assert_eq!(created["fields"]["status"], 201);
    assert!(
        created["fields"]["latency_ms"].as_f64().is_some(),
        "{created}"
    );
    assert!(created.to_string().contains(&create_request), "{created}");
    assert_eq!(request_lines[1]["fields"]["route"], "/applications/{id}");
    assert_eq!(request_lines[1]["fields"]["status"], 401);
    // Metrics in CloudWatch's embedded format: the refusals by code, the latency.
    let metrics: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l.get("_aws").is_some())
        .collect();
    let refused = metrics
        .iter()
        .find(|m| m["kind"] == "unknown_country")
        .unwrap_or_else(|| panic!("no refusal metric: {logs}"));
    assert_eq!(refused["Refusals"], 1.0);
    assert_eq!(refused["function"], "applications");
    assert_eq!(
        refused["_aws"]["CloudWatchMetrics"][0]["Namespace"],
        "casebook"
    );
    assert_eq!(
        metrics
            .iter()
            .filter(|m| m.get("Latency").is_some())
            .count(),
        5,
        "{logs}"
    );
    for line in &request_lines {
        let text = line.to_string();
        assert!(
            !text.contains("Bearer") && !text.contains("@example"),
            "{text}"
        );
    }

    // The draft is really in DynamoDB.
    let id = body(0)["id"].as_str().unwrap().to_string();
    let item = clients
        .dynamodb
        .get_item()
        .table_name(&table)
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("APP#{id}")),
        )
        .key(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S("APP".into()),
        )
        .send()
        .await
        .unwrap();
    assert!(item.item().is_some());
}

#[test]
fn without_a_table_setting_the_function_stops_at_init_and_names_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_applications"))
        .env_remove("CASEBOOK_TABLE")
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .env("AWS_LAMBDA_FUNCTION_NAME", "applications")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CASEBOOK_TABLE"), "{err}");
}

#[test]
fn a_rehearsal_clock_without_the_rehearsal_setting_stops_the_function_at_init() {
    let start = |rehearsal: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_applications"));
        command
            .env("CASEBOOK_TABLE", "casebook")
            .env("CASEBOOK_NOW", "2099-01-01T00:00:00Z")
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .env("AWS_REGION", "eu-west-1")
            .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
            .env("AWS_LAMBDA_FUNCTION_NAME", "applications");
        match rehearsal {
            Some(value) => command.env("CASEBOOK_REHEARSAL", value),
            None => command.env_remove("CASEBOOK_REHEARSAL"),
        };
        command.output().unwrap()
    };
    for rehearsal in [None, Some("0"), Some("maybe")] {
        let out = start(rehearsal);
        assert!(!out.status.success(), "{rehearsal:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("CASEBOOK_REHEARSAL"), "{rehearsal:?}: {err}");
    }
}

/// The function runs the call the table says is open: next year's, once the organizers
/// installed and opened it (`casebook campaign install`, `campaign open 2025`).
#[tokio::test]
async fn the_function_follows_the_call_opened_in_the_table() {
    use casebook_core::{CampaignStore, InstalledCampaign, OpenCall};
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let table = format!("casebook-lambda-years-{}", std::process::id());
    casebook_aws::init::ensure_table(&clients, &table)
        .await
        .unwrap();
    let store = casebook_aws::DynamoStore::new(clients.dynamodb.clone(), &table);
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../core/campaigns/2024.toml"
    ))
    .unwrap();
    let (next, _) = InstalledCampaign::check(
        &seed.replace("2024", "2025"),
        "2025-01-01T00:00:00Z".parse().unwrap(),
    )
    .unwrap();
    store.install_campaign(&next).await.unwrap();
    store.set_open_call(OpenCall::Year(2025)).await.unwrap();

    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_applications"))
        .envs(runtime.lambda_env("applications"))
        .env("CASEBOOK_TABLE", &table)
        .env("CASEBOOK_NOW", "2025-05-01T09:00:00+08:00")
        .env("CASEBOOK_REHEARSAL", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let answer = tokio::time::timeout(
        Duration::from_secs(30),
        runtime.invoke(event("call-chinese").replace("zh-CN", "en")),
    )
    .await
    .expect("an answer")
    .expect("no init error");
    let _ = child.kill();
    let _ = child.wait();
    let call: Value = serde_json::from_str(answer.body["body"].as_str().unwrap_or("null")).unwrap();
    assert_eq!(answer.body["statusCode"], 200, "{answer:?}");
    assert!(
        call["deadline"].as_str().unwrap_or("").contains("2025"),
        "{call}"
    );
}
