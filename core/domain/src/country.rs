//! ISO 3166-1 countries and regions, parsed from any form an applicant is likely to type:
//! alpha-2, alpha-3, or a name in one of the six UN languages (Arabic, Chinese, English,
//! French, Russian, Spanish), ignoring case, accents and punctuation.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::lang::{Lang, t};
use crate::text::normalise;

/// A country or region as its ISO 3166-1 alpha-2 code (`"KE"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[A-Z]{2}$", example = "KE"))]
pub struct CountryCode([u8; 2]);

struct CountryRecord {
    alpha2: CountryCode,
    alpha3: String,
    english: Vec<String>,
    chinese: Vec<String>,
    /// Arabic, French, Russian and Spanish names, in [`OTHER_LANGUAGES`]' order.
    others: [Vec<String>; 4],
}

/// The languages of the table's last four columns (their BCP 47 tags).
pub const OTHER_LANGUAGES: [&str; 4] = ["ar", "fr", "ru", "es"];

/// Which writing system a name is in: a typo is compared with names in its own only (a
/// Latin spelling is never near a Cyrillic one), which keeps a suggestion quick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Han,
}

impl Script {
    fn of(name: &str) -> Script {
        for c in name.chars() {
            match c {
                '\u{0400}'..='\u{052F}' => return Script::Cyrillic,
                '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' => return Script::Arabic,
                '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => return Script::Han,
                _ => {}
            }
        }
        Script::Latin
    }
}

struct CountryTable {
    records: Vec<CountryRecord>,
    /// Every accepted spelling (normalised) -> index into `records`.
    by_name: HashMap<String, usize>,
    /// The spellings a suggestion may come from (codes are too short to suggest from), by
    /// their writing system.
    suggestible: Vec<(Script, String, usize)>,
}

static TABLE: LazyLock<CountryTable> = LazyLock::new(|| {
    let mut records = Vec::new();
    for line in include_str!("../../data/countries.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(a2), Some(a3), Some(en), Some(zh)) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            continue; // The file is ours and tested; a malformed line is skipped, not fatal.
        };
        let split = |text: Option<&str>| -> Vec<String> {
            text.unwrap_or("")
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let others = [
            split(cols.next()),
            split(cols.next()),
            split(cols.next()),
            split(cols.next()),
        ];
        let bytes = a2.as_bytes();
        if bytes.len() != 2 {
            continue;
        }
        records.push(CountryRecord {
            alpha2: CountryCode([bytes[0], bytes[1]]),
            alpha3: a3.to_string(),
            english: en.split('|').map(str::to_string).collect(),
            chinese: zh
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            others,
        });
    }
    let mut by_name = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        by_name.insert(normalise(r.alpha2.as_str()), i);
        by_name.insert(normalise(&r.alpha3), i);
        for name in r.english.iter().chain(&r.chinese) {
            by_name.entry(normalise(name)).or_insert(i);
        }
    }
    // The other languages' names after: where one spells another country's English or
    // Chinese name, that country keeps it.
    for (i, r) in records.iter().enumerate() {
        for name in r.others.iter().flatten() {
            by_name.entry(normalise(name)).or_insert(i);
        }
    }
    let mut suggestible: Vec<(Script, String, usize)> = by_name
        .iter()
        .filter(|(name, _)| name.chars().count() > 3)
        .map(|(name, &i)| (Script::of(name), name.clone(), i))
        .collect();
    suggestible.sort(); // the same suggestion every time, whatever the map's order

    CountryTable {
        records,
        by_name,
        suggestible,
    }
});

/// Longest country as typed, in characters: the longest name we know is 52 characters, so
/// anything longer cannot be a country and is refused before any matching.
pub const MAX_COUNTRY_CHARS: usize = 60;

/// A country that could not be recognised, with the closest known one when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown country {input:?}")]
pub struct UnknownCountry {
    pub input: String,
    pub suggestion: Option<CountryCode>,
}

impl UnknownCountry {
    pub fn message(&self, lang: Lang) -> String {
        let given = crate::text::excerpt(&self.input);
        match self.suggestion {
            Some(s) => t!(
                lang,
                PROBLEM_UNKNOWN_COUNTRY_SUGGEST,
                given = given,
                name = s.name(lang),
                code = s.as_str()
            ),
            None => t!(lang, PROBLEM_UNKNOWN_COUNTRY, given = given),
        }
    }
}

