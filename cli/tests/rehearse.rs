//! A whole call rehearsed with `casebook rehearse` and one `casebook serve` that is never
//! restarted: applications in May, reviewers in July, round 2 in August, the
//! announcement in September; nothing is accepted outside its phase.

mod common;

use std::path::Path;
use std::process::Command;

use common::Served;
use common::api::Api;
use serde_json::{Value, json};

const ORGANIZER: &str = common::ORGANIZER;

/// `casebook ARGS --data-dir DIR` with no `--now`: its stdout and stderr.
fn casebook(dir: &Path, base: &str, args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env("CASEBOOK_AS", ORGANIZER)
        .env("CASEBOOK_PUBLIC_URL", base)
        .env_remove("CASEBOOK_NOW")
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?}: {stderr}");
    (stdout, stderr)
}

/// An admin command's JSON, checking it said the rehearsal clock first on stderr.
fn admin(dir: &Path, base: &str, day: &str, args: &[&str]) -> Value {
    let mut all = vec!["admin"];
    all.extend_from_slice(args);
    all.push("--json");
    let (stdout, stderr) = casebook(dir, base, &all);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("rehearsal clock: it is {day}")),
        "{args:?}: {stderr}"
    );
    serde_json::from_str(stdout.lines().next().unwrap_or("null")).unwrap_or(Value::Null)
}

fn rehearse(dir: &Path, at: &str) -> String {
    casebook(dir, "", &["rehearse", "--at", at]).0
}

#[tokio::test]
async fn a_call_rehearsed_phase_by_phase_on_one_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let said = rehearse(data, "2024-05-01T09:00:00+08:00");
    assert!(
        said.contains("Rehearsing: the call's clock reads 2024-05-01 09:0"),
        "{said}"
    );
    let served = Served::start(data, &[], &[]);
    let base = served.base.clone();
    let api = Api::new(&served);

    // May: applications come in.
    let mut drafts = Vec::new();
    for (name, lead, partner) in [
        ("Village Links", "China", "Kenya"),
        ("Rio Mesh", "Brazil", "France"),
        ("Solar Schools", "Germany", "Kenya"),
    ] {
        let draft = api
            .create_draft(&common::complete_case(name, lead, partner))
            .await;
        assert_eq!(api.submit(&draft).await.status, 200);
        drafts.push(draft);
    }
    let late = api
        .create_draft(&common::complete_case("Late Bird", "India", "Kenya"))
        .await;

    // July, on the same server: the call is closed, reviewers work.
    rehearse(data, "2024-07-02T09:00:00+08:00");
    let refused = api.submit(&late).await;
    assert_eq!(refused.error_code(), "deadline_passed", "{}", refused.body);
    let (out, _) = casebook(
        data,
        &base,
        &[
            "admin",
            "organizers",
            "add",
            "--name",
            "Org",
            "--email",
            ORGANIZER,
            "--json",
        ],
    );
    let organizer: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(organizer["token"].is_string());
    let cleo = admin(
        data,
        &base,
        "2024-07-02",
        &[
            "reviewers",
            "add",
            "--name",
            "Cleo Nasser",
            "--email",
            "cleo@example.org",
            "--country",
            "EG",
            "--organization",
            "Cairo University",
        ],
    );
    let cleo_token = cleo["token"].as_str().unwrap().to_string();
    let assigned = admin(
        data,
        &base,
        "2024-07-02",
        &["rounds", "assign", "1", "--per-case", "1"],
    );
    assert_eq!(assigned["assigned"], 3, "{assigned}");
    let review = |round: u8| json!({"round": round, "scores": {"conceptual_fit": 8}, "comment": "", "status": "draft"});
    let put = |id: String, round: u8| {
        let api = &api;
        let token = cleo_token.clone();
        let base = base.clone();
        async move {
            api.client()
                .put(format!("{base}/reviewer/applications/{id}/review"))
                .bearer_auth(token)
                .json(&review(round))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(put(drafts[0].id.clone(), 1).await, 200, "a review in July");

    // August: round 1 is over; round 2 begins.
    rehearse(data, "2024-08-02T09:00:00+08:00");
    assert_eq!(
        put(drafts[1].id.clone(), 1).await,
        409,
        "round 1 has closed"
    );
    admin(data, &base, "2024-08-02", &["rounds", "close", "1"]);
    for (reference, decision) in [
        ("PC2024-0001", "collected"),
        ("PC2024-0002", "not_selected"),
        ("PC2024-0003", "not_selected"),
    ] {
        admin(
            data,
            &base,
            "2024-08-02",
            &[
                "decide",
                "--round",
                "1",
                "--case",
                reference,
                "--decision",
                decision,
                "--reason",
                "Rehearsed",
            ],
        );
    }
    let second = admin(
        data,
        &base,
        "2024-08-02",
        &["rounds", "assign", "2", "--per-case", "1"],
    );
    assert_eq!(second["assigned"], 1, "{second}");
    assert_eq!(
        put(drafts[0].id.clone(), 2).await,
        200,
        "a round 2 review in August"
    );

    // September: round 2 is over; the outcome is announced.
    rehearse(data, "2024-09-02T09:00:00+08:00");
    assert_eq!(
        put(drafts[0].id.clone(), 2).await,
        409,
        "round 2 has closed"
    );
    admin(data, &base, "2024-09-02", &["rounds", "close", "2"]);
    admin(
        data,
        &base,
        "2024-09-02",
        &[
            "decide",
            "--round",
            "2",
            "--case",
            "PC2024-0001",
            "--decision",
            "outstanding",
            "--reason",
            "Rehearsed",
        ],
    );
    let announced = admin(data, &base, "2024-09-02", &["announce"]);
    assert_eq!(announced["mails_sent"], 3, "{announced}");
    // After the announcement nothing new comes in.
    let after = api
        .create_draft(&common::complete_case("Too Late", "Peru", "Chile"))
        .await;
    assert_eq!(api.submit(&after).await.error_code(), "deadline_passed");

    // Back to the real clock: commands say nothing of a rehearsal.
    let (off, _) = casebook(data, "", &["rehearse", "--off"]);
    assert!(off.contains("real clock"), "{off}");
    let (_, stderr) = casebook(data, &base, &["admin", "stats", "--json"]);
    assert!(!stderr.contains("rehearsal clock"), "{stderr}");
    // --now still moves one command alone, and says so.
    let (_, stderr) = casebook(
        data,
        &base,
        &[
            "--now",
            "2024-05-02T09:00:00+08:00",
            "admin",
            "stats",
            "--json",
        ],
    );
    assert!(
        stderr.starts_with("rehearsal clock: it is 2024-05-02"),
        "{stderr}"
    );
}
