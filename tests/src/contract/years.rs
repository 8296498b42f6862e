//! Two years' calls on one store, through the services as every program runs them: each
//! year's round 1 opens, is reviewed, ranked, closed and decided on its own, each year's
//! registry lists its own reviewers, and carrying brings the earlier year's over. Run on
//! every backend, so that what keeps the years apart (the application's year, the round
//! closing's key, the audit entry's year, the reviewer's years) holds on each.

use std::collections::BTreeMap;
use std::sync::Arc;

use casebook_core::decision::{DecisionInput, DecisionService, Outcome, RankBy};
use casebook_core::review::{NewReviewer, ReviewInput, ReviewServices};
use casebook_core::{
    ApplicationId, ApplicationPatch, ApplicationService, Campaign, FixedClock, Store, Stores,
};

const SOURCE: &str = include_str!("../../../core/campaigns/2024.toml");

/// The services of one year's call on `stores`.
struct Year {
    applications: ApplicationService,
    reviews: ReviewServices,
    decisions: DecisionService,
}

impl Year {
    fn of(stores: &Stores, clock: &Arc<FixedClock>, year: i16) -> Year {
        let source = SOURCE.replacen("year = 2024", &format!("year = {year}"), 1);
        let campaign = Arc::new(Campaign::from_toml(&source).expect("the campaign of a year"));
        let tokens =
            Arc::new(casebook_testkit::review_round::test_tokens().expect("the test keys"));
        Year {
            applications: ApplicationService::new(stores, clock.clone(), campaign.clone()),
            reviews: ReviewServices::new(
                stores,
                clock.clone(),
                campaign.clone(),
                tokens,
                "https://example.org/review".into(),
                None,
                None,
            ),
            decisions: DecisionService::new(stores, clock.clone(), campaign),
        }
    }

    async fn submitted(&self, names: &[&str]) -> Vec<ApplicationId> {
        let mut ids = Vec::new();
        for name in names {
            let patch: ApplicationPatch = serde_json::from_value(
                casebook_testkit::review_round::complete_case_json(name, "CN", "KE"),
            )
            .expect("a complete case");
            let (app, token) = self
                .applications
                .create_draft(patch, casebook_core::Lang::En)
                .await
                .expect("draft");
            self.applications
                .submit(app.id, &token, casebook_core::Lang::En)
                .await
                .expect("submitted");
            ids.push(app.id);
        }
        ids
    }

    /// Every case the reviewer has in round 1 of this year, scored `fit` and submitted.
    async fn review_all(&self, email: &str, fit: i64) -> Vec<ApplicationId> {
        let reviewer = self
            .reviews
            .registry
            .list_reviewers()
            .await
            .expect("the registry")
            .into_iter()
            .find(|s| s.reviewer.email.as_str() == email)
            .expect("the reviewer reviews this year")
            .reviewer;
        let mut reviewed = Vec::new();
        for case in self
            .reviews
            .reviewing
            .assignments_of(&reviewer)
            .await
            .expect("their cases")
        {
            let scores = BTreeMap::from([
                ("conceptual_fit".to_string(), fit),
                ("international_cooperation".to_string(), 7),
                ("benefits_to_mankind".to_string(), 6),
            ]);
            let input = ReviewInput {
                round: 1,
                scores,
                comment: "Clear and useful.".into(),
                submit: true,
            };
            self.reviews
                .reviewing
                .save_review(&reviewer, case.application.id, input, None)
                .await
                .expect("saved");
            reviewed.push(case.application.id);
        }
        reviewed.sort();
        reviewed
    }

    async fn ranked(&self) -> Vec<(ApplicationId, Option<f64>)> {
        let ranking = self
            .decisions
            .ranking(1, RankBy::default())
            .await
            .expect("a ranking");
        let mut cases: Vec<_> = ranking
            .cases
            .iter()
            .map(|c| (c.application, c.total))
            .collect();
        cases.sort_by_key(|c| c.0);
        cases
    }
}

