//! `casebook serve` with TELEGRAM_BOT_TOKEN answers Telegram by long polling, against a
//! fake Bot API on loopback (TELEGRAM_API_URL), on the same data as the HTTP API.

mod common;

use common::Served;

use casebook_testkit::fake_telegram::{FakeBotApi, button_update, text_update};

#[tokio::test]
async fn serve_answers_telegram_messages_and_buttons() {
    let fake = FakeBotApi::start().await.unwrap();
    fake.push(text_update(1, "/start"));
    fake.push(button_update(2, "/faq eligibility"));
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(
        dir.path(),
        &["--now", "2024-05-01T09:00:00+08:00"],
        &[
            ("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN-not-a-real-one"),
            ("TELEGRAM_API_URL", &fake.url),
        ],
    );

    let calls = fake.wait_for(4).await;
    drop(served);
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
