//! `casebook chat` driven through its standard input, as a person (or a script) would.

mod common;

use common::chat_as;

fn chat(input: &str, data_dir: &std::path::Path, now: &str) -> String {
    chat_as("ana", input, data_dir, now)
}

#[test]
fn questions_by_number_by_label_and_in_free_text_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let input = "4\nwhen is the deadline?\n8\n截止日期\nHow are cases reviewed?\n/quit\nthis line is never read\n";
    let out = chat(input, dir.path(), "2024-05-01T09:00:00+08:00");
    assert!(
        out.contains("Applications are open until 20 June 2024."),
        "{out}"
    );
    assert!(
        out.contains("  4. Who may apply?"),
        "buttons are numbered: {out}"
    );
    // "4" pressed the fourth button.
    assert!(out.contains("> 4\nAny organization can apply"), "{out}");
    assert!(
        out.contains(
            "> when is the deadline?\nApplications are open until 20 June 2024. Experts review"
        ),
        "{out}"
    );
    // Buttons stay pressable after a free-text answer: "8" is the schedule question.
    assert!(
        out.contains("> 8\nApplications are open until 20 June 2024. Experts review"),
        "{out}"
    );
    assert!(out.contains("申报截止日期为2024年6月20日"), "{out}");
    // Having written Chinese, the answer to the label comes in Chinese too.
    assert!(out.contains("国际专家分两轮评审"), "{out}");
    assert!(!out.contains("never read"));
}

#[test]
fn after_the_deadline_the_chat_says_the_call_closed() {
    let dir = tempfile::tempdir().unwrap();
    let out = chat(
        "when is the deadline?\n",
        dir.path(),
        "2026-11-27T10:00:00Z",
    );
    assert!(out.contains("This call closed on 20 June 2024"), "{out}");
    assert!(out.contains("The call is now closed."), "{out}");
}

#[test]
fn a_question_the_bot_cannot_answer_is_kept_for_the_organizers() {
    let dir = tempfile::tempdir().unwrap();
    let out = chat(
        "Can I pay the fee by credit card?\n",
        dir.path(),
        "2024-05-01T09:00:00+08:00",
    );
    assert!(
        out.contains("passed your question to the organizers"),
        "{out}"
    );
    assert!(out.contains("practice@wicinternet.org"));
    // A day later, another one.
    chat(
        "你们接受视频吗？还是只要文字\n",
        dir.path(),
        "2024-05-02T10:30:00+08:00",
    );

    // The organizers read them from the same data, each with the start of its id.
    let all: Vec<serde_json::Value> = admin(&["questions", "--json"], dir.path())
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let short = |n: usize| all[n]["id"].as_str().unwrap()[..8].to_string();
    let inbox = admin(&["questions"], dir.path());
    assert_eq!(
        inbox,
        format!(
            "2 questions the bot could not answer (Asia/Shanghai time):\n\
             2024-05-01 09:00  {}  terminal  Can I pay the fee by credit card?\n\
             2024-05-02 10:30  {}  terminal  你们接受视频吗？还是只要文字\n",
            short(0),
            short(1)
        )
    );
    assert_eq!(
        all[1]["lang"], "zh",
        "asked in Chinese, answered in Chinese"
    );
    let since = admin(
        &["questions", "--since", "2024-05-02", "--json"],
        dir.path(),
    );
    let lines: Vec<serde_json::Value> = since
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{since}");
    assert_eq!(lines[0]["text"], "你们接受视频吗？还是只要文字");
    assert_eq!(lines[0]["channel"], "terminal");
    // The clock runs on from --now: the question came a moment after 10:30 in Beijing.
    assert!(
        lines[0]["asked_at"]
            .as_str()
            .unwrap()
            .starts_with("2024-05-02T02:30:0"),
        "{since}"
    );
    assert_eq!(
        admin(&["questions", "--since", "2024-05-03"], dir.path()),
        "No questions are waiting: the bot answered everything asked.\n"
    );

    // An organizer marks one answered. A terminal chat cannot be written to: a reply is
    // refused with what to do, and nothing is marked.
    admin(
        &[
            "organizers",
            "add",
            "--name",
            "Org",
            "--email",
            "org@example.org",
        ],
        dir.path(),
    );
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "admin",
            "questions",
            "--answer",
            &short(0),
            "--reply",
            "No fee.",
        ])
        .args(["--as", "org@example.org", "--data-dir"])
        .arg(dir.path())
        .env_remove("CASEBOOK_CAMPAIGN")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--reply: a terminal chat cannot be written to"),
        "{err}"
    );
    let said = admin(
        &[
            "questions",
            "--answer",
            &short(0),
            "--as",
            "org@example.org",
        ],
        dir.path(),
    );
    assert_eq!(said, "Marked answered: Can I pay the fee by credit card?\n");
    let inbox = admin(&["questions"], dir.path());
    assert!(
        inbox.contains("Can I pay the fee by credit card?  (answered by org@example.org)\n"),
        "{inbox}"
    );
    // Once only.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "admin",
            "questions",
            "--answer",
            &short(0),
            "--as",
            "org@example.org",
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already answered by org@example.org"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn control_characters_in_a_question_never_reach_the_organizers_terminal() {
    let dir = tempfile::tempdir().unwrap();
    chat(
        "Can I pay the fee by \u{1b}[2J\u{1b}[31mcredit\u{7} card?\n",
        dir.path(),
        "2024-05-01T09:00:00+08:00",
    );
    let inbox = admin(&["questions"], dir.path());
    assert!(
        inbox.contains("pay the fee by [2J[31mcredit card?"),
        "{inbox:?}"
    );
    assert!(
        !inbox.chars().any(|c| c.is_control() && c != '\n'),
        "{inbox:?}"
    );
}

