//! `cargo bench -p casebook-applications --bench worst_request`: the costliest requests the
//! applicant API answers, through the Router on the embedded store (what `casebook serve`
//! runs), so no input can buy unbounded CPU.
//!
//! - accepted: a PATCH with every field at its cap (names full of quotes, sections full of
//!   quotes and line breaks, the most partners, every country spelled out by name);
//! - refused: the same with every country unknown and as long as a country may be typed;
//! - refused: one 200 KB country name.
//!
//! Target: under 5 ms each at p99.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use casebook_core::application::{MAX_COUNTRY_CHARS, largest_accepted_content};
use casebook_core::{ApplicationService, Campaign, FixedClock, Lang, Store};
use casebook_embedded::SqliteStore;
use serde_json::{Value, json};
use tower::ServiceExt;

const RUNS: usize = 300;

fn report(what: &str, bytes: usize, times: Vec<Duration>) {
    casebook_testkit::timing::report(&format!("{what} ({} KB body)", bytes / 1000), times);
}

async fn send(app: &axum::Router, req: Request<Body>) -> (u16, Value) {
    let res = app.clone().oneshot(req).await.expect("the router answers");
    let status = res.status().as_u16();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// A new empty draft: its id and edit token.
async fn new_draft(app: &axum::Router) -> (String, String) {
    let (status, draft) = send(
        app,
        Request::post("/applications")
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .expect("a request"),
    )
    .await;
    assert_eq!(status, 201);
    (
        draft["id"].as_str().expect("an id").to_string(),
        draft["edit_token"].as_str().expect("a token").to_string(),
    )
}

fn patch(id: &str, token: &str, version: u64, body: &str) -> Request<Body> {
    Request::patch(format!("/applications/{id}"))
        .header("authorization", format!("Bearer {token}"))
        .header("if-match", format!("\"{version}\""))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("a request")
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open_dir(dir.path()).expect("the store opens"));
    let clock = Arc::new(FixedClock::at(
        "2024-05-01T01:00:00Z".parse().expect("a time"),
    ));
    let service = ApplicationService::new(
        &casebook_core::Stores::backed_by(store),
        clock,
        Arc::new(Campaign::builtin()),
    );
    let app = casebook_applications::standalone(service);

    let (id, token) = new_draft(&app).await;

    // Every field at its cap, countries by their English names.
    let mut largest = serde_json::to_value(largest_accepted_content(false)).expect("json");
    let names: Vec<String> = largest_accepted_content(false)
        .countries
        .iter()
        .map(|c| c.name(Lang::En).to_string())
        .collect();
    largest["countries"] = json!(names);
    let accepted = largest.to_string();
    let mut times = Vec::with_capacity(RUNS);
    for version in 1..=RUNS as u64 {
        let start = Instant::now();
        let (status, body) = send(&app, patch(&id, &token, version, &accepted)).await;
        times.push(start.elapsed());
        assert_eq!(status, 200, "{body}");
    }
    report("accepted: every field at its cap", accepted.len(), times);

    // The same with every country unknown, each as long as a country may be, on a new
    // draft (the costliest request that is refused).
    let (id, token) = new_draft(&app).await;
    let version = 1;
    let unknown: Vec<String> = (0..names.len())
        .map(|i| format!("{i:03}{}", "Qx".repeat(MAX_COUNTRY_CHARS)))
        .map(|s| s.chars().take(MAX_COUNTRY_CHARS).collect())
        .collect();
    largest["countries"] = json!(unknown);
    for p in largest["partners"].as_array_mut().expect("partners") {
        p["country"] = json!(unknown[0]);
    }
    largest["lead_organization"]["country"] = json!(unknown[1]);
    let refused = largest.to_string();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let (status, body) = send(&app, patch(&id, &token, version, &refused)).await;
        times.push(start.elapsed());
        assert_eq!(status, 400, "{body}");
    }
    report("refused: every country unknown", refused.len(), times);

    let huge = json!({ "countries": ["Kenya".repeat(40_000)] }).to_string();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let (status, body) = send(&app, patch(&id, &token, version, &huge)).await;
        times.push(start.elapsed());
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["code"], "too_long");
    }
    report("refused: one 200 KB country", huge.len(), times);
}
