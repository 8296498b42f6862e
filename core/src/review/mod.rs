//! The review use cases over the domain's reviewers, assignments and reviews, one service
//! per job: a reviewer's sign-in (`sign_in`), the registry (`registry`), assigning a round
//! with its hand-overs and progress (`rounds`), and reviewing with its conflicts
//! (`reviewing`). [`ReviewServices`] wires the four over one set of stores.

pub use casebook_domain::review::*;

pub mod registry;
pub mod reviewing;
pub mod rounds;
pub mod sign_in;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::access::AccessTokens;
pub use crate::access::SignInLink;
use crate::application::ApplicationId;
use crate::attachment_service::AttachmentService;
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::mail::{Mailer, OutgoingMail};
use crate::ports::{StoreError, Stores};

pub use registry::{
    CarriedReviewers, MAX_EXCLUDED_ORGANIZATIONS, MAX_NAME_CHARS, NewReviewer, ReviewerRegistry,
    ReviewerStanding,
};
pub use reviewing::{
    AssignedCase, AssignmentStatus, CaseForReview, MAX_COMMENT_CHARS, MAX_REASON_CHARS,
    ReviewInput, ReviewingService,
};
pub use rounds::{
    AssignmentReport, AssignmentService, CaseProgress, Exclusion, ExclusionReason, MAX_PER_CASE,
    RepeatedReviewer, ReviewerProgress, RoundProgress, UnassignableCase,
};
pub use sign_in::{REVIEWER_LINK_DAYS, ReviewerSignIn};

/// The four review services over one set of stores, as every front end wires them.
#[derive(Clone)]
pub struct ReviewServices {
    pub sign_in: ReviewerSignIn,
    pub registry: ReviewerRegistry,
    pub rounds: AssignmentService,
    pub reviewing: ReviewingService,
}

impl ReviewServices {
    /// Sign-in links open `page_url` (the review page), with the token as its fragment;
    /// mail goes through `mailer` and case files are linked through `files`, when given.
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        tokens: Arc<AccessTokens>,
        page_url: String,
        mailer: Option<Arc<dyn Mailer>>,
        files: Option<AttachmentService>,
    ) -> ReviewServices {
        let sign_in = ReviewerSignIn::new(stores, tokens, page_url);
        let mut registry =
            ReviewerRegistry::new(stores, clock.clone(), campaign.clone(), sign_in.clone());
        let mut rounds =
            AssignmentService::new(stores, clock.clone(), campaign.clone(), sign_in.clone());
        if let Some(mailer) = mailer {
            registry = registry.with_mailer(mailer.clone());
            rounds = rounds.with_mailer(mailer);
        }
        let mut reviewing = ReviewingService::new(stores, clock, campaign, rounds.clone());
        if let Some(files) = files {
            reviewing = reviewing.with_files(files);
        }
        ReviewServices {
            sign_in,
            registry,
            rounds,
            reviewing,
        }
    }

    pub fn campaign(&self) -> &Campaign {
        self.reviewing.campaign()
    }

    /// The campaign, to share with what outlives a borrow (an HTTP layer).
    pub fn shared_campaign(&self) -> Arc<Campaign> {
        self.reviewing.shared_campaign()
    }
}

/// Sends a reviewer's mail when there is a mailer: `true` once sent. A failure is logged
/// and nothing is lost (the organizer can send a fresh link: `reviewers link`).
async fn send(mailer: &Option<Arc<dyn Mailer>>, mail: OutgoingMail) -> bool {
    let Some(mailer) = mailer else {
        return false;
    };
    match mailer.send(&mail).await {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = %e, "a reviewer's e-mail could not be sent");
            false
        }
    }
}

/// A round's live assignments (declared conflicts left out) and its reviews by
/// (case, reviewer).
type RoundState = (
    Vec<Assignment>,
    BTreeMap<(ApplicationId, ReviewerId), CaseReview>,
);

/// Those of the cases `ids` (a year's): see [`Rounds`](crate::round::Rounds).
async fn round_state(
    rounds: &crate::round::Rounds,
    round: u8,
    ids: &std::collections::HashSet<ApplicationId>,
) -> Result<RoundState, StoreError> {
    let (assigned, reviewed) = rounds.round_state(round, ids).await?;
    Ok(live_state(assigned, reviewed))
}

/// The live assignments (declared conflicts left out) and the reviews by pair.
fn live_state(assigned: Vec<Assignment>, reviewed: Vec<CaseReview>) -> RoundState {
    let live = assigned
        .into_iter()
        .filter(|a| a.conflict.is_none())
        .collect();
    let reviews = reviewed
        .into_iter()
        .map(|r| ((r.application, r.reviewer), r))
        .collect();
    (live, reviews)
}

#[cfg(test)]
mod tests;
