use std::collections::BTreeMap;

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;
use crate::campaign::Campaign;

fn ids(n: usize) -> Vec<ApplicationId> {
    let mut v: Vec<ApplicationId> = (0..n).map(|_| ApplicationId::random()).collect();
    v.sort();
    v
}

fn case(id: ApplicationId, i: usize) -> RankedCase {
    RankedCase {
        application: id,
        reference: format!("PC2024-{:04}", i + 1),
        practice_name: format!("Case {i}"),
        area: Some("infrastructure".into()),
    }
}

fn assignment(application: ApplicationId, reviewer: ReviewerId) -> Assignment {
    Assignment {
        round: 1,
        application,
        reviewer,
        assigned_at: Timestamp::UNIX_EPOCH,
        conflict: None,
    }
}

fn review(
    application: ApplicationId,
    reviewer: ReviewerId,
    scores: &[(&str, u8)],
    submitted: bool,
) -> CaseReview {
    CaseReview {
        round: 1,
        application,
        reviewer,
        scores: scores.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        comment: "c".into(),
        submitted,
        version: 1,
        updated_at: Timestamp::UNIX_EPOCH,
    }
}

fn all(score: u8) -> Vec<(&'static str, u8)> {
    vec![
        ("conceptual_fit", score),
        ("international_cooperation", score),
        ("benefits_to_mankind", score),
    ]
}

#[test]
fn a_harsh_and_a_lenient_reviewer_weigh_the_same_once_normalized() {
    let campaign = Campaign::builtin();
    let criteria = campaign.criteria();
    assert_eq!(
        criteria.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        [
            "conceptual_fit",
            "international_cooperation",
            "benefits_to_mankind"
        ]
    );
    let [a, b, c, d] = ids(4)[..] else { panic!() };
    let (harsh, lenient) = (ReviewerId::random(), ReviewerId::random());
    // The harsh one reviews A and B (3 and 5), the lenient one C and D (8 and 10): the
    // raw totals put C and D first, the normalized ones see B and D, A and C alike.
    let cases: Vec<RankedCase> = [a, b, c, d]
        .iter()
        .enumerate()
        .map(|(i, id)| case(*id, i))
        .collect();
    let assignments = vec![
        assignment(a, harsh),
        assignment(b, harsh),
        assignment(c, lenient),
        assignment(d, lenient),
    ];
    let reviews = vec![
        review(a, harsh, &all(3), true),
        review(b, harsh, &all(5), true),
        review(c, lenient, &all(8), true),
        review(d, lenient, &all(10), true),
    ];
    let raw = rank(criteria, 1, &cases, &assignments, &reviews, RankBy::Raw);
    let order: Vec<&str> = raw.cases.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(
        order,
        ["PC2024-0004", "PC2024-0003", "PC2024-0002", "PC2024-0001"]
    );
    assert_eq!(raw.cases[0].total, Some(10.0));
    let fair = rank(
        criteria,
        1,
        &cases,
        &assignments,
        &reviews,
        RankBy::Normalized,
    );
    let positions: BTreeMap<&str, (Option<usize>, bool)> = fair
        .cases
        .iter()
        .map(|c| (c.reference.as_str(), (c.position, c.tied)))
        .collect();
    assert_eq!(positions["PC2024-0002"], (Some(1), true));
    assert_eq!(positions["PC2024-0004"], (Some(1), true));
    assert_eq!(positions["PC2024-0001"], (Some(3), true));
    assert_eq!(fair.cases[0].normalized, Some(1.0));
    // The proposal of 1 takes the whole tie at the top.
    let proposal = fair.proposal(1);
    assert_eq!(proposal[&b], crate::decision::Outcome::Collected);
    assert_eq!(proposal[&d], crate::decision::Outcome::Collected);
    assert_eq!(proposal[&a], crate::decision::Outcome::NotSelected);
}

