//! The mixed load: the deadline eve with round 1 already open on the early cases. At once,
//! on one `casebook serve` (embedded): applicants create, edit twice and submit; reviewers
//! list their cases, read each, save a draft and submit their scores; and the reminder job
//! (`casebook admin remind`, a process of its own on the same data) nudges every draft.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use casebook_core::review::NewReviewer;
use casebook_startup::{Backend, Dependencies, Settings};
use casebook_testkit::generated::{AREAS, COUNTRIES, Lcg, generated_case};
use serde_json::{Value, json};

use crate::target::{Mailbox, Served, Target};
use crate::{Args, EVE, Load, Submitted, check, complete_case, in_turn, merged, prove};

const EARLY_CASES: usize = 600;
const WAITING_DRAFTS: usize = 1000;
const REVIEWERS: usize = 200;

async fn deps_at(dir: &Path, now: &str) -> anyhow::Result<Dependencies> {
    let settings = Settings::from_flags(
        Backend::Embedded,
        dir.to_path_buf(),
        None,
        Some(now.parse()?),
    );
    Ok(Dependencies::build(&settings).await?)
}

/// The early cases submitted on 1 May, drafts waiting with an address (what the reminder
/// job nudges), and at noon on the eve the reviewers registered and round 1 assigned.
/// Returns the reviewers' sign-in tokens.
async fn seed(dir: &Path) -> anyhow::Result<Vec<String>> {
    let may = deps_at(dir, "2024-05-01T09:00:00+08:00").await?;
    let applications = may.applications();
    let mut rng = Lcg(2024);
    for i in 0..EARLY_CASES {
        let (app, token) = applications
            .create_draft(generated_case(i, &mut rng), casebook_core::Lang::En)
            .await?;
        applications
            .submit(app.id, &token, casebook_core::Lang::En)
            .await?;
    }
    for i in 0..WAITING_DRAFTS {
        let patch = serde_json::from_value(json!({
            "practice_name": format!("Waiting {i}"),
            "contact": {"name": "Amina", "email": format!("waiting-{i}@example.org")},
        }))?;
        applications
            .create_draft(patch, casebook_core::Lang::En)
            .await?;
    }
    let noon = deps_at(dir, "2024-06-19T12:00:00+08:00").await?;
    let reviews = noon.reviews()?;
    let mut tokens = Vec::with_capacity(REVIEWERS);
    for i in 0..REVIEWERS {
        let (_, link) = reviews
            .registry
            .register_reviewer(
                NewReviewer {
                    language: String::new(),
                    name: format!("Reviewer {i}"),
                    email: format!("reviewer-{i}@example.org"),
                    country: COUNTRIES[rng.next(COUNTRIES.len())].into(),
                    organization: format!("Institute {i}"),
                    excluded_organizations: Vec::new(),
                    areas: vec![AREAS[rng.next(AREAS.len())].into()],
                },
                ORGANIZER,
            )
            .await?;
        tokens.push(link.token);
    }
    reviews.rounds.assign_round(1, Some(3), ORGANIZER).await?;
    Ok(tokens)
}

/// Who the audit log says set the round up.
const ORGANIZER: &str = "bench@example.org";

/// The scores reviewer `r` gives the `k`th case of their list, drafted then final.
fn scores(r: usize, k: usize, last: bool) -> Value {
    let base = 1 + ((r * 7 + k * 3 + usize::from(last)) % 10) as u64;
    json!({
        "conceptual_fit": base,
        "international_cooperation": 1 + (base % 10),
        "benefits_to_mankind": 1 + ((base + 4) % 10),
    })
}

