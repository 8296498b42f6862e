//! The mailer port: plain text and HTML e-mail from the configured sender; and how every
//! mail casebook writes is put together, in the recipient's language then English.

use async_trait::async_trait;

use crate::campaign::Campaign;
use crate::email::Email;
use crate::lang::{Lang, t};
use crate::text::escape_html;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl OutgoingMail {
    /// A message whose subject holds no control character, so nothing a value carries
    /// can break out of the header.
    pub fn new(to: Email, subject: &str, text: String, html: String) -> OutgoingMail {
        OutgoingMail {
            to,
            subject: subject
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
            text,
            html,
        }
    }
}

/// A link we made, as HTML: the escaped address, as text and as the target.
fn html_link(url: &str) -> String {
    let url = escape_html(url);
    format!("<a href=\"{url}\">{url}</a>")
}

/// The languages a mail to someone who reads `lang` is written in: theirs, then English
/// (English alone for English readers).
pub fn with_english(lang: Lang) -> Vec<Lang> {
    if lang == Lang::En {
        vec![Lang::En]
    } else {
        vec![lang, Lang::En]
    }
}

/// A message in each of `languages` in turn, plain text and escaped HTML, each signed by
/// the call's contact, under a subject of each language's (joined with " / "); with an
/// opt-out line when `opt_out` is a link to stop such messages. The paragraphs get `esc`
/// for any text and `link` for the links casebook made (in HTML an `<a>`; applicants'
/// text is never made a link). An Arabic part is marked right to left in HTML.
pub fn in_languages(
    to: &Email,
    languages: &[Lang],
    subject: impl Fn(Lang) -> String,
    paragraphs: impl Fn(Lang, fn(&str) -> String, fn(&str) -> String) -> Vec<String>,
    campaign: &Campaign,
    opt_out: Option<&str>,
) -> OutgoingMail {
    let contact = campaign.contact();
    let mut text = Vec::new();
    let mut html = Vec::new();
    let footer = |lang: Lang, esc: fn(&str) -> String, link: fn(&str) -> String| -> Vec<String> {
        let mut lines = vec![t!(
            lang,
            MAIL_SIGNATURE,
            from = esc(contact.name.get(lang)),
            address = esc(contact.email.as_str())
        )];
        if let Some(url) = opt_out {
            lines.push(t!(lang, MAIL_NO_MORE_REMINDERS, link = link(url)));
        }
        lines
    };
    for &lang in languages {
        text.extend(paragraphs(lang, str::to_string, str::to_string));
        text.extend(footer(lang, str::to_string, str::to_string));
        let part: Vec<String> = paragraphs(lang, escape_html, html_link)
            .into_iter()
            .chain(footer(lang, escape_html, html_link))
            .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
            .collect();
        html.push(format!(
            "<div lang=\"{}\" dir=\"{}\">\n{}\n</div>",
            lang.code(),
            lang.dir(),
            part.join("\n")
        ));
    }
    let subjects: Vec<String> = languages.iter().map(|&lang| subject(lang)).collect();
    OutgoingMail::new(
        to.clone(),
        &subjects.join(" / "),
        text.join("\n\n"),
        html.join("\n"),
    )
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mail service refused this message (e.g. an unverified sender); retrying the
    /// same message will not help.
    #[error("the mail was refused: {0}")]
    Rejected(String),
    /// The mail service could not be reached or failed; the text is for logs.
    #[error("sending mail failed: {0}")]
    Backend(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one message; returns the service's id for it.
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError>;
}

/// A mailer for the unit tests: keeps what it is given.
#[cfg(any(test, feature = "test-support"))]
#[derive(Default)]
pub struct KeptMail(std::sync::Mutex<Vec<OutgoingMail>>);

#[cfg(any(test, feature = "test-support"))]
#[async_trait]
impl Mailer for KeptMail {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(mail.clone());
        Ok("id".into())
    }
}

#[cfg(any(test, feature = "test-support"))]
impl KeptMail {
    /// What was sent since the last call.
    pub fn take(&self) -> Vec<OutgoingMail> {
        std::mem::take(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_control_character_reaches_the_subject() {
        let mail = OutgoingMail::new(
            Email::parse("a@example.org").unwrap(),
            "Application X\r\nBcc: everyone@example.org",
            String::new(),
            String::new(),
        );
        assert!(
            !mail.subject.chars().any(char::is_control),
            "{:?}",
            mail.subject
        );
    }
}
