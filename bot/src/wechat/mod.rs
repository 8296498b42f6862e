//! The bot on a WeChat official account, Tencent's "passive reply" protocol: each message
//! arrives as XML at the account's server URL and is answered in the HTTP response. The
//! same engine and conversations as every channel (`wechat:<OpenID>`), the same drafts and
//! `/link`. Signatures and safe mode in `crypto`, the XML in `xml`.
//!
//! Every request is checked before anything is read or stored: its timestamp within five
//! minutes of casebook's clock (replays), its signature (constant time), in safe mode the
//! message signature and the AppID inside. Each message is taken once (MsgId, or sender
//! and time for events) and its answer kept with the mark, so Tencent's retry gets the
//! same reply without the engine running again; anything WeChat cannot use gets
//! `success`, never an error that makes Tencent retry.

pub mod crypto;
pub mod xml;

use casebook_core::lang::{msg, t, text};
use casebook_core::{Lang, LeaseKey, Stores};
use jiff::{SignedDuration, Timestamp};

use crate::conversation::{self, Channel, ConversationKey};
use crate::engine::{Dialogue, Engine, Reply};

use crypto::{AesKey, CryptoError, signature, signature_matches};
use xml::Incoming;

/// Tencent's limit on a passive text reply, in bytes.
pub const MAX_REPLY_BYTES: usize = 2048;
/// How far a request's timestamp may be from casebook's clock.
const REPLAY_WINDOW: SignedDuration = SignedDuration::from_mins(5);
/// How many times (20 ms apart) a call waits for the body of a delivery of the same
/// signed pair that took it a moment before.
const PAIR_WAITS: usize = 25;
/// How long a taken message is held while it is answered (WeChat waits 5 s).
const LEASE: SignedDuration = SignedDuration::from_secs(30);

/// How long a second delivery of a message waits for the first one's answer.
const RETRY_WAITS: std::time::Duration = std::time::Duration::from_secs(4);

/// What WeChat accepts as "answered, do not retry".
pub const SUCCESS: &str = "success";

/// The account's settings (`WECHAT_TOKEN`, `WECHAT_APP_ID`, `WECHAT_ENCODING_AES_KEY`).
#[derive(Clone)]
pub struct WechatAccount {
    pub token: String,
    pub app_id: String,
    /// Safe mode when set.
    pub aes_key: Option<AesKey>,
}

impl std::fmt::Debug for WechatAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatAccount")
            .field("app_id", &self.app_id)
            .field("safe_mode", &self.aes_key.is_some())
            .finish_non_exhaustive()
    }
}

/// The query string of a call to the server URL.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CallQuery {
    #[serde(default)]
    pub signature: String,
    #[serde(default)]
    pub timestamp: String,
    #[serde(default)]
    pub nonce: String,
    #[serde(default)]
    pub echostr: Option<String>,
    #[serde(default)]
    pub msg_signature: Option<String>,
    #[serde(default)]
    pub encrypt_type: Option<String>,
    #[serde(default)]
    pub openid: Option<String>,
}

/// The longest query value taken: Tencent's are 10 to 40 characters, a safe-mode
/// `echostr` under 200; anything longer is refused before it is hashed or decrypted.
pub const MAX_QUERY_VALUE_CHARS: usize = 512;

impl CallQuery {
    fn within_caps(&self) -> Result<(), Refusal> {
        let values = [
            Some(&self.signature),
            Some(&self.timestamp),
            Some(&self.nonce),
            self.echostr.as_ref(),
            self.msg_signature.as_ref(),
            self.encrypt_type.as_ref(),
            self.openid.as_ref(),
        ];
        if values
            .into_iter()
            .flatten()
            .any(|v| v.len() > MAX_QUERY_VALUE_CHARS)
        {
            return Err(Refusal::TooLong);
        }
        Ok(())
    }
}

/// Why a call was refused (answered 401, nothing stored). The text is for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the signature does not match")]
    BadSignature,
    #[error("the timestamp is missing or more than five minutes off")]
    Stale,
    #[error("a query value is longer than {MAX_QUERY_VALUE_CHARS} bytes")]
    TooLong,
    #[error("safe mode: {0}")]
    Crypto(#[from] CryptoError),
    /// Safe mode is on, and the call came in plain text (or without `msg_signature`):
    /// only the URL was signed, so its body could be anyone's.
    #[error("safe mode: the message is not encrypted")]
    NotEncrypted,
    /// A signed (timestamp, nonce) seen before with another body: only the URL is
    /// signed in plain mode, so this is someone replaying a signature they saw.
    #[error("the timestamp and nonce came before with another body")]
    Replayed,
    /// The store could not say whether the call came before: refused, and logged.
    #[error("the store is unavailable")]
    Unavailable,
}

