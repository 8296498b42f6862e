//! A change to an application as the applicant sends it (a JSON merge patch), its caps,
//! and how it is applied: every value parsed and checked, the problem naming its field.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{ApplicationContent, Contact, Organization, Sections};
use crate::campaign::Campaign;
use crate::country::CountryCode;
use crate::email::Email;
use crate::field::{FieldPath, OrgPart};
use crate::problem::{Problem, ProblemKind};

/// Distinguishes a key that is absent (`None`) from one set to `null` (`Some(None)`), as
/// JSON merge patch (RFC 7396) needs: absent keeps a value, `null` clears it.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// [`present`] for an object: a list in its place is refused, which serde would otherwise
/// read as the struct's fields in order (`"sections": [null, null]`).
fn present_object<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ObjectOr::<T> {
        null: true,
        kind: PhantomData,
    })
    .map(Some)
}

/// [`present`] for a list of objects, each refused when it is not one.
fn present_objects<'de, D, T>(d: D) -> Result<Option<Option<Vec<T>>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ListOf<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListOf<T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of objects or null")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(ObjectOr::<T> {
                null: false,
                kind: PhantomData,
            })? {
                items.extend(item);
            }
            Ok(Some(items))
        }
    }
    d.deserialize_any(ListOf::<T>(PhantomData)).map(Some)
}

/// An object as `T` (or, where `null` is allowed, nothing).
struct ObjectOr<T> {
    null: bool,
    kind: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOr<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.null {
            "an object or null"
        } else {
            "an object"
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.null {
            Ok(None)
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ObjectOr<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganizationPatch {
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 300, example = "Example Telecom")
    )]
    pub name: Option<Option<String>>,
    /// ISO 3166 alpha-2 or alpha-3, or the English or Chinese name.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(max_length = 60, example = "Kenya"))]
    pub country: Option<Option<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 254, example = "wang.li@example.org")
    )]
    pub email: Option<Option<String>>,
}

/// Each section is English text, each paragraph under a heading line.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SectionsPatch {
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub background: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub cooperation: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub modalities: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub benefits: Option<Option<String>>,
}

/// A country as an applicant may give it: alpha-2 or alpha-3, or its English or Chinese
/// name (the OpenAPI schema of one item of `countries`).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(max_length = 60, example = "KEN")]
pub struct CountryText(pub String);

/// A change to a draft as a JSON merge patch: absent keys are kept, `null` clears,
/// objects merge, lists replace. Creating a draft applies a patch to an empty one.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplicationPatch {
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 300, example = "RuralStar Connectivity")
    )]
    pub practice_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_object")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OrganizationPatch>))]
    pub lead_organization: Option<Option<OrganizationPatch>>,
    #[serde(default, deserialize_with = "present_objects")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<OrganizationPatch>>, max_items = 50))]
    pub partners: Option<Option<Vec<OrganizationPatch>>>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<CountryText>>, max_items = 250))]
    pub countries: Option<Option<Vec<String>>>,
    /// One of the campaign's areas (2024: `infrastructure`, `culture`, `digital_economy`,
    /// `cybersecurity`, `governance`).
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 64, example = "infrastructure")
    )]
    pub area: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_object")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<SectionsPatch>))]
    pub sections: Option<Option<SectionsPatch>>,
    #[serde(default, deserialize_with = "present_object")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ContactPatch>))]
    pub contact: Option<Option<ContactPatch>>,
    /// The organization that helped gather the case (the Excellence in Organization Award).
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub collecting_organization: Option<Option<String>>,
}

// ------------------------------------------------------------------ caps
// Every input has a cap, checked before any costly work (matching, parsing, storage).
// Together they bound the largest application: at most 4 bytes of UTF-8 per character and
// at most 4 bytes of JSON per character once escaped (control characters are removed or
// turned into spaces first, so none is escaped as `\u00XX`), which keeps the largest
// accepted application well inside DynamoDB's 400 KB item (see `MAX_CONTENT_BYTES`).

