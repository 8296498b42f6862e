//! `casebook admin`: the organizers' commands. `questions` is the inbox of what the bot
//! could not answer (DESIGN.md: "a question the bot cannot answer goes to the organizers'
//! inbox"), read from the same store the bot writes to; `reviewers`, `token` and
//! `rounds` run the review rounds (see `review.rs`).

use std::io::Write;

use anyhow::Context;
use casebook_core::UnansweredQuestion;
use casebook_startup::Settings;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::data_args::DataArgs;
use crate::words::say;

use super::shared::open;

#[derive(clap::Args)]
pub struct AdminArgs {
    /// Who you are: your e-mail in the organizers' registry. Every command that changes
    /// the call needs it, and the audit log records what it did under your name.
    #[arg(long = "as", global = true, env = "CASEBOOK_AS", value_name = "EMAIL")]
    acting_as: Option<String>,

    /// The call's year to work on (`casebook campaign list` shows them). Default: the
    /// open call's, else the latest. An earlier year's data is read and decided as it
    /// was; only the open call takes applications.
    #[arg(long, global = true, value_name = "YEAR", value_parser = clap::value_parser!(i16).range(2000..=2200))]
    year: Option<i16>,

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
    Announce(super::outcomes::AnnounceArgs),
    /// Every application with its reviews (per round, per reviewer, per criterion),
    /// totals and decisions, as CSV or XLSX.
    Export(super::outcomes::ExportArgs),
    /// The Collection of Practice Cases as a static site (offline, searchable), Markdown
    /// and JSON: collected cases only, Outstanding ones marked, no contact data.
    Publish(super::publish::PublishArgs),
    /// One archive of this machine's call: a consistent copy of the database (taken while
    /// `casebook serve` runs), the uploaded files, the outbox and the signing keys.
    Backup(super::backup::BackupArgs),
    /// Put a backup back into a new or empty data directory.
    Restore(super::backup::RestoreArgs),
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

    /// Mark this question answered (its id, or the first 8 characters the list shows);
    /// needs --as.
    #[arg(long, value_name = "ID")]
    answer: Option<String>,

    /// With --answer: the answer, written in the chat where it was asked (Telegram, with
    /// TELEGRAM_BOT_TOKEN set); left out, the question is only marked answered.
    #[arg(long, requires = "answer", value_name = "TEXT")]
    reply: Option<String>,
}

