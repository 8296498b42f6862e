//! Everything casebook reads from its flags and environment, typed and checked once.

use std::path::PathBuf;

use casebook_core::Role;
use jiff::Timestamp;

/// Where data lives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Backend {
    /// SQLite, files and an outbox in the data directory.
    #[default]
    Embedded,
    /// DynamoDB, S3 and SES (on AWS, or on `AWS_ENDPOINT_URL`).
    Aws,
}

/// The names of the AWS resources (`CASEBOOK_TABLE`, `CASEBOOK_BUCKET`,
/// `CASEBOOK_MAIL_FROM`); each is checked when something needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsNames {
    pub table: Option<String>,
    pub bucket: Option<String>,
    pub mail_from: Option<String>,
}

/// The Telegram bot's settings. Secrets are never printed (`Debug` hides them).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TelegramSettings {
    /// `TELEGRAM_BOT_TOKEN`: the token @BotFather gave.
    pub bot_token: Option<String>,
    /// `TELEGRAM_WEBHOOK_SECRET`: the secret given to setWebhook, checked on every call.
    pub webhook_secret: Option<String>,
    /// `TELEGRAM_API_URL`: another Bot API server (a local one, in tests).
    pub api_url: Option<String>,
}

impl std::fmt::Debug for TelegramSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |v: &Option<String>| v.as_ref().map(|_| "(set)");
        f.debug_struct("TelegramSettings")
            .field("bot_token", &hidden(&self.bot_token))
            .field("webhook_secret", &hidden(&self.webhook_secret))
            .field("api_url", &self.api_url)
            .finish()
    }
}

impl TelegramSettings {
    pub fn from_env() -> TelegramSettings {
        TelegramSettings {
            bot_token: var("TELEGRAM_BOT_TOKEN"),
            webhook_secret: var("TELEGRAM_WEBHOOK_SECRET"),
            api_url: var("TELEGRAM_API_URL"),
        }
    }

    /// The bot token, for a binary that cannot run without it.
    pub fn require_bot_token(&self) -> Result<&str, SettingsError> {
        self.bot_token.as_deref().ok_or(SettingsError::Missing {
            name: "TELEGRAM_BOT_TOKEN",
            hint: "set it to the token @BotFather gave",
        })
    }

    /// The webhook secret, for the webhook function.
    pub fn require_webhook_secret(&self) -> Result<&str, SettingsError> {
        self.webhook_secret
            .as_deref()
            .ok_or(SettingsError::Missing {
                name: "TELEGRAM_WEBHOOK_SECRET",
                hint: "set it to the secret given to setWebhook",
            })
    }
}

/// The WeChat official account's settings. Secrets are never printed (`Debug` hides them).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct WechatSettings {
    /// `WECHAT_TOKEN`: the token set on the account's server URL page.
    pub token: Option<String>,
    /// `WECHAT_APP_ID`: the account's AppID (checked inside safe-mode messages).
    pub app_id: Option<String>,
    /// `WECHAT_ENCODING_AES_KEY`: the 43-character key; safe mode when set.
    pub encoding_aes_key: Option<String>,
}

impl std::fmt::Debug for WechatSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatSettings")
            .field("token", &self.token.as_ref().map(|_| "(set)"))
            .field("app_id", &self.app_id)
            .field(
                "encoding_aes_key",
                &self.encoding_aes_key.as_ref().map(|_| "(set)"),
            )
            .finish()
    }
}

impl WechatSettings {
    pub fn from_env() -> WechatSettings {
        WechatSettings {
            token: var("WECHAT_TOKEN"),
            app_id: var("WECHAT_APP_ID"),
            encoding_aes_key: var("WECHAT_ENCODING_AES_KEY"),
        }
    }
}

/// Where the AWS SDK's configuration comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AwsSetup {
    /// aws-config's default chain: the environment, profile files (SSO, assumed roles),
    /// container and instance metadata; what a person's machine or a container may use.
    /// Built in with the `aws-default-chain` feature (the command line has it); without
    /// it, the environment is read alone.
    #[default]
    DefaultChain,
    /// The environment alone, as on Lambda, which puts the region and the function role's
    /// credentials there: a third of the cold start of the default chain.
    Environment,
}

