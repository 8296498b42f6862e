//! The engine, turn by turn: each test reads the replies of the turns it is about.

use std::sync::Arc;

use super::*;
use casebook_core::NewAttachment;

const OPEN: &str = "2024-05-01T00:00:00Z";
const CLOSED: &str = "2024-07-01T00:00:00Z";

/// An engine on a fresh store, its clock at `now`.
fn engine(now: &str) -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = casebook_embedded::SqliteStore::open_dir(dir.path()).unwrap();
    let clock = Arc::new(casebook_core::FixedClock::at(now.parse().unwrap()));
    (
        Engine::new(ApplicationService::new(
            &casebook_core::Stores::backed_by(Arc::new(store)),
            clock,
            Arc::new(Campaign::builtin()),
        )),
        dir,
    )
}

async fn say(d: &Dialogue, msg: &str, now: &str) -> Turn {
    let (engine, _dir) = engine(now);
    engine.handle(d, msg).await
}

#[tokio::test]
async fn start_greets_with_the_deadline_and_offers_every_topic() {
    let turn = say(&Dialogue::default(), "/start", OPEN).await;
    assert!(
        turn.replies[0].text.contains("open until 20 June 2024"),
        "{}",
        turn.replies[0].text
    );
    let menu = &turn.replies[1];
    assert_eq!(
        menu.choices.len(),
        10,
        "apply, eight topics and the language switch"
    );
    assert!(menu.choices.iter().any(|c| c.data == "/faq schedule"));
}

#[tokio::test]
async fn after_the_deadline_the_bot_says_so_and_still_answers() {
    let turn = say(&Dialogue::default(), "/start", CLOSED).await;
    assert!(turn.replies[0].text.contains("closed on 20 June 2024"));
    let turn = say(&turn.dialogue, "when is the deadline?", CLOSED).await;
    assert!(
        turn.replies[0].text.contains("20 June 2024")
            && turn.replies[0].text.contains("now closed")
    );
}

#[tokio::test]
async fn a_button_answers_its_topic() {
    let turn = say(&Dialogue::default(), "/faq eligibility", OPEN).await;
    assert!(turn.replies[0].text.contains("2 or more countries"));
}

#[tokio::test]
async fn a_chinese_question_is_answered_in_chinese_from_then_on() {
    let turn = say(&Dialogue::default(), "截止日期是哪天？", OPEN).await;
    assert_eq!(turn.dialogue.lang, Lang::Zh);
    assert!(turn.replies[0].text.contains("2024年6月20日"));
    let turn = say(&turn.dialogue, "/help", OPEN).await;
    assert!(turn.replies[0].text.contains("帮助"));
}

#[tokio::test]
async fn the_language_can_be_chosen_by_button_or_by_typing() {
    let turn = say(&Dialogue::default(), "/language", OPEN).await;
    assert_eq!(turn.dialogue.state, State::ChoosingLanguage);
    let by_button = say(&turn.dialogue, "/lang zh", OPEN).await;
    assert_eq!(
        (by_button.dialogue.lang, &by_button.dialogue.state),
        (Lang::Zh, &State::Menu)
    );
    assert_eq!(by_button.replies[0].text, "我会用中文回答。");
    // The language question's choices can be typed by name, too.
    let by_label = say(&turn.dialogue, "中文", OPEN).await;
    assert_eq!(by_label.dialogue.lang, Lang::Zh);
    let by_typing = say(&turn.dialogue, "Chinese please", OPEN).await;
    assert_eq!(by_typing.dialogue.lang, Lang::Zh);
    let back = say(&by_typing.dialogue, "/lang en", OPEN).await;
    assert_eq!(back.dialogue.lang, Lang::En);
}

#[tokio::test]
async fn an_unanswerable_question_is_passed_on_with_the_contact() {
    let turn = say(
        &Dialogue::default(),
        "Can I pay the fee by credit card?",
        OPEN,
    )
    .await;
    assert_eq!(
        turn.unanswered.as_deref(),
        Some("Can I pay the fee by credit card?")
    );
    assert!(turn.replies[0].text.contains("practice@wicinternet.org"));
    assert!(
        turn.replies[0]
            .text
            .contains("passed your question to the organizers")
    );
}