/// `casebook admin ARGS --data-dir DIR`; its output, which must be a success.
fn admin(args: &[&str], data_dir: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("admin")
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("CASEBOOK_CAMPAIGN")
        .env_remove("CASEBOOK_BACKEND")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_questions_inbox_explains_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("admin")
            .args(args)
            .env_remove("CASEBOOK_CAMPAIGN")
            .env_remove("CASEBOOK_BACKEND")
            .output()
            .unwrap()
    };
    let missing = dir.path().join("nowhere");
    let out = run(&["questions", "--data-dir", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no data directory at"), "{err}");
    assert!(err.contains("--data-dir"), "{err}");
    let out = run(&[
        "questions",
        "--since",
        "last week",
        "--data-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--since \"last week\" is neither a day like 2024-05-01"),
        "{err}"
    );
}

#[test]
fn leaving_and_coming_back_carries_on_where_the_conversation_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2024-05-01T09:00:00+08:00";
    // Ana asks to change the language, then leaves before answering.
    let first = chat_as("ana", "/language\n", dir.path(), now);
    assert!(first.contains("Which language would you like?"), "{first}");
    // Back again: the same question is waiting; she picks Chinese by its number.
    let second = chat_as("ana", "2\nwhen is the deadline?\n", dir.path(), now);
    assert!(second.starts_with("Welcome back!"), "{second}");
    assert!(second.contains("> 2\n我会用中文回答。"), "{second}");
    assert!(second.contains("申报截止日期为2024年6月20日"), "{second}");
    // The third time the conversation is in Chinese from the first line.
    let third = chat_as("ana", "", dir.path(), now);
    assert!(third.starts_with("欢迎回来"), "{third}");
    // Another user's conversation is their own.
    let other = chat_as("ben", "", dir.path(), now);
    assert!(other.starts_with("Hello!"), "{other}");
}

