//! Whole conversations through the WeChat front end as Tencent delivers them: signed XML
//! in, XML out (safe mode encrypted both ways), on the embedded store; the same
//! application carried on in Telegram (against a fake Bot API) with `/link`; one message
//! delivered many times at once answered once.

use std::sync::Arc;

use casebook_bot::Engine;
use casebook_bot::telegram::{TelegramBot, bot};
use casebook_bot::wechat::crypto::{AesKey, signature};
use casebook_bot::wechat::{CallQuery, SUCCESS, WechatAccount, WechatBot, xml};
use casebook_core::{ApplicationService, Campaign, FixedClock, Store, Stores};
use casebook_embedded::SqliteStore;
use casebook_testkit::fake_telegram::{FakeBotApi, button_update, text_update};

const TOKEN: &str = "wechat-test-token";
const APP_ID: &str = "wx5823bf96d3bd56c7";
const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
/// 2024-05-01T01:00:00Z, when the call is open.
const MAY: i64 = 1_714_525_200;
const NOW: &str = "2024-05-01T01:00:00Z";

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at(NOW.parse().unwrap()))
}

fn wechat_on(store: &Arc<dyn Store>, safe: bool) -> Arc<WechatBot> {
    let stores = Stores::backed_by(store.clone());
    let apps = ApplicationService::new(&stores, clock(), Arc::new(Campaign::builtin()));
    Arc::new(WechatBot::new(
        Engine::new(apps),
        stores,
        WechatAccount {
            token: TOKEN.into(),
            app_id: APP_ID.into(),
            aes_key: safe.then(|| AesKey::from_encoding_aes_key(KEY).unwrap()),
        },
    ))
}

/// One follower of the account, sending as Tencent delivers.
struct Follower {
    bot: Arc<WechatBot>,
    open_id: String,
    safe: bool,
    next_id: u64,
    /// What was said and answered, decrypted.
    transcript: Vec<(String, String)>,
}

impl Follower {
    fn new(bot: Arc<WechatBot>, open_id: &str, safe: bool) -> Follower {
        Follower {
            bot,
            open_id: open_id.into(),
            safe,
            next_id: 6_000_000_000_000_000_000,
            transcript: Vec::new(),
        }
    }

