//! The real `admin` binary as Lambda runs it: under a stub Lambda Runtime API on
//! loopback, on a DynamoDB table of the local AWS-compatible server `scripts/test`
//! starts, with a round seeded on the same table.

use std::process::{Command, Stdio};

use casebook_testkit::StubRuntime;
use casebook_testkit::review_round::{OPT_OUT_KEY, ORGANIZER_KEY, REVIEWER_KEY, function_env};
use serde_json::Value;

mod common;

#[tokio::test]
async fn the_function_serves_organizers_from_dynamodb() {
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let (table, round) = common::seeded_table(&clients, "admin").await;
    // The admin function's keys, as the template gives them: the reviewer's, the
    // organizer's and the opt-out key's secrets in Secrets Manager (read at first use).
    let key_secrets = common::key_secrets(
        &clients,
        &table,
        &[
            ("CASEBOOK_REVIEWER_KEY_SECRET", REVIEWER_KEY),
            ("CASEBOOK_ORGANIZER_KEY_SECRET", ORGANIZER_KEY),
            ("CASEBOOK_OPT_OUT_KEY_SECRET", OPT_OUT_KEY),
        ],
    )
    .await;

    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_admin"))
        .envs(runtime.lambda_env("admin"))
        .envs(function_env(&table))
        .envs(key_secrets)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let answers = common::answers(
        &runtime,
        &mut child,
        "admin",
        &[
            "assign",
            "progress",
            "reviewers",
            "progress-reviewer-token",
            "close",
            "rankings",
            "decisions",
            "stats",
            "nudge",
        ],
        &round,
    )
    .await;
    let status = |i: usize| answers[i].status;
    let body = |i: usize| answers[i].body.clone();
    // Seeded with 2 per case already: nothing to add, Rio Mesh (Brazil) has only Cleo.
    assert_eq!(status(0), Some(200), "{}", body(0));
    assert_eq!(body(0)["assigned"], 0);
    assert_eq!(body(0)["unassignable"].as_array().unwrap().len(), 1);
    assert_eq!(status(1), Some(200));
    assert_eq!(body(1)["reviews"], serde_json::json!({"done": 0, "due": 5}));
    assert_eq!(body(1)["cases"].as_array().unwrap().len(), 3);
    assert_eq!(status(2), Some(200));
    assert_eq!(body(2)["reviewers"].as_array().unwrap().len(), 2);
    assert_eq!(
        status(3),
        Some(401),
        "a reviewer's token opens no admin route"
    );
    assert_eq!(
        (status(4), &body(4)["closed"]),
        (Some(200), &Value::Bool(true))
    );
    assert_eq!(status(5), Some(200), "{}", body(5));
    assert_eq!(body(5)["closed"], true);
    assert_eq!(body(5)["by"], "raw");
    assert_eq!(body(5)["cases"].as_array().unwrap().len(), 3);
    // The log: the seeding's registrations and assignment, then the closing, made over
    // HTTP and recorded under the token's organizer.
    let log = body(6)["log"].as_array().unwrap().clone();
    let closed = log.iter().find(|e| e["action"] == "round_closed").unwrap();
    assert_eq!(closed["by"], casebook_testkit::review_round::ORGANIZER);
    assert_eq!(log.last(), Some(closed));
    assert_eq!(body(7)["by_status"]["in_review"], 3, "{}", body(7));
    // The late reviewers nudged (no sender is configured here: each counts as failed,
    // to be tried again).
    assert_eq!(status(8), Some(200), "{}", body(8));
    assert_eq!(body(8)["round"], 1);
    assert_eq!(body(8)["failed"], 2, "{}", body(8));
}
