//! Attachment use cases on the embedded backend with a clock the test moves: abandoned
//! uploads are swept, and the file limits hold under concurrent grants.

use std::sync::Arc;

use casebook_core::{
    ApplicationPatch, ApplicationService, AttachmentError, AttachmentService, AttachmentStatus,
    BlobStore, Campaign, FixedClock, NewAttachment,
};
use casebook_embedded::{FolderBlobStore, LocalSignedUrls, SqliteStore};
use jiff::{SignedDuration, Timestamp};

struct Setup {
    service: AttachmentService,
    clock: Arc<FixedClock>,
    blobs: FolderBlobStore,
    _dir: tempfile::TempDir,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let apps = ApplicationService::new(
        &casebook_core::Stores::backed_by(Arc::new(store)),
        clock.clone(),
        Arc::new(Campaign::builtin()),
    );
    let blobs = FolderBlobStore::new(dir.path().join("blobs"));
    let links = Arc::new(LocalSignedUrls::new("http://127.0.0.1:1", [3; 32]));
    let service = AttachmentService::new(apps, Arc::new(blobs.clone()), links);
    Setup {
        service,
        clock,
        blobs,
        _dir: dir,
    }
}

fn pdf(size: u64) -> NewAttachment {
    NewAttachment {
        filename: "a.pdf".into(),
        content_type: "application/pdf".into(),
        size,
    }
}

#[tokio::test]
async fn an_upload_never_finished_is_swept_after_its_grant_runs_out() {
    let s = setup();
    let (app, token) = s
        .service
        .applications()
        .create_draft(ApplicationPatch::default(), casebook_core::Lang::En)
        .await
        .unwrap();
    let (abandoned, _) = s
        .service
        .grant_upload(app.id, &token, pdf(9))
        .await
        .unwrap();
    let (kept, _) = s
        .service
        .grant_upload(app.id, &token, pdf(9))
        .await
        .unwrap();
    s.blobs
        .put(
            &kept.upload_key(),
            b"%PDF-1.7\n".to_vec(),
            "application/pdf",
        )
        .await
        .unwrap();
    s.service.verify_upload(app.id, kept.id).await.unwrap();

    // Within the grant and its grace nothing goes.
    assert_eq!(
        s.service
            .sweep_abandoned(SignedDuration::from_mins(10))
            .await
            .unwrap(),
        0
    );
    let later: Timestamp = "2024-05-01T02:00:00Z".parse().unwrap();
    s.clock.set(later);
    assert_eq!(
        s.service
            .sweep_abandoned(SignedDuration::from_mins(10))
            .await
            .unwrap(),
        1
    );

    let left = s.service.list(app.id, &token).await.unwrap();
    assert_eq!(left.iter().map(|a| a.id).collect::<Vec<_>>(), vec![kept.id]);
    assert_eq!(left[0].status, AttachmentStatus::Verified);
    assert!(left.iter().all(|a| a.id != abandoned.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_grants_racing_for_the_last_slot_cannot_both_win() {
    let s = setup();
    let (app, token) = s
        .service
        .applications()
        .create_draft(ApplicationPatch::default(), casebook_core::Lang::En)
        .await
        .unwrap();
    let max = s.service.applications().campaign().attachments().max_files;
    for _ in 0..max - 1 {
        s.service
            .grant_upload(app.id, &token, pdf(100))
            .await
            .unwrap();
    }
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (service, token) = (s.service.clone(), token.clone());
            tokio::spawn(async move { service.grant_upload(app.id, &token, pdf(100)).await })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(AttachmentError::TooManyFiles { .. }) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(s.service.list(app.id, &token).await.unwrap().len(), max);
}
