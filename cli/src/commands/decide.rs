//! `casebook admin rankings`, `decide`, `decisions` and `stats`: from a round's reviews
//! to the organizers' decisions, over the same service as the `/admin` routes. What a
//! command changes is recorded in the audit log under the organizer `--as` names.

use std::io::Write;

use casebook_core::decision::{AuditAction, DecisionInput, Outcome, RankBy};
use jiff::Timestamp;

use super::shared::{clip, decision_service, decision_service_as, explain_decision};
use crate::data_args::DataArgs;
use crate::words::say;
use casebook_core::lang::{list, msg, text};

#[derive(clap::Args)]
pub struct RankingsArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    round: u8,
    /// Which total orders the ranking: `normalized` (each reviewer's scores as
    /// z-scores, so harsh and lenient reviewers weigh the same) or `raw`.
    #[arg(long, default_value = "normalized")]
    by: String,
    /// The whole ranking as one JSON object.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// The ranking as CSV (UTF-8), one case a row.
    #[arg(long)]
    csv: bool,
}

#[derive(clap::Args)]
pub struct DecideArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    round: u8,
    /// Confirm the ranking's proposal for every case of the round.
    #[arg(long, conflicts_with_all = ["case", "decision"])]
    accept_proposal: bool,
    /// A case, by its reference (PC2024-0001) or application id; repeat it to give
    /// several cases the same decision (and reason).
    #[arg(long, requires = "decision")]
    case: Vec<String>,
    /// collected | outstanding | not_selected
    #[arg(long, requires = "case")]
    decision: Option<String>,
    /// Why (needed where the decision departs from the proposal; up to 1,000 characters;
    /// one reason for every --case).
    #[arg(long)]
    reason: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct DecisionsArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The whole audit log (closings, reopenings, every decision) instead of the
    /// decisions as they stand.
    #[arg(long)]
    log: bool,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

pub async fn rankings(
    args: RankingsArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let by = RankBy::parse(args.by.trim()).ok_or_else(|| anyhow::anyhow!(say!(CLI_RANK_BY)))?;
    let service = decision_service(&args.data, campaign, now).await?;
    let ranking = service
        .ranking(args.round, by)
        .await
        .map_err(explain_decision)?;
    let size = service.selection_size(args.round);
    let closed = service
        .is_closed(args.round)
        .await
        .map_err(explain_decision)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            casebook_admin::ranking_json(&ranking, size, closed)
        )?;
        return Ok(());
    }
    if args.csv {
        let criteria: Vec<String> = service
            .campaign()
            .criteria()
            .iter()
            .map(|c| c.id.clone())
            .collect();
        out.write_all(&casebook_admin::ranking_csv(&ranking, size, &criteria)?)?;
        return Ok(());
    }
    let proposal = ranking.proposal(size);
    let head = if closed {
        say!(
            CLI_RANKING_HEAD,
            round = ranking.round,
            by = by.as_str(),
            size = size
        )
    } else {
        say!(
            CLI_RANKING_HEAD_OPEN,
            round = ranking.round,
            by = by.as_str(),
            size = size
        )
    };
    writeln!(out, "{head}")?;
    writeln!(out, "  {}", say!(CLI_RANKING_COLUMNS))?;
    for c in &ranking.cases {
        let proposed = proposal.get(&c.application).map_or("", |o| o.as_str());
        writeln!(out, "{}", ranking_line(c, proposed))?;
    }
    Ok(())
}

/// A case's line of the ranking at the terminal, with its marks (tie, incomplete,
/// disagreement).
fn ranking_line(c: &casebook_core::decision::CaseRanking, proposed: &str) -> String {
    let flags: Vec<String> = [
        (c.tied, msg::CLI_RANKING_TIE),
        (!c.complete(), msg::CLI_RANKING_INCOMPLETE),
        (c.disagreement, msg::CLI_RANKING_DISAGREE),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, flag)| text(crate::words::lang(), flag))
    .collect();
    let flags = list(crate::words::lang(), &flags);
    format!(
        "  {:>3}  {:<14} {:>6} {:>6}  {:>3}/{:<3}  {:<12}  {}{}",
        c.position
            .map(|p| p.to_string())
            .unwrap_or_else(|| "-".into()),
        c.reference,
        c.total
            .map(|t| format!("{t:.2}"))
            .unwrap_or_else(|| "-".into()),
        c.normalized
            .map(|t| format!("{t:+.2}"))
            .unwrap_or_else(|| "-".into()),
        c.submitted,
        c.due,
        proposed,
        clip(&c.practice_name, 40),
        if flags.is_empty() {
            String::new()
        } else {
            format!("  ({flags})")
        }
    )
}

