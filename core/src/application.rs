//! The application as DESIGN.md shows it, and the patch that creates and edits a draft.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use crate::campaign::Campaign;
use crate::country::CountryCode;
use crate::email::Email;
use crate::rules::{Problem, ProblemKind};
use crate::token::TokenHash;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApplicationId(Uuid);

impl ApplicationId {
    pub fn random() -> ApplicationId {
        ApplicationId(Uuid::new_v4())
    }

    /// Parses an id from a URL; anything else is simply "not found" to the caller.
    pub fn parse(s: &str) -> Option<ApplicationId> {
        Uuid::try_parse(s).ok().map(ApplicationId)
    }
}

impl fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// A submitted application's reference, `PC2024-0007`: the series and a number that is
/// allocated once and never reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Reference(String);

impl Reference {
    pub fn new(series: &str, number: u64) -> Reference {
        Reference(format!("{series}-{number:04}"))
    }

    pub fn from_stored(s: String) -> Reference {
        Reference(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Withdrawn,
    InReview,
    Collected,
    Outstanding,
    NotSelected,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::Withdrawn,
        Status::InReview,
        Status::Collected,
        Status::Outstanding,
        Status::NotSelected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Withdrawn => "withdrawn",
            Status::InReview => "in_review",
            Status::Collected => "collected",
            Status::Outstanding => "outstanding",
            Status::NotSelected => "not_selected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub name: Option<String>,
    pub country: Option<CountryCode>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<Email>,
}

/// The four sections of the application content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKey {
    Background,
    Cooperation,
    Modalities,
    Benefits,
}

impl SectionKey {
    pub const ALL: [SectionKey; 4] = [
        SectionKey::Background,
        SectionKey::Cooperation,
        SectionKey::Modalities,
        SectionKey::Benefits,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKey::Background => "background",
            SectionKey::Cooperation => "cooperation",
            SectionKey::Modalities => "modalities",
            SectionKey::Benefits => "benefits",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sections {
    pub background: Option<String>,
    pub cooperation: Option<String>,
    pub modalities: Option<String>,
    pub benefits: Option<String>,
}

impl Sections {
    pub fn get(&self, key: SectionKey) -> Option<&str> {
        match key {
            SectionKey::Background => self.background.as_deref(),
            SectionKey::Cooperation => self.cooperation.as_deref(),
            SectionKey::Modalities => self.modalities.as_deref(),
            SectionKey::Benefits => self.benefits.as_deref(),
        }
    }

    fn slot(&mut self, key: SectionKey) -> &mut Option<String> {
        match key {
            SectionKey::Background => &mut self.background,
            SectionKey::Cooperation => &mut self.cooperation,
            SectionKey::Modalities => &mut self.modalities,
            SectionKey::Benefits => &mut self.benefits,
        }
    }
}

/// What the applicant writes. Every field may be missing in a draft; what is there has
/// been parsed (countries as alpha-2, a well-formed e-mail, a known area).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplicationContent {
    pub practice_name: Option<String>,
    pub lead_organization: Organization,
    pub partners: Vec<Organization>,
    pub countries: Vec<CountryCode>,
    pub area: Option<String>,
    pub sections: Sections,
    pub contact: Contact,
    pub collecting_organization: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    pub id: ApplicationId,
    /// The campaign year the application belongs to.
    pub campaign: i16,
    pub reference: Option<Reference>,
    pub status: Status,
    /// Starts at 1 and grows by one with every change; writes are conditional on it.
    pub version: u64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub submitted_at: Option<Timestamp>,
    pub content: ApplicationContent,
    pub edit_token_hash: TokenHash,
}

// ------------------------------------------------------------------ the patch

/// Distinguishes a key that is absent (`None`) from one set to `null` (`Some(None)`), as
/// JSON merge patch (RFC 7396) needs: absent keeps a value, `null` clears it.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationPatch {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub country: Option<Option<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub email: Option<Option<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionsPatch {
    #[serde(default, deserialize_with = "present")]
    pub background: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub cooperation: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub modalities: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub benefits: Option<Option<String>>,
}

/// A change to a draft as a JSON merge patch: absent keys are kept, `null` clears,
/// objects merge, lists replace. Creating a draft applies a patch to an empty one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationPatch {
    #[serde(default, deserialize_with = "present")]
    pub practice_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub lead_organization: Option<Option<OrganizationPatch>>,
    #[serde(default, deserialize_with = "present")]
    pub partners: Option<Option<Vec<OrganizationPatch>>>,
    #[serde(default, deserialize_with = "present")]
    pub countries: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "present")]
    pub area: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub sections: Option<Option<SectionsPatch>>,
    #[serde(default, deserialize_with = "present")]
    pub contact: Option<Option<ContactPatch>>,
    #[serde(default, deserialize_with = "present")]
    pub collecting_organization: Option<Option<String>>,
}

