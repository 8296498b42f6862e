//! A round's ranking, computed from its submitted reviews only (drafts never count): per
//! case the mean of each criterion, the weighted total, the reviews done against those
//! due, how far its reviewers disagree, and beside the raw total one normalized per
//! reviewer (each reviewer's totals as z-scores), so a harsh and a lenient reviewer weigh
//! the same. Ties and incomplete cases are marked, never hidden by the order.

use std::collections::{BTreeMap, BTreeSet};

use crate::application::ApplicationId;
use crate::campaign::Criterion;
use crate::review::{Assignment, CaseReview, ReviewerId};

/// Reviewers of a case disagree strongly when their totals are further apart than this
/// share of the scale (3 points of 1 to 10).
pub const DISAGREEMENT_SHARE: f64 = 0.3;
/// Totals closer than this are the same (they come from sums of small whole numbers).
const TIE_EPSILON: f64 = 1e-9;

/// Which total orders the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    /// The mean of the reviewers' z-scores (the default: fair to harsh and lenient
    /// reviewers alike).
    #[default]
    Normalized,
    /// The weighted mean of the scores as given.
    Raw,
}

impl RankBy {
    pub fn parse(s: &str) -> Option<RankBy> {
        match s {
            "normalized" => Some(RankBy::Normalized),
            "raw" => Some(RankBy::Raw),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RankBy::Normalized => "normalized",
            RankBy::Raw => "raw",
        }
    }
}

/// A case to rank: its id and how organizers know it.
#[derive(Debug, Clone)]
pub struct RankedCase {
    pub application: ApplicationId,
    pub reference: String,
    pub practice_name: String,
    /// The campaign's area id, for filtering a ranking.
    pub area: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseRanking {
    pub application: ApplicationId,
    pub reference: String,
    pub practice_name: String,
    pub area: Option<String>,
    /// Criterion id to the mean of its submitted scores.
    pub means: BTreeMap<String, f64>,
    /// The weighted mean of the criterion means; `None` without a submitted review.
    pub total: Option<f64>,
    /// The mean of the case's reviewers' z-scores; `None` without a submitted review.
    pub normalized: Option<f64>,
    /// Each submitted review's weighted total, by reviewer.
    pub reviewer_totals: BTreeMap<ReviewerId, f64>,
    pub submitted: usize,
    /// Reviewers assigned (declared conflicts not counted).
    pub due: usize,
    /// The highest reviewer total minus the lowest (two reviews or more).
    pub spread: Option<f64>,
    pub disagreement: bool,
    /// 1 for the first; cases that tie share one. `None` without a submitted review.
    pub position: Option<usize>,
    pub tied: bool,
}

impl CaseRanking {
    /// Every assigned reviewer submitted.
    pub fn complete(&self) -> bool {
        self.due > 0 && self.submitted >= self.due
    }

