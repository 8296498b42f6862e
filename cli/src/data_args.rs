//! The flags that say where casebook's data is, shared by `serve`, `chat` and `admin`.

use std::path::PathBuf;

use casebook_startup::{Backend, DEFAULT_DATA_DIR, Settings};
use jiff::Timestamp;

#[derive(clap::Args, Clone, Debug)]
pub struct DataArgs {
    /// Directory for the database, files, outbox and link-signing keys (created if
    /// missing); embedded backend only.
    #[arg(long, env = "CASEBOOK_DATA_DIR", default_value = DEFAULT_DATA_DIR)]
    pub data_dir: PathBuf,

    /// Where data lives: `embedded` (SQLite and files in --data-dir) or `aws` (DynamoDB
    /// table CASEBOOK_TABLE and bucket CASEBOOK_BUCKET, on AWS or AWS_ENDPOINT_URL).
    #[arg(long, env = "CASEBOOK_BACKEND", value_enum, default_value_t = Backend::Embedded)]
    pub backend: Backend,
}

/// Which call a command works on: the campaign file given (`--campaign`) and, for the
/// organizers' commands, the year (`admin --year`; else the open call's).
#[derive(Clone, Debug, Default)]
pub struct ChosenCall {
    pub file: Option<PathBuf>,
    pub year: Option<i16>,
}

impl ChosenCall {
    /// The open call, on the campaign file given.
    pub fn open(file: Option<PathBuf>) -> ChosenCall {
        ChosenCall { file, year: None }
    }
}

impl DataArgs {
    /// The settings these flags and the global ones make (the rest from the environment).
    pub fn settings(&self, call: ChosenCall, now: Option<Timestamp>) -> Settings {
        let mut settings =
            Settings::from_flags(self.backend, self.data_dir.clone(), call.file, now);
        settings.year = call.year;
        settings
    }
}