/// One applicant of the mixed run: a draft with a name, every field, one section
/// rewritten, then the submission.
async fn applicant(target: &Target, run: &str, i: usize) -> anyhow::Result<Load> {
    let mut load = Load::default();
    let (case, email) = complete_case(run, i);
    let first = json!({"practice_name": case["practice_name"], "contact": case["contact"]});
    let created = target
        .call("POST", "/applications", None, None, Some(&first))
        .await?;
    if !load.record("create a draft", &created, 201) {
        return Ok(load);
    }
    let id = created.body["id"].as_str().unwrap_or_default().to_string();
    let token = created.body["edit_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let path = format!("/applications/{id}");
    let edits = [
        case,
        json!({"sections": {"benefits": "Results\nAfter two years, 40 villages are online, 300 local technicians keep the network running, and 1,200 shops sell their goods on the Internet."}}),
    ];
    for (version, edit) in (1..).zip(&edits) {
        let patched = target
            .call("PATCH", &path, Some(&token), Some(version), Some(edit))
            .await?;
        if !load.record("edit (PATCH)", &patched, 200) {
            return Ok(load);
        }
    }
    let submitted = target
        .call("POST", &format!("{path}/submit"), Some(&token), None, None)
        .await?;
    if load.record("submit", &submitted, 200) {
        load.submitted.push(Submitted {
            id,
            token,
            reference: submitted.body["reference"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            email,
        });
    }
    Ok(load)
}

/// One reviewer of the mixed run: the list, then each case read, drafted and submitted.
/// Returns its requests and what it submitted: (reviewer, case id, scores).
async fn reviewer(
    target: &Target,
    r: usize,
    token: &str,
) -> anyhow::Result<(Load, Vec<(usize, String, Value)>)> {
    let mut load = Load::default();
    let mut saved = Vec::new();
    let list = target
        .call("GET", "/reviewer/assignments", Some(token), None, None)
        .await?;
    if !load.record("reviewer: list", &list, 200) {
        return Ok((load, saved));
    }
    let cases: Vec<String> = list.body["assignments"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["application_id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    for (k, case) in cases.iter().enumerate() {
        let path = format!("/reviewer/applications/{case}");
        let read = target.call("GET", &path, Some(token), None, None).await?;
        if !load.record("reviewer: read a case", &read, 200) {
            continue;
        }
        let review = format!("{path}/review");
        // The first save creates the review; the next is made over the version it gave.
        let mut version = None;
        for (last, status) in [(false, "draft"), (true, "submitted")] {
            let body = json!({"round": 1, "scores": scores(r, k, last), "comment": "Clear partners.\n\nBenefits measured.", "status": status});
            let put = target
                .call("PUT", &review, Some(token), version, Some(&body))
                .await?;
            if !load.record("reviewer: save scores", &put, 200) {
                break;
            }
            version = put.body["version"].as_u64();
            if last {
                saved.push((r, case.clone(), scores(r, k, last)));
            }
        }
    }
    Ok((load, saved))
}

/// The reminder job as the schedule runs it: its JSON report.
fn remind(casebook: &Path, dir: &Path) -> anyhow::Result<(Value, Duration)> {
    let started = Instant::now();
    let out = std::process::Command::new(casebook)
        .args(["admin", "remind", "--json", "--data-dir"])
        .arg(dir)
        .env("CASEBOOK_NOW", EVE)
        .env_remove("TELEGRAM_BOT_TOKEN")
        .output()
        .context("casebook admin remind")?;
    let took = started.elapsed();
    if !out.status.success() {
        bail!(
            "the reminder job failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok((serde_json::from_slice(&out.stdout)?, took))
}

pub async fn run(args: &Args) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    eprintln!(
        "deadline-eve: mixed: seeding {EARLY_CASES} submitted cases, {WAITING_DRAFTS} drafts, {REVIEWERS} reviewers and round 1…"
    );
    let tokens = Arc::new(seed(dir.path()).await?);
    let outbox = Mailbox::Outbox(dir.path().join("outbox"));
    let mails_before = outbox.read().await?.len();
    let served = Served::start(
        &args.casebook,
        dir.path(),
        &[],
        &[("CASEBOOK_NOW".into(), EVE.into())],
    )?;
    let target = Arc::new(Target::http(&served.base));
    let run: Arc<str> = crate::unique("mixed").into();
    let (applicant_clients, reviewer_clients) =
        ((args.clients / 2).max(1), (args.clients / 2).max(1));
    eprintln!(
        "deadline-eve: mixed: {} applicants from {applicant_clients} clients, {REVIEWERS} reviewers from {reviewer_clients} clients, the reminder job…",
        args.applications
    );

    let started = Instant::now();
    let casebook = args.casebook.clone();
    let data = dir.path().to_path_buf();
    let reminders = tokio::task::spawn_blocking(move || remind(&casebook, &data));
    let applicants = {
        let (target, run) = (target.clone(), run.clone());
        async move {
            let loads = in_turn(applicant_clients, args.applications, move |i| {
                let (target, run) = (target.clone(), run.clone());
                async move { applicant(&target, &run, i).await }
            })
            .await;
            (loads, started.elapsed())
        }
    };
    let reviewers = {
        let (target, tokens) = (target.clone(), tokens.clone());
        async move {
            let done = reviewers(&target, reviewer_clients, tokens).await;
            (done, started.elapsed())
        }
    };
    let ((loads, applicants_done), (reviews_done, reviewers_done)) =
        tokio::join!(applicants, reviewers);
    let load = merged(loads?);
    let (review_load, saved) = reviews_done?;
    let (report, remind_took) = reminders.await??;
    let elapsed = started.elapsed();

    eprintln!("deadline-eve: mixed: checking…");
    let proof = prove(&target, &outbox, &load.submitted).await?;
    let reviews_read_back = read_back(&target, &tokens, &saved).await?;
    let mails_after = outbox.read().await?.len();
    drop(served);
    let result = Mixed {
        applications: args.applications,
        applicant_clients,
        reviewer_clients,
        reminders_sent: report["sent"].as_u64().unwrap_or(0) as usize,
        reminder_failures: report["failed"].as_u64().unwrap_or(0),
        reminders_in_outbox: mails_after.saturating_sub(mails_before + proof.confirmed),
        load,
        review_load,
        saved: saved.len(),
        reviews_read_back,
        proof,
        took: [applicants_done, reviewers_done, remind_took, elapsed],
    };
    result.print();
    let failures = result.failures();
    if failures.is_empty() {
        Ok(())
    } else {
        bail!("mixed load: {}", failures.join(", "))
    }
}

/// Every reviewer from `clients` clients at once: their requests, and each review
/// submitted as (reviewer, case, scores).
async fn reviewers(
    target: &Arc<Target>,
    clients: usize,
    tokens: Arc<Vec<String>>,
) -> anyhow::Result<(Load, Vec<(usize, String, Value)>)> {
    let target = target.clone();
    let done = in_turn(clients, tokens.len(), move |r| {
        let (target, tokens) = (target.clone(), tokens.clone());
        async move { reviewer(&target, r, &tokens[r]).await }
    })
    .await?;
    let mut review_load = Load::default();
    let mut saved = Vec::new();
    for (l, s) in done {
        review_load.merge(l);
        saved.extend(s);
    }
    Ok((review_load, saved))
}

/// How many of the saved reviews read back as submitted with their scores.
async fn read_back(
    target: &Target,
    tokens: &[String],
    saved: &[(usize, String, Value)],
) -> anyhow::Result<usize> {
    let mut read_back = 0;
    for (r, case, scores) in saved {
        let read = target
            .call(
                "GET",
                &format!("/reviewer/applications/{case}"),
                Some(&tokens[*r]),
                None,
                None,
            )
            .await?;
        let mine = &read.body["my_review"];
        if read.status == 200 && mine["status"] == "submitted" && &mine["scores"] == scores {
            read_back += 1;
        }
    }
    Ok(read_back)
}

/// What the mixed load measured, and its proofs.
struct Mixed {
    applications: usize,
    applicant_clients: usize,
    reviewer_clients: usize,
    reminders_sent: usize,
    reminder_failures: u64,
    reminders_in_outbox: usize,
    load: Load,
    review_load: Load,
    saved: usize,
    reviews_read_back: usize,
    proof: crate::Proof,
    /// The applicants', the reviewers' and the reminder job's wall time, then all of it.
    took: [Duration; 4],
}

impl Mixed {
    /// The table BENCHMARKS.md keeps.
    fn print(&self) {
        let (load, review_load, proof) = (&self.load, &self.review_load, &self.proof);
        let [applicants_done, reviewers_done, remind_took, elapsed] = self.took;
        let (applicant_clients, reviewer_clients) = (self.applicant_clients, self.reviewer_clients);
        let (reminders_sent, reminders_in_outbox, reminder_failures) = (
            self.reminders_sent,
            self.reminders_in_outbox,
            self.reminder_failures,
        );
        let (reviews_read_back, saved) = (self.reviews_read_back, self.saved);
        println!();
        println!(
            "Mixed load on casebook serve (embedded), the eve of the deadline with round 1 open: {} applicants from {applicant_clients} clients (create, two edits, submit), {REVIEWERS} reviewers from {reviewer_clients} clients (list, then per case: read, save a draft, submit), and the reminder job, all at once",
            self.applications
        );
        println!();
        println!("| stream | requests | wall time | p50 / p99 (ms) per request kind | proof |");
        println!("|---|---|---|---|---|");
        println!(
            "| applicants | {} | {:.1} s | create {}, edit {}, submit {} | {} submitted, {} distinct references, {} readable as submitted, {} confirmed once |",
            load.requests,
            applicants_done.as_secs_f64(),
            load.cell("create a draft"),
            load.cell("edit (PATCH)"),
            load.cell("submit"),
            load.submitted.len(),
            proof.distinct_references,
            proof.readable,
            proof.confirmed
        );
        println!(
            "| reviewers | {} | {:.1} s | list {}, read {}, save {} | {} of {} submitted reviews read back as saved |",
            review_load.requests,
            reviewers_done.as_secs_f64(),
            review_load.cell("reviewer: list"),
            review_load.cell("reviewer: read a case"),
            review_load.cell("reviewer: save scores"),
            reviews_read_back,
            saved
        );
        println!(
            "| reminder job | 1 run | {:.1} s | | {reminders_sent} reminders reported, {reminders_in_outbox} in the outbox, {reminder_failures} failed |",
            remind_took.as_secs_f64()
        );
        println!(
            "| all | {} | {:.1} s | | {} answers 5xx |",
            load.requests + review_load.requests,
            elapsed.as_secs_f64(),
            load.server_errors + review_load.server_errors
        );
    }

    /// What the proofs found wrong; nothing when the run holds.
    fn failures(&self) -> Vec<String> {
        let (load, review_load, proof) = (&self.load, &self.review_load, &self.proof);
        let (reminders_sent, reminders_in_outbox, reminder_failures) = (
            self.reminders_sent,
            self.reminders_in_outbox,
            self.reminder_failures,
        );
        let (reviews_read_back, saved) = (self.reviews_read_back, self.saved);
        // Round 1 gives every early case three reviewers.
        let assigned = EARLY_CASES * 3;
        let mut failures = Vec::new();
        if let Err(e) = check("applicants", self.applications, load, proof) {
            failures.push(e.to_string());
        }
        if review_load.server_errors > 0 || !review_load.unexpected.is_empty() {
            failures.push(format!(
                "reviewers: {} 5xx, unexpected: {}",
                review_load.server_errors,
                review_load.unexpected.join("; ")
            ));
        }
        if saved != assigned || reviews_read_back != saved {
            failures.push(format!(
                "reviews: {reviews_read_back} read back of {} saved ({assigned} assigned)",
                saved
            ));
        }
        if reminders_sent < WAITING_DRAFTS
            || reminders_in_outbox != reminders_sent
            || reminder_failures > 0
        {
            failures.push(format!(
                "reminders: {reminders_sent} reported, {reminders_in_outbox} in the outbox, {reminder_failures} failed (at least {WAITING_DRAFTS} drafts were waiting)"
            ));
        }
        failures
    }
}
