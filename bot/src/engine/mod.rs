//! The conversation: `(dialogue, message) -> (dialogue, replies)`, with no channel type
//! in sight. Front ends (terminal, Telegram, WeChat) only carry text and choices.
//!
//! [`Engine::handle`] reads the message against the choices on offer, routes global
//! commands, then matches the state; each handler returns the next state and the replies.

mod command;
mod dialogue;
mod files;
mod links;
mod menu;
mod review;
mod steps;
#[cfg(test)]
mod tests;
mod texts;

use casebook_core::application::MAX_SECTION_CHARS;
use casebook_core::text::detect_language;
use casebook_core::{
    Application, ApplicationError, ApplicationId, ApplicationService, AttachmentService, Campaign,
    ChatIdentity, EditToken, Lang,
};
use jiff::Timestamp;

pub use command::Command;
pub use dialogue::{Choice, Dialogue, Reply, State, Turn};
pub use files::{FileInput, FileOffer};

use dialogue::{Outcome, Pressed};

use crate::wizard::Step;

/// The longest message the engine reads: a whole section and some room around it.
pub const MAX_MESSAGE_CHARS: usize = MAX_SECTION_CHARS + 1_000;

/// The engine: the campaign's FAQ and the applicant service behind the wizard.
#[derive(Clone)]
pub struct Engine {
    apps: ApplicationService,
    /// Where files go, and how this front end's applicants send them.
    files: Option<(AttachmentService, FileInput)>,
}

impl Engine {
    pub fn new(apps: ApplicationService) -> Engine {
        Engine { apps, files: None }
    }

    /// Lets applicants add files to their draft: the wizard asks for them, and
    /// [`Engine::offer_file`] / [`Engine::receive_file`] take them.
    pub fn with_attachments(mut self, attachments: AttachmentService, input: FileInput) -> Engine {
        self.files = Some((attachments, input));
        self
    }

    fn campaign(&self) -> &Campaign {
        self.apps.campaign()
    }

    /// The engine's clock.
    pub fn now(&self) -> Timestamp {
        self.apps.now()
    }

    /// Whether the question being asked wants a long text (one of the four sections), so
    /// a front end that reads line by line takes several lines as one answer.
    pub fn expects_long_text(dialogue: &Dialogue) -> bool {
        matches!(dialogue.state, State::Applying { step, .. } if step.section().is_some())
    }

    /// Answers one message. A message longer than [`MAX_MESSAGE_CHARS`] is refused
    /// before any other work.
    pub async fn handle(&self, dialogue: &Dialogue, message: &str) -> Turn {
        let mut dialogue = dialogue.clone();
        if message.chars().nth(MAX_MESSAGE_CHARS).is_some() {
            let text = texts::too_long(dialogue.lang, MAX_MESSAGE_CHARS, MAX_SECTION_CHARS);
            return Turn {
                dialogue,
                replies: vec![Reply::text(text)],
                unanswered: None,
            };
        }
        self.give_up_tokens(&mut dialogue).await;
        let message = message.trim();
        let offered = self.choices_on_offer(&dialogue);
        let command = Command::parse(message).is_some();
        let pressed = dialogue::press(&offered, message);
        // Outside the wizard (whose answers are names, countries and English sections), a
        // message clearly written in one of the six languages is answered in it; a button
        // pressed by its label or number is no message of the asker's own.
        if !matches!(
            dialogue.state,
            State::Applying { .. } | State::ChoosingLanguage
        ) && !command
            && !matches!(pressed, Pressed::Choice(_))
            && let Some(lang) = detect_language(message)
        {
            dialogue.lang = lang;
        }
        let outcome = match pressed {
            // An answer to an earlier year's draft, whose call has closed since.
            _ if !command && let Some(left) = self.earlier_draft_left(&dialogue).await => left,
            Pressed::Choice(data) => {
                let data = data.to_string();
                self.route(&mut dialogue, &data).await
            }
            Pressed::NoSuchChoice if !matches!(dialogue.state, State::Applying { .. }) => {
                self.show_again(&dialogue).await
            }
            Pressed::NoSuchChoice | Pressed::Text(_) => self.route(&mut dialogue, message).await,
        };
        dialogue.state = outcome.state;
        self.remember_choices(&mut dialogue, &outcome.replies);
        Turn {
            dialogue,
            replies: outcome.replies,
            unanswered: outcome.unanswered,
        }
    }

