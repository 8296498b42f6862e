//! What the bench talks to: `casebook serve` over HTTP, or the applications Lambda through
//! a stub Runtime API; and where it reads the mail casebook sent.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use casebook_testkit::StubRuntime;
use serde_json::{Value, json};

/// A `casebook serve` process on a free loopback port, stopped when dropped.
pub struct Served {
    child: Child,
    pub base: String,
}

impl Served {
    pub fn start(
        casebook: &Path,
        data_dir: &Path,
        args: &[&str],
        env: &[(String, String)],
    ) -> anyhow::Result<Served> {
        // Its log goes to a file in the data directory, read back if it does not start.
        let log_path = data_dir.join("serve.log");
        let log = std::fs::File::create(&log_path)?;
        let mut child = Command::new(casebook)
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(args)
            .env_remove("TELEGRAM_BOT_TOKEN")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start {}", casebook.display()))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("stdout is piped")?).read_line(&mut line)?;
        let Some(base) = line.trim().strip_prefix("casebook listening on ") else {
            let _ = child.kill();
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            bail!("casebook serve did not start: {line:?}\n{log}");
        };
        Ok(Served {
            base: base.to_string(),
            child,
        })
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Function processes polling one stub Runtime API, stopped when dropped.
pub struct Functions {
    children: Vec<Child>,
}

impl Functions {
    pub async fn start(
        binary: &Path,
        instances: usize,
        env: &[(String, String)],
    ) -> anyhow::Result<(StubRuntime, Functions)> {
        let runtime = StubRuntime::start().await?;
        let mut children = Vec::with_capacity(instances);
        for _ in 0..instances {
            children.push(
                Command::new(binary)
                    .envs(runtime.lambda_env("applications"))
                    .envs(env.iter().map(|(k, v)| (k, v)))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .with_context(|| format!("cannot start {}", binary.display()))?,
            );
        }
        Ok((runtime, Functions { children }))
    }
}

impl Drop for Functions {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub enum Target {
    Http {
        client: reqwest::Client,
        base: String,
    },
    Lambda(StubRuntime),
}

/// One answer: status, JSON body (`null` when none) and how long it took.
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub took: Duration,
}

impl Reply {
    pub fn describe(&self) -> String {
        let code = self.body["error"]["code"].as_str().unwrap_or("");
        format!("{} {code}", self.status)
    }
}

impl Target {
    pub fn http(base: &str) -> Target {
        Target::Http {
            client: reqwest::Client::new(),
            base: base.to_string(),
        }
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        if_match: Option<u64>,
        body: Option<&Value>,
    ) -> anyhow::Result<Reply> {
        let started = Instant::now();
        match self {
            Target::Http { client, base } => {
                let method = reqwest::Method::from_bytes(method.as_bytes())?;
                let mut request = client.request(method, format!("{base}{path}"));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                if let Some(version) = if_match {
                    request = request.header("if-match", format!("\"{version}\""));
                }
                if let Some(body) = body {
                    request = request.json(body);
                }
                let response = request.send().await.context("casebook answers")?;
                let status = response.status().as_u16();
                let bytes = response.bytes().await?;
                Ok(Reply {
                    status,
                    body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                    took: started.elapsed(),
                })
            }
            Target::Lambda(runtime) => {
                let event = api_gateway_event(method, path, token, if_match, body);
                let answer = runtime
                    .invoke(event.to_string())
                    .await
                    .context("the function reported an init error")?;
                if !answer.ok {
                    bail!("the function failed an invocation: {}", answer.body);
                }
                let status = answer.body["statusCode"].as_u64().unwrap_or(0) as u16;
                let body = answer.body["body"]
                    .as_str()
                    .and_then(|b| serde_json::from_str(b).ok())
                    .unwrap_or(Value::Null);
                Ok(Reply {
                    status,
                    body,
                    took: started.elapsed(),
                })
            }
        }
    }
}

/// An HTTP API (payload 2.0) event, as API Gateway sends the function.
fn api_gateway_event(
    method: &str,
    path: &str,
    token: Option<&str>,
    if_match: Option<u64>,
    body: Option<&Value>,
) -> Value {
    let mut headers = json!({
        "accept": "application/json",
        "content-type": "application/json",
        "host": "bench.execute-api.eu-west-1.amazonaws.com",
        "user-agent": "deadline-eve",
    });
    if let Some(token) = token {
        headers["authorization"] = json!(format!("Bearer {token}"));
    }
    if let Some(version) = if_match {
        headers["if-match"] = json!(format!("\"{version}\""));
    }
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "bench.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "bench",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "deadline-eve"},
            "requestId": "deadline-eve",
            "routeKey": "$default",
            "stage": "$default",
            "time": "19/Jun/2024:12:00:00 +0000",
            "timeEpoch": 1718798400000u64
        },
        "isBase64Encoded": false,
        "body": body.map(Value::to_string),
    })
}

/// Where casebook's mail can be read back.
pub enum Mailbox {
    /// The embedded backend's outbox folder of `.eml` files.
    Outbox(PathBuf),
    /// What the local AWS-compatible server recorded as sent through SES.
    Moto(String),
}

/// One message: its recipient and its text.
pub struct Mail {
    pub to: String,
    pub text: String,
}

impl Mailbox {
    pub async fn read(&self) -> anyhow::Result<Vec<Mail>> {
        match self {
            Mailbox::Outbox(dir) => {
                let mut mails = Vec::new();
                let Ok(entries) = std::fs::read_dir(dir) else {
                    return Ok(mails);
                };
                for entry in entries {
                    let path = entry?.path();
                    if path.extension().is_none_or(|e| e != "eml") {
                        continue;
                    }
                    let text = std::fs::read_to_string(&path)?;
                    let to = text
                        .lines()
                        .find_map(|l| l.strip_prefix("To: "))
                        .unwrap_or("")
                        .to_string();
                    mails.push(Mail { to, text });
                }
                Ok(mails)
            }
            Mailbox::Moto(endpoint) => {
                let data: Value = reqwest::get(format!("{endpoint}/moto-api/data.json"))
                    .await?
                    .json()
                    .await?;
                Ok(data["ses"]["Message"]
                    .as_array()
                    .map(|messages| {
                        messages
                            .iter()
                            .map(|m| Mail {
                                to: m["destinations"]["ToAddresses"][0]
                                    .as_str()
                                    .unwrap_or("")
                                    .to_string(),
                                text: format!("{}\n{}", m["subject"], m["body"]),
                            })
                            .collect()
                    })
                    .unwrap_or_default())
            }
        }
    }
}