#[tokio::test]
async fn a_typed_label_or_number_acts_as_its_choice_and_a_stray_one_shows_the_menu_again() {
    let (engine, _dir) = engine(OPEN);
    let start = engine.handle(&Dialogue::default(), "/start").await;
    // The menu's eighth choice is the schedule question.
    let eighth = engine.handle(&start.dialogue, "8").await;
    assert!(
        eighth.replies[0].text.contains("20 June 2024"),
        "{:?}",
        eighth.replies
    );
    let by_label = engine
        .handle(&start.dialogue, "what is the schedule and deadline?")
        .await;
    assert_eq!(by_label.replies[0].text, eighth.replies[0].text);
    for stray in ["42", "x", "？"] {
        let turn = engine.handle(&start.dialogue, stray).await;
        assert_eq!(turn.unanswered, None, "{stray} is not a question");
        assert_eq!(turn.replies.len(), 1, "{stray}");
        assert_eq!(
            turn.replies[0].text, "What would you like to know?",
            "{stray}"
        );
        assert_eq!(turn.replies[0].choices.len(), 10);
    }
    // A question answered in free text takes "1" as the answer, not as the menu's first.
    let asked = engine.handle(&start.dialogue, "/apply").await;
    let one = engine.handle(&asked.dialogue, "1").await;
    assert_eq!(
        one.dialogue.state, asked.dialogue.state,
        "{:?}",
        one.replies
    );
    assert!(one.dialogue.offered.is_none());
    // The saved conversation keeps no choices that its state already implies.
    assert!(
        start.dialogue.offered.is_none(),
        "{:?}",
        start.dialogue.offered
    );
    // A complete draft's summary offers Submit: typing the word submits.
    let (dialogue, _) = converse(&engine, &complete_answers()).await;
    let submitted = engine.handle(&dialogue, "submit").await;
    assert!(
        submitted.replies[0].text.starts_with("Submitted!"),
        "{:?}",
        submitted.replies
    );
}

#[tokio::test]
async fn an_unknown_command_explains_what_works_and_cancel_always_works() {
    let turn = say(&Dialogue::default(), "/frobnicate", OPEN).await;
    assert!(turn.replies[1].text.contains("/help"));
    let choosing = Dialogue {
        lang: Lang::En,
        state: State::ChoosingLanguage,
        ..Dialogue::default()
    };
    assert_eq!(
        say(&choosing, "/cancel", OPEN).await.dialogue.state,
        State::Menu
    );
}

#[tokio::test]
async fn a_returning_user_is_shown_where_they_were() {
    let choosing = Dialogue {
        lang: Lang::Zh,
        state: State::ChoosingLanguage,
        ..Dialogue::default()
    };
    let (engine, _dir) = engine(OPEN);
    let replies = engine.resume(&choosing).await;
    assert!(replies[0].text.contains("欢迎回来"));
    assert_eq!(replies[1].choices.len(), Lang::ALL.len());
}

#[tokio::test]
async fn the_dialogue_survives_a_round_trip_through_json() {
    let d = Dialogue {
        lang: Lang::Zh,
        state: State::ChoosingLanguage,
        ..Dialogue::default()
    };
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(serde_json::from_str::<Dialogue>(&json).unwrap(), d);
}

/// Every turn of a conversation: each message and the texts of its replies.
#[derive(Debug)]
struct Transcript(Vec<(String, Vec<String>)>);

impl Transcript {
    /// The replies to `message` (its last sending).
    fn replies_to(&self, message: &str) -> &[String] {
        self.0
            .iter()
            .rev()
            .find(|(m, _)| m == message)
            .map(|(_, replies)| replies.as_slice())
            .unwrap_or_else(|| panic!("{message:?} was never sent: {self:#?}"))
    }

    /// The replies to the last message.
    fn last(&self) -> &[String] {
        self.0.last().map(|(_, r)| r.as_slice()).unwrap_or_default()
    }

    /// Whether no reply of any turn contains `needle`.
    fn never_says(&self, needle: &str) -> bool {
        self.0
            .iter()
            .flat_map(|(_, r)| r)
            .all(|r| !r.contains(needle))
    }
}

/// Runs a conversation on one engine, turn by turn.
async fn converse(engine: &Engine, lines: &[impl AsRef<str>]) -> (Dialogue, Transcript) {
    // As `conversation::converse` does: the conversation's chat owns its drafts.
    let mut dialogue = Dialogue {
        chat: "test:ana".into(),
        ..Dialogue::default()
    };
    let mut turns = Vec::new();
    for line in lines {
        let turn = engine.handle(&dialogue, line.as_ref()).await;
        let texts = turn.replies.iter().map(|r| r.text.clone()).collect();
        turns.push((line.as_ref().to_string(), texts));
        dialogue = turn.dialogue;
    }
    (dialogue, Transcript(turns))
}

fn section(heading: &str) -> String {
    format!(
        "{heading}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
    )
}

