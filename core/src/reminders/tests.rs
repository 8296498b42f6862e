//! The job on the in-memory store with the clock set: what goes to whom, once.

use std::sync::Mutex;

use async_trait::async_trait;

use super::*;
use crate::access::AccessTokens;
use crate::application::ApplicationPatch;
use crate::clock::FixedClock;
use crate::mail::MailError;
use crate::memory::MemoryStore;
use crate::review::ReviewServices;
use crate::service::{ApplicationError, ApplicationService};

/// Who the audit log says acted.
const ORGANIZER: &str = "org@example.org";

/// Keeps what it sends; refuses the first `failures` sends.
#[derive(Default)]
struct Outbox {
    failures: Mutex<usize>,
    sent: Mutex<Vec<OutgoingMail>>,
}

#[async_trait]
impl Mailer for Outbox {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
        let mut failures = self.failures.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            return Err(MailError::Backend("throttled".into()));
        }
        self.sent.lock().unwrap().push(mail.clone());
        Ok("id".into())
    }
}

impl Outbox {
    fn take(&self) -> Vec<OutgoingMail> {
        std::mem::take(&mut self.sent.lock().unwrap())
    }
}

struct Fixture {
    job: ReminderService,
    reviews: ReviewServices,
    opt_outs: OptOutService,
    stores: Stores,
    applications: ApplicationService,
    clock: Arc<FixedClock>,
    outbox: Arc<Outbox>,
}

fn fixture() -> Fixture {
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse().unwrap()));
    let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
    let campaign = Arc::new(Campaign::builtin());
    let tokens = Arc::new(AccessTokens::from_one_test_key(&[5u8; 32]).unwrap());
    let outbox = Arc::new(Outbox::default());
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
    let job = ReminderService::new(
        &stores,
        clock.clone(),
        campaign.clone(),
        opt_outs.clone(),
        &reviews,
    )
    .with_mailer(outbox.clone());
    let applications = ApplicationService::new(&stores, clock.clone(), campaign);
    Fixture {
        job,
        reviews,
        opt_outs,
        stores: stores.clone(),
        applications,
        clock,
        outbox,
    }
}

fn draft(email: &str) -> ApplicationPatch {
    serde_json::from_value(serde_json::json!({
        "practice_name": "Village Links",
        "countries": ["CN", "KE"],
        "contact": {"name": "Li Wei", "email": email},
    }))
    .unwrap()
}

impl Fixture {
    fn at(&self, when: &str) {
        self.clock.set(when.parse().unwrap());
    }
}

#[tokio::test]
async fn a_draft_is_nudged_once_at_t_minus_14_and_a_stale_milestone_never() {
    let f = fixture();
    // Started in Chinese: nudged in Chinese, then English.
    let (_, _) = f
        .applications
        .create_draft(draft("li.wei@example.org"), crate::lang::Lang::Zh)
        .await
        .unwrap();
    let (no_mail, _) = f
        .applications
        .create_draft(
            serde_json::from_value(serde_json::json!({"practice_name": "Nameless"})).unwrap(),
            crate::lang::Lang::En,
        )
        .await
        .unwrap();
    assert!(no_mail.content.contact.email.is_none());

    f.at("2024-06-06T09:00:00+08:00");
    let first = f.job.run(false).await.unwrap();
    assert_eq!(first.due, ["drafts:T-14"]);
    let mails = f.outbox.take();
    assert_eq!(mails.len(), 1, "{first:?}");
    assert_eq!(mails[0].to.as_str(), "li.wei@example.org");
    assert!(mails[0].text.contains("20 June 2024"), "{}", mails[0].text);
    assert!(mails[0].text.contains("2024年6月20日"));
    assert!(
        mails[0].text.contains("is missing"),
        "what is still missing is listed"
    );
    assert!(mails[0].text.contains("https://example.org/opt-out?token="));

    let again = f.job.run(false).await.unwrap();
    assert!(f.outbox.take().is_empty());
    assert_eq!(again.already_sent, 1);

    // Two days later the milestone is stale: a late job sends nothing for it.
    f.at("2024-06-08T09:00:00+08:00");
    let late = f.job.run(false).await.unwrap();
    assert!(late.due.is_empty(), "{late:?}");
}

