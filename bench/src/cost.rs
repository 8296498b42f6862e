//! The cost run: what each thing people do asks of AWS, and what a season costs.
//!
//! The real function binaries run under stub Runtime APIs (as in the cold start table),
//! on a table, bucket and SES of the local AWS-compatible server, behind a recorder that
//! sees every request they make (`wire`). One operation at a time, with a copy of the
//! table taken before and after, each operation is measured: the DynamoDB read and write
//! units it is billed (`capacity`), its S3, SES and Secrets Manager requests, its Lambda
//! invocations and their time, its log bytes and the metrics its logs create. Then
//! BENCHMARKS.md's season: those figures times a season's counts, at list prices.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, bail};
use casebook_testkit::StubRuntime;
use casebook_testkit::fake_telegram::{FakeBotApi, button_update, text_update_in};
use casebook_testkit::review_round::{JULY, key_env, seed_round_one};
use casebook_testkit::timing::percentile;
use serde_json::{Value, json};

use crate::capacity::{self, Shadow, Units};
use crate::target::Target;
use crate::wire::{Call, Service, Wire};
use crate::{Args, EVE, aws_endpoint, aws_env, complete_case};

/// The template the season is priced for: memory sizes, alarms, secrets, dashboards.
const TEMPLATE: &str = include_str!("../../infra/template.yaml");

/// What Lambda's platform adds to a function's log per invocation (its JSON start and
/// report records), and what the HTTP API's access log writes per request.
const PLATFORM_LOG_BYTES: u64 = 700;
const ACCESS_LOG_BYTES: u64 = 350;

/// One function process under a stub Runtime API, its log counted.
struct Function {
    name: &'static str,
    memory_mb: u64,
    target: Target,
    child: Child,
    tap: Arc<LogTap>,
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A function's log: its bytes, and the CloudWatch metrics its metric lines create (one
/// per metric name and set of dimension values).
#[derive(Default)]
struct LogTap {
    bytes: AtomicU64,
    metrics: Mutex<BTreeSet<String>>,
}

impl LogTap {
    fn read(self: &Arc<Self>, stream: impl std::io::Read + Send + 'static) {
        let tap = self.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                tap.bytes
                    .fetch_add(line.len() as u64 + 1, Ordering::Relaxed);
                if let Ok(record) = serde_json::from_str::<Value>(&line)
                    && let Some(directives) = record["_aws"]["CloudWatchMetrics"].as_array()
                {
                    let mut metrics = tap.metrics.lock().unwrap_or_else(|p| p.into_inner());
                    for directive in directives {
                        metrics.extend(metric_keys(directive, &record));
                    }
                }
            }
        });
    }
}

/// The metrics one embedded-metric-format directive creates.
fn metric_keys(directive: &Value, record: &Value) -> Vec<String> {
    let names = directive["Metrics"].as_array().into_iter().flatten();
    let sets: Vec<&Value> = directive["Dimensions"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let mut keys = Vec::new();
    for name in names.filter_map(|m| m["Name"].as_str()) {
        for set in &sets {
            let dims: Vec<String> = set
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|d| format!("{d}={}", record[d].as_str().unwrap_or("")))
                .collect();
            keys.push(format!("{name}{{{}}}", dims.join(",")));
        }
    }
    keys
}

impl Function {
    fn start(
        dir: &Path,
        name: &'static str,
        runtime: StubRuntime,
        env: &[(String, String)],
    ) -> anyhow::Result<Function> {
        let binary = dir.join(name);
        let mut child = Command::new(&binary)
            .envs(runtime.lambda_env(name))
            .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let tap = Arc::new(LogTap::default());
        if let Some(out) = child.stdout.take() {
            tap.read(out);
        }
        if let Some(err) = child.stderr.take() {
            tap.read(err);
        }
        Ok(Function {
            name,
            memory_mb: memory_mb(TEMPLATE, name),
            target: Target::Lambda(runtime),
            child,
            tap,
        })
    }

    /// Invokes the function with a non-HTTP event; its answer and time.
    async fn invoke(&self, event: Value) -> anyhow::Result<(Value, Invocation)> {
        let started = std::time::Instant::now();
        let Target::Lambda(runtime) = &self.target else {
            bail!("{} runs under a stub Runtime API", self.name);
        };
        let answer = runtime
            .invoke(event.to_string())
            .await
            .with_context(|| format!("{} reported an init error", self.name))?;
        if !answer.ok {
            bail!("{} failed an invocation: {}", self.name, answer.body);
        }
        Ok((answer.body, self.invocation(started.elapsed())))
    }

    /// An HTTP API request to the function; fails unless it answers `expected`.
    async fn call(
        &self,
        (method, path): (&str, &str),
        token: Option<&str>,
        if_match: Option<u64>,
        body: Option<&Value>,
        expected: u16,
    ) -> anyhow::Result<(Value, Invocation)> {
        let reply = self
            .target
            .call(method, path, token, if_match, body)
            .await?;
        if reply.status != expected {
            bail!(
                "{method} {path}: {} (expected {expected}): {}",
                reply.status,
                reply.body
            );
        }
        Ok((reply.body, self.invocation(reply.took)))
    }

