//! A campaign is one year's call: its areas, deadline, milestones, review rounds, word
//! limits, earlier cases, FAQ and contact. It is a TOML file, so next year is a new file.
//!
//! A [`Campaign`] exists only once its file passed every check ([`TryFrom`] from the
//! private file type); its fields are read through accessors.

mod file;
mod installed;
mod parts;
#[cfg(test)]
mod tests;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::email::Email;
use crate::lang::{Lang, t};
use crate::section::SectionKey;
use crate::text::normalise;

use file::CampaignFile;
pub use installed::{
    InstalledCampaign, OpenCall, OpenCallError, UNDATED_YEAR, open_campaign, year_campaign,
};
pub use parts::*;

/// One year's call, checked: build it with [`Campaign::from_toml`], [`Campaign::load`]
/// or [`Campaign::builtin`].
#[derive(Debug, Clone)]
pub struct Campaign {
    year: i16,
    title: Localized,
    organizer: Localized,
    reference_prefix: String,
    time_zone: String,
    /// The rules of `time_zone`, looked up once when the campaign was loaded.
    zone: jiff::tz::TimeZone,
    application_deadline: Date,
    min_countries: usize,
    /// How many unsubmitted drafts may name one contact e-mail.
    max_open_drafts_per_email: usize,
    /// How many mails an applicant's actions may send one address in a day.
    max_mails_per_address_per_day: usize,
    milestones: Vec<Milestone>,
    selection: Selection,
    areas: Vec<Area>,
    sections: SectionSpecs,
    review_rounds: Vec<ReviewRound>,
    criteria: Vec<Criterion>,
    review: ReviewSettings,
    reminders: ReminderSettings,
    earlier_cases: Vec<String>,
    /// Cases this deployment collected (or made outstanding) in earlier years, with the
    /// year: kept with the open call when it was opened (`casebook campaign open`).
    collected_here: Vec<EarlierCase>,
    contact: ContactInfo,
    attachments: AttachmentRules,
    faq: Vec<FaqTopic>,
    /// The first instant at which applications are no longer accepted: midnight after
    /// the deadline day in the campaign's time zone.
    closes_at: Timestamp,
    /// `false` when the organizers closed the call (`casebook campaign close`): it then
    /// takes no application, whatever its dates say.
    accepting: bool,
}

/// A case already in an earlier Collection: its name, and the year it was collected when
/// this deployment collected it (none for the campaign file's own list).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EarlierCase {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i16>,
}

