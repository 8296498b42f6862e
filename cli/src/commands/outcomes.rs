//! `casebook admin announce` and `export`: what leaves the call once it is decided, the
//! outcomes to the applicants and the table to the organizers' files. Both are recorded
//! in the audit log under the organizer `--as` names.

use std::io::Write;
use std::path::PathBuf;

use jiff::Timestamp;

use super::shared::{acting_name, decision_service_as, explain_decision, open, progress_bar};
use crate::data_args::DataArgs;

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
        .map_err(explain_decision)?;
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
    let (service, by) = decision_service_as(&args.data, campaign, now, acting_as).await?;
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
        .map_err(explain_decision)?;
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
