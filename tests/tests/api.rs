//! The applicant API through its Router, as a client would use it.

use casebook_tests::app as common;

use axum::body::Body;
use common::{CLOSED, TestApp, complete_application, spawn_app};
use http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn creating_a_draft_returns_it_with_a_token_shown_once() {
    let app = spawn_app();
    let created = app.create(&json!({"practice_name": "Village Links"})).await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["status"], "draft");
    assert_eq!(created.body["version"], 1);
    assert_eq!(created.headers["etag"], "\"1\"");
    let id = created.body["id"].as_str().unwrap();
    assert_eq!(created.headers["location"], format!("/applications/{id}"));
    let token = created.body["edit_token"].as_str().unwrap();
    assert_eq!(token.len(), 43);

    let draft = common::Draft {
        id: id.to_string(),
        token: token.to_string(),
    };
    let read = app.read(&draft).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["practice_name"], "Village Links");
    assert!(
        read.body.get("edit_token").is_none(),
        "the token is shown only once"
    );
    assert_eq!(read.body["attachments"], json!([]));
    assert!(
        read.body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["field"] == "area")
    );
}

#[tokio::test]
async fn a_read_returns_countries_as_alpha2_whatever_was_sent() {
    let app = spawn_app();
    let draft = app.create_draft(&complete_application()).await;
    let read = app.read(&draft).await;
    assert_eq!(read.body["countries"], json!(["CN", "KE", "BR"]));
    assert_eq!(read.body["lead_organization"]["country"], "CN");
    assert_eq!(read.body["partners"][0]["country"], "KE");
    assert_eq!(read.body["problems"], json!([]));
    assert_eq!(read.body["warnings"], json!([]));
}

#[tokio::test]
async fn a_complete_draft_is_edited_then_submitted_and_gets_a_reference() {
    let app = spawn_app();
    let draft = app.create_draft(&json!({})).await;
    let patched = app.patch(&draft, 1, &complete_application()).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.body["version"], 2);
    assert_eq!(patched.headers["etag"], "\"2\"");

    let submitted = app.submit(&draft).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    assert_eq!(submitted.body["status"], "submitted");
    assert_eq!(submitted.body["reference"], "PC2024-0001");
    assert!(submitted.body["submitted_at"].is_string());
    assert!(submitted.body.get("problems").is_none());
}

#[tokio::test]
async fn submitting_twice_returns_the_same_reference() {
    let app = spawn_app();
    let draft = app.create_draft(&complete_application()).await;
    let first = app.submit(&draft).await;
    let second = app.submit(&draft).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(first.body["reference"], second.body["reference"]);
    assert_eq!(first.body["version"], second.body["version"]);
}

#[tokio::test]
async fn a_submitted_application_can_no_longer_be_edited() {
    let app = spawn_app();
    let draft = app.create_draft(&complete_application()).await;
    let submitted = app.submit(&draft).await;
    let version = submitted.body["version"].as_u64().unwrap();
    let patched = app
        .patch(&draft, version, &json!({"practice_name": "Renamed"}))
        .await;
    assert_eq!(patched.status, StatusCode::CONFLICT);
    assert_eq!(patched.error_code(), "not_editable");
}

#[tokio::test]
async fn a_stale_version_is_refused_with_412() {
    let app = spawn_app();
    let draft = app.create_draft(&json!({})).await;
    assert_eq!(
        app.patch(&draft, 1, &json!({"practice_name": "A"}))
            .await
            .status,
        StatusCode::OK
    );
    let stale = app.patch(&draft, 1, &json!({"practice_name": "B"})).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.error_code(), "version_mismatch");
    assert_eq!(app.read(&draft).await.body["practice_name"], "A");
}