/// Longest accepted name (practice, organization, person), in characters.
pub const MAX_NAME_CHARS: usize = 300;
pub use crate::country::MAX_COUNTRY_CHARS;
/// Hard cap on one section, in characters, well above any word limit (800 English words
/// are about 5,000 characters): the word limit is a problem to fix in a draft, this is a
/// refusal to store.
pub const MAX_SECTION_CHARS: usize = 8_000;
/// Longest `area` as given (an id, with white space around it), in characters.
pub const MAX_AREA_CHARS: usize = 64;
pub const MAX_PARTNERS: usize = 50;
pub const MAX_COUNTRIES: usize = 250;
/// The most bytes the content of an application can take as stored JSON, guaranteed by
/// the caps above (a test builds the largest one); DynamoDB's item limit is 400 KB.
pub const MAX_CONTENT_BYTES: usize = 300_000;

fn too_long(field: FieldPath, chars: usize, max: usize) -> Problem {
    Problem::new(field, ProblemKind::TooLong { chars, max })
}

/// How a text field treats line breaks: a name is one line, a section keeps its
/// paragraphs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Paragraphs,
}

/// Trims a text and removes control characters: in a name every run of white space or
/// control characters becomes one space; in a section line breaks are kept (as `\n`),
/// tabs become spaces and other control characters go. An empty text counts as absent.
/// Refuses text over `max` characters, counted before any other work.
fn clean_text(
    field: FieldPath,
    value: Option<String>,
    max: usize,
    lines: Lines,
) -> Result<Option<String>, Problem> {
    let Some(v) = value else { return Ok(None) };
    let v = v.trim();
    // Counting stops one past the cap: a 200 KB value costs no more than a long one.
    let chars = v.chars().take(max + 1).count();
    if chars > max {
        return Err(too_long(field, v.chars().count(), max));
    }
    let mut out = String::with_capacity(v.len());
    match lines {
        Lines::One => {
            for word in v.split(|c: char| c.is_whitespace() || c.is_control()) {
                if !word.is_empty() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            }
        }
        Lines::Paragraphs => {
            let v = v.replace("\r\n", "\n");
            for c in v.chars() {
                match c {
                    '\n' | '\r' => out.push('\n'),
                    '\t' => out.push(' '),
                    c if c.is_control() => {}
                    c => out.push(c),
                }
            }
        }
    }
    let out = out.trim();
    Ok((!out.is_empty()).then(|| out.to_string()))
}

/// A name: one line, and at least one letter ("." or "-" is not a name).
fn clean_name(field: FieldPath, value: Option<String>) -> Result<Option<String>, Problem> {
    let name = clean_text(field.clone(), value, MAX_NAME_CHARS, Lines::One)?;
    match name {
        Some(n) if !n.chars().any(char::is_alphabetic) => {
            Err(Problem::new(field, ProblemKind::NoLetter { given: n }))
        }
        other => Ok(other),
    }
}

fn parse_country(field: FieldPath, value: Option<String>) -> Result<Option<CountryCode>, Problem> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.chars().nth(MAX_COUNTRY_CHARS).is_some() => {
            Err(too_long(field, v.chars().count(), MAX_COUNTRY_CHARS))
        }
        Some(v) => CountryCode::parse(v)
            .map(Some)
            .map_err(|e| Problem::new(field, ProblemKind::UnknownCountry(e))),
    }
}

