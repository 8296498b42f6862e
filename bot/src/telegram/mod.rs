//! The Telegram front end: long polling or the webhook, one conversation per chat, the
//! engine's buttons as inline keyboards. The conversation is saved through the store
//! port after every message, so a restart loses nothing. teloxide is the connection
//! (client, token, API URL, downloads) and the requests' types; updates and answers are
//! read for the fields the bot uses ([`update`], [`api`]).

pub mod api;
pub mod update;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use casebook_core::lang::{msg, text};
use casebook_core::mail::with_english;
use casebook_core::{AttachmentService, LeaseKey, NewAttachment, StoreError, Stores};
use serde::de::IgnoredAny;
use teloxide::Bot;
use teloxide::net::Download;
use teloxide::payloads::{
    AnswerCallbackQuery, GetFile, GetUpdates, GetUpdatesSetters, SendMessage, SendMessageSetters,
};
use teloxide::types::{
    CallbackQueryId, ChatId, FileId, InlineKeyboardButton, InlineKeyboardMarkup,
};
use tokio::sync::mpsc;

pub use api::BotApiError;
use api::call;
use update::Message;
pub use update::Update;

use crate::conversation::{Channel, ConversationKey};
use crate::{Dialogue, Engine, FileInput, FileOffer, Reply, conversation};

/// The Telegram bot over the engine and the store that keeps its conversations.
#[derive(Clone)]
pub struct TelegramBot {
    bot: Bot,
    engine: Engine,
    stores: Stores,
}

/// How long an update is held by the one answering it. A little over the telegram
/// function's timeout (20 s in infra/template.yaml): a function that timed out or crashed
/// has let go by the time Telegram redelivers, and the redelivery is answered.
pub const UPDATE_LEASE: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);

/// The longest message Telegram takes, in UTF-16 code units (as Telegram counts).
pub const TELEGRAM_MESSAGE_LIMIT: usize = 4096;

/// Cuts `text` into pieces of at most `limit` UTF-16 code units, at a paragraph break
/// where there is one, else at a line break, else at a space, else anywhere between
/// characters. Never returns an empty list.
pub fn split_message(text: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while rest.encode_utf16().count() > limit {
        // The longest prefix within the limit, on a character boundary.
        let mut units = 0;
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            units += c.len_utf16();
            if units > limit {
                break;
            }
            end = i + c.len_utf8();
        }
        let head = &rest[..end];
        let cut = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| head.rfind(sep).filter(|&at| at > 0))
            .unwrap_or(end);
        parts.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start_matches(['\n', ' ']);
    }
    parts.push(rest.to_string());
    parts
}

/// One chat's queue of updates, and how many of them are not answered yet.
struct ChatWorker {
    queue: mpsc::UnboundedSender<Update>,
    pending: Arc<AtomicUsize>,
}

/// The largest file the Bot API lets a bot download.
pub const TELEGRAM_FILE_LIMIT: u64 = 20 * 1024 * 1024;

