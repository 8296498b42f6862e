//! The year's reminder milestones, worked out from the campaign file alone: which are due
//! on a given day. A milestone is due on its day and the day after (a run that failed or
//! was late still sends it), never later: a job that was down for a week does not flood.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::campaign::{Campaign, ReviewRound};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneKind {
    /// Unsubmitted drafts with a contact e-mail, `days_before` the deadline.
    DraftNudge { days_before: u16 },
    /// The organizers' digest of the call.
    CallDigest,
    /// Reviewers with pending reviews in `round`: when it opens (`None`), or
    /// `days_before` it closes.
    ReviewerNudge { round: u8, days_before: Option<u16> },
    /// The organizers' digest of a round's progress.
    RoundDigest { round: u8 },
}

/// One reminder date of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    /// Stable and unique: part of every once-only key (`drafts:T-14`, `digest:2024-06-03`).
    pub id: String,
    pub day: Date,
    pub kind: MilestoneKind,
}

/// Every milestone of the campaign's year, in day order.
pub fn milestones(campaign: &Campaign) -> Vec<Milestone> {
    let r = campaign.reminders();
    let deadline = campaign.application_deadline();
    let mut all = Vec::new();
    for &days in &r.applicant_days_before {
        if let Ok(day) = deadline.checked_sub(i64::from(days).days()) {
            all.push(Milestone {
                id: format!("drafts:T-{days}"),
                day,
                kind: MilestoneKind::DraftNudge { days_before: days },
            });
        }
    }
    // The call's digest: weekly while it is open, daily in its last days.
    let weekday = r.digest_day.weekday();
    let daily_from = deadline
        .checked_sub(i64::from(r.daily_digest_days.saturating_sub(1)).days())
        .unwrap_or(deadline);
    let mut day = campaign.opens_on();
    while day <= deadline {
        let daily = r.daily_digest_days > 0 && day >= daily_from;
        if daily || day.weekday() == weekday {
            all.push(Milestone {
                id: format!("digest:{day}"),
                day,
                kind: MilestoneKind::CallDigest,
            });
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    for round in campaign.review_rounds() {
        all.extend(round_milestones(
            round,
            &r.reviewer_days_before_close,
            weekday,
        ));
    }
    all.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.id.cmp(&b.id)));
    all
}

