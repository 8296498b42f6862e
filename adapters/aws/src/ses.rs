//! Mail through Amazon SES, plain text and HTML, from the configured sender.

use async_trait::async_trait;
use aws_sdk_ses::Client;
use aws_sdk_ses::types::{Body, Content, Destination, Message};
use casebook_domain::{MailError, Mailer, OutgoingMail};

use crate::{OnFirstUse, describe};

#[derive(Clone, Debug)]
pub struct SesMailer {
    client: OnFirstUse<Client>,
    from: String,
}

impl SesMailer {
    pub fn new(client: impl Into<OnFirstUse<Client>>, from: impl Into<String>) -> SesMailer {
        SesMailer {
            client: client.into(),
            from: from.into(),
        }
    }

    /// A mailer with a client of its own built from `config` at its first send.
    pub fn from_config(config: &aws_config::SdkConfig, from: impl Into<String>) -> SesMailer {
        let config = config.clone();
        SesMailer::new(OnFirstUse::new(move || Client::new(&config)), from)
    }

    /// The account's sending rate (messages a second), as SES reports it.
    pub async fn max_send_rate(&self) -> Result<f64, MailError> {
        self.client
            .get()
            .get_send_quota()
            .send()
            .await
            .map(|q| q.max_send_rate())
            .map_err(|e| MailError::Backend(describe(&e)))
    }
}

/// A mailer that sends at most so many messages a second, for the bulk senders (the
/// reminder job): SES refuses bursts over the account's rate. Throttling that still
/// happens is retried by the SDK with backoff; what fails for good is given back by the
/// job and sent on its next run.
pub struct PacedMailer {
    inner: std::sync::Arc<dyn Mailer>,
    /// The time between two sends: given, or asked of SES at the first send.
    interval: tokio::sync::OnceCell<std::time::Duration>,
    /// Where the account's rate is asked, when it was not given.
    rate_from: Option<SesMailer>,
    next: tokio::sync::Mutex<Option<tokio::time::Instant>>,
}

/// One message every so long at `per_second`; a nonsense rate (0, negative, NaN) sends
/// one a second, SES's sandbox rate.
fn interval_at(per_second: f64) -> std::time::Duration {
    let per_second = if per_second.is_finite() && per_second > 0.0 {
        per_second
    } else {
        1.0
    };
    std::time::Duration::from_secs_f64(1.0 / per_second)
}

impl PacedMailer {
    pub fn new(inner: std::sync::Arc<dyn Mailer>, per_second: f64) -> PacedMailer {
        PacedMailer {
            inner,
            interval: tokio::sync::OnceCell::new_with(Some(interval_at(per_second))),
            rate_from: None,
            next: tokio::sync::Mutex::new(None),
        }
    }

    /// Sends through `ses` at the account's sending rate, which SES is asked at the first
    /// send: not at start, so that a cold start makes no call (and a day with nothing to
    /// send makes none at all).
    pub fn at_account_rate(ses: SesMailer) -> PacedMailer {
        PacedMailer {
            inner: std::sync::Arc::new(ses.clone()),
            interval: tokio::sync::OnceCell::new(),
            rate_from: Some(ses),
            next: tokio::sync::Mutex::new(None),
        }
    }

    async fn interval(&self) -> std::time::Duration {
        *self
            .interval
            .get_or_init(|| async {
                let rate = match &self.rate_from {
                    Some(ses) => match ses.max_send_rate().await {
                        Ok(rate) => rate,
                        Err(e) => {
                            tracing::warn!(error = %e, "SES's sending rate is unknown: sending one a second");
                            1.0
                        }
                    },
                    None => 1.0,
                };
                tracing::info!(per_second = rate, "mail paced to SES's sending rate");
                interval_at(rate)
            })
            .await
    }
}

#[async_trait]
impl Mailer for PacedMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
        let interval = self.interval().await;
        {
            // Each sender takes the next free slot; the lock is held only to take it.
            let mut next = self.next.lock().await;
            let now = tokio::time::Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + interval);
            drop(next);
            tokio::time::sleep_until(slot).await;
        }
        self.inner.send(mail).await
    }
}

fn utf8(text: &str) -> Result<Content, MailError> {
    Content::builder()
        .data(text)
        .charset("UTF-8")
        .build()
        .map_err(|e| MailError::Backend(e.to_string()))
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
        let message = Message::builder()
            .subject(utf8(&mail.subject)?)
            .body(
                Body::builder()
                    .text(utf8(&mail.text)?)
                    .html(utf8(&mail.html)?)
                    .build(),
            )
            .build();
        let result = self
            .client
            .get()
            .send_email()
            .source(&self.from)
            .destination(
                Destination::builder()
                    .to_addresses(mail.to.as_str())
                    .build(),
            )
            .message(message)
            .send()
            .await;
        match result {
            Ok(out) => {
                tracing::info!(message_id = out.message_id(), "mail sent through SES");
                Ok(out.message_id().to_string())
            }
            Err(e)
                if e.as_service_error().is_some_and(|s| {
                    s.is_message_rejected() || s.is_mail_from_domain_not_verified_exception()
                }) =>
            {
                Err(MailError::Rejected(describe(&e)))
            }
            Err(e) => Err(MailError::Backend(describe(&e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use casebook_domain::Email;

    use super::*;

    #[derive(Default)]
    struct Counting(AtomicUsize);

    #[async_trait]
    impl Mailer for Counting {
        async fn send(&self, _: &OutgoingMail) -> Result<String, MailError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok("id".into())
        }
    }

    fn mail() -> OutgoingMail {
        OutgoingMail::new(
            Email::parse("a@example.org").unwrap(),
            "s",
            String::new(),
            String::new(),
        )
    }

    #[tokio::test(start_paused = true)]
    async fn a_paced_mailer_keeps_to_its_rate_even_with_concurrent_senders() {
        let inner = Arc::new(Counting::default());
        let paced = Arc::new(PacedMailer::new(inner.clone(), 10.0));
        let started = tokio::time::Instant::now();
        let sends = (0..11).map(|_| {
            let paced = paced.clone();
            tokio::spawn(async move { paced.send(&mail()).await })
        });
        for s in sends {
            s.await.unwrap().unwrap();
        }
        // 11 messages at 10 a second: the last goes a full second after the first.
        assert_eq!(inner.0.load(Ordering::SeqCst), 11);
        assert!(started.elapsed() >= std::time::Duration::from_secs(1));
        assert!(started.elapsed() < std::time::Duration::from_millis(1100));
    }
}