#[tokio::test]
async fn a_failed_send_goes_out_on_the_next_run_and_a_submitted_draft_gets_nothing() {
    let f = fixture();
    f.applications
        .create_draft(draft("li.wei@example.org"), crate::lang::Lang::En)
        .await
        .unwrap();
    *f.outbox.failures.lock().unwrap() = 1;
    f.at("2024-06-17T09:00:00+08:00"); // T-3, a Monday in the last week: a digest too
    let first = f.job.run(false).await.unwrap();
    assert_eq!(first.failed.len(), 1, "{first:?}");
    let second = f.job.run(false).await.unwrap();
    assert_eq!(second.sent.len(), 1, "{second:?}");
    assert_eq!(f.outbox.take().len(), 2);

    // T-1: the draft is submitted in the meantime, so only the digest goes.
    let (app, token) = f
        .applications
        .create_draft(draft("other@example.org"), crate::lang::Lang::En)
        .await
        .unwrap();
    f.at("2024-06-19T09:00:00+08:00");
    let dry = f.job.run(true).await.unwrap();
    assert!(
        dry.sent
            .iter()
            .any(|d| d.to.as_str() == "other@example.org")
    );
    assert!(f.outbox.take().is_empty(), "a dry run sends nothing");
    f.applications.withdraw(app.id, &token).await.unwrap();
    let run = f.job.run(false).await.unwrap();
    let to: Vec<&str> = run.sent.iter().map(|d| d.to.as_str()).collect();
    assert!(!to.contains(&"other@example.org"), "{to:?}");
    assert!(to.contains(&"li.wei@example.org"));
    assert!(
        to.contains(&"practice@wicinternet.org"),
        "the digest: {to:?}"
    );
}

#[tokio::test]
async fn an_opted_out_address_gets_no_more_reminders() {
    let f = fixture();
    f.applications
        .create_draft(draft("li.wei@example.org"), crate::lang::Lang::En)
        .await
        .unwrap();
    f.at("2024-06-06T09:00:00+08:00");
    f.job.run(false).await.unwrap();
    let mail = f.outbox.take().remove(0);
    let link = mail
        .text
        .split_whitespace()
        .find(|w| w.contains("/opt-out?token="))
        .unwrap()
        .to_string();
    let token = link.split("token=").nth(1).unwrap();
    // The page's language rides after the token: Li wrote in English.
    let token = token
        .strip_suffix("&lang=en")
        .unwrap_or_else(|| panic!("{link}"));
    assert!(f.opt_outs.opt_out("forged").await.is_err());
    let address = f.opt_outs.opt_out(token).await.unwrap();
    assert_eq!(address.as_str(), "li.wei@example.org");
    f.at("2024-06-17T09:00:00+08:00");
    let run = f.job.run(false).await.unwrap();
    assert_eq!(run.opted_out, 1);
    assert!(
        run.sent
            .iter()
            .all(|d| d.to.as_str() != "li.wei@example.org")
    );
}

#[test]
fn the_job_is_due_at_nine_in_the_calls_time_zone() {
    let f = fixture();
    let next = f
        .job
        .next_run_after("2024-06-06T00:30:00Z".parse().unwrap());
    assert_eq!(next.to_string(), "2024-06-06T01:00:00Z");
    let next = f
        .job
        .next_run_after("2024-06-06T01:00:00Z".parse().unwrap());
    assert_eq!(next.to_string(), "2024-06-07T01:00:00Z");
}

