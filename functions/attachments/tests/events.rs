//! Every sample HTTP event in `events/attachments/` through lambda_http's own request
//! conversion into the Router, as on Lambda.

use std::sync::Arc;

use casebook_core::{
    Application, ApplicationId, ApplicationService, ApplicationStore, Attachment, AttachmentId,
    AttachmentService, AttachmentStore, Campaign, EditToken, FixedClock,
};
use casebook_embedded::{FolderBlobStore, LocalSignedUrls, SqliteStore};
use casebook_tests::contract::store::{draft, pending_attachment};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const SAMPLE_APP: &str = "7f0c2a9e-4b1d-4e8a-9c3f-5d6e7a8b9c0d";
const SAMPLE_ATT: &str = "3b9d6c1e-8f2a-4d7b-9e5c-1a2b3c4d5e6f";
const SAMPLE_TOKEN: &str = "sample-token-for-the-events-in-this-folder-only";

fn event(name: &str) -> String {
    let path = format!(
        "{}/../../events/attachments/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The answer to one event, on fresh storage holding the sample draft and its pending
/// attachment (whose file, with `uploaded`, is already stored).
async fn answer(name: &str, uploaded: Option<&[u8]>) -> (u16, Value) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let app = Application {
        id: ApplicationId::parse(SAMPLE_APP).unwrap(),
        owners: vec![casebook_core::Owner::Token(
            EditToken::presented(SAMPLE_TOKEN).hash(),
        )],
        confirmation: None,
        ..draft(2024, "Village Links")
    };
    store.insert_application(&app).await.unwrap();
    let att = Attachment {
        id: AttachmentId::parse(SAMPLE_ATT).unwrap(),
        size: uploaded.map_or(1000, |b| b.len() as u64),
        ..pending_attachment(&app, "2024-05-01T01:20:00Z")
    };
    store
        .add_attachment(
            &Application {
                version: 2,
                ..app.clone()
            },
            1,
            &att,
        )
        .await
        .unwrap();
    let blobs = FolderBlobStore::new(dir.path().join("blobs"));
    if let Some(bytes) = uploaded {
        casebook_core::BlobStore::put(&blobs, &att.upload_key(), bytes.to_vec(), "application/pdf")
            .await
            .unwrap();
    }

    let clock = Arc::new(FixedClock::at("2024-05-01T01:05:00Z".parse().unwrap()));
    let apps = ApplicationService::new(
        &casebook_core::Stores::backed_by(Arc::new(store)),
        clock,
        Arc::new(Campaign::builtin()),
    );
    let links = Arc::new(LocalSignedUrls::new("http://127.0.0.1:8080", [1; 32]));
    let router =
        casebook_attachments::standalone(AttachmentService::new(apps, Arc::new(blobs), links));

    let request = lambda_http::request::from_str(&event(name)).expect("a valid API Gateway event");
    let response = router.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// An event, the file already stored (if any), and the expected status and error code.
type Case<'a> = (&'a str, Option<&'a [u8]>, u16, Option<&'a str>);

#[tokio::test]
async fn every_sample_event_gets_its_documented_answer() {
    let pdf: &[u8] = b"%PDF-1.7\nsample";
    let expected: &[Case] = &[
        ("grant", None, 201, None),
        (
            "grant-type-not-allowed",
            None,
            400,
            Some("type_not_allowed"),
        ),
        ("grant-too-large", None, 400, Some("too_large")),
        ("grant-wrong-token", None, 404, Some("not_found")),
        ("list", None, 200, None),
        ("complete", None, 409, Some("not_uploaded")),
        ("complete", Some(pdf), 200, None),
        ("download", None, 409, Some("not_verified")),
        ("delete", None, 204, None),
    ];
    let files = std::fs::read_dir(format!(
        "{}/../../events/attachments",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .filter(|e| {
        e.as_ref()
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".json")
    })
    .count();
    assert_eq!(files, 8, "one HTTP event per case");
    for (name, uploaded, status, code) in expected {
        let (got, body) = answer(name, *uploaded).await;
        assert_eq!(got, *status, "{name}: {body}");
        assert_eq!(body["error"]["code"].as_str(), *code, "{name}: {body}");
    }
}

#[tokio::test]
async fn a_grant_event_answers_with_an_upload_shape_every_client_can_follow() {
    let (_, body) = answer("grant", None).await;
    assert_eq!(body["status"], "pending");
    assert_eq!(body["upload"]["method"], "PUT");
    assert_eq!(body["upload"]["headers"]["Content-Type"], "application/pdf");
    assert_eq!(body["upload"]["headers"]["Content-Length"], "1048576");
    assert!(
        body["upload"]["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8080/uploads/")
    );
}

#[tokio::test]
async fn a_completed_sample_file_is_verified() {
    let (_, body) = answer("complete", Some(b"%PDF-1.7\nsample")).await;
    assert_eq!(body["status"], "verified");
}
