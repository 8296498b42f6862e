//! The API as a contract: `casebook serve` serves its OpenAPI document, `casebook
//! openapi` prints every function's, and Schemathesis (an independent client, from the
//! project's virtualenv) checks the served API against its document with all its checks,
//! signed in with real tokens: an applicant's, a reviewer's, an organizer's and WeChat's
//! signature.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::Served;
use common::api::Api;
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

const MAY: &str = "2024-05-01T09:00:00+08:00";
const JULY: &str = "2024-07-02T09:00:00+08:00";
/// JULY as Unix seconds, plus four minutes: WeChat's timestamps must be near the clock.
const JULY_WECHAT_TIMESTAMP: i64 = 1_719_882_000 + 240;
const WECHAT_TOKEN: &str = "openapi-test-token";

fn case(name: &str, lead: &str, partner: &str) -> Value {
    let s = |h: &str| {
        format!(
            "{h}\nTwo partners connected remote villages, trained local technicians to run the network and helped shops sell their goods online across the region."
        )
    };
    json!({
        "practice_name": name,
        "lead_organization": {"name": format!("{name} Lead"), "country": lead},
        "partners": [{"name": format!("{name} Partner"), "country": partner}],
        "countries": [lead, partner],
        "area": "infrastructure",
        "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
    })
}

/// `casebook --now JULY admin ARGS --data-dir DIR --json`, its one JSON line.
fn admin(dir: &Path, base: &str, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--now", JULY, "admin"])
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .arg("--json")
        .env("CASEBOOK_PUBLIC_URL", base)
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook admin");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    serde_json::from_str(text.lines().next().unwrap_or("null")).expect("a JSON line")
}

/// The operations of a document, as `METHOD /path`.
fn operations(doc: &Value) -> BTreeSet<String> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            ops.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    ops
}

fn whole_document() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("openapi")
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook openapi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("casebook openapi prints JSON")
}

#[test]
fn casebook_openapi_prints_every_route_of_every_function_with_its_security() {
    let doc = whole_document();
    assert_eq!(doc["openapi"], "3.1.0");
    let ops = operations(&doc);
    for op in [
        "POST /applications",
        "PATCH /applications/{id}",
        "POST /applications/{id}/submit",
        "POST /applications/{id}/attachments",
        "DELETE /applications/{id}/attachments/{att}",
        "PUT /reviewer/applications/{id}/review",
        "GET /review",
        "POST /admin/decisions",
        "GET /admin/export.csv",
        "POST /telegram/webhook",
        "GET /wechat",
        "POST /wechat",
        "POST /opt-out",
    ] {
        assert!(ops.contains(op), "{op} is missing from {ops:?}");
    }
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("security schemes");
    for scheme in [
        "edit_token",
        "reviewer_token",
        "organizer_token",
        "telegram_secret",
        "wechat_signature",
    ] {
        assert!(schemes.contains_key(scheme), "{scheme}");
    }
    // Each operation that needs a credential names the right one.
    let security = |method: &str, path: &str| {
        doc["paths"][path][method]["security"][0]
            .as_object()
            .and_then(|s| s.keys().next().cloned())
            .unwrap_or_default()
    };
    assert_eq!(security("get", "/applications/{id}"), "edit_token");
    assert_eq!(security("get", "/reviewer/assignments"), "reviewer_token");
    assert_eq!(security("get", "/admin/stats"), "organizer_token");
    assert_eq!(security("post", "/telegram/webhook"), "telegram_secret");
    assert_eq!(security("post", "/applications"), "");
    // The caps of the document are the ones the code checks.
    let patch = &doc["components"]["schemas"]["ApplicationPatch"]["properties"];
    assert_eq!(
        patch["practice_name"]["maxLength"],
        casebook_core::application::MAX_NAME_CHARS
    );
    assert_eq!(
        patch["partners"]["maxItems"],
        casebook_core::application::MAX_PARTNERS
    );
    assert_eq!(
        patch["countries"]["maxItems"],
        casebook_core::application::MAX_COUNTRIES
    );
    let country = &doc["components"]["schemas"]["CountryText"];
    assert_eq!(
        country["maxLength"],
        casebook_core::application::MAX_COUNTRY_CHARS
    );
    let sections = &doc["components"]["schemas"]["SectionsPatch"]["properties"];
    assert_eq!(
        sections["background"]["maxLength"],
        casebook_core::application::MAX_SECTION_CHARS
    );
    let new_file = &doc["components"]["schemas"]["NewAttachment"]["properties"];
    assert_eq!(
        new_file["filename"]["maxLength"],
        casebook_core::attachment_service::MAX_DECLARED_FILENAME_CHARS
    );
    assert_eq!(
        new_file["content_type"]["maxLength"],
        casebook_core::attachment_service::MAX_CONTENT_TYPE_CHARS
    );
    // The campaign's areas are the values `area` takes, in any case.
    let pattern = patch["area"]["pattern"].as_str().expect("area's pattern");
    assert_eq!(
        pattern,
        casebook_http::openapi::area_pattern(&casebook_core::Campaign::builtin())
    );
    for area in [
        "[Cc][Uu][Ll][Tt][Uu][Rr][Ee]",
        "[Dd][Ii][Gg][Ii][Tt][Aa][Ll]_[Ee]",
    ] {
        assert!(pattern.contains(area), "{pattern}");
    }
}

