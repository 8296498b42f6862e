//! A finding about one field of an application: what the rules (rules.rs) and the
//! writes of an application report, with a stable code and a message (English or
//! Chinese) that says how to fix it. Below applications and rules, which both use it.

use serde::Serialize;

use crate::campaign::Campaign;
use crate::country::{CountryCode, UnknownCountry};
use crate::field::FieldPath;
use crate::lang::{Lang, list, t};
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
        let label = label.as_str();
        match &self.kind {
            ProblemKind::Missing => t!(lang, PROBLEM_MISSING, label = label),
            ProblemKind::TooFewCountries { count, min } => {
                t!(lang, PROBLEM_TOO_FEW_COUNTRIES, count = *count, min = *min)
            }
            ProblemKind::CountryNotListed { country } => t!(
                lang,
                PROBLEM_COUNTRY_NOT_LISTED,
                label = label,
                country = country.name(lang),
                code = country.as_str()
            ),
            ProblemKind::TooManyWords { words, limit } => t!(
                lang,
                PROBLEM_TOO_MANY_WORDS,
                label = label,
                words = *words,
                limit = *limit,
                over = words.saturating_sub(*limit)
            ),
            ProblemKind::TooFewWords { words, min } => {
                t!(
                    lang,
                    PROBLEM_TOO_FEW_WORDS,
                    label = label,
                    words = *words,
                    min = *min
                )
            }
            ProblemKind::NotEnglish { detected } => {
                t!(
                    lang,
                    PROBLEM_NOT_ENGLISH,
                    label = label,
                    detected = *detected
                )
            }
            ProblemKind::AlreadyCollected {
                earlier,
                year: Some(year),
            } => t!(
                lang,
                PROBLEM_ALREADY_COLLECTED_IN,
                earlier = excerpt(earlier),
                year = year.to_string()
            ),
            ProblemKind::AlreadyCollected { earlier, .. } => {
                t!(lang, PROBLEM_ALREADY_COLLECTED, earlier = excerpt(earlier))
            }
            ProblemKind::DeadlinePassed if !campaign.accepts_applications() => {
                t!(lang, PROBLEM_CALL_CLOSED)
            }
            ProblemKind::DeadlinePassed => t!(
                lang,
                PROBLEM_DEADLINE_PASSED,
                deadline = campaign.deadline_text(lang),
                zone = campaign.time_zone().to_string()
            ),
            ProblemKind::MissingHeading { paragraphs } => {
                let numbers: Vec<String> = paragraphs.iter().map(usize::to_string).collect();
                t!(
                    lang,
                    PROBLEM_MISSING_HEADING,
                    label = label,
                    count = paragraphs.len(),
                    paragraphs = list(lang, &numbers)
                )
            }
            ProblemKind::NoPartners => t!(lang, PROBLEM_NO_PARTNERS),
            ProblemKind::UnknownCountry(e) => e.message(lang),
            ProblemKind::UnknownArea { given } => t!(
                lang,
                PROBLEM_UNKNOWN_AREA,
                given = excerpt(given),
                areas = area_list(campaign, lang)
            ),
            ProblemKind::TooManyDrafts { max } => t!(lang, PROBLEM_TOO_MANY_DRAFTS, max = *max),
            ProblemKind::InvalidEmail { given } => {
                t!(lang, PROBLEM_INVALID_EMAIL, given = excerpt(given))
            }
            ProblemKind::NoLetter { given } => {
                t!(
                    lang,
                    PROBLEM_NO_LETTER,
                    given = excerpt(given),
                    label = label
                )
            }
            ProblemKind::TooLong { chars, max } => {
                t!(
                    lang,
                    PROBLEM_TOO_LONG,
                    label = label,
                    chars = *chars,
                    max = *max
                )
            }
            ProblemKind::TooMany { count, max } => {
                t!(
                    lang,
                    PROBLEM_TOO_MANY,
                    label = label,
                    count = *count,
                    max = *max
                )
            }
        }
    }
}

fn area_list(campaign: &Campaign, lang: Lang) -> String {
    let ids: Vec<&str> = campaign.areas().iter().map(|a| a.id.as_str()).collect();
    list(lang, &ids)
}
