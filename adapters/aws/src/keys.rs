//! Token-signing keys kept in AWS Secrets Manager: each function's role may read only the
//! secrets of its own job, and reads each at its first use (never at start: most
//! invocations sign nothing, and the cold start stays short).

use async_trait::async_trait;
use casebook_domain::access::{KeyUnavailable, key_from_base64};
use casebook_domain::{KeySource, Role};

use crate::OnFirstUse;

/// The secrets (ARN or name) that hold each role's key. A role without one is a key this
/// program was not given.
pub struct SecretsManagerKeys {
    client: OnFirstUse<aws_sdk_secretsmanager::Client>,
    secrets: Vec<(Role, String)>,
}

impl std::fmt::Debug for SecretsManagerKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secret ids are not secret; their values never pass through here.
        f.debug_struct("SecretsManagerKeys")
            .field("secrets", &self.secrets)
            .finish()
    }
}

impl SecretsManagerKeys {
    /// Keys read through a client built from `config` when the first one is needed.
    pub fn new(config: &aws_config::SdkConfig, secrets: Vec<(Role, String)>) -> SecretsManagerKeys {
        let config = config.clone();
        SecretsManagerKeys {
            client: OnFirstUse::new(move || aws_sdk_secretsmanager::Client::new(&config)),
            secrets,
        }
    }

    fn secret_of(&self, role: Role) -> Option<&str> {
        self.secrets
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, id)| id.as_str())
    }
}

#[async_trait]
impl KeySource for SecretsManagerKeys {
    fn holds(&self, role: Role) -> bool {
        self.secret_of(role).is_some()
    }

    /// The secret's text, checked as a key given by hand is: base64 of at least 32 random
    /// bytes (the template generates 64 letters and digits, which are that).
    async fn key(&self, role: Role) -> Result<Vec<u8>, KeyUnavailable> {
        let id = self.secret_of(role).ok_or(KeyUnavailable::NotGiven(role))?;
        let unreadable = |reason: String| KeyUnavailable::Unreadable { role, reason };
        let started = std::time::Instant::now();
        let answer = self
            .client
            .get()
            .get_secret_value()
            .secret_id(id)
            .send()
            .await
            .map_err(|e| {
                let reason = crate::describe(&e);
                tracing::error!(%role, secret = id, error = %reason, "a signing key could not be read");
                unreadable(reason)
            })?;
        let text = answer
            .secret_string()
            .ok_or_else(|| unreadable(format!("the secret {id} holds no text")))?;
        let key = key_from_base64(text).map_err(|e| unreadable(format!("the secret {id}: {e}")))?;
        tracing::info!(
            %role,
            fetch_ms = started.elapsed().as_millis() as u64,
            "signing key read"
        );
        Ok(key)
    }
}
