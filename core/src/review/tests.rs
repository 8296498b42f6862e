//! The review use cases on the in-memory store: sign-in, assignment, scores, conflicts.

use super::*;
use crate::application::{ApplicationPatch, Status};
use crate::clock::FixedClock;
use crate::mail::KeptMail;
use crate::memory::MemoryStore;
use crate::service::ApplicationService;

/// Who the audit log says acted.
const ORGANIZER: &str = "org@example.org";

const MAY: &str = "2024-05-01T09:00:00Z";
const JULY: &str = "2024-07-02T09:00:00Z";

struct Fixture {
    reviews: ReviewServices,
    stores: Stores,
    applications: ApplicationService,
    clock: Arc<FixedClock>,
    mail: Arc<KeptMail>,
}

fn fixture() -> Fixture {
    let clock = Arc::new(FixedClock::at(MAY.parse().unwrap()));
    let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
    let campaign = Arc::new(Campaign::builtin());
    let mail = Arc::new(KeptMail::default());
    let tokens = Arc::new(AccessTokens::from_one_test_key(&[9u8; 32]).unwrap());
    let reviews = ReviewServices::new(
        &stores,
        clock.clone(),
        campaign.clone(),
        tokens,
        "https://review.example.org/review".into(),
        Some(mail.clone()),
        None,
    );
    let applications = ApplicationService::new(&stores, clock.clone(), campaign);
    Fixture {
        reviews,
        stores: stores.clone(),
        applications,
        clock,
        mail,
    }
}

