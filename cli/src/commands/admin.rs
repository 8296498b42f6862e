//! `casebook admin`: the organizers' commands. `questions` is the inbox of what the bot
//! could not answer (DESIGN.md: "a question the bot cannot answer goes to the organizers'
//! inbox"), read from the same store the bot writes to; `reviewers`, `token` and
//! `rounds` run the review rounds (see `review.rs`).

use std::path::PathBuf;

use std::io::Write;

use anyhow::Context;
use casebook_core::UnansweredQuestion;
use casebook_startup::{Backend, Dependencies, Settings};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::data_args::DataArgs;

#[derive(clap::Args)]
pub struct AdminArgs {
    /// Who you are: your e-mail in the organizers' registry. Every command that changes
    /// the call needs it, and the audit log records what it did under your name.
    #[arg(long = "as", global = true, env = "CASEBOOK_AS", value_name = "EMAIL")]
    acting_as: Option<String>,

    #[command(subcommand)]
    command: AdminCommand,
}

#[derive(clap::Subcommand)]
pub enum AdminCommand {
    /// The questions the bot could not answer, oldest first, for the organizers to answer
    /// (and to add to the campaign's FAQ).
    Questions(QuestionsArgs),
    /// The registry of organizers (the people who may act on the call) and their
    /// sign-in links. The first one is added without --as, on the data itself.
    #[command(subcommand)]
    Organizers(super::organizers::OrganizersCommand),
    /// The registry of reviewers and their sign-in links.
    #[command(subcommand)]
    Reviewers(super::review::ReviewersCommand),
    /// Assign a review round and follow its progress.
    #[command(subcommand)]
    Rounds(super::review::RoundsCommand),
    /// Run the reminder job once (as the schedule does daily): what is due today is sent,
    /// each message once however often it runs.
    Remind(RemindArgs),
    /// A round's ranking: criterion means, weighted and normalized totals, reviews done,
    /// disagreements, ties, and what it proposes.
    Rankings(super::decide::RankingsArgs),
    /// Record decisions on a closed round: confirm the proposal, or decide cases (--case, repeated)
    /// (a reason is needed where it departs from the proposal).
    Decide(super::decide::DecideArgs),
    /// The decisions as they stand, or the whole audit log (--log).
    Decisions(super::decide::DecisionsArgs),
    /// Counts by status, area and country, and the collecting organizations' board.
    Stats(super::decide::StatsArgs),
    /// Tell each decided applicant the outcome, once: e-mail, and Telegram where the
    /// application lives there. Safe to run again after a failure.
    Announce(super::decide::AnnounceArgs),
    /// Every application with its reviews (per round, per reviewer, per criterion),
    /// totals and decisions, as CSV or XLSX.
    Export(super::decide::ExportArgs),
    /// The Collection of Practice Cases as a static site (offline, searchable), Markdown
    /// and JSON: collected cases only, Outstanding ones marked, no contact data.
    Publish(super::publish::PublishArgs),
}

#[derive(clap::Args)]
pub struct RemindArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Print what today's run would send (what an earlier run sent already included),
    /// and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// One JSON object with the counts instead of a list.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct QuestionsArgs {
    /// Where the data is (as for `casebook serve` and `casebook chat`).
    #[command(flatten)]
    data: DataArgs,

    /// Only questions asked on or after this day (YYYY-MM-DD, in the call's time zone) or
    /// instant (RFC 3339). Default: all of them.
    #[arg(long, value_name = "DAY|RFC3339")]
    since: Option<String>,

    /// One JSON object per line instead of a table (for scripts).
    #[arg(long)]
    json: bool,
}

pub async fn run(
    args: AdminArgs,
    campaign: Option<PathBuf>,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let who = args.acting_as;
    let who = who.as_deref();
    match args.command {
        AdminCommand::Questions(args) => {
            let settings = args.data.settings(campaign, now);
            questions(args, settings).await
        }
        AdminCommand::Organizers(cmd) => {
            super::organizers::organizers(cmd, campaign, now, who).await
        }
        AdminCommand::Reviewers(cmd) => super::review::reviewers(cmd, campaign, now, who).await,
        AdminCommand::Rounds(cmd) => super::review::rounds(cmd, campaign, now, who).await,
        AdminCommand::Rankings(args) => super::decide::rankings(args, campaign, now).await,
        AdminCommand::Decide(args) => super::decide::decide(args, campaign, now, who).await,
        AdminCommand::Decisions(args) => super::decide::decisions(args, campaign, now).await,
        AdminCommand::Stats(args) => super::decide::stats(args, campaign, now).await,
        AdminCommand::Announce(args) => super::decide::announce(args, campaign, now, who).await,
        AdminCommand::Export(args) => super::decide::export(args, campaign, now, who).await,
        AdminCommand::Publish(args) => super::publish::publish(args, campaign, now, who).await,
        AdminCommand::Remind(args) => {
            let settings = args.data.settings(campaign, now);
            remind(args, settings).await
        }
    }
}

