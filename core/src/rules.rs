//! Eligibility and completeness rules. Each finding is a typed [`Problem`] naming the
//! field, with a stable code and a message (English or Chinese) that says how to fix it.

use jiff::Timestamp;
use serde::Serialize;

use crate::application::{ApplicationContent, SectionKey};
use crate::campaign::Campaign;
use crate::country::{CountryCode, UnknownCountry};
use crate::lang::Lang;
use crate::text::{LanguageVerdict, detect_english, paragraphs_without_heading, word_count};

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// A required answer is missing.
    Missing,
    TooFewCountries {
        count: usize,
        min: usize,
    },
    /// An organization's country is not among the countries involved.
    CountryNotListed {
        country: CountryCode,
    },
    TooManyWords {
        words: usize,
        limit: usize,
    },
    /// A section shorter than the campaign's minimum: not yet a description of the case.
    TooFewWords {
        words: usize,
        min: usize,
    },
    NotEnglish {
        detected: &'static str,
    },
    AlreadyCollected {
        earlier: String,
    },
    DeadlinePassed,
    /// Warning: paragraphs (1-based) that do not start under a heading.
    MissingHeading {
        paragraphs: Vec<usize>,
    },
    /// Warning: a joint application scores higher on international cooperativeness.
    NoPartners,
    // Input that cannot be stored at all:
    UnknownCountry(UnknownCountry),
    UnknownArea {
        given: String,
    },
    InvalidEmail {
        given: String,
    },
    /// A name without a single letter ("." or "-").
    NoLetter {
        given: String,
    },
    TooLong {
        chars: usize,
        max: usize,
    },
    TooMany {
        count: usize,
        max: usize,
    },
    /// The contact e-mail already has the campaign's most open drafts.
    TooManyDrafts {
        max: usize,
    },
}

/// One finding about one field.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: String,
    pub kind: ProblemKind,
}

/// A problem input error that refuses a write; same shape as the findings.
pub type FieldError = Problem;

