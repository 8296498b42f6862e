//! `casebook chat`: the bot in the terminal. Buttons are shown numbered; typing the
//! number or the label presses one. Works with piped input too (one message per line).
//! The conversation is kept in the same store as `casebook serve`, so leaving and coming
//! back carries on where it stopped.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use casebook_bot::{Choice, Dialogue, Engine, Reply};
use casebook_core::{
    ApplicationService, ApplicationStore, Campaign, Clock, Lang, StoreError, UnansweredQuestion,
};
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

/// The saved conversation of one terminal user, written only over the version read.
struct Saved {
    store: SqliteStore,
    key: String,
    version: Option<u64>,
}

impl Saved {
    async fn load(&mut self) -> anyhow::Result<Option<Dialogue>> {
        let Some(saved) = self.store.load_dialogue(&self.key).await? else {
            return Ok(None);
        };
        self.version = Some(saved.version);
        // A state this version cannot read (from a newer casebook) starts afresh.
        Ok(serde_json::from_str(&saved.state).ok())
    }

    /// Saves; `false` if the conversation moved on elsewhere meanwhile.
    async fn save(&mut self, dialogue: &Dialogue, at: jiff::Timestamp) -> anyhow::Result<bool> {
        let json = serde_json::to_string(dialogue)?;
        match self
            .store
            .save_dialogue(&self.key, &json, self.version, at)
            .await
        {
            Ok(version) => {
                self.version = Some(version);
                Ok(true)
            }
            Err(StoreError::Conflict) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
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
    let mut saved = Saved {
        store,
        key: format!("terminal:{}", args.user),
        version: None,
    };
    let interactive = std::io::stdin().is_terminal();
    let mut out = std::io::stdout().lock();
    if interactive {
        writeln!(
            out,
            "(casebook chat: type a question, a number to press a button, or /quit to leave)"
        )?;
    }
    let (mut dialogue, opening) = match saved.load().await? {
        Some(dialogue) => {
            let replies = engine.resume(&dialogue).await;
            (dialogue, replies)
        }
        None => {
            let fresh = Dialogue {
                lang: Lang::from_tag(&args.lang),
                ..Dialogue::default()
            };
            let turn = engine.handle(&fresh, "/start").await;
            saved.save(&turn.dialogue, clock.now()).await?;
            (turn.dialogue, turn.replies)
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
        let mut turn = engine.handle(&dialogue, &message).await;
        if !saved.save(&turn.dialogue, clock.now()).await? {
            // The same user went on in another terminal: answer from where that left it.
            dialogue = saved.load().await?.unwrap_or_default();
            turn = engine.handle(&dialogue, &message).await;
            saved.save(&turn.dialogue, clock.now()).await?;
        }
        if let Some(question) = &turn.unanswered {
            let question = UnansweredQuestion {
                id: uuid::Uuid::new_v4().to_string(),
                channel: "terminal".into(),
                text: question.clone(),
                asked_at: clock.now(),
            };
            saved.store.record_question(&question).await?;
        }
        // Buttons stay pressable until new ones are shown.
        let shown = show(&mut out, &turn.replies)?;
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