/// A review round's milestones: its opening and closing nudges to reviewers, and its
/// progress for the organizers weekly while it runs and the day after it ends.
fn round_milestones(
    round: &ReviewRound,
    days_before_close: &[u16],
    weekday: jiff::civil::Weekday,
) -> Vec<Milestone> {
    let mut all = Vec::new();
    let number = round.number;
    all.push(Milestone {
        id: format!("reviewers:r{number}:open"),
        day: round.starts,
        kind: MilestoneKind::ReviewerNudge {
            round: number,
            days_before: None,
        },
    });
    for &days in days_before_close {
        if let Ok(day) = round.ends.checked_sub(i64::from(days).days())
            && day >= round.starts
        {
            all.push(Milestone {
                id: format!("reviewers:r{number}:T-{days}"),
                day,
                kind: MilestoneKind::ReviewerNudge {
                    round: number,
                    days_before: Some(days),
                },
            });
        }
    }
    // The round's progress: weekly while it runs, and the day after it ends.
    let mut day = round.starts;
    while day <= round.ends {
        if day.weekday() == weekday {
            all.push(Milestone {
                id: format!("round-digest:r{number}:{day}"),
                day,
                kind: MilestoneKind::RoundDigest { round: number },
            });
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    if let Ok(after) = round.ends.tomorrow() {
        all.push(Milestone {
            id: format!("round-digest:r{number}:{after}"),
            day: after,
            kind: MilestoneKind::RoundDigest { round: number },
        });
    }
    all
}

/// The milestones due on `today` (in the campaign's time zone): today's, and
/// yesterday's for a run that is late. Of two digests of the same kind only the newer
/// is due: it says all the older would.
pub fn due(campaign: &Campaign, today: Date) -> Vec<Milestone> {
    let yesterday = today.yesterday().unwrap_or(today);
    let mut due: Vec<Milestone> = milestones(campaign)
        .into_iter()
        .filter(|m| m.day == today || m.day == yesterday)
        .collect();
    let superseded = |m: &Milestone, all: &[Milestone]| {
        let digest = matches!(
            m.kind,
            MilestoneKind::CallDigest | MilestoneKind::RoundDigest { .. }
        );
        digest && all.iter().any(|n| n.kind == m.kind && n.day > m.day)
    };
    let snapshot = due.clone();
    due.retain(|m| !superseded(m, &snapshot));
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn ids(list: &[Milestone]) -> Vec<&str> {
        list.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn the_2024_call_nudges_drafts_14_3_and_1_days_before_the_deadline() {
        let c = Campaign::builtin();
        let all = milestones(&c);
        let drafts: Vec<_> = all
            .iter()
            .filter(|m| matches!(m.kind, MilestoneKind::DraftNudge { .. }))
            .map(|m| (m.id.as_str(), m.day))
            .collect();
        assert_eq!(
            drafts,
            [
                ("drafts:T-14", day("2024-06-06")),
                ("drafts:T-3", day("2024-06-17")),
                ("drafts:T-1", day("2024-06-19")),
            ]
        );
    }

    #[test]
    fn digests_are_weekly_then_daily_in_the_last_week() {
        let c = Campaign::builtin();
        let digests: Vec<Date> = milestones(&c)
            .into_iter()
            .filter(|m| m.kind == MilestoneKind::CallDigest)
            .map(|m| m.day)
            .collect();
        // 2024-04-15 is the first Monday after the call opened on 9 April (a Tuesday).
        assert_eq!(digests[0], day("2024-04-15"));
        assert!(digests.iter().all(|d| *d <= day("2024-06-20")));
        for d in [
            "2024-06-14",
            "2024-06-15",
            "2024-06-16",
            "2024-06-19",
            "2024-06-20",
        ] {
            assert!(digests.contains(&day(d)), "{d} daily");
        }
        assert!(
            !digests.contains(&day("2024-06-12")),
            "a Wednesday before the last week"
        );
        assert!(digests.contains(&day("2024-06-10")), "a Monday");
    }

    #[test]
    fn reviewers_hear_when_a_round_opens_and_before_it_closes() {
        let c = Campaign::builtin();
        let july = due(&c, day("2024-07-01"));
        assert!(ids(&july).contains(&"reviewers:r1:open"), "{july:?}");
        assert!(ids(&due(&c, day("2024-07-24"))).contains(&"reviewers:r1:T-7"));
        assert!(ids(&due(&c, day("2024-07-29"))).contains(&"reviewers:r1:T-2"));
        assert!(ids(&due(&c, day("2024-08-01"))).contains(&"round-digest:r1:2024-08-01"));
    }

    #[test]
    fn of_two_digests_due_only_the_newer_is_sent() {
        let c = Campaign::builtin();
        let due = due(&c, day("2024-06-17"));
        let digests: Vec<_> = due
            .iter()
            .filter(|m| m.kind == MilestoneKind::CallDigest)
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(digests, ["digest:2024-06-17"]);
    }

    #[test]
    fn a_milestone_is_due_on_its_day_and_the_next_never_later() {
        let c = Campaign::builtin();
        assert!(ids(&due(&c, day("2024-06-06"))).contains(&"drafts:T-14"));
        assert!(ids(&due(&c, day("2024-06-07"))).contains(&"drafts:T-14"));
        assert!(!ids(&due(&c, day("2024-06-08"))).contains(&"drafts:T-14"));
        // A week after the deadline nothing of the call is due.
        let late = due(&c, day("2024-06-27"));
        assert!(
            late.iter().all(|m| !matches!(
                m.kind,
                MilestoneKind::DraftNudge { .. } | MilestoneKind::CallDigest
            )),
            "{late:?}"
        );
    }
}
