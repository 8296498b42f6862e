//! The WeChat front end with signed requests, plain and safe mode, on the memory store.

use std::sync::Arc;

use casebook_core::{ApplicationService, Campaign, FixedClock, MemoryStore, Stores};

use super::*;

const TOKEN: &str = "spamtest";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APP_ID: &str = "wx2c2769f8efd9abc2";

fn bot_at(now: &str, safe: bool) -> WechatBot {
    let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
    let clock = Arc::new(FixedClock::at(now.parse().unwrap()));
    let apps = ApplicationService::new(&stores, clock, Arc::new(Campaign::builtin()));
    WechatBot::new(
        Engine::new(apps),
        stores,
        WechatAccount {
            token: TOKEN.into(),
            app_id: APP_ID.into(),
            aes_key: safe.then(|| AesKey::from_encoding_aes_key(KEY).unwrap()),
        },
    )
}

/// A correctly signed query at `timestamp`, with a nonce of its own (Tencent signs each
/// push afresh; one signed pair carries one body).
fn signed(timestamp: i64) -> CallQuery {
    static NONCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1_320_562_132);
    let ts = timestamp.to_string();
    let nonce = NONCE
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        .to_string();
    CallQuery {
        signature: signature(&[TOKEN, &ts, &nonce]),
        timestamp: ts,
        nonce,
        ..CallQuery::default()
    }
}

const MAY: &str = "2024-05-01T01:00:00Z";

fn may() -> i64 {
    MAY.parse::<Timestamp>().unwrap().as_second()
}

fn text_message(id: &str, content: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user_1]]></FromUserName><CreateTime>{}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{id}</MsgId></xml>",
        may()
    )
}

#[test]
fn the_server_url_check_answers_the_echostr_only_when_signed_and_fresh() {
    let bot = bot_at(MAY, false);
    let mut q = signed(may());
    q.echostr = Some("shr5ch".into());
    assert_eq!(bot.verify_server_url(&q).unwrap(), "shr5ch");
    let mut forged = q.clone();
    forged.signature = "0".repeat(40);
    assert_eq!(bot.verify_server_url(&forged), Err(Refusal::BadSignature));
    let mut missing = q.clone();
    missing.signature = String::new();
    assert_eq!(bot.verify_server_url(&missing), Err(Refusal::BadSignature));
    let mut stale = signed(may() - 301);
    stale.echostr = Some("shr5ch".into());
    assert_eq!(bot.verify_server_url(&stale), Err(Refusal::Stale));
    let mut long = q.clone();
    long.echostr = Some("e".repeat(MAX_QUERY_VALUE_CHARS + 1));
    assert_eq!(bot.verify_server_url(&long), Err(Refusal::TooLong));
    long.echostr = Some("e".repeat(MAX_QUERY_VALUE_CHARS));
    assert!(bot.verify_server_url(&long).is_ok());
}

#[tokio::test]
async fn a_text_message_is_answered_once_within_the_reply_limit() {
    let bot = bot_at(MAY, false);
    let q = signed(may());
    let body = text_message("6054768590064713728", "when is the deadline?");
    let reply = bot.answer(&q, body.as_bytes()).await.unwrap();
    let back = xml::parse(reply.as_bytes()).unwrap();
    assert_eq!(back.to_user, "o_user_1");
    assert_eq!(back.from_user, "gh_account");
    let content = back.content.unwrap();
    assert!(content.contains("20 June 2024"), "{content}");
    assert!(reply.len() <= MAX_REPLY_BYTES + 300, "{}", reply.len());
    // Tencent's retry of the same MsgId gets the same reply, the engine not run again.
    let retry = bot.answer(&q, body.as_bytes()).await.unwrap();
    assert_eq!(
        xml::parse(retry.as_bytes()).unwrap().content.unwrap(),
        content
    );
}

#[tokio::test]
async fn files_and_unusable_bodies_get_a_short_answer_or_success_never_an_error() {
    let bot = bot_at(MAY, false);
    let q = signed(may());
    let image = text_message("1", "x").replace("[text]", "[image]");
    let reply = bot.answer(&q, image.as_bytes()).await.unwrap();
    assert!(reply.contains("/link"), "{reply}");
    for body in [
        "<!DOCTYPE x [<!ENTITY a \"b\">]><xml/>".to_string(),
        "not xml at all".to_string(),
        "<xml><MsgType>text</MsgType></xml>".to_string(),
        "x".repeat(70_000),
    ] {
        let q = signed(may());
        assert_eq!(bot.answer(&q, body.as_bytes()).await.unwrap(), SUCCESS);
    }
    let mut forged = q.clone();
    forged.signature = "0".repeat(40);
    let body = text_message("2", "hello");
    assert_eq!(
        bot.answer(&forged, body.as_bytes()).await,
        Err(Refusal::BadSignature)
    );
}

