//! A conversation kept in the store, shared by every front end: load it, answer the
//! message, save it only over the version read, and keep what could not be answered or
//! could not be delivered.

use casebook_core::{LeaseKey, StoreError, Stores, UnansweredQuestion};
use jiff::Timestamp;

use crate::{Dialogue, Engine, Reply, Turn};

/// The channels a conversation runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Telegram,
    Wechat,
    Terminal,
}

impl Channel {
    /// As stored and shown: `telegram`, `wechat`, `terminal`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::Wechat => "wechat",
            Channel::Terminal => "terminal",
        }
    }
}

/// Whose conversation: a user of a channel (a Telegram chat id, a WeChat OpenID, a
/// terminal's user name). Stored as `channel:user`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationKey {
    pub channel: Channel,
    pub user: String,
}

impl ConversationKey {
    pub fn new(channel: Channel, user: impl Into<String>) -> ConversationKey {
        ConversationKey {
            channel,
            user: user.into(),
        }
    }
}

impl std::fmt::Display for ConversationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.channel.as_str(), self.user)
    }
}

/// How often a conditional save is tried again when another message of the same
/// conversation saved first.
const SAVE_ATTEMPTS: usize = 3;

/// The saved conversation of `key`, if there is one it can read.
pub async fn load(stores: &Stores, key: &ConversationKey) -> Result<Option<Dialogue>, StoreError> {
    let key = &key.to_string();
    let saved = stores.dialogues.load_dialogue(key).await?;
    Ok(saved
        .and_then(|saved| decode(key, &saved.json))
        .map(|dialogue| Dialogue {
            chat: key.to_string(),
            ..dialogue
        }))
}

/// A saved state, or `None` (logged) when this version cannot read it: it is then kept
/// as it is, never overwritten with a fresh conversation.
fn decode(key: &str, state: &str) -> Option<Dialogue> {
    match serde_json::from_str(state) {
        Ok(dialogue) => Some(dialogue),
        Err(e) => {
            tracing::error!(conversation = key, error = %e, "a saved conversation cannot be read; it is kept as it is");
            None
        }
    }
}

fn unreadable(key: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "the saved conversation {key} cannot be read by this version"
    ))
}

/// Loads the conversation under `key` (or `fresh`), lets `change` make its next state,
/// and saves that only over the version read, trying again from the newer state when
/// another message saved first (so `change` must have no effect outside the state).
/// `change` giving no state leaves the conversation as it is. A state that cannot be read
/// is an error and is left as it is.
async fn update<R, F>(
    stores: &Stores,
    key: &str,
    fresh: &Dialogue,
    now: Timestamp,
    mut change: F,
) -> Result<R, StoreError>
where
    F: FnMut(Dialogue) -> (Option<Dialogue>, R),
{
    let mut attempts = 0;
    loop {
        attempts += 1;
        let saved = stores.dialogues.load_dialogue(key).await?;
        let (dialogue, version) = match &saved {
            Some(s) => (
                decode(key, &s.json).ok_or_else(|| unreadable(key))?,
                Some(s.version),
            ),
            None => (fresh.clone(), None),
        };
        let (next, result) = change(dialogue);
        let Some(next) = next else {
            return Ok(result);
        };
        let json = serde_json::to_string(&next).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match stores
            .dialogues
            .save_dialogue(key, &json, version, now)
            .await
        {
            Ok(_) => return Ok(result),
            Err(StoreError::Conflict) if attempts < SAVE_ATTEMPTS => continue,
            Err(e) => return Err(e),
        }
    }
}

/// How long one message holds its conversation, and how long another waits for it.
const TURN_LEASE: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);
const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Answers one message of the conversation under `key`, starting from `fresh` when there
/// is none yet. Messages of one conversation take turns (a lease in the store), so each
/// is answered from the state the one before left, and the engine runs once per message:
/// its effects (a draft created, a submission) are never repeated. A question the bot
/// could not answer is kept for the organizers, marked with `channel`. Replies kept from
/// a failed delivery ([`keep_undelivered`]) come first in the turn. A saved state this
/// version cannot read is kept as it is and the applicant is told.
pub async fn converse(
    engine: &Engine,
    stores: &Stores,
    conversation: &ConversationKey,
    message: &str,
    fresh: &Dialogue,
) -> Result<Turn, StoreError> {
    let key = &conversation.to_string();
    let channel = conversation.channel.as_str();
    let lock = LeaseKey::ConversationTurn(key.clone());
    let held = take_turn(stores, &lock, engine).await?;
    let turn = answer(engine, stores, key, message, fresh).await;
    if held && let Err(e) = stores.leases.release_lease(&lock).await {
        tracing::warn!(conversation = key, error = %e, "cannot let go of a conversation; it frees itself when its lease runs out");
    }
    let turn = turn?;
    if let Some(question) = &turn.unanswered {
        let question = UnansweredQuestion {
            id: uuid::Uuid::new_v4().to_string(),
            channel: channel.into(),
            chat: Some(key.clone()),
            lang: turn.dialogue.lang,
            text: question.clone(),
            asked_at: engine.now(),
            answered: None,
        };
        stores.questions.record_question(&question).await?;
    }
    Ok(turn)
}

