//! The webhook as Telegram calls it: through the Router (and lambda_http's conversion of
//! the sample events), with the real teloxide bot answering a fake Bot API on loopback.

use std::sync::Arc;

use axum::body::Body;
use casebook_bot::Engine;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_core::{ApplicationService, Campaign, Clock, FixedClock, Store};
use casebook_embedded::SqliteStore;
use casebook_telegram::{SECRET_HEADER, Webhook, router};
use casebook_testkit::fake_telegram::{FakeBotApi, edited_update, text_update};
use tower::ServiceExt;

const SECRET: &str = "sample-webhook-secret-for-the-events-only";

struct Setup {
    router: axum::Router,
    fake: FakeBotApi,
    store: Arc<dyn Store>,
    clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let fake = FakeBotApi::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let engine = Engine::new(ApplicationService::new(
        &casebook_core::Stores::backed_by(store.clone()),
        clock.clone(),
        Arc::new(Campaign::builtin()),
    ));
    let telegram = TelegramBot::new(
        bot("123456:TEST-TOKEN-not-a-real-one", Some(&fake.url)).unwrap(),
        engine,
        casebook_core::Stores::backed_by(store.clone()),
    );
    let router = router(Webhook {
        bot: telegram,
        secret: SECRET.into(),
    });
    Setup {
        router,
        fake,
        store,
        clock,
        _dir: dir,
    }
}

async fn post(s: &Setup, secret: Option<&str>, body: &serde_json::Value) -> u16 {
    let mut req = http_request(body);
    if let Some(secret) = secret {
        req.headers_mut()
            .insert(SECRET_HEADER, secret.parse().unwrap());
    }
    s.router
        .clone()
        .oneshot(req)
        .await
        .unwrap()
        .status()
        .as_u16()
}

// The webhook answers within the request (nothing is left running behind it): when
// `post` returns, every message it sends has been sent, so the tests assert at once.