/// A problem as JSON: `{field, code, message}`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemView {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            field: field.into(),
            kind,
        }
    }

    pub fn code(&self) -> &'static str {
        match &self.kind {
            ProblemKind::Missing => "missing",
            ProblemKind::TooFewCountries { .. } => "too_few_countries",
            ProblemKind::CountryNotListed { .. } => "country_not_listed",
            ProblemKind::TooManyWords { .. } => "too_many_words",
            ProblemKind::TooFewWords { .. } => "too_few_words",
            ProblemKind::NotEnglish { .. } => "not_english",
            ProblemKind::AlreadyCollected { .. } => "already_collected",
            ProblemKind::DeadlinePassed => "deadline_passed",
            ProblemKind::MissingHeading { .. } => "missing_heading",
            ProblemKind::NoPartners => "no_partners",
            ProblemKind::UnknownCountry(_) => "unknown_country",
            ProblemKind::UnknownArea { .. } => "unknown_area",
            ProblemKind::InvalidEmail { .. } => "invalid_email",
            ProblemKind::NoLetter { .. } => "no_letter",
            ProblemKind::TooLong { .. } => "too_long",
            ProblemKind::TooMany { .. } => "too_many",
            ProblemKind::TooManyDrafts { .. } => "too_many_drafts",
        }
    }

    pub fn view(&self, campaign: &Campaign, lang: Lang) -> ProblemView {
        ProblemView {
            field: self.field.clone(),
            code: self.code(),
            message: self.message(campaign, lang),
        }
    }

    /// A short, friendly sentence saying what is wrong and how to fix it.
    pub fn message(&self, campaign: &Campaign, lang: Lang) -> String {
        let label = field_label(&self.field, campaign, lang);
        match (&self.kind, lang) {
            (ProblemKind::Missing, Lang::En) => format!("{label} is missing. Please fill it in."),
            (ProblemKind::Missing, Lang::Zh) => format!("请填写{label}。"),
            (ProblemKind::TooFewCountries { count, min }, Lang::En) => format!(
                "The case must be carried out in at least {min} countries or regions; {count} {} listed. Add every country where it is implemented.",
                if *count == 1 { "is" } else { "are" }
            ),
            (ProblemKind::TooFewCountries { count, min }, Lang::Zh) => {
                format!("案例须在至少{min}个国家（地区）实施，目前只填写了{count}个。请补充所有实施国家。")
            }
            (ProblemKind::CountryNotListed { country }, Lang::En) => format!(
                "{label} is {} ({country}), which is not among the countries involved. Add it to the countries, or correct the organization's country.",
                country.name(Lang::En)
            ),
            (ProblemKind::CountryNotListed { country }, Lang::Zh) => format!(
                "{label}为{}（{country}），但它不在涉及国家中。请把它加入涉及国家，或更正机构所在国家。",
                country.name(Lang::Zh)
            ),
            (ProblemKind::TooManyWords { words, limit }, Lang::En) => format!(
                "{label} has {words} words; the limit is {limit}. Please shorten it by {} words.",
                words - limit
            ),
            (ProblemKind::TooManyWords { words, limit }, Lang::Zh) => {
                format!("{label}共{words}个词，上限为{limit}个。请删减{}个词。", words - limit)
            }
            (ProblemKind::TooFewWords { words, min }, Lang::En) => format!(
                "{label} has {words} words; please write at least {min}, so the reviewers can understand the case."
            ),
            (ProblemKind::TooFewWords { words, min }, Lang::Zh) => {
                format!("{label}只有{words}个词，请至少写{min}个词，以便评审专家了解案例。")
            }
            (ProblemKind::NotEnglish { detected }, Lang::En) => format!(
                "{label} seems to be written in {detected}. The review committee is international: please write it in English."
            ),
            (ProblemKind::NotEnglish { .. }, Lang::Zh) => {
                format!("{label}似乎不是英文。评审委员会由国际专家组成，请用英文填写。")
            }
            (ProblemKind::AlreadyCollected { earlier }, Lang::En) => format!(
                "\"{earlier}\" is already in an earlier Collection of Practice Cases, so it cannot apply again. If this is a different case, give it a name of its own."
            ),
            (ProblemKind::AlreadyCollected { earlier }, Lang::Zh) => {
                format!("“{earlier}”已入选往届《实践案例集》，不能再次申报。如果是另一个案例，请为它另起名称。")
            }
            (ProblemKind::DeadlinePassed, Lang::En) => format!(
                "The call closed on {} (end of day, {} time). Applications can no longer be submitted.",
                campaign.deadline_text(Lang::En),
                campaign.time_zone()
            ),
            (ProblemKind::DeadlinePassed, Lang::Zh) => format!(
                "本次征集已于{}（{}时间）截止，无法再提交申报。",
                campaign.deadline_text(Lang::Zh),
                campaign.time_zone()
            ),
            (ProblemKind::MissingHeading { paragraphs }, Lang::En) => format!(
                "In {label}, paragraph {} has no heading. Start each paragraph with a short heading that sums it up: a line of its own, or a few words and a colon (\"Origins: ...\").",
                join_numbers(paragraphs, "and")
            ),
            (ProblemKind::MissingHeading { paragraphs }, Lang::Zh) => format!(
                "{label}的第{}段没有标题。请在每段前加一个概括该段内容的小标题：单独一行，或几个词加冒号（如“Origins: ...”）。",
                join_numbers(paragraphs, "、")
            ),
            (ProblemKind::NoPartners, Lang::En) => {
                "No partner organization is listed. Joint applications with international partners score higher.".to_string()
            }
            (ProblemKind::NoPartners, Lang::Zh) => "尚未填写合作机构。与国际伙伴联合申报会获得更高评价。".to_string(),
            (ProblemKind::UnknownCountry(e), _) => e.message(lang),
            (ProblemKind::UnknownArea { given }, Lang::En) => format!(
                "\"{}\" is not an area of this call. Choose one of: {}.",
                excerpt(given),
                area_list(campaign)
            ),
            (ProblemKind::UnknownArea { given }, Lang::Zh) => format!(
                "“{}”不是本次征集的领域。请从以下选择：{}。",
                excerpt(given),
                area_list(campaign)
            ),
            (ProblemKind::TooManyDrafts { max }, Lang::En) => format!(
                "This e-mail address already has {max} unsubmitted drafts, the most one address may hold. Submit or withdraw one of them, or give another address."
            ),
            (ProblemKind::TooManyDrafts { max }, Lang::Zh) => format!(
                "此电子邮箱已有{max}份未提交的草稿，已达上限。请先提交或撤回其中一份，或填写其他邮箱。"
            ),
            (ProblemKind::InvalidEmail { given }, Lang::En) => format!(
                "\"{}\" is not a valid e-mail address. Write it like name@example.org.",
                excerpt(given)
            ),
            (ProblemKind::InvalidEmail { given }, Lang::Zh) => {
                format!("“{}”不是有效的邮箱地址，格式如 name@example.org。", excerpt(given))
            }
            (ProblemKind::NoLetter { given }, Lang::En) => format!(
                "\"{}\" is not a name. {label} needs at least one letter.",
                excerpt(given)
            ),
            (ProblemKind::NoLetter { given }, Lang::Zh) => {
                format!("“{}”不是名称：{label}至少要包含一个文字。", excerpt(given))
            }
            (ProblemKind::TooLong { chars, max }, Lang::En) => {
                format!("{label} is {chars} characters long; at most {max} are accepted. Please shorten it.")
            }
            (ProblemKind::TooLong { chars, max }, Lang::Zh) => {
                format!("{label}有{chars}个字符，最多接受{max}个。请缩短。")
            }
            (ProblemKind::TooMany { count, max }, Lang::En) => {
                format!("{label} lists {count} entries; at most {max} are accepted.")
            }
            (ProblemKind::TooMany { count, max }, Lang::Zh) => format!("{label}共{count}项，最多接受{max}项。"),
        }
    }
}

