//! Organizers as accountable people, from the terminal as a secretariat uses it: the first
//! organizer on fresh data, every later change `--as` a registered organizer, and tokens
//! that a rehearsal clock cannot stretch.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Served;
use common::api::Api;
use reqwest::Method;
use serde_json::Value;

/// `casebook [--now NOW] admin ARGS --data-dir DIR`, with `CASEBOOK_AS` as given.
fn casebook(dir: &Path, now: Option<&str>, acting_as: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
    if let Some(now) = now {
        command.args(["--now", now]);
    }
    command
        .arg("admin")
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env("CASEBOOK_PUBLIC_URL", "http://127.0.0.1:9")
        .env_remove("CASEBOOK_NOW")
        .env_remove("CASEBOOK_CAMPAIGN");
    match acting_as {
        Some(email) => command.env("CASEBOOK_AS", email),
        None => command.env_remove("CASEBOOK_AS"),
    };
    command.output().expect("run casebook admin")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).expect("one JSON line")
}

#[test]
fn the_first_organizer_starts_the_registry_and_every_change_names_an_organizer() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let add = |acting_as: Option<&str>, name: &str, email: &str| {
        casebook(
            dir,
            None,
            acting_as,
            &["organizers", "add", "--name", name, "--email", email],
        )
    };
    // A change before anybody is registered says how to start.
    let early = casebook(dir, None, None, &["rounds", "close", "1"]);
    assert!(!early.status.success());
    assert!(
        stderr(&early).contains("organizers add"),
        "{}",
        stderr(&early)
    );

    let first = add(None, "Mei Chen", "mei@example.org");
    assert!(first.status.success(), "{}", stderr(&first));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("http://127.0.0.1:9/console#token="), "{said}");
    assert!(said.contains("--as mei@example.org"), "{said}");
    // The sign-in link went out by e-mail too.
    let outbox: Vec<String> = std::fs::read_dir(dir.join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        outbox
            .iter()
            .any(|m| m.contains("To: mei@example.org") && m.contains("/console#token="))
    );

    // From now on nobody acts anonymously, nor as a stranger.
    let nameless = add(None, "Omar Haddad", "omar@example.org");
    assert!(!nameless.status.success());
    assert!(stderr(&nameless).contains("--as"), "{}", stderr(&nameless));
    let stranger = add(Some("eve@example.org"), "Omar Haddad", "omar@example.org");
    assert!(!stranger.status.success());
    assert!(
        stderr(&stranger).contains("no active organizer"),
        "{}",
        stderr(&stranger)
    );
    for args in [
        &["rounds", "close", "1"][..],
        &["rounds", "assign", "1"],
        &["decide", "--round", "1", "--accept-proposal"],
        &["announce"],
        &["export"],
        &[
            "reviewers",
            "add",
            "--name",
            "Ana",
            "--email",
            "ana@example.org",
            "--country",
            "BR",
            "--organization",
            "Rio",
        ],
    ] {
        let out = casebook(dir, None, None, args);
        assert!(!out.status.success(), "{args:?} ran anonymously");
        assert!(stderr(&out).contains("--as"), "{args:?}: {}", stderr(&out));
    }
    // Reading needs no name.
    assert!(casebook(dir, None, None, &["stats"]).status.success());

    let omar = json(&casebook(
        dir,
        None,
        Some("MEI@example.org"),
        &[
            "organizers",
            "add",
            "--name",
            "Omar Haddad",
            "--email",
            "omar@example.org",
            "--json",
        ],
    ));
    let omar_id = omar["id"].as_str().unwrap();
    let closed = casebook(
        dir,
        None,
        Some("omar@example.org"),
        &["rounds", "close", "1"],
    );
    assert!(closed.status.success(), "{}", stderr(&closed));

    // A revoked organizer acts no more, and a new link does not quietly reinstate them.
    let revoked = casebook(
        dir,
        None,
        Some("mei@example.org"),
        &["organizers", "revoke", omar_id],
    );
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    let after = casebook(
        dir,
        None,
        Some("omar@example.org"),
        &["rounds", "reopen", "1", "--reason", "x"],
    );
    assert!(!after.status.success());
    let relink = casebook(
        dir,
        None,
        Some("mei@example.org"),
        &["organizers", "link", omar_id],
    );
    assert!(!relink.status.success());
    assert!(
        stderr(&relink).contains("--reinstate"),
        "{}",
        stderr(&relink)
    );
    let reinstated = casebook(
        dir,
        None,
        Some("mei@example.org"),
        &["organizers", "link", omar_id, "--reinstate"],
    );
    assert!(reinstated.status.success(), "{}", stderr(&reinstated));
    // The last active organizer stays.
    let listed = casebook(dir, None, None, &["organizers", "list", "--json"]);
    let ids: Vec<Value> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ids.len(), 2);

    // The audit log names each organizer, never the machine's user.
    let log = casebook(dir, None, None, &["decisions", "--log", "--json"]);
    let entries: Vec<Value> = String::from_utf8_lossy(&log.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let by = |action: &str| -> Vec<String> {
        entries
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["by"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        by("organizer_added"),
        ["mei@example.org", "mei@example.org"]
    );
    assert_eq!(by("round_closed"), ["omar@example.org"]);
    assert_eq!(by("organizer_revoked"), ["mei@example.org"]);
    assert_eq!(by("organizer_link_sent"), ["mei@example.org"]);
    assert!(
        entries
            .iter()
            .all(|e| !e["by"].as_str().unwrap().starts_with("cli:"))
    );
}

#[tokio::test]
async fn a_rehearsal_clock_never_mints_a_long_lived_token() {
    let dir = tempfile::tempdir().unwrap();
    // Rehearsing 2099, the longest link asked for.
    let minted = json(&casebook(
        dir.path(),
        Some("2099-01-01T00:00:00Z"),
        None,
        &[
            "organizers",
            "add",
            "--name",
            "Mei Chen",
            "--email",
            "mei@example.org",
            "--days",
            "90",
            "--json",
        ],
    ));
    let expires: jiff::Timestamp = minted["expires_at"].as_str().unwrap().parse().unwrap();
    let real = jiff::Timestamp::now();
    assert!(
        expires <= real + jiff::SignedDuration::from_hours(24 * 90 + 1),
        "a token minted while rehearsing 2099 expires at {expires}"
    );
    // Its claims say the same as the answer: exp within 90 days of the real now.
    let token = minted["token"].as_str().unwrap();
    let claims = token.split('.').nth(1).unwrap();
    use base64::Engine;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["exp"].as_i64(), Some(expires.as_second()));

    // A server on the real clock takes it until then, as the organizer's own.
    let served = Served::start(dir.path(), &[], &[]);
    let api = Api::new(&served);
    let stats = api
        .send(Method::GET, "/admin/stats", Some(token), None)
        .await;
    assert_eq!(stats.status, 200, "{}", stats.body);
    // The old way to mint a token for any e-mail is gone.
    let gone = casebook(
        dir.path(),
        None,
        None,
        &["token", "--organizer", "--email", "x@example.org"],
    );
    assert!(!gone.status.success());
}