    /// A first request, whatever it answers: the function's cold start, not measured.
    async fn warm(&self, path: &str, token: Option<&str>) -> anyhow::Result<()> {
        self.target.call("GET", path, token, None, None).await?;
        Ok(())
    }

    fn invocation(&self, took: Duration) -> Invocation {
        Invocation {
            memory_mb: self.memory_mb,
            took,
        }
    }
}

/// A function's memory size in the template (the `Globals` default when it sets none).
fn memory_mb(template: &str, binary: &str) -> u64 {
    let resource: String = binary
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<String>()
        + "Function:";
    let size = |line: &str| line.trim().strip_prefix("MemorySize:")?.trim().parse().ok();
    let default = template.lines().find_map(size).unwrap_or(128);
    let mut lines = template
        .lines()
        .skip_while(|l| l.trim() != resource)
        .skip(1);
    lines
        .by_ref()
        .take_while(|l| l.starts_with("   ") || l.trim().is_empty())
        .find_map(size)
        .unwrap_or(default)
}

/// How many resources of `kind` the template declares.
fn declared(template: &str, kind: &str) -> usize {
    template
        .lines()
        .filter(|l| l.trim() == format!("Type: {kind}"))
        .count()
}

#[derive(Clone, Copy)]
struct Invocation {
    memory_mb: u64,
    took: Duration,
}

/// What one kind of operation cost, over its samples.
#[derive(Default)]
struct Tally {
    samples: usize,
    invocations: usize,
    api_requests: usize,
    millis: Vec<f64>,
    gb_seconds: f64,
    units: Units,
    s3_writes: usize,
    s3_reads: usize,
    ses: usize,
    secrets: usize,
    log_bytes: u64,
}

impl Tally {
    fn per_sample(&self, total: f64) -> f64 {
        total / self.samples.max(1) as f64
    }

    /// What `self` cost beyond `base` (one sample each), spread over `samples`: what
    /// sending adds to a reminder run, per mail.
    fn beyond(&self, base: &Tally, samples: usize) -> Tally {
        let less = |a: usize, b: usize| a.saturating_sub(b);
        Tally {
            samples,
            invocations: 0,
            api_requests: 0,
            millis: Vec::new(),
            gb_seconds: (self.gb_seconds - base.gb_seconds).max(0.0),
            units: Units {
                read: (self.units.read - base.units.read).max(0.0),
                write: (self.units.write - base.units.write).max(0.0),
            },
            s3_writes: less(self.s3_writes, base.s3_writes),
            s3_reads: less(self.s3_reads, base.s3_reads),
            ses: less(self.ses, base.ses),
            secrets: 0,
            log_bytes: self.log_bytes.saturating_sub(base.log_bytes),
        }
    }
}

/// Reads the whole table straight from the local server (not through the recorder): the
/// copy each operation's writes are sized against.
struct Scanner {
    client: reqwest::Client,
    endpoint: String,
    table: String,
    region: String,
}

impl Scanner {
    async fn shadow(&self) -> anyhow::Result<Shadow> {
        let mut items = Vec::new();
        let mut start = Value::Null;
        loop {
            let mut body = json!({"TableName": self.table});
            if !start.is_null() {
                body["ExclusiveStartKey"] = start;
            }
            // The local server reads the region from the credential scope and checks no
            // signature.
            let page: Value = self
                .client
                .post(&self.endpoint)
                .header("x-amz-target", "DynamoDB_20120810.Scan")
                .header("content-type", "application/x-amz-json-1.0")
                .header(
                    "authorization",
                    format!(
                        "AWS4-HMAC-SHA256 Credential=bench/20240619/{}/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
                        self.region
                    ),
                )
                .body(body.to_string())
                .send()
                .await?
                .json()
                .await?;
            items.extend(page["Items"].as_array().cloned().unwrap_or_default());
            start = page["LastEvaluatedKey"].clone();
            if start.is_null() {
                return Ok(Shadow::of(&items));
            }
        }
    }
}

/// Measures operations one at a time.
struct Meter {
    wire: Wire,
    scanner: Scanner,
    taps: Vec<Arc<LogTap>>,
    tallies: Vec<(&'static str, Tally)>,
}

struct Mark {
    before: Shadow,
    log_bytes: u64,
}

impl Meter {
    fn log_bytes(&self) -> u64 {
        self.taps
            .iter()
            .map(|t| t.bytes.load(Ordering::Relaxed))
            .sum()
    }

    async fn begin(&self) -> anyhow::Result<Mark> {
        self.wire.take();
        Ok(Mark {
            before: self.scanner.shadow().await?,
            log_bytes: self.log_bytes(),
        })
    }

