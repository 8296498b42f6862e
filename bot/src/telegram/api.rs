//! The Bot API calls the bot makes, each a plain JSON POST with teloxide's payload types
//! on teloxide's connection (its client, token and API URL). Answers are read only for
//! what the bot uses: teloxide's typed answers (a whole `Message` for every message sent)
//! and its `Update` would link the parser of every Bot API type, about 3 MB of the
//! webhook function, which must stay under 10 MB.

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide::Bot;
use teloxide::requests::Payload;

/// The longest part of Telegram's description of a refusal kept in an error.
const DESCRIPTION_CHARS: usize = 200;

/// How much longer than a long poll's own timeout its request may take.
const LONG_POLL_MARGIN: Duration = Duration::from_secs(10);

/// A Bot API call that did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum BotApiError {
    /// No answer: the network, a timeout, Telegram's front end.
    #[error("Telegram could not be reached ({method}): {reason}")]
    Unreachable {
        method: &'static str,
        reason: String,
    },
    /// Telegram answered with an error.
    #[error("Telegram refused {method} ({code}): {description}")]
    Refused {
        method: &'static str,
        code: u16,
        description: String,
    },
    /// An answer that is not the Bot API's.
    #[error("Telegram's answer to {method} could not be read (HTTP {status})")]
    Unreadable { method: &'static str, status: u16 },
}

impl BotApiError {
    /// Whether Telegram refused for good: the same call will never work (too long, chat
    /// not found, bot blocked, ...). A rate limit (429), Telegram's own trouble (5xx) and
    /// the network pass.
    pub fn is_permanent(&self) -> bool {
        matches!(self, BotApiError::Refused { code, .. } if (400..500).contains(code) && *code != 429)
    }
}

/// The Bot API's envelope: `ok`, then the result or the error.
#[derive(serde::Deserialize)]
struct Answer<R> {
    ok: bool,
    result: Option<R>,
    error_code: Option<u16>,
    description: Option<String>,
}

/// Calls the method of `payload`; the result read as `R` (`serde::de::IgnoredAny` when
/// only success matters).
pub async fn call<P, R>(bot: &Bot, payload: &P) -> Result<R, BotApiError>
where
    P: Payload + Serialize,
    R: DeserializeOwned,
{
    let method = P::NAME;
    let url = format!(
        "{}/bot{}/{method}",
        bot.api_url().as_str().trim_end_matches('/'),
        bot.token()
    );
    let body = serde_json::to_vec(payload).map_err(|e| unreachable(method, e))?;
    let mut request = bot
        .client()
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(wait) = payload.timeout_hint() {
        // A long poll waits on Telegram's side: the client's own timeout is shorter.
        request = request.timeout(wait + LONG_POLL_MARGIN);
    }
    // Errors without the URL: it holds the bot's token.
    let response = request
        .send()
        .await
        .map_err(|e| unreachable(method, e.without_url()))?;
    let status = response.status().as_u16();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| unreachable(method, e.without_url()))?;
    let unreadable = BotApiError::Unreadable { method, status };
    let answer: Answer<R> = serde_json::from_slice(&bytes).map_err(|_| unreadable)?;
    match answer {
        Answer {
            ok: true,
            result: Some(result),
            ..
        } => Ok(result),
        Answer {
            ok: false,
            error_code,
            description,
            ..
        } => Err(BotApiError::Refused {
            method,
            code: error_code.unwrap_or(status),
            description: description
                .unwrap_or_default()
                .chars()
                .take(DESCRIPTION_CHARS)
                .collect(),
        }),
        Answer { ok: true, .. } => Err(BotApiError::Unreadable { method, status }),
    }
}

fn unreachable(method: &'static str, reason: impl std::fmt::Display) -> BotApiError {
    BotApiError::Unreachable {
        method,
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: u16) -> BotApiError {
        BotApiError::Refused {
            method: "SendMessage",
            code,
            description: "x".into(),
        }
    }

    #[test]
    fn refusals_for_good_are_told_from_passing_trouble() {
        assert!(refused(400).is_permanent(), "message too long");
        assert!(refused(403).is_permanent(), "bot blocked");
        assert!(!refused(429).is_permanent(), "rate limit");
        assert!(!refused(502).is_permanent(), "Telegram's trouble");
        let unreachable = BotApiError::Unreachable {
            method: "SendMessage",
            reason: "timed out".into(),
        };
        assert!(!unreachable.is_permanent());
    }
}