/// Waits for the conversation's turn; `false` if it could not be had in time (the message
/// is then answered anyway: the save stays conditional).
async fn take_turn(stores: &Stores, lock: &LeaseKey, engine: &Engine) -> Result<bool, StoreError> {
    let started = std::time::Instant::now();
    loop {
        let now = engine.now();
        let until = now.saturating_add(TURN_LEASE).unwrap_or(now);
        if stores.leases.take_lease(lock, now, until).await? {
            return Ok(true);
        }
        if started.elapsed() > TURN_WAIT {
            tracing::warn!(
                conversation = %lock,
                "another message held the conversation too long; answering anyway"
            );
            return Ok(false);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The engine's answer to `message`, saved. The engine runs once: if another writer saved
/// first after all (a lease that ran out), this answer's state is saved over it, keeping
/// every application either knew of.
async fn answer(
    engine: &Engine,
    stores: &Stores,
    key: &str,
    message: &str,
    fresh: &Dialogue,
) -> Result<Turn, StoreError> {
    let saved = stores.dialogues.load_dialogue(key).await?;
    let (mut dialogue, mut version) = match &saved {
        Some(s) => match decode(key, &s.json) {
            Some(dialogue) => (dialogue, Some(s.version)),
            None => return Ok(cannot_read(fresh)),
        },
        None => (fresh.clone(), None),
    };
    // The chat owns the conversation's applications.
    dialogue.chat = key.to_string();
    // Replies kept after a failed delivery go out first, taken in the same save.
    let kept = std::mem::take(&mut dialogue.undelivered);
    let mut turn = engine.handle(&dialogue, message).await;
    turn.replies.splice(0..0, kept);
    for _ in 0..SAVE_ATTEMPTS {
        let json = serde_json::to_string(&turn.dialogue)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match stores
            .dialogues
            .save_dialogue(key, &json, version, engine.now())
            .await
        {
            Ok(_) => return Ok(turn),
            Err(StoreError::Conflict) => {
                let newer = stores.dialogues.load_dialogue(key).await?;
                if let Some(newer) = &newer
                    && let Some(other) = decode(key, &newer.json)
                {
                    for app in other.applications {
                        if !turn.dialogue.applications.contains(&app) {
                            turn.dialogue.applications.push(app);
                        }
                    }
                }
                version = newer.map(|n| n.version);
            }
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Conflict)
}

/// The answer when the saved conversation cannot be read: nothing is saved over it.
fn cannot_read(fresh: &Dialogue) -> Turn {
    Turn {
        dialogue: fresh.clone(),
        replies: vec![Reply::text(casebook_core::lang::text(
            fresh.lang,
            casebook_core::lang::msg::BOT_CANNOT_READ_CONVERSATION,
        ))],
        unanswered: None,
    }
}

/// Keeps replies the channel could not take, to be sent before the next answer
/// ([`take_undelivered`]).
pub async fn keep_undelivered(
    stores: &Stores,
    key: &ConversationKey,
    replies: &[Reply],
    now: Timestamp,
) -> Result<(), StoreError> {
    update(
        stores,
        &key.to_string(),
        &Dialogue::default(),
        now,
        |mut dialogue| {
            dialogue.undelivered.extend_from_slice(replies);
            (Some(dialogue), ())
        },
    )
    .await
}

/// Takes the replies kept for `key`, once: they are cleared by a conditional save before
/// they are returned, so two deliveries at once cannot both send them.
pub async fn take_undelivered(
    stores: &Stores,
    key: &ConversationKey,
    now: Timestamp,
) -> Result<Vec<Reply>, StoreError> {
    update(
        stores,
        &key.to_string(),
        &Dialogue::default(),
        now,
        |mut dialogue| {
            let taken = std::mem::take(&mut dialogue.undelivered);
            // Nothing kept: nothing to save.
            let next = (!taken.is_empty()).then_some(dialogue);
            (next, taken)
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored form is what conversations saved before the type existed use.
    #[test]
    fn a_conversation_is_stored_under_channel_colon_user() {
        let keys = [
            ConversationKey::new(Channel::Telegram, "42"),
            ConversationKey::new(Channel::Wechat, "o_6_xyz"),
            ConversationKey::new(Channel::Terminal, "ana"),
        ];
        let stored: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(stored, ["telegram:42", "wechat:o_6_xyz", "terminal:ana"]);
    }
}
