//! The real teloxide bot against a fake Telegram Bot API server on loopback: scripted
//! updates in, the exact messages and keyboards it sent asserted.

use std::sync::Arc;

use casebook_bench::fake_telegram::{FakeBotApi, button_update, edited_update, text_update};
use casebook_bot::Engine;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_core::{ApplicationService, ApplicationStore, Campaign, FixedClock};
use casebook_embedded::SqliteStore;
use serde_json::{Value, json};

const TOKEN: &str = "123456:TEST-TOKEN-not-a-real-one";

async fn start(updates: Vec<Value>) -> (FakeBotApi, tempfile::TempDir, Arc<dyn ApplicationStore>) {
    let fake = FakeBotApi::start().await.unwrap();
    for update in updates {
        fake.push(update);
    }
    let url = fake.url.clone();

    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn ApplicationStore> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let engine = Engine::new(ApplicationService::new(
        store.clone(),
        clock,
        Arc::new(Campaign::builtin()),
    ));
    let telegram = TelegramBot::new(bot(TOKEN, Some(&url)).unwrap(), engine, store.clone());
    tokio::spawn(async move { telegram.poll().await });
    (fake, dir, store)
}

#[tokio::test]
async fn start_a_button_and_a_chinese_question_get_their_exact_answers() {
    let (fake, _dir, _) = start(vec![
        text_update(1, "/start"),
        edited_update(2),
        button_update(3, "/faq schedule"),
        text_update(4, "截止日期"),
    ])
    .await;
    let sent = fake.wait_for(6).await;
    let methods: Vec<&str> = sent.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        methods,
        [
            "SendMessage",
            "SendMessage",
            "AnswerCallbackQuery",
            "SendMessage",
            "SendMessage",
            "SendMessage"
        ],
        "{sent:#?}"
    );
    let (_, welcome) = &sent[0];
    assert_eq!(welcome["chat_id"], 42);
    assert!(
        welcome["text"]
            .as_str()
            .unwrap()
            .starts_with("Hello! I am the assistant")
    );
    let keyboard = &sent[1].1["reply_markup"]["inline_keyboard"];
    assert_eq!(keyboard.as_array().unwrap().len(), 10);
    assert_eq!(
        keyboard[0][0],
        json!({"text": "Apply now", "callback_data": "/apply"})
    );
    assert_eq!(
        keyboard[8][0],
        json!({"text": "Whom can I contact?", "callback_data": "/faq contact"})
    );
    assert_eq!(sent[2].1["callback_query_id"], "cb3");
    assert!(
        sent[3].1["text"]
            .as_str()
            .unwrap()
            .starts_with("Applications are open until 20 June 2024.")
    );
    assert_eq!(
        sent[5].1["text"],
        "申报截止日期为2024年6月20日。7月至8月专家评审。8月起筹备乌镇峰会，并在峰会上发布优秀案例。"
    );
}

#[tokio::test]
async fn the_conversation_is_kept_per_chat_in_the_store() {
    let (fake, _dir, store) = start(vec![
        text_update(1, "/language"),
        button_update(2, "/lang zh"),
    ])
    .await;
    let sent = fake.wait_for(4).await;
    assert_eq!(sent.last().unwrap().1["text"], "您想了解什么？");
    let saved = store
        .load_dialogue("telegram:42")
        .await
        .unwrap()
        .expect("saved");
    assert!(saved.state.contains("\"lang\":\"zh\""), "{}", saved.state);
}