/// casebook's settings: the same for a Lambda function (from the environment) and for
/// the command line (flags, which fall back to the same environment variables).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `CASEBOOK_BACKEND`.
    pub backend: Backend,
    /// `CASEBOOK_DATA_DIR`: the embedded backend's directory.
    pub data_dir: PathBuf,
    pub aws: AwsNames,
    /// Where the AWS SDK's configuration comes from on the AWS backend.
    pub aws_setup: AwsSetup,
    /// `CASEBOOK_CAMPAIGN`: the campaign file (the built-in 2024 call without one).
    pub campaign_file: Option<PathBuf>,
    /// `CASEBOOK_NOW`: the time the clock starts at, to rehearse a day of the call (on a
    /// function, only with `CASEBOOK_REHEARSAL=1`). Token and link expiry stay on the
    /// real clock whatever it says.
    pub now: Option<Timestamp>,
    /// Whether the clock follows the rehearsal kept with the data (`casebook rehearse`)
    /// when `now` is not set: the command line and `casebook serve` do; a Lambda function
    /// never does (a live deployment runs on the real clock).
    pub follow_rehearsal: bool,
    /// Whether [`Dependencies::build`] reads which call is open from the data: the
    /// command line does; a Lambda function reads it at its first request
    /// ([`Dependencies::following_open_call`]), so its start makes no request.
    ///
    /// [`Dependencies::build`]: crate::Dependencies::build
    /// [`Dependencies::following_open_call`]: crate::Dependencies::following_open_call
    pub read_open_call: bool,
    /// The call's year an organizer's command works on (`casebook admin --year`); `None`:
    /// the open call's, else the latest. Read with the open call.
    pub year: Option<i16>,
    /// `CASEBOOK_PUBLIC_URL`: the address applicants reach casebook at, for the embedded
    /// backend's upload and download links.
    pub public_url: Option<String>,
    /// `CASEBOOK_UPLOAD_ORIGIN`: where browsers upload attachments when that is not the
    /// API's own origin (on AWS the bucket's, `https://BUCKET.s3.REGION.amazonaws.com`):
    /// the applicant page's Content-Security-Policy lets it connect there too.
    pub upload_origin: Option<String>,
    pub telegram: TelegramSettings,
    /// On AWS, each role's token-signing key that this program is given (the embedded
    /// backend keeps all three in the data directory). Only roles with a setting appear.
    pub keys: Vec<KeySetting>,
    /// `CASEBOOK_SIGNING_KEY`, the one key every job shared before each had its own: set,
    /// it stops an AWS start with the names to use instead.
    pub retired_signing_key: bool,
    /// `CASEBOOK_ORGANIZERS`: who gets the digests (comma-separated e-mails), instead of
    /// the campaign file's `[reminders] organizers` (or its contact).
    pub organizers: Vec<String>,
    pub wechat: WechatSettings,
    pub smtp: SmtpSettings,
}

/// Mail from the embedded backend through an SMTP server (`CASEBOOK_SMTP_URL`, and
/// `CASEBOOK_SMTP_PASSWORD` when the URL holds none); without it mail lands in the data
/// directory's outbox. Both may hold a password: `Debug` prints neither.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SmtpSettings {
    pub url: Option<Secret>,
    pub password: Option<Secret>,
}

impl SmtpSettings {
    pub fn from_env() -> SmtpSettings {
        SmtpSettings {
            url: var("CASEBOOK_SMTP_URL").map(Secret::new),
            password: var("CASEBOOK_SMTP_PASSWORD").map(Secret::new),
        }
    }
}

/// Where one role's token-signing key comes from on AWS: given whole
/// (`CASEBOOK_REVIEWER_KEY`: base64 of 32 random bytes) or kept in Secrets Manager
/// (`CASEBOOK_REVIEWER_KEY_SECRET`: its ARN or name, read at the key's first use).
/// Setting both is refused at start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySetting {
    pub role: Role,
    pub given: Option<Secret>,
    pub secret_id: Option<String>,
}

