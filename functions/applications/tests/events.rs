//! Every sample event in `events/applications/` through lambda_http's own request
//! conversion into the Router, as on Lambda.

use std::sync::Arc;

use casebook_core::{
    Application, ApplicationContent, ApplicationId, ApplicationPatch, ApplicationService,
    ApplicationStore, Campaign, EditToken, FixedClock, Status,
};
use casebook_embedded::SqliteStore;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const SAMPLE_ID: &str = "7f0c2a9e-4b1d-4e8a-9c3f-5d6e7a8b9c0d";
const SAMPLE_TOKEN: &str = "sample-token-for-the-events-in-this-folder-only";
const OPEN: &str = "2024-05-01T01:00:00Z";

fn events_dir() -> String {
    format!("{}/../../events/applications", env!("CARGO_MANIFEST_DIR"))
}

fn event(name: &str) -> String {
    let path = format!("{}/{name}.json", events_dir());
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The complete draft (without partners) the sample events refer to.
fn sample_application(campaign: &Campaign) -> Application {
    let now = OPEN.parse().unwrap();
    let patch: ApplicationPatch = serde_json::from_value(json!({
        "practice_name": "Village Links",
        "lead_organization": {"name": "Example Telecom", "country": "CN"},
        "countries": ["CN", "KE"],
        "area": "infrastructure",
        "sections": {
            "background": "Why\nMany villages had no mobile signal, which cut families off from clinics, schools and markets in the towns nearby.",
            "cooperation": "Who\nA Chinese operator and a Kenyan network company design, build and run the sites together and meet every month to plan the work.",
            "modalities": "How\nSolar-powered base stations are installed by local technicians who were trained by both partners and are paid by the local operator.",
            "benefits": "Results\nForty villages now have affordable Internet access, local shops sell their goods online and pupils follow lessons from the capital."
        },
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
    }))
    .unwrap();
    Application {
        language: casebook_core::Lang::En,
        id: ApplicationId::parse(SAMPLE_ID).unwrap(),
        campaign: 2024,
        reference: None,
        status: Status::Draft,
        version: 1,
        created_at: now,
        updated_at: now,
        submitted_at: None,
        content: patch
            .apply(&ApplicationContent::default(), campaign)
            .unwrap(),
        owners: vec![casebook_core::Owner::Token(
            EditToken::presented(SAMPLE_TOKEN).hash(),
        )],
        confirmation: None,
    }
}

/// The answer to one sample event, on a fresh store holding the sample application.
async fn answer(name: &str) -> (u16, Value) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let campaign = Campaign::builtin();
    store
        .insert_application(&sample_application(&campaign))
        .await
        .unwrap();
    let clock = Arc::new(FixedClock::at(OPEN.parse().unwrap()));
    let service = ApplicationService::new(
        &casebook_core::Stores::backed_by(Arc::new(store)),
        clock,
        Arc::new(campaign),
    );
    let router = casebook_applications::standalone(service);

    let request = lambda_http::request::from_str(&event(name)).expect("a valid API Gateway event");
    let response = router.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn every_sample_event_gets_its_documented_answer() {
    let expected: &[(&str, u16, Option<&str>)] = &[
        ("create", 201, None),
        ("create-base64", 201, None),
        ("create-malformed", 400, Some("malformed_json")),
        ("create-unknown-country", 400, Some("unknown_country")),
        ("create-unknown-field", 400, Some("unknown_field")),
        ("read", 200, None),
        ("read-chinese", 200, None),
        ("read-missing-token", 401, Some("missing_token")),
        ("read-wrong-token", 404, Some("not_found")),
        ("patch", 200, None),
        ("patch-stale", 412, Some("version_mismatch")),
        ("patch-without-if-match", 428, Some("missing_if_match")),
        ("submit", 200, None),
        ("withdraw", 200, None),
        ("link", 201, None),
        ("redeem-link-unknown", 404, Some("link_code_invalid")),
        ("unknown-route", 404, Some("not_found")),
        ("page", 200, None),
        ("call-chinese", 200, None),
        ("ask-unanswered", 200, None),
    ];
    let files = std::fs::read_dir(events_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(files, expected.len(), "every sample event is checked");
    for (name, status, code) in expected {
        let (got, body) = answer(name).await;
        assert_eq!(got, *status, "{name}: {body}");
        assert_eq!(body["error"]["code"].as_str(), *code, "{name}: {body}");
    }
}

#[tokio::test]
async fn drafts_created_from_plain_and_base64_bodies_carry_alpha2_countries() {
    for name in ["create", "create-base64"] {
        let (_, body) = answer(name).await;
        assert_eq!(body["countries"], json!(["CN", "KE", "BR"]), "{name}");
        assert_eq!(
            body["edit_token"].as_str().map(str::len),
            Some(43),
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_sample_submission_gets_the_first_reference() {
    let (_, body) = answer("submit").await;
    assert_eq!(body["reference"], "PC2024-0001");
    assert_eq!(body["status"], "submitted");
}

#[tokio::test]
async fn accept_language_in_the_event_chooses_chinese() {
    let (_, english) = answer("read").await;
    let (_, chinese) = answer("read-chinese").await;
    assert_eq!(english["warnings"][0]["code"], "no_partners");
    assert_eq!(
        chinese["warnings"][0]["message"],
        "尚未填写合作机构。与国际伙伴联合申报会获得更高评价。"
    );
}

#[tokio::test]
async fn a_near_miss_country_in_an_event_is_answered_with_a_suggestion() {
    let (_, body) = answer("create-unknown-country").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean Kenya (KE)?"),
        "{body}"
    );
}

#[tokio::test]
async fn the_page_the_call_and_a_question_answer_as_the_applicant_page_needs() {
    let (_, call) = answer("call-chinese").await;
    assert_eq!(call["deadline"], "2024年6月20日");
    assert_eq!(call["areas"].as_array().unwrap().len(), 5);
    assert_eq!(call["sections"][0]["key"], "background");
    let (_, asked) = answer("ask-unanswered").await;
    assert_eq!(asked["forwarded"], true, "{asked}");
    assert!(
        asked["answer"].as_str().unwrap().starts_with("Sorry"),
        "{asked}"
    );
}
