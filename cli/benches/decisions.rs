//! `cargo bench -p casebook --bench decisions`: the decision season at the call's size,
//! on the embedded store: 600 submitted cases, 200 reviewers, 3 submitted reviews per
//! case in round 1 and per collected case in round 2. Measures the ranking (in process),
//! then the XLSX export and the publication as organizers run them (the release
//! `casebook` binary, start to finish).
//!
//! Targets: ranking under 100 ms, XLSX export under 2 s, publish under 5 s.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use casebook_core::Store;
use casebook_core::decision::{DecisionService, RankBy};
use casebook_embedded::SqliteStore;
use casebook_testkit::generated::{BenchCall, Lcg, review_every_assignment};

const CASES: usize = 600;
const REVIEWERS: usize = 200;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The organizer the bench acts as: exporting and publishing are recorded under a name.
const ORGANIZER: &str = "bench@example.org";

fn casebook(args: &[&str], data: &std::path::Path) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["admin"])
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("CASEBOOK_AS", ORGANIZER)
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("casebook runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).expect("SQLite"));
    let call = BenchCall::over(store);
    let seeding = Instant::now();
    let mut rng = Lcg(7);
    let (reviewers, first) = call
        .reviewed_round_one(CASES, REVIEWERS, 3, &mut rng)
        .await
        .expect("seeded");
    let BenchCall {
        stores,
        campaign,
        clock,
        reviews,
        ..
    } = call;
    let decisions = DecisionService::new(&stores, clock.clone(), campaign);
    decisions.close_round(1, "bench").await.expect("closed");
    let inputs = decisions.proposed_decisions(1, None).await.expect("ranked");
    decisions
        .decide(1, "bench", &inputs)
        .await
        .expect("decided");
    clock.set("2024-08-02T09:00:00+08:00".parse().expect("a time"));
    reviews
        .rounds
        .assign_round(2, Some(3), "bench")
        .await
        .expect("assigned");
    let second = review_every_assignment(&reviews, &reviewers, 2, &mut rng).await;
    decisions.close_round(2, "bench").await.expect("closed");
    println!(
        "seeded {CASES} cases, {REVIEWERS} reviewers, {first} round-1 and {second} round-2 reviews in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    for round in [1u8, 2] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..20 {
            let started = Instant::now();
            let ranking = decisions
                .ranking(round, RankBy::default())
                .await
                .expect("ranked");
            times.push(started.elapsed());
            size = ranking.cases.len();
        }
        times.sort();
        println!(
            "ranking of round {round} ({size} cases, reads included): median {:.1} ms, max {:.1} ms",
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
    // Round 2's proposal confirmed: 12 Outstanding Cases to publish.
    let inputs = decisions.proposed_decisions(2, None).await.expect("ranked");
    decisions
        .decide(2, "bench", &inputs)
        .await
        .expect("decided");

    let data = dir.path();
    casebook(
        &["organizers", "add", "--name", "Bench", "--email", ORGANIZER],
        data,
    );
    let xlsx = data.join("export.xlsx");
    let xlsx_arg = xlsx.to_str().expect("a path");
    let site = data.join("site");
    let site_arg = site.to_str().expect("a path");
    for run in 1..=3 {
        let export = casebook(&["export", "--format", "xlsx", "--out", xlsx_arg], data);
        let csv = casebook(
            &[
                "export",
                "--format",
                "csv",
                "--out",
                &format!("{xlsx_arg}.csv"),
            ],
            data,
        );
        let publish = casebook(&["publish", "--out", site_arg], data);
        println!(
            "run {run}: XLSX export {:.0} ms ({:.1} MB), CSV export {:.0} ms, publish {:.0} ms (the whole `casebook admin` process)",
            ms(export),
            std::fs::metadata(&xlsx).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
            ms(csv),
            ms(publish)
        );
    }
}
