//! The `casebook` command: `serve` runs every function on one local port with embedded
//! storage; `campaign show|check` inspects campaign files.

mod campaign_cmd;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use casebook_core::{Campaign, Clock, ShiftedClock, SystemClock};
use clap::{Parser, Subcommand};
use jiff::Timestamp;

#[derive(Parser)]
#[command(
    name = "casebook",
    version,
    about = "The system behind the yearly call for practice cases"
)]
struct Cli {
    /// Campaign file to run instead of the built-in 2024 call.
    #[arg(long, global = true, env = "CASEBOOK_CAMPAIGN", value_name = "FILE")]
    campaign: Option<PathBuf>,

    /// Pretend it is this time (RFC 3339, e.g. 2024-05-01T09:00:00+08:00); the clock then
    /// runs on from there. For demos and rehearsals of a call that is not open today.
    #[arg(long, global = true, env = "CASEBOOK_NOW", value_name = "RFC3339")]
    now: Option<Timestamp>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API on one local port, with data in a SQLite file.
    Serve(serve::ServeArgs),
    /// Show or check a campaign file.
    #[command(subcommand)]
    Campaign(campaign_cmd::CampaignCommand),
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The chain of causes, without a backtrace: these are messages for people.
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  because: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => {
            init_tracing();
            let campaign = load_campaign(cli.campaign.as_deref())?;
            let clock = clock(cli.now);
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("starting the async runtime")?
                .block_on(serve::run(args, campaign, clock))
        }
        Command::Campaign(cmd) => {
            campaign_cmd::run(cmd, cli.campaign.as_deref(), clock(cli.now).now())
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CASEBOOK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn clock(now: Option<Timestamp>) -> Arc<dyn Clock> {
    match now {
        Some(start) => Arc::new(ShiftedClock::starting_at(start)),
        None => Arc::new(SystemClock),
    }
}

/// The campaign to run: the given file, or the built-in 2024 call.
fn load_campaign(path: Option<&std::path::Path>) -> anyhow::Result<Campaign> {
    match path {
        None => Ok(Campaign::builtin()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the campaign file {}", path.display()))?;
            Campaign::from_toml(&text)
                .with_context(|| format!("the campaign file {} is not valid", path.display()))
        }
    }
}
