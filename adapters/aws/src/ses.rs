//! Mail through Amazon SES, plain text and HTML, from the configured sender.

use async_trait::async_trait;
use aws_sdk_ses::Client;
use aws_sdk_ses::types::{Body, Content, Destination, Message};
use casebook_core::{MailError, Mailer, OutgoingMail};

use crate::describe;

#[derive(Clone, Debug)]
pub struct SesMailer {
    client: Client,
    from: String,
}

impl SesMailer {
    pub fn new(client: Client, from: impl Into<String>) -> SesMailer {
        SesMailer {
            client,
            from: from.into(),
        }
    }

    /// A mailer with a client of its own built from `config`.
    pub fn from_config(config: &aws_config::SdkConfig, from: impl Into<String>) -> SesMailer {
        SesMailer::new(Client::new(config), from)
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
