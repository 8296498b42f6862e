//! The application wizard's steps: one question at a time, each with a short tip and an
//! example, and the patch each answer makes. Every rule is the domain's (core).

use casebook_core::application::{ContactPatch, OrganizationPatch, SectionsPatch};
use casebook_core::{Application, ApplicationPatch, Campaign, Lang, SectionKey};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    PracticeName,
    LeadName,
    LeadCountry,
    Partners,
    Countries,
    Area,
    Background,
    Cooperation,
    Modalities,
    Benefits,
    ContactName,
    ContactEmail,
    CollectingOrganization,
    /// Supporting files, when the front end can take them (optional).
    Attachments,
}

impl Step {
    pub const ALL: [Step; 14] = [
        Step::PracticeName,
        Step::LeadName,
        Step::LeadCountry,
        Step::Partners,
        Step::Countries,
        Step::Area,
        Step::Background,
        Step::Cooperation,
        Step::Modalities,
        Step::Benefits,
        Step::ContactName,
        Step::ContactEmail,
        Step::CollectingOrganization,
        Step::Attachments,
    ];

    pub fn next(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        Step::ALL.get(i + 1).copied()
    }

    /// The application field the step fills (as in problems and `/edit FIELD`).
    pub fn field(self) -> &'static str {
        match self {
            Step::PracticeName => "practice_name",
            Step::LeadName => "lead_organization.name",
            Step::LeadCountry => "lead_organization.country",
            Step::Partners => "partners",
            Step::Countries => "countries",
            Step::Area => "area",
            Step::Background => "sections.background",
            Step::Cooperation => "sections.cooperation",
            Step::Modalities => "sections.modalities",
            Step::Benefits => "sections.benefits",
            Step::ContactName => "contact.name",
            Step::ContactEmail => "contact.email",
            Step::CollectingOrganization => "collecting_organization",
            Step::Attachments => "attachments",
        }
    }

    /// The step for a field name as typed after `/edit` (`practice_name`, `email`, ...).
    pub fn from_field(name: &str) -> Option<Step> {
        let name = name.trim().to_ascii_lowercase();
        Step::ALL.into_iter().find(|s| {
            let field = s.field();
            field == name
                || field.rsplit('.').next() == Some(name.as_str())
                || field.replace('.', "_") == name
        })
    }

    pub fn section(self) -> Option<SectionKey> {
        match self {
            Step::Background => Some(SectionKey::Background),
            Step::Cooperation => Some(SectionKey::Cooperation),
            Step::Modalities => Some(SectionKey::Modalities),
            Step::Benefits => Some(SectionKey::Benefits),
            _ => None,
        }
    }

    pub fn optional(self) -> bool {
        matches!(
            self,
            Step::CollectingOrganization | Step::Partners | Step::Attachments
        )
    }
}

/// Splits a typed list of countries on commas, semicolons, Chinese commas or new lines.
pub fn split_list(text: &str) -> Vec<String> {
    // Latin, Chinese and Arabic commas and semicolons.
    text.split([',', ';', '，', '、', '；', '،', '؛', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// "Name, Country" -> the partner to add (the country is parsed by core).
pub fn partner(text: &str) -> Option<OrganizationPatch> {
    let (name, country) = text.rsplit_once([',', '，', '،'])?;
    let (name, country) = (name.trim(), country.trim());
    (!name.is_empty() && !country.is_empty()).then(|| OrganizationPatch {
        name: Some(Some(name.to_string())),
        country: Some(Some(country.to_string())),
    })
}

/// The area an answer names: its id, its name in either language, or a button's data.
pub fn area<'a>(campaign: &'a Campaign, text: &str) -> Option<&'a str> {
    let t = text
        .trim()
        .trim_start_matches("/area")
        .trim()
        .to_lowercase();
    campaign
        .areas()
        .iter()
        .find(|a| {
            a.id == t
                || Lang::ALL
                    .into_iter()
                    .any(|lang| a.name.given(lang).is_some_and(|n| n.to_lowercase() == t))
        })
        .map(|a| a.id.as_str())
}

/// Why an answer made no change to the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// A partner without ", Country".
    PartnerFormat,
    /// No area of the campaign by that name.
    UnknownArea,
    /// Files arrive as files, not as text.
    NotText,
}

