//! A review round ready to use, on any store: three cases submitted in May (led from
//! China, Brazil and Germany), two reviewers (Brazil, Egypt) registered, round 1 assigned
//! with two reviewers per case where the conflicts allow, and the tokens to sign in with
//! the same keys the functions under test are given (`CASEBOOK_REVIEWER_KEY`, …).

use std::sync::Arc;

use casebook_core::review::{NewReviewer, ReviewServices};
use casebook_core::{
    AccessTokens, ApplicationPatch, ApplicationService, Campaign, FixedClock, NewOrganizer,
    OrganizerService, Store, Stores,
};

/// The signing keys the functions under test get (`CASEBOOK_REVIEWER_KEY`,
/// `CASEBOOK_ORGANIZER_KEY`, `CASEBOOK_OPT_OUT_KEY`): 32 random bytes each in base64, made
/// for these tests only.
pub const REVIEWER_KEY: &str = "Z+iDK30hUozD313aux+D48VrWMJu6DsOkeNzhAJWVtA=";
pub const ORGANIZER_KEY: &str = "VaY8ypwGaBh5hFBFZwN85f/yZHaIkopOYByMX/rYJWs=";
pub const OPT_OUT_KEY: &str = "batRtMM84aLgp8OiMW2YcpmZTmg+pEj6ik3yLAxGJqg=";

/// Each role's test key, in the variable a function reads it from.
pub fn key_env() -> Vec<(&'static str, String)> {
    vec![
        ("CASEBOOK_REVIEWER_KEY", REVIEWER_KEY.to_string()),
        ("CASEBOOK_ORGANIZER_KEY", ORGANIZER_KEY.to_string()),
        ("CASEBOOK_OPT_OUT_KEY", OPT_OUT_KEY.to_string()),
    ]
}

/// Tokens signed with the test keys, as the functions under test sign them.
pub fn test_tokens() -> anyhow::Result<AccessTokens> {
    use casebook_core::Role;
    use casebook_core::access::key_from_base64;
    let keys = casebook_core::GivenKeys::default()
        .with(Role::Reviewer, &key_from_base64(REVIEWER_KEY)?)?
        .with(Role::Organizer, &key_from_base64(ORGANIZER_KEY)?)?
        .with(Role::OptOut, &key_from_base64(OPT_OUT_KEY)?)?;
    Ok(AccessTokens::new(Arc::new(keys)))
}
pub const JULY: &str = "2024-07-02T09:00:00+08:00";
/// The organizer the round is seeded by (the registry's first), whose token it returns.
pub const ORGANIZER: &str = "org@example.org";

/// The settings a review function under test gets besides the Lambda runtime's and its
/// keys' ([`key_env`], or the secrets that hold them).
pub fn function_env(table: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CASEBOOK_TABLE", table.to_string()),
        ("CASEBOOK_NOW", JULY.to_string()),
        ("CASEBOOK_REHEARSAL", "1".to_string()),
        (
            "CASEBOOK_PUBLIC_URL",
            "https://abc123.execute-api.eu-west-1.amazonaws.com".to_string(),
        ),
    ]
}

pub struct SeededRound {
    /// Case ids, by reference order.
    pub cases: Vec<String>,
    /// Cleo's (Egypt) sign-in token: she has all three cases.
    pub reviewer_token: String,
    pub organizer_token: String,
}

fn case(name: &str, lead: &str, partner: &str) -> ApplicationPatch {
    serde_json::from_value(complete_case_json(name, lead, partner)).expect("a valid patch")
}

/// A complete case led from `lead` with one partner in `partner`, in the infrastructure
/// area, its four sections each a heading and a sentence: the JSON an applicant sends.
pub fn complete_case_json(name: &str, lead: &str, partner: &str) -> serde_json::Value {
    let s = |h: &str| {
        format!(
            "{h}\nTwo partners connected remote villages, trained local technicians to run the network and helped shops sell their goods online across the region."
        )
    };
    serde_json::json!({
        "practice_name": name,
        "lead_organization": {"name": format!("{name} Lead"), "country": lead},
        "partners": [{"name": format!("{name} Partner"), "country": partner}],
        "countries": [lead, partner],
        "area": "infrastructure",
        "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
    })
}

pub async fn seed_round_one(store: Arc<dyn Store>) -> anyhow::Result<SeededRound> {
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse()?));
    let stores = Stores::backed_by(store);
    let campaign = Arc::new(Campaign::builtin());
    let applications = ApplicationService::new(&stores, clock.clone(), campaign.clone());
    let mut cases = Vec::new();
    for (name, lead, partner) in [
        ("Village Links", "CN", "KE"),
        ("Rio Mesh", "BR", "FR"),
        ("Solar Schools", "DE", "KE"),
    ] {
        let (app, token) = applications
            .create_draft(case(name, lead, partner), casebook_core::Lang::En)
            .await?;
        applications
            .submit(app.id, &token, casebook_core::Lang::En)
            .await?;
        cases.push(app.id.to_string());
    }
    clock.set(JULY.parse()?);
    let tokens = Arc::new(test_tokens()?);
    let organizers = OrganizerService::new(
        &stores,
        clock.clone(),
        campaign.clone(),
        tokens.clone(),
        "https://example.org/console".into(),
    );
    let (organizer, organizer_link) = organizers
        .register(
            NewOrganizer {
                name: "Org Anizer".into(),
                email: ORGANIZER.into(),
            },
            7,
            None,
        )
        .await?;
    let reviews = ReviewServices::new(
        &stores,
        clock,
        campaign,
        tokens,
        "https://example.org/review".into(),
        None,
        None,
    );
    let by = organizer.audit_name();
    let mut reviewer_token = String::new();
    for (name, email, country) in [
        ("Ana Souza", "ana@example.org", "BR"),
        ("Cleo Nasser", "cleo@example.org", "EG"),
    ] {
        let (_, link) = reviews
            .registry
            .register_reviewer(
                NewReviewer {
                    language: String::new(),
                    name: name.into(),
                    email: email.into(),
                    country: country.into(),
                    organization: format!("{name} Institute"),
                    excluded_organizations: Vec::new(),
                    areas: vec![],
                },
                by,
            )
            .await?;
        reviewer_token = link.token;
    }
    reviews.rounds.assign_round(1, Some(2), by).await?;
    let organizer_token = organizer_link.token;
    Ok(SeededRound {
        cases,
        reviewer_token,
        organizer_token,
    })
}
