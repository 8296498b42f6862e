//! `casebook admin rounds close|reopen`, `rankings`, `decide`, `decisions`, `stats`,
//! `announce` and `export`: from a round's reviews to the organizers' decisions, over the
//! same service as the `/admin` routes. What a command changes is recorded in the audit
//! log under the organizer `--as` names.

use std::io::Write;
use std::path::PathBuf;

use casebook_core::decision::DecisionError;
use casebook_core::decision::{AuditAction, DecisionInput, DecisionService, Outcome, RankBy};
use jiff::Timestamp;

use super::shared::{acting_name, clip, open, progress_bar};
use crate::data_args::DataArgs;

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

async fn service(
    data: &DataArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
) -> anyhow::Result<DecisionService> {
    Ok(open(&data.settings(campaign, now)).await?.decisions())
}

/// The service, and who acts (`--as`, checked against the organizers' registry).
async fn service_as(
    data: &DataArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<(DecisionService, String)> {
    let deps = open(&data.settings(campaign, now)).await?;
    let by = acting_name(&deps, acting_as).await?;
    Ok((deps.decisions(), by))
}

/// [`super::shared::explain`] for a decision error.
fn explain(e: DecisionError) -> anyhow::Error {
    super::shared::explain(e.into(), super::shared::Registry::Reviewers)
}

pub async fn rankings(
    args: RankingsArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let by = RankBy::parse(args.by.trim())
        .ok_or_else(|| anyhow::anyhow!("--by: use normalized (the default) or raw"))?;
    let service = service(&args.data, campaign, now).await?;
    let ranking = service.ranking(args.round, by).await.map_err(explain)?;
    let size = service.selection_size(args.round);
    let closed = service.is_closed(args.round).await.map_err(explain)?;
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
    writeln!(
        out,
        "Round {} ranked by the {} total{}; the first {size} are proposed.",
        ranking.round,
        by.as_str(),
        if closed {
            ""
        } else {
            " (the round is open: reviews may still change)"
        }
    )?;
    writeln!(
        out,
        "  pos  reference       total  norm.  reviews  proposed      practice"
    )?;
    for c in &ranking.cases {
        let flags = [
            (c.tied, "tie"),
            (!c.complete(), "incomplete"),
            (c.disagreement, "reviewers disagree"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| *f)
        .collect::<Vec<_>>()
        .join(", ");
        writeln!(
            out,
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
            proposal[&c.application].as_str(),
            clip(&c.practice_name, 40),
            if flags.is_empty() {
                String::new()
            } else {
                format!("  ({flags})")
            }
        )?;
    }
    Ok(())
}

pub async fn decide(
    args: DecideArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let (service, by) = service_as(&args.data, campaign, now, acting_as).await?;
    let inputs: Vec<DecisionInput> = if args.accept_proposal {
        service
            .proposed_decisions(args.round, args.reason.as_deref())
            .await
            .map_err(explain)?
    } else {
        let ranking = service
            .ranking(args.round, RankBy::default())
            .await
            .map_err(explain)?;
        let Some(decision) = args.decision.as_deref().filter(|_| !args.case.is_empty()) else {
            anyhow::bail!(
                "say what to decide: --accept-proposal, or --case REF [--case REF ...] --decision D [--reason R]"
            );
        };
        let decision = Outcome::parse(decision.trim()).ok_or_else(|| {
            let [a, b] = Outcome::of_round(args.round);
            anyhow::anyhow!("--decision: use {a} or {b} in round {}", args.round)
        })?;
        let mut inputs = Vec::with_capacity(args.case.len());
        for case in &args.case {
            let case = case.trim();
            let application = ranking
                .cases
                .iter()
                .find(|c| c.reference.eq_ignore_ascii_case(case) || c.application.to_string() == case)
                .map(|c| c.application)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "--case: {case:?} is not a case of round {}: see `casebook admin rankings --round {}`",
                        args.round,
                        args.round
                    )
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
        .map_err(explain)?;
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
        writeln!(
            out,
            "Round {}: {} decision(s) recorded ({}), each in the audit log.",
            args.round,
            kept.len(),
            summary.join(", ")
        )?;
    }
    Ok(())
}

pub async fn decisions(
    args: DecisionsArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let service = service(&args.data, campaign, now).await?;
    let log = service.audit_log().await.map_err(explain)?;
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
        writeln!(out, "No decisions yet: see `casebook admin decide --help`.")?;
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
                    format!(" (proposed {})", s.proposed.as_str())
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
    let yes = |flag: bool, text: &str| {
        if flag {
            text.to_string()
        } else {
            String::new()
        }
    };
    match action {
        A::RoundClosed { round } => format!("closed round {round}"),
        A::RoundReopened { round, reason } => {
            format!("reopened round {round}: {}", clip(reason, 80))
        }
        A::Decided {
            round,
            reference,
            decision,
            reason,
            ..
        } => format!(
            "round {round}: {} {}{}",
            clip(reference, 20),
            decision.as_str(),
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
        } => format!(
            "announced {decided} decision(s): {mails_sent} e-mail(s), {chats_sent} chat message(s), {failed} failed"
        ),
        A::RoundAssigned { round, assigned } => {
            format!("assigned round {round}: {assigned} new assignment(s)")
        }
        A::Exported { format, rows } => format!("exported {rows} application(s) as {format}"),
        A::Published { cases } => format!("published {cases} case(s)"),
        A::ReviewerAdded { reviewer } => format!("added reviewer {}", clip(reviewer, 60)),
        A::ReviewerRevoked { reviewer } => format!("revoked reviewer {}", clip(reviewer, 60)),
        A::ReviewerLinkSent {
            reviewer,
            reinstated,
        } => format!(
            "sent reviewer {} a new link{}",
            clip(reviewer, 60),
            yes(*reinstated, " (reinstated)")
        ),
        A::OrganizerAdded { organizer, first } => format!(
            "added organizer {}{}",
            clip(organizer, 60),
            yes(*first, " (the first)")
        ),
        A::OrganizerRevoked { organizer } => {
            format!("revoked organizer {}", clip(organizer, 60))
        }
        A::OrganizerLinkSent {
            organizer,
            reinstated,
        } => format!(
            "sent organizer {} a new link{}",
            clip(organizer, 60),
            yes(*reinstated, " (reinstated)")
        ),
    }
}

pub async fn stats(
    args: StatsArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let service = service(&args.data, campaign, now).await?;
    let stats = service.stats().await.map_err(explain)?;
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
    writeln!(out, "By status: {}", line(&stats.by_status))?;
    writeln!(out, "By area: {}", line(&stats.by_area))?;
    let mut countries: Vec<(&String, &usize)> = stats.by_country.iter().collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    writeln!(
        out,
        "Countries involved ({}): {}",
        countries.len(),
        countries
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    writeln!(
        out,
        "Collecting organizations (Excellence in Organization):"
    )?;
    if stats.collectors.is_empty() {
        writeln!(out, "  none named yet")?;
    }
    for c in &stats.collectors {
        writeln!(
            out,
            "  {:<40} {:>3} credited {:>3} collected {:>3} outstanding",
            clip(&c.name, 40),
            c.credited,
            c.collected,
            c.outstanding
        )?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct AnnounceArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

/// Tells each decided applicant the outcome once (e-mail, and Telegram where the
/// application lives there when TELEGRAM_BOT_TOKEN is set); safe to run again.
pub async fn announce(
    args: AnnounceArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let settings = args.data.settings(campaign, now);
    let deps = open(&settings).await?.with_mail(&settings);
    let by = acting_name(&deps, acting_as).await?;
    let mut service = deps.announcements();
    if let Some(chats) = deps.chat_notifier(&settings.telegram)? {
        service = service.with_chats(chats);
    }
    let bar = progress_bar("announcing");
    let report = service
        .announce(&by, &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await
        .map_err(explain)?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", casebook_admin::announce_json(&report))?;
    } else {
        writeln!(
            out,
            "{} decided application(s) now show their outcome: {} e-mail(s) and {} chat message(s) sent, {} sent before, {} failed (run again to retry), {} not decided yet.",
            report.decided,
            report.mails_sent,
            report.chats_sent,
            report.already_sent,
            report.failed.len(),
            report.undecided
        )?;
        for reference in &report.failed {
            writeln!(out, "  not sent: {reference}")?;
        }
    }
    Ok(())
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    data: DataArgs,
    /// csv (UTF-8, opens in Excel) or xlsx (frozen header, filters, column widths).
    /// Without it, the --out file's extension says which (CSV on standard output).
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
    /// The file to write (needed for xlsx; CSV goes to standard output without it).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// One row per application with its reviews and decisions, as CSV or XLSX.
pub async fn export(
    args: ExportArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let chosen = export_format(args.format, args.out.as_deref())?;
    let (service, by) = service_as(&args.data, campaign, now, acting_as).await?;
    let format = match chosen {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    };
    let bar = progress_bar("exporting");
    let table = service
        .export(&by, format, &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await
        .map_err(explain)?;
    bar.finish_and_clear();
    let bytes = match chosen {
        ExportFormat::Csv => casebook_admin::csv_out::spreadsheet_csv(&table)?,
        ExportFormat::Xlsx => xlsx(&table)?,
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| anyhow::anyhow!("--out: cannot write {}: {e}", path.display()))?;
            eprintln!(
                "Wrote {} application(s) to {}.",
                table.rows.len(),
                path.display()
            );
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}

/// The format of an export: `--format`, else the `--out` file's extension (CSV without
/// either); a file whose extension says otherwise than `--format` is refused.
fn export_format(
    flag: Option<ExportFormat>,
    out: Option<&std::path::Path>,
) -> anyhow::Result<ExportFormat> {
    let by_name = match out.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("csv") => Some(ExportFormat::Csv),
        Some(ext) if ext.eq_ignore_ascii_case("xlsx") => Some(ExportFormat::Xlsx),
        Some(ext) if flag.is_none() => anyhow::bail!(
            "--out: a .{ext} file is neither .csv nor .xlsx; name it so, or say --format csv|xlsx"
        ),
        _ => None,
    };
    let name = |f| {
        if f == ExportFormat::Csv {
            "csv"
        } else {
            "xlsx"
        }
    };
    if let (Some(f), Some(n)) = (flag, by_name)
        && f != n
    {
        anyhow::bail!(
            "--format {} does not match --out {}: name the file .{} or leave --format out",
            name(f),
            out.map(|p| p.display().to_string()).unwrap_or_default(),
            name(f)
        );
    }
    let format = flag.or(by_name).unwrap_or(ExportFormat::Csv);
    if format == ExportFormat::Xlsx && out.is_none() {
        anyhow::bail!("--out: say where to write the XLSX file, e.g. --out casebook-export.xlsx");
    }
    Ok(format)
}

/// The table as a workbook: bold frozen header, a filter on every column, widths from
/// the content (between 8 and 60 characters), long text wrapped.
fn xlsx(table: &casebook_core::decision::export::Table) -> anyhow::Result<Vec<u8>> {
    use casebook_core::decision::export::Cell;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Applications")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    // Totals to two decimals (the value itself stays whole); instants as dates (UTC).
    let two_decimals = Format::new().set_num_format("0.00");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let mut widths: Vec<usize> = table.header.iter().map(|h| h.chars().count()).collect();
    for (col, name) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(col)?, name, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1)?;
        for (col, cell) in row.iter().enumerate() {
            let c = u16::try_from(col)?;
            match cell {
                Cell::Text(t) if t.chars().count() > 60 => {
                    sheet.write_string_with_format(r, c, t, &wrap)?;
                }
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Number(n) if n.fract() != 0.0 => {
                    sheet.write_number_with_format(r, c, *n, &two_decimals)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Time(t) => {
                    let when = ExcelDateTime::from_timestamp(t.as_second())?;
                    sheet.write_datetime_with_format(r, c, &when, &date_time)?;
                }
                Cell::Empty => {}
            }
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(cell.as_text().chars().count());
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, (*width).clamp(8, 60) as f64 + 1.0)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    let last_col = u16::try_from(table.header.len().saturating_sub(1))?;
    sheet.autofilter(0, 0, u32::try_from(table.rows.len())?, last_col)?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod export_format_tests {
    use super::{ExportFormat, export_format};
    use std::path::Path;

    #[test]
    fn the_format_comes_from_the_flag_or_the_file_name_and_a_mismatch_is_refused() {
        let of = |flag, out: Option<&str>| export_format(flag, out.map(Path::new));
        assert_eq!(of(None, Some("y.xlsx")).unwrap(), ExportFormat::Xlsx);
        assert_eq!(of(None, Some("Y.XLSX")).unwrap(), ExportFormat::Xlsx);
        assert_eq!(of(None, Some("y.csv")).unwrap(), ExportFormat::Csv);
        assert_eq!(of(None, None).unwrap(), ExportFormat::Csv);
        assert_eq!(
            of(Some(ExportFormat::Xlsx), Some("y.xlsx")).unwrap(),
            ExportFormat::Xlsx
        );
        assert_eq!(
            of(Some(ExportFormat::Csv), Some("export")).unwrap(),
            ExportFormat::Csv
        );
        let refused = |flag, out: Option<&str>| of(flag, out).unwrap_err().to_string();
        assert!(refused(Some(ExportFormat::Csv), Some("y.xlsx")).contains("does not match"));
        assert!(refused(None, Some("y.pdf")).contains("neither .csv nor .xlsx"));
        assert!(refused(Some(ExportFormat::Xlsx), None).contains("--out"));
    }
}
