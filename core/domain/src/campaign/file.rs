//! The campaign file as written (TOML), private to this module: the only way to a
//! [`Campaign`] is [`TryFrom`], which checks every value and derives the closing instant.

use std::collections::HashSet;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZoneDatabase;
use serde::Deserialize;

use super::parts::*;
use super::{Campaign, CampaignError};
use crate::section::SectionKey;
use crate::text::normalise;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CampaignFile {
    year: i16,
    title: Localized,
    organizer: Localized,
    reference_prefix: String,
    time_zone: String,
    application_deadline: Date,
    #[serde(default = "default_min_countries")]
    min_countries: usize,
    #[serde(default = "default_max_open_drafts_per_email")]
    max_open_drafts_per_email: usize,
    #[serde(default = "default_max_mails_per_address_per_day")]
    max_mails_per_address_per_day: usize,
    milestones: Vec<Milestone>,
    selection: Selection,
    areas: Vec<Area>,
    sections: SectionSpecs,
    review_rounds: Vec<ReviewRound>,
    #[serde(default)]
    review: ReviewSettings,
    #[serde(default)]
    reminders: ReminderSettings,
    criteria: Vec<Criterion>,
    #[serde(default)]
    earlier_cases: Vec<String>,
    contact: ContactInfo,
    attachments: AttachmentRules,
    faq: Vec<FaqTopic>,
}

fn default_min_countries() -> usize {
    2
}

fn default_max_open_drafts_per_email() -> usize {
    5
}

fn default_max_mails_per_address_per_day() -> usize {
    10
}

pub(super) fn invalid(key: impl Into<String>, problem: impl Into<String>) -> CampaignError {
    CampaignError::Invalid {
        key: key.into(),
        problem: problem.into(),
    }
}

impl TryFrom<CampaignFile> for Campaign {
    type Error = CampaignError;

    fn try_from(file: CampaignFile) -> Result<Campaign, CampaignError> {
        if !(2000..=2200).contains(&file.year) {
            return Err(invalid("year", "must be a year such as 2024"));
        }
        if file.reference_prefix.is_empty()
            || file.reference_prefix.len() > 8
            || !file
                .reference_prefix
                .chars()
                .all(|c| c.is_ascii_uppercase())
        {
            return Err(invalid(
                "reference_prefix",
                "must be 1 to 8 capital letters, such as \"PC\"",
            ));
        }
        // The zone's rules come from the copy compiled into casebook, so every machine reads
        // the call's dates alike, and no start walks the system's zoneinfo folder for them.
        let tz = TimeZoneDatabase::bundled().get(&file.time_zone).map_err(|_| {
            invalid("time_zone", format!("{:?} is not a known IANA time zone; use a name such as \"Asia/Shanghai\" or \"UTC\"", file.time_zone))
        })?;
        let next_day = file
            .application_deadline
            .checked_add(1.day())
            .map_err(|e| invalid("application_deadline", e.to_string()))?;
        let closes_at = next_day
            .to_zoned_datetime(tz.clone())
            .map_err(|e| invalid("application_deadline", e.to_string()))?
            .timestamp();
        check_limits(&file)?;
        check_texts_and_areas(&file)?;
        check_sections(&file)?;
        check_review(&file)?;
        check_attachments(&file.attachments)?;
        check_faq(&file)?;
        Ok(Campaign {
            year: file.year,
            title: file.title,
            organizer: file.organizer,
            reference_prefix: file.reference_prefix,
            time_zone: file.time_zone,
            zone: tz,
            application_deadline: file.application_deadline,
            min_countries: file.min_countries,
            max_open_drafts_per_email: file.max_open_drafts_per_email,
            max_mails_per_address_per_day: file.max_mails_per_address_per_day,
            milestones: file.milestones,
            selection: file.selection,
            areas: file.areas,
            sections: file.sections,
            review_rounds: file.review_rounds,
            reminders: file.reminders,
            criteria: file.criteria,
            review: file.review,
            earlier_cases: file.earlier_cases,
            collected_here: Vec::new(),
            contact: file.contact,
            attachments: file.attachments,
            faq: file.faq,
            closes_at,
            accepting: true,
        })
    }
}

