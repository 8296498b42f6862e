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
/// Two weeks before the deadline: drafts are nudged (with an opt-out link) that morning.
const JUNE: &str = "2024-06-06T09:00:00+08:00";
/// JULY as Unix seconds, plus four minutes: WeChat's timestamps must be near the clock.
const JULY_WECHAT_TIMESTAMP: i64 = 1_719_882_000 + 240;
const WECHAT_TOKEN: &str = "openapi-test-token";

fn case(name: &str, lead: &str, partner: &str) -> Value {
    common::complete_case(name, lead, partner)
}

/// `casebook --now JULY admin ARGS --data-dir DIR --json`, its one JSON line.
fn admin(dir: &Path, base: &str, args: &[&str]) -> Value {
    common::admin_json(dir, base, JULY, args)
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
        "GET /admin/export.xlsx",
        "POST /admin/collection",
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

/// A text message to the WeChat server URL, signed for a nonce of its own: its status.
async fn wechat_message(served: &Served) -> u16 {
    let timestamp = JULY_WECHAT_TIMESTAMP.to_string();
    let nonce = "515151";
    let url = format!(
        "{}/wechat?signature={}&timestamp={timestamp}&nonce={nonce}",
        served.base,
        wechat_signature(&timestamp, nonce)
    );
    let xml = format!(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_probe]]></FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[When is the deadline?]]></Content><MsgId>7001</MsgId></xml>"
    );
    let answer = reqwest::Client::new()
        .post(url)
        .header("content-type", "text/xml")
        .body(xml)
        .send()
        .await
        .expect("casebook answers");
    let status = answer.status().as_u16();
    assert_eq!(status, 200, "{}", answer.text().await.unwrap_or_default());
    status
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
    let mut case_tokens = Vec::new();
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
            case_tokens.push(draft.token.clone());
        }
        assert!(may.interrupt());
    }
    let served = Served::start(
        dir.path(),
        &["--now", JULY],
        &[("WECHAT_TOKEN", WECHAT_TOKEN)],
    );
    let base = served.base.clone();
    let organizer = common::first_organizer(dir.path(), &base, JULY);
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
    // Schemathesis changes this one (new links, revoked), never the reviewer above.
    let spare = admin(
        dir.path(),
        &base,
        &[
            "reviewers",
            "add",
            "--name",
            "Spare Reviewer",
            "--email",
            "spare@example.org",
            "--country",
            "PE",
            "--organization",
            "Lima Institute",
        ],
    );
    admin(
        dir.path(),
        &base,
        &["rounds", "assign", "1", "--per-case", "1"],
    );
    // A question the bot cannot answer, for the organizers' inbox.
    common::chat_as(
        "probe",
        "Can I pay the fee by credit card?\n",
        dir.path(),
        JULY,
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
        .args([
            "--seed",
            &seed,
            "--no-color",
            "--report",
            "har",
            "--report-har-path",
        ])
        .arg(dir.path().join("run.har"))
        .env("SCHEMATHESIS_HOOKS", "")
        .env("CASEBOOK_EDIT_TOKEN", &draft.token)
        .env("CASEBOOK_DRAFT_ID", &draft.id)
        .env("CASEBOOK_REVIEWER_TOKEN", reviewer_token)
        .env("CASEBOOK_CASE_ID", &cases[0])
        .env("CASEBOOK_ORGANIZER_TOKEN", organizer_token)
        .env(
            "CASEBOOK_SPARE_REVIEWER_ID",
            spare["id"].as_str().expect("the spare reviewer's id"),
        )
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
    if let Ok(keep) = std::env::var("CASEBOOK_KEEP_HAR") {
        std::fs::copy(dir.path().join("run.har"), keep).expect("keep the HAR");
    }
    // It did test, and nothing failed.
    assert!(
        report.contains("No issues found") || report.contains("passed"),
        "{report}"
    );

    // Every status the document names is one the API gives: what Schemathesis reached,
    // and the rest reached on purpose.
    let mut reached = har_statuses(&dir.path().join("run.har"), &served_doc);
    // Another, which Schemathesis has not seen, for the probe to answer.
    common::chat_as("probe", "Where is your office located?\n", dir.path(), JULY);
    let july = Probe::new(&served);
    july.reviewer_and_organizer(
        reviewer_token,
        organizer_token,
        &cases[1],
        (&cases[0], &case_tokens[0]),
    )
    .await;
    july.years(&served_doc, organizer_token).await;
    // A message under a pair of its own, which Schemathesis's single pair may not have
    // carried well-formed first.
    reached.insert((
        "post".into(),
        "/wechat".into(),
        wechat_message(&served).await,
    ));
    reached.extend(july.reached.into_inner().expect("the probe's record"));
    reached.extend(applicant_probes().await);
    let documented = documented_statuses(&served_doc);
    let unreached: Vec<_> = documented.difference(&reached).collect();
    assert!(
        unreached.is_empty(),
        "documented but never answered: {unreached:?}"
    );
}