/// The variable that gives `role`'s key whole; `{it}_SECRET` names its secret.
pub fn key_variable(role: Role) -> &'static str {
    match role {
        Role::Reviewer => "CASEBOOK_REVIEWER_KEY",
        Role::Organizer => "CASEBOOK_ORGANIZER_KEY",
        Role::OptOut => "CASEBOOK_OPT_OUT_KEY",
    }
}

/// The variable that names `role`'s secret in Secrets Manager.
pub fn key_secret_variable(role: Role) -> &'static str {
    match role {
        Role::Reviewer => "CASEBOOK_REVIEWER_KEY_SECRET",
        Role::Organizer => "CASEBOOK_ORGANIZER_KEY_SECRET",
        Role::OptOut => "CASEBOOK_OPT_OUT_KEY_SECRET",
    }
}

/// The key settings of the environment, for each role that has one.
fn key_settings() -> Vec<KeySetting> {
    Role::ALL
        .into_iter()
        .filter_map(|role| {
            let given = var(key_variable(role)).map(Secret);
            let secret_id = var(key_secret_variable(role));
            (given.is_some() || secret_id.is_some()).then_some(KeySetting {
                role,
                given,
                secret_id,
            })
        })
        .collect()
}

/// [`key_settings`], where the command line finds each role's secret by the table's name
/// when no variable says otherwise (`TABLE/reviewer-key`, …: what `casebook aws init` and
/// the template make). A Lambda function gets no default: it holds only what it is given.
fn key_settings_by_table(table: Option<&str>) -> Vec<KeySetting> {
    let mut keys = key_settings();
    if let Some(table) = table {
        for role in Role::ALL {
            if !keys.iter().any(|k| k.role == role) {
                keys.push(KeySetting {
                    role,
                    given: None,
                    secret_id: Some(format!("{table}/{}-key", role.name())),
                });
            }
        }
    }
    keys
}

/// A secret setting: `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(secret)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{name} is not set: {hint}")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    #[error("{name}={value:?} is not valid: {hint}")]
    Invalid {
        name: &'static str,
        value: String,
        hint: &'static str,
    },
}

/// The data directory when none is given.
pub const DEFAULT_DATA_DIR: &str = "casebook-data";

impl Settings {
    /// The settings from the environment: what a Lambda function has. The backend is
    /// `aws` there unless `CASEBOOK_BACKEND` says otherwise.
    pub fn from_env() -> Result<Settings, SettingsError> {
        let backend = match var("CASEBOOK_BACKEND").as_deref() {
            None | Some("aws") => Backend::Aws,
            Some("embedded") => Backend::Embedded,
            Some(other) => {
                return Err(SettingsError::Invalid {
                    name: "CASEBOOK_BACKEND",
                    value: other.to_string(),
                    hint: "use aws or embedded",
                });
            }
        };
        let now = match var("CASEBOOK_NOW") {
            // A deployed function runs on the real clock: a clock set by one variable
            // alone could be left in place, or set by someone who should not.
            Some(text) if !rehearsal()? => {
                return Err(SettingsError::Invalid {
                    name: "CASEBOOK_NOW",
                    value: text,
                    hint: "a function runs on the real clock; to rehearse a day of the call, set CASEBOOK_REHEARSAL=1 as well (never on a live deployment)",
                });
            }
            Some(text) => Some(text.parse().map_err(|_| SettingsError::Invalid {
                name: "CASEBOOK_NOW",
                value: text,
                hint: "use an RFC 3339 time such as 2024-05-01T09:00:00+08:00",
            })?),
            None => None,
        };
        Ok(Settings {
            backend,
            data_dir: var("CASEBOOK_DATA_DIR")
                .unwrap_or_else(|| DEFAULT_DATA_DIR.into())
                .into(),
            aws: AwsNames::from_env(),
            aws_setup: AwsSetup::Environment,
            campaign_file: var("CASEBOOK_CAMPAIGN").map(PathBuf::from),
            now,
            follow_rehearsal: false,
            read_open_call: false,
            year: None,
            public_url: var("CASEBOOK_PUBLIC_URL"),
            upload_origin: origin_var("CASEBOOK_UPLOAD_ORIGIN")?,
            telegram: TelegramSettings::from_env(),
            keys: key_settings(),
            retired_signing_key: var("CASEBOOK_SIGNING_KEY").is_some(),
            organizers: list("CASEBOOK_ORGANIZERS"),
            wechat: WechatSettings::from_env(),
            smtp: SmtpSettings::from_env(),
        })
    }
}

