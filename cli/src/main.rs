//! The `casebook` command: `serve` runs every function on one local port with embedded
//! storage; `chat` is the bot in the terminal; `admin` holds the organizers' commands;
//! `campaign show|check` inspects campaign files; `aws init` prepares AWS resources.

mod chat;
mod commands;
mod data_args;
mod serve;
mod transfers;
mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use casebook_core::clock_starting_at;

use crate::data_args::ChosenCall;
use crate::words::say;
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

    /// Language of what the command says: ar, en, es, fr, ru or zh (for `chat`, the
    /// language a new conversation starts in). The help and the flags stay in English.
    #[arg(long, global = true, env = "CASEBOOK_LANG", default_value = "en", value_name = "LANG",
          value_parser = ["ar", "en", "es", "fr", "ru", "zh"])]
    lang: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API on one local port, with data in a SQLite file.
    Serve(serve::ServeArgs),
    /// Talk to the bot in the terminal (questions about the call, in English or Chinese).
    Chat(chat::ChatArgs),
    /// Organizers' commands: unanswered questions, organizers, reviewers, review rounds,
    /// decisions, announcements, exports and the publication.
    Admin(commands::admin::AdminArgs),
    /// Rehearse the call: set its clock, kept with the data, for every command and a
    /// running `casebook serve` (--at TIME; --off for the real clock; alone: show it).
    Rehearse(commands::rehearse::RehearseArgs),
    /// Show or check a campaign file; install next year's, and open or close a call.
    #[command(subcommand)]
    Campaign(commands::campaign::CampaignCommand),
    /// Prepare the AWS resources (on AWS, or on AWS_ENDPOINT_URL).
    #[command(subcommand)]
    Aws(commands::aws::AwsCommand),
    /// Print the OpenAPI 3.1 document of every HTTP route (every function's) as JSON.
    Openapi,
}

fn main() -> ExitCode {
    match run(Cli::parse_from(data_flags_last(
        std::env::args_os().collect(),
    ))) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`casebook admin stats | head`) is no failure.
        Err(err) if broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // The chain of causes, without a backtrace: these are messages for people.
            eprintln!("{}", say!(CLI_ERROR, message = err.to_string()));
            for cause in err.chain().skip(1) {
                eprintln!("  {}", say!(CLI_BECAUSE, cause = cause.to_string()));
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    words::choose(casebook_core::Lang::from_code(&cli.lang).unwrap_or_default());
    match cli.command {
        Command::Serve(args) => {
            init_tracing();
            let settings = args.data.settings(ChosenCall::open(cli.campaign), cli.now);
            runtime()?.block_on(serve::run(args, settings))
        }
        Command::Chat(args) => {
            let settings = args.data.settings(ChosenCall::open(cli.campaign), cli.now);
            runtime()?.block_on(chat::run(args, settings))
        }
        Command::Admin(cmd) => {
            runtime()?.block_on(commands::admin::run(cmd, cli.campaign, cli.now))
        }
        Command::Aws(cmd) => runtime()?.block_on(commands::aws::run(cmd)),
        Command::Rehearse(args) => runtime()?.block_on(commands::rehearse::run(
            args,
            ChosenCall::open(cli.campaign),
        )),
        Command::Openapi => {
            let campaign = casebook_core::Campaign::load(cli.campaign.as_deref())?;
            let doc = serve::whole_document(&campaign);
            use std::io::Write;
            writeln!(
                std::io::stdout().lock(),
                "{}",
                serde_json::to_string_pretty(&doc)?
            )?;
            Ok(())
        }
        Command::Campaign(cmd) => runtime()?.block_on(commands::campaign::run(
            cmd,
            cli.campaign,
            clock_starting_at(cli.now).now(),
        )),
    }
}

/// The flags that say where the data is, as people type them anywhere
/// (`casebook --data-dir D admin stats`, `casebook admin --data-dir D stats`): moved to
/// the end, where the command that reads them takes them. (`--now` and `--campaign` are
/// global already.) Nothing after a `--` is touched.
fn data_flags_last(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const WITH_VALUE: [&str; 2] = ["--data-dir", "--backend"];
    let mut kept = Vec::with_capacity(args.len());
    let mut moved = Vec::new();
    let mut rest = args.into_iter();
    if let Some(program) = rest.next() {
        kept.push(program);
    }
    while let Some(arg) = rest.next() {
        let text = arg.to_str().unwrap_or_default();
        if text == "--" {
            kept.push(arg);
            kept.extend(rest.by_ref());
            break;
        }
        let name = text.split('=').next().unwrap_or_default();
        if WITH_VALUE.contains(&name) {
            let joined = text.contains('=');
            moved.push(arg);
            if !joined && let Some(value) = rest.next() {
                moved.push(value);
            }
        } else {
            kept.push(arg);
        }
    }
    kept.extend(moved);
    kept
}

/// Whether `err` comes from writing to a pipe whose reader has gone.
fn broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .with_context(|| say!(CLI_STARTING_RUNTIME))
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CASEBOOK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours for a person at a terminal; plain text in a file or a pipe (a log kept by
    // systemd or `2> serve.log` stays searchable with grep).
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Vec<String> {
        data_flags_last(line.split(' ').map(Into::into).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn the_data_flags_are_taken_at_every_level() {
        let want = "casebook admin stats --data-dir D --backend embedded";
        for line in [
            "casebook --data-dir D --backend embedded admin stats",
            "casebook admin --data-dir D stats --backend embedded",
            "casebook admin stats --data-dir D --backend embedded",
        ] {
            assert_eq!(parsed(line).join(" "), want, "{line}");
            // And clap reads them where they land.
            Cli::try_parse_from(parsed(line)).unwrap();
        }
        assert_eq!(
            parsed("casebook --data-dir=D admin stats").join(" "),
            "casebook admin stats --data-dir=D"
        );
        // After `--`, nothing moves.
        assert_eq!(
            parsed("casebook chat -- --data-dir D").join(" "),
            "casebook chat -- --data-dir D"
        );
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
