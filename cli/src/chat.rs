//! `casebook chat`: the bot in the terminal. Buttons are shown numbered; typing the
//! number or the label presses one. Works with piped input too (one message per line).
//! A long answer (a section of the application) is every line up to one holding only `.`;
//! on a terminal, a paste is one message whatever the question (bracketed paste).
//! The conversation is kept in the same store as `casebook serve`, so leaving and coming
//! back carries on where it stopped. `/attach PATH` adds a file from this machine to the
//! draft, checked like any upload.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use casebook_bot::conversation::{Channel, ConversationKey};
use casebook_bot::{Dialogue, Engine, FileInput, FileOffer, Reply, conversation};
use casebook_core::NewAttachment;
use casebook_core::lang::{msg, t, text};
use casebook_startup::{Dependencies, Settings};

use crate::data_args::DataArgs;

#[derive(clap::Args)]
pub struct ChatArgs {
    /// Where the data is, shared with `casebook serve`: conversations, applications, and
    /// the questions the bot could not answer, kept for the organizers.
    #[command(flatten)]
    pub data: DataArgs,

    /// Whose conversation this is; each user's is kept apart and resumed.
    #[arg(long, env = "USER", default_value = "local")]
    user: String,
}

pub async fn run(args: ChatArgs, settings: Settings) -> anyhow::Result<()> {
    let (engine, store) = open_chat(&settings).await?;
    let key = ConversationKey::new(Channel::Terminal, args.user.clone());
    let fresh = Dialogue {
        // A new conversation starts in --lang; a question written in another of the six
        // switches, and /language chooses.
        lang: crate::words::lang(),
        ..Dialogue::default()
    };
    let interactive = std::io::stdin().is_terminal();
    let mut out = std::io::stdout().lock();
    // Bracketed paste: the terminal marks pasted text, so a pasted section with its
    // paragraphs arrives as one message. Switched off again however the loop ends.
    let paste = interactive && std::io::stdout().is_terminal();
    let _bracketed = paste.then(BracketedPaste::on);
    if interactive {
        writeln!(out, "{}", crate::words::say!(CLI_CHAT_INTRO))?;
    }
    let opening = match conversation::load(&store, &key).await? {
        Some(dialogue) => engine.resume(&dialogue).await,
        None => {
            conversation::converse(&engine, &store, &key, "/start", &fresh)
                .await?
                .replies
        }
    };
    show(&mut out, &opening)?;
    let mut lines = std::io::stdin().lock().lines();
    loop {
        let dialogue = conversation::load(&store, &key)
            .await?
            .unwrap_or_else(|| fresh.clone());
        let long = Engine::expects_long_text(&dialogue);
        prompt(&mut out, &dialogue, long, interactive)?;
        let Some(typed) = read_message(&mut lines, long)? else {
            break;
        };
        // The engine reads a number or a label as the choice shown with it.
        let message = typed.trim().to_string();
        if matches!(message.trim(), "/quit" | "/exit") {
            break;
        }
        if !interactive {
            // Echo piped input, so a transcript reads like a conversation.
            for line in typed.trim().lines() {
                writeln!(out, "> {line}")?;
            }
        }
        let replies = match attach_path(&message) {
            Some(path) => attach(&engine, &dialogue, path).await,
            None => {
                conversation::converse(&engine, &store, &key, &message, &fresh)
                    .await?
                    .replies
            }
        };
        show(&mut out, &replies)?;
    }
    Ok(())
}

/// The engine and stores of a terminal chat, on the data `casebook serve` uses.
async fn open_chat(settings: &Settings) -> anyhow::Result<(Engine, casebook_core::Stores)> {
    // Files go where `casebook serve` keeps them. The upload links a grant carries are
    // never shown here: the terminal stores the file itself.
    let deps = Dependencies::build(settings)
        .await?
        .with_files(settings)
        .with_mail(settings);
    crate::commands::shared::say_the_clock(&deps, settings.now);
    // A rehearsal moved while chatting is followed, as by `casebook serve`.
    tokio::spawn(crate::serve::refresh_rehearsal_every(
        deps.clone(),
        crate::serve::REHEARSAL_REFRESH,
    ));
    let mut engine = Engine::new(deps.applications());
    if let Some(attachments) = deps.attachments() {
        engine = engine.with_attachments(attachments, FileInput::Paths);
    }
    Ok((engine, deps.stores))
}

/// The line before a message: how to end a long text, and the prompt when a person types.
fn prompt(
    out: &mut impl Write,
    dialogue: &Dialogue,
    long: bool,
    interactive: bool,
) -> std::io::Result<()> {
    if long {
        writeln!(out, "{}", text(dialogue.lang, msg::BOT_LONG_TEXT_HOW))?;
    }
    if interactive {
        write!(out, "> ")?;
        out.flush()?;
    }
    Ok(())
}

const PASTE_START: &str = "\u{1b}[200~";
const PASTE_END: &str = "\u{1b}[201~";

/// Bracketed paste mode while it lives.
struct BracketedPaste;

impl BracketedPaste {
    fn on() -> BracketedPaste {
        print!("\u{1b}[?2004h");
        let _ = std::io::stdout().flush();
        BracketedPaste
    }
}

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        print!("\u{1b}[?2004l");
        let _ = std::io::stdout().flush();
    }
}

