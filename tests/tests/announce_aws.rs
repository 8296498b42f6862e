//! Announcing on DynamoDB and SES (the local AWS-compatible server): two runs at once
//! send each applicant one e-mail, as moto's record of sent mail shows, and each
//! application shows its outcome.

use std::sync::Arc;

use casebook_core::decision::{AnnouncementService, DecisionInput, DecisionService, Outcome};
use casebook_core::{ApplicationPatch, ApplicationService, Campaign, FixedClock, Status, Stores};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_announce_runs_at_once_on_dynamodb_tell_each_applicant_once_through_ses() {
    let fixture = casebook_tests::aws::dynamo_store().await;
    let (ses, _) = casebook_tests::aws::ses_mailer().await;
    let stores = Stores::backed_by(fixture.port.clone());
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse().unwrap()));
    let campaign = Arc::new(Campaign::builtin());
    let applications = ApplicationService::new(&stores, clock.clone(), campaign.clone());
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let section = |h: &str| {
        format!(
            "{h}\nTwo partners connected remote villages, trained local technicians to run the network and helped shops sell their goods online."
        )
    };
    let mut ids = Vec::new();
    let mut addresses = Vec::new();
    for i in 0..4 {
        let to = format!("applicant{i}-{tag}@example.org");
        let patch: ApplicationPatch = serde_json::from_value(serde_json::json!({
            "practice_name": format!("Case {i}"),
            "lead_organization": {"name": "Example Telecom", "country": "CN"},
            "partners": [{"name": "Example Networks Kenya", "country": "KE"}],
            "countries": ["CN", "KE"],
            "area": "infrastructure",
            "sections": {"background": section("Origins"), "cooperation": section("Partners"), "modalities": section("Method"), "benefits": section("Results")},
            "contact": {"name": "Li Wei", "email": to},
        }))
        .unwrap();
        let (app, token) = applications
            .create_draft(patch, casebook_core::Lang::En)
            .await
            .unwrap();
        applications
            .submit(app.id, &token, casebook_core::Lang::En)
            .await
            .unwrap();
        ids.push(app.id);
        addresses.push(to);
    }
    clock.set("2024-09-02T09:00:00+08:00".parse().unwrap());
    let service = DecisionService::new(&stores, clock.clone(), campaign.clone());
    let announcements =
        AnnouncementService::new(&stores, clock, campaign).with_mailer(Arc::new(ses));
    service.close_round(1, "org").await.unwrap();
    let inputs: Vec<DecisionInput> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| DecisionInput {
            application: *id,
            decision: if i < 2 {
                Outcome::Collected
            } else {
                Outcome::NotSelected
            },
            reason: Some("Decided in session".into()),
        })
        .collect();
    service.decide(1, "org", &inputs).await.unwrap();

    let (a, b) = tokio::join!(
        announcements.announce("org", &|_, _| {}),
        announcements.announce("org", &|_, _| {})
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.mails_sent + b.mails_sent, 4, "{a:?} / {b:?}");
    assert_eq!(a.already_sent + b.already_sent, 4);
    let again = announcements.announce("org", &|_, _| {}).await.unwrap();
    assert_eq!((again.mails_sent, again.already_sent), (0, 4));

    let sent = casebook_tests::aws::sent_mail().await;
    for to in &addresses {
        assert_eq!(sent.iter().filter(|m| &m.to == to).count(), 1, "{to}");
    }
    for (i, id) in ids.iter().enumerate() {
        let app = stores
            .applications
            .get_application(*id)
            .await
            .unwrap()
            .unwrap();
        let want = if i < 2 {
            Status::Collected
        } else {
            Status::NotSelected
        };
        assert_eq!(app.status, want);
    }
}