    /// The message as it arrives at the server URL: its query and body. Tencent signs each
    /// push with a nonce of its own; a retry of the same message comes the same way.
    fn delivery(&self, inner: &str) -> (CallQuery, String) {
        use std::hash::{Hash, Hasher};
        let timestamp = MAY.to_string();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (inner, &self.open_id).hash(&mut hasher);
        let nonce = (hasher.finish() % 10_000_000_000).to_string();
        let mut q = CallQuery {
            signature: signature(&[TOKEN, &timestamp, &nonce]),
            timestamp: timestamp.clone(),
            nonce: nonce.clone(),
            openid: Some(self.open_id.clone()),
            ..CallQuery::default()
        };
        if !self.safe {
            return (q, inner.to_string());
        }
        let key = AesKey::from_encoding_aes_key(KEY).unwrap();
        let encrypt = key.encrypt(inner, APP_ID, *b"0123456789abcdef");
        q.encrypt_type = Some("aes".into());
        q.msg_signature = Some(signature(&[TOKEN, &timestamp, &nonce, &encrypt]));
        let body = format!(
            "<xml><ToUserName><![CDATA[gh_casebook]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        );
        (q, body)
    }

    fn text(&mut self, content: &str) -> String {
        self.next_id += 1;
        format!(
            "<xml><ToUserName><![CDATA[gh_casebook]]></ToUserName><FromUserName><![CDATA[{}]]></FromUserName><CreateTime>{MAY}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>{}</Content><MsgId>{}</MsgId></xml>",
            self.open_id,
            xml::cdata(content),
            self.next_id
        )
    }

    fn event(&self, event: &str, create_time: i64) -> String {
        format!(
            "<xml><ToUserName><![CDATA[gh_casebook]]></ToUserName><FromUserName><![CDATA[{}]]></FromUserName><CreateTime>{create_time}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event></xml>",
            self.open_id
        )
    }

    /// Delivers `inner` and reads the reply's text (decrypted and checked in safe mode).
    async fn deliver(&self, inner: &str) -> String {
        let (q, body) = self.delivery(inner);
        let answer = self.bot.answer(&q, body.as_bytes()).await.unwrap();
        self.read(&answer)
    }

    fn read(&self, answer: &str) -> String {
        if answer == SUCCESS {
            return SUCCESS.into();
        }
        let outer = xml::parse(answer.as_bytes()).unwrap();
        let reply = if self.safe {
            let encrypt = outer.encrypt.expect("a safe-mode reply is encrypted");
            // Signed with the call's own nonce, which the reply repeats.
            let nonce = answer
                .split("<Nonce><![CDATA[")
                .nth(1)
                .and_then(|rest| rest.split("]]>").next())
                .expect("the reply's nonce");
            assert!(
                answer.contains(&format!(
                    "<MsgSignature><![CDATA[{}]]></MsgSignature>",
                    signature(&[TOKEN, &MAY.to_string(), nonce, &encrypt])
                )),
                "the reply is signed over its ciphertext: {answer}"
            );
            let inner = AesKey::from_encoding_aes_key(KEY)
                .unwrap()
                .decrypt(&encrypt, APP_ID)
                .unwrap();
            xml::parse(inner.as_bytes()).unwrap()
        } else {
            outer
        };
        assert_eq!(reply.to_user, self.open_id);
        assert_eq!(reply.msg_type, "text");
        let content = reply.content.unwrap_or_default();
        assert!(content.len() <= 2048, "{} bytes", content.len());
        content
    }

    async fn say(&mut self, text: &str) -> String {
        let message = self.text(text);
        let reply = self.deliver(&message).await;
        self.transcript.push((text.into(), reply.clone()));
        reply
    }

    async fn subscribe(&mut self) -> String {
        let event = self.event("subscribe", MAY);
        let reply = self.deliver(&event).await;
        self.transcript
            .push(("(follows the account)".into(), reply.clone()));
        reply
    }

    fn print_transcript(&self) {
        for (said, answered) in &self.transcript {
            println!("> {said}\n{answered}\n");
        }
    }
}

fn section(heading: &str) -> String {
    format!(
        "{heading}\nThe partners connected remote villages to the Internet and trained local technicians.\n\nWhat came next: every village chose two people to look after its site."
    )
}

/// From following the account to the reference, typed in English with numbers and
/// labels for the choices.
async fn apply_in_english(follower: &mut Follower) {
    let welcome = follower.subscribe().await;
    assert!(
        welcome.starts_with("Hello! I am the assistant"),
        "{welcome}"
    );
    assert!(welcome.contains("\n1. Apply now"), "{welcome}");
    let first = follower.say("1").await;
    assert!(
        first.contains("What is the name of your practice?"),
        "{first}"
    );
    for answer in [
        "Village Links",
        "Example Telecom",
        "China",
        "Example Networks Kenya, Kenya",
    ] {
        follower.say(answer).await;
    }
    follower.say("done").await;
    let area = follower.say("China, Kenya, Brazil").await;
    assert!(area.contains("3 countries or regions"), "{area}");
    assert!(
        area.contains("\n1. Internet Infrastructure Construction"),
        "{area}"
    );
    follower.say("1").await;
    for heading in ["Origins", "Partners", "Method"] {
        follower.say(&section(heading)).await;
    }
    let contact = follower.say(&section("Results")).await;
    assert!(contact.contains("Saved: 26 words"), "{contact}");
    follower.say("Li Wei").await;
    follower.say("li.wei@example.org").await;
    // No files step: WeChat's passive replies cannot take files.
    let summary = follower.say("skip").await;
    assert!(
        summary.contains("- Contact: Li Wei <li.wei@example.org>"),
        "{summary}"
    );
    let submitted = follower.say("Submit").await;
    assert!(
        submitted.contains("Submitted! Your reference is PC2024-0001."),
        "{submitted}"
    );
}

#[tokio::test]
async fn a_whole_application_in_plain_mode_from_subscribe_to_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut follower = Follower::new(wechat_on(&store, false), "o_plain_follower", false);
    apply_in_english(&mut follower).await;
    let mine = store.list_applications(2024, None).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status.as_str(), "submitted");
}

