//! The Telegram front end: long polling with teloxide, one conversation per chat, the
//! engine's buttons as inline keyboards. The conversation is saved through the store
//! port after every message, so a restart loses nothing.

use std::sync::Arc;
use std::time::Duration;

use casebook_core::{ApplicationStore, StoreError, UnansweredQuestion};
use teloxide::Bot;
use teloxide::payloads::{GetUpdatesSetters, SendMessageSetters};
use teloxide::requests::Requester;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, Update, UpdateKind};

use crate::{Dialogue, Engine, Reply};

/// The Telegram bot over the engine and the store that keeps its conversations.
#[derive(Clone)]
pub struct TelegramBot {
    bot: Bot,
    engine: Engine,
    store: Arc<dyn ApplicationStore>,
}

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("the Telegram Bot API failed: {0}")]
    Api(#[from] teloxide::RequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A bot for `token`, talking to `api_url` (Telegram's own when `None`).
pub fn bot(token: &str, api_url: Option<&str>) -> Result<Bot, String> {
    let bot = Bot::new(token);
    match api_url {
        Some(url) => Ok(bot.set_api_url(
            url.parse()
                .map_err(|e| format!("TELEGRAM_API_URL {url:?}: {e}"))?,
        )),
        None => Ok(bot),
    }
}

fn keyboard(reply: &Reply) -> Option<InlineKeyboardMarkup> {
    (!reply.choices.is_empty()).then(|| {
        InlineKeyboardMarkup::new(reply.choices.iter().map(|c| {
            vec![InlineKeyboardButton::callback(
                c.label.clone(),
                c.data.clone(),
            )]
        }))
    })
}

impl TelegramBot {
    pub fn new(bot: Bot, engine: Engine, store: Arc<dyn ApplicationStore>) -> TelegramBot {
        TelegramBot { bot, engine, store }
    }

    /// The bot's clock (the engine's).
    pub fn now(&self) -> jiff::Timestamp {
        self.engine.now()
    }

    /// Asks Telegram for updates and answers them, until the future is dropped.
    pub async fn poll(&self) {
        let mut offset = 0;
        loop {
            match self.bot.get_updates().offset(offset).timeout(25).await {
                Ok(updates) => {
                    for update in updates {
                        offset = offset.max(update.id.0 as i32 + 1);
                        if let Err(e) = self.handle(&update).await {
                            tracing::error!(error = %e, "a Telegram update failed");
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "polling Telegram failed; trying again shortly");
                    tokio::time::sleep(Duration::from_secs(3)).await;
                }
            }
        }
    }

    /// Answers one update: a text message or a button press. Others are ignored.
    pub async fn handle(&self, update: &Update) -> Result<(), TelegramError> {
        let (chat, text) = match &update.kind {
            UpdateKind::Message(m) => match m.text() {
                Some(text) => (m.chat.id, text.to_string()),
                None => return Ok(()),
            },
            UpdateKind::CallbackQuery(q) => {
                self.bot.answer_callback_query(q.id.clone()).await?;
                let chat = q
                    .message
                    .as_ref()
                    .map(|m| m.chat().id)
                    .unwrap_or(ChatId(q.from.id.0 as i64));
                match &q.data {
                    Some(data) => (chat, data.clone()),
                    None => return Ok(()),
                }
            }
            _ => return Ok(()),
        };
        let key = format!("telegram:{}", chat.0);
        let mut attempts = 0;
        let turn = loop {
            attempts += 1;
            let saved = self.store.load_dialogue(&key).await?;
            let (dialogue, version) = match &saved {
                Some(s) => (
                    serde_json::from_str::<Dialogue>(&s.state).unwrap_or_default(),
                    Some(s.version),
                ),
                None => (Dialogue::default(), None),
            };
            let turn = self.engine.handle(&dialogue, &text).await;
            let json = serde_json::to_string(&turn.dialogue).unwrap_or_default();
            match self
                .store
                .save_dialogue(&key, &json, version, self.engine.now())
                .await
            {
                Ok(_) => break turn,
                // Two updates of one chat at once: answer this one from the newer state.
                Err(StoreError::Conflict) if attempts < 3 => continue,
                Err(e) => return Err(e.into()),
            }
        };
        if let Some(question) = &turn.unanswered {
            let question = UnansweredQuestion {
                id: uuid::Uuid::new_v4().to_string(),
                channel: "telegram".into(),
                text: question.clone(),
                asked_at: self.engine.now(),
            };
            self.store.record_question(&question).await?;
        }
        for reply in &turn.replies {
            let request = self.bot.send_message(chat, reply.text.clone());
            match keyboard(reply) {
                Some(k) => request.reply_markup(k).await?,
                None => request.await?,
            };
        }
        Ok(())
    }
}
