//! Eligibility and completeness rules. Each finding is a typed [`Problem`] naming the
//! field, with a stable code and a message (English or Chinese) that says how to fix it.

use jiff::Timestamp;

use crate::application::ApplicationContent;
use crate::campaign::Campaign;
use crate::field::{FieldPath, OrgPart};
pub use crate::problem::{FieldError, Problem, ProblemKind, ProblemView};
use crate::section::SectionKey;
pub use crate::text::{EXCERPT_CHARS, excerpt};
use crate::text::{LanguageVerdict, detect_english, paragraphs_without_heading, word_count};

/// What still blocks submission, and what is worth improving.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Review {
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks an application's content against the campaign's rules at `now`.
pub fn review(content: &ApplicationContent, campaign: &Campaign, now: Timestamp) -> Review {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let missing = |field: FieldPath| Problem::new(field, ProblemKind::Missing);

    match &content.practice_name {
        None => problems.push(missing(FieldPath::PracticeName)),
        Some(name) => {
            if let Some(earlier) = campaign.earlier_case_named(name) {
                problems.push(Problem::new(
                    FieldPath::PracticeName,
                    ProblemKind::AlreadyCollected {
                        earlier: earlier.name,
                        year: earlier.year,
                    },
                ));
            }
        }
    }

    check_organizations(content, campaign, &mut problems, &mut warnings);

    if content.area.is_none() {
        problems.push(missing(FieldPath::Area));
    }

    for key in SectionKey::ALL {
        check_section(content, campaign, key, &mut problems, &mut warnings);
    }

    if content.contact.name.is_none() {
        problems.push(missing(FieldPath::ContactName));
    }
    if content.contact.email.is_none() {
        problems.push(missing(FieldPath::ContactEmail));
    }

    if !campaign.is_open(now) {
        problems.push(Problem::new(
            FieldPath::Deadline,
            ProblemKind::DeadlinePassed,
        ));
    }
    Review { problems, warnings }
}

/// The lead organization, the countries and the partners.
fn check_organizations(
    content: &ApplicationContent,
    campaign: &Campaign,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let missing = |field: FieldPath| Problem::new(field, ProblemKind::Missing);
    let lead = &content.lead_organization;
    if lead.name.is_none() {
        problems.push(missing(FieldPath::LeadOrganization(OrgPart::Name)));
    }
    if lead.country.is_none() {
        problems.push(missing(FieldPath::LeadOrganization(OrgPart::Country)));
    }

    if content.countries.is_empty() {
        problems.push(missing(FieldPath::Countries));
    } else if content.countries.len() < campaign.min_countries() {
        problems.push(Problem::new(
            FieldPath::Countries,
            ProblemKind::TooFewCountries {
                count: content.countries.len(),
                min: campaign.min_countries(),
            },
        ));
    }
    let orgs = std::iter::once((FieldPath::LeadOrganization(OrgPart::Country), lead)).chain(
        content
            .partners
            .iter()
            .enumerate()
            .map(|(i, p)| (FieldPath::Partner(i, OrgPart::Country), p)),
    );
    for (field, org) in orgs {
        if let Some(country) = org.country
            && !content.countries.is_empty()
            && !content.countries.contains(&country)
        {
            problems.push(Problem::new(
                field,
                ProblemKind::CountryNotListed { country },
            ));
        }
    }
    for (i, p) in content.partners.iter().enumerate() {
        if p.name.is_none() {
            problems.push(missing(FieldPath::Partner(i, OrgPart::Name)));
        }
        if p.country.is_none() {
            problems.push(missing(FieldPath::Partner(i, OrgPart::Country)));
        }
    }
    if content.partners.is_empty() {
        warnings.push(Problem::new(FieldPath::Partners, ProblemKind::NoPartners));
    }
}

