//! `lambda-bench`: cold start and peak memory of a function binary under the stub Lambda
//! Runtime API. Run it through `scripts/bench`, which builds the release binaries and
//! starts the local AWS-compatible server the function talks to.
//!
//! - cold start: from spawning the process to its first `GET /runtime/invocation/next`,
//!   SDK clients included; median of `--runs` fresh processes;
//! - first invocation: from spawning the process to the answer of its first event (the
//!   first of `--events`, sorted by name): init plus what a first request still sets up
//!   (connections, credentials);
//! - memory: peak RSS (VmHWM) of one process after answering `--invocations` sample events.
//!
//! `--env NAME=VALUE` (repeatable) adds to the function's environment; `--arg A`
//! (repeatable) passes arguments (e.g. a Python script to the interpreter).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use casebook_testkit::StubRuntime;

struct Args {
    binary: PathBuf,
    /// The table row's name (the binary's file name unless `--name`).
    name: Option<String>,
    /// `--fake-telegram`: a fake Bot API for the function's replies (`TELEGRAM_API_URL`).
    fake_telegram: bool,
    arguments: Vec<String>,
    env: Vec<(String, String)>,
    events: PathBuf,
    runs: usize,
    invocations: usize,
    table: String,
}

const USAGE: &str = "usage: lambda-bench --binary PATH [--events FILE|DIR] [--runs N (30)] \
[--invocations N (1000)] [--env NAME=VALUE]... [--arg A]... [--name ROW] [--fake-telegram] \
[--table NAME]";

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        binary: "target/release/applications".into(),
        name: None,
        fake_telegram: false,
        arguments: Vec::new(),
        env: Vec::new(),
        events: "events/applications".into(),
        runs: 30,
        invocations: 1000,
        table: std::env::var("CASEBOOK_TABLE").unwrap_or_else(|_| "casebook-bench".into()),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--fake-telegram" {
            a.fake_telegram = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--binary" => a.binary = value.into(),
            "--arg" => a.arguments.push(value),
            "--name" => a.name = Some(value),
            "--env" => {
                let (name, v) = value
                    .split_once('=')
                    .with_context(|| format!("--env {value}: use NAME=VALUE"))?;
                a.env.push((name.to_string(), v.to_string()));
            }
            "--events" => a.events = value.into(),
            "--runs" => a.runs = value.parse().context("--runs")?,
            "--invocations" => a.invocations = value.parse().context("--invocations")?,
            "--table" => a.table = value,
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    Ok(a)
}

/// Starts the function; its logs (on stdout, as on Lambda) go to `logs`.
fn spawn(args: &Args, runtime: &StubRuntime, logs: Stdio) -> anyhow::Result<std::process::Child> {
    Command::new(&args.binary)
        .args(&args.arguments)
        .envs(runtime.lambda_env("bench"))
        .env("CASEBOOK_TABLE", &args.table)
        .env("CASEBOOK_NOW", "2024-05-01T09:00:00+08:00")
        .env("CASEBOOK_REHEARSAL", "1")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .envs(args.env.iter().map(|(k, v)| (k, v)))
        .stdout(logs)
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {}", args.binary.display()))
}

fn stats(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    (median, values[0], values[values.len() - 1])
}

