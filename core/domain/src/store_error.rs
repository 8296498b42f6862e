//! How a store fails, kept apart from the ports so the types below them can name it.

/// How often a use case reads again and retries a conditional write that lost a race,
/// before it answers `Conflict`.
pub const RACE_RETRIES: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record changed since it was read (version mismatch) or does not exist.
    #[error("the record was changed by someone else since it was read")]
    Conflict,
    #[error("a record with this key already exists")]
    AlreadyExists,
    /// The stored data is not what it should be (a bad value in a record); the text
    /// names the record and the value, for logs.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The backing store failed: its error kept whole as the cause, and its whole chain
    /// in the message (an SDK's own message is often only "service error"). For logs,
    /// not for users.
    #[error("storage failed: {}", error_chain(.0.as_ref()))]
    Failed(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// An error and its causes, one after the other (a cause its error already quotes is
/// not repeated): what logs need of an SDK's error, whose own message is often only
/// "service error".
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let next = c.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = c.source();
    }
    text
}

impl StoreError {
    /// The store's own error, kept as the cause.
    pub fn failed(source: impl std::error::Error + Send + Sync + 'static) -> StoreError {
        StoreError::Failed(Box::new(source))
    }
}

#[cfg(test)]
mod tests {
    use super::StoreError;

    #[derive(Debug, thiserror::Error)]
    #[error("service error")]
    struct Sdk(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("ConditionalCheckFailed: the item changed")]
    struct Inner;

    #[test]
    fn a_failed_store_keeps_its_cause_and_says_the_whole_chain() {
        let e = StoreError::failed(Sdk(Inner));
        assert_eq!(
            e.to_string(),
            "storage failed: service error: ConditionalCheckFailed: the item changed"
        );
        let cause = std::error::Error::source(&e).expect("the cause is kept");
        assert!(cause.downcast_ref::<Sdk>().is_some());
    }
}