/// The Telegram bot as a channel that writes first, when TELEGRAM_BOT_TOKEN is set.
pub(crate) fn telegram_notifier(
    settings: &Settings,
) -> anyhow::Result<Option<std::sync::Arc<dyn casebook_core::ChatNotifier>>> {
    casebook_bot::telegram::TelegramNotifier::from_token(
        settings.telegram.bot_token.as_deref(),
        settings.telegram.api_url.as_deref(),
    )
    .map_err(anyhow::Error::msg)
}

/// The dependencies of an admin command, on data that must exist. On a rehearsal clock (`casebook rehearse` or
/// `--now`) the first line on standard error says so, once per command.
pub(super) async fn open(settings: &Settings) -> anyhow::Result<Dependencies> {
    let deps = open_quietly(settings).await?;
    say_the_clock(&deps, settings.now);
    Ok(deps)
}

/// [`open`] for a command that makes sign-in links and mails them: they point at the
/// running `casebook serve` of the same data, or, with none running and no
/// CASEBOOK_PUBLIC_URL, at the default address, which the first lines say.
pub(super) async fn open_for_links(settings: &Settings) -> anyhow::Result<Dependencies> {
    let deps = open(settings).await?.with_mail(settings);
    if settings.backend == Backend::Embedded
        && settings.public_url.is_none()
        && running_server_url(settings).is_none()
    {
        eprintln!(
            "links point at {}, the default address, as no `casebook serve` of {} is running: start it first, or set CASEBOOK_PUBLIC_URL to the address people reach casebook at",
            casebook_startup::DEFAULT_LOCAL_URL,
            settings.data_dir.display()
        );
    }
    Ok(deps)
}

/// [`open`] without the clock's line.
pub(super) async fn open_quietly(settings: &Settings) -> anyhow::Result<Dependencies> {
    if settings.backend == Backend::Embedded && !settings.data_dir.exists() {
        anyhow::bail!(
            "there is no data directory at {}: pass --data-dir (or CASEBOOK_DATA_DIR) as for `casebook serve`",
            settings.data_dir.display()
        );
    }
    let mut settings = settings.clone();
    if settings.public_url.is_none() {
        settings.public_url = running_server_url(&settings);
    }
    Ok(Dependencies::build(&settings).await?)
}

/// The address a running `casebook serve` of the same data directory listens at (it
/// writes it there at start): links made by a command point where people can open them.
/// `None` when none answers there.
fn running_server_url(settings: &Settings) -> Option<String> {
    if settings.backend != Backend::Embedded {
        return None;
    }
    // Two lines: the address links use, then the one it listens at.
    let text =
        std::fs::read_to_string(settings.data_dir.join(crate::serve::SERVE_URL_FILE)).ok()?;
    let mut lines = text.lines().map(str::trim);
    let (url, listening) = (lines.next()?, lines.next()?);
    let addr: std::net::SocketAddr = listening.parse().ok()?;
    std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(300)).ok()?;
    Some(url.to_string())
}

/// Says on standard error, once per process, that the clock is a rehearsal's (standard
/// output stays clean for --json).
pub(crate) fn say_the_clock(deps: &Dependencies, now_flag: Option<Timestamp>) {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if let Some(notice) = deps.clock_notice(now_flag)
        && !SAID.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        eprintln!("{notice}");
    }
}