/// One section: there, within its word limits, in English, each paragraph under a
/// heading (a warning).
fn check_section(
    content: &ApplicationContent,
    campaign: &Campaign,
    key: SectionKey,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let field = FieldPath::Section(key);
    let Some(text) = content.sections.get(key) else {
        problems.push(Problem::new(field, ProblemKind::Missing));
        return;
    };
    let words = word_count(text);
    let spec = campaign.sections().get(key);
    let limit = spec.word_limit;
    if words < spec.min_words {
        problems.push(Problem::new(
            field.clone(),
            ProblemKind::TooFewWords {
                words,
                min: spec.min_words,
            },
        ));
    }
    if words > limit {
        problems.push(Problem::new(
            field.clone(),
            ProblemKind::TooManyWords { words, limit },
        ));
    }
    if let LanguageVerdict::Other(detected) = detect_english(text) {
        problems.push(Problem::new(
            field.clone(),
            ProblemKind::NotEnglish { detected },
        ));
    }
    let bare = paragraphs_without_heading(text);
    if !bare.is_empty() {
        warnings.push(Problem::new(
            field.clone(),
            ProblemKind::MissingHeading { paragraphs: bare },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::ApplicationPatch;
    use crate::lang::Lang;

    const OPEN: &str = "2024-05-01T00:00:00Z";

    fn section(heading: &str) -> String {
        format!(
            "{heading}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    }

    fn complete() -> serde_json::Value {
        serde_json::json!({
            "practice_name": "Village Links",
            "lead_organization": {"name": "Example Telecom", "country": "CN"},
            "partners": [{"name": "Example Networks Kenya", "country": "Kenya"}],
            "countries": ["CN", "KE", "BR"],
            "area": "infrastructure",
            "sections": {
                "background": section("Why we started"),
                "cooperation": section("Who works together"),
                "modalities": section("How it is done"),
                "benefits": section("What changed")
            },
            "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
        })
    }

    fn review_of(json: serde_json::Value, now: &str) -> Review {
        let campaign = Campaign::builtin();
        let patch: ApplicationPatch = serde_json::from_value(json).unwrap();
        let content = patch
            .apply(&ApplicationContent::default(), &campaign)
            .unwrap();
        review(&content, &campaign, now.parse().unwrap())
    }

    fn codes(problems: &[Problem]) -> Vec<(String, &'static str)> {
        problems
            .iter()
            .map(|p| (p.field.to_string(), p.code()))
            .collect()
    }

    #[test]
    fn a_complete_application_before_the_deadline_is_ready() {
        let r = review_of(complete(), OPEN);
        assert_eq!(codes(&r.problems), vec![]);
        assert_eq!(codes(&r.warnings), vec![]);
        assert!(r.is_ready());
    }

    #[test]
    fn an_empty_draft_lists_every_missing_answer() {
        let r = review_of(serde_json::json!({}), OPEN);
        let fields: Vec<String> = r.problems.iter().map(|p| p.field.to_string()).collect();
        assert_eq!(
            fields,
            [
                "practice_name",
                "lead_organization.name",
                "lead_organization.country",
                "countries",
                "area",
                "sections.background",
                "sections.cooperation",
                "sections.modalities",
                "sections.benefits",
                "contact.name",
                "contact.email"
            ]
        );
        assert!(r.problems.iter().all(|p| p.code() == "missing"));
    }

    #[test]
    fn one_country_is_not_enough() {
        let mut app = complete();
        app["countries"] = serde_json::json!(["China"]);
        app["partners"] = serde_json::json!([{"name": "Example Networks", "country": "CN"}]);
        let r = review_of(app, OPEN);
        assert_eq!(
            codes(&r.problems),
            vec![("countries".to_string(), "too_few_countries")]
        );
        let campaign = Campaign::builtin();
        assert!(
            r.problems[0]
                .message(&campaign, Lang::En)
                .contains("at least 2 countries")
        );
        assert!(
            r.problems[0]
                .message(&campaign, Lang::Zh)
                .contains("至少2个国家")
        );
    }

    #[test]
    fn organizations_must_be_in_the_listed_countries() {
        let mut app = complete();
        app["partners"] = serde_json::json!([{"name": "Example Networks Peru", "country": "Peru"}]);
        let r = review_of(app, OPEN);
        assert_eq!(
            codes(&r.problems),
            vec![("partners[0].country".to_string(), "country_not_listed")]
        );
        let msg = r.problems[0].message(&Campaign::builtin(), Lang::En);
        assert!(msg.contains("Peru (PE)"), "{msg}");
    }

    #[test]
    fn a_section_of_a_few_words_blocks_submission_with_the_minimum() {
        let mut app = complete();
        app["sections"]["benefits"] = serde_json::json!("Benefits\nMany.");
        let r = review_of(app, OPEN);
        assert_eq!(
            codes(&r.problems),
            vec![("sections.benefits".to_string(), "too_few_words")]
        );
        let campaign = Campaign::builtin();
        let min = campaign.sections().benefits.min_words;
        assert!(min > 2);
        let msg = r.problems[0].message(&campaign, Lang::En);
        assert!(
            msg.contains(&format!("has 2 words; please write at least {min}")),
            "{msg}"
        );
    }

    #[test]
    fn echoed_input_is_cut_to_a_short_excerpt() {
        let given = "x".repeat(4_000);
        let p = Problem::new(FieldPath::Area, ProblemKind::UnknownArea { given });
        let msg = p.message(&Campaign::builtin(), Lang::En);
        assert!(msg.len() < 300, "{} characters", msg.len());
        assert!(msg.contains(&format!("{}…", "x".repeat(EXCERPT_CHARS))));
    }

    #[test]
    fn a_section_over_its_word_limit_says_by_how_much() {
        let mut app = complete();
        app["sections"]["background"] =
            serde_json::json!(format!("Background\n{}", "word ".repeat(510)));
        let r = review_of(app, OPEN);
        assert_eq!(
            codes(&r.problems),
            vec![("sections.background".to_string(), "too_many_words")]
        );
        let msg = r.problems[0].message(&Campaign::builtin(), Lang::En);
        assert_eq!(
            msg,
            "Case Background has 511 words; the limit is 500. Please shorten it by 11 words."
        );
    }

    #[test]
    fn a_section_not_in_english_is_refused() {
        let mut app = complete();
        app["sections"]["benefits"] = serde_json::json!(
            "项目成效\n该项目为非洲偏远地区的村庄接通了互联网，并培训当地技术人员维护网络。"
        );
        let r = review_of(app, OPEN);
        assert_eq!(
            codes(&r.problems),
            vec![("sections.benefits".to_string(), "not_english")]
        );
        app = complete();
        app["sections"]["cooperation"] = serde_json::json!(
            "Cooperación\nLos socios conectaron aldeas remotas a Internet, capacitaron a técnicos locales para mantener la red y ayudaron a las tiendas a vender en línea."
        );
        let r = review_of(app, OPEN);
        assert_eq!(
            codes(&r.problems),
            vec![("sections.cooperation".to_string(), "not_english")]
        );
    }

    #[test]
    fn a_paragraph_without_heading_is_a_warning_not_a_block() {
        let mut app = complete();
        app["sections"]["modalities"] = serde_json::json!(
            "We deployed solar-powered base stations in forty villages together with our partners in Kenya, and trained local people to run them."
        );
        let r = review_of(app, OPEN);
        assert!(r.is_ready());
        assert_eq!(
            codes(&r.warnings),
            vec![("sections.modalities".to_string(), "missing_heading")]
        );
    }

    #[test]
    fn a_case_from_an_earlier_collection_is_not_eligible() {
        let mut app = complete();
        app["practice_name"] = serde_json::json!("digital  dunhuang");
        let r = review_of(app, OPEN);
        assert_eq!(
            codes(&r.problems),
            vec![("practice_name".to_string(), "already_collected")]
        );
    }

    #[test]
    fn after_the_deadline_nothing_is_ready_and_the_date_is_given() {
        let r = review_of(complete(), "2024-06-20T16:00:00Z");
        assert_eq!(
            codes(&r.problems),
            vec![("deadline".to_string(), "deadline_passed")]
        );
        let msg = r.problems[0].message(&Campaign::builtin(), Lang::En);
        assert!(msg.contains("20 June 2024"), "{msg}");
    }

    #[test]
    fn no_partner_is_a_warning() {
        let mut app = complete();
        app["partners"] = serde_json::json!([]);
        let r = review_of(app, OPEN);
        assert!(r.is_ready());
        assert_eq!(
            codes(&r.warnings),
            vec![("partners".to_string(), "no_partners")]
        );
    }
}