#[tokio::test]
async fn reviewers_with_pending_reviews_hear_when_the_round_opens_and_before_it_closes() {
    let f = fixture();
    let section = "Origins\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online.";
    let (app, token) = f
        .applications
        .create_draft(serde_json::from_value(serde_json::json!({
                "practice_name": "Village Links",
                "lead_organization": {"name": "Lead", "country": "CN"},
                "partners": [{"name": "Partner", "country": "KE"}],
                "countries": ["CN", "KE"],
                "area": "infrastructure",
                "sections": {"background": section, "cooperation": section, "modalities": section, "benefits": section},
                "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
            }))
            .unwrap(), crate::lang::Lang::En)
        .await
        .unwrap();
    f.applications
        .submit(app.id, &token, crate::lang::Lang::En)
        .await
        .unwrap();
    f.at("2024-06-30T09:00:00+08:00");
    let mut reviewers = Vec::new();
    for (name, email) in [("Ana", "ana@example.org"), ("Bo", "bo@example.org")] {
        let (r, _) = f
            .reviews
            .registry
            .register_reviewer(
                crate::review::NewReviewer {
                    language: String::new(),
                    name: name.into(),
                    email: email.into(),
                    country: "FR".into(),
                    organization: format!("{name} Institute"),
                    excluded_organizations: Vec::new(),
                    areas: vec![],
                },
                ORGANIZER,
            )
            .await
            .unwrap();
        reviewers.push(r);
    }
    f.reviews
        .rounds
        .assign_round(1, Some(2), ORGANIZER)
        .await
        .unwrap();
    f.outbox.take();

    f.at("2024-07-01T09:00:00+08:00");
    let opening = f.job.run(false).await.unwrap();
    let nudged: Vec<&str> = opening
        .sent
        .iter()
        .filter(|d| d.milestone == "reviewers:r1:open")
        .map(|d| d.to.as_str())
        .collect();
    let mut nudged = nudged;
    nudged.sort();
    assert_eq!(nudged, ["ana@example.org", "bo@example.org"]);
    let mails = f.outbox.take();
    let to_ana = mails
        .iter()
        .find(|m| m.to.as_str() == "ana@example.org")
        .unwrap();
    assert!(
        to_ana.text.contains("one case waits for your review"),
        "{}",
        to_ana.text
    );
    assert!(to_ana.text.contains("https://example.org/review#token="));

    // Ana submits; seven days before the round closes only Bo hears.
    let scores = [
        ("conceptual_fit", 8),
        ("international_cooperation", 7),
        ("benefits_to_mankind", 9),
    ]
    .map(|(k, v)| (k.to_string(), v))
    .into_iter()
    .collect();
    f.reviews
        .reviewing
        .save_review(
            &reviewers[0],
            app.id,
            crate::review::ReviewInput {
                round: 1,
                scores,
                comment: "Strong partners.".into(),
                submit: true,
            },
            None,
        )
        .await
        .unwrap();
    f.at("2024-07-24T09:00:00+08:00");
    let week_before = f.job.run(false).await.unwrap();
    let nudged: Vec<&str> = week_before
        .sent
        .iter()
        .filter(|d| d.milestone == "reviewers:r1:T-7")
        .map(|d| d.to.as_str())
        .collect();
    assert_eq!(nudged, ["bo@example.org"]);

    // An organizer nudges the late ones by hand: Bo alone (Ana has submitted), once a
    // day however often they ask.
    f.outbox.take();
    let asked = f.job.nudge_reviewers(1).await.unwrap();
    let to: Vec<&str> = asked.sent.iter().map(|d| d.to.as_str()).collect();
    assert_eq!(to, ["bo@example.org"]);
    assert_eq!(asked.sent[0].milestone, "reviewers:r1:asked:2024-07-24");
    let again = f.job.nudge_reviewers(1).await.unwrap();
    assert_eq!((again.sent.len(), again.already_sent), (0, 1));
    assert_eq!(f.outbox.take().len(), 1, "one mail that day");
    f.at("2024-07-25T09:00:00+08:00");
    assert_eq!(f.job.nudge_reviewers(1).await.unwrap().sent.len(), 1);
    assert!(matches!(
        f.job.nudge_reviewers(9).await,
        Err(ReminderError::Review(
            crate::review::ReviewError::UnknownRound(9)
        ))
    ));
}

/// A chat channel that keeps what it was asked to send.
#[derive(Default)]
struct Chats(Mutex<Vec<(String, String)>>);

#[async_trait]
impl ChatNotifier for Chats {
    fn handles(&self, chat: &str) -> bool {
        chat.starts_with("telegram:")
    }

    async fn notify(&self, chat: &str, text: &str) -> Result<(), crate::ports::NotifyError> {
        self.0.lock().unwrap().push((chat.into(), text.into()));
        Ok(())
    }
}

#[tokio::test]
async fn a_draft_in_a_chat_is_nudged_there_until_the_chat_answers_stop() {
    let f = fixture();
    let chats = Arc::new(Chats::default());
    let job = f.job.clone().with_chats(chats.clone());
    let chat = crate::token::ChatIdentity("telegram:42".into());
    let app = f
        .applications
        .create_draft_in_chat(&chat, crate::lang::Lang::Zh)
        .await
        .unwrap();
    let patch: ApplicationPatch = serde_json::from_value(serde_json::json!({
        "practice_name": "Village Links",
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
    }))
    .unwrap();
    f.applications
        .update_draft(app.id, &chat, app.version, patch)
        .await
        .unwrap();

    f.at("2024-06-06T09:00:00+08:00");
    let run = job.run(false).await.unwrap();
    assert_eq!(run.sent.len(), 2, "the chat and the contact: {run:?}");
    let said = chats.0.lock().unwrap().clone();
    assert_eq!(said.len(), 1);
    assert_eq!(said[0].0, "telegram:42");
    assert!(
        said[0].1.contains("Village Links") && said[0].1.contains("STOP"),
        "{}",
        said[0].1
    );
    assert!(said[0].1.contains("2024年6月20日"));
    f.outbox.take();

    // The chat's user answers STOP: neither the chat nor the draft's contact hears again
    // (the chat's nudge is counted as opted out; the draft is left out of its contact's
    // mail, which, with no other draft, is not made at all).
    f.applications.stop_reminders(&chat).await.unwrap();
    f.at("2024-06-17T09:00:00+08:00");
    let run = job.run(false).await.unwrap();
    assert_eq!(run.opted_out, 1, "{run:?}");
    assert!(
        run.sent.iter().all(|d| !d.milestone.starts_with("drafts")),
        "{run:?}"
    );
    assert_eq!(chats.0.lock().unwrap().len(), 1);
    assert!(
        f.outbox
            .take()
            .iter()
            .all(|m| m.to.as_str() != "li.wei@example.org")
    );
}

