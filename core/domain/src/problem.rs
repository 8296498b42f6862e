//! A finding about one field of an application: what the rules (rules.rs) and the
//! writes of an application report, with a stable code and a message (English or
//! Chinese) that says how to fix it. Below applications and rules, which both use it.

use serde::Serialize;

use crate::campaign::Campaign;
use crate::country::{CountryCode, UnknownCountry};
use crate::field::FieldPath;
use crate::lang::Lang;
use crate::text::excerpt;

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
        /// The year this deployment collected it (none: the campaign file's list).
        year: Option<i16>,
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
    pub field: FieldPath,
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
    pub fn new(field: FieldPath, kind: ProblemKind) -> Problem {
        Problem { field, kind }
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
            field: self.field.to_string(),
            code: self.code(),
            message: self.message(campaign, lang),
        }
    }

    /// A short, friendly sentence saying what is wrong and how to fix it.
    pub fn message(&self, campaign: &Campaign, lang: Lang) -> String {
        let label = self.field.label(campaign, lang);
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
            (
                ProblemKind::AlreadyCollected {
                    earlier,
                    year: Some(year),
                },
                Lang::En,
            ) => format!(
                "\"{earlier}\" was selected for the {year} Collection of Practice Cases, so it cannot apply again. If this is a different case, give it a name of its own."
            ),
            (
                ProblemKind::AlreadyCollected {
                    earlier,
                    year: Some(year),
                },
                Lang::Zh,
            ) => format!(
                "“{earlier}”已入选{year}年《实践案例集》，不能再次申报。如果是另一个案例，请为它另起名称。"
            ),
            (ProblemKind::AlreadyCollected { earlier, .. }, Lang::En) => format!(
                "\"{earlier}\" is already in an earlier Collection of Practice Cases, so it cannot apply again. If this is a different case, give it a name of its own."
            ),
            (ProblemKind::AlreadyCollected { earlier, .. }, Lang::Zh) => {
                format!("“{earlier}”已入选往届《实践案例集》，不能再次申报。如果是另一个案例，请为它另起名称。")
            }
            (ProblemKind::DeadlinePassed, Lang::En) if !campaign.accepts_applications() => {
                "The organizers have closed the call: no application can be submitted now. The next call will be announced on the organizers' site.".to_string()
            }
            (ProblemKind::DeadlinePassed, Lang::Zh) if !campaign.accepts_applications() => {
                "主办方已关闭本次征集，目前无法提交申报。下一届征集将在主办方网站公布。".to_string()
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
