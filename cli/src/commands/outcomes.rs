//! `casebook admin announce` and `export`: what leaves the call once it is decided, the
//! outcomes to the applicants and the table to the organizers' files. Both are recorded
//! in the audit log under the organizer `--as` names.

use std::io::Write;
use std::path::PathBuf;

use jiff::Timestamp;

use super::shared::{acting_name, decision_service_as, explain_decision, open, progress_bar};
use crate::data_args::DataArgs;
use crate::words::say;

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
    campaign: crate::data_args::ChosenCall,
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
    let bar = progress_bar(say!(CLI_ANNOUNCING));
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
        let said = say!(
            CLI_ANNOUNCED,
            decided = report.decided,
            mails = report.mails_sent,
            chats = report.chats_sent,
            before = report.already_sent,
            failed = report.failed.len(),
            undecided = report.undecided
        );
        writeln!(out, "{said}")?;
        for reference in &report.failed {
            writeln!(
                out,
                "  {}",
                say!(CLI_NOT_SENT, reference = reference.as_str())
            )?;
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
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let chosen = export_format(args.format, args.out.as_deref())?;
    let (service, by) = decision_service_as(&args.data, campaign, now, acting_as).await?;
    let format = match chosen {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    };
    let bar = progress_bar(say!(CLI_EXPORTING));
    let table = service
        .export(&by, format, &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await
        .map_err(explain_decision)?;
    bar.finish_and_clear();
    let bytes = match chosen {
        ExportFormat::Csv => casebook_documents::csv_out::spreadsheet_csv(&table)?,
        ExportFormat::Xlsx => casebook_documents::workbook::xlsx(&table)?,
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes).map_err(|e| {
                anyhow::anyhow!(say!(
                    CLI_CANNOT_WRITE,
                    path = path.display().to_string(),
                    error = e.to_string()
                ))
            })?;
            let said = say!(
                CLI_EXPORTED,
                rows = table.rows.len(),
                path = path.display().to_string()
            );
            eprintln!("{said}");
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
        Some(ext) if flag.is_none() => {
            anyhow::bail!(say!(CLI_EXPORT_EXTENSION, extension = ext))
        }
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
        anyhow::bail!(say!(
            CLI_EXPORT_MISMATCH,
            format = name(f),
            path = out.map(|p| p.display().to_string()).unwrap_or_default()
        ));
    }
    let format = flag.or(by_name).unwrap_or(ExportFormat::Csv);
    if format == ExportFormat::Xlsx && out.is_none() {
        anyhow::bail!(say!(CLI_EXPORT_XLSX_WHERE));
    }
    Ok(format)
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
