use super::file::invalid;
use super::*;

#[test]
fn the_builtin_campaign_is_its_toml_file() {
    // builtin() reads the JSON build.rs made; a campaign file is read as TOML.
    let from_json = format!("{:?}", Campaign::builtin());
    let from_toml = format!("{:?}", Campaign::from_toml(BUILTIN_2024).unwrap());
    assert!(from_json.contains("Asia/Shanghai") && from_json.len() > 10_000);
    assert_eq!(from_json, from_toml);
}

#[test]
fn the_builtin_2024_campaign_is_valid() {
    let c = Campaign::from_toml(BUILTIN_2024).unwrap();
    assert_eq!(c.year, 2024);
    assert_eq!(c.areas.len(), 5);
    assert_eq!(c.review_rounds.len(), 2);
    assert_eq!((c.selection.collected, c.selection.outstanding), (60, 12));
    assert_eq!(c.min_countries, 2);
    let topics: Vec<&str> = c.faq.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        topics,
        [
            "event",
            "areas",
            "eligibility",
            "criteria",
            "benefits",
            "how_to_apply",
            "schedule",
            "contact"
        ]
    );
    assert_eq!(c.contact.email.as_str(), "practice@wicinternet.org");
    assert_eq!(c.reference_series(), "PC2024");
}

#[test]
fn the_deadline_ends_at_midnight_in_the_campaign_time_zone() {
    let c = Campaign::builtin();
    // 2024-06-21 00:00 in Shanghai is 2024-06-20 16:00 UTC.
    assert_eq!(c.closes_at().to_string(), "2024-06-20T16:00:00Z");
    assert!(c.is_open("2024-06-20T15:59:59Z".parse().unwrap()));
    assert!(!c.is_open("2024-06-20T16:00:00Z".parse().unwrap()));
    assert_eq!(c.deadline_text(Lang::En), "20 June 2024");
    assert_eq!(c.deadline_text(Lang::Zh), "2024年6月20日");
}

#[test]
fn earlier_cases_match_whatever_the_case_and_punctuation() {
    let c = Campaign::builtin();
    let named = |n: &str| c.earlier_case_named(n).map(|e| (e.name, e.year));
    assert_eq!(
        named("  digital dunhuang "),
        Some(("Digital DunHuang".into(), None))
    );
    assert_eq!(
        named("ADC - Asia Direct Cable"),
        Some(("ADC (Asia Direct Cable)".into(), None))
    );
    assert_eq!(named("Digital Dunhuang 2"), None);
}

#[test]
fn cases_collected_here_match_in_either_language_and_name_their_year() {
    let c = Campaign::builtin().with_earlier_collections(vec![super::EarlierCase {
        name: "乡村互联 Village Links".into(),
        year: Some(2024),
    }]);
    let year = |n: &str| c.earlier_case_named(n).and_then(|e| e.year);
    assert_eq!(year("Village Links!"), Some(2024), "the English part alone");
    assert_eq!(year("乡村互联"), Some(2024), "the Chinese part alone");
    assert_eq!(
        year("VILLAGE   links 乡村互联"),
        Some(2024),
        "both, in any order"
    );
    assert_eq!(year("Village"), None, "a common word is not a name");
    assert_eq!(year("Links of Villages"), None);
    // The file's own list still counts, without a year.
    assert_eq!(
        c.earlier_case_named("Digital DunHuang").map(|e| e.year),
        Some(None)
    );
}

fn with(from: &str, to: &str) -> Result<Campaign, CampaignError> {
    assert!(BUILTIN_2024.contains(from), "test edit {from:?} not found");
    Campaign::from_toml(&BUILTIN_2024.replacen(from, to, 1))
}

#[test]
fn a_bad_time_zone_is_named() {
    let err = with(
        "time_zone = \"Asia/Shanghai\"",
        "time_zone = \"Mars/Olympus\"",
    )
    .unwrap_err();
    assert!(
        matches!(&err, CampaignError::Invalid { key, .. } if key == "time_zone"),
        "{err}"
    );
    assert!(err.to_string().contains("Mars/Olympus"));
}

#[test]
fn a_missing_key_is_named_with_its_line() {
    let err = with("year = 2024\n", "").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("missing field `year`"), "{text}");
}

