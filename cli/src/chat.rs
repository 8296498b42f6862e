//! `casebook chat`: the bot in the terminal. Buttons are shown numbered; typing the
//! number or the label presses one. Works with piped input too (one message per line).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use casebook_bot::{Choice, Dialogue, Engine, Turn};
use casebook_core::{Campaign, Clock, Lang};

#[derive(clap::Args)]
pub struct ChatArgs {
    /// Directory of casebook's data (shared with `casebook serve`); questions the bot
    /// could not answer are kept there for the organizers.
    #[arg(long, env = "CASEBOOK_DATA_DIR", default_value = "casebook-data")]
    data_dir: PathBuf,

    /// Language to start in: en or zh (writing in Chinese switches to Chinese).
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    lang: String,
}

pub fn run(args: ChatArgs, campaign: Campaign, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let engine = Engine::new(Arc::new(campaign));
    let mut dialogue = Dialogue {
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
    let turn = engine.handle(&dialogue, "/start", clock.now());
    let mut choices = show(&mut out, &turn)?;
    dialogue = turn.dialogue;
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
        let turn = engine.handle(&dialogue, &message, clock.now());
        if let Some(question) = &turn.unanswered {
            record_unanswered(&args.data_dir, question, clock.now())?;
        }
        // Buttons stay pressable until new ones are shown.
        let shown = show(&mut out, &turn)?;
        if !shown.is_empty() {
            choices = shown;
        }
        dialogue = turn.dialogue;
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
fn show(out: &mut impl Write, turn: &Turn) -> anyhow::Result<Vec<Choice>> {
    let mut numbered = Vec::new();
    for reply in &turn.replies {
        writeln!(out, "{}", reply.text)?;
        for choice in &reply.choices {
            numbered.push(choice.clone());
            writeln!(out, "  {}. {}", numbered.len(), choice.label)?;
        }
    }
    writeln!(out)?;
    Ok(numbered)
}

/// Keeps a question the bot could not answer, one JSON line each, for the organizers.
fn record_unanswered(
    data_dir: &std::path::Path,
    question: &str,
    at: jiff::Timestamp,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let path = data_dir.join("unanswered.jsonl");
    let line =
        serde_json::json!({ "at": at.to_string(), "channel": "terminal", "question": question });
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    writeln!(file, "{line}").with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
