//! Running casebook as a user does: `casebook serve` on an ephemeral port, and
//! `casebook chat` with piped input. Shared by the test files of this directory.
#![allow(dead_code)] // each test file uses part of it

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

pub mod api;

/// A running `casebook serve`, stopped when dropped.
pub struct Served {
    child: Child,
    pub base: String,
    dir: Option<tempfile::TempDir>,
}

impl Served {
    /// Starts `casebook serve` on port 0 over `data_dir` and waits for the line that names
    /// its address. Settings from the environment of the test run are cleared first, so
    /// only `env` applies.
    pub fn start(data_dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Served {
        Served::start_with(data_dir, extra, env, Stdio::null())
    }

    /// [`Served::start`], its log (standard error) written to `log`.
    pub fn start_logging(data_dir: &Path, extra: &[&str], log: &Path) -> Served {
        let file = std::fs::File::create(log).expect("the log file");
        Served::start_with(data_dir, extra, &[], Stdio::from(file))
    }

    fn start_with(data_dir: &Path, extra: &[&str], env: &[(&str, &str)], stderr: Stdio) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .env_remove("CASEBOOK_NOW")
            .env_remove("CASEBOOK_CAMPAIGN")
            .env_remove("CASEBOOK_PUBLIC_URL")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start casebook serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut line)
            .expect("read the address line");
        let base = line
            .trim()
            .strip_prefix("casebook listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Served {
            child,
            base,
            dir: None,
        }
    }

    /// Keeps `dir` (the data directory) until the server is dropped.
    pub fn owning(mut self, dir: tempfile::TempDir) -> Served {
        self.dir = Some(dir);
        self
    }

    /// Stops it as Ctrl-C would, and says whether it exited cleanly.
    pub fn interrupt(mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("run kill");
        assert!(sent.success());
        self.child.wait().expect("wait for casebook").success()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Pipes `input` into `casebook chat --user USER` and returns what it printed.
pub fn chat_as(user: &str, input: &str, data_dir: &Path, now: &str) -> String {
    chat_with(&[], user, input, data_dir, now)
}

/// [`chat_as`], with more of `casebook chat`'s flags (`--lang fr`).
pub fn chat_with(flags: &[&str], user: &str, input: &str, data_dir: &Path, now: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["chat", "--user", user, "--now", now])
        .args(flags)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("CASEBOOK_CAMPAIGN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start casebook chat");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("write the chat's input");
    let out = child.wait_with_output().expect("wait for casebook chat");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the chat prints UTF-8")
}

/// Runs `cli/tests/page/<script>` with the project's Playwright in headless Chromium and
/// returns the one JSON line it prints; a failed check in the script fails the test.
pub fn page_script(script: &str, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".venv/bin/python");
    let chromium =
        std::env::var("CASEBOOK_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        python.exists() && Path::new(&chromium).exists(),
        "the page test needs {} (with playwright) and {chromium}: run scripts/test, which installs both",
        python.display()
    );
    let out = std::process::Command::new(&python)
        .arg(root.join("cli/tests/page").join(script))
        .args(args)
        .env("CASEBOOK_CHROMIUM", &chromium)
        .output()
        .expect("run the page script");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the script's JSON line")
}

/// A complete case led from `lead` with one partner in `partner` (testkit's).
pub fn complete_case(name: &str, lead: &str, partner: &str) -> Value {
    casebook_testkit::review_round::complete_case_json(name, lead, partner)
}

/// The organizer the tests act as (`CASEBOOK_AS`): the registry's first.
pub const ORGANIZER: &str = "org@example.org";

/// `casebook admin organizers add` of [`ORGANIZER`], the registry's first: its JSON line
/// (`id`, `token`, `link`).
pub fn first_organizer(dir: &Path, base: &str, now: &str) -> Value {
    admin_json(
        dir,
        base,
        now,
        &[
            "organizers",
            "add",
            "--name",
            "Org Anizer",
            "--email",
            ORGANIZER,
        ],
    )
}

/// `casebook --now NOW admin ARGS --data-dir DIR` as [`ORGANIZER`], with `env` set: what
/// it printed, once it succeeded.
pub fn admin_with(dir: &Path, now: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--now", now, "admin"])
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .envs(env.iter().copied())
        .env("CASEBOOK_AS", ORGANIZER)
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook admin");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `casebook --now NOW admin ARGS --data-dir DIR --json` with links to `base`, as
/// [`ORGANIZER`]: its one JSON line.
pub fn admin_json(dir: &Path, base: &str, now: &str, args: &[&str]) -> Value {
    let args = [args, &["--json"]].concat();
    let text = admin_with(dir, now, &args, &[("CASEBOOK_PUBLIC_URL", base)]);
    serde_json::from_str(text.lines().next().unwrap_or("null")).expect("a JSON line")
}

/// A screenshot a page script took: there, not empty, and kept for a look at the page
/// where `CASEBOOK_SCREENSHOTS` says.
pub fn kept_screenshot(shots: &Path, shot: &str) {
    assert!(shots.join(shot).metadata().unwrap().len() > 1000, "{shot}");
    if let Ok(keep) = std::env::var("CASEBOOK_SCREENSHOTS") {
        let _ = std::fs::create_dir_all(&keep);
        let _ = std::fs::copy(shots.join(shot), Path::new(&keep).join(shot));
    }
}

/// The mails in the data directory's outbox, as written, oldest first (none when it has
/// no outbox yet).
pub fn outbox(dir: &Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("outbox"))
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("a mail of the outbox"))
        .collect()
}
