//! What every `Store` must do, written once for every backend.

use std::collections::HashSet;
use std::sync::Arc;

use casebook_core::application::ApplicationContent;
use casebook_core::{
    Application, ApplicationId, EditToken, LeaseKey, Reference, Status, Store, StoreError,
};
use casebook_core::{Attachment, AttachmentId, AttachmentStatus};

/// A draft of campaign `year` as the service would create it.
pub fn draft(year: i16, name: &str) -> Application {
    let now: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().expect("valid time");
    Application {
        language: casebook_core::Lang::En,
        id: ApplicationId::random(),
        campaign: year,
        reference: None,
        status: Status::Draft,
        version: 1,
        created_at: now,
        updated_at: now,
        submitted_at: None,
        content: ApplicationContent {
            practice_name: Some(name.to_string()),
            ..ApplicationContent::default()
        },
        owners: vec![casebook_core::Owner::Token(
            EditToken::presented("contract-token").hash(),
        )],
        confirmation: None,
    }
}

/// A unique campaign year per test, so tests sharing one backend never see each other.
pub fn unique_year() -> i16 {
    2100 + (uuid::Uuid::new_v4().as_u128() % 99) as i16
}

pub async fn an_inserted_application_reads_back_the_same(store: Arc<dyn Store>) {
    let mut app = draft(2024, "Village Links");
    app.content.sections.background = Some("Heading\nText with ünïcode and 中文.".into());
    store.insert_application(&app).await.unwrap();
    assert_eq!(store.get_application(app.id).await.unwrap(), Some(app));
}

pub async fn inserting_an_existing_id_is_refused(store: Arc<dyn Store>) {
    let app = draft(2024, "First");
    store.insert_application(&app).await.unwrap();
    let again = Application {
        content: draft(2024, "Second").content,
        ..app.clone()
    };
    assert!(matches!(
        store.insert_application(&again).await,
        Err(StoreError::AlreadyExists)
    ));
    assert_eq!(
        store.get_application(app.id).await.unwrap(),
        Some(app),
        "the first one is kept"
    );
}

pub async fn a_missing_application_reads_as_none(store: Arc<dyn Store>) {
    assert_eq!(
        store
            .get_application(ApplicationId::random())
            .await
            .unwrap(),
        None
    );
}

/// The caps guarantee that the largest application anyone can write fits every backend
/// (DynamoDB's item is at most 400 KB): in the widest script and with the most escaping.
pub async fn the_largest_accepted_application_is_stored_whole(store: Arc<dyn Store>) {
    for wide in [true, false] {
        let mut app = draft(2024, "placeholder");
        app.content = casebook_core::application::largest_accepted_content(wide);
        store.insert_application(&app).await.unwrap();
        let mut next = app.clone();
        next.version = 2;
        next.status = Status::Submitted;
        next.reference = Some(Reference::new(
            &format!("LARGEST{}", app.id),
            u64::from(wide),
        ));
        store.update_application(&next, 1).await.unwrap();
        let back = store.get_application(app.id).await.unwrap();
        assert!(
            back == Some(next),
            "the largest application (wide: {wide}) came back changed"
        );
    }
}

pub async fn an_update_with_the_expected_version_replaces(store: Arc<dyn Store>) {
    let app = draft(2024, "Before");
    store.insert_application(&app).await.unwrap();
    let mut next = app.clone();
    next.version = 2;
    next.content.practice_name = Some("After".into());
    store.update_application(&next, 1).await.unwrap();
    assert_eq!(store.get_application(app.id).await.unwrap(), Some(next));
}

