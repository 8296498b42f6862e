//! `casebook rehearse`: the call's clock, kept with the data, for a rehearsal of its
//! phases. Every command and a running `casebook serve` of the same data follow it;
//! `--now` still moves one command alone.

use casebook_core::Rehearsal;

use crate::words::say;
use casebook_startup::{Backend, Dependencies, Settings};
use jiff::Timestamp;

use crate::data_args::DataArgs;

#[derive(clap::Args)]
pub struct RehearseArgs {
    /// Set the call's clock to this time (RFC 3339, e.g. 2024-07-02T09:00:00+08:00); it
    /// runs on from there.
    #[arg(long, value_name = "RFC3339", conflicts_with = "off")]
    at: Option<Timestamp>,

    /// Back to the real clock.
    #[arg(long)]
    off: bool,

    #[command(flatten)]
    data: DataArgs,
}

pub async fn run(args: RehearseArgs, campaign: crate::data_args::ChosenCall) -> anyhow::Result<()> {
    // The data's own clock is what this sets: --now has no say here. A rehearsal may
    // start before the first `casebook serve`: the data directory is made if missing.
    let settings = args.data.settings(campaign, None);
    let deps = Dependencies::build(&settings).await?;
    let change = match (args.at, args.off) {
        (Some(at), _) => Some(Some(Rehearsal {
            at,
            set_at: Timestamp::now(),
        })),
        (None, true) => Some(None),
        (None, false) => None,
    };
    if let Some(rehearsal) = change {
        deps.stores.rehearsal.set_rehearsal(rehearsal).await?;
        deps.refresh_rehearsal().await?;
    }
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{}", describe(&deps, &settings))?;
    Ok(())
}

fn describe(deps: &Dependencies, settings: &Settings) -> String {
    let tz = deps.campaign.zone().clone();
    let now = deps
        .clock
        .now()
        .to_zoned_datetime(tz)
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string();
    let rehearsing = deps
        .rehearsal_clock
        .as_ref()
        .and_then(|c| c.rehearsal())
        .is_some();
    // Where the data is, in no language: the data directory, or the DynamoDB table.
    let place = match (settings.backend, &settings.aws.table) {
        (Backend::Aws, Some(table)) => table.clone(),
        _ => settings.data_dir.display().to_string(),
    };
    if rehearsing {
        say!(CLI_REHEARSING, now = now, place = place)
    } else {
        say!(CLI_REAL_CLOCK, now = now, place = place)
    }
}
