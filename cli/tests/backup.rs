//! Backups on one machine: `casebook admin backup` while applications are being submitted,
//! `casebook admin restore` into a new directory, and every application acknowledged
//! before the backup began is there, with its files and the organizers' sign-in.

mod common;

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::Served;
use common::api::{Api, Draft};
use reqwest::Method;

const MAY: &str = "2024-05-01T09:00:00+08:00";

fn casebook(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--now", MAY, "admin"])
        .args(args)
        .env("CASEBOOK_DATA_DIR", dir)
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .expect("run casebook")
}

/// `casebook admin restore ARCHIVE --data-dir INTO`.
fn restore(archive: &std::path::Path, into: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["admin", "restore"])
        .arg(archive)
        .arg("--data-dir")
        .arg(into)
        .output()
        .expect("run casebook")
}

#[tokio::test]
async fn a_backup_taken_under_load_restores_every_acknowledged_application() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let served = Served::start(&data, &["--now", MAY], &[]);
    let api = Api::new(&served);
    let organizer = common::first_organizer(&data, &served.base, MAY)["token"]
        .as_str()
        .unwrap()
        .to_string();

    // A file uploaded before anything else.
    let first = api
        .create_draft(&common::complete_case("Case 0", "China", "Kenya"))
        .await;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let grant = api
        .grant(&first, "brochure.pdf", "application/pdf", pdf.len() as u64)
        .await;
    assert_eq!(grant.status, 201, "{}", grant.body);
    let (uploaded, _) = api.upload(&grant.body, pdf).await;
    assert!(uploaded < 300);

    // Applications keep coming while the backup runs: each one acknowledged (submitted,
    // 200) is noted with the moment it was.
    let acknowledged: Arc<Mutex<Vec<(std::time::Instant, Draft, String)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let base = served.base.clone();
        let acknowledged = acknowledged.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let api = Api::at(&base);
            let mut i = 1;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && i < 400 {
                let d = api
                    .create_draft(&common::complete_case(
                        &format!("Case {i}"),
                        "Brazil",
                        "Peru",
                    ))
                    .await;
                let submitted = api.submit(&d).await;
                assert_eq!(submitted.status, 200, "{}", submitted.body);
                let reference = submitted.body["reference"].as_str().unwrap().to_string();
                acknowledged
                    .lock()
                    .unwrap()
                    .push((std::time::Instant::now(), d, reference));
                i += 1;
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 15 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let archive = dir.path().join("call.zip");
    let began = std::time::Instant::now();
    let out = {
        let archive = archive.clone();
        let data = data.clone();
        tokio::task::spawn_blocking(move || {
            casebook(&["backup", "--out", archive.to_str().unwrap()], &data)
        })
        .await
        .unwrap()
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.starts_with("Backed up "), "{said}");
    // The load goes on a little after the backup, then stops.
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    load.await.unwrap();
    let before: Vec<(Draft, String)> = acknowledged
        .lock()
        .unwrap()
        .iter()
        .filter(|(at, _, _)| *at < began)
        .map(|(_, d, r)| (d.clone(), r.clone()))
        .collect();
    assert!(before.len() >= 15);
    eprintln!(
        "{} applications acknowledged before the backup began, {} in all",
        before.len(),
        acknowledged.lock().unwrap().len()
    );
    assert!(
        acknowledged.lock().unwrap().len() > before.len(),
        "applications were still coming in after the backup began"
    );
    // Only its owner reads the archive: it holds the signing keys.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&archive).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    // A backup never overwrites.
    let again = casebook(&["backup", "--out", archive.to_str().unwrap()], &data);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    drop(served);

    // Restored into a new directory, and served from there.
    let restored = dir.path().join("restored");
    let out = restore(&archive, &restored);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Restored "));
    let served = Served::start(&restored, &["--now", MAY], &[]);
    let api = Api::new(&served);
    for (draft, reference) in &before {
        let read = api.read(draft).await;
        assert_eq!(read.status, 200, "{reference}: {}", read.body);
        assert_eq!(read.body["reference"], reference.as_str());
        assert_eq!(read.body["status"], "submitted");
    }
    // The file, and the organizer's sign-in (the keys came back too).
    let files = api.call(Method::GET, &first, "/attachments").await.body;
    assert_eq!(files["attachments"][0]["status"], "verified", "{files}");
    let stats = api
        .send(Method::GET, "/admin/stats", Some(&organizer), None)
        .await;
    assert_eq!(stats.status, 200, "{}", stats.body);

    // Not over data: a directory in use is refused, and nothing in it changes.
    let refused = restore(&archive, &restored);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not empty"));
}

#[test]
fn an_archive_that_is_not_a_backup_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.zip");
    std::fs::write(&bogus, b"not a zip").unwrap();
    let out = restore(&bogus, &dir.path().join("new"));
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("is not an archive `casebook admin backup` wrote"),
        "{said}"
    );
    assert!(!dir.path().join("new").exists());
}
