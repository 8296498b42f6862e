//! Sign-in tokens for reviewers and organizers: HS256 JSON Web Tokens with the algorithm
//! pinned, the issuer and an audience per role checked, and the expiry counted on the
//! real clock, never on a rehearsal's (`--now`): a token minted while rehearsing 2099 is
//! no longer-lived than one minted today. A reviewer's or organizer's token also carries
//! the generation of its sign-in link, which the service checks against the person's
//! record: a revoked or replaced link opens nothing. Each role has its own key (see
//! [`AccessTokens`]).

use std::fmt;
use std::sync::{Arc, OnceLock};

use jiff::{SignedDuration, Timestamp};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, SystemClock};

/// Who a token is for; each role has its own audience, so one never passes for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Reviewer,
    Organizer,
    /// The opt-out link of a reminder: its subject is the address.
    OptOut,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Organizer, Role::OptOut];

    fn index(self) -> usize {
        match self {
            Role::Reviewer => 0,
            Role::Organizer => 1,
            Role::OptOut => 2,
        }
    }

    /// The role's name in settings and file names: `reviewer`, `organizer`, `opt-out`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Organizer => "organizer",
            Role::OptOut => "opt-out",
        }
    }

    fn audience(self) -> &'static str {
        match self {
            Role::Reviewer => "casebook:reviewer",
            Role::Organizer => "casebook:organizer",
            Role::OptOut => "casebook:opt-out",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const ISSUER: &str = "casebook";

/// The shortest signing key accepted: HS256 wants at least its hash's 32 bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// A presented token longer than this is refused before any decoding.
pub const MAX_TOKEN_CHARS: usize = 2048;

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    /// The reviewer's or organizer's id, or the opted-out address.
    pub subject: String,
    /// The reviewer's or organizer's link generation (0 for opt-out links).
    pub generation: u32,
    pub expires_at: Timestamp,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: String,
    #[serde(default, rename = "gen")]
    generation: u32,
    iat: i64,
    exp: i64,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccessKeyError {
    #[error("the signing key has {0} bytes; it needs at least {MIN_KEY_BYTES}")]
    TooShort(usize),
    #[error(
        "the signing key is not base64; make one with `openssl rand -base64 32` (32 random bytes)"
    )]
    NotBase64,
    #[error(
        "the signing key decodes to text, not random bytes (a passphrase is guessable); make one with `openssl rand -base64 32`"
    )]
    LooksLikeText,
    #[error(
        "the signing key reads as words, not as random base64 (no capital or no small letter, or few different characters); make one with `openssl rand -base64 32`"
    )]
    LooksLikeWords,
    #[error(
        "the signing key repeats a few byte values ({0} distinct of {MIN_KEY_BYTES} or more): it is not random; make one with `openssl rand -base64 32`"
    )]
    Repetitive(usize),
}

/// A signing key given by hand (an environment variable): base64 (standard or URL-safe,
/// padding optional) of at least [`MIN_KEY_BYTES`] random bytes. A passphrase (as text,
/// or as words that happen to be base64), a short key or one of few distinct bytes is
/// refused with the reason; random keys pass all but with a chance below 1e-9.
pub fn key_from_base64(text: &str) -> Result<Vec<u8>, AccessKeyError> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let trimmed = text.trim().trim_end_matches('=');
    let bytes = STANDARD_NO_PAD
        .decode(trimmed)
        .or_else(|_| URL_SAFE_NO_PAD.decode(trimmed))
        .map_err(|_| AccessKeyError::NotBase64)?;
    if bytes.len() < MIN_KEY_BYTES {
        return Err(AccessKeyError::TooShort(bytes.len()));
    }
    // Random base64 of 32 bytes has capitals and small letters and some 30 different
    // characters (each missing: under 1e-9); words in the base64 alphabet
    // ("my-signing-key-for-casebook-prod-2024") decode to bytes that look random.
    let has = |f: fn(&char) -> bool| trimmed.chars().any(|c| f(&c));
    let symbols = trimmed
        .chars()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if !has(char::is_ascii_uppercase) || !has(char::is_ascii_lowercase) || symbols < 20 {
        return Err(AccessKeyError::LooksLikeWords);
    }
    if bytes
        .iter()
        .all(|b| (0x20..0x7f).contains(b) || b"\t\r\n".contains(b))
    {
        return Err(AccessKeyError::LooksLikeText);
    }
    let distinct = bytes
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if distinct < 16 {
        return Err(AccessKeyError::Repetitive(distinct));
    }
    Ok(bytes)
}