impl Settings {
    /// The settings of a command line: what its flags chose, everything else from the
    /// environment.
    pub fn from_flags(
        backend: Backend,
        data_dir: PathBuf,
        campaign_file: Option<PathBuf>,
        now: Option<Timestamp>,
    ) -> Settings {
        let aws = AwsNames::from_env();
        Settings {
            backend,
            data_dir,
            keys: key_settings_by_table(aws.table.as_deref()),
            aws,
            aws_setup: AwsSetup::DefaultChain,
            campaign_file,
            now,
            follow_rehearsal: true,
            read_open_call: true,
            year: None,
            public_url: var("CASEBOOK_PUBLIC_URL"),
            // `casebook serve` takes uploads on its own origin.
            upload_origin: None,
            telegram: TelegramSettings::from_env(),
            retired_signing_key: var("CASEBOOK_SIGNING_KEY").is_some(),
            organizers: list("CASEBOOK_ORGANIZERS"),
            wechat: WechatSettings::from_env(),
            smtp: SmtpSettings::from_env(),
        }
    }
}

impl AwsNames {
    pub fn from_env() -> AwsNames {
        AwsNames {
            table: var("CASEBOOK_TABLE"),
            bucket: var("CASEBOOK_BUCKET"),
            mail_from: var("CASEBOOK_MAIL_FROM"),
        }
    }
}

/// `CASEBOOK_REHEARSAL`: whether a function may run on `CASEBOOK_NOW`'s clock.
fn rehearsal() -> Result<bool, SettingsError> {
    match var("CASEBOOK_REHEARSAL").as_deref() {
        None | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(other) => Err(SettingsError::Invalid {
            name: "CASEBOOK_REHEARSAL",
            value: other.chars().take(40).collect(),
            hint: "use 1 (rehearse on CASEBOOK_NOW's clock) or leave it unset",
        }),
    }
}

/// A comma-separated variable's items, trimmed, blanks dropped.
fn list(name: &str) -> Vec<String> {
    var(name)
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A variable's value, trimmed; unset and blank are the same.
/// A web origin (`https://host[:port]`, nothing after it): what a security policy may
/// name, so nothing else can be slipped into one.
fn origin_var(name: &'static str) -> Result<Option<String>, SettingsError> {
    let Some(value) = var(name) else {
        return Ok(None);
    };
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match host {
        Some(host)
            if !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')) =>
        {
            Ok(Some(value))
        }
        _ => Err(SettingsError::Invalid {
            name,
            value,
            hint: "use one origin such as https://my-bucket.s3.eu-west-1.amazonaws.com (no path, no wildcard)",
        }),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_origin_is_one_origin_or_refused_by_name() {
        // SAFETY: nextest runs each test in its own process; nothing else reads these.
        unsafe {
            std::env::set_var(
                "CASEBOOK_TEST_ORIGIN",
                "https://b.s3.eu-west-1.amazonaws.com",
            )
        };
        assert_eq!(
            origin_var("CASEBOOK_TEST_ORIGIN").unwrap().as_deref(),
            Some("https://b.s3.eu-west-1.amazonaws.com")
        );
        for bad in [
            "https://b.example.org/path",
            "https://*.example.org",
            "b.example.org",
            "https://a; script-src *",
        ] {
            unsafe { std::env::set_var("CASEBOOK_TEST_ORIGIN", bad) };
            let refused = origin_var("CASEBOOK_TEST_ORIGIN").unwrap_err().to_string();
            assert!(refused.starts_with("CASEBOOK_TEST_ORIGIN="), "{refused}");
        }
        unsafe { std::env::remove_var("CASEBOOK_TEST_ORIGIN") };
        assert_eq!(origin_var("CASEBOOK_TEST_ORIGIN").unwrap(), None);
    }
}
