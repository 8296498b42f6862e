//! Sharing a round's cases out among reviewers: every case gets `per_case` eligible
//! reviewers, loads stay as even as the conflicts allow (within one where they allow it),
//! a reviewer who knows the case's area is preferred among the least loaded, and the
//! result depends only on the data (same data, same plan). Running it again over what is
//! already assigned only fills the gaps. In a later round, reviewers who have not yet
//! reviewed a case come before any who have (fresh eyes), whatever their loads.

use std::collections::{BTreeMap, BTreeSet};

use crate::application::{ApplicationContent, ApplicationId};
use crate::campaign::ConflictRule;

use super::{ReviewerId, ReviewerProfile, in_conflict};

/// A case to assign: its id and what conflicts are judged on.
#[derive(Debug, Clone)]
pub struct CaseToAssign<'a> {
    pub id: ApplicationId,
    pub content: &'a ApplicationContent,
}

/// Why a case could not get all its reviewers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unassignable {
    pub application: ApplicationId,
    /// Reviewers it has (kept and new).
    pub has: usize,
    /// Reviewers the round wants for each case.
    pub wanted: usize,
}

/// What a run of the assignment decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentPlan {
    /// The new (case, reviewer) pairs, in the order they were decided.
    pub new: Vec<(ApplicationId, ReviewerId)>,
    pub unassignable: Vec<Unassignable>,
    /// New pairs whose reviewer reviewed the case in an earlier round: there were too few
    /// others.
    pub repeated: Vec<(ApplicationId, ReviewerId)>,
}

/// Pairs of a case and a reviewer.
pub type Pairs<'a> = &'a [(ApplicationId, ReviewerId)];

