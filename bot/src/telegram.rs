//! The Telegram front end: long polling with teloxide, one conversation per chat, the
//! engine's buttons as inline keyboards. The conversation is saved through the store
//! port after every message, so a restart loses nothing.

use std::sync::Arc;
use std::time::Duration;

use casebook_core::{ApplicationStore, AttachmentService, NewAttachment, StoreError};
use teloxide::Bot;
use teloxide::net::Download;
use teloxide::payloads::{GetUpdatesSetters, SendMessageSetters};
use teloxide::requests::Requester;
use teloxide::types::{
    ChatId, FileId, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, UpdateKind,
};

use crate::{Dialogue, Engine, FileInput, FileOffer, Reply, conversation};

/// The Telegram bot over the engine and the store that keeps its conversations.
#[derive(Clone)]
pub struct TelegramBot {
    bot: Bot,
    engine: Engine,
    store: Arc<dyn ApplicationStore>,
}

/// The largest file the Bot API lets a bot download.
pub const TELEGRAM_FILE_LIMIT: u32 = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    /// Nothing of the update was saved: answering it again is safe.
    #[error("the Telegram Bot API failed: {0}")]
    Api(#[from] teloxide::RequestError),
    /// The update's answer was saved, but Telegram did not take the replies: they are
    /// kept with the conversation and sent before its next answer (or on redelivery).
    #[error("the answer was saved but could not be sent: {0}")]
    Undelivered(teloxide::RequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("downloading a file from Telegram failed: {0}")]
    Download(#[from] teloxide::DownloadError),
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

    /// Lets files sent in the chat (documents, photos, videos) become attachments of the
    /// applicant's draft.
    pub fn with_attachments(mut self, attachments: AttachmentService) -> TelegramBot {
        self.engine = self
            .engine
            .with_attachments(attachments, FileInput::Documents);
        self
    }

    /// A file sent in the chat: added to the current draft and checked, or refused with
    /// the reason (files over 20 MB before anything is fetched).
    async fn attach(&self, chat: ChatId, file: &IncomingFile) -> Result<(), TelegramError> {
        let dialogue = conversation::load(self.store.as_ref(), &conversation_key(chat))
            .await?
            .unwrap_or_default();
        if file.size > TELEGRAM_FILE_LIMIT {
            let text = dialogue.lang.pick(
                "This file is over 20 MB, more than Telegram lets me fetch. Please send a smaller file, or upload it through the web form.",
                "此文件超过20 MB，超出 Telegram 允许机器人获取的大小。请发送较小的文件，或通过网页上传。",
            );
            return self.send(chat, &[Reply::text(text)]).await;
        }
        let offered = NewAttachment {
            filename: file.name.clone(),
            content_type: file.content_type.clone(),
            size: u64::from(file.size),
        };
        let attachment = match self.engine.offer_file(&dialogue, offered).await {
            FileOffer::Accepted(attachment) => attachment,
            FileOffer::Refused(replies) => return self.send(chat, &replies).await,
        };
        let bytes = match self.fetch(file).await {
            Ok(bytes) => bytes,
            Err(e) => {
                // Not left pending (it would count against the limits until swept): the
                // redelivery offers the file afresh.
                self.engine.abandon_file(&dialogue, &attachment).await;
                return Err(e);
            }
        };
        let replies = self
            .engine
            .receive_file(&dialogue, &attachment, bytes)
            .await;
        self.send(chat, &replies).await
    }

    async fn fetch(&self, file: &IncomingFile) -> Result<Vec<u8>, TelegramError> {
        let found = self.bot.get_file(file.id.clone()).await?;
        let mut bytes = Vec::with_capacity(file.size as usize);
        self.bot.download_file(&found.path, &mut bytes).await?;
        Ok(bytes)
    }

    async fn cannot_read(&self, chat: ChatId) -> Result<(), TelegramError> {
        let lang = conversation::load(self.store.as_ref(), &conversation_key(chat))
            .await?
            .unwrap_or_default()
            .lang;
        let text = lang.pick(
            "Sorry, I can only read text, buttons and files. Please type your message.",
            "抱歉，我只能读取文字、按钮和文件。请输入文字消息。",
        );
        self.send(chat, &[Reply::text(text)]).await
    }

    /// Sends the engine's replies, buttons as inline keyboards. Replies Telegram does not
    /// take are kept with the conversation ([`TelegramError::Undelivered`]).
    async fn send(&self, chat: ChatId, replies: &[Reply]) -> Result<(), TelegramError> {
        for (i, reply) in replies.iter().enumerate() {
            let request = self.bot.send_message(chat, reply.text.clone());
            let sent = match keyboard(reply) {
                Some(k) => request.reply_markup(k).await,
                None => request.await,
            };
            if let Err(e) = sent {
                let key = conversation_key(chat);
                if let Err(kept) = conversation::keep_undelivered(
                    self.store.as_ref(),
                    &key,
                    &replies[i..],
                    self.now(),
                )
                .await
                {
                    tracing::error!(error = %kept, "replies that could not be sent were lost");
                }
                return Err(TelegramError::Undelivered(e));
            }
        }
        Ok(())
    }

    /// Sends the replies kept for this chat after an earlier failure, once.
    async fn redeliver(&self, chat: ChatId) -> Result<(), TelegramError> {
        let key = conversation_key(chat);
        let kept = conversation::take_undelivered(self.store.as_ref(), &key, self.now()).await?;
        if kept.is_empty() {
            return Ok(());
        }
        tracing::info!(count = kept.len(), "sending replies kept after a failure");
        self.send(chat, &kept).await
    }

    /// A redelivered update (already answered): sends whatever of its answer Telegram
    /// did not take the first time.
    async fn redeliver_for(&self, update: &Update) -> Result<(), TelegramError> {
        match chat_of(update) {
            Some(chat) => self.redeliver(chat).await,
            None => Ok(()),
        }
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
                        self.answer_with_retries(&update).await;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "polling Telegram failed; trying again shortly");
                    tokio::time::sleep(Duration::from_secs(3)).await;
                }
            }
        }
    }

    /// What Telegram's own redelivery does for a webhook, for long polling: a failed
    /// update is tried again a few times, a little later each time.
    async fn answer_with_retries(&self, update: &Update) {
        const ATTEMPTS: u32 = 3;
        for attempt in 1..=ATTEMPTS {
            match self.answer_once(update).await {
                Ok(()) => return,
                Err(e) if attempt < ATTEMPTS => {
                    tracing::warn!(error = %e, update_id = update.id.0, attempt, "answering a Telegram update failed; trying again");
                    tokio::time::sleep(Duration::from_secs(2 * u64::from(attempt))).await;
                }
                Err(e) => {
                    tracing::error!(error = %e, update_id = update.id.0, "answering a Telegram update failed; giving up (kept replies go out with the chat's next answer)");
                }
            }
        }
    }

    /// Answers an update once however often it is delivered (each `update_id` is taken
    /// by a conditional write). `Err` means "deliver it again later": if nothing of it
    /// was saved, it is given back and answered then; if its answer was saved but not
    /// sent, the replies are kept and the redelivery sends them.
    pub async fn answer_once(&self, update: &Update) -> Result<(), TelegramError> {
        let key = format!("telegram:{}", update.id.0);
        if !self.store.claim_update(&key, self.now()).await? {
            // Answered before; send what Telegram did not take then, if anything.
            return self.redeliver_for(update).await;
        }
        match self.handle(update).await {
            Ok(()) => Ok(()),
            Err(e @ TelegramError::Undelivered(_)) => Err(e),
            Err(e) => {
                if let Err(release) = self.store.release_update(&key).await {
                    tracing::error!(error = %release, update_id = update.id.0, "cannot give a failed update back; its redelivery will be ignored");
                }
                Err(e)
            }
        }
    }

    /// Answers one update: a text message, a document or a button press. Others are
    /// ignored. Replies kept from an earlier failure go out first.
    async fn handle(&self, update: &Update) -> Result<(), TelegramError> {
        if let UpdateKind::Message(m) = &update.kind
            && let Some(file) = incoming_file(m)
        {
            // Nothing of this update is saved yet: a failure here is an ordinary one.
            self.redeliver(m.chat.id).await.map_err(|e| match e {
                TelegramError::Undelivered(e) => TelegramError::Api(e),
                e => e,
            })?;
            return self.attach(m.chat.id, &file).await;
        }
        // (Text and buttons: the conversation hands kept replies over with the answer.)
        let (chat, text) = match &update.kind {
            UpdateKind::Message(m) => match m.text() {
                Some(text) => (m.chat.id, text.to_string()),
                // A sticker, a voice message, a location...: say what works.
                None if m.chat.is_private() => return self.cannot_read(m.chat.id).await,
                None => return Ok(()),
            },
            UpdateKind::CallbackQuery(q) => {
                self.bot.answer_callback_query(q.id.clone()).await?;
                match (chat_of(update), &q.data) {
                    (Some(chat), Some(data)) => (chat, data.clone()),
                    _ => return Ok(()),
                }
            }
            _ => return Ok(()),
        };
        let key = conversation_key(chat);
        let turn = conversation::converse(
            &self.engine,
            self.store.as_ref(),
            &key,
            "telegram",
            &text,
            &Dialogue::default(),
        )
        .await?;
        self.send(chat, &turn.replies).await
    }
}