#[test]
fn drafts_conflicts_and_other_rounds_never_count_and_incomplete_cases_show() {
    let campaign = Campaign::builtin();
    let [a, b, c] = ids(3)[..] else { panic!() };
    let (r1, r2, r3) = (
        ReviewerId::random(),
        ReviewerId::random(),
        ReviewerId::random(),
    );
    let cases: Vec<RankedCase> = [a, b, c]
        .iter()
        .enumerate()
        .map(|(i, id)| case(*id, i))
        .collect();
    let mut declined = assignment(a, r3);
    declined.conflict = Some("my former employer".into());
    let assignments = vec![
        assignment(a, r1),
        assignment(a, r2),
        declined,
        assignment(b, r1),
    ];
    let mut other_round = review(b, r1, &all(1), true);
    other_round.round = 2;
    let reviews = vec![
        review(a, r1, &all(9), true),
        review(a, r2, &all(2), false), // a draft
        review(a, r3, &all(1), true),  // the declined reviewer's
        other_round,
    ];
    let ranking = rank(
        campaign.criteria(),
        1,
        &cases,
        &assignments,
        &reviews,
        RankBy::Raw,
    );
    let first = &ranking.cases[0];
    assert_eq!((first.application, first.total), (a, Some(9.0)));
    assert_eq!(
        (first.submitted, first.due, first.complete()),
        (1, 2, false)
    );
    assert_eq!(first.spread, None);
    for rest in &ranking.cases[1..] {
        assert_eq!((rest.total, rest.position), (None, None), "{rest:?}");
    }
    assert_eq!(ranking.cases[1].due, 1);
    assert_eq!(ranking.cases[2].due, 0);
}

#[test]
fn reviewers_far_apart_are_flagged() {
    let campaign = Campaign::builtin();
    let [a] = ids(1)[..] else { panic!() };
    let (r1, r2) = (ReviewerId::random(), ReviewerId::random());
    let cases = vec![case(a, 0)];
    let assignments = vec![assignment(a, r1), assignment(a, r2)];
    let near = vec![review(a, r1, &all(5), true), review(a, r2, &all(7), true)];
    let far = vec![review(a, r1, &all(2), true), review(a, r2, &all(9), true)];
    let at = |reviews: &[CaseReview]| {
        let r = rank(
            campaign.criteria(),
            1,
            &cases,
            &assignments,
            reviews,
            RankBy::Raw,
        );
        (r.cases[0].spread, r.cases[0].disagreement)
    };
    assert_eq!(at(&near), (Some(2.0), false));
    assert_eq!(at(&far), (Some(7.0), true));
}

/// A round as generated: scores per (case, reviewer), some drafts, some conflicts.
#[derive(Debug, Clone)]
struct Generated {
    cases: usize,
    reviewers: usize,
    /// (case, reviewer, scores, submitted, conflict)
    pairs: Vec<(usize, usize, [u8; 3], bool, bool)>,
}

