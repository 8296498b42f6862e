//! The review rounds: reviewers, their assignments and reviews, who may review which case
//! (the campaign's conflict rule), how a round's cases are shared out among the reviewers
//! (`assignment`) and the mails reviewers get. The services in casebook-core build on these.

pub mod assignment;
pub mod error;
pub mod mail;

pub use error::{InvalidKind, InvalidReview, ReviewError};

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use jiff::Timestamp;

use crate::application::ApplicationContent;
use crate::campaign::ConflictRule;
use crate::country::CountryCode;
use crate::email::Email;
use crate::lang::{Lang, t};
use crate::text::normalise;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReviewerId(Uuid);

impl ReviewerId {
    pub fn random() -> ReviewerId {
        ReviewerId(Uuid::new_v4())
    }

    pub fn parse(s: &str) -> Option<ReviewerId> {
        Uuid::try_parse(s).ok().map(ReviewerId)
    }
}

impl fmt::Display for ReviewerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// An expert in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub id: ReviewerId,
    pub name: String,
    /// Unique in the registry (compared in lower case).
    pub email: Email,
    pub country: CountryCode,
    pub organization: String,
    /// Further organizations the reviewer must not review (a former employer, a
    /// partner they advise), besides their own.
    pub excluded_organizations: Vec<String>,
    /// Area ids the reviewer knows best.
    pub areas: Vec<String>,
    /// Bumped when a sign-in link is revoked or replaced; a token of an older
    /// generation opens nothing.
    pub generation: u32,
    pub revoked: bool,
    /// The calls they review for: the year they were added in, and each year they were
    /// carried to (`casebook admin reviewers carry`). A record kept before years is 2024's.
    pub years: Vec<i16>,
    /// The language they read: their mails are in it, then English (English for a record
    /// kept before the six languages).
    pub language: Lang,
    /// For conditional writes.
    pub version: u64,
    pub created_at: Timestamp,
}

impl Reviewer {
    /// Whether they review for `year`'s call.
    pub fn reviews_in(&self, year: i16) -> bool {
        self.years.contains(&year)
    }

    pub fn profile(&self) -> ReviewerProfile {
        ReviewerProfile {
            id: self.id,
            country: self.country,
            organizations: std::iter::once(&self.organization)
                .chain(&self.excluded_organizations)
                .cloned()
                .collect(),
            areas: self.areas.clone(),
        }
    }
}

/// A case given to a reviewer in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub round: u8,
    pub application: crate::application::ApplicationId,
    pub reviewer: ReviewerId,
    pub assigned_at: Timestamp,
    /// Why the reviewer may not review it, once they declared a conflict: the case then
    /// goes to another reviewer.
    pub conflict: Option<String>,
}

/// A reviewer's scores and comment on a case in a round: a draft while they work
/// (autosaved, possibly partial), then submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReview {
    pub round: u8,
    pub application: crate::application::ApplicationId,
    pub reviewer: ReviewerId,
    /// Criterion id to score.
    pub scores: std::collections::BTreeMap<String, u8>,
    pub comment: String,
    pub submitted: bool,
    /// For conditional saves (the ETag of the reviewer's page).
    pub version: u64,
    pub updated_at: Timestamp,
}

/// What decides which cases a reviewer may get: where they are, whom they work for (and
/// any further organization they must not review), and the areas they know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerProfile {
    pub id: ReviewerId,
    pub country: CountryCode,
    /// Their own organization first, then the further ones on their record.
    pub organizations: Vec<String>,
    /// Area ids of the campaign the reviewer knows best (none: any).
    pub areas: Vec<String>,
}

/// Why a reviewer may never review a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictReason {
    /// The case involves the reviewer's country (under the campaign's rule).
    Country(CountryCode),
    /// An organization of the case (lead, partner or collecting) is one of the
    /// reviewer's: the case's name for it, and the reviewer's.
    Organization { case: String, reviewer: String },
}

impl ConflictReason {
    /// In words, for the organizers.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            ConflictReason::Country(code) => {
                t!(
                    lang,
                    CONFLICT_COUNTRY,
                    code = code.as_str(),
                    country = code.name(lang)
                )
            }
            ConflictReason::Organization { case, reviewer } if case == reviewer => {
                t!(lang, CONFLICT_ORGANIZATION, organization = case.as_str())
            }
            ConflictReason::Organization { case, reviewer } => t!(
                lang,
                CONFLICT_ORGANIZATION_AS,
                case = case.as_str(),
                reviewer = reviewer.as_str()
            ),
        }
    }
}

