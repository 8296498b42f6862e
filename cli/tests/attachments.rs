//! Attachments as an applicant's client uses them, through the real `casebook serve`, on
//! the embedded backend and on the AWS backend (local AWS-compatible server).

mod common;

use std::path::Path;
use std::process::Command;

use common::Served;

use common::api::{Answer, Api, Draft};
use reqwest::Method;
use serde_json::{Value, json};

const OPEN: &str = "2024-05-01T09:00:00+08:00";
const PDF: &str = "application/pdf";

fn start(dir: tempfile::TempDir, now: &str, env: &[(String, String)], backend: &str) -> Served {
    let path = dir.path().to_path_buf();
    start_at(&path, now, env, backend).owning(dir)
}

fn start_at(data: &Path, now: &str, env: &[(String, String)], backend: &str) -> Served {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Served::start(data, &["--now", now, "--backend", backend], &env)
}

fn embedded() -> Served {
    start(tempfile::tempdir().unwrap(), OPEN, &[], "embedded")
}

/// `serve --backend aws` on a fresh table and bucket made by `casebook aws init`.
fn aws() -> Served {
    casebook_testkit::local_aws_endpoint();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let env = vec![
        (
            "CASEBOOK_TABLE".to_string(),
            format!("casebook-att-{nanos}"),
        ),
        (
            "CASEBOOK_BUCKET".to_string(),
            format!("casebook-att-{nanos}"),
        ),
    ];
    let init = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["aws", "init"])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env_remove("CASEBOOK_MAIL_FROM")
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    start(tempfile::tempdir().unwrap(), OPEN, &env, "aws")
}

fn pdf_bytes(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..len - bytes.len()).map(|i| (i % 251) as u8));
    bytes
}

fn png_bytes(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(len, 7);
    bytes
}

/// Grant -> upload -> complete -> list -> download of a 1 MB PDF, byte for byte.
async fn a_pdf_round_trip(s: &Served) {
    let api = Api::new(s);
    let d = api.create_draft(&json!({})).await;
    let bytes = pdf_bytes(1024 * 1024);
    let Answer {
        status, body: g, ..
    } = api
        .grant(&d, "Brochure 宣传册.pdf", PDF, bytes.len() as u64)
        .await;
    assert_eq!(status, 201, "{g}");
    assert_eq!(g["status"], "pending");
    assert!(g["upload"]["expires_at"].is_string());
    let att = g["id"].as_str().unwrap().to_string();

    let (status, body) = api.upload(&g, bytes.clone()).await;
    assert!((200..300).contains(&status), "{status} {body}");
    let Answer {
        status, body: done, ..
    } = api
        .call(Method::POST, &d, &format!("/attachments/{att}/complete"))
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "verified");

    let Answer { body: list, .. } = api.call(Method::GET, &d, "/attachments").await;
    assert_eq!(list["attachments"][0]["filename"], "Brochure 宣传册.pdf");
    assert_eq!(list["attachments"][0]["status"], "verified");

    let Answer {
        status, body: link, ..
    } = api
        .call(Method::GET, &d, &format!("/attachments/{att}/download"))
        .await;
    assert_eq!(status, 200, "{link}");
    let got = api
        .client()
        .get(link["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(got.status().as_u16(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes, "byte-identical");

    let Answer { body: app, .. } = api.call(Method::GET, &d, "").await;
    assert_eq!(
        app["attachments"][0]["id"],
        att.as_str(),
        "the application lists it"
    );
}

/// A PNG declared as a PDF is deleted and rejected with the reason.
async fn bytes_that_do_not_match_their_type_are_rejected(s: &Served) {
    let api = Api::new(s);
    let d = api.create_draft(&json!({})).await;
    let bytes = png_bytes(5000);
    let Answer { body: g, .. } = api.grant(&d, "renamed.pdf", PDF, bytes.len() as u64).await;
    let att = g["id"].as_str().unwrap().to_string();
    api.upload(&g, bytes).await;
    let Answer { body: done, .. } = api
        .call(Method::POST, &d, &format!("/attachments/{att}/complete"))
        .await;
    assert_eq!(done["status"], "rejected", "{done}");
    assert_eq!(done["reason"]["code"], "type_mismatch");
    assert!(
        done["reason"]["message"]
            .as_str()
            .unwrap()
            .contains("image/png"),
        "{done}"
    );
    let Answer {
        status, body: err, ..
    } = api
        .call(Method::GET, &d, &format!("/attachments/{att}/download"))
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("not_verified"))
    );
}