fn generated() -> impl Strategy<Value = Generated> {
    (1usize..10, 1usize..6).prop_flat_map(|(cases, reviewers)| {
        proptest::collection::vec(
            (
                0..cases,
                0..reviewers,
                [1u8..=10, 1u8..=10, 1u8..=10],
                proptest::bool::weighted(0.8),
                proptest::bool::weighted(0.1),
            ),
            0..30,
        )
        .prop_map(move |pairs| Generated {
            cases,
            reviewers,
            pairs,
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_ranking_matches_a_plain_recomputation(g in generated(), raw in any::<bool>()) {
        let campaign = Campaign::builtin();
        let criteria = campaign.criteria();
        let weights: Vec<f64> = criteria.iter().map(|c| c.weight).collect();
        let case_ids = ids(g.cases);
        let reviewer_ids: Vec<ReviewerId> = (0..g.reviewers).map(|_| ReviewerId::random()).collect();
        let cases: Vec<RankedCase> = case_ids.iter().enumerate().map(|(i, id)| case(*id, i)).collect();
        // One assignment and review per pair: the first generated wins.
        let mut seen = BTreeMap::new();
        for (c, r, scores, submitted, conflict) in &g.pairs {
            seen.entry((*c, *r)).or_insert((*scores, *submitted, *conflict));
        }
        let mut assignments = Vec::new();
        let mut reviews = Vec::new();
        for ((c, r), (scores, submitted, conflict)) in &seen {
            let mut a = assignment(case_ids[*c], reviewer_ids[*r]);
            if *conflict {
                a.conflict = Some("x".into());
            }
            assignments.push(a);
            let named: Vec<(&str, u8)> = criteria.iter().zip(scores).map(|(k, s)| (k.id.as_str(), *s)).collect();
            reviews.push(review(case_ids[*c], reviewer_ids[*r], &named, *submitted));
        }
        let by = if raw { RankBy::Raw } else { RankBy::Normalized };
        let ranking = rank(criteria, 1, &cases, &assignments, &reviews, by);
        prop_assert_eq!(ranking.cases.len(), g.cases);

        // The plain way: the counted reviews, each reviewer's totals, their z-scores.
        let counted: Vec<(usize, usize, [u8; 3])> = seen
            .iter()
            .filter(|(_, (_, submitted, conflict))| *submitted && !*conflict)
            .map(|((c, r), (s, _, _))| (*c, *r, *s))
            .collect();
        let total_of = |s: &[u8; 3]| {
            s.iter().zip(&weights).map(|(s, w)| f64::from(*s) * w).sum::<f64>() / weights.iter().sum::<f64>()
        };
        let mut z = BTreeMap::new();
        for r in 0..g.reviewers {
            let mine: Vec<(usize, f64)> = counted.iter().filter(|x| x.1 == r).map(|x| (x.0, total_of(&x.2))).collect();
            if mine.is_empty() { continue; }
            let mu = mine.iter().map(|x| x.1).sum::<f64>() / mine.len() as f64;
            let var = mine.iter().map(|x| (x.1 - mu).powi(2)).sum::<f64>() / mine.len() as f64;
            for (c, t) in mine {
                z.insert((c, r), if var.sqrt() > 1e-9 { (t - mu) / var.sqrt() } else { 0.0 });
            }
        }
        for (c, id) in case_ids.iter().enumerate() {
            let got = ranking.cases.iter().find(|x| x.application == *id).unwrap();
            let mine: Vec<&(usize, usize, [u8; 3])> = counted.iter().filter(|x| x.0 == c).collect();
            let due = seen.iter().filter(|((cc, _), (_, _, conflict))| *cc == c && !*conflict).count();
            prop_assert_eq!(got.submitted, mine.len());
            prop_assert_eq!(got.due, due);
            if mine.is_empty() {
                prop_assert_eq!(got.total, None);
                prop_assert_eq!(got.position, None);
                continue;
            }
            for (k, criterion) in criteria.iter().enumerate() {
                let m = mine.iter().map(|x| f64::from(x.2[k])).sum::<f64>() / mine.len() as f64;
                prop_assert!((got.means[&criterion.id] - m).abs() < 1e-9);
            }
            let total = mine.iter().map(|x| total_of(&x.2)).sum::<f64>() / mine.len() as f64;
            prop_assert!((got.total.unwrap() - total).abs() < 1e-9);
            let normalized = mine.iter().map(|x| z[&(x.0, x.1)]).sum::<f64>() / mine.len() as f64;
            prop_assert!((got.normalized.unwrap() - normalized).abs() < 1e-9);
        }
        // Positions: 1 + how many rank strictly higher; ties share and are marked.
        let key = |x: &CaseRanking| if raw { x.total } else { x.normalized };
        for x in &ranking.cases {
            let Some(k) = key(x) else { continue };
            let higher = ranking.cases.iter().filter(|y| key(y).is_some_and(|o| o > k + 1e-9)).count();
            let equal = ranking.cases.iter().filter(|y| key(y).is_some_and(|o| (o - k).abs() <= 1e-9)).count();
            prop_assert_eq!(x.position, Some(higher + 1));
            prop_assert_eq!(x.tied, equal > 1);
        }
        // The order never puts a lower total above a higher one, nor a case without
        // reviews above one with.
        for w in ranking.cases.windows(2) {
            match (key(&w[0]), key(&w[1])) {
                (Some(a), Some(b)) => prop_assert!(a + 1e-9 >= b),
                (None, Some(_)) => prop_assert!(false, "an unreviewed case above a reviewed one"),
                _ => {}
            }
        }
    }
}
