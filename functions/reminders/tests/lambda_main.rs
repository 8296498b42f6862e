//! The real `reminders` binary as Lambda runs it: under a stub Lambda Runtime API on
//! loopback, invoked with the scheduler's sample event, on a DynamoDB table and SES of
//! the local AWS-compatible server `scripts/test` starts.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use casebook_core::{ApplicationPatch, ApplicationService, Campaign, FixedClock, Role, Stores};
use casebook_testkit::StubRuntime;

fn scheduled() -> String {
    let path = format!(
        "{}/../../events/reminders/scheduled.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn the_scheduled_event_runs_the_day_once_on_dynamodb_and_ses() {
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let table = format!("casebook-reminders-{}", std::process::id());
    casebook_aws::init::ensure_table(&clients, &table)
        .await
        .unwrap();
    let sender = format!("practice-{}@example.org", std::process::id());
    casebook_aws::init::ensure_sender(&clients, &sender)
        .await
        .unwrap();
    let store = Arc::new(casebook_aws::DynamoStore::new(
        clients.dynamodb.clone(),
        &table,
    ));
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse().unwrap()));
    let applications = ApplicationService::new(
        &Stores::backed_by(store),
        clock,
        Arc::new(Campaign::builtin()),
    );
    let patch: ApplicationPatch = serde_json::from_value(serde_json::json!({
        "practice_name": "Village Links",
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
    }))
    .unwrap();
    applications
        .create_draft(patch, casebook_core::Lang::En)
        .await
        .unwrap();
    // The keys as `casebook aws init` (or the template) makes them: generated in Secrets
    // Manager, the reviewer's and the opt-out one only.
    let mut key_secrets = Vec::new();
    for role in [Role::Reviewer, Role::OptOut] {
        let name = format!("{table}/{}-key", role.name());
        let (_, arn) = casebook_aws::init::ensure_key_secret(&clients, &name)
            .await
            .unwrap();
        key_secrets.push((casebook_startup::key_secret_variable(role), arn));
    }

    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reminders"))
        .envs(runtime.lambda_env("reminders"))
        .env("CASEBOOK_TABLE", &table)
        .env("CASEBOOK_NOW", "2024-06-06T09:00:00+08:00")
        .env("CASEBOOK_REHEARSAL", "1")
        .envs(key_secrets.clone())
        .env(
            "CASEBOOK_PUBLIC_URL",
            "https://abc123.execute-api.eu-west-1.amazonaws.com",
        )
        .env("CASEBOOK_MAIL_FROM", &sender)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    runtime.push(scheduled());
    runtime.push(scheduled());
    runtime.push(r#"{"kind": "something else"}"#);
    let answers = tokio::time::timeout(Duration::from_secs(30), runtime.wait_for_answers(3))
        .await
        .expect("answers");
    let _ = child.kill();
    let _ = child.wait();

    assert!(answers[0].ok, "{:?}", answers[0]);
    assert_eq!(answers[0].body["due"], serde_json::json!(["drafts:T-14"]));
    assert_eq!(answers[0].body["sent"], 1, "{:?}", answers[0]);
    assert!(answers[1].ok);
    assert_eq!(
        (
            answers[1].body["sent"].as_u64(),
            answers[1].body["already_sent"].as_u64()
        ),
        (Some(0), Some(1)),
        "the second invocation sends nothing again"
    );
    assert!(
        !answers[2].ok,
        "an unexpected event is an error: {:?}",
        answers[2]
    );

    // The nudge's opt-out link is signed with the opt-out secret's key, and only with it.
    let sent = reqwest::get(format!(
        "{}/moto-api/data.json",
        casebook_testkit::local_aws_endpoint()
    ))
    .await
    .unwrap()
    .json::<serde_json::Value>()
    .await
    .unwrap();
    let nudge = sent["ses"]["Message"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["source"].as_str().is_some_and(|s| s.contains(&sender)))
        .map(|m| m["body"].as_str().unwrap_or("").to_string())
        .next()
        .expect("the nudge, sent through SES");
    let token = nudge
        .split("/opt-out?token=")
        .nth(1)
        .and_then(|rest| {
            rest.split(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
                .next()
        })
        .expect("an opt-out link");
    let key_of = |arn: String| {
        let secrets = clients.secrets.clone();
        async move {
            let value = secrets
                .get_secret_value()
                .secret_id(arn)
                .send()
                .await
                .unwrap();
            casebook_core::access::key_from_base64(value.secret_string().unwrap()).unwrap()
        }
    };
    let opt_out_key = key_of(key_secrets[1].1.clone()).await;
    let reviewer_key = key_of(key_secrets[0].1.clone()).await;
    assert_ne!(opt_out_key, reviewer_key, "a key per role");
    let tokens = |role: Role, key: &[u8]| {
        casebook_core::AccessTokens::new(Arc::new(
            casebook_core::GivenKeys::default().with(role, key).unwrap(),
        ))
    };
    let grant = tokens(Role::OptOut, &opt_out_key)
        .verify(token, Role::OptOut)
        .await
        .unwrap();
    assert_eq!(grant.subject, "li.wei@example.org");
    assert!(
        tokens(Role::OptOut, &reviewer_key)
            .verify(token, Role::OptOut)
            .await
            .is_err()
    );
}
