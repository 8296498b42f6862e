//! The organizers' export: one row per application (drafts left out) with what it says,
//! its status and decisions, and per round every submitted review (reviewer, each
//! criterion's score, the comment), the round's totals and decision. As a table of
//! cells, written as CSV or XLSX by the front ends.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::application::{Application, ApplicationId, Status};
use casebook_domain::review::{CaseReview, ReviewerId};

use super::AuditAction;
use super::ranking::RankBy;
use super::service::DecisionService;
use super::{DecisionError, Outcome, Standing, final_outcomes, standings};

/// One cell: text, or a number spreadsheets can sort and sum.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// An instant: RFC 3339 in CSV, a date and time in a spreadsheet.
    Time(Timestamp),
    Empty,
}

impl Cell {
    /// As CSV writes it.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => {
                if n.fract() == 0.0 {
                    format!("{n:.0}")
                } else {
                    format!("{n:.3}")
                }
            }
            Cell::Time(t) => t.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    let s = s.into();
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl DecisionService {
    /// The export table, recorded in the audit log as exported by `by` as `format`
    /// (csv or xlsx); `progress(done, total)` after each application.
    pub async fn export(
        &self,
        by: &str,
        format: &str,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<Table, DecisionError> {
        let table = self.export_table(progress).await?;
        self.record(
            by,
            AuditAction::Exported {
                format: format.to_string(),
                rows: table.rows.len(),
            },
        )
        .await?;
        Ok(table)
    }

    async fn export_table(
        &self,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<Table, DecisionError> {
        let campaign = self.campaign();
        let mut apps: Vec<_> = self
            .applications
            .list_applications(campaign.year(), None)
            .await?
            .into_iter()
            .filter(|a| a.status != Status::Draft)
            .collect();
        apps.sort_by_cached_key(|a| (a.reference.as_ref().map(|r| r.as_str().to_string()), a.id));
        let names: BTreeMap<ReviewerId, String> = self
            .reviewers
            .list_reviewers()
            .await?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
        let log = self.audit.entries().await?;
        let standing: BTreeMap<(u8, ApplicationId), Standing> = standings(&log)
            .into_iter()
            .map(|s| ((s.round, s.application), s))
            .collect();
        let outcomes = final_outcomes(&standing.values().cloned().collect::<Vec<_>>());
        let criteria: Vec<String> = campaign.criteria().iter().map(|c| c.id.clone()).collect();
        let year_ids: std::collections::HashSet<ApplicationId> =
            apps.iter().map(|a| a.id).collect();
        let rounds = self.round_columns(&names, &year_ids).await?;
        let header = header(&rounds, &criteria);
        let total = apps.len();
        let mut rows = Vec::with_capacity(total);
        for (done, app) in apps.iter().enumerate() {
            let mut row = application_cells(app, outcomes.get(&app.id).copied());
            for round in &rounds {
                let decided = standing.get(&(round.number, app.id));
                round.cells(app.id, decided, &names, &criteria, &mut row);
            }
            rows.push(row);
            progress(done + 1, total);
        }
        Ok(Table { header, rows })
    }

    /// Per round: the submitted reviews of this year's cases (`year_ids`) by case (by
    /// reviewer name), and the ranking's totals.
    async fn round_columns(
        &self,
        names: &BTreeMap<ReviewerId, String>,
        year_ids: &std::collections::HashSet<ApplicationId>,
    ) -> Result<Vec<RoundColumns>, DecisionError> {
        let mut rounds = Vec::new();
        for round in self.campaign().review_rounds() {
            let mut reviews: BTreeMap<ApplicationId, Vec<CaseReview>> = BTreeMap::new();
            for r in self.reviews.list_round_reviews(round.number).await? {
                if r.submitted && year_ids.contains(&r.application) {
                    reviews.entry(r.application).or_default().push(r);
                }
            }
            for list in reviews.values_mut() {
                list.sort_by_cached_key(|r| names.get(&r.reviewer).cloned().unwrap_or_default());
            }
            let ranking = self.ranking(round.number, RankBy::default()).await?;
            let totals = ranking
                .cases
                .iter()
                .map(|c| (c.application, (c.total, c.normalized)))
                .collect();
            let slots = reviews.values().map(Vec::len).max().unwrap_or(0);
            rounds.push(RoundColumns {
                number: round.number,
                reviews,
                totals,
                slots,
            });
        }
        Ok(rounds)
    }
}

/// A round's part of the table: its totals, its decision, and a group of columns per
/// review (as many groups as the case with the most reviews).
struct RoundColumns {
    number: u8,
    reviews: BTreeMap<ApplicationId, Vec<CaseReview>>,
    totals: BTreeMap<ApplicationId, (Option<f64>, Option<f64>)>,
    slots: usize,
}

impl RoundColumns {
    /// The round's cells of one application's row.
    fn cells(
        &self,
        app: ApplicationId,
        decided: Option<&Standing>,
        names: &BTreeMap<ReviewerId, String>,
        criteria: &[String],
        row: &mut Vec<Cell>,
    ) {
        let (total, normalized) = self.totals.get(&app).copied().unwrap_or((None, None));
        row.extend([
            total.map_or(Cell::Empty, Cell::Number),
            normalized.map_or(Cell::Empty, Cell::Number),
            text(decided.map(|s| s.decision.as_str()).unwrap_or("")),
            text(decided.and_then(|s| s.reason.clone()).unwrap_or_default()),
        ]);
        let reviews = self.reviews.get(&app);
        for k in 0..self.slots {
            let Some(r) = reviews.and_then(|list| list.get(k)) else {
                row.extend((0..criteria.len() + 2).map(|_| Cell::Empty));
                continue;
            };
            row.push(text(
                names
                    .get(&r.reviewer)
                    .cloned()
                    .unwrap_or_else(|| r.reviewer.to_string()),
            ));
            for criterion in criteria {
                row.push(
                    r.scores
                        .get(criterion)
                        .map_or(Cell::Empty, |s| Cell::Number(f64::from(*s))),
                );
            }
            row.push(text(r.comment.clone()));
        }
    }
}

/// The table's header: the application's columns, then each round's.
fn header(rounds: &[RoundColumns], criteria: &[String]) -> Vec<String> {
    let mut header: Vec<String> = [
        "reference",
        "practice_name",
        "lead_organization",
        "lead_country",
        "partners",
        "countries",
        "country_count",
        "area",
        "collecting_organization",
        "status",
        "outcome",
        "submitted_at",
    ]
    .map(String::from)
    .to_vec();
    for round in rounds {
        let r = round.number;
        header.extend([
            format!("round{r}_total"),
            format!("round{r}_normalized"),
            format!("round{r}_decision"),
            format!("round{r}_reason"),
        ]);
        for k in 1..=round.slots {
            header.push(format!("round{r}_reviewer{k}"));
            header.extend(criteria.iter().map(|c| format!("round{r}_reviewer{k}_{c}")));
            header.push(format!("round{r}_reviewer{k}_comment"));
        }
    }
    header
}

/// The application's own cells of its row.
fn application_cells(app: &Application, outcome: Option<Outcome>) -> Vec<Cell> {
    let c = &app.content;
    let partners: Vec<String> = c
        .partners
        .iter()
        .map(|p| {
            let name = p.name.clone().unwrap_or_default();
            match p.country {
                Some(code) => format!("{name} ({})", code.as_str()),
                None => name,
            }
        })
        .collect();
    let countries: Vec<&str> = c.countries.iter().map(|x| x.as_str()).collect();
    vec![
        text(app.reference.as_ref().map(|r| r.as_str()).unwrap_or("")),
        text(c.practice_name.clone().unwrap_or_default()),
        text(c.lead_organization.name.clone().unwrap_or_default()),
        text(
            c.lead_organization
                .country
                .as_ref()
                .map_or("", |x| x.as_str()),
        ),
        text(partners.join("; ")),
        text(countries.join(", ")),
        Cell::Number(c.countries.len() as f64),
        text(c.area.clone().unwrap_or_default()),
        text(c.collecting_organization.clone().unwrap_or_default()),
        text(app.status.as_str()),
        text(outcome.map(|o| o.as_str()).unwrap_or("")),
        app.submitted_at.map_or(Cell::Empty, Cell::Time),
    ]
}
