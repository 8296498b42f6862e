//! What can go wrong in the review use cases, with the messages every front end shows.

use crate::access::{KeyUnavailable, TokenRejected, VerifyError};
use crate::country::UnknownCountry;
use crate::lang::Lang;
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
        let field = &self.field;
        // Organizer and reviewer input errors: English and Chinese until they move to the
        // resource files (the other four languages read the English).
        match (&self.kind, lang == Lang::Zh) {
            (InvalidKind::TooLong { max }, false) => {
                format!("{field} is too long: at most {max} characters, please shorten it.")
            }
            (InvalidKind::TooLong { max }, true) => {
                format!("{field} 太长：最多 {max} 个字符，请删减。")
            }
            (InvalidKind::Blank, false) => format!("{field} is required: please fill it in."),
            (InvalidKind::Blank, true) => format!("{field} 为必填项，请填写。"),
            (InvalidKind::UnknownCriterion, false) => format!(
                "{field} is not a criterion of this call; use the criteria listed with the case."
            ),
            (InvalidKind::UnknownCriterion, true) => {
                format!("{field} 不是本次评审的标准；请使用案例所列的评审标准。")
            }
            (InvalidKind::OutOfScale { min, max }, false) => {
                format!("{field} must be a whole number from {min} to {max}.")
            }
            (InvalidKind::OutOfScale { min, max }, true) => {
                format!("{field} 必须是 {min} 到 {max} 之间的整数。")
            }
            (InvalidKind::MissingScore, false) => {
                format!("{field} needs a score before the review can be submitted.")
            }
            (InvalidKind::MissingScore, true) => format!("提交评审前，请为 {field} 打分。"),
            (InvalidKind::Email, false) => {
                format!("{field} must be an e-mail address such as name@example.org.")
            }
            (InvalidKind::Email, true) => {
                format!("{field} 必须是电子邮箱地址，例如 name@example.org。")
            }
            (InvalidKind::Country(unknown), _) => unknown.message(lang),
            (InvalidKind::UnknownArea { known }, false) => format!(
                "{field} names an area this call does not have; use {}.",
                known.join(", ")
            ),
            (InvalidKind::UnknownArea { known }, true) => {
                format!(
                    "{field} 中有本次征集没有的领域；请使用 {}。",
                    known.join("、")
                )
            }
            (InvalidKind::SameYear { year }, false) => format!(
                "{field} is {year}, the year they would be carried to: give an earlier year, or --year for another call."
            ),
            (InvalidKind::SameYear { year }, true) => {
                format!(
                    "{field} 为 {year}，即要转入的年份：请填写更早的年份，或用 --year 指定另一届征集。"
                )
            }
            (InvalidKind::UnknownLanguage { given }, false) => format!(
                "{field} \"{given}\" is not a language casebook speaks: use ar, en, es, fr, ru or zh."
            ),
            (InvalidKind::UnknownLanguage { given }, true) => {
                format!(
                    "{field}“{given}”不是 casebook 支持的语言：请使用 ar、en、es、fr、ru 或 zh。"
                )
            }
            (InvalidKind::PerCase { max }, false) => {
                format!("{field} must be from 1 to {max}.")
            }
            (InvalidKind::PerCase { max }, true) => format!("{field} 必须在 1 到 {max} 之间。"),
            (InvalidKind::TooManyDays { max }, false) => {
                format!("{field} must be from 1 to {max} days.")
            }
            (InvalidKind::TooManyDays { max }, true) => {
                format!("{field} 必须在 1 到 {max} 天之间。")
            }
            (InvalidKind::ReasonRequired { proposed }, false) => format!(
                "{field} is needed: the ranking proposed \"{proposed}\" for this case, so say why you decide otherwise."
            ),
            (InvalidKind::ReasonRequired { proposed }, true) => {
                format!("{field} 为必填项：排名建议该案例为“{proposed}”，请说明为何作出不同决定。")
            }
            (InvalidKind::NotInRound { round }, false) => format!(
                "{field} is not a case of round {round}: use an application_id from GET /admin/rankings?round={round}."
            ),
            (InvalidKind::NotInRound { round }, true) => format!(
                "{field} 不是第{round}轮的案例：请使用 GET /admin/rankings?round={round} 中的 application_id。"
            ),
            (InvalidKind::UnknownOutcome { allowed }, false) => format!(
                "{field} must be \"{}\" or \"{}\" in this round.",
                allowed[0], allowed[1]
            ),
            (InvalidKind::UnknownOutcome { allowed }, true) => {
                format!("{field} 在本轮只能是“{}”或“{}”。", allowed[0], allowed[1])
            }
            (InvalidKind::Repeated, false) => {
                format!("{field} names a case already decided in this request: decide each once.")
            }
            (InvalidKind::Repeated, true) => {
                format!("{field} 中的案例在本次请求中已出现：每个案例只能决定一次。")
            }
            (InvalidKind::TooMany { max }, false) => {
                format!("{field} has too many entries: at most {max} at a time.")
            }
            (InvalidKind::TooMany { max }, true) => {
                format!("{field} 条目过多：每次最多 {max} 条。")
            }
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
