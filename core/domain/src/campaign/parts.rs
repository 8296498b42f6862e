//! The parts of a campaign, as its file gives them: texts in the six languages, areas,
//! sections, review rounds, FAQ topics, contact and attachment rules.

use jiff::civil::Date;
use serde::Deserialize;

use crate::email::Email;
use crate::lang::Lang;
use crate::section::SectionKey;

/// A text people read, in the six languages casebook speaks. English and Chinese are
/// required to load a file; the other four are required by `casebook campaign check` and
/// `install` (a file kept before the six languages still loads, and says its English in
/// them).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    pub zh: String,
    #[serde(default)]
    pub ar: Option<String>,
    #[serde(default)]
    pub fr: Option<String>,
    #[serde(default)]
    pub ru: Option<String>,
    #[serde(default)]
    pub es: Option<String>,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        self.given(lang).unwrap_or(&self.en)
    }

    /// The text as the file gives it in `lang`: `None` when it is missing or blank.
    pub fn given(&self, lang: Lang) -> Option<&str> {
        given_in(
            lang,
            [&self.en, &self.zh],
            [&self.ar, &self.fr, &self.ru, &self.es],
        )
    }
}

/// A text's form in `lang`, from its English and Chinese (always there) and its Arabic,
/// French, Russian and Spanish (which a file may leave out): `None` when missing or blank.
fn given_in<'a>(
    lang: Lang,
    [en, zh]: [&'a String; 2],
    [ar, fr, ru, es]: [&'a Option<String>; 4],
) -> Option<&'a str> {
    let text = match lang {
        Lang::En => Some(en),
        Lang::Zh => Some(zh),
        Lang::Ar => ar.as_ref(),
        Lang::Fr => fr.as_ref(),
        Lang::Ru => ru.as_ref(),
        Lang::Es => es.as_ref(),
    };
    text.map(String::as_str).filter(|t| !t.trim().is_empty())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub title: Localized,
    pub starts: Date,
    #[serde(default)]
    pub ends: Option<Date>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub name: String,
    /// What the example is, in each language (as a [`Localized`]'s fields).
    pub en: String,
    pub zh: String,
    #[serde(default)]
    pub ar: Option<String>,
    #[serde(default)]
    pub fr: Option<String>,
    #[serde(default)]
    pub ru: Option<String>,
    #[serde(default)]
    pub es: Option<String>,
}

impl Example {
    /// What the example is, in `lang` (in English when the file does not say).
    pub fn text(&self, lang: Lang) -> &str {
        self.given(lang).unwrap_or(&self.en)
    }

    /// The example's text as the file gives it in `lang`: `None` when missing or blank.
    pub fn given(&self, lang: Lang) -> Option<&str> {
        given_in(
            lang,
            [&self.en, &self.zh],
            [&self.ar, &self.fr, &self.ru, &self.es],
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    #[serde(default)]
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub title: Localized,
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
    pub title: Localized,
    pub starts: Date,
    pub ends: Date,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub title: Localized,
    /// What reviewers read to score it.
    pub description: Localized,
    /// The lowest and highest score (1 to 10 unless the file says otherwise).
    #[serde(default = "default_scale")]
    pub scale: [u8; 2],
    /// How much the criterion counts in the weighted total (1 unless the file says so).
    #[serde(default = "default_weight")]
    pub weight: f64,
}

fn default_scale() -> [u8; 2] {
    [1, 10]
}

fn default_weight() -> f64 {
    1.0
}

impl Criterion {
    pub fn accepts(&self, score: u8) -> bool {
        (self.scale[0]..=self.scale[1]).contains(&score)
    }
}

/// Which cases a reviewer may never be given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictRule {
    /// Any case that involves the reviewer's country (the lead's, a partner's or a listed
    /// country) or the reviewer's organization.
    #[default]
    InvolvedCountries,
    /// Only a case whose lead is in the reviewer's country, or from the reviewer's
    /// organization.
    LeadCountry,
}

/// How the review rounds are staffed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSettings {
    /// Reviewers each case gets in each round.
    #[serde(default = "default_reviewers_per_case")]
    pub reviewers_per_case: u8,
    #[serde(default)]
    pub conflict: ConflictRule,
    /// In a later round, give each case to reviewers who have not reviewed it yet
    /// first (fresh eyes); those who have are taken only when too few others are free.
    #[serde(default = "yes")]
    pub prefer_new_reviewers: bool,
}

