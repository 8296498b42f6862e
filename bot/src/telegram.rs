//! The Telegram front end: long polling with teloxide, one conversation per chat, the
//! engine's buttons as inline keyboards. The conversation is saved through the store
//! port after every message, so a restart loses nothing.

use std::sync::Arc;
use std::time::Duration;

use casebook_core::{
    ApplicationId, ApplicationStore, AttachmentError, AttachmentService, EditToken, Lang,
    NewAttachment, StoreError,
};
use teloxide::Bot;
use teloxide::net::Download;
use teloxide::payloads::{GetUpdatesSetters, SendMessageSetters};
use teloxide::requests::Requester;
use teloxide::types::{
    ChatId, Document, InlineKeyboardButton, InlineKeyboardMarkup, Update, UpdateKind,
};

use crate::{Dialogue, Engine, Reply, conversation};

/// The Telegram bot over the engine and the store that keeps its conversations.
#[derive(Clone)]
pub struct TelegramBot {
    bot: Bot,
    engine: Engine,
    store: Arc<dyn ApplicationStore>,
    attachments: Option<AttachmentService>,
}

/// The largest file the Bot API lets a bot download.
pub const TELEGRAM_FILE_LIMIT: u32 = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("the Telegram Bot API failed: {0}")]
    Api(#[from] teloxide::RequestError),
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
        TelegramBot {
            bot,
            engine,
            store,
            attachments: None,
        }
    }

    /// Lets documents sent in the chat become attachments of the applicant's draft.
    pub fn with_attachments(mut self, attachments: AttachmentService) -> TelegramBot {
        self.attachments = Some(attachments);
        self
    }

    async fn say(&self, chat: ChatId, text: &str) -> Result<(), TelegramError> {
        self.bot.send_message(chat, text.to_string()).await?;
        Ok(())
    }

    /// A document sent in the chat: added to the current draft and checked, or refused
    /// with the reason (files over 20 MB before anything is fetched).
    async fn attach(&self, chat: ChatId, doc: &Document) -> Result<(), TelegramError> {
        let saved = self
            .store
            .load_dialogue(&format!("telegram:{}", chat.0))
            .await?;
        let dialogue: Dialogue = saved
            .and_then(|s| serde_json::from_str(&s.state).ok())
            .unwrap_or_default();
        let lang = dialogue.lang;
        if doc.file.size > TELEGRAM_FILE_LIMIT {
            let text = lang.pick(
                "This file is over 20 MB, more than Telegram lets me fetch. Please send a smaller file, or upload it through the web form.",
                "此文件超过20 MB，超出 Telegram 允许机器人获取的大小。请发送较小的文件，或通过网页上传。",
            );
            return self.say(chat, text).await;
        }
        let (Some(attachments), Some(draft)) = (&self.attachments, dialogue.applications.last())
        else {
            let text = lang.pick(
                "Start an application first (/apply), then send the file to add it.",
                "请先开始申报（/apply），再发送文件即可添加。",
            );
            return self.say(chat, text).await;
        };
        let (Some(id), token) = (
            ApplicationId::parse(&draft.id),
            EditToken::presented(&draft.token),
        ) else {
            return Ok(());
        };
        let new = NewAttachment {
            filename: doc.file_name.clone().unwrap_or_else(|| "file".into()),
            content_type: doc
                .mime_type
                .as_ref()
                .map(|m| m.essence_str().to_string())
                .unwrap_or_default(),
            size: u64::from(doc.file.size),
        };
        let attachment = match attachments.grant_upload(id, &token, new).await {
            Ok((attachment, _grant)) => attachment,
            Err(e) => {
                return self
                    .say(
                        chat,
                        &refusal(&e, attachments.applications().campaign(), lang),
                    )
                    .await;
            }
        };
        let file = self.bot.get_file(doc.file.id.clone()).await?;
        let mut bytes = Vec::with_capacity(doc.file.size as usize);
        self.bot.download_file(&file.path, &mut bytes).await?;
        let checked = match attachments.store_file(&attachment, bytes).await {
            Ok(checked) => checked,
            Err(e) => {
                return self
                    .say(
                        chat,
                        &refusal(&e, attachments.applications().campaign(), lang),
                    )
                    .await;
            }
        };
        let text = match (&checked.reason, lang) {
            (Some(reason), _) => reason.message(lang),
            (None, Lang::En) => format!("Added {} to your application.", checked.filename),
            (None, Lang::Zh) => format!("已将 {} 添加到您的申报。", checked.filename),
        };
        self.say(chat, &text).await
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
        if let UpdateKind::Message(m) = &update.kind
            && let Some(doc) = m.document()
        {
            return self.attach(m.chat.id, doc).await;
        }
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
        let turn = conversation::converse(
            &self.engine,
            self.store.as_ref(),
            &key,
            "telegram",
            &text,
            &Dialogue::default(),
        )
        .await?;
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

/// Why a file could not be added, for the applicant.
fn refusal(e: &AttachmentError, campaign: &casebook_core::Campaign, lang: Lang) -> String {
    if let Some(message) = e.limit_message(campaign, lang) {
        return message;
    }
    match (e, lang) {
        (AttachmentError::NotDraft { .. }, Lang::En) => {
            "Files can only be added while the application is a draft.".into()
        }
        (AttachmentError::NotDraft { .. }, Lang::Zh) => "只有草稿状态的申报可以添加文件。".into(),
        (_, Lang::En) => "Sorry, the file could not be added right now. Please try again.".into(),
        (_, Lang::Zh) => "抱歉，暂时无法添加文件，请稍后再试。".into(),
    }
}
