//! `casebook serve` as a user runs it: a real process on an ephemeral port, a real HTTP
//! client, data kept across restarts.

mod common;

use std::process::Command;

use common::Served;
use common::api::Api;

use serde_json::{Value, json};

const OPEN: &str = "2024-05-01T09:00:00+08:00";

fn complete_application() -> Value {
    let s = |h: &str| {
        format!(
            "{h}\nTwo partners connected remote villages in Kenya and Brazil, trained local technicians to run the network and helped shops sell their goods online."
        )
    };
    json!({
        "practice_name": "Village Links",
        "lead_organization": {"name": "Example Telecom", "country": "China"},
        "partners": [{"name": "Example Networks Kenya", "country": "Kenya"}],
        "countries": ["China", "Kenya", "Brazil"],
        "area": "infrastructure",
        "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
    })
}

#[tokio::test]
async fn an_applicant_creates_edits_and_submits_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &["--now", OPEN], &[]);
    walk_through(&served).await;
    assert!(served.interrupt(), "Ctrl-C stops casebook cleanly");
}

/// The README's walk-through: create, patch, submit, and a JSON 404.
async fn walk_through(served: &Served) {
    let api = Api::new(served);
    assert_eq!(api.get("/health").await.body["status"], "ok");

    let draft = api
        .create_draft(&json!({"practice_name": "Village Links"}))
        .await;
    let patched = api.patch(&draft, 1, &complete_application()).await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.etag.as_deref(), Some("\"2\""));

    let submitted = api.submit(&draft).await;
    assert_eq!(submitted.status, 200);
    assert_eq!(submitted.body["reference"], "PC2024-0001");
    assert_eq!(submitted.body["countries"], json!(["CN", "KE", "BR"]));

    let missing = api.get("/no/such/page").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error_code(), "not_found");
}

#[tokio::test]
async fn the_aws_backend_serves_the_same_api_after_aws_init() {
    casebook_testkit::local_aws_endpoint();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let table = format!("casebook-serve-{nanos}");
    let bucket = format!("casebook-serve-{nanos}");
    let env = [
        ("CASEBOOK_TABLE", table.as_str()),
        ("CASEBOOK_BUCKET", bucket.as_str()),
        ("CASEBOOK_MAIL_FROM", "practice@example.org"),
    ];

    let init = || {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["aws", "init"])
            .envs(env)
            .output()
            .unwrap()
    };
    let first = init();
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        text.contains(&format!("table {table}: created"))
            && text.contains(&format!("bucket {bucket}: created")),
        "{text}"
    );
    let second = init();
    let text = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success());
    assert!(
        text.contains(&format!("table {table}: already there"))
            && text.contains("already verified"),
        "{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &["--now", OPEN, "--backend", "aws"], &env);
    walk_through(&served).await;
    assert!(served.interrupt());
    assert!(
        !dir.path().join("casebook.sqlite").exists(),
        "nothing was written to the embedded store"
    );
}

#[test]
fn the_aws_backend_without_a_table_refuses_to_start_and_names_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--backend",
            "aws",
            "--data-dir",
        ])
        .arg(dir.path())
        .env_remove("CASEBOOK_TABLE")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("CASEBOOK_TABLE is not set"));
}

#[tokio::test]
async fn data_written_by_one_process_is_read_by_the_next() {
    let dir = tempfile::tempdir().unwrap();

    let first = Served::start(dir.path(), &["--now", OPEN], &[]);
    let api = Api::new(&first);
    let draft = api.create_draft(&complete_application()).await;
    assert_eq!(api.submit(&draft).await.status, 200);
    assert!(first.interrupt());

    let second = Served::start(dir.path(), &["--now", OPEN], &[]);
    let api = Api::new(&second);
    let v = api.read(&draft).await.body;
    assert_eq!(v["status"], "submitted");
    assert_eq!(v["reference"], "PC2024-0001");
    assert_eq!(v["practice_name"], "Village Links");

    let next = api.create_draft(&complete_application()).await;
    assert_eq!(
        api.submit(&next).await.body["reference"],
        "PC2024-0002",
        "the counter survives the restart"
    );
}

