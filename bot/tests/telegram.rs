//! The real teloxide bot against a fake Telegram Bot API server on loopback: scripted
//! updates in, the exact messages and keyboards it sent asserted.

use std::sync::Arc;

use casebook_bot::Engine;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_core::AttachmentService;
use casebook_core::{ApplicationService, Campaign, FixedClock, Store};
use casebook_embedded::{FolderBlobStore, LocalSignedUrls, SqliteStore};
use casebook_testkit::fake_telegram::{
    FakeBotApi, button_update, document_update, edited_update, photo_update, sticker_update,
    text_update,
};
use serde_json::{Value, json};

const TOKEN: &str = "123456:TEST-TOKEN-not-a-real-one";

async fn start(updates: Vec<Value>) -> (FakeBotApi, tempfile::TempDir, Arc<dyn Store>) {
    let fake = FakeBotApi::start().await.unwrap();
    let url = fake.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let apps = ApplicationService::new(
        &casebook_core::Stores::backed_by(store.clone()),
        clock,
        Arc::new(Campaign::builtin()),
    );
    let attachments = AttachmentService::new(
        apps.clone(),
        Arc::new(FolderBlobStore::new(dir.path().join("blobs"))),
        Arc::new(LocalSignedUrls::new("http://127.0.0.1:1", [5; 32])),
    );
    let telegram = TelegramBot::new(
        bot(TOKEN, Some(&url)).unwrap(),
        Engine::new(apps),
        casebook_core::Stores::backed_by(store.clone()),
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
    assert!(saved.json.contains("\"lang\":\"zh\""), "{}", saved.json);
}

#[tokio::test]
async fn long_polling_tries_a_failed_update_again_and_answers_it_once() {
    let (fake, _dir, _) = start(vec![]).await;
    // Telegram fails the first reply to update 1, and the button press of update 2.
    fake.fail_next("sendMessage", 1);
    fake.fail_next("answerCallbackQuery", 1);
    fake.push(text_update(1, "/start"));
    fake.push(button_update(2, "/faq schedule"));
    fake.wait_for_text("Experts review the cases in July and August")
        .await;
    // The answer's second message, and the button's answer: five calls in all.
    let calls = fake.wait_for(5).await;
    let texts: Vec<&str> = calls
        .iter()
        .filter_map(|(_, b)| b["text"].as_str())
        .collect();
    assert_eq!(texts.len(), 4, "each reply once: {texts:#?}");
    assert!(
        texts[0].starts_with("Hello! I am the assistant"),
        "{texts:#?}"
    );
    assert_eq!(texts[1], "What would you like to know?");
    assert!(
        texts[2].starts_with("Applications are open until 20 June 2024."),
        "{texts:#?}"
    );
    assert_eq!(texts[3], "What would you like to know?");
    let answered = calls
        .iter()
        .filter(|(m, _)| m == "AnswerCallbackQuery")
        .count();
    assert_eq!(answered, 1);
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
    let statuses: Vec<String> = files_of_chat_42(&store)
        .await
        .into_iter()
        .map(|(_, status)| status)
        .collect();
    assert_eq!(statuses, ["rejected", "verified"]);
}

/// The files of chat 42's draft as (name, status), sorted: files added at the same
/// (fixed) instant have no defined order.
async fn files_of_chat_42(store: &Arc<dyn Store>) -> Vec<(String, String)> {
    let saved = store.load_dialogue("telegram:42").await.unwrap().unwrap();
    let dialogue: casebook_bot::Dialogue = serde_json::from_str(&saved.json).unwrap();
    let id = casebook_core::ApplicationId::parse(&dialogue.applications[0].id).unwrap();
    let mut files: Vec<(String, String)> = store
        .list_attachments(id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.filename, a.status.as_str().to_string()))
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    files
}

