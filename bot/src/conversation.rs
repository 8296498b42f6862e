//! A conversation kept in the store, shared by every front end: load it, answer the
//! message, save it only over the version read, and keep what could not be answered.

use casebook_core::{ApplicationStore, StoreError, UnansweredQuestion};

use crate::{Dialogue, Engine, Turn};

/// The saved conversation under `key` (`channel:user`), if there is one.
pub async fn load(store: &dyn ApplicationStore, key: &str) -> Result<Option<Dialogue>, StoreError> {
    // A state this version cannot read (from a newer casebook) starts afresh.
    Ok(store
        .load_dialogue(key)
        .await?
        .map(|s| serde_json::from_str(&s.state).unwrap_or_default()))
}

/// Answers one message of the conversation under `key`, starting from `fresh` when there
/// is none yet. Two messages of one conversation at once: the later is answered from the
/// state the earlier left (a conditional save, retried). A question the bot could not
/// answer is kept for the organizers, marked with `channel`.
pub async fn converse(
    engine: &Engine,
    store: &dyn ApplicationStore,
    key: &str,
    channel: &str,
    message: &str,
    fresh: &Dialogue,
) -> Result<Turn, StoreError> {
    let mut attempts = 0;
    let turn = loop {
        attempts += 1;
        let saved = store.load_dialogue(key).await?;
        let (dialogue, version) = match &saved {
            Some(s) => (
                serde_json::from_str::<Dialogue>(&s.state).unwrap_or_default(),
                Some(s.version),
            ),
            None => (fresh.clone(), None),
        };
        let turn = engine.handle(&dialogue, message).await;
        let json = serde_json::to_string(&turn.dialogue).unwrap_or_default();
        match store.save_dialogue(key, &json, version, engine.now()).await {
            Ok(_) => break turn,
            Err(StoreError::Conflict) if attempts < 3 => continue,
            Err(e) => return Err(e),
        }
    };
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
