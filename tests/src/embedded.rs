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

fn header<'a>(eml: &'a str, name: &str) -> &'a str {
    eml.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(": ")))
        .unwrap_or("")
        .trim()
}

fn decode_subject(raw: &str) -> String {
    use base64::Engine;
    match raw
        .strip_prefix("=?UTF-8?B?")
        .and_then(|r| r.strip_suffix("?="))
    {
        Some(b64) => base64::engine::general_purpose::STANDARD
            .decode(b64)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default(),
        None => raw.to_string(),
    }
}

fn read_outbox(dir: &std::path::Path) -> Vec<SentMail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|eml| {
            let html = eml
                .split("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .nth(1)
                .and_then(|rest| rest.split("\r\n--").next())
                .unwrap_or("")
                .to_string();
            SentMail { to: header(&eml, "To").to_string(), subject: decode_subject(header(&eml, "Subject")), html }
        })
        .collect()
}
