//! A question asked on the applicant page: the FAQ's answer in the page's language, the
//! same as the bot's, or passed to the organizers' inbox with the bot's polite reply.

use crate::application::ApplicationId;
use crate::faq::best_topic;
use crate::lang::{Lang, t, then};
use crate::ports::{StoreError, UnansweredQuestion};
use crate::token::Credential;

use super::{ApplicationError, ApplicationService};

/// The longest question taken, in characters: checked before any matching.
pub const MAX_QUESTION_CHARS: usize = 1_000;

/// The channel the page's questions are kept under in the inbox.
pub const WEB_CHANNEL: &str = "web";

/// What the page tells the asker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The FAQ topic answered, if one was.
    pub topic: Option<String>,
    pub text: String,
    /// Passed to the organizers' inbox.
    pub forwarded: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AskError {
    #[error("the question is empty")]
    Empty,
    #[error("the question is {chars} characters; at most {max}")]
    TooLong { chars: usize, max: usize },
    #[error(transparent)]
    Application(#[from] ApplicationError),
}

impl From<StoreError> for AskError {
    fn from(e: StoreError) -> Self {
        AskError::Application(e.into())
    }
}

/// The bot's reply to a question it cannot answer: passed on, and whom to write to.
pub fn not_understood(lang: Lang, contact: &str, email: &str) -> String {
    t!(lang, BOT_NOT_UNDERSTOOD, contact = contact, email = email)
}

/// Said after an answer about the deadline once the call has closed.
pub fn now_closed(lang: Lang) -> String {
    t!(lang, BOT_NOW_CLOSED)
}

impl ApplicationService {
    /// Answers `question` from the campaign's FAQ in `lang`; one it cannot answer goes
    /// to the organizers' inbox. Asked by the owner of application `from`, the inbox
    /// shows that application's contact address as where to answer.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn ask(
        &self,
        question: &str,
        lang: Lang,
        from: Option<(ApplicationId, &dyn Credential)>,
    ) -> Result<Answer, AskError> {
        let chars = question.chars().count();
        if chars > MAX_QUESTION_CHARS {
            return Err(AskError::TooLong {
                chars,
                max: MAX_QUESTION_CHARS,
            });
        }
        let question = question.trim();
        if question.is_empty() {
            return Err(AskError::Empty);
        }
        let asker = match from {
            Some((id, who)) => Some(self.read(id, who).await?.id),
            None => None,
        };
        let campaign = self.campaign();
        if let Some(topic) = best_topic(campaign, question) {
            let mut text = topic.answer.get(lang).to_string();
            if topic.about_deadline && !campaign.is_open(self.now()) {
                text = then(lang, &text, &now_closed(lang));
            }
            return Ok(Answer {
                topic: Some(topic.id.clone()),
                text,
                forwarded: false,
            });
        }
        let kept = UnansweredQuestion {
            id: uuid::Uuid::new_v4().to_string(),
            channel: WEB_CHANNEL.into(),
            chat: asker.map(web_chat),
            lang,
            text: question.to_string(),
            asked_at: self.now(),
            answered: None,
        };
        self.questions.record_question(&kept).await?;
        tracing::info!(question_id = %kept.id, "a question from the page passed to the organizers");
        let contact = campaign.contact();
        Ok(Answer {
            topic: None,
            text: not_understood(lang, contact.name.get(lang), contact.email.as_str()),
            forwarded: true,
        })
    }
}

/// The inbox's key for questions asked by an application's owner on the page.
pub fn web_chat(application: ApplicationId) -> String {
    format!("{WEB_CHANNEL}:{application}")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::campaign::Campaign;
    use crate::clock::FixedClock;
    use crate::memory::MemoryStore;
    use crate::ports::Stores;
    use crate::questions::QuestionService;

    fn services(at: &str) -> (ApplicationService, QuestionService) {
        let clock = Arc::new(FixedClock::at(at.parse().unwrap()));
        let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
        let campaign = Arc::new(Campaign::builtin());
        (
            ApplicationService::new(&stores, clock.clone(), campaign.clone()),
            QuestionService::new(&stores, clock, campaign),
        )
    }

    #[tokio::test]
    async fn the_faq_answers_in_the_pages_language_and_nothing_reaches_the_inbox() {
        let (apps, questions) = services("2024-05-01T09:00:00Z");
        let en = apps
            .ask("When is the deadline?", Lang::En, None)
            .await
            .unwrap();
        assert_eq!(en.topic.as_deref(), Some("schedule"));
        assert!(!en.forwarded);
        let zh = apps
            .ask("截止日期是什么时候", Lang::Zh, None)
            .await
            .unwrap();
        assert_eq!(zh.topic.as_deref(), Some("schedule"));
        assert_ne!(zh.text, en.text);
        assert!(questions.inbox().await.unwrap().is_empty());
        // After the deadline the answer says the call has closed.
        let (late, _) = services("2024-07-02T09:00:00Z");
        let closed = late.ask("deadline?", Lang::En, None).await.unwrap();
        assert!(
            closed.text.ends_with(&now_closed(Lang::En)),
            "{}",
            closed.text
        );
    }

    #[tokio::test]
    async fn an_unknown_question_goes_to_the_inbox_with_the_askers_contact() {
        let (apps, questions) = services("2024-05-01T09:00:00Z");
        let patch = serde_json::from_value(serde_json::json!({
            "contact": {"name": "Li Wei", "email": "li.wei@example.org"}
        }))
        .unwrap();
        let (app, token) = apps
            .create_draft(patch, crate::lang::Lang::En)
            .await
            .unwrap();
        let asked = apps
            .ask("Where is your office?", Lang::Zh, Some((app.id, &token)))
            .await
            .unwrap();
        assert!(asked.forwarded);
        assert!(asked.topic.is_none());
        assert!(asked.text.starts_with("抱歉"), "{}", asked.text);
        let inbox = questions.inbox().await.unwrap();
        assert_eq!(inbox.len(), 1);
        assert_eq!(inbox[0].question.channel, WEB_CHANNEL);
        assert_eq!(inbox[0].question.lang, Lang::Zh);
        assert_eq!(inbox[0].contacts, ["li.wei@example.org"]);
        assert!(!inbox[0].can_reply);
        // Someone else's token cannot ask in that application's name.
        let (_, other) = apps
            .create_draft(
                serde_json::from_value(serde_json::json!({})).unwrap(),
                crate::lang::Lang::En,
            )
            .await
            .unwrap();
        let refused = apps
            .ask("Where is your office?", Lang::En, Some((app.id, &other)))
            .await;
        assert!(matches!(
            refused,
            Err(AskError::Application(ApplicationError::NotFound))
        ));
    }

    #[tokio::test]
    async fn an_empty_or_too_long_question_is_refused_before_any_matching() {
        let (apps, questions) = services("2024-05-01T09:00:00Z");
        assert!(matches!(
            apps.ask(" \n ", Lang::En, None).await,
            Err(AskError::Empty)
        ));
        let long = "deadline ".repeat(200);
        assert!(matches!(
            apps.ask(&long, Lang::En, None).await,
            Err(AskError::TooLong {
                chars: 1800,
                max: MAX_QUESTION_CHARS
            })
        ));
        assert!(questions.inbox().await.unwrap().is_empty());
    }
}