/// The note's transcript: `cargo nextest run -p casebook-bot --test wechat safe --no-capture`.
#[tokio::test]
async fn a_whole_application_in_safe_mode_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut follower = Follower::new(wechat_on(&store, true), "o_safe_follower", true);
    follower.subscribe().await;
    let zh = follower.say("/language").await;
    assert!(zh.contains("中文"), "{zh}");
    follower.say("中文").await;
    let deadline = follower.say("截止日期是什么时候？").await;
    assert!(deadline.contains("2024年6月20日"), "{deadline}");
    let first = follower.say("/apply").await;
    assert!(first.contains("实践名称是什么？"), "{first}");
    for answer in ["乡村互联", "示例电信", "中国", "示例网络肯尼亚, 肯尼亚"] {
        follower.say(answer).await;
    }
    follower.say("完成").await;
    let area = follower.say("中国、肯尼亚、巴西").await;
    assert!(
        area.contains("共3个国家或地区：中国 (CN)、肯尼亚 (KE)、巴西 (BR)。"),
        "{area}"
    );
    follower.say("网络基础设施建设").await;
    for heading in ["起源", "伙伴", "方法", "成效"] {
        follower.say(&section(heading)).await;
    }
    follower.say("李伟").await;
    follower.say("li.wei@example.org").await;
    let summary = follower.say("跳过").await;
    assert!(
        summary.contains("- 联系人：李伟 <li.wei@example.org>"),
        "{summary}"
    );
    assert!(summary.contains("\n1. 提交"), "{summary}");
    let submitted = follower.say("提交").await;
    follower.print_transcript();
    assert!(
        submitted.contains("提交成功！您的申报编号为 PC2024-0001"),
        "{submitted}"
    );
}

