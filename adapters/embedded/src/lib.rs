//! The embedded adapters: everything `casebook serve` needs on one machine: a SQLite
//! store, a folder of blobs and an outbox folder of `.eml` files.

mod folder;
mod outbox;
mod signed_urls;
mod sqlite;

pub use folder::FolderBlobStore;
pub use outbox::{OutboxMailer, render_eml};
pub use signed_urls::{LinkError, LocalSignedUrls, Transfer, secret_in_dir};
pub use sqlite::{OpenError, SqliteStore};
