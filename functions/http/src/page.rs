//! A page of the API: one HTML document with its CSS and script inline, no framework and
//! no outside request, under a Content-Security-Policy that allows exactly its own inline
//! style and script (by hash) and calls to this origin. The review page and the
//! organizers' console are served so.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use casebook_core::Lang;
use casebook_core::text::escape_html;
use sha2::{Digest, Sha256};

/// One page and its policy, worked out at its first request; with the messages of its
/// resource files (`review-...`), the page in each language is made at its first request
/// and kept.
pub struct HtmlPage {
    html: &'static str,
    /// The id prefix of the page's messages in the resource files.
    texts: Option<&'static str>,
    localized: [OnceLock<String>; Lang::ALL.len()],
    policy: OnceLock<String>,
    /// The page with the formatter of its messages put into its script.
    source: OnceLock<String>,
}

/// Where a page with messages wants [`TEXTS_FORMATTER`] in its script.
const TEXTS_MARKER: &str = "/*casebook:texts*/";
/// The script that formats a page's messages (`T`, `fmt`, `LOCALE`): one source for every
/// page that carries them, put into each page's own script so that its hash still covers
/// all the page runs.
const TEXTS_FORMATTER: &str = include_str!("page_texts.js");

impl HtmlPage {
    pub const fn new(html: &'static str) -> HtmlPage {
        HtmlPage {
            html,
            texts: None,
            localized: [const { OnceLock::new() }; Lang::ALL.len()],
            policy: OnceLock::new(),
            source: OnceLock::new(),
        }
    }

    /// A page whose words are the messages of the resource files that start with
    /// `prefix`: served in a language, it carries them (`<meta name="casebook-texts">`,
    /// JSON its script formats), with `lang` and `dir` set on `<html>`.
    pub const fn with_texts(html: &'static str, prefix: &'static str) -> HtmlPage {
        HtmlPage {
            html,
            texts: Some(prefix),
            localized: [const { OnceLock::new() }; Lang::ALL.len()],
            policy: OnceLock::new(),
            source: OnceLock::new(),
        }
    }

    /// The page as served, before its language is put in: for a page with messages, its
    /// script with the formatter of them in place of [`TEXTS_MARKER`].
    pub fn html(&self) -> &str {
        if self.texts.is_none() || !self.html.contains(TEXTS_MARKER) {
            return self.html;
        }
        self.source
            .get_or_init(|| self.html.replacen(TEXTS_MARKER, TEXTS_FORMATTER, 1))
    }

