//! A campaign is one year's call: its areas, deadline, milestones, review rounds, word
//! limits, earlier cases, FAQ and contact. It is a TOML file, so next year is a new file.

use std::collections::HashSet;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;

use crate::application::SectionKey;
use crate::email::Email;
use crate::lang::Lang;
use crate::text::normalise;

/// A text people read, in both languages casebook speaks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub title: Text,
    pub starts: Date,
    #[serde(default)]
    pub ends: Option<Date>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub name: String,
    pub en: String,
    pub zh: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: Text,
    pub description: Text,
    #[serde(default)]
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub title: Text,
    pub word_limit: usize,
    /// Fewer words than this block submission (0: no minimum).
    #[serde(default)]
    pub min_words: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpecs {
    pub background: SectionSpec,
    pub cooperation: SectionSpec,
    pub modalities: SectionSpec,
    pub benefits: SectionSpec,
}

impl SectionSpecs {
    pub fn get(&self, key: SectionKey) -> &SectionSpec {
        match key {
            SectionKey::Background => &self.background,
            SectionKey::Cooperation => &self.cooperation,
            SectionKey::Modalities => &self.modalities,
            SectionKey::Benefits => &self.benefits,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRound {
    pub number: u8,
    pub title: Text,
    pub starts: Date,
    pub ends: Date,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub title: Text,
    pub description: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    pub collected: u32,
    pub outstanding: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    pub en: Vec<String>,
    pub zh: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqTopic {
    pub id: String,
    pub question: Text,
    pub keywords: Keywords,
    pub answer: Text,
    /// The answer gives the deadline: once the call closes, the bot adds that it has.
    #[serde(default)]
    pub about_deadline: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInfo {
    pub name: Text,
    pub email: Email,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub wechat: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub application_platform: Option<String>,
    #[serde(default)]
    pub social: Vec<String>,
}

/// A kind of file applicants may attach.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentType {
    /// The MIME type, e.g. "application/pdf".
    pub content_type: String,
    /// What people call it, e.g. "PDF", "JPEG image".
    pub label: Text,
    pub extensions: Vec<String>,
    /// The largest file of this type, in MiB.
    pub max_mb: u64,
}

/// What may be attached to one application.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRules {
    pub max_files: usize,
    /// All files of one application together, in MiB.
    pub max_total_mb: u64,
    /// How long an upload grant is valid.
    pub upload_minutes: u32,
    /// How long a download link is valid.
    pub download_minutes: u32,
    pub types: Vec<AttachmentType>,
}

const MIB: u64 = 1024 * 1024;

impl AttachmentRules {
    /// The allowed type for a declared content type (case and parameters ignored).
    pub fn type_for(&self, content_type: &str) -> Option<&AttachmentType> {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        self.types.iter().find(|t| t.content_type == essence)
    }

    /// The allowed type a file name's extension stands for, e.g. `brochure.PDF` -> PDF.
    /// For files whose sender gave no usable type (a path, a chat without a MIME type).
    pub fn type_for_filename(&self, filename: &str) -> Option<&AttachmentType> {
        let (_, extension) = filename.rsplit_once('.')?;
        let extension = extension.to_ascii_lowercase();
        self.types
            .iter()
            .find(|t| t.extensions.contains(&extension))
    }

    pub fn max_total_bytes(&self) -> u64 {
        self.max_total_mb * MIB
    }
}

impl AttachmentType {
    pub fn max_bytes(&self) -> u64 {
        self.max_mb * MIB
    }
}

fn default_min_countries() -> usize {
    2
}

/// One year's call. Build it with [`Campaign::from_toml`] (or [`Campaign::builtin`]):
/// every value has then been checked and the derived deadline instant computed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub year: i16,
    pub title: Text,
    pub organizer: Text,
    pub reference_prefix: String,
    pub time_zone: String,
    pub application_deadline: Date,
    #[serde(default = "default_min_countries")]
    pub min_countries: usize,
    pub milestones: Vec<Milestone>,
    pub selection: Selection,
    pub areas: Vec<Area>,
    pub sections: SectionSpecs,
    pub review_rounds: Vec<ReviewRound>,
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub earlier_cases: Vec<String>,
    pub contact: ContactInfo,
    pub attachments: AttachmentRules,
    pub faq: Vec<FaqTopic>,
    /// The first instant at which applications are no longer accepted: midnight after
    /// the deadline day in the campaign's time zone.
    #[serde(skip, default = "Timestamp::default")]
    closes_at: Timestamp,
}

/// Why a campaign file was refused, naming the key and what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CampaignError {
    #[error("the campaign file is not valid TOML or has a wrong key or value: {0}")]
    Parse(String),
    #[error("`{key}` {problem}")]
    Invalid { key: String, problem: String },
}

/// A campaign file that could not be read or is not valid.
#[derive(Debug, thiserror::Error)]
pub enum CampaignLoadError {
    #[error("cannot read the campaign file {path}")]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the campaign file {path} is not valid")]
    Invalid {
        path: std::path::PathBuf,
        source: CampaignError,
    },
}

fn invalid(key: impl Into<String>, problem: impl Into<String>) -> CampaignError {
    CampaignError::Invalid {
        key: key.into(),
        problem: problem.into(),
    }
}

const BUILTIN_2024: &str = include_str!("../campaigns/2024.toml");

impl Campaign {
    /// The 2024 call, compiled in.
    pub fn builtin() -> Campaign {
        // The compiled-in file is checked by the test `the_builtin_2024_campaign_is_valid`.
        Campaign::from_toml(BUILTIN_2024).expect("the built-in 2024 campaign is valid")
    }