#[test]
fn a_whole_application_through_the_terminal_ends_with_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let section = |h: &str| {
        format!(
            "{h} The partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    };
    let files = tempfile::tempdir().unwrap();
    let brochure = files.path().join("brochure.pdf");
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(4096, b' ');
    std::fs::write(&brochure, pdf).unwrap();
    let photo = files.path().join("photo.pdf");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n0000IHDR").unwrap();
    // One message per line, but a section is every line up to one holding only ".": two
    // paragraphs under headings, as pasted from a document.
    let section = |h: &str| {
        format!(
            "{}\n\nWhat came next\nEvery village chose two people to look after its site.\n.",
            section(h)
        )
    };
    let lines = [
        "1".to_string(), // Apply now
        "Village Links".into(),
        "Example Telecom".into(),
        "China".into(),
        "Example Networks Kenya, Kenya".into(),
        "done".into(),
        "China, Kenya, Brazil".into(),
        "Internet Infrastructure Construction".into(),
        section("Origins:"),
        section("Partners:"),
        section("Method:"),
        section("Results:"),
        "Li Wei".into(),
        "li.wei@example.org".into(),
        "skip".into(),
        // Files from this machine: a real PDF, a PNG renamed .pdf, a path that is not there.
        format!("/attach {}", brochure.display()),
        format!("/attach {}", photo.display()),
        "/attach /no/such/file.pdf".into(),
        "done".into(),
        "Submit".into(),
        "/status".into(),
    ];
    let out = chat(
        &(lines.join("\n") + "\n"),
        dir.path(),
        "2024-05-01T09:00:00+08:00",
    );
    assert!(
        out.contains("3 countries or regions: China (CN), Kenya (KE), Brazil (BR)."),
        "{out}"
    );
    assert!(
        out.contains("Supporting files (optional)")
            && out.contains("Type /attach and the file's path"),
        "the wizard asks for files: {out}"
    );
    assert!(
        out.contains("Added brochure.pdf to your application. One file so far."),
        "{out}"
    );
    assert!(
        out.contains("The file was declared as application/pdf but its content is image/png."),
        "{out}"
    );
    assert!(
        out.contains("I cannot read /no/such/file.pdf: No such file or directory"),
        "{out}"
    );
    assert!(out.contains("- Files: brochure.pdf (1)"), "{out}");
    // Each two-paragraph section was one answer: the question after it was asked once,
    // and the contact is the name typed, not a line of a section.
    assert!(
        out.contains("end it with a line holding only a dot"),
        "{out}"
    );
    assert_eq!(
        out.matches("Saved: 37 words (the limit is").count(),
        4,
        "{out}"
    );
    assert!(
        out.contains("- Contact: Li Wei <li.wei@example.org>"),
        "{out}"
    );
    assert!(
        out.contains("Submitted! Your reference is PC2024-0001."),
        "{out}"
    );
    assert!(
        out.contains("Village Links: PC2024-0001 submitted"),
        "{out}"
    );
    // The confirmation e-mail waits in the outbox.
    let outbox: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .collect();
    assert_eq!(outbox.len(), 1);
    // The kept file is byte for byte the one attached, where `casebook serve` keeps files.
    let stored: Vec<_> = walk(&dir.path().join("blobs").join("data"));
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(
        std::fs::read(&stored[0]).unwrap(),
        std::fs::read(&brochure).unwrap()
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The same inbox on the AWS backend, from a DynamoDB table on the local server.
#[tokio::test]
async fn aws_the_questions_inbox_reads_dynamodb() {
    casebook_testkit::local_aws_endpoint();
    let table = format!("casebook-inbox-{}", uuid::Uuid::new_v4().simple());
    let clients = casebook_aws::AwsClients::from_env().await;
    casebook_aws::init::ensure_table(&clients, &table)
        .await
        .unwrap();
    let store = casebook_aws::DynamoStore::new(clients.dynamodb.clone(), table.clone());
    let question = casebook_core::UnansweredQuestion {
        id: "q1".into(),
        channel: "telegram".into(),
        chat: Some("telegram:77".into()),
        lang: casebook_core::Lang::En,
        text: "Is there a prize for the collecting organization?".into(),
        asked_at: "2024-05-01T01:00:00Z".parse().unwrap(),
        answered: None,
    };
    casebook_core::QuestionStore::record_question(&store, &question)
        .await
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["admin", "questions", "--backend", "aws"])
        .env("CASEBOOK_TABLE", &table)
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "One question the bot could not answer (Asia/Shanghai time):\n\
         2024-05-01 09:00  q1  telegram  Is there a prize for the collecting organization?\n"
    );
}