fn case(name: &str, lead: &str, partner: &str) -> ApplicationPatch {
    let section = |heading: &str| {
        format!(
            "{heading}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    };
    serde_json::from_value(serde_json::json!({
        "practice_name": name,
        "lead_organization": {"name": format!("{name} Lead"), "country": lead},
        "partners": [{"name": format!("{name} Partner"), "country": partner}],
        "countries": [lead, partner],
        "area": "infrastructure",
        "sections": {
            "background": section("Origins"),
            "cooperation": section("Partners"),
            "modalities": section("Method"),
            "benefits": section("Results"),
        },
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
    }))
    .unwrap()
}

impl Fixture {
    async fn submitted(&self, name: &str, lead: &str, partner: &str) -> ApplicationId {
        let (app, token) = self
            .applications
            .create_draft(case(name, lead, partner), crate::lang::Lang::En)
            .await
            .unwrap();
        self.applications
            .submit(app.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        app.id
    }

    async fn reviewer(&self, name: &str, country: &str) -> (Reviewer, SignInLink) {
        self.reviews
            .registry
            .register_reviewer(
                NewReviewer {
                    language: String::new(),
                    name: name.into(),
                    email: format!("{}@example.org", name.to_lowercase()),
                    country: country.into(),
                    organization: format!("{name} Institute"),
                    excluded_organizations: Vec::new(),
                    areas: vec!["infrastructure".into()],
                },
                ORGANIZER,
            )
            .await
            .unwrap()
    }

    fn july(&self) {
        self.clock.set(JULY.parse().unwrap());
    }
}

fn scores(values: &[(&str, i64)]) -> BTreeMap<String, i64> {
    values.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn full() -> BTreeMap<String, i64> {
    scores(&[
        ("conceptual_fit", 8),
        ("international_cooperation", 7),
        ("benefits_to_mankind", 9),
    ])
}

fn field_of(result: Result<CaseReview, ReviewError>) -> String {
    match result {
        Err(ReviewError::Invalid(invalid)) => invalid.field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_sign_in_link_opens_until_it_is_revoked_or_replaced() {
    let f = fixture();
    let (reviewer, link) = f.reviewer("Ana", "BR").await;
    let mails = f.mail.take();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].text.contains(&link.link), "{}", mails[0].text);
    assert!(
        link.link
            .starts_with("https://review.example.org/review#token=")
    );
    let signed_in = f
        .reviews
        .sign_in
        .authenticate_reviewer(&link.token)
        .await
        .unwrap();
    assert_eq!(signed_in.id, reviewer.id);

    let (_, fresh) = f
        .reviews
        .registry
        .new_link(reviewer.id, false, ORGANIZER)
        .await
        .unwrap();
    assert!(
        f.reviews
            .sign_in
            .authenticate_reviewer(&link.token)
            .await
            .is_err()
    );
    assert!(
        f.reviews
            .sign_in
            .authenticate_reviewer(&fresh.token)
            .await
            .is_ok()
    );
    f.reviews
        .registry
        .revoke_reviewer(reviewer.id, ORGANIZER)
        .await
        .unwrap();
    assert!(
        f.reviews
            .sign_in
            .authenticate_reviewer(&fresh.token)
            .await
            .is_err()
    );
    // A revoked reviewer stays revoked when a link is asked for, unless reinstated.
    assert!(matches!(
        f.reviews
            .registry
            .new_link(reviewer.id, false, ORGANIZER)
            .await,
        Err(ReviewError::StillRevoked)
    ));
    let (back, reinstated) = f
        .reviews
        .registry
        .new_link(reviewer.id, true, ORGANIZER)
        .await
        .unwrap();
    assert!(!back.revoked);
    assert!(
        f.reviews
            .sign_in
            .authenticate_reviewer(&reinstated.token)
            .await
            .is_ok()
    );
    assert!(
        f.reviews
            .sign_in
            .authenticate_reviewer(&fresh.token)
            .await
            .is_err()
    );

    let again = f
        .reviews
        .registry
        .register_reviewer(
            NewReviewer {
                language: String::new(),
                name: "Ana Again".into(),
                email: "ANA@example.org".into(),
                country: "Brazil".into(),
                organization: "Elsewhere".into(),
                excluded_organizations: Vec::new(),
                areas: vec![],
            },
            ORGANIZER,
        )
        .await;
    assert!(matches!(again, Err(ReviewError::EmailTaken)), "{again:?}");
}

#[tokio::test]
async fn registering_names_the_field_at_fault() {
    let f = fixture();
    let base = NewReviewer {
        language: String::new(),
        name: "Ana".into(),
        email: "ana@example.org".into(),
        country: "BR".into(),
        organization: "Institute".into(),
        excluded_organizations: Vec::new(),
        areas: vec![],
    };
    let cases = [
        (
            NewReviewer {
                name: "x".repeat(MAX_NAME_CHARS + 1),
                ..base.clone()
            },
            "name",
        ),
        (
            NewReviewer {
                email: "not an address".into(),
                ..base.clone()
            },
            "email",
        ),
        (
            NewReviewer {
                country: "Atlantis".into(),
                ..base.clone()
            },
            "country",
        ),
        (
            NewReviewer {
                areas: vec!["astrology".into()],
                ..base.clone()
            },
            "areas",
        ),
        (
            NewReviewer {
                organization: "  ".into(),
                ..base.clone()
            },
            "organization",
        ),
    ];
    for (new, field) in cases {
        match f.reviews.registry.register_reviewer(new, ORGANIZER).await {
            Err(ReviewError::Invalid(invalid)) => assert_eq!(invalid.field, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(
        f.reviews
            .registry
            .list_reviewers()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_round_is_assigned_once_without_conflicts_and_each_reviewer_told_once() {
    let f = fixture();
    let mut cases = Vec::new();
    for (i, (lead, partner)) in [("CN", "KE"), ("BR", "FR"), ("DE", "KE"), ("CN", "BR")]
        .iter()
        .enumerate()
    {
        cases.push(f.submitted(&format!("Case {i}"), lead, partner).await);
    }
    for (name, country) in [("Ana", "BR"), ("Bo", "CN"), ("Cleo", "EG"), ("Dev", "IN")] {
        f.reviewer(name, country).await;
    }
    f.mail.take();
    f.july();
    let report = f
        .reviews
        .rounds
        .assign_round(1, Some(2), ORGANIZER)
        .await
        .unwrap();
    assert_eq!(report.round, 1);
    assert!(report.unassignable.is_empty(), "{:?}", report.unassignable);
    assert_eq!(report.assigned, 8, "4 cases x 2 reviewers");
    assert!(report.per_reviewer_max - report.per_reviewer_min <= 1);
    let mails = f.mail.take();
    assert_eq!(mails.len(), report.mails_sent);
    assert!(mails.len() <= 4 && mails.len() >= 2);
    assert!(mails.iter().all(|m| m.text.contains("#token=")));

    let progress = f.reviews.rounds.round_progress(1).await.unwrap();
    assert_eq!(progress.cases.len(), 4);
    assert!(progress.cases.iter().all(|c| c.due == 2 && c.done == 0));
    // Nobody reviews a case of their own country.
    for standing in f.reviews.registry.list_reviewers().await.unwrap() {
        let theirs = f
            .reviews
            .reviewing
            .assignments_of(&standing.reviewer)
            .await
            .unwrap();
        assert_eq!(theirs.len(), standing.assigned);
        for assigned in theirs {
            let content = &assigned.application.content;
            assert!(!content.countries.contains(&standing.reviewer.country));
        }
    }

    let again = f
        .reviews
        .rounds
        .assign_round(1, Some(2), ORGANIZER)
        .await
        .unwrap();
    assert_eq!(again.assigned, 0, "nothing moves, nothing is added");
    assert!(f.mail.take().is_empty(), "nobody is told twice");
    assert!(matches!(
        f.reviews.rounds.assign_round(3, None, ORGANIZER).await,
        Err(ReviewError::UnknownRound(3))
    ));
    assert!(matches!(
        f.reviews.rounds.assign_round(1, Some(0), ORGANIZER).await,
        Err(ReviewError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_review_is_saved_over_its_version_and_submitted_only_whole() {
    let f = fixture();
    let app = f.submitted("Village Links", "CN", "KE").await;
    let (ana, _) = f.reviewer("Ana", "BR").await;
    let (bo, _) = f.reviewer("Bo", "FR").await;
    f.july();
    f.reviews
        .rounds
        .assign_round(1, Some(1), ORGANIZER)
        .await
        .unwrap();
    let (mine, other) = match f.reviews.reviewing.case_for(&ana, app, None).await {
        Ok(_) => (ana, bo),
        Err(_) => (bo, ana),
    };
    assert!(matches!(
        f.reviews.reviewing.case_for(&other, app, None).await,
        Err(ReviewError::NotFound)
    ));
    let draft = ReviewInput {
        round: 1,
        scores: scores(&[("conceptual_fit", 8)]),
        comment: String::new(),
        submit: false,
    };
    let saved = f
        .reviews
        .reviewing
        .save_review(&mine, app, draft.clone(), None)
        .await
        .unwrap();
    assert_eq!(saved.version, 1);
    assert!(matches!(
        f.reviews
            .reviewing
            .save_review(&mine, app, draft.clone(), None)
            .await,
        Err(ReviewError::VersionRequired)
    ));
    assert!(matches!(
        f.reviews
            .reviewing
            .save_review(&mine, app, draft.clone(), Some(7))
            .await,
        Err(ReviewError::VersionMismatch { current: 1 })
    ));
    assert!(matches!(
        f.reviews
            .reviewing
            .save_review(&other, app, draft.clone(), None)
            .await,
        Err(ReviewError::NotFound)
    ));

    let submit = |scores, comment: &str| ReviewInput {
        round: 1,
        scores,
        comment: comment.into(),
        submit: true,
    };
    let missing = f
        .reviews
        .reviewing
        .save_review(&mine, app, submit(full(), "  "), Some(1))
        .await;
    assert_eq!(field_of(missing), "comment");
    let partial = f
        .reviews
        .reviewing
        .save_review(
            &mine,
            app,
            submit(scores(&[("conceptual_fit", 8)]), "Good."),
            Some(1),
        )
        .await;
    assert_eq!(field_of(partial), "scores.international_cooperation");
    let mut high = full();
    high.insert("benefits_to_mankind".into(), 11);
    let out_of_scale = f
        .reviews
        .reviewing
        .save_review(&mine, app, submit(high, "Good."), Some(1))
        .await;
    assert_eq!(field_of(out_of_scale), "scores.benefits_to_mankind");
    let mut unknown = full();
    unknown.insert("beauty".into(), 5);
    let unknown = f
        .reviews
        .reviewing
        .save_review(&mine, app, submit(unknown, "Good."), Some(1))
        .await;
    assert_eq!(field_of(unknown), "scores.beauty");
    let long = f
        .reviews
        .reviewing
        .save_review(&mine, app, submit(full(), &"x".repeat(4001)), Some(1))
        .await;
    assert_eq!(field_of(long), "comment");

    let done = f
        .reviews
        .reviewing
        .save_review(&mine, app, submit(full(), "Strong partners."), Some(1))
        .await
        .unwrap();
    assert!(done.submitted);
    assert_eq!(done.version, 2);
    let progress = f.reviews.rounds.round_progress(1).await.unwrap();
    assert_eq!((progress.cases[0].done, progress.cases[0].due), (1, 1));

    f.clock.set("2024-08-01T00:00:00+08:00".parse().unwrap());
    assert!(matches!(
        f.reviews
            .reviewing
            .save_review(&mine, app, submit(full(), "Later."), Some(2))
            .await,
        Err(ReviewError::RoundClosed { round: 1 })
    ));
}

#[tokio::test]
async fn a_declined_case_goes_to_the_least_loaded_eligible_reviewer() {
    let f = fixture();
    let app = f.submitted("Village Links", "CN", "KE").await;
    let (ana, _) = f.reviewer("Ana", "BR").await;
    let (bo, _) = f.reviewer("Bo", "FR").await;
    f.reviewer("Cai", "CN").await; // never eligible: the case is led from China
    f.july();
    f.reviews
        .rounds
        .assign_round(1, Some(1), ORGANIZER)
        .await
        .unwrap();
    let (mine, other) = match f.reviews.reviewing.case_for(&ana, app, None).await {
        Ok(_) => (ana, bo),
        Err(_) => (bo, ana),
    };
    let draft = ReviewInput {
        round: 1,
        scores: scores(&[("conceptual_fit", 3)]),
        comment: "Half done".into(),
        submit: false,
    };
    f.reviews
        .reviewing
        .save_review(&mine, app, draft, None)
        .await
        .unwrap();
    f.mail.take();

    let declined = f
        .reviews
        .reviewing
        .declare_conflict(&mine, app, None, "I advised the lead organization in 2023.")
        .await
        .unwrap();
    assert!(declined.conflict.is_some());
    assert!(matches!(
        f.reviews.reviewing.case_for(&mine, app, None).await,
        Err(ReviewError::NotFound)
    ));
    let listed = f.reviews.reviewing.assignments_of(&mine).await.unwrap();
    assert_eq!(listed[0].status, AssignmentStatus::Conflict);
    // The other eligible reviewer has it now, and was told.
    let theirs = f
        .reviews
        .reviewing
        .case_for(&other, app, None)
        .await
        .unwrap();
    assert!(theirs.review.is_none());
    let mails = f.mail.take();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, other.email);
    // The draft was emptied, and declaring twice is refused.
    let progress = f.reviews.rounds.round_progress(1).await.unwrap();
    assert_eq!(progress.cases[0].due, 1);
    assert!(matches!(
        f.reviews
            .reviewing
            .declare_conflict(&mine, app, None, "again")
            .await,
        Err(ReviewError::ConflictDeclared)
    ));
    // Declining once more leaves nobody eligible: the case shows as unassignable.
    f.reviews
        .reviewing
        .declare_conflict(&other, app, None, "Same employer as a partner.")
        .await
        .unwrap();
    let report = f
        .reviews
        .rounds
        .assign_round(1, Some(1), ORGANIZER)
        .await
        .unwrap();
    assert_eq!(report.unassignable.len(), 1);
}

impl Fixture {
    /// A case submitted in May, with the token its applicant holds.
    async fn submitted_with_token(&self, name: &str) -> (ApplicationId, crate::token::EditToken) {
        let (app, token) = self
            .applications
            .create_draft(case(name, "CN", "KE"), crate::lang::Lang::En)
            .await
            .unwrap();
        self.applications
            .submit(app.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        (app.id, token)
    }

    /// Whether `reviewer` can reach the case by any reviewer route.
    async fn reaches(&self, reviewer: &Reviewer, id: ApplicationId) -> bool {
        let listed = self
            .reviews
            .reviewing
            .assignments_of(reviewer)
            .await
            .unwrap()
            .iter()
            .any(|a| a.application.id == id);
        let read = self.reviews.reviewing.case_for(reviewer, id, None).await;
        let saved = self
            .reviews
            .reviewing
            .save_review(
                reviewer,
                id,
                ReviewInput {
                    round: 1,
                    scores: scores(&[("conceptual_fit", 5)]),
                    ..ReviewInput::default()
                },
                None,
            )
            .await;
        let declined = self
            .reviews
            .reviewing
            .declare_conflict(reviewer, id, None, "why")
            .await;
        for (what, result) in [
            ("read", read.map(|_| ())),
            ("save", saved.map(|_| ())),
            ("decline", declined.map(|_| ())),
        ] {
            if let Err(e) = &result {
                assert!(matches!(e, ReviewError::NotFound), "{what}: {e:?}");
            }
        }
        listed
    }
}

#[tokio::test]
async fn a_case_withdrawn_after_its_assignment_leaves_the_list_and_answers_not_found() {
    let f = fixture();
    let (id, token) = f.submitted_with_token("Village Links").await;
    f.july();
    let (ana, _) = f.reviewer("Ana", "BR").await;
    f.reviews
        .rounds
        .assign_round(1, Some(1), ORGANIZER)
        .await
        .unwrap();
    assert!(f.reviews.reviewing.case_for(&ana, id, None).await.is_ok());
    // An applicant cannot withdraw a case in review; a withdrawal that landed between the
    // assignment's read and its writes leaves the store so.
    crate::round::Rounds::new(&f.stores, Arc::new(Campaign::builtin()))
        .set_status(id, Status::Withdrawn)
        .await
        .unwrap();
    assert!(!f.reaches(&ana, id).await);
    // The assignment's own step to `in_review`, had it read the case before, leaves it.
    crate::round::Rounds::new(&f.stores, Arc::new(Campaign::builtin()))
        .set_status(id, Status::InReview)
        .await
        .unwrap();
    let app = f.applications.read(id, &token).await.unwrap();
    assert_eq!(app.status, Status::Withdrawn);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_withdraw_racing_the_assignment_ends_withdrawn_and_out_of_reach() {
    for run in 0..20 {
        let f = fixture();
        let (id, token) = f.submitted_with_token(&format!("Case {run}")).await;
        f.july();
        let (ana, _) = f.reviewer("Ana", "BR").await;
        let (assigned, withdrawn) = tokio::join!(
            f.reviews.rounds.assign_round(1, Some(1), ORGANIZER),
            f.applications.withdraw(id, &token)
        );
        assigned.unwrap();
        let app = f.applications.read(id, &token).await.unwrap();
        // Either the withdrawal came first and stays (the assignment's status change
        // never brings the case back), or the case was in review and could not be
        // withdrawn: never a withdrawn case in a reviewer's hands.
        match withdrawn {
            Ok(_) => {
                assert_eq!(app.status, Status::Withdrawn, "run {run}: it came back");
                assert!(!f.reaches(&ana, id).await, "run {run}");
            }
            Err(crate::service::ApplicationError::NotWithdrawable { .. }) => {
                assert_eq!(app.status, Status::InReview, "run {run}");
                assert!(f.reaches(&ana, id).await, "run {run}");
            }
            Err(e) => panic!("run {run}: {e:?}"),
        }
    }
}

#[tokio::test]
async fn a_reviewer_of_the_lead_under_its_legal_form_or_of_a_listed_organization_is_kept_out_and_told_why()
 {
    let f = fixture();
    // Led by "Village Links Lead" (CN), with "Village Links Partner" (KE).
    let village = f.submitted("Village Links", "CN", "KE").await;
    f.july();
    let register = |name: &str, organization: &str, excluded: &[&str]| NewReviewer {
        language: String::new(),
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase()),
        country: "FR".into(),
        organization: organization.into(),
        excluded_organizations: excluded.iter().map(|s| s.to_string()).collect(),
        areas: vec![],
    };
    let (lead, _) = f
        .reviews
        .registry
        .register_reviewer(
            register("Lea", "Village Links Lead Co., Ltd.", &[]),
            ORGANIZER,
        )
        .await
        .unwrap();
    let (advisor, _) = f
        .reviews
        .registry
        .register_reviewer(
            register("Ada", "A University", &["VILLAGE LINKS PARTNER GmbH"]),
            ORGANIZER,
        )
        .await
        .unwrap();
    let (free, _) = f
        .reviews
        .registry
        .register_reviewer(register("Fay", "Elsewhere Institute", &[]), ORGANIZER)
        .await
        .unwrap();
    let report = f
        .reviews
        .rounds
        .assign_round(1, Some(3), ORGANIZER)
        .await
        .unwrap();
    assert_eq!(report.assigned, 1, "only Fay may review it");
    let mine = |r: &Reviewer| {
        let reviews = f.reviews.clone();
        let r = r.clone();
        async move { reviews.reviewing.assignments_of(&r).await.unwrap().len() }
    };
    assert_eq!(
        (mine(&lead).await, mine(&advisor).await, mine(&free).await),
        (0, 0, 1)
    );
    let exclusions = f.reviews.rounds.round_exclusions(1, None).await.unwrap();
    let why: Vec<(&str, String)> = exclusions
        .iter()
        .map(|e| (e.reviewer_name.as_str(), e.reason(crate::lang::Lang::En)))
        .collect();
    // The Chinese console says it in Chinese, the names as written.
    assert_eq!(
        exclusions[0].reason(crate::lang::Lang::Zh),
        "案例列有Village Links Partner，即评审专家所在的VILLAGE LINKS PARTNER GmbH"
    );
    assert_eq!(
        why,
        [
            (
                "Ada",
                "the case names Village Links Partner, the reviewer's VILLAGE LINKS PARTNER GmbH"
                    .to_string()
            ),
            (
                "Lea",
                "the case names Village Links Lead, the reviewer's Village Links Lead Co., Ltd."
                    .to_string()
            ),
        ]
    );
    assert!(exclusions.iter().all(|e| e.application == village));
    // A declared conflict is an exclusion too, with the reviewer's reason.
    f.reviews
        .reviewing
        .declare_conflict(&free, village, None, "I advised the lead last year")
        .await
        .unwrap();
    let exclusions = f.reviews.rounds.round_exclusions(1, None).await.unwrap();
    assert!(exclusions.iter().any(|e| e.reviewer == free.id
        && e.reason(crate::lang::Lang::En)
            == "the reviewer declared a conflict: I advised the lead last year"));
    // One reviewer's alone; an unknown one is refused.
    let leads = f
        .reviews
        .rounds
        .round_exclusions(1, Some(lead.id))
        .await
        .unwrap();
    assert!(!leads.is_empty() && leads.iter().all(|e| e.reviewer == lead.id));
    assert!(matches!(
        f.reviews
            .rounds
            .round_exclusions(1, Some(ReviewerId::random()))
            .await,
        Err(ReviewError::UnknownReviewer)
    ));
}

#[tokio::test]
async fn further_organizations_are_capped_and_named_when_blank() {
    let f = fixture();
    let new = |excluded: Vec<String>| NewReviewer {
        language: String::new(),
        name: "Ana".into(),
        email: "ana@example.org".into(),
        country: "BR".into(),
        organization: "Institute".into(),
        excluded_organizations: excluded,
        areas: vec![],
    };
    for (excluded, field) in [
        (vec!["x".to_string(); 21], "excluded_organizations"),
        (vec!["Fine".into(), " ".into()], "excluded_organizations[1]"),
        (
            vec!["y".repeat(MAX_NAME_CHARS + 1)],
            "excluded_organizations[0]",
        ),
    ] {
        match f
            .reviews
            .registry
            .register_reviewer(new(excluded), ORGANIZER)
            .await
        {
            Err(ReviewError::Invalid(e)) => assert_eq!(e.field, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}
