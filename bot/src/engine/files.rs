//! Files sent in a chat: offered (checked before any byte is fetched), received (stored
//! and checked), or abandoned when the channel could not hand them over.

use casebook_core::{Attachment, AttachmentError, AttachmentStatus, Lang, NewAttachment};

use super::{Dialogue, Engine, Reply, State, texts};
use crate::wizard::Step;

/// How an applicant hands over a file in a front end that takes files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileInput {
    /// Sent in the chat as a document, up to `max_mb` each (what the channel lets the
    /// bot fetch).
    Documents { max_mb: u32 },
    /// Named by its path: `/attach PATH` (the terminal, on the applicant's own machine).
    Paths,
}

/// A file offered in a chat, accepted for fetching or refused before any byte is fetched.
pub enum FileOffer {
    Accepted(Attachment),
    Refused(Vec<Reply>),
}

impl Engine {
    /// A file the applicant is sending (its name, type and size): checked against the
    /// call's limits and recorded as pending before any byte is fetched, or refused with
    /// the reason. A missing or generic type is taken from the name's extension; the
    /// bytes are checked against the type when they arrive.
    pub async fn offer_file(&self, dialogue: &Dialogue, mut file: NewAttachment) -> FileOffer {
        let lang = dialogue.lang;
        let (Some((attachments, _)), Some((id, chat))) = (&self.files, self.current(dialogue))
        else {
            return FileOffer::Refused(vec![Reply::text(texts::apply_before_files(lang))]);
        };
        let rules = &self.campaign().attachments();
        if rules.type_for(&file.content_type).is_none()
            && let Some(kind) = rules.type_for_filename(&file.filename)
        {
            file.content_type = kind.content_type.clone();
        }
        match attachments.grant_upload(id, &chat, file).await {
            Ok((attachment, _grant)) => FileOffer::Accepted(attachment),
            Err(e) => FileOffer::Refused(vec![Reply::text(self.file_refusal(&e, lang))]),
        }
    }

    /// The bytes of a file [`Engine::offer_file`] accepted: stored and checked, and the
    /// applicant told the outcome (while the wizard asks for files, with how many so far).
    pub async fn receive_file(
        &self,
        dialogue: &Dialogue,
        attachment: &Attachment,
        bytes: Vec<u8>,
    ) -> Vec<Reply> {
        let lang = dialogue.lang;
        let Some((attachments, _)) = &self.files else {
            return Vec::new();
        };
        let checked = match attachments.store_file(attachment, bytes).await {
            Ok(checked) => checked,
            Err(e) => return vec![Reply::text(self.file_refusal(&e, lang))],
        };
        let text = match &checked.reason {
            Some(reason) => reason.message(lang),
            None => texts::file_added(lang, &checked.filename),
        };
        let asking = matches!(
            dialogue.state,
            State::Applying {
                step: Step::Attachments,
                ..
            }
        );
        if !asking {
            return vec![Reply::text(text)];
        }
        let kept = attachments
            .list(checked.application, &dialogue.chat_identity())
            .await
            .map(|all| {
                all.iter()
                    .filter(|a| a.status == AttachmentStatus::Verified)
                    .count()
            })
            .unwrap_or_default();
        let text = texts::then(lang, &text, &texts::files_so_far(lang, kept));
        vec![Reply::with_choices(text, vec![texts::done(lang)])]
    }

    /// Forgets a file [`Engine::offer_file`] accepted whose bytes never came (the
    /// channel failed to hand them over), so it does not count against the limits.
    pub async fn abandon_file(&self, dialogue: &Dialogue, attachment: &Attachment) {
        let (Some((attachments, _)), Some((id, chat))) = (&self.files, self.current(dialogue))
        else {
            return;
        };
        if let Err(e) = attachments.delete(id, &chat, attachment.id).await {
            // Swept later with the other abandoned uploads.
            tracing::warn!(error = %e, attachment_id = %attachment.id, "an abandoned file stays pending until swept");
        }
    }

    /// Why a file could not be added, for the applicant.
    fn file_refusal(&self, e: &AttachmentError, lang: Lang) -> String {
        if let Some(message) = e.limit_message(self.campaign(), lang) {
            return message;
        }
        match e {
            AttachmentError::NotDraft { .. } => texts::files_only_in_drafts(lang),
            _ => texts::file_not_added(lang),
        }
    }
}
