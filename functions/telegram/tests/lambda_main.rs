//! The real `telegram` binary as Lambda runs it: under a stub Lambda Runtime API on
//! loopback, on a DynamoDB table of the local AWS-compatible server `scripts/test`
//! starts, answering a fake Telegram Bot API.

use std::process::{Command, Stdio};
use std::time::Duration;

use casebook_testkit::StubRuntime;
use casebook_testkit::fake_telegram::FakeBotApi;

fn event(name: &str) -> String {
    let path = format!(
        "{}/../../events/telegram/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn the_function_answers_a_webhook_event_once_from_dynamodb() {
    casebook_testkit::local_aws_endpoint();
    let clients = casebook_aws::AwsClients::from_env().await;
    let table = format!("casebook-telegram-{}", std::process::id());
    casebook_aws::init::ensure_table(&clients, &table)
        .await
        .unwrap();
    let fake = FakeBotApi::start().await.unwrap();

    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_telegram"))
        .envs(runtime.lambda_env("telegram"))
        .env("CASEBOOK_TABLE", &table)
        .env_remove("CASEBOOK_BUCKET")
        .env_remove("CASEBOOK_MAIL_FROM")
        .env("CASEBOOK_NOW", "2024-05-01T09:00:00+08:00")
        .env("CASEBOOK_REHEARSAL", "1")
        .env("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN-not-a-real-one")
        .env(
            "TELEGRAM_WEBHOOK_SECRET",
            "sample-webhook-secret-for-the-events-only",
        )
        .env("TELEGRAM_API_URL", &fake.url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    runtime.push(event("update"));
    runtime.push(event("update-wrong-secret"));
    // Telegram delivers the same update again.
    runtime.push(event("update"));
    let answers = tokio::time::timeout(Duration::from_secs(30), runtime.wait_for_answers(3))
        .await
        .expect("answers");
    let _ = child.kill();
    let _ = child.wait();

    let status = |i: usize| answers[i].body["statusCode"].as_u64();
    assert!(answers.iter().all(|a| a.ok), "{answers:?}");
    assert_eq!(status(0), Some(200), "{:?}", answers[0]);
    assert_eq!(status(1), Some(401), "{:?}", answers[1]);
    assert_eq!(status(2), Some(200), "{:?}", answers[2]);
    // Answered once: a welcome and the menu, to the chat of the sample update.
    let sent = fake.calls();
    assert_eq!(sent.len(), 2, "{sent:#?}");
    assert!(
        sent.iter()
            .all(|(m, b)| m == "SendMessage" && b["chat_id"] == 4242)
    );
    assert!(
        sent[0].1["text"]
            .as_str()
            .unwrap()
            .starts_with("Hello! I am the assistant"),
        "{sent:#?}"
    );
    // The conversation is kept in DynamoDB.
    let store = casebook_aws::DynamoStore::new(clients.dynamodb.clone(), table);
    let saved = casebook_core::DialogueStore::load_dialogue(&store, "telegram:4242")
        .await
        .unwrap();
    assert!(saved.is_some());
}
