//! A conversation kept in the store, shared by every front end: load it, answer the
//! message, save it only over the version read, and keep what could not be answered or
//! could not be delivered.

use casebook_core::{ApplicationStore, StoreError, UnansweredQuestion};
use jiff::Timestamp;

use crate::{Dialogue, Engine, Reply, Turn};

/// How often a conditional save is tried again when another message of the same
/// conversation saved first.
const SAVE_ATTEMPTS: usize = 3;

/// The saved conversation under `key` (`channel:user`), if there is one.
pub async fn load(store: &dyn ApplicationStore, key: &str) -> Result<Option<Dialogue>, StoreError> {
    // A state this version cannot read (from a newer casebook) starts afresh.
    Ok(store
        .load_dialogue(key)
        .await?
        .map(|s| serde_json::from_str(&s.state).unwrap_or_default()))
}

/// Loads the conversation under `key` (or `fresh`), lets `change` make its next state,
/// and saves that only over the version read, trying again from the newer state when
/// another message saved first. `change` giving no state leaves the conversation as it is.
async fn update<R, F, Fut>(
    store: &dyn ApplicationStore,
    key: &str,
    fresh: &Dialogue,
    now: Timestamp,
    mut change: F,
) -> Result<R, StoreError>
where
    // A plain closure returning a future rather than an async closure: the futures of
    // async closures are not yet known to be `Send` for axum's handlers.
    F: FnMut(Dialogue) -> Fut,
    Fut: Future<Output = (Option<Dialogue>, R)>,
{
    let mut attempts = 0;
    loop {
        attempts += 1;
        let saved = store.load_dialogue(key).await?;
        let (dialogue, version) = match &saved {
            Some(s) => (
                serde_json::from_str::<Dialogue>(&s.state).unwrap_or_default(),
                Some(s.version),
            ),
            None => (fresh.clone(), None),
        };
        let (next, result) = change(dialogue).await;
        let Some(next) = next else {
            return Ok(result);
        };
        let json = serde_json::to_string(&next).unwrap_or_default();
        match store.save_dialogue(key, &json, version, now).await {
            Ok(_) => return Ok(result),
            Err(StoreError::Conflict) if attempts < SAVE_ATTEMPTS => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Answers one message of the conversation under `key`, starting from `fresh` when there
/// is none yet. Two messages of one conversation at once: the later is answered from the
/// state the earlier left (a conditional save, retried). A question the bot could not
/// answer is kept for the organizers, marked with `channel`. Replies kept from a failed
/// delivery ([`keep_undelivered`]) come first in the turn.
pub async fn converse(
    engine: &Engine,
    store: &dyn ApplicationStore,
    key: &str,
    channel: &str,
    message: &str,
    fresh: &Dialogue,
) -> Result<Turn, StoreError> {
    let turn = update(store, key, fresh, engine.now(), |mut dialogue| async move {
        // Replies kept after a failed delivery go out first, taken in the same save.
        let kept = std::mem::take(&mut dialogue.undelivered);
        let mut turn = engine.handle(&dialogue, message).await;
        turn.replies.splice(0..0, kept);
        (Some(turn.dialogue.clone()), turn)
    })
    .await?;
    if let Some(question) = &turn.unanswered {
        let question = UnansweredQuestion {
            id: uuid::Uuid::new_v4().to_string(),
            channel: channel.into(),
            text: question.clone(),
            asked_at: engine.now(),
        };
        store.record_question(&question).await?;
    }
    Ok(turn)
}

/// Keeps replies the channel could not take, to be sent before the next answer
/// ([`take_undelivered`]).
pub async fn keep_undelivered(
    store: &dyn ApplicationStore,
    key: &str,
    replies: &[Reply],
    now: Timestamp,
) -> Result<(), StoreError> {
    update(store, key, &Dialogue::default(), now, |mut dialogue| {
        dialogue.undelivered.extend_from_slice(replies);
        std::future::ready((Some(dialogue), ()))
    })
    .await
}

/// Takes the replies kept for `key`, once: they are cleared by a conditional save before
/// they are returned, so two deliveries at once cannot both send them.
pub async fn take_undelivered(
    store: &dyn ApplicationStore,
    key: &str,
    now: Timestamp,
) -> Result<Vec<Reply>, StoreError> {
    update(store, key, &Dialogue::default(), now, |mut dialogue| {
        let taken = std::mem::take(&mut dialogue.undelivered);
        // Nothing kept: nothing to save.
        let next = (!taken.is_empty()).then_some(dialogue);
        std::future::ready((next, taken))
    })
    .await
}
