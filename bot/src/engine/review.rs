//! The summary of a draft, the menu of answers to edit, and submitting.

use casebook_core::text::word_count;
use casebook_core::{
    ApplicationContent, ApplicationError, AttachmentStatus, Confirmation, Lang, Problem,
    ProblemKind, SectionKey,
};

use super::{Choice, Dialogue, Engine, Outcome, Reply, State, texts};
use crate::wizard::Step;

impl Engine {
    /// Every answer, what still blocks submission, and the choices to edit or submit.
    pub(super) async fn summary(&self, dialogue: &Dialogue) -> Reply {
        let lang = dialogue.lang;
        let Some(app) = self.read_current(dialogue).await else {
            return self.menu(lang);
        };
        let mut lines = vec![texts::your_application(lang)];
        lines.extend(self.content_lines(&app.content, lang));
        if let Some((attachments, _)) = &self.files {
            let files: Vec<String> = attachments
                .list(app.id, &dialogue.chat_identity())
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|a| a.status != AttachmentStatus::Rejected)
                .map(|a| a.filename)
                .collect();
            let labels = texts::summary_labels(lang);
            let (label, colon) = (labels.files, labels.colon);
            lines.push(format!("- {label}{colon}{}", listed(files, lang)));
        }
        let review = self.apps.review(&app);
        let mut choices = Vec::new();
        if review.is_ready() {
            lines.push(texts::ready_to_submit(lang));
            choices.push(texts::submit(lang));
        } else {
            lines.push(texts::still_to_fix(lang));
            lines.extend(review.problems.iter().map(|p| self.bullet(p, lang)));
        }
        for p in &review.warnings {
            lines.push(format!("({})", p.message(self.campaign(), lang)));
        }
        choices.extend(self.edit_menu(lang).choices);
        Reply::with_choices(lines.join("\n"), choices)
    }

    /// The summary's line for each answer of the application.
    fn content_lines(&self, c: &ApplicationContent, lang: Lang) -> Vec<String> {
        let none = texts::not_given(lang);
        let none = none.as_str();
        let or_none = |v: Option<&str>| v.unwrap_or(none).to_string();
        let country =
            |k: Option<casebook_core::CountryCode>| k.map(|k| k.name(lang)).unwrap_or(none);
        let label = texts::summary_labels(lang);
        // Chinese text takes Chinese punctuation.
        let colon = label.colon.as_str();
        let mut lines = Vec::new();
        let mut add = |label: &str, value: String| lines.push(format!("- {label}{colon}{value}"));
        add(&label.practice_name, or_none(c.practice_name.as_deref()));
        let lead = &c.lead_organization;
        add(
            &label.lead,
            format!(
                "{} ({})",
                or_none(lead.name.as_deref()),
                country(lead.country)
            ),
        );
        let partners: Vec<String> = c
            .partners
            .iter()
            .map(|p| format!("{} ({})", or_none(p.name.as_deref()), country(p.country)))
            .collect();
        add(
            &label.partners,
            if partners.is_empty() {
                none.to_string()
            } else {
                casebook_core::lang::list(lang, &partners)
            },
        );
        let countries = c
            .countries
            .iter()
            .map(|k| k.name(lang).to_string())
            .collect();
        add(&label.countries, listed(countries, lang));
        let area = c.area.as_deref().and_then(|a| self.campaign().area(a));
        add(
            &label.area,
            area.map_or_else(|| none.to_string(), |a| a.name.get(lang).to_string()),
        );
        for key in SectionKey::ALL {
            let title = self.campaign().sections().get(key).title.get(lang);
            let words = c.sections.get(key).map(word_count);
            add(
                title,
                words.map_or_else(|| none.to_string(), |n| texts::word_total(lang, n)),
            );
        }
        let email = c.contact.email.as_ref().map(|e| e.as_str());
        add(
            &label.contact,
            format!(
                "{} <{}>",
                or_none(c.contact.name.as_deref()),
                or_none(email)
            ),
        );
        add(
            &label.collecting,
            or_none(c.collecting_organization.as_deref()),
        );
        lines
    }

    fn bullet(&self, problem: &Problem, lang: Lang) -> String {
        format!("* {}", problem.message(self.campaign(), lang))
    }

    /// One choice per answer that can be changed.
    pub(super) fn edit_menu(&self, lang: Lang) -> Reply {
        let choices = Step::ALL
            .iter()
            .zip(texts::edit_labels(lang))
            .filter(|(s, _)| self.has_step(**s))
            .map(|(s, label)| Choice::new(label, format!("/edit {}", s.field())))
            .collect();
        Reply::with_choices(texts::which_answer(lang), choices)
    }

    pub(super) async fn submit(&self, dialogue: &Dialogue) -> Outcome {
        let lang = dialogue.lang;
        let state = dialogue.state.clone();
        let Some((id, chat)) = self.current(dialogue) else {
            return Outcome::to(state, vec![Reply::text(texts::nothing_to_submit(lang))]);
        };
        match self.apps.submit(id, &chat, lang).await {
            Ok(app) => {
                let reference = app.reference.map(|r| r.to_string()).unwrap_or_default();
                let period = self.campaign().review_period_text(lang);
                let mut replies = vec![Reply::text(texts::submitted(lang, &reference, &period))];
                match app.confirmation {
                    Some(Confirmation::Sent { .. }) => {}
                    Some(Confirmation::Held { .. }) => {
                        replies.push(Reply::text(texts::confirmation_held(lang)));
                    }
                    _ => replies.push(Reply::text(texts::confirmation_pending(lang))),
                }
                Outcome::to(State::Menu, replies)
            }
            Err(ApplicationError::NotReady(problems)) => {
                let mut lines = vec![texts::not_yet(lang)];
                lines.extend(problems.iter().map(|p| self.bullet(p, lang)));
                Outcome::to(
                    State::Reviewing,
                    vec![Reply::text(lines.join("\n")), self.edit_menu(lang)],
                )
            }
            Err(ApplicationError::DeadlinePassed) => {
                let closed = Problem::new(
                    casebook_core::FieldPath::Deadline,
                    ProblemKind::DeadlinePassed,
                );
                Outcome::to(
                    state,
                    vec![Reply::text(closed.message(self.campaign(), lang))],
                )
            }
            Err(_) => Outcome::to(state, vec![self.trouble(lang)]),
        }
    }
}

/// Items joined with the language's list separator and counted, or "not given".
fn listed(items: Vec<String>, lang: Lang) -> String {
    if items.is_empty() {
        texts::not_given(lang)
    } else {
        format!(
            "{} ({})",
            casebook_core::lang::list(lang, &items),
            items.len()
        )
    }
}
