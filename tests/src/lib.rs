//! Shared test code: the API test app, the contract suites every backend must pass, and
//! the fixtures that build each backend (embedded on temporary folders, AWS on the local
//! AWS-compatible server that `scripts/test` starts).

pub mod app;
pub mod aws;
pub mod contract;
pub mod embedded;

/// A port under test, with whatever must live as long as it (a temporary folder).
pub struct Fixture<T> {
    pub port: T,
    pub guard: Option<tempfile::TempDir>,
}