/// Who a command that changes the call acts as: the active organizer `--as` names.
/// Never anonymous.
pub(crate) async fn acting_organizer(
    deps: &Dependencies,
    acting_as: Option<&str>,
) -> anyhow::Result<casebook_core::Organizer> {
    let organizers = deps.organizers()?;
    let Some(email) = acting_as.map(str::trim).filter(|e| !e.is_empty()) else {
        if !organizers.has_active().await? {
            anyhow::bail!(
                "there is no active organizer yet: add yourself first with `casebook admin organizers add --name NAME --email EMAIL`, then run this with --as EMAIL"
            );
        }
        anyhow::bail!(
            "--as: say who you are (your e-mail in `casebook admin organizers list`); this command changes the call and the audit log records it under your name"
        );
    };
    match organizers.acting_as(email).await {
        Ok(organizer) => Ok(organizer),
        Err(casebook_core::ReviewError::NotAnOrganizer) => anyhow::bail!(
            "--as {}: no active organizer has this e-mail (see `casebook admin organizers list`)",
            super::review::clip(email, 100)
        ),
        Err(e) => Err(e.into()),
    }
}

/// The name the audit log records for the organizer `--as` names.
pub(crate) async fn acting_name(
    deps: &Dependencies,
    acting_as: Option<&str>,
) -> anyhow::Result<String> {
    Ok(acting_organizer(deps, acting_as)
        .await?
        .audit_name()
        .to_string())
}

/// `--since` as an instant: a day starts at midnight in the call's time zone.
fn parse_since(text: &str, tz: &TimeZone) -> anyhow::Result<Timestamp> {
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let day: jiff::civil::Date = text.parse().with_context(|| {
        format!("--since {text:?} is neither a day like 2024-05-01 nor an instant like 2024-05-01T09:00:00+08:00")
    })?;
    Ok(day.to_zoned_datetime(tz.clone())?.timestamp())
}

async fn questions(args: QuestionsArgs, settings: Settings) -> anyhow::Result<()> {
    let deps = open(&settings).await?;
    let tz = deps.campaign.zone().clone();
    let since = match &args.since {
        Some(text) => parse_since(text, &tz)?,
        None => Timestamp::UNIX_EPOCH,
    };
    let asked = deps
        .stores
        .questions
        .list_questions(since)
        .await
        .context("reading the questions")?;
    let mut out = std::io::stdout().lock();
    print(&mut out, &asked, &tz, args.json)?;
    Ok(())
}

fn print(
    out: &mut impl std::io::Write,
    asked: &[UnansweredQuestion],
    tz: &TimeZone,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        for q in asked {
            let line = serde_json::json!({
                "asked_at": q.asked_at.to_string(),
                "channel": q.channel,
                "text": q.text,
            });
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    if asked.is_empty() {
        writeln!(
            out,
            "No questions are waiting: the bot answered everything asked."
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{} question(s) the bot could not answer ({} time):",
        asked.len(),
        tz.iana_name().unwrap_or("UTC")
    )?;
    for q in asked {
        let when = q
            .asked_at
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M");
        // One line each: line breaks inside a question are shown, not followed, and no
        // other control character (an escape sequence) reaches the organizer's terminal.
        let text: String = q
            .text
            .replace('\n', " ⏎ ")
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        writeln!(out, "{when}  {:<9} {text}", q.channel)?;
    }
    Ok(())
}

async fn remind(args: RemindArgs, settings: Settings) -> anyhow::Result<()> {
    let deps = open(&settings).await?.with_mail(&settings);
    let mut job = deps.reminders()?;
    // Drafts that live in Telegram are nudged there too, when the bot is configured.
    if let Some(chats) = telegram_notifier(&settings)? {
        job = job.with_chats(chats);
    }
    let report = job
        .run(args.dry_run)
        .await
        .context("running the reminders")?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", casebook_reminders::report_json(&report))?;
    } else {
        let today = report.today.map(|d| d.to_string()).unwrap_or_default();
        if report.due.is_empty() {
            writeln!(
                out,
                "Nothing is due on {today} ({}).",
                job.campaign().time_zone()
            )?;
        } else {
            writeln!(out, "Due on {today}: {}", report.due.join(", "))?;
        }
        let verb = if args.dry_run { "would send" } else { "sent" };
        for d in &report.sent {
            writeln!(out, "  {verb}  {:<26} {}", d.milestone, d.to.as_str())?;
        }
        writeln!(
            out,
            "{} {verb}, {} sent earlier, {} opted out, {} failed (tried again next run).",
            report.sent.len(),
            report.already_sent,
            report.opted_out,
            report.failed.len()
        )?;
        for (d, why) in &report.failed {
            writeln!(
                out,
                "  failed  {:<26} {}: {why}",
                d.milestone,
                d.to.as_str()
            )?;
        }
    }
    if !report.failed.is_empty() {
        anyhow::bail!("{} reminder(s) could not be sent", report.failed.len());
    }
    Ok(())
}