/// How long a long poll waits on Telegram's side for an update, in seconds.
const LONG_POLL_SECS: u32 = 25;

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    /// Nothing of the update was saved: answering it again is safe.
    #[error("the Telegram Bot API failed: {0}")]
    Api(#[from] BotApiError),
    /// The update's answer was saved, but Telegram did not take the replies: they are
    /// kept with the conversation and sent before its next answer (or on redelivery).
    #[error("the answer was saved but could not be sent: {0}")]
    Undelivered(BotApiError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("downloading a file from Telegram failed: {0}")]
    Download(#[from] teloxide::DownloadError),
}

/// A bot for `token`, talking to `api_url` (Telegram's own when `None`).
pub fn bot(token: &str, api_url: Option<&str>) -> Result<Bot, String> {
    // teloxide's client uses the process's rustls provider (it brings none of its own):
    // aws-lc-rs, as the AWS SDK's clients. Already installed is as good.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let bot = Bot::new(token);
    match api_url {
        Some(url) => Ok(bot.set_api_url(
            url.parse()
                .map_err(|e| format!("TELEGRAM_API_URL {url:?}: {e}"))?,
        )),
        None => Ok(bot),
    }
}

/// Writes first to Telegram chats (`telegram:<chat id>`): the reminder job's nudges to
/// drafts that live in Telegram.
pub struct TelegramNotifier {
    bot: Bot,
}

impl TelegramNotifier {
    pub fn new(bot: Bot) -> TelegramNotifier {
        TelegramNotifier { bot }
    }

    /// The bot as a channel that writes first, when there is a token
    /// (`TELEGRAM_BOT_TOKEN`, and `TELEGRAM_API_URL` for another Bot API server).
    pub fn from_token(
        token: Option<&str>,
        api_url: Option<&str>,
    ) -> Result<Option<std::sync::Arc<dyn casebook_core::ChatNotifier>>, String> {
        let Some(token) = token else {
            return Ok(None);
        };
        Ok(Some(std::sync::Arc::new(TelegramNotifier::new(bot(
            token, api_url,
        )?))))
    }
}

#[async_trait::async_trait]
impl casebook_core::ChatNotifier for TelegramNotifier {
    fn handles(&self, chat: &str) -> bool {
        chat.strip_prefix("telegram:")
            .is_some_and(|id| id.parse::<i64>().is_ok())
    }

    async fn notify(&self, chat: &str, text: &str) -> Result<(), casebook_core::NotifyError> {
        let id: i64 = chat
            .strip_prefix("telegram:")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| {
                casebook_core::NotifyError::NotThisChannel(chat.chars().take(40).collect())
            })?;
        // Only `ok` is read: the reminder function does not carry a parser of Telegram's
        // Message type.
        call::<_, IgnoredAny>(&self.bot, &SendMessage::new(ChatId(id), text))
            .await
            .map(drop)
            .map_err(|e| casebook_core::NotifyError::Channel(e.to_string()))
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
    pub fn new(bot: Bot, engine: Engine, stores: Stores) -> TelegramBot {
        TelegramBot {
            bot,
            engine,
            stores,
        }
    }

    /// Lets files sent in the chat (documents, photos, videos) become attachments of the
    /// applicant's draft.
    pub fn with_attachments(mut self, attachments: AttachmentService) -> TelegramBot {
        self.engine = self.engine.with_attachments(
            attachments,
            FileInput::Documents {
                max_mb: (TELEGRAM_FILE_LIMIT / (1024 * 1024)) as u32,
            },
        );
        self
    }

    /// A file sent in the chat: added to the current draft and checked, or refused with
    /// the reason (files over 20 MB before anything is fetched).
    async fn attach(&self, chat: i64, file: &IncomingFile) -> Result<(), TelegramError> {
        let dialogue = conversation::load(&self.stores, &conversation_key(chat))
            .await?
            .unwrap_or_default();
        if file.size > TELEGRAM_FILE_LIMIT {
            let text = text(dialogue.lang, msg::BOT_FILE_OVER_TELEGRAM_LIMIT);
            return self.send(chat, &[Reply::text(text)]).await;
        }
        let offered = NewAttachment {
            filename: file.name.clone(),
            content_type: file.content_type.clone(),
            size: file.size,
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
        #[derive(serde::Deserialize)]
        struct Found {
            file_path: Option<String>,
        }
        let found: Found = call(&self.bot, &GetFile::new(FileId(file.id.clone()))).await?;
        // Telegram gives no path for a file it will not hand out (over 20 MB).
        let path = found.file_path.ok_or(BotApiError::Unreadable {
            method: "GetFile",
            status: 200,
        })?;
        let mut bytes = Vec::with_capacity(usize::try_from(file.size).unwrap_or(0));
        self.bot.download_file(&path, &mut bytes).await?;
        Ok(bytes)
    }

    async fn cannot_read(&self, chat: i64) -> Result<(), TelegramError> {
        let lang = conversation::load(&self.stores, &conversation_key(chat))
            .await?
            .unwrap_or_default()
            .lang;
        let text = text(lang, msg::BOT_ONLY_TEXT);
        self.send(chat, &[Reply::text(text)]).await
    }

    /// Sends the engine's replies, buttons as inline keyboards, each cut into messages
    /// Telegram accepts. A reply Telegram refuses for good (a 4xx other than 429: the chat
    /// is gone, the bot was blocked, ...) is dropped with a log line; replies it did not
    /// take for a passing reason are kept with the conversation
    /// ([`TelegramError::Undelivered`]) and sent with the next answer.
    async fn send(&self, chat: i64, replies: &[Reply]) -> Result<(), TelegramError> {
        for (i, reply) in replies.iter().enumerate() {
            let parts = split_message(&reply.text, TELEGRAM_MESSAGE_LIMIT);
            let last = parts.len() - 1;
            for (n, part) in parts.into_iter().enumerate() {
                let mut message = SendMessage::new(ChatId(chat), part);
                if let Some(k) = keyboard(reply).filter(|_| n == last) {
                    message = message.reply_markup(k);
                }
                match call::<_, IgnoredAny>(&self.bot, &message).await {
                    Ok(_) => {}
                    Err(e) if e.is_permanent() => {
                        tracing::warn!(error = %e, chat, "Telegram refused a reply for good; dropped");
                        break;
                    }
                    Err(e) => {
                        // What is left of this reply, then the rest.
                        let mut rest = vec![Reply {
                            text: split_message(&reply.text, TELEGRAM_MESSAGE_LIMIT)[n..]
                                .join("\n"),
                            choices: reply.choices.clone(),
                        }];
                        rest.extend_from_slice(&replies[i + 1..]);
                        let key = conversation_key(chat);
                        if let Err(kept) =
                            conversation::keep_undelivered(&self.stores, &key, &rest, self.now())
                                .await
                        {
                            tracing::error!(error = %kept, "replies that could not be sent were lost");
                        }
                        return Err(TelegramError::Undelivered(e));
                    }
                }
            }
        }
        Ok(())
    }

    /// Sends the replies kept for this chat after an earlier failure, once.
    async fn redeliver(&self, chat: i64) -> Result<(), TelegramError> {
        let key = conversation_key(chat);
        let kept = conversation::take_undelivered(&self.stores, &key, self.now()).await?;
        if kept.is_empty() {
            return Ok(());
        }
        tracing::info!(count = kept.len(), "sending replies kept after a failure");
        self.send(chat, &kept).await
    }

    /// A redelivered update (already answered): sends whatever of its answer Telegram
    /// did not take the first time.
    async fn redeliver_for(&self, update: &Update) -> Result<(), TelegramError> {
        match update.chat() {
            Some(chat) => self.redeliver(chat).await,
            None => Ok(()),
        }
    }

    /// The bot's clock (the engine's).
    pub fn now(&self) -> jiff::Timestamp {
        self.engine.now()
    }

    /// Asks Telegram for updates and answers them, until the future is dropped. Each
    /// chat has a worker that answers its updates in order; different chats are answered
    /// at the same time, so one chat's retries never hold up another.
    pub async fn poll(&self) {
        let mut offset = 0;
        let mut workers: HashMap<i64, ChatWorker> = HashMap::new();
        loop {
            let poll = GetUpdates::new().offset(offset).timeout(LONG_POLL_SECS);
            // Each update read apart: one that cannot be read is skipped, not the batch.
            match call::<_, Vec<serde_json::Value>>(&self.bot, &poll).await {
                Ok(updates) => {
                    for value in updates {
                        let id = value["update_id"].as_i64();
                        if let Some(next) = id.and_then(|id| i32::try_from(id + 1).ok()) {
                            offset = offset.max(next);
                        }
                        let update: Update = match serde_json::from_value(value) {
                            Ok(update) => update,
                            Err(e) => {
                                // Not serde's message: it quotes the value.
                                tracing::warn!(fault = ?e.classify(), update_id = id, "an update that cannot be read was skipped");
                                continue;
                            }
                        };
                        let chat = update.chat().unwrap_or(i64::MIN);
                        let worker = workers.entry(chat).or_insert_with(|| self.worker());
                        worker.pending.fetch_add(1, Ordering::SeqCst);
                        if worker.queue.send(update).is_err() {
                            tracing::error!(
                                chat,
                                "a chat's worker stopped; its update is redelivered after a restart"
                            );
                        }
                    }
                    // Only this loop queues updates: an idle worker with nothing pending
                    // can be let go (dropping its queue ends it).
                    workers.retain(|_, w| w.pending.load(Ordering::SeqCst) > 0);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "polling Telegram failed; trying again shortly");
                    tokio::time::sleep(Duration::from_secs(3)).await;
                }
            }
        }
    }

    /// A task answering one chat's updates in the order they came.
    fn worker(&self) -> ChatWorker {
        let (queue, mut updates) = mpsc::unbounded_channel::<Update>();
        let pending = Arc::new(AtomicUsize::new(0));
        let (bot, left) = (self.clone(), pending.clone());
        tokio::spawn(async move {
            while let Some(update) = updates.recv().await {
                bot.answer_with_retries(&update).await;
                left.fetch_sub(1, Ordering::SeqCst);
            }
        });
        ChatWorker { queue, pending }
    }

    /// What Telegram's own redelivery does for a webhook, for long polling: a failed
    /// update is tried again a few times, a little later each time.
    async fn answer_with_retries(&self, update: &Update) {
        const ATTEMPTS: u32 = 3;
        for attempt in 1..=ATTEMPTS {
            match self.answer_once(update).await {
                Ok(()) => return,
                Err(e) if attempt < ATTEMPTS => {
                    tracing::warn!(error = %e, update_id = update.update_id, attempt, "answering a Telegram update failed; trying again");
                    tokio::time::sleep(Duration::from_secs(2 * u64::from(attempt))).await;
                }
                Err(e) => {
                    tracing::error!(error = %e, update_id = update.update_id, "answering a Telegram update failed; giving up (kept replies go out with the chat's next answer)");
                }
            }
        }
    }

    /// Answers an update once however often it is delivered (each `update_id` is taken
    /// by a conditional write). `Err` means "deliver it again later": if nothing of it
    /// was saved, it is given back and answered then; if its answer was saved but not
    /// sent, the replies are kept and the redelivery sends them.
    pub async fn answer_once(&self, update: &Update) -> Result<(), TelegramError> {
        let key = LeaseKey::TelegramUpdate(update.update_id);
        let now = self.now();
        let lease_until = now.saturating_add(UPDATE_LEASE).unwrap_or(now);
        if !self
            .stores
            .leases
            .take_lease(&key, now, lease_until)
            .await?
        {
            // Answered before (or being answered); send what Telegram did not take then.
            return self.redeliver_for(update).await;
        }
        match self.handle(update).await {
            Ok(()) => self.finish(&key).await,
            Err(e @ TelegramError::Undelivered(_)) => {
                // The answer is saved; the redelivery only sends the kept replies.
                self.finish(&key).await?;
                Err(e)
            }
            Err(e) => {
                if let Err(release) = self.stores.leases.release_lease(&key).await {
                    tracing::error!(error = %release, update_id = update.update_id, "cannot give a failed update back; its redelivery will be ignored");
                }
                Err(e)
            }
        }
    }

    async fn finish(&self, key: &LeaseKey) -> Result<(), TelegramError> {
        Ok(self.stores.leases.finish_lease(key).await?)
    }

    /// Answers one update: a text message, a document or a button press. Others are
    /// ignored. Replies kept from an earlier failure go out first.
    async fn handle(&self, update: &Update) -> Result<(), TelegramError> {
        if let Some(chat) = update.shared_chat() {
            return self.point_to_private_chat(update, chat).await;
        }
        if let Some(m) = &update.message
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
        let (chat, text) = if let Some(m) = &update.message {
            match &m.text {
                Some(text) => (m.chat.id, text.clone()),
                // A sticker, a voice message, a location...: say what works.
                None if m.chat.is_private() => return self.cannot_read(m.chat.id).await,
                None => return Ok(()),
            }
        } else if let Some(q) = &update.callback_query {
            self.answer_button(q).await?;
            match (update.chat(), &q.data) {
                (Some(chat), Some(data)) => (chat, data.clone()),
                _ => return Ok(()),
            }
        } else {
            return Ok(());
        };
        let key = conversation_key(chat);
        // A new conversation starts in the language the person's Telegram speaks, when it
        // is one of the six; what they write, or /language, changes it after.
        let fresh = Dialogue {
            lang: update.sender_lang(),
            ..Dialogue::default()
        };
        let turn = conversation::converse(&self.engine, &self.stores, &key, &text, &fresh).await?;
        self.send(chat, &turn.replies).await
    }
}

impl TelegramBot {
    /// A group or channel shares one chat among many people: drafts, link codes and the
    /// Submit button would be everyone's. Nothing is stored for it; it gets a pointer to a
    /// private chat. (A failure to send the pointer is only logged: nothing to retry.)
    async fn point_to_private_chat(&self, update: &Update, chat: i64) -> Result<(), TelegramError> {
        if let Some(q) = &update.callback_query
            && let Err(e) = self.answer_button(q).await
        {
            tracing::warn!(error = %e, "cannot answer a button pressed in a group");
        }
        // In the sender's language, then English: the group's others may read either.
        let lang = update.sender_lang();
        let said: Vec<String> = with_english(lang)
            .into_iter()
            .map(|l| text(l, msg::BOT_PRIVATE_ONLY))
            .collect();
        let pointer = SendMessage::new(ChatId(chat), said.join("\n"));
        if let Err(e) = call::<_, IgnoredAny>(&self.bot, &pointer).await {
            tracing::warn!(error = %e, chat, "cannot point a group or channel to a private chat");
        }
        Ok(())
    }

    /// Tells Telegram a button press was seen (its spinner stops).
    async fn answer_button(&self, q: &update::CallbackQuery) -> Result<(), BotApiError> {
        call::<_, IgnoredAny>(
            &self.bot,
            &AnswerCallbackQuery::new(CallbackQueryId(q.id.clone())),
        )
        .await
        .map(drop)
    }
}

/// Where a chat's conversation is kept in the store.
fn conversation_key(chat: i64) -> ConversationKey {
    ConversationKey::new(Channel::Telegram, chat.to_string())
}

/// A file in a message, whichever way it was sent.
struct IncomingFile {
    id: String,
    name: String,
    /// As Telegram reports it, without parameters; may be empty (the name's extension
    /// then decides).
    content_type: String,
    /// As Telegram reports it (0 when it does not).
    size: u64,
}

/// The file a message carries: a document, a photo (its largest size, which Telegram
/// always re-encodes as JPEG) or a video.
fn incoming_file(m: &Message) -> Option<IncomingFile> {
    let sent = |file: &update::Document, default_name: &str| IncomingFile {
        id: file.file_id.clone(),
        name: file
            .file_name
            .clone()
            .unwrap_or_else(|| default_name.into()),
        content_type: file
            .mime_type
            .as_deref()
            .map(media_type_essence)
            .unwrap_or_default(),
        size: file.file_size.unwrap_or(0),
    };
    if let Some(doc) = &m.document {
        return Some(sent(doc, "file"));
    }
    if let Some(largest) = m.photo.as_ref().and_then(|sizes| {
        sizes
            .iter()
            .max_by_key(|p| u64::from(p.width) * u64::from(p.height))
    }) {
        return Some(IncomingFile {
            id: largest.file_id.clone(),
            name: format!("photo-{}.jpg", largest.file_unique_id),
            content_type: "image/jpeg".into(),
            size: largest.file_size.unwrap_or(0),
        });
    }
    m.video.as_ref().map(|video| sent(video, "video.mp4"))
}

/// A media type without its parameters, lower case (`Text/Plain; charset=x` is
/// `text/plain`).
fn media_type_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_reply_is_cut_at_paragraphs_within_the_limit() {
        let paragraph = "word ".repeat(300); // 1,500 characters
        let text = [paragraph.trim_end(); 7].join("\n\n");
        let parts = split_message(&text, TELEGRAM_MESSAGE_LIMIT);
        assert!(parts.len() >= 3);
        for part in &parts {
            assert!(part.encode_utf16().count() <= TELEGRAM_MESSAGE_LIMIT);
            assert!(
                part.starts_with("word") && part.ends_with("word"),
                "cut at a paragraph"
            );
        }
        assert_eq!(parts.join("\n\n"), text, "nothing lost");
    }

    #[test]
    fn text_without_breaks_is_cut_between_characters_counted_as_telegram_does() {
        let text = "😀".repeat(3000); // 2 UTF-16 units each
        let parts = split_message(&text, TELEGRAM_MESSAGE_LIMIT);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].encode_utf16().count(), 4096);
        assert_eq!(parts.concat(), text);
        assert_eq!(split_message("short", 4096), vec!["short"]);
    }

    #[test]
    fn a_file_s_media_type_is_read_without_its_parameters() {
        assert_eq!(
            media_type_essence("Text/Plain; charset=utf-8"),
            "text/plain"
        );
        assert_eq!(media_type_essence("application/pdf"), "application/pdf");
        assert_eq!(media_type_essence(""), "");
    }
}
