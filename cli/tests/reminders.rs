//! The reminder job as organizers run it: `casebook admin remind` with the clock set on a
//! data directory with drafts and submissions, the outbox read after each run; the
//! opt-out link followed over `casebook serve`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Served;
use common::api::Api;
use reqwest::Method;
use serde_json::{Value, json};

const MAY: &str = "2024-05-01T09:00:00+08:00";

fn remind(dir: &Path, now: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--now", now, "admin", "remind", "--data-dir"])
        .arg(dir)
        .args(extra)
        .env("CASEBOOK_PUBLIC_URL", "http://127.0.0.1:9")
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook admin remind")
}

fn remind_json(dir: &Path, now: &str) -> Value {
    let out = remind(dir, now, &["--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

/// The outbox's messages as (to, plain text), oldest first.
fn outbox(dir: &Path) -> Vec<(String, String)> {
    common::outbox(dir)
        .into_iter()
        .map(|text| {
            let to = text
                .lines()
                .find_map(|l| l.strip_prefix("To: "))
                .unwrap_or_default()
                .to_string();
            (to, text)
        })
        .collect()
}

fn nudges_to(dir: &Path, who: &str) -> usize {
    outbox(dir)
        .iter()
        .filter(|(to, text)| to == who && text.contains("not submitted yet"))
        .count()
}

/// A draft with a contact e-mail, a draft without one, and a submitted case, all in May.
async fn call_with_drafts(dir: &Path) -> (common::api::Draft, common::api::Draft) {
    let served = Served::start(dir, &["--now", MAY], &[]);
    let api = Api::new(&served);
    // Li writes from a browser in Chinese: her nudges are in Chinese, then English.
    let open = api
        .speaking("zh")
        .create_draft(
            &json!({"practice_name": "Village Links", "countries": ["CN", "KE"],
            "contact": {"name": "Li Wei", "email": "li.wei@example.org"}}),
        )
        .await;
    let later_withdrawn = api
        .create_draft(&json!({"practice_name": "Rio Mesh",
            "contact": {"name": "Ana", "email": "ana@example.org"}}))
        .await;
    api.create_draft(&json!({"practice_name": "Nobody to write to"}))
        .await;
    assert!(served.interrupt());
    (open, later_withdrawn)
}

#[tokio::test]
async fn drafts_are_nudged_at_t_14_3_and_1_once_each_and_never_after_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let (_, withdrawn) = call_with_drafts(dir.path()).await;

    // A dry run at T-14 lists both drafts with an address and sends nothing.
    let dry = remind(dir.path(), "2024-06-06T09:00:00+08:00", &["--dry-run"]);
    let said = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(
        said.contains("would send") && said.contains("li.wei@example.org"),
        "{said}"
    );
    assert!(outbox(dir.path()).is_empty(), "a dry run sends nothing");

    let t14 = remind_json(dir.path(), "2024-06-06T09:00:00+08:00");
    assert_eq!(t14["due"], json!(["drafts:T-14"]));
    assert_eq!(t14["sent"], 2);
    let again = remind_json(dir.path(), "2024-06-06T15:00:00+08:00");
    assert_eq!(
        (again["sent"].as_u64(), again["already_sent"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(nudges_to(dir.path(), "li.wei@example.org"), 1);
    let mails = outbox(dir.path());
    let nudge = &mails
        .iter()
        .find(|(to, _)| to == "li.wei@example.org")
        .unwrap()
        .1;
    assert!(
        nudge.contains("20 June 2024") && nudge.contains("2024年6月20日"),
        "{nudge}"
    );
    // Ana wrote in English: hers is in English alone.
    let to_ana = &mails
        .iter()
        .find(|(to, _)| to == "ana@example.org")
        .unwrap()
        .1;
    assert!(
        to_ana.contains("20 June 2024") && !to_ana.contains("2024年6月20日"),
        "{to_ana}"
    );
    assert!(nudge.contains("/opt-out?token="), "{nudge}");

    // Ana withdraws; at T-3 (a Monday of the last week) Li and the organizers hear.
    let served = Served::start(dir.path(), &["--now", MAY], &[]);
    let api = Api::new(&served);
    let w = api.call(Method::POST, &withdrawn, "/withdraw").await;
    assert_eq!(w.status, 200, "{}", w.body);
    drop(served);
    let t3 = remind_json(dir.path(), "2024-06-17T09:00:00+08:00");
    assert_eq!(
        t3["sent_per_milestone"],
        json!({"drafts:T-3": 1, "digest:2024-06-17": 1})
    );
    let digest = outbox(dir.path())
        .into_iter()
        .find(|(to, _)| to == "practice@wicinternet.org")
        .expect("a digest to the call's contact")
        .1;
    assert!(
        digest.contains("By status: draft 2, withdrawn 1"),
        "{digest}"
    );

    let t1 = remind_json(dir.path(), "2024-06-19T09:00:00+08:00");
    assert_eq!(t1["sent_per_milestone"]["drafts:T-1"], 1);
    assert_eq!(nudges_to(dir.path(), "li.wei@example.org"), 3);
    assert_eq!(
        nudges_to(dir.path(), "ana@example.org"),
        1,
        "nothing after withdrawing"
    );

    // The day after the deadline only the deadline day's digest (late by a day) goes;
    // a week later nothing of the call does.
    let after = remind_json(dir.path(), "2024-06-21T09:00:00+08:00");
    assert_eq!(
        after["sent_per_milestone"],
        json!({"digest:2024-06-20": 1}),
        "{after}"
    );
    let week_late = remind_json(dir.path(), "2024-06-27T09:00:00+08:00");
    assert_eq!(week_late["sent"], 0, "{week_late}");
    assert_eq!(nudges_to(dir.path(), "li.wei@example.org"), 3);
}

#[tokio::test]
async fn two_jobs_at_once_send_each_message_once() {
    let dir = tempfile::tempdir().unwrap();
    call_with_drafts(dir.path()).await;
    let now = "2024-06-19T09:00:00+08:00";
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_casebook"))
                .args(["--now", now, "admin", "remind", "--json", "--data-dir"])
                .arg(dir.path())
                .env("CASEBOOK_PUBLIC_URL", "http://127.0.0.1:9")
                .env_remove("CASEBOOK_CAMPAIGN")
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut sent = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        sent += report["sent"].as_u64().unwrap();
    }
    // Two drafts with an address and one digest: three messages between the two runs.
    assert_eq!(sent, 3);
    assert_eq!(outbox(dir.path()).len(), 3);
}

#[tokio::test]
async fn a_send_that_fails_goes_out_on_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    call_with_drafts(dir.path()).await;
    // A file where the outbox should be: every send fails.
    std::fs::write(dir.path().join("outbox"), b"not a directory").unwrap();
    let failed = remind(dir.path(), "2024-06-06T09:00:00+08:00", &[]);
    assert!(!failed.status.success(), "a failed send is reported");
    let said = String::from_utf8_lossy(&failed.stdout).to_string();
    assert!(said.contains("2 failed"), "{said}");
    std::fs::remove_file(dir.path().join("outbox")).unwrap();
    let next = remind_json(dir.path(), "2024-06-06T18:00:00+08:00");
    assert_eq!(next["sent"], 2, "{next}");
    assert_eq!(outbox(dir.path()).len(), 2);
}

#[tokio::test]
async fn a_recipient_who_follows_the_opt_out_link_gets_no_more_nudges() {
    let dir = tempfile::tempdir().unwrap();
    call_with_drafts(dir.path()).await;
    remind_json(dir.path(), "2024-06-06T09:00:00+08:00");
    let nudge = outbox(dir.path())
        .into_iter()
        .find(|(to, _)| to == "li.wei@example.org")
        .unwrap()
        .1;
    let link = nudge
        .split_whitespace()
        .find(|w| w.contains("/opt-out?token="))
        .unwrap()
        .to_string();
    // Li wrote in Chinese: her link opens the page in Chinese (then English).
    let query = link.split('?').nth(1).unwrap().to_string();
    assert!(query.ends_with("&lang=zh"), "{link}");
    let token = query
        .strip_prefix("token=")
        .and_then(|q| q.split('&').next())
        .unwrap()
        .to_string();

    let served = Served::start(dir.path(), &["--now", "2024-06-07T09:00:00+08:00"], &[]);
    let client = reqwest::Client::new();
    // Following the link only shows a button: a scanner that fetches it changes nothing.
    let shown = client
        .get(served.url(&format!("/opt-out?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status(), 200);
    let shown = shown.text().await.unwrap();
    assert!(shown.contains("<html lang=\"zh\""), "{shown}");
    assert!(
        matches!((shown.find("停止向此地址发送提醒？"), shown.find("Stop the reminders to this address?")), (Some(first), Some(then)) if first < then),
        "Chinese, then English: {shown}"
    );
    assert!(
        shown.contains("<form method=\"post\" action=\"/opt-out?lang=zh\""),
        "{shown}"
    );
    let forged = client
        .post(served.url("/opt-out"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("token=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);
    // A link that is not one, opened by an Arabic reader: right to left, then English.
    let bad = client
        .post(served.url("/opt-out?lang=ar"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("token=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 404);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("<html lang=\"ar\" dir=\"rtl\">"), "{bad}");
    assert!(
        matches!((bad.find("هذا الرابط غير صالح"), bad.find("This link is not valid")), (Some(first), Some(then)) if first < then),
        "{bad}"
    );
    let done = client
        .post(served.url("/opt-out?lang=zh"))
        .header("content-type", "application/x-www-form-urlencoded")
        // A token is base64url and dots: nothing to encode.
        .body(format!("token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let done = done.text().await.unwrap();
    assert!(
        done.contains("li.wei@example.org 将不再收到本次征集的提醒")
            && done.contains("no more reminders"),
        "{done}"
    );
    drop(served);

    let t3 = remind_json(dir.path(), "2024-06-17T09:00:00+08:00");
    assert_eq!(t3["opted_out"], 1, "{t3}");
    assert_eq!(nudges_to(dir.path(), "li.wei@example.org"), 1);
    assert_eq!(
        nudges_to(dir.path(), "ana@example.org"),
        2,
        "others still hear"
    );
}

#[tokio::test]
async fn digests_go_to_the_organizers_a_setting_names() {
    let dir = tempfile::tempdir().unwrap();
    call_with_drafts(dir.path()).await;
    let run = |organizers: &str| {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args([
                "--now",
                "2024-06-17T09:00:00+08:00",
                "admin",
                "remind",
                "--data-dir",
            ])
            .arg(dir.path())
            .env("CASEBOOK_ORGANIZERS", organizers)
            .env_remove("CASEBOOK_CAMPAIGN")
            .output()
            .unwrap()
    };
    let bad = run("desk@example.org, not-an-address");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("CASEBOOK_ORGANIZERS"));
    assert!(run("desk@example.org, chair@example.org").status.success());
    let digests: Vec<String> = outbox(dir.path())
        .into_iter()
        .filter(|(_, text)| text.contains("The call so far"))
        .map(|(to, _)| to)
        .collect();
    assert_eq!(digests.len(), 2, "{digests:?}");
    assert!(digests.contains(&"desk@example.org".to_string()));
    assert!(digests.contains(&"chair@example.org".to_string()));
}
