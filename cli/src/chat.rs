//! `casebook chat`: the bot in the terminal. Buttons are shown numbered; typing the
//! number or the label presses one. Works with piped input too (one message per line).
//! The conversation is kept in the same store as `casebook serve`, so leaving and coming
//! back carries on where it stopped.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use casebook_bot::{Choice, Dialogue, Engine, Reply, conversation};
use casebook_core::{ApplicationService, Campaign, Clock, Lang};
use casebook_embedded::{OutboxMailer, SqliteStore};

#[derive(clap::Args)]
pub struct ChatArgs {
    /// Directory of casebook's data (shared with `casebook serve`): conversations,
    /// applications, and the questions the bot could not answer, kept for the organizers.
    #[arg(long, env = "CASEBOOK_DATA_DIR", default_value = "casebook-data")]
    data_dir: PathBuf,

    /// Language to start a new conversation in: en or zh (writing in Chinese switches).
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    lang: String,

    /// Whose conversation this is; each user's is kept apart and resumed.
    #[arg(long, env = "USER", default_value = "local")]
    user: String,
}

pub async fn run(args: ChatArgs, campaign: Campaign, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let store = SqliteStore::open_dir(&args.data_dir)?;
    // Confirmation e-mails land in the data directory's outbox, from the call's contact.
    let mailer = OutboxMailer::new(args.data_dir.join("outbox"), campaign.contact.email.clone());
    let engine = Engine::new(ApplicationService::new(
        Arc::new(store.clone()),
        clock.clone(),
        Arc::new(campaign),
    ))
    .with_mailer(Arc::new(mailer));
    let key = format!("terminal:{}", args.user);
    let fresh = Dialogue {
        lang: Lang::from_tag(&args.lang),
        ..Dialogue::default()
    };
    let interactive = std::io::stdin().is_terminal();
    let mut out = std::io::stdout().lock();
    if interactive {
        writeln!(
            out,
            "(casebook chat: type a question, a number to press a button, or /quit to leave)"
        )?;
    }
    let opening = match conversation::load(&store, &key).await? {
        Some(dialogue) => engine.resume(&dialogue).await,
        None => {
            conversation::converse(&engine, &store, &key, "terminal", "/start", &fresh)
                .await?
                .replies
        }
    };
    let mut choices = show(&mut out, &opening)?;
    for line in std::io::stdin().lock().lines() {
        if interactive {
            write!(out, "> ")?;
            out.flush()?;
        }
        let line = line.context("reading the terminal")?;
        let message = press(&line, &choices);
        if matches!(message.trim(), "/quit" | "/exit") {
            break;
        }
        if !interactive {
            // Echo piped input, so a transcript reads like a conversation.
            writeln!(out, "> {}", line.trim())?;
        }
        let turn =
            conversation::converse(&engine, &store, &key, "terminal", &message, &fresh).await?;
        // Buttons stay pressable until new ones are shown.
        let shown = show(&mut out, &turn.replies)?;
        if !shown.is_empty() {
            choices = shown;
        }
    }
    Ok(())
}

/// A typed number or label presses that button; anything else is a message.
fn press(line: &str, choices: &[Choice]) -> String {
    let typed = line.trim();
    if let Ok(n) = typed.parse::<usize>()
        && let Some(choice) = n.checked_sub(1).and_then(|i| choices.get(i))
    {
        return choice.data.clone();
    }
    choices
        .iter()
        .find(|c| c.label.eq_ignore_ascii_case(typed))
        .map(|c| c.data.clone())
        .unwrap_or_else(|| typed.to_string())
}

/// Prints the replies; returns their buttons in the order they were numbered.
fn show(out: &mut impl Write, replies: &[Reply]) -> anyhow::Result<Vec<Choice>> {
    let mut numbered = Vec::new();
    for reply in replies {
        writeln!(out, "{}", reply.text)?;
        for choice in &reply.choices {
            numbered.push(choice.clone());
            writeln!(out, "  {}. {}", numbered.len(), choice.label)?;
        }
    }
    writeln!(out)?;
    Ok(numbered)
}
