//! What can go wrong in the decision use cases (closing a round, ranking, deciding,
//! announcing, exporting, publishing), mapped to answers once by each front end.

use crate::review::{InvalidKind, InvalidReview, ReviewError};
use crate::store_error::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    #[error("no review round {0} in the campaign")]
    UnknownRound(u8),
    /// A value an organizer sent, with the field it came in (`decisions[3].reason`).
    #[error("invalid value for {}", .0.field)]
    Invalid(InvalidReview),
    /// Deciding needs the round closed first (its reviews frozen).
    #[error("review round {round} is still open")]
    RoundOpen { round: u8 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DecisionError {
    pub fn invalid(field: impl Into<String>, kind: InvalidKind) -> DecisionError {
        DecisionError::Invalid(InvalidReview::new(field, kind))
    }
}

/// Every decision error is one a review step can meet too (the same round, field and store
/// answers): front ends that word review errors word these through this, once. The match
/// is exhaustive, so a new kind of decision error must be placed here.
impl From<DecisionError> for ReviewError {
    fn from(e: DecisionError) -> ReviewError {
        match e {
            DecisionError::UnknownRound(n) => ReviewError::UnknownRound(n),
            DecisionError::Invalid(invalid) => ReviewError::Invalid(invalid),
            DecisionError::RoundOpen { round } => ReviewError::RoundOpen { round },
            DecisionError::Store(e) => ReviewError::Store(e),
        }
    }
}