fn apply_organization(
    field: impl Fn(OrgPart) -> FieldPath,
    org: &mut Organization,
    patch: OrganizationPatch,
) -> Result<(), Problem> {
    if let Some(name) = patch.name {
        org.name = clean_name(field(OrgPart::Name), name)?;
    }
    if let Some(country) = patch.country {
        org.country = parse_country(field(OrgPart::Country), country)?;
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
            next.practice_name = clean_name(FieldPath::PracticeName, v)?;
        }
        if let Some(v) = self.lead_organization {
            match v {
                None => next.lead_organization = Organization::default(),
                Some(p) => {
                    apply_organization(FieldPath::LeadOrganization, &mut next.lead_organization, p)?
                }
            }
        }
        if let Some(v) = self.partners {
            apply_partners(&mut next, v)?;
        }
        if let Some(v) = self.countries {
            apply_countries(&mut next, v)?;
        }
        if let Some(v) = self.area {
            apply_area(&mut next, v, campaign)?;
        }
        if let Some(v) = self.sections {
            apply_sections(&mut next, v)?;
        }
        if let Some(v) = self.contact {
            apply_contact(&mut next, v)?;
        }
        if let Some(v) = self.collecting_organization {
            next.collecting_organization = clean_name(FieldPath::CollectingOrganization, v)?;
        }
        Ok(next)
    }
}

/// The partners, each parsed; a list over [`MAX_PARTNERS`] is refused whole.
fn apply_partners(
    next: &mut ApplicationContent,
    v: Option<Vec<OrganizationPatch>>,
) -> Result<(), Problem> {
    let list = v.unwrap_or_default();
    if list.len() > MAX_PARTNERS {
        return Err(Problem::new(
            FieldPath::Partners,
            ProblemKind::TooMany {
                count: list.len(),
                max: MAX_PARTNERS,
            },
        ));
    }
    next.partners = Vec::with_capacity(list.len());
    for (i, p) in list.into_iter().enumerate() {
        let mut org = Organization::default();
        apply_organization(|part| FieldPath::Partner(i, part), &mut org, p)?;
        next.partners.push(org);
    }
    Ok(())
}

/// The countries, each parsed (duplicates kept once); over [`MAX_COUNTRIES`] refused.
fn apply_countries(next: &mut ApplicationContent, v: Option<Vec<String>>) -> Result<(), Problem> {
    let list = v.unwrap_or_default();
    if list.len() > MAX_COUNTRIES {
        return Err(Problem::new(
            FieldPath::Countries,
            ProblemKind::TooMany {
                count: list.len(),
                max: MAX_COUNTRIES,
            },
        ));
    }
    next.countries.clear();
    for (i, c) in list.into_iter().enumerate() {
        if let Some(code) = parse_country(FieldPath::Country(i), Some(c))?
            && !next.countries.contains(&code)
        {
            next.countries.push(code);
        }
    }
    Ok(())
}

/// The area, one of the campaign's ids (given in any case).
fn apply_area(
    next: &mut ApplicationContent,
    v: Option<String>,
    campaign: &Campaign,
) -> Result<(), Problem> {
    if let Some(raw) = v
        .as_deref()
        .filter(|a| a.chars().nth(MAX_AREA_CHARS).is_some())
    {
        return Err(too_long(
            FieldPath::Area,
            raw.chars().count(),
            MAX_AREA_CHARS,
        ));
    }
    // An area is an id, so only ASCII white space is trimmed (the OpenAPI
    // document's pattern says exactly this).
    next.area = match v
        .as_deref()
        .map(|a| a.trim_matches(|c: char| c.is_ascii_whitespace()))
    {
        None | Some("") => None,
        Some(given) => {
            let wanted = given.to_ascii_lowercase();
            let area = campaign
                .areas()
                .iter()
                .find(|a| a.id == wanted)
                .ok_or_else(|| {
                    Problem::new(
                        FieldPath::Area,
                        ProblemKind::UnknownArea {
                            given: given.to_string(),
                        },
                    )
                })?;
            Some(area.id.clone())
        }
    };
    Ok(())
}

/// The sections given, each cleaned and kept under the section cap.
fn apply_sections(next: &mut ApplicationContent, v: Option<SectionsPatch>) -> Result<(), Problem> {
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
                    let field = FieldPath::Section(key);
                    *next.sections.slot(key) =
                        clean_text(field, text, MAX_SECTION_CHARS, Lines::Paragraphs)?;
                }
            }
        }
    }
    Ok(())
}