pub async fn run(
    args: AdminArgs,
    campaign: Option<std::path::PathBuf>,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let campaign = crate::data_args::ChosenCall {
        file: campaign,
        year: args.year,
    };
    let who = args.acting_as;
    let who = who.as_deref();
    match args.command {
        AdminCommand::Questions(args) => {
            let settings = args.data.settings(campaign, now);
            match args.answer.clone() {
                Some(id) => answer_question(&id, args.reply.as_deref(), settings, who).await,
                None => questions(args, settings).await,
            }
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
        AdminCommand::Announce(args) => super::outcomes::announce(args, campaign, now, who).await,
        AdminCommand::Export(args) => super::outcomes::export(args, campaign, now, who).await,
        AdminCommand::Publish(args) => super::publish::publish(args, campaign, now, who).await,
        AdminCommand::Backup(args) => super::backup::backup(args).await,
        AdminCommand::Restore(args) => super::backup::restore(args).await,
        AdminCommand::Remind(args) => {
            let settings = args.data.settings(campaign, now);
            remind(args, settings).await
        }
    }
}

/// `--since` as an instant: a day starts at midnight in the call's time zone.
fn parse_since(text: &str, tz: &TimeZone) -> anyhow::Result<Timestamp> {
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let day: jiff::civil::Date = text
        .parse()
        .with_context(|| say!(CLI_SINCE, given = format!("{text:?}")))?;
    Ok(day.to_zoned_datetime(tz.clone())?.timestamp())
}

/// `--answer ID [--reply TEXT]`: the question marked answered, its reply written in its
/// chat where the channel can be reached from here.
async fn answer_question(
    id: &str,
    reply: Option<&str>,
    settings: Settings,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let deps = open(&settings).await?;
    let by = super::shared::acting_name(&deps, acting_as).await?;
    let mut service = deps.questions();
    if let Some(chats) = deps.chat_notifier(&settings.telegram)? {
        service = service.with_chats(chats);
    }
    // The list shows ids cut to 8 characters: one that starts a single id is that one.
    let inbox = service
        .inbox()
        .await
        .with_context(|| say!(CLI_READING_QUESTIONS))?;
    let matching: Vec<&str> = inbox
        .iter()
        .map(|q| q.question.id.as_str())
        .filter(|full| full.starts_with(id))
        .collect();
    let full = match (id.len() >= 8, matching.as_slice()) {
        (true, [one]) => *one,
        (true, []) | (false, _) => {
            anyhow::bail!(say!(CLI_ANSWER_UNKNOWN, id = format!("{id:?}")))
        }
        (true, _) => anyhow::bail!(say!(CLI_ANSWER_AMBIGUOUS, id = format!("{id:?}"))),
    };
    let answered = service
        .answer(full, &by, reply)
        .await
        .map_err(|e| match e {
            casebook_core::QuestionError::CannotReply { channel } if channel == "telegram" => {
                anyhow::anyhow!(say!(CLI_REPLY_UNREACHABLE_TELEGRAM))
            }
            casebook_core::QuestionError::CannotReply { channel } => {
                anyhow::anyhow!(say!(CLI_REPLY_UNREACHABLE, channel = channel.to_string()))
            }
            casebook_core::QuestionError::EmptyReply => anyhow::anyhow!(say!(CLI_REPLY_EMPTY)),
            casebook_core::QuestionError::ReplyTooLong { chars, max } => {
                anyhow::anyhow!(say!(CLI_REPLY_TOO_LONG, chars = chars, max = max))
            }
            other => anyhow::Error::new(other),
        })?;
    let question = one_line(&answered.text);
    let said = if reply.is_some() {
        say!(CLI_MARKED_ANSWERED_REPLIED, question = question)
    } else {
        say!(CLI_MARKED_ANSWERED, question = question)
    };
    writeln!(std::io::stdout().lock(), "{said}")?;
    Ok(())
}

/// A question on one line: line breaks shown, not followed, and no other control
/// character (an escape sequence) reaching the organizer's terminal.
fn one_line(text: &str) -> String {
    text.replace('\n', " ⏎ ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
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
        .with_context(|| say!(CLI_READING_QUESTIONS))?;
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
                "id": q.id,
                "asked_at": q.asked_at.to_string(),
                "channel": q.channel,
                "lang": q.lang,
                "text": q.text,
                "answered": q.answered.as_ref().map(|a| serde_json::json!({
                    "at": a.at.to_string(), "by": a.by, "reply": a.reply,
                })),
            });
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    if asked.is_empty() {
        writeln!(out, "{}", say!(CLI_QUESTIONS_NONE))?;
        return Ok(());
    }
    let said = say!(
        CLI_QUESTIONS_WAITING,
        count = asked.len(),
        zone = tz.iana_name().unwrap_or("UTC")
    );
    writeln!(out, "{said}")?;
    for q in asked {
        let when = q
            .asked_at
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M");
        let id: String = q.id.chars().take(8).collect();
        let done = match &q.answered {
            Some(a) => format!("  {}", say!(CLI_ANSWERED_BY, name = one_line(&a.by))),
            None => String::new(),
        };
        writeln!(
            out,
            "{when}  {id}  {:<9} {}{done}",
            q.channel,
            one_line(&q.text)
        )?;
    }
    Ok(())
}

async fn remind(args: RemindArgs, settings: Settings) -> anyhow::Result<()> {
    let deps = open(&settings).await?.with_mail(&settings);
    let mut job = deps.reminders()?;
    // Drafts that live in Telegram are nudged there too, when the bot is configured.
    if let Some(chats) = deps.chat_notifier(&settings.telegram)? {
        job = job.with_chats(chats);
    }
    let report = job
        .run(args.dry_run)
        .await
        .with_context(|| say!(CLI_RUNNING_REMINDERS))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", casebook_reminders::report_json(&report))?;
    } else {
        let today = report.today.map(|d| d.to_string()).unwrap_or_default();
        if report.due.is_empty() {
            let said = say!(
                CLI_NOTHING_DUE,
                day = today,
                zone = job.campaign().time_zone().to_string()
            );
            writeln!(out, "{said}")?;
        } else {
            let said = say!(CLI_DUE_ON, day = today, milestones = report.due.join(", "));
            writeln!(out, "{said}")?;
        }
        let verb = if args.dry_run {
            say!(CLI_REMINDER_WOULD_SEND)
        } else {
            say!(CLI_REMINDER_SENT)
        };
        for d in &report.sent {
            writeln!(out, "  {verb}  {:<26} {}", d.milestone, d.to.as_str())?;
        }
        let (sent, earlier, opted_out, failed) = (
            report.sent.len(),
            report.already_sent,
            report.opted_out,
            report.failed.len(),
        );
        let said = if args.dry_run {
            say!(
                CLI_REMINDERS_WOULD_SEND,
                sent = sent,
                earlier = earlier,
                opted_out = opted_out,
                failed = failed
            )
        } else {
            say!(
                CLI_REMINDERS_SENT,
                sent = sent,
                earlier = earlier,
                opted_out = opted_out,
                failed = failed
            )
        };
        writeln!(out, "{said}")?;
        for (d, why) in &report.failed {
            writeln!(
                out,
                "  {}  {:<26} {}: {why}",
                say!(CLI_REMINDER_FAILED),
                d.milestone,
                d.to.as_str()
            )?;
        }
    }
    if !report.failed.is_empty() {
        anyhow::bail!(say!(CLI_REMINDERS_FAILED, count = report.failed.len()));
    }
    Ok(())
}