/// The change one answer makes to `app`: partners are added to its list, everything
/// else replaces the step's field. Every rule about the value itself is core's.
pub fn patch(
    step: Step,
    text: &str,
    app: &Application,
    campaign: &Campaign,
) -> Result<ApplicationPatch, Unusable> {
    let t = Some(Some(text.trim().to_string()));
    let mut patch = ApplicationPatch::default();
    let organization = |name, country| Some(Some(OrganizationPatch { name, country }));
    let section = |background, cooperation, modalities, benefits| {
        Some(Some(SectionsPatch {
            background,
            cooperation,
            modalities,
            benefits,
        }))
    };
    let contact = |name, email| Some(Some(ContactPatch { name, email }));
    match step {
        Step::PracticeName => patch.practice_name = t,
        Step::LeadName => patch.lead_organization = organization(t, None),
        Step::LeadCountry => patch.lead_organization = organization(None, t),
        Step::Partners => {
            let mut all: Vec<OrganizationPatch> = app
                .content
                .partners
                .iter()
                .map(|p| OrganizationPatch {
                    name: Some(p.name.clone()),
                    country: Some(p.country.map(|c| c.to_string())),
                })
                .collect();
            all.push(partner(text).ok_or(Unusable::PartnerFormat)?);
            patch.partners = Some(Some(all));
        }
        Step::Countries => patch.countries = Some(Some(split_list(text))),
        Step::Area => {
            let id = area(campaign, text).ok_or(Unusable::UnknownArea)?;
            patch.area = Some(Some(id.to_string()));
        }
        Step::Background => patch.sections = section(t, None, None, None),
        Step::Cooperation => patch.sections = section(None, t, None, None),
        Step::Modalities => patch.sections = section(None, None, t, None),
        Step::Benefits => patch.sections = section(None, None, None, t),
        Step::ContactName => patch.contact = contact(t, None),
        Step::ContactEmail => patch.contact = contact(None, t),
        Step::CollectingOrganization => patch.collecting_organization = t,
        Step::Attachments => return Err(Unusable::NotText),
    }
    Ok(patch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_in_order_and_fields_can_be_named_loosely() {
        assert_eq!(Step::PracticeName.next(), Some(Step::LeadName));
        assert_eq!(Step::CollectingOrganization.next(), Some(Step::Attachments));
        assert_eq!(Step::Attachments.next(), None);
        assert_eq!(Step::from_field("email"), Some(Step::ContactEmail));
        assert_eq!(Step::from_field("sections.benefits"), Some(Step::Benefits));
        assert_eq!(Step::from_field("practice_name"), Some(Step::PracticeName));
        assert_eq!(Step::from_field("nonsense"), None);
    }

    #[test]
    fn lists_and_partners_are_read_from_what_people_type() {
        assert_eq!(split_list("中国、肯尼亚，巴西"), ["中国", "肯尼亚", "巴西"]);
        assert_eq!(
            split_list("الصين، كينيا؛ البرازيل"),
            ["الصين", "كينيا", "البرازيل"]
        );
        assert_eq!(
            split_list("China, Kenya;Brazil\n"),
            ["China", "Kenya", "Brazil"]
        );
        let p = partner("Example Networks, Ltd, Kenya").unwrap();
        assert_eq!(p.name, Some(Some("Example Networks, Ltd".to_string())));
        assert_eq!(p.country, Some(Some("Kenya".to_string())));
        assert!(partner("no country").is_none());
    }

    #[test]
    fn areas_are_recognised_by_id_name_or_chinese_name() {
        let c = Campaign::builtin();
        assert_eq!(area(&c, "/area culture"), Some("culture"));
        assert_eq!(area(&c, "Cybersecurity Maintenance"), Some("cybersecurity"));
        assert_eq!(area(&c, "全球网络空间治理"), Some("governance"));
        assert_eq!(area(&c, "space"), None);
    }
}
