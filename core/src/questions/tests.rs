use std::sync::Mutex;

use async_trait::async_trait;

use super::*;
use crate::application::ApplicationPatch;
use crate::clock::FixedClock;
use crate::memory::MemoryStore;
use crate::ports::NotifyError;
use crate::service::ApplicationService;
use crate::token::ChatIdentity;

/// A Telegram-like channel that keeps what it sends, or refuses every send.
#[derive(Default)]
struct Chats {
    sent: Mutex<Vec<(String, String)>>,
    refuse: bool,
}

#[async_trait]
impl ChatNotifier for Chats {
    fn handles(&self, chat: &str) -> bool {
        chat.starts_with("telegram:")
    }

    async fn notify(&self, chat: &str, text: &str) -> Result<(), NotifyError> {
        if self.refuse {
            return Err(NotifyError::Channel(
                "Forbidden: bot was blocked by the user".into(),
            ));
        }
        self.sent.lock().unwrap().push((chat.into(), text.into()));
        Ok(())
    }
}

struct Fixture {
    stores: Stores,
    service: QuestionService,
    chats: Arc<Chats>,
    applications: ApplicationService,
}

fn fixture(refuse: bool) -> Fixture {
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse().unwrap()));
    let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
    let campaign = Arc::new(Campaign::builtin());
    let chats = Arc::new(Chats {
        refuse,
        ..Chats::default()
    });
    let service =
        QuestionService::new(&stores, clock.clone(), campaign.clone()).with_chats(chats.clone());
    let applications = ApplicationService::new(&stores, clock, campaign);
    Fixture {
        stores,
        service,
        chats,
        applications,
    }
}

async fn asked(f: &Fixture, chat: &str, lang: Lang, text: &str) -> String {
    let question = UnansweredQuestion {
        id: uuid::Uuid::new_v4().to_string(),
        channel: chat.split(':').next().unwrap().into(),
        chat: Some(chat.into()),
        lang,
        text: text.into(),
        asked_at: "2024-05-01T01:00:00Z".parse().unwrap(),
        answered: None,
    };
    f.stores.questions.record_question(&question).await.unwrap();
    question.id
}

#[tokio::test]
async fn the_inbox_says_where_each_answer_can_go() {
    let f = fixture(false);
    let chat = ChatIdentity("telegram:42".into());
    let app = f
        .applications
        .create_draft_in_chat(&chat, crate::lang::Lang::En)
        .await
        .unwrap();
    let patch: ApplicationPatch = serde_json::from_value(serde_json::json!({
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
    }))
    .unwrap();
    f.applications
        .update_draft(app.id, &chat, app.version, patch)
        .await
        .unwrap();
    asked(&f, "telegram:42", Lang::En, "Can a university apply?").await;
    asked(&f, "terminal:ana", Lang::En, "Is there a fee?").await;
    let inbox = f.service.inbox().await.unwrap();
    let by_chat = |chat: &str| {
        inbox
            .iter()
            .find(|q| q.question.chat.as_deref() == Some(chat))
            .unwrap()
    };
    assert!(by_chat("telegram:42").can_reply);
    assert_eq!(by_chat("telegram:42").contacts, ["li.wei@example.org"]);
    assert!(!by_chat("terminal:ana").can_reply);
    assert!(by_chat("terminal:ana").contacts.is_empty());
    // Without a chat channel (the admin Lambda), no chat can be written to.
    let clock = Arc::new(FixedClock::at("2024-05-01T09:00:00+08:00".parse().unwrap()));
    let bare = QuestionService::new(&f.stores, clock, Arc::new(Campaign::builtin()));
    assert!(bare.inbox().await.unwrap().iter().all(|q| !q.can_reply));
}

#[tokio::test]
async fn an_answer_is_written_once_in_the_chat_in_its_language() {
    let f = fixture(false);
    let id = asked(&f, "telegram:7", Lang::Zh, "可以用中文写案例吗？").await;
    let answered = f
        .service
        .answer(&id, "org@example.org", Some("  案例正文请用英文撰写。 "))
        .await
        .unwrap();
    let mark = answered.answered.unwrap();
    assert_eq!(
        (mark.by.as_str(), mark.reply.as_deref()),
        ("org@example.org", Some("案例正文请用英文撰写。"))
    );
    let sent = f.chats.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "telegram:7");
    assert!(
        sent[0]
            .1
            .starts_with("主办方回复了您的问题\n«可以用中文写案例吗？»"),
        "{}",
        sent[0].1
    );
    assert!(sent[0].1.ends_with("案例正文请用英文撰写。"));
    // A second organizer is told who was first; nothing more is sent.
    let again = f
        .service
        .answer(&id, "other@example.org", Some("Yes"))
        .await;
    assert!(
        matches!(&again, Err(QuestionError::AlreadyAnswered { by, .. }) if by == "org@example.org"),
        "{again:?}"
    );
    assert_eq!(f.chats.sent.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn organizers_answering_at_once_send_one_message() {
    let f = fixture(false);
    let id = asked(&f, "telegram:9", Lang::En, "Who may collect cases?").await;
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let (service, id) = (f.service.clone(), id.clone());
            tokio::spawn(async move {
                service
                    .answer(
                        &id,
                        &format!("org{n}@example.org"),
                        Some("Any organization."),
                    )
                    .await
            })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(QuestionError::AlreadyAnswered { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(f.chats.sent.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_reply_that_cannot_be_written_is_refused_and_nothing_is_marked() {
    let f = fixture(false);
    let id = asked(&f, "terminal:ana", Lang::En, "Is there a fee?").await;
    let refused = f
        .service
        .answer(&id, "org@example.org", Some("No fee."))
        .await;
    assert!(
        matches!(&refused, Err(QuestionError::CannotReply { channel }) if channel == "terminal"),
        "{refused:?}"
    );
    for (reply, blank) in [("   ", true), (&*"x".repeat(MAX_REPLY_CHARS + 1), false)] {
        let refused = f.service.answer(&id, "org@example.org", Some(reply)).await;
        match refused {
            Err(QuestionError::EmptyReply) => assert!(blank),
            Err(QuestionError::ReplyTooLong { max, .. }) => assert_eq!(max, MAX_REPLY_CHARS),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(f.service.inbox().await.unwrap()[0].question.answered, None);
    // Marked answered without a reply: dealt with by e-mail.
    f.service
        .answer(&id, "org@example.org", None)
        .await
        .unwrap();
    assert!(
        f.service.inbox().await.unwrap()[0]
            .question
            .answered
            .is_some()
    );
    assert!(matches!(
        f.service
            .answer("no-such-question", "org@example.org", None)
            .await,
        Err(QuestionError::NotFound)
    ));
}

#[tokio::test]
async fn when_the_chat_refuses_the_question_stays_open() {
    let f = fixture(true);
    let id = asked(&f, "telegram:5", Lang::En, "Can we send a video?").await;
    let failed = f
        .service
        .answer(&id, "org@example.org", Some("Yes, as a link."))
        .await;
    assert!(
        matches!(failed, Err(QuestionError::ReplyFailed(_))),
        "{failed:?}"
    );
    assert_eq!(f.service.inbox().await.unwrap()[0].question.answered, None);
}