async fn grants_are_refused_outside_the_limits(s: &Served) {
    let api = Api::new(s);
    let d = api.create_draft(&json!({})).await;
    let Answer {
        status, body: e, ..
    } = api.grant(&d, "anim.gif", "image/gif", 100).await;
    assert_eq!(
        (
            status,
            e["error"]["code"].as_str(),
            e["error"]["field"].as_str()
        ),
        (400, Some("type_not_allowed"), Some("content_type"))
    );
    let Answer {
        status, body: e, ..
    } = api.grant(&d, "huge.pdf", PDF, 21 * 1024 * 1024).await;
    assert_eq!(
        (
            status,
            e["error"]["code"].as_str(),
            e["error"]["field"].as_str()
        ),
        (400, Some("too_large"), Some("size"))
    );
    for i in 0..10 {
        let Answer {
            status, body: e, ..
        } = api
            .grant(&d, &format!("photo{i}.png"), "image/png", 1000)
            .await;
        assert_eq!(status, 201, "{e}");
    }
    let Answer {
        status, body: e, ..
    } = api.grant(&d, "one-too-many.png", "image/png", 1000).await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (409, Some("too_many_files"))
    );
}

async fn another_applicants_draft_is_out_of_reach(s: &Served) {
    let api = Api::new(s);
    let mine = api.create_draft(&json!({})).await;
    let theirs = api.create_draft(&json!({})).await;
    let intruder = Draft {
        id: theirs.id.clone(),
        token: mine.token.clone(),
    };
    let Answer {
        status, body: _, ..
    } = api.grant(&intruder, "x.pdf", PDF, 100).await;
    assert_eq!(status, 404);
    let Answer {
        status, body: _, ..
    } = api.call(Method::GET, &intruder, "/attachments").await;
    assert_eq!(status, 404);
}

async fn a_dangerous_filename_is_sanitised(s: &Served) {
    let api = Api::new(s);
    let d = api.create_draft(&json!({})).await;
    let Answer {
        status, body: g, ..
    } = api
        .grant(&d, "../../etc/pass\u{7}wd\u{202E}.pdf", PDF, 100)
        .await;
    assert_eq!(status, 201, "{g}");
    assert_eq!(g["filename"], "passwd.pdf");
    assert!(
        !g["upload"]["url"].as_str().unwrap().contains("passwd"),
        "names never reach storage keys"
    );
}

#[tokio::test]
async fn embedded_a_1mb_pdf_round_trips_byte_identical() {
    a_pdf_round_trip(&embedded()).await;
}

#[tokio::test]
async fn embedded_mismatched_bytes_are_rejected() {
    bytes_that_do_not_match_their_type_are_rejected(&embedded()).await;
}

#[tokio::test]
async fn embedded_grants_respect_the_limits() {
    grants_are_refused_outside_the_limits(&embedded()).await;
}

#[tokio::test]
async fn embedded_other_drafts_are_out_of_reach() {
    another_applicants_draft_is_out_of_reach(&embedded()).await;
}

#[tokio::test]
async fn embedded_filenames_are_sanitised() {
    a_dangerous_filename_is_sanitised(&embedded()).await;
}