type Reached = BTreeSet<(String, String, u16)>;

/// Every `(method, path, status)` the document names.
fn documented_statuses(doc: &Value) -> Reached {
    let mut all = Reached::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            for status in op["responses"].as_object().expect("responses").keys() {
                let status = status.parse().expect("a status code");
                all.insert((method.clone(), path.clone(), status));
            }
        }
    }
    all
}

/// Whether `path` is an instance of the document's `template` (`{x}`: one segment).
fn instance_of(path: &str, template: &str) -> bool {
    let p: Vec<&str> = path.split('/').collect();
    let t: Vec<&str> = template.split('/').collect();
    p.len() == t.len()
        && p.iter()
            .zip(&t)
            .all(|(p, t)| (t.starts_with('{') && !p.is_empty()) || p == t)
}

/// The `(method, path, status)` of every exchange of a HAR file.
fn har_statuses(har: &Path, doc: &Value) -> Reached {
    let har: Value =
        serde_json::from_slice(&std::fs::read(har).expect("the HAR")).expect("HAR is JSON");
    let templates: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    let mut reached = Reached::new();
    for entry in har["log"]["entries"].as_array().expect("entries") {
        let url = entry["request"]["url"].as_str().unwrap_or_default();
        // http://host:port/path?query
        let path = url.splitn(4, '/').nth(3).unwrap_or_default();
        let path = format!("/{}", path.split('?').next().unwrap_or_default());
        let method = entry["request"]["method"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        let status = entry["response"]["status"].as_u64().unwrap_or_default() as u16;
        for template in templates.iter().filter(|t| instance_of(&path, t)) {
            reached.insert((method.clone(), template.to_string(), status));
        }
    }
    reached
}

/// A body over the 256 KiB cap.
fn too_large() -> Value {
    json!({ "practice_name": "x".repeat(300 * 1024) })
}

/// Requests made on purpose, each recorded under its path's template.
struct Probe {
    client: reqwest::Client,
    base: String,
    reached: std::sync::Mutex<Reached>,
}

/// One request of a probe: the operation (its template) and what to send.
struct Call<'a> {
    method: reqwest::Method,
    template: &'a str,
    path: String,
    token: Option<&'a str>,
    if_match: Option<&'a str>,
    body: Option<Value>,
}

fn call<'a>(method: reqwest::Method, template: &'a str, path: impl Into<String>) -> Call<'a> {
    Call {
        method,
        template,
        path: path.into(),
        token: None,
        if_match: None,
        body: None,
    }
}

impl<'a> Call<'a> {
    fn token(self, token: &'a str) -> Self {
        Call {
            token: Some(token),
            ..self
        }
    }
    fn if_match(self, version: &'a str) -> Self {
        Call {
            if_match: Some(version),
            ..self
        }
    }
    fn body(self, body: Value) -> Self {
        Call {
            body: Some(body),
            ..self
        }
    }
}

impl Probe {
    fn new(served: &Served) -> Probe {
        Probe {
            client: reqwest::Client::new(),
            base: served.base.clone(),
            reached: Default::default(),
        }
    }