/// Tencent's published safe-mode sample, answered and encrypted back.
#[tokio::test]
async fn tencents_safe_mode_sample_is_decrypted_answered_and_the_reply_encrypted() {
    let bot = bot_at("2014-09-03T09:14:29Z", true);
    let q = CallQuery {
        signature: "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a".into(),
        timestamp: "1409735669".into(),
        nonce: "1320562132".into(),
        msg_signature: Some("5d197aaffba7e9b25a30732f161a50dee96bd5fa".into()),
        encrypt_type: Some("aes".into()),
        ..CallQuery::default()
    };
    let body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt></xml>";
    let reply = bot.answer(&q, body.as_bytes()).await.unwrap();
    let envelope = xml::parse(reply.as_bytes()).unwrap();
    let encrypt = envelope.encrypt.clone().expect("an encrypted reply");
    // The reply is signed as WeChat checks it, and decrypts to a text for the sender.
    assert!(reply.contains("<MsgSignature>"));
    let key = AesKey::from_encoding_aes_key(KEY).unwrap();
    let inner = xml::parse(key.decrypt(&encrypt, APP_ID).unwrap().as_bytes()).unwrap();
    assert_eq!(inner.to_user, "oyORnuP8q7ou2gfYjqLzSIWZf0rs");
    assert_eq!(inner.msg_type, "text");
    // A wrong message signature is refused before decryption.
    let mut forged = q.clone();
    forged.msg_signature = Some("0".repeat(40));
    assert_eq!(
        bot.answer(&forged, body.as_bytes()).await,
        Err(Refusal::BadSignature)
    );
}

#[test]
fn a_long_answer_comes_in_pages_within_the_limit_cut_on_characters() {
    let text = "中".repeat(2000) + "\nend";
    let pages = paginate(&text, MAX_REPLY_BYTES, Lang::Zh);
    assert!(pages.len() >= 3, "{}", pages.len());
    assert!(pages.iter().all(|p| p.len() <= MAX_REPLY_BYTES));
    // Every page but the last says, in the chat's language, how to get the next.
    assert!(
        pages[..pages.len() - 1]
            .iter()
            .all(|p| p.ends_with("\n(回复 0 查看更多。)"))
    );
    let joined: String = pages
        .iter()
        .map(|p| p.trim_end_matches("\n(回复 0 查看更多。)"))
        .collect::<Vec<_>>()
        .concat();
    assert_eq!(joined.replace('\n', ""), text.replace('\n', ""));
    assert_eq!(paginate("hi", MAX_REPLY_BYTES, Lang::Zh), ["hi"]);
    let russian = paginate(&text, MAX_REPLY_BYTES, Lang::Ru);
    assert!(
        russian[0].ends_with("\n(Ответьте 0, чтобы увидеть продолжение.)"),
        "{}",
        russian[0]
    );
}

#[tokio::test]
async fn zero_brings_the_next_page_of_a_long_answer() {
    let bot = bot_at(MAY, false);
    let q = signed(may());
    // The engine's answers fit one page; the rest of a longer one is kept as a page.
    let long = "x".repeat(2000);
    bot.keep_pages(
        "wechat-pages:o_user_1",
        std::slice::from_ref(&long),
        may_ts(),
    )
    .await;
    let reply = bot
        .answer(&q, text_message("9", "0").as_bytes())
        .await
        .unwrap();
    let content = xml::parse(reply.as_bytes()).unwrap().content.unwrap();
    assert_eq!(content, long);
    // Nothing more waits: "0" goes to the engine like any text.
    let reply = bot
        .answer(&signed(may()), text_message("10", "0").as_bytes())
        .await
        .unwrap();
    let content = xml::parse(reply.as_bytes()).unwrap().content.unwrap();
    assert_ne!(content, long);
}

fn may_ts() -> Timestamp {
    MAY.parse().unwrap()
}
