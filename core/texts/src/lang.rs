use serde::{Deserialize, Serialize};

/// The languages casebook speaks to people in: the six official languages of the UN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
    Ar,
    Fr,
    Ru,
    Es,
}

impl Lang {
    /// The six in the UN's order (alphabetical in English), as menus list them.
    pub const ALL: [Lang; 6] = [Lang::Ar, Lang::Zh, Lang::En, Lang::Fr, Lang::Ru, Lang::Es];

    /// The ISO 639-1 code, as resource folders, URLs and stores name the language.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Ar => "ar",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Es => "es",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
            Lang::Ar => "العربية",
            Lang::Fr => "Français",
            Lang::Ru => "Русский",
            Lang::Es => "Español",
        }
    }

    pub const fn is_right_to_left(self) -> bool {
        matches!(self, Lang::Ar)
    }

    /// Its direction, as HTML's `dir` says it: `rtl` or `ltr`.
    pub const fn dir(self) -> &'static str {
        if self.is_right_to_left() {
            "rtl"
        } else {
            "ltr"
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The language of an exact code ("fr"), if casebook speaks it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The first of an HTTP `Accept-Language` value's languages (or a chat client's
    /// language code, "pt-BR") that casebook speaks, by quality; English if none.
    pub fn from_tag(tag: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in tag.split(',').take(16) {
            let mut pieces = part.split(';');
            let primary = pieces.next().unwrap_or("").trim();
            let primary = primary.split(['-', '_']).next().unwrap_or("");
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::from_code(primary)
                && quality > 0.0
                && best.is_none_or(|(q, _)| quality > q)
            {
                best = Some((quality, lang));
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_chooses_the_best_language_spoken_here() {
        assert_eq!(Lang::from_tag("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(Lang::from_tag("ZH"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fr-CA,fr;q=0.9"), Lang::Fr);
        assert_eq!(Lang::from_tag("de-DE,de;q=0.9,ru;q=0.7,en;q=0.5"), Lang::Ru);
        assert_eq!(Lang::from_tag("ar"), Lang::Ar);
        assert_eq!(Lang::from_tag("es-419"), Lang::Es);
        assert_eq!(Lang::from_tag("en;q=0.4, es;q=0.8"), Lang::Es);
        assert_eq!(Lang::from_tag("fr;q=0"), Lang::En);
        assert_eq!(Lang::from_tag("pt-BR"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[test]
    fn codes_name_each_language_once() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(
                Lang::ALL[..]
                    .iter()
                    .filter(|l| l.code() == lang.code())
                    .count(),
                1
            );
        }
        assert_eq!(Lang::from_code("FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("de"), None);
        assert!(Lang::Ar.is_right_to_left() && !Lang::Ru.is_right_to_left());
    }
}