/// Plans the assignments of a round. `existing` are the pairs already assigned (never
/// moved); `declined` are pairs a reviewer declared a conflict for (never assigned again);
/// `seen` are pairs of an earlier round (taken only when nobody else can).
pub fn plan(
    rule: ConflictRule,
    per_case: usize,
    cases: &[CaseToAssign<'_>],
    reviewers: &[ReviewerProfile],
    existing: Pairs<'_>,
    declined: Pairs<'_>,
    seen: Pairs<'_>,
) -> AssignmentPlan {
    let seen: BTreeSet<(ApplicationId, ReviewerId)> = seen.iter().copied().collect();
    let mut load: BTreeMap<ReviewerId, usize> = reviewers.iter().map(|r| (r.id, 0)).collect();
    let mut on_case: BTreeMap<ApplicationId, BTreeSet<ReviewerId>> = BTreeMap::new();
    for (case, reviewer) in existing {
        on_case.entry(*case).or_default().insert(*reviewer);
        if let Some(n) = load.get_mut(reviewer) {
            *n += 1;
        }
    }
    let declined: BTreeSet<(ApplicationId, ReviewerId)> = declined.iter().copied().collect();
    let eligible = |case: &CaseToAssign<'_>| -> Vec<&ReviewerProfile> {
        reviewers
            .iter()
            .filter(|r| !declined.contains(&(case.id, r.id)))
            .filter(|r| !in_conflict(rule, r, case.content))
            .collect()
    };
    // Who may review each case, judged once; the most constrained cases choose first, so
    // they are not left with nobody.
    let mut order: Vec<(Vec<&ReviewerProfile>, &CaseToAssign<'_>)> =
        cases.iter().map(|c| (eligible(c), c)).collect();
    order.sort_by_key(|(choices, case)| (choices.len(), case.id));
    let mut result = AssignmentPlan::default();
    for (choices, case) in order {
        let assigned = on_case.entry(case.id).or_default();
        let mut candidates: Vec<&ReviewerProfile> = choices
            .into_iter()
            .filter(|r| !assigned.contains(&r.id))
            .collect();
        let area = case.content.area.as_deref();
        for _ in assigned.len()..per_case {
            // Fresh eyes first; then the least loaded; among them one who knows the
            // area; then by id.
            let best = candidates
                .iter()
                .enumerate()
                .min_by_key(|(_, r)| {
                    let knows = area.is_some_and(|a| r.areas.iter().any(|x| x == a));
                    (seen.contains(&(case.id, r.id)), load[&r.id], !knows, r.id)
                })
                .map(|(i, _)| i);
            let Some(i) = best else { break };
            let chosen = candidates.remove(i);
            if seen.contains(&(case.id, chosen.id)) {
                result.repeated.push((case.id, chosen.id));
            }
            assigned.insert(chosen.id);
            *load.entry(chosen.id).or_default() += 1;
            result.new.push((case.id, chosen.id));
        }
        if assigned.len() < per_case {
            result.unassignable.push(Unassignable {
                application: case.id,
                has: assigned.len(),
                wanted: per_case,
            });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::Organization;
    use crate::country::CountryCode;

    /// A small deterministic generator, so "generated data" is the same on every run.
    struct Dice(u64);

    impl Dice {
        fn roll(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    const COUNTRIES: [&str; 12] = [
        "CN", "KE", "BR", "FR", "DE", "IN", "US", "EG", "ID", "RU", "ZA", "MX",
    ];
    const AREAS: [&str; 5] = [
        "infrastructure",
        "culture",
        "digital_economy",
        "cybersecurity",
        "governance",
    ];

    fn country(dice: &mut Dice) -> CountryCode {
        CountryCode::parse(COUNTRIES[dice.roll(COUNTRIES.len())]).unwrap()
    }

    fn cases(dice: &mut Dice, n: usize) -> Vec<(ApplicationId, ApplicationContent)> {
        (0..n)
            .map(|i| {
                let lead = country(dice);
                let other = country(dice);
                let content = ApplicationContent {
                    lead_organization: Organization {
                        name: Some(format!("Org {}", dice.roll(30))),
                        country: Some(lead),
                    },
                    countries: vec![lead, other],
                    area: Some(AREAS[dice.roll(AREAS.len())].to_string()),
                    ..ApplicationContent::default()
                };
                let id = ApplicationId::parse(&format!("00000000-0000-4000-8000-{i:012}")).unwrap();
                (id, content)
            })
            .collect()
    }

    fn reviewers(dice: &mut Dice, n: usize) -> Vec<ReviewerProfile> {
        (0..n)
            .map(|i| ReviewerProfile {
                id: ReviewerId::parse(&format!("00000000-0000-4000-9000-{i:012}")).unwrap(),
                country: country(dice),
                organizations: vec![format!("Org {}", dice.roll(30))],
                areas: vec![AREAS[dice.roll(AREAS.len())].to_string()],
            })
            .collect()
    }

    fn borrow(cases: &[(ApplicationId, ApplicationContent)]) -> Vec<CaseToAssign<'_>> {
        cases
            .iter()
            .map(|(id, content)| CaseToAssign { id: *id, content })
            .collect()
    }

    fn loads(plan: &[(ApplicationId, ReviewerId)], reviewers: &[ReviewerProfile]) -> Vec<usize> {
        reviewers
            .iter()
            .map(|r| plan.iter().filter(|(_, x)| *x == r.id).count())
            .collect()
    }

    #[test]
    fn generated_rounds_have_no_conflict_k_reviewers_even_loads_and_the_same_plan_twice() {
        for seed in 0..20 {
            let mut dice = Dice(seed);
            let (n_cases, n_reviewers) = (60 + dice.roll(60), 20 + dice.roll(20));
            let cases = cases(&mut dice, n_cases);
            let reviewers = reviewers(&mut dice, n_reviewers);
            let rule = ConflictRule::InvolvedCountries;
            let plan = plan(rule, 3, &borrow(&cases), &reviewers, &[], &[], &[]);
            for (case, reviewer) in &plan.new {
                let content = &cases.iter().find(|(id, _)| id == case).unwrap().1;
                let profile = reviewers.iter().find(|r| r.id == *reviewer).unwrap();
                assert!(
                    !in_conflict(rule, profile, content),
                    "seed {seed}: a conflict"
                );
            }
            for (id, _) in &cases {
                let got = plan.new.iter().filter(|(c, _)| c == id).count();
                let short = plan.unassignable.iter().any(|u| u.application == *id);
                assert!(
                    got == 3 || short,
                    "seed {seed}: {got} reviewers and not reported"
                );
                let distinct: BTreeSet<_> = plan
                    .new
                    .iter()
                    .filter(|(c, _)| c == id)
                    .map(|p| p.1)
                    .collect();
                assert_eq!(
                    distinct.len(),
                    got,
                    "seed {seed}: a reviewer twice on one case"
                );
            }
            assert!(
                plan.unassignable.is_empty(),
                "seed {seed}: enough reviewers for all"
            );
            let l = loads(&plan.new, &reviewers);
            let (min, max) = (l.iter().min().unwrap(), l.iter().max().unwrap());
            assert!(max - min <= 1, "seed {seed}: loads {min}..{max}");
            let again = super::plan(rule, 3, &borrow(&cases), &reviewers, &[], &[], &[]);
            assert_eq!(again, plan, "seed {seed}: deterministic");
        }
    }

    #[test]
    fn running_again_only_fills_gaps_and_never_moves_a_case() {
        let mut dice = Dice(7);
        let cases = cases(&mut dice, 40);
        let mut reviewers = reviewers(&mut dice, 15);
        let rule = ConflictRule::InvolvedCountries;
        let first = plan(rule, 3, &borrow(&cases), &reviewers, &[], &[], &[]);
        let again = plan(rule, 3, &borrow(&cases), &reviewers, &first.new, &[], &[]);
        assert!(again.new.is_empty(), "nothing to fill: {:?}", again.new);
        // A reviewer declares a conflict on one case; a new reviewer joins.
        let declined = first.new[0];
        let kept: Vec<_> = first
            .new
            .iter()
            .copied()
            .filter(|p| *p != declined)
            .collect();
        reviewers.extend(super::tests::reviewers(&mut Dice(99), 1));
        let filled = plan(
            rule,
            3,
            &borrow(&cases),
            &reviewers,
            &kept,
            &[declined],
            &[],
        );
        assert_eq!(filled.new.len(), 1, "{:?}", filled.new);
        assert_eq!(filled.new[0].0, declined.0, "the gap is filled");
        assert_ne!(
            filled.new[0].1, declined.1,
            "not by the reviewer who declined"
        );
    }

    #[test]
    fn a_case_nobody_may_review_is_reported() {
        let mut dice = Dice(3);
        let cases = cases(&mut dice, 1);
        let lead = cases[0].1.lead_organization.country.unwrap();
        let only = ReviewerProfile {
            id: ReviewerId::random(),
            country: lead,
            organizations: vec!["Elsewhere".into()],
            areas: vec![],
        };
        let plan = plan(
            ConflictRule::LeadCountry,
            3,
            &borrow(&cases),
            &[only],
            &[],
            &[],
            &[],
        );
        assert!(plan.new.is_empty());
        assert_eq!(
            plan.unassignable,
            vec![Unassignable {
                application: cases[0].0,
                has: 0,
                wanted: 3
            }]
        );
    }

    #[test]
    fn a_later_round_prefers_reviewers_who_have_not_seen_the_case_and_says_when_it_cannot() {
        let mut dice = Dice(11);
        let cases = cases(&mut dice, 30);
        let reviewers = reviewers(&mut dice, 12);
        let rule = ConflictRule::InvolvedCountries;
        let first = plan(rule, 3, &borrow(&cases), &reviewers, &[], &[], &[]);
        // Round 2 on the same cases, knowing who reviewed them in round 1.
        let second = plan(rule, 3, &borrow(&cases), &reviewers, &[], &[], &first.new);
        for pair in &second.new {
            let others_free = reviewers.iter().filter(|r| r.id != pair.1).any(|r| {
                let content = &cases.iter().find(|(id, _)| *id == pair.0).unwrap().1;
                !in_conflict(rule, r, content)
                    && !first.new.contains(&(pair.0, r.id))
                    && !second.new.contains(&(pair.0, r.id))
            });
            if first.new.contains(pair) {
                assert!(
                    !others_free,
                    "{pair:?} repeated though someone new was free"
                );
                assert!(second.repeated.contains(pair));
            }
        }
        let repeats = second.new.iter().filter(|p| first.new.contains(p)).count();
        assert_eq!(repeats, second.repeated.len());
        // Without knowing round 1 the plan is the same as round 1's: all repeated.
        let blind = plan(rule, 3, &borrow(&cases), &reviewers, &[], &[], &[]);
        assert_eq!(blind.new, first.new);
        assert!(
            repeats < first.new.len() / 2,
            "{repeats} of {}",
            first.new.len()
        );

        // Three reviewers free of conflict with one case, two per case: round 2 takes the
        // one who has not seen it, then has to reuse one, and says so.
        let one = &borrow(&cases)[..1];
        let lead = one[0].content.lead_organization.country.unwrap();
        let three: Vec<ReviewerProfile> = reviewers
            .iter()
            .filter(|r| r.country != lead)
            .take(3)
            .map(|r| ReviewerProfile {
                organizations: vec!["Elsewhere".into()],
                ..r.clone()
            })
            .collect();
        let r1 = plan(ConflictRule::LeadCountry, 2, one, &three, &[], &[], &[]);
        assert_eq!(r1.new.len(), 2);
        let r2 = plan(ConflictRule::LeadCountry, 2, one, &three, &[], &[], &r1.new);
        assert_eq!(r2.new.len(), 2);
        assert!(!r1.new.contains(&r2.new[0]), "the fresh reviewer first");
        assert_eq!(r2.repeated, vec![r2.new[1]]);
        assert!(r1.new.contains(&r2.new[1]));
    }
}
