//! The chat channels' wiring, here once for every binary: the Telegram bot (by webhook on
//! Lambda, by long polling in `casebook serve`), the Telegram bot as a channel that writes
//! first (reminders and announcements), and the WeChat official account. Each behind its
//! feature, so a function links only the channel it serves.

#[cfg(any(feature = "telegram", feature = "wechat"))]
use casebook_bot::Engine;

#[cfg(any(feature = "telegram", feature = "wechat"))]
use crate::dependencies::{Dependencies, StartupError};

#[cfg(feature = "telegram")]
mod telegram {
    use std::sync::Arc;

    use casebook_bot::telegram::{TelegramBot, TelegramNotifier, bot};
    use casebook_core::ChatNotifier;

    use super::*;
    use crate::settings::TelegramSettings;

    impl Dependencies {
        /// The Telegram bot over the applications, when `TELEGRAM_BOT_TOKEN` is set
        /// (`TELEGRAM_API_URL` for another Bot API server); documents sent in the chat
        /// become attachments when files are configured.
        pub fn telegram_bot(
            &self,
            settings: &TelegramSettings,
        ) -> Result<Option<TelegramBot>, StartupError> {
            let Some(token) = &settings.bot_token else {
                return Ok(None);
            };
            let client = bot(token, settings.api_url.as_deref()).map_err(StartupError::Telegram)?;
            let mut bot = TelegramBot::new(
                client,
                Engine::new(self.applications()),
                self.stores.clone(),
            );
            if let Some(attachments) = self.attachments() {
                bot = bot.with_attachments(attachments);
            }
            Ok(Some(bot))
        }

        /// The Telegram bot as a channel that writes first, when `TELEGRAM_BOT_TOKEN` is
        /// set: reminders and announcements reach the drafts that live in Telegram.
        pub fn chat_notifier(
            &self,
            settings: &TelegramSettings,
        ) -> Result<Option<Arc<dyn ChatNotifier>>, StartupError> {
            TelegramNotifier::from_token(settings.bot_token.as_deref(), settings.api_url.as_deref())
                .map_err(StartupError::Telegram)
        }
    }
}

#[cfg(feature = "wechat")]
mod wechat {
    use casebook_bot::wechat::crypto::AesKey;
    use casebook_bot::wechat::{WechatAccount, WechatBot};

    use super::*;
    use crate::settings::WechatSettings;

    impl Dependencies {
        /// The WeChat official account's bot over the applications (files cannot come
        /// through WeChat's passive replies: its engine has no file input).
        pub fn wechat_bot(&self, account: WechatAccount) -> WechatBot {
            WechatBot::new(
                Engine::new(self.applications()),
                self.stores.clone(),
                account,
            )
        }
    }

    #[derive(Debug, thiserror::Error)]
    pub enum WechatSetupError {
        #[error("WECHAT_TOKEN is not set: set it to the token of the account's server URL page")]
        NoToken,
        #[error(
            "WECHAT_APP_ID is not set: safe mode (WECHAT_ENCODING_AES_KEY) needs the account's AppID"
        )]
        NoAppId,
        #[error("WECHAT_ENCODING_AES_KEY is not valid: {0}")]
        BadKey(casebook_bot::wechat::crypto::CryptoError),
    }

    /// The account from the settings, or why it cannot be used: read before anything
    /// else starts, so a missing token is what the start says.
    pub fn wechat_account(settings: &WechatSettings) -> Result<WechatAccount, WechatSetupError> {
        let token = settings.token.clone().ok_or(WechatSetupError::NoToken)?;
        let aes_key = match &settings.encoding_aes_key {
            Some(key) => {
                Some(AesKey::from_encoding_aes_key(key).map_err(WechatSetupError::BadKey)?)
            }
            None => None,
        };
        let app_id = match (&settings.app_id, &aes_key) {
            (Some(id), _) => id.clone(),
            (None, Some(_)) => return Err(WechatSetupError::NoAppId),
            (None, None) => String::new(),
        };
        Ok(WechatAccount {
            token,
            app_id,
            aes_key,
        })
    }
}

#[cfg(feature = "wechat")]
pub use wechat::{WechatSetupError, wechat_account};