    async fn end(
        &mut self,
        mark: Mark,
        operation: &'static str,
        invocations: &[Invocation],
        api_requests: usize,
    ) -> anyhow::Result<()> {
        // The log lines of the invocation are written before its answer; let the readers
        // catch up.
        tokio::time::sleep(Duration::from_millis(30)).await;
        let calls = self.wire.take();
        let after = self.scanner.shadow().await?;
        let log_bytes = self.log_bytes() - mark.log_bytes;
        let at = match self.tallies.iter().position(|(name, _)| *name == operation) {
            Some(at) => at,
            None => {
                self.tallies.push((operation, Tally::default()));
                self.tallies.len() - 1
            }
        };
        let tally = &mut self.tallies[at].1;
        tally.samples += 1;
        tally.invocations += invocations.len();
        tally.api_requests += api_requests;
        for i in invocations {
            let ms = i.took.as_secs_f64() * 1000.0;
            tally.millis.push(ms);
            // Lambda bills each invocation by the millisecond, rounded up.
            tally.gb_seconds += ms.ceil() / 1000.0 * i.memory_mb as f64 / 1024.0;
        }
        tally.units += capacity::units(&calls, &mark.before, &after);
        let count = |service: Service, ops: &[&str]| {
            calls
                .iter()
                .filter(|c: &&Call| c.service == service && ops.contains(&c.operation.as_str()))
                .count()
        };
        tally.s3_writes += count(
            Service::S3,
            &["PutObject", "CopyObject", "PostObject", "ListObjectsV2"],
        );
        tally.s3_reads += count(Service::S3, &["GetObject", "HeadObject"]);
        tally.ses += count(Service::Ses, &["SendRawEmail", "SendEmail"]);
        tally.secrets += count(Service::SecretsManager, &["GetSecretValue"]);
        tally.log_bytes += log_bytes
            + invocations.len() as u64 * PLATFORM_LOG_BYTES
            + api_requests as u64 * ACCESS_LOG_BYTES;
        let unknown: Vec<&str> = calls
            .iter()
            .filter(|c| c.service == Service::Other)
            .map(|c| c.operation.as_str())
            .collect();
        if !unknown.is_empty() {
            bail!("{operation}: requests the bench cannot price: {unknown:?}");
        }
        Ok(())
    }