pub struct WechatBot {
    engine: Engine,
    stores: Stores,
    account: WechatAccount,
}

impl WechatBot {
    pub fn new(engine: Engine, stores: Stores, account: WechatAccount) -> WechatBot {
        WechatBot {
            engine,
            stores,
            account,
        }
    }

    fn fresh(&self, now: Timestamp, q: &CallQuery) -> Result<(), Refusal> {
        q.within_caps()?;
        let seconds: i64 = q.timestamp.trim().parse().map_err(|_| Refusal::Stale)?;
        let at = Timestamp::from_second(seconds).map_err(|_| Refusal::Stale)?;
        if at.duration_since(now).abs() > REPLAY_WINDOW {
            return Err(Refusal::Stale);
        }
        Ok(())
    }

    fn signed(&self, q: &CallQuery) -> Result<(), Refusal> {
        let parts = [self.account.token.as_str(), &q.timestamp, &q.nonce];
        if signature_matches(&q.signature, &parts) {
            Ok(())
        } else {
            Err(Refusal::BadSignature)
        }
    }

    /// `GET /wechat`: the server URL check. The `echostr` to answer (decrypted in safe
    /// mode).
    pub fn verify_server_url(&self, q: &CallQuery) -> Result<String, Refusal> {
        self.fresh(self.engine.now(), q)?;
        let echostr = q.echostr.clone().unwrap_or_default();
        match (&q.msg_signature, &self.account.aes_key) {
            (Some(msg_signature), Some(key)) => {
                let parts = [
                    self.account.token.as_str(),
                    &q.timestamp,
                    &q.nonce,
                    &echostr,
                ];
                if !signature_matches(msg_signature, &parts) {
                    return Err(Refusal::BadSignature);
                }
                Ok(key.decrypt(&echostr, &self.account.app_id)?)
            }
            _ => {
                self.signed(q)?;
                Ok(echostr)
            }
        }
    }

    /// `POST /wechat`: a message or event; the body to answer with (a reply's XML, or
    /// `success`).
    pub async fn answer(&self, q: &CallQuery, body: &[u8]) -> Result<String, Refusal> {
        let now = self.engine.now();
        self.fresh(now, q)?;
        self.signed(q)?;
        let safe = q.encrypt_type.as_deref() == Some("aes");
        // The URL's signature covers the token, timestamp and nonce, not the body: in
        // safe mode only an encrypted body signed with `msg_signature` is read.
        if self.account.aes_key.is_some() && (!safe || q.msg_signature.is_none()) {
            return Err(Refusal::NotEncrypted);
        }
        self.once_per_signature(q, body, now).await?;
        let envelope = match xml::parse(body) {
            Ok(m) => m,
            Err(e) => {
                tracing::info!(error = %e, "a WeChat body that cannot be used");
                return Ok(SUCCESS.into());
            }
        };
        let message = if safe {
            let (Some(key), Some(encrypt)) = (&self.account.aes_key, &envelope.encrypt) else {
                tracing::info!("a safe-mode message without a key or an Encrypt element");
                return Ok(SUCCESS.into());
            };
            let msg_signature = q.msg_signature.clone().unwrap_or_default();
            let parts = [self.account.token.as_str(), &q.timestamp, &q.nonce, encrypt];
            if !signature_matches(&msg_signature, &parts) {
                return Err(Refusal::BadSignature);
            }
            let inner = key.decrypt(encrypt, &self.account.app_id)?;
            match xml::parse(inner.as_bytes()) {
                Ok(m) => m,
                Err(e) => {
                    tracing::info!(error = %e, "a decrypted WeChat message that cannot be used");
                    return Ok(SUCCESS.into());
                }
            }
        } else {
            envelope
        };
        if let Err(e) = xml::check_message(&message) {
            tracing::info!(error = %e, "a WeChat message without what it needs");
            return Ok(SUCCESS.into());
        }
        let Some(reply) = self.reply_to(&message, now).await else {
            return Ok(SUCCESS.into());
        };
        let created = now.as_second();
        let plain = xml::text_reply(&message.from_user, &message.to_user, created, &reply);
        Ok(match (&self.account.aes_key, safe) {
            (Some(key), true) => {
                let mut random = [0u8; 16];
                let _ = getrandom::fill(&mut random);
                let encrypt = key.encrypt(&plain, &self.account.app_id, random);
                let nonce = q.nonce.clone();
                let timestamp = created.to_string();
                let sign = signature(&[&self.account.token, &timestamp, &nonce, &encrypt]);
                xml::encrypted_reply(&encrypt, &sign, &timestamp, &nonce)
            }
            _ => plain,
        })
    }