/// Legal forms that end an organization's name and say nothing about who it is, in the
/// form [`normalise`] leaves them (dots gone, lower case).
const LEGAL_SUFFIXES: [&str; 36] = [
    "co",
    "ltd",
    "inc",
    "llc",
    "llp",
    "lp",
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "sl",
    "bv",
    "nv",
    "plc",
    "corp",
    "corporation",
    "company",
    "limited",
    "incorporated",
    "pty",
    "pte",
    "oy",
    "ab",
    "as",
    "asa",
    "kk",
    "ltda",
    "se",
    "jsc",
    "pjsc",
    "ooo",
];

/// The same for names written in Chinese, longest first.
const CHINESE_LEGAL_SUFFIXES: [&str; 6] = [
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团",
    "公司",
];

/// An organization's name as conflicts compare it: case, accents, punctuation and white
/// space ignored, and legal forms at its end dropped ("Example Telecom Co., Ltd." and
/// "EXAMPLE TELECOM" are one; "示例电信股份有限公司" and "示例电信" too). Initials
/// written with dots ("S.A.", "B.V.") count as the form.
pub fn organization_key(name: &str) -> String {
    let normal = normalise(name);
    let mut words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
    loop {
        let before = words.clone();
        // "s a" (from "S.A."), "s r l": single letters that spell a form together.
        let letters = words
            .iter()
            .rev()
            .take_while(|w| w.chars().count() == 1)
            .count();
        if (2..=3).contains(&letters) && words.len() > letters {
            let joined: String = words[words.len() - letters..].concat();
            if LEGAL_SUFFIXES.contains(&joined.as_str()) {
                words.truncate(words.len() - letters);
            }
        }
        if words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
            words.pop();
        }
        if let Some(last) = words.last_mut()
            && let Some(stem) = CHINESE_LEGAL_SUFFIXES
                .iter()
                .find_map(|suffix| last.strip_suffix(suffix))
                .filter(|stem| !stem.is_empty())
        {
            *last = stem;
        }
        if words == before {
            break;
        }
    }
    words.join(" ")
}

/// Why `reviewer` may never review a case with this `content` under `rule`, if so: the
/// case involves the reviewer's country (every involved country, or only the lead's), or
/// an organization of the case (lead, partner, or the one that collected it) is one of
/// the reviewer's, compared by [`organization_key`].
pub fn conflict_reason(
    rule: ConflictRule,
    reviewer: &ReviewerProfile,
    content: &ApplicationContent,
) -> Option<ConflictReason> {
    let lead = &content.lead_organization;
    let country = match rule {
        ConflictRule::LeadCountry => lead.country == Some(reviewer.country),
        ConflictRule::InvolvedCountries => {
            lead.country == Some(reviewer.country)
                || content.countries.contains(&reviewer.country)
                || content
                    .partners
                    .iter()
                    .any(|p| p.country == Some(reviewer.country))
        }
    };
    if country {
        return Some(ConflictReason::Country(reviewer.country));
    }
    let theirs: Vec<(String, &String)> = reviewer
        .organizations
        .iter()
        .map(|o| (organization_key(o), o))
        .filter(|(key, _)| !key.is_empty())
        .collect();
    std::iter::once(lead)
        .chain(&content.partners)
        .filter_map(|o| o.name.as_deref())
        .chain(content.collecting_organization.as_deref())
        .find_map(|name| {
            let key = organization_key(name);
            theirs.iter().find(|(own, _)| *own == key).map(|(_, own)| {
                ConflictReason::Organization {
                    case: name.to_string(),
                    reviewer: own.to_string(),
                }
            })
        })
}

