//! A case's reviews in a round, as the organizers read them beside the ranking.

use std::collections::BTreeMap;

use crate::application::ApplicationId;
use crate::review::ReviewerId;

use super::{DecisionError, DecisionService};

/// One assigned reviewer's part in a case.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewOfCase {
    pub reviewer: ReviewerId,
    pub reviewer_name: String,
    /// Whether the review is submitted: a draft's scores and comment are the reviewer's
    /// own until then, and are not shown.
    pub submitted: bool,
    /// Criterion id to score (submitted reviews only).
    pub scores: BTreeMap<String, u8>,
    pub comment: String,
    /// The conflict the reviewer declared instead of reviewing.
    pub conflict: Option<String>,
}

impl DecisionService {
    /// Every reviewer the case was assigned to in `round`, with their submitted scores and
    /// comment, by name; `None` when the case is not one the round decides.
    pub async fn case_reviews(
        &self,
        round: u8,
        application: ApplicationId,
    ) -> Result<Option<Vec<ReviewOfCase>>, DecisionError> {
        if !self
            .round_cases(round)
            .await?
            .iter()
            .any(|a| a.id == application)
        {
            return Ok(None);
        }
        let reviews: BTreeMap<ReviewerId, _> = self
            .reviews
            .list_round_reviews(round)
            .await?
            .into_iter()
            .filter(|r| r.application == application)
            .map(|r| (r.reviewer, r))
            .collect();
        let names: BTreeMap<ReviewerId, String> = self
            .reviewers
            .list_reviewers()
            .await?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
        let mut out: Vec<ReviewOfCase> = self
            .assignments
            .list_round_assignments(round)
            .await?
            .into_iter()
            .filter(|a| a.application == application)
            .map(|a| {
                let review = reviews.get(&a.reviewer).filter(|r| r.submitted);
                ReviewOfCase {
                    reviewer: a.reviewer,
                    reviewer_name: names.get(&a.reviewer).cloned().unwrap_or_default(),
                    submitted: review.is_some(),
                    scores: review.map(|r| r.scores.clone()).unwrap_or_default(),
                    comment: review.map(|r| r.comment.clone()).unwrap_or_default(),
                    conflict: a.conflict,
                }
            })
            .collect();
        out.sort_by(|a, b| a.reviewer_name.cmp(&b.reviewer_name));
        Ok(Some(out))
    }
}
