//! `deadline-eve`: the last night before the deadline, measured. Run it through
//! `scripts/bench` (which builds the release binaries and starts the local AWS-compatible
//! server); the results are in BENCHMARKS.md.
//!
//! - **burst**: `--applications` complete applications at once from `--clients` concurrent
//!   clients (each creates a draft with every field, then submits it), on `casebook serve`
//!   with the embedded store, on `casebook serve` with the AWS backend, and through the
//!   applications Lambda (`--instances` function processes polling one stub Runtime API,
//!   as Lambda's concurrent instances do; both AWS runs on the local AWS-compatible server,
//!   with `--aws-applications`: moto copies the whole table on every transaction, so its
//!   time per request grows with the table);
//! - **mixed**: the deadline eve with round 1 open (`casebook serve`, embedded): reviewers
//!   reading cases and saving scores while applicants create, edit and submit, and the
//!   reminder job (`casebook admin remind`) runs beside them;
//! - **cost**: each operation people do (create, edit, upload, submit, a chat message, a
//!   reviewer's read and save, a reminder run) once at a time through the real Lambda
//!   functions, with what it asks of AWS counted on the wire (DynamoDB units, S3, SES),
//!   its Lambda time and its logs; then a season's AWS bill at list prices (`cost.rs`).
//!
//! After each run, the proofs: as many distinct references as applications, every one
//! readable as submitted under its reference, exactly one confirmation per applicant naming
//! it, no 5xx; in the mixed run also every review read back as saved and every reminder
//! the job reported found in the outbox. A proof that fails fails the bench.

mod capacity;
mod cost;
mod mixed;
mod target;
mod wire;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use casebook_testkit::generated::{Lcg, generated_case_json};
use casebook_testkit::timing::percentile;
use serde_json::json;

use target::{Functions, Mailbox, Served, Target};

/// When the burst happens: inside the call, so that every submission is accepted.
const EVE: &str = "2024-06-19T20:00:00+08:00";

pub struct Args {
    pub casebook: PathBuf,
    pub function: PathBuf,
    pub applications: usize,
    /// Applications of the runs on moto, whose DynamoDB copies the whole table on every
    /// TransactWriteItems (for its rollback): its time per request grows with the table.
    pub aws_applications: usize,
    pub clients: usize,
    pub instances: usize,
    pub runs: Vec<String>,
    /// Applications the cost run measures one at a time.
    pub cost_samples: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        casebook: "target/release/casebook".into(),
        function: "target/release/applications".into(),
        applications: 1000,
        aws_applications: 250,
        clients: 64,
        instances: 8,
        runs: ["embedded", "aws", "lambda", "mixed", "cost"]
            .map(String::from)
            .to_vec(),
        cost_samples: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--casebook" => a.casebook = value.into(),
            "--function" => a.function = value.into(),
            "--applications" => a.applications = value.parse().context("--applications")?,
            "--aws-applications" => {
                a.aws_applications = value.parse().context("--aws-applications")?
            }
            "--clients" => a.clients = value.parse().context("--clients")?,
            "--instances" => a.instances = value.parse().context("--instances")?,
            "--runs" => a.runs = value.split(',').map(str::to_string).collect(),
            "--cost-samples" => a.cost_samples = value.parse().context("--cost-samples")?,
            other => bail!(
                "unknown flag {other}; flags: --casebook --function --applications --aws-applications --clients --instances --cost-samples --runs embedded,aws,lambda,mixed,cost"
            ),
        }
    }
    if a.applications == 0
        || a.aws_applications == 0
        || a.clients == 0
        || a.instances == 0
        || a.cost_samples < 2
    {
        bail!(
            "--applications, --aws-applications, --clients and --instances must be at least 1, --cost-samples at least 2"
        );
    }
    Ok(a)
}

/// An application as its applicant holds it after submitting.
#[derive(Clone)]
pub struct Submitted {
    pub id: String,
    pub token: String,
    pub reference: String,
    pub email: String,
}

/// Latencies of one kind of request.
#[derive(Default)]
pub struct Latencies(pub Vec<Duration>);

