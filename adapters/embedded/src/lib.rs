//! The embedded adapters: everything `casebook serve` needs on one machine.

mod sqlite;

pub use sqlite::{OpenError, SqliteStore};
