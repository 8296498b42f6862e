//! The embedded adapters: everything `casebook serve` needs on one machine: a SQLite
//! store, a folder of blobs, and mail kept in an outbox folder of `.eml` files or sent
//! through an SMTP server.

mod folder;
mod outbox;
mod signed_urls;
mod smtp;
mod sqlite;

pub use folder::FolderBlobStore;
pub use outbox::{OutboxMailer, render_eml};
pub use signed_urls::{LinkError, LocalSignedUrls, Transfer, secret_in_dir};
pub use smtp::{SmtpMailer, SmtpUrlError};
pub use sqlite::{OpenError, SqliteStore};
