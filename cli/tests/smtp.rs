//! Mail from one machine through a real SMTP server (aiosmtpd, started here): the
//! confirmation, a reviewer's link and an announcement arrive once each, bilingual and
//! with the right headers, although the server refuses the first try.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Served;
use common::api::Api;
use serde_json::json;

const MAY: &str = "2024-05-01T09:00:00+08:00";
const JULY: &str = "2024-07-02T09:00:00+08:00";
const SEPTEMBER: &str = "2024-09-02T09:00:00+08:00";

/// The local SMTP server, stopped when dropped.
struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Sink {
    fn start(dir: &Path) -> Sink {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let python = root.join(".venv/bin/python");
        assert!(
            python.exists(),
            "the SMTP test needs {} with aiosmtpd: run scripts/test, which installs it",
            python.display()
        );
        let mut child = Command::new(python)
            .arg(root.join("cli/tests/smtp/sink.py"))
            .arg(dir)
            .arg("--refuse-first")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("its port");
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("a port: {line:?}"));
        Sink {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    /// Every message kept so far, in order.
    fn kept(&self) -> Vec<String> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// Waits until `count` messages are kept, and a moment more to see no more come.
    fn wait_for(&self, count: usize) -> Vec<String> {
        let started = Instant::now();
        while self.kept().len() < count && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_millis(500));
        self.kept()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One header's value as the server received it.
fn header<'a>(mail: &'a str, name: &str) -> &'a str {
    mail.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in {mail}"))
        .trim_end()
}

#[tokio::test]
async fn mail_goes_out_through_smtp_once_each_though_the_server_refuses_the_first_try() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("received"));
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let smtp = [("CASEBOOK_SMTP_URL", url.as_str())];

    // The confirmation of a submission: the server refuses the first try (451); the
    // mailer tries again a second later, and the applicant gets it once.
    {
        let served = Served::start(dir.path(), &["--now", MAY], &smtp);
        // Submitted from a browser in Chinese: a subject that must be encoded.
        let api = Api::new(&served).speaking("zh");
        let draft = api
            .create_draft(&common::complete_case("Village Links", "China", "Kenya"))
            .await;
        assert_eq!(api.submit(&draft).await.status, 200);
        let kept = sink.wait_for(1);
        assert_eq!(kept.len(), 1, "{kept:?}");
        let mail = &kept[0];
        assert_eq!(header(mail, "From"), "practice@wicinternet.org");
        assert_eq!(header(mail, "To"), "li.wei@example.org");
        assert!(header(mail, "Subject").starts_with("=?utf-8?b?"), "{mail}");
        assert!(header(mail, "Message-ID").ends_with("@casebook.local>"));
        assert!(mail.contains("multipart/alternative"));
        assert!(mail.contains("its reference is PC2024-0001"), "{mail}");
        assert!(mail.contains("申报编号为 PC2024-0001"), "{mail}");
        // No local copy: the mail went out.
        assert!(!dir.path().join("outbox").exists());
    }

    // A reviewer's sign-in link, from the command line with the same setting.
    let admin = |now: &str, args: &[&str]| {
        common::admin_with(dir.path(), now, args, &[("CASEBOOK_SMTP_URL", &url)])
    };
    admin(
        JULY,
        &[
            "organizers",
            "add",
            "--name",
            "Org",
            "--email",
            common::ORGANIZER,
        ],
    );
    let before = sink.kept().len();
    admin(
        JULY,
        &[
            "reviewers",
            "add",
            "--name",
            "Ana Souza",
            "--email",
            "ana@example.org",
            "--country",
            "BR",
            "--organization",
            "Rio Institute",
        ],
    );
    let kept = sink.wait_for(before + 1);
    let link = kept.last().unwrap();
    assert_eq!(header(link, "To"), "ana@example.org");
    assert!(link.contains("/review#token="), "{link}");

    // The announcement of the decision, once, however often it is run.
    admin(SEPTEMBER, &["rounds", "close", "1"]);
    admin(
        SEPTEMBER,
        &[
            "decide",
            "--round",
            "1",
            "--case",
            "PC2024-0001",
            "--decision",
            "collected",
            "--reason",
            "Chosen by the jury in session",
        ],
    );
    let before = sink.kept().len();
    let first: serde_json::Value =
        serde_json::from_str(&admin(SEPTEMBER, &["announce", "--json"])).unwrap();
    assert_eq!(first["mails_sent"], json!(1), "{first}");
    admin(SEPTEMBER, &["announce", "--json"]);
    let kept = sink.wait_for(before + 1);
    assert_eq!(kept.len(), before + 1, "one announcement: {kept:?}");
    let outcome = kept.last().unwrap();
    assert_eq!(header(outcome, "To"), "li.wei@example.org");
    assert!(outcome.contains("PC2024-0001"), "{outcome}");
}

#[test]
fn a_smtp_url_that_is_not_one_stops_the_server_with_the_setting_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("CASEBOOK_SMTP_URL", "http://user:hunter2@mail.example.org")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("CASEBOOK_SMTP_URL starts with http://"),
        "{said}"
    );
    assert!(
        !said.contains("hunter2"),
        "the password is never printed: {said}"
    );
}