/// A complete application's answers, from /apply to the optional last step.
fn complete_answers() -> Vec<String> {
    let mut lines: Vec<String> = [
        "/apply",
        "Village Links",
        "Example Telecom",
        "China",
        "done",
        "China, Kenya",
        "/area culture",
    ]
    .map(String::from)
    .to_vec();
    lines.extend(["Origins", "Partners", "Method", "Results"].map(section));
    lines.extend(["Li Wei", "li.wei@example.org", "skip"].map(String::from));
    lines
}

/// The engine of [`engine`], taking files as a terminal does.
fn engine_with_files(now: &str) -> (Engine, tempfile::TempDir) {
    let (engine, dir) = engine(now);
    let attachments = AttachmentService::new(
        engine.apps.clone(),
        Arc::new(casebook_embedded::FolderBlobStore::new(
            dir.path().join("blobs"),
        )),
        Arc::new(casebook_embedded::LocalSignedUrls::new(
            "http://127.0.0.1:1",
            [7; 32],
        )),
    );
    (engine.with_attachments(attachments, FileInput::Paths), dir)
}

#[tokio::test]
async fn the_files_step_is_asked_only_where_files_can_be_sent() {
    // Without files: the last answer leads to the summary, and files are no field.
    let (plain, _dir) = engine(OPEN);
    let (dialogue, t) = converse(&plain, &complete_answers()).await;
    assert_eq!(dialogue.state, State::Reviewing, "{t:#?}");
    assert!(t.never_says("Supporting files"), "{t:#?}");
    let edit = plain.handle(&dialogue, "/edit attachments").await;
    assert_eq!(edit.replies[0].text, "Which answer do you want to change?");
    assert_eq!(edit.replies[0].choices.len(), 13);

    // With files: asked after the last answer; text there asks again; Done moves on.
    let (files, _dir) = engine_with_files(OPEN);
    let (dialogue, t) = converse(&files, &complete_answers()).await;
    let asked = t.last().last().unwrap();
    assert!(
        asked.starts_with("Supporting files (optional)")
            && asked.ends_with("Press Done when you have added them all, or if you have none."),
        "{t:#?}"
    );
    let again = files.handle(&dialogue, "what now?").await;
    assert!(
        again.replies[0]
            .text
            .starts_with("Supporting files (optional)")
    );
    assert_eq!(again.dialogue.state, dialogue.state);
    // A file whose type is not accepted is refused before anything is read.
    let refused = files
        .offer_file(
            &dialogue,
            NewAttachment {
                filename: "setup.exe".into(),
                content_type: String::new(),
                size: 10,
            },
        )
        .await;
    let FileOffer::Refused(replies) = refused else {
        panic!("an .exe was accepted");
    };
    assert!(
        replies[0]
            .text
            .contains("are not accepted. Accepted: PDF, JPEG image"),
        "{}",
        replies[0].text
    );
    let done = files.handle(&dialogue, "done").await;
    assert_eq!(done.dialogue.state, State::Reviewing);
    assert!(
        done.replies[0].text.contains("- Files: (not given)"),
        "{}",
        done.replies[0].text
    );
    let edit = files.handle(&done.dialogue, "/edit attachments").await;
    assert!(
        edit.replies[0]
            .text
            .starts_with("Supporting files (optional)")
    );
}

#[tokio::test]
async fn a_section_is_echoed_with_its_word_count_and_a_two_word_one_is_asked_again() {
    let (engine, _dir) = engine(OPEN);
    let mut lines = complete_answers();
    let at = lines.iter().position(|l| l.starts_with("Origins")).unwrap();
    lines.insert(at, "Background\nToo short.".to_string());
    let (_, t) = converse(&engine, &lines).await;
    let short = t.replies_to("Background\nToo short.");
    assert!(
        short[0].contains("has 3 words; please write at least 20"),
        "{short:?}"
    );
    assert!(
        short[1].starts_with("Case Background: please write"),
        "{short:?}"
    );
    let words = casebook_core::text::word_count(&section("Origins"));
    assert_eq!(
        t.replies_to(&section("Origins"))[0],
        format!("Saved: {words} words (the limit is 500).")
    );
}