pub async fn decide(
    args: DecideArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let (service, by) = decision_service_as(&args.data, campaign, now, acting_as).await?;
    let inputs: Vec<DecisionInput> = if args.accept_proposal {
        service
            .proposed_decisions(args.round, args.reason.as_deref())
            .await
            .map_err(explain_decision)?
    } else {
        let ranking = service
            .ranking(args.round, RankBy::default())
            .await
            .map_err(explain_decision)?;
        let Some(decision) = args.decision.as_deref().filter(|_| !args.case.is_empty()) else {
            anyhow::bail!(say!(CLI_DECIDE_WHAT));
        };
        let decision = Outcome::parse(decision.trim()).ok_or_else(|| {
            let [a, b] = Outcome::of_round(args.round);
            anyhow::anyhow!(say!(
                CLI_DECIDE_WHICH,
                first = a.as_str(),
                second = b.as_str(),
                round = args.round
            ))
        })?;
        let mut inputs = Vec::with_capacity(args.case.len());
        for case in &args.case {
            let case = case.trim();
            let application = ranking
                .cases
                .iter()
                .find(|c| {
                    c.reference.eq_ignore_ascii_case(case) || c.application.to_string() == case
                })
                .map(|c| c.application)
                .ok_or_else(|| {
                    anyhow::anyhow!(say!(
                        CLI_DECIDE_NOT_A_CASE,
                        case = format!("{case:?}"),
                        round = args.round
                    ))
                })?;
            inputs.push(DecisionInput {
                application,
                decision,
                reason: args.reason.clone(),
            });
        }
        inputs
    };
    let kept = service
        .decide(args.round, &by, &inputs)
        .await
        .map_err(explain_decision)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for s in &kept {
            writeln!(out, "{}", casebook_admin::decision_json(s))?;
        }
    } else {
        let mut counts = std::collections::BTreeMap::new();
        for s in &kept {
            *counts.entry(s.decision.as_str()).or_insert(0) += 1;
        }
        let summary: Vec<String> = counts.iter().map(|(d, n)| format!("{n} {d}")).collect();
        let said = say!(
            CLI_DECIDED,
            round = args.round,
            count = kept.len(),
            summary = list(crate::words::lang(), &summary)
        );
        writeln!(out, "{said}")?;
    }
    Ok(())
}

pub async fn decisions(
    args: DecisionsArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let service = decision_service(&args.data, campaign, now).await?;
    let log = service.audit_log().await.map_err(explain_decision)?;
    let mut out = std::io::stdout().lock();
    if args.log {
        for e in &log {
            if args.json {
                writeln!(out, "{}", casebook_admin::audit_json(e))?;
            } else {
                writeln!(
                    out,
                    "{:.0}  {:<24} {}",
                    e.at,
                    clip(&e.by, 24),
                    describe(&e.action)
                )?;
            }
        }
        return Ok(());
    }
    if args.json {
        // The shape of GET /admin/decisions.
        writeln!(out, "{}", casebook_admin::decisions_json(&log))?;
        return Ok(());
    }
    let standing = casebook_admin::ordered_standings(&log);
    if standing.is_empty() {
        writeln!(out, "{}", say!(CLI_DECISIONS_NONE))?;
    }
    for s in &standing {
        {
            writeln!(
                out,
                "round {}  {:<14} {:<12}{}{}",
                s.round,
                s.reference,
                s.decision.as_str(),
                if s.decision != s.proposed {
                    format!(
                        " {}",
                        say!(CLI_DECISION_PROPOSED, proposed = s.proposed.as_str())
                    )
                } else {
                    String::new()
                },
                s.reason
                    .as_deref()
                    .map(|r| format!(": {}", clip(r, 80)))
                    .unwrap_or_default()
            )?;
        }
    }
    Ok(())
}