#[tokio::test]
async fn a_run_that_died_holding_a_reminder_is_finished_by_the_next() {
    let f = fixture();
    let (app, _) = f
        .applications
        .create_draft(draft("li.wei@example.org"), crate::lang::Lang::En)
        .await
        .unwrap();
    f.at("2024-06-06T09:00:00+08:00");
    // A run took the nudge and died before sending it (its lease: ten minutes).
    let _ = app;
    let address = crate::email::Email::parse("li.wei@example.org").unwrap();
    let key = LeaseKey::Reminder {
        milestone: "drafts:T-14".into(),
        recipient: format!("address:{}", opt_out_key(&address)),
    };
    let now = f.job.now();
    assert!(
        f.stores
            .leases
            .take_lease(&key, now, now + SignedDuration::from_mins(LEASE_MINUTES))
            .await
            .unwrap()
    );
    let during = f.job.run(false).await.unwrap();
    assert_eq!(
        (during.sent.len(), during.already_sent),
        (0, 1),
        "held by the dead run"
    );
    f.at("2024-06-06T09:11:00+08:00");
    let after = f.job.run(false).await.unwrap();
    assert_eq!(after.sent.len(), 1, "{after:?}");
    assert_eq!(f.outbox.take().len(), 1);
}

#[tokio::test]
async fn drafts_naming_a_strangers_address_give_them_one_mail_per_milestone_and_no_more_drafts() {
    let f = fixture();
    let lure = |n: usize, email: &str| -> ApplicationPatch {
        serde_json::from_value(serde_json::json!({
            "practice_name": format!("Your account is suspended, see evil.example {n}"),
            "contact": {"name": "Support", "email": email},
        }))
        .unwrap()
    };
    // The campaign's cap (5 in 2024) of open drafts for one address, in any case.
    let max = f.applications.campaign().max_open_drafts_per_email();
    assert_eq!(max, 5);
    for n in 0..max {
        f.applications
            .create_draft(lure(n, "victim@example.org"), crate::lang::Lang::En)
            .await
            .unwrap();
    }
    for email in ["victim@example.org", "VICTIM@Example.org"] {
        match f
            .applications
            .create_draft(lure(99, email), crate::lang::Lang::En)
            .await
        {
            Err(ApplicationError::Invalid(p)) => {
                assert_eq!(
                    (p.field.to_string().as_str(), p.code()),
                    ("contact.email", "too_many_drafts")
                );
                assert!(
                    p.message(f.applications.campaign(), crate::lang::Lang::En)
                        .contains("5 unsubmitted drafts")
                );
            }
            other => panic!("{email}: {other:?}"),
        }
    }
    // Nor can a draft be moved onto the address.
    let (other, token) = f
        .applications
        .create_draft(lure(7, "someone@example.org"), crate::lang::Lang::En)
        .await
        .unwrap();
    let moved = f
        .applications
        .update_draft(
            other.id,
            &token,
            other.version,
            serde_json::from_value(serde_json::json!({"contact": {"email": "victim@example.org"}}))
                .unwrap(),
        )
        .await;
    assert!(
        matches!(moved, Err(ApplicationError::Invalid(_))),
        "{moved:?}"
    );

    for (day, milestone) in [
        ("2024-06-06T09:00:00+08:00", "drafts:T-14"),
        ("2024-06-17T09:00:00+08:00", "drafts:T-3"),
    ] {
        f.at(day);
        f.job.run(false).await.unwrap();
        // Twice the same day: nothing more.
        f.job.run(false).await.unwrap();
        let mails: Vec<OutgoingMail> = f
            .outbox
            .take()
            .into_iter()
            .filter(|m| m.to.as_str() == "victim@example.org")
            .collect();
        assert_eq!(mails.len(), 1, "{milestone}: one mail to the address");
        let mail = &mails[0];
        assert!(!mail.subject.contains("suspended"), "{}", mail.subject);
        assert!(!mail.subject.contains("evil"), "{}", mail.subject);
        // The words English uses for the count, never "day(s)".
        let days = &milestone["drafts:T-".len()..];
        assert!(
            mail.subject
                .starts_with(&format!("{days} days left to submit")),
            "{}",
            mail.subject
        );
        assert!(!mail.text.contains("day(s)"), "{}", mail.text);
        assert!(mail.text.contains("5 applications"), "{}", mail.text);
        assert!(mail.text.contains("someone else gave your address"));
        assert!(mail.text.contains("/opt-out?token="));
    }
}
