//! A stub of the AWS Lambda Runtime API on loopback: it hands a function binary the
//! events it is given, one per `GET .../invocation/next`, and records the answers. Used
//! by the cold start and memory benchmark and by the tests that run each function's real
//! `main` as Lambda would.

pub mod fake_telegram;
pub mod generated;
pub mod review_round;
pub mod timing;

/// The local AWS-compatible server's address (`AWS_ENDPOINT_URL`), or a panic that says
/// how to start it. Tests never talk to anything but this machine's loopback.
pub fn local_aws_endpoint() -> String {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| {
        panic!(
            "AWS_ENDPOINT_URL is not set: the AWS tests need the local AWS-compatible server. \
             Run them with scripts/test, which installs and starts it."
        )
    });
    let local = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|p| endpoint.starts_with(p));
    assert!(
        local,
        "refusing to run tests against {endpoint}: only a server on this machine's loopback is used"
    );
    endpoint
}

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Notify;

/// What the function answered to one invocation.
#[derive(Debug, Clone)]
pub struct Answer {
    pub request_id: String,
    /// `true` for `.../response`, `false` for `.../error`.
    pub ok: bool,
    pub body: serde_json::Value,
}

#[derive(Default)]
struct Inner {
    events: VecDeque<(String, String)>,
    answers: Vec<Answer>,
    /// Where each request's answer is in `answers`.
    answered: std::collections::HashMap<String, usize>,
    first_poll: Option<Instant>,
    init_error: Option<String>,
    next_id: u64,
}

#[derive(Clone, Default)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    changed: Arc<Notify>,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running stub. Dropping it stops nothing: it lives as long as the runtime.
pub struct StubRuntime {
    pub addr: SocketAddr,
    shared: Shared,
}

impl StubRuntime {
    /// Starts the stub on a free loopback port.
    pub async fn start() -> std::io::Result<StubRuntime> {
        let shared = Shared::default();
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(StubRuntime { addr, shared })
    }

    /// Queues an event (the JSON a Lambda trigger would send); returns its request id.
    pub fn push(&self, event: impl Into<String>) -> String {
        let mut inner = self.shared.lock();
        inner.next_id += 1;
        let id = format!("stub-request-{:06}", inner.next_id);
        inner.events.push_back((id.clone(), event.into()));
        drop(inner);
        self.shared.changed.notify_waiters();
        id
    }

    /// When the function first asked for an invocation: the end of its init.
    pub fn first_poll(&self) -> Option<Instant> {
        self.shared.lock().first_poll
    }

    pub fn init_error(&self) -> Option<String> {
        self.shared.lock().init_error.clone()
    }

    /// Waits until `count` answers are in (or the function reported an init error).
    pub async fn wait_for_answers(&self, count: usize) -> Vec<Answer> {
        loop {
            let notified = self.shared.changed.notified();
            {
                let inner = self.shared.lock();
                if inner.answers.len() >= count || inner.init_error.is_some() {
                    return inner.answers.clone();
                }
            }
            notified.await;
        }
    }

    /// Invokes the function with `event` as Lambda would and waits for its answer (`None`
    /// if the function reported an init error instead). Several function processes may
    /// poll one stub, as Lambda's concurrent instances do.
    pub async fn invoke(&self, event: impl Into<String>) -> Option<Answer> {
        let id = self.push(event);
        loop {
            let notified = self.shared.changed.notified();
            {
                let inner = self.shared.lock();
                if let Some(&at) = inner.answered.get(&id) {
                    return Some(inner.answers[at].clone());
                }
                if inner.init_error.is_some() {
                    return None;
                }
            }
            notified.await;
        }
    }

    /// Waits for the function's first poll (or init error).
    pub async fn wait_for_first_poll(&self) -> Option<Instant> {
        loop {
            let notified = self.shared.changed.notified();
            {
                let inner = self.shared.lock();
                if inner.first_poll.is_some() || inner.init_error.is_some() {
                    return inner.first_poll;
                }
            }
            notified.await;
        }
    }

    /// The environment a function process needs to talk to this stub.
    pub fn lambda_env(&self, function_name: &str) -> Vec<(String, String)> {
        [
            ("AWS_LAMBDA_RUNTIME_API", self.addr.to_string()),
            ("AWS_LAMBDA_FUNCTION_NAME", function_name.to_string()),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_string()),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128".to_string()),
            (
                "AWS_LAMBDA_LOG_GROUP_NAME",
                format!("/aws/lambda/{function_name}"),
            ),
            ("AWS_LAMBDA_LOG_STREAM_NAME", "stub".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

async fn next(State(shared): State<Shared>) -> Response {
    loop {
        let notified = shared.changed.notified();
        {
            let mut inner = shared.lock();
            if inner.first_poll.is_none() {
                inner.first_poll = Some(Instant::now());
                drop(inner);
                shared.changed.notify_waiters();
                continue;
            }
            if let Some((id, event)) = inner.events.pop_front() {
                let mut headers = HeaderMap::new();
                let deadline = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() + 30_000)
                    .unwrap_or(0);
                let pairs = [
                    ("lambda-runtime-aws-request-id", id),
                    ("lambda-runtime-deadline-ms", deadline.to_string()),
                    (
                        "lambda-runtime-invoked-function-arn",
                        "arn:aws:lambda:eu-west-1:123456789012:function:stub".to_string(),
                    ),
                    (
                        "lambda-runtime-trace-id",
                        "Root=1-00000000-000000000000000000000000".to_string(),
                    ),
                    ("content-type", "application/json".to_string()),
                ];
                for (k, v) in pairs {
                    if let Ok(v) = HeaderValue::from_str(&v) {
                        headers.insert(k, v);
                    }
                }
                return (StatusCode::OK, headers, event).into_response();
            }
        }
        notified.await;
    }
}

fn record(shared: &Shared, request_id: String, ok: bool, body: &Bytes) -> StatusCode {
    let body = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
    let mut inner = shared.lock();
    let at = inner.answers.len();
    inner.answered.insert(request_id.clone(), at);
    inner.answers.push(Answer {
        request_id,
        ok,
        body,
    });
    drop(inner);
    shared.changed.notify_waiters();
    StatusCode::ACCEPTED
}

async fn response(State(shared): State<Shared>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    record(&shared, id, true, &body)
}

async fn error(State(shared): State<Shared>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    record(&shared, id, false, &body)
}

async fn init_error(State(shared): State<Shared>, body: Bytes) -> StatusCode {
    shared.lock().init_error = Some(String::from_utf8_lossy(&body).into_owned());
    shared.changed.notify_waiters();
    StatusCode::ACCEPTED
}
