//! Messages of one conversation take turns: each is answered once from the state the one
//! before left, so nothing the engine does (create a draft, submit) happens twice.

use std::sync::Arc;

use casebook_bot::conversation::{Channel, ConversationKey};
use casebook_bot::{Dialogue, Engine, conversation};
use casebook_core::{ApplicationService, Campaign, FixedClock, Store};
use casebook_embedded::SqliteStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_applies_in_one_conversation_create_one_draft() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let engine = Engine::new(ApplicationService::new(
        &casebook_core::Stores::backed_by(store.clone()),
        clock,
        Arc::new(Campaign::builtin()),
    ));
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (engine, store) = (engine.clone(), store.clone());
            tokio::spawn(async move {
                conversation::converse(
                    &engine,
                    &casebook_core::Stores::backed_by(store.clone()),
                    &ConversationKey::new(Channel::Telegram, "42"),
                    "/apply",
                    &Dialogue::default(),
                )
                .await
                .unwrap()
            })
        })
        .collect();
    for t in tasks {
        assert!(!t.await.unwrap().replies.is_empty());
    }
    let drafts = store.list_applications(2024, None).await.unwrap();
    assert_eq!(drafts.len(), 1, "one draft, not one per concurrent message");
    let saved = conversation::load(
        &casebook_core::Stores::backed_by(store.clone()),
        &ConversationKey::new(Channel::Telegram, "42"),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(saved.applications.len(), 1);
    assert_eq!(saved.applications[0].id, drafts[0].id.to_string());
}
