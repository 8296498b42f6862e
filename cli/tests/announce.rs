//! Telling applicants: two cases submitted over HTTP in May (one linked to a Telegram
//! chat), round 1 closed and decided from the CLI in September, then `casebook admin
//! announce` run twice: each applicant gets one e-mail in the outbox, the Telegram chat
//! one message on the fake Bot API, and each application shows its outcome.

mod common;

use casebook_testkit::fake_telegram::{FakeBotApi, text_update_in};
use common::Served;
use common::api::Api;
use reqwest::Method;
use serde_json::{Value, json};

const MAY: &str = "2024-05-01T09:00:00+08:00";
const SEPTEMBER: &str = "2024-09-02T09:00:00+08:00";
const TELEGRAM_TOKEN: &str = "123456:TEST-TOKEN-not-a-real-one";

fn case(name: &str, email: &str) -> Value {
    let s = |h: &str| {
        format!(
            "{h}\nTwo partners connected remote villages in Kenya and Brazil, trained local technicians to run the network and helped shops sell their goods online."
        )
    };
    json!({
        "practice_name": name,
        "lead_organization": {"name": "Example Telecom", "country": "China"},
        "partners": [{"name": "Example Networks Kenya", "country": "Kenya"}],
        "countries": ["China", "Kenya", "Brazil"],
        "area": "infrastructure",
        "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
        "contact": {"name": "Li Wei", "email": email}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announce_tells_each_applicant_once_by_mail_and_in_telegram() {
    let fake = FakeBotApi::start().await.unwrap();
    let telegram = [
        ("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN),
        ("TELEGRAM_API_URL", fake.url.as_str()),
    ];
    let dir = tempfile::tempdir().unwrap();
    let chat = 5151;
    let (links, solar) = {
        let served = Served::start(dir.path(), &["--now", MAY], &telegram);
        let api = Api::new(&served);
        let links = api
            .create_draft(&case("Village Links", "li.wei@example.org"))
            .await;
        let solar = api
            .create_draft(&case("Solar Schools", "ada@example.org"))
            .await;
        // Village Links is carried to a Telegram chat with a link code.
        let code = api.call(Method::POST, &links, "/link").await.body["code"]
            .as_str()
            .unwrap()
            .to_string();
        fake.push(text_update_in(1, chat, &format!("/link {code}")));
        fake.wait_for_text("Linked!").await;
        // Li submits from a browser in Chinese: her mails are in Chinese, then English.
        assert_eq!(api.speaking("zh").submit(&links).await.status, 200);
        assert_eq!(api.submit(&solar).await.status, 200);
        (links, solar)
    };
    let casebook = |args: &[&str]| common::admin_with(dir.path(), SEPTEMBER, args, &telegram);
    casebook(&[
        "organizers",
        "add",
        "--name",
        "Org",
        "--email",
        common::ORGANIZER,
    ]);
    casebook(&["rounds", "close", "1"]);
    // Nobody reviewed: the ranking proposes nothing, so collecting needs a reason.
    casebook(&[
        "decide",
        "--round",
        "1",
        "--case",
        "PC2024-0001",
        "--decision",
        "collected",
        "--reason",
        "Chosen by the jury in session",
    ]);
    casebook(&[
        "decide",
        "--round",
        "1",
        "--case",
        "PC2024-0002",
        "--decision",
        "not_selected",
    ]);
    let before = common::outbox(dir.path()).len();

    let first: Value = serde_json::from_str(&casebook(&["announce", "--json"])).unwrap();
    assert_eq!(
        first,
        json!({"decided": 2, "mails_sent": 2, "chats_sent": 1, "already_sent": 0, "failed": [], "undecided": 0})
    );
    let again: Value = serde_json::from_str(&casebook(&["announce", "--json"])).unwrap();
    assert_eq!(
        (
            again["mails_sent"].as_u64(),
            again["chats_sent"].as_u64(),
            again["already_sent"].as_u64()
        ),
        (Some(0), Some(0), Some(3))
    );

    let mails = common::outbox(dir.path());
    assert_eq!(
        mails.len(),
        before + 2,
        "one e-mail per applicant, however often it runs"
    );
    let to_li: Vec<&String> = mails
        .iter()
        .filter(|m| m.contains("Collection of Practice Cases"))
        .collect();
    assert_eq!(to_li.len(), 1);
    assert!(to_li[0].contains("li.wei@example.org") && to_li[0].contains("已入选"));
    assert!(
        matches!((to_li[0].find("已入选"), to_li[0].find("is included in the Collection")), (Some(first), Some(then)) if first < then),
        "Chinese first, then English: {}",
        to_li[0]
    );
    assert!(
        mails
            .iter()
            .any(|m| m.contains("ada@example.org") && m.contains("was not selected"))
    );
    assert!(
        !mails.iter().any(|m| m.contains("Chosen by the jury")),
        "the organizers' reasons stay with them"
    );
    let told: Vec<String> = fake
        .calls()
        .into_iter()
        .filter(|(m, b)| m.eq_ignore_ascii_case("sendmessage") && b["chat_id"] == chat)
        .filter_map(|(_, b)| b["text"].as_str().map(str::to_string))
        .filter(|t| t.contains("Collection"))
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].contains("\"Village Links\" (PC2024-0001)"),
        "{}",
        told[0]
    );

    // Each applicant reads the outcome with their own token.
    let served = Served::start(dir.path(), &["--now", SEPTEMBER], &[]);
    let api = Api::new(&served);
    assert_eq!(api.read(&links).await.body["status"], "collected");
    assert_eq!(api.read(&solar).await.body["status"], "not_selected");
}
