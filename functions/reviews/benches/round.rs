//! `cargo bench -p casebook-reviews --bench round`: a round of the size the call expects,
//! on the embedded store (what `casebook serve` runs): 600 submitted cases from 40
//! countries and 200 reviewers. Measures the assignment of round 1 (3 reviewers per
//! case), then `GET /reviewer/assignments` and review saves through the Router.
//!
//! Targets: assignment under 1 s; the list and a save under 20 ms at p99.

use std::sync::Arc;
use std::time::Instant;

use casebook_testkit::timing::report;

use axum::body::Body;
use axum::http::Request;
use casebook_core::Store;
use casebook_embedded::SqliteStore;
use casebook_testkit::generated::{BenchCall, seed_call};
use serde_json::{Value, json};
use tower::ServiceExt;

const CASES: usize = 600;
const REVIEWERS: usize = 200;
const RUNS: usize = 400;
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

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).expect("SQLite opens"));
    let BenchCall {
        applications,
        reviews,
        clock,
        ..
    } = BenchCall::over(store);
    let seeding = Instant::now();
    let links: Vec<String> = seed_call(&applications, &reviews, &clock, CASES, REVIEWERS)
        .await
        .expect("seeded")
        .into_iter()
        .map(|(_, link)| link.token)
        .collect();
    println!(
        "seeded {CASES} submitted cases and {REVIEWERS} reviewers in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let report_run = reviews
        .rounds
        .assign_round(1, Some(3), "bench")
        .await
        .expect("assigned");
    let took = started.elapsed();
    println!(
        "assign round 1 (3 per case): {:.0} ms, {} assignments, loads {}..{}, {} case(s) short",
        took.as_secs_f64() * 1000.0,
        report_run.assigned,
        report_run.per_reviewer_min,
        report_run.per_reviewer_max,
        report_run.unassignable.len()
    );
    let again = Instant::now();
    let second = reviews
        .rounds
        .assign_round(1, Some(3), "bench")
        .await
        .expect("assigned");
    println!(
        "assign round 1 again (nothing to add): {:.0} ms, {} new",
        again.elapsed().as_secs_f64() * 1000.0,
        second.assigned
    );

    let app = casebook_reviews::standalone(reviews);
    let mut list_times = Vec::with_capacity(RUNS);
    let mut first_cases = Vec::new();
    for run in 0..RUNS {
        let token = &links[run % REVIEWERS];
        let req = Request::get("/reviewer/assignments")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .expect("a request");
        let t = Instant::now();
        let (status, body) = send(&app, req).await;
        list_times.push(t.elapsed());
        assert_eq!(status, 200, "{body}");
        if run < REVIEWERS {
            first_cases.push(
                body["assignments"][0]["application_id"]
                    .as_str()
                    .map(str::to_string),
            );
        }
    }
    report(
        "GET /reviewer/assignments (one of 200 reviewers)",
        list_times,
    );

    let mut save_times = Vec::with_capacity(RUNS);
    let mut versions = vec![0u64; REVIEWERS];
    for run in 0..RUNS {
        let who = run % REVIEWERS;
        let Some(case) = &first_cases[who] else {
            continue;
        };
        let mut req = Request::put(format!("/reviewer/applications/{case}/review"))
            .header("authorization", format!("Bearer {}", links[who]))
            .header("content-type", "application/json");
        if versions[who] > 0 {
            req = req.header("if-match", format!("\"{}\"", versions[who]));
        }
        let body = json!({"round": 1, "scores": {"conceptual_fit": 1 + run % 10, "international_cooperation": 7, "benefits_to_mankind": 9}, "comment": "Strong partners.\n\nMeasured benefits.", "status": "draft"});
        let req = req.body(Body::from(body.to_string())).expect("a request");
        let t = Instant::now();
        let (status, saved) = send(&app, req).await;
        save_times.push(t.elapsed());
        assert_eq!(status, 200, "{saved}");
        versions[who] = saved["version"].as_u64().expect("a version");
    }
    report(
        "PUT /reviewer/applications/{id}/review (draft saves)",
        save_times,
    );
}