/// Where each role's token-signing key comes from: files in the data directory, the
/// environment, or a secret store. A program is given only the keys its job uses.
#[async_trait::async_trait]
pub trait KeySource: Send + Sync {
    /// Whether a key for `role` is configured (answered without fetching it).
    fn holds(&self, role: Role) -> bool;
    /// `role`'s key (raw bytes); asked once per process and role, at the first use.
    async fn key(&self, role: Role) -> Result<Vec<u8>, KeyUnavailable>;
}

/// A sign-in link: the token (shown once, never stored) and the page it opens.
#[derive(Debug, Clone)]
pub struct SignInLink {
    pub token: String,
    pub link: String,
    pub expires_at: Timestamp,
}

/// Why a token opens nothing. Callers answer all of them alike (401); the kind is for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejected {
    #[error("the token is malformed, badly signed, or for another role or issuer")]
    Invalid,
    #[error("the token has expired")]
    Expired,
    #[error("the token is too long")]
    TooLong,
}

/// A signing key could not be had: a misconfiguration or an outage, never the caller's
/// fault (answered as a server error and logged).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyUnavailable {
    /// This program was given no key for the role: by design (a function holds only the
    /// keys of its own job) or by a missing setting.
    #[error("this program holds no {0} signing key")]
    NotGiven(Role),
    #[error("the {role} signing key could not be read: {reason}")]
    Unreadable { role: Role, reason: String },
}

/// Why a presented token opens nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Rejected(#[from] TokenRejected),
    #[error(transparent)]
    Key(#[from] KeyUnavailable),
}

/// Keys given whole: read from files or the environment at start.
#[derive(Default, Clone)]
pub struct GivenKeys {
    keys: [Option<Vec<u8>>; 3],
}

impl fmt::Debug for GivenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held: Vec<Role> = Role::ALL.into_iter().filter(|r| self.holds(*r)).collect();
        write!(f, "GivenKeys({held:?}, <keys redacted>)")
    }
}

impl GivenKeys {
    /// Adds `role`'s key (at least [`MIN_KEY_BYTES`]).
    pub fn with(mut self, role: Role, key: &[u8]) -> Result<GivenKeys, AccessKeyError> {
        if key.len() < MIN_KEY_BYTES {
            return Err(AccessKeyError::TooShort(key.len()));
        }
        self.keys[role.index()] = Some(key.to_vec());
        Ok(self)
    }

    pub fn holds(&self, role: Role) -> bool {
        self.keys[role.index()].is_some()
    }
}

#[async_trait::async_trait]
impl KeySource for GivenKeys {
    fn holds(&self, role: Role) -> bool {
        GivenKeys::holds(self, role)
    }

    async fn key(&self, role: Role) -> Result<Vec<u8>, KeyUnavailable> {
        self.keys[role.index()]
            .clone()
            .ok_or(KeyUnavailable::NotGiven(role))
    }
}

/// One role's key, ready to sign and check.
struct RoleKey {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

/// Issues and checks sign-in tokens, each role with its own key: a reviewer's key cannot
/// sign an organizer's token, and a program given only the opt-out key can mint nothing
/// else. Keys come from a [`KeySource`] at their first use and are kept for the life of
/// the process (a Lambda instance fetches each once, and only if a request needs it).
pub struct AccessTokens {
    source: Arc<dyn KeySource>,
    keys: [OnceLock<Arc<RoleKey>>; 3],
    /// What expiry is counted on: the real clock, whatever clock the call runs on.
    real_clock: Arc<dyn Clock>,
}

impl fmt::Debug for AccessTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessTokens(<keys redacted>)")
    }
}

impl AccessTokens {
    pub fn new(source: Arc<dyn KeySource>) -> AccessTokens {
        AccessTokens {
            source,
            keys: Default::default(),
            real_clock: Arc::new(SystemClock),
        }
    }

    /// Every role's key derived from one (a hash of it and the role), for tests and
    /// benchmarks: the roles still differ, but one secret opens all of them.
    #[cfg(any(test, feature = "test-support"))]
    pub fn from_one_test_key(key: &[u8]) -> Result<AccessTokens, AccessKeyError> {
        use sha2::{Digest, Sha256};
        if key.len() < MIN_KEY_BYTES {
            return Err(AccessKeyError::TooShort(key.len()));
        }
        let mut keys = GivenKeys::default();
        for role in Role::ALL {
            let derived = Sha256::new()
                .chain_update(key)
                .chain_update(role.audience())
                .finalize();
            keys = keys.with(role, &derived)?;
        }
        Ok(AccessTokens::new(Arc::new(keys)))
    }