impl Latencies {
    pub fn cell(&self) -> String {
        if self.0.is_empty() {
            return "-".into();
        }
        let mut sorted = self.0.clone();
        sorted.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "{:.1} / {:.1}",
            ms(percentile(&sorted, 0.5)),
            ms(percentile(&sorted, 0.99))
        )
    }
}

/// What a load run saw.
#[derive(Default)]
pub struct Load {
    pub requests: usize,
    pub server_errors: usize,
    /// Answers other than the one expected, with what came back (first few kept).
    pub unexpected: Vec<String>,
    pub latencies: HashMap<&'static str, Latencies>,
    pub submitted: Vec<Submitted>,
}

impl Load {
    pub fn record(&mut self, kind: &'static str, reply: &target::Reply, expected: u16) -> bool {
        self.requests += 1;
        self.latencies.entry(kind).or_default().0.push(reply.took);
        if reply.status >= 500 {
            self.server_errors += 1;
        }
        if reply.status != expected {
            if self.unexpected.len() < 10 {
                self.unexpected.push(format!(
                    "{kind}: {} (expected {expected})",
                    reply.describe()
                ));
            }
            return false;
        }
        true
    }

    pub fn merge(&mut self, other: Load) {
        self.requests += other.requests;
        self.server_errors += other.server_errors;
        // The first few only: they say what went wrong; the counts say how often.
        let room = 10usize.saturating_sub(self.unexpected.len());
        self.unexpected
            .extend(other.unexpected.into_iter().take(room));
        for (kind, l) in other.latencies {
            self.latencies.entry(kind).or_default().0.extend(l.0);
        }
        self.submitted.extend(other.submitted);
    }

    pub fn cell(&self, kind: &str) -> String {
        self.latencies
            .get(kind)
            .map_or_else(|| "-".into(), Latencies::cell)
    }
}

/// The applicant of application `i`: a complete case with an address of its own.
pub fn complete_case(run: &str, i: usize) -> (serde_json::Value, String) {
    let mut case = generated_case_json(i, &mut Lcg(i as u64 + 1));
    let email = format!("{run}-{i}@example.org");
    case["contact"]["email"] = json!(email);
    (case, email)
}

/// `clients` concurrent clients sharing the items `0..n`: each takes the next item until
/// none is left. The items' results, in no particular order.
pub async fn in_turn<T, F, Fut>(clients: usize, n: usize, work: F) -> anyhow::Result<Vec<T>>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<T>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let (next, work) = (next.clone(), work.clone());
        tasks.spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return Ok::<_, anyhow::Error>(done);
                }
                done.push(work(i).await?);
            }
        });
    }
    let mut all = Vec::new();
    while let Some(done) = tasks.join_next().await {
        all.extend(done??);
    }
    Ok(all)
}

/// The loads of many items as one.
pub fn merged(loads: Vec<Load>) -> Load {
    let mut all = Load::default();
    for load in loads {
        all.merge(load);
    }
    all
}

