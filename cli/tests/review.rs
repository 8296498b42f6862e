//! Round 1 as organizers and reviewers run it: cases submitted over HTTP in May, reviewers
//! registered and the round assigned with `casebook admin` in July, reviews saved over
//! the reviewer routes of a real `casebook serve`, progress read by the organizers, and
//! every reviewer and admin route tried by everyone who should not pass.

mod common;

use std::path::Path;
use std::process::Command;

use common::Served;
use common::api::{Answer, Api};
use reqwest::Method;
use serde_json::{Value, json};

const MAY: &str = "2024-05-01T09:00:00+08:00";
const JULY: &str = "2024-07-02T09:00:00+08:00";

fn case(name: &str, lead: &str, partner: &str) -> Value {
    common::complete_case(name, lead, partner)
}

/// `casebook --now JULY admin ARGS --data-dir DIR --json`, its one JSON line.
fn admin(dir: &Path, base: &str, args: &[&str]) -> Value {
    common::admin_json(dir, base, JULY, args)
}

/// What the tests share: three cases submitted in May, a server in July, two reviewers
/// (Brazil and Egypt) and an organizer token.
struct Round {
    served: Served,
    dir: tempfile::TempDir,
    api: Api,
    applicant: String,
    cases: Vec<String>,
    ana: Value,
    cleo: Value,
    organizer: String,
}

