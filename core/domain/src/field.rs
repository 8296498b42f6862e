//! Which field of an application a problem is about: a typed path, written on the wire as
//! the JSON path of the field (`partners[1].country`) and read by people as its label
//! ("The country of partner 2"), both from the type, never parsed back from text.

use std::fmt;

use crate::campaign::Campaign;
use crate::lang::{Lang, msg, t, text};
use crate::section::SectionKey;

/// The name or the country of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgPart {
    Name,
    Country,
}

impl OrgPart {
    fn as_str(self) -> &'static str {
        match self {
            OrgPart::Name => "name",
            OrgPart::Country => "country",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldPath {
    PracticeName,
    LeadOrganization(OrgPart),
    /// The list of partners as a whole (too many, none).
    Partners,
    /// A partner, counted from 0 as in the JSON list.
    Partner(usize, OrgPart),
    /// The list of countries as a whole.
    Countries,
    /// A country of the list, counted from 0.
    Country(usize),
    Area,
    Section(SectionKey),
    ContactName,
    ContactEmail,
    CollectingOrganization,
    /// Not a field: the call's deadline, for the problem of a late submission.
    Deadline,
}

impl fmt::Display for FieldPath {
    /// The field's JSON path, as the API names it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::PracticeName => f.write_str("practice_name"),
            FieldPath::LeadOrganization(part) => write!(f, "lead_organization.{}", part.as_str()),
            FieldPath::Partners => f.write_str("partners"),
            FieldPath::Partner(i, part) => write!(f, "partners[{i}].{}", part.as_str()),
            FieldPath::Countries => f.write_str("countries"),
            FieldPath::Country(i) => write!(f, "countries[{i}]"),
            FieldPath::Area => f.write_str("area"),
            FieldPath::Section(key) => write!(f, "sections.{}", key.as_str()),
            FieldPath::ContactName => f.write_str("contact.name"),
            FieldPath::ContactEmail => f.write_str("contact.email"),
            FieldPath::CollectingOrganization => f.write_str("collecting_organization"),
            FieldPath::Deadline => f.write_str("deadline"),
        }
    }
}

/// A path compares equal to its JSON form (`"sections.background"`).
impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        self.is_written(other)
    }
}

impl PartialEq<str> for FieldPath {
    fn eq(&self, other: &str) -> bool {
        self.is_written(other)
    }
}

/// Compares what is written to a text as it is written, without keeping it.
struct SameAs<'a> {
    rest: &'a str,
    same: bool,
}

impl fmt::Write for SameAs<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.rest.strip_prefix(s) {
            Some(rest) if self.same => self.rest = rest,
            _ => self.same = false,
        }
        Ok(())
    }
}

impl FieldPath {
    /// Whether `text` is this path's JSON form.
    fn is_written(&self, text: &str) -> bool {
        let mut same = SameAs {
            rest: text,
            same: true,
        };
        let _ = fmt::Write::write_fmt(&mut same, format_args!("{self}"));
        same.same && same.rest.is_empty()
    }

    /// The name people know the field by, e.g. "Case Background" for a section (its
    /// title in the campaign), "The country of partner 2".
    pub fn label(&self, campaign: &Campaign, lang: Lang) -> String {
        let msg = match self {
            FieldPath::Section(key) => {
                return campaign.sections().get(*key).title.get(lang).to_string();
            }
            FieldPath::Partner(i, OrgPart::Country) => {
                return t!(lang, FIELD_PARTNER_COUNTRY, n = i + 1);
            }
            FieldPath::Partner(i, OrgPart::Name) => return t!(lang, FIELD_PARTNER_NAME, n = i + 1),
            FieldPath::Country(i) => return t!(lang, FIELD_COUNTRY, n = i + 1),
            FieldPath::PracticeName => msg::FIELD_PRACTICE_NAME,
            FieldPath::LeadOrganization(OrgPart::Name) => msg::FIELD_LEAD,
            FieldPath::LeadOrganization(OrgPart::Country) => msg::FIELD_LEAD_COUNTRY,
            FieldPath::Partners => msg::FIELD_PARTNERS,
            FieldPath::Countries => msg::FIELD_COUNTRIES,
            FieldPath::Area => msg::FIELD_AREA,
            FieldPath::ContactName => msg::FIELD_CONTACT_NAME,
            FieldPath::ContactEmail => msg::FIELD_CONTACT_EMAIL,
            FieldPath::CollectingOrganization => msg::FIELD_COLLECTING,
            FieldPath::Deadline => msg::FIELD_DEADLINE,
        };
        text(lang, msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_has_its_json_form_and_its_label() {
        let campaign = Campaign::builtin();
        let cases = [
            (
                FieldPath::Partner(1, OrgPart::Country),
                "partners[1].country",
                "The country of partner 2",
            ),
            (FieldPath::Country(0), "countries[0]", "Country 1"),
            (
                FieldPath::LeadOrganization(OrgPart::Name),
                "lead_organization.name",
                "The lead organization",
            ),
            (
                FieldPath::ContactEmail,
                "contact.email",
                "The contact e-mail",
            ),
        ];
        for (path, json, label) in cases {
            assert_eq!(path.to_string(), json);
            assert_eq!(path.label(&campaign, Lang::En), label);
        }
        let background = FieldPath::Section(SectionKey::Background);
        assert_eq!(background, "sections.background");
        assert_ne!(background, "sections.backgroundx");
        assert_ne!(background, "sections.back");
        assert_ne!(FieldPath::Partner(1, OrgPart::Name), "partners[1].country");
        assert_eq!(
            background.label(&campaign, Lang::En),
            campaign
                .sections()
                .get(SectionKey::Background)
                .title
                .get(Lang::En)
        );
        assert_eq!(
            FieldPath::Partner(0, OrgPart::Name).label(&campaign, Lang::Zh),
            "合作机构1的名称"
        );
    }
}