    /// Global commands first, whatever the state; then the state's own handler.
    async fn route(&self, dialogue: &mut Dialogue, message: &str) -> Outcome {
        let lang = dialogue.lang;
        let state = dialogue.state.clone();
        let command = Command::parse(message);
        match (command, state) {
            (Some(Command::Start), _) => Outcome::to(State::Menu, self.start(lang)),
            (Some(Command::Help), state) => Outcome::to(state, vec![self.help(lang)]),
            (Some(Command::Cancel), _) => Outcome::to(State::Menu, self.cancel(dialogue)),
            (Some(Command::Language), _) => {
                Outcome::to(State::ChoosingLanguage, vec![menu::language_question(lang)])
            }
            (Some(Command::SetLanguage(tag)), _) => {
                dialogue.lang = Lang::from_tag(&tag);
                Outcome::to(State::Menu, self.language_chosen(dialogue.lang))
            }
            (Some(Command::Faq(id)), state) => Outcome::to(state, self.faq_topic(&id, lang)),
            (
                Some(Command::Area(_)),
                State::Applying {
                    step: Step::Area,
                    editing,
                },
            ) => {
                self.answer_step(dialogue, Step::Area, editing, message)
                    .await
            }
            (Some(Command::Done), State::Applying { step, editing }) if step.optional() => {
                self.finish_step(dialogue, step, editing, Vec::new()).await
            }
            (Some(Command::Apply), _) => self.apply(dialogue).await,
            (Some(Command::Status), state) => Outcome::to(state, vec![self.status(dialogue).await]),
            (Some(Command::Edit(field)), state) => self.edit(dialogue, &field, state),
            (Some(Command::Submit), _) => self.submit(dialogue).await,
            (Some(Command::Link(None)), state) => {
                Outcome::to(state, vec![self.make_link(dialogue).await])
            }
            (Some(Command::Link(Some(code))), state) => self.use_link(dialogue, &code, state).await,
            (Some(Command::Stop), state) => {
                let chat = dialogue.chat_identity();
                let reply = match self.apps.stop_reminders(&chat).await {
                    Ok(()) => texts::reminders_stopped(lang),
                    Err(e) => {
                        tracing::error!(error = %e, "an opt-out could not be recorded");
                        texts::trouble(lang)
                    }
                };
                Outcome::to(state, vec![Reply::text(reply)])
            }
            (Some(Command::Unknown(_) | Command::Area(_)), state) => Outcome::to(
                state,
                vec![Reply::text(texts::unknown_command(lang)), self.help(lang)],
            ),
            // Anything else is text for the state: "done" outside a list is an answer.
            (Some(Command::Done) | None, State::ChoosingLanguage) => {
                dialogue.lang = menu::language_typed(message, dialogue.lang);
                Outcome::to(State::Menu, self.language_chosen(dialogue.lang))
            }
            (Some(Command::Done) | None, State::Applying { step, editing }) => {
                self.answer_step(dialogue, step, editing, message).await
            }
            (Some(Command::Done) | None, State::Reviewing) => {
                Outcome::to(State::Reviewing, vec![self.summary(dialogue).await])
            }
            (Some(Command::Done) | None, State::Menu) => self.free_question(message, lang),
        }
    }

