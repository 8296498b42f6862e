//! Cases of the size and spread the call expects, generated the same way every run, for
//! the benchmarks: leads and partners from 40 countries, the five areas in turn.

use std::sync::Arc;

use casebook_core::review::ReviewServices;
use casebook_core::{
    AccessTokens, ApplicationPatch, ApplicationService, Campaign, FixedClock, Store, Stores,
};
use serde_json::json;

/// The services the benchmarks drive over one store: the built-in campaign, a clock fixed
/// at 1 May 2024 (which [`seed_call`] moves) and reviewer links signed with a fixed key.
pub struct BenchCall {
    pub stores: Stores,
    pub campaign: Arc<Campaign>,
    pub clock: Arc<FixedClock>,
    pub tokens: Arc<AccessTokens>,
    pub applications: ApplicationService,
    pub reviews: ReviewServices,
}

impl BenchCall {
    pub fn over(store: Arc<dyn Store>) -> BenchCall {
        let stores = Stores::backed_by(store);
        let campaign = Arc::new(Campaign::builtin());
        let clock = Arc::new(FixedClock::at(
            "2024-05-01T09:00:00+08:00".parse().expect("a time"),
        ));
        let tokens = Arc::new(AccessTokens::from_one_test_key(&[7u8; 32]).expect("a key"));
        let applications = ApplicationService::new(&stores, clock.clone(), campaign.clone());
        let reviews = ReviewServices::new(
            &stores,
            clock.clone(),
            campaign.clone(),
            tokens.clone(),
            "http://127.0.0.1/review".into(),
            None,
            None,
        );
        BenchCall {
            stores,
            campaign,
            clock,
            tokens,
            applications,
            reviews,
        }
    }
}

pub const COUNTRIES: [&str; 40] = [
    "CN", "KE", "BR", "FR", "DE", "IN", "EG", "ZA", "NG", "ID", "MY", "TH", "VN", "PK", "BD", "RU",
    "KZ", "UZ", "TR", "SA", "AE", "IR", "ET", "TZ", "GH", "SN", "MA", "AR", "CL", "MX", "PE", "CO",
    "IT", "ES", "GB", "PL", "RS", "HU", "JP", "KR",
];
pub const AREAS: [&str; 5] = [
    "infrastructure",
    "culture",
    "digital_economy",
    "cybersecurity",
    "governance",
];

/// A small deterministic generator: the same data every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

pub fn generated_case(i: usize, rng: &mut Lcg) -> ApplicationPatch {
    serde_json::from_value(generated_case_json(i, rng)).expect("a valid patch")
}

/// [`generated_case`] as the JSON an HTTP client sends, complete and ready to submit.
pub fn generated_case_json(i: usize, rng: &mut Lcg) -> serde_json::Value {
    let li = rng.next(COUNTRIES.len());
    let lead = COUNTRIES[li];
    // Partners from other countries than the lead's: a case needs two countries at least.
    let partners: Vec<&str> = (0..1 + rng.next(3))
        .map(|_| COUNTRIES[(li + 1 + rng.next(COUNTRIES.len() - 1)) % COUNTRIES.len()])
        .collect();
    let mut countries = vec![lead];
    countries.extend(&partners);
    let s = |h: &str| {
        format!(
            "{h}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    };
    json!({
        "practice_name": format!("Case {i}"),
        "lead_organization": {"name": format!("Lead {i}"), "country": lead},
        "partners": partners.iter().enumerate().map(|(k, c)| json!({"name": format!("Partner {i}-{k}"), "country": c})).collect::<Vec<_>>(),
        "countries": countries,
        "area": AREAS[i % AREAS.len()],
        "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
    })
}

/// A call of the given size on any store: `cases` generated cases submitted (the clock
/// at 1 May 2024), then the clock moved to 2 July and `reviewers` reviewers registered
/// from the same countries. Returns each reviewer with their sign-in link.
pub async fn seed_call(
    applications: &casebook_core::ApplicationService,
    reviews: &casebook_core::review::ReviewServices,
    clock: &casebook_core::FixedClock,
    cases: usize,
    reviewers: usize,
) -> anyhow::Result<Vec<(casebook_core::Reviewer, casebook_core::review::SignInLink)>> {
    let mut rng = Lcg(2024);
    clock.set("2024-05-01T09:00:00+08:00".parse()?);
    for i in 0..cases {
        let (app, token) = applications
            .create_draft(generated_case(i, &mut rng), casebook_core::Lang::En)
            .await?;
        applications
            .submit(app.id, &token, casebook_core::Lang::En)
            .await?;
    }
    clock.set("2024-07-02T09:00:00+08:00".parse()?);
    let mut registered = Vec::with_capacity(reviewers);
    for i in 0..reviewers {
        registered.push(
            reviews
                .registry
                .register_reviewer(
                    casebook_core::review::NewReviewer {
                        language: String::new(),
                        name: format!("Reviewer {i}"),
                        email: format!("reviewer{i}@example.org"),
                        country: COUNTRIES[rng.next(COUNTRIES.len())].into(),
                        organization: format!("Institute {i}"),
                        excluded_organizations: Vec::new(),
                        areas: vec![AREAS[rng.next(AREAS.len())].into()],
                    },
                    "org@example.org",
                )
                .await?,
        );
    }
    Ok(registered)
}

/// Every assigned case of `round` scored and submitted by its reviewer.
pub async fn review_every_assignment(
    reviews: &ReviewServices,
    reviewers: &[casebook_core::Reviewer],
    round: u8,
    rng: &mut Lcg,
) -> usize {
    let criteria: Vec<String> = reviews
        .campaign()
        .criteria()
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let mut saved = 0;
    for reviewer in reviewers {
        for assigned in reviews
            .reviewing
            .assignments_of(reviewer)
            .await
            .expect("assignments")
            .into_iter()
            .filter(|a| a.assignment.round == round)
        {
            // A reviewer's own leaning (harsh or lenient) plus the case's spread.
            let scores = criteria
                .iter()
                .map(|c| (c.clone(), (1 + rng.next(10)) as i64))
                .collect();
            reviews
                .reviewing
                .save_review(
                    reviewer,
                    assigned.application.id,
                    casebook_core::review::ReviewInput {
                        round,
                        scores,
                        comment:
                            "Strong partners in three countries.\n\nThe benefits are measured."
                                .into(),
                        submit: true,
                    },
                    None,
                )
                .await
                .expect("saved");
            saved += 1;
        }
    }
    saved
}

impl BenchCall {
    /// The call at the given size with round 1 assigned `per_case` reviewers a case and
    /// every assignment scored and submitted (scores drawn from `rng`): the reviewers, and
    /// how many reviews were submitted.
    pub async fn reviewed_round_one(
        &self,
        cases: usize,
        reviewers: usize,
        per_case: usize,
        rng: &mut Lcg,
    ) -> anyhow::Result<(Vec<casebook_core::Reviewer>, usize)> {
        let reviewers: Vec<casebook_core::Reviewer> = seed_call(
            &self.applications,
            &self.reviews,
            &self.clock,
            cases,
            reviewers,
        )
        .await?
        .into_iter()
        .map(|(reviewer, _)| reviewer)
        .collect();
        self.reviews
            .rounds
            .assign_round(1, Some(per_case), "bench")
            .await?;
        let saved = review_every_assignment(&self.reviews, &reviewers, 1, rng).await;
        Ok((reviewers, saved))
    }
}
