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

/// A draft started in Telegram is nudged in Telegram by `casebook admin remind`, until
/// the chat answers STOP. (Two worker threads: the fake Bot API answers while the test
/// waits for `casebook admin remind`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_in_telegram_is_nudged_there_until_the_chat_says_stop() {
    use casebook_testkit::fake_telegram::text_update_in;
    let fake = FakeBotApi::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let telegram = [
        ("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN-not-a-real-one"),
        ("TELEGRAM_API_URL", fake.url.as_str()),
    ];
    let chat = 4242;
    fake.push(text_update_in(1, chat, "/apply"));
    fake.push(text_update_in(2, chat, "Village Links"));
    {
        let _served = Served::start(
            dir.path(),
            &["--now", "2024-05-01T09:00:00+08:00"],
            &telegram,
        );
        fake.wait_for(2).await;
        // The name is saved once the wizard asks the next question.
        fake.wait_for(3).await;
    }
    let remind = |now: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["--now", now, "admin", "remind", "--json", "--data-dir"])
            .arg(dir.path())
            .envs(telegram)
            .env_remove("CASEBOOK_CAMPAIGN")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let nudges = |fake: &FakeBotApi| {
        fake.calls()
            .iter()
            .filter(|(m, b)| {
                m.eq_ignore_ascii_case("sendmessage")
                    && b["chat_id"] == chat
                    && b["text"]
                        .as_str()
                        .is_some_and(|t| t.starts_with("Reminder:"))
            })
            .count()
    };
    let t14 = remind("2024-06-06T09:00:00+08:00");
    assert_eq!(t14["sent_per_milestone"]["drafts:T-14"], 1, "{t14}");
    assert_eq!(nudges(&fake), 1);
    let text = fake
        .calls()
        .into_iter()
        .find_map(|(_, b)| {
            b["text"]
                .as_str()
                .filter(|t| t.starts_with("Reminder:"))
                .map(str::to_string)
        })
        .unwrap();
    assert!(
        text.contains("Village Links") && text.contains("STOP"),
        "{text}"
    );

    fake.push(text_update_in(3, chat, "STOP"));
    {
        let _served = Served::start(
            dir.path(),
            &["--now", "2024-06-07T09:00:00+08:00"],
            &telegram,
        );
        fake.wait_for_text("Done: no more reminders here").await;
    }
    let t3 = remind("2024-06-17T09:00:00+08:00");
    assert_eq!(t3["opted_out"], 1, "{t3}");
    assert_eq!(nudges(&fake), 1, "nothing after STOP");
}
