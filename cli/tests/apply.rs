//! The applicant page as applicants use it: in headless Chromium on a phone, on
//! `casebook serve`, then the same draft in the terminal chat.

mod common;

use std::path::Path;

use common::{Served, chat_as, kept_screenshot, page_script};

const MAY: &str = "2024-05-01T09:00:00+08:00";

/// The smallest file the attachment check takes as a PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

fn run_page(
    served: &Served,
    dir: &Path,
    mode: &str,
    chat_code: Option<&str>,
) -> (serde_json::Value, std::path::PathBuf) {
    let shots = dir.join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let pdf = dir.join("brochure.pdf");
    std::fs::write(&pdf, PDF).unwrap();
    let outbox = dir.join("outbox");
    let mut args = vec![
        std::ffi::OsStr::new(&served.base),
        shots.as_os_str(),
        pdf.as_os_str(),
        std::ffi::OsStr::new(mode),
        outbox.as_os_str(),
    ];
    args.extend(chat_code.map(std::ffi::OsStr::new));
    let seen = page_script("apply_page.py", &args);
    (seen, shots)
}

/// From scratch on a phone: every field filled (a country typed in Chinese, sections
/// pasted in two paragraphs), problems going away, a PDF attached with its progress, the
/// draft found again after a reload, submitted with its reference and one confirmation
/// e-mail; questions answered or passed to the organizers; then the chat opens the same
/// application with the page's code.
#[tokio::test]
async fn an_applicant_applies_on_the_page_and_continues_in_the_chat() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &["--now", MAY], &[]);
    let (seen, shots) = run_page(&served, dir.path(), "apply", None);

    let call = seen["call"].as_str().unwrap();
    assert!(
        call.contains("open until 20 June 2024 (51 days left)"),
        "{call}"
    );
    assert!(seen["problems_at_start"].as_u64().unwrap() >= 8, "{seen}");
    assert_eq!(seen["count"], "24 of at most 500 words, at least 20");
    assert_eq!(seen["problems_left"][0], "Nothing blocks submission.");
    // Reloaded: the draft as saved, the countries as the API understood them.
    let reloaded = &seen["after_reload"];
    assert_eq!(
        reloaded["practice_name"],
        "RuralStar: solar base stations for remote villages"
    );
    assert_eq!(reloaded["lead_country"], "KE");
    assert_eq!(reloaded["countries"], "CN, KE");
    assert_eq!(
        reloaded["background"]
            .as_str()
            .unwrap()
            .matches("\n\n")
            .count(),
        1,
        "{reloaded}"
    );
    assert!(
        seen["country_error"]
            .as_str()
            .unwrap()
            .contains("Did you mean Kenya (KE)?"),
        "{seen}"
    );
    let refused = seen["refused_file"].as_str().unwrap();
    assert!(refused.starts_with("photo.pdf: refused ("), "{refused}");
    let done = seen["done"].as_str().unwrap();
    assert!(done.contains("Your reference is PC2024-0001."), "{done}");
    assert_eq!(seen["zh_done"], "已提交");
    // In Arabic, right to left: the reference reads as it is.
    let ar_done = seen["ar_done"].as_str().unwrap();
    assert!(
        ar_done.contains("PC2024-0001") && ar_done.contains("شكرًا"),
        "{ar_done}"
    );
    // A link to continue was mailed to the contact and opened on another phone, once.
    assert_eq!(
        seen["mailed"].as_str().unwrap().split(". It works").next(),
        Some("A link is on its way to l***@example.org"),
        "{seen}"
    );
    let continued = &seen["continued"];
    assert_eq!(
        continued["practice_name"],
        "RuralStar: solar base stations for remote villages"
    );
    assert!(
        continued["notice"]
            .as_str()
            .unwrap()
            .contains("your e-mail address is confirmed"),
        "{continued}"
    );
    assert!(
        continued["verified"]
            .as_str()
            .unwrap()
            .contains("Confirmed"),
        "{continued}"
    );
    assert!(
        seen["link_again"]
            .as_str()
            .unwrap()
            .starts_with("This link no longer works"),
        "{seen}"
    );
    // Two mails to the contact: the link, then one confirmation with the reference.
    let outbox: Vec<String> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(outbox.len(), 2, "{outbox:?}");
    assert!(outbox.iter().all(|m| m.contains("To: li.wei@example.org")));
    assert_eq!(
        outbox.iter().filter(|m| m.contains("PC2024-0001")).count(),
        1,
        "{outbox:?}"
    );
    // The FAQ answered from the page; the other question passed on.
    assert!(
        seen["faq"]
            .as_str()
            .unwrap()
            .starts_with("Applications are open until 20 June 2024."),
        "{seen}"
    );
    assert!(
        seen["forwarded"]
            .as_str()
            .unwrap()
            .contains("passed your question to the organizers"),
        "{seen}"
    );
    for shot in [
        "apply-empty-phone.png",
        "apply-phone.png",
        "apply-complete-phone.png",
        "apply-submitted-phone.png",
        "apply-chinese-phone.png",
        "apply-arabic-phone.png",
        "apply-laptop.png",
    ] {
        kept_screenshot(&shots, shot);
    }
    drop(served);

    // The organizers' inbox has the question, with the applicant's address to answer.
    let served = Served::start(dir.path(), &["--now", MAY], &[]);
    let organizer = common::first_organizer(dir.path(), &served.base, MAY)["token"]
        .as_str()
        .unwrap()
        .to_string();
    let inbox = common::api::Api::new(&served)
        .send(
            reqwest::Method::GET,
            "/admin/questions",
            Some(&organizer),
            None,
        )
        .await
        .body;
    let asked = inbox["questions"].as_array().unwrap();
    assert_eq!(asked.len(), 1, "{inbox}");
    assert_eq!(asked[0]["channel"], "web");
    assert_eq!(asked[0]["text"], "Where is your office located?");
    assert_eq!(asked[0]["contacts"][0], "li.wei@example.org", "{inbox}");

    // The page's code opens the same application in the terminal chat.
    let code = seen["chat_code"].as_str().unwrap();
    let chat = chat_as("li", &format!("/link {code}\n/status\n"), dir.path(), MAY);
    assert!(chat.contains("PC2024-0001"), "{chat}");
}

