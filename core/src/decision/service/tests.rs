//! Closing, ranking, deciding and the log, on the in-memory store, over a real round 1
//! (cases submitted, reviewers assigned, reviews saved through the review service).

use std::collections::BTreeMap;

use super::*;
use crate::access::AccessTokens;
use crate::application::ApplicationPatch;
use crate::clock::FixedClock;
use crate::decision::AnnouncementService;
use crate::memory::MemoryStore;
use crate::review::{InvalidReview, NewReviewer, ReviewInput, ReviewServices, Reviewer};
use crate::service::ApplicationService;

/// Who the audit log says acted.
const ORGANIZER: &str = "org@example.org";

const MAY: &str = "2024-05-01T09:00:00Z";
const JULY: &str = "2024-07-02T09:00:00Z";

struct Fixture {
    stores: Stores,
    decisions: DecisionService,
    reviews: ReviewServices,
    applications: ApplicationService,
    clock: Arc<FixedClock>,
}

fn fixture() -> Fixture {
    let clock = Arc::new(FixedClock::at(MAY.parse().unwrap()));
    let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
    let campaign = Arc::new(Campaign::builtin());
    let tokens = Arc::new(AccessTokens::from_one_test_key(&[9u8; 32]).unwrap());
    Fixture {
        stores: stores.clone(),
        decisions: DecisionService::new(&stores, clock.clone(), campaign.clone()),
        reviews: ReviewServices::new(
            &stores,
            clock.clone(),
            campaign.clone(),
            tokens,
            "https://review.example.org/review".into(),
            None,
            None,
        ),
        applications: ApplicationService::new(&stores, clock.clone(), campaign),
        clock,
    }
}