/// The next message: one line; a bracketed paste whole; or, when a long text is asked
/// for, every line up to one holding only `.` (or the end of input). A command (`/...`)
/// on the first line is a message of its own, so `/cancel` always works. `None` at the
/// end of input.
fn read_message(
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    long: bool,
) -> anyhow::Result<Option<String>> {
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    let first = first.with_context(|| crate::words::say!(CLI_READING_TERMINAL))?;
    if let Some(pasted) = first.strip_prefix(PASTE_START) {
        let mut text = String::new();
        let mut line = pasted.to_string();
        loop {
            if let Some((body, after)) = line.split_once(PASTE_END) {
                push_capped(&mut text, body);
                push_capped(&mut text, after);
                return Ok(Some(text));
            }
            push_capped(&mut text, &line);
            push_capped(&mut text, "\n");
            match lines.next() {
                Some(next) => {
                    line = next.with_context(|| crate::words::say!(CLI_READING_TERMINAL))?
                }
                None => return Ok(Some(text)),
            }
        }
    }
    if !long || first.trim() == "." || first.trim_start().starts_with('/') {
        return Ok(Some(first));
    }
    let mut text = first;
    for line in lines {
        let line = line.with_context(|| crate::words::say!(CLI_READING_TERMINAL))?;
        if line.trim() == "." {
            break;
        }
        push_capped(&mut text, "\n");
        push_capped(&mut text, &line);
    }
    Ok(Some(text))
}

/// Appends to a message being read, keeping no more than the engine reads (it refuses
/// anything longer with a clear answer): a paste of any size costs bounded memory.
fn push_capped(text: &mut String, more: &str) {
    // Four bytes a character at most: past this the message is too long whatever it is.
    let limit = 4 * (casebook_bot::MAX_MESSAGE_CHARS + 1);
    if text.len() < limit {
        text.push_str(more);
    }
}

/// The path in `/attach PATH` (empty when only `/attach` was typed).
fn attach_path(message: &str) -> Option<&str> {
    let rest = message.trim().strip_prefix("/attach")?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

/// Adds the file at `path` on this machine to the conversation's draft.
async fn attach(engine: &Engine, dialogue: &Dialogue, path: &str) -> Vec<Reply> {
    let lang = dialogue.lang;
    let path = path.trim_matches(['"', '\'']);
    if path.is_empty() {
        return vec![Reply::text(text(lang, msg::BOT_ATTACH_HOW))];
    }
    let path = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    };
    let cannot = |why: String| {
        let path = path.display().to_string();
        vec![Reply::text(t!(
            lang,
            BOT_CANNOT_READ_FILE,
            path = path,
            why = why
        ))]
    };
    let size = match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => meta.len(),
        Ok(_) => return cannot(text(lang, msg::BOT_NOT_A_FILE)),
        Err(e) => return cannot(e.to_string()),
    };
    let offered = NewAttachment {
        filename: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        // Taken from the extension; the bytes are checked against it.
        content_type: String::new(),
        size,
    };
    let attachment = match engine.offer_file(dialogue, offered).await {
        FileOffer::Accepted(attachment) => attachment,
        FileOffer::Refused(replies) => return replies,
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => engine.receive_file(dialogue, &attachment, bytes).await,
        Err(e) => {
            engine.abandon_file(dialogue, &attachment).await;
            cannot(e.to_string())
        }
    }
}

/// Prints the replies, their choices numbered from 1 across the turn as the engine
/// numbers them.
fn show(out: &mut impl Write, replies: &[Reply]) -> anyhow::Result<()> {
    let mut number = 0;
    for reply in replies {
        writeln!(out, "{}", reply.text)?;
        for choice in &reply.choices {
            number += 1;
            writeln!(out, "  {number}. {}", choice.label)?;
        }
    }
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str, long: bool) -> Vec<String> {
        let mut lines = input.lines().map(|l| Ok(l.to_string()));
        let mut messages = Vec::new();
        while let Some(m) = read_message(&mut lines, long).unwrap() {
            messages.push(m);
        }
        messages
    }

    #[test]
    fn a_bracketed_paste_is_one_message_whatever_the_question() {
        let input =
            "\u{1b}[200~Origins\nThe first paragraph.\n\nMore\nThe second.\u{1b}[201~\nLi Wei";
        assert_eq!(
            read_all(input, false),
            [
                "Origins\nThe first paragraph.\n\nMore\nThe second.",
                "Li Wei"
            ]
        );
    }

    #[test]
    fn a_long_answer_runs_to_a_lone_dot_and_a_command_stands_alone() {
        assert_eq!(
            read_all("Origins\nText.\n\nMore\nText.\n.\nLi Wei", true),
            ["Origins\nText.\n\nMore\nText.", "Li Wei"]
        );
        assert_eq!(read_all("/cancel\nLi Wei", true), ["/cancel", "Li Wei"]);
        assert_eq!(read_all("one\ntwo", false), ["one", "two"]);
    }

    #[test]
    fn an_endless_long_answer_is_kept_only_as_far_as_the_engine_reads() {
        let line = "word ".repeat(1_000);
        let input = format!("{}.\nLi Wei", format!("{line}\n").repeat(200));
        let messages = read_all(&input, true);
        assert_eq!(messages.len(), 2);
        let cap = 4 * (casebook_bot::MAX_MESSAGE_CHARS + 1);
        assert!(
            messages[0].len() >= casebook_bot::MAX_MESSAGE_CHARS,
            "still too long to answer"
        );
        assert!(
            messages[0].len() <= cap + line.len() + 1,
            "{} bytes",
            messages[0].len()
        );
        assert_eq!(messages[1], "Li Wei");
    }
}