/// The forms a practice name is compared in: the whole name normalised (case,
/// punctuation, spacing), and, for a name written in both Chinese and another script
/// ("乡村互联 Village Links"), each of its two parts alone, so the same practice named in
/// one language matches (parts of a few characters are too common to count alone).
pub fn name_keys(name: &str) -> Vec<String> {
    let whole = normalise(name);
    let mut keys = vec![whole.clone()];
    let chinese: String = whole
        .chars()
        .filter(|c| crate::text::is_chinese(*c))
        .collect();
    let other = normalise(
        &whole
            .chars()
            .map(|c| if crate::text::is_chinese(c) { ' ' } else { c })
            .collect::<String>(),
    );
    if !chinese.is_empty() && !other.is_empty() {
        if chinese.chars().count() >= 2 {
            keys.push(chinese);
        }
        if other.chars().count() >= 4 {
            keys.push(other);
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
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

#[cfg(test)]
const BUILTIN_2024: &str = include_str!("../../../campaigns/2024.toml");
/// [`BUILTIN_2024`] as JSON, made by build.rs.
const BUILTIN_2024_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/2024.json"));

impl Campaign {
    /// The 2024 call, compiled in.
    pub fn builtin() -> Campaign {
        // Every cold start reads it: as JSON (made from the TOML when casebook is built)
        // it parses in a fraction of the TOML parser's time. The tests
        // `the_builtin_2024_campaign_is_valid` and `the_builtin_campaign_is_its_toml_file`
        // check it.
        let file: CampaignFile =
            serde_json::from_str(BUILTIN_2024_JSON).expect("the built-in 2024 campaign is valid");
        Campaign::try_from(file).expect("the built-in 2024 campaign is valid")
    }

    /// The built-in call's file, for tests that make variants of it.
    #[cfg(test)]
    pub(crate) fn builtin_source() -> &'static str {
        BUILTIN_2024
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
        let file: CampaignFile = toml::from_str(source)
            .map_err(|e| CampaignError::Parse(e.to_string().trim_end().to_string()))?;
        Campaign::try_from(file)
    }

    pub fn year(&self) -> i16 {
        self.year
    }

    /// The texts the file lacks in Arabic, French, Russian or Spanish, by key
    /// ("faq[2].answer.ru"); empty for a file complete in the six languages. Worked out
    /// when asked (`campaign check` and `install`), not at every start.
    pub fn untranslated(&self) -> Vec<String> {
        let mut texts: Vec<(String, &Localized)> = vec![
            ("title".into(), &self.title),
            ("organizer".into(), &self.organizer),
            ("contact.name".into(), &self.contact.name),
        ];
        for (i, m) in self.milestones.iter().enumerate() {
            texts.push((format!("milestones[{i}].title"), &m.title));
        }
        for (i, a) in self.areas.iter().enumerate() {
            texts.push((format!("areas[{i}].name"), &a.name));
            texts.push((format!("areas[{i}].description"), &a.description));
        }
        for key in SectionKey::ALL {
            texts.push((
                format!("sections.{}.title", key.as_str()),
                &self.sections.get(key).title,
            ));
        }
        for (i, r) in self.review_rounds.iter().enumerate() {
            texts.push((format!("review_rounds[{i}].title"), &r.title));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            texts.push((format!("criteria[{i}].title"), &c.title));
            texts.push((format!("criteria[{i}].description"), &c.description));
        }
        for (i, t) in self.attachments.types.iter().enumerate() {
            texts.push((format!("attachments.types[{i}].label"), &t.label));
        }
        for (i, f) in self.faq.iter().enumerate() {
            texts.push((format!("faq[{i}].question"), &f.question));
            texts.push((format!("faq[{i}].answer"), &f.answer));
        }
        let others = [Lang::Ar, Lang::Fr, Lang::Ru, Lang::Es];
        let mut missing = Vec::new();
        for (key, text) in texts {
            for lang in others.into_iter().filter(|l| text.given(*l).is_none()) {
                missing.push(format!("{key}.{}", lang.code()));
            }
        }
        for (i, area) in self.areas.iter().enumerate() {
            for (j, example) in area.examples.iter().enumerate() {
                for lang in others.into_iter().filter(|l| example.given(*l).is_none()) {
                    missing.push(format!("areas[{i}].examples[{j}].{}", lang.code()));
                }
            }
        }
        for (i, f) in self.faq.iter().enumerate() {
            for lang in others.into_iter().filter(|l| f.keywords.of(*l).is_empty()) {
                missing.push(format!("faq[{i}].keywords.{}", lang.code()));
            }
        }
        missing
    }

    pub fn title(&self) -> &Localized {
        &self.title
    }

    pub fn organizer(&self) -> &Localized {
        &self.organizer
    }

    /// The letters before the year in every reference ("PC").
    pub fn reference_prefix(&self) -> &str {
        &self.reference_prefix
    }

    /// The IANA time zone the call's dates are in (checked when loaded).
    pub fn time_zone(&self) -> &str {
        &self.time_zone
    }

    /// The rules of the call's time zone (from the zone data compiled into casebook).
    pub fn zone(&self) -> &jiff::tz::TimeZone {
        &self.zone
    }

    /// The last day applications are accepted, in the campaign's time zone.
    pub fn application_deadline(&self) -> Date {
        self.application_deadline
    }

    /// The fewest countries a case must be carried out in.
    pub fn min_countries(&self) -> usize {
        self.min_countries
    }

    /// How many unsubmitted drafts may name one contact e-mail: what one stranger's
    /// address can be made to receive nudges about.
    pub fn max_open_drafts_per_email(&self) -> usize {
        self.max_open_drafts_per_email
    }

    /// How many mails that an applicant's action sends (confirmations) one address gets
    /// in a day of the call's time zone; the rest wait for the next day.
    pub fn max_mails_per_address_per_day(&self) -> usize {
        self.max_mails_per_address_per_day
    }

    pub fn milestones(&self) -> &[Milestone] {
        &self.milestones
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    pub fn sections(&self) -> &SectionSpecs {
        &self.sections
    }

    pub fn review_rounds(&self) -> &[ReviewRound] {
        &self.review_rounds
    }

    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// How the review rounds are staffed: reviewers per case, the conflict rule.
    pub fn review(&self) -> &ReviewSettings {
        &self.review
    }

    /// A round by its number.
    pub fn review_round(&self, number: u8) -> Option<&ReviewRound> {
        self.review_rounds.iter().find(|r| r.number == number)
    }

    /// When the scheduled job writes to whom.
    pub fn reminders(&self) -> &ReminderSettings {
        &self.reminders
    }

    /// Who gets the organizers' digests: the file's list, or the call's contact.
    pub fn organizer_addresses(&self) -> Vec<Email> {
        if self.reminders.organizers.is_empty() {
            vec![self.contact.email.clone()]
        } else {
            self.reminders.organizers.clone()
        }
    }

    /// The day applications open: the `application` milestone's start, or ten weeks
    /// before the deadline when the file names none.
    pub fn opens_on(&self) -> Date {
        self.milestones
            .iter()
            .find(|m| m.id == "application")
            .map(|m| m.starts)
            .unwrap_or_else(|| {
                self.application_deadline
                    .checked_sub(jiff::SignedDuration::from_hours(24 * 70))
                    .unwrap_or(self.application_deadline)
            })
    }

    pub fn contact(&self) -> &ContactInfo {
        &self.contact
    }

    pub fn attachments(&self) -> &AttachmentRules {
        &self.attachments
    }

    pub fn faq(&self) -> &[FaqTopic] {
        &self.faq
    }

    /// The names of cases already in an earlier Collection.
    pub fn earlier_cases(&self) -> &[String] {
        &self.earlier_cases
    }

    /// The instant from which submissions are refused.
    pub fn closes_at(&self) -> Timestamp {
        self.closes_at
    }

    /// The instant a review round ends: midnight after its last day, in the call's zone.
    pub fn round_closes_at(&self, round: &ReviewRound) -> Timestamp {
        let tz = self.zone.clone();
        round
            .ends
            .tomorrow()
            .and_then(|day| day.to_zoned_datetime(tz))
            .map(|at| at.timestamp())
            .unwrap_or(Timestamp::MAX)
    }

    pub fn is_open(&self, now: Timestamp) -> bool {
        self.accepting && now < self.closes_at
    }

    /// `false` once the organizers closed the call (`casebook campaign close`).
    pub fn accepts_applications(&self) -> bool {
        self.accepting
    }

    /// This campaign with its call closed by the organizers: readable, taking nothing.
    pub fn with_call_closed(mut self) -> Campaign {
        self.accepting = false;
        self
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
    pub fn earlier_case_named(&self, practice_name: &str) -> Option<EarlierCase> {
        let wanted = name_keys(practice_name);
        let same = |name: &str| name_keys(name).iter().any(|k| wanted.contains(k));
        if let Some(found) = self.collected_here.iter().find(|c| same(&c.name)) {
            return Some(found.clone());
        }
        self.earlier_cases
            .iter()
            .find(|name| same(name))
            .map(|name| EarlierCase {
                name: name.clone(),
                year: None,
            })
    }

    /// This campaign refusing, besides its file's list, the cases this deployment
    /// collected in earlier years.
    pub fn with_earlier_collections(mut self, cases: Vec<EarlierCase>) -> Campaign {
        self.collected_here = cases;
        self
    }

    /// The cases of earlier years this deployment refuses (see [`Self::with_earlier_collections`]).
    pub fn earlier_collections(&self) -> &[EarlierCase] {
        &self.collected_here
    }

    /// When the experts review the cases, from the first round's start to the last
    /// round's end: "from 1 July to 31 August 2024" / "2024年7月1日至8月31日".
    pub fn review_period_text(&self, lang: Lang) -> String {
        let (Some(first), Some(last)) = (self.review_rounds.first(), self.review_rounds.last())
        else {
            return String::new();
        };
        let (from, to) = (first.starts, last.ends);
        let both = |d: Date| (format_date(d, lang), day_and_month(d, lang));
        let ((from, from_short), (to, to_short)) = (both(from), both(to));
        if first.starts.year() == last.ends.year() {
            t!(
                lang,
                DATE_PERIOD_SAME_YEAR,
                from = from,
                from_short = from_short,
                to = to,
                to_short = to_short
            )
        } else {
            t!(lang, DATE_PERIOD, from = from, to = to)
        }
    }

    /// The reference series for this year, e.g. "PC2024".
    pub fn reference_series(&self) -> String {
        format!("{}{}", self.reference_prefix, self.year)
    }
}

fn month_name(date: Date, lang: Lang) -> String {
    t!(lang, MONTH_NAME, month = date.month())
}

/// Formats a calendar date for people: "20 June 2024", "2024年6月20日", "20 juin 2024".
pub fn format_date(date: Date, lang: Lang) -> String {
    t!(
        lang,
        DATE,
        day = date.day(),
        month_name = month_name(date, lang),
        year = date.year().to_string()
    )
}

/// A date's day and month: "1 July", "7月1日".
fn day_and_month(date: Date, lang: Lang) -> String {
    t!(
        lang,
        DATE_NO_YEAR,
        day = date.day(),
        month_name = month_name(date, lang)
    )
}