/// Longest accepted name (practice, organization, person), in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// Hard cap on one section, in characters, far above any word limit: the word limit is
/// a problem to fix in a draft, this is a refusal to store.
pub const MAX_SECTION_CHARS: usize = 40_000;
pub const MAX_PARTNERS: usize = 100;
pub const MAX_COUNTRIES: usize = 250;

fn too_long(field: &str, chars: usize, max: usize) -> Problem {
    Problem::new(field, ProblemKind::TooLong { chars, max })
}

/// Trims a text; an empty one counts as absent. Refuses text over `max` characters.
fn clean_text(field: &str, value: Option<String>, max: usize) -> Result<Option<String>, Problem> {
    let Some(v) = value else { return Ok(None) };
    let v = v.trim();
    let chars = v.chars().count();
    if chars > max {
        return Err(too_long(field, chars, max));
    }
    Ok((!v.is_empty()).then(|| v.to_string()))
}

fn parse_country(field: &str, value: Option<String>) -> Result<Option<CountryCode>, Problem> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => CountryCode::parse(v)
            .map(Some)
            .map_err(|e| Problem::new(field, ProblemKind::UnknownCountry(e))),
    }
}

fn apply_organization(
    field: &str,
    org: &mut Organization,
    patch: OrganizationPatch,
) -> Result<(), Problem> {
    if let Some(name) = patch.name {
        org.name = clean_text(&format!("{field}.name"), name, MAX_NAME_CHARS)?;
    }
    if let Some(country) = patch.country {
        org.country = parse_country(&format!("{field}.country"), country)?;
    }
    Ok(())
}