    /// Each signed (timestamp, nonce) carries one body, remembered for the replay window:
    /// a different body under it is refused; the same body again (Tencent's retry of a
    /// message it sent) passes, and its MsgId then gets the kept reply. Settled by the
    /// store's conditional write: of two bodies at once, one is taken.
    async fn once_per_signature(
        &self,
        q: &CallQuery,
        body: &[u8],
        now: Timestamp,
    ) -> Result<(), Refusal> {
        use sha2::{Digest, Sha256};
        let key = LeaseKey::WeChatCall {
            timestamp: q.timestamp.trim().to_string(),
            nonce: q.nonce.trim().to_string(),
        };
        let digest: String = Sha256::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let updates = &self.stores.leases;
        // Held past the window on either side of the timestamp; finished at once.
        let until = now + REPLAY_WINDOW + REPLAY_WINDOW;
        let unavailable = |e: casebook_core::StoreError| {
            tracing::error!(error = %e, "a WeChat call could not be checked against the ones before");
            Refusal::Unavailable
        };
        if updates
            .take_lease(&key, now, until)
            .await
            .map_err(unavailable)?
        {
            updates
                .finish_lease_with(&key, &digest)
                .await
                .map_err(unavailable)?;
            return Ok(());
        }
        // Taken by a delivery of this pair that is finishing right now (Tencent's
        // copies can arrive together): its body is known a moment later.
        for _ in 0..PAIR_WAITS {
            match updates.finished_answer(&key).await.map_err(unavailable)? {
                Some(kept) if kept == digest => return Ok(()),
                Some(_) => break,
                None => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            }
        }
        tracing::warn!("a WeChat signature was replayed with another body");
        Err(Refusal::Replayed)
    }

    /// The text to answer `message` with, once: `None` for a message already taken (a
    /// retry while the first is answered, or after) or one that needs no answer.
    async fn reply_to(&self, message: &Incoming, now: Timestamp) -> Option<String> {
        let text = match message.msg_type.as_str() {
            "text" => message.content.clone().unwrap_or_default(),
            "event" => match message.event.as_deref() {
                Some("subscribe") => "/start".to_string(),
                Some("CLICK") => message.event_key.clone().unwrap_or_default(),
                _ => return None,
            },
            "image" | "voice" | "video" | "shortvideo" | "file" | "location" | "link" => {
                return Some(self.files_elsewhere(&message.from_user).await);
            }
            _ => return None,
        };
        let once = match &message.msg_id {
            Some(id) if !id.is_empty() => LeaseKey::WeChatMessage(id.clone()),
            _ => LeaseKey::WeChatMessage(format!("{}:{}", message.from_user, message.create_time)),
        };
        match self.stores.leases.take_lease(&once, now, now + LEASE).await {
            Ok(true) => {}
            // Tencent's retry, or the same message twice at once: the first's answer.
            Ok(false) => return self.kept_answer(&once).await,
            Err(e) => {
                tracing::error!(error = %e, "a WeChat message could not be taken");
                return None;
            }
        }
        let key = ConversationKey::new(Channel::Wechat, message.from_user.clone());
        let pages_key = format!("wechat-pages:{}", message.from_user);
        if text.trim() == MORE_KEY
            && let Some(page) = self.next_page(&pages_key, now).await
        {
            let _ = self.stores.leases.finish_lease_with(&once, &page).await;
            return Some(page);
        }
        let turn = conversation::converse(
            &self.engine,
            &self.stores,
            &key,
            &text,
            &Dialogue::default(),
        )
        .await;
        match turn {
            Ok(turn) => {
                let mut pages = paginate(
                    &render_all(&turn.replies),
                    MAX_REPLY_BYTES,
                    turn.dialogue.lang,
                );
                let reply = pages.remove(0);
                // What did not fit waits for "0"; a new answer replaces what waited.
                self.keep_pages(&pages_key, &pages, now).await;
                if let Err(e) = self.stores.leases.finish_lease_with(&once, &reply).await {
                    tracing::warn!(error = %e, "a WeChat message could not be marked done");
                }
                Some(reply)
            }
            Err(e) => {
                // Nothing was saved: the retry is answered afresh.
                tracing::error!(error = %e, "a WeChat message could not be answered");
                let _ = self.stores.leases.release_lease(&once).await;
                None
            }
        }
    }
}