    /// Counts expiry on `clock` instead of the real one: for tests that move time.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> AccessTokens {
        self.real_clock = clock;
        self
    }

    /// Whether a key for `role` is configured (not fetched): for the checks at start.
    pub fn holds(&self, role: Role) -> bool {
        self.source.holds(role)
    }

    /// Fetches `role`'s key now if it is not held yet: called before a write whose link
    /// is signed after it, so a missing key never leaves a record without its link.
    pub async fn prepare(&self, role: Role) -> Result<(), KeyUnavailable> {
        self.key(role).await.map(|_| ())
    }

    async fn key(&self, role: Role) -> Result<Arc<RoleKey>, KeyUnavailable> {
        let cell = &self.keys[role.index()];
        if let Some(key) = cell.get() {
            return Ok(key.clone());
        }
        // Two first uses at once may both fetch; the first kept wins, and both are equal.
        let bytes = self.source.key(role).await?;
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyUnavailable::Unreadable {
                role,
                reason: AccessKeyError::TooShort(bytes.len()).to_string(),
            });
        }
        Ok(cell
            .get_or_init(|| {
                Arc::new(RoleKey {
                    encoding: EncodingKey::from_secret(&bytes),
                    decoding: DecodingKey::from_secret(&bytes),
                })
            })
            .clone())
    }

    /// A token for `role` and `subject`, valid for `valid_for` from now (the real now),
    /// signed with `role`'s key.
    pub async fn issue(
        &self,
        role: Role,
        subject: &str,
        generation: u32,
        valid_for: SignedDuration,
    ) -> Result<(String, Grant), KeyUnavailable> {
        let key = self.key(role).await?;
        let now = self.real_clock.now();
        let expires_at = now.saturating_add(valid_for).unwrap_or(Timestamp::MAX);
        let claims = Claims {
            iss: ISSUER.into(),
            aud: role.audience().into(),
            sub: subject.into(),
            generation,
            iat: now.as_second(),
            exp: expires_at.as_second(),
        };
        // Serializing these plain claims with an HMAC key cannot fail.
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key.encoding)
            .unwrap_or_default();
        let grant = Grant {
            role,
            subject: subject.into(),
            generation,
            expires_at: Timestamp::from_second(claims.exp).unwrap_or(expires_at),
        };
        Ok((token, grant))
    }

    /// A sign-in link to `page` for `role`'s `subject` at link `generation`: the token
    /// after `#token=` (a fragment, which browsers never send to a server).
    pub async fn sign_in_link(
        &self,
        role: Role,
        subject: &str,
        generation: u32,
        valid_for: SignedDuration,
        page: &str,
    ) -> Result<SignInLink, KeyUnavailable> {
        let (token, grant) = self.issue(role, subject, generation, valid_for).await?;
        Ok(SignInLink {
            link: format!("{page}#token={token}"),
            token,
            expires_at: grant.expires_at,
        })
    }

    /// What `token` grants to `role` now: its signature (HS256, `role`'s key), issuer,
    /// audience and expiry (on the real clock) checked. Generation and revocation are the
    /// caller's.
    pub async fn verify(&self, token: &str, role: Role) -> Result<Grant, VerifyError> {
        // The cap comes before any work, the key's fetch included.
        if token.len() > MAX_TOKEN_CHARS {
            return Err(TokenRejected::TooLong.into());
        }
        let key = self.key(role).await?;
        let now = self.real_clock.now();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[role.audience()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // The expiry is checked below on `real_clock`, which tests may move.
        validation.validate_exp = false;
        validation.leeway = 0;
        let data = jsonwebtoken::decode::<Claims>(token, &key.decoding, &validation)
            .map_err(|_| TokenRejected::Invalid)?;
        let claims = data.claims;
        let expires_at = Timestamp::from_second(claims.exp).map_err(|_| TokenRejected::Invalid)?;
        if now >= expires_at {
            return Err(TokenRejected::Expired.into());
        }
        Ok(Grant {
            role,
            subject: claims.sub,
            generation: claims.generation,
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn now() -> Timestamp {
        "2024-07-01T09:00:00Z".parse().unwrap()
    }

    fn tokens_at(clock: &Arc<FixedClock>) -> AccessTokens {
        AccessTokens::from_one_test_key(&[7u8; 32])
            .unwrap()
            .with_clock(clock.clone())
    }

    fn tokens() -> AccessTokens {
        tokens_at(&Arc::new(FixedClock::at(now())))
    }

    #[tokio::test]
    async fn a_token_opens_its_role_until_it_expires() {
        let clock = Arc::new(FixedClock::at(now()));
        let tokens = tokens_at(&clock);
        let (token, grant) = tokens
            .issue(Role::Reviewer, "r-1", 3, SignedDuration::from_hours(24))
            .await
            .unwrap();
        let seen = tokens.verify(&token, Role::Reviewer).await.unwrap();
        assert_eq!(seen, grant);
        assert_eq!(seen.generation, 3);
        clock.set(now() + SignedDuration::from_hours(24));
        assert_eq!(
            tokens.verify(&token, Role::Reviewer).await,
            Err(TokenRejected::Expired.into())
        );
    }

    #[tokio::test]
    async fn expiry_is_counted_on_the_real_clock_whatever_the_call_rehearses() {
        // The service's rehearsal clock never reaches the tokens: a token issued during
        // a rehearsal of 2099 expires as one issued today would.
        let tokens = AccessTokens::from_one_test_key(&[7u8; 32]).unwrap();
        let (_, grant) = tokens
            .issue(Role::Organizer, "o-1", 0, SignedDuration::from_hours(24))
            .await
            .unwrap();
        let real = Timestamp::now();
        assert!(grant.expires_at > real);
        assert!(grant.expires_at <= real + SignedDuration::from_hours(25));
        // A token whose expiry passed on the real clock is refused, however it was made.
        let past = tokens_at(&Arc::new(FixedClock::at(now())));
        let (old, _) = past
            .issue(Role::Organizer, "o-1", 0, SignedDuration::from_hours(24))
            .await
            .unwrap();
        assert_eq!(
            tokens.verify(&old, Role::Organizer).await,
            Err(TokenRejected::Expired.into())
        );
    }

    #[tokio::test]
    async fn a_reviewer_token_is_no_organizer_token_and_the_reverse() {
        let day = SignedDuration::from_hours(24);
        let tokens = tokens();
        let (reviewer, _) = tokens.issue(Role::Reviewer, "r-1", 0, day).await.unwrap();
        let (organizer, _) = tokens.issue(Role::Organizer, "o-1", 0, day).await.unwrap();
        assert_eq!(
            tokens.verify(&reviewer, Role::Organizer).await,
            Err(TokenRejected::Invalid.into())
        );
        assert_eq!(
            tokens.verify(&organizer, Role::Reviewer).await,
            Err(TokenRejected::Invalid.into())
        );
    }

    /// A key source that counts its fetches.
    struct Counted {
        keys: GivenKeys,
        fetches: std::sync::atomic::AtomicUsize,
    }

    #[async_trait::async_trait]
    impl KeySource for Counted {
        fn holds(&self, role: Role) -> bool {
            self.keys.holds(role)
        }
        async fn key(&self, role: Role) -> Result<Vec<u8>, KeyUnavailable> {
            self.fetches
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            KeySource::key(&self.keys, role).await
        }
    }

    #[tokio::test]
    async fn each_role_signs_with_its_own_key_fetched_once_and_only_when_needed() {
        let day = SignedDuration::from_hours(24);
        let reviewer_key = [1u8, 2, 3, 4, 5, 6, 7, 8].repeat(4);
        let opt_out_key = [9u8, 8, 7, 6, 5, 4, 3, 2].repeat(4);
        // What an opt-out function holds: the opt-out key, nothing else.
        let source = Arc::new(Counted {
            keys: GivenKeys::default()
                .with(Role::OptOut, &opt_out_key)
                .unwrap(),
            fetches: Default::default(),
        });
        let opt_out = AccessTokens::new(source.clone());
        assert_eq!(source.fetches.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert!(opt_out.holds(Role::OptOut) && !opt_out.holds(Role::Organizer));
        // It cannot mint an organizer's (or a reviewer's) token...
        assert_eq!(
            opt_out
                .issue(Role::Organizer, "o-1", 0, day)
                .await
                .unwrap_err(),
            KeyUnavailable::NotGiven(Role::Organizer)
        );
        // ...nor check one signed elsewhere: no key, no answer but "not here".
        let admin = AccessTokens::new(Arc::new(
            GivenKeys::default()
                .with(Role::Reviewer, &reviewer_key)
                .unwrap()
                .with(Role::Organizer, &[3u8; 32])
                .unwrap(),
        ));
        let (organizer, _) = admin.issue(Role::Organizer, "o-1", 0, day).await.unwrap();
        assert_eq!(
            opt_out.verify(&organizer, Role::Organizer).await,
            Err(VerifyError::Key(KeyUnavailable::NotGiven(Role::Organizer)))
        );
        // Its own links work, and the key was fetched once for all of them.
        for _ in 0..3 {
            let (link, _) = opt_out
                .issue(Role::OptOut, "a@example.org", 0, day)
                .await
                .unwrap();
            opt_out.verify(&link, Role::OptOut).await.unwrap();
        }
        let fetched = source.fetches.load(std::sync::atomic::Ordering::SeqCst);
        // Two refused fetches of the organizer key, one of the opt-out key.
        assert_eq!(fetched, 3);
        // A reviewer token signed with the organizer key's holder but another role's
        // key never passes for the role whose key differs.
        let (reviewer, _) = admin.issue(Role::Reviewer, "r-1", 0, day).await.unwrap();
        let other_reviewer_key = AccessTokens::new(Arc::new(
            GivenKeys::default()
                .with(Role::Reviewer, &[4u8; 32])
                .unwrap(),
        ));
        assert_eq!(
            other_reviewer_key.verify(&reviewer, Role::Reviewer).await,
            Err(TokenRejected::Invalid.into())
        );
    }

    #[tokio::test]
    async fn another_key_an_unsigned_token_or_garbage_opens_nothing() {
        let day = SignedDuration::from_hours(24);
        let tokens = tokens();
        let (token, _) = tokens.issue(Role::Organizer, "o-1", 0, day).await.unwrap();
        let other = AccessTokens::from_one_test_key(&[8u8; 32])
            .unwrap()
            .with_clock(Arc::new(FixedClock::at(now())));
        assert_eq!(
            other.verify(&token, Role::Organizer).await,
            Err(TokenRejected::Invalid.into())
        );
        // The same claims with `alg: none` and no signature.
        let claims = token.split('.').nth(1).unwrap();
        let none = format!(
            "{}.{claims}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#)
        );
        assert_eq!(
            tokens.verify(&none, Role::Organizer).await,
            Err(TokenRejected::Invalid.into())
        );
        for junk in [
            "",
            "a.b.c",
            "...",
            "\u{0}",
            &"x".repeat(MAX_TOKEN_CHARS + 1),
        ] {
            assert!(tokens.verify(junk, Role::Organizer).await.is_err());
        }
    }

    #[test]
    fn a_short_key_is_refused() {
        assert!(AccessTokens::from_one_test_key(&[1u8; 16]).is_err());
        assert_eq!(
            GivenKeys::default()
                .with(Role::Reviewer, &[1u8; 31])
                .unwrap_err(),
            AccessKeyError::TooShort(31)
        );
    }

    #[test]
    fn a_key_given_by_hand_must_be_random_bytes_in_base64() {
        let good = "DBbWXFWITcI+2BMSCQOFko2Wfh794JebA4hm85ldYas=";
        assert_eq!(key_from_base64(good).unwrap().len(), 32);
        // URL-safe and unpadded forms of the same key.
        let url = good.replace('+', "-").replace('/', "_");
        assert_eq!(
            key_from_base64(url.trim_end_matches('=')).unwrap().len(),
            32
        );
        let b64 = |bytes: &[u8]| {
            use base64::engine::general_purpose::STANDARD;
            STANDARD.encode(bytes)
        };
        for (key, why) in [
            (
                "a-test-signing-key-of-at-least-32-characters",
                AccessKeyError::LooksLikeWords,
            ),
            (
                "not base64 at all, though Long Enough & Mixed!",
                AccessKeyError::NotBase64,
            ),
            (
                &b64(b"correct horse battery staple and more words"),
                AccessKeyError::LooksLikeText,
            ),
            (&b64(&[7u8; 16]), AccessKeyError::TooShort(16)),
            (
                &b64(&[0u8, 1, 2, 3].repeat(10)),
                AccessKeyError::LooksLikeWords,
            ),
            // Base64 that looks varied, over eleven byte values only.
            (
                "8PC98vC9d/DzefBCvWJ5IXkhhGLz8PPw8PNihL0GQnk=",
                AccessKeyError::Repetitive(11),
            ),
        ] {
            assert_eq!(key_from_base64(key), Err(why), "{key}");
        }
    }
}
