//! The real teloxide bot against a fake Telegram Bot API server on loopback: scripted
//! updates in, the exact messages and keyboards it sent asserted.

use std::sync::Arc;

use casebook_bench::fake_telegram::{
    FakeBotApi, button_update, document_update, edited_update, text_update,
};
use casebook_bot::Engine;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_core::AttachmentService;
use casebook_core::{ApplicationService, ApplicationStore, Campaign, FixedClock};
use casebook_embedded::{FolderBlobStore, LocalTransfers, SqliteStore};
use serde_json::{Value, json};

const TOKEN: &str = "123456:TEST-TOKEN-not-a-real-one";

async fn start(updates: Vec<Value>) -> (FakeBotApi, tempfile::TempDir, Arc<dyn ApplicationStore>) {
    let fake = FakeBotApi::start().await.unwrap();
    let url = fake.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn ApplicationStore> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let apps = ApplicationService::new(store.clone(), clock, Arc::new(Campaign::builtin()));
    let attachments = AttachmentService::new(
        apps.clone(),
        Arc::new(FolderBlobStore::new(dir.path().join("blobs"))),
        Arc::new(LocalTransfers::new("http://127.0.0.1:1", [5; 32])),
    );
    let telegram = TelegramBot::new(
        bot(TOKEN, Some(&url)).unwrap(),
        Engine::new(apps),
        store.clone(),
    )
    .with_attachments(attachments);
    for update in updates {
        fake.push(update);
    }
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

#[tokio::test]
async fn a_document_sent_in_the_chat_becomes_a_checked_attachment() {
    let pdf = b"%PDF-1.7 a brochure".to_vec();
    let fake_png = b"\x89PNG\r\n\x1a\nnot a pdf".to_vec();
    let (fake, _dir, store) = start(vec![]).await;
    fake.serve_file("f1", pdf.clone());
    fake.serve_file("f2", fake_png.clone());
    fake.push(text_update(1, "/apply"));
    fake.push(text_update(2, "Village Links"));
    fake.push(document_update(
        3,
        "f1",
        "brochure.pdf",
        "application/pdf",
        pdf.len() as u64,
    ));
    fake.push(document_update(
        4,
        "f2",
        "renamed.pdf",
        "application/pdf",
        fake_png.len() as u64,
    ));
    fake.push(document_update(
        5,
        "f3",
        "film.mp4",
        "video/mp4",
        25 * 1024 * 1024,
    ));
    let calls = fake.wait_for(8).await;
    let texts: Vec<&str> = calls
        .iter()
        .filter_map(|(_, b)| b["text"].as_str())
        .collect();
    assert!(
        texts.contains(&"Added brochure.pdf to your application."),
        "{texts:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("declared as application/pdf but its content is image/png")),
        "{texts:#?}"
    );
    assert!(texts.iter().any(|t| t.contains("over 20 MB")), "{texts:#?}");
    let fetched: Vec<&str> = calls
        .iter()
        .filter(|(m, _)| m == "GetFile")
        .filter_map(|(_, b)| b["file_id"].as_str())
        .collect();
    assert_eq!(
        fetched,
        ["f1", "f2"],
        "the 25 MB file is refused before getFile"
    );
    // The verified file is stored with the draft.
    let saved = store.load_dialogue("telegram:42").await.unwrap().unwrap();
    let dialogue: casebook_bot::Dialogue = serde_json::from_str(&saved.state).unwrap();
    let id = casebook_core::ApplicationId::parse(&dialogue.applications[0].id).unwrap();
    let mut statuses: Vec<String> = store
        .list_attachments(id)
        .await
        .unwrap()
        .iter()
        .map(|a| a.status.as_str().to_string())
        .collect();
    statuses.sort();
    // Both were added at the same (fixed) instant, so their order is not defined.
    assert_eq!(statuses, ["rejected", "verified"]);
}
