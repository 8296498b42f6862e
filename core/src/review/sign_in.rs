//! A reviewer's sign-in: the links e-mailed to them and the check of every token against
//! their record (signature, expiry, and the link's generation: a revoked or replaced
//! link opens nothing).

use std::sync::Arc;

use jiff::SignedDuration;

use crate::access::{AccessTokens, KeyUnavailable, Role, SignInLink};
use crate::ports::{ReviewerStore, Stores};

use super::{ReviewError, Reviewer, ReviewerId};

/// How long a reviewer's sign-in link works: a call's review season, with margin.
pub const REVIEWER_LINK_DAYS: i64 = 120;

#[derive(Clone)]
pub struct ReviewerSignIn {
    reviewers: Arc<dyn ReviewerStore>,
    tokens: Arc<AccessTokens>,
    /// The review page's address; sign-in links add the token as its fragment.
    page_url: String,
}

impl ReviewerSignIn {
    pub fn new(stores: &Stores, tokens: Arc<AccessTokens>, page_url: String) -> ReviewerSignIn {
        ReviewerSignIn {
            reviewers: stores.reviewers.clone(),
            tokens,
            page_url,
        }
    }

    /// Fetches the reviewer key now, so a record is never written without its link.
    pub(crate) async fn prepare(&self) -> Result<(), KeyUnavailable> {
        self.tokens.prepare(Role::Reviewer).await
    }

    pub async fn link_for(&self, reviewer: &Reviewer) -> Result<SignInLink, KeyUnavailable> {
        self.tokens
            .sign_in_link(
                Role::Reviewer,
                &reviewer.id.to_string(),
                reviewer.generation,
                SignedDuration::from_hours(24 * REVIEWER_LINK_DAYS),
                &self.page_url,
            )
            .await
    }

    /// The reviewer a token belongs to: signature, expiry, and the link's generation
    /// against the record (a revoked or replaced link opens nothing).
    pub async fn authenticate_reviewer(&self, token: &str) -> Result<Reviewer, ReviewError> {
        let grant = self.tokens.verify(token, Role::Reviewer).await?;
        let id = ReviewerId::parse(&grant.subject)
            .ok_or(ReviewError::Unauthorized("invalid subject"))?;
        let reviewer = self
            .reviewers
            .get_reviewer(id)
            .await?
            .ok_or(ReviewError::Unauthorized("unknown reviewer"))?;
        if reviewer.revoked || reviewer.generation != grant.generation {
            return Err(ReviewError::Unauthorized("revoked link"));
        }
        Ok(reviewer)
    }
}