    fn key(&self, by: RankBy) -> Option<f64> {
        match by {
            RankBy::Normalized => self.normalized,
            RankBy::Raw => self.total,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ranking {
    pub round: u8,
    pub by: RankBy,
    /// In ranking order; cases without a submitted review last, by reference.
    pub cases: Vec<CaseRanking>,
}

/// A review's weighted total over the criteria it scores.
fn weighted_total(criteria: &[Criterion], review: &CaseReview) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for c in criteria {
        if let Some(score) = review.scores.get(&c.id) {
            sum += c.weight * f64::from(*score);
            weights += c.weight;
        }
    }
    (weights > 0.0).then(|| sum / weights)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The ranking of `cases` in `round` from its assignments and reviews (any round's may be
/// passed: only `round`'s count, and of its reviews only the submitted ones).
pub fn rank(
    criteria: &[Criterion],
    round: u8,
    cases: &[RankedCase],
    assignments: &[Assignment],
    reviews: &[CaseReview],
    by: RankBy,
) -> Ranking {
    let wanted: BTreeSet<ApplicationId> = cases.iter().map(|c| c.application).collect();
    let live: BTreeSet<(ApplicationId, ReviewerId)> = assignments
        .iter()
        .filter(|a| a.round == round && a.conflict.is_none() && wanted.contains(&a.application))
        .map(|a| (a.application, a.reviewer))
        .collect();
    let submitted: Vec<&CaseReview> = reviews
        .iter()
        .filter(|r| r.round == round && r.submitted && live.contains(&(r.application, r.reviewer)))
        .collect();
    let z_scores = z_scores(criteria, &submitted);
    let range = criteria
        .iter()
        .map(|c| f64::from(c.scale[1]) - f64::from(c.scale[0]))
        .fold(0.0, f64::max);
    // Grouped by case once: a call's 600 cases and 1,800 reviews, not 600 scans of each.
    let mut by_case: BTreeMap<ApplicationId, Vec<&CaseReview>> = BTreeMap::new();
    for r in &submitted {
        by_case.entry(r.application).or_default().push(r);
    }
    let mut due_by_case: BTreeMap<ApplicationId, usize> = BTreeMap::new();
    for (application, _) in &live {
        *due_by_case.entry(*application).or_default() += 1;
    }
    let mut ranked: Vec<CaseRanking> = cases
        .iter()
        .map(|case| {
            let mine = by_case
                .get(&case.application)
                .map_or(&[][..], Vec::as_slice);
            let due = due_by_case.get(&case.application).copied().unwrap_or(0);
            case_ranking(criteria, case, mine, &z_scores, due, range)
        })
        .collect();
    order(&mut ranked, by);
    Ranking {
        round,
        by,
        cases: ranked,
    }
}

/// Each submitted review's z-score: its total against its reviewer's mean and spread
/// over the round (0 for a reviewer with one review, or all alike).
fn z_scores(
    criteria: &[Criterion],
    submitted: &[&CaseReview],
) -> BTreeMap<(ApplicationId, ReviewerId), f64> {
    let mut by_reviewer: BTreeMap<ReviewerId, Vec<(ApplicationId, f64)>> = BTreeMap::new();
    for r in submitted {
        if let Some(t) = weighted_total(criteria, r) {
            by_reviewer
                .entry(r.reviewer)
                .or_default()
                .push((r.application, t));
        }
    }
    let mut z_scores = BTreeMap::new();
    for (reviewer, totals) in &by_reviewer {
        let values: Vec<f64> = totals.iter().map(|(_, t)| *t).collect();
        let mu = mean(&values);
        let sigma =
            (values.iter().map(|t| (t - mu).powi(2)).sum::<f64>() / values.len() as f64).sqrt();
        for (application, t) in totals {
            // One review, or all alike: nothing to tell the reviewer's scale from.
            let z = if sigma > TIE_EPSILON {
                (t - mu) / sigma
            } else {
                0.0
            };
            z_scores.insert((*application, *reviewer), z);
        }
    }
    z_scores
}

/// One case's line of the ranking from its submitted reviews (`mine`); `range` is the
/// widest scale, against which reviewers' totals disagree.
fn case_ranking(
    criteria: &[Criterion],
    case: &RankedCase,
    mine: &[&CaseReview],
    z_scores: &BTreeMap<(ApplicationId, ReviewerId), f64>,
    due: usize,
    range: f64,
) -> CaseRanking {
    let mut means = BTreeMap::new();
    let (mut sum, mut weights) = (0.0, 0.0);
    for c in criteria {
        let scores: Vec<f64> = mine
            .iter()
            .filter_map(|r| r.scores.get(&c.id).map(|s| f64::from(*s)))
            .collect();
        if !scores.is_empty() {
            let m = mean(&scores);
            sum += c.weight * m;
            weights += c.weight;
            means.insert(c.id.clone(), m);
        }
    }
    let reviewer_totals: BTreeMap<ReviewerId, f64> = mine
        .iter()
        .filter_map(|r| weighted_total(criteria, r).map(|t| (r.reviewer, t)))
        .collect();
    let zs: Vec<f64> = mine
        .iter()
        .filter_map(|r| z_scores.get(&(case.application, r.reviewer)).copied())
        .collect();
    let spread = (reviewer_totals.len() >= 2).then(|| {
        let max = reviewer_totals.values().copied().fold(f64::MIN, f64::max);
        let min = reviewer_totals.values().copied().fold(f64::MAX, f64::min);
        max - min
    });
    CaseRanking {
        application: case.application,
        reference: case.reference.clone(),
        practice_name: case.practice_name.clone(),
        area: case.area.clone(),
        means,
        total: (weights > 0.0).then(|| sum / weights),
        normalized: (!zs.is_empty()).then(|| mean(&zs)),
        reviewer_totals,
        submitted: mine.len(),
        due,
        disagreement: spread.is_some_and(|s| s > DISAGREEMENT_SHARE * range + TIE_EPSILON),
        spread,
        position: None,
        tied: false,
    }
}

/// Highest first by the chosen total, then by the other, then by reference: the order is
/// stable, and ties on the chosen total are marked as ties and share a position.
fn order(ranked: &mut [CaseRanking], by: RankBy) {
    let other = match by {
        RankBy::Normalized => RankBy::Raw,
        RankBy::Raw => RankBy::Normalized,
    };
    ranked.sort_by(|a, b| match (a.key(by), b.key(by)) {
        (Some(x), Some(y)) => y
            .total_cmp(&x)
            .then_with(|| {
                b.key(other)
                    .unwrap_or(f64::MIN)
                    .total_cmp(&a.key(other).unwrap_or(f64::MIN))
            })
            .then_with(|| a.reference.cmp(&b.reference)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.reference.cmp(&b.reference),
    });
    let keys: Vec<Option<f64>> = ranked.iter().map(|c| c.key(by)).collect();
    let same = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() <= TIE_EPSILON,
        _ => false,
    };
    let mut position = 0;
    for i in 0..ranked.len() {
        if keys[i].is_none() {
            break;
        }
        if i == 0 || !same(keys[i], keys[i - 1]) {
            position = i + 1;
        }
        ranked[i].position = Some(position);
        ranked[i].tied = (i > 0 && same(keys[i], keys[i - 1]))
            || (i + 1 < ranked.len() && same(keys[i], keys[i + 1]));
    }
}

impl Ranking {
    /// What the ranking proposes: the first `size` positions get the round's selecting
    /// outcome (all of a tie at the boundary, so the tie is the organizers' to break),
    /// the rest the other one.
    pub fn proposal(&self, size: usize) -> BTreeMap<ApplicationId, super::Outcome> {
        let [selected, rest] = super::Outcome::of_round(self.round);
        self.cases
            .iter()
            .map(|c| {
                let outcome = match c.position {
                    Some(p) if p <= size => selected,
                    _ => rest,
                };
                (c.application, outcome)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
