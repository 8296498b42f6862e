//! `cargo bench -p casebook-reminders --bench run`: the reminder job over a call of the
//! largest size expected, on the embedded store: 10,000 drafts with a contact e-mail and
//! 200 reviewers with round 1 assigned. Measures what a run decides (a dry run), then a
//! real run with a mailer that only counts (so the figure is the job's own work: claims,
//! re-reads, marks), on a digest day and on a nudge day.
//!
//! Target: a run over 10,000 drafts and 200 reviewers decides in under 2 s plus sending.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use casebook_core::reminders::OptOutService;
use casebook_core::review::NewReviewer;
use casebook_core::{ApplicationPatch, MailError, Mailer, OutgoingMail, ReminderService, Store};
use casebook_embedded::SqliteStore;
use casebook_testkit::generated::BenchCall;

const DRAFTS: usize = 10_000;
const SUBMITTED: usize = 600;
const REVIEWERS: usize = 200;

#[derive(Default)]
struct CountingMailer(AtomicUsize);

#[async_trait]
impl Mailer for CountingMailer {
    async fn send(&self, _: &OutgoingMail) -> Result<String, MailError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok("counted".into())
    }
}

fn patch(json: serde_json::Value) -> ApplicationPatch {
    serde_json::from_value(json).expect("a valid patch")
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).expect("SQLite opens"));
    let BenchCall {
        stores,
        campaign,
        clock,
        tokens,
        applications,
        reviews,
    } = BenchCall::over(store);
    let seeding = Instant::now();
    let countries = ["CN", "KE", "BR", "FR", "DE", "IN", "EG", "ZA"];
    let section = "Origins\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online.";
    for i in 0..SUBMITTED {
        let (app, token) = applications
            .create_draft(patch(serde_json::json!({
                "practice_name": format!("Case {i}"),
                "lead_organization": {"name": format!("Lead {i}"), "country": countries[i % 8]},
                "partners": [{"name": format!("Partner {i}"), "country": countries[(i + 1) % 8]}],
                "countries": [countries[i % 8], countries[(i + 1) % 8]],
                "area": "infrastructure",
                "sections": {"background": section, "cooperation": section, "modalities": section, "benefits": section},
                "contact": {"name": "Li Wei", "email": format!("case{i}@example.org")},
            })), casebook_core::Lang::En)
            .await
            .expect("a draft");
        applications
            .submit(app.id, &token, casebook_core::Lang::En)
            .await
            .expect("submitted");
    }
    for i in 0..DRAFTS {
        applications
            .create_draft(
                patch(serde_json::json!({
                    "practice_name": format!("Draft {i}"),
                    "countries": [countries[i % 8], countries[(i + 3) % 8]],
                    "contact": {"name": "Applicant", "email": format!("draft{i}@example.org")},
                })),
                casebook_core::Lang::En,
            )
            .await
            .expect("a draft");
    }
    clock.set("2024-07-01T09:00:00+08:00".parse().expect("a time"));
    for i in 0..REVIEWERS {
        reviews
            .registry
            .register_reviewer(
                NewReviewer {
                    language: String::new(),
                    name: format!("Reviewer {i}"),
                    email: format!("reviewer{i}@example.org"),
                    country: ["JP", "MX", "NG", "PL"][i % 4].into(),
                    organization: format!("Institute {i}"),
                    excluded_organizations: Vec::new(),
                    areas: vec![],
                },
                "bench",
            )
            .await
            .expect("registered");
    }
    reviews
        .rounds
        .assign_round(1, Some(3), "bench")
        .await
        .expect("assigned");
    println!(
        "seeded {DRAFTS} drafts, {SUBMITTED} submitted cases, {REVIEWERS} reviewers and round 1 in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let mailer = Arc::new(CountingMailer::default());
    let opt_outs = OptOutService::new(
        &stores,
        clock.clone(),
        campaign.clone(),
        tokens,
        "http://127.0.0.1",
    );
    let job = ReminderService::new(&stores, clock.clone(), campaign, opt_outs, &reviews)
        .with_mailer(mailer.clone());
    for (day, what) in [
        ("2024-06-06T09:00:00+08:00", "T-14: a nudge to every draft"),
        (
            "2024-06-17T09:00:00+08:00",
            "T-3, a Monday: nudges and the call's digest",
        ),
        ("2024-07-01T09:00:00+08:00", "round 1 opens: every reviewer"),
    ] {
        clock.set(day.parse().expect("a time"));
        let started = Instant::now();
        let dry = job.run(true).await.expect("a dry run");
        let decided = started.elapsed();
        let started = Instant::now();
        let run = job.run(false).await.expect("a run");
        let ran = started.elapsed();
        println!(
            "{what}: decides {} message(s) in {:.2} s (dry run); the run itself {:.2} s for {} sent",
            dry.sent.len(),
            decided.as_secs_f64(),
            ran.as_secs_f64(),
            run.sent.len()
        );
    }
    println!(
        "the counting mailer saw {} messages",
        mailer.0.load(Ordering::Relaxed)
    );
}
