//! One applicant, many channels: a draft started in the chat carries on over the HTTP API
//! and the reverse, with one-time codes, through the real `casebook chat` and
//! `casebook serve` on the same data directory.

mod common;

use common::api::{Api, Draft};
use common::{Served, chat_as};
use reqwest::Method;
use serde_json::{Value, json};

const OPEN: &str = "2024-05-01T09:00:00+08:00";

/// The code in "Your code is ABCD2345." (the last one printed).
fn code_in(out: &str) -> String {
    let at = out.rfind("Your code is ").expect("a code was given") + "Your code is ".len();
    out[at..at + 8].to_string()
}

#[tokio::test]
async fn a_chat_draft_continues_over_http_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = chat_as("ana", "/apply\nVillage Links\n/link\n", dir.path(), OPEN);
    let code = code_in(&out);
    assert!(out.contains("within 30 minutes"), "{out}");

    let served = Served::start(dir.path(), &["--now", OPEN], &[]);
    let api = Api::new(&served);
    // Typed the way people copy codes: lower case, with a space.
    let typed = format!("{} {}", &code[..4].to_lowercase(), &code[4..]);
    let opened = api.redeem(&json!(typed)).await;
    assert_eq!(opened.status, 200);
    let draft = opened.body;
    assert_eq!(draft["practice_name"], "Village Links");
    let draft = Draft {
        id: draft["id"].as_str().unwrap().to_string(),
        token: draft["edit_token"].as_str().unwrap().to_string(),
    };
    // The token works like the one of a draft made over HTTP.
    let version = api.read(&draft).await.body["version"].as_u64().unwrap();
    let lead = json!({"lead_organization": {"name": "Example Telecom"}});
    let patched = api.patch(&draft, version, &lead).await;
    assert_eq!(patched.status, 200, "{}", patched.body);

    // A code works once.
    let again = api.redeem(&json!(code)).await;
    assert_eq!(again.status, 404);
    assert_eq!(again.error_code(), "link_code_invalid");
    assert_eq!(again.body["error"]["field"], "code");

    // And back: a code from the API opens the draft in another person's chat, which
    // carries on at the next question (the lead's country), with the HTTP change in it.
    let made = api.call(Method::POST, &draft, "/link").await;
    assert_eq!(made.status, 201);
    let link: Value = made.body;
    let code = link["code"].as_str().unwrap();
    assert!(
        link["expires_at"]
            .as_str()
            .unwrap()
            .starts_with("2024-05-01T01:3")
    );
    let out = chat_as("bo", &format!("/link {code}\n/apply\n"), dir.path(), OPEN);
    assert!(out.contains("Linked!"), "{out}");
    assert!(
        out.contains("Let us carry on with your draft.\nIn which country or region is the lead organization based?"),
        "{out}"
    );
}

#[tokio::test]
async fn link_codes_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &["--now", OPEN], &[]);
    let api = Api::new(&served);
    let cases = [
        (
            json!({"code": "ABCD2345"}),
            404,
            "link_code_invalid",
            "code",
        ),
        (json!({"code": "short"}), 404, "link_code_invalid", "code"),
        (json!({}), 400, "missing_field", "code"),
        (json!({"code": 12345678}), 400, "invalid_value", "code"),
    ];
    for (body, status, code, field) in cases {
        let answer = api.send(Method::POST, "/link", None, Some(&body)).await;
        assert_eq!(answer.status, status, "{body}");
        assert_eq!(answer.error_code(), code, "{body}: {}", answer.body);
        assert_eq!(
            answer.body["error"]["field"], field,
            "{body}: {}",
            answer.body
        );
    }
    // Making a code needs the application's edit token.
    let draft = api.create_draft(&json!({})).await;
    let path = format!("/applications/{}/link", draft.id);
    let wrong = api
        .send(Method::POST, &path, Some("not-the-token"), None)
        .await;
    assert_eq!(wrong.status, 404);
    assert_eq!(api.send(Method::POST, &path, None, None).await.status, 401);
}
