//! The `attachment-uploaded` binary as Lambda runs it: the sample S3 event through its
//! Lambda entrypoint under a stub Runtime API, on the local AWS-compatible server.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use casebook_aws::{AwsClients, DynamoStore, S3BlobStore};
use casebook_core::{
    Application, ApplicationStore, Attachment, AttachmentStatus, AttachmentStore, BlobStore,
};
use casebook_testkit::StubRuntime;
use casebook_tests::contract::store::{draft, pending_attachment};

struct Fixture {
    clients: AwsClients,
    table: String,
    bucket: String,
}

async fn fixture() -> Fixture {
    casebook_tests::aws::endpoint();
    let clients = casebook_tests::aws::clients().await;
    let table = casebook_tests::aws::fresh_table(&clients).await;
    let bucket = casebook_tests::aws::fresh_bucket(&clients).await;
    Fixture {
        clients,
        table,
        bucket,
    }
}

/// A draft with one pending PDF attachment of `bytes`, stored in S3 as an upload would.
async fn uploaded(f: &Fixture, bytes: &[u8]) -> Attachment {
    let store = DynamoStore::new(f.clients.dynamodb.clone(), &f.table);
    let app = draft(2024, "Village Links");
    store.insert_application(&app).await.unwrap();
    let att = Attachment {
        size: bytes.len() as u64,
        ..pending_attachment(&app, "2100-01-01T00:00:00Z")
    };
    store
        .add_attachment(&Application { version: 2, ..app }, 1, &att)
        .await
        .unwrap();
    S3BlobStore::new(f.clients.s3.clone(), &f.bucket)
        .put(&att.upload_key(), bytes.to_vec(), "application/pdf")
        .await
        .unwrap();
    att
}

/// Runs the function on the sample event, pointed at `att`; returns its answer.
async fn invoke(f: &Fixture, att: &Attachment) -> serde_json::Value {
    let sample = std::fs::read_to_string(format!(
        "{}/../../events/attachment-uploaded/s3-object-created.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace("casebook-files-123456789012", &f.bucket)
    .replace(
        "uploads/2024/7f0c2a9e-4b1d-4e8a-9c3f-5d6e7a8b9c0d/3b9d6c1e-8f2a-4d7b-9e5c-1a2b3c4d5e6f",
        att.upload_key().as_str(),
    );
    let runtime = StubRuntime::start().await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_attachment-uploaded"))
        .envs(runtime.lambda_env("attachment-uploaded"))
        .env("CASEBOOK_TABLE", &f.table)
        .env("CASEBOOK_BUCKET", &f.bucket)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    runtime.push(sample);
    let answers = tokio::time::timeout(Duration::from_secs(30), runtime.wait_for_answers(1))
        .await
        .expect("an answer");
    let _ = child.kill();
    let _ = child.wait();
    assert!(answers[0].ok, "{:?}", answers[0]);
    answers[0].body.clone()
}

async fn stored(f: &Fixture, att: &Attachment) -> Attachment {
    let store = DynamoStore::new(f.clients.dynamodb.clone(), &f.table);
    store
        .get_attachment(att.application, att.id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_sample_event_verifies_a_matching_upload() {
    let f = fixture().await;
    let att = uploaded(&f, b"%PDF-1.7\nA real brochure.").await;
    let answer = invoke(&f, &att).await;
    assert_eq!(
        answer,
        serde_json::json!({"verified": 1, "rejected": 0, "ignored": 0})
    );
    assert_eq!(stored(&f, &att).await.status, AttachmentStatus::Verified);
}

#[tokio::test]
async fn the_sample_event_rejects_and_deletes_a_program_declared_as_a_pdf() {
    let f = fixture().await;
    let att = uploaded(&f, b"MZ\x90\x00 this is a Windows program").await;
    let answer = invoke(&f, &att).await;
    assert_eq!(answer["rejected"], 1);
    let after = stored(&f, &att).await;
    assert_eq!(after.status, AttachmentStatus::Rejected);
    assert_eq!(after.reason.unwrap().code(), "type_mismatch");
    let blobs: Arc<dyn BlobStore> = Arc::new(S3BlobStore::new(f.clients.s3.clone(), &f.bucket));
    for key in [att.upload_key(), att.stored_key()] {
        assert_eq!(blobs.head(&key).await.unwrap(), None, "{key} was deleted");
    }
}

/// A presigned PUT stays valid for its minutes: a second PUT after the check lands in the
/// quarantine again, is deleted when its event arrives, and never replaces what is served.
#[tokio::test]
async fn a_second_upload_with_the_same_grant_never_replaces_the_checked_file() {
    let f = fixture().await;
    let pdf = b"%PDF-1.7\nA real brochure of 32 b".to_vec();
    let att = uploaded(&f, &pdf).await;
    assert_eq!(invoke(&f, &att).await["verified"], 1);
    let blobs: Arc<dyn BlobStore> = Arc::new(S3BlobStore::new(f.clients.s3.clone(), &f.bucket));
    assert_eq!(
        blobs.head(&att.upload_key()).await.unwrap(),
        None,
        "quarantine emptied"
    );

    // The same length, the declared type, other content: what the grant would accept.
    let mut swapped = b"%PDF-1.7\n".to_vec();
    swapped.resize(pdf.len(), b'!');
    blobs
        .put(&att.upload_key(), swapped, "application/pdf")
        .await
        .unwrap();
    invoke(&f, &att).await;
    assert_eq!(
        blobs.head(&att.upload_key()).await.unwrap(),
        None,
        "the re-upload is gone"
    );
    assert_eq!(
        blobs.get(&att.stored_key()).await.unwrap(),
        Some(pdf),
        "the checked file stands"
    );
    assert_eq!(stored(&f, &att).await.status, AttachmentStatus::Verified);
}
