//! Edit tokens: 32 random bytes, shown to the applicant once, kept only as a SHA-256 hash
//! and compared in constant time.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The secret that lets an applicant read and edit their application.
#[derive(Clone, PartialEq, Eq)]
pub struct EditToken(String);

impl fmt::Debug for EditToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EditToken(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct RandomUnavailable(String);

impl RandomUnavailable {
    pub fn new(reason: String) -> RandomUnavailable {
        RandomUnavailable(reason)
    }
}

impl EditToken {
    /// A new random token.
    pub fn generate() -> Result<EditToken, RandomUnavailable> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| RandomUnavailable(e.to_string()))?;
        Ok(EditToken(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A token as presented by a client, e.g. from an `Authorization: Bearer` header.
    pub fn presented(s: &str) -> EditToken {
        EditToken(s.trim().to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0.as_bytes()).into())
    }
}

/// What is stored instead of the token.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenHash([u8; 32]);

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenHash(..)")
    }
}

impl TokenHash {
    /// Whether `token` is the one this hash was made from, in constant time.
    pub fn matches(&self, token: &EditToken) -> bool {
        token.hash().0.ct_eq(&self.0).into()
    }

    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn from_hex(s: &str) -> Option<TokenHash> {
        if s.len() != 64 || !s.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(TokenHash(out))
    }
}

/// Who may open an application: the hash of one of its edit tokens, or a chat
/// (`telegram:12345`, `terminal:ana`) it was made or linked in. No secret is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Token(TokenHash),
    Chat(String),
}

impl Owner {
    /// `token:<sha-256 hex>` or `chat:<channel>:<id>`.
    pub fn to_stored(&self) -> String {
        match self {
            Owner::Token(hash) => format!("token:{}", hash.to_hex()),
            Owner::Chat(chat) => format!("chat:{chat}"),
        }
    }

    pub fn parse_stored(s: &str) -> Option<Owner> {
        match s.split_once(':')? {
            ("token", hex) => TokenHash::from_hex(hex).map(Owner::Token),
            ("chat", chat) if !chat.is_empty() => Some(Owner::Chat(chat.to_string())),
            _ => None,
        }
    }
}

/// What a caller presents to open an application: an edit token (HTTP) or the chat it
/// writes from (the bot's front ends, which know the chat for certain).
pub trait Credential: Send + Sync {
    fn opens(&self, owners: &[Owner]) -> bool;
}

impl Credential for EditToken {
    fn opens(&self, owners: &[Owner]) -> bool {
        // Every hash is compared (in constant time), whichever matches.
        owners.iter().fold(false, |found, owner| {
            found | matches!(owner, Owner::Token(hash) if hash.matches(self))
        })
    }
}

/// A chat, as the channel identifies it (`telegram:12345`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatIdentity(pub String);

impl ChatIdentity {
    /// A chat with no identity (a front end that gave none) owns nothing.
    pub fn is_known(&self) -> bool {
        !self.0.trim().is_empty()
    }
}

impl Credential for ChatIdentity {
    fn opens(&self, owners: &[Owner]) -> bool {
        self.is_known()
            && owners
                .iter()
                .any(|owner| matches!(owner, Owner::Chat(chat) if *chat == self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_matches_its_own_hash_only() {
        let a = EditToken::generate().unwrap();
        let b = EditToken::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 43, "32 bytes in unpadded base64url");
        assert!(a.hash().matches(&a));
        assert!(!a.hash().matches(&b));
        assert!(!a.hash().matches(&EditToken::presented("")));
    }

    #[test]
    fn owners_open_with_their_token_or_their_chat_only() {
        let t = EditToken::generate().unwrap();
        let owners = [Owner::Chat("telegram:42".into()), Owner::Token(t.hash())];
        assert!(t.opens(&owners));
        assert!(!EditToken::generate().unwrap().opens(&owners));
        assert!(ChatIdentity("telegram:42".into()).opens(&owners));
        assert!(!ChatIdentity("telegram:43".into()).opens(&owners));
        for o in &owners {
            assert_eq!(Owner::parse_stored(&o.to_stored()).as_ref(), Some(o));
            assert!(!o.to_stored().contains(t.expose()));
        }
        assert_eq!(Owner::parse_stored("chat:"), None);
    }

    #[test]
    fn hashes_round_trip_through_hex_and_never_print_the_secret() {
        let t = EditToken::generate().unwrap();
        let h = t.hash();
        assert_eq!(TokenHash::from_hex(&h.to_hex()), Some(h));
        assert_eq!(TokenHash::from_hex("zz"), None);
        assert!(!format!("{t:?}").contains(t.expose()));
    }
}
