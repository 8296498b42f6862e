//! Text measures the rules rely on: normalised comparison, word counts, headings, language.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::lang::Lang;

/// Lower-cases, strips accents and punctuation and collapses white space, so that
/// "Côte d'Ivoire", "cote d ivoire" and "COTE D'IVOIRE " compare equal.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            // Apostrophes join ("d'Ivoire" -> "divoire"); everything else separates.
            pending_space = true;
        }
    }
    out
}

/// A Chinese character (a CJK ideograph): what tells casebook someone writes Chinese.
pub fn is_chinese(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Whether `text` holds any Chinese character.
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(is_chinese)
}

/// A character of a script written without spaces (Chinese, Japanese kana, Korean
/// Hangul), each of which counts as a word.
fn is_cjk(c: char) -> bool {
    is_chinese(c) || matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// Counts words the way a reviewer would: runs of letters or digits separated by spaces;
/// each CJK character counts as one word, so pasted Chinese cannot slip past a limit.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    for token in text.split_whitespace() {
        let cjk = token.chars().filter(|c| is_cjk(*c)).count();
        let has_other_word = token.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
        count += cjk + usize::from(has_other_word);
    }
    count
}

const MAX_HEADING_WORDS: usize = 12;
/// A run-in heading ("Origins: the project began ...") is a few words before a colon.
const MAX_RUN_IN_HEADING_WORDS: usize = 6;

/// Whether a paragraph opens with a run-in heading: a few words, a colon, then the text.
/// (Typed one line per message, as in a chat, this is the only heading possible.)
fn starts_with_run_in_heading(line: &str) -> bool {
    let Some((head, body)) = line.split_once([':', '：']) else {
        return false;
    };
    let words = word_count(head);
    (1..=MAX_RUN_IN_HEADING_WORDS).contains(&words)
        && !head.contains(['.', ',', ';', '。', '，', '；'])
        && !body.trim().is_empty()
}

fn looks_like_heading(line: &str) -> bool {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix('#') {
        return !rest.trim_start_matches('#').trim().is_empty();
    }
    !line.is_empty()
        && word_count(line) <= MAX_HEADING_WORDS
        && !line.ends_with(['.', ',', ';', '。', '，', '；'])
}

/// Returns the 1-based numbers of the paragraphs in `text` that are not preceded by a
/// heading. A heading is a short line without closing punctuation (or a Markdown `#`
/// line), either on its own line above the paragraph or as a block of its own before it;
/// or a few words and a colon opening the paragraph ("Origins: ...").
pub fn paragraphs_without_heading(text: &str) -> Vec<usize> {
    let mut missing = Vec::new();
    let mut heading_pending = false;
    let mut paragraph = 0;
    for block in text.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let Some(first) = lines.first() else { continue };
        if lines.len() == 1 && looks_like_heading(first) {
            heading_pending = true;
            continue;
        }
        paragraph += 1;
        let headed = heading_pending
            || (lines.len() > 1 && looks_like_heading(first))
            || starts_with_run_in_heading(first);
        if !headed {
            missing.push(paragraph);
        }
        heading_pending = false;
    }
    missing
}

/// What a language check found in a piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageVerdict {
    English,
    /// Too short to judge with confidence; treated as acceptable.
    Undetermined,
    /// Reliably another language; carries its English name.
    Other(&'static str),
}

/// How much of a text language detection reads.
const DETECTION_SAMPLE_CHARS: usize = 1_000;