/// The "done means": a whole application on Telegram, in Chinese, with a file at
/// the files step, through buttons and typed answers, ending with a reference.
#[tokio::test]
async fn a_whole_application_on_telegram_in_chinese_ends_with_a_reference() {
    let pdf = b"%PDF-1.7 a brochure".to_vec();
    let (fake, _dir, _store) = start(vec![]).await;
    fake.serve_file("f1", pdf.clone());
    let section = |h: &str| {
        format!(
            "{h}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    };
    let mut id = 0;
    let mut next = || {
        id += 1;
        id
    };
    fake.push(button_update(next(), "/lang zh"));
    for text in [
        "/apply",
        "乡村互联 Village Links",
        "Example Telecom",
        "中国",
        "Example Networks Kenya, 肯尼亚",
    ] {
        fake.push(text_update(next(), text));
    }
    fake.push(button_update(next(), "done"));
    fake.push(text_update(next(), "中国、肯尼亚、巴西"));
    fake.push(button_update(next(), "/area infrastructure"));
    for heading in ["Origins", "Partners", "Method", "Results"] {
        fake.push(text_update(next(), &section(heading)));
    }
    fake.push(text_update(next(), "李伟"));
    fake.push(text_update(next(), "li.wei@example.org"));
    fake.push(button_update(next(), "skip"));
    fake.push(document_update(
        next(),
        "f1",
        "brochure.pdf",
        "application/pdf",
        pdf.len() as u64,
    ));
    fake.push(button_update(next(), "done"));
    // Typing the label of the offered choice acts as pressing it.
    fake.push(text_update(next(), "提交"));

    let calls = fake.wait_for_text("提交成功").await;
    let sent: Vec<&Value> = calls
        .iter()
        .filter(|(m, _)| m == "SendMessage")
        .map(|(_, b)| b)
        .collect();
    let texts: Vec<&str> = sent.iter().filter_map(|b| b["text"].as_str()).collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    assert!(has("实践名称是什么？请突出特色！"), "{texts:#?}");
    assert!(
        has("共3个国家或地区：中国 (CN)、肯尼亚 (KE)、巴西 (BR)。"),
        "{texts:#?}"
    );
    assert!(
        has("补充材料（可选）"),
        "the wizard asks for files: {texts:#?}"
    );
    assert!(
        has("已将 brochure.pdf 添加到您的申报。目前共1个文件。"),
        "{texts:#?}"
    );
    assert!(has("- 文件：brochure.pdf (1)"), "{texts:#?}");
    assert!(has("提交成功！您的申报编号为 PC2024-0001"), "{texts:#?}");
    // The areas came as an inline keyboard in Chinese, and the files step offers Done.
    let area_keyboard = sent
        .iter()
        .find(|b| {
            b["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("您的案例最符合哪个领域"))
        })
        .map(|b| &b["reply_markup"]["inline_keyboard"])
        .expect("the area question");
    assert_eq!(area_keyboard.as_array().map(Vec::len), Some(5));
    assert_eq!(area_keyboard[0][0]["callback_data"], "/area infrastructure");
    let files_keyboard = sent
        .iter()
        .find(|b| {
            b["text"]
                .as_str()
                .is_some_and(|t| t.contains("补充材料（可选）"))
        })
        .map(|b| &b["reply_markup"]["inline_keyboard"])
        .expect("the files question");
    assert_eq!(
        files_keyboard[0][0],
        json!({"text": "完成", "callback_data": "done"})
    );
}

#[tokio::test]
async fn a_photo_becomes_a_jpeg_and_a_failed_fetch_leaves_no_pending_file() {
    let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 a photo of the base station".to_vec();
    let pdf = b"%PDF-1.7 a brochure".to_vec();
    let (fake, _dir, store) = start(vec![]).await;
    fake.serve_file("p1", jpeg.clone());
    fake.serve_file("f1", pdf.clone());
    fake.push(text_update(1, "/apply"));
    fake.push(text_update(2, "Village Links"));
    fake.push(photo_update(3, "p1", jpeg.len() as u64));
    // Telegram fails to hand over the brochure once; the bot tries the update again.
    fake.fail_next("getFile", 1);
    fake.push(document_update(
        4,
        "f1",
        "brochure.pdf",
        "application/pdf",
        pdf.len() as u64,
    ));
    let calls = fake.wait_for_text("Added brochure.pdf").await;
    let texts: Vec<&str> = calls
        .iter()
        .filter_map(|(_, b)| b["text"].as_str())
        .collect();
    assert!(
        texts.contains(&"Added photo-up1.jpg to your application."),
        "{texts:#?}"
    );
    let fetched: Vec<&str> = calls
        .iter()
        .filter(|(m, _)| m == "GetFile")
        .filter_map(|(_, b)| b["file_id"].as_str())
        .collect();
    assert_eq!(
        fetched,
        ["p1", "f1"],
        "the largest photo size, and the brochure once it worked"
    );
    assert_eq!(
        files_of_chat_42(&store).await,
        [
            ("brochure.pdf".to_string(), "verified".to_string()),
            ("photo-up1.jpg".to_string(), "verified".to_string())
        ],
        "no pending leftover from the failed fetch"
    );
}

#[tokio::test]
async fn a_sticker_gets_a_hint_instead_of_silence() {
    let (fake, _dir, _) = start(vec![sticker_update(1)]).await;
    let calls = fake.wait_for(1).await;
    assert_eq!(calls.len(), 1, "{calls:#?}");
    assert_eq!(
        calls[0].1["text"],
        "Sorry, I can only read text, buttons and files. Please type your message."
    );
}

/// Every text the bot sent, with its chat.
fn texts(calls: &[(String, Value)]) -> Vec<(i64, String)> {
    calls
        .iter()
        .filter_map(|(_, b)| Some((b["chat_id"].as_i64()?, b["text"].as_str()?.to_string())))
        .collect()
}

#[tokio::test]
async fn a_4080_character_answer_then_a_question_are_both_answered_within_the_limit() {
    let (fake, _dir, _) = start(vec![
        text_update(1, "/apply"),
        text_update(2, "/edit email"),
        text_update(3, &"a".repeat(4080)),
        text_update(4, "/cancel"),
        text_update(5, "When is the deadline?"),
    ])
    .await;
    let calls = fake
        .wait_for_text("Applications are open until 20 June 2024")
        .await;
    let sent = texts(&calls);
    assert!(
        sent.iter()
            .any(|(_, t)| t.starts_with("Applications are open until 20 June 2024")),
        "the question after the long answer was answered: {sent:#?}"
    );
    assert!(
        sent.iter()
            .any(|(_, t)| t.contains("is not a valid e-mail address")),
        "{sent:#?}"
    );
    for (_, t) in &sent {
        assert!(t.encode_utf16().count() <= 4096, "{} characters", t.len());
    }
    assert_eq!(fake.refused(), vec![], "Telegram refused nothing");
}

#[tokio::test]
async fn a_group_gets_a_pointer_to_a_private_chat_and_nothing_is_stored() {
    // Written from a Telegram set to Chinese: the pointer is in Chinese, then English.
    let mut from_china = casebook_testkit::fake_telegram::group_text_update(1, -100123, "/apply");
    from_china["message"]["from"]["language_code"] = json!("zh-hans");
    // A French Telegram's first /start is welcomed in French.
    let mut from_france = casebook_testkit::fake_telegram::text_update_in(3, 77, "/start");
    from_france["message"]["from"]["language_code"] = json!("fr");
    let (fake, _dir, store) = start(vec![from_china, text_update(2, "/start"), from_france]).await;
    fake.wait_for_text("Bonjour ! Je suis l’assistant").await;
    let calls = fake.wait_for_text("Hello! I am the assistant").await;
    let sent = texts(&calls);
    let to_group: Vec<&String> = sent
        .iter()
        .filter(|(chat, _)| *chat == -100123)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(to_group.len(), 1, "{sent:#?}");
    assert!(
        matches!((to_group[0].find("私聊"), to_group[0].find("private chat")), (Some(first), Some(then)) if first < then),
        "Chinese, then English: {}",
        to_group[0]
    );
    assert_eq!(store.load_dialogue("telegram:-100123").await.unwrap(), None);
    assert!(store.load_dialogue("telegram:42").await.unwrap().is_some());
}

#[tokio::test]
async fn a_reply_refused_for_good_is_dropped_and_the_chat_answers_again() {
    let (fake, _dir, store) = start(vec![]).await;
    fake.refuse_chat(42, 1);
    fake.push(text_update(1, "When is the deadline?"));
    fake.push(text_update(2, "/start"));
    let calls = fake.wait_for_text("Hello! I am the assistant").await;
    let sent = texts(&calls);
    assert_eq!(fake.refused().len(), 1);
    assert!(
        !sent
            .iter()
            .any(|(_, t)| t.contains("20 June 2024") && t.starts_with("Applications")),
        "the refused reply is not sent again: {sent:#?}"
    );
    let saved = store.load_dialogue("telegram:42").await.unwrap().unwrap();
    assert!(!saved.json.contains("undelivered"), "{}", saved.json);
}

#[tokio::test]
async fn one_chats_retries_never_hold_up_another_chat() {
    let (fake, _dir, _) = start(vec![]).await;
    // Chat 42's replies fail twice: its retries wait 2 s, then 4 s.
    fake.fail_chat(42, 2);
    fake.push(casebook_testkit::fake_telegram::text_update_in(
        1, 42, "/start",
    ));
    fake.push(casebook_testkit::fake_telegram::text_update_in(
        2, 7, "/start",
    ));
    let started = std::time::Instant::now();
    let calls = fake.wait_for_text("Hello! I am the assistant").await;
    let sent = texts(&calls);
    assert_eq!(
        sent.iter()
            .map(|(chat, _)| *chat)
            .collect::<Vec<_>>()
            .first(),
        Some(&7),
        "chat 7 is answered first: {sent:#?}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_millis(1500),
        "chat 7 waited for chat 42's retries"
    );
    // Chat 42 is answered too once Telegram takes its replies, each once and in order.
    let mut chat_42 = Vec::new();
    for _ in 0..400 {
        chat_42 = texts(&fake.calls())
            .into_iter()
            .filter(|(chat, _)| *chat == 42)
            .map(|(_, t)| t)
            .collect();
        if chat_42.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(chat_42.len(), 2, "{chat_42:#?}");
    assert!(chat_42[0].starts_with("Hello! I am the assistant"));
}
