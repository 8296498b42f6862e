//! What the organizer routes answer (and `casebook admin … --json` prints): typed, so
//! the OpenAPI document describes exactly what is written.

use std::collections::BTreeMap;

use casebook_core::Lang;
use casebook_core::decision::{
    AnnounceReport, AuditAction, AuditEntry, CaseRanking, Outcome, Ranking, RoundClosing,
};
use casebook_core::decision::{Standing, Stats};
use casebook_core::review::{AssignmentReport, ReviewerStanding, RoundProgress};
use serde::Serialize;
use utoipa::ToSchema;

/// Three decimals: enough to tell cases apart, short enough to read.
fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[derive(Serialize, ToSchema)]
pub struct MinMax {
    min: usize,
    max: usize,
}

#[derive(Serialize, ToSchema)]
pub struct UnassignableView<'a> {
    #[schema(format = "uuid")]
    application_id: String,
    reference: &'a str,
    /// Why, in the caller's language.
    reason: String,
}

/// A case given to a reviewer who reviewed it in an earlier round (too few others free).
#[derive(Serialize, ToSchema)]
pub struct RepeatedView<'a> {
    #[schema(format = "uuid")]
    application_id: String,
    reference: &'a str,
    #[schema(format = "uuid")]
    reviewer_id: String,
    reviewer_name: &'a str,
}

/// An assignment run.
#[derive(Serialize, ToSchema)]
pub struct AssignmentView<'a> {
    round: u8,
    /// Assignments made by this run.
    assigned: usize,
    per_reviewer: MinMax,
    unassignable: Vec<UnassignableView<'a>>,
    /// A warning: new assignments whose reviewer reviewed the case in an earlier round.
    repeated: Vec<RepeatedView<'a>>,
    mails_sent: usize,
}

impl<'a> AssignmentView<'a> {
    pub fn new(report: &'a AssignmentReport, lang: Lang) -> Self {
        AssignmentView {
            round: report.round,
            assigned: report.assigned,
            per_reviewer: MinMax {
                min: report.per_reviewer_min,
                max: report.per_reviewer_max,
            },
            unassignable: report
                .unassignable
                .iter()
                .map(|u| UnassignableView {
                    application_id: u.application.to_string(),
                    reference: &u.reference,
                    reason: u.reason(lang),
                })
                .collect(),
            repeated: report
                .repeated
                .iter()
                .map(|r| RepeatedView {
                    application_id: r.application.to_string(),
                    reference: &r.reference,
                    reviewer_id: r.reviewer.to_string(),
                    reviewer_name: &r.reviewer_name,
                })
                .collect(),
            mails_sent: report.mails_sent,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DoneDue {
    done: usize,
    due: usize,
}

#[derive(Serialize, ToSchema)]
pub struct CaseProgressView<'a> {
    #[schema(format = "uuid")]
    application_id: String,
    reference: &'a str,
    practice_name: &'a str,
    done: usize,
    due: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ReviewerProgressView<'a> {
    #[schema(format = "uuid")]
    id: String,
    name: &'a str,
    done: usize,
    assigned: usize,
}

/// A round's progress: per case the reviews done and due, per reviewer done and assigned.
#[derive(Serialize, ToSchema)]
pub struct ProgressView<'a> {
    round: u8,
    reviews: DoneDue,
    cases: Vec<CaseProgressView<'a>>,
    reviewers: Vec<ReviewerProgressView<'a>>,
}

impl<'a> ProgressView<'a> {
    pub fn new(progress: &'a RoundProgress) -> Self {
        ProgressView {
            round: progress.round,
            reviews: DoneDue {
                done: progress.cases.iter().map(|c| c.done).sum(),
                due: progress.cases.iter().map(|c| c.due).sum(),
            },
            cases: progress
                .cases
                .iter()
                .map(|c| CaseProgressView {
                    application_id: c.application.to_string(),
                    reference: &c.reference,
                    practice_name: &c.practice_name,
                    done: c.done,
                    due: c.due,
                })
                .collect(),
            reviewers: progress
                .reviewers
                .iter()
                .map(|r| ReviewerProgressView {
                    id: r.reviewer.to_string(),
                    name: &r.name,
                    done: r.done,
                    assigned: r.assigned,
                })
                .collect(),
        }
    }
}

/// A registered reviewer with their load.
#[derive(Serialize, ToSchema)]
pub struct ReviewerView<'a> {
    #[schema(format = "uuid")]
    id: String,
    name: &'a str,
    #[schema(format = Email)]
    email: &'a str,
    #[schema(pattern = "^[A-Z]{2}$")]
    country: &'a str,
    organization: &'a str,
    /// Further organizations the reviewer must not review.
    excluded_organizations: &'a [String],
    areas: &'a [String],
    revoked: bool,
    assigned: usize,
    submitted: usize,
}

