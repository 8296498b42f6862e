//! The Telegram front end: long polling with teloxide, one conversation per chat, the
//! engine's buttons as inline keyboards. The conversation is saved through the store
//! port after every message, so a restart loses nothing.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use casebook_core::{AttachmentService, NewAttachment, StoreError, Stores};
use teloxide::Bot;
use teloxide::net::Download;
use teloxide::payloads::{GetUpdatesSetters, SendMessageSetters};
use teloxide::requests::Requester;
use teloxide::types::{
    ChatId, FileId, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, UpdateKind,
};
use tokio::sync::mpsc;

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

/// Whether Telegram refused a request for good: resending the same message will never
/// work (too long, chat not found, bot blocked...). Rate limits and network trouble pass.
fn is_permanent(e: &teloxide::RequestError) -> bool {
    use teloxide::{ApiError, RequestError};
    match e {
        // teloxide keeps the description, not the status: Telegram's 4xx descriptions
        // start with their reason ("Bad Request: ...", "Forbidden: ..."); a 5xx does not.
        RequestError::Api(ApiError::Unknown(description)) => {
            ["Bad Request", "Forbidden", "Unauthorized", "Not Found"]
                .iter()
                .any(|reason| description.starts_with(reason))
        }
        // Every error teloxide recognises is one of Telegram's 4xx refusals.
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => true,
        _ => false,
    }
}

/// One chat's queue of updates, and how many of them are not answered yet.
struct ChatWorker {
    queue: mpsc::UnboundedSender<Update>,
    pending: Arc<AtomicUsize>,
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