/// One audit line for the terminal.
fn describe(action: &AuditAction) -> String {
    use AuditAction as A;
    let name = |who: &str| clip(who, 60);
    match action {
        A::RoundClosed { round } => say!(CLI_AUDIT_ROUND_CLOSED, round = *round),
        A::RoundReopened { round, reason } => say!(
            CLI_AUDIT_ROUND_REOPENED,
            round = *round,
            reason = clip(reason, 80)
        ),
        A::Decided {
            round,
            reference,
            decision,
            reason,
            ..
        } => format!(
            "{}{}",
            say!(
                CLI_AUDIT_DECIDED,
                round = *round,
                reference = clip(reference, 20),
                decision = decision.as_str()
            ),
            reason
                .as_deref()
                .map(|r| format!(" ({})", clip(r, 80)))
                .unwrap_or_default()
        ),
        A::Announced {
            decided,
            mails_sent,
            chats_sent,
            failed,
        } => say!(
            CLI_AUDIT_ANNOUNCED,
            decided = *decided,
            mails = *mails_sent,
            chats = *chats_sent,
            failed = *failed
        ),
        A::RoundAssigned { round, assigned } => say!(
            CLI_AUDIT_ROUND_ASSIGNED,
            round = *round,
            assigned = *assigned
        ),
        A::Exported { format, rows } => {
            say!(
                CLI_AUDIT_EXPORTED,
                rows = *rows,
                format = format.to_string()
            )
        }
        A::Published { cases } => say!(CLI_AUDIT_PUBLISHED, cases = *cases),
        A::ReviewerAdded { reviewer } => say!(CLI_AUDIT_REVIEWER_ADDED, name = name(reviewer)),
        A::ReviewerRevoked { reviewer } => {
            say!(CLI_AUDIT_REVIEWER_REVOKED, name = name(reviewer))
        }
        A::ReviewerLinkSent {
            reviewer,
            reinstated: false,
        } => say!(CLI_AUDIT_REVIEWER_LINK, name = name(reviewer)),
        A::ReviewerLinkSent {
            reviewer,
            reinstated: true,
        } => say!(CLI_AUDIT_REVIEWER_REINSTATED, name = name(reviewer)),
        A::ReviewersCarried { from, carried } => say!(
            CLI_AUDIT_REVIEWERS_CARRIED,
            carried = *carried,
            from = *from
        ),
        A::OrganizerAdded {
            organizer,
            first: false,
        } => say!(CLI_AUDIT_ORGANIZER_ADDED, name = name(organizer)),
        A::OrganizerAdded {
            organizer,
            first: true,
        } => say!(CLI_AUDIT_FIRST_ORGANIZER_ADDED, name = name(organizer)),
        A::OrganizerRevoked { organizer } => {
            say!(CLI_AUDIT_ORGANIZER_REVOKED, name = name(organizer))
        }
        A::OrganizerLinkSent {
            organizer,
            reinstated: false,
        } => say!(CLI_AUDIT_ORGANIZER_LINK, name = name(organizer)),
        A::OrganizerLinkSent {
            organizer,
            reinstated: true,
        } => say!(CLI_AUDIT_ORGANIZER_REINSTATED, name = name(organizer)),
    }
}

pub async fn stats(
    args: StatsArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let service = decision_service(&args.data, campaign, now).await?;
    let stats = service.stats().await.map_err(explain_decision)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", casebook_admin::stats_json(&stats))?;
        return Ok(());
    }
    let line = |m: &std::collections::BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let said = say!(
        CLI_STATS_DEADLINE,
        deadline = stats.deadline.to_string(),
        days = stats.days_left
    );
    writeln!(out, "{said}")?;
    let busiest = stats
        .submitted_per_day
        .iter()
        .max_by_key(|(day, n)| (**n, *day));
    if let Some((day, n)) = busiest {
        let said = say!(
            CLI_STATS_BUSIEST,
            days = stats.submitted_per_day.len(),
            day = day.to_string(),
            count = *n
        );
        writeln!(out, "{said}")?;
    }
    writeln!(
        out,
        "{}",
        say!(CLI_STATS_BY_STATUS, counts = line(&stats.by_status))
    )?;
    writeln!(
        out,
        "{}",
        say!(CLI_STATS_BY_AREA, counts = line(&stats.by_area))
    )?;
    let mut countries: Vec<(&String, &usize)> = stats.by_country.iter().collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let said = say!(
        CLI_STATS_COUNTRIES,
        count = countries.len(),
        counts = countries
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    writeln!(out, "{said}")?;
    writeln!(out, "{}", say!(CLI_STATS_COLLECTORS))?;
    if stats.collectors.is_empty() {
        writeln!(out, "  {}", say!(CLI_STATS_NO_COLLECTORS))?;
    }
    for c in &stats.collectors {
        let said = say!(
            CLI_STATS_COLLECTOR,
            credited = c.credited,
            collected = c.collected,
            outstanding = c.outstanding
        );
        writeln!(out, "  {:<40} {said}", clip(&c.name, 40))?;
    }
    Ok(())
}
