//! Next year's call on the same data, as the organizers run it: `casebook campaign
//! install` keeps the 2025 file with the data, `campaign open 2025` makes it the call the
//! API, the bot and new applications follow, `campaign close` closes it; 2024's rounds,
//! decisions and exports stay as they were, read with `admin --year 2024`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::api::Api;
use common::{ORGANIZER, Served, admin_json, admin_with, chat_as, complete_case, first_organizer};
use reqwest::Method;
use serde_json::{Value, json};

const MAY_2024: &str = "2024-05-06T09:00:00+08:00";
const JULY_2024: &str = "2024-07-02T09:00:00+08:00";
const SEPTEMBER_2024: &str = "2024-09-02T09:00:00+08:00";
const MAY_2025: &str = "2025-05-06T09:00:00+08:00";
const JUNE_2025: &str = "2025-06-06T09:00:00+08:00";
const JULY_2025: &str = "2025-07-02T09:00:00+08:00";

/// The reviewer's scores on every case they have, submitted; the references they had.
async fn review_all(api: &Api, reviewer: &str, round: u8, fit: u8) -> Vec<String> {
    let listed = api
        .send(Method::GET, "/reviewer/assignments", Some(reviewer), None)
        .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let mut references = Vec::new();
    for case in listed.body["assignments"].as_array().unwrap() {
        let id = case["application_id"].as_str().unwrap();
        let review = json!({"round": round, "status": "submitted", "comment": "Clear and useful.", "scores":
            {"conceptual_fit": fit, "international_cooperation": 7, "benefits_to_mankind": 6}});
        let path = format!("/reviewer/applications/{id}/review");
        let saved = api
            .send(Method::PUT, &path, Some(reviewer), Some(&review))
            .await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        references.push(case["reference"].as_str().unwrap().to_string());
    }
    references.sort();
    references
}

/// What 2024's organizers read of their call: the ranking, the decisions, the audit
/// log's decisions and the export, as the command line gives them.
fn year_2024_as_read(data: &Path, year: &[&str]) -> [String; 4] {
    let read = |args: &[&str]| admin_with(data, JULY_2025, &[year, args].concat(), &[]);
    [
        read(&["rankings", "--round", "1", "--csv"]),
        read(&["decisions"]),
        read(&["decisions", "--log"])
            .lines()
            .filter(|l| l.contains("PC2024"))
            .collect::<Vec<_>>()
            .join("\n"),
        read(&["export", "--format", "csv"]),
    ]
}

fn casebook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("CASEBOOK_CAMPAIGN")
        .env_remove("CASEBOOK_NOW")
        .output()
        .expect("run casebook")
}

