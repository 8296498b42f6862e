//! The wizard: starting or carrying on an application, asking each step's question,
//! saving each answer through the domain and moving on.

use casebook_core::text::word_count;
use casebook_core::{Application, ApplicationError, DraftRef, Lang, ProblemKind, Status};

use super::{Choice, Dialogue, Engine, FileInput, Outcome, Reply, State, texts};
use crate::wizard::{self, Step, Unusable};

impl Engine {
    /// The wizard's next step: the files step only where files can be sent.
    fn next_step(&self, step: Step) -> Option<Step> {
        step.next().filter(|s| self.has_step(*s))
    }

    pub(super) fn has_step(&self, step: Step) -> bool {
        step != Step::Attachments || self.files.is_some()
    }

    /// Starts an application, or carries on with the one in progress.
    pub(super) async fn apply(&self, dialogue: &mut Dialogue) -> Outcome {
        let lang = dialogue.lang;
        if !self.campaign().is_open(self.now()) {
            let deadline = self.campaign().deadline_text(lang);
            let closed = texts::closed_cannot_apply(lang, &deadline);
            return Outcome::to(State::Menu, vec![Reply::text(closed)]);
        }
        let year = self.campaign().year();
        if let Some(app) = self.read_current(dialogue).await
            && app.status == Status::Draft
            && app.campaign == year
        {
            return self.carry_on(dialogue, &app).await;
        }
        // Someone back from an earlier call is greeted with what they sent then.
        let mine = self.chat_applications(dialogue).await;
        let greeting = (!mine.is_empty() && mine.iter().all(|a| a.campaign != year)).then(|| {
            let mut lines = vec![texts::earlier_applications(lang, year)];
            let listed = mine.len().saturating_sub(texts::EARLIER_LISTED);
            lines.extend(
                mine[listed..]
                    .iter()
                    .map(|a| self.application_line(a, lang)),
            );
            Reply::text(lines.join("\n"))
        });
        match self
            .apps
            .create_draft_in_chat(&dialogue.chat_identity(), dialogue.lang)
            .await
        {
            Ok(app) => {
                dialogue.applications.push(DraftRef::to(&app));
                let first = Step::PracticeName;
                let replies = greeting
                    .into_iter()
                    .chain([
                        Reply::text(texts::wizard_intro(lang)),
                        self.ask(first, lang),
                    ])
                    .collect();
                Outcome::to(applying(first), replies)
            }
            Err(_) => Outcome::to(State::Menu, vec![self.trouble(lang)]),
        }
    }

    /// A conversation left in the middle of an earlier year's draft goes back to the
    /// menu, saying why (that draft can no longer be sent); `None` otherwise.
    pub(super) async fn earlier_draft_left(&self, dialogue: &Dialogue) -> Option<Outcome> {
        if !matches!(dialogue.state, State::Applying { .. } | State::Reviewing) {
            return None;
        }
        // Read only for a reference kept before years: the others carry their year.
        let year = match dialogue.applications.last()?.year {
            Some(year) => year,
            None => self.read_current(dialogue).await?.campaign,
        };
        let open = self.campaign().year();
        (year != open).then(|| {
            let text = texts::earlier_draft_closed(dialogue.lang, year, open);
            Outcome::to(State::Menu, vec![Reply::text(text)])
        })
    }

    /// Carries on a draft at its first unanswered step, or shows its summary.
    async fn carry_on(&self, dialogue: &Dialogue, app: &Application) -> Outcome {
        let lang = dialogue.lang;
        let review = self.apps.review(app);
        let missing = Step::ALL.into_iter().find(|s| {
            !s.optional()
                && review
                    .problems
                    .iter()
                    .any(|p| p.field == s.field() && p.kind == ProblemKind::Missing)
        });
        match missing {
            Some(step) => Outcome::to(
                applying(step),
                vec![Reply::text(texts::carry_on(lang)), self.ask(step, lang)],
            ),
            None => Outcome::to(State::Reviewing, vec![self.summary(dialogue).await]),
        }
    }

    /// `/edit FIELD`: asks that step's question again, then returns to the summary.
    pub(super) fn edit(&self, dialogue: &Dialogue, field: &str, state: State) -> Outcome {
        let lang = dialogue.lang;
        let step = Step::from_field(field).filter(|s| self.has_step(*s));
        match (dialogue.applications.last(), step) {
            (Some(_), Some(step)) => Outcome::to(
                State::Applying {
                    step,
                    editing: true,
                },
                vec![self.ask(step, lang)],
            ),
            (Some(_), None) => Outcome::to(state, vec![self.edit_menu(lang)]),
            (None, _) => Outcome::to(state, vec![Reply::text(texts::nothing_to_edit(lang))]),
        }
    }

