//! The mailer port: plain text and HTML e-mail from the configured sender.

use async_trait::async_trait;

use crate::email::Email;

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
