//! Continuing elsewhere (`/link`: a one-time code) and the list of the chat's applications.

use casebook_core::{Application, ApplicationError, ApplicationId, DraftRef, LINK_MINUTES, Lang};

use super::{Dialogue, Engine, Outcome, Reply, State, texts};

impl Engine {
    /// A one-time code that opens the current draft in another chat or over HTTP.
    pub(super) async fn make_link(&self, dialogue: &Dialogue) -> Reply {
        let lang = dialogue.lang;
        let Some((id, chat)) = self.current(dialogue) else {
            return Reply::text(texts::nothing_to_link(lang));
        };
        match self.apps.create_link(id, &chat).await {
            Ok(link) => Reply::text(texts::link_code(lang, &link.code, LINK_MINUTES)),
            Err(_) => self.trouble(lang),
        }
    }

    /// Opens in this chat the application a code from another chat (or the HTTP API)
    /// carries.
    pub(super) async fn use_link(
        &self,
        dialogue: &mut Dialogue,
        code: &str,
        state: State,
    ) -> Outcome {
        let lang = dialogue.lang;
        let chat = dialogue.chat_identity();
        let app = match self.apps.redeem_link_in_chat(code, &chat).await {
            Ok(app) => app,
            Err(ApplicationError::LinkCodeInvalid) => {
                return Outcome::to(state, vec![Reply::text(texts::link_invalid(lang))]);
            }
            Err(_) => return Outcome::to(state, vec![self.trouble(lang)]),
        };
        let draft = DraftRef::to(&app);
        dialogue.applications.retain(|d| d.id != draft.id);
        dialogue.applications.push(draft);
        Outcome::to(State::Menu, vec![Reply::text(texts::linked(lang))])
    }

    /// Every application of this chat, with its reference and status.
    pub(super) async fn status(&self, dialogue: &Dialogue) -> Reply {
        let lang = dialogue.lang;
        if dialogue.applications.is_empty() {
            return Reply::text(texts::no_applications(lang));
        }
        let mut lines = vec![texts::your_applications(lang)];
        for app in self.chat_applications(dialogue).await {
            lines.push(self.application_line(&app, lang));
        }
        Reply::text(lines.join("\n"))
    }

    /// Every application of this chat that can be read, oldest first.
    pub(super) async fn chat_applications(&self, dialogue: &Dialogue) -> Vec<Application> {
        let chat = dialogue.chat_identity();
        let mut apps = Vec::with_capacity(dialogue.applications.len());
        for draft in &dialogue.applications {
            let Some(id) = ApplicationId::parse(&draft.id) else {
                continue;
            };
            if let Ok(app) = self.apps.read(id, &chat).await {
                apps.push(app);
            }
        }
        apps
    }

    /// `- Village Links: PC2024-0001 in the Collection`, in the chat's language, with its
    /// call's year when that is not the open one.
    pub(super) fn application_line(&self, app: &Application, lang: Lang) -> String {
        let name = app
            .content
            .practice_name
            .clone()
            .unwrap_or_else(|| texts::no_name_yet(lang));
        let reference = app
            .reference
            .as_ref()
            .map(|r| format!("{r} "))
            .unwrap_or_default();
        let year = if app.campaign == self.campaign().year() {
            String::new()
        } else {
            texts::of_call(lang, app.campaign)
        };
        let colon = texts::label_colon(lang);
        let state = app.status.label(lang);
        format!("- {name}{colon}{reference}{state}{year}")
    }
}