pub async fn an_update_with_a_stale_version_is_a_conflict_and_changes_nothing(
    store: Arc<dyn Store>,
) {
    let app = draft(2024, "Kept");
    store.insert_application(&app).await.unwrap();
    let mut next = app.clone();
    next.version = 3;
    next.content.practice_name = Some("Lost".into());
    assert!(matches!(
        store.update_application(&next, 2).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get_application(app.id).await.unwrap(), Some(app));
}

pub async fn updating_a_missing_application_is_a_conflict(store: Arc<dyn Store>) {
    let app = draft(2024, "Ghost");
    assert!(matches!(
        store.update_application(&app, 1).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.get_application(app.id).await.unwrap(),
        None,
        "nothing was created"
    );
}

pub async fn two_applications_never_carry_the_same_reference(store: Arc<dyn Store>) {
    let series = format!("PC{}", unique_year());
    let reference = Reference::new(&series, 1);
    let (a, b) = (draft(2024, "A"), draft(2024, "B"));
    store.insert_application(&a).await.unwrap();
    store.insert_application(&b).await.unwrap();
    let submitted = |app: &Application| Application {
        status: Status::Submitted,
        reference: Some(reference.clone()),
        version: 2,
        ..app.clone()
    };
    store.update_application(&submitted(&a), 1).await.unwrap();
    assert!(matches!(
        store.update_application(&submitted(&b), 1).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store
            .get_application(b.id)
            .await
            .unwrap()
            .unwrap()
            .reference,
        None
    );
    // The owner may write its own reference again (e.g. when it is withdrawn).
    let withdrawn = Application {
        status: Status::Withdrawn,
        version: 3,
        ..submitted(&a)
    };
    store.update_application(&withdrawn, 2).await.unwrap();
}

pub async fn reference_numbers_count_up_per_series(store: Arc<dyn Store>) {
    let (one, two) = (
        format!("PC{}", unique_year()),
        format!("XX{}", unique_year()),
    );
    assert_eq!(store.next_reference_number(&one).await.unwrap(), 1);
    assert_eq!(store.next_reference_number(&one).await.unwrap(), 2);
    assert_eq!(store.next_reference_number(&two).await.unwrap(), 1);
    assert_eq!(store.next_reference_number(&one).await.unwrap(), 3);
}

pub async fn concurrent_allocations_hand_out_distinct_numbers(store: Arc<dyn Store>) {
    let series = format!("PC{}", unique_year());
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (store, series) = (store.clone(), series.clone());
            tokio::spawn(async move { store.next_reference_number(&series).await.unwrap() })
        })
        .collect();
    let mut numbers = HashSet::new();
    for t in tasks {
        assert!(
            numbers.insert(t.await.unwrap()),
            "a number was handed out twice"
        );
    }
    assert_eq!(numbers, (1..=50).collect::<HashSet<u64>>());
}

pub async fn listing_returns_every_application_of_a_campaign_by_status(store: Arc<dyn Store>) {
    let year = unique_year();
    let mut submitted = HashSet::new();
    let mut all = HashSet::new();
    for i in 0..12 {
        let mut app = draft(year, &format!("Case {i}"));
        if i % 3 == 0 {
            app.status = Status::Submitted;
            submitted.insert(app.id);
        }
        all.insert(app.id);
        store.insert_application(&app).await.unwrap();
    }
    store
        .insert_application(&draft(year + 1, "Another year"))
        .await
        .unwrap();

    let ids = |apps: Vec<Application>| apps.into_iter().map(|a| a.id).collect::<HashSet<_>>();
    assert_eq!(ids(store.list_applications(year, None).await.unwrap()), all);
    assert_eq!(
        ids(store
            .list_applications(year, Some(Status::Submitted))
            .await
            .unwrap()),
        submitted
    );
    assert!(
        store
            .list_applications(year, Some(Status::Collected))
            .await
            .unwrap()
            .is_empty()
    );
    // The ids alone, of that year alone (every page).
    let listed = store.list_application_ids(year).await.unwrap();
    assert_eq!(listed.len(), all.len(), "each id once");
    assert_eq!(listed.into_iter().collect::<HashSet<_>>(), all);
}

pub async fn listing_follows_a_status_change(store: Arc<dyn Store>) {
    let year = unique_year();
    let app = draft(year, "Moves");
    store.insert_application(&app).await.unwrap();
    let next = Application {
        status: Status::Submitted,
        version: 2,
        ..app.clone()
    };
    store.update_application(&next, 1).await.unwrap();
    assert!(
        store
            .list_applications(year, Some(Status::Draft))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .list_applications(year, Some(Status::Submitted))
            .await
            .unwrap(),
        vec![next]
    );
}

// ------------------------------------------------------------------ attachments

pub fn pending_attachment(app: &Application, expires: &str) -> Attachment {
    Attachment {
        id: AttachmentId::random(),
        application: app.id,
        campaign: app.campaign,
        filename: "brochure.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1234,
        status: AttachmentStatus::Pending,
        reason: None,
        version: 1,
        created_at: app.created_at,
        upload_expires_at: expires.parse().expect("valid time"),
        uploaded: false,
    }
}

fn bumped(app: &Application) -> Application {
    Application {
        version: app.version + 1,
        ..app.clone()
    }
}

pub async fn an_added_attachment_reads_back_and_bumps_the_application(store: Arc<dyn Store>) {
    let app = draft(2024, "With files");
    store.insert_application(&app).await.unwrap();
    let att = pending_attachment(&app, "2024-05-01T01:15:00Z");
    store.add_attachment(&bumped(&app), 1, &att).await.unwrap();
    assert_eq!(
        store.get_attachment(app.id, att.id).await.unwrap(),
        Some(att.clone())
    );
    assert_eq!(store.list_attachments(app.id).await.unwrap(), vec![att]);
    assert_eq!(
        store
            .get_application(app.id)
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );
}

pub async fn adding_with_a_stale_application_version_adds_nothing(store: Arc<dyn Store>) {
    let app = draft(2024, "Raced");
    store.insert_application(&app).await.unwrap();
    store
        .add_attachment(
            &bumped(&app),
            1,
            &pending_attachment(&app, "2024-05-01T01:15:00Z"),
        )
        .await
        .unwrap();
    let late = pending_attachment(&app, "2024-05-01T01:15:00Z");
    assert!(matches!(
        store.add_attachment(&bumped(&app), 1, &late).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get_attachment(app.id, late.id).await.unwrap(), None);
    assert_eq!(store.list_attachments(app.id).await.unwrap().len(), 1);
}

pub async fn an_attachment_update_is_conditional_on_its_version(store: Arc<dyn Store>) {
    let app = draft(2024, "Verified");
    store.insert_application(&app).await.unwrap();
    let att = pending_attachment(&app, "2024-05-01T01:15:00Z");
    store.add_attachment(&bumped(&app), 1, &att).await.unwrap();
    let verified = Attachment {
        status: AttachmentStatus::Verified,
        version: 2,
        ..att.clone()
    };
    store.update_attachment(&verified, 1).await.unwrap();
    let stale = Attachment {
        uploaded: true,
        version: 2,
        ..att.clone()
    };
    assert!(matches!(
        store.update_attachment(&stale, 1).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.get_attachment(app.id, att.id).await.unwrap(),
        Some(verified)
    );
}

pub async fn a_removed_attachment_is_gone_and_a_missing_one_is_a_conflict(store: Arc<dyn Store>) {
    let app = draft(2024, "Removed");
    store.insert_application(&app).await.unwrap();
    let att = pending_attachment(&app, "2024-05-01T01:15:00Z");
    let app2 = bumped(&app);
    store.add_attachment(&app2, 1, &att).await.unwrap();
    store
        .remove_attachment(&bumped(&app2), 2, att.id)
        .await
        .unwrap();
    assert_eq!(store.get_attachment(app.id, att.id).await.unwrap(), None);
    assert!(store.list_attachments(app.id).await.unwrap().is_empty());
    let app3 = bumped(&app2);
    assert!(matches!(
        store.remove_attachment(&bumped(&app3), 3, att.id).await,
        Err(StoreError::Conflict)
    ));
}

pub async fn abandoned_uploads_are_the_pending_ones_past_their_grant(store: Arc<dyn Store>) {
    let app = draft(2024, "Abandoned");
    store.insert_application(&app).await.unwrap();
    let mut current = app.clone();
    let old = pending_attachment(&app, "2001-01-01T00:00:00Z");
    let fresh = pending_attachment(&app, "2001-01-01T02:00:00Z");
    let mut done = pending_attachment(&app, "2001-01-01T00:00:00Z");
    done.status = AttachmentStatus::Verified;
    for att in [&old, &fresh, &done] {
        let next = bumped(&current);
        store
            .add_attachment(&next, current.version, att)
            .await
            .unwrap();
        current = next;
    }
    let found: Vec<AttachmentId> = store
        .list_abandoned_attachments("2001-01-01T01:00:00Z".parse().unwrap())
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.application == app.id)
        .map(|a| a.id)
        .collect();
    assert_eq!(found, vec![old.id]);
}

// ------------------------------------------------------------------ conversations

fn dialogue_key() -> String {
    format!("terminal:{}", uuid::Uuid::new_v4().simple())
}

pub async fn a_dialogue_is_saved_and_resumed(store: Arc<dyn Store>) {
    let key = dialogue_key();
    let at: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    assert_eq!(store.load_dialogue(&key).await.unwrap(), None);
    assert_eq!(
        store
            .save_dialogue(&key, r#"{"lang":"zh"}"#, None, at)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .save_dialogue(&key, r#"{"lang":"en"}"#, Some(1), at)
            .await
            .unwrap(),
        2
    );
    let saved = store.load_dialogue(&key).await.unwrap().unwrap();
    assert_eq!(
        (saved.json.as_str(), saved.version, saved.updated_at),
        (r#"{"lang":"en"}"#, 2, at)
    );
}

pub async fn a_stale_dialogue_save_changes_nothing(store: Arc<dyn Store>) {
    let key = dialogue_key();
    let at: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    store.save_dialogue(&key, "first", None, at).await.unwrap();
    assert!(matches!(
        store.save_dialogue(&key, "again", None, at).await,
        Err(StoreError::Conflict)
    ));
    store
        .save_dialogue(&key, "second", Some(1), at)
        .await
        .unwrap();
    assert!(matches!(
        store.save_dialogue(&key, "stale", Some(1), at).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.load_dialogue(&key).await.unwrap().unwrap().json,
        "second"
    );
}

pub async fn of_concurrent_first_saves_of_a_dialogue_one_wins(store: Arc<dyn Store>) {
    let key = dialogue_key();
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let (store, key) = (store.clone(), key.clone());
            tokio::spawn(async move {
                store
                    .save_dialogue(
                        &key,
                        &format!("writer {i}"),
                        None,
                        jiff::Timestamp::UNIX_EPOCH,
                    )
                    .await
            })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(1) => won += 1,
            Err(StoreError::Conflict) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won, 1);
}

pub async fn unanswered_questions_are_kept_in_order_and_listed_from_a_time(store: Arc<dyn Store>) {
    let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    let ask = |text: &str, when: &str| casebook_core::UnansweredQuestion {
        id: uuid::Uuid::new_v4().to_string(),
        channel: "terminal".into(),
        chat: None,
        lang: casebook_core::Lang::En,
        text: text.into(),
        asked_at: at(when),
        answered: None,
    };
    let (early, same1, same2) = (
        ask("Can I pay by card?", "2024-05-01T01:00:00Z"),
        ask("Is there a dress code?", "2024-05-02T01:00:00Z"),
        ask("Is there a dress code?", "2024-05-03T01:00:00Z"),
    );
    for q in [&same2, &early, &same1] {
        store.record_question(q).await.unwrap();
    }
    let all = store
        .list_questions(at("2024-01-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        all,
        vec![early.clone(), same1.clone(), same2.clone()],
        "oldest first, the same text twice"
    );
    let later = store
        .list_questions(at("2024-05-02T01:00:00Z"))
        .await
        .unwrap();
    assert_eq!(later, vec![same1, same2]);
}

pub async fn a_question_is_marked_answered_once_and_taken_back_only_by_its_answer(
    store: Arc<dyn Store>,
) {
    let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    let question = casebook_core::UnansweredQuestion {
        id: uuid::Uuid::new_v4().to_string(),
        channel: "telegram".into(),
        chat: Some("telegram:4242".into()),
        lang: casebook_core::Lang::Zh,
        text: "可以用中文提交吗？".into(),
        asked_at: at("2030-05-01T01:00:00Z"),
        answered: None,
    };
    store.record_question(&question).await.unwrap();
    let listed = store.list_questions(question.asked_at).await.unwrap();
    assert_eq!(listed, vec![question.clone()], "chat and language kept");
    // Two organizers at once: one answer wins, the other is told.
    let answers: Vec<casebook_core::QuestionAnswered> = (0..6)
        .map(|n| casebook_core::QuestionAnswered {
            at: at("2030-05-02T01:00:00Z"),
            by: format!("org{n}@example.org"),
            reply: Some(format!("Reply {n}: the sections are written in English.")),
        })
        .collect();
    let tasks: Vec<_> = answers
        .iter()
        .map(|answer| {
            let (store, question, answer) = (store.clone(), question.clone(), answer.clone());
            tokio::spawn(async move { store.mark_question_answered(&question, &answer).await })
        })
        .collect();
    let mut won = Vec::new();
    for (n, task) in tasks.into_iter().enumerate() {
        match task.await.unwrap() {
            Ok(()) => won.push(n),
            Err(StoreError::Conflict) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won.len(), 1, "{won:?}");
    let winner = answers[won[0]].clone();
    let listed = store.list_questions(question.asked_at).await.unwrap();
    assert_eq!(listed[0].answered.as_ref(), Some(&winner));
    // Only the answer that holds can be taken back.
    let other = answers[(won[0] + 1) % answers.len()].clone();
    assert!(matches!(
        store.unmark_question_answered(&question, &other).await,
        Err(StoreError::Conflict)
    ));
    store
        .unmark_question_answered(&question, &winner)
        .await
        .unwrap();
    assert_eq!(
        store.list_questions(question.asked_at).await.unwrap()[0].answered,
        None
    );
    // Marked again without a reply (dealt with elsewhere); a question not kept is refused.
    let no_reply = casebook_core::QuestionAnswered {
        reply: None,
        ..winner
    };
    store
        .mark_question_answered(&question, &no_reply)
        .await
        .unwrap();
    assert_eq!(
        store.list_questions(question.asked_at).await.unwrap()[0].answered,
        Some(no_reply.clone())
    );
    let unknown = casebook_core::UnansweredQuestion {
        id: uuid::Uuid::new_v4().to_string(),
        ..question
    };
    assert!(matches!(
        store.mark_question_answered(&unknown, &no_reply).await,
        Err(StoreError::Conflict)
    ));
}

pub async fn a_chat_update_is_taken_once_even_by_concurrent_callers(store: Arc<dyn Store>) {
    let id = i64::try_from(uuid::Uuid::new_v4().as_u128() % 1_000_000_000).unwrap();
    let key = LeaseKey::TelegramUpdate(id);
    let t0: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    let at = move |secs: i64| t0 + jiff::SignedDuration::from_secs(secs);
    assert_eq!(concurrent_claims(&store, &key, 8, at(0), at(30)).await, 1);
    assert!(
        !store.take_lease(&key, at(10), at(40)).await.unwrap(),
        "a redelivery during the lease is refused"
    );
    // Given back after a failure, the next delivery is taken again, once.
    store.release_lease(&key).await.unwrap();
    assert!(store.take_lease(&key, at(11), at(41)).await.unwrap());
    assert!(!store.take_lease(&key, at(12), at(42)).await.unwrap());
    store
        .release_lease(&LeaseKey::TelegramUpdate(-1))
        .await
        .unwrap();
}

/// How many of `callers` claiming `key` at once at `now` took it.
async fn concurrent_claims(
    store: &Arc<dyn Store>,
    key: &LeaseKey,
    callers: usize,
    now: jiff::Timestamp,
    lease_until: jiff::Timestamp,
) -> usize {
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let (store, key) = (store.clone(), key.clone());
            tokio::spawn(async move { store.take_lease(&key, now, lease_until).await.unwrap() })
        })
        .collect();
    let mut taken = 0;
    for t in tasks {
        taken += usize::from(t.await.unwrap());
    }
    taken
}

/// A taker that crashed or timed out lets go when its lease runs out: the redelivery is
/// taken, once; a finished update is never taken again.
pub async fn an_update_whose_lease_ran_out_is_taken_again_and_a_finished_one_never(
    store: Arc<dyn Store>,
) {
    let key = LeaseKey::WeChatMessage(uuid::Uuid::new_v4().simple().to_string());
    let t0: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    let at = move |secs: i64| t0 + jiff::SignedDuration::from_secs(secs);
    assert!(store.take_lease(&key, at(0), at(30)).await.unwrap());
    assert!(!store.take_lease(&key, at(29), at(59)).await.unwrap());
    assert_eq!(
        concurrent_claims(&store, &key, 6, at(31), at(61)).await,
        1,
        "after the lease, exactly one redelivery takes it"
    );
    store.finish_lease(&key).await.unwrap();
    assert!(
        !store
            .take_lease(&key, at(10_000), at(10_030))
            .await
            .unwrap(),
        "finished: never again"
    );
}

pub async fn a_link_code_is_given_out_once_and_not_after_it_expires(store: Arc<dyn Store>) {
    let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    let code = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    store
        .create_link_code(&code, "payload", at("2024-05-01T01:30:00Z"))
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_link_code(&code, "other", at("2024-05-01T01:30:00Z"))
            .await,
        Err(StoreError::AlreadyExists)
    ));
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (store, code) = (store.clone(), code.clone());
            tokio::spawn(async move {
                store
                    .take_link_code(&code, at("2024-05-01T01:00:00Z"))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut given = Vec::new();
    for t in tasks {
        given.extend(t.await.unwrap());
    }
    assert_eq!(
        given,
        vec!["payload".to_string()],
        "exactly one caller gets it"
    );

    let late = format!("{code}X");
    store
        .create_link_code(&late, "late", at("2024-05-01T01:30:00Z"))
        .await
        .unwrap();
    assert_eq!(
        store
            .take_link_code(&late, at("2024-05-01T01:30:00Z"))
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert_eq!(
        store
            .take_link_code("NOSUCHCODE", at("2024-05-01T01:00:00Z"))
            .await
            .unwrap(),
        None
    );
}

/// The confirmation sweep reads only applications whose mail is due, being sent or held
/// for the next day, each read back as it was written.
pub async fn only_unsent_confirmations_are_listed_for_the_sweep(store: Arc<dyn Store>) {
    use casebook_core::Confirmation;
    let year = unique_year();
    let at: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    let mut ids = Vec::new();
    for confirmation in [
        None,
        Some(Confirmation::Pending),
        Some(Confirmation::Sending { until: at }),
        Some(Confirmation::Sent { at }),
        Some(Confirmation::Held { until: at }),
    ] {
        let mut app = draft(year, "Confirmed?");
        app.status = Status::Submitted;
        app.confirmation = confirmation;
        store.insert_application(&app).await.unwrap();
        ids.push(app.id);
    }
    // Another year's pending one is not this campaign's.
    let mut other = draft(unique_year().wrapping_add(100), "Elsewhere");
    other.confirmation = Some(Confirmation::Pending);
    store.insert_application(&other).await.unwrap();

    let unconfirmed = store.list_unconfirmed(year).await.unwrap();
    let held = unconfirmed
        .iter()
        .find(|a| a.id == ids[4])
        .expect("held is listed");
    assert_eq!(held.confirmation, Some(Confirmation::Held { until: at }));
    let mut listed: Vec<_> = unconfirmed.into_iter().map(|a| a.id).collect();
    listed.sort_by_key(|id| id.to_string());
    let mut expected = vec![ids[1], ids[2], ids[4]];
    expected.sort_by_key(|id| id.to_string());
    assert_eq!(listed, expected);
}

// ------------------------------------------------------------------ reviewers

/// A reviewer as the registry would make one, with a unique e-mail.
pub fn reviewer(name: &str) -> casebook_core::Reviewer {
    let unique = uuid::Uuid::new_v4().simple().to_string();
    casebook_core::Reviewer {
        language: casebook_core::Lang::En,
        id: casebook_core::ReviewerId::random(),
        name: name.to_string(),
        email: casebook_core::Email::parse(&format!("{name}.{unique}@example.org").to_lowercase())
            .expect("valid e-mail"),
        country: casebook_core::CountryCode::parse("FR").expect("France"),
        organization: "Université Exemple".into(),
        excluded_organizations: vec!["Institut Ancien S.A.".into(), "示例电信".into()],
        areas: vec!["infrastructure".into(), "culture".into()],
        generation: 1,
        revoked: false,
        years: vec![2024, 2025],
        version: 1,
        created_at: "2024-06-25T08:00:00Z".parse().expect("valid time"),
    }
}

pub async fn a_registered_reviewer_reads_back_and_is_listed(store: Arc<dyn Store>) {
    let marie = reviewer("Marie");
    store.insert_reviewer(&marie).await.unwrap();
    assert_eq!(
        store.get_reviewer(marie.id).await.unwrap(),
        Some(marie.clone())
    );
    assert_eq!(
        store
            .get_reviewer(casebook_core::ReviewerId::random())
            .await
            .unwrap(),
        None
    );
    let listed = store.list_reviewers().await.unwrap();
    assert!(listed.contains(&marie), "{listed:?}");
}

pub async fn a_reviewer_e_mail_is_registered_once_in_any_case(store: Arc<dyn Store>) {
    let marie = reviewer("Marie");
    store.insert_reviewer(&marie).await.unwrap();
    let again = casebook_core::Reviewer {
        id: casebook_core::ReviewerId::random(),
        email: casebook_core::Email::parse(&marie.email.as_str().to_uppercase()).unwrap(),
        ..marie.clone()
    };
    assert!(matches!(
        store.insert_reviewer(&again).await,
        Err(StoreError::AlreadyExists)
    ));
    assert_eq!(store.get_reviewer(again.id).await.unwrap(), None);
    assert!(matches!(
        store.insert_reviewer(&marie).await,
        Err(StoreError::AlreadyExists)
    ));
}

pub async fn a_reviewer_update_is_conditional_on_its_version(store: Arc<dyn Store>) {
    let marie = reviewer("Marie");
    store.insert_reviewer(&marie).await.unwrap();
    // Revoked, and carried to another year, in one update.
    let revoked = casebook_core::Reviewer {
        revoked: true,
        generation: 2,
        years: vec![2024, 2025, 2026],
        version: 2,
        ..marie.clone()
    };
    store.update_reviewer(&revoked, 1).await.unwrap();
    let stale = casebook_core::Reviewer {
        areas: vec![],
        excluded_organizations: vec![],
        version: 2,
        ..marie.clone()
    };
    assert!(matches!(
        store.update_reviewer(&stale, 1).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get_reviewer(marie.id).await.unwrap(), Some(revoked));
}

// ------------------------------------------------------------------ draft addresses

pub async fn draft_addresses_are_noted_once_listed_and_forgotten(store: Arc<dyn Store>) {
    let address = format!("{:064x}", uuid::Uuid::new_v4().as_u128());
    let (a, b) = (ApplicationId::random(), ApplicationId::random());
    assert!(store.drafts_at_address(&address).await.unwrap().is_empty());
    store.add_draft_address(&address, a).await.unwrap();
    store.add_draft_address(&address, a).await.unwrap();
    store.add_draft_address(&address, b).await.unwrap();
    store.add_draft_address("another", a).await.unwrap();
    let mut listed = store.drafts_at_address(&address).await.unwrap();
    listed.sort_by_key(|id| id.to_string());
    let mut expected = vec![a, b];
    expected.sort_by_key(|id| id.to_string());
    assert_eq!(listed, expected);
    store.remove_draft_address(&address, a).await.unwrap();
    store.remove_draft_address(&address, a).await.unwrap();
    assert_eq!(store.drafts_at_address(&address).await.unwrap(), vec![b]);
    assert_eq!(store.drafts_at_address("another").await.unwrap(), vec![a]);
}

// ------------------------------------------------------------------ organizers

/// An organizer as the registry would make one, with a unique e-mail.
pub fn organizer(name: &str) -> casebook_core::Organizer {
    let unique = uuid::Uuid::new_v4().simple().to_string();
    casebook_core::Organizer {
        id: casebook_core::OrganizerId::random(),
        name: name.to_string(),
        email: casebook_core::Email::parse(&format!("{name}.{unique}@example.org").to_lowercase())
            .expect("valid e-mail"),
        generation: 0,
        revoked: false,
        version: 1,
        created_at: "2024-06-25T08:00:00Z".parse().expect("valid time"),
    }
}

pub async fn an_organizer_reads_back_is_listed_and_registers_an_e_mail_once(store: Arc<dyn Store>) {
    let mei = organizer("Mei");
    store.insert_organizer(&mei).await.unwrap();
    assert_eq!(
        store.get_organizer(mei.id).await.unwrap(),
        Some(mei.clone())
    );
    assert_eq!(
        store
            .get_organizer(casebook_core::OrganizerId::random())
            .await
            .unwrap(),
        None
    );
    assert!(store.list_organizers().await.unwrap().contains(&mei));
    let again = casebook_core::Organizer {
        id: casebook_core::OrganizerId::random(),
        email: casebook_core::Email::parse(&mei.email.as_str().to_uppercase()).unwrap(),
        ..mei.clone()
    };
    assert!(matches!(
        store.insert_organizer(&again).await,
        Err(StoreError::AlreadyExists)
    ));
    assert_eq!(store.get_organizer(again.id).await.unwrap(), None);
    // A reviewer of the same address is another registry.
    let reviewer = casebook_core::Reviewer {
        email: mei.email.clone(),
        ..reviewer("Mei")
    };
    store.insert_reviewer(&reviewer).await.unwrap();
}

pub async fn an_organizer_update_is_conditional_on_its_version(store: Arc<dyn Store>) {
    let mei = organizer("Mei");
    store.insert_organizer(&mei).await.unwrap();
    let revoked = casebook_core::Organizer {
        revoked: true,
        generation: 1,
        version: 2,
        ..mei.clone()
    };
    store.update_organizer(&revoked, 1).await.unwrap();
    let stale = casebook_core::Organizer {
        name: "Someone else".into(),
        version: 2,
        ..mei.clone()
    };
    assert!(matches!(
        store.update_organizer(&stale, 1).await,
        Err(StoreError::Conflict)
    ));
    let missing = organizer("Nobody");
    assert!(matches!(
        store.update_organizer(&missing, 1).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get_organizer(mei.id).await.unwrap(), Some(revoked));
}

// ------------------------------------------------------------------ assignments

fn assignment(
    round: u8,
    application: ApplicationId,
    reviewer: casebook_core::ReviewerId,
) -> casebook_core::Assignment {
    casebook_core::Assignment {
        round,
        application,
        reviewer,
        assigned_at: "2024-07-01T08:00:00Z".parse().expect("valid time"),
        conflict: None,
    }
}

pub async fn assignments_are_added_once_and_listed_by_round_and_by_reviewer(store: Arc<dyn Store>) {
    let round = 1 + (uuid::Uuid::new_v4().as_u128() % 200) as u8;
    let (case_a, case_b) = (ApplicationId::random(), ApplicationId::random());
    let (marie, omar) = (
        casebook_core::ReviewerId::random(),
        casebook_core::ReviewerId::random(),
    );
    let first = [
        assignment(round, case_a, marie),
        assignment(round, case_a, omar),
        assignment(round, case_b, marie),
    ];
    assert_eq!(store.add_assignments(&first).await.unwrap(), 3);
    // Again, with one new: only the new one is added, the others stay as they were.
    let again = [
        assignment(round, case_b, marie),
        assignment(round, case_b, omar),
    ];
    assert_eq!(store.add_assignments(&again).await.unwrap(), 1);
    let mut in_round: Vec<_> = store
        .list_round_assignments(round)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.application, a.reviewer))
        .collect();
    in_round.sort();
    let mut expected = vec![
        (case_a, marie),
        (case_a, omar),
        (case_b, marie),
        (case_b, omar),
    ];
    expected.sort();
    assert_eq!(in_round, expected);
    let of_marie = store.list_reviewer_assignments(marie).await.unwrap();
    assert_eq!(of_marie.len(), 2, "{of_marie:?}");
    assert!(
        of_marie
            .iter()
            .all(|a| a.reviewer == marie && a.round == round)
    );
    assert_eq!(of_marie[0].assigned_at, first[0].assigned_at);
}

pub async fn a_conflict_is_declared_once_on_an_existing_assignment(store: Arc<dyn Store>) {
    let round = 1 + (uuid::Uuid::new_v4().as_u128() % 200) as u8;
    let case = ApplicationId::random();
    let marie = casebook_core::ReviewerId::random();
    store
        .add_assignments(&[assignment(round, case, marie)])
        .await
        .unwrap();
    store
        .declare_conflict(round, case, marie, "I advised the lead organization.")
        .await
        .unwrap();
    assert!(matches!(
        store.declare_conflict(round, case, marie, "again").await,
        Err(StoreError::Conflict)
    ));
    let stranger = casebook_core::ReviewerId::random();
    assert!(matches!(
        store
            .declare_conflict(round, case, stranger, "not mine")
            .await,
        Err(StoreError::Conflict)
    ));
    let stored = store.list_reviewer_assignments(marie).await.unwrap();
    assert_eq!(
        stored[0].conflict.as_deref(),
        Some("I advised the lead organization.")
    );
}

// ------------------------------------------------------------------ reviews

fn case_review(round: u8, application: ApplicationId) -> casebook_core::CaseReview {
    casebook_core::CaseReview {
        round,
        application,
        reviewer: casebook_core::ReviewerId::random(),
        scores: [("conceptual_fit".to_string(), 8)].into_iter().collect(),
        comment: String::new(),
        submitted: false,
        version: 1,
        updated_at: "2024-07-02T08:00:00Z".parse().expect("valid time"),
    }
}

pub async fn a_review_is_saved_then_changed_only_over_its_version(store: Arc<dyn Store>) {
    let round = 1 + (uuid::Uuid::new_v4().as_u128() % 200) as u8;
    let draft = case_review(round, ApplicationId::random());
    let key = (draft.round, draft.application, draft.reviewer);
    assert_eq!(store.get_review(key.0, key.1, key.2).await.unwrap(), None);
    store.save_review(&draft, None).await.unwrap();
    assert!(
        matches!(
            store.save_review(&draft, None).await,
            Err(StoreError::Conflict)
        ),
        "a second first save is refused"
    );
    let mut submitted = draft.clone();
    submitted.scores.insert("benefits_to_mankind".into(), 9);
    submitted.comment = "Clear, joint and useful: Kenya and Brazil benefit.\nA second line.".into();
    submitted.submitted = true;
    submitted.version = 2;
    store.save_review(&submitted, Some(1)).await.unwrap();
    let stale = casebook_core::CaseReview {
        comment: "from an old page".into(),
        version: 2,
        ..draft.clone()
    };
    assert!(matches!(
        store.save_review(&stale, Some(1)).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.get_review(key.0, key.1, key.2).await.unwrap(),
        Some(submitted.clone())
    );
    let listed = store.list_round_reviews(round).await.unwrap();
    assert!(listed.contains(&submitted), "{listed:?}");
}

pub async fn of_two_devices_saving_one_review_at_once_one_wins(store: Arc<dyn Store>) {
    let round = 1 + (uuid::Uuid::new_v4().as_u128() % 200) as u8;
    let draft = case_review(round, ApplicationId::random());
    store.save_review(&draft, None).await.unwrap();
    let saves = (0..2).map(|device| {
        let store = store.clone();
        let next = casebook_core::CaseReview {
            comment: format!("from device {device}"),
            version: 2,
            ..draft.clone()
        };
        tokio::spawn(async move { store.save_review(&next, Some(1)).await })
    });
    let mut won = 0;
    for save in saves {
        match save.await.unwrap() {
            Ok(()) => won += 1,
            Err(StoreError::Conflict) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(
        won, 1,
        "exactly one device's save stands; the other gets a 412"
    );
}

pub async fn an_opt_out_is_kept_once_and_only_for_its_address(store: Arc<dyn Store>) {
    let address = casebook_core::Email::parse("Li.Wei@Example.org").unwrap();
    let other = casebook_core::Email::parse("someone@example.org").unwrap();
    let key = casebook_core::ports::opt_out_key(&address);
    assert!(!store.is_opted_out(&key).await.unwrap());
    let at: jiff::Timestamp = "2024-06-06T01:00:00Z".parse().unwrap();
    store.opt_out(&key, at).await.unwrap();
    store.opt_out(&key, at).await.unwrap();
    assert!(store.is_opted_out(&key).await.unwrap());
    // The same address in another case is the same key; another address is not out.
    let lower = casebook_core::Email::parse("li.wei@example.org").unwrap();
    assert_eq!(casebook_core::ports::opt_out_key(&lower), key);
    assert!(
        !store
            .is_opted_out(&casebook_core::ports::opt_out_key(&other))
            .await
            .unwrap()
    );
}

pub async fn an_answer_kept_with_a_finished_update_is_given_to_its_redelivery(
    store: Arc<dyn Store>,
) {
    let now: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    let lease = now + jiff::SignedDuration::from_secs(30);
    let key = LeaseKey::WeChatMessage(uuid::Uuid::new_v4().simple().to_string());
    assert_eq!(
        store.finished_answer(&key).await.unwrap(),
        None,
        "never taken"
    );
    assert!(store.take_lease(&key, now, lease).await.unwrap());
    assert_eq!(
        store.finished_answer(&key).await.unwrap(),
        None,
        "still held"
    );
    let answer = "<xml><Content><![CDATA[截止日期是2024年6月20日。]]></Content></xml>";
    store.finish_lease_with(&key, answer).await.unwrap();
    assert_eq!(
        store.finished_answer(&key).await.unwrap().as_deref(),
        Some(answer)
    );
    assert!(
        !store.take_lease(&key, now, lease).await.unwrap(),
        "taken once"
    );
    // Finished without an answer: none.
    let other = LeaseKey::WeChatMessage(uuid::Uuid::new_v4().simple().to_string());
    assert!(store.take_lease(&other, now, lease).await.unwrap());
    store.finish_lease(&other).await.unwrap();
    assert_eq!(store.finished_answer(&other).await.unwrap(), None);
}

fn closing(round: u8, closed: bool, version: u64) -> casebook_core::decision::RoundClosing {
    closing_of(2024, round, closed, version)
}

fn closing_of(
    year: i16,
    round: u8,
    closed: bool,
    version: u64,
) -> casebook_core::decision::RoundClosing {
    casebook_core::decision::RoundClosing {
        year,
        round,
        closed,
        version,
        changed_at: "2024-09-01T08:00:00Z".parse().unwrap(),
        changed_by: "org@example.org".into(),
    }
}

pub async fn a_round_closing_is_saved_only_over_its_version(store: Arc<dyn Store>) {
    assert_eq!(store.get_round_closing(2024, 1).await.unwrap(), None);
    store
        .save_round_closing(&closing(1, true, 1), None)
        .await
        .unwrap();
    assert_eq!(
        store.get_round_closing(2024, 1).await.unwrap(),
        Some(closing(1, true, 1))
    );
    // A second first save, or a save over a stale version, changes nothing.
    assert!(matches!(
        store.save_round_closing(&closing(1, false, 1), None).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store
            .save_round_closing(&closing(1, false, 3), Some(2))
            .await,
        Err(StoreError::Conflict)
    ));
    store
        .save_round_closing(&closing(1, false, 2), Some(1))
        .await
        .unwrap();
    assert_eq!(
        store.get_round_closing(2024, 1).await.unwrap(),
        Some(closing(1, false, 2))
    );
    assert_eq!(
        store.get_round_closing(2024, 2).await.unwrap(),
        None,
        "per round"
    );

    // Each year's round 1 closes on its own: 2025's is new, and 2024's stays as it was.
    assert_eq!(
        store.get_round_closing(2025, 1).await.unwrap(),
        None,
        "per year"
    );
    store
        .save_round_closing(&closing_of(2025, 1, true, 1), None)
        .await
        .unwrap();
    assert_eq!(
        store.get_round_closing(2025, 1).await.unwrap(),
        Some(closing_of(2025, 1, true, 1))
    );
    assert_eq!(
        store.get_round_closing(2024, 1).await.unwrap(),
        Some(closing(1, false, 2))
    );
    assert!(matches!(
        store
            .save_round_closing(&closing_of(2025, 1, false, 2), Some(2))
            .await,
        Err(StoreError::Conflict)
    ));
}

pub async fn of_concurrent_first_closings_of_a_round_one_wins(store: Arc<dyn Store>) {
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.save_round_closing(&closing(2, true, 1), None).await })
        })
        .collect();
    let mut won = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(()) => won += 1,
            Err(e) => assert!(matches!(e, StoreError::Conflict), "{e}"),
        }
    }
    assert_eq!(won, 1);
}

pub async fn the_audit_log_keeps_every_entry_once_oldest_first(store: Arc<dyn Store>) {
    use casebook_core::decision::{AuditAction, AuditEntry, Outcome};
    assert!(store.list_audit().await.unwrap().is_empty());
    assert!(store.last_audit().await.unwrap().is_none());
    let start: jiff::Timestamp = "2024-09-01T08:00:00Z".parse().unwrap();
    let application = casebook_core::ApplicationId::random();
    let mut written = Vec::new();
    // 120 entries: more than one page on any backend that pages small.
    for i in 0..120i64 {
        let at = start + jiff::SignedDuration::from_secs(i);
        let action = if i == 0 {
            AuditAction::RoundClosed { round: 1 }
        } else {
            AuditAction::Decided {
                round: 1,
                application_id: application,
                reference: "PC2024-0001".into(),
                decision: Outcome::NotSelected,
                proposed: Outcome::Collected,
                reason: Some(format!("Reason {i}: \"quoted\", 中文, and a line\nbreak")),
            }
        };
        let mut entry = AuditEntry::new(at, "org@example.org", action);
        // The call's year is kept with the entry (none on entries kept before years).
        entry.year = (i % 2 == 0).then_some(2025);
        written.push(entry);
    }
    // Written out of order; read back by time.
    let mut shuffled = written.clone();
    shuffled.reverse();
    for entry in &shuffled {
        store.append_audit(entry).await.unwrap();
    }
    assert!(
        matches!(
            store.append_audit(&written[5]).await,
            Err(StoreError::AlreadyExists)
        ),
        "an id is written once"
    );
    assert_eq!(store.list_audit().await.unwrap(), written);
    assert_eq!(store.last_audit().await.unwrap().as_ref(), written.last());
}

// ------------------------------------------------------------------ the rehearsal clock

/// The rehearsal clock kept with the data: set, read back to the millisecond, replaced,
/// and ended.
pub async fn the_rehearsal_clock_is_kept_replaced_and_ended(store: Arc<dyn Store>) {
    use casebook_core::Rehearsal;
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    store.set_rehearsal(None).await.unwrap();
    assert_eq!(store.rehearsal().await.unwrap(), None);
    let may = Rehearsal {
        at: at("2024-05-01T01:00:00.123Z"),
        set_at: at("2026-12-05T10:00:00.456Z"),
    };
    store.set_rehearsal(Some(may)).await.unwrap();
    assert_eq!(store.rehearsal().await.unwrap(), Some(may));
    let july = Rehearsal {
        at: at("2024-07-02T01:00:00Z"),
        set_at: at("2026-12-05T10:05:00Z"),
    };
    store.set_rehearsal(Some(july)).await.unwrap();
    assert_eq!(store.rehearsal().await.unwrap(), Some(july));
    store.set_rehearsal(None).await.unwrap();
    assert_eq!(store.rehearsal().await.unwrap(), None);
    // Ending it twice is harmless.
    store.set_rehearsal(None).await.unwrap();
}

// ------------------------------------------------------------------ installed campaigns

/// Campaign files kept per year, whole and in year order, a year's file replaced by its
/// reinstall; the open call chosen, closed and given back.
pub async fn installed_campaigns_are_kept_per_year_and_one_call_is_open(store: Arc<dyn Store>) {
    use casebook_core::{InstalledCampaign, OpenCall};
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    assert_eq!(store.installed_campaigns().await.unwrap(), vec![]);
    assert_eq!(store.open_call().await.unwrap(), OpenCall::Given);
    // Longer than a DynamoDB attribute's usual size, with every kind of character.
    let source = |year: i16, note: &str| {
        format!(
            "year = {year}\n# {note}: 申报 « » \"quotes\" \\ backslash\n{}",
            "# padding line\n".repeat(2000)
        )
    };
    let y2025 = InstalledCampaign {
        year: 2025,
        source: source(2025, "first"),
        installed_at: at("2025-01-10T08:00:00.125Z"),
        earlier: vec![casebook_core::campaign::EarlierCase {
            name: "乡村互联 Village Links".into(),
            year: Some(2024),
        }],
    };
    let y2024 = InstalledCampaign {
        year: 2024,
        source: source(2024, "the seed"),
        installed_at: at("2025-01-10T08:01:00Z"),
        earlier: vec![],
    };
    store.install_campaign(&y2025).await.unwrap();
    store.install_campaign(&y2024).await.unwrap();
    assert_eq!(
        store.installed_campaigns().await.unwrap(),
        vec![y2024.clone(), y2025.clone()],
        "oldest year first, each read back whole"
    );
    let corrected = InstalledCampaign {
        source: source(2025, "corrected FAQ"),
        installed_at: at("2025-02-01T08:00:00Z"),
        ..y2025
    };
    store.install_campaign(&corrected).await.unwrap();
    assert_eq!(
        store.installed_campaigns().await.unwrap(),
        vec![y2024, corrected],
        "a reinstall replaces its year"
    );

    store.set_open_call(OpenCall::Year(2025)).await.unwrap();
    assert_eq!(store.open_call().await.unwrap(), OpenCall::Year(2025));
    store.set_open_call(OpenCall::Closed).await.unwrap();
    assert_eq!(store.open_call().await.unwrap(), OpenCall::Closed);
    store.set_open_call(OpenCall::Year(2024)).await.unwrap();
    assert_eq!(store.open_call().await.unwrap(), OpenCall::Year(2024));
    store.set_open_call(OpenCall::Given).await.unwrap();
    assert_eq!(store.open_call().await.unwrap(), OpenCall::Given);
}