/// Where a chat's conversation is kept in the store.
fn conversation_key(chat: ChatId) -> String {
    format!("telegram:{}", chat.0)
}

/// The chat an update belongs to, for the kinds the bot answers.
fn chat_of(update: &Update) -> Option<ChatId> {
    match &update.kind {
        UpdateKind::Message(m) => Some(m.chat.id),
        UpdateKind::CallbackQuery(q) => Some(
            q.message
                .as_ref()
                .map(|m| m.chat().id)
                .unwrap_or(ChatId(q.from.id.0 as i64)),
        ),
        _ => None,
    }
}

/// A file in a message, whichever way it was sent.
struct IncomingFile {
    id: FileId,
    name: String,
    /// As Telegram reports it; may be empty (the name's extension then decides).
    content_type: String,
    size: u32,
}

/// The file a message carries: a document, a photo (its largest size, which Telegram
/// always re-encodes as JPEG) or a video.
fn incoming_file(m: &Message) -> Option<IncomingFile> {
    if let Some(doc) = m.document() {
        return Some(IncomingFile {
            id: doc.file.id.clone(),
            name: doc.file_name.clone().unwrap_or_else(|| "file".into()),
            content_type: doc
                .mime_type
                .as_ref()
                .map(|m| m.essence_str().to_string())
                .unwrap_or_default(),
            size: doc.file.size,
        });
    }
    if let Some(largest) = m
        .photo()
        .and_then(|sizes| sizes.iter().max_by_key(|p| p.width * p.height))
    {
        return Some(IncomingFile {
            id: largest.file.id.clone(),
            name: format!("photo-{}.jpg", largest.file.unique_id),
            content_type: "image/jpeg".into(),
            size: largest.file.size,
        });
    }
    m.video().map(|video| IncomingFile {
        id: video.file.id.clone(),
        name: video
            .file_name
            .clone()
            .unwrap_or_else(|| "video.mp4".into()),
        content_type: video
            .mime_type
            .as_ref()
            .map(|m| m.essence_str().to_string())
            .unwrap_or_default(),
        size: video.file.size,
    })
}