    /// A step's question, with its choices.
    pub(super) fn ask(&self, step: Step, lang: Lang) -> Reply {
        let text = texts::question(step, self.campaign(), lang);
        let choices: Vec<Choice> = match step {
            Step::Area => self
                .campaign()
                .areas()
                .iter()
                .map(|a| Choice::new(a.name.get(lang), format!("/area {}", a.id)))
                .collect(),
            Step::Partners | Step::Attachments => vec![texts::done(lang)],
            Step::CollectingOrganization => vec![texts::skip(lang)],
            _ => Vec::new(),
        };
        let text = match (step, self.files.as_ref().map(|f| f.1)) {
            (Step::Attachments, Some(FileInput::Documents { max_mb })) => {
                texts::then(lang, &text, &texts::send_documents(lang, max_mb))
            }
            (Step::Attachments, Some(FileInput::Paths)) => {
                texts::then(lang, &text, &texts::send_paths(lang))
            }
            _ => text,
        };
        Reply::with_choices(text, choices)
    }

    /// Saves one answer through the domain; a bad one gets the domain's message and the
    /// same question again.
    pub(super) async fn answer_step(
        &self,
        dialogue: &Dialogue,
        step: Step,
        editing: bool,
        message: &str,
    ) -> Outcome {
        let lang = dialogue.lang;
        let here = State::Applying { step, editing };
        let again = |replies: Vec<Reply>| Outcome::to(here.clone(), replies);
        let Some((id, chat)) = self.current(dialogue) else {
            return Outcome::to(State::Menu, vec![self.menu(lang)]);
        };
        let app = match self.apps.read(id, &chat).await {
            Ok(app) => app,
            Err(_) => return again(vec![self.trouble(lang)]),
        };
        if message.is_empty() {
            return again(vec![self.ask(step, lang)]);
        }
        let patch = match wizard::patch(step, message, &app, self.campaign()) {
            Ok(patch) => patch,
            // Text while files are asked for: say again how to send them.
            Err(Unusable::NotText) => return again(vec![self.ask(step, lang)]),
            Err(Unusable::PartnerFormat) => {
                return again(vec![Reply::text(texts::partner_format(lang))]);
            }
            Err(Unusable::UnknownArea) => {
                let mut ask = self.ask(step, lang);
                ask.text = format!("{} {}", texts::choose_area(lang), ask.text);
                return again(vec![ask]);
            }
        };
        let saved = match self.apps.update_draft(id, &chat, app.version, patch).await {
            Ok(saved) => saved,
            Err(ApplicationError::Invalid(problem)) => {
                let why = Reply::text(problem.message(self.campaign(), lang));
                return again(vec![why, self.ask(step, lang)]);
            }
            Err(_) => return again(vec![self.trouble(lang)]),
        };
        // Blocking problems with this very answer (too many words, not English, one
        // country) send the question back; warnings are passed on as tips.
        let review = self.apps.review(&saved);
        let about =
            |p: &&casebook_core::Problem| p.field == step.field() && p.kind != ProblemKind::Missing;
        let blocking: Vec<String> = review
            .problems
            .iter()
            .filter(about)
            .map(|p| p.message(self.campaign(), lang))
            .collect();
        if !blocking.is_empty() {
            return again(vec![Reply::text(blocking.join("\n")), self.ask(step, lang)]);
        }
        let tips = review
            .warnings
            .iter()
            .filter(about)
            .map(|p| Reply::text(p.message(self.campaign(), lang)));
        let mut notes: Vec<Reply> = self.saved_note(step, &saved, lang).into_iter().collect();
        notes.extend(tips);
        if step == Step::Partners {
            // Stay on the partners list until Done.
            let added = texts::partner_added(lang, saved.content.partners.len());
            notes.push(Reply::with_choices(added, vec![texts::done(lang)]));
            return again(notes);
        }
        self.finish_step(dialogue, step, editing, notes).await
    }

    /// What the bot read from an answer just saved: the countries, a section's words.
    fn saved_note(&self, step: Step, saved: &Application, lang: Lang) -> Option<Reply> {
        if step == Step::Countries {
            let names: Vec<String> = saved
                .content
                .countries
                .iter()
                .map(|c| format!("{} ({c})", c.name(lang)))
                .collect();
            return Some(Reply::text(texts::countries_listed(lang, &names)));
        }
        let key = step.section()?;
        let text = saved.content.sections.get(key)?;
        let limit = self.campaign().sections().get(key).word_limit;
        Some(Reply::text(texts::section_saved(
            lang,
            word_count(text),
            limit,
        )))
    }

    /// Leaves a step (answered, or finished with Done): the next question, or the
    /// summary when the wizard is over or the answer was an edit.
    pub(super) async fn finish_step(
        &self,
        dialogue: &Dialogue,
        step: Step,
        editing: bool,
        mut replies: Vec<Reply>,
    ) -> Outcome {
        match (!editing).then(|| self.next_step(step)).flatten() {
            Some(next) => {
                replies.push(self.ask(next, dialogue.lang));
                Outcome::to(applying(next), replies)
            }
            None => {
                replies.push(self.summary(dialogue).await);
                Outcome::to(State::Reviewing, replies)
            }
        }
    }
}

/// Filling in `step` for the first time.
fn applying(step: Step) -> State {
    State::Applying {
        step,
        editing: false,
    }
}