impl<'a> ReviewerView<'a> {
    pub fn new(s: &'a ReviewerStanding) -> Self {
        let r = &s.reviewer;
        ReviewerView {
            id: r.id.to_string(),
            name: &r.name,
            email: r.email.as_str(),
            country: r.country.as_str(),
            organization: &r.organization,
            excluded_organizations: &r.excluded_organizations,
            areas: &r.areas,
            revoked: r.revoked,
            assigned: s.assigned,
            submitted: s.submitted,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReviewersView<'a> {
    reviewers: Vec<ReviewerView<'a>>,
}

impl<'a> ReviewersView<'a> {
    pub fn new(standings: &'a [ReviewerStanding]) -> Self {
        ReviewersView {
            reviewers: standings.iter().map(ReviewerView::new).collect(),
        }
    }
}

/// Whether a round is closed, and who last changed that.
#[derive(Serialize, ToSchema)]
pub struct ClosingView<'a> {
    round: u8,
    closed: bool,
    #[schema(format = DateTime)]
    changed_at: String,
    changed_by: &'a str,
}

impl<'a> ClosingView<'a> {
    pub fn new(c: &'a RoundClosing) -> Self {
        ClosingView {
            round: c.round,
            closed: c.closed,
            changed_at: c.changed_at.to_string(),
            changed_by: &c.changed_by,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReviewCount {
    submitted: usize,
    due: usize,
}

/// A case's place in a round's ranking.
#[derive(Serialize, ToSchema)]
pub struct CaseRankingView<'a> {
    /// Its place; none while its reviews are incomplete.
    position: Option<usize>,
    tied: bool,
    #[schema(format = "uuid")]
    application_id: String,
    reference: &'a str,
    practice_name: &'a str,
    /// The campaign's area id.
    area: Option<&'a str>,
    /// The mean score per criterion.
    means: BTreeMap<&'a str, f64>,
    total: Option<f64>,
    normalized: Option<f64>,
    reviews: ReviewCount,
    complete: bool,
    spread: Option<f64>,
    disagreement: bool,
    proposed: Outcome,
}

impl<'a> CaseRankingView<'a> {
    fn new(c: &'a CaseRanking, proposed: Outcome) -> Self {
        CaseRankingView {
            position: c.position,
            tied: c.tied,
            application_id: c.application.to_string(),
            reference: &c.reference,
            practice_name: &c.practice_name,
            area: c.area.as_deref(),
            means: c
                .means
                .iter()
                .map(|(k, v)| (k.as_str(), rounded(*v)))
                .collect(),
            total: c.total.map(rounded),
            normalized: c.normalized.map(rounded),
            reviews: ReviewCount {
                submitted: c.submitted,
                due: c.due,
            },
            complete: c.complete(),
            spread: c.spread.map(rounded),
            disagreement: c.disagreement,
            proposed,
        }
    }
}

/// A round's ranking with what it proposes.
#[derive(Serialize, ToSchema)]
pub struct RankingView<'a> {
    round: u8,
    /// `normalized` (z-scores per reviewer) or `raw`.
    by: &'static str,
    closed: bool,
    selection_size: usize,
    cases: Vec<CaseRankingView<'a>>,
    /// The campaign's criteria (the keys of `means`), in order, with their names.
    #[serde(skip_serializing_if = "Option::is_none")]
    criteria: Option<Vec<NamedView<'a>>>,
    /// The campaign's areas (the values of `area`), in order, with their names.
    #[serde(skip_serializing_if = "Option::is_none")]
    areas: Option<Vec<NamedView<'a>>>,
}

/// A campaign id with its name in each of the six languages (English where the campaign
/// file gives none).
#[derive(Serialize, ToSchema)]
pub struct NamedView<'a> {
    id: &'a str,
    en: &'a str,
    zh: &'a str,
    ar: &'a str,
    fr: &'a str,
    ru: &'a str,
    es: &'a str,
}

impl<'a> NamedView<'a> {
    fn new(id: &'a str, name: &'a casebook_core::campaign::Localized) -> Self {
        use casebook_core::Lang;
        NamedView {
            id,
            en: name.get(Lang::En),
            zh: name.get(Lang::Zh),
            ar: name.get(Lang::Ar),
            fr: name.get(Lang::Fr),
            ru: name.get(Lang::Ru),
            es: name.get(Lang::Es),
        }
    }
}

impl<'a> RankingView<'a> {
    /// With the names of the campaign's criteria and areas, for a page to show.
    pub fn with_names(mut self, campaign: &'a casebook_core::Campaign) -> Self {
        self.criteria = Some(
            campaign
                .criteria()
                .iter()
                .map(|c| NamedView::new(&c.id, &c.title))
                .collect(),
        );
        self.areas = Some(area_names(campaign));
        self
    }