/// The sample events of `--events` (a folder of them, by file name, or one file): the
/// first is the first invocation's.
fn events(args: &Args) -> anyhow::Result<Vec<String>> {
    let mut paths = Vec::new();
    if args.events.is_file() {
        paths.push(args.events.clone());
    }
    if paths.is_empty() {
        for entry in std::fs::read_dir(&args.events)
            .with_context(|| format!("reading {}", args.events.display()))?
        {
            let path = entry?.path();
            if path.extension().is_some_and(|x| x == "json") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let events = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<Vec<_>, _>>()?;
    if events.is_empty() {
        bail!("no events in {}", args.events.display());
    }
    Ok(events)
}

/// Medians of the cold start, of main's own init (campaign, backend) and of the first
/// invocation, in milliseconds.
struct ColdStart {
    median: f64,
    min: f64,
    max: f64,
    first_answer: f64,
}

async fn cold_start(args: &Args, first_event: &str) -> anyhow::Result<ColdStart> {
    let mut times = Vec::new();
    let mut answered = Vec::new();
    let mut init_us = Vec::new();
    for _ in 0..args.runs {
        let runtime = StubRuntime::start().await?;
        let spawned = Instant::now();
        let mut child = spawn(args, &runtime, Stdio::piped())?;
        // Queued at once: the function takes it on its first poll, as on Lambda.
        runtime.push(first_event);
        let polled = tokio::time::timeout(Duration::from_secs(10), runtime.wait_for_first_poll())
            .await
            .context("the function never polled for an invocation")?
            .context("the function reported an init error")?;
        times.push(polled.duration_since(spawned).as_secs_f64() * 1000.0);
        tokio::time::timeout(Duration::from_secs(10), runtime.wait_for_answers(1))
            .await
            .context("the function did not answer its first invocation")?;
        answered.push(spawned.elapsed().as_secs_f64() * 1000.0);
        let _ = child.kill();
        let output = child.wait_with_output()?;
        let log = String::from_utf8_lossy(&output.stdout);
        if let Some(line) = log.lines().find(|l| l.contains("initialised")) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            let field = |k: &str| v["fields"][k].as_u64().or(v[k].as_u64()).unwrap_or(0) as f64;
            init_us.push((field("campaign_us"), field("backend_us"), field("total_us")));
        }
    }
    let (median, min, max) = stats(times);
    let (first_answer, _, _) = stats(answered);
    println!(
        "cold start (spawn -> first GET /runtime/invocation/next), {} runs: median {median:.1} ms, min {min:.1} ms, max {max:.1} ms; first invocation answered after {first_answer:.1} ms (median)",
        args.runs
    );
    if !init_us.is_empty() {
        let (c, _, _) = stats(init_us.iter().map(|t| t.0 / 1000.0).collect());
        let (s, _, _) = stats(init_us.iter().map(|t| t.1 / 1000.0).collect());
        let (t, _, _) = stats(init_us.iter().map(|t| t.2 / 1000.0).collect());
        println!(
            "  of which main's init (median): campaign {c:.2} ms, backend (SDK config + clients) {s:.2} ms, total {t:.2} ms"
        );
    }
    Ok(ColdStart {
        median,
        min,
        max,
        first_answer,
    })
}

fn peak_rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .context("no VmHWM in /proc status")?;
    line.split_whitespace()
        .nth(1)
        .context("VmHWM value")?
        .parse()
        .context("VmHWM number")
}

/// Peak memory in MB after answering `--invocations` events.
async fn memory(args: &Args, events: &[String]) -> anyhow::Result<f64> {
    let runtime = StubRuntime::start().await?;
    let mut child = spawn(args, &runtime, Stdio::null())?;
    let started = Instant::now();
    for i in 0..args.invocations {
        runtime.push(events[i % events.len()].clone());
    }
    let answers = tokio::time::timeout(
        Duration::from_secs(600),
        runtime.wait_for_answers(args.invocations),
    )
    .await
    .context("the function did not answer every invocation")?;
    let elapsed = started.elapsed();
    let peak = peak_rss_kib(child.id())?;
    let _ = child.kill();
    let _ = child.wait();
    let errors = answers.iter().filter(|a| !a.ok).count();
    let server_errors = answers
        .iter()
        .filter(|a| a.body["statusCode"].as_u64().is_some_and(|s| s >= 500))
        .count();
    println!(
        "memory: {} invocations ({} event kinds) in {:.1} s, {errors} runtime errors, {server_errors} HTTP 5xx; peak RSS {:.1} MB",
        answers.len(),
        events.len(),
        elapsed.as_secs_f64(),
        peak as f64 / 1024.0
    );
    if errors > 0 || server_errors > 0 {
        bail!(
            "some invocations failed; is the local AWS-compatible server running with the table?"
        );
    }
    Ok(peak as f64 / 1024.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = args()?;
    let size = std::fs::metadata(&args.binary)
        .with_context(|| format!("{} (build it first)", args.binary.display()))?
        .len();
    println!(
        "{}: {:.2} MB",
        args.binary.display(),
        size as f64 / 1_000_000.0
    );
    if args.fake_telegram {
        // Its server lives as long as the runtime.
        let bot_api = casebook_testkit::fake_telegram::FakeBotApi::start().await?;
        args.env.push(("TELEGRAM_API_URL".to_string(), bot_api.url));
    }
    let events = events(&args)?;
    let cold = cold_start(&args, &events[0]).await?;
    let peak = memory(&args, &events).await?;
    let name = args.name.clone().unwrap_or_else(|| {
        args.binary
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    // One row of the cold start table scripts/bench prints (BENCHMARKS.md).
    println!(
        "| {name} | {:.2} MB | {:.1} ms ({:.1} - {:.1}) | {:.1} ms | {peak:.1} MB |",
        size as f64 / 1_000_000.0,
        cold.median,
        cold.min,
        cold.max,
        cold.first_answer
    );
    Ok(())
}
