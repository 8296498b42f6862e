//! One applicant, many channels: a draft started in the chat carries on over the HTTP API
//! and the reverse, with one-time codes, through the real `casebook chat` and
//! `casebook serve` on the same data directory.

mod common;

use common::{Served, chat_as};
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
    let client = reqwest::Client::new();
    // Typed the way people copy codes: lower case, with a space.
    let typed = format!("{} {}", &code[..4].to_lowercase(), &code[4..]);
    let res = client
        .post(served.url("/link"))
        .json(&json!({"code": typed}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let draft: Value = res.json().await.unwrap();
    assert_eq!(draft["practice_name"], "Village Links");
    let (id, token) = (
        draft["id"].as_str().unwrap().to_string(),
        draft["edit_token"].as_str().unwrap().to_string(),
    );
    // The token works like the one of a draft made over HTTP.
    let res = client
        .patch(served.url(&format!("/applications/{id}")))
        .bearer_auth(&token)
        .header("If-Match", draft["version"].to_string())
        .json(&json!({"lead_organization": {"name": "Example Telecom"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    // A code works once.
    let again = client
        .post(served.url("/link"))
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["error"]["code"], "link_code_invalid");
    assert_eq!(body["error"]["field"], "code");

    // And back: a code from the API opens the draft in another person's chat, which
    // carries on at the next question (the lead's country), with the HTTP change in it.
    let res = client
        .post(served.url(&format!("/applications/{id}/link")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let link: Value = res.json().await.unwrap();
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
    let client = reqwest::Client::new();
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
        let res = client
            .post(served.url("/link"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{body}");
        let answer: Value = res.json().await.unwrap();
        assert_eq!(answer["error"]["code"], code, "{body}: {answer}");
        assert_eq!(answer["error"]["field"], field, "{body}: {answer}");
    }
    // Making a code needs the application's edit token.
    let res = client
        .post(served.url("/applications"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let draft: Value = res.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();
    let res = client
        .post(served.url(&format!("/applications/{id}/link")))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = client
        .post(served.url(&format!("/applications/{id}/link")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}
