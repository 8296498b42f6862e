//! Concurrent writers through the API: every race is settled by a conditional write.
//! Each case takes the app on the store under test.

use std::collections::HashSet;
use std::sync::Arc;

use http::StatusCode;
use serde_json::json;

use crate::app::{TestApp, complete_application};

pub async fn of_fifty_concurrent_patches_with_one_version_exactly_one_wins(app: TestApp) {
    let app = Arc::new(app);
    let draft = app.create_draft(&json!({})).await;
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let (app, draft) = (app.clone(), draft.clone());
            tokio::spawn(async move {
                app.patch(&draft, 1, &json!({"practice_name": format!("Name {i}")}))
                    .await
            })
        })
        .collect();
    let mut ok = Vec::new();
    let mut stale = 0;
    for t in tasks {
        let a = t.await.unwrap();
        match a.status {
            StatusCode::OK => ok.push(a.body["practice_name"].as_str().unwrap().to_string()),
            StatusCode::PRECONDITION_FAILED => stale += 1,
            other => panic!("unexpected {other}: {}", a.body),
        }
    }
    assert_eq!(ok.len(), 1);
    assert_eq!(stale, 49);
    let read = app.read(&draft).await;
    assert_eq!(read.body["version"], 2);
    assert_eq!(
        read.body["practice_name"],
        ok[0].as_str(),
        "the winner's change is what is stored"
    );
}

pub async fn two_hundred_concurrent_submissions_get_two_hundred_distinct_references(app: TestApp) {
    let app = Arc::new(app);
    let mut drafts = Vec::new();
    for n in 0..200 {
        // Each from its own applicant: one address may hold only a few open drafts.
        let mut application = complete_application();
        application["contact"]["email"] = format!("applicant-{n}@example.org").into();
        drafts.push(app.create_draft(&application).await);
    }
    let tasks: Vec<_> = drafts
        .iter()
        .cloned()
        .map(|d| {
            let app = app.clone();
            tokio::spawn(async move { app.submit(&d).await })
        })
        .collect();
    let mut references = HashSet::new();
    for t in tasks {
        let a = t.await.unwrap();
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert!(
            references.insert(a.body["reference"].as_str().unwrap().to_string()),
            "duplicate reference"
        );
    }
    assert_eq!(references.len(), 200);
    let expected: HashSet<String> = (1..=200).map(|n| format!("PC2024-{n:04}")).collect();
    assert_eq!(references, expected, "no gaps when nothing conflicts");
    for d in &drafts {
        let read = app.read(d).await;
        assert_eq!(read.body["status"], "submitted");
        assert!(references.contains(read.body["reference"].as_str().unwrap()));
    }
}

pub async fn the_same_draft_submitted_concurrently_gets_one_reference(app: TestApp) {
    let app = Arc::new(app);
    let draft = app.create_draft(&complete_application()).await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, d) = (app.clone(), draft.clone());
            tokio::spawn(async move { app.submit(&d).await })
        })
        .collect();
    let mut refs = HashSet::new();
    for t in tasks {
        let a = t.await.unwrap();
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        refs.insert(a.body["reference"].as_str().unwrap().to_string());
    }
    assert_eq!(
        refs.len(),
        1,
        "every caller sees the one reference: {refs:?}"
    );
    assert_eq!(
        app.read(&draft).await.body["reference"],
        refs.into_iter().next().unwrap().as_str()
    );
}

pub async fn submit_raced_against_withdraw_ends_in_one_consistent_state(app: TestApp) {
    let app = Arc::new(app);
    for _ in 0..30 {
        let draft = app.create_draft(&complete_application()).await;
        let (a, d) = (app.clone(), draft.clone());
        let submit = tokio::spawn(async move { a.submit(&d).await });
        let (a, d) = (app.clone(), draft.clone());
        let withdraw = tokio::spawn(async move { a.withdraw(&d).await });
        let (submit, withdraw) = (submit.await.unwrap(), withdraw.await.unwrap());

        assert_eq!(
            withdraw.status,
            StatusCode::OK,
            "a draft or a submission can always be withdrawn"
        );
        let last = app.read(&draft).await;
        assert_eq!(last.body["status"], "withdrawn");
        match submit.status {
            // Submitted first, then withdrawn: the reference stays with it.
            StatusCode::OK => {
                assert_eq!(last.body["reference"], submit.body["reference"]);
                assert!(last.body["submitted_at"].is_string());
            }
            // Withdrawn first: the submission is refused and no reference is given.
            StatusCode::CONFLICT => {
                assert_eq!(submit.error_code(), "withdrawn");
                assert!(last.body["reference"].is_null());
            }
            other => panic!("unexpected {other}: {}", submit.body),
        }
    }
}