impl WechatBot {
    /// The answer kept with a message taken before. While the first delivery is still
    /// being answered, a retry waits for it a little (Tencent waits five seconds in all),
    /// then gives up with nothing (`success`).
    async fn kept_answer(&self, once: &LeaseKey) -> Option<String> {
        let give_up = tokio::time::Instant::now() + RETRY_WAITS;
        loop {
            match self.stores.leases.finished_answer(once).await {
                Ok(Some(answer)) => return Some(answer),
                Ok(None) if tokio::time::Instant::now() < give_up => {
                    tokio::time::sleep(std::time::Duration::from_millis(40)).await;
                }
                Ok(None) => return None,
                Err(e) => {
                    tracing::warn!(error = %e, "a kept WeChat answer could not be read");
                    return None;
                }
            }
        }
    }

    /// Keeps the pages of an answer that did not fit, for "0".
    async fn keep_pages(&self, key: &str, pages: &[String], now: Timestamp) {
        let stored = self
            .stores
            .dialogues
            .load_dialogue(key)
            .await
            .ok()
            .flatten();
        if pages.is_empty() && stored.is_none() {
            return;
        }
        let json = serde_json::to_string(pages).unwrap_or_else(|_| "[]".into());
        let expected = stored.map(|s| s.version);
        if let Err(e) = self
            .stores
            .dialogues
            .save_dialogue(key, &json, expected, now)
            .await
        {
            tracing::warn!(error = %e, "the rest of a long WeChat answer was not kept");
        }
    }

    /// The next page waiting for "0", if any, the rest kept for the next "0".
    async fn next_page(&self, key: &str, now: Timestamp) -> Option<String> {
        let stored = self
            .stores
            .dialogues
            .load_dialogue(key)
            .await
            .ok()
            .flatten()?;
        let mut pages: Vec<String> = serde_json::from_str(&stored.json).ok()?;
        if pages.is_empty() {
            return None;
        }
        let page = pages.remove(0);
        let json = serde_json::to_string(&pages).unwrap_or_else(|_| "[]".into());
        self.stores
            .dialogues
            .save_dialogue(key, &json, Some(stored.version), now)
            .await
            .ok()?;
        Some(page)
    }
}

/// What a reader types for the next page.
const MORE_KEY: &str = "0";

impl WechatBot {
    /// What a picture, voice or file message gets, in the conversation's language:
    /// WeChat's passive replies cannot take files into an application.
    async fn files_elsewhere(&self, from_user: &str) -> String {
        let key = ConversationKey::new(Channel::Wechat, from_user.to_string());
        let lang = match conversation::load(&self.stores, &key).await {
            Ok(dialogue) => dialogue.map(|d| d.lang).unwrap_or_default(),
            Err(e) => {
                tracing::warn!(error = %e, "a WeChat conversation could not be read");
                Lang::default()
            }
        };
        text(lang, msg::BOT_FILES_ELSEWHERE)
    }
}

/// The replies as one text: choices as numbered lines (a number or the label answers
/// them).
pub fn render_all(replies: &[Reply]) -> String {
    let mut lines = Vec::new();
    let mut number = 0;
    for reply in replies {
        lines.push(reply.text.clone());
        for choice in &reply.choices {
            number += 1;
            lines.push(format!("{number}. {}", choice.label));
        }
    }
    lines.join("\n")
}

/// `text` in passive replies of at most `max` bytes: cut at a line break where one is
/// near, else on a character; every page but the last says how to get the next.
pub fn paginate(text: &str, max: usize, lang: Lang) -> Vec<String> {
    if text.len() <= max {
        return vec![text.to_string()];
    }
    let more = format!("\n({})", t!(lang, BOT_MORE, key = MORE_KEY));
    let budget = max.saturating_sub(more.len()).max(1);
    let mut pages = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            if i + c.len_utf8() > budget {
                break;
            }
            end = i + c.len_utf8();
        }
        // Prefer a line break in the page's last quarter.
        if let Some(nl) = rest[..end].rfind('\n')
            && nl > budget * 3 / 4
        {
            end = nl + 1;
        }
        if end == 0 {
            break;
        }
        pages.push(format!("{}{more}", rest[..end].trim_end()));
        rest = &rest[end..];
    }
    pages.push(rest.to_string());
    pages
}

#[cfg(test)]
mod tests;
