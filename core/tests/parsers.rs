//! Property tests of core's parsers of outside input: whatever arrives never panics, and
//! what casebook writes reads back as it was. (Country names, JSON merge patches,
//! campaign files, sign-in tokens, e-mail addresses, stored owners and token hashes.)

use casebook_core::application::{ApplicationContent, ApplicationPatch};
use casebook_core::{AccessTokens, Campaign, CountryCode, EditToken, Email, Lang, Owner, Role};
use jiff::SignedDuration;
use proptest::prelude::*;
use serde_json::Value;

const BUILTIN: &str = include_str!("../campaigns/2024.toml");

/// JSON of any shape, a few levels deep, with the keys a patch knows among others.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("practice_name".to_string()),
        Just("lead_organization".to_string()),
        Just("partners".to_string()),
        Just("countries".to_string()),
        Just("country".to_string()),
        Just("name".to_string()),
        Just("area".to_string()),
        Just("sections".to_string()),
        Just("background".to_string()),
        Just("contact".to_string()),
        Just("email".to_string()),
        "[a-z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("KE"),
            Just("肯尼亚"),
            Just("Kenya"),
            Just("KEN"),
            Just("Atlantis")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_as_a_country_is_parsed_or_refused_without_panic(text in ".{0,120}") {
        if let Ok(code) = CountryCode::parse(&text) {
            // Whatever is accepted reads back the same from its own code.
            prop_assert_eq!(CountryCode::parse(code.as_str()).ok(), Some(code));
        }
    }

    #[test]
    fn any_json_as_a_patch_is_applied_or_refused_without_panic(value in json()) {
        let campaign = Campaign::builtin();
        if let Ok(patch) = serde_json::from_value::<ApplicationPatch>(value) {
            let _ = patch.apply(&ApplicationContent::default(), &campaign);
        }
    }

    #[test]
    fn any_text_as_a_campaign_file_is_loaded_or_refused_without_panic(text in ".{0,400}") {
        let _ = Campaign::from_toml(&text);
    }

    #[test]
    fn a_campaign_file_with_a_line_dropped_or_changed_never_panics(
        line in 0usize..400,
        replacement in prop_oneof![Just(String::new()), ".{0,30}", Just("word_limit = -1".to_string()), Just("scale = [10, 1]".to_string())],
    ) {
        let lines: Vec<&str> = BUILTIN.lines().collect();
        let at = line % lines.len();
        let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        changed[at] = replacement;
        let _ = Campaign::from_toml(&changed.join("\n"));
    }

    #[test]
    fn any_text_as_a_token_is_refused_without_panic(text in ".{0,3000}") {
        let tokens = test_tokens();
        for role in [Role::Reviewer, Role::Organizer, Role::OptOut] {
            prop_assert!(block_on(tokens.verify(&text, role)).is_err());
        }
    }

    #[test]
    fn an_issued_token_reads_back_for_its_role_only(subject in ".{1,80}", generation in any::<u32>()) {
        let tokens = test_tokens();
        let (token, _) = block_on(tokens.issue(Role::Reviewer, &subject, generation, SignedDuration::from_hours(1))).unwrap();
        let grant = block_on(tokens.verify(&token, Role::Reviewer)).unwrap();
        prop_assert_eq!(grant.subject, subject);
        prop_assert_eq!(grant.generation, generation);
        prop_assert!(block_on(tokens.verify(&token, Role::Organizer)).is_err());
    }

    #[test]
    fn any_text_as_an_email_is_parsed_or_refused_and_reads_back(text in ".{0,300}") {
        if let Ok(email) = Email::parse(&text) {
            prop_assert_eq!(Email::parse(email.as_str()).ok(), Some(email));
        }
    }

    #[test]
    fn stored_owners_and_token_hashes_read_back(chat in "[a-z]{1,10}:[0-9]{1,12}", text in ".{0,80}") {
        let owner = Owner::Chat(chat);
        prop_assert_eq!(Owner::parse_stored(&owner.to_stored()), Some(owner));
        let hash = EditToken::presented(&text).hash();
        prop_assert!(casebook_core::TokenHash::from_hex(&hash.to_hex()) == Some(hash));
        let _ = Owner::parse_stored(&text);
        let _ = casebook_core::TokenHash::from_hex(&text);
    }
}

#[test]
fn every_country_reads_back_from_its_code_and_both_names() {
    let mut count = 0;
    for code in casebook_core::country::all() {
        for form in [
            code.as_str().to_string(),
            code.as_str().to_lowercase(),
            code.name(Lang::En).to_string(),
            code.name(Lang::En).to_uppercase(),
            code.name(Lang::Zh).to_string(),
        ] {
            assert_eq!(CountryCode::parse(&form).ok(), Some(code), "{form}");
        }
        count += 1;
    }
    assert!(count > 200, "{count} countries");
}

/// Runs a token check (async: keys may be fetched) to its end.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(future)
}

/// Tokens with a key per role, as a program given all three holds them.
fn test_tokens() -> AccessTokens {
    let mut keys = casebook_core::GivenKeys::default();
    for (i, role) in Role::ALL.into_iter().enumerate() {
        keys = keys.with(role, &[5 + i as u8; 32]).unwrap();
    }
    AccessTokens::new(std::sync::Arc::new(keys))
}