    async fn send(&self, c: Call<'_>) -> (u16, Value) {
        let request = || {
            let mut request = self
                .client
                .request(c.method.clone(), format!("{}{}", self.base, c.path));
            if let Some(token) = c.token {
                request = request.bearer_auth(token);
            }
            if let Some(version) = c.if_match {
                request = request.header("if-match", version);
            }
            if let Some(body) = &c.body {
                request = request.json(body);
            }
            request
        };
        // A body over the cap is refused from its Content-Length, and the connection
        // closed, sometimes before the client has sent it all: then it asks again.
        let mut response = request().send().await;
        for _ in 0..5 {
            if response.is_ok() {
                break;
            }
            response = request().send().await;
        }
        let response = response.expect("casebook answers");
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        self.record(c.method.as_str(), c.template, status);
        (status, body)
    }

    /// Every organizer route asked, as an organizer, for a year that is not one (400) and
    /// for one there is no call of here (404).
    async fn years(&self, doc: &Value, organizer: &str) {
        for (template, item) in doc["paths"].as_object().expect("paths") {
            if !template.starts_with("/admin/") {
                continue;
            }
            let path = template
                .replace("{round}", "1")
                .replace("{id}", "00000000-0000-4000-8000-000000000000");
            for method in item.as_object().expect("a path item").keys() {
                let method: reqwest::Method = method.to_uppercase().parse().expect("a method");
                for (year, wanted) in [("twenty", 400), ("2199", 404)] {
                    let asked = call(method.clone(), template, format!("{path}?year={year}"));
                    let (status, body) = self.send(asked.token(organizer)).await;
                    assert_eq!(status, wanted, "{method} {path}?year={year}: {body}");
                    assert_eq!(body["error"]["field"], "year", "{body}");
                }
            }
        }
    }

    fn record(&self, method: &str, template: &str, status: u16) {
        self.reached.lock().expect("the probe's record").insert((
            method.to_lowercase(),
            template.to_string(),
            status,
        ));
    }

