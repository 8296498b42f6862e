//! Between applications: the welcome, the menu of topics, help, languages and free
//! questions answered from the campaign's FAQ.

use casebook_core::Lang;
use casebook_core::campaign::FaqTopic;
use casebook_core::text::{detect_language, has_chinese};

use super::{Dialogue, Engine, FileInput, Outcome, Reply, State, texts};
use casebook_core::faq::best_topic;

pub(super) fn language_question(lang: Lang) -> Reply {
    Reply::with_choices(texts::language_question(lang), texts::languages())
}

/// The language a typed answer to the language question names: a code ("fr"), a name in
/// itself or in English ("Français", "French"), or else the language it is written in;
/// `current` when none of these says.
pub(super) fn language_typed(message: &str, current: Lang) -> Lang {
    let lower = message.trim().to_lowercase();
    let english_names = [
        "arabic", "chinese", "english", "french", "russian", "spanish",
    ];
    let by_name = Lang::ALL
        .into_iter()
        .zip(english_names)
        .find(|(lang, english)| {
            lower == lang.code()
                || lower.starts_with(&format!("{}-", lang.code()))
                || lower.contains(english)
                || lower.contains(&lang.native_name().to_lowercase())
        });
    match by_name {
        Some((lang, _)) => lang,
        None => detect_language(message)
            .or_else(|| has_chinese(message).then_some(Lang::Zh))
            .unwrap_or(current),
    }
}

impl Engine {
    pub(super) fn start(&self, lang: Lang) -> Vec<Reply> {
        vec![self.welcome(lang), self.menu(lang)]
    }

    pub(super) fn cancel(&self, dialogue: &Dialogue) -> Vec<Reply> {
        let lang = dialogue.lang;
        let stopped = texts::stopped(lang, !dialogue.applications.is_empty());
        vec![Reply::text(stopped), self.menu(lang)]
    }

    pub(super) fn language_chosen(&self, lang: Lang) -> Vec<Reply> {
        vec![Reply::text(texts::will_answer_in(lang)), self.menu(lang)]
    }

    pub(super) fn faq_topic(&self, id: &str, lang: Lang) -> Vec<Reply> {
        match self.campaign().faq().iter().find(|t| t.id == id) {
            Some(topic) => vec![self.answer(topic, lang), self.menu(lang)],
            None => vec![self.menu(lang)],
        }
    }

    /// A question in the asker's own words: the FAQ's answer, or passed to the organizers.
    pub(super) fn free_question(&self, message: &str, lang: Lang) -> Outcome {
        match best_topic(self.campaign(), message) {
            Some(topic) => Outcome::to(State::Menu, vec![self.answer(topic, lang)]),
            None if message.is_empty() => Outcome::to(State::Menu, vec![self.menu(lang)]),
            None => {
                let contact = &self.campaign().contact();
                let sorry =
                    texts::not_understood(lang, contact.name.get(lang), contact.email.as_str());
                Outcome {
                    unanswered: Some(message.to_string()),
                    ..Outcome::to(State::Menu, vec![Reply::text(sorry), self.menu(lang)])
                }
            }
        }
    }

    fn welcome(&self, lang: Lang) -> Reply {
        let c = self.campaign();
        let deadline = c.deadline_text(lang);
        let status = if c.is_open(self.now()) {
            texts::open_until(lang, &deadline)
        } else {
            texts::closed_but_answering(lang, &deadline)
        };
        Reply::text(texts::welcome(lang, c.title().get(lang), &status))
    }

    pub(super) fn menu(&self, lang: Lang) -> Reply {
        let mut choices = Vec::new();
        if self.campaign().is_open(self.now()) {
            choices.push(texts::apply_now(lang));
        }
        choices.extend(
            self.campaign()
                .faq()
                .iter()
                .map(|t| super::Choice::new(t.question.get(lang), format!("/faq {}", t.id))),
        );
        choices.push(texts::switch_language(lang));
        Reply::with_choices(texts::what_to_know(lang), choices)
    }

    pub(super) fn help(&self, lang: Lang) -> Reply {
        let mut text = texts::help(lang);
        match self.files.as_ref().map(|f| f.1) {
            Some(FileInput::Paths) => text.push_str(&texts::help_paths(lang)),
            Some(FileInput::Documents { .. }) => text.push_str(&texts::help_documents(lang)),
            None => {}
        }
        Reply::text(text)
    }

    /// A topic's answer; one about the deadline says so once the call has closed.
    fn answer(&self, topic: &FaqTopic, lang: Lang) -> Reply {
        let mut text = topic.answer.get(lang).to_string();
        if topic.about_deadline && !self.campaign().is_open(self.now()) {
            text = texts::then(lang, &text, &texts::now_closed(lang));
        }
        Reply::text(text)
    }
}
