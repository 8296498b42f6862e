//! The real `reviews` binary as Lambda runs it: under a stub Lambda Runtime API on
//! loopback, on a DynamoDB table of the local AWS-compatible server `scripts/test`
//! starts, with a round seeded on the same table.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use casebook_core::{ApplicationId, ReviewStore, ReviewerId};
use casebook_testkit::StubRuntime;
use casebook_testkit::review_round::{function_env, key_env, seed_round_one};
use serde_json::Value;

fn event(name: &str, token: &str, case: &str) -> String {
    let path = format!(
        "{}/../../events/reviews/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .replace("REVIEWER_TOKEN", token)
        .replace("APPLICATION_ID", case)
}

#[tokio::test]
async fn the_function_serves_a_reviewer_from_dynamodb() {
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let table = format!("casebook-reviews-{}", std::process::id());
    casebook_aws::init::ensure_table(&clients, &table)
        .await
        .unwrap();
    let store = Arc::new(casebook_aws::DynamoStore::new(
        clients.dynamodb.clone(),
        &table,
    ));
    let round = seed_round_one(store.clone()).await.unwrap();
    let token = &round.reviewer_token;

    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reviews"))
        .envs(runtime.lambda_env("reviews"))
        .envs(function_env(&table))
        .envs(key_env())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for (name, case) in [
        ("assignments", ""),
        ("assignments-no-token", ""),
        ("case", &round.cases[0]),
        ("review", &round.cases[0]),
        ("review-out-of-scale", &round.cases[0]),
        ("conflict", &round.cases[1]),
        ("page", ""),
    ] {
        runtime.push(event(name, token, case));
    }
    let answers = tokio::time::timeout(Duration::from_secs(30), runtime.wait_for_answers(7))
        .await
        .expect("answers");
    let _ = child.kill();
    let _ = child.wait();

    let status = |i: usize| answers[i].body["statusCode"].as_u64();
    let body = |i: usize| -> Value {
        serde_json::from_str(answers[i].body["body"].as_str().unwrap_or("null"))
            .unwrap_or(Value::Null)
    };
    assert!(answers.iter().all(|a| a.ok), "{answers:?}");
    assert_eq!(status(0), Some(200), "{:?}", answers[0]);
    assert_eq!(body(0)["assignments"].as_array().unwrap().len(), 3);
    assert_eq!(status(1), Some(401));
    assert_eq!(status(2), Some(200));
    assert!(body(2).get("contact").is_none());
    assert_eq!(body(2)["criteria"][0]["title"], "主题契合度");
    assert_eq!(status(3), Some(200), "{}", body(3));
    assert_eq!(body(3)["status"], "submitted");
    assert_eq!(status(4), Some(422), "{}", body(4));
    assert_eq!(body(4)["error"]["field"], "scores.conceptual_fit");
    assert_eq!(status(5), Some(200), "{}", body(5));
    assert_eq!(status(6), Some(200));
    let headers = &answers[6].body["headers"];
    assert!(
        headers["content-security-policy"]
            .as_str()
            .unwrap_or("")
            .starts_with("default-src 'none'"),
        "{headers}"
    );

    // The review is in DynamoDB: one item for (round, case, reviewer).
    let reviewer = ReviewerId::parse(body(0)["reviewer"]["id"].as_str().unwrap()).unwrap();
    let case = ApplicationId::parse(&round.cases[0]).unwrap();
    let stored = store.get_review(1, case, reviewer).await.unwrap().unwrap();
    assert!(stored.submitted);
    assert_eq!(stored.scores["benefits_to_mankind"], 9);
}

/// Starts the function with `env` (and a runtime that is not there) and returns what it
/// printed when it stopped at init.
fn init_failure(env: &[(&str, &str)]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reviews"));
    for (name, _) in casebook_testkit::review_round::key_env() {
        command.env_remove(name);
        command.env_remove(format!("{name}_SECRET"));
    }
    let out = command
        .env_remove("CASEBOOK_SIGNING_KEY")
        .env("CASEBOOK_TABLE", "casebook")
        .env(
            "CASEBOOK_PUBLIC_URL",
            "https://abc123.execute-api.eu-west-1.amazonaws.com",
        )
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .env("AWS_LAMBDA_FUNCTION_NAME", "reviews")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(!out.status.success(), "{env:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn without_its_key_the_function_stops_at_init_and_names_it() {
    // The reviews function checks reviewer tokens: the others' keys are not its own.
    let err = init_failure(&[
        ("CASEBOOK_ORGANIZER_KEY_SECRET", "casebook/organizer-key"),
        ("CASEBOOK_OPT_OUT_KEY_SECRET", "casebook/opt-out-key"),
    ]);
    assert!(
        err.contains("CASEBOOK_REVIEWER_KEY_SECRET is not set"),
        "{err}"
    );
}

#[test]
fn the_retired_shared_key_or_a_key_given_twice_stops_the_function_at_init() {
    let err = init_failure(&[(
        "CASEBOOK_SIGNING_KEY",
        casebook_testkit::review_round::REVIEWER_KEY,
    )]);
    assert!(
        err.contains("CASEBOOK_SIGNING_KEY is no longer read")
            && err.contains("CASEBOOK_REVIEWER_KEY_SECRET"),
        "{err}"
    );
    let err = init_failure(&[
        (
            "CASEBOOK_REVIEWER_KEY",
            casebook_testkit::review_round::REVIEWER_KEY,
        ),
        ("CASEBOOK_REVIEWER_KEY_SECRET", "casebook/reviewer-key"),
    ]);
    assert!(err.contains("are both set"), "{err}");
}

#[test]
fn a_passphrase_or_short_key_stops_the_function_at_init_with_the_reason() {
    for (key, reason) in [
        (
            "a-test-signing-key-of-at-least-32-characters",
            "reads as words",
        ),
        (
            "Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZSBhbmQgbW9yZSB3b3Jkcw==",
            "decodes to text",
        ),
        ("DBbWXFWITcI+2BMSCQOFko2W", "18 bytes"),
    ] {
        let err = init_failure(&[("CASEBOOK_REVIEWER_KEY", key)]);
        assert!(
            err.contains("CASEBOOK_REVIEWER_KEY:") && err.contains(reason),
            "{key}: {err}"
        );
    }
}