/// The reminders' days, the caps per address and the selection's sizes.
fn check_limits(file: &CampaignFile) -> Result<(), CampaignError> {
    let r = &file.reminders;
    if let Some(d) = r
        .applicant_days_before
        .iter()
        .find(|d| !(1..=120).contains(*d))
    {
        return Err(invalid(
            "reminders.applicant_days_before",
            format!("{d} is not a number of days from 1 to 120"),
        ));
    }
    if let Some(d) = r
        .reviewer_days_before_close
        .iter()
        .find(|d| !(1..=60).contains(*d))
    {
        return Err(invalid(
            "reminders.reviewer_days_before_close",
            format!("{d} is not a number of days from 1 to 60"),
        ));
    }
    if r.daily_digest_days > 60 {
        return Err(invalid(
            "reminders.daily_digest_days",
            "must be from 0 to 60",
        ));
    }
    if !(1..=1000).contains(&file.max_open_drafts_per_email) {
        return Err(invalid(
            "max_open_drafts_per_email",
            "must be 1 to 1000 (5 by default)",
        ));
    }
    if !(1..=100).contains(&file.max_mails_per_address_per_day) {
        return Err(invalid(
            "max_mails_per_address_per_day",
            "must be 1 to 100 (10 by default)",
        ));
    }
    if file.min_countries < 1 {
        return Err(invalid("min_countries", "must be at least 1"));
    }
    if file.selection.outstanding > file.selection.collected {
        return Err(invalid(
            "selection.outstanding",
            "cannot be more than selection.collected",
        ));
    }
    Ok(())
}

/// The call's texts, its milestones and its areas.
fn check_texts_and_areas(file: &CampaignFile) -> Result<(), CampaignError> {
    check_texts("title", &file.title)?;
    check_texts("organizer", &file.organizer)?;
    check_texts("contact.name", &file.contact.name)?;

    unique_ids("milestones", file.milestones.iter().map(|m| m.id.as_str()))?;
    for (i, m) in file.milestones.iter().enumerate() {
        check_texts(&format!("milestones[{i}].title"), &m.title)?;
        if m.ends.is_some_and(|end| end < m.starts) {
            return Err(invalid(
                format!("milestones[{i}].ends"),
                "is before its `starts` date",
            ));
        }
    }

    if file.areas.is_empty() {
        return Err(invalid("areas", "must list at least one area"));
    }
    unique_ids("areas", file.areas.iter().map(|a| a.id.as_str()))?;
    for (i, a) in file.areas.iter().enumerate() {
        check_texts(&format!("areas[{i}].name"), &a.name)?;
        check_texts(&format!("areas[{i}].description"), &a.description)?;
    }
    Ok(())
}

/// Each section's title and word limits.
fn check_sections(file: &CampaignFile) -> Result<(), CampaignError> {
    for key in SectionKey::ALL {
        let spec = file.sections.get(key);
        check_texts(&format!("sections.{}.title", key.as_str()), &spec.title)?;
        if spec.word_limit == 0 {
            return Err(invalid(
                format!("sections.{}.word_limit", key.as_str()),
                "must be at least 1",
            ));
        }
        if spec.min_words >= spec.word_limit {
            return Err(invalid(
                format!("sections.{}.min_words", key.as_str()),
                format!("must be below the word limit ({})", spec.word_limit),
            ));
        }
    }
    Ok(())
}

/// The review rounds, criteria and reviewers per case, and the earlier cases.
fn check_review(file: &CampaignFile) -> Result<(), CampaignError> {
    if file.review_rounds.is_empty() {
        return Err(invalid("review_rounds", "must list at least one round"));
    }
    for (i, r) in file.review_rounds.iter().enumerate() {
        if usize::from(r.number) != i + 1 {
            return Err(invalid(
                format!("review_rounds[{i}].number"),
                format!("must be {}: rounds are numbered 1, 2, ... in order", i + 1),
            ));
        }
        if r.ends < r.starts {
            return Err(invalid(
                format!("review_rounds[{i}].ends"),
                "is before its `starts` date",
            ));
        }
        check_texts(&format!("review_rounds[{i}].title"), &r.title)?;
    }
    if file.criteria.is_empty() {
        return Err(invalid(
            "criteria",
            "must list at least one review criterion",
        ));
    }
    unique_ids("criteria", file.criteria.iter().map(|c| c.id.as_str()))?;
    for (i, c) in file.criteria.iter().enumerate() {
        check_texts(&format!("criteria[{i}].title"), &c.title)?;
        check_texts(&format!("criteria[{i}].description"), &c.description)?;
        let [low, high] = c.scale;
        if low == 0 || low >= high || high > 100 {
            return Err(invalid(
                format!("criteria[{i}].scale"),
                "must be [lowest, highest] with 1 <= lowest < highest <= 100, such as [1, 10]",
            ));
        }
        if !(c.weight.is_finite() && c.weight > 0.0 && c.weight <= 100.0) {
            return Err(invalid(
                format!("criteria[{i}].weight"),
                "must be a number above 0 and at most 100, such as 1 or 1.5",
            ));
        }
    }
    if !(1..=20).contains(&file.review.reviewers_per_case) {
        return Err(invalid(
            "review.reviewers_per_case",
            "must be between 1 and 20",
        ));
    }

    for (i, name) in file.earlier_cases.iter().enumerate() {
        if normalise(name).is_empty() {
            return Err(invalid(format!("earlier_cases[{i}]"), "is empty"));
        }
    }
    Ok(())
}

