//! Fixtures for the AWS backend on the local AWS-compatible server (moto) that
//! `scripts/test` installs and starts, found through `AWS_ENDPOINT_URL`. Without it these
//! tests fail and say how to run them: they never skip silently, and they refuse to run
//! against anything but a loopback address.

use std::sync::Arc;

use casebook_aws::{AwsClients, DynamoStore, S3BlobStore, SesMailer, init};
use casebook_core::{BlobStore, Store};

use crate::Fixture;
use crate::contract::mail::{Inbox, SentMail};

/// The local server's address, or a panic that says how to start it.
pub fn endpoint() -> String {
    casebook_testkit::local_aws_endpoint()
}

pub async fn clients() -> AwsClients {
    endpoint();
    AwsClients::from_env().await
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

/// A new, empty table made by `casebook aws init`'s own code.
pub async fn fresh_table(clients: &AwsClients) -> String {
    let name = unique("casebook-test");
    init::ensure_table(clients, &name)
        .await
        .expect("create the test table");
    name
}

pub async fn dynamo_store() -> Fixture<Arc<dyn Store>> {
    let clients = clients().await;
    let table = fresh_table(&clients).await;
    Fixture {
        port: Arc::new(DynamoStore::new(clients.dynamodb.clone(), table)),
        guard: None,
    }
}

pub async fn fresh_bucket(clients: &AwsClients) -> String {
    let name = unique("casebook-test");
    let region = std::env::var("AWS_REGION").ok();
    init::ensure_bucket(clients, &name, region.as_deref())
        .await
        .expect("create the test bucket");
    name
}

pub async fn s3_blob_store() -> Fixture<Arc<dyn BlobStore>> {
    let clients = clients().await;
    let bucket = fresh_bucket(&clients).await;
    Fixture {
        port: Arc::new(S3BlobStore::new(clients.s3.clone(), bucket)),
        guard: None,
    }
}

/// An SES mailer with a verified sender, and an inbox that reads what the local server
/// recorded as sent.
pub async fn ses_mailer() -> (SesMailer, Inbox) {
    let clients = clients().await;
    let from = format!("{}@example.org", unique("sender"));
    init::ensure_sender(&clients, &from)
        .await
        .expect("verify the sender");
    let inbox: Inbox = Box::new(|| Box::pin(sent_mail()));
    (SesMailer::new(clients.ses.clone(), from), inbox)
}

/// What the local server says SES sent (moto's `/moto-api/data.json`).
pub async fn sent_mail() -> Vec<SentMail> {
    let url = format!("{}/moto-api/data.json", endpoint());
    let data: serde_json::Value = reqwest::get(&url)
        .await
        .expect("read the local server's state")
        .json()
        .await
        .expect("JSON state");
    data["ses"]["Message"]
        .as_array()
        .map(|messages| {
            messages
                .iter()
                .map(|m| SentMail {
                    to: m["destinations"]["ToAddresses"][0]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    subject: m["subject"].as_str().unwrap_or("").to_string(),
                    html: m["body"].as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}
