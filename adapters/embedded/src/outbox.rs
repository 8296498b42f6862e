//! Mail on one machine: kept as `.eml` files in an outbox folder (the default: nothing
//! leaves the machine, and every message can be opened in a mail client or checked by a
//! test), or sent through an SMTP server (`smtp.rs`). Both write the message with lettre.

use std::path::PathBuf;
use std::time::SystemTime;

use async_trait::async_trait;
use casebook_domain::{Email, MailError, Mailer, OutgoingMail};
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};

#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
    from: Email,
}

impl OutboxMailer {
    pub fn new(dir: impl Into<PathBuf>, from: Email) -> OutboxMailer {
        OutboxMailer {
            dir: dir.into(),
            from,
        }
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

fn bad(e: impl std::fmt::Display) -> MailError {
    MailError::Backend(e.to_string())
}

/// A body part: 8bit where its lines allow (RFC 2045: lines of at most 998 octets, CRLF,
/// no NUL), readable as written and taken by every server that speaks 8BITMIME; else
/// whatever lettre finds best. (lettre's own choice turns any line past 76 characters
/// into base64, and the paragraphs of casebook's mails are longer.)
fn part(content_type: ContentType, text: &str) -> SinglePart {
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let eight_bit = !crlf.contains('\0')
        && !crlf.replace("\r\n", "").contains(['\r', '\n'])
        && crlf.split("\r\n").all(|line| line.len() <= 998);
    let body = if eight_bit {
        Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::EightBit)
    } else {
        Body::new(text.to_string())
    };
    SinglePart::builder().header(content_type).body(body)
}

/// The message: from `from` to the mail's address, its subject (lettre encodes a
/// non-ASCII one and folds no line break into it), a text and an HTML alternative.
pub fn message(
    from: &Email,
    mail: &OutgoingMail,
    message_id: &str,
    date: SystemTime,
) -> Result<Message, MailError> {
    let from: Mailbox = from.as_str().parse().map_err(bad)?;
    let to: Mailbox = mail.to.as_str().parse().map_err(bad)?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .date(date)
        .message_id(Some(format!("<{message_id}@casebook.local>")))
        .multipart(
            MultiPart::alternative()
                .singlepart(part(ContentType::TEXT_PLAIN, &mail.text))
                .singlepart(part(ContentType::TEXT_HTML, &mail.html)),
        )
        .map_err(bad)
}

/// The message as RFC 5322 text, as the outbox keeps it.
pub fn render_eml(
    from: &Email,
    mail: &OutgoingMail,
    message_id: &str,
    date: jiff::Timestamp,
) -> Result<Vec<u8>, MailError> {
    let date = SystemTime::try_from(date).map_err(bad)?;
    Ok(message(from, mail, message_id, date)?.formatted())
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let now = jiff::Timestamp::now();
        let eml = render_eml(&self.from, mail, &id, now)?;
        tokio::fs::create_dir_all(&self.dir).await.map_err(bad)?;
        // Sortable by time, unique by id; written whole then renamed into place.
        let name = format!("{}-{id}.eml", now.strftime("%Y%m%dT%H%M%S%.6fZ"));
        let tmp = self.dir.join(format!(".{id}.tmp"));
        tokio::fs::write(&tmp, eml).await.map_err(bad)?;
        tokio::fs::rename(&tmp, self.dir.join(name))
            .await
            .map_err(bad)?;
        tracing::info!(message_id = %id, "mail written to the outbox");
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(subject: &str) -> OutgoingMail {
        OutgoingMail::new(
            Email::parse("li.wei@example.org").unwrap(),
            subject,
            "Dear Li Wei,\n\n申报已收到：PC2024-0001".into(),
            "<p>Dear Li Wei,</p>".into(),
        )
    }

    fn eml(subject: &str) -> String {
        let from = Email::parse("practice@example.org").unwrap();
        let bytes = render_eml(&from, &mail(subject), "abc", jiff::Timestamp::UNIX_EPOCH).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_header_never_carries_a_line_break() {
        let text = eml("Hello\r\nBcc: x@example.org");
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert!(
            text.contains("Subject: Hello  Bcc: x@example.org\r\n"),
            "{text}"
        );
    }

    #[test]
    fn a_message_is_readable_as_written_with_both_parts() {
        let text = eml("Application PC2024-0001 received / 申报已收到");
        assert!(text.contains("To: li.wei@example.org\r\n"), "{text}");
        assert!(text.contains("From: practice@example.org\r\n"), "{text}");
        assert!(
            text.contains("Subject: Application PC2024-0001 received / =?utf-8?b?"),
            "{text}"
        );
        assert!(text.contains("Message-ID: <abc@casebook.local>\r\n"));
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("Content-Transfer-Encoding: 8bit"));
        assert!(text.contains("申报已收到：PC2024-0001"), "{text}");
        assert!(text.contains("<p>Dear Li Wei,</p>"));
    }
}

#[cfg(test)]
mod long_lines {
    use super::*;

    #[test]
    fn a_line_past_998_octets_is_encoded_instead() {
        let from = Email::parse("practice@example.org").unwrap();
        let long = OutgoingMail::new(
            Email::parse("li.wei@example.org").unwrap(),
            "Long",
            "x".repeat(1200),
            "<p>short</p>".into(),
        );
        let bytes = render_eml(&from, &long, "abc", jiff::Timestamp::UNIX_EPOCH).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.lines().all(|l| l.len() <= 998), "{text}");
        assert!(!text.contains(&"x".repeat(1200)));
    }
}
