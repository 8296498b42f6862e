//! Mail kept as `.eml` files in an outbox folder: on one machine nothing is sent, and
//! every message can be opened in a mail client or checked by a test.

use std::path::PathBuf;

use async_trait::async_trait;
use casebook_domain::{Email, MailError, Mailer, OutgoingMail};

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

/// RFC 2047 encoding for a header that is not plain ASCII (e.g. a Chinese subject).
/// No control character (a line break would start a header of its own) is written.
fn encode_header(text: &str) -> String {
    use base64::Engine;
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.is_ascii() {
        clean
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(clean)
        )
    }
}

/// The message as RFC 5322 text with a multipart/alternative body.
pub fn render_eml(
    from: &Email,
    mail: &OutgoingMail,
    message_id: &str,
    date: jiff::Timestamp,
) -> String {
    let boundary = format!("casebook-{message_id}");
    let date = date.strftime("%a, %d %b %Y %H:%M:%S +0000");
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{message_id}@casebook.local>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n\
         --{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n\
         --{boundary}--\r\n",
        to = mail.to,
        subject = encode_header(&mail.subject),
        text = mail.text,
        html = mail.html,
    )
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let now = jiff::Timestamp::now();
        let eml = render_eml(&self.from, mail, &id, now);
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| MailError::Backend(e.to_string()))?;
        // Sortable by time, unique by id; written whole then renamed into place.
        let name = format!("{}-{id}.eml", now.strftime("%Y%m%dT%H%M%S%.6fZ"));
        let tmp = self.dir.join(format!(".{id}.tmp"));
        tokio::fs::write(&tmp, eml)
            .await
            .map_err(|e| MailError::Backend(e.to_string()))?;
        tokio::fs::rename(&tmp, self.dir.join(name))
            .await
            .map_err(|e| MailError::Backend(e.to_string()))?;
        tracing::info!(message_id = %id, "mail written to the outbox");
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_never_carries_a_line_break() {
        assert_eq!(
            encode_header("Hello\r\nBcc: x@example.org"),
            "HelloBcc: x@example.org"
        );
        let encoded = encode_header("申报\n已收到");
        assert!(encoded.starts_with("=?UTF-8?B?") && !encoded.contains('\n'));
    }
}
