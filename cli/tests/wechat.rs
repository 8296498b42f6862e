//! `casebook serve` with WECHAT_TOKEN answers the account's server URL: a real process,
//! signed requests as Tencent sends them.

mod common;

use common::Served;
use sha1::{Digest, Sha1};

const NOW: &str = "2024-05-01T09:00:00+08:00";
const TOKEN: &str = "a-wechat-token";

fn now_seconds() -> i64 {
    NOW.parse::<jiff::Timestamp>().unwrap().as_second()
}

fn signature(parts: &[&str]) -> String {
    let mut sorted = parts.to_vec();
    sorted.sort_unstable();
    Sha1::digest(sorted.concat().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A signed query, with a nonce of its own per call (as Tencent signs each push).
fn query(timestamp: i64) -> String {
    static NONCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(77);
    let nonce = NONCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    signed_query(timestamp, &nonce.to_string())
}

fn signed_query(timestamp: i64, nonce: &str) -> String {
    let ts = timestamp.to_string();
    format!(
        "signature={}&timestamp={ts}&nonce={nonce}&openid=o_user",
        signature(&[TOKEN, &ts, nonce])
    )
}

fn message(id: u64, content: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>{}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{id}</MsgId></xml>",
        now_seconds()
    )
}

#[tokio::test]
async fn serve_answers_wechat_signed_messages_once_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &["--now", NOW], &[("WECHAT_TOKEN", TOKEN)]);
    let client = reqwest::Client::new();
    let url = |q: &str| served.url(&format!("/wechat?{q}"));

    // The server URL check.
    let check = client
        .get(url(&format!("{}&echostr=hello123", query(now_seconds()))))
        .send()
        .await
        .unwrap();
    assert_eq!(check.status(), 200);
    assert_eq!(check.text().await.unwrap(), "hello123");
    let forged = client
        .get(url("signature=00&timestamp=1&nonce=77&echostr=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);

    // A question, answered in the reply; Tencent's retry of it gets the same reply.
    let post = |q: String, body: String| {
        let client = client.clone();
        let target = url(&q);
        async move {
            let r = client.post(target).body(body).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let seen = signed_query(now_seconds(), "5150");
    let (status, reply) = post(seen.clone(), message(1, "when is the deadline?")).await;
    assert_eq!(status, 200);
    assert!(
        reply.starts_with("<xml>") && reply.contains("20 June 2024"),
        "{reply}"
    );
    assert!(reply.contains("<ToUserName><![CDATA[o_user]]>"), "{reply}");
    let again = post(seen.clone(), message(1, "when is the deadline?")).await;
    assert_eq!(again, (200, reply.clone()));
    // The signed query seen once carries no other body: a replay is refused.
    let (replayed, _) = post(seen, message(9, "/apply")).await;
    assert_eq!(replayed, 401);

    // The wizard in WeChat: choices as numbered lines, a number answers them.
    let (_, started) = post(query(now_seconds()), message(2, "/start")).await;
    assert!(started.contains("\n1. "), "{started}");

    // Replays, hostile XML and oversized bodies: refused or success, never a 5xx.
    let (stale, _) = post(query(now_seconds() - 600), message(3, "hi")).await;
    assert_eq!(stale, 401);
    let bomb = "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><xml><Content>&b;</Content></xml>";
    assert_eq!(
        post(query(now_seconds()), bomb.into()).await,
        (200, "success".into())
    );
    let huge = format!("<xml><Content>{}</Content></xml>", "x".repeat(100_000));
    assert_eq!(
        post(query(now_seconds()), huge).await,
        (200, "success".into())
    );
}
