//! What every `Mailer` must do, checked through the backend's own record of sent mail.

use std::future::Future;
use std::pin::Pin;

use casebook_core::{Email, Mailer, OutgoingMail};

/// One sent message as the backend recorded it.
#[derive(Debug, Clone)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    /// The HTML body (what every backend records).
    pub html: String,
}

/// Reads back what a mailer sent.
pub type Inbox = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Vec<SentMail>> + Send>> + Send + Sync>;

fn mail(tag: &str) -> OutgoingMail {
    OutgoingMail {
        to: Email::parse(&format!("applicant+{tag}@example.org")).expect("valid"),
        subject: format!("Application PC2024-0001 received 已收到 {tag}"),
        text: "Thank you. Your reference is PC2024-0001.".into(),
        html: format!("<p>Thank you. Your reference is <b>PC2024-0001</b>. {tag}</p>"),
    }
}

pub async fn a_sent_mail_arrives_with_subject_recipient_and_html(
    mailer: &dyn Mailer,
    inbox: Inbox,
) {
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let sent = mail(&tag);
    let id = mailer.send(&sent).await.unwrap();
    assert!(!id.is_empty());
    let found: Vec<SentMail> = inbox()
        .await
        .into_iter()
        .filter(|m| m.subject.contains(&tag))
        .collect();
    assert_eq!(found.len(), 1, "exactly one message with tag {tag}");
    assert_eq!(found[0].subject, sent.subject, "a Chinese subject survives");
    assert_eq!(found[0].to, sent.to.as_str());
    assert!(found[0].html.contains("<b>PC2024-0001</b>"));
}