    /// In July: the reviewer's second case, the organizer's round, an applicant whose
    /// case is in review.
    async fn reviewer_and_organizer(
        &self,
        reviewer: &str,
        organizer: &str,
        case: &str,
        (in_review, its_token): (&str, &str),
    ) {
        use reqwest::Method as M;
        let unknown = "00000000-0000-4000-8000-000000000000";
        let review = "/reviewer/applications/{id}/review";
        let this_review = format!("/reviewer/applications/{case}/review");
        let draft = json!({"round": 1, "scores": {"conceptual_fit": 8}, "status": "draft"});
        let read = call(
            M::GET,
            "/reviewer/applications/{id}",
            format!("/reviewer/applications/{case}"),
        );
        self.send(read.token(reviewer)).await;
        let save = || call(M::PUT, review, this_review.clone()).token(reviewer);
        let (saved, body) = self.send(save().body(draft.clone())).await;
        assert_eq!(saved, 200, "{body}");
        self.send(save().body(draft.clone())).await;
        self.send(save().if_match("\"99\"").body(draft.clone()))
            .await;
        self.send(save().body(too_large())).await;
        let conflict = "/reviewer/applications/{id}/conflict";
        let reason = json!({"reason": "I advised them."});
        let path = format!("/reviewer/applications/{unknown}/conflict");
        self.send(call(M::POST, conflict, path).token(reviewer).body(reason))
            .await;
        let path = format!("/reviewer/applications/{case}/conflict");
        self.send(
            call(M::POST, conflict, path)
                .token(reviewer)
                .body(too_large()),
        )
        .await;

        // The registry: added, the address taken, refused values and bodies; an unknown
        // reviewer; a revoked one relinked only when reinstated.
        let add = || call(M::POST, "/admin/reviewers", "/admin/reviewers").token(organizer);
        let dara = json!({"name": "Dara Okafor", "email": "dara@example.org", "country": "NG", "organization": "Lagos Digital Institute"});
        let (added, body) = self.send(add().body(dara.clone())).await;
        assert_eq!(added, 201, "{body}");
        let dara_id = body["id"]
            .as_str()
            .expect("the new reviewer's id")
            .to_string();
        self.send(add().body(dara)).await;
        self.send(add().body(
            json!({"name": " ", "email": "x@example.org", "country": "NG", "organization": "X"}),
        ))
        .await;
        self.send(add().body(too_large())).await;
        let revoke = "/admin/reviewers/{id}/revoke";
        let link = "/admin/reviewers/{id}/link";
        self.send(
            call(
                M::POST,
                revoke,
                format!("/admin/reviewers/{unknown}/revoke"),
            )
            .token(organizer),
        )
        .await;
        self.send(call(M::POST, link, format!("/admin/reviewers/{unknown}/link")).token(organizer))
            .await;
        let (revoked, body) = self
            .send(
                call(
                    M::POST,
                    revoke,
                    format!("/admin/reviewers/{dara_id}/revoke"),
                )
                .token(organizer),
            )
            .await;
        assert_eq!(revoked, 200, "{body}");
        let relink =
            || call(M::POST, link, format!("/admin/reviewers/{dara_id}/link")).token(organizer);
        self.send(relink()).await;
        self.send(relink().body(too_large())).await;
        let (relinked, body) = self.send(relink().body(json!({"reinstate": true}))).await;
        assert_eq!(relinked, 200, "{body}");

        // A case of round 1 opens its reviews.
        let (opened, body) = self
            .send(
                call(
                    M::GET,
                    "/admin/rounds/{round}/cases/{id}/reviews",
                    format!("/admin/rounds/1/cases/{case}/reviews"),
                )
                .token(organizer),
            )
            .await;
        assert_eq!(opened, 200, "{body}");
        // The inbox: a terminal chat cannot be written to; a blank reply is refused; an
        // answer without a reply marks it, once; an unknown question is not found.
        let (listed, inbox) = self
            .send(call(M::GET, "/admin/questions", "/admin/questions").token(organizer))
            .await;
        assert_eq!(listed, 200, "{inbox}");
        let question = inbox["questions"]
            .as_array()
            .and_then(|all| {
                all.iter()
                    .find(|q| q["text"] == "Where is your office located?")
            })
            .and_then(|q| q["id"].as_str())
            .expect("the probe's question in the inbox")
            .to_string();
        let answered = "/admin/questions/{id}/answered";
        let mark = |id: &str| {
            call(M::POST, answered, format!("/admin/questions/{id}/answered")).token(organizer)
        };
        let (status, body) = self
            .send(mark(&question).body(json!({"reply": "No fee."})))
            .await;
        assert_eq!(status, 409, "{body}");
        self.send(mark(&question).body(json!({"reply": " "}))).await;
        self.send(mark(&question).body(too_large())).await;
        let (status, body) = self.send(mark(&question).body(json!({}))).await;
        assert_eq!(status, 200, "{body}");
        self.send(mark(&question).body(json!({}))).await;
        self.send(mark(unknown).body(json!({}))).await;

        let assign = || {
            call(
                M::POST,
                "/admin/rounds/{round}/assign",
                "/admin/rounds/1/assign",
            )
            .token(organizer)
        };
        self.send(assign().body(json!({"per_case": 99}))).await;
        self.send(assign().body(too_large())).await;
        let reopen = call(
            M::POST,
            "/admin/rounds/{round}/reopen",
            "/admin/rounds/1/reopen",
        );
        self.send(reopen.token(organizer).body(too_large())).await;
        let close = call(
            M::POST,
            "/admin/rounds/{round}/close",
            "/admin/rounds/1/close",
        );
        self.send(close.token(organizer)).await;
        self.send(assign()).await;
        let decide = || call(M::POST, "/admin/decisions", "/admin/decisions").token(organizer);
        let decision = json!({"round": 1, "decisions": [{"application_id": case, "decision": "collected", "reason": "A probe's decision."}]});
        let (decided, body) = self.send(decide().body(decision)).await;
        assert_eq!(decided, 201, "{body}");
        self.send(decide().body(too_large())).await;
        // A case in review can no longer be withdrawn.
        let withdraw = format!("/applications/{in_review}/withdraw");
        self.send(call(M::POST, "/applications/{id}/withdraw", withdraw).token(its_token))
            .await;
    }
}