fn sorted(mut ids: Vec<ApplicationId>) -> Vec<ApplicationId> {
    ids.sort();
    ids
}

pub async fn two_years_on_one_store_keep_their_rounds_and_reviewers_apart(store: Arc<dyn Store>) {
    // Years of their own: a store shared with other tests holds none of them.
    let first = super::store::unique_year();
    let next = first + 1;
    let stores = Stores::backed_by(store);
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse().unwrap()));
    let earlier = Year::of(&stores, &clock, first);
    let later = Year::of(&stores, &clock, next);
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let email = format!("ana.{tag}@example.org");

    // The first year, to its decisions.
    let first_cases = sorted(earlier.submitted(&["Village Links", "Rio Mesh"]).await);
    clock.set("2024-07-02T09:00:00+08:00".parse().unwrap());
    let new = NewReviewer {
        name: "Ana Souza".into(),
        email: email.clone(),
        country: "BR".into(),
        organization: "Rio Institute".into(),
        ..NewReviewer::default()
    };
    earlier
        .reviews
        .registry
        .register_reviewer(new, "org")
        .await
        .expect("registered");
    let report = earlier
        .reviews
        .rounds
        .assign_round(1, Some(1), "org")
        .await
        .expect("assigned");
    assert_eq!(report.assigned, 2);
    assert_eq!(earlier.review_all(&email, 9).await, first_cases);
    let first_ranking = earlier.ranked().await;
    earlier
        .decisions
        .close_round(1, "org")
        .await
        .expect("closed");
    let decide = |application, decision| DecisionInput {
        application,
        decision,
        reason: Some("Decided in session".into()),
    };
    earlier
        .decisions
        .decide(
            1,
            "org",
            &[
                decide(first_cases[0], Outcome::Collected),
                decide(first_cases[1], Outcome::NotSelected),
            ],
        )
        .await
        .expect("decided");

    // The next year: its own cases, no reviewer until carried, its round 1 open.
    clock.set("2024-05-02T09:00:00+08:00".parse().unwrap());
    let next_cases = sorted(later.submitted(&["Solar Schools"]).await);
    clock.set("2024-07-03T09:00:00+08:00".parse().unwrap());
    assert!(
        later
            .reviews
            .registry
            .list_reviewers()
            .await
            .unwrap()
            .is_empty(),
        "a new year starts with no reviewer"
    );
    assert!(!later.decisions.is_closed(1).await.unwrap());
    let carried = later
        .reviews
        .registry
        .carry_reviewers(first, "org")
        .await
        .expect("carried");
    assert_eq!((carried.carried.len(), carried.already), (1, 0));
    let report = later
        .reviews
        .rounds
        .assign_round(1, Some(1), "org")
        .await
        .expect("assigned");
    assert_eq!(report.assigned, 1, "the next year's one case alone");
    assert_eq!(later.review_all(&email, 4).await, next_cases);
    let next_ranking = later.ranked().await;
    assert_eq!(
        next_ranking.iter().map(|c| c.0).collect::<Vec<_>>(),
        next_cases
    );
    assert!(later.decisions.decisions().await.unwrap().is_empty());
    assert!(
        later
            .decisions
            .audit_log()
            .await
            .unwrap()
            .iter()
            .all(|e| e.year_of().is_none_or(|y| y == next)),
        "the next year's log holds its own entries and the registries'"
    );

    // The first year reads as it was.
    assert!(earlier.decisions.is_closed(1).await.unwrap());
    assert_eq!(earlier.ranked().await, first_ranking);
    assert_eq!(earlier.decisions.decisions().await.unwrap().len(), 2);
    let progress = earlier.reviews.rounds.round_progress(1).await.unwrap();
    assert_eq!(
        progress
            .reviewers
            .iter()
            .map(|r| (r.done, r.assigned))
            .collect::<Vec<_>>(),
        [(2, 2)],
        "the first year's load, without the next year's case"
    );
}