/// What an answer quotes back of the applicant's input: at most `EXCERPT_CHARS`
/// characters, so a pasted page never comes back whole.
pub const EXCERPT_CHARS: usize = 40;

pub fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

fn join_numbers(numbers: &[usize], and: &str) -> String {
    let parts: Vec<String> = numbers.iter().map(usize::to_string).collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() && and == "and" => {
            format!("{} and {last}", rest.join(", "))
        }
        _ => parts.join(if and == "and" { ", " } else { and }),
    }
}

fn area_list(campaign: &Campaign) -> String {
    campaign
        .areas()
        .iter()
        .map(|a| a.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name people know a field by, e.g. `sections.background` -> "Case Background".
pub fn field_label(field: &str, campaign: &Campaign, lang: Lang) -> String {
    if let Some(key) = field.strip_prefix("sections.")
        && let Some(k) = SectionKey::ALL.into_iter().find(|k| k.as_str() == key)
    {
        return campaign.sections().get(k).title.get(lang).to_string();
    }
    if let Some(rest) = field.strip_prefix("partners[")
        && let Some((n, sub)) = rest.split_once(']')
    {
        let n = n.parse::<usize>().map(|n| n + 1).unwrap_or(0);
        return match (sub, lang) {
            (".country", Lang::En) => format!("The country of partner {n}"),
            (".country", Lang::Zh) => format!("合作机构{n}的所在国家"),
            (_, Lang::En) => format!("The name of partner {n}"),
            (_, Lang::Zh) => format!("合作机构{n}的名称"),
        };
    }
    if let Some(rest) = field.strip_prefix("countries[") {
        let n = rest
            .trim_end_matches(']')
            .parse::<usize>()
            .map(|n| n + 1)
            .unwrap_or(0);
        return lang.pick(format!("Country {n}"), format!("第{n}个国家"));
    }
    let (en, zh) = match field {
        "practice_name" => ("The practice name", "实践名称"),
        "lead_organization.name" => ("The lead organization", "牵头机构"),
        "lead_organization.country" => ("The lead organization's country", "牵头机构所在国家"),
        "partners" => ("Partners", "合作机构"),
        "countries" => ("Countries involved", "涉及国家"),
        "area" => ("The area", "申报领域"),
        "contact.name" => ("The contact person's name", "联系人姓名"),
        "contact.email" => ("The contact e-mail", "联系人邮箱"),
        "collecting_organization" => ("The collecting organization", "征集机构"),
        other => (other, other),
    };
    lang.pick(en, zh).to_string()
}

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
    let missing = |field: &str| Problem::new(field, ProblemKind::Missing);

    match &content.practice_name {
        None => problems.push(missing("practice_name")),
        Some(name) => {
            if let Some(earlier) = campaign.earlier_case_named(name) {
                problems.push(Problem::new(
                    "practice_name",
                    ProblemKind::AlreadyCollected {
                        earlier: earlier.to_string(),
                    },
                ));
            }
        }
    }

    let lead = &content.lead_organization;
    if lead.name.is_none() {
        problems.push(missing("lead_organization.name"));
    }
    if lead.country.is_none() {
        problems.push(missing("lead_organization.country"));
    }

    if content.countries.is_empty() {
        problems.push(missing("countries"));
    } else if content.countries.len() < campaign.min_countries() {
        problems.push(Problem::new(
            "countries",
            ProblemKind::TooFewCountries {
                count: content.countries.len(),
                min: campaign.min_countries(),
            },
        ));
    }
    let orgs = std::iter::once(("lead_organization".to_string(), lead)).chain(
        content
            .partners
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("partners[{i}]"), p)),
    );
    for (field, org) in orgs {
        if let Some(country) = org.country
            && !content.countries.is_empty()
            && !content.countries.contains(&country)
        {
            problems.push(Problem::new(
                format!("{field}.country"),
                ProblemKind::CountryNotListed { country },
            ));
        }
    }
    for (i, p) in content.partners.iter().enumerate() {
        if p.name.is_none() {
            problems.push(missing(&format!("partners[{i}].name")));
        }
        if p.country.is_none() {
            problems.push(missing(&format!("partners[{i}].country")));
        }
    }
    if content.partners.is_empty() {
        warnings.push(Problem::new("partners", ProblemKind::NoPartners));
    }

    if content.area.is_none() {
        problems.push(missing("area"));
    }

    for key in SectionKey::ALL {
        let field = format!("sections.{}", key.as_str());
        let Some(text) = content.sections.get(key) else {
            problems.push(missing(&field));
            continue;
        };
        let words = word_count(text);
        let spec = campaign.sections().get(key);
        let limit = spec.word_limit;
        if words < spec.min_words {
            problems.push(Problem::new(
                &field,
                ProblemKind::TooFewWords {
                    words,
                    min: spec.min_words,
                },
            ));
        }
        if words > limit {
            problems.push(Problem::new(
                &field,
                ProblemKind::TooManyWords { words, limit },
            ));
        }
        if let LanguageVerdict::Other(detected) = detect_english(text) {
            problems.push(Problem::new(&field, ProblemKind::NotEnglish { detected }));
        }
        let bare = paragraphs_without_heading(text);
        if !bare.is_empty() {
            warnings.push(Problem::new(
                &field,
                ProblemKind::MissingHeading { paragraphs: bare },
            ));
        }
    }

    if content.contact.name.is_none() {
        problems.push(missing("contact.name"));
    }
    if content.contact.email.is_none() {
        problems.push(missing("contact.email"));
    }

    if !campaign.is_open(now) {
        problems.push(Problem::new("deadline", ProblemKind::DeadlinePassed));
    }
    Review { problems, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::ApplicationPatch;

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
            .map(|p| (p.field.clone(), p.code()))
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
        let fields: Vec<String> = r.problems.iter().map(|p| p.field.clone()).collect();
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
        let p = Problem::new("area", ProblemKind::UnknownArea { given });
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
