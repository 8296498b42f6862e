//! What can go wrong in the review use cases, with the messages every front end shows.

use crate::access::{KeyUnavailable, TokenRejected, VerifyError};
use crate::country::UnknownCountry;
use crate::lang::{Lang, list, t};
use crate::store_error::StoreError;
use crate::token::RandomUnavailable;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No token, a bad or expired one, or the link was revoked or replaced: all alike.
    #[error("not signed in: {0}")]
    Unauthorized(&'static str),
    /// No such case, or it is not assigned to the caller: the two look the same.
    #[error("no such case among the caller's assignments")]
    NotFound,
    #[error("no reviewer with this id")]
    UnknownReviewer,
    #[error("no review round {0} in the campaign")]
    UnknownRound(u8),
    #[error("invalid value for {}", .0.field)]
    Invalid(InvalidReview),
    /// A review exists and the change did not say which version it changes.
    #[error("changing a review needs its version")]
    VersionRequired,
    #[error("the review has changed; it is now at version {current}")]
    VersionMismatch { current: u64 },
    #[error("review round {round} has closed")]
    RoundClosed { round: u8 },
    /// Deciding needs the round closed first (its reviews frozen).
    #[error("review round {round} is still open")]
    RoundOpen { round: u8 },
    /// The reviewer declared a conflict on this case.
    #[error("a conflict was declared on this case")]
    ConflictDeclared,
    #[error("the review was submitted already")]
    AlreadySubmitted,
    #[error("someone with this e-mail is registered already")]
    EmailTaken,
    #[error("no organizer with this id")]
    UnknownOrganizer,
    /// A terminal command that changes the call names no active organizer (`--as`).
    #[error("no active organizer has this e-mail")]
    NotAnOrganizer,
    /// Only the first organizer may be added without another organizer behind it.
    #[error("the registry has organizers already: say who adds this one")]
    ActorRequired,
    /// A new link was asked for a revoked person without reinstating them.
    #[error("the sign-in was revoked; reinstate it explicitly to send a new link")]
    StillRevoked,
    /// Revoking would leave nobody able to act on the call.
    #[error("the last active organizer cannot be revoked")]
    LastOrganizer,
    /// A later round is assigned from the round before's decisions, and it has none.
    #[error("review round {round} has no decisions yet")]
    EarlierRoundUndecided { round: u8 },
    /// Another assignment of the round is running.
    #[error("the round is being assigned by someone else")]
    AssignmentRunning,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Random(#[from] RandomUnavailable),
    /// A signing key could not be had (a setting missing, or the secret store down).
    #[error(transparent)]
    Key(#[from] KeyUnavailable),
}

impl From<VerifyError> for ReviewError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Rejected(rejected) => rejected.into(),
            VerifyError::Key(key) => ReviewError::Key(key),
        }
    }
}

impl From<TokenRejected> for ReviewError {
    fn from(e: TokenRejected) -> Self {
        ReviewError::Unauthorized(match e {
            TokenRejected::Invalid => "invalid token",
            TokenRejected::Expired => "expired token",
            TokenRejected::TooLong => "token too long",
        })
    }
}

