//! WeChat's five seconds: an answer that is not ready by the cut-off is `success`, the
//! work still runs to its end (nothing half-done), and Tencent's retry gets the reply
//! it kept, with the engine run once.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use axum::body::Body;
use axum::http::Request;
use casebook_bot::Engine;
use casebook_bot::wechat::crypto::signature;
use casebook_bot::wechat::{WechatAccount, WechatBot};
use casebook_core::{
    ApplicationService, Campaign, DialogueStore, FixedClock, SavedDialogue, StoreError, Stores,
};
use casebook_embedded::SqliteStore;
use http_body_util::BodyExt;
use jiff::Timestamp;
use tower::ServiceExt;

/// Conversations saved `delay` late, counted.
struct SlowDialogues {
    inner: Arc<SqliteStore>,
    delay: Duration,
    saves: AtomicUsize,
}

#[async_trait]
impl DialogueStore for SlowDialogues {
    async fn load_dialogue(&self, key: &str) -> Result<Option<SavedDialogue>, StoreError> {
        self.inner.load_dialogue(key).await
    }

    async fn save_dialogue(
        &self,
        key: &str,
        json: &str,
        expected: Option<u64>,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        tokio::time::sleep(self.delay).await;
        self.saves.fetch_add(1, Ordering::SeqCst);
        self.inner.save_dialogue(key, json, expected, at).await
    }
}

const TOKEN: &str = "deadline-token";
const MAY: i64 = 1_714_525_200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_cut_off_the_answer_is_success_and_the_retry_gets_the_reply() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let slow = Arc::new(SlowDialogues {
        inner: sqlite.clone(),
        delay: Duration::from_millis(900),
        saves: AtomicUsize::new(0),
    });
    let mut stores = Stores::backed_by(sqlite.clone());
    stores.dialogues = slow.clone();
    let clock = Arc::new(FixedClock::at(Timestamp::from_second(MAY).unwrap()));
    let apps = ApplicationService::new(&stores, clock, Arc::new(Campaign::builtin()));
    let bot = WechatBot::new(
        Engine::new(apps),
        stores,
        WechatAccount {
            token: TOKEN.into(),
            app_id: String::new(),
            aes_key: None,
        },
    );
    let app = casebook_wechat::router_answering_within(Arc::new(bot), Duration::from_millis(600));
    let uri = format!(
        "/wechat?signature={}&timestamp={MAY}&nonce=42&openid=o_slow",
        signature(&[TOKEN, &MAY.to_string(), "42"])
    );
    let body = format!(
        "<xml><ToUserName><![CDATA[gh_casebook]]></ToUserName><FromUserName><![CDATA[o_slow]]></FromUserName><CreateTime>{MAY}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[/apply]]></Content><MsgId>7001</MsgId></xml>"
    );
    let post = |app: axum::Router| {
        let request = Request::post(&uri).body(Body::from(body.clone())).unwrap();
        async move {
            let response = app.oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        }
    };

    let started = Instant::now();
    let first = post(app.clone()).await;
    let waited = started.elapsed();
    assert_eq!(first, (200, "success".to_string()));
    assert!(
        waited < Duration::from_millis(850),
        "answered at the cut-off, not when the work ended: {waited:?}"
    );
    // Tencent's retry comes while the first is still at work: it waits for that answer.
    let retry = post(app.clone()).await;
    assert_eq!(retry.0, 200);
    assert!(
        retry.1.contains("What is the name of your practice?"),
        "{retry:?}"
    );
    // The first delivery's work ran to its end, once.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(slow.saves.load(Ordering::SeqCst), 1);
    let saved = sqlite
        .load_dialogue("wechat:o_slow")
        .await
        .unwrap()
        .unwrap();
    assert!(
        saved.json.contains("\"step\":\"practice_name\""),
        "{}",
        saved.json
    );
    // A later retry: the same reply, straight from what was kept.
    assert_eq!(post(app.clone()).await, retry);
    assert_eq!(slow.saves.load(Ordering::SeqCst), 1);
}