#[tokio::test]
async fn aws_a_1mb_pdf_round_trips_byte_identical() {
    a_pdf_round_trip(&aws()).await;
}

#[tokio::test]
async fn aws_mismatched_bytes_are_rejected() {
    bytes_that_do_not_match_their_type_are_rejected(&aws()).await;
}

#[tokio::test]
async fn aws_grants_respect_the_limits() {
    grants_are_refused_outside_the_limits(&aws()).await;
}

#[tokio::test]
async fn aws_other_drafts_are_out_of_reach() {
    another_applicants_draft_is_out_of_reach(&aws()).await;
}

#[tokio::test]
async fn aws_filenames_are_sanitised() {
    a_dangerous_filename_is_sanitised(&aws()).await;
}

// ------------------------------------------------ what only the embedded links enforce

#[tokio::test]
async fn an_upload_larger_or_smaller_than_granted_is_refused_and_the_grant_stays_usable() {
    let s = embedded();
    let api = Api::new(&s);
    let d = api.create_draft(&json!({})).await;
    let bytes = pdf_bytes(2000);
    let Answer { body: g, .. } = api.grant(&d, "a.pdf", PDF, 2000).await;
    let url = g["upload"]["url"].as_str().unwrap();
    // More bytes than granted, without a Content-Length to hide behind (chunked).
    let too_many = reqwest::Body::wrap_stream(futures_once(pdf_bytes(5000)));
    let r = api
        .client()
        .put(url)
        .header("content-type", PDF)
        .body(too_many)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let r = api
        .client()
        .put(url)
        .header("content-type", PDF)
        .body(pdf_bytes(1000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let r = api
        .client()
        .put(url)
        .header("content-type", "image/png")
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400, "the granted type only");
    let (status, body) = api.upload(&g, bytes).await;
    assert_eq!(status, 200, "{body}");
}

fn futures_once(
    bytes: Vec<u8>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Once(Option<Vec<u8>>);
    impl futures_core::Stream for Once {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(Ok))
        }
    }
    Once(Some(bytes))
}

#[tokio::test]
async fn an_upload_link_works_once() {
    let s = embedded();
    let api = Api::new(&s);
    let d = api.create_draft(&json!({})).await;
    let Answer { body: g, .. } = api.grant(&d, "a.pdf", PDF, 3000).await;
    assert_eq!(api.upload(&g, pdf_bytes(3000)).await.0, 200);
    let (status, body) = api.upload(&g, pdf_bytes(3000)).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("grant_used"));
}

#[tokio::test]
async fn an_upload_link_is_refused_after_it_expired_and_then_swept() {
    let dir = tempfile::tempdir().unwrap();
    let (d, g) = {
        let s = start_at(dir.path(), OPEN, &[], "embedded");
        let api = Api::new(&s);
        let d = api.create_draft(&json!({})).await;
        let Answer { body: g, .. } = api.grant(&d, "late.pdf", PDF, 3000).await;
        (d, g)
    };
    // The same data, an hour later (grants last 15 minutes), on a new port.
    let later = start_at(dir.path(), "2024-05-01T10:00:00+08:00", &[], "embedded");
    let api = Api::new(&later);
    let url = g["upload"]["url"].as_str().unwrap();
    let path = &url[url.find("/uploads/").unwrap()..];
    let r = api
        .client()
        .put(format!("{}{path}", later.base))
        .header("content-type", PDF)
        .body(pdf_bytes(3000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().await.unwrap().contains("link_expired"));
    // Nothing was stored, and the server sweeps the abandoned grant away (at start, then
    // every minute).
    let mut left = Value::Null;
    for _ in 0..50 {
        let Answer { body: list, .. } = api.call(Method::GET, &d, "/attachments").await;
        left = list["attachments"].clone();
        if left == json!([]) {
            break;
        }
        assert_eq!(left[0]["status"], "pending", "nothing was stored: {list}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(left, json!([]), "the abandoned grant was swept");
}