/// A value a reviewer or organizer sent that cannot be used: the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidReview {
    /// As in the request: `comment`, `scores.conceptual_fit`, `email`.
    pub field: String,
    pub kind: InvalidKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidKind {
    TooLong {
        max: usize,
    },
    Blank,
    UnknownCriterion,
    OutOfScale {
        min: u8,
        max: u8,
    },
    MissingScore,
    Email,
    Country(UnknownCountry),
    UnknownArea {
        known: Vec<String>,
    },
    PerCase {
        max: usize,
    },
    TooManyDays {
        max: i64,
    },
    /// A decision that departs from the ranking's proposal needs a reason.
    ReasonRequired {
        proposed: &'static str,
    },
    /// The case is not one this round decides.
    NotInRound {
        round: u8,
    },
    /// Not an outcome this round decides.
    UnknownOutcome {
        allowed: [&'static str; 2],
    },
    /// The same case twice in one request.
    Repeated,
    TooMany {
        max: usize,
    },
    /// Carrying reviewers from the year they would be carried to.
    SameYear {
        year: i16,
    },
    /// Not one of the six languages' codes.
    UnknownLanguage {
        given: String,
    },
}

impl InvalidReview {
    pub fn new(field: impl Into<String>, kind: InvalidKind) -> InvalidReview {
        InvalidReview {
            field: field.into(),
            kind,
        }
    }

    /// A short code for clients: `too_long`, `out_of_scale`, ...
    pub fn code(&self) -> &'static str {
        match self.kind {
            InvalidKind::TooLong { .. } => "too_long",
            InvalidKind::Blank => "required",
            InvalidKind::UnknownCriterion => "unknown_criterion",
            InvalidKind::OutOfScale { .. } => "out_of_scale",
            InvalidKind::MissingScore => "missing_score",
            InvalidKind::Email => "invalid_email",
            InvalidKind::Country(_) => "unknown_country",
            InvalidKind::UnknownArea { .. } => "unknown_area",
            InvalidKind::PerCase { .. } => "out_of_range",
            InvalidKind::TooManyDays { .. } => "out_of_range",
            InvalidKind::ReasonRequired { .. } => "reason_required",
            InvalidKind::NotInRound { .. } => "not_in_round",
            InvalidKind::UnknownOutcome { .. } => "unknown_decision",
            InvalidKind::Repeated => "repeated",
            InvalidKind::TooMany { .. } => "too_many",
            InvalidKind::SameYear { .. } => "same_year",
            InvalidKind::UnknownLanguage { .. } => "unknown_language",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let field = self.field.as_str();
        match &self.kind {
            InvalidKind::TooLong { max } => t!(lang, INPUT_TOO_LONG, field = field, max = *max),
            InvalidKind::Blank => t!(lang, INPUT_BLANK, field = field),
            InvalidKind::UnknownCriterion => t!(lang, INPUT_UNKNOWN_CRITERION, field = field),
            InvalidKind::OutOfScale { min, max } => {
                t!(
                    lang,
                    INPUT_OUT_OF_SCALE,
                    field = field,
                    min = *min,
                    max = *max
                )
            }
            InvalidKind::MissingScore => t!(lang, INPUT_MISSING_SCORE, field = field),
            InvalidKind::Email => t!(lang, INPUT_EMAIL, field = field),
            InvalidKind::Country(unknown) => unknown.message(lang),
            InvalidKind::UnknownArea { known } => {
                t!(
                    lang,
                    INPUT_UNKNOWN_AREA,
                    field = field,
                    known = list(lang, known)
                )
            }
            InvalidKind::SameYear { year } => {
                t!(
                    lang,
                    INPUT_SAME_YEAR,
                    field = field,
                    year = year.to_string()
                )
            }
            InvalidKind::UnknownLanguage { given } => {
                t!(
                    lang,
                    INPUT_UNKNOWN_LANGUAGE,
                    field = field,
                    given = given.as_str()
                )
            }
            InvalidKind::PerCase { max } => t!(lang, INPUT_PER_CASE, field = field, max = *max),
            InvalidKind::TooManyDays { max } => {
                t!(lang, INPUT_TOO_MANY_DAYS, field = field, max = *max)
            }
            InvalidKind::ReasonRequired { proposed } => {
                t!(
                    lang,
                    INPUT_REASON_REQUIRED,
                    field = field,
                    proposed = *proposed
                )
            }
            InvalidKind::NotInRound { round } => {
                t!(lang, INPUT_NOT_IN_ROUND, field = field, round = *round)
            }
            InvalidKind::UnknownOutcome { allowed } => t!(
                lang,
                INPUT_UNKNOWN_OUTCOME,
                field = field,
                first = allowed[0],
                second = allowed[1]
            ),
            InvalidKind::Repeated => t!(lang, INPUT_REPEATED, field = field),
            InvalidKind::TooMany { max } => t!(lang, INPUT_TOO_MANY, field = field, max = *max),
        }
    }
}

/// `value` trimmed, or the error naming `field`: blank, or over `max` characters (counted
/// before anything else is done with it).
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, ReviewError> {
    if value.chars().nth(max).is_some() {
        return Err(ReviewError::Invalid(InvalidReview::new(
            field,
            InvalidKind::TooLong { max },
        )));
    }
    let value = value.trim();
    if value.is_empty() {
        return Err(ReviewError::Invalid(InvalidReview::new(
            field,
            InvalidKind::Blank,
        )));
    }
    Ok(value.to_string())
}
