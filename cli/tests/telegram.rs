//! `casebook serve` with TELEGRAM_BOT_TOKEN answers Telegram by long polling, against a
//! fake Bot API on loopback (TELEGRAM_API_URL), on the same data as the HTTP API.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use casebook_bench::fake_telegram::{FakeBotApi, button_update, text_update};

#[tokio::test]
async fn serve_answers_telegram_messages_and_buttons() {
    let fake = FakeBotApi::start().await.unwrap();
    fake.push(text_update(1, "/start"));
    fake.push(button_update(2, "/faq eligibility"));
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--now",
            "2024-05-01T09:00:00+08:00",
            "--data-dir",
        ])
        .arg(dir.path())
        .env("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN-not-a-real-one")
        .env("TELEGRAM_API_URL", &fake.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("casebook listening on"), "{line}");

    let calls = fake.wait_for(4).await;
    let _ = child.kill();
    let _ = child.wait();
    let texts: Vec<&str> = calls
        .iter()
        .filter_map(|(_, body)| body["text"].as_str())
        .collect();
    assert!(
        texts[0].starts_with("Hello! I am the assistant"),
        "{calls:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("2 or more countries or regions")),
        "{calls:#?}"
    );
    assert!(
        calls
            .iter()
            .any(|(m, b)| m == "AnswerCallbackQuery" && b["callback_query_id"] == "cb2")
    );
}
