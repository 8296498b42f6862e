//! `casebook admin publish --out DIR`: the Collection of Practice Cases as a static site
//! that works offline from the folder (an index by area with search by name or country,
//! one page per case, the images beside them), plus `collection.md` and
//! `collection.json` for reuse. Every value an applicant wrote is escaped.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use casebook_core::Campaign;
use casebook_core::decision::publish::PublishedCase;
use casebook_documents::collection::{self, MARKER};
use jiff::Timestamp;

use super::shared::{acting_name, open, progress_bar};
use crate::data_args::DataArgs;
use crate::words::say;

#[derive(clap::Args)]
pub struct PublishArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The folder to write (created; an earlier publication there is replaced).
    #[arg(long)]
    out: PathBuf,
}

pub async fn publish(
    args: PublishArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let settings = args.data.settings(campaign, now);
    let deps = open(&settings).await?;
    let by = acting_name(&deps, acting_as).await?;
    prepare(&args.out)?;
    let service = deps.decisions();
    let files = deps.attachments();
    let bar = progress_bar(say!(CLI_PUBLISHING));
    let cases = service
        .publication(files.as_ref(), &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await
        .map_err(anyhow::Error::new)?;
    bar.finish_and_clear();
    write_site(&args.out, service.campaign(), &cases)?;
    service
        .record(
            &by,
            casebook_core::decision::AuditAction::Published { cases: cases.len() },
        )
        .await?;
    let outstanding = cases.iter().filter(|c| c.outstanding).count();
    let said = say!(
        CLI_PUBLISHED,
        cases = cases.len(),
        outstanding = outstanding,
        path = args.out.display().to_string()
    );
    writeln!(std::io::stdout().lock(), "{said}")?;
    Ok(())
}

/// The folder, made or emptied of an earlier publication; anything else is left alone
/// and refused.
fn prepare(out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out)
            .with_context(|| say!(CLI_OUT_UNREADABLE, path = out.display().to_string()))?;
        if entries.next().is_some() && !out.join(MARKER).exists() {
            anyhow::bail!(say!(CLI_OUT_NOT_EMPTY, path = out.display().to_string()));
        }
        for dir in collection::folders() {
            let path = out.join(dir);
            if path.exists() {
                std::fs::remove_dir_all(&path)
                    .with_context(|| say!(CLI_CANNOT_REPLACE, path = path.display().to_string()))?;
            }
        }
    }
    std::fs::create_dir_all(out)
        .with_context(|| say!(CLI_OUT_CANNOT_CREATE, path = out.display().to_string()))?;
    Ok(())
}

/// Writes the Collection's files under `out` (made ready by `prepare`).
fn write_site(out: &Path, campaign: &Campaign, cases: &[PublishedCase]) -> anyhow::Result<()> {
    for file in collection::site(campaign, cases)? {
        let path = out.join(&file.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| say!(CLI_CANNOT_CREATE, path = folder.display().to_string()))?;
        }
        std::fs::write(&path, &file.bytes)
            .with_context(|| say!(CLI_CANNOT_WRITE_FILE, path = file.path.as_str()))?;
    }
    Ok(())
}
