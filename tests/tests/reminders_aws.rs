//! The reminder job on DynamoDB and SES (the local AWS-compatible server): two tasks
//! running it at once send each message once, as moto's record of sent mail shows.

use std::sync::Arc;

use casebook_core::reminders::OptOutService;
use casebook_core::review::ReviewServices;
use casebook_core::{
    AccessTokens, ApplicationPatch, ApplicationService, Campaign, FixedClock, ReminderService,
    Stores,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_jobs_at_once_on_dynamodb_send_each_nudge_once_through_ses() {
    let fixture = casebook_tests::aws::dynamo_store().await;
    let (ses, _) = casebook_tests::aws::ses_mailer().await;
    let stores = Stores::backed_by(fixture.port.clone());
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse().unwrap()));
    let campaign = Arc::new(Campaign::builtin());
    let applications = ApplicationService::new(&stores, clock.clone(), campaign.clone());
    // Addresses no other test uses, so moto's shared record of sent mail can be counted.
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let addresses: Vec<String> = (0..5)
        .map(|i| format!("draft{i}-{tag}@example.org"))
        .collect();
    for to in &addresses {
        let patch: ApplicationPatch = serde_json::from_value(serde_json::json!({
            "practice_name": "Village Links",
            "contact": {"name": "Li Wei", "email": to},
        }))
        .unwrap();
        applications
            .create_draft(patch, casebook_core::Lang::En)
            .await
            .unwrap();
    }
    clock.set("2024-06-06T09:00:00+08:00".parse().unwrap());
    let tokens = Arc::new(AccessTokens::from_one_test_key(&[3u8; 32]).unwrap());
    let reviews = ReviewServices::new(
        &stores,
        clock.clone(),
        campaign.clone(),
        tokens.clone(),
        "https://example.org/review".into(),
        None,
        None,
    );
    let opt_outs = OptOutService::new(
        &stores,
        clock.clone(),
        campaign.clone(),
        tokens,
        "https://example.org",
    );
    let job = ReminderService::new(&stores, clock, campaign, opt_outs, &reviews)
        .with_mailer(Arc::new(ses));

    let (a, b) = tokio::join!(job.run(false), job.run(false));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent.len() + b.sent.len(), 5, "{a:?} / {b:?}");
    assert_eq!(a.already_sent + b.already_sent, 5);
    let again = job.run(false).await.unwrap();
    assert_eq!((again.sent.len(), again.already_sent), (0, 5));

    let sent = casebook_tests::aws::sent_mail().await;
    for to in &addresses {
        let count = sent.iter().filter(|m| &m.to == to).count();
        assert_eq!(count, 1, "{to}");
    }
}