fn wechat_signature(timestamp: &str, nonce: &str) -> String {
    let mut parts = [WECHAT_TOKEN, timestamp, nonce];
    parts.sort_unstable();
    let digest = Sha1::digest(parts.concat().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_the_served_api_true_to_its_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let schemathesis = root.join(".venv/bin/schemathesis");
    assert!(
        schemathesis.exists(),
        "this test needs {} : run scripts/test, which installs it",
        schemathesis.display()
    );
    // Two cases submitted in May; in July a reviewer, round 1 assigned, an organizer.
    let dir = tempfile::tempdir().expect("a data directory");
    let mut cases = Vec::new();
    {
        let may = Served::start(dir.path(), &["--now", MAY], &[]);
        let api = Api::new(&may);
        for (name, lead, partner) in [
            ("Village Links", "China", "Kenya"),
            ("Rio Mesh", "Brazil", "France"),
        ] {
            let draft = api.create_draft(&case(name, lead, partner)).await;
            assert_eq!(api.submit(&draft).await.status, 200);
            cases.push(draft.id.clone());
        }
        assert!(may.interrupt());
    }
    let served = Served::start(
        dir.path(),
        &["--now", JULY],
        &[("WECHAT_TOKEN", WECHAT_TOKEN)],
    );
    let base = served.base.clone();
    let reviewer = admin(
        dir.path(),
        &base,
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
    let organizer = admin(
        dir.path(),
        &base,
        &["token", "--organizer", "--email", "org@example.org"],
    );
    admin(
        dir.path(),
        &base,
        &["rounds", "assign", "1", "--per-case", "1"],
    );
    let api = Api::new(&served);
    let draft = api.create_draft(&case("Open Draft", "Chile", "Peru")).await;

    // The document served is the served routes' part of the whole one.
    let served_doc: Value = api.get("/openapi.json").await.body;
    let served_ops = operations(&served_doc);
    let whole_ops = operations(&whole_document());
    assert!(served_ops.is_subset(&whole_ops), "{served_ops:?}");
    assert!(served_ops.contains("POST /wechat") && served_ops.contains("GET /admin/stats"));
    assert!(
        !served_ops.contains("POST /telegram/webhook"),
        "not served here"
    );

    let timestamp = JULY_WECHAT_TIMESTAMP.to_string();
    let nonce = "424242";
    let config_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis.toml");
    let reviewer_token = reviewer["token"].as_str().expect("the reviewer's token");
    let organizer_token = organizer["token"].as_str().expect("an organizer token");
    let seed = std::env::var("CASEBOOK_SCHEMATHESIS_SEED").unwrap_or_else(|_| "1".into());
    let out = Command::new(&schemathesis)
        .arg("--config-file")
        .arg(&config_file)
        .arg("run")
        .arg(served.url("/openapi.json"))
        .args(["--url", &base, "--max-examples", "20"])
        .args(["--seed", &seed, "--no-color"])
        .env("SCHEMATHESIS_HOOKS", "")
        .env("CASEBOOK_EDIT_TOKEN", &draft.token)
        .env("CASEBOOK_DRAFT_ID", &draft.id)
        .env("CASEBOOK_REVIEWER_TOKEN", reviewer_token)
        .env("CASEBOOK_CASE_ID", &cases[0])
        .env("CASEBOOK_ORGANIZER_TOKEN", organizer_token)
        .env("CASEBOOK_WECHAT_TIMESTAMP", &timestamp)
        .env("CASEBOOK_WECHAT_NONCE", nonce)
        .env(
            "CASEBOOK_WECHAT_SIGNATURE",
            wechat_signature(&timestamp, nonce),
        )
        .current_dir(dir.path())
        .output()
        .expect("run schemathesis");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "Schemathesis found the API untrue to its document:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // It did test: every served operation, and nothing failed.
    assert!(
        report.contains("No issues found") || report.contains("passed"),
        "{report}"
    );
}