    pub fn new(ranking: &'a Ranking, size: usize, closed: bool) -> Self {
        let proposal = ranking.proposal(size);
        RankingView {
            round: ranking.round,
            by: ranking.by.as_str(),
            closed,
            selection_size: size,
            cases: ranking
                .cases
                .iter()
                .map(|c| {
                    let proposed = proposal
                        .get(&c.application)
                        .copied()
                        .unwrap_or(Outcome::NotSelected);
                    CaseRankingView::new(c, proposed)
                })
                .collect(),
            criteria: None,
            areas: None,
        }
    }
}

/// A case's decision as it stands.
#[derive(Serialize, ToSchema)]
pub struct DecisionView<'a> {
    round: u8,
    #[schema(format = "uuid")]
    application_id: String,
    reference: &'a str,
    decision: Outcome,
    proposed: Outcome,
    /// Whether the decision departs from the proposal (then with a reason).
    departs: bool,
    reason: Option<&'a str>,
    by: &'a str,
    #[schema(format = DateTime)]
    at: String,
}

impl<'a> DecisionView<'a> {
    pub fn new(s: &'a Standing) -> Self {
        DecisionView {
            round: s.round,
            application_id: s.application.to_string(),
            reference: &s.reference,
            decision: s.decision,
            proposed: s.proposed,
            departs: s.decision != s.proposed,
            reason: s.reason.as_deref(),
            by: &s.by,
            at: s.at.to_string(),
        }
    }
}

/// One entry of the audit log, flat: when, who, and the action with its own fields.
#[derive(Serialize, ToSchema)]
pub struct AuditView<'a> {
    #[schema(format = DateTime)]
    at: String,
    by: &'a str,
    #[serde(flatten)]
    action: &'a AuditAction,
}

impl<'a> AuditView<'a> {
    pub fn new(e: &'a AuditEntry) -> Self {
        AuditView {
            at: e.at.to_string(),
            by: &e.by,
            action: &e.action,
        }
    }
}

/// The decisions just recorded.
#[derive(Serialize, ToSchema)]
pub struct DecidedView<'a> {
    pub decisions: Vec<DecisionView<'a>>,
}

/// Every decision as it stands, and the audit log in the order things were done.
#[derive(Serialize, ToSchema)]
pub struct DecisionsView<'a> {
    pub decisions: Vec<DecisionView<'a>>,
    pub log: Vec<AuditView<'a>>,
}

#[derive(Serialize, ToSchema)]
pub struct CollectorView<'a> {
    name: &'a str,
    credited: usize,
    collected: usize,
    outstanding: usize,
}

/// The call's figures and the collecting organizations' board.
#[derive(Serialize, ToSchema)]
pub struct StatsView<'a> {
    by_status: &'a BTreeMap<String, usize>,
    by_area: &'a BTreeMap<String, usize>,
    by_country: &'a BTreeMap<String, usize>,
    collectors: Vec<CollectorView<'a>>,
    /// Submissions per day (the call's time zone), oldest first; days without none left out.
    submitted_per_day: Vec<DayCount>,
    /// The call's last day.
    #[schema(value_type = String, format = Date, example = "2024-06-20")]
    deadline: String,
    /// Days from today to the deadline, both included; 0 once it has passed.
    days_left: i64,
    /// The campaign's areas (the keys of `by_area`) with their names, for a page to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    areas: Option<Vec<NamedView<'a>>>,
}

/// How many submissions a day saw.
#[derive(Serialize, ToSchema)]
pub struct DayCount {
    #[schema(format = Date, example = "2024-06-19")]
    day: String,
    count: usize,
}

impl<'a> StatsView<'a> {
    pub fn new(stats: &'a Stats) -> Self {
        StatsView {
            by_status: &stats.by_status,
            by_area: &stats.by_area,
            by_country: &stats.by_country,
            collectors: stats
                .collectors
                .iter()
                .map(|c| CollectorView {
                    name: &c.name,
                    credited: c.credited,
                    collected: c.collected,
                    outstanding: c.outstanding,
                })
                .collect(),
            submitted_per_day: stats
                .submitted_per_day
                .iter()
                .map(|(day, count)| DayCount {
                    day: day.to_string(),
                    count: *count,
                })
                .collect(),
            deadline: stats.deadline.to_string(),
            days_left: stats.days_left,
            areas: None,
        }
    }

    /// With the names of the campaign's areas.
    pub fn with_names(mut self, campaign: &'a casebook_core::Campaign) -> Self {
        self.areas = Some(area_names(campaign));
        self
    }
}

fn area_names(campaign: &casebook_core::Campaign) -> Vec<NamedView<'_>> {
    campaign
        .areas()
        .iter()
        .map(|a| NamedView::new(&a.id, &a.name))
        .collect()
}

/// An announce run: what was sent, what was sent before, what failed.
#[derive(Serialize, ToSchema)]
pub struct AnnounceView<'a> {
    decided: usize,
    mails_sent: usize,
    chats_sent: usize,
    already_sent: usize,
    /// References whose message failed (tried again at the next run).
    failed: &'a [String],
    undecided: usize,
}

impl<'a> AnnounceView<'a> {
    pub fn new(r: &'a AnnounceReport) -> Self {
        AnnounceView {
            decided: r.decided,
            mails_sent: r.mails_sent,
            chats_sent: r.chats_sent,
            already_sent: r.already_sent,
            failed: &r.failed,
            undecided: r.undecided,
        }
    }
}
