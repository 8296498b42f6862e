//! Telegram updates of any shape through the webhook (the secret right): bytes, JSON of
//! any shape, and real updates with any text, message id and chat. Nothing gets a 5xx
//! (which would make Telegram resend it for a day), and nothing panics.

use std::sync::Arc;

use axum::body::Body;
use casebook_bot::Engine;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_core::{ApplicationService, Campaign, FixedClock, Store, Stores};
use casebook_embedded::SqliteStore;
use casebook_telegram::{SECRET_HEADER, Webhook, router};
use casebook_testkit::fake_telegram::{FakeBotApi, text_update_in};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use tower::ServiceExt;

const SECRET: &str = "property-test-secret";

fn update_shapes() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        ".{0,30}".prop_map(Value::String),
    ];
    let any_json = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("update_id".to_string()),
                    Just("message".to_string()),
                    Just("callback_query".to_string()),
                    Just("chat".to_string()),
                    Just("text".to_string()),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        any_json.prop_map(|v| v.to_string().into_bytes()),
        (any::<i64>(), any::<i64>(), ".{0,500}")
            .prop_map(|(id, chat, text)| text_update_in(id, chat, &text).to_string().into_bytes()),
        (any::<i64>(), ".{0,80}").prop_map(|(id, data)| json!({
            "update_id": id,
            "callback_query": {"id": "cb", "from": {"id": 1, "is_bot": false, "first_name": "A"}, "data": data, "chat_instance": "x"}
        }).to_string().into_bytes()),
    ]
}

#[test]
fn no_update_of_any_shape_gets_a_server_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (app, _fake) = runtime.block_on(async {
        let fake = FakeBotApi::start().await.unwrap();
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
        let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
        let engine = Engine::new(ApplicationService::new(
            &Stores::backed_by(store.clone()),
            clock,
            Arc::new(Campaign::builtin()),
        ));
        let telegram = TelegramBot::new(
            bot("123456:TEST-TOKEN-not-a-real-one", Some(&fake.url)).unwrap(),
            engine,
            Stores::backed_by(store),
        );
        let app = router(Webhook {
            bot: telegram,
            secret: SECRET.into(),
        });
        (app, fake)
    });
    let mut runner = TestRunner::new(Config::with_cases(200));
    runner
        .run(&update_shapes(), |body| {
            let request = axum::http::Request::post("/telegram/webhook")
                .header("content-type", "application/json")
                .header(SECRET_HEADER, SECRET)
                .body(Body::from(body))
                .unwrap();
            let status = runtime
                .block_on(app.clone().oneshot(request))
                .unwrap()
                .status();
            prop_assert!(status.as_u16() < 500, "{status}");
            Ok(())
        })
        .unwrap();
}