/// The same draft changed over the API while the page types: the conflict is shown with
/// both texts, the applicant keeps theirs, and what the other device changed elsewhere
/// stays; a wrong chat code and a draft this browser can no longer open say what to do;
/// a code from the terminal chat opens the chat's draft on the page, and the chat sees
/// what the page changed.
#[test]
fn a_draft_changed_elsewhere_is_merged_by_the_applicant_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let chat = chat_as("wang", "/apply\nHarbour Watch\n/link\n", dir.path(), MAY);
    let at = chat.rfind("Your code is ").expect("the chat gives a code") + "Your code is ".len();
    let code = &chat[at..at + 8];
    let served = Served::start(dir.path(), &["--now", MAY], &[]);
    let (seen, shots) = run_page(&served, dir.path(), "conflict", Some(code));
    let conflict = seen["conflict"].as_str().unwrap();
    assert!(
        conflict.contains("Saved elsewhere: Village Links (from the laptop)"),
        "{conflict}"
    );
    assert!(
        conflict.contains("On this page: Village Links: connecting remote villages"),
        "{conflict}"
    );
    // The other device's e-mail was taken into the form without a question.
    assert_eq!(seen["email_taken"], "li.wei@example.org");
    assert_eq!(
        seen["after_conflict"]["practice_name"],
        "Village Links: connecting remote villages"
    );
    assert_eq!(seen["after_conflict"]["email"], "li.wei@example.org");
    assert!(
        seen["wrong_code"]
            .as_str()
            .unwrap()
            .contains("Send /link in the chat for a new one"),
        "{seen}"
    );
    assert!(
        seen["lost"]
            .as_str()
            .unwrap()
            .starts_with("This draft is no longer available here."),
        "{seen}"
    );
    assert_eq!(
        seen["withdraw_question"],
        "Withdraw this application? It will no longer be reviewed."
    );
    assert_eq!(seen["withdrawn"], "Withdrawn");
    assert_eq!(seen["withdrawn_status"], "withdrawn");
    kept_screenshot(&shots, "apply-conflict-phone.png");
    assert_eq!(seen["from_chat"], "Harbour Watch");
    drop(served);
    // The chat carries on after the lead organization the page filled in.
    let chat = chat_as("wang", "/apply\n", dir.path(), MAY);
    assert!(
        chat.contains(
            "Let us carry on with your draft.\nIn which country or region is the lead organization based?"
        ),
        "{chat}"
    );
}
