//! How every binary starts: [`Settings`] read once from flags or the environment, then
//! [`Dependencies::build`], the one place that opens a backend's adapters (store, blobs,
//! signed URLs, mailer, clock) and puts the core services over them. `casebook serve`,
//! `chat` and `admin` and every Lambda `main` start here; adapters never build services.

mod chats;
mod dependencies;
pub mod logging;
mod settings;

#[cfg(feature = "wechat")]
pub use chats::{WechatSetupError, wechat_account};
#[cfg(feature = "embedded")]
pub use dependencies::DEFAULT_LOCAL_URL;
pub use dependencies::{ClockNotice, Dependencies, Files, StartupError};
pub use settings::{
    AwsNames, AwsSetup, Backend, DEFAULT_DATA_DIR, KeySetting, Secret, Settings, SettingsError,
    SmtpSettings, TelegramSettings, WechatSettings, key_secret_variable, key_variable,
};
