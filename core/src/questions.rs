//! The organizers' inbox of the questions the bot could not answer: each one dealt with
//! once (a conditional write settles two organizers at once), answered in the chat it
//! was asked in where the channel can write first (Telegram), otherwise by the contact
//! the chat's applications give.

use std::sync::Arc;

use jiff::Timestamp;

use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::lang::Lang;
use crate::ports::{
    ApplicationStore, ChatNotifier, QuestionAnswered, QuestionStore, StoreError, Stores,
    UnansweredQuestion,
};
use crate::service::WEB_CHANNEL;
use crate::token::Owner;

/// The longest answer written in a chat: under Telegram's 4,096 characters a message
/// with the question quoted above it.
pub const MAX_REPLY_CHARS: usize = 3_500;

/// How much of the question the answer quotes.
const QUOTED_CHARS: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum QuestionError {
    #[error("there is no such question")]
    NotFound,
    #[error("the question was already answered by {by} at {at}")]
    AlreadyAnswered { by: String, at: Timestamp },
    /// The reply cannot be written where the question was asked.
    #[error("a reply cannot be written to a {channel} chat from here")]
    CannotReply { channel: String },
    #[error("the reply is empty")]
    EmptyReply,
    #[error("the reply is {chars} characters; at most {max}")]
    ReplyTooLong { chars: usize, max: usize },
    /// The chat refused or failed: nothing was recorded, so it can be tried again.
    #[error("the chat did not take the reply: {0}")]
    ReplyFailed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A question as the inbox shows it.
#[derive(Debug, Clone)]
pub struct InboxQuestion {
    pub question: UnansweredQuestion,
    /// Whether an answer can be written in the chat it was asked in, from here.
    pub can_reply: bool,
    /// The contact addresses of the applications started in that chat: where to write
    /// when the chat cannot be.
    pub contacts: Vec<String>,
}

#[derive(Clone)]
pub struct QuestionService {
    questions: Arc<dyn QuestionStore>,
    applications: Arc<dyn ApplicationStore>,
    chats: Option<Arc<dyn ChatNotifier>>,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
}

impl QuestionService {
    pub fn new(stores: &Stores, clock: Arc<dyn Clock>, campaign: Arc<Campaign>) -> Self {
        QuestionService {
            questions: stores.questions.clone(),
            applications: stores.applications.clone(),
            chats: None,
            clock,
            campaign,
        }
    }

    /// Answers go to the chats `chats` can write to first.
    pub fn with_chats(mut self, chats: Arc<dyn ChatNotifier>) -> QuestionService {
        self.chats = Some(chats);
        self
    }

    fn can_reply(&self, question: &UnansweredQuestion) -> bool {
        match (&self.chats, &question.chat) {
            (Some(chats), Some(chat)) => chats.handles(chat),
            _ => false,
        }
    }

    /// Every question kept, oldest first, with where an answer can go.
    pub async fn inbox(&self) -> Result<Vec<InboxQuestion>, QuestionError> {
        let asked = self.questions.list_questions(Timestamp::UNIX_EPOCH).await?;
        if asked.is_empty() {
            return Ok(Vec::new());
        }
        let applications = self
            .applications
            .list_applications(self.campaign.year(), None)
            .await?;
        Ok(asked
            .into_iter()
            .map(|question| {
                let mut contacts: Vec<String> = match &question.chat {
                    Some(chat) => {
                        // Asked on the page by an application's owner, or in a chat.
                        let web = chat
                            .strip_prefix(WEB_CHANNEL)
                            .and_then(|c| c.strip_prefix(':'));
                        let owner = Owner::Chat(chat.clone());
                        applications
                            .iter()
                            .filter(|a| match web {
                                Some(id) => a.id.to_string() == id,
                                None => a.owners.contains(&owner),
                            })
                            .filter_map(|a| a.content.contact.email.as_ref())
                            .map(|e| e.as_str().to_string())
                            .collect()
                    }
                    None => Vec::new(),
                };
                contacts.sort();
                contacts.dedup();
                InboxQuestion {
                    can_reply: self.can_reply(&question),
                    question,
                    contacts,
                }
            })
            .collect())
    }

    /// Marks question `id` answered by `by`; with `reply`, writes it in the chat where the
    /// question was asked first (the mark is taken back if the chat fails, so nothing is
    /// recorded that did not happen). Once only: a second organizer is told who was first.
    pub async fn answer(
        &self,
        id: &str,
        by: &str,
        reply: Option<&str>,
    ) -> Result<UnansweredQuestion, QuestionError> {
        let reply = match reply.map(str::trim) {
            Some("") => return Err(QuestionError::EmptyReply),
            Some(text) if text.chars().count() > MAX_REPLY_CHARS => {
                return Err(QuestionError::ReplyTooLong {
                    chars: text.chars().count(),
                    max: MAX_REPLY_CHARS,
                });
            }
            other => other,
        };
        let question = self
            .questions
            .list_questions(Timestamp::UNIX_EPOCH)
            .await?
            .into_iter()
            .find(|q| q.id == id)
            .ok_or(QuestionError::NotFound)?;
        if let Some(answered) = &question.answered {
            return Err(QuestionError::AlreadyAnswered {
                by: answered.by.clone(),
                at: answered.at,
            });
        }
        let chat = match (reply, &question.chat) {
            (Some(_), Some(chat)) if self.can_reply(&question) => Some(chat.clone()),
            (Some(_), _) => {
                return Err(QuestionError::CannotReply {
                    channel: question.channel.clone(),
                });
            }
            (None, _) => None,
        };
        let answered = QuestionAnswered {
            at: self.clock.now(),
            by: by.to_string(),
            reply: reply.map(str::to_string),
        };
        match self
            .questions
            .mark_question_answered(&question, &answered)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict) => return Err(self.answered_by_someone(id).await),
            Err(e) => return Err(e.into()),
        }
        if let (Some(chat), Some(reply), Some(chats)) = (chat, reply, &self.chats) {
            let text = reply_message(question.lang, &question.text, reply);
            if let Err(e) = chats.notify(&chat, &text).await {
                tracing::warn!(question = id, channel = %question.channel, error = %e, "an answer could not be written in its chat");
                if let Err(undo) = self
                    .questions
                    .unmark_question_answered(&question, &answered)
                    .await
                {
                    tracing::error!(question = id, error = %undo, "a question stays marked answered although its reply was not sent");
                }
                return Err(QuestionError::ReplyFailed(e.to_string()));
            }
        }
        tracing::info!(question = id, channel = %question.channel, replied = reply.is_some(), "question answered");
        Ok(UnansweredQuestion {
            answered: Some(answered),
            ..question
        })
    }

    /// Who answered `id` first, after a conditional write found it answered.
    async fn answered_by_someone(&self, id: &str) -> QuestionError {
        let found = self
            .questions
            .list_questions(Timestamp::UNIX_EPOCH)
            .await
            .ok()
            .and_then(|all| all.into_iter().find(|q| q.id == id));
        match found.and_then(|q| q.answered) {
            Some(a) => QuestionError::AlreadyAnswered { by: a.by, at: a.at },
            None => QuestionError::NotFound,
        }
    }
}

/// The chat message: the question quoted (cut to fit), then the organizers' answer.
fn reply_message(lang: Lang, question: &str, reply: &str) -> String {
    let mut quoted: String = question.chars().take(QUOTED_CHARS).collect();
    if question.chars().count() > QUOTED_CHARS {
        quoted.push('…');
    }
    let lead = crate::lang::text(lang, crate::lang::msg::BOT_ORGANIZERS_ANSWER);
    format!("{lead}\n«{quoted}»\n\n{reply}")
}

#[cfg(test)]
mod tests;
