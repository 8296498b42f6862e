//! No edit token is ever stored: an application records its owners (token hashes and
//! chats), a chat acts as an owner, a link code carries the application only. After links
//! both ways, neither the SQLite files (WAL included) nor a full scan of the DynamoDB table
//! hold any token that was handed out.

use std::sync::Arc;

use casebook_bot::{Dialogue, Engine, conversation};
use casebook_core::{ApplicationPatch, ApplicationService, Campaign, EditToken, FixedClock, Store};

/// Links both ways on `store`; returns every edit token handed out.
async fn link_both_ways(store: Arc<dyn Store>) -> Vec<EditToken> {
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let service = ApplicationService::new(
        &casebook_core::Stores::backed_by(store.clone()),
        clock,
        Arc::new(Campaign::builtin()),
    );
    let engine = Engine::new(service.clone());
    let say = |chat: &'static str, text: String| {
        let (engine, store) = (engine.clone(), store.clone());
        async move {
            let turn = conversation::converse(
                &engine,
                &casebook_core::Stores::backed_by(store.clone()),
                &telegram(chat),
                &text,
                &Dialogue::default(),
            )
            .await
            .unwrap();
            turn.replies
                .iter()
                .map(|r| r.text.clone())
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let code_in = |text: &str| text.split("Your code is ").nth(1).unwrap()[..8].to_string();

    // HTTP -> chat: a draft made over HTTP, opened in a chat with a code.
    let patch: ApplicationPatch =
        serde_json::from_str(r#"{"practice_name":"Village Links"}"#).unwrap();
    let (app, first) = service
        .create_draft(patch, casebook_core::Lang::En)
        .await
        .unwrap();
    let code = service.create_link(app.id, &first).await.unwrap().code;
    assert!(
        say("telegram:42", format!("/link {code}"))
            .await
            .starts_with("Linked!")
    );
    // ... and back: a code from that chat taken over HTTP gives a new token.
    let code = code_in(&say("telegram:42", "/link".into()).await);
    let (_, second) = service.redeem_link_for_token(&code).await.unwrap();
    // A draft begun in a chat, taken to HTTP.
    say("telegram:7", "/apply".into()).await;
    say("telegram:7", "Harbour Data".into()).await;
    let code = code_in(&say("telegram:7", "/link".into()).await);
    let (taken, third) = service.redeem_link_for_token(&code).await.unwrap();
    assert_eq!(taken.content.practice_name.as_deref(), Some("Harbour Data"));
    // Every token opens its application; the chats open theirs without one.
    assert!(service.read(app.id, &second).await.is_ok());
    assert!(service.read(taken.id, &third).await.is_ok());
    vec![first, second, third]
}

fn assert_absent(haystack: &[u8], tokens: &[EditToken], place: &str) {
    for token in tokens {
        let needle = token.expose().as_bytes();
        assert!(
            !haystack.windows(needle.len()).any(|w| w == needle),
            "an edit token is stored in {place}"
        );
    }
}

#[tokio::test]
async fn no_edit_token_is_in_the_sqlite_files() {
    let fixture = casebook_tests::embedded::sqlite_store();
    let dir = fixture.guard.as_ref().unwrap().path().to_path_buf();
    let tokens = link_both_ways(fixture.port.clone()).await;
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            files += 1;
            assert_absent(
                &std::fs::read(&path).unwrap(),
                &tokens,
                &path.display().to_string(),
            );
        }
    }
    assert!(files >= 2, "the database and its WAL were read");
}

#[tokio::test]
async fn no_edit_token_is_in_a_full_scan_of_the_table() {
    let clients = casebook_tests::aws::clients().await;
    let table = casebook_tests::aws::fresh_table(&clients).await;
    let store: Arc<dyn Store> = Arc::new(casebook_aws::DynamoStore::new(
        clients.dynamodb.clone(),
        &table,
    ));
    let tokens = link_both_ways(store).await;
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = clients
            .dynamodb
            .scan()
            .table_name(&table)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        items.extend(page.items().iter().cloned());
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    assert!(items.len() >= 4, "{} items", items.len());
    assert_absent(format!("{items:?}").as_bytes(), &tokens, "the table");
}

/// A conversation saved by the earlier version kept the draft's token: it still loads, the
/// chat becomes an owner, and the token is gone from the saved state.
#[tokio::test]
async fn a_conversation_that_kept_a_token_gives_it_up_and_carries_on() {
    let fixture = casebook_tests::embedded::sqlite_store();
    let store = fixture.port.clone();
    let clock = Arc::new(FixedClock::at("2024-05-01T01:00:00Z".parse().unwrap()));
    let service = ApplicationService::new(
        &casebook_core::Stores::backed_by(store.clone()),
        clock,
        Arc::new(Campaign::builtin()),
    );
    let patch: ApplicationPatch =
        serde_json::from_str(r#"{"practice_name":"Village Links"}"#).unwrap();
    let (app, token) = service
        .create_draft(patch, casebook_core::Lang::En)
        .await
        .unwrap();
    let old = format!(
        r#"{{"lang":"en","state":{{"state":"menu"}},"applications":[{{"id":"{}","token":"{}"}}]}}"#,
        app.id,
        token.expose()
    );
    let at = "2024-05-01T01:00:00Z".parse().unwrap();
    store
        .save_dialogue("telegram:42", &old, None, at)
        .await
        .unwrap();

    let engine = Engine::new(service.clone());
    let turn = conversation::converse(
        &engine,
        &casebook_core::Stores::backed_by(store.clone()),
        &telegram("telegram:42"),
        "/status",
        &Dialogue::default(),
    )
    .await
    .unwrap();
    assert!(
        turn.replies[0].text.contains("Village Links"),
        "{:?}",
        turn.replies
    );
    let saved = store.load_dialogue("telegram:42").await.unwrap().unwrap();
    assert!(!saved.json.contains(token.expose()), "{}", saved.json);
    let stored = store.get_application(app.id).await.unwrap().unwrap();
    assert!(
        stored
            .owners
            .contains(&casebook_core::Owner::Chat("telegram:42".into()))
    );
}

/// The conversation of a Telegram chat written `telegram:ID`.
fn telegram(chat: &str) -> casebook_bot::conversation::ConversationKey {
    casebook_bot::conversation::ConversationKey::new(
        casebook_bot::conversation::Channel::Telegram,
        chat.trim_start_matches("telegram:"),
    )
}