fn default_reviewers_per_case() -> u8 {
    3
}

fn yes() -> bool {
    true
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            reviewers_per_case: default_reviewers_per_case(),
            conflict: ConflictRule::default(),
            prefer_new_reviewers: true,
        }
    }
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
    #[serde(default)]
    pub ar: Vec<String>,
    #[serde(default)]
    pub fr: Vec<String>,
    #[serde(default)]
    pub ru: Vec<String>,
    #[serde(default)]
    pub es: Vec<String>,
}

impl Keywords {
    /// The keywords of `lang`.
    pub fn of(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
            Lang::Ar => &self.ar,
            Lang::Fr => &self.fr,
            Lang::Ru => &self.ru,
            Lang::Es => &self.es,
        }
    }

    /// Every keyword, whatever its language.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        Lang::ALL.into_iter().flat_map(|lang| self.of(lang))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqTopic {
    pub id: String,
    pub question: Localized,
    pub keywords: Keywords,
    pub answer: Localized,
    /// The answer gives the deadline: once the call closes, the bot adds that it has.
    #[serde(default)]
    pub about_deadline: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInfo {
    pub name: Localized,
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
    pub label: Localized,
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

/// The weekday of the organizers' weekly digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DigestDay {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl DigestDay {
    pub fn weekday(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday as W;
        match self {
            DigestDay::Monday => W::Monday,
            DigestDay::Tuesday => W::Tuesday,
            DigestDay::Wednesday => W::Wednesday,
            DigestDay::Thursday => W::Thursday,
            DigestDay::Friday => W::Friday,
            DigestDay::Saturday => W::Saturday,
            DigestDay::Sunday => W::Sunday,
        }
    }
}

/// When the scheduled job writes to whom.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    /// Days before the application deadline on which unsubmitted drafts are nudged.
    #[serde(default = "default_applicant_days")]
    pub applicant_days_before: Vec<u16>,
    /// The organizers' digest comes weekly on this day while the call is open and while
    /// a round runs...
    #[serde(default = "default_digest_day")]
    pub digest_day: DigestDay,
    /// ...and daily in the call's last days.
    #[serde(default = "default_daily_digest_days")]
    pub daily_digest_days: u16,
    /// Reviewers with pending reviews are nudged when a round opens and this many days
    /// before it closes.
    #[serde(default = "default_reviewer_days")]
    pub reviewer_days_before_close: Vec<u16>,
    /// Who gets the digests (the call's contact when empty).
    #[serde(default)]
    pub organizers: Vec<Email>,
    /// The time of day the job runs, in the call's time zone ("09:00").
    #[serde(default = "default_send_at")]
    pub send_at: jiff::civil::Time,
}

fn default_applicant_days() -> Vec<u16> {
    vec![14, 3, 1]
}

fn default_digest_day() -> DigestDay {
    DigestDay::Monday
}

fn default_daily_digest_days() -> u16 {
    7
}

fn default_reviewer_days() -> Vec<u16> {
    vec![7, 2]
}

fn default_send_at() -> jiff::civil::Time {
    jiff::civil::time(9, 0, 0, 0)
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            applicant_days_before: default_applicant_days(),
            digest_day: default_digest_day(),
            daily_digest_days: default_daily_digest_days(),
            reviewer_days_before_close: default_reviewer_days(),
            organizers: Vec::new(),
            send_at: default_send_at(),
        }
    }
}
