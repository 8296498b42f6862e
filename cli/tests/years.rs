//! Next year's call on the same data, as the organizers run it: `casebook campaign
//! install` keeps the 2025 file with the data, `campaign open 2025` makes it the call the
//! API, the bot and new applications follow, `campaign close` closes it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::api::Api;
use common::{Served, admin_with, chat_as, complete_case, first_organizer};

const MAY_2024: &str = "2024-05-06T09:00:00+08:00";
const SEPTEMBER_2024: &str = "2024-09-02T09:00:00+08:00";
const MAY_2025: &str = "2025-05-06T09:00:00+08:00";

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

    // 2024 runs to its announced decisions: one case collected, one not selected.
    {
        let served = Served::start(&data, &["--now", MAY_2024], &[]);
        let api = Api::new(&served);
        for name in ["乡村互联 Village Links", "Rio Mesh"] {
            let draft = api.create_draft(&complete_case(name, "CN", "KE")).await;
            assert_eq!(api.submit(&draft).await.status, 200);
        }
    }
    first_organizer(&data, "http://127.0.0.1:9", SEPTEMBER_2024);
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
    assert!(
        said(&unknown).contains("no 2026 campaign is installed"),
        "{}",
        said(&unknown)
    );
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "year = 2025\n").unwrap();
    let refused = casebook(&data, &["campaign", "install", broken.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        said(&refused).contains("is not a valid campaign"),
        "{}",
        said(&refused)
    );

    let opened = casebook(&data, &["campaign", "open", "2025"]);
    assert!(opened.status.success(), "{}", said(&opened));
    assert!(
        said(&opened).contains("The 2025 call is open: applications until 20 June 2025"),
        "{}",
        said(&opened)
    );
    assert!(
        said(&opened).contains("1 case(s) collected in earlier years are refused by name"),
        "{}",
        said(&opened)
    );
    let listed = said(&casebook(&data, &["campaign", "list"]));
    assert!(listed.contains("2024  -  (built in)"), "{listed}");
    assert!(listed.contains("2025  open  (installed "), "{listed}");

    // The bot, the call's guide and new applications follow the open call.
    let after = chat_as("ana", "When is the deadline?\n/quit\n", &data, MAY_2025);
    assert!(after.contains("open until 20 June 2025"), "{after}");
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
    let retried = api
        .create_draft(&complete_case("Rio Mesh", "CN", "KE"))
        .await;
    assert_eq!(api.submit(&retried).await.body["reference"], "PC2025-0002");
    drop(served);

    // A corrected file replaces its year; closing the call refuses submissions.
    let replaced = casebook(&data, &["campaign", "install", file.to_str().unwrap()]);
    assert!(
        said(&replaced).contains("Replaced the 2025 campaign"),
        "{}",
        said(&replaced)
    );
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