/// The contact person: a name and a well-formed e-mail.
fn apply_contact(next: &mut ApplicationContent, v: Option<ContactPatch>) -> Result<(), Problem> {
    match v {
        None => next.contact = Contact::default(),
        Some(p) => {
            if let Some(name) = p.name {
                next.contact.name = clean_name(FieldPath::ContactName, name)?;
            }
            if let Some(email) = p.email {
                next.contact.email = match email.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(e) => Some(Email::parse(e).map_err(|_| {
                        Problem::new(
                            FieldPath::ContactEmail,
                            ProblemKind::InvalidEmail {
                                given: e.to_string(),
                            },
                        )
                    })?),
                };
            }
        }
    }
    Ok(())
}

/// The largest application content the caps accept, in the script that costs the most
/// bytes (`wide`: 4 bytes of UTF-8 per character) or the most escaping (quotes and line
/// breaks): what the store contract and the benchmarks write to prove the caps.
#[cfg(any(test, feature = "test-support"))]
pub fn largest_accepted_content(wide: bool) -> ApplicationContent {
    let fill = |n: usize| -> String {
        if wide {
            "𠀀".repeat(n) // U+20000, 4 bytes
        } else {
            let body: String = "a\"\n".repeat(n / 3 + 1).chars().take(n - 1).collect();
            body + "a"
        }
    };
    let name = |n: usize| -> String {
        if wide {
            "𠀀".repeat(n)
        } else {
            "\"".repeat(n - 1) + "a"
        }
    };
    let org = |country: &str| Organization {
        name: Some(name(MAX_NAME_CHARS)),
        country: CountryCode::parse(country).ok(),
    };
    ApplicationContent {
        practice_name: Some(name(MAX_NAME_CHARS)),
        lead_organization: org("CN"),
        partners: (0..MAX_PARTNERS).map(|_| org("KE")).collect(),
        countries: crate::country::all().take(MAX_COUNTRIES).collect(),
        area: Some("infrastructure".into()),
        sections: Sections {
            background: Some(fill(MAX_SECTION_CHARS)),
            cooperation: Some(fill(MAX_SECTION_CHARS)),
            modalities: Some(fill(MAX_SECTION_CHARS)),
            benefits: Some(fill(MAX_SECTION_CHARS)),
        },
        contact: Contact {
            name: Some(name(MAX_NAME_CHARS)),
            email: Email::parse(&format!("{}@example.org", "a".repeat(64))).ok(),
            verified_email: None,
        },
        collecting_organization: Some(name(MAX_NAME_CHARS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::Reference;

    fn patch(json: &str) -> ApplicationPatch {
        serde_json::from_str(json).unwrap()
    }

    /// Found by Schemathesis: serde reads a list as a struct's fields in order.
    #[test]
    fn a_list_in_place_of_an_object_is_refused_where_it_stands() {
        for (json, place) in [
            (r#"{"sections":[null,null]}"#, "sections"),
            (r#"{"contact":["Ana"]}"#, "contact"),
            (r#"{"lead_organization":[]}"#, "lead_organization"),
            (r#"{"partners":[["A","KE"]]}"#, "partners[0]"),
            (r#"{"partners":[null]}"#, "partners[0]"),
        ] {
            let mut de = serde_json::Deserializer::from_str(json);
            let err =
                serde_path_to_error::deserialize::<_, ApplicationPatch>(&mut de).expect_err(json);
            assert_eq!(err.path().to_string(), place, "{json}");
            assert!(
                err.inner().to_string().contains("an object"),
                "{json}: {err}"
            );
        }
        // Objects and null still read as before, and an error inside names its field.
        let p =
            patch(r#"{"sections":{"background":"A"},"contact":null,"partners":[{"name":"B"}]}"#);
        assert!(matches!(p.contact, Some(None)));
        assert_eq!(p.partners.map(|l| l.map(|l| l.len())), Some(Some(1)));
        let mut de = serde_json::Deserializer::from_str(r#"{"sections":{"background":5}}"#);
        let err = serde_path_to_error::deserialize::<_, ApplicationPatch>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "sections.background");
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
        let err = patch(r#"{"countries":["Kenya","Kenyia"]}"#)
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
        assert_eq!(
            (err.field.to_string().as_str(), err.code()),
            ("area", "unknown_area")
        );
        let err = patch(r#"{"contact":{"email":"not-an-address"}}"#)
            .apply(&ApplicationContent::default(), &campaign)
            .unwrap_err();
        assert_eq!(
            (err.field.to_string().as_str(), err.code()),
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
            (err.field.to_string().as_str(), err.code()),
            ("practice_name", "too_long")
        );
    }

    #[test]
    fn a_name_without_a_letter_is_refused() {
        let campaign = Campaign::builtin();
        for field in [
            r#"{"contact":{"name":"."}}"#,
            r#"{"practice_name":" - "}"#,
            r#"{"lead_organization":{"name":"123"}}"#,
        ] {
            let err = patch(field)
                .apply(&ApplicationContent::default(), &campaign)
                .unwrap_err();
            assert_eq!(err.code(), "no_letter", "{field}");
        }
        let ok = patch(r#"{"contact":{"name":"李伟"},"practice_name":"5G for All"}"#)
            .apply(&ApplicationContent::default(), &campaign)
            .unwrap();
        assert_eq!(ok.contact.name.as_deref(), Some("李伟"));
    }

    #[test]
    fn control_characters_never_reach_a_stored_name_or_section() {
        let campaign = Campaign::builtin();
        let content = patch(
            r#"{"practice_name":"Village\r\nLinks\u0007 \t Now","sections":{"background":"Why\r\nWe\u0000 started\tthere\n\nMore"}}"#,
        )
        .apply(&ApplicationContent::default(), &campaign)
        .unwrap();
        assert_eq!(content.practice_name.as_deref(), Some("Village Links Now"));
        assert_eq!(
            content.sections.background.as_deref(),
            Some("Why\nWe started there\n\nMore")
        );
    }

    #[test]
    fn a_country_longer_than_any_name_is_refused_before_matching() {
        let long = "Kenya".repeat(40_000); // 200 KB
        let err = patch(&format!(r#"{{"countries":["{long}"]}}"#))
            .apply(&ApplicationContent::default(), &Campaign::builtin())
            .unwrap_err();
        assert_eq!(
            (err.field.to_string().as_str(), err.code()),
            ("countries[0]", "too_long")
        );
        let err = CountryCode::parse(&long).unwrap_err();
        assert!(err.input.chars().count() <= crate::text::EXCERPT_CHARS + 1);
        assert_eq!(err.suggestion, None);
    }

    #[test]
    fn the_largest_accepted_application_fits_the_content_cap() {
        let campaign = Campaign::builtin();
        for wide in [true, false] {
            let content = largest_accepted_content(wide);
            // It is accepted as it is: re-applying every field changes nothing.
            let json = serde_json::to_string(&content).unwrap();
            let again: ApplicationPatch = serde_json::from_str(&json).unwrap();
            let applied = again
                .apply(&ApplicationContent::default(), &campaign)
                .unwrap();
            assert!(
                applied == content,
                "the largest content changed when applied"
            );
            assert!(
                json.len() <= MAX_CONTENT_BYTES,
                "{} bytes of JSON (wide: {wide})",
                json.len()
            );
        }
        // One character more anywhere is refused.
        let over = "a".repeat(MAX_SECTION_CHARS + 1);
        let err = patch(&format!(r#"{{"sections":{{"benefits":"{over}"}}}}"#))
            .apply(&ApplicationContent::default(), &campaign)
            .unwrap_err();
        assert_eq!(err.code(), "too_long");
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
