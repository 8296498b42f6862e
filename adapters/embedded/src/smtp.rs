//! Mail from one machine through an SMTP server: `smtps://` (TLS from the first byte) or
//! `smtp://` with STARTTLS required, except to a loopback address (a relay on the same
//! machine), where plain SMTP is allowed. A refusal the server calls temporary is tried
//! again twice, a second and then three seconds later; what still fails is the caller's
//! to keep and try later (the confirmations' sweep, a re-run of the announcement).

use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use casebook_domain::{Email, MailError, Mailer, OutgoingMail};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::outbox::message;

/// How long one exchange with the server may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The waits before the second and third tries of a temporary refusal.
const RETRY_AFTER: [Duration; 2] = [Duration::from_secs(1), Duration::from_secs(3)];

/// What is wrong with `CASEBOOK_SMTP_URL` (never quoting a password).
#[derive(Debug, thiserror::Error)]
pub enum SmtpUrlError {
    #[error(
        "CASEBOOK_SMTP_URL is not a URL: write it as smtps://USER@HOST[:PORT] or smtp://USER@HOST[:PORT]"
    )]
    NotAUrl,
    #[error("CASEBOOK_SMTP_URL starts with {0}://: use smtps:// (TLS) or smtp:// (STARTTLS)")]
    Scheme(String),
    #[error("CASEBOOK_SMTP_URL names no host")]
    NoHost,
    #[error("CASEBOOK_SMTP_URL: {0}")]
    Relay(String),
}

/// Sends each message through one SMTP server, from the call's address.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Email,
    /// The server as logs may name it: scheme, host and port, never a credential.
    server: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// The mailer `url` describes; `password` (`CASEBOOK_SMTP_PASSWORD`) when the URL
    /// holds none.
    pub fn from_url(
        url: &str,
        password: Option<&str>,
        from: Email,
    ) -> Result<SmtpMailer, SmtpUrlError> {
        let parsed = url::Url::parse(url).map_err(|_| SmtpUrlError::NotAUrl)?;
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or(SmtpUrlError::NoHost)?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let relay_error = |e: lettre::transport::smtp::Error| SmtpUrlError::Relay(e.to_string());
        let (builder, port) = match parsed.scheme() {
            "smtps" => (
                AsyncSmtpTransport::<Tokio1Executor>::relay(&host).map_err(relay_error)?,
                465,
            ),
            "smtp" if is_loopback(&host) => (
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host),
                25,
            ),
            "smtp" => (
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host).map_err(relay_error)?,
                587,
            ),
            other => return Err(SmtpUrlError::Scheme(other.to_string())),
        };
        let port = parsed.port().unwrap_or(port);
        let mut builder = builder.port(port).timeout(Some(TIMEOUT));
        let user = decoded(parsed.username());
        if !user.is_empty() {
            let password = match parsed.password() {
                Some(p) => decoded(p),
                None => password.unwrap_or_default().to_string(),
            };
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
            server: format!("{}://{host}:{port}", parsed.scheme()),
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A URL's user or password as typed (`%40` is `@`).
fn decoded(part: &str) -> String {
    percent_encoding::percent_decode_str(part)
        .decode_utf8_lossy()
        .into_owned()
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let message = message(&self.from, mail, &id, SystemTime::now())?;
        let mut waits = RETRY_AFTER.iter();
        loop {
            match self.transport.send(message.clone()).await {
                Ok(_) => {
                    tracing::info!(message_id = %id, server = %self.server, "mail sent");
                    return Ok(id);
                }
                Err(e) if e.is_transient() || e.is_timeout() => match waits.next() {
                    Some(wait) => {
                        tracing::warn!(message_id = %id, server = %self.server, error = %e, "the mail server refused for now; trying again");
                        tokio::time::sleep(*wait).await;
                    }
                    None => {
                        tracing::error!(message_id = %id, server = %self.server, error = %e, "mail not sent: the server kept refusing");
                        return Err(MailError::Backend(e.to_string()));
                    }
                },
                Err(e) => {
                    tracing::error!(message_id = %id, server = %self.server, error = %e, "mail not sent");
                    return Err(MailError::Backend(e.to_string()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from() -> Email {
        Email::parse("practice@example.org").unwrap()
    }

    #[test]
    fn each_scheme_gets_its_security_and_port() {
        let tls = SmtpMailer::from_url("smtps://me@mail.example.org", None, from()).unwrap();
        assert_eq!(tls.server(), "smtps://mail.example.org:465");
        let starttls =
            SmtpMailer::from_url("smtp://me:secret@mail.example.org", None, from()).unwrap();
        assert_eq!(starttls.server(), "smtp://mail.example.org:587");
        let local = SmtpMailer::from_url("smtp://127.0.0.1:2525", None, from()).unwrap();
        assert_eq!(local.server(), "smtp://127.0.0.1:2525");
        // No credential in what can be printed.
        assert!(!format!("{starttls:?}").contains("secret"));
    }

    #[test]
    fn a_wrong_url_is_refused_by_name() {
        for (url, says) in [
            ("mail.example.org", "not a URL"),
            ("http://mail.example.org", "starts with http://"),
            ("smtp://", "names no host"),
        ] {
            let refused = SmtpMailer::from_url(url, None, from())
                .unwrap_err()
                .to_string();
            assert!(refused.starts_with("CASEBOOK_SMTP_URL"), "{refused}");
            assert!(refused.contains(says), "{url}: {refused}");
        }
    }

    #[test]
    fn a_user_and_password_are_read_as_typed() {
        assert_eq!(decoded("li%40example.org"), "li@example.org");
        assert_eq!(decoded("p%2Fss%zz"), "p/ss%zz");
    }
}
