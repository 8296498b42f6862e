//! What the engine keeps of a conversation between messages, and what it says back.

use casebook_core::{ChatIdentity, DraftRef, Lang};
use serde::{Deserialize, Serialize};

use crate::wizard::Step;

/// What the bot remembers of one conversation between messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialogue {
    pub lang: Lang,
    pub state: State,
    /// Every application started in this conversation, newest last (for `/status`). The
    /// chat owns them: no token is kept.
    #[serde(default)]
    pub applications: Vec<DraftRef>,
    /// The chat this conversation is held in (`telegram:12345`), which owns its
    /// applications; set by [`crate::conversation`] from the conversation's key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chat: String,
    /// The choices offered last, in the order they were shown, when they are not the
    /// state's usual ones (`None`: the menu, the language question's, or the step's):
    /// typing one's label or its number (from 1) acts as pressing it, on every front end.
    /// Kept only when needed, so the saved conversation stays small.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offered: Option<Vec<Choice>>,
    /// Replies that could not be sent (the channel failed after the answer was saved),
    /// kept to be sent before anything else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undelivered: Vec<Reply>,
}

impl Dialogue {
    /// The chat a conversation is held in, which owns its applications.
    pub(crate) fn chat_identity(&self) -> ChatIdentity {
        ChatIdentity(self.chat.clone())
    }
}

/// What a typed message means given the choices on offer: the pressed choice's data for
/// its label (any case) or its number, the message itself otherwise.
pub(crate) fn press<'a>(offered: &'a [Choice], message: &'a str) -> Pressed<'a> {
    let typed = message.trim();
    let by_number = typed
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| offered.get(i));
    let by_label = || {
        let typed = typed.to_lowercase();
        offered
            .iter()
            .find(|c| c.label.trim().to_lowercase() == typed)
    };
    match by_number.or_else(by_label) {
        Some(choice) => Pressed::Choice(&choice.data),
        // A bare number or a lone character means a choice, never a question.
        None if typed.parse::<u64>().is_ok() || typed.chars().count() == 1 => Pressed::NoSuchChoice,
        None => Pressed::Text(typed),
    }
}

/// A typed message read against the choices on offer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Pressed<'a> {
    Choice(&'a str),
    /// A number or a single character that names no choice.
    NoSuchChoice,
    Text(&'a str),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Between questions.
    #[default]
    Menu,
    /// Asked which language to use.
    ChoosingLanguage,
    /// Filling in an application, one step at a time; `editing` returns to the summary.
    Applying {
        step: Step,
        #[serde(default)]
        editing: bool,
    },
    /// Looking at the summary, about to submit or edit.
    Reviewing,
}

/// A button: what it shows, and what pressing it sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub label: String,
    pub data: String,
}

impl Choice {
    pub fn new(label: impl Into<String>, data: impl Into<String>) -> Choice {
        Choice {
            label: label.into(),
            data: data.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub choices: Vec<Choice>,
}

impl Reply {
    pub fn text(text: impl Into<String>) -> Reply {
        Reply {
            text: text.into(),
            choices: Vec::new(),
        }
    }

    pub fn with_choices(text: impl Into<String>, choices: Vec<Choice>) -> Reply {
        Reply {
            text: text.into(),
            choices,
        }
    }
}

/// The result of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub dialogue: Dialogue,
    pub replies: Vec<Reply>,
    /// A question the bot could not answer, for the organizers' inbox.
    pub unanswered: Option<String>,
}

/// What a handler decided: the state the conversation moves to, and what to say.
pub(crate) struct Outcome {
    pub state: State,
    pub replies: Vec<Reply>,
    /// A question the bot could not answer, for the organizers' inbox.
    pub unanswered: Option<String>,
}

impl Outcome {
    pub fn to(state: State, replies: Vec<Reply>) -> Outcome {
        Outcome {
            state,
            replies,
            unanswered: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offering(labels: &[(&str, &str)]) -> Vec<Choice> {
        labels.iter().map(|(l, d)| Choice::new(*l, *d)).collect()
    }

    #[test]
    fn a_label_or_a_number_presses_an_offered_choice() {
        let offered = offering(&[("Submit", "/submit"), ("Edit name", "/edit practice_name")]);
        assert_eq!(press(&offered, " submit "), Pressed::Choice("/submit"));
        assert_eq!(press(&offered, "2"), Pressed::Choice("/edit practice_name"));
        assert_eq!(press(&offered, "3"), Pressed::NoSuchChoice);
        assert_eq!(press(&offered, "?"), Pressed::NoSuchChoice);
        assert_eq!(
            press(&offered, "Submit it now"),
            Pressed::Text("Submit it now")
        );
    }
}