fn http_request(body: &serde_json::Value) -> axum::http::Request<Body> {
    axum::http::Request::builder()
        .method("POST")
        .uri("/telegram/webhook")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_refused_and_nothing_is_stored_or_sent() {
    let s = setup().await;
    assert_eq!(post(&s, None, &text_update(1, "/start")).await, 401);
    assert_eq!(
        post(&s, Some("wrong"), &text_update(1, "/start")).await,
        401
    );
    assert!(s.fake.calls().is_empty());
    assert!(
        s.store
            .take_lease(
                &casebook_core::LeaseKey::TelegramUpdate(1),
                jiff::Timestamp::UNIX_EPOCH,
                jiff::Timestamp::UNIX_EPOCH
            )
            .await
            .unwrap(),
        "update 1 was not taken"
    );
    assert_eq!(s.store.load_dialogue("telegram:42").await.unwrap(), None);
}

#[tokio::test]
async fn an_update_is_answered_once_however_often_it_arrives() {
    let s = setup().await;
    assert_eq!(post(&s, Some(SECRET), &text_update(5, "/start")).await, 200);
    let first = s.fake.wait_for(2).await.len();
    assert_eq!(first, 2, "a welcome and the menu");
    assert_eq!(post(&s, Some(SECRET), &text_update(5, "/start")).await, 200);
    // The same update several times at once.
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let router = s.router.clone();
            tokio::spawn(async move {
                let mut req = http_request(&text_update(6, "/help"));
                req.headers_mut()
                    .insert(SECRET_HEADER, SECRET.parse().unwrap());
                router.oneshot(req).await.unwrap().status().as_u16()
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(
        s.fake.calls().len(),
        3,
        "two for /start, one for /help: {:#?}",
        s.fake.calls()
    );
}

fn texts(s: &Setup) -> Vec<String> {
    s.fake
        .calls()
        .iter()
        .filter_map(|(_, b)| b["text"].as_str().map(str::to_string))
        .collect()
}

/// Starts an application (update 7), then Telegram fails the reply to update 8 (the
/// practice name): the webhook asks for the update again.
async fn lose_the_reply_to_update_8(s: &Setup) {
    assert_eq!(post(s, Some(SECRET), &text_update(7, "/apply")).await, 200);
    s.fake.wait_for(2).await;
    s.fake.fail_next("sendMessage", 1);
    assert_eq!(
        post(s, Some(SECRET), &text_update(8, "Village Links")).await,
        503,
        "Telegram is asked to deliver the update again"
    );
}

#[tokio::test]
async fn replies_telegram_did_not_take_are_sent_when_it_retries() {
    let s = setup().await;
    lose_the_reply_to_update_8(&s).await;
    let saved = s.store.load_dialogue("telegram:42").await.unwrap().unwrap();
    assert!(
        saved.json.contains("undelivered"),
        "the answer is saved with its replies kept: {}",
        saved.json
    );
    assert_eq!(texts(&s).len(), 2, "{:#?}", texts(&s));

    // The retry is not answered again (the practice name is not saved twice, the
    // wizard does not move on): the kept reply is sent, once.
    assert_eq!(
        post(&s, Some(SECRET), &text_update(8, "Village Links")).await,
        200
    );
    assert_eq!(
        post(&s, Some(SECRET), &text_update(8, "Village Links")).await,
        200
    );
    let sent = texts(&s);
    assert_eq!(sent.len(), 3, "{sent:#?}");
    assert!(
        sent[2].starts_with("Which organization leads the practice?"),
        "{sent:#?}"
    );
    let saved = s.store.load_dialogue("telegram:42").await.unwrap().unwrap();
    assert!(!saved.json.contains("undelivered"), "{}", saved.json);
}

#[tokio::test]
async fn kept_replies_go_out_before_the_answer_to_the_next_message() {
    let s = setup().await;
    lose_the_reply_to_update_8(&s).await;
    // The applicant writes again before Telegram retries: the kept question comes
    // first, then the answer to the new message, in order.
    assert_eq!(
        post(&s, Some(SECRET), &text_update(9, "Example Telecom")).await,
        200
    );
    // The late retry of update 8 has nothing left to send.
    assert_eq!(
        post(&s, Some(SECRET), &text_update(8, "Village Links")).await,
        200
    );
    let sent = texts(&s);
    assert_eq!(sent.len(), 4, "{sent:#?}");
    assert!(
        sent[2].starts_with("Which organization leads the practice?"),
        "{sent:#?}"
    );
    assert!(
        sent[3].starts_with("In which country or region is the lead organization based?"),
        "{sent:#?}"
    );
}

#[tokio::test]
async fn an_update_that_failed_before_anything_was_saved_is_answered_on_retry() {
    let s = setup().await;
    s.fake.fail_next("answerCallbackQuery", 1);
    let press = casebook_testkit::fake_telegram::button_update(11, "/faq schedule");
    assert_eq!(post(&s, Some(SECRET), &press).await, 503);
    assert!(texts(&s).is_empty());
    assert_eq!(s.store.load_dialogue("telegram:42").await.unwrap(), None);
    // Telegram's retry is answered, once.
    assert_eq!(post(&s, Some(SECRET), &press).await, 200);
    assert_eq!(post(&s, Some(SECRET), &press).await, 200);
    let sent = texts(&s);
    assert_eq!(sent.len(), 2, "the answer and the menu, once: {sent:#?}");
    assert!(sent[0].contains("20 June 2024"), "{sent:#?}");
}

#[tokio::test]
async fn updates_the_bot_does_not_handle_get_200_and_no_answer() {
    let s = setup().await;
    assert_eq!(post(&s, Some(SECRET), &edited_update(9)).await, 200);
    let unknown =
        serde_json::json!({"update_id": 10, "poll": {"id": "p", "question": "?", "options": []}});
    assert_eq!(post(&s, Some(SECRET), &unknown).await, 200);
    assert!(s.fake.calls().is_empty());
    assert_eq!(
        post(&s, Some(SECRET), &serde_json::json!("not an update")).await,
        400
    );
}

#[tokio::test]
async fn the_sample_events_go_through_the_lambda_conversion() {
    let s = setup().await;
    let dir = format!("{}/../../events/telegram", env!("CARGO_MANIFEST_DIR"));
    let event = |name: &str| std::fs::read_to_string(format!("{dir}/{name}.json")).unwrap();
    let refused = lambda_http::request::from_str(&event("update-wrong-secret")).unwrap();
    assert_eq!(
        s.router
            .clone()
            .oneshot(refused)
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
    let request = lambda_http::request::from_str(&event("update")).unwrap();
    assert_eq!(
        s.router
            .clone()
            .oneshot(request)
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let calls = s.fake.wait_for(2).await;
    assert_eq!(calls[0].1["chat_id"], 4242);
    assert!(calls[0].1["text"].as_str().unwrap().starts_with("Hello!"));
}

#[tokio::test]
async fn an_update_whose_handler_died_is_answered_when_telegram_delivers_it_again() {
    let s = setup().await;
    // A function took update 5 and then timed out: nothing was answered or finished.
    let t0 = s.clock.now();
    assert!(
        s.store
            .take_lease(
                &casebook_core::LeaseKey::TelegramUpdate(5),
                t0,
                t0 + casebook_bot::telegram::UPDATE_LEASE,
            )
            .await
            .unwrap()
    );
    // Redelivered while the lease runs: taken as in progress, nothing sent twice.
    assert_eq!(post(&s, Some(SECRET), &text_update(5, "/start")).await, 200);
    assert!(s.fake.calls().is_empty());
    // Redelivered after the lease ran out: answered, once.
    s.clock
        .set(t0 + casebook_bot::telegram::UPDATE_LEASE + jiff::SignedDuration::from_secs(1));
    assert_eq!(post(&s, Some(SECRET), &text_update(5, "/start")).await, 200);
    assert_eq!(post(&s, Some(SECRET), &text_update(5, "/start")).await, 200);
    let texts: Vec<String> = s
        .fake
        .calls()
        .iter()
        .filter_map(|(_, b)| b["text"].as_str().map(str::to_string))
        .collect();
    assert_eq!(texts.len(), 2, "the welcome and the menu, once: {texts:#?}");
    assert!(texts[0].starts_with("Hello! I am the assistant"));
}

#[tokio::test]
async fn a_conversation_this_version_cannot_read_is_kept_and_the_applicant_told() {
    let s = setup().await;
    let garbage = r#"{"lang":"xx","state":{"state":"from_the_future"}}"#;
    s.store
        .save_dialogue("telegram:42", garbage, None, s.clock.now())
        .await
        .unwrap();
    assert_eq!(post(&s, Some(SECRET), &text_update(1, "/apply")).await, 200);
    let calls = s.fake.calls();
    assert_eq!(calls.len(), 1, "{calls:#?}");
    assert!(
        calls[0].1["text"]
            .as_str()
            .unwrap()
            .contains("cannot read our earlier conversation"),
        "{calls:#?}"
    );
    let kept = s.store.load_dialogue("telegram:42").await.unwrap().unwrap();
    assert_eq!(kept.json, garbage, "kept as it was");
}