/// Asserts that `out` (its standard output and error) says `text`.
fn assert_says(out: &Output, text: &str) {
    assert!(said(out).contains(text), "{}", said(out));
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The 2024 file with every date a year on and one area described anew: next year's call
/// as its organizers would write it.
fn next_year(dir: &Path) -> PathBuf {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/campaigns/2024.toml"
    ))
    .expect("the 2024 campaign file");
    let text = seed.replace("2024", "2025").replace(
        "Speeding up universal access to the global network",
        "Bringing the next billion people online",
    );
    let path = dir.join("2025.toml");
    std::fs::write(&path, text).expect("write the 2025 file");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn next_years_call_is_installed_opened_followed_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = next_year(dir.path());

    // 2024 runs to its announced decisions: two cases reviewed, one collected, one not
    // selected; and one draft never submitted.
    let left_in_2024 = {
        let served = Served::start(&data, &["--now", MAY_2024], &[]);
        let api = Api::new(&served);
        for name in ["乡村互联 Village Links", "Rio Mesh"] {
            let draft = api.create_draft(&complete_case(name, "CN", "KE")).await;
            assert_eq!(api.submit(&draft).await.status, 200);
        }
        api.create_draft(&json!({"practice_name": "Left in 2024",
            "contact": {"name": "Bo", "email": "bo.2024@example.org"}}))
            .await
    };
    // Mei starts in the chat in 2024 and stops in the middle.
    let mei_2024 = chat_as("mei", "/apply\nHarbour Watch\n", &data, MAY_2024);
    assert!(mei_2024.contains("Which organization leads"), "{mei_2024}");
    let base = "http://127.0.0.1:9";
    let organizer = first_organizer(&data, base, JULY_2024)["token"]
        .as_str()
        .unwrap()
        .to_string();
    let in_july_2024 = |args: &[&str]| admin_json(&data, base, JULY_2024, args);
    let add_reviewer = |name: &str, email: &str, country: &str, organization: &str| {
        in_july_2024(&[
            "reviewers",
            "add",
            "--name",
            name,
            "--email",
            email,
            "--country",
            country,
            "--organization",
            organization,
        ])
    };
    let ana = add_reviewer("Ana Souza", "ana@example.org", "Brazil", "Rio Institute");
    let ana = ana["token"].as_str().unwrap().to_string();
    // A second reviewer, revoked before the year is over: not carried.
    let bo = add_reviewer("Bo Lindqvist", "bo@example.org", "SE", "Nordic Lab");
    in_july_2024(&["reviewers", "revoke", bo["id"].as_str().unwrap()]);
    in_july_2024(&["rounds", "assign", "1", "--per-case", "1"]);
    {
        let served = Served::start(&data, &["--now", JULY_2024], &[]);
        let reviewed = review_all(&Api::new(&served), &ana, 1, 9).await;
        assert_eq!(reviewed, ["PC2024-0001", "PC2024-0002"]);
    }
    let admin = |args: &[&str]| admin_with(&data, SEPTEMBER_2024, args, &[]);
    admin(&["rounds", "close", "1"]);
    for (reference, decision) in [
        ("PC2024-0001", "collected"),
        ("PC2024-0002", "not_selected"),
    ] {
        admin(&[
            "decide",
            "--round",
            "1",
            "--case",
            reference,
            "--decision",
            decision,
            "--reason",
            "Decided in session",
        ]);
    }
    // The outcomes become the cases' status once announced.
    let announced = admin(&["announce"]);
    assert!(!announced.is_empty());
    let read_in_2024 = year_2024_as_read(&data, &[]);
    assert!(
        read_in_2024[0].contains("PC2024-0001"),
        "{}",
        read_in_2024[0]
    );
    assert!(
        read_in_2024[2].contains("Decided in session"),
        "{}",
        read_in_2024[2]
    );

    // Installed, not yet open: the 2024 call still runs.
    let installed = casebook(&data, &["campaign", "install", file.to_str().unwrap()]);
    assert!(installed.status.success(), "{}", said(&installed));
    assert!(
        said(&installed).contains("Installed the 2025 campaign")
            && said(&installed).contains("casebook campaign open 2025"),
        "{}",
        said(&installed)
    );
    let listed = said(&casebook(&data, &["campaign", "list"]));
    assert!(listed.contains("2024  open  (built in)"), "{listed}");
    assert!(listed.contains("2025  -  (installed "), "{listed}");
    let before = chat_as("ana", "When is the deadline?\n/quit\n", &data, MAY_2025);
    assert!(before.contains("open until 20 June 2024"), "{before}");

    // A year never installed cannot be opened; a broken file is refused by its key.
    let unknown = casebook(&data, &["campaign", "open", "2026"]);
    assert!(!unknown.status.success());
    assert_says(&unknown, "no 2026 campaign is installed");
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "year = 2025\n").unwrap();
    let refused = casebook(&data, &["campaign", "install", broken.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert_says(&refused, "is not a valid campaign");

    let opened = casebook(&data, &["campaign", "open", "2025"]);
    assert!(opened.status.success(), "{}", said(&opened));
    assert_says(
        &opened,
        "The 2025 call is open: applications until 20 June 2025",
    );
    assert_says(
        &opened,
        "One case collected in earlier years is refused by name",
    );
    let listed = said(&casebook(&data, &["campaign", "list"]));
    assert!(listed.contains("2024  -  (built in)"), "{listed}");
    assert!(listed.contains("2025  open  (installed "), "{listed}");

    // The bot, the call's guide and new applications follow the open call.
    let after = chat_as("ana", "When is the deadline?\n/quit\n", &data, MAY_2025);
    assert!(after.contains("open until 20 June 2025"), "{after}");
    // Mei comes back: her 2024 draft can no longer be sent, and stays hers to read; /apply
    // greets her with it and starts her 2025 application.
    let mei = chat_as(
        "mei",
        "Harbour Lead Org\n/apply\nHarbour Watch 2025\n/status\n",
        &data,
        MAY_2025,
    );
    assert!(
        mei.contains("The 2024 call has closed, so that draft can no longer be sent"),
        "{mei}"
    );
    assert!(
        mei.contains(
            "Welcome back! Your applications to earlier calls are kept. Let us start your 2025 application.\n- Harbour Watch: draft (2024 call)"
        ),
        "{mei}"
    );
    assert!(
        mei.contains(
            "Your applications:\n- Harbour Watch: draft (2024 call)\n- Harbour Watch 2025: draft"
        ),
        "{mei}"
    );
    let mei_zh = chat_as("mei", "/language\nChinese\n/status\n", &data, MAY_2025);
    assert!(
        mei_zh.contains("Harbour Watch：草稿（2024 年）"),
        "{mei_zh}"
    );
    let served = Served::start(&data, &["--now", MAY_2025], &[]);
    let api = Api::new(&served);
    let call = api.get("/call").await.body;
    assert_eq!(call["deadline"], "20 June 2025", "{call}");
    assert!(
        call.to_string()
            .contains("Bringing the next billion people online"),
        "the 2025 area text: {call}"
    );
    let draft = api
        .create_draft(&complete_case("Village Links 2025", "CN", "KE"))
        .await;
    let submitted = api.submit(&draft).await.body;
    assert_eq!(submitted["reference"], "PC2025-0001", "{submitted}");
    // 2024's Collection case is refused by name in either language, with its year; the
    // case 2024 did not select may try again.
    for name in ["Village Links", "乡村互联"] {
        let again = api.create_draft(&complete_case(name, "CN", "KE")).await;
        let refused = api.submit(&again).await;
        assert_ne!(refused.status, 200, "{}", refused.body);
        assert!(
            refused
                .body
                .to_string()
                .contains("was selected for the 2024 Collection of Practice Cases"),
            "{name}: {}",
            refused.body
        );
    }
    // An applicant still reads their 2024 draft; it is not sent in 2025's call.
    let read = api.read(&left_in_2024).await;
    assert_eq!(
        (read.status, &read.body["practice_name"]),
        (200, &json!("Left in 2024"))
    );
    let late = api.submit(&left_in_2024).await;
    assert_ne!(late.status, 200, "{}", late.body);
    let retried = api
        .create_draft(&complete_case("Rio Mesh", "CN", "KE"))
        .await;
    assert_eq!(api.submit(&retried).await.body["reference"], "PC2025-0002");
    api.create_draft(&json!({"practice_name": "Started in 2025",
        "contact": {"name": "Cy", "email": "cy.2025@example.org"}}))
        .await;
    drop(served);

    // Reminders at 2025's T-14 go to 2025's draft alone, not to the one left in 2024.
    let reminded = admin_with(&data, JUNE_2025, &["remind", "--dry-run"], &[]);
    assert!(reminded.contains("cy.2025@example.org"), "{reminded}");
    assert!(!reminded.contains("bo.2024@example.org"), "{reminded}");

    // 2025 starts with no reviewers; 2024's are carried with new links, the revoked one
    // left behind, and carrying again carries nobody twice.
    let listed = admin_with(&data, JULY_2025, &["reviewers", "list", "--json"], &[]);
    assert!(listed.trim().is_empty(), "{listed}");
    let mails_to_ana = || {
        std::fs::read_dir(data.join("outbox"))
            .unwrap()
            .filter(|m| {
                std::fs::read_to_string(m.as_ref().unwrap().path())
                    .unwrap()
                    .contains("To: ana@example.org")
            })
            .count()
    };
    let mailed_before = mails_to_ana();
    let carried = admin_with(
        &data,
        JULY_2025,
        &["reviewers", "carry", "--from", "2024", "--json"],
        &[("CASEBOOK_PUBLIC_URL", base)],
    );
    let lines: Vec<Value> = carried
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{carried}");
    assert_eq!(lines[1], json!({"carried": 1, "already": 0, "revoked": 1}));
    assert_eq!(
        mails_to_ana(),
        mailed_before + 1,
        "the new link is e-mailed"
    );
    let old_ana = ana;
    let ana = lines[0]["token"].as_str().unwrap().to_string();
    let again = admin_with(
        &data,
        JULY_2025,
        &["reviewers", "carry", "--from", "2024"],
        &[],
    );
    assert!(
        again.contains(
            "Carried 0 reviewers from 2024 to 2025; 1 already reviewed for 2025; 1 revoked"
        ),
        "{again}"
    );
    let same_year = casebook(
        &data,
        &[
            "admin",
            "--as",
            ORGANIZER,
            "reviewers",
            "carry",
            "--from",
            "2025",
        ],
    );
    assert_says(&same_year, "the year they would be carried to");

    // 2025's round 1 is its own: open (2024's was closed), with 2025's cases alone; the
    // reviewer's page lists those, and 2024's stay 2024's.
    let assigned = admin_json(
        &data,
        base,
        JULY_2025,
        &["rounds", "assign", "1", "--per-case", "1"],
    );
    assert_eq!(assigned["assigned"], 2, "{assigned}");
    {
        let served = Served::start(&data, &["--now", JULY_2025], &[]);
        let api = Api::new(&served);
        let reviewed = review_all(&api, &ana, 1, 5).await;
        assert_eq!(reviewed, ["PC2025-0001", "PC2025-0002"]);
        let old_link = api
            .send(Method::GET, "/reviewer/assignments", Some(&old_ana), None)
            .await;
        assert_eq!(
            old_link.status, 401,
            "the link before carrying stopped working"
        );
    }
    let ranking_2025 = admin_with(
        &data,
        JULY_2025,
        &["rankings", "--round", "1", "--csv"],
        &[],
    );
    assert!(
        ranking_2025.contains("PC2025-0001") && !ranking_2025.contains("PC2024"),
        "{ranking_2025}"
    );
    let decisions_2025 = admin_with(&data, JULY_2025, &["decisions"], &[]);
    assert!(!decisions_2025.contains("PC2024"), "{decisions_2025}");
    // 2024 reads exactly as it did before 2025 was opened, reviewed and ranked.
    assert_eq!(year_2024_as_read(&data, &["--year", "2024"]), read_in_2024);
    let stats_2024: Value = serde_json::from_str(&admin_with(
        &data,
        JULY_2025,
        &["--year", "2024", "stats", "--json"],
        &[],
    ))
    .unwrap();
    assert_eq!(stats_2024["by_status"]["collected"], 1, "{stats_2024}");
    // The console's routes take the year too.
    {
        let served = Served::start(&data, &["--now", JULY_2025], &[]);
        let api = Api::new(&served);
        let get = |path: &'static str| api.send(Method::GET, path, Some(&organizer), None);
        let stats_2024 = get("/admin/stats?year=2024").await;
        assert_eq!(
            stats_2024.body["by_status"]["collected"], 1,
            "{}",
            stats_2024.body
        );
        let stats_2025 = get("/admin/stats").await;
        assert_eq!(
            stats_2025.body["by_status"]["in_review"], 2,
            "{}",
            stats_2025.body
        );
        let ranked = get("/admin/rankings?round=1&year=2024")
            .await
            .body
            .to_string();
        assert!(
            ranked.contains("PC2024-0001") && !ranked.contains("PC2025"),
            "{ranked}"
        );
        let ranked = get("/admin/rankings?round=1").await.body.to_string();
        assert!(
            ranked.contains("PC2025-0001") && !ranked.contains("PC2024"),
            "{ranked}"
        );
        let unknown = get("/admin/stats?year=2023").await;
        assert_eq!(unknown.status, 404, "{}", unknown.body);
        assert_eq!(unknown.body["error"]["field"], "year");
        assert_eq!(get("/admin/stats?year=twenty").await.status, 400);
    }
    let unknown = casebook(&data, &["admin", "--year", "2023", "stats"]);
    assert!(!unknown.status.success());
    assert_says(&unknown, "there is no 2023 call here");

    // A corrected file replaces its year; closing the call refuses submissions.
    let replaced = casebook(&data, &["campaign", "install", file.to_str().unwrap()]);
    assert_says(&replaced, "Replaced the 2025 campaign");
    let closed = casebook(&data, &["campaign", "close"]);
    assert!(closed.status.success(), "{}", said(&closed));
    let served = Served::start(&data, &["--now", MAY_2025], &[]);
    let api = Api::new(&served);
    let draft = api
        .create_draft(&complete_case("Too Late Links", "CN", "KE"))
        .await;
    let refused = api.submit(&draft).await;
    assert_ne!(refused.status, 200, "{}", refused.body);
    assert!(
        refused
            .body
            .to_string()
            .contains("The organizers have closed the call"),
        "the closed call says why: {}",
        refused.body
    );
    let listed = said(&casebook(&data, &["campaign", "list"]));
    assert!(listed.contains("No call is open"), "{listed}");
}

/// A data directory written before one deployment kept several years (made by
/// `cli/tests/data/before-years/make.sh` with the casebook of commit 50acc96: 2024 reviewed,
/// round 1 closed, decided and announced) is read as 2024's with no step: its ranking,
/// decisions and closed round as they were, then side by side with an opened 2025.
#[test]
fn data_kept_before_years_is_read_as_2024s() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/before-years/casebook.sqlite"
        ),
        data.join("casebook.sqlite"),
    )
    .unwrap();
    let admin = |args: &[&str]| admin_with(&data, SEPTEMBER_2024, args, &[]);
    let ranking = admin(&["rankings", "--round", "1"]);
    for line in ["PC2024-0001      7.33", "PC2024-0002      7.33"] {
        assert!(ranking.contains(line), "{ranking}");
    }
    let decisions = admin(&["decisions"]);
    assert!(
        decisions.contains("PC2024-0001    collected")
            && decisions.contains("PC2024-0002    not_selected"),
        "{decisions}"
    );
    let closed = casebook(
        &data,
        &[
            "--now",
            SEPTEMBER_2024,
            "admin",
            "--as",
            ORGANIZER,
            "rounds",
            "assign",
            "1",
        ],
    );
    assert!(
        said(&closed).contains("review round 1 has closed"),
        "2024's closing, kept without a year: {}",
        said(&closed)
    );

    let file = next_year(dir.path());
    let installed = casebook(&data, &["campaign", "install", file.to_str().unwrap()]);
    assert!(installed.status.success(), "{}", said(&installed));
    let opened = casebook(&data, &["campaign", "open", "2025"]);
    assert!(
        said(&opened).contains("One case collected in earlier years"),
        "the undated data's collected case: {}",
        said(&opened)
    );
    // The reviewer kept before years is 2024's, and is carried.
    let reviewers_2024 = admin_with(
        &data,
        JULY_2025,
        &["--year", "2024", "reviewers", "list"],
        &[],
    );
    assert!(reviewers_2024.contains("Ana Souza"), "{reviewers_2024}");
    let carried = admin_with(
        &data,
        JULY_2025,
        &["reviewers", "carry", "--from", "2024"],
        &[],
    );
    assert!(
        carried.contains("Carried one reviewer from 2024 to 2025"),
        "{carried}"
    );
    // 2025's round 1 is open; 2024's stays closed and reads as it did.
    let closing = admin_with(&data, JULY_2025, &["rounds", "close", "1"], &[]);
    assert!(closing.contains("closed"), "{closing}");
    let closed = casebook(
        &data,
        &[
            "--now", JULY_2025, "admin", "--as", ORGANIZER, "--year", "2024", "rounds", "assign",
            "1",
        ],
    );
    assert_says(&closed, "review round 1 has closed");
    assert_eq!(
        admin_with(
            &data,
            JULY_2025,
            &["--year", "2024", "rankings", "--round", "1"],
            &[]
        ),
        ranking
    );
    assert_eq!(
        admin_with(&data, JULY_2025, &["--year", "2024", "decisions"], &[]),
        decisions
    );
    let log_2025 = admin_with(&data, JULY_2025, &["decisions", "--log"], &[]);
    assert!(
        !log_2025.contains("PC2024") && log_2025.contains("closed round 1"),
        "{log_2025}"
    );
}