    fn tally(&self, operation: &str) -> anyhow::Result<&Tally> {
        self.tallies
            .iter()
            .find(|(name, _)| *name == operation)
            .map(|(_, t)| t)
            .with_context(|| format!("no sample of {operation}"))
    }
}

/// The Telegram webhook event carrying `update`.
fn telegram_event(update: &Value) -> Value {
    json!({
        "version": "2.0",
        "routeKey": "POST /telegram/webhook",
        "rawPath": "/telegram/webhook",
        "rawQueryString": "",
        "headers": {
            "content-type": "application/json",
            "host": "bench.execute-api.eu-west-1.amazonaws.com",
            "x-telegram-bot-api-secret-token": TELEGRAM_SECRET,
        },
        "requestContext": {
            "accountId": "123456789012", "apiId": "bench",
            "domainName": "bench.execute-api.eu-west-1.amazonaws.com", "domainPrefix": "bench",
            "http": {"method": "POST", "path": "/telegram/webhook", "protocol": "HTTP/1.1", "sourceIp": "149.154.167.220", "userAgent": ""},
            "requestId": "cost", "routeKey": "POST /telegram/webhook", "stage": "$default",
            "time": "19/Jun/2024:12:00:00 +0000", "timeEpoch": 1718798400000u64
        },
        "body": update.to_string(),
        "isBase64Encoded": false
    })
}

const TELEGRAM_SECRET: &str = "webhook-secret-of-the-cost-run";

/// The S3 notification for an object just uploaded: the sample event of
/// `events/attachment-uploaded`, naming this bucket and object.
fn uploaded_event(bucket: &str, key: &str, size: usize) -> anyhow::Result<Value> {
    let mut event: Value = serde_json::from_str(include_str!(
        "../../events/attachment-uploaded/s3-object-created.json"
    ))?;
    let s3 = &mut event["Records"][0]["s3"];
    s3["bucket"]["name"] = json!(bucket);
    s3["bucket"]["arn"] = json!(format!("arn:aws:s3:::{bucket}"));
    s3["object"]["key"] = json!(key);
    s3["object"]["size"] = json!(size);
    Ok(event)
}

/// A whole application in an English chat: each message one webhook invocation.
fn chat_dialog(chat: i64) -> Vec<Value> {
    let section = |h: &str| {
        format!(
            "{h}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
        )
    };
    let mut id = chat * 100;
    let mut next = || {
        id += 1;
        id
    };
    let text = |id: i64, t: &str| text_update_in(id, chat, t);
    let button = |id: i64, data: &str| {
        let mut update = button_update(id, data);
        update["callback_query"]["from"]["id"] = json!(chat);
        update["callback_query"]["message"]["chat"]["id"] = json!(chat);
        update
    };
    let mut updates = vec![
        text(next(), "/start"),
        text(next(), "When is the deadline?"),
        text(next(), "/apply"),
    ];
    for t in [
        "Village Links",
        "Example Telecom",
        "China",
        "Example Networks Kenya, Kenya",
    ] {
        updates.push(text(next(), t));
    }
    updates.push(button(next(), "done"));
    updates.push(text(next(), "China, Kenya, Brazil"));
    updates.push(button(next(), "/area infrastructure"));
    for heading in ["Origins", "Partners", "Method", "Results"] {
        updates.push(text(next(), &section(heading)));
    }
    updates.push(text(next(), "Li Wei"));
    updates.push(text(next(), &format!("chat-{chat}@example.org")));
    updates.push(button(next(), "skip"));
    updates.push(button(next(), "done"));
    updates.push(text(next(), "Submit"));
    updates
}

/// The season priced in BENCHMARKS.md.
pub struct Season {
    pub applications: f64,
    pub edits_per_application: f64,
    pub chat_messages_per_application: f64,
    pub uploads_per_application: f64,
    pub reviewers: f64,
    pub cases_per_reviewer_per_round: f64,
    pub rounds: f64,
    pub reminder_days: f64,
    /// Drafts the daily reminder run reads, on average over the call.
    pub open_drafts: f64,
    pub reminders_per_application: f64,
    /// From the call's opening to the published Collection.
    pub months: f64,
    pub attachment_mb: f64,
}

pub const SEASON: Season = Season {
    applications: 1000.0,
    edits_per_application: 20.0,
    chat_messages_per_application: 20.0,
    uploads_per_application: 2.0,
    reviewers: 200.0,
    cases_per_reviewer_per_round: 9.0,
    rounds: 2.0,
    reminder_days: 90.0,
    open_drafts: 500.0,
    reminders_per_application: 3.0,
    months: 6.0,
    attachment_mb: 2.0,
};

/// List prices in US East (N. Virginia), in US dollars, without free tiers.
struct Prices;

impl Prices {
    const LAMBDA_REQUEST: f64 = 0.20 / 1e6;
    /// arm64, as the template deploys.
    const LAMBDA_GB_SECOND: f64 = 0.000_013_333_4;
    const HTTP_API_REQUEST: f64 = 1.00 / 1e6;
    const DYNAMODB_WRITE_UNIT: f64 = 0.625 / 1e6;
    const DYNAMODB_READ_UNIT: f64 = 0.125 / 1e6;
    const DYNAMODB_GB_MONTH: f64 = 0.25;
    const PITR_GB_MONTH: f64 = 0.20;
    const S3_WRITE_REQUEST: f64 = 0.005 / 1000.0;
    const S3_READ_REQUEST: f64 = 0.0004 / 1000.0;
    const S3_GB_MONTH: f64 = 0.023;
    const SES_MESSAGE: f64 = 0.10 / 1000.0;
    const SECRET_MONTH: f64 = 0.40;
    const SECRET_REQUEST: f64 = 0.05 / 10_000.0;
    const ALARM_MONTH: f64 = 0.10;
    const DASHBOARD_MONTH: f64 = 3.00;
    const METRIC_MONTH: f64 = 0.30;
    const LOG_GB_INGESTED: f64 = 0.50;
    const LOG_GB_MONTH: f64 = 0.03;
}

/// A priced line: what, how many, and its cost per service.
struct Line {
    what: String,
    count: f64,
    lambda: f64,
    api: f64,
    dynamodb: f64,
    s3: f64,
    ses: f64,
    logs: f64,
}

impl Line {
    /// `count` operations, each costing `scale` times what one sample of `tally` cost.
    fn of(what: impl Into<String>, count: f64, tally: &Tally, scale: f64) -> Line {
        let per = |x: f64| tally.per_sample(x) * scale * count;
        let log_gb = per(tally.log_bytes as f64) / 1e9;
        Line {
            what: what.into(),
            count,
            lambda: per(tally.invocations as f64) * Prices::LAMBDA_REQUEST
                + per(tally.gb_seconds) * Prices::LAMBDA_GB_SECOND,
            api: per(tally.api_requests as f64) * Prices::HTTP_API_REQUEST,
            dynamodb: per(tally.units.read) * Prices::DYNAMODB_READ_UNIT
                + per(tally.units.write) * Prices::DYNAMODB_WRITE_UNIT,
            s3: per(tally.s3_writes as f64) * Prices::S3_WRITE_REQUEST
                + per(tally.s3_reads as f64) * Prices::S3_READ_REQUEST,
            ses: per(tally.ses as f64) * Prices::SES_MESSAGE,
            logs: log_gb * Prices::LOG_GB_INGESTED,
        }
    }