    /// The page in `lang` (the page itself when it has no messages).
    pub fn html_in(&'static self, lang: Lang) -> &'static str {
        let Some(prefix) = self.texts else {
            return self.html;
        };
        let index = Lang::ALL
            .iter()
            .position(|l| *l == lang)
            .unwrap_or_default();
        let html = self.html();
        self.localized[index].get_or_init(|| {
            let texts = casebook_core::lang::page_messages(lang, prefix).to_string();
            let dir = lang.dir();
            html.replacen(
                "<html lang=\"en\">",
                &format!("<html lang=\"{}\" dir=\"{dir}\">", lang.code()),
                1,
            )
            .replacen(
                "<head>",
                &format!(
                    "<head>\n<meta name=\"casebook-texts\" content=\"{}\">",
                    escape_html(&texts)
                ),
                1,
            )
        })
    }

    /// The text between `open` and `close` in the page (its one style or script).
    pub fn inline(&self, open: &str, close: &str) -> &str {
        self.html()
            .split_once(open)
            .and_then(|(_, rest)| rest.split_once(close))
            .map(|(body, _)| body)
            .unwrap_or_default()
    }

    /// The Content-Security-Policy: the page's own style and script by hash, calls to
    /// this origin, nothing else.
    pub fn policy(&self) -> &str {
        self.policy.get_or_init(|| {
            let style = hash(self.inline("<style>", "</style>"));
            let script = hash(self.inline("<script>", "</script>"));
            format!(
                "default-src 'none'; script-src {script}; style-src {style}; connect-src 'self'; \
                 img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            )
        })
    }

    /// The page as an answer, with its policy, no referrer and no framing.
    pub fn response(&'static self) -> Response {
        self.response_connecting(Lang::En, None)
    }

    /// The page in `lang` as an answer.
    pub fn response_in(&'static self, lang: Lang) -> Response {
        self.response_connecting(lang, None)
    }

    /// [`Self::response_in`], the policy letting the page connect to `origin` too (where
    /// uploads go, when not this origin).
    pub fn response_connecting(&'static self, lang: Lang, origin: Option<&str>) -> Response {
        let mut response = (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_LANGUAGE, lang.code()),
            ],
            self.html_in(lang),
        )
            .into_response();
        let headers = response.headers_mut();
        let policy = match origin {
            Some(origin) => self.policy().replace(
                "connect-src 'self'",
                &format!("connect-src 'self' {origin}"),
            ),
            None => self.policy().to_string(),
        };
        if let Ok(policy) = HeaderValue::from_str(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        response
    }
}

/// The largest a page may be: it is read on phones over slow networks.
pub const MAX_PAGE_BYTES: usize = 100 * 1024;

impl HtmlPage {
    /// What keeps the page from being one small document under its own policy: over
    /// [`MAX_PAGE_BYTES`], other than one style and one script (each of some substance),
    /// an absolute URL (a request to another host; the SVG namespace is no request), or a
    /// policy that allows inline code. Empty when none; the pages' tests assert that.
    pub fn faults(&'static self) -> Vec<String> {
        let html = self.html();
        let mut faults = Vec::new();
        let languages: &[Lang] = if self.texts.is_some() {
            &Lang::ALL
        } else {
            &[Lang::En]
        };
        for &lang in languages {
            let size = self.html_in(lang).len();
            if size >= MAX_PAGE_BYTES {
                faults.push(format!("{size} bytes in {}", lang.code()));
            }
        }
        for (tag, least) in [("<style", 500), ("<script", 5000)] {
            if html.matches(tag).count() != 1 {
                faults.push(format!("{} {tag} tags", html.matches(tag).count()));
            }
            let close = format!("</{}>", &tag[1..]);
            if self.inline(&format!("{tag}>"), &close).len() < least {
                faults.push(format!("{tag}> holds under {least} bytes"));
            }
        }
        faults.extend(
            html.match_indices("http")
                .map(|(i, _)| &html[i..(i + 40).min(html.len())])
                .filter(|s| {
                    (s.starts_with("http://") || s.starts_with("https://"))
                        && !s.starts_with("http://www.w3.org/2000/svg")
                })
                .map(|s| format!("an outside reference: {s}")),
        );
        let policy = self.policy();
        if !policy.contains("default-src 'none'") || !policy.contains("connect-src 'self'") {
            faults.push(format!("a policy that is not closed: {policy}"));
        }
        if policy.contains("unsafe-inline") {
            faults.push("a policy that allows inline code".into());
        }
        faults
    }
}

fn hash(source: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(source.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page made in a test, kept for the rest of the run as a served page is.
    fn leaked(html: &'static str) -> &'static HtmlPage {
        Box::leak(Box::new(HtmlPage::new(html)))
    }

    #[test]
    fn the_policy_names_the_pages_own_style_and_script_and_nothing_inline() {
        static PAGE: HtmlPage =
            HtmlPage::new("<html><style>p{}</style><script>let a = 1;</script></html>");
        assert_eq!(PAGE.inline("<script>", "</script>"), "let a = 1;");
        let policy = PAGE.policy();
        assert!(policy.contains(&hash("let a = 1;")), "{policy}");
        assert!(policy.contains(&hash("p{}")), "{policy}");
        assert!(policy.contains("default-src 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        let response = PAGE.response();
        assert_eq!(response.headers()[header::CONTENT_SECURITY_POLICY], policy);
    }

    #[test]
    fn a_page_that_is_not_one_small_document_is_told_why() {
        let script = "let a = 1;".repeat(600);
        let style = "p{}".repeat(200);
        let good: &'static str =
            format!("<html><style>{style}</style><script>{script}</script></html>").leak();
        assert_eq!(leaked(good).faults(), Vec::<String>::new());
        let outside: &'static str = format!(
            "<html><style>{style}</style><script>{script}</script><img src=\"https://cdn.example.org/a.png\"></html>"
        )
        .leak();
        assert_eq!(
            leaked(outside).faults(),
            ["an outside reference: https://cdn.example.org/a.png\"></html>"]
        );
        let two: &'static str = format!(
            "<html><style>{style}</style><script>{script}</script><script>1</script></html>"
        )
        .leak();
        assert_eq!(leaked(two).faults(), ["2 <script tags"]);
        let large: &'static str = format!(
            "<html><style>{style}</style><script>{}</script></html>",
            "x".repeat(MAX_PAGE_BYTES)
        )
        .leak();
        assert!(leaked(large).faults()[0].ends_with(" bytes in en"));
    }
}
