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

/// A question the bot could not answer in Telegram reaches the organizers' inbox over
/// HTTP with its language, and an organizer's answer is written in that chat, once; a
/// chat that refuses leaves the question open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organizer_answers_a_telegram_question_in_its_chat() {
    use casebook_testkit::fake_telegram::text_update_in;
    use serde_json::{Value, json};
    let fake = FakeBotApi::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let now = "2024-05-01T09:00:00+08:00";
    fake.push(text_update_in(
        1,
        5151,
        "Can we send a video instead of text?",
    ));
    fake.push(text_update_in(2, 6161, "你们的办公室在哪个城市？"));
    let served = Served::start(
        dir.path(),
        &["--now", now],
        &[
            ("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN-not-a-real-one"),
            ("TELEGRAM_API_URL", &fake.url),
        ],
    );
    fake.wait_for_text("passed your question").await;
    fake.wait_for_text("转交").await;
    let organizer = common::first_organizer(dir.path(), &served.base, now);
    let token = organizer["token"].as_str().unwrap().to_string();
    let client = reqwest::Client::new();
    let inbox = || async {
        let answer = client
            .get(served.url("/admin/questions"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        answer.json::<Value>().await.unwrap()["questions"]
            .as_array()
            .unwrap()
            .clone()
    };
    let answer = |id: String, body: Value| {
        let (client, token, url) = (
            client.clone(),
            token.clone(),
            served.url(&format!("/admin/questions/{id}/answered")),
        );
        async move {
            let answer = client
                .post(url)
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (
                answer.status().as_u16(),
                answer.json::<Value>().await.unwrap(),
            )
        }
    };
    let questions = inbox().await;
    assert_eq!(questions.len(), 2, "{questions:?}");
    let asked = |text: &str| {
        questions
            .iter()
            .find(|q| q["text"] == text)
            .unwrap()
            .clone()
    };
    let (en, zh) = (
        asked("Can we send a video instead of text?"),
        asked("你们的办公室在哪个城市？"),
    );
    assert_eq!(
        (en["channel"].as_str(), en["lang"].as_str()),
        (Some("telegram"), Some("en"))
    );
    assert_eq!(zh["lang"], "zh");
    assert!(
        questions
            .iter()
            .all(|q| q["can_reply"] == true && q["answered"].is_null())
    );
    let (en_id, zh_id) = (
        en["id"].as_str().unwrap().to_string(),
        zh["id"].as_str().unwrap().to_string(),
    );

    // The chat refuses (the person blocked the bot): the question stays open.
    fake.refuse_chat(6161, 1);
    let (status, body) = answer(
        zh_id.clone(),
        json!({"reply": "请用英文撰写正文；视频可作为附件链接。"}),
    )
    .await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error"]["code"], "reply_failed");
    assert!(inbox().await.iter().all(|q| q["answered"].is_null()));
    // Blank: refused, naming the field.
    let (status, body) = answer(en_id.clone(), json!({"reply": "   "})).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("reply"))
    );

    let reply = "Yes: add the video as a link in the Modalities section.";
    let (status, body) = answer(en_id.clone(), json!({"reply": reply})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["answered"]["by"], common::ORGANIZER);
    let sent = fake.wait_for_text(reply).await;
    let to_chat: Vec<&Value> = sent
        .iter()
        .filter(|(_, b)| b["text"].as_str().is_some_and(|t| t.ends_with(reply)))
        .map(|(_, b)| b)
        .collect();
    assert_eq!(to_chat.len(), 1);
    assert_eq!(to_chat[0]["chat_id"], 5151);
    assert!(
        to_chat[0]["text"].as_str().unwrap().starts_with(
            "The organizers answer your question\n«Can we send a video instead of text?»"
        ),
        "{}",
        to_chat[0]["text"]
    );
    // Once: a second answer is refused, naming who was first; nothing more is sent.
    let (status, body) = answer(en_id.clone(), json!({"reply": "Again"})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("already_answered"))
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(common::ORGANIZER)
    );
    // The refused one, tried again, goes through, in the chat's language.
    let (status, _) = answer(zh_id, json!({"reply": "请用英文撰写正文。"})).await;
    assert_eq!(status, 200);
    let sent = fake.wait_for_text("请用英文撰写正文。").await;
    assert!(sent.iter().any(|(_, b)| {
        b["chat_id"] == 6161
            && b["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("主办方回复了您的问题"))
    }));
    assert!(inbox().await.iter().all(|q| !q["answered"].is_null()));
    drop(served);
}