    fn total(&self) -> f64 {
        self.lambda + self.api + self.dynamodb + self.s3 + self.ses + self.logs
    }
}

fn dollars(x: f64) -> String {
    if x == 0.0 {
        "-".into()
    } else if x < 0.01 {
        format!("{x:.4}")
    } else {
        format!("{x:.2}")
    }
}

pub async fn run(args: &Args) -> anyhow::Result<()> {
    let endpoint = aws_endpoint()
        .context("the cost run needs AWS_ENDPOINT_URL (run it through scripts/bench)")?;
    let dir = args
        .function
        .parent()
        .context("--function names a binary in the functions' folder")?
        .to_path_buf();
    let env = aws_env(args)?;
    let setting = |name: &str| {
        env.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (table, bucket) = (setting("CASEBOOK_TABLE"), setting("CASEBOOK_BUCKET"));

    // A round to review, written straight to the table (not measured).
    let clients = casebook_aws::AwsClients::from_env().await;
    let store = Arc::new(casebook_aws::DynamoStore::new(
        clients.dynamodb.clone(),
        &table,
    ));
    let round = seed_round_one(store).await?;

    let wire = Wire::start(&endpoint).await?;
    let fake = FakeBotApi::start().await?;
    let mut common = env.clone();
    common.extend(key_env().into_iter().map(|(k, v)| (k.to_string(), v)));
    for (k, v) in [
        ("AWS_ENDPOINT_URL", wire.url.as_str()),
        ("CASEBOOK_REHEARSAL", "1"),
        ("CASEBOOK_PUBLIC_URL", "https://casebook.example.org"),
        ("CASEBOOK_UPLOAD_ORIGIN", wire.url.as_str()),
        ("TELEGRAM_BOT_TOKEN", "123456:COST-not-a-real-token"),
        ("TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET),
        ("TELEGRAM_API_URL", fake.url.as_str()),
    ] {
        common.push((k.to_string(), v.to_string()));
    }
    let at = |now: &str| {
        let mut env = common.clone();
        env.push(("CASEBOOK_NOW".to_string(), now.to_string()));
        env
    };
    let eve = at(EVE);
    let start = async |name, env: &[(String, String)]| {
        Function::start(&dir, name, StubRuntime::start().await?, env)
    };
    let applications = start("applications", &eve).await?;
    let attachments = start("attachments", &eve).await?;
    let uploaded = start("attachment-uploaded", &eve).await?;
    let telegram = start("telegram", &eve).await?;
    let reminders = start("reminders", &eve).await?;
    let reviews = start("reviews", &at(JULY)).await?;
    let functions = [
        &applications,
        &attachments,
        &uploaded,
        &telegram,
        &reminders,
        &reviews,
    ];
    let mut meter = Meter {
        wire,
        scanner: Scanner {
            client: reqwest::Client::new(),
            endpoint: endpoint.clone(),
            table,
            region: std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into()),
        },
        taps: functions.iter().map(|f| f.tap.clone()).collect(),
        tallies: Vec::new(),
    };

    // Each function's first invocation starts it: a cold start, measured in its own table.
    eprintln!("deadline-eve: cost: starting the functions…");
    applications.warm("/call", None).await?;
    attachments
        .warm(
            "/applications/00000000-0000-4000-8000-000000000000/attachments",
            Some("x"),
        )
        .await?;
    reviews
        .warm("/reviewer/assignments", Some(&round.reviewer_token))
        .await?;
    uploaded
        .invoke(uploaded_event(&bucket, "uploads/none", 1)?)
        .await?;
    telegram
        .invoke(telegram_event(&text_update_in(1, 9000, "/start")))
        .await?;

    let n = args.cost_samples;
    eprintln!("deadline-eve: cost: {n} applications over the API…");
    let mut drafts = Vec::new();
    for i in 0..n {
        let (case, _) = complete_case("cost", i);
        let mark = meter.begin().await?;
        let (created, call) = applications
            .call(("POST", "/applications"), None, None, Some(&case), 201)
            .await?;
        meter
            .end(mark, "create a draft (every field)", &[call], 1)
            .await?;
        let id = created["id"].as_str().unwrap_or_default().to_string();
        let token = created["edit_token"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let version = created["version"].as_u64().unwrap_or(1);
        let edit = json!({"sections": {"benefits": "Results\nAfter two years, 40 villages are online, 300 local technicians keep the network running, and 1,200 shops sell their goods on the Internet."}});
        let mark = meter.begin().await?;
        let path = format!("/applications/{id}");
        let (_, call) = applications
            .call(
                ("PATCH", &path),
                Some(&token),
                Some(version),
                Some(&edit),
                200,
            )
            .await?;
        meter
            .end(mark, "edit a draft (one section)", &[call], 1)
            .await?;
        drafts.push((id, token));
    }

    eprintln!("deadline-eve: cost: uploads…");
    let pdf = {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.resize(256 * 1024, b'x');
        pdf
    };
    let http = reqwest::Client::new();
    for (id, token) in drafts.iter().take(n.div_ceil(2)) {
        let mark = meter.begin().await?;
        let new = json!({"filename": "brochure.pdf", "content_type": "application/pdf", "size": pdf.len()});
        let path = format!("/applications/{id}/attachments");
        let (granted, grant_call) = attachments
            .call(("POST", &path), Some(token), None, Some(&new), 201)
            .await?;
        let upload = &granted["upload"];
        let url = upload["url"].as_str().context("the grant's url")?;
        let mut put = http.put(url).body(pdf.clone());
        for (k, v) in upload["headers"].as_object().into_iter().flatten() {
            put = put.header(k, v.as_str().unwrap_or_default());
        }
        let status = put.send().await?.status();
        if !status.is_success() {
            bail!("uploading to the grant: {status}");
        }
        let key = url
            .split('?')
            .next()
            .and_then(|u| u.split_once(&format!("/{bucket}/")))
            .map(|(_, key)| key.to_string())
            .context("the grant's object key")?;
        let (checked, check_call) = uploaded
            .invoke(uploaded_event(&bucket, &key, pdf.len())?)
            .await?;
        if checked["verified"] != 1 {
            let (listed, _) = attachments
                .call(("GET", &path), Some(token), None, None, 200)
                .await?;
            bail!("the upload was not verified: {checked}: {listed}");
        }
        meter
            .end(
                mark,
                "upload a file (grant, PUT, check)",
                &[grant_call, check_call],
                1,
            )
            .await?;
    }

    eprintln!("deadline-eve: cost: submissions…");
    for (id, token) in drafts.iter().take(n.div_ceil(2)) {
        let mark = meter.begin().await?;
        let path = format!("/applications/{id}/submit");
        let (_, call) = applications
            .call(("POST", &path), Some(token), None, None, 200)
            .await?;
        meter
            .end(mark, "submit (with the confirmation mail)", &[call], 1)
            .await?;
    }

    eprintln!("deadline-eve: cost: a whole application in the chat…");
    for update in chat_dialog(4243) {
        let mark = meter.begin().await?;
        let (answer, call) = telegram.invoke(telegram_event(&update)).await?;
        if answer["statusCode"] != 200 {
            bail!("the webhook answered {answer}");
        }
        meter
            .end(mark, "a chat message (Telegram)", &[call], 1)
            .await?;
    }
    let replies = fake.calls();
    if !replies
        .iter()
        .any(|(_, b)| b["text"].as_str().is_some_and(|t| t.contains("PC2024-")))
    {
        bail!("the chat application ended without a reference");
    }

    eprintln!("deadline-eve: cost: reviews…");
    for case in &round.cases {
        let path = format!("/reviewer/applications/{case}");
        let mark = meter.begin().await?;
        let (_, call) = reviews
            .call(("GET", &path), Some(&round.reviewer_token), None, None, 200)
            .await?;
        meter
            .end(mark, "a reviewer opens a case", &[call], 1)
            .await?;
        let review = format!("{path}/review");
        let mut version = None;
        for status in ["draft", "submitted"] {
            let body = json!({"round": 1, "scores": {"conceptual_fit": 8, "international_cooperation": 7, "benefits_to_mankind": 9}, "comment": "Clear partners.\n\nBenefits measured.", "status": status});
            let mark = meter.begin().await?;
            let (saved, call) = reviews
                .call(
                    ("PUT", &review),
                    Some(&round.reviewer_token),
                    version,
                    Some(&body),
                    200,
                )
                .await?;
            meter
                .end(mark, "a review save (draft or submitted)", &[call], 1)
                .await?;
            version = saved["version"].as_u64();
        }
    }

    let open = drafts.len() - drafts.len().div_ceil(2);
    eprintln!("deadline-eve: cost: the reminder run over {open} drafts…");
    let mark = meter.begin().await?;
    let (report, call) = reminders.invoke(json!({"kind": "reminders"})).await?;
    meter
        .end(mark, "a reminder run that sends", &[call], 0)
        .await?;
    let sent = meter.tally("a reminder run that sends")?.ses;
    if sent < open {
        bail!("the reminder run sent {sent} mails for {open} drafts: {report}");
    }
    let mark = meter.begin().await?;
    let (_, call) = reminders.invoke(json!({"kind": "reminders"})).await?;
    meter
        .end(mark, "a reminder run with nothing due", &[call], 0)
        .await?;

    let shadow = meter.scanner.shadow().await?;
    let metrics: BTreeSet<String> = meter
        .taps
        .iter()
        .flat_map(|t| t.metrics.lock().unwrap_or_else(|p| p.into_inner()).clone())
        .collect();
    print_operations(&meter, n, open);
    print_season(&meter, &shadow, &metrics, open, n)?;
    Ok(())
}

fn print_operations(meter: &Meter, n: usize, open: usize) {
    println!();
    println!(
        "What each operation costs: the real functions under stub Runtime APIs on the local AWS-compatible server, one operation at a time ({n} applications over the API, one in the chat, {open} drafts left for the reminders); per operation, on average"
    );
    println!();
    println!(
        "| operation | samples | Lambda invocations | Lambda time p50 / max (ms) | DynamoDB read units | DynamoDB write units | S3 requests (write / read) | SES messages | log bytes |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, t) in &meter.tallies {
        let mut times: Vec<Duration> = t
            .millis
            .iter()
            .map(|m| Duration::from_secs_f64(m / 1000.0))
            .collect();
        times.sort();
        let ms = |d: Option<Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        let p50 = ms((!times.is_empty()).then(|| percentile(&times, 0.5)));
        let max = ms(times.last().copied());
        println!(
            "| {name} | {} | {:.1} | {p50:.1} / {max:.1} | {:.2} | {:.2} | {:.1} / {:.1} | {:.2} | {:.0} |",
            t.samples,
            t.per_sample(t.invocations as f64),
            t.per_sample(t.units.read),
            t.per_sample(t.units.write),
            t.per_sample(t.s3_writes as f64),
            t.per_sample(t.s3_reads as f64),
            t.per_sample(t.ses as f64),
            t.per_sample(t.log_bytes as f64),
        );
    }
}

fn print_season(
    meter: &Meter,
    shadow: &Shadow,
    metrics: &BTreeSet<String>,
    open: usize,
    n: usize,
) -> anyhow::Result<()> {
    let s = &SEASON;
    let reviews = s.reviewers * s.cases_per_reviewer_per_round * s.rounds;
    let tally = |name| meter.tally(name);
    let sending = tally("a reminder run that sends")?;
    let quiet = tally("a reminder run with nothing due")?;
    // A daily run reads every open draft; the bench's runs read `open` of them.
    let per_draft = 1.0 / open.max(1) as f64;
    let mails = s.applications * s.reminders_per_application;
    let per_mail = sending.beyond(quiet, sending.ses.max(1));
    let lines = vec![
        Line::of(
            "create a draft",
            s.applications,
            tally("create a draft (every field)")?,
            1.0,
        ),
        Line::of(
            "edit a draft",
            s.applications * s.edits_per_application,
            tally("edit a draft (one section)")?,
            1.0,
        ),
        Line::of(
            "upload a file",
            s.applications * s.uploads_per_application,
            tally("upload a file (grant, PUT, check)")?,
            1.0,
        ),
        Line::of(
            "submit",
            s.applications,
            tally("submit (with the confirmation mail)")?,
            1.0,
        ),
        Line::of(
            "a chat message",
            s.applications * s.chat_messages_per_application,
            tally("a chat message (Telegram)")?,
            1.0,
        ),
        Line::of(
            "a reviewer opens a case",
            reviews,
            tally("a reviewer opens a case")?,
            1.0,
        ),
        Line::of(
            "a review save",
            reviews * 2.0,
            tally("a review save (draft or submitted)")?,
            1.0,
        ),
        Line::of(
            format!("a daily reminder run over {} drafts", s.open_drafts),
            s.reminder_days,
            quiet,
            s.open_drafts * per_draft,
        ),
        Line::of("a reminder mail (beyond the run)", mails, &per_mail, 1.0),
    ];
    let alarms = declared(TEMPLATE, "AWS::CloudWatch::Alarm") as f64;
    let dashboards = declared(TEMPLATE, "AWS::CloudWatch::Dashboard") as f64;
    let secrets = declared(TEMPLATE, "AWS::SecretsManager::Secret") as f64;
    let app_bytes = shadow.bytes() as f64 / (n + 4) as f64;
    let table_gb = app_bytes * s.applications / 1e9;
    let files_gb = s.applications * s.uploads_per_application * s.attachment_mb / 1e3;
    let log_gb: f64 = lines.iter().map(|l| l.logs / Prices::LOG_GB_INGESTED).sum();

    let usage: f64 = lines.iter().map(Line::total).sum();
    let fixed_month = alarms * Prices::ALARM_MONTH
        + dashboards * Prices::DASHBOARD_MONTH
        + secrets * Prices::SECRET_MONTH;
    let storage_month = table_gb * (Prices::DYNAMODB_GB_MONTH + Prices::PITR_GB_MONTH)
        + files_gb * Prices::S3_GB_MONTH
        + log_gb * Prices::LOG_GB_MONTH;
    let metrics_month = metrics.len() as f64 * Prices::METRIC_MONTH;
    let secret_reads = SECRET_READS_PER_MONTH * Prices::SECRET_REQUEST;

    println!();
    println!(
        "A season at list prices (US East, US dollars, no free tier): {} applications ({} edits, {} chat messages and {} uploads each), {} reviewers with {} cases in each of {} rounds (each case opened once and saved twice), {} days of daily reminder runs over {} open drafts on average, {} reminder mails per application, over {} months",
        s.applications,
        s.edits_per_application,
        s.chat_messages_per_application,
        s.uploads_per_application,
        s.reviewers,
        s.cases_per_reviewer_per_round,
        s.rounds,
        s.reminder_days,
        s.open_drafts,
        s.reminders_per_application,
        s.months
    );
    println!();
    println!("| what | how many | Lambda | API Gateway | DynamoDB | S3 | SES | logs | total |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for l in &lines {
        println!(
            "| {} | {:.0} | {} | {} | {} | {} | {} | {} | {} |",
            l.what,
            l.count,
            dollars(l.lambda),
            dollars(l.api),
            dollars(l.dynamodb),
            dollars(l.s3),
            dollars(l.ses),
            dollars(l.logs),
            dollars(l.total())
        );
    }
    let sum = |f: fn(&Line) -> f64| lines.iter().map(f).sum::<f64>();
    println!(
        "| **the season's use** | | {} | {} | {} | {} | {} | {} | **{}** |",
        dollars(sum(|l| l.lambda)),
        dollars(sum(|l| l.api)),
        dollars(sum(|l| l.dynamodb)),
        dollars(sum(|l| l.s3)),
        dollars(sum(|l| l.ses)),
        dollars(sum(|l| l.logs)),
        dollars(usage)
    );
    println!();
    println!(
        "| every month | per month | the season ({} months) |",
        s.months
    );
    println!("|---|---|---|");
    let monthly = [
        (
            format!("{alarms} CloudWatch alarms"),
            alarms * Prices::ALARM_MONTH,
        ),
        (
            format!("{dashboards} CloudWatch dashboard"),
            dashboards * Prices::DASHBOARD_MONTH,
        ),
        (
            format!("{secrets} Secrets Manager secrets"),
            secrets * Prices::SECRET_MONTH,
        ),
        (
            format!(
                "{} custom metrics the functions' logs create (at most: a metric is billed by the hours it is sent)",
                metrics.len()
            ),
            metrics_month,
        ),
        (
            format!(
                "storage: {table_gb:.3} GB in DynamoDB with point-in-time recovery ({app_bytes:.0} bytes per application), {files_gb:.1} GB of files in S3, {log_gb:.3} GB of logs"
            ),
            storage_month,
        ),
        (
            format!("{SECRET_READS_PER_MONTH} secret reads at cold starts (assumed)"),
            secret_reads,
        ),
    ];
    for (what, month) in &monthly {
        println!(
            "| {what} | {} | {} |",
            dollars(*month),
            dollars(month * s.months)
        );
    }
    let month_total: f64 = monthly.iter().map(|(_, m)| m).sum();
    println!(
        "| **the month's standing cost** | **{}** | **{}** |",
        dollars(month_total),
        dollars(month_total * s.months)
    );
    println!();
    println!(
        "The season: {} of use + {} standing = **{}**. A month with no traffic (no metrics sent, {} reminder runs over no drafts): {}.",
        dollars(usage),
        dollars(month_total * s.months),
        dollars(usage + month_total * s.months),
        30,
        dollars(
            fixed_month
                + storage_month
                + secret_reads
                + Line::of("", 30.0, quiet, per_draft).total()
        )
    );
    println!();
    println!(
        "The custom metrics seen in this run: {}",
        metrics.iter().cloned().collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

/// The keys' reads in a busy month: the functions that check a token (reviews, admin,
/// reminders, opt-out) read one or two keys at each cold start, about one an hour each.
/// (This run gives the functions their keys directly, so it does not count them.)
const SECRET_READS_PER_MONTH: f64 = 30.0 * 24.0 * 4.0 * 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sizes_come_from_the_template_or_its_default() {
        assert_eq!(memory_mb(TEMPLATE, "applications"), 128);
        assert_eq!(memory_mb(TEMPLATE, "telegram"), 256);
        assert_eq!(memory_mb(TEMPLATE, "reminders"), 256);
        assert_eq!(memory_mb(TEMPLATE, "attachment-uploaded"), 128);
        assert!(declared(TEMPLATE, "AWS::CloudWatch::Alarm") >= 10);
    }

    #[test]
    fn a_metric_line_creates_one_metric_per_dimension_set() {
        let record = json!({"function": "applications", "kind": "unknown_country", "Refusals": 1,
            "_aws": {"CloudWatchMetrics": [{"Namespace": "casebook", "Dimensions": [["function"], ["function", "kind"]], "Metrics": [{"Name": "Refusals"}]}]}});
        let keys = metric_keys(&record["_aws"]["CloudWatchMetrics"][0], &record);
        assert_eq!(
            keys,
            vec![
                "Refusals{function=applications}".to_string(),
                "Refusals{function=applications,kind=unknown_country}".to_string()
            ]
        );
    }
}