    /// The campaign in the file at `path`, or the built-in one when there is no path.
    pub fn load(path: Option<&std::path::Path>) -> Result<Campaign, CampaignLoadError> {
        let Some(path) = path else {
            return Ok(Campaign::builtin());
        };
        let text = std::fs::read_to_string(path).map_err(|source| CampaignLoadError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Campaign::from_toml(&text).map_err(|source| CampaignLoadError::Invalid {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Parses and checks a campaign file.
    pub fn from_toml(source: &str) -> Result<Campaign, CampaignError> {
        let mut campaign: Campaign = toml::from_str(source)
            .map_err(|e| CampaignError::Parse(e.to_string().trim_end().to_string()))?;
        campaign.validate()?;
        Ok(campaign)
    }

    fn validate(&mut self) -> Result<(), CampaignError> {
        if !(2000..=2200).contains(&self.year) {
            return Err(invalid("year", "must be a year such as 2024"));
        }
        if self.reference_prefix.is_empty()
            || self.reference_prefix.len() > 8
            || !self
                .reference_prefix
                .chars()
                .all(|c| c.is_ascii_uppercase())
        {
            return Err(invalid(
                "reference_prefix",
                "must be 1 to 8 capital letters, such as \"PC\"",
            ));
        }
        let tz = TimeZone::get(&self.time_zone).map_err(|_| {
            invalid("time_zone", format!("{:?} is not a known IANA time zone; use a name such as \"Asia/Shanghai\" or \"UTC\"", self.time_zone))
        })?;
        let next_day = self
            .application_deadline
            .checked_add(1.day())
            .map_err(|e| invalid("application_deadline", e.to_string()))?;
        self.closes_at = next_day
            .to_zoned_datetime(tz)
            .map_err(|e| invalid("application_deadline", e.to_string()))?
            .timestamp();
        if self.min_countries < 1 {
            return Err(invalid("min_countries", "must be at least 1"));
        }
        if self.selection.outstanding > self.selection.collected {
            return Err(invalid(
                "selection.outstanding",
                "cannot be more than selection.collected",
            ));
        }

        check_texts("title", &self.title)?;
        check_texts("organizer", &self.organizer)?;
        check_texts("contact.name", &self.contact.name)?;

        unique_ids("milestones", self.milestones.iter().map(|m| m.id.as_str()))?;
        for (i, m) in self.milestones.iter().enumerate() {
            check_texts(&format!("milestones[{i}].title"), &m.title)?;
            if m.ends.is_some_and(|end| end < m.starts) {
                return Err(invalid(
                    format!("milestones[{i}].ends"),
                    "is before its `starts` date",
                ));
            }
        }

        if self.areas.is_empty() {
            return Err(invalid("areas", "must list at least one area"));
        }
        unique_ids("areas", self.areas.iter().map(|a| a.id.as_str()))?;
        for (i, a) in self.areas.iter().enumerate() {
            check_texts(&format!("areas[{i}].name"), &a.name)?;
            check_texts(&format!("areas[{i}].description"), &a.description)?;
        }

        for key in SectionKey::ALL {
            let spec = self.sections.get(key);
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

        if self.review_rounds.is_empty() {
            return Err(invalid("review_rounds", "must list at least one round"));
        }
        for (i, r) in self.review_rounds.iter().enumerate() {
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
        if self.criteria.is_empty() {
            return Err(invalid(
                "criteria",
                "must list at least one review criterion",
            ));
        }
        unique_ids("criteria", self.criteria.iter().map(|c| c.id.as_str()))?;

        for (i, name) in self.earlier_cases.iter().enumerate() {
            if normalise(name).is_empty() {
                return Err(invalid(format!("earlier_cases[{i}]"), "is empty"));
            }
        }

        let rules = &self.attachments;
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
            let valid = t.content_type.contains('/')
                && t.content_type == t.content_type.to_ascii_lowercase();
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

        if self.faq.is_empty() {
            return Err(invalid("faq", "must list at least one topic"));
        }
        unique_ids("faq", self.faq.iter().map(|f| f.id.as_str()))?;
        for (i, f) in self.faq.iter().enumerate() {
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

    /// The instant from which submissions are refused.
    pub fn closes_at(&self) -> Timestamp {
        self.closes_at
    }

    pub fn is_open(&self, now: Timestamp) -> bool {
        now < self.closes_at
    }

    /// "20 June 2024" / "2024年6月20日".
    pub fn deadline_text(&self, lang: Lang) -> String {
        format_date(self.application_deadline, lang)
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// Whether a practice name matches a case of an earlier Collection, ignoring case,
    /// accents, punctuation and spacing. Returns the earlier case's name.
    pub fn earlier_case_named(&self, practice_name: &str) -> Option<&str> {
        let wanted = normalise(practice_name);
        self.earlier_cases
            .iter()
            .find(|c| normalise(c) == wanted)
            .map(String::as_str)
    }

    /// When the experts review the cases, from the first round's start to the last
    /// round's end: "from 1 July to 31 August 2024" / "2024年7月1日至8月31日".
    pub fn review_period_text(&self, lang: Lang) -> String {
        let (Some(first), Some(last)) = (self.review_rounds.first(), self.review_rounds.last())
        else {
            return String::new();
        };
        let (from, to) = (first.starts, last.ends);
        match lang {
            Lang::En if from.year() == to.year() => format!(
                "from {} to {}",
                from.strftime("%-d %B"),
                format_date(to, lang)
            ),
            Lang::En => format!(
                "from {} to {}",
                format_date(from, lang),
                format_date(to, lang)
            ),
            Lang::Zh if from.year() == to.year() => format!(
                "{}至{}月{}日",
                format_date(from, lang),
                to.month(),
                to.day()
            ),
            Lang::Zh => format!("{}至{}", format_date(from, lang), format_date(to, lang)),
        }
    }

    /// The reference series for this year, e.g. "PC2024".
    pub fn reference_series(&self) -> String {
        format!("{}{}", self.reference_prefix, self.year)
    }
}

/// Formats a calendar date for people: "20 June 2024" or "2024年6月20日".
pub fn format_date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::En => date.strftime("%-d %B %Y").to_string(),
        Lang::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

fn check_texts(key: &str, text: &Text) -> Result<(), CampaignError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            c.earlier_case_named("  digital dunhuang "),
            Some("Digital DunHuang")
        );
        assert_eq!(
            c.earlier_case_named("ADC - Asia Direct Cable"),
            Some("ADC (Asia Direct Cable)")
        );
        assert_eq!(c.earlier_case_named("Digital Dunhuang 2"), None);
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
}