fn case(name: &str, collector: Option<&str>) -> ApplicationPatch {
    let section = |heading: &str| {
        format!(
            "{heading}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    };
    serde_json::from_value(serde_json::json!({
        "practice_name": name,
        "lead_organization": {"name": format!("{name} Lead"), "country": "CN"},
        "partners": [{"name": format!("{name} Partner"), "country": "KE"}],
        "countries": ["CN", "KE"],
        "area": "infrastructure",
        "sections": {
            "background": section("Origins"),
            "cooperation": section("Partners"),
            "modalities": section("Method"),
            "benefits": section("Results"),
        },
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
        "collecting_organization": collector,
    }))
    .unwrap()
}

impl Fixture {
    async fn submitted(&self, name: &str, collector: Option<&str>) -> ApplicationId {
        let (app, token) = self
            .applications
            .create_draft(case(name, collector), crate::lang::Lang::En)
            .await
            .unwrap();
        self.applications
            .submit(app.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        app.id
    }

    async fn reviewer(&self, name: &str) -> Reviewer {
        self.reviews
            .registry
            .register_reviewer(
                NewReviewer {
                    language: String::new(),
                    name: name.into(),
                    email: format!("{}@example.org", name.to_lowercase()),
                    country: "FR".into(),
                    organization: format!("{name} Institute"),
                    excluded_organizations: Vec::new(),
                    areas: vec![],
                },
                ORGANIZER,
            )
            .await
            .unwrap()
            .0
    }

    async fn score(&self, reviewer: &Reviewer, round: u8, case: ApplicationId, score: i64) {
        let scores: BTreeMap<String, i64> = self
            .decisions
            .campaign()
            .criteria()
            .iter()
            .map(|c| (c.id.clone(), score))
            .collect();
        self.reviews
            .reviewing
            .save_review(
                reviewer,
                case,
                ReviewInput {
                    round,
                    scores,
                    comment: "Clear and useful.".into(),
                    submit: true,
                },
                None,
            )
            .await
            .unwrap();
    }
}

/// Four cases scored 9, 7, 5 and 3 by both reviewers of round 1.
async fn round_one(f: &Fixture) -> (Vec<ApplicationId>, Vec<Reviewer>) {
    let mut cases = Vec::new();
    for (name, collector) in [
        ("Alpha", Some("Example Association")),
        ("Bravo", Some("example association")),
        ("Charlie", None),
        ("Delta", Some("Other Society")),
    ] {
        cases.push(f.submitted(name, collector).await);
    }
    let reviewers = vec![f.reviewer("Ana").await, f.reviewer("Ben").await];
    f.clock.set(JULY.parse().unwrap());
    f.reviews
        .rounds
        .assign_round(1, Some(2), ORGANIZER)
        .await
        .unwrap();
    for r in &reviewers {
        for (case, score) in cases.iter().zip([9, 7, 5, 3]) {
            f.score(r, 1, *case, score).await;
        }
    }
    (cases, reviewers)
}

fn decided(application: ApplicationId, decision: Outcome, reason: Option<&str>) -> DecisionInput {
    DecisionInput {
        application,
        decision,
        reason: reason.map(String::from),
    }
}

#[tokio::test]
async fn a_round_is_decided_only_once_closed_and_a_closed_round_takes_no_change() {
    let f = fixture();
    let (cases, reviewers) = round_one(&f).await;
    let early = f
        .decisions
        .decide(
            1,
            "org@example.org",
            &[decided(cases[0], Outcome::Collected, None)],
        )
        .await;
    assert!(
        matches!(early, Err(DecisionError::RoundOpen { round: 1 })),
        "{early:?}"
    );

    let closing = f.decisions.close_round(1, "org@example.org").await.unwrap();
    assert!(closing.closed);
    // Closing again changes nothing and logs nothing more.
    f.decisions.close_round(1, "org@example.org").await.unwrap();
    let changed = f
        .reviews
        .reviewing
        .save_review(
            &reviewers[0],
            cases[0],
            ReviewInput {
                round: 1,
                scores: BTreeMap::new(),
                comment: String::new(),
                submit: false,
            },
            Some(1),
        )
        .await;
    assert!(
        matches!(
            changed,
            Err(crate::review::ReviewError::RoundClosed { round: 1 })
        ),
        "{changed:?}"
    );
    assert!(matches!(
        f.reviews.rounds.assign_round(1, None, ORGANIZER).await,
        Err(crate::review::ReviewError::RoundClosed { round: 1 })
    ));

    // Reopening needs a reason, and is logged; then reviews can change again.
    assert!(matches!(
        f.decisions.reopen_round(1, "org@example.org", "  ").await,
        Err(DecisionError::Invalid(InvalidReview {
            kind: InvalidKind::Blank,
            ..
        }))
    ));
    f.decisions
        .reopen_round(1, "org@example.org", "Ben asked to correct a score")
        .await
        .unwrap();
    assert!(!f.decisions.is_closed(1).await.unwrap());
    assert!(matches!(
        f.decisions
            .reopen_round(1, "org@example.org", "again")
            .await,
        Err(DecisionError::RoundOpen { round: 1 })
    ));
    let log = f.decisions.audit_log().await.unwrap();
    let actions: Vec<&AuditAction> = log.iter().map(|e| &e.action).collect();
    assert_eq!(
        actions,
        [
            &AuditAction::ReviewerAdded {
                reviewer: "ana@example.org".into()
            },
            &AuditAction::ReviewerAdded {
                reviewer: "ben@example.org".into()
            },
            &AuditAction::RoundAssigned {
                round: 1,
                assigned: 8
            },
            &AuditAction::RoundClosed { round: 1 },
            &AuditAction::RoundReopened {
                round: 1,
                reason: "Ben asked to correct a score".into()
            }
        ]
    );
    // At a fixed instant, each entry is made just after the one before.
    let july: jiff::Timestamp = JULY.parse().unwrap();
    let (assigned, closed, reopened) = (&log[2], &log[3], &log[4]);
    assert_eq!(
        (assigned.at, closed.at, reopened.at),
        (
            july,
            july + jiff::SignedDuration::from_nanos(1),
            july + jiff::SignedDuration::from_nanos(2)
        )
    );
    assert!(log.iter().all(|e| e.by == ORGANIZER));
}

#[tokio::test]
async fn decisions_follow_or_depart_from_the_proposal_with_a_reason_and_are_logged() {
    let f = fixture();
    let (cases, _) = round_one(&f).await;
    f.decisions.close_round(1, "org@example.org").await.unwrap();
    let ranking = f.decisions.ranking(1, RankBy::Raw).await.unwrap();
    let order: Vec<ApplicationId> = ranking.cases.iter().map(|c| c.application).collect();
    assert_eq!(order, cases, "9, 7, 5, 3");
    assert!(ranking.cases.iter().all(|c| c.complete() && !c.tied));
    assert_eq!(ranking.cases[0].total, Some(9.0));

    // The Collection holds 60: every case is proposed. Leaving one out needs a reason.
    let without = f
        .decisions
        .decide(
            1,
            "org@example.org",
            &[decided(cases[3], Outcome::NotSelected, None)],
        )
        .await;
    match without {
        Err(DecisionError::Invalid(e)) => {
            assert_eq!(e.field, "decisions[0].reason");
            assert_eq!(e.code(), "reason_required");
            assert!(
                e.message(crate::lang::Lang::En)
                    .contains("proposed \"collected\"")
            );
        }
        other => panic!("{other:?}"),
    }
    // Nothing of a refused request is kept, even the valid part.
    let mixed = f
        .decisions
        .decide(
            1,
            "org@example.org",
            &[
                decided(cases[0], Outcome::Collected, None),
                decided(cases[1], Outcome::Outstanding, None),
            ],
        )
        .await;
    assert!(
        matches!(&mixed, Err(DecisionError::Invalid(e)) if e.field == "decisions[1].decision"),
        "{mixed:?}"
    );
    let twice = f
        .decisions
        .decide(
            1,
            "org@example.org",
            &[
                decided(cases[0], Outcome::Collected, None),
                decided(cases[0], Outcome::Collected, None),
            ],
        )
        .await;
    assert!(matches!(&twice, Err(DecisionError::Invalid(e)) if e.code() == "repeated"));
    let stranger = f
        .decisions
        .decide(
            1,
            "org@example.org",
            &[decided(ApplicationId::random(), Outcome::Collected, None)],
        )
        .await;
    assert!(matches!(&stranger, Err(DecisionError::Invalid(e)) if e.code() == "not_in_round"));
    let log = f.decisions.audit_log().await.unwrap();
    assert!(
        matches!(
            log.last().map(|e| &e.action),
            Some(AuditAction::RoundClosed { .. })
        ),
        "nothing after the closing: {log:?}"
    );

    let kept = f
        .decisions
        .decide(
            1,
            "org@example.org",
            &[
                decided(cases[0], Outcome::Collected, None),
                decided(cases[1], Outcome::Collected, Some("")),
                decided(cases[2], Outcome::Collected, None),
                decided(
                    cases[3],
                    Outcome::NotSelected,
                    Some("Implemented in one country only"),
                ),
            ],
        )
        .await
        .unwrap();
    assert_eq!(kept.len(), 4);
    // A later decision on the same case stands; both stay in the log.
    f.clock.set("2024-07-03T09:00:00Z".parse().unwrap());
    f.decisions
        .decide(
            1,
            "chair@example.org",
            &[decided(
                cases[2],
                Outcome::NotSelected,
                Some("A duplicate of Alpha"),
            )],
        )
        .await
        .unwrap();
    // A rehearsal's second command starts its clock at the same `--now`, behind the
    // first's: what it decides still comes after, and stands.
    f.clock.set("2024-07-03T08:59:59Z".parse().unwrap());
    f.decisions
        .decide(
            1,
            "chair@example.org",
            &[decided(cases[1], Outcome::Collected, None)],
        )
        .await
        .unwrap();
    let log = f.decisions.audit_log().await.unwrap();
    assert!(
        log.windows(2)
            .all(|w| w[0].at < w[1].at || w[0].id < w[1].id)
    );
    assert_eq!(log.last().unwrap().by, "chair@example.org");
    f.clock.set("2024-07-03T09:00:00Z".parse().unwrap());
    let standing = f.decisions.decisions().await.unwrap();
    let of = |id: ApplicationId| standing.iter().find(|s| s.application == id).unwrap();
    assert_eq!(of(cases[2]).decision, Outcome::NotSelected);
    assert_eq!(of(cases[2]).by, "chair@example.org");
    assert_eq!(of(cases[2]).reason.as_deref(), Some("A duplicate of Alpha"));
    assert_eq!(of(cases[1]).reason, None, "a blank reason is none");
    assert_eq!(of(cases[1]).by, "chair@example.org");
    let decided_or_closed = f
        .decisions
        .audit_log()
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            matches!(
                e.action,
                AuditAction::Decided { .. } | AuditAction::RoundClosed { .. }
            )
        })
        .count();
    assert_eq!(decided_or_closed, 7);

    // Round 2 reviews and decides the Collection only.
    let round_two: Vec<ApplicationId> = f
        .decisions
        .round_cases(2)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    let mut expected = vec![cases[0], cases[1]];
    expected.sort();
    assert_eq!(round_two, expected);
    f.clock.set("2024-08-02T09:00:00Z".parse().unwrap());
    let report = f
        .reviews
        .rounds
        .assign_round(2, Some(2), ORGANIZER)
        .await
        .unwrap();
    assert_eq!(report.assigned, 4, "2 cases x 2 reviewers");

    // The figures: decisions count where they stand, and the collectors' board.
    let stats = f.decisions.stats().await.unwrap();
    assert_eq!(stats.by_status.get("collected"), Some(&2));
    assert_eq!(stats.by_status.get("not_selected"), Some(&2));
    assert_eq!(stats.by_area.get("infrastructure"), Some(&4));
    assert_eq!(stats.by_country.get("KE"), Some(&4));
    // All four were submitted on 1 May (Beijing time); the call closed on 20 June.
    let may_first: jiff::civil::Date = "2024-05-01".parse().unwrap();
    assert_eq!(
        stats.submitted_per_day.iter().collect::<Vec<_>>(),
        [(&may_first, &4)]
    );
    assert_eq!(stats.deadline.to_string(), "2024-06-20");
    assert_eq!(stats.days_left, 0, "past the deadline, in round 2");
    assert_eq!(
        stats.collectors,
        [
            Collector {
                name: "Example Association".into(),
                credited: 2,
                collected: 2,
                outstanding: 0
            },
            Collector {
                name: "Other Society".into(),
                credited: 1,
                collected: 0,
                outstanding: 0
            },
        ]
    );
}

/// A mailer that keeps what it sends, and fails while `failing` is set.
#[derive(Default)]
struct Outbox {
    sent: std::sync::Mutex<Vec<crate::mail::OutgoingMail>>,
    failing: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl crate::mail::Mailer for Outbox {
    async fn send(
        &self,
        mail: &crate::mail::OutgoingMail,
    ) -> Result<String, crate::mail::MailError> {
        if self.failing.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(crate::mail::MailError::Backend("SES is down".into()));
        }
        self.sent.lock().unwrap().push(mail.clone());
        Ok("id".into())
    }
}

#[tokio::test]
async fn the_figures_count_the_days_left_to_the_deadline_included() {
    let f = fixture();
    // 1 May 2024, 17:00 in Beijing: 1 May to 20 June, both included.
    assert_eq!(f.decisions.stats().await.unwrap().days_left, 51);
    f.clock.set("2024-06-20T15:00:00Z".parse().unwrap());
    // 23:00 on the last day: that day still counts.
    assert_eq!(f.decisions.stats().await.unwrap().days_left, 1);
    f.clock.set("2024-06-20T16:00:00Z".parse().unwrap());
    assert_eq!(f.decisions.stats().await.unwrap().days_left, 0);
}

#[tokio::test]
async fn announce_tells_each_applicant_once_even_run_twice_or_after_a_failure() {
    let f = fixture();
    let (cases, _) = round_one(&f).await;
    let outbox = Arc::new(Outbox::default());
    let decisions = f.decisions.clone();
    let announcements =
        AnnouncementService::new(&f.stores, f.clock.clone(), Arc::new(Campaign::builtin()))
            .with_mailer(outbox.clone());
    let shown = |id: ApplicationId| {
        let stores = f.stores.clone();
        async move {
            let app = stores.applications.get_application(id).await.unwrap();
            app.unwrap().status
        }
    };
    assert_eq!(shown(cases[0]).await, Status::InReview, "round 1 under way");
    decisions.close_round(1, "org").await.unwrap();
    decisions
        .decide(
            1,
            "org",
            &[
                decided(cases[0], Outcome::Collected, None),
                decided(cases[1], Outcome::Collected, None),
                decided(cases[2], Outcome::NotSelected, Some("Too close to Alpha")),
            ],
        )
        .await
        .unwrap();
    // Until announced, applicants still see their case in review.
    assert_eq!(shown(cases[2]).await, Status::InReview);

    // SES fails for the first run: nothing is lost, the next run sends.
    outbox
        .failing
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let failed = announcements.announce("org", &|_, _| {}).await.unwrap();
    assert_eq!(
        (failed.decided, failed.mails_sent, failed.failed.len()),
        (3, 0, 3)
    );
    assert_eq!(failed.undecided, 1, "Delta");
    outbox
        .failing
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let seen = std::sync::Mutex::new(Vec::new());
    let report = announcements
        .announce("org", &|done, total| {
            seen.lock().unwrap().push((done, total))
        })
        .await
        .unwrap();
    assert_eq!((report.mails_sent, report.already_sent), (3, 0));
    assert_eq!(*seen.lock().unwrap(), [(1, 3), (2, 3), (3, 3)]);
    let again = announcements.announce("org", &|_, _| {}).await.unwrap();
    assert_eq!((again.mails_sent, again.already_sent), (0, 3));
    let sent = outbox.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 3);
    assert_eq!(shown(cases[0]).await, Status::Collected);
    assert_eq!(shown(cases[2]).await, Status::NotSelected);
    // Announced cases are still round 1's: its ranking and the export keep them.
    let ranking = decisions.ranking(1, RankBy::Raw).await.unwrap();
    assert_eq!(ranking.cases.len(), 4);
    assert!(ranking.cases.iter().all(|c| c.total.is_some()));
    let not_selected = sent
        .iter()
        .find(|m| m.subject.starts_with("The result"))
        .expect("the not-selected mail");
    assert!(
        not_selected.text.contains("\"Charlie\""),
        "{}",
        not_selected.text
    );
    // Submitted in English: the mail is in English alone.
    assert!(
        not_selected.text.contains("was not selected") && !not_selected.text.contains("未能入选")
    );
    assert!(
        !not_selected.text.contains("Too close to Alpha"),
        "the organizers' reason stays with them"
    );
    let log = decisions.audit_log().await.unwrap();
    assert!(matches!(
        log.last().unwrap().action,
        AuditAction::Announced {
            decided: 3,
            mails_sent: 0,
            ..
        }
    ));
}