#[tokio::test]
async fn without_now_the_2024_call_is_closed_and_says_when_it_closed() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &[], &[]);
    let api = Api::new(&served);
    let draft = api.create_draft(&complete_application()).await;
    let refused = api.submit(&draft).await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.error_code(), "deadline_passed");
    let v = refused.body;
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("closed on 20 June 2024"),
        "{v}"
    );
}

fn casebook(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env_remove("CASEBOOK_NOW")
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook")
}

const BUILTIN: &str = include_str!("../../core/campaigns/2024.toml");

#[test]
fn campaign_check_accepts_a_good_file_and_names_the_key_of_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, BUILTIN.replace("year = 2024", "year = 2025")).unwrap();
    let out = casebook(&["campaign", "check", good.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid campaign: 2025 call, 5 areas"));

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        BUILTIN.replace("word_limit = 800", "word_limit = \"many\""),
    )
    .unwrap();
    let out = casebook(&["campaign", "check", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("word_limit") && err.contains("line"), "{err}");
}

#[test]
fn campaign_show_prints_the_call_and_whether_it_is_open() {
    let out = casebook(&["campaign", "show"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("20 June 2024") && text.contains("closed"),
        "{text}"
    );
    assert!(text.contains("infrastructure"));
    let out = casebook(&["campaign", "show", "--lang", "zh", "--now", OPEN]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2024年6月20日") && text.contains("进行中"),
        "{text}"
    );
}

#[test]
fn serve_refuses_to_start_on_a_bad_campaign_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        BUILTIN.replace(
            "time_zone = \"Asia/Shanghai\"",
            "time_zone = \"Asia/Nowhere\"",
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .env("CASEBOOK_CAMPAIGN", &bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("time_zone") && err.contains("Asia/Nowhere"),
        "{err}"
    );
}

/// The server's log is one plain line per request (no colours in a file), with the route
/// as declared, the status and the latency: never an upload link's token, an edit token
/// or an address.
#[tokio::test]
async fn each_request_is_one_searchable_log_line_without_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let served = Served::start_logging(
        &dir.path().join("data"),
        &["--now", "2024-05-01T09:00:00+08:00"],
        &log,
    );
    let api = Api::new(&served);
    let draft = api.create_draft(&complete_application()).await;
    let pdf = b"%PDF-1.4\n%log\n".to_vec();
    let grant = api
        .grant(&draft, "brochure.pdf", "application/pdf", pdf.len() as u64)
        .await;
    let url = grant.body["upload"]["url"].as_str().unwrap().to_string();
    let (status, _) = api.upload(&grant.body, pdf).await;
    assert!(status < 300);
    assert_eq!(api.read(&draft).await.status, 200);
    drop(served);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes in a file: {text}"
    );
    let requests: Vec<&str> = text.lines().filter(|l| l.contains(" request ")).collect();
    assert!(
        requests.iter().any(|l| l.contains("function=\"serve\"")
            && l.contains("method=POST")
            && l.contains("route=\"/applications\" ")
            && l.contains("status=201")
            && l.contains("latency_ms=")),
        "{text}"
    );
    assert!(
        requests
            .iter()
            .any(|l| l.contains("route=\"/applications/{id}\"") && l.contains("status=200")),
        "{text}"
    );
    assert!(
        requests
            .iter()
            .any(|l| l.contains("route=\"/uploads/{link}\"")),
        "{text}"
    );
    let token = url.rsplit('/').next().unwrap();
    assert!(token.len() > 20 && !text.contains(token), "{text}");
    assert!(
        !text.contains(&draft.token) && !text.contains("@example.org"),
        "{text}"
    );
}
