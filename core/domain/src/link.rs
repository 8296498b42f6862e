//! One applicant, many channels: a one-time code that opens a draft somewhere else (another
//! chat, or the HTTP API), and the reverse. The code carries the application's id only
//! (no token), is kept by the store until it runs out, and is taken once: taken in a chat,
//! it makes that chat an owner; taken over HTTP, it issues a new edit token (shown once).
//! The codes themselves are here; taking them is the applicant service's
//! (`service/link.rs`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::application::ApplicationId;

/// How long a link code works.
pub const LINK_MINUTES: i64 = 30;

/// How long a link mailed to the contact address works: long enough to find the mail
/// the next morning.
pub const MAILED_LINK_HOURS: i64 = 24;

/// Characters of a code: no look-alikes (no 0/O, 1/I/L), so it survives being read aloud
/// or copied from a phone.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LENGTH: usize = 8;

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
    /// The address a code was mailed to (a link to continue on the page): taking it
    /// proves that address reachable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailed_to: Option<String>,
    /// The year of the application's call, where it was known when the reference was
    /// made (references kept before years have none): a conversation tells an earlier
    /// year's draft without reading it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i16>,
}

impl DraftRef {
    pub fn new(id: ApplicationId) -> DraftRef {
        DraftRef {
            id: id.to_string(),
            token: None,
            mailed_to: None,
            year: None,
        }
    }

    /// A reference to `app`, with its call's year.
    pub fn to(app: &crate::application::Application) -> DraftRef {
        DraftRef {
            year: Some(app.campaign),
            ..DraftRef::new(app.id)
        }
    }
}

/// A fresh code (one of 31^8), or the random source's failure.
pub fn random_code() -> Result<String, crate::token::RandomUnavailable> {
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
