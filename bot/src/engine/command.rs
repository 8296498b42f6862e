//! The commands a message can carry (`/apply`, `/edit email`, ...), parsed once and
//! testable without a store.

use std::sync::LazyLock;

use casebook_core::Lang;
use casebook_core::lang::{msg, text as text_of};

/// A command typed or sent by a button. Unknown commands are kept by name, to say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Help,
    Cancel,
    /// Asks which language to use.
    Language,
    /// Switches to a language by tag (`/lang zh`).
    SetLanguage(String),
    /// A FAQ topic by id (a menu button).
    Faq(String),
    /// An area by id (a button pressed while the area is asked).
    Area(String),
    Apply,
    Status,
    /// Changes one answer (`/edit email`), or asks which.
    Edit(String),
    Submit,
    /// Makes a code to continue elsewhere (no code) or takes one (a code).
    Link(Option<String>),
    /// Finishes a list or skips an optional answer (`/done`, `/skip`, or the words).
    Done,
    /// No more reminders to this chat (`/stop`, or the word STOP or 退订 alone).
    Stop,
    Unknown(String),
}

impl Command {
    /// The command `message` carries, or `None` for plain text. The words "done" and
    /// "skip" (and their Chinese) count as [`Command::Done`], as their buttons send them.
    pub fn parse(message: &str) -> Option<Command> {
        let message = message.trim();
        if is_done_word(message) {
            return Some(Command::Done);
        }
        if matches!(message.to_lowercase().as_str(), "stop" | "/stop" | "退订") {
            return Some(Command::Stop);
        }
        let rest = message.strip_prefix('/')?;
        let (name, argument) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let argument = argument.trim().to_string();
        Some(match name.to_ascii_lowercase().as_str() {
            "start" => Command::Start,
            "help" => Command::Help,
            "cancel" => Command::Cancel,
            "language" => Command::Language,
            "lang" => Command::SetLanguage(argument),
            "faq" => Command::Faq(argument),
            "area" => Command::Area(argument),
            "apply" => Command::Apply,
            "status" => Command::Status,
            "edit" => Command::Edit(argument),
            "submit" => Command::Submit,
            "link" if argument.is_empty() => Command::Link(None),
            "link" => Command::Link(Some(argument)),
            _ => Command::Unknown(name.to_string()),
        })
    }
}

/// Words that finish a list or skip an optional answer: the commands, and the Done and
/// Skip buttons' labels in each of the six languages.
fn is_done_word(text: &str) -> bool {
    static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let labels = Lang::ALL
            .into_iter()
            .flat_map(|lang| [text_of(lang, msg::BOT_DONE), text_of(lang, msg::BOT_SKIP)]);
        ["/done", "/skip"]
            .into_iter()
            .map(str::to_string)
            .chain(labels.map(|label| label.to_lowercase()))
            .collect()
    });
    let typed = text.trim().to_lowercase();
    WORDS.contains(&typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_alone_stops_the_reminders_and_inside_a_sentence_does_not() {
        for stop in ["STOP", "stop", " Stop ", "/stop", "退订"] {
            assert_eq!(Command::parse(stop), Some(Command::Stop), "{stop:?}");
        }
        assert_eq!(Command::parse("stop the rain"), None);
    }

    #[test]
    fn commands_are_read_whatever_the_case_and_spacing() {
        assert_eq!(Command::parse("/START"), Some(Command::Start));
        assert_eq!(
            Command::parse("/edit  email "),
            Some(Command::Edit("email".into()))
        );
        assert_eq!(Command::parse("/link"), Some(Command::Link(None)));
        assert_eq!(
            Command::parse("/link ab12cd34"),
            Some(Command::Link(Some("ab12cd34".into())))
        );
        assert_eq!(
            Command::parse("/frobnicate now"),
            Some(Command::Unknown("frobnicate".into()))
        );
        assert_eq!(Command::parse("when is the deadline?"), None);
    }

    #[test]
    fn done_and_skip_are_commands_in_either_language() {
        for word in ["done", "Done", "/skip", "跳过", "完成"] {
            assert_eq!(Command::parse(word), Some(Command::Done), "{word}");
        }
        assert_eq!(Command::parse("done with it"), None);
    }
}
