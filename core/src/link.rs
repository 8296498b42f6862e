//! One applicant, many channels: a one-time code that opens a draft somewhere else (another
//! chat, or the HTTP API), and the reverse. The code carries the application's id only
//! (no token), is kept by the store until it runs out, and is taken once: taken in a chat,
//! it makes that chat an owner; taken over HTTP, it issues a new edit token (shown once).

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::application::{Application, ApplicationId};
use crate::ports::StoreError;
use crate::service::{ApplicationError, ApplicationService};
use crate::token::{ChatIdentity, Credential, EditToken, Owner};

/// How long a link code works.
pub const LINK_MINUTES: i64 = 30;

/// Characters of a code: no look-alikes (no 0/O, 1/I/L), so it survives being read aloud
/// or copied from a phone.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH: usize = 8;

/// A code given out, and when it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCode {
    pub code: String,
    pub expires_at: Timestamp,
}

/// An application: what a link code carries, and what a chat keeps of each application
/// it owns. `token` is only ever read, from conversations and codes saved by an earlier
/// version (which kept tokens); the chat then becomes an owner and the token is dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl DraftRef {
    pub fn new(id: ApplicationId) -> DraftRef {
        DraftRef {
            id: id.to_string(),
            token: None,
        }
    }
}

fn random_code() -> Result<String, ApplicationError> {
    // Rejection sampling keeps every character equally likely.
    let mut code = String::with_capacity(CODE_LENGTH);
    let limit = 256 - 256 % ALPHABET.len();
    while code.len() < CODE_LENGTH {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| crate::token::RandomUnavailable::new(e.to_string()))?;
        for b in bytes {
            if (b as usize) < limit && code.len() < CODE_LENGTH {
                code.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            }
        }
    }
    Ok(code)
}

/// A code as typed: spaces, dashes and case do not matter.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
}

impl ApplicationService {
    /// A one-time code that opens the application `who` opens, for `LINK_MINUTES`.
    #[tracing::instrument(skip_all, fields(application_id = %id), err(level = "info"))]
    pub async fn create_link(
        &self,
        id: ApplicationId,
        who: &dyn Credential,
    ) -> Result<LinkCode, ApplicationError> {
        // Only someone who can open the application may pass it on.
        self.read(id, who).await?;
        let payload = serde_json::to_string(&DraftRef::new(id))
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let expires_at = self
            .now()
            .saturating_add(SignedDuration::from_mins(LINK_MINUTES))
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        // 31^8 codes: a clash is rare, and a taken code is never overwritten.
        for _ in 0..5 {
            let code = random_code()?;
            match self
                .link_codes
                .create_link_code(&code, &payload, expires_at)
                .await
            {
                Ok(()) => return Ok(LinkCode { code, expires_at }),
                Err(StoreError::AlreadyExists) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy)
    }

    /// Takes a code, once: the application it opens. `LinkCodeInvalid` for a code that
    /// never existed, was used, or ran out.
    async fn take_link(&self, typed: &str) -> Result<ApplicationId, ApplicationError> {
        let code = normalise_code(typed);
        if code.len() != CODE_LENGTH {
            return Err(ApplicationError::LinkCodeInvalid);
        }
        let payload = self
            .link_codes
            .take_link_code(&code, self.now())
            .await?
            .ok_or(ApplicationError::LinkCodeInvalid)?;
        let draft: DraftRef =
            serde_json::from_str(&payload).map_err(|_| ApplicationError::LinkCodeInvalid)?;
        let id = ApplicationId::parse(&draft.id).ok_or(ApplicationError::LinkCodeInvalid)?;
        tracing::info!(application_id = %id, "link code taken");
        Ok(id)
    }

    /// Takes a code over HTTP: the application, and a new edit token that opens it (kept
    /// as its hash; shown once).
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn redeem_link_for_token(
        &self,
        typed: &str,
    ) -> Result<(Application, EditToken), ApplicationError> {
        let id = self.take_link(typed).await?;
        let token = EditToken::generate()?;
        let app = self.add_owner(id, Owner::Token(token.hash())).await?;
        Ok((app, token))
    }

    /// Takes a code in a chat: the chat becomes an owner of the application.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn redeem_link_in_chat(
        &self,
        typed: &str,
        chat: &ChatIdentity,
    ) -> Result<Application, ApplicationError> {
        let id = self.take_link(typed).await?;
        self.add_owner(id, Owner::Chat(chat.0.clone())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_characters_without_look_alikes() {
        for _ in 0..200 {
            let code = random_code().unwrap();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(
                code.chars()
                    .all(|c| !"0O1IL".contains(c) && ALPHABET.contains(&(c as u8))),
                "{code}"
            );
        }
    }

    #[test]
    fn typed_codes_ignore_case_spaces_and_dashes() {
        assert_eq!(normalise_code(" ab2c-d3ef g"), "AB2CD3EFG");
    }
}
