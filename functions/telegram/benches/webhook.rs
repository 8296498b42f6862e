//! `cargo bench -p casebook-telegram --bench webhook`: how fast the bot answers.
//!
//! - the engine on FAQ messages in both languages (no storage on that path): p50/p99;
//! - a whole webhook call through the Router on the embedded store (secret check, the
//!   once-only claim, load/save of the conversation, the engine, the replies sent to a
//!   fake Bot API on loopback): p50/p99.

use std::sync::Arc;
use std::time::Instant;

use casebook_testkit::timing::report;

use axum::body::Body;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_bot::{Dialogue, Engine};
use casebook_core::{ApplicationService, Campaign, FixedClock, Store};
use casebook_embedded::SqliteStore;
use casebook_telegram::{SECRET_HEADER, Webhook, router};
use casebook_testkit::fake_telegram::{FakeBotApi, text_update};
use tower::ServiceExt;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let engine = Engine::new(ApplicationService::new(
        &casebook_core::Stores::backed_by(store.clone()),
        clock,
        Arc::new(Campaign::builtin()),
    ));

    let questions = [
        "When is the deadline?",
        "Can a company from one country apply?",
        "How are cases judged?",
        "截止日期",
        "评审标准是什么",
        "有哪些领域",
        "Whom can I contact for help?",
        "What do we get if selected?",
    ];
    let dialogue = Dialogue::default();
    let mut times = Vec::new();
    for i in 0..20_000 {
        let q = questions[i % questions.len()];
        let start = Instant::now();
        let turn = engine.handle(&dialogue, q).await;
        times.push(start.elapsed());
        assert!(!turn.replies.is_empty());
    }
    report("engine, FAQ message", times);

    let fake = FakeBotApi::start().await.unwrap();
    let telegram = TelegramBot::new(
        bot("123456:BENCH", Some(&fake.url)).unwrap(),
        engine,
        casebook_core::Stores::backed_by(store.clone()),
    );
    let app = router(Webhook {
        bot: telegram,
        secret: "bench-secret".into(),
    });
    let mut times = Vec::new();
    for i in 0..2_000 {
        let text = questions[i % questions.len()];
        let body = text_update(i as i64 + 1, text).to_string();
        let req = axum::http::Request::builder()
            .method("POST")
            .uri("/telegram/webhook")
            .header("content-type", "application/json")
            .header(SECRET_HEADER, "bench-secret")
            .body(Body::from(body))
            .unwrap();
        let start = Instant::now();
        let status = app.clone().oneshot(req).await.unwrap().status();
        times.push(start.elapsed());
        assert_eq!(status, 200);
    }
    report("webhook call on the embedded store", times);
}