/// Decides whether `text` is written in English, with the whatlang detector. Text in a
/// non-Latin script is never English; short Latin text is given the benefit of the doubt.
pub fn detect_english(text: &str) -> LanguageVerdict {
    // The opening is enough to tell a language, and keeps the cost flat however long the
    // section is.
    let text = match text.char_indices().nth(DETECTION_SAMPLE_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let Some(info) = whatlang::detect(text) else {
        return LanguageVerdict::Undetermined;
    };
    if info.lang() == whatlang::Lang::Eng {
        return LanguageVerdict::English;
    }
    let latin = info.script() == whatlang::Script::Latin;
    if !latin || (info.is_reliable() && word_count(text) >= 8) {
        LanguageVerdict::Other(info.lang().eng_name())
    } else {
        LanguageVerdict::Undetermined
    }
}

/// The fewest words of Latin script whose language (English, French or Spanish) is told
/// apart; shorter text keeps the chat's language.
const LATIN_DETECTION_WORDS: usize = 3;

/// The language among the six a message is written in, when its script and words say so
/// clearly: Arabic, Cyrillic (Russian) or Chinese script, or English, French or Spanish
/// told apart by whatlang. `None` for short, mixed or unclear text: the chat's chosen
/// language then stays. Reads at most the first 1,000 characters.
pub fn detect_language(text: &str) -> Option<Lang> {
    let text = match text.char_indices().nth(DETECTION_SAMPLE_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let (mut arabic, mut cyrillic, mut chinese, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match c as u32 {
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => arabic += 1,
            0x0400..=0x052F => cyrillic += 1,
            // A Chinese character says as much as a word of letters.
            _ if is_chinese(c) => chinese += 3,
            0x0041..=0x024F => latin += 1,
            _ => {}
        }
    }
    let letters = arabic + cyrillic + chinese + latin;
    // One script must carry at least four letters in five: a Chinese message that names
    // "PC2024-0001" is Chinese, a sentence of two scripts half and half is nobody's.
    let dominant = |count: usize| letters > 0 && count * 5 >= letters * 4;
    if dominant(arabic) {
        return Some(Lang::Ar);
    }
    if dominant(cyrillic) {
        return Some(Lang::Ru);
    }
    if dominant(chinese) {
        return Some(Lang::Zh);
    }
    if !dominant(latin) || word_count(text) < LATIN_DETECTION_WORDS {
        return None;
    }
    let detector = whatlang::Detector::with_allowlist(vec![
        whatlang::Lang::Eng,
        whatlang::Lang::Fra,
        whatlang::Lang::Spa,
    ]);
    let info = detector.detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    match info.lang() {
        whatlang::Lang::Fra => Some(Lang::Fr),
        whatlang::Lang::Spa => Some(Lang::Es),
        _ => Some(Lang::En),
    }
}

/// What an answer quotes back of the applicant's input: at most `EXCERPT_CHARS`
/// characters, so a pasted page never comes back whole.
pub const EXCERPT_CHARS: usize = 40;

pub fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

/// Escapes text for HTML element content and attribute values: every value put into an
/// e-mail's or a page's HTML goes through here.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape_html(r#"<b onclick='x'>"Tom & Jerry"</b>"#),
            "&lt;b onclick=&#39;x&#39;&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;"
        );
    }

    use super::*;

    #[test]
    fn a_message_is_answered_in_the_language_it_is_clearly_written_in() {
        let cases = [
            ("متى الموعد النهائي للتقديم؟", Some(Lang::Ar)),
            ("截止日期是什么时候？", Some(Lang::Zh)),
            ("Когда заканчивается приём заявок?", Some(Lang::Ru)),
            (
                "Quelle est la date limite pour envoyer une candidature ?",
                Some(Lang::Fr),
            ),
            (
                "¿Cuál es la fecha límite para presentar la candidatura?",
                Some(Lang::Es),
            ),
            ("When is the deadline for the applications?", Some(Lang::En)),
            // Chinese that names a reference is still Chinese.
            ("请问 PC2024-0001 的状态", Some(Lang::Zh)),
            // Too short or mixed: the chat's language stays.
            ("Kenya", None),
            ("ok merci", None),
            ("hello Привет 你好 مرحبا", None),
            ("2024-06-20", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_language(text), expected, "{text}");
        }
    }

    #[test]
    fn normalising_ignores_case_accents_punctuation_and_spacing() {
        assert_eq!(normalise("Côte d'Ivoire"), "cote divoire");
        assert_eq!(normalise("  COTE  D’IVOIRE "), "cote divoire");
        assert_eq!(normalise("RuralStar — Project!"), "ruralstar project");
        assert_eq!(normalise("Türkiye"), "turkiye");
    }

    #[test]
    fn words_are_counted_by_spaces_and_cjk_characters_one_each() {
        assert_eq!(word_count("Hello, wide world - again"), 4);
        assert_eq!(word_count("  "), 0);
        assert_eq!(word_count("网络基础设施"), 6);
        assert_eq!(word_count("5G 网络"), 3);
    }

    #[test]
    fn paragraphs_under_headings_pass_and_bare_ones_are_listed() {
        let text = "Origins\nThe project began in 2019 in Kenya.\n\nBare paragraph with no heading at all, which is long enough.\n\nScale\n\nIt now covers 40 villages.";
        assert_eq!(paragraphs_without_heading(text), vec![2]);
        assert_eq!(
            paragraphs_without_heading("## Markdown heading\nBody text here."),
            Vec::<usize>::new()
        );
        assert_eq!(paragraphs_without_heading("One sentence only."), vec![1]);
    }

    #[test]
    fn a_few_words_and_a_colon_open_a_paragraph_as_its_heading() {
        let headed =
            "Origins: many villages had no signal.\n\n起源：村庄没有信号，所以我们开始了。";
        assert_eq!(paragraphs_without_heading(headed), Vec::<usize>::new());
        // A colon late in a sentence is not a heading, nor is a colon with nothing after.
        let late = "In 2019 the partners, who had met in Nairobi, agreed on one thing: build.";
        assert_eq!(paragraphs_without_heading(late), vec![1]);
        assert_eq!(
            paragraphs_without_heading("Partners:\nA Chinese operator and a Kenyan company."),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn english_is_recognised_and_other_languages_are_named() {
        let english = "The project connects remote villages to the Internet with low-cost base stations built together with local partners.";
        assert_eq!(detect_english(english), LanguageVerdict::English);
        let chinese = "该项目为非洲偏远地区提供网络部署解决方案，让村民能够上网。";
        assert!(matches!(detect_english(chinese), LanguageVerdict::Other(_)));
        let spanish = "El proyecto conecta aldeas remotas a Internet con estaciones base de bajo costo construidas junto con socios locales.";
        assert_eq!(detect_english(spanish), LanguageVerdict::Other("Spanish"));
        assert_eq!(detect_english("OK"), LanguageVerdict::Undetermined);
    }
}
