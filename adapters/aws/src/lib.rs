//! casebook's AWS adapters behind the same ports as the embedded ones: a DynamoDB store
//! (one table, single-table design, see [`table`]), an S3 blob store and an SES mailer.
//!
//! SDK clients are built once per process from aws-config: region and credentials come
//! from the environment (on Lambda, from the function's role), and `AWS_ENDPOINT_URL`
//! points every client at an AWS-compatible server.

mod dynamo;
pub mod init;
mod keys;
mod lazy;
mod s3;
mod ses;
pub mod table;

use aws_config::BehaviorVersion;
pub use dynamo::DynamoStore;
pub use keys::SecretsManagerKeys;
pub use lazy::OnFirstUse;
pub use s3::{S3BlobStore, S3SignedUrls};
pub use ses::{PacedMailer, SesMailer};

/// The names casebook's AWS resources have, from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsSettings {
    /// `CASEBOOK_TABLE`: the DynamoDB table.
    pub table: String,
    /// `CASEBOOK_BUCKET`: the S3 bucket for attachments and exports.
    pub bucket: String,
    /// `CASEBOOK_MAIL_FROM`: the SES-verified sender address.
    pub mail_from: String,
}

/// A setting that is missing or unusable, named so the fix is obvious.
#[derive(Debug, thiserror::Error)]
#[error("{name} is not set: {hint}")]
pub struct MissingSetting {
    pub name: &'static str,
    pub hint: &'static str,
}

/// Reads a required setting from the environment.
pub fn required_setting(name: &'static str, hint: &'static str) -> Result<String, MissingSetting> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or(MissingSetting { name, hint })
}

pub const TABLE_HINT: &str = "set it to the DynamoDB table name, e.g. casebook";
pub const BUCKET_HINT: &str = "set it to the S3 bucket name, e.g. casebook-files-123456789012";
pub const MAIL_FROM_HINT: &str = "set it to the SES-verified sender, e.g. practice@example.org";

/// The shared SDK configuration from the environment: region, credentials (environment
/// first, so nothing probes instance metadata when they are set) and `AWS_ENDPOINT_URL`.
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest()).load().await
}

/// The root certificates of Amazon Trust Services, which sign every AWS endpoint's
/// certificate: Amazon Root CA 1 to 4 and the Starfield Services root that cross-signs
/// them (from Mozilla's list, valid until 2037 and later).
const AMAZON_TRUST_SERVICES: &[u8] = include_bytes!("../certs/amazon-trust-services.pem");

/// The configuration a Lambda function has, read from the environment alone: the region
/// (`AWS_REGION`), the execution role's credentials (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`: Lambda sets them) and `AWS_ENDPOINT_URL`.
///
/// What it leaves out is what a cold start paid for (`lambda-bench`): [`sdk_config`]'s
/// chain looks for profile files, instance metadata and web identity tokens, and the
/// default HTTPS client parses the system's 140-odd root certificates when a client is
/// built (7 ms of a 15 ms start). Here TLS trusts Amazon's roots alone, which sign
/// every AWS endpoint; a custom `https://` endpoint (a private or local server) gets the
/// system's roots as well.
pub fn lambda_sdk_config() -> aws_config::SdkConfig {
    use aws_config::environment::EnvironmentVariableCredentialsProvider;
    use aws_sdk_dynamodb::config::SharedCredentialsProvider;
    use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let endpoint = env("AWS_ENDPOINT_URL");
    let custom_https = endpoint
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let trust = TrustStore::empty()
        .with_native_roots(custom_https)
        .with_pem_certificate(AMAZON_TRUST_SERVICES);
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(
            TlsContext::builder()
                .with_trust_store(trust)
                .build()
                .expect("a trust store without extra server names is valid"),
        )
        .build_https();
    let mut config = aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .http_client(https)
        .credentials_provider(SharedCredentialsProvider::new(
            EnvironmentVariableCredentialsProvider::new(),
        ));
    if let Some(region) = env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION")) {
        config.set_region(Some(aws_config::Region::new(region)));
    }
    config.set_endpoint_url(endpoint);
    config.build()
}

impl AwsSettings {
    /// Reads `CASEBOOK_TABLE`, `CASEBOOK_BUCKET` and `CASEBOOK_MAIL_FROM`.
    pub fn from_env() -> Result<AwsSettings, MissingSetting> {
        Ok(AwsSettings {
            table: required_setting("CASEBOOK_TABLE", TABLE_HINT)?,
            bucket: required_setting("CASEBOOK_BUCKET", BUCKET_HINT)?,
            mail_from: required_setting("CASEBOOK_MAIL_FROM", MAIL_FROM_HINT)?,
        })
    }
}

/// The SDK clients, built once and shared (they are cheap to clone).
#[derive(Clone, Debug)]
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub ses: aws_sdk_ses::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
}

impl AwsClients {
    /// Loads the shared configuration from the environment and builds every client.
    pub async fn from_env() -> AwsClients {
        AwsClients::from_config(&sdk_config().await)
    }

    pub fn from_config(config: &aws_config::SdkConfig) -> AwsClients {
        // With a custom endpoint (a local AWS-compatible server), bucket names cannot be
        // host names: `BUCKET.localhost` does not resolve.
        let s3_config = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(config.endpoint_url().is_some())
            .build();
        AwsClients {
            dynamodb: aws_sdk_dynamodb::Client::new(config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            ses: aws_sdk_ses::Client::new(config),
            secrets: aws_sdk_secretsmanager::Client::new(config),
        }
    }
}

/// An S3 client. With a custom endpoint (a local AWS-compatible server) bucket names
/// cannot be host names (`BUCKET.localhost` does not resolve), so paths carry them.
pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(config.endpoint_url().is_some())
        .build();
    aws_sdk_s3::Client::from_conf(s3_config)
}

/// [`s3_client`], built at its first call.
pub fn s3_client_on_first_use(config: &aws_config::SdkConfig) -> OnFirstUse<aws_sdk_s3::Client> {
    let config = config.clone();
    OnFirstUse::new(move || s3_client(&config))
}

/// The full text of an SDK error, with its causes, for logs.
pub(crate) use casebook_domain::error_chain as describe;