#[test]
fn an_unknown_key_is_named() {
    let err = with("min_countries = 2", "min_countries = 2\nmin_contries = 3").unwrap_err();
    assert!(err.to_string().contains("min_contries"), "{err}");
}

#[test]
fn a_wrong_date_names_its_key() {
    let err = with(
        "application_deadline = \"2024-06-20\"",
        "application_deadline = \"2024-13-40\"",
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("application_deadline"), "{text}");
}

#[test]
fn a_zero_word_limit_is_refused() {
    let err = with("word_limit = 500", "word_limit = 0").unwrap_err();
    assert_eq!(
        err,
        invalid("sections.background.word_limit", "must be at least 1")
    );
}

#[test]
fn the_daily_mail_allowance_of_an_address_is_read_and_bounded() {
    let read = with(
        "max_mails_per_address_per_day = 10",
        "max_mails_per_address_per_day = 3",
    )
    .unwrap();
    assert_eq!(read.max_mails_per_address_per_day(), 3);
    for bad in ["0", "101"] {
        let err = with(
            "max_mails_per_address_per_day = 10",
            &format!("max_mails_per_address_per_day = {bad}"),
        )
        .unwrap_err();
        assert_eq!(
            err,
            invalid(
                "max_mails_per_address_per_day",
                "must be 1 to 100 (10 by default)"
            )
        );
    }
}

#[test]
fn duplicate_area_ids_are_refused() {
    let err = with("id = \"culture\"", "id = \"infrastructure\"").unwrap_err();
    assert!(
        matches!(&err, CampaignError::Invalid { key, .. } if key == "areas[1].id"),
        "{err}"
    );
}

#[test]
fn an_empty_translation_is_refused() {
    let err = with("zh = \"世界互联网大会\"", "zh = \" \"").unwrap_err();
    assert_eq!(
        err,
        invalid("organizer.zh", "is empty; write the Chinese text")
    );
}

#[test]
fn review_rounds_must_be_numbered_in_order() {
    let err = with("number = 2", "number = 3").unwrap_err();
    assert!(
        matches!(&err, CampaignError::Invalid { key, .. } if key == "review_rounds[1].number"),
        "{err}"
    );
}

#[test]
fn the_review_is_staffed_and_scored_as_the_file_says() {
    let c = Campaign::builtin();
    assert_eq!(c.review().reviewers_per_case, 3);
    assert_eq!(c.review().conflict, ConflictRule::InvolvedCountries);
    let fit = &c.criteria()[0];
    assert_eq!((fit.scale, fit.weight), ([1, 10], 1.0));
    assert!(fit.accepts(1) && fit.accepts(10) && !fit.accepts(0) && !fit.accepts(11));
    // Criteria without a scale or weight take 1-10 and 1.
    assert_eq!(c.criteria()[2].scale, [1, 10]);
    assert_eq!(c.criteria()[2].weight, 1.0);
    assert_eq!(c.review_round(2).map(|r| r.number), Some(2));
    assert!(c.review_round(3).is_none());
    let narrowed = with(
        "conflict = \"involved_countries\"",
        "conflict = \"lead_country\"",
    )
    .unwrap();
    assert_eq!(narrowed.review().conflict, ConflictRule::LeadCountry);
}

#[test]
fn a_bad_scale_weight_or_reviewer_count_is_named() {
    let err = with("scale = [1, 10]", "scale = [5, 5]").unwrap_err();
    assert!(
        matches!(&err, CampaignError::Invalid { key, .. } if key == "criteria[0].scale"),
        "{err}"
    );
    let err = with("weight = 1\n", "weight = -2\n").unwrap_err();
    assert!(
        matches!(&err, CampaignError::Invalid { key, .. } if key == "criteria[0].weight"),
        "{err}"
    );
    let err = with("reviewers_per_case = 3", "reviewers_per_case = 0").unwrap_err();
    assert_eq!(
        err,
        invalid("review.reviewers_per_case", "must be between 1 and 20")
    );
    let err = with(
        "conflict = \"involved_countries\"",
        "conflict = \"friends\"",
    )
    .unwrap_err();
    assert!(err.to_string().contains("conflict"), "{err}");
}
