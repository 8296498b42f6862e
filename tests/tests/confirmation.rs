//! The confirmation e-mail is part of the submission: sent once when a draft becomes
//! submitted, whatever the channel, however often or concurrently it is submitted; built
//! with every value escaped; kept pending and sent later when the mailer fails.

use std::sync::Arc;

use casebook_core::{Email, Mailer};
use casebook_embedded::OutboxMailer;
use casebook_tests::app::{complete_application, spawn_app_mailing};
use casebook_tests::embedded::{outbox_mailer, sqlite_store};
use http::StatusCode;

#[tokio::test]
async fn an_http_submission_sends_one_confirmation_and_a_repeat_sends_none() {
    let (mailer, inbox) = outbox_mailer();
    let app = spawn_app_mailing(sqlite_store(), Some(Arc::new(mailer.port.clone())));
    let draft = app.create_draft(&complete_application()).await;
    let first = app.submit(&draft).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = app.submit(&draft).await;
    assert_eq!(again.body["reference"], first.body["reference"]);

    let mails = inbox().await;
    assert_eq!(mails.len(), 1, "one confirmation, not one per submit");
    assert_eq!(mails[0].to, "li.wei@example.org");
    let reference = first.body["reference"].as_str().unwrap();
    assert!(mails[0].subject.contains(reference), "{}", mails[0].subject);
    assert!(
        mails[0].html.contains("from 1 July to 31 August 2024"),
        "{}",
        mails[0].html
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_submissions_of_one_draft_send_one_mail() {
    let (mailer, inbox) = outbox_mailer();
    let app = Arc::new(spawn_app_mailing(
        sqlite_store(),
        Some(Arc::new(mailer.port.clone())),
    ));
    let draft = app.create_draft(&complete_application()).await;
    let submits = (0..10).map(|_| {
        let (app, draft) = (app.clone(), draft.clone());
        tokio::spawn(async move { app.submit(&draft).await })
    });
    let mut references = std::collections::HashSet::new();
    for s in submits {
        let answer = s.await.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        references.insert(answer.body["reference"].as_str().unwrap().to_string());
    }
    assert_eq!(references.len(), 1);
    assert_eq!(inbox().await.len(), 1);
}

#[tokio::test]
async fn the_practice_name_and_contact_are_escaped_in_the_html() {
    let (mailer, inbox) = outbox_mailer();
    let app = spawn_app_mailing(sqlite_store(), Some(Arc::new(mailer.port.clone())));
    let mut application = complete_application();
    application["practice_name"] = serde_json::json!("<img src=x onerror=alert(1)> & \"Links\"");
    application["contact"]["name"] = serde_json::json!("<b>Li</b> Wei");
    let draft = app.create_draft(&application).await;
    assert_eq!(app.submit(&draft).await.status, StatusCode::OK);

    let mails = inbox().await;
    assert_eq!(mails.len(), 1);
    let html = &mails[0].html;
    assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Links&quot;"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;Li&lt;/b&gt; Wei"), "{html}");
}

#[tokio::test]
async fn a_failed_send_stays_pending_and_the_next_try_sends_it_once() {
    let dir = tempfile::tempdir().unwrap();
    // The outbox cannot be created while a file stands in its place: a real failure.
    let outbox = dir.path().join("outbox");
    std::fs::write(&outbox, b"in the way").unwrap();
    let mailer: Arc<dyn Mailer> = Arc::new(OutboxMailer::new(
        &outbox,
        Email::parse("practice@example.org").unwrap(),
    ));
    let app = spawn_app_mailing(sqlite_store(), Some(mailer));
    let draft = app.create_draft(&complete_application()).await;
    let submitted = app.submit(&draft).await;
    assert_eq!(
        submitted.status,
        StatusCode::OK,
        "the submission stands: {}",
        submitted.body
    );
    assert_eq!(submitted.body["status"], "submitted");

    std::fs::remove_file(&outbox).unwrap();
    assert_eq!(
        app.service.deliver_pending_confirmations().await.unwrap(),
        1
    );
    assert_eq!(
        app.service.deliver_pending_confirmations().await.unwrap(),
        0
    );
    // A repeat submit does not send it again either.
    app.submit(&draft).await;
    assert_eq!(std::fs::read_dir(&outbox).unwrap().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_dynamodb_and_ses_concurrent_submissions_send_one_mail() {
    let (ses, inbox) = casebook_tests::aws::ses_mailer().await;
    let app = Arc::new(spawn_app_mailing(
        casebook_tests::aws::dynamo_store().await,
        Some(Arc::new(ses)),
    ));
    let mut application = complete_application();
    let tag = uuid::Uuid::new_v4().simple().to_string();
    application["contact"]["email"] = serde_json::json!(format!("applicant+{tag}@example.org"));
    let draft = app.create_draft(&application).await;
    let submits: Vec<_> = (0..10)
        .map(|_| {
            let (app, draft) = (app.clone(), draft.clone());
            tokio::spawn(async move { app.submit(&draft).await })
        })
        .collect();
    for s in submits {
        assert_eq!(s.await.unwrap().status, StatusCode::OK);
    }
    let mine: Vec<_> = inbox()
        .await
        .into_iter()
        .filter(|m| m.to.contains(&tag))
        .collect();
    assert_eq!(mine.len(), 1);
}