#[tokio::test]
async fn a_patch_without_if_match_is_refused_with_428() {
    let app = spawn_app();
    let draft = app.create_draft(&json!({})).await;
    let req = TestApp::request(
        "PATCH",
        &format!("/applications/{}", draft.id),
        Some(&draft.token),
    )
    .header("content-type", "application/json")
    .body(Body::from(r#"{"practice_name":"A"}"#))
    .unwrap();
    let a = app.send(req).await;
    assert_eq!(a.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(a.error_field(), "If-Match");
}

#[tokio::test]
async fn null_clears_a_field_and_absent_keys_are_kept() {
    let app = spawn_app();
    let draft = app.create_draft(&complete_application()).await;
    let a = app
        .patch(
            &draft,
            1,
            &json!({"collecting_organization": null, "sections": {"benefits": null}}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["collecting_organization"], serde_json::Value::Null);
    assert_eq!(a.body["sections"]["benefits"], serde_json::Value::Null);
    assert!(a.body["sections"]["background"].is_string());
    assert_eq!(a.body["problems"][0]["field"], "sections.benefits");
}

// ----------------------------------------------------------------- bad input

#[tokio::test]
async fn malformed_json_is_a_400_that_says_so() {
    let app = spawn_app();
    let req = TestApp::request("POST", "/applications", None)
        .header("content-type", "application/json")
        .body(Body::from(r#"{"practice_name": "A",}"#))
        .unwrap();
    let a = app.send(req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.error_code(), "malformed_json");
}

/// A change with no body is refused before the version is looked at: it is not read as
/// a change of nothing (a draft may be created with none).
#[tokio::test]
async fn a_change_without_a_body_is_a_400_that_says_so() {
    let app = spawn_app();
    let created = app.create(&json!({"practice_name": "Village Links"})).await;
    let id = created.body["id"].as_str().unwrap();
    let token = created.body["edit_token"].as_str().unwrap();
    for (body, version) in [("", "1"), ("null", "1"), ("  ", "0")] {
        let req = TestApp::request("PATCH", &format!("/applications/{id}"), Some(token))
            .header("content-type", "application/json")
            .header("if-match", version)
            .body(Body::from(body))
            .unwrap();
        let a = app.send(req).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body:?}");
        assert_eq!(a.error_code(), "missing_body");
    }
    let empty = TestApp::request("POST", "/applications", None)
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.send(empty).await.status,
        StatusCode::CREATED,
        "a draft is still created with no body"
    );
}

#[tokio::test]
async fn trailing_garbage_after_the_json_is_refused() {
    let app = spawn_app();
    let req = TestApp::request("POST", "/applications", None)
        .header("content-type", "application/json")
        .body(Body::from(r#"{} {"#))
        .unwrap();
    assert_eq!(app.send(req).await.error_code(), "malformed_json");
}

#[tokio::test]
async fn a_wrong_type_names_the_field() {
    let app = spawn_app();
    let a = app.create(&json!({"partners": [{"name": 5}]})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.error_code(), "invalid_value");
    assert_eq!(a.error_field(), "partners[0].name");
    let a = app.create(&json!({"countries": "CN"})).await;
    assert_eq!(a.error_field(), "countries");
}

#[tokio::test]
async fn an_unknown_field_is_refused_by_name() {
    let app = spawn_app();
    let a = app.create(&json!({"practise_name": "typo"})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.error_code(), "unknown_field");
    assert_eq!(a.error_field(), "practise_name");
    let a = app.create(&json!({"sections": {"summary": "x"}})).await;
    assert_eq!(a.error_field(), "sections.summary");
}

#[tokio::test]
async fn an_oversize_body_is_a_413() {
    let app = spawn_app();
    let big = json!({"sections": {"background": "word ".repeat(60_000)}});
    let a = app.create(&big).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.error_code(), "body_too_large");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = spawn_app();
    let req = TestApp::request("POST", "/applications", None)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("practice_name=x"))
        .unwrap();
    assert_eq!(
        app.send(req).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
}

#[tokio::test]
async fn an_unknown_country_is_refused_with_a_suggestion() {
    let app = spawn_app();
    let a = app.create(&json!({"countries": ["China", "Kenyia"]})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.error_code(), "unknown_country");
    assert_eq!(a.error_field(), "countries[1]");
    assert!(
        a.error_message().contains("Did you mean Kenya (KE)?"),
        "{}",
        a.error_message()
    );
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = spawn_app();
    let req = TestApp::request("POST", "/applications", None)
        .header("content-type", "application/json")
        .header("accept-language", "zh-CN,zh;q=0.9")
        .body(Body::from(r#"{"countries":["Kenyia"]}"#))
        .unwrap();
    let a = app.send(req).await;
    assert!(
        a.error_message().contains("肯尼亚"),
        "{}",
        a.error_message()
    );
}

#[tokio::test]
async fn one_country_blocks_submission_with_a_422_naming_it() {
    let app = spawn_app();
    let mut body = complete_application();
    body["countries"] = json!(["China"]);
    body["partners"] = json!([]);
    let draft = app.create_draft(&body).await;
    let a = app.submit(&draft).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.error_code(), "incomplete");
    assert_eq!(a.error_field(), "countries");
    assert_eq!(a.body["error"]["problems"][0]["code"], "too_few_countries");
    assert_eq!(app.read(&draft).await.body["status"], "draft");
}

#[tokio::test]
async fn a_missing_section_blocks_submission() {
    let app = spawn_app();
    let mut body = complete_application();
    body["sections"]["modalities"] = serde_json::Value::Null;
    let draft = app.create_draft(&body).await;
    let a = app.submit(&draft).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.error_field(), "sections.modalities");
    assert!(
        a.error_message().contains("Modalities for Implementation"),
        "{}",
        a.error_message()
    );
}

#[tokio::test]
async fn a_section_not_in_english_blocks_submission() {
    let app = spawn_app();
    let mut body = complete_application();
    body["sections"]["benefits"] =
        json!("成效\n四十个村庄现在可以用上负担得起的互联网，当地商店也开始在网上销售商品。");
    let draft = app.create_draft(&body).await;
    let a = app.submit(&draft).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["error"]["problems"][0]["code"], "not_english");
    assert_eq!(a.error_field(), "sections.benefits");
}

#[tokio::test]
async fn submitting_after_the_deadline_is_refused_with_the_date() {
    let app = spawn_app();
    let draft = app.create_draft(&complete_application()).await;
    app.set_now(CLOSED);
    let a = app.submit(&draft).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.error_code(), "deadline_passed");
    assert!(
        a.error_message().contains("20 June 2024"),
        "{}",
        a.error_message()
    );
    assert_eq!(app.read(&draft).await.body["status"], "draft");
}

#[tokio::test]
async fn a_submission_made_in_time_is_still_returned_after_the_deadline() {
    let app = spawn_app();
    let draft = app.create_draft(&complete_application()).await;
    let first = app.submit(&draft).await;
    app.set_now(CLOSED);
    let again = app.submit(&draft).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["reference"], first.body["reference"]);
}

#[tokio::test]
async fn a_missing_token_is_a_401() {
    let app = spawn_app();
    let draft = app.create_draft(&json!({})).await;
    let req = TestApp::request("GET", &format!("/applications/{}", draft.id), None)
        .body(Body::empty())
        .unwrap();
    let a = app.send(req).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.error_code(), "missing_token");
    assert_eq!(a.headers["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn a_wrong_token_looks_exactly_like_a_missing_application() {
    let app = spawn_app();
    let draft = app.create_draft(&json!({})).await;
    let other = app.create_draft(&json!({})).await;
    let wrong = common::Draft {
        id: draft.id.clone(),
        token: other.token.clone(),
    };
    let nonexistent = common::Draft {
        id: "00000000-0000-4000-8000-000000000000".into(),
        token: draft.token.clone(),
    };
    let garbage = common::Draft {
        id: "not-an-id".into(),
        token: draft.token.clone(),
    };

    let a = app.read(&wrong).await;
    let b = app.read(&nonexistent).await;
    let c = app.read(&garbage).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!((a.status, &a.body), (c.status, &c.body));
    assert_eq!(
        app.patch(&wrong, 1, &json!({"practice_name": "x"}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.submit(&wrong).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.withdraw(&wrong).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.read(&draft).await.body["status"],
        "draft",
        "nothing changed"
    );
}

#[tokio::test]
async fn a_withdrawn_application_keeps_its_reference_and_cannot_be_resubmitted() {
    let app = spawn_app();
    let draft = app.create_draft(&complete_application()).await;
    let submitted = app.submit(&draft).await;
    let withdrawn = app.withdraw(&draft).await;
    assert_eq!(withdrawn.status, StatusCode::OK);
    assert_eq!(withdrawn.body["status"], "withdrawn");
    assert_eq!(withdrawn.body["reference"], submitted.body["reference"]);
    assert_eq!(
        app.withdraw(&draft).await.status,
        StatusCode::OK,
        "withdrawing twice is harmless"
    );
    let again = app.submit(&draft).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "withdrawn");

    // The next submission gets a new number: references are never reused.
    let next = app.create_draft(&complete_application()).await;
    assert_eq!(app.submit(&next).await.body["reference"], "PC2024-0002");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_json() {
    let app = spawn_app();
    let a = app
        .send(
            TestApp::request("DELETE", "/applications", None)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(a.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn extractor_errors_follow_accept_language_too() {
    let app = spawn_app();
    let draft = app.create_draft(&json!({})).await;
    let zh = |req: http::request::Builder| req.header("accept-language", "zh");
    let cases = [
        zh(TestApp::request("POST", "/applications", None))
            .header("content-type", "application/json")
            .body(Body::from(r#"{"practice_name": "A",}"#))
            .unwrap(),
        zh(TestApp::request(
            "GET",
            &format!("/applications/{}", draft.id),
            None,
        ))
        .body(Body::empty())
        .unwrap(),
        zh(TestApp::request(
            "PATCH",
            &format!("/applications/{}", draft.id),
            Some(&draft.token),
        ))
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .unwrap(),
        zh(TestApp::request("POST", "/applications", None))
            .header("content-type", "application/json")
            .body(Body::from(r#"{"practise_name": "A"}"#))
            .unwrap(),
        // A method the path does not take, and an id that is no id (a domain error
        // returned with `?`, written in the request's language by the layer).
        zh(TestApp::request("DELETE", "/applications", None))
            .body(Body::empty())
            .unwrap(),
        zh(TestApp::request(
            "GET",
            "/applications/not-an-id",
            Some(&draft.token),
        ))
        .body(Body::empty())
        .unwrap(),
    ];
    for req in cases {
        let a = app.send(req).await;
        assert!(a.status.is_client_error(), "{}", a.body);
        assert!(
            casebook_core::text::has_chinese(a.error_message()),
            "{}: {}",
            a.error_code(),
            a.error_message()
        );
    }
}

#[tokio::test]
async fn every_answer_forbids_sniffing_and_caching() {
    let app = spawn_app();
    let created = app.create(&json!({"practice_name": "Village Links"})).await;
    assert!(created.body["edit_token"].is_string());
    let draft = common::Draft {
        id: created.body["id"].as_str().unwrap().to_string(),
        token: created.body["edit_token"].as_str().unwrap().to_string(),
    };
    let answers = [
        created,
        app.read(&draft).await,
        app.submit(&draft).await,
        app.send(
            TestApp::request("GET", "/applications/not-an-id", Some("x"))
                .body(Body::empty())
                .unwrap(),
        )
        .await,
    ];
    for a in answers {
        assert_eq!(
            a.headers["x-content-type-options"], "nosniff",
            "{}",
            a.status
        );
        assert_eq!(a.headers["cache-control"], "no-store", "{}", a.status);
    }
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_quoted_only_in_part() {
    let app = spawn_app();
    let long = "x".repeat(100_000);
    let req = TestApp::request("POST", "/applications", None)
        .header("content-type", "application/json")
        .body(Body::from(format!(r#"{{"partners": "{long}"}}"#)))
        .unwrap();
    let a = app.send(req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.error_message().len() < 400, "{}", a.error_message().len());
}

#[tokio::test]
async fn the_function_serves_every_operation_of_its_document_and_builds_the_document_when_asked() {
    let app = spawn_app();
    let doc = app
        .send(
            TestApp::request("GET", "/openapi.json", None)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().expect("paths");
    let mut operations = 0;
    for (path, item) in paths {
        // Path parameters given a value that names nothing.
        let uri: String = path
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    "nothing-here"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in item.as_object().unwrap().keys() {
            operations += 1;
            let answer = app
                .send(
                    TestApp::request(&method.to_uppercase(), &uri, None)
                        .header("content-type", "application/json")
                        .body(Body::from("{}"))
                        .unwrap(),
                )
                .await;
            // Served: the handler answered, not the fallbacks for unknown paths and methods.
            assert_ne!(
                answer.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            assert_ne!(
                answer.body["error"]["message"], "There is nothing at this address.",
                "{method} {path}"
            );
        }
    }
    assert_eq!(operations, 11, "the applications function's operations");
    // What an unserved path would have answered.
    let unknown = app
        .send(
            TestApp::request("GET", "/applications-nowhere", None)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        unknown.body["error"]["message"],
        "There is nothing at this address."
    );
}
