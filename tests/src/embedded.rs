//! Fixtures for the embedded backend, each on its own temporary folder.

use std::sync::Arc;

use casebook_core::{BlobStore, Email, Store};
use casebook_embedded::{FolderBlobStore, OutboxMailer, SqliteStore};

use crate::Fixture;
use crate::contract::mail::{Inbox, SentMail};

pub fn sqlite_store() -> Fixture<Arc<dyn Store>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_dir(dir.path()).expect("open the SQLite store");
    Fixture {
        port: Arc::new(store),
        guard: Some(dir),
    }
}

pub fn folder_blob_store() -> Fixture<Arc<dyn BlobStore>> {
    let dir = tempfile::tempdir().expect("temp dir");
    Fixture {
        port: Arc::new(FolderBlobStore::new(dir.path())),
        guard: Some(dir),
    }
}

/// An outbox mailer and an inbox that reads its `.eml` files back.
pub fn outbox_mailer() -> (Fixture<OutboxMailer>, Inbox) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mailer = OutboxMailer::new(
        dir.path().join("outbox"),
        Email::parse("practice@example.org").expect("valid"),
    );
    let outbox = mailer.dir().to_path_buf();
    let inbox: Inbox = Box::new(move || {
        let outbox = outbox.clone();
        Box::pin(async move { read_outbox(&outbox) })
    });
    (
        Fixture {
            port: mailer,
            guard: Some(dir),
        },
        inbox,
    )
}

fn read_outbox(dir: &std::path::Path) -> Vec<SentMail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|eml| {
            let message = mail_parser::MessageParser::default().parse(&eml)?;
            let to = message
                .to()
                .and_then(|to| to.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_string();
            Some(SentMail {
                to,
                subject: message.subject().unwrap_or_default().to_string(),
                html: message.body_html(0).unwrap_or_default().into_owned(),
            })
        })
        .collect()
}