/// In June, while the call is open: a draft's whole life, its files, and an opt-out.
async fn applicant_probes() -> Reached {
    use reqwest::Method as M;
    let dir = tempfile::tempdir().expect("a data directory");
    let served = Served::start(dir.path(), &["--now", JUNE], &[]);
    let p = Probe::new(&served);
    let api = Api::new(&served);
    let unknown = "00000000-0000-4000-8000-000000000000";
    let draft = api
        .create_draft(&case("Probe Links", "Chile", "Peru"))
        .await;
    let (id, token) = (draft.id.clone(), draft.token.as_str());
    let app = |rest: &str| format!("/applications/{id}{rest}");
    p.send(call(M::POST, "/applications", "/applications").body(too_large()))
        .await;
    p.send(call(M::POST, "/link", "/link").body(too_large()))
        .await;
    p.send(call(M::POST, "/ask", "/ask").body(too_large()))
        .await;
    // A link to continue: to a draft without a contact address (400), then until the
    // address's mails for the day are spent (429).
    let bare = api.create_draft(&json!({})).await;
    for (d, times) in [(&bare, 1), (&draft, 11)] {
        for _ in 0..times {
            let path = format!("/applications/{}/continue", d.id);
            p.send(call(M::POST, "/applications/{id}/continue", path).token(&d.token))
                .await;
        }
    }
    // A question for an application, without its edit token.
    let for_an_application =
        json!({"question": "Where is your office?", "application_id": unknown});
    p.send(call(M::POST, "/ask", "/ask").body(for_an_application))
        .await;
    let change = json!({"collecting_organization": "Probe Society"});
    let patch = || call(M::PATCH, "/applications/{id}", app("")).token(token);
    let (changed, body) = p.send(patch().if_match("\"1\"").body(change)).await;
    assert_eq!(changed, 200, "{body}");
    p.send(patch().if_match("\"2\"").body(too_large())).await;
    // Another application's id with this token: nothing.
    let new_file = json!({"filename": "a.pdf", "content_type": "application/pdf", "size": 10});
    for (method, template, rest) in [
        (M::GET, "/applications/{id}", ""),
        (M::PATCH, "/applications/{id}", ""),
        (M::GET, "/applications/{id}/attachments", "/attachments"),
        (M::POST, "/applications/{id}/attachments", "/attachments"),
        (M::POST, "/applications/{id}/link", "/link"),
        (M::POST, "/applications/{id}/continue", "/continue"),
        (M::POST, "/applications/{id}/submit", "/submit"),
        (M::POST, "/applications/{id}/withdraw", "/withdraw"),
    ] {
        let path = format!("/applications/{unknown}{rest}");
        let c = call(method, template, path).token(token).if_match("\"1\"");
        let body = if rest == "/attachments" {
            new_file.clone()
        } else {
            json!({})
        };
        p.send(c.body(body)).await;
    }
    let files = call(
        M::POST,
        "/applications/{id}/attachments",
        app("/attachments"),
    );
    p.send(files.token(token).body(too_large())).await;

    // A file: checked before and after it arrives, downloaded, removed.
    let pdf = b"%PDF-1.4\n%probe\n".to_vec();
    let grant = api
        .grant(&draft, "brochure.pdf", "application/pdf", pdf.len() as u64)
        .await;
    assert_eq!(grant.status, 201, "{}", grant.body);
    let att = grant.body["id"]
        .as_str()
        .expect("the attachment's id")
        .to_string();
    let one = "/applications/{id}/attachments/{att}";
    let complete = "/applications/{id}/attachments/{att}/complete";
    let download = "/applications/{id}/attachments/{att}/download";
    let file = |rest: &str| format!("/applications/{id}/attachments/{att}{rest}");
    p.send(call(M::POST, complete, file("/complete")).token(token))
        .await;
    p.send(call(M::GET, download, file("/download")).token(token))
        .await;
    p.send(call(M::POST, complete, file("/complete"))).await;
    p.send(call(M::GET, download, file("/download"))).await;
    p.send(call(M::DELETE, one, file(""))).await;
    let (uploaded, said) = api.upload(&grant.body, pdf).await;
    assert!(uploaded < 300, "{uploaded} {said}");
    p.send(call(M::POST, complete, file("/complete")).token(token))
        .await;
    p.send(call(M::GET, download, file("/download")).token(token))
        .await;
    p.send(call(M::DELETE, one, file("")).token(token)).await;

    // An incomplete draft is not submitted; a complete one is, and then its files no
    // longer change.
    let thin = api.create_draft(&json!({"practice_name": "Thin"})).await;
    let submit = format!("/applications/{}/submit", thin.id);
    p.send(call(M::POST, "/applications/{id}/submit", submit).token(&thin.token))
        .await;
    let grant = api.grant(&draft, "later.pdf", "application/pdf", 10).await;
    let later = grant.body["id"]
        .as_str()
        .expect("a second attachment")
        .to_string();
    let (submitted, body) = p
        .send(call(M::POST, "/applications/{id}/submit", app("/submit")).token(token))
        .await;
    assert_eq!(submitted, 200, "{body}");
    let later = format!("/applications/{id}/attachments/{later}");
    p.send(call(M::DELETE, one, later.clone()).token(token))
        .await;
    p.send(call(M::POST, complete, format!("{later}/complete")).token(token))
        .await;

    // The nudge two weeks before the deadline carries an opt-out link that works.
    let contact = json!({"practice_name": "To nudge", "contact": {"name": "Li Wei", "email": "li.wei@example.org"}});
    api.create_draft(&contact).await;
    let remind = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--now", JUNE, "admin", "remind", "--json", "--data-dir"])
        .arg(dir.path())
        .env("CASEBOOK_PUBLIC_URL", &served.base)
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook admin remind");
    assert!(
        remind.status.success(),
        "{}",
        String::from_utf8_lossy(&remind.stderr)
    );
    let opt_out = std::fs::read_dir(dir.path().join("outbox"))
        .expect("the outbox")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .find_map(|mail| {
            let link = mail
                .split_whitespace()
                .find(|w| w.contains("/opt-out?token="))?;
            Some(link.split("token=").nth(1)?.split('&').next()?.to_string())
        })
        .expect("a nudge with an opt-out link");
    let response = p
        .client
        .post(served.url("/opt-out"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={opt_out}"))
        .send()
        .await
        .expect("casebook answers");
    p.record("POST", "/opt-out", response.status().as_u16());
    p.reached.into_inner().expect("the probe's record")
}

/// `casebook openapi | head`: the reader goes away mid-document; the command ends
/// quietly, as a pipe's writer should, never with "Broken pipe".
#[test]
fn a_reader_that_stops_reading_ends_the_command_quietly() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("openapi")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reading end is closed here; the rest of the document cannot be written.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// A case is read and declined in a round: the document says so.
#[test]
fn the_document_says_a_case_is_read_and_declined_in_a_round() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("openapi")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let read = &doc["paths"]["/reviewer/applications/{id}"]["get"];
    let round = read["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "round")
        .unwrap_or_else(|| panic!("{read}"));
    assert_eq!(round["in"], "query");
    assert!(read["responses"]["422"].is_object(), "{read}");
    let body = &doc["components"]["schemas"]["ConflictBody"]["properties"];
    assert!(body["round"].is_object(), "{body}");
    let case = &doc["components"]["schemas"]["CaseView"]["properties"];
    assert!(case["closed_at"].is_object(), "{case}");
}

/// Two functions' schemas with one name would be merged into one in the whole document,
/// and one of them would be documented wrong: every name means one schema.
#[test]
fn no_two_functions_give_one_schema_name_two_meanings() {
    let mut seen: std::collections::BTreeMap<String, (usize, Value)> = Default::default();
    let parts = [
        casebook_applications::openapi(),
        casebook_attachments::openapi(),
        casebook_reviews::openapi(),
        casebook_admin::openapi(),
        casebook_reminders::openapi(),
        casebook_telegram::openapi(),
        casebook_wechat::openapi(),
    ];
    for (n, part) in parts.into_iter().enumerate() {
        let part = serde_json::to_value(&part).unwrap();
        let Some(schemas) = part["components"]["schemas"].as_object() else {
            continue;
        };
        for (name, schema) in schemas {
            match seen.get(name) {
                Some((other, earlier)) => assert_eq!(
                    earlier, schema,
                    "the schema {name} means one thing in part {other} and another in part {n}"
                ),
                None => {
                    seen.insert(name.clone(), (n, schema.clone()));
                }
            }
        }
    }
    assert!(seen.len() > 20, "{}", seen.len());
}