    async fn notify(&self, chat: &str, text: &str) -> Result<(), String> {
        let id: i64 = chat
            .strip_prefix("telegram:")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("not a Telegram chat: {chat:?}"))?;
        // A plain sendMessage call on the bot's own client: the answer is read only for
        // `ok`, so the reminder function does not carry the parser of Telegram's whole
        // Message type (about 2 MB of binary).
        let url = format!(
            "{}/bot{}/sendMessage",
            self.bot.api_url().as_str().trim_end_matches('/'),
            self.bot.token()
        );
        let body = serde_json::json!({"chat_id": id, "text": text}).to_string();
        let response = self
            .bot
            .client()
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("Telegram could not be reached: {}", e.without_url()))?;
        let status = response.status();
        let answer: serde_json::Value = response
            .bytes()
            .await
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        if answer["ok"] == true {
            Ok(())
        } else {
            let why: String = answer["description"]
                .as_str()
                .unwrap_or("no description")
                .chars()
                .take(200)
                .collect();
            Err(format!("Telegram answered {status}: {why}"))
        }
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
                max_mb: TELEGRAM_FILE_LIMIT / (1024 * 1024),
            },
        );
        self
    }

    /// A file sent in the chat: added to the current draft and checked, or refused with
    /// the reason (files over 20 MB before anything is fetched).
    async fn attach(&self, chat: ChatId, file: &IncomingFile) -> Result<(), TelegramError> {
        let dialogue = conversation::load(&self.stores, &conversation_key(chat))
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
        let lang = conversation::load(&self.stores, &conversation_key(chat))
            .await?
            .unwrap_or_default()
            .lang;
        let text = lang.pick(
            "Sorry, I can only read text, buttons and files. Please type your message.",
            "抱歉，我只能读取文字、按钮和文件。请输入文字消息。",
        );
        self.send(chat, &[Reply::text(text)]).await
    }

    /// Sends the engine's replies, buttons as inline keyboards, each cut into messages
    /// Telegram accepts. A reply Telegram refuses for good (a 4xx other than 429: the chat
    /// is gone, the bot was blocked, ...) is dropped with a log line; replies it did not
    /// take for a passing reason are kept with the conversation
    /// ([`TelegramError::Undelivered`]) and sent with the next answer.
    async fn send(&self, chat: ChatId, replies: &[Reply]) -> Result<(), TelegramError> {
        for (i, reply) in replies.iter().enumerate() {
            let parts = split_message(&reply.text, TELEGRAM_MESSAGE_LIMIT);
            let last = parts.len() - 1;
            for (n, part) in parts.into_iter().enumerate() {
                let request = self.bot.send_message(chat, part);
                let sent = match keyboard(reply).filter(|_| n == last) {
                    Some(k) => request.reply_markup(k).await,
                    None => request.await,
                };
                match sent {
                    Ok(_) => {}
                    Err(e) if is_permanent(&e) => {
                        tracing::warn!(error = %e, chat = chat.0, "Telegram refused a reply for good; dropped");
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
    async fn redeliver(&self, chat: ChatId) -> Result<(), TelegramError> {
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
        match chat_of(update) {
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
            match self.bot.get_updates().offset(offset).timeout(25).await {
                Ok(updates) => {
                    for update in updates {
                        offset = offset.max(update.id.0 as i32 + 1);
                        let chat = chat_of(&update).map_or(i64::MIN, |c| c.0);
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
        let now = self.now();
        let lease_until = now.saturating_add(UPDATE_LEASE).unwrap_or(now);
        if !self
            .stores
            .updates
            .claim_update(&key, now, lease_until)
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
                if let Err(release) = self.stores.updates.release_update(&key).await {
                    tracing::error!(error = %release, update_id = update.id.0, "cannot give a failed update back; its redelivery will be ignored");
                }
                Err(e)
            }
        }
    }

    async fn finish(&self, key: &str) -> Result<(), TelegramError> {
        Ok(self.stores.updates.finish_update(key).await?)
    }

    /// Answers one update: a text message, a document or a button press. Others are
    /// ignored. Replies kept from an earlier failure go out first.
    async fn handle(&self, update: &Update) -> Result<(), TelegramError> {
        if let Some(chat) = shared_chat(update) {
            return self.point_to_private_chat(update, chat).await;
        }
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
            &self.stores,
            &key,
            "telegram",
            &text,
            &Dialogue::default(),
        )
        .await?;
        self.send(chat, &turn.replies).await
    }
}

impl TelegramBot {
    /// A group or channel shares one chat among many people: drafts, link codes and the
    /// Submit button would be everyone's. Nothing is stored for it; it gets a pointer to a
    /// private chat. (A failure to send the pointer is only logged: nothing to retry.)
    async fn point_to_private_chat(
        &self,
        update: &Update,
        chat: ChatId,
    ) -> Result<(), TelegramError> {
        if let UpdateKind::CallbackQuery(q) = &update.kind
            && let Err(e) = self.bot.answer_callback_query(q.id.clone()).await
        {
            tracing::warn!(error = %e, "cannot answer a button pressed in a group");
        }
        let text = "I help with applications in a private chat only, so that your draft stays yours. Tap my name and choose \"Message\" to start.\n申报只能在与我的私聊中进行，以确保草稿只属于您。请点击我的名字，选择“发消息”开始。";
        if let Err(e) = self.bot.send_message(chat, text).await {
            tracing::warn!(error = %e, chat = chat.0, "cannot point a group or channel to a private chat");
        }
        Ok(())
    }
}

/// The chat of an update from a group, supergroup or channel (`None` for a private chat).
fn shared_chat(update: &Update) -> Option<ChatId> {
    let chat = match &update.kind {
        UpdateKind::Message(m) | UpdateKind::ChannelPost(m) => &m.chat,
        UpdateKind::CallbackQuery(q) => q.message.as_ref()?.chat(),
        _ => return None,
    };
    (!chat.is_private()).then_some(chat.id)
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
    fn refusals_for_good_are_told_from_passing_trouble() {
        use teloxide::{ApiError, RequestError};
        assert!(is_permanent(&RequestError::Api(ApiError::MessageIsTooLong)));
        assert!(is_permanent(&RequestError::Api(ApiError::BotBlocked)));
        assert!(is_permanent(&RequestError::Api(ApiError::Unknown(
            "Bad Request: something new".into()
        ))));
        assert!(!is_permanent(&RequestError::Api(ApiError::Unknown(
            "Bad Gateway".into()
        ))));
        assert!(!is_permanent(&RequestError::RetryAfter(
            teloxide::types::Seconds::from_seconds(3)
        )));
    }
}