async fn round_one(per_case: &str) -> (Round, Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    let mut applicant = String::new();
    {
        let may = Served::start(dir.path(), &["--now", MAY], &[]);
        let api = Api::new(&may);
        for (name, lead, partner) in [
            ("Village Links", "China", "Kenya"),
            ("Rio Mesh", "Brazil", "France"),
            ("Solar Schools", "Germany", "Kenya"),
        ] {
            let draft = api.create_draft(&case(name, lead, partner)).await;
            assert_eq!(api.submit(&draft).await.status, 200);
            cases.push(draft.id.clone());
            applicant = draft.token.clone();
        }
        assert!(may.interrupt());
    }
    let served = Served::start(dir.path(), &["--now", JULY], &[]);
    let base = served.base.clone();
    let organizer = common::first_organizer(dir.path(), &base, JULY)["token"]
        .as_str()
        .unwrap()
        .to_string();
    let ana = admin(
        dir.path(),
        &base,
        &[
            "reviewers",
            "add",
            "--name",
            "Ana Souza",
            "--email",
            "ana@example.org",
            "--country",
            "Brazil",
            "--organization",
            "Rio Institute",
            "--areas",
            "infrastructure,culture",
        ],
    );
    let cleo = admin(
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
    let report = admin(
        dir.path(),
        &base,
        &["rounds", "assign", "1", "--per-case", per_case],
    );
    let api = Api::new(&served);
    (
        Round {
            served,
            dir,
            api,
            applicant,
            cases,
            ana,
            cleo,
            organizer,
        },
        report,
    )
}

fn token(reviewer: &Value) -> &str {
    reviewer["token"].as_str().unwrap()
}

impl Round {
    /// A download as the organizer, its bytes unread (an export is no JSON).
    async fn organizer_download(&self, path: &str) -> reqwest::Response {
        self.api
            .client()
            .get(self.served.url(path))
            .bearer_auth(&self.organizer)
            .send()
            .await
            .unwrap()
    }

    async fn as_reviewer(
        &self,
        reviewer: &Value,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Answer {
        self.api
            .send(method, path, Some(token(reviewer)), body)
            .await
    }

    async fn assignments(&self, reviewer: &Value) -> Vec<Value> {
        let a = self
            .as_reviewer(reviewer, Method::GET, "/reviewer/assignments", None)
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.body["assignments"].as_array().unwrap().clone()
    }

    async fn put_review(
        &self,
        reviewer: &Value,
        id: &str,
        version: Option<u64>,
        body: &Value,
    ) -> Answer {
        let mut request = self
            .api
            .client()
            .put(
                self.served
                    .url(&format!("/reviewer/applications/{id}/review")),
            )
            .bearer_auth(token(reviewer))
            .json(body);
        if let Some(v) = version {
            request = request.header("if-match", format!("\"{v}\""));
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let etag = response
            .headers()
            .get("etag")
            .map(|v| v.to_str().unwrap().to_string());
        let body = response.json().await.unwrap_or(Value::Null);
        Answer { status, etag, body }
    }

    fn outbox(&self) -> Vec<String> {
        let mut mails: Vec<String> = std::fs::read_dir(self.dir.path().join("outbox"))
            .map(|entries| {
                entries
                    .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        mails.sort();
        mails
    }
}

fn scores() -> Value {
    json!({"conceptual_fit": 8, "international_cooperation": 7, "benefits_to_mankind": 9})
}

#[tokio::test]
async fn organizers_register_reviewers_and_assign_round_one_from_the_cli() {
    let (round, report) = round_one("1").await;
    // Two reviewers, three cases, one reviewer each: loads 1 and 2. Ana (Brazil) never
    // gets Rio Mesh (led from Brazil).
    assert_eq!(report["round"], 1);
    assert_eq!(report["assigned"], 3, "{report}");
    assert_eq!(report["per_reviewer"], json!({"min": 1, "max": 2}));
    assert_eq!(report["unassignable"], json!([]));
    let anas = round.assignments(&round.ana).await;
    assert!(
        anas.iter().all(|a| a["practice_name"] != "Rio Mesh"),
        "{anas:?}"
    );
    assert!(
        anas.iter()
            .all(|a| a["status"] == "pending" && a["due"] == "2024-07-31")
    );

    // The sign-in links went out by e-mail, and each reviewer heard of their cases once.
    let mails = round.outbox();
    let ana_link = round.ana["link"].as_str().unwrap();
    assert!(ana_link.starts_with(&format!("{}/review#token=", round.served.base)));
    assert!(mails.iter().any(|m| m.contains("To: ana@example.org")
        && m.contains("Your personal link to the review page")
        && m.contains(ana_link)));
    let news = |who: &str| {
        mails
            .iter()
            .filter(|m| m.contains(&format!("To: {who}")) && m.contains("waiting for your review"))
            .count()
    };
    assert_eq!((news("ana@example.org"), news("cleo@example.org")), (1, 1));

    // Again: nothing moves, nobody is written to twice.
    let again = admin(
        round.dir.path(),
        &round.served.base,
        &["rounds", "assign", "1", "--per-case", "1"],
    );
    assert_eq!(again["assigned"], 0);
    assert_eq!(round.outbox().len(), mails.len());

    // Why Ana never got Rio Mesh: the one pair kept apart.
    let apart = admin(
        round.dir.path(),
        &round.served.base,
        &["rounds", "conflicts", "1"],
    );
    assert_eq!(apart["reviewer"], "Ana Souza");
    assert_eq!(
        apart["reason"],
        "the case involves the reviewer's country (BR, Brazil)"
    );

    let listed = admin(round.dir.path(), &round.served.base, &["reviewers", "list"]);
    assert!(listed["assigned"].as_u64().unwrap() >= 1, "{listed}");

    // A revoked link stops at once; a fresh one works and the old one does not.
    let ana_id = round.ana["id"].as_str().unwrap();
    admin(
        round.dir.path(),
        &round.served.base,
        &["reviewers", "revoke", ana_id],
    );
    let refused = round
        .as_reviewer(&round.ana, Method::GET, "/reviewer/assignments", None)
        .await;
    assert_eq!(refused.status, 401);
    // A new link does not quietly undo a revocation: it takes --reinstate.
    let refused = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "--now",
            JULY,
            "admin",
            "reviewers",
            "link",
            ana_id,
            "--data-dir",
        ])
        .arg(round.dir.path())
        .env("CASEBOOK_AS", common::ORGANIZER)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--reinstate"));
    let fresh = admin(
        round.dir.path(),
        &round.served.base,
        &["reviewers", "link", ana_id, "--reinstate"],
    );
    assert_eq!(round.assignments(&fresh).await.len(), anas.len());
    let old = round
        .as_reviewer(&round.ana, Method::GET, "/reviewer/assignments", None)
        .await;
    assert_eq!(old.status, 401);
}

#[tokio::test]
async fn a_reviewer_scores_cases_and_organizers_follow_the_progress() {
    let (round, _) = round_one("2").await;
    // Per case 2 of 2 reviewers where both may: Village Links (CN, KE) and Solar Schools
    // (DE, KE) go to both; Rio Mesh (BR, FR) to Cleo only.
    let cleos = round.assignments(&round.cleo).await;
    assert_eq!(cleos.len(), 3);
    let id = cleos[0]["application_id"].as_str().unwrap().to_string();

    let case = round
        .as_reviewer(
            &round.cleo,
            Method::GET,
            &format!("/reviewer/applications/{id}"),
            None,
        )
        .await;
    assert_eq!(case.status, 200, "{}", case.body);
    assert!(
        case.body.get("contact").is_none(),
        "no contact data: {}",
        case.body
    );
    assert!(!case.body.to_string().contains("li.wei@example.org"));
    assert_eq!(case.body["criteria"].as_array().unwrap().len(), 3);
    assert_eq!(case.body["sections"][0]["key"], "background");
    assert!(case.body["my_review"].is_null());

    // A partial draft, then a change without If-Match, then two devices at once.
    let draft = json!({"round": 1, "scores": {"conceptual_fit": 6}, "status": "draft"});
    let first = round.put_review(&round.cleo, &id, None, &draft).await;
    assert_eq!(
        (first.status, first.etag.as_deref()),
        (200, Some("\"1\"")),
        "{}",
        first.body
    );
    let blind = round.put_review(&round.cleo, &id, None, &draft).await;
    assert_eq!(blind.status, 428);
    let on_phone = json!({"round": 1, "scores": {"conceptual_fit": 7}, "status": "draft"});
    let on_laptop = json!({"round": 1, "scores": {"conceptual_fit": 9}, "status": "draft"});
    let (phone, laptop) = tokio::join!(
        round.put_review(&round.cleo, &id, Some(1), &on_phone),
        round.put_review(&round.cleo, &id, Some(1), &on_laptop),
    );
    let mut statuses = [phone.status, laptop.status];
    statuses.sort();
    assert_eq!(statuses, [200, 412], "{} / {}", phone.body, laptop.body);

    let bad = round
        .put_review(
            &round.cleo,
            &id,
            Some(2),
            &json!({"round": 1, "scores": {"benefits_to_mankind": 0}, "status": "draft"}),
        )
        .await;
    assert_eq!(
        (bad.status, bad.body["error"]["field"].as_str()),
        (422, Some("scores.benefits_to_mankind"))
    );
    let unknown = round
        .put_review(
            &round.cleo,
            &id,
            Some(2),
            &json!({"round": 1, "scores": {"beauty": 5}, "status": "draft"}),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.error_code()),
        (422, "unknown_criterion")
    );
    let incomplete = round
        .put_review(
            &round.cleo,
            &id,
            Some(2),
            &json!({"round": 1, "scores": scores(), "status": "submitted"}),
        )
        .await;
    assert_eq!(incomplete.body["error"]["field"], "comment");

    let comment = "Strong partners in three countries.\n\nThe benefits are measured, not promised.";
    let done = round
        .put_review(
            &round.cleo,
            &id,
            Some(2),
            &json!({"round": 1, "scores": scores(), "comment": comment, "status": "submitted"}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body["comment"], comment, "paragraphs kept");
    let listed = round.assignments(&round.cleo).await;
    assert_eq!(listed[0]["status"], "submitted");

    let progress = round
        .api
        .send(Method::GET, "/admin/rounds/1", Some(&round.organizer), None)
        .await;
    assert_eq!(progress.status, 200);
    assert_eq!(progress.body["reviews"], json!({"done": 1, "due": 5}));
    let cleo_row = progress.body["reviewers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Cleo Nasser")
        .unwrap()
        .clone();
    assert_eq!(
        (cleo_row["done"].as_u64(), cleo_row["assigned"].as_u64()),
        (Some(1), Some(3))
    );

    // Cleo declines Rio Mesh: nobody else may take it (Ana is Brazilian), so the
    // organizers see it as unassignable.
    let rio = listed
        .iter()
        .find(|a| a["practice_name"] == "Rio Mesh")
        .unwrap()["application_id"]
        .as_str()
        .unwrap()
        .to_string();
    let declined = round
        .as_reviewer(
            &round.cleo,
            Method::POST,
            &format!("/reviewer/applications/{rio}/conflict"),
            Some(&json!({"reason": "I advised the lead organization last year."})),
        )
        .await;
    assert_eq!(declined.status, 200, "{}", declined.body);
    let gone = round
        .as_reviewer(
            &round.cleo,
            Method::GET,
            &format!("/reviewer/applications/{rio}"),
            None,
        )
        .await;
    assert_eq!(gone.status, 404);
    let assign = round
        .api
        .send(
            Method::POST,
            "/admin/rounds/1/assign",
            Some(&round.organizer),
            Some(&json!({"per_case": 2})),
        )
        .await;
    assert_eq!(assign.status, 200, "{}", assign.body);
    assert_eq!(
        assign.body["unassignable"][0]["application_id"],
        rio.as_str()
    );
}

/// Who asks, and what each route answers them.
#[tokio::test]
async fn every_route_admits_only_whom_it_should() {
    let (round, _) = round_one("1").await;
    let anas = round.assignments(&round.ana).await;
    let cleos = round.assignments(&round.cleo).await;
    let ana_case = anas[0]["application_id"].as_str().unwrap().to_string();
    assert!(
        cleos
            .iter()
            .all(|a| a["application_id"] != ana_case.as_str())
    );
    let unknown_case = "00000000-0000-4000-8000-000000000000";
    // The applicant's own case (their edit token opens the last one they made).
    let mine = round.cases.last().unwrap().clone();
    let unknown_reviewer = "00000000-0000-4000-8000-0000000000ee";
    assert!(round.cases.contains(&ana_case));

    // A third reviewer whose link is revoked.
    let revoked = admin(
        round.dir.path(),
        &round.served.base,
        &[
            "reviewers",
            "add",
            "--name",
            "Rev Oked",
            "--email",
            "revoked@example.org",
            "--country",
            "JP",
            "--organization",
            "Kyoto",
        ],
    );
    admin(
        round.dir.path(),
        &round.served.base,
        &["reviewers", "revoke", revoked["id"].as_str().unwrap()],
    );

    // A second organizer, revoked; a third whose first link was replaced by a new one.
    let (dir, base) = (round.dir.path(), round.served.base.as_str());
    let add = |name: &str, email: &str| {
        admin(
            dir,
            base,
            &["organizers", "add", "--name", name, "--email", email],
        )
    };
    let gone = add("Gone Organizer", "gone@example.org");
    admin(
        dir,
        base,
        &["organizers", "revoke", gone["id"].as_str().unwrap()],
    );
    let moved = add("Moved Organizer", "moved@example.org");
    let moved_now = admin(
        dir,
        base,
        &["organizers", "link", moved["id"].as_str().unwrap()],
    );
    // Tokens the data's own keys signed, for a role or a subject no organizer has: an
    // opt-out link's, and an organizer token naming an e-mail (as tokens once did); and
    // the organizer's own claims signed with the opt-out key (all the smallest public
    // function holds), which mints no organizer token.
    use casebook_core::Role;
    let mut keys = casebook_core::GivenKeys::default();
    for role in Role::ALL {
        let key = std::fs::read(dir.join(format!("{}.key", role.name()))).unwrap();
        keys = keys.with(role, &key).unwrap();
    }
    let opt_out_key = std::fs::read(dir.join("opt-out.key")).unwrap();
    let tokens = casebook_core::AccessTokens::new(std::sync::Arc::new(keys));
    let day = jiff::SignedDuration::from_hours(24);
    let (opt_out, _) = tokens
        .issue(Role::OptOut, common::ORGANIZER, 0, day)
        .await
        .unwrap();
    let (by_email, _) = tokens
        .issue(Role::Organizer, common::ORGANIZER, 0, day)
        .await
        .unwrap();
    let organizer_id = {
        use base64::Engine;
        let claims = round.organizer.split('.').nth(1).unwrap();
        let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap();
        serde_json::from_slice::<Value>(&claims).unwrap()["sub"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let with_opt_out_key = casebook_core::AccessTokens::new(std::sync::Arc::new(
        casebook_core::GivenKeys::default()
            .with(Role::Organizer, &opt_out_key)
            .unwrap(),
    ));
    let (minted_by_opt_out, _) = with_opt_out_key
        .issue(Role::Organizer, &organizer_id, 0, day)
        .await
        .unwrap();
    // (The same claims with the right key open the admin routes: the key is all that
    // differs.)
    let (with_right_key, _) = tokens
        .issue(Role::Organizer, &organizer_id, 0, day)
        .await
        .unwrap();
    assert_eq!(
        round
            .api
            .client()
            .get(round.served.url("/admin/stats"))
            .bearer_auth(&with_right_key)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let draft = json!({"round": 1, "scores": {"conceptual_fit": 5}, "status": "draft"});
    // A conflict with an empty reason: refused (422) by anyone let in, so nothing changes.
    let no_reason = json!({"reason": ""});
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/reviewer/assignments".into(), None),
        (
            Method::GET,
            format!("/reviewer/applications/{ana_case}"),
            None,
        ),
        (
            Method::PUT,
            format!("/reviewer/applications/{ana_case}/review"),
            Some(draft.clone()),
        ),
        (
            Method::POST,
            format!("/reviewer/applications/{ana_case}/conflict"),
            Some(no_reason.clone()),
        ),
        (
            Method::GET,
            format!("/reviewer/applications/{unknown_case}"),
            None,
        ),
        (Method::GET, "/reviewer/applications/not-an-id".into(), None),
        (
            Method::POST,
            "/admin/rounds/1/assign".into(),
            Some(json!({})),
        ),
        (Method::GET, "/admin/rounds/1".into(), None),
        (Method::POST, "/admin/rounds/1/nudge".into(), None),
        (
            Method::GET,
            format!("/admin/rounds/1/conflicts?reviewer={unknown_reviewer}"),
            None,
        ),
        (
            Method::GET,
            format!("/admin/rounds/1/cases/{ana_case}/reviews"),
            None,
        ),
        (Method::GET, "/admin/reviewers".into(), None),
        // A blank name: refused (422), nobody is added.
        (
            Method::POST,
            "/admin/reviewers".into(),
            Some(
                json!({"name": " ", "email": "new@example.org", "country": "BR", "organization": "New Institute"}),
            ),
        ),
        (
            Method::POST,
            format!("/admin/reviewers/{unknown_reviewer}/revoke"),
            None,
        ),
        (
            Method::POST,
            format!("/admin/reviewers/{unknown_reviewer}/link"),
            None,
        ),
        (Method::GET, "/admin/rankings?round=1".into(), None),
        (Method::GET, "/admin/rankings".into(), None),
        // The round is open: deciding is refused (409), nothing changes.
        (
            Method::POST,
            "/admin/decisions".into(),
            Some(json!({"round": 1, "decisions": []})),
        ),
        (Method::GET, "/admin/decisions".into(), None),
        (Method::GET, "/admin/stats".into(), None),
        // A blank reason: refused (422), nothing changes.
        (
            Method::POST,
            "/admin/rounds/1/reopen".into(),
            Some(json!({"reason": ""})),
        ),
        (Method::GET, "/admin/export.csv".into(), None),
        (Method::GET, "/admin/export.xlsx".into(), None),
        // Nothing is collected yet: a Collection of no case, offered by a link.
        (Method::POST, "/admin/collection".into(), None),
        (Method::GET, "/admin/announce/preview".into(), None),
        (Method::GET, "/admin/questions".into(), None),
        (
            Method::POST,
            format!("/admin/questions/{unknown_case}/answered"),
            Some(json!({})),
        ),
        // Nothing is decided: nobody is told anything.
        (Method::POST, "/admin/announce".into(), None),
        // Last, as the organizer is the last caller: it closes round 1.
        (Method::POST, "/admin/rounds/1/close".into(), None),
        // The applicant routes, on the applicant's submitted (in review) case: only its
        // edit token opens it; any other token is no edit token at all.
        (Method::POST, "/applications".into(), Some(json!({}))),
        (Method::GET, format!("/applications/{mine}"), None),
        (
            Method::PATCH,
            format!("/applications/{mine}"),
            Some(json!({"practice_name": "Renamed"})),
        ),
        (Method::POST, format!("/applications/{mine}/submit"), None),
        (Method::POST, format!("/applications/{mine}/withdraw"), None),
        (Method::POST, format!("/applications/{mine}/link"), None),
        (
            Method::POST,
            "/link".into(),
            Some(json!({"code": "ZZZZZZZZ"})),
        ),
        (Method::POST, format!("/applications/{mine}/continue"), None),
        (Method::GET, "/call".into(), None),
        (
            Method::POST,
            "/ask".into(),
            Some(json!({"question": "Where is your office?", "application_id": mine})),
        ),
        (
            Method::POST,
            format!("/applications/{mine}/attachments"),
            Some(json!({"filename": "a.pdf", "content_type": "application/pdf", "size": 100})),
        ),
        (
            Method::GET,
            format!("/applications/{mine}/attachments"),
            None,
        ),
        (
            Method::POST,
            format!("/applications/{mine}/attachments/{unknown_case}/complete"),
            None,
        ),
        (
            Method::GET,
            format!("/applications/{mine}/attachments/{unknown_case}/download"),
            None,
        ),
        (
            Method::DELETE,
            format!("/applications/{mine}/attachments/{unknown_case}"),
            None,
        ),
    ];
    // Every applicant, reviewer and organizer route is in the matrix (the pages hold no
    // data and are checked below).
    for function in [
        casebook_reviews::openapi(),
        casebook_admin::openapi(),
        casebook_applications::openapi(),
        casebook_attachments::openapi(),
    ] {
        let document = serde_json::to_value(&function).unwrap();
        for (template, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                let covered = ["/review", "/console", "/apply"].contains(&template.as_str())
                    || routes.iter().any(|(m, path, _)| {
                        let path = path.split('?').next().unwrap();
                        m.as_str().eq_ignore_ascii_case(method)
                            && path.split('/').count() == template.split('/').count()
                            && path
                                .split('/')
                                .zip(template.split('/'))
                                .all(|(p, t)| p == t || (t.starts_with('{') && t.ends_with('}')))
                    });
                assert!(
                    covered,
                    "{method} {template} is not in the authorization matrix"
                );
            }
        }
    }
    let signature = round.organizer.rsplit_once('.').unwrap().0.to_string() + ".forged";
    // The applicant routes' answers: to no token, to the case's own edit token, and to
    // any other token (a reviewer's or an organizer's is no edit token). A PATCH without
    // If-Match is 428 before any token is looked at, for the owner and a stranger alike.
    const ANONYMOUS: [u16; 15] = [
        201, 401, 401, 401, 401, 401, 404, 401, 200, 401, 401, 401, 401, 401, 401,
    ];
    const OWNER: [u16; 15] = [
        201, 200, 428, 200, 409, 201, 404, 202, 200, 200, 409, 200, 404, 404, 409,
    ];
    const NO_EDIT_TOKEN: [u16; 15] = [
        201, 404, 428, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404,
    ];
    let actors: Vec<(&str, Option<String>, Vec<u16>)> = vec![
        (
            "anonymous",
            None,
            [[401; 29].as_slice(), &ANONYMOUS].concat(),
        ),
        (
            "applicant",
            Some(round.applicant.clone()),
            [[401; 29].as_slice(), &OWNER].concat(),
        ),
        (
            "forged",
            Some(signature),
            [[401; 29].as_slice(), &NO_EDIT_TOKEN].concat(),
        ),
        (
            "revoked reviewer",
            Some(token(&revoked).into()),
            [[401; 29].as_slice(), &NO_EDIT_TOKEN].concat(),
        ),
        (
            "revoked organizer",
            Some(token(&gone).into()),
            [[401; 29].as_slice(), &NO_EDIT_TOKEN].concat(),
        ),
        (
            "replaced organizer link",
            Some(token(&moved).into()),
            [[401; 29].as_slice(), &NO_EDIT_TOKEN].concat(),
        ),
        (
            "opt-out link",
            Some(opt_out),
            [[401; 29].as_slice(), &NO_EDIT_TOKEN].concat(),
        ),
        (
            "organizer by e-mail, no record",
            Some(by_email),
            [[401; 29].as_slice(), &NO_EDIT_TOKEN].concat(),
        ),
        (
            "organizer minted with the opt-out key",
            Some(minted_by_opt_out),
            [[401; 29].as_slice(), &NO_EDIT_TOKEN].concat(),
        ),
        (
            "reviewer A",
            Some(token(&round.ana).into()),
            [
                [
                    200, 200, 200, 422, 404, 404, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401,
                    401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401,
                ]
                .as_slice(),
                &NO_EDIT_TOKEN,
            ]
            .concat(),
        ),
        (
            "reviewer B",
            Some(token(&round.cleo).into()),
            [
                [
                    200, 404, 404, 404, 404, 404, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401,
                    401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401,
                ]
                .as_slice(),
                &NO_EDIT_TOKEN,
            ]
            .concat(),
        ),
        (
            "organizer",
            Some(round.organizer.clone()),
            [
                [
                    401, 401, 401, 401, 401, 401, 200, 200, 200, 404, 200, 200, 422, 404, 404, 200,
                    400, 409, 200, 200, 422, 200, 200, 200, 200, 200, 404, 200, 200,
                ]
                .as_slice(),
                &NO_EDIT_TOKEN,
            ]
            .concat(),
        ),
    ];
    for (who, bearer, expected) in actors {
        for ((method, path, body), want) in routes.iter().zip(expected) {
            let a = round
                .api
                .send(method.clone(), path, bearer.as_deref(), body.as_ref())
                .await;
            assert_eq!(a.status, want, "{who}: {method} {path}: {}", a.body);
            if want == 401 {
                assert!(a.body["error"]["code"].is_string(), "{who}: {path}");
            }
            // Asking for a year changes nothing for someone kept out: refused the same,
            // never told whether that year's call is here.
            if want == 401 && path.starts_with("/admin/") {
                let joined = if path.contains('?') { '&' } else { '?' };
                for year in ["2023", "2024", "twenty"] {
                    let asked = format!("{path}{joined}year={year}");
                    let a = round
                        .api
                        .send(method.clone(), &asked, bearer.as_deref(), body.as_ref())
                        .await;
                    assert_eq!(a.status, 401, "{who}: {method} {asked}: {}", a.body);
                }
            }
        }
    }
    // Another organizer's fresh link works, and what they do is recorded under their
    // name, as what the terminal did is under the name given with --as.
    let reopened = round
        .api
        .send(
            Method::POST,
            "/admin/rounds/1/reopen",
            Some(moved_now["token"].as_str().unwrap()),
            Some(&json!({"reason": "One more review came in"})),
        )
        .await;
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    let listed = round
        .api
        .send(
            Method::GET,
            "/admin/decisions",
            Some(&round.organizer),
            None,
        )
        .await;
    let log = listed.body["log"].as_array().unwrap();
    let by_action = |action: &str| -> Vec<&str> {
        log.iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["by"].as_str().unwrap())
            .collect()
    };
    assert_eq!(by_action("round_reopened"), ["moved@example.org"]);
    assert_eq!(by_action("round_closed"), [common::ORGANIZER]);
    assert_eq!(by_action("organizer_revoked"), [common::ORGANIZER]);
    // Once from the terminal (--as), once over HTTP (the token's organizer).
    assert_eq!(by_action("round_assigned"), [common::ORGANIZER; 2]);
    assert!(
        log.iter()
            .all(|e| !e["by"].as_str().unwrap().starts_with("cli:")),
        "{log:?}"
    );

    // The page itself holds no data: anyone may load it.
    // The pages themselves hold no data: anyone may load them.
    for path in ["/review", "/console", "/apply"] {
        let page = round
            .api
            .client()
            .get(round.served.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{path}");
        let policy = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(policy.starts_with("default-src 'none'"), "{path}: {policy}");
    }
}

/// The registry over HTTP, as the console uses it: a reviewer added (their link works, a
/// second registration of the address is refused), revoked (the link stops at once), sent
/// a new link only when reinstated (the new link works, the old one never again).
#[tokio::test]
async fn organizers_add_revoke_and_relink_reviewers_over_http() {
    let (round, _) = round_one("2").await;
    let org = Some(round.organizer.as_str());
    let body = json!({"name": "Dara Okafor", "email": "dara@example.org", "country": "Nigeria",
        "organization": "Lagos Digital Institute", "areas": ["cybersecurity"]});
    let added = round
        .api
        .send(Method::POST, "/admin/reviewers", org, Some(&body))
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let link = added.body["link"].as_str().unwrap().to_string();
    let first = link.rsplit_once("#token=").unwrap().1.to_string();
    let id = added.body["id"].as_str().unwrap().to_string();
    let mine = |token: String| {
        let api = &round.api;
        async move {
            api.send(Method::GET, "/reviewer/assignments", Some(&token), None)
                .await
                .status
        }
    };
    assert_eq!(mine(first.clone()).await, 200);
    let again = round
        .api
        .send(Method::POST, "/admin/reviewers", org, Some(&body))
        .await;
    assert_eq!(
        (again.status, again.body["error"]["code"].as_str()),
        (409, Some("email_taken"))
    );
    let listed = round
        .api
        .send(Method::GET, "/admin/reviewers", org, None)
        .await;
    assert!(listed.body.to_string().contains("Dara Okafor"));

    let revoked = round
        .api
        .send(
            Method::POST,
            &format!("/admin/reviewers/{id}/revoke"),
            org,
            None,
        )
        .await;
    assert_eq!(
        (revoked.status, revoked.body["revoked"].as_bool()),
        (200, Some(true))
    );
    assert_eq!(mine(first.clone()).await, 401);
    let refused = round
        .api
        .send(
            Method::POST,
            &format!("/admin/reviewers/{id}/link"),
            org,
            None,
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let relinked = round
        .api
        .send(
            Method::POST,
            &format!("/admin/reviewers/{id}/link"),
            org,
            Some(&json!({"reinstate": true})),
        )
        .await;
    assert_eq!(relinked.status, 200, "{}", relinked.body);
    let second = relinked.body["link"]
        .as_str()
        .unwrap()
        .rsplit_once("#token=")
        .unwrap()
        .1
        .to_string();
    assert_eq!(mine(second).await, 200);
    assert_eq!(mine(first).await, 401);
    // The audit log names the organizer for each change.
    let log = round
        .api
        .send(Method::GET, "/admin/decisions", org, None)
        .await;
    let actions: Vec<&str> = log.body["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in ["reviewer_added", "reviewer_revoked", "reviewer_link_sent"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

/// The organizers' console in headless Chromium, on a laptop and on a phone: signed in by
/// the e-mailed link, the overview's figures and charts from the call's data, the
/// reviewers and round 1's progress as the API says them, Chinese, signing out; a forged
/// link is told its sign-in no longer works.
#[tokio::test]
async fn an_organizer_follows_the_call_on_the_console() {
    let (round, _) = round_one("2").await;
    // A question the bot cannot answer, asked in a terminal chat, for the inbox.
    common::chat_as(
        "ana",
        "Where is your office located?\n",
        round.dir.path(),
        JULY,
    );
    let shots = round.dir.path().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let link = round
        .served
        .url(&format!("/console#token={}", round.organizer));
    let forged = round
        .served
        .url("/console#token=eyJhbGciOiJIUzI1NiJ9.e30.forged");
    let anas_case = round.assignments(&round.ana).await[0]["application_id"]
        .as_str()
        .unwrap()
        .to_string();
    let seen = common::page_script(
        "console_page.py",
        &[
            std::ffi::OsStr::new(&link),
            std::ffi::OsStr::new(&forged),
            shots.as_os_str(),
            std::ffi::OsStr::new(token(&round.ana)),
            std::ffi::OsStr::new(&anas_case),
        ],
    );
    // Progress as a review arrives over the API while the console is open.
    assert_eq!(
        seen["progress"],
        json!(["0 of 5 reviews submitted", "1 of 5 reviews submitted"])
    );
    let progress = round
        .api
        .send(Method::GET, "/admin/rounds/1", Some(&round.organizer), None)
        .await;
    let (done, due) = (
        progress.body["reviews"]["done"].as_u64().unwrap(),
        progress.body["reviews"]["due"].as_u64().unwrap(),
    );
    // The ranking's criteria columns, its area filter, and a case's reviews opened.
    let ranking = round
        .api
        .send(
            Method::GET,
            "/admin/rankings?round=1",
            Some(&round.organizer),
            None,
        )
        .await;
    let heads = seen["laptop"]["criteria_heads"].as_array().unwrap();
    for criterion in ranking.body["criteria"].as_array().unwrap() {
        assert!(heads.contains(&criterion["en"]), "{heads:?}");
    }
    for device in ["laptop", "phone"] {
        let seen = &seen[device];
        // The open call's year, and another asked for by the year field.
        assert_eq!(seen["heading"], "Overview · the 2024 call", "{device}");
        assert_eq!(seen["year_heading"], "Overview · the 2024 call", "{device}");
        assert!(
            seen["other_year"]
                .as_str()
                .unwrap()
                .starts_with("There is no 2023 call here"),
            "{device}: {seen}"
        );
        let in_area = ranking.body["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["area"] == seen["area"])
            .count();
        assert_eq!(seen["area_rows"].as_u64(), Some(in_area as u64), "{device}");
        assert!(
            seen["opened"].as_str().unwrap().starts_with("PC2024-"),
            "{seen}"
        );
        assert!(
            !seen["opened_reviewers"].as_array().unwrap().is_empty(),
            "{seen}"
        );
    }
    // Why Ana (Brazil) is kept from Rio Mesh (Brazil), as the round's card says.
    let conflicts = seen["laptop"]["conflicts"].as_array().unwrap();
    assert!(
        conflicts.iter().any(|c| {
            let c = c.as_str().unwrap();
            c.starts_with("PC2024-0002: ") && c.contains("reviewer's country (BR")
        }),
        "{conflicts:?}"
    );
    // The Chinese console is told why in Chinese.
    let zh: Value = round
        .api
        .client()
        .get(round.served.url(&format!(
            "/admin/rounds/1/conflicts?reviewer={}",
            round.ana["id"].as_str().unwrap()
        )))
        .bearer_auth(&round.organizer)
        .header("accept-language", "zh-CN")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        zh["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["reason"]
                .as_str()
                .unwrap()
                .starts_with("案例涉及评审专家所在的国家（BR")),
        "{zh}"
    );
    // Round 1 assigned again from the console, three per case: the two new reviewers
    // (and only they) got cases.
    let new_assignments: usize = seen["assigned"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", seen["assigned"]));
    assert!(new_assignments >= 1, "{}", seen["assigned"]);
    assert_eq!(due, 5 + new_assignments as u64, "{}", seen["assigned"]);
    // The nudge: the late reviewers e-mailed once; asked again, nobody twice.
    let nudged = seen["nudged"].as_str().unwrap();
    let first: usize = nudged
        .split("what waits: ")
        .nth(1)
        .and_then(|t| t.split(';').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{nudged}"));
    assert!(first >= 1, "{nudged}");
    assert!(
        seen["nudged_again"]
            .as_str()
            .unwrap()
            .contains(&format!("already nudged today: {first};")),
        "{}",
        seen["nudged_again"]
    );
    // The inbox: the terminal question, which cannot be answered in its chat, marked
    // answered under the organizer's name.
    assert_eq!(seen["question"], "Where is your office located?");
    assert!(
        seen["question_note"]
            .as_str()
            .unwrap()
            .starts_with("This chat cannot be written to from here, and no application"),
        "{}",
        seen["question_note"]
    );
    assert!(
        seen["answered"]
            .as_str()
            .unwrap()
            .contains(&format!("answered by {}", common::ORGANIZER)),
        "{}",
        seen["answered"]
    );
    // What the console changed, as the API and the audit log say it.
    assert!(
        seen["refused"].as_str().unwrap().contains("name"),
        "a blank name is refused naming the field: {}",
        seen["refused"]
    );
    let registry = round
        .api
        .send(
            Method::GET,
            "/admin/reviewers",
            Some(&round.organizer),
            None,
        )
        .await;
    let dara = registry.body["reviewers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Dara Okafor")
        .expect("Dara was added")
        .clone();
    assert_eq!(dara["revoked"], false, "reinstated");
    // Added in French on the console: her link came in French, then English.
    let to_dara = round
        .outbox()
        .into_iter()
        .find(|m| m.contains("To: dara@example.org") && m.contains("Your personal link"))
        .expect("Dara's sign-in mail");
    let (french, english) = (
        to_dara.find("Votre lien personnel"),
        to_dara.find("Your personal link"),
    );
    assert!(french.is_some() && french < english, "{to_dara}");
    let log = round
        .api
        .send(
            Method::GET,
            "/admin/decisions",
            Some(&round.organizer),
            None,
        )
        .await;
    let actions: Vec<String> = log.body["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["action"].as_str().unwrap_or(""),
                e["reason"].as_str().unwrap_or("")
            )
        })
        .collect();
    for action in [
        "reviewer_added ",
        "reviewer_revoked ",
        "reviewer_link_sent ",
        "round_closed ",
        "round_reopened More reviews came in",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    // The decisions taken on the console: every case of round 1, one departing from the
    // proposal with its reason; deciding while the round was open was refused.
    assert!(
        seen["refused_open"]
            .as_str()
            .unwrap()
            .contains("still open"),
        "{}",
        seen["refused_open"]
    );
    let decided = round
        .api
        .send(
            Method::GET,
            "/admin/decisions",
            Some(&round.organizer),
            None,
        )
        .await;
    let decisions = decided.body["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 3, "{decisions:?}");
    let departing: Vec<&Value> = decisions.iter().filter(|d| d["departs"] == true).collect();
    assert_eq!(departing.len(), 1, "{decisions:?}");
    assert_eq!(departing[0]["reference"], seen["overridden"]);
    assert_eq!(departing[0]["decision"], "collected");
    assert_eq!(
        departing[0]["reason"],
        "A strong case the reviewers could not finish"
    );
    // The announcement: previewed (Ana's reviewed case as proposed and the override
    // collected, one not selected, each told by e-mail), sent once, and nothing sent twice.
    assert_eq!(
        seen["preview"],
        json!([
            "collected: 2 applicants, 2 by e-mail",
            "not selected: 1 applicant, 1 by e-mail"
        ])
    );
    assert!(
        seen["sent"]
            .as_str()
            .unwrap()
            .starts_with("E-mails sent: 3,"),
        "{}",
        seen["sent"]
    );
    assert!(
        seen["sent_again"]
            .as_str()
            .unwrap()
            .contains("sent before: 3"),
        "{}",
        seen["sent_again"]
    );
    // The export the console downloaded: every case, with the decision and its reason.
    let export = seen["export"].as_array().unwrap();
    assert_eq!(export.len(), 3, "{export:?}");
    let overridden = export
        .iter()
        .find(|r| r["reference"] == seen["overridden"])
        .expect("the overridden case in the export");
    assert_eq!(overridden["outcome"], "collected");
    assert_eq!(
        overridden["reason"],
        "A strong case the reviewers could not finish"
    );
    // The workbook holds the same rows; the Collection, the cases collected.
    assert_eq!(seen["xlsx"], seen["export"], "{}", seen["xlsx"]);
    let collected: Vec<&Value> = export
        .iter()
        .filter(|r| ["collected", "outstanding"].contains(&r["outcome"].as_str().unwrap()))
        .collect();
    // Every page in each of the six languages: English at the top, the others in their
    // folders.
    let mut pages: Vec<String> = Vec::new();
    for folder in ["", "ar/", "es/", "fr/", "ru/", "zh/"] {
        for r in &collected {
            let reference = r["reference"].as_str().unwrap();
            pages.push(format!("collection-2024/{folder}cases/{reference}.html"));
        }
        pages.push(format!("collection-2024/{folder}index.html"));
    }
    pages.sort();
    assert_eq!(seen["collection"], json!(pages));
    assert!(
        seen["collection_note"]
            .as_str()
            .unwrap()
            .contains(&match collected.len() {
                1 => "The Collection: 1 case,".to_string(),
                n => format!("The Collection: {n} cases,"),
            }),
        "{}",
        seen["collection_note"]
    );
    for device in ["laptop", "phone"] {
        let seen = &seen[device];
        // Three applications, all submitted on 1 May, no draft; July, after the deadline.
        assert_eq!(seen["figures"], json!(["3", "3", "0", "0"]), "{device}");
        assert_eq!(
            seen["per_day"], "Submissions per day: 2024-05-01 3",
            "{device}"
        );
        // The phone reads the overview after the laptop decided: decisions count where
        // they stand.
        let statuses = if device == "laptop" {
            "By status: in review 3"
        } else {
            "By status: collected 2, not selected 1"
        };
        assert_eq!(seen["chart"], statuses, "{device}");
        // Areas by their names, not their ids.
        assert_eq!(
            seen["area_chart"], "By area: Internet Infrastructure Construction 3",
            "{device}"
        );
        let reviewers = seen["reviewers"].to_string();
        assert!(
            reviewers.contains("Ana") && reviewers.contains("Cleo"),
            "{device}: {reviewers}"
        );
        // The laptop read round 1 before assigning it again; the phone after.
        let progress = if device == "laptop" {
            "1 of 5 reviews submitted".to_string()
        } else {
            format!("{done} of {due} reviews submitted")
        };
        assert_eq!(seen["rounds"][0], progress, "{device}");
        assert_eq!(seen["title_zh"], "主办方控制台");
        // Round 1's ranking: the three cases; the round reopened on the laptop, closed
        // there again to be decided before the phone reads it.
        assert_eq!(seen["ranked"], 3, "{device}");
        let state = if device == "laptop" { "open" } else { "closed" };
        assert!(
            seen["ranking_note"]
                .as_str()
                .unwrap()
                .starts_with(&format!("The round is {state}")),
            "{device}: {}",
            seen["ranking_note"]
        );
        for shot in [
            format!("console-overview-{device}.png"),
            format!("console-rounds-{device}.png"),
        ]
        .into_iter()
        .chain([format!("console-rankings-{device}.png")])
        .chain((device == "laptop").then(|| "console-reviewers-laptop.png".to_string()))
        .chain([
            format!("console-questions-{device}.png"),
            format!("console-export-{device}.png"),
        ])
        .chain([
            format!("console-decisions-{device}.png"),
            format!("console-announce-{device}.png"),
            format!("console-russian-{device}.png"),
            format!("console-overview-russian-{device}.png"),
            format!("console-decisions-russian-{device}.png"),
        ]) {
            common::kept_screenshot(&shots, &shot);
        }
    }
}

/// The page in a real headless Chromium at 375x667 (Playwright from the project's
/// virtualenv drives the Debian `chromium` that `scripts/test` installs): list, open,
/// score, comment, submit; a draft kept offline and restored; a conflict; Chinese. The
/// reviews it saved are read back through the API.
#[tokio::test]
async fn a_reviewer_does_the_round_on_a_phone() {
    let (round, _) = round_one("2").await;
    let shots = round.dir.path().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let seen = common::page_script(
        "review_page.py",
        &[
            std::ffi::OsStr::new(round.cleo["link"].as_str().unwrap()),
            shots.as_os_str(),
        ],
    );
    for shot in [
        "list.png",
        "case.png",
        "list-zh.png",
        "list-ar.png",
        "case-ar.png",
    ] {
        common::kept_screenshot(&shots, shot);
    }

    // What the phone saved, read back through the API.
    let listed = round.assignments(&round.cleo).await;
    let by_name = |name: &Value| {
        listed
            .iter()
            .find(|a| &a["practice_name"] == name)
            .unwrap_or_else(|| panic!("{name} in {listed:?}"))
            .clone()
    };
    let submitted = by_name(&seen["submitted"]);
    assert_eq!(submitted["status"], "submitted");
    let id = submitted["application_id"].as_str().unwrap();
    let case = round
        .as_reviewer(
            &round.cleo,
            Method::GET,
            &format!("/reviewer/applications/{id}"),
            None,
        )
        .await;
    assert_eq!(case.body["my_review"]["scores"], scores());
    assert_eq!(
        case.body["my_review"]["comment"],
        "Strong partners in three countries.\n\nThe benefits are measured, not promised."
    );
    let draft = by_name(&seen["draft"]);
    assert_eq!(draft["status"], "draft");
    let id = draft["application_id"].as_str().unwrap();
    let case = round
        .as_reviewer(
            &round.cleo,
            Method::GET,
            &format!("/reviewer/applications/{id}"),
            None,
        )
        .await;
    assert_eq!(
        case.body["my_review"]["scores"],
        json!({"conceptual_fit": 4})
    );
    assert_eq!(
        listed.iter().filter(|a| a["status"] == "conflict").count(),
        1,
        "{listed:?}"
    );
}

/// A phone two reviewers share (Playwright drives Debian's Chromium, as above): another
/// reviewer's link asks before it replaces the sign-in, drafts are each reviewer's own,
/// and signing out takes the token and that reviewer's drafts off the phone.
#[tokio::test]
async fn two_reviewers_on_one_phone_never_see_or_save_each_others_work() {
    let (round, _) = round_one("2").await;
    let shots = round.dir.path().join("shared-phone");
    std::fs::create_dir_all(&shots).unwrap();
    // Village Links is on both lists (Ana's country is in none of its countries).
    let seen = common::page_script(
        "review_shared_phone.py",
        &[
            std::ffi::OsStr::new(round.cleo["link"].as_str().unwrap()),
            std::ffi::OsStr::new(round.ana["link"].as_str().unwrap()),
            std::ffi::OsStr::new("Village Links"),
            shots.as_os_str(),
        ],
    );
    assert_eq!(
        seen["question"],
        "This phone is signed in as Cleo Nasser. The link you opened belongs to another reviewer. Which sign-in should this phone use?"
    );
    assert_eq!(
        (seen["a_cases"].as_u64(), seen["b_cases"].as_u64()),
        (
            Some(round.assignments(&round.cleo).await.len() as u64),
            Some(round.assignments(&round.ana).await.len() as u64)
        )
    );
    for shot in ["switch.png", "signed-in-b.png", "signed-out.png"] {
        common::kept_screenshot(&shots, shot);
    }
    // Nothing of Cleo's offline score reached Ana's review of the shared case.
    let village = round
        .assignments(&round.ana)
        .await
        .into_iter()
        .find(|a| a["practice_name"] == "Village Links")
        .unwrap();
    let case = round
        .as_reviewer(
            &round.ana,
            Method::GET,
            &format!(
                "/reviewer/applications/{}",
                village["application_id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_ne!(
        case.body["my_review"]["scores"]["conceptual_fit"], 3,
        "{}",
        case.body
    );
}

/// Round 1 to its decisions, as organizers run it: reviews saved over the API, the round
/// closed from the CLI (saves then get 409), ranked (JSON and CSV), the proposal
/// confirmed, one case decided otherwise with a reason over the API, the log and the
/// figures read back, and round 2 assigned within the Collection only.
#[tokio::test]
async fn organizers_close_rank_and_decide_round_one() {
    let (round, _) = round_one("2").await;
    let (dir, base) = (round.dir.path(), round.served.base.as_str());
    // Ana scores her cases 8/7/9, Cleo hers 4/4/4 except Rio Mesh 6/6/6.
    for a in round.assignments(&round.ana).await {
        let id = a["application_id"].as_str().unwrap();
        let body =
            json!({"round": 1, "scores": scores(), "comment": "Strong.", "status": "submitted"});
        assert_eq!(
            round.put_review(&round.ana, id, None, &body).await.status,
            200
        );
    }
    for a in round.assignments(&round.cleo).await {
        let id = a["application_id"].as_str().unwrap();
        let score = if a["practice_name"] == "Rio Mesh" {
            6
        } else {
            4
        };
        let body = json!({
            "round": 1,
            "scores": {"conceptual_fit": score, "international_cooperation": score, "benefits_to_mankind": score},
            "comment": "Fair.",
            "status": "submitted",
        });
        assert_eq!(
            round.put_review(&round.cleo, id, None, &body).await.status,
            200
        );
    }
    let open = admin(dir, base, &["rankings", "--round", "1"]);
    assert_eq!(open["closed"], false);
    let early = round
        .api
        .send(
            Method::POST,
            "/admin/decisions",
            Some(&round.organizer),
            Some(&json!({"round": 1, "decisions": []})),
        )
        .await;
    assert_eq!(early.status, 409);
    assert_eq!(early.body["error"]["code"], "round_open");

    let closed = admin(dir, base, &["rounds", "close", "1"]);
    assert_eq!(closed["closed"], true);
    assert_eq!(
        closed["changed_by"],
        common::ORGANIZER,
        "the organizer --as names"
    );
    let village = round.cases[0].clone();
    let late = round
        .put_review(
            &round.ana,
            &village,
            Some(1),
            &json!({"round": 1, "scores": scores(), "comment": "Changed my mind.", "status": "submitted"}),
        )
        .await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert_eq!(late.body["error"]["code"], "round_closed");

    // The ranking: Rio Mesh has one review (Cleo's 6, her best: z = +1.41), the other two
    // both reviewers' (Ana 8, 7, 9 is 8; Cleo 4).
    let ranking = admin(dir, base, &["rankings", "--round", "1", "--by", "raw"]);
    assert_eq!(ranking["closed"], true);
    let cases = ranking["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    let rio = cases
        .iter()
        .find(|c| c["practice_name"] == "Rio Mesh")
        .unwrap();
    assert_eq!(rio["reviews"], json!({"submitted": 1, "due": 1}));
    assert_eq!(rio["total"], 6.0);
    let village_row = cases
        .iter()
        .find(|c| c["practice_name"] == "Village Links")
        .unwrap();
    assert_eq!(village_row["total"], 6.0);
    assert_eq!(village_row["means"]["conceptual_fit"], 6.0);
    assert_eq!(village_row["area"], "infrastructure");
    // The case opens its reviews: each reviewer's scores and comment, by name.
    let opened = round
        .api
        .send(
            Method::GET,
            &format!("/admin/rounds/1/cases/{village}/reviews"),
            Some(&round.organizer),
            None,
        )
        .await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let reviews = opened.body["reviews"].as_array().unwrap();
    let by: Vec<(&str, &str, u64)> = reviews
        .iter()
        .map(|r| {
            (
                r["reviewer"].as_str().unwrap(),
                r["comment"].as_str().unwrap(),
                r["scores"]["conceptual_fit"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by,
        [("Ana Souza", "Strong.", 8), ("Cleo Nasser", "Fair.", 4)]
    );
    // A case of no round 1, or no id at all: not found, saying what to use.
    for path in [
        format!("/admin/rounds/1/cases/{}/reviews", uuid::Uuid::new_v4()),
        "/admin/rounds/1/cases/not-an-id/reviews".to_string(),
        format!("/admin/rounds/7/cases/{village}/reviews"),
    ] {
        let missing = round
            .api
            .send(Method::GET, &path, Some(&round.organizer), None)
            .await;
        assert_eq!(missing.status, 404, "{path}: {}", missing.body);
    }
    assert_eq!(village_row["spread"], 4.0);
    assert_eq!(
        village_row["disagreement"], true,
        "4 points apart on a 1-10 scale"
    );
    assert!(
        cases.iter().all(|c| c["tied"] == true),
        "three 6.0s tie: {ranking}"
    );
    assert!(
        cases
            .iter()
            .all(|c| c["position"] == 1 && c["proposed"] == "collected")
    );

    // CSV, read back by a CSV parser.
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "--now",
            JULY,
            "admin",
            "rankings",
            "--round",
            "1",
            "--csv",
            "--data-dir",
        ])
        .arg(dir)
        .env("CASEBOOK_AS", common::ORGANIZER)
        .output()
        .unwrap();
    assert!(out.status.success());
    // UTF-8 with a byte-order mark, as every CSV casebook writes.
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&out.stdout[3..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "position");
    assert_eq!(&header[2], "reference");
    assert!(header.iter().any(|h| h == "mean_international_cooperation"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| &r[3] == "Rio Mesh"));

    let confirmed = admin(dir, base, &["decide", "--round", "1", "--accept-proposal"]);
    assert_eq!(confirmed["decision"], "collected");
    // Leaving Solar Schools out departs from the proposal: a reason is needed.
    let solar = round.cases[2].clone();
    let decide = |reason: Option<&str>| {
        let mut d = json!({"application_id": solar, "decision": "not_selected"});
        if let Some(r) = reason {
            d["reason"] = json!(r);
        }
        json!({"round": 1, "decisions": [d]})
    };
    let refused = round
        .api
        .send(
            Method::POST,
            "/admin/decisions",
            Some(&round.organizer),
            Some(&decide(None)),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["error"]["field"], "decisions[0].reason");
    assert_eq!(refused.body["error"]["code"], "reason_required");
    let reason = "Implemented in one country so far; the Kenyan part starts in 2025.";
    let kept = round
        .api
        .send(
            Method::POST,
            "/admin/decisions",
            Some(&round.organizer),
            Some(&decide(Some(reason))),
        )
        .await;
    assert_eq!(kept.status, 201, "{}", kept.body);
    let listed = round
        .api
        .send(
            Method::GET,
            "/admin/decisions",
            Some(&round.organizer),
            None,
        )
        .await;
    let standing = listed.body["decisions"].as_array().unwrap();
    assert_eq!(standing.len(), 3);
    // By reference; and the command line prints the very same document.
    let references: Vec<&str> = standing
        .iter()
        .map(|d| d["reference"].as_str().unwrap())
        .collect();
    let mut sorted = references.clone();
    sorted.sort();
    assert_eq!(references, sorted);
    let printed = admin(round.dir.path(), &round.served.base, &["decisions"]);
    assert_eq!(
        printed, listed.body,
        "admin decisions --json has the HTTP shape"
    );
    let solar_now = standing
        .iter()
        .find(|d| d["application_id"] == solar.as_str())
        .unwrap();
    assert_eq!(solar_now["decision"], "not_selected");
    assert_eq!(solar_now["departs"], true);
    assert_eq!(solar_now["reason"], reason);
    assert_eq!(solar_now["by"], "org@example.org");
    let log = listed.body["log"].as_array().unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "organizer_added",
            "reviewer_added",
            "reviewer_added",
            "round_assigned",
            "round_closed",
            "decided",
            "decided",
            "decided",
            "decided"
        ]
    );
    assert!(log.iter().all(|e| e["by"] == common::ORGANIZER), "{log:?}");

    let stats = admin(dir, base, &["stats"]);
    assert_eq!(
        stats["by_status"],
        json!({"collected": 2, "not_selected": 1})
    );
    assert_eq!(stats["by_country"]["KE"], 2);

    // Round 2 runs on the Collection only.
    let report = admin(dir, base, &["rounds", "assign", "2", "--per-case", "1"]);
    assert_eq!(report["assigned"], 2, "{report}");
    let mut round_two = Vec::new();
    for r in [&round.ana, &round.cleo] {
        for a in round.assignments(r).await {
            if a["round"] == 2 {
                round_two.push(a["application_id"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(round_two.len(), 2);
    assert!(!round_two.contains(&solar), "not selected: no round 2");

    // The export over the API: CSV with a byte-order mark, read back by a CSV parser.
    let csv_answer = round.organizer_download("/admin/export.csv").await;
    assert_eq!(csv_answer.status(), 200);
    // Written as the standard spells it (the Lambda keeps its bytes another way).
    assert_eq!(
        csv_answer.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let bytes = csv_answer.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}: {header:?}"))
    };
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let village_csv = rows
        .iter()
        .find(|r| &r[col("practice_name")] == "Village Links")
        .unwrap();
    assert_eq!(&village_csv[col("round1_decision")], "collected");
    assert_eq!(&village_csv[col("round1_total")], "6");
    assert_eq!(&village_csv[col("countries")], "CN, KE");
    let reviewers = [
        &village_csv[col("round1_reviewer1")],
        &village_csv[col("round1_reviewer2")],
    ];
    assert!(
        reviewers.contains(&"Ana Souza") && reviewers.contains(&"Cleo Nasser"),
        "{reviewers:?}"
    );
    let solar_csv = rows
        .iter()
        .find(|r| &r[col("practice_name")] == "Solar Schools")
        .unwrap();
    assert_eq!(&solar_csv[col("round1_reason")], reason);
    assert_eq!(&solar_csv[col("outcome")], "not_selected");

    // XLSX from the CLI, read back by a spreadsheet library; its sheet has a frozen
    // header and a filter.
    let file = dir.join("export.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "--now", JULY, "admin", "export", "--format", "xlsx", "--out",
        ])
        .arg(&file)
        .arg("--data-dir")
        .arg(dir)
        .env("CASEBOOK_AS", common::ORGANIZER)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = book.worksheet_range("Applications").unwrap();
    assert_eq!(sheet.height(), 4, "a header and three applications");
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        cells[0][..2],
        ["reference".to_string(), "practice_name".to_string()]
    );
    let village_xlsx = cells.iter().find(|r| r[1] == "Village Links").unwrap();
    assert_eq!(village_xlsx[col("round1_total")], "6");
    // Submission times are dates a spreadsheet can sort, not text.
    let village_row = sheet.rows().find(|r| r[1] == "Village Links").unwrap();
    let submitted = &village_row[col("submitted_at")];
    assert!(
        matches!(submitted, calamine::Data::DateTime(_)),
        "{submitted:?}"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("state=\"frozen\""), "{xml}");
    assert!(xml.contains("<autoFilter"), "{xml}");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("formatCode=\"0.00\""), "{styles}");

    // The same workbook over HTTP (as the exports Lambda gives it): the same cells.
    let answer = round.organizer_download("/admin/export.xlsx").await;
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        answer.headers()["content-disposition"],
        "attachment; filename=\"casebook-2024.xlsx\""
    );
    let bytes = answer.bytes().await.unwrap();
    let mut served: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let served: Vec<Vec<String>> = served
        .worksheet_range("Applications")
        .unwrap()
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(served, cells);
}

/// Round 1 of [`round_one`] (two reviewers per case) with Cleo's review of Village Links
/// submitted, round 1 closed and decided (Village Links and Solar Schools collected),
/// and round 2 assigned two per case: with two reviewers only, the same two again.
/// Returns the round, Village Links' id and the round 2 report.
async fn two_rounds() -> (Round, String, Value) {
    let (round, _) = round_one("2").await;
    let cleos = round.assignments(&round.cleo).await;
    let village = cleos
        .iter()
        .find(|a| a["practice_name"] == "Village Links")
        .unwrap()["application_id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"round": 1, "scores": scores(), "comment": "Round one: sound.", "status": "submitted"});
    let saved = round.put_review(&round.cleo, &village, None, &body).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let (dir, base) = (round.dir.path(), round.served.base.as_str());
    admin(dir, base, &["rounds", "close", "1"]);
    for (reference, decision) in [
        ("PC2024-0001", "collected"),
        ("PC2024-0002", "not_selected"),
        ("PC2024-0003", "collected"),
    ] {
        admin(
            dir,
            base,
            &[
                "decide",
                "--round",
                "1",
                "--case",
                reference,
                "--decision",
                decision,
                "--reason",
                "Decided in session",
            ],
        );
    }
    let report = admin(dir, base, &["rounds", "assign", "2", "--per-case", "2"]);
    (round, village, report)
}

#[tokio::test]
async fn a_case_in_both_rounds_opens_in_the_round_asked_and_round_one_is_read_only_once_closed() {
    let (round, village, report) = two_rounds().await;
    // Nobody else is free of conflict: round 2 reuses round 1's reviewers, and warns.
    assert_eq!(report["assigned"], 4, "{report}");
    let repeated = report["repeated"].as_array().unwrap();
    assert_eq!(repeated.len(), 4, "{report}");
    assert!(repeated.iter().any(|r| r["reviewer_name"] == "Cleo Nasser"));

    // Listed twice, once per round, the closed round saying when it closed.
    let listed = round.assignments(&round.cleo).await;
    let rows: Vec<&Value> = listed
        .iter()
        .filter(|a| a["application_id"] == village.as_str())
        .collect();
    assert_eq!(rows.len(), 2, "{listed:?}");
    assert_eq!(
        (rows[0]["round"].as_u64(), rows[1]["round"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(rows[0].get("closed_at").is_none(), "{:?}", rows[0]);
    assert!(rows[1]["closed_at"].is_string(), "{:?}", rows[1]);

    let read = |query: &'static str| {
        let path = format!("/reviewer/applications/{village}{query}");
        let round = &round;
        async move {
            round
                .as_reviewer(&round.cleo, Method::GET, &path, None)
                .await
        }
    };
    let first = read("?round=1").await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["round"], 1);
    assert!(first.body["closed_at"].is_string());
    assert_eq!(first.body["my_review"]["status"], "submitted");
    assert_eq!(first.body["my_review"]["comment"], "Round one: sound.");
    let second = read("?round=2").await;
    assert_eq!(
        (second.body["round"].as_u64(), second.body.get("closed_at")),
        (Some(2), None)
    );
    assert_eq!(second.body["my_review"], Value::Null);
    assert_eq!(
        read("").await.body["round"],
        2,
        "without a round: the latest"
    );
    let bad = read("?round=abc").await;
    assert_eq!(
        (bad.status, &bad.body["error"]["field"]),
        (422, &json!("round"))
    );
    assert_eq!(read("?round=3").await.status, 404);

    // Round 2 takes its own review; round 1's stays as it was, closed.
    let body =
        |r: u8| json!({"round": r, "scores": scores(), "comment": "Round two.", "status": "draft"});
    let two = round
        .put_review(&round.cleo, &village, None, &body(2))
        .await;
    assert_eq!(two.status, 200, "{}", two.body);
    let one = round
        .put_review(&round.cleo, &village, Some(1), &body(1))
        .await;
    assert_eq!(one.status, 409, "{}", one.body);
    let conflict = round
        .as_reviewer(
            &round.cleo,
            Method::POST,
            &format!("/reviewer/applications/{village}/conflict"),
            Some(&json!({"round": 1, "reason": "Too late"})),
        )
        .await;
    assert_eq!(conflict.status, 409, "{}", conflict.body);
    assert_eq!(
        read("?round=1").await.body["my_review"]["comment"],
        "Round one: sound."
    );
    assert_eq!(
        read("?round=2").await.body["my_review"]["comment"],
        "Round two."
    );
}

#[tokio::test]
async fn a_reviewer_reviews_both_rounds_on_a_phone() {
    let (round, village, _) = two_rounds().await;
    let shots = round.dir.path().join("two-rounds");
    std::fs::create_dir_all(&shots).unwrap();
    let seen = common::page_script(
        "review_two_rounds.py",
        &[
            std::ffi::OsStr::new(round.cleo["link"].as_str().unwrap()),
            std::ffi::OsStr::new("Village Links"),
            shots.as_os_str(),
        ],
    );
    assert_eq!(
        (
            seen["round_2_cards"].as_u64(),
            seen["round_1_cards"].as_u64()
        ),
        (Some(2), Some(3))
    );
    assert_eq!(
        seen["missing_message"],
        "Give a score for “Benefits to mankind” to submit."
    );
    for shot in [
        "rounds-list.png",
        "round-1-closed.png",
        "missing-score.png",
        "submitted.png",
        "rounds-list-1280.png",
    ] {
        common::kept_screenshot(&shots, shot);
    }
    // Each round kept its own review: round 2's submitted from the phone, round 1's as
    // it was.
    let read = |r: u8| {
        let path = format!("/reviewer/applications/{village}?round={r}");
        let round = &round;
        async move {
            round
                .as_reviewer(&round.cleo, Method::GET, &path, None)
                .await
        }
    };
    let two = read(2).await.body["my_review"].clone();
    assert_eq!(two["status"], "submitted");
    assert_eq!(
        two["scores"],
        json!({"conceptual_fit": 6, "international_cooperation": 7, "benefits_to_mankind": 9})
    );
    assert_eq!(two["comment"], "Round two: the second look.");
    let one = read(1).await.body["my_review"].clone();
    assert_eq!(
        (one["scores"].clone(), one["comment"].clone()),
        (scores(), json!("Round one: sound."))
    );
}

#[tokio::test]
async fn round_two_before_round_one_is_decided_is_refused_with_what_to_do() {
    let (round, _) = round_one("1").await;
    let (dir, base) = (round.dir.path(), round.served.base.as_str());
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "--now",
            JULY,
            "admin",
            "rounds",
            "assign",
            "2",
            "--data-dir",
        ])
        .arg(dir)
        .env("CASEBOOK_AS", common::ORGANIZER)
        .env("CASEBOOK_PUBLIC_URL", base)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "refused, not \"0 new assignment(s)\""
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("round 1 has no decisions yet")
            && err.contains("casebook admin decide --round 1"),
        "{err}"
    );
    // Over HTTP too: 409 with the reason.
    let answer = round
        .api
        .send(
            Method::POST,
            "/admin/rounds/2/assign",
            Some(&round.organizer),
            None,
        )
        .await;
    assert_eq!(
        (answer.status, answer.body["error"]["code"].as_str()),
        (409, Some("earlier_round_undecided")),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn links_point_at_the_running_server_or_the_command_says_they_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &["--now", JULY], &[]);
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["--now", JULY, "admin"])
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--json")
            .env("CASEBOOK_AS", common::ORGANIZER)
            .env_remove("CASEBOOK_PUBLIC_URL")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value =
            serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap())
                .unwrap();
        (json, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    // A server on a port chosen at start: the links use its address.
    let (first, _) = run(&[
        "organizers",
        "add",
        "--name",
        "Org",
        "--email",
        common::ORGANIZER,
    ]);
    assert!(
        first["link"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/console#token=", served.base)),
        "{first}"
    );
    let (ana, said) = run(&[
        "reviewers",
        "add",
        "--name",
        "Ana Souza",
        "--email",
        "ana@example.org",
        "--country",
        "Brazil",
        "--organization",
        "Rio Institute",
    ]);
    assert!(
        ana["link"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/review#token=", served.base)),
        "{ana}"
    );
    assert!(!said.contains("default address"), "{said}");
    // None running: the default address, and the command says so first.
    assert!(served.interrupt());
    assert!(
        !dir.path().join("serve.address").exists(),
        "the note goes with the server"
    );
    let (again, said) = run(&["reviewers", "link", ana["id"].as_str().unwrap()]);
    assert!(
        again["link"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8080/review#token=")
    );
    let first_line = said
        .lines()
        .find(|l| !l.starts_with("rehearsal clock"))
        .unwrap_or_default();
    assert!(
        first_line.starts_with("links point at http://127.0.0.1:8080, the default address")
            && first_line.contains("CASEBOOK_PUBLIC_URL"),
        "{said}"
    );
}

#[tokio::test]
async fn one_decision_for_several_cases_and_errors_that_speak_of_flags() {
    let (round, _) = round_one("1").await;
    let (dir, base) = (round.dir.path(), round.served.base.as_str());
    admin(dir, base, &["rounds", "close", "1"]);
    let refused = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--now", JULY, "admin", "decide", "--round", "1"])
        .args([
            "--case",
            "PC2024-0001",
            "--case",
            "pc2024-0001",
            "--decision",
            "collected",
        ])
        .args(["--reason", "Twice", "--data-dir"])
        .arg(dir)
        .env("CASEBOOK_AS", common::ORGANIZER)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--case names a case already decided in this request")
            && !err.contains("decisions["),
        "{err}"
    );
    admin(
        dir,
        base,
        &[
            "decide",
            "--round",
            "1",
            "--case",
            "PC2024-0001",
            "--case",
            "PC2024-0003",
            "--decision",
            "collected",
            "--reason",
            "Both strong on partners",
        ],
    );
    let listed = admin(dir, base, &["decisions"]);
    let decided: Vec<(&str, &str, &str)> = listed["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["reference"].as_str().unwrap(),
                d["decision"].as_str().unwrap(),
                d["reason"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        decided,
        [
            ("PC2024-0001", "collected", "Both strong on partners"),
            ("PC2024-0003", "collected", "Both strong on partners")
        ]
    );
}