impl CountryCode {
    /// Parses a country from its alpha-2 or alpha-3 code or its English or Chinese name.
    /// Input longer than [`MAX_COUNTRY_CHARS`] is refused before any matching.
    pub fn parse(input: &str) -> Result<CountryCode, UnknownCountry> {
        if input.trim().chars().nth(MAX_COUNTRY_CHARS).is_some() {
            return Err(UnknownCountry {
                input: crate::text::excerpt(input.trim()),
                suggestion: None,
            });
        }
        let key = normalise(input);
        if let Some(&i) = TABLE.by_name.get(&key) {
            return Ok(TABLE.records[i].alpha2);
        }
        Err(UnknownCountry {
            input: input.trim().to_string(),
            suggestion: closest(&key),
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ever built from ASCII letters in the table above.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    fn record(&self) -> Option<&'static CountryRecord> {
        TABLE.records.iter().find(|r| r.alpha2 == *self)
    }

    /// The usual short name in the language of BCP 47 tag `language` (`ar`, `en`, `es`,
    /// `fr`, `ru`, `zh`; "Кения" for `ru`), in English for any other.
    pub fn name_in(&self, language: &str) -> &'static str {
        let Some(r) = self.record() else { return "?" };
        let primary = language.split(['-', '_']).next().unwrap_or("");
        let names = match primary {
            "zh" => &r.chinese,
            other => OTHER_LANGUAGES
                .iter()
                .position(|l| *l == other)
                .map_or(&r.english, |i| &r.others[i]),
        };
        names
            .first()
            .or(r.english.first())
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// The usual short name in the given language ("Kenya", "肯尼亚", "Кения").
    pub fn name(&self, lang: Lang) -> &'static str {
        self.name_in(lang.code())
    }
}

/// Every country and region we know, in the table's order.
pub fn all() -> impl Iterator<Item = CountryCode> {
    TABLE.records.iter().map(|r| r.alpha2)
}

/// The longest input a suggestion is looked for: a typo of a country's name, not a
/// sentence (matching costs time in proportion to the input's length).
const MAX_SUGGESTION_CHARS: usize = 24;

fn closest(key: &str) -> Option<CountryCode> {
    if key.is_empty() || key.chars().nth(MAX_SUGGESTION_CHARS).is_some() {
        return None;
    }
    let script = Script::of(key);
    let (best, score) = TABLE
        .suggestible
        .iter()
        .filter(|(s, _, _)| *s == script)
        .map(|(_, name, i)| (*i, strsim::jaro_winkler(key, name)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (score >= 0.75).then(|| TABLE.records[best].alpha2)
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::parse(&s).map_err(|e| serde::de::Error::custom(e.message(Lang::En)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> String {
        CountryCode::parse(s)
            .map(|c| c.to_string())
            .unwrap_or_else(|e| format!("error: {e:?}"))
    }

    #[test]
    fn codes_in_either_iso_form_and_any_case_are_accepted() {
        assert_eq!(code("KE"), "KE");
        assert_eq!(code("ke"), "KE");
        assert_eq!(code("KEN"), "KE");
        assert_eq!(code(" bra "), "BR");
    }

    #[test]
    fn names_in_each_of_the_six_un_languages_are_accepted() {
        for (typed, wanted) in [
            ("كينيا", "KE"),
            ("الصين", "CN"), // as typed, without the table's shadda
            ("روسيا", "RU"),
            ("Kenya", "KE"),
            ("Chine", "CN"),
            ("côte d'ivoire", "CI"),
            ("Royaume-Uni", "GB"),
            ("Russie", "RU"),
            ("Кения", "KE"),
            ("китай", "CN"),
            ("Россия", "RU"),
            ("Франция", "FR"),
            ("Соединенные штаты", "US"), // ё typed as е
            ("Kenia", "KE"),
            ("Estados Unidos", "US"),
            ("México", "MX"),
            ("mexico", "MX"),
            ("肯尼亚", "KE"),
        ] {
            assert_eq!(code(typed), wanted, "{typed}");
        }
    }

    #[test]
    fn a_typo_is_matched_in_its_own_writing_system() {
        for (typed, wanted) in [("Кенья", "KE"), ("Alemagne", "DE"), ("كينا", "KE")] {
            let err = CountryCode::parse(typed).unwrap_err();
            assert_eq!(
                err.suggestion.map(|c| c.to_string()).as_deref(),
                Some(wanted),
                "{typed}"
            );
        }
    }

    #[test]
    fn each_country_is_named_in_each_of_the_six_languages() {
        let kenya = CountryCode::parse("KE").unwrap();
        let named: Vec<&str> = ["ar", "en", "es", "fr", "ru", "zh", "zh-Hans", "de"]
            .iter()
            .map(|l| kenya.name_in(l))
            .collect();
        assert_eq!(
            named,
            [
                "كينيا",
                "Kenya",
                "Kenia",
                "Kenya",
                "Кения",
                "肯尼亚",
                "肯尼亚",
                "Kenya"
            ]
        );
        // Every country has a name in every language of the table.
        for country in all() {
            for language in OTHER_LANGUAGES {
                let name = country.name_in(language);
                assert!(!name.is_empty() && name != "?", "{country} {language}");
            }
        }
    }

    #[test]
    fn english_names_official_names_and_common_aliases_are_accepted() {
        assert_eq!(code("Kenya"), "KE");
        assert_eq!(code("united states"), "US");
        assert_eq!(code("USA"), "US");
        assert_eq!(code("Viet Nam"), "VN");
        assert_eq!(code("Vietnam"), "VN");
        assert_eq!(code("South Korea"), "KR");
        assert_eq!(code("Russia"), "RU");
        assert_eq!(code("UK"), "GB");
    }

    #[test]
    fn accents_are_ignored() {
        assert_eq!(code("Côte d'Ivoire"), "CI");
        assert_eq!(code("cote divoire"), "CI");
        assert_eq!(code("Turkiye"), "TR");
        assert_eq!(code("Türkiye"), "TR");
    }

    #[test]
    fn chinese_names_are_accepted() {
        assert_eq!(code("肯尼亚"), "KE");
        assert_eq!(code("中国"), "CN");
        assert_eq!(code("巴西"), "BR");
        assert_eq!(code("韩国"), "KR");
        assert_eq!(code("美国"), "US");
        assert_eq!(code("俄罗斯"), "RU");
    }

    #[test]
    fn a_near_miss_is_refused_with_the_closest_country_suggested() {
        let err = CountryCode::parse("Kenyia").unwrap_err();
        assert_eq!(err.suggestion.map(|c| c.to_string()).as_deref(), Some("KE"));
        assert!(
            err.message(Lang::En).contains("Did you mean Kenya (KE)?"),
            "{}",
            err.message(Lang::En)
        );
        let err = CountryCode::parse("Brazill").unwrap_err();
        assert_eq!(err.suggestion.map(|c| c.to_string()).as_deref(), Some("BR"));
        assert!(err.message(Lang::Zh).contains("巴西"));
    }

    #[test]
    fn nonsense_is_refused_without_a_wild_guess() {
        let err = CountryCode::parse("Qwxzzy Plonk").unwrap_err();
        assert_eq!(err.suggestion, None);
        assert!(CountryCode::parse("").is_err());
        assert!(CountryCode::parse("XX").is_err());
    }

    #[test]
    fn names_are_shown_in_both_languages() {
        let ke = CountryCode::parse("KE").unwrap();
        assert_eq!(ke.name(Lang::En), "Kenya");
        assert_eq!(ke.name(Lang::Zh), "肯尼亚");
    }

    #[test]
    fn every_row_of_the_table_is_well_formed() {
        assert_eq!(TABLE.records.len(), 249);
        for r in &TABLE.records {
            assert!(r.alpha2.as_str().chars().all(|c| c.is_ascii_uppercase()));
            assert_eq!(r.alpha3.len(), 3);
            assert!(
                !r.english.is_empty() && !r.chinese.is_empty(),
                "{}",
                r.alpha2
            );
        }
    }
}
