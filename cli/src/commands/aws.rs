use casebook_aws::init::{self, Outcome};
use casebook_aws::{AwsClients, TABLE_HINT, required_setting};

use crate::words::say;

#[derive(clap::Subcommand)]
pub enum AwsCommand {
    /// Create the table (CASEBOOK_TABLE), the bucket (CASEBOOK_BUCKET) and a generated
    /// token-signing key per role in Secrets Manager (TABLE/reviewer-key, …) if they are
    /// missing, and ask SES to verify the sender (CASEBOOK_MAIL_FROM). Harmless to run
    /// twice.
    Init,
}

pub async fn run(cmd: AwsCommand) -> anyhow::Result<()> {
    match cmd {
        AwsCommand::Init => {
            let table = required_setting("CASEBOOK_TABLE", TABLE_HINT)?;
            let config = casebook_aws::sdk_config().await;
            let region = config.region().map(|r| r.to_string());
            let clients = AwsClients::from_config(&config);
            let where_ = config.endpoint_url().unwrap_or("AWS");
            let shown = region.clone().unwrap_or_else(|| say!(CLI_AWS_NO_REGION));
            println!("{}", say!(CLI_AWS_USING, endpoint = where_, region = shown));
            report("table", &table, init::ensure_table(&clients, &table).await?);
            match std::env::var("CASEBOOK_BUCKET") {
                Ok(bucket) if !bucket.trim().is_empty() => report(
                    "bucket",
                    &bucket,
                    init::ensure_bucket(&clients, &bucket, region.as_deref()).await?,
                ),
                _ => println!("{}", say!(CLI_AWS_BUCKET_SKIPPED)),
            }
            match std::env::var("CASEBOOK_MAIL_FROM") {
                Ok(from) if !from.trim().is_empty() => {
                    match init::ensure_sender(&clients, &from).await? {
                        Outcome::AlreadyThere => {
                            println!("{}", say!(CLI_AWS_SENDER_VERIFIED, from = from.as_str()))
                        }
                        Outcome::Created => {
                            println!("{}", say!(CLI_AWS_SENDER_REQUESTED, from = from.as_str()))
                        }
                    }
                }
                _ => println!("{}", say!(CLI_AWS_SENDER_SKIPPED)),
            }
            // One key per role; each program is given the secrets of its own job.
            for role in casebook_core::Role::ALL {
                let name = format!("{table}/{}-key", role.name());
                let (outcome, arn) = init::ensure_key_secret(&clients, &name).await?;
                report("secret", &name, outcome);
                println!("  {}={arn}", casebook_startup::key_secret_variable(role));
            }
            Ok(())
        }
    }
}

fn report(kind: &str, name: &str, outcome: Outcome) {
    match outcome {
        Outcome::Created => println!("{}", say!(CLI_AWS_CREATED, kind = kind, name = name)),
        Outcome::AlreadyThere => {
            println!("{}", say!(CLI_AWS_ALREADY_THERE, kind = kind, name = name))
        }
    }
}