/// Whether `reviewer` may never review a case with this `content` ([`conflict_reason`]).
pub fn in_conflict(
    rule: ConflictRule,
    reviewer: &ReviewerProfile,
    content: &ApplicationContent,
) -> bool {
    conflict_reason(rule, reviewer, content).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::Organization;

    fn country(code: &str) -> CountryCode {
        CountryCode::parse(code).unwrap()
    }

    fn reviewer(code: &str, organization: &str) -> ReviewerProfile {
        ReviewerProfile {
            id: ReviewerId::random(),
            country: country(code),
            organizations: vec![organization.into()],
            areas: vec![],
        }
    }

    #[test]
    fn organizations_compare_without_case_punctuation_or_legal_form() {
        for (a, b) in [
            ("Example Telecom Co., Ltd.", "Example Telecom"),
            ("EXAMPLE  TELECOM, INC.", "example telecom"),
            ("Exemple Télécom S.A.", "Exemple Telecom"),
            ("Beispiel Netz GmbH", "beispiel netz"),
            ("Voorbeeld B.V.", "Voorbeeld"),
            ("Example Telecom Company Limited", "Example Telecom LLC"),
            ("示例电信股份有限公司", "示例电信"),
            ("示例电信有限公司", "示例电信集团"),
        ] {
            assert_eq!(organization_key(a), organization_key(b), "{a} / {b}");
        }
        for (a, b) in [
            ("Example Telecom", "Example Telecom Kenya"),
            ("Co", "Ltd"),
            ("Inc", "Limited"),
        ] {
            assert_ne!(organization_key(a), organization_key(b), "{a} / {b}");
        }
        // A name that is only a legal form keeps it.
        assert_eq!(organization_key("Company"), "company");
        assert_eq!(organization_key("有限公司"), "有限公司");
    }

    #[test]
    fn the_collecting_organization_and_a_reviewers_further_ones_conflict_too() {
        let rule = ConflictRule::InvolvedCountries;
        let mut content = case();
        content.collecting_organization = Some("Global Case Network Ltd".into());
        let collector = reviewer("FR", "Global Case Network");
        assert_eq!(
            conflict_reason(rule, &collector, &content),
            Some(ConflictReason::Organization {
                case: "Global Case Network Ltd".into(),
                reviewer: "Global Case Network".into()
            })
        );
        let mut advisor = reviewer("FR", "A University");
        advisor
            .organizations
            .push("Example Networks Kenya Ltd.".into());
        let reason = conflict_reason(rule, &advisor, &content).unwrap();
        assert_eq!(
            reason.describe(Lang::En),
            "the case names Example Networks Kenya, the reviewer's Example Networks Kenya Ltd."
        );
        assert_eq!(
            conflict_reason(rule, &reviewer("BR", "A University"), &content)
                .unwrap()
                .describe(Lang::En),
            "the case involves the reviewer's country (BR, Brazil)"
        );
    }

    fn case() -> ApplicationContent {
        ApplicationContent {
            lead_organization: Organization {
                name: Some("Example Telecom".into()),
                country: Some(country("CN")),
            },
            partners: vec![Organization {
                name: Some("Example Networks Kenya".into()),
                country: Some(country("KE")),
            }],
            countries: vec![country("CN"), country("KE"), country("BR")],
            ..ApplicationContent::default()
        }
    }

    #[test]
    fn a_reviewer_never_gets_a_case_of_their_country_or_organization() {
        let rule = ConflictRule::InvolvedCountries;
        assert!(in_conflict(rule, &reviewer("CN", "A University"), &case()));
        assert!(
            in_conflict(rule, &reviewer("KE", "A University"), &case()),
            "a partner's"
        );
        assert!(
            in_conflict(rule, &reviewer("BR", "A University"), &case()),
            "a listed one"
        );
        assert!(
            in_conflict(rule, &reviewer("FR", "example telecom"), &case()),
            "own organization"
        );
        assert!(
            in_conflict(rule, &reviewer("FR", "Example Telecom Co., Ltd."), &case()),
            "own organization, with its legal form"
        );
        assert!(!in_conflict(rule, &reviewer("FR", "A University"), &case()));
    }

    #[test]
    fn the_campaign_may_narrow_the_rule_to_the_leads_country() {
        let rule = ConflictRule::LeadCountry;
        assert!(in_conflict(rule, &reviewer("CN", "A University"), &case()));
        assert!(!in_conflict(rule, &reviewer("KE", "A University"), &case()));
        assert!(in_conflict(
            rule,
            &reviewer("KE", "Example Networks Kenya"),
            &case()
        ));
    }
}
