//! What the admin and exports Lambda tests share: a seeded table on the local
//! AWS-compatible server, the function's key secrets as the template gives them, and the
//! sample events with their placeholders filled in.

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
