//! What the admin and exports Lambda tests share: a seeded table on the local
//! AWS-compatible server, the function's key secrets as the template gives them, and the
//! sample events with their placeholders filled in.
#![allow(dead_code)] // each test file uses part of it

use std::sync::Arc;

use casebook_testkit::review_round::{SeededRound, seed_round_one};

/// A fresh table named after `function` with round 1 seeded on it.
pub async fn seeded_table(
    clients: &casebook_aws::AwsClients,
    function: &str,
) -> (String, SeededRound) {
    let table = format!("casebook-{function}-{}", std::process::id());
    casebook_aws::init::ensure_table(clients, &table)
        .await
        .unwrap();
    let store = Arc::new(casebook_aws::DynamoStore::new(
        clients.dynamodb.clone(),
        &table,
    ));
    (table, seed_round_one(store).await.unwrap())
}

/// Each `(variable, key)` kept in Secrets Manager under the table's name, as the template
/// makes them: the variables the function reads the secrets' ARNs from.
pub async fn key_secrets(
    clients: &casebook_aws::AwsClients,
    table: &str,
    keys: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let mut secrets = Vec::new();
    for (variable, key) in keys {
        let created = clients
            .secrets
            .create_secret()
            .name(format!("{table}/{variable}"))
            .secret_string(*key)
            .send()
            .await
            .unwrap();
        secrets.push((*variable, created.arn().unwrap().to_string()));
    }
    secrets
}

/// `events/<function>/<name>.json` with the organizer's and a reviewer's tokens in it.
pub fn event(function: &str, name: &str, organizer: &str, reviewer: &str) -> String {
    let path = format!(
        "{}/../../events/{function}/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .replace("ORGANIZER_TOKEN", organizer)
        .replace("REVIEWER_TOKEN", reviewer)
}

/// One answer of the function: its status code and its JSON body (`null` if none).
pub struct Answered {
    pub status: Option<u64>,
    pub body: serde_json::Value,
    /// The whole answer as the Runtime API got it.
    pub raw: serde_json::Value,
}

/// Pushes `function`'s sample events `names` (tokens filled in), waits for every answer,
/// stops the function; fails unless each was answered.
pub async fn answers(
    runtime: &casebook_testkit::StubRuntime,
    child: &mut std::process::Child,
    function: &str,
    names: &[&str],
    round: &SeededRound,
) -> Vec<Answered> {
    for name in names {
        runtime.push(event(
            function,
            name,
            &round.organizer_token,
            &round.reviewer_token,
        ));
    }
    let answers = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        runtime.wait_for_answers(names.len()),
    )
    .await
    .expect("answers");
    let _ = child.kill();
    let _ = child.wait();
    assert!(answers.iter().all(|a| a.ok), "{:?}", answers);
    answers
        .into_iter()
        .map(|a| Answered {
            status: a.body["statusCode"].as_u64(),
            body: serde_json::from_str(a.body["body"].as_str().unwrap_or("null"))
                .unwrap_or(serde_json::Value::Null),
            raw: a.body,
        })
        .collect()
}