/// Application `i` of the burst: created with every field, then submitted.
async fn create_and_submit(target: &Target, run: &str, i: usize) -> anyhow::Result<Load> {
    let mut load = Load::default();
    let (case, email) = complete_case(run, i);
    let created = target
        .call("POST", "/applications", None, None, Some(&case))
        .await?;
    if !load.record("create", &created, 201) {
        return Ok(load);
    }
    let id = created.body["id"].as_str().unwrap_or_default().to_string();
    let token = created.body["edit_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let path = format!("/applications/{id}/submit");
    let submitted = target.call("POST", &path, Some(&token), None, None).await?;
    if load.record("submit", &submitted, 200) {
        let reference = submitted.body["reference"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        load.submitted.push(Submitted {
            id,
            token,
            reference,
            email,
        });
    }
    Ok(load)
}

/// `n` complete applications from `--clients` concurrent clients.
async fn burst(target: Arc<Target>, run: &str, n: usize, args: &Args) -> anyhow::Result<Load> {
    let run: Arc<str> = run.into();
    let loads = in_turn(args.clients, n, move |i| {
        let (target, run) = (target.clone(), run.clone());
        async move { create_and_submit(&target, &run, i).await }
    })
    .await?;
    Ok(merged(loads))
}

/// The proofs that nothing was lost or duplicated.
pub struct Proof {
    pub distinct_references: usize,
    pub readable: usize,
    pub confirmed: usize,
}

pub async fn prove(
    target: &Target,
    mailbox: &Mailbox,
    submitted: &[Submitted],
) -> anyhow::Result<Proof> {
    let references: HashSet<&str> = submitted
        .iter()
        .map(|s| s.reference.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    let mut readable = 0;
    for s in submitted {
        let read = target
            .call(
                "GET",
                &format!("/applications/{}", s.id),
                Some(&s.token),
                None,
                None,
            )
            .await?;
        if read.status == 200
            && read.body["status"] == "submitted"
            && read.body["reference"] == s.reference.as_str()
        {
            readable += 1;
        }
    }
    // Confirmations leave with the submission; a failed one is retried by `serve`'s sweep.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let mails = mailbox.read().await?;
        let mut per_address: HashMap<&str, Vec<&str>> = HashMap::new();
        for m in &mails {
            per_address.entry(m.to.as_str()).or_default().push(&m.text);
        }
        let confirmed = submitted
            .iter()
            .filter(|s| {
                per_address.get(s.email.as_str()).is_some_and(|texts| {
                    texts.iter().filter(|t| t.contains(&s.reference)).count() == 1
                })
            })
            .count();
        if confirmed == submitted.len() || Instant::now() > deadline {
            return Ok(Proof {
                distinct_references: references.len(),
                readable,
                confirmed,
            });
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// One row of the burst table.
struct BurstRow {
    wanted: usize,
    run: String,
    elapsed: Duration,
    load: Load,
    proof: Proof,
}

fn print_burst_table(args: &Args, rows: &[BurstRow]) {
    println!();
    println!(
        "Burst: complete applications at once (create with every field, then submit) from {} concurrent clients",
        args.clients
    );
    println!();
    println!(
        "| run | applications | wall time | applications/s | create p50 / p99 (ms) | submit p50 / p99 (ms) | distinct references | readable as submitted | one confirmation each | 5xx |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {:.1} s | {:.0} | {} | {} | {} | {} | {} | {} |",
            r.run,
            r.wanted,
            r.elapsed.as_secs_f64(),
            r.load.submitted.len() as f64 / r.elapsed.as_secs_f64(),
            r.load.cell("create"),
            r.load.cell("submit"),
            r.proof.distinct_references,
            r.proof.readable,
            r.proof.confirmed,
            r.load.server_errors
        );
    }
}

/// Fails the bench when a proof fails, saying which.
pub fn check(run: &str, wanted: usize, load: &Load, proof: &Proof) -> anyhow::Result<()> {
    let mut failures = Vec::new();
    if load.server_errors > 0 {
        failures.push(format!("{} answers were 5xx", load.server_errors));
    }
    for (what, n) in [
        ("submitted", load.submitted.len()),
        ("distinct references", proof.distinct_references),
        ("readable as submitted", proof.readable),
        ("confirmed once", proof.confirmed),
    ] {
        if n != wanted {
            failures.push(format!("{what}: {n} of {wanted}"));
        }
    }
    if !load.unexpected.is_empty() {
        failures.push(format!(
            "unexpected answers: {}",
            load.unexpected.join("; ")
        ));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        bail!("{run}: {}", failures.join(", "))
    }
}

fn aws_endpoint() -> Option<String> {
    std::env::var("AWS_ENDPOINT_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{prefix}-{nanos}")
}

/// The table and sender of a fresh AWS run, made by `casebook aws init`.
fn aws_env(args: &Args) -> anyhow::Result<Vec<(String, String)>> {
    let env = vec![
        ("CASEBOOK_TABLE".to_string(), unique("casebook-eve")),
        ("CASEBOOK_BUCKET".to_string(), unique("casebook-eve-files")),
        (
            "CASEBOOK_MAIL_FROM".to_string(),
            "practice@example.org".to_string(),
        ),
    ];
    let init = std::process::Command::new(&args.casebook)
        .args(["aws", "init"])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .context("casebook aws init")?;
    if !init.status.success() {
        bail!(
            "casebook aws init failed: {}",
            String::from_utf8_lossy(&init.stderr)
        );
    }
    Ok(env)
}

async fn run_burst(args: &Args, run: &str) -> anyhow::Result<BurstRow> {
    let dir = tempfile::tempdir()?;
    let now = vec![
        ("CASEBOOK_NOW".to_string(), EVE.to_string()),
        ("CASEBOOK_REHEARSAL".to_string(), "1".to_string()),
    ];
    let (label, target, mailbox, _served, _functions) = match run {
        "embedded" => {
            let served = Served::start(&args.casebook, dir.path(), &[], &now)?;
            let target = Target::http(&served.base);
            let mailbox = Mailbox::Outbox(dir.path().join("outbox"));
            (
                "casebook serve, embedded (SQLite)".to_string(),
                target,
                mailbox,
                Some(served),
                None,
            )
        }
        "aws" | "lambda" => {
            let endpoint = aws_endpoint()
                .context("the AWS runs need AWS_ENDPOINT_URL (run through scripts/bench)")?;
            let mut env = aws_env(args)?;
            env.extend(now);
            if run == "aws" {
                let served =
                    Served::start(&args.casebook, dir.path(), &["--backend", "aws"], &env)?;
                let target = Target::http(&served.base);
                (
                    "casebook serve, AWS backend (DynamoDB, SES on the local server)".to_string(),
                    target,
                    Mailbox::Moto(endpoint),
                    Some(served),
                    None,
                )
            } else {
                let (runtime, functions) =
                    Functions::start(&args.function, args.instances, &env).await?;
                (
                    format!(
                        "applications Lambda, {} instances (DynamoDB, SES on the local server)",
                        args.instances
                    ),
                    Target::Lambda(runtime),
                    Mailbox::Moto(endpoint),
                    None,
                    Some(functions),
                )
            }
        }
        other => bail!("unknown run {other}"),
    };
    let target = Arc::new(target);
    let tag = unique(run);
    let n = if run == "embedded" {
        args.applications
    } else {
        args.aws_applications
    };
    eprintln!("deadline-eve: {label}: {n} applications…");
    let started = Instant::now();
    let load = burst(target.clone(), &tag, n, args).await?;
    let elapsed = started.elapsed();
    eprintln!(
        "deadline-eve: {label}: {} submitted in {:.1} s; checking…",
        load.submitted.len(),
        elapsed.as_secs_f64()
    );
    let proof = prove(&target, &mailbox, &load.submitted).await?;
    let row = BurstRow {
        wanted: n,
        run: label,
        elapsed,
        load,
        proof,
    };
    Ok(row)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args()?;
    for binary in [&args.casebook, &args.function] {
        if !binary.exists() {
            bail!(
                "{} is missing: build the release binaries first (scripts/bench does)",
                binary.display()
            );
        }
    }
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for run in ["embedded", "aws", "lambda"] {
        if !args.runs.iter().any(|r| r == run) {
            continue;
        }
        let row = run_burst(&args, run).await?;
        if let Err(e) = check(&row.run, row.wanted, &row.load, &row.proof) {
            failures.push(e);
        }
        rows.push(row);
    }
    if !rows.is_empty() {
        print_burst_table(&args, &rows);
    }
    if args.runs.iter().any(|r| r == "mixed")
        && let Err(e) = mixed::run(&args).await
    {
        failures.push(e);
    }
    if args.runs.iter().any(|r| r == "cost")
        && let Err(e) = cost::run(&args).await
    {
        failures.push(e);
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("deadline-eve: FAILED {f:#}");
        }
        bail!("{} run(s) failed their proofs", failures.len());
    }
    Ok(())
}