#[tokio::test]
async fn an_application_from_start_to_reference_in_english() {
    let (engine, _dir) = engine(OPEN);
    let (bg, co, mo, be) = (
        section("Origins"),
        section("Partners"),
        section("Method"),
        section("Results"),
    );
    let lines = [
        "/start",
        "/apply",
        "Village Links",
        "Example Telecom",
        "China",
        "Example Networks Kenya, Kenyia", // a near miss: refused with a suggestion
        "Example Networks Kenya, Kenya",
        "done",
        "China", // one country: refused
        "China, Kenya, Brazil",
        "/area infrastructure",
        &bg,
        &co,
        &mo,
        &be,
        "Li Wei",
        "not-an-email",
        "li.wei@example.org",
        "skip",
        "/submit",
    ];
    let (dialogue, t) = converse(&engine, &lines).await;
    let near_miss = t.replies_to("Example Networks Kenya, Kenyia");
    assert!(
        near_miss[0].contains("Did you mean Kenya (KE)?"),
        "{near_miss:?}"
    );
    // "China" was sent twice: the lead's country, then (refused) as the only country.
    assert!(
        t.replies_to("China")[0].contains("at least 2 countries"),
        "{t:#?}"
    );
    assert_eq!(
        t.replies_to("China, Kenya, Brazil")[0],
        "3 countries or regions: China (CN), Kenya (KE), Brazil (BR)."
    );
    assert!(
        t.replies_to("not-an-email")[0].contains("\"not-an-email\" is not a valid e-mail address"),
        "{t:#?}"
    );
    let summary = t.replies_to("skip");
    assert!(
        summary[0].contains("Everything is in place. Submit it?"),
        "{summary:?}"
    );
    assert!(
        t.replies_to("/submit")[0].starts_with("Submitted! Your reference is PC2024-0001."),
        "{t:#?}"
    );
    assert_eq!(dialogue.state, State::Menu);
    assert_eq!(dialogue.applications.len(), 1);
    let status = engine.handle(&dialogue, "/status").await;
    assert!(
        status.replies[0]
            .text
            .contains("Village Links: PC2024-0001 submitted"),
        "{}",
        status.replies[0].text
    );
}

#[tokio::test]
async fn an_application_from_start_to_reference_in_chinese() {
    let (engine, _dir) = engine(OPEN);
    let (bg, co, mo, be) = (
        section("Origins"),
        section("Partners"),
        section("Method"),
        section("Results"),
    );
    let chinese_section =
        "项目成效\n该项目为非洲偏远地区的村庄接通了互联网，并培训当地技术人员维护网络。";
    let lines = [
        "开始申报",
        "/apply",
        "乡村互联",
        "示例电信",
        "中国",
        "完成",
        "中国、肯尼亚",
        "网络基础设施建设",
        chinese_section, // not English: refused
        &bg,
        &co,
        &mo,
        &be,
        "李伟",
        "li.wei@example.org",
        "跳过",
        "/submit",
    ];
    let (_, t) = converse(&engine, &lines).await;
    assert_eq!(
        t.replies_to("中国、肯尼亚")[0],
        "共2个国家或地区：中国 (CN)、肯尼亚 (KE)。"
    );
    assert!(
        t.replies_to(chinese_section)[0].contains("似乎不是英文"),
        "{t:#?}"
    );
    assert!(
        t.replies_to("/submit")[0].starts_with("提交成功！您的申报编号为 PC2024-0001"),
        "{t:#?}"
    );
}

#[tokio::test]
async fn an_answer_can_be_edited_from_the_summary_and_the_draft_survives_a_restart() {
    let (engine, dir) = engine(OPEN);
    let mut lines = complete_answers();
    lines.extend([
        "/edit practice_name".to_string(),
        "Village Links 2".to_string(),
    ]);
    let (dialogue, t) = converse(&engine, &lines).await;
    let summary = t.replies_to("Village Links 2");
    assert!(
        summary
            .last()
            .unwrap()
            .contains("- Practice name: Village Links 2"),
        "{summary:?}"
    );
    assert_eq!(dialogue.state, State::Reviewing);
    // A restart: a new engine on the same data, the dialogue as saved (JSON).
    let saved: Dialogue = serde_json::from_str(&serde_json::to_string(&dialogue).unwrap()).unwrap();
    let store = casebook_embedded::SqliteStore::open_dir(dir.path()).unwrap();
    let clock = Arc::new(casebook_core::FixedClock::at(OPEN.parse().unwrap()));
    let again = Engine::new(ApplicationService::new(
        &casebook_core::Stores::backed_by(Arc::new(store)),
        clock,
        Arc::new(Campaign::builtin()),
    ));
    let resumed = again.resume(&saved).await;
    assert!(
        resumed[1].text.contains("Village Links 2"),
        "{}",
        resumed[1].text
    );
    let turn = again.handle(&saved, "/submit").await;
    assert!(
        turn.replies[0].text.contains("PC2024-0001"),
        "{}",
        turn.replies[0].text
    );
}