    /// What is on offer in the current state, shown again (for a choice that is not one).
    async fn show_again(&self, dialogue: &Dialogue) -> Outcome {
        let lang = dialogue.lang;
        let reply = match &dialogue.state {
            State::Menu => self.menu(lang),
            State::ChoosingLanguage => menu::language_question(dialogue.lang),
            State::Reviewing => self.summary(dialogue).await,
            State::Applying { step, .. } => self.ask(*step, lang),
        };
        Outcome::to(dialogue.state.clone(), vec![reply])
    }

    /// The choices on offer: those kept with the conversation, or the state's usual ones.
    fn choices_on_offer(&self, dialogue: &Dialogue) -> Vec<Choice> {
        match &dialogue.offered {
            Some(offered) => offered.clone(),
            None => self.usual_choices(&dialogue.state, dialogue.lang),
        }
    }

    /// What a state offers when nothing else was shown: the menu's, the language
    /// question's, the step's (none for a free-text question). A summary's depend on the
    /// draft, so they are always kept.
    fn usual_choices(&self, state: &State, lang: Lang) -> Vec<Choice> {
        match state {
            State::Menu => self.menu(lang).choices,
            State::ChoosingLanguage => menu::language_question(lang).choices,
            State::Applying { step, .. } => self.ask(*step, lang).choices,
            State::Reviewing => Vec::new(),
        }
    }

    /// Remembers the choices a turn showed. Choices stay on offer until new ones are
    /// shown, as buttons stay on a screen; a question answered in free text withdraws them
    /// (its answer is never taken for one).
    fn remember_choices(&self, dialogue: &mut Dialogue, replies: &[Reply]) {
        let shown: Vec<Choice> = replies.iter().flat_map(|r| r.choices.clone()).collect();
        if shown.is_empty() {
            // While applying, what is on offer is what the step's question offers.
            if matches!(dialogue.state, State::Applying { .. }) {
                dialogue.offered = None;
            }
            return;
        }
        let usual = self.usual_choices(&dialogue.state, dialogue.lang);
        dialogue.offered = (shown != usual).then_some(shown);
    }

    /// What to say to someone coming back to a saved conversation: where they were.
    pub async fn resume(&self, dialogue: &Dialogue) -> Vec<Reply> {
        // Left in an earlier year's draft: there is nothing to carry on with.
        if let Some(left) = self.earlier_draft_left(dialogue).await {
            return left.replies;
        }
        let greeting = Reply::text(texts::welcome_back(dialogue.lang));
        let Outcome { replies, .. } = self.show_again(dialogue).await;
        std::iter::once(greeting).chain(replies).collect()
    }

    /// The application this conversation works on (the newest), and the chat that opens it.
    fn current(&self, dialogue: &Dialogue) -> Option<(ApplicationId, ChatIdentity)> {
        let draft = dialogue.applications.last()?;
        Some((ApplicationId::parse(&draft.id)?, dialogue.chat_identity()))
    }

    async fn read_current(&self, dialogue: &Dialogue) -> Option<Application> {
        let (id, chat) = self.current(dialogue)?;
        self.apps.read(id, &chat).await.ok()
    }

    /// A conversation saved by an earlier version kept each application's edit token:
    /// the chat becomes an owner instead, and the token is dropped (kept only while the
    /// store cannot be reached, to try again with the next message).
    async fn give_up_tokens(&self, dialogue: &mut Dialogue) {
        let chat = dialogue.chat_identity();
        for draft in &mut dialogue.applications {
            let (Some(token), Some(id)) = (&draft.token, ApplicationId::parse(&draft.id)) else {
                continue;
            };
            match self
                .apps
                .adopt_in_chat(id, &EditToken::presented(token), &chat)
                .await
            {
                Ok(_) | Err(ApplicationError::NotFound) => draft.token = None,
                Err(e) => tracing::warn!(error = %e, "a saved token could not be given up yet"),
            }
        }
    }

    /// The store failed; the service has logged it.
    fn trouble(&self, lang: Lang) -> Reply {
        Reply::text(texts::trouble(lang))
    }
}