impl ApplicationPatch {
    /// Applies the patch to `content`, parsing every value. On the first bad value the
    /// content is left unchanged and the problem names the field.
    pub fn apply(
        self,
        content: &ApplicationContent,
        campaign: &Campaign,
    ) -> Result<ApplicationContent, Problem> {
        let mut next = content.clone();
        if let Some(v) = self.practice_name {
            next.practice_name = clean_text("practice_name", v, MAX_NAME_CHARS)?;
        }
        if let Some(v) = self.lead_organization {
            match v {
                None => next.lead_organization = Organization::default(),
                Some(p) => apply_organization("lead_organization", &mut next.lead_organization, p)?,
            }
        }
        if let Some(v) = self.partners {
            let list = v.unwrap_or_default();
            if list.len() > MAX_PARTNERS {
                return Err(Problem::new(
                    "partners",
                    ProblemKind::TooMany {
                        count: list.len(),
                        max: MAX_PARTNERS,
                    },
                ));
            }
            next.partners = Vec::with_capacity(list.len());
            for (i, p) in list.into_iter().enumerate() {
                let mut org = Organization::default();
                apply_organization(&format!("partners[{i}]"), &mut org, p)?;
                next.partners.push(org);
            }
        }
        if let Some(v) = self.countries {
            let list = v.unwrap_or_default();
            if list.len() > MAX_COUNTRIES {
                return Err(Problem::new(
                    "countries",
                    ProblemKind::TooMany {
                        count: list.len(),
                        max: MAX_COUNTRIES,
                    },
                ));
            }
            next.countries.clear();
            for (i, c) in list.into_iter().enumerate() {
                if let Some(code) = parse_country(&format!("countries[{i}]"), Some(c))?
                    && !next.countries.contains(&code)
                {
                    next.countries.push(code);
                }
            }
        }
        if let Some(v) = self.area {
            next.area = match v.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(given) => {
                    let wanted = given.to_ascii_lowercase();
                    let area = campaign
                        .areas
                        .iter()
                        .find(|a| a.id == wanted)
                        .ok_or_else(|| {
                            Problem::new(
                                "area",
                                ProblemKind::UnknownArea {
                                    given: given.to_string(),
                                },
                            )
                        })?;
                    Some(area.id.clone())
                }
            };
        }
        if let Some(v) = self.sections {
            match v {
                None => next.sections = Sections::default(),
                Some(p) => {
                    let changes = [
                        (crate::SectionKey::Background, p.background),
                        (crate::SectionKey::Cooperation, p.cooperation),
                        (crate::SectionKey::Modalities, p.modalities),
                        (crate::SectionKey::Benefits, p.benefits),
                    ];
                    for (key, change) in changes {
                        if let Some(text) = change {
                            let field = format!("sections.{}", key.as_str());
                            *next.sections.slot(key) = clean_text(&field, text, MAX_SECTION_CHARS)?;
                        }
                    }
                }
            }
        }
        if let Some(v) = self.contact {
            match v {
                None => next.contact = Contact::default(),
                Some(p) => {
                    if let Some(name) = p.name {
                        next.contact.name = clean_text("contact.name", name, MAX_NAME_CHARS)?;
                    }
                    if let Some(email) = p.email {
                        next.contact.email = match email.as_deref().map(str::trim) {
                            None | Some("") => None,
                            Some(e) => Some(Email::parse(e).map_err(|_| {
                                Problem::new(
                                    "contact.email",
                                    ProblemKind::InvalidEmail {
                                        given: e.to_string(),
                                    },
                                )
                            })?),
                        };
                    }
                }
            }
        }
        if let Some(v) = self.collecting_organization {
            next.collecting_organization =
                clean_text("collecting_organization", v, MAX_NAME_CHARS)?;
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(json: &str) -> ApplicationPatch {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn absent_keys_are_kept_null_clears_and_objects_merge() {
        let campaign = Campaign::builtin();
        let base = patch(r#"{"practice_name":"Bridge","contact":{"name":"Ana","email":"ana@example.org"},"sections":{"background":"A","benefits":"B"}}"#)
            .apply(&ApplicationContent::default(), &campaign)
            .unwrap();
        let next = patch(
            r#"{"practice_name":null,"contact":{"name":"Ana Lee"},"sections":{"background":"A2"}}"#,
        )
        .apply(&base, &campaign)
        .unwrap();
        assert_eq!(next.practice_name, None);
        assert_eq!(next.contact.name.as_deref(), Some("Ana Lee"));
        assert_eq!(
            next.contact.email.as_ref().map(Email::as_str),
            Some("ana@example.org")
        );
        assert_eq!(next.sections.background.as_deref(), Some("A2"));
        assert_eq!(next.sections.benefits.as_deref(), Some("B"));
    }

    #[test]
    fn countries_in_any_form_are_stored_as_alpha2_once_each() {
        let content = patch(r#"{"countries":["Kenya","KEN","肯尼亚","br","China"]}"#)
            .apply(&ApplicationContent::default(), &Campaign::builtin())
            .unwrap();
        let codes: Vec<String> = content.countries.iter().map(|c| c.to_string()).collect();
        assert_eq!(codes, ["KE", "BR", "CN"]);
    }

    #[test]
    fn an_unknown_country_names_its_position_and_changes_nothing() {
        let err = patch(r#"{"countries":["Kenya","Kenia"]}"#)
            .apply(&ApplicationContent::default(), &Campaign::builtin())
            .unwrap_err();
        assert_eq!(err.field, "countries[1]");
        assert_eq!(err.code(), "unknown_country");
    }

    #[test]
    fn an_unknown_area_and_a_bad_email_are_refused_by_field() {
        let campaign = Campaign::builtin();
        let err = patch(r#"{"area":"space"}"#)
            .apply(&ApplicationContent::default(), &campaign)
            .unwrap_err();
        assert_eq!((err.field.as_str(), err.code()), ("area", "unknown_area"));
        let err = patch(r#"{"contact":{"email":"not-an-address"}}"#)
            .apply(&ApplicationContent::default(), &campaign)
            .unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.code()),
            ("contact.email", "invalid_email")
        );
    }

    #[test]
    fn overlong_text_is_refused_not_truncated() {
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        let err = patch(&format!(r#"{{"practice_name":"{long}"}}"#))
            .apply(&ApplicationContent::default(), &Campaign::builtin())
            .unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.code()),
            ("practice_name", "too_long")
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(serde_json::from_str::<ApplicationPatch>(r#"{"practise_name":"x"}"#).is_err());
        assert!(
            serde_json::from_str::<ApplicationPatch>(r#"{"sections":{"summary":"x"}}"#).is_err()
        );
    }

    #[test]
    fn references_have_at_least_four_digits() {
        assert_eq!(Reference::new("PC2024", 7).as_str(), "PC2024-0007");
        assert_eq!(Reference::new("PC2024", 12345).as_str(), "PC2024-12345");
    }
}