#[tokio::test]
async fn a_submission_mails_a_confirmation_to_the_contact() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox");
    let mailer = casebook_embedded::OutboxMailer::new(
        &outbox,
        casebook_core::Email::parse("practice@example.org").unwrap(),
    );
    let engine = Engine::new(
        ApplicationService::new(
            &casebook_core::Stores::backed_by(Arc::new(
                casebook_embedded::SqliteStore::open_dir(dir.path()).unwrap(),
            )),
            Arc::new(casebook_core::FixedClock::at(OPEN.parse().unwrap())),
            Arc::new(Campaign::builtin()),
        )
        .with_mailer(Arc::new(mailer)),
    );
    let mut lines = complete_answers();
    lines.push("/submit".to_string());
    let (_, t) = converse(&engine, &lines).await;
    let submitted = t.replies_to("/submit");
    assert_eq!(submitted.len(), 1, "no apology for the mail: {submitted:?}");
    assert!(submitted[0].contains("PC2024-0001"), "{submitted:?}");
    let mails: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: li.wei@example.org"));
    assert!(mails[0].contains("PC2024-0001"), "{}", mails[0]);
    assert!(
        submitted[0].contains("from 1 July to 31 August 2024"),
        "{submitted:?}"
    );
}

#[tokio::test]
async fn after_the_deadline_applying_is_refused_with_the_date() {
    let (engine, _dir) = engine(CLOSED);
    let turn = engine.handle(&Dialogue::default(), "/apply").await;
    assert!(
        turn.replies[0].text.contains("closed on 20 June 2024"),
        "{}",
        turn.replies[0].text
    );
    assert!(turn.dialogue.applications.is_empty());
}

#[tokio::test]
async fn a_link_code_carries_the_draft_to_another_chat_once() {
    let (engine, _dir) = engine(OPEN);
    let (telegram, _) = converse(&engine, &["/apply", "Village Links"]).await;
    let turn = engine.handle(&telegram, "/link").await;
    let text = &turn.replies[0].text;
    let code = text.split("Your code is ").nth(1).unwrap()[..8].to_string();
    // Another chat: the code opens the same draft, then is spent.
    let other_chat = Dialogue {
        chat: "terminal:ben".into(),
        ..Dialogue::default()
    };
    let terminal = engine
        .handle(&other_chat, &format!("/link {}", code.to_lowercase()))
        .await;
    assert!(
        terminal.replies[0].text.starts_with("Linked!"),
        "{}",
        terminal.replies[0].text
    );
    assert_eq!(terminal.dialogue.applications, telegram.applications);
    let again = engine.handle(&other_chat, &format!("/link {code}")).await;
    assert!(again.replies[0].text.contains("not valid or has expired"));
    let next = engine.handle(&terminal.dialogue, "/apply").await;
    assert!(
        next.replies[1]
            .text
            .contains("Which organization leads the practice?"),
        "{:?}",
        next.replies
    );
}

/// A conversation left in a 2024 draft, back when 2025's call runs on the same store: the
/// next answer is told that call has closed, whether the draft's reference carries its
/// year or was kept before references did (then the draft is read).
#[tokio::test]
async fn an_answer_to_an_earlier_years_draft_is_told_that_call_has_closed() {
    let dir = tempfile::tempdir().unwrap();
    let stores = || {
        let store = casebook_embedded::SqliteStore::open_dir(dir.path()).unwrap();
        casebook_core::Stores::backed_by(Arc::new(store))
    };
    let in_2024 = Engine::new(ApplicationService::new(
        &stores(),
        Arc::new(casebook_core::FixedClock::at(OPEN.parse().unwrap())),
        Arc::new(Campaign::builtin()),
    ));
    let source = include_str!("../../../core/campaigns/2024.toml").replace("2024", "2025");
    let in_2025 = Engine::new(ApplicationService::new(
        &stores(),
        Arc::new(casebook_core::FixedClock::at(
            "2025-05-01T00:00:00Z".parse().unwrap(),
        )),
        Arc::new(Campaign::from_toml(&source).unwrap()),
    ));
    let start = Dialogue {
        chat: "telegram:77".into(),
        ..Dialogue::default()
    };
    let applying = in_2024.handle(&start, "/apply").await.dialogue;
    let named = in_2024.handle(&applying, "Harbour Watch").await.dialogue;
    assert_eq!(named.applications[0].year, Some(2024));
    let mut kept_before_years = named.clone();
    kept_before_years.applications[0].year = None;
    for dialogue in [named, kept_before_years] {
        let turn = in_2025.handle(&dialogue, "Harbour Lead Org").await;
        assert!(
            turn.replies[0]
                .text
                .starts_with("The 2024 call has closed, so that draft can no longer be sent"),
            "{:?}",
            turn.replies
        );
        assert_eq!(turn.dialogue.state, State::Menu);
    }
}