#[tokio::test]
async fn an_application_started_in_wechat_is_finished_in_telegram_with_link() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut follower = Follower::new(wechat_on(&store, true), "o_linking", true);
    follower.say("/apply").await;
    follower.say("Village Links").await;
    let code = follower.say("/link").await;
    let code = code
        .split("Your code is ")
        .nth(1)
        .map(|rest| rest[..8].to_string())
        .expect(&code);

    let fake = FakeBotApi::start().await.unwrap();
    let stores = Stores::backed_by(store.clone());
    let apps = ApplicationService::new(&stores, clock(), Arc::new(Campaign::builtin()));
    let telegram = TelegramBot::new(
        bot("123456:TEST-TOKEN-not-a-real-one", Some(&fake.url)).unwrap(),
        Engine::new(apps),
        stores,
    );
    tokio::spawn(async move { telegram.poll().await });
    let mut id = 0;
    let mut send = |text: &str| {
        id += 1;
        fake.push(text_update(id, text));
    };
    send(&format!("/link {code}"));
    send("/apply");
    for text in [
        "Example Telecom",
        "China",
        "Example Networks Kenya, Kenya",
        "done",
        "China, Kenya",
        "Cybersecurity",
    ] {
        send(text);
    }
    for heading in ["Origins", "Partners", "Method", "Results"] {
        send(&section(heading));
    }
    for text in ["Li Wei", "li.wei@example.org", "skip"] {
        send(text);
    }
    id += 1;
    fake.push(button_update(id, "submit"));
    let calls = fake.wait_for_text("Submitted!").await;
    let texts: Vec<&str> = calls
        .iter()
        .filter_map(|(_, body)| body["text"].as_str())
        .collect();
    assert!(texts[0].starts_with("Linked!"), "{texts:#?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("- Practice name: Village Links")),
        "the name typed in WeChat: {texts:#?}"
    );
    let all = store.list_applications(2024, None).await.unwrap();
    assert_eq!(all.len(), 1, "one application, carried across");
    assert_eq!(all[0].status.as_str(), "submitted");
    // Back in WeChat, the same application shows as submitted.
    let status = follower.say("/status").await;
    assert!(
        status.contains("Village Links: PC2024-0001 submitted"),
        "{status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_message_delivered_five_times_at_once_runs_once_and_gets_one_reply() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let mut follower = Follower::new(wechat_on(&store, true), "o_retries", true);
    let message = follower.text("/apply");
    let (q, body) = follower.delivery(&message);
    let deliveries: Vec<_> = (0..5)
        .map(|_| {
            let (bot, q, body) = (follower.bot.clone(), q.clone(), body.clone());
            tokio::spawn(async move { bot.answer(&q, body.as_bytes()).await.unwrap() })
        })
        .collect();
    let mut replies = Vec::new();
    for delivery in deliveries {
        replies.push(follower.read(&delivery.await.unwrap()));
    }
    assert!(
        replies[0].contains("What is the name of your practice?"),
        "{replies:?}"
    );
    assert!(replies.iter().all(|r| r == &replies[0]), "{replies:#?}");
    // One engine run: one draft, and the next answer is taken as its name.
    assert_eq!(store.list_applications(2024, None).await.unwrap().len(), 1);
    let next = follower.say("Village Links").await;
    assert!(next.contains("Which organization leads"), "{next}");
    // A retry later still gets the same reply, and still runs nothing.
    assert_eq!(follower.deliver(&message).await, replies[0]);
    assert_eq!(store.list_applications(2024, None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_event_is_taken_once_by_its_sender_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let follower = Follower::new(wechat_on(&store, false), "o_events", false);
    let subscribe = follower.event("subscribe", MAY);
    let first = follower.deliver(&subscribe).await;
    assert!(first.starts_with("Hello!"), "{first}");
    let saved = store
        .load_dialogue("wechat:o_events")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(follower.deliver(&subscribe).await, first);
    let after_retry = store
        .load_dialogue("wechat:o_events")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after_retry.version, saved.version, "the retry ran nothing");
    // The same event a second later is a new one.
    let again = follower.event("subscribe", MAY + 1);
    assert!(follower.deliver(&again).await.starts_with("Hello!"));
    let after_new = store
        .load_dialogue("wechat:o_events")
        .await
        .unwrap()
        .unwrap();
    assert!(after_new.version > saved.version);
}

#[tokio::test]
async fn in_safe_mode_a_plain_or_unsigned_body_is_refused_whatever_the_url_signature() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let bot = wechat_on(&store, true);
    // A signed query seen once, carrying a plain body in the victim's name.
    let mut attacker = Follower::new(bot.clone(), "o_victim", false);
    let message = attacker.text("/apply");
    let (q, body) = attacker.delivery(&message);
    assert!(bot.answer(&q, body.as_bytes()).await.is_err());
    // The same with `encrypt_type=aes` claimed but no message signature.
    let q = CallQuery {
        encrypt_type: Some("aes".into()),
        ..q
    };
    assert!(bot.answer(&q, body.as_bytes()).await.is_err());
    assert!(
        store
            .list_applications(2024, None)
            .await
            .unwrap()
            .is_empty()
    );
    // A real safe-mode message of the same follower is answered.
    let mut victim = Follower::new(bot, "o_victim", true);
    assert!(
        victim
            .say("/apply")
            .await
            .contains("What is the name of your practice?")
    );
}

#[tokio::test]
async fn a_signed_query_seen_once_carries_no_other_body() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let bot = wechat_on(&store, false);
    let mut victim = Follower::new(bot.clone(), "o_victim", false);
    let message = victim.text("when is the deadline?");
    let (q, body) = victim.delivery(&message);
    let first = bot.answer(&q, body.as_bytes()).await.unwrap();
    assert!(victim.read(&first).contains("20 June 2024"), "{first}");
    // Someone who saw that signed query sends their own body under it, as the victim.
    let mut attacker = Follower::new(bot.clone(), "o_victim", false);
    let forged = attacker.text("/apply");
    assert!(bot.answer(&q, forged.as_bytes()).await.is_err());
    assert!(
        store
            .list_applications(2024, None)
            .await
            .unwrap()
            .is_empty()
    );
    // Tencent's retry of the victim's own message still gets its reply.
    assert_eq!(bot.answer(&q, body.as_bytes()).await.unwrap(), first);
}