/// The attachment rules: counts, sizes, link lifetimes and file types.
fn check_attachments(rules: &AttachmentRules) -> Result<(), CampaignError> {
    if rules.max_files == 0 || rules.max_total_mb == 0 {
        return Err(invalid(
            "attachments",
            "max_files and max_total_mb must be at least 1",
        ));
    }
    // S3 presigned URLs live at most 7 days.
    for (key, minutes) in [
        ("upload_minutes", rules.upload_minutes),
        ("download_minutes", rules.download_minutes),
    ] {
        if !(1..=7 * 24 * 60).contains(&minutes) {
            return Err(invalid(
                format!("attachments.{key}"),
                "must be between 1 and 10080 (7 days)",
            ));
        }
    }
    if rules.types.is_empty() {
        return Err(invalid(
            "attachments.types",
            "must list at least one file type",
        ));
    }
    let mut seen = HashSet::new();
    for (i, t) in rules.types.iter().enumerate() {
        let valid =
            t.content_type.contains('/') && t.content_type == t.content_type.to_ascii_lowercase();
        if !valid {
            return Err(invalid(
                format!("attachments.types[{i}].content_type"),
                "must be a lowercase MIME type such as \"application/pdf\"",
            ));
        }
        if !seen.insert(t.content_type.as_str()) {
            return Err(invalid(
                format!("attachments.types[{i}].content_type"),
                "is listed twice",
            ));
        }
        if t.max_mb == 0 || t.max_mb > 5 * 1024 {
            return Err(invalid(
                format!("attachments.types[{i}].max_mb"),
                "must be between 1 and 5120 (5 GiB)",
            ));
        }
    }
    Ok(())
}

/// The FAQ: topics, questions, answers and keywords in both languages.
fn check_faq(file: &CampaignFile) -> Result<(), CampaignError> {
    if file.faq.is_empty() {
        return Err(invalid("faq", "must list at least one topic"));
    }
    unique_ids("faq", file.faq.iter().map(|f| f.id.as_str()))?;
    for (i, f) in file.faq.iter().enumerate() {
        check_texts(&format!("faq[{i}].question"), &f.question)?;
        check_texts(&format!("faq[{i}].answer"), &f.answer)?;
        if f.keywords.en.is_empty() || f.keywords.zh.is_empty() {
            return Err(invalid(
                format!("faq[{i}].keywords"),
                "needs at least one English (en) and one Chinese (zh) keyword",
            ));
        }
    }
    Ok(())
}

fn check_texts(key: &str, text: &Localized) -> Result<(), CampaignError> {
    if text.en.trim().is_empty() {
        return Err(invalid(
            format!("{key}.en"),
            "is empty; write the English text",
        ));
    }
    if text.zh.trim().is_empty() {
        return Err(invalid(
            format!("{key}.zh"),
            "is empty; write the Chinese text",
        ));
    }
    Ok(())
}

fn unique_ids<'a>(list: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), CampaignError> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(invalid(
                format!("{list}[{i}].id"),
                format!("{id:?} must be lowercase letters, digits or '_'"),
            ));
        }
        if !seen.insert(id) {
            return Err(invalid(
                format!("{list}[{i}].id"),
                format!("{id:?} is used twice; ids must be unique"),
            ));
        }
    }
    Ok(())
}
