//! Opting out of reminders: the link every reminder carries, and what opening it does.

use std::sync::Arc;

use jiff::SignedDuration;

use crate::access::{AccessTokens, KeyUnavailable, Role, VerifyError};
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::email::Email;
use crate::lang::Lang;
use crate::ports::{OptOutStore, Stores, opt_out_key};

use super::{OPT_OUT_DAYS, ReminderError};

#[derive(Clone)]
pub struct OptOutService {
    opt_outs: Arc<dyn OptOutStore>,
    tokens: Arc<AccessTokens>,
    clock: Arc<dyn Clock>,
    /// For the language and wording of the page.
    campaign: Arc<Campaign>,
    /// The address of `casebook serve` or the API: opt-out links start with it.
    public_url: String,
}

impl OptOutService {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        tokens: Arc<AccessTokens>,
        public_url: &str,
    ) -> OptOutService {
        OptOutService {
            opt_outs: stores.opt_outs.clone(),
            tokens,
            clock,
            campaign,
            public_url: public_url.trim_end_matches('/').to_string(),
        }
    }

    pub fn shared_campaign(&self) -> Arc<Campaign> {
        self.campaign.clone()
    }

    /// The link that stops reminders to `to`; its page speaks `lang` (then English), or
    /// the browser's language when none is known.
    pub async fn link(&self, to: &Email, lang: Option<Lang>) -> Result<String, KeyUnavailable> {
        let (token, _) = self
            .tokens
            .issue(
                Role::OptOut,
                to.as_str(),
                0,
                SignedDuration::from_hours(24 * OPT_OUT_DAYS),
            )
            .await?;
        let lang = lang
            .map(|l| format!("&lang={}", l.code()))
            .unwrap_or_default();
        Ok(format!("{}/opt-out?token={token}{lang}", self.public_url))
    }

    /// Records the opt-out a link carries; returns the address (for the page).
    pub async fn opt_out(&self, token: &str) -> Result<Email, ReminderError> {
        let grant = self
            .tokens
            .verify(token, Role::OptOut)
            .await
            .map_err(|e| match e {
                VerifyError::Rejected(_) => ReminderError::BadOptOutLink,
                VerifyError::Key(key) => ReminderError::Key(key),
            })?;
        let address = Email::parse(&grant.subject).map_err(|_| ReminderError::BadOptOutLink)?;
        self.opt_outs
            .opt_out(&opt_out_key(&address), self.clock.now())
            .await?;
        tracing::info!("a recipient opted out of reminders");
        Ok(address)
    }
}
