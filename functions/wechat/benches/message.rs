//! `cargo bench -p casebook-wechat --bench message`: a WeChat message through the whole
//! function on the embedded store: the Router, the timestamp and signature checks, in safe
//! mode the message signature and AES-256-CBC both ways, the once-only mark with the reply
//! kept, the conversation's load and save, and the engine. Plain and safe mode: p50/p99.

use std::sync::Arc;
use std::time::{Duration, Instant};

use casebook_testkit::timing::report;

use axum::body::Body;
use casebook_bot::Engine;
use casebook_bot::wechat::crypto::{AesKey, signature};
use casebook_bot::wechat::{WechatAccount, WechatBot, xml};
use casebook_core::{ApplicationService, Campaign, FixedClock, Store, Stores};
use casebook_embedded::SqliteStore;
use tower::ServiceExt;

const TOKEN: &str = "bench-token";
const APP_ID: &str = "wx5823bf96d3bd56c7";
const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const MAY: i64 = 1_714_525_200;
const RUNS: usize = 2_000;

async fn measure(safe: bool) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let stores = Stores::backed_by(store);
    let clock = Arc::new(FixedClock::at(jiff::Timestamp::from_second(MAY).unwrap()));
    let apps = ApplicationService::new(&stores, clock, Arc::new(Campaign::builtin()));
    let key = AesKey::from_encoding_aes_key(KEY).unwrap();
    let bot = WechatBot::new(
        Engine::new(apps),
        stores,
        WechatAccount {
            token: TOKEN.into(),
            app_id: APP_ID.into(),
            aes_key: safe.then(|| key.clone()),
        },
    );
    let app = casebook_wechat::router(Arc::new(bot));
    let questions = [
        "When is the deadline?",
        "Can a company from one country apply?",
        "截止日期",
        "评审标准是什么",
        "有哪些领域",
        "Whom can I contact for help?",
    ];
    let timestamp = MAY.to_string();
    let nonce = "1320562132";
    let mut times = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        // A few followers, so conversations are read and written back as they grow.
        let message = format!(
            "<xml><ToUserName><![CDATA[gh_casebook]]></ToUserName><FromUserName><![CDATA[o_follower_{}]]></FromUserName><CreateTime>{MAY}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>{}</Content><MsgId>{}</MsgId></xml>",
            i % 50,
            xml::cdata(questions[i % questions.len()]),
            10_000 + i
        );
        let mut uri = format!(
            "/wechat?signature={}&timestamp={timestamp}&nonce={nonce}",
            signature(&[TOKEN, &timestamp, nonce])
        );
        let body = if safe {
            let encrypt = key.encrypt(&message, APP_ID, *b"0123456789abcdef");
            uri.push_str(&format!(
                "&encrypt_type=aes&msg_signature={}",
                signature(&[TOKEN, &timestamp, nonce, &encrypt])
            ));
            format!(
                "<xml><ToUserName><![CDATA[gh_casebook]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
            )
        } else {
            message
        };
        let request = axum::http::Request::post(&uri)
            .body(Body::from(body))
            .unwrap();
        let start = Instant::now();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        times.push(start.elapsed());
        assert_eq!(status, 200);
        assert!(bytes.starts_with(b"<xml>"), "a reply, not success");
    }
    times
}

#[tokio::main]
async fn main() {
    report(
        "WeChat message, plain mode, embedded store",
        measure(false).await,
    );
    report(
        "WeChat message, safe mode, embedded store",
        measure(true).await,
    );
}
