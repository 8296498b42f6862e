//! The one place that opens a backend's adapters and builds the services over them.

use std::sync::Arc;
use std::time::Instant;

use casebook_core::decision::{AnnouncementService, DecisionService};
use casebook_core::reminders::OptOutService;
use casebook_core::{
    AccessTokens, ApplicationService, AttachmentService, BlobStore, Campaign, CampaignLoadError,
    Clock, GivenKeys, KeySource, Mailer, OrganizerService, RehearsalClock, ReminderService,
    ReviewServices, Role, SignedUrls, Stores, clock_starting_at,
};

#[cfg(feature = "aws-default-chain")]
use crate::settings::AwsSetup;
use crate::settings::{Backend, Settings, key_variable};

#[derive(thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Campaign(#[from] CampaignLoadError),
    #[error("{name} is not set: {hint}")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    #[error("the {0:?} backend is not built into this binary")]
    NotBuiltIn(Backend),
    #[cfg(feature = "embedded")]
    #[error(transparent)]
    Open(#[from] casebook_embedded::OpenError),
    #[cfg(feature = "embedded")]
    #[error(transparent)]
    Smtp(#[from] casebook_embedded::SmtpUrlError),
    #[error(
        "CASEBOOK_ORGANIZERS: {0:?} is not an e-mail address (use addresses separated by commas)"
    )]
    Organizer(String),
    #[error("{variable}: {source}")]
    BadKey {
        variable: &'static str,
        source: casebook_core::access::AccessKeyError,
    },
    #[error(
        "{variable} and {variable}_SECRET are both set: give the {role} key one way (the secret, on AWS)"
    )]
    KeyTwice { role: Role, variable: &'static str },
    #[error(
        "{variable}_SECRET is not set: this program signs or checks {role} tokens and needs that key (the ARN of its secret in Secrets Manager, which the template makes; or {variable}, the key itself: 32 random bytes in base64 from `openssl rand -base64 32`)"
    )]
    NoKey { role: Role, variable: &'static str },
    #[error(
        "CASEBOOK_SIGNING_KEY is no longer read: each job has its own key. Set CASEBOOK_REVIEWER_KEY_SECRET, CASEBOOK_ORGANIZER_KEY_SECRET and CASEBOOK_OPT_OUT_KEY_SECRET (the template's secrets) for what this program does, and unset CASEBOOK_SIGNING_KEY"
    )]
    RetiredSigningKey,
    /// The Telegram client could not be made (`TELEGRAM_API_URL` is not an address).
    #[error("{0}")]
    Telegram(String),
    #[error("cannot read the rehearsal clock kept with the data: {0}")]
    Rehearsal(casebook_core::StoreError),
    #[error("cannot read which call is open from the data: {0}")]
    OpenCallUnreadable(casebook_core::StoreError),
    #[error(transparent)]
    OpenCall(#[from] casebook_core::campaign::OpenCallError),
    #[error("cannot keep the link-signing key in {dir}")]
    SigningKey {
        dir: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// The campaign of the call the data says is open (`casebook campaign open|close`), or
/// `given` (`CASEBOOK_CAMPAIGN`, else the built-in call) when the organizers never chose:
/// one read of the store, and the installed files only when a year was chosen. With
/// `year`, that year's (`casebook admin --year`), closed unless it is the open call.
async fn open_call_campaign(
    stores: &Stores,
    given: Arc<Campaign>,
    year: Option<i16>,
) -> Result<Arc<Campaign>, StartupError> {
    use casebook_core::OpenCall;
    let open = stores
        .campaigns
        .open_call()
        .await
        .map_err(StartupError::OpenCallUnreadable)?;
    if open == OpenCall::Given && year.is_none_or(|y| y == given.year()) {
        return Ok(given);
    }
    let installed = stores
        .campaigns
        .installed_campaigns()
        .await
        .map_err(StartupError::OpenCallUnreadable)?;
    let given = (*given).clone();
    let campaign = match year {
        Some(year) => casebook_core::campaign::year_campaign(year, open, &installed, given)?,
        None => casebook_core::campaign::open_campaign(open, &installed, given)?,
    };
    Ok(Arc::new(campaign))
}

/// The message, not the variant: a function's `main` returns this error, and Lambda's
/// runtime prints it with `{:?}` as the reason the start failed.
impl std::fmt::Debug for StartupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")
    }
}

/// Blob storage and the signed URLs that move files to and from it.
#[derive(Clone)]
pub struct Files {
    pub blobs: Arc<dyn BlobStore>,
    pub urls: Arc<dyn SignedUrls>,
}

/// The rehearsal clock a command runs on, and the call's time on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockNotice {
    /// `--now`, for this command only.
    NowFlag(String),
    /// `casebook rehearse`, kept with the data.
    Rehearsal(String),
}

/// A backend's adapters, ready for the services.
#[derive(Clone)]
pub struct Dependencies {
    pub campaign: Arc<Campaign>,
    /// The campaign given at the start (`CASEBOOK_CAMPAIGN`, else the built-in call): it
    /// stands for its year where that year is not installed.
    given: Arc<Campaign>,
    pub clock: Arc<dyn Clock>,
    /// The clock when it follows the rehearsal kept with the data (see
    /// [`Self::refresh_rehearsal`]); `None` on `--now` and in Lambda functions.
    pub rehearsal_clock: Option<Arc<RehearsalClock>>,
    pub stores: Stores,
    pub files: Option<Files>,
    pub mailer: Option<Arc<dyn Mailer>>,
    /// Signs and checks reviewer, organizer and opt-out tokens, each role with its own
    /// key: the data directory's three on the embedded backend; on AWS only those this
    /// program is given (`CASEBOOK_*_KEY_SECRET`), read at their first use.
    pub access: Arc<AccessTokens>,
    /// The address reviewers reach casebook at (the review page's links).
    pub public_url: Option<String>,
    /// Who gets the digests, when `CASEBOOK_ORGANIZERS` says (else the campaign's).
    pub organizers: Vec<casebook_core::Email>,
    /// Where the data lives, for the log.
    pub place: String,
    /// The embedded backend's folder and signed URLs, which `casebook serve` also serves.
    #[cfg(feature = "embedded")]
    pub local: Option<(
        casebook_embedded::FolderBlobStore,
        Arc<casebook_embedded::LocalSignedUrls>,
    )>,
    /// The AWS backend's SDK configuration, for the clients added on demand.
    #[cfg(feature = "aws")]
    aws: Option<aws_config::SdkConfig>,
}

impl Dependencies {
    /// Loads the campaign, starts the clock and opens the backend of `settings`: the
    /// store, and on the embedded backend its files and outbox too. On AWS the S3 and SES
    /// clients are added by [`Self::with_files`] and [`Self::with_mail`], so a function
    /// that never calls them links neither (binary size, cold start).
    pub async fn build(settings: &Settings) -> Result<Dependencies, StartupError> {
        let started = Instant::now();
        let campaign = Arc::new(Campaign::load(settings.campaign_file.as_deref())?);
        // `--now` for one command; else, on the command line, the rehearsal kept with the
        // data (read once the store is open); else the real clock.
        let rehearsal_clock = (settings.now.is_none() && settings.follow_rehearsal)
            .then(|| Arc::new(RehearsalClock::following(None)));
        let clock: Arc<dyn Clock> = match &rehearsal_clock {
            Some(followed) => followed.clone(),
            None => clock_starting_at(settings.now),
        };
        let campaign_us = started.elapsed().as_micros() as u64;
        let deps = match settings.backend {
            #[cfg(feature = "embedded")]
            Backend::Embedded => embedded(settings, campaign, clock)?,
            #[cfg(feature = "aws")]
            Backend::Aws => aws(settings, campaign, clock).await?,
            #[allow(unreachable_patterns)]
            other => return Err(StartupError::NotBuiltIn(other)),
        };
        let mut deps = deps;
        if settings.read_open_call {
            deps.campaign =
                open_call_campaign(&deps.stores, deps.given.clone(), settings.year).await?;
        }
        deps.rehearsal_clock = rehearsal_clock;
        deps.refresh_rehearsal()
            .await
            .map_err(StartupError::Rehearsal)?;
        for address in &settings.organizers {
            let email = casebook_core::Email::parse(address)
                .map_err(|_| StartupError::Organizer(address.clone()))?;
            deps.organizers.push(email);
        }
        // What a cold start spends before its first request (measured by scripts/bench).
        let total_us = started.elapsed().as_micros() as u64;
        tracing::info!(
            campaign_us,
            backend_us = total_us - campaign_us,
            total_us,
            "initialised"
        );
        Ok(deps)
    }

    /// These dependencies on the campaign of the call the data says is open. A Lambda
    /// function calls it at its first request (`casebook_http::on_first_request`), once
    /// its services were made on the campaign given at the start, so that a missing
    /// setting stops the start and is named there, and the start makes no request.
    pub async fn following_open_call(mut self) -> Result<Dependencies, StartupError> {
        self.campaign = open_call_campaign(&self.stores, self.given.clone(), None).await?;
        Ok(self)
    }

    /// These dependencies on `year`'s campaign, as organizers work on it (`?year=`): the
    /// open call's when it is that year's, else that year's closed; `None` when there is
    /// no such year here.
    pub async fn for_year(&self, year: i16) -> Result<Option<Dependencies>, StartupError> {
        match open_call_campaign(&self.stores, self.given.clone(), Some(year)).await {
            Ok(campaign) => Ok(Some(Dependencies {
                campaign,
                ..self.clone()
            })),
            Err(StartupError::OpenCall(casebook_core::campaign::OpenCallError::UnknownYear(_))) => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// What an organizers' function serves for a year asked (`casebook_http::by_year`):
    /// `make` on [`Self::for_year`]'s dependencies.
    #[allow(clippy::type_complexity)]
    pub fn on_year<T>(
        self,
        make: impl Fn(&Dependencies) -> Result<T, StartupError> + Clone + Send + Sync + 'static,
    ) -> impl Fn(i16) -> std::pin::Pin<Box<dyn Future<Output = Result<Option<T>, String>> + Send>>
    + Clone
    + Send
    + Sync
    + 'static
    where
        T: Send + 'static,
    {
        move |year| {
            let (deps, make) = (self.clone(), make.clone());
            Box::pin(async move {
                match deps.for_year(year).await.map_err(|e| e.to_string())? {
                    Some(deps) => make(&deps).map(Some).map_err(|e| e.to_string()),
                    None => Ok(None),
                }
            })
        }
    }

    /// What a Lambda function serves, as `casebook_http::on_first_request` makes it:
    /// `make` runs now on the campaign given (a missing setting stops the start, named),
    /// and at the first request on the open call's.
    #[allow(clippy::type_complexity)]
    pub fn on_open_call<T, E>(
        self,
        make: impl Fn(&Dependencies) -> Result<T, E> + Clone + Send + Sync + 'static,
    ) -> Result<
        impl Fn() -> std::pin::Pin<Box<dyn Future<Output = Result<T, String>> + Send>>
        + Clone
        + Send
        + Sync
        + 'static,
        E,
    >
    where
        T: Send + 'static,
        E: std::fmt::Display + 'static,
    {
        make(&self)?;
        Ok(move || {
            let (deps, make) = (self.clone(), make.clone());
            Box::pin(async move {
                let deps = deps
                    .following_open_call()
                    .await
                    .map_err(|e| e.to_string())?;
                make(&deps).map_err(|e| e.to_string())
            }) as std::pin::Pin<Box<dyn Future<Output = Result<T, String>> + Send>>
        })
    }

    /// Re-reads the rehearsal kept with the data and follows it (`casebook serve` does
    /// before each request, so `casebook rehearse` needs no restart). Nothing to do on
    /// `--now` or in a Lambda function.
    pub async fn refresh_rehearsal(&self) -> Result<(), casebook_core::StoreError> {
        if let Some(clock) = &self.rehearsal_clock {
            clock.follow(self.stores.rehearsal.rehearsal().await?);
        }
        Ok(())
    }

    /// Which rehearsal clock a command runs on, with the call's time now ("2024-09-02
    /// 09:00 CST"), or `None` on the real clock: the command says it first.
    pub fn clock_notice(&self, now_flag: Option<jiff::Timestamp>) -> Option<ClockNotice> {
        let now = self
            .clock
            .now()
            .to_zoned_datetime(self.campaign.zone().clone())
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string();
        if now_flag.is_some() {
            return Some(ClockNotice::NowFlag(now));
        }
        self.rehearsal_clock.as_ref()?.rehearsal()?;
        Some(ClockNotice::Rehearsal(now))
    }

    /// Adds blob storage and signed URLs on AWS when `CASEBOOK_BUCKET` is set (the
    /// embedded backend has them already).
    pub fn with_files(mut self, settings: &Settings) -> Dependencies {
        #[cfg(feature = "aws")]
        if let (Some(config), Some(bucket), None) = (&self.aws, &settings.aws.bucket, &self.files) {
            use casebook_aws::{S3BlobStore, S3SignedUrls};
            // Built at the first file (most invocations handle none).
            let s3 = casebook_aws::s3_client_on_first_use(config);
            self.files = Some(Files {
                blobs: Arc::new(S3BlobStore::new(s3.clone(), bucket)),
                urls: Arc::new(S3SignedUrls::new(s3, bucket, self.clock.clone())),
            });
            self.place.push_str(&format!(", bucket {bucket}"));
        }
        let _ = settings;
        self
    }

    /// Adds SES for confirmations on AWS when `CASEBOOK_MAIL_FROM` is set (the embedded
    /// backend has its outbox already; without either, confirmations stay pending).
    pub fn with_mail(mut self, settings: &Settings) -> Dependencies {
        #[cfg(feature = "aws")]
        if let (Some(config), Some(from), None) = (&self.aws, &settings.aws.mail_from, &self.mailer)
        {
            self.mailer = Some(Arc::new(casebook_aws::SesMailer::from_config(config, from)));
        }
        let _ = settings;
        self
    }

    /// [`Self::with_mail`] for bulk senders (the reminder job): on AWS, SES paced to the
    /// account's sending rate (`GetSendQuota`, asked at the first send; one a second if it
    /// cannot be read).
    pub fn with_paced_mail(mut self, settings: &Settings) -> Dependencies {
        #[cfg(feature = "aws")]
        if let (Some(config), Some(from), None) = (&self.aws, &settings.aws.mail_from, &self.mailer)
        {
            let ses = casebook_aws::SesMailer::from_config(config, from);
            self.mailer = Some(Arc::new(casebook_aws::PacedMailer::at_account_rate(ses)));
        }
        let _ = settings;
        self
    }

    /// The applicant service, sending confirmations through the mailer if there is one.
    pub fn applications(&self) -> ApplicationService {
        let mut service =
            ApplicationService::new(&self.stores, self.clock.clone(), self.campaign.clone());
        // Links mailed to continue an application open the applicant page.
        if let Some(public_url) = &self.public_url {
            service = service.with_page_url(format!("{}/apply", public_url.trim_end_matches('/')));
        }
        match &self.mailer {
            Some(mailer) => service.with_mailer(mailer.clone()),
            None => service,
        }
    }

    /// The attachment service over [`Self::applications`], where files are configured.
    pub fn attachments(&self) -> Option<AttachmentService> {
        let files = self.files.as_ref()?;
        Some(AttachmentService::new(
            self.applications(),
            files.blobs.clone(),
            files.urls.clone(),
        ))
    }

    /// The signing keys, holding `roles`' (checked now, fetched at their first use), and
    /// the public address: what every signed link needs.
    fn links(&self, roles: &[Role]) -> Result<(Arc<AccessTokens>, String), StartupError> {
        if let Some(&role) = roles.iter().find(|r| !self.access.holds(**r)) {
            return Err(StartupError::NoKey {
                role,
                variable: key_variable(role),
            });
        }
        let access = self.access.clone();
        let public_url = self.public_url.clone().ok_or(StartupError::Missing {
            name: "CASEBOOK_PUBLIC_URL",
            hint: "set it to the address of the HTTP API, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com",
        })?;
        Ok((access, public_url.trim_end_matches('/').to_string()))
    }

    /// The reminder job and its opt-out links, sending through the mailer if there is one.
    /// Its reviewer nudges carry sign-in links: it holds the reviewer key too.
    pub fn reminders(&self) -> Result<ReminderService, StartupError> {
        self.reminders_over(&self.reviews()?)
    }

    /// [`Self::reminders`] over review services already built (the admin function has
    /// them: no second set at its cold start).
    pub fn reminders_over(
        &self,
        reviews: &ReviewServices,
    ) -> Result<ReminderService, StartupError> {
        let service = ReminderService::new(
            &self.stores,
            self.clock.clone(),
            self.campaign.clone(),
            self.opt_outs()?,
            reviews,
        );
        let service = if self.organizers.is_empty() {
            service
        } else {
            service.with_organizers(self.organizers.clone())
        };
        Ok(match &self.mailer {
            Some(mailer) => service.with_mailer(mailer.clone()),
            None => service,
        })
    }

    /// The opt-out page's service: it checks opt-out links, and holds no other key.
    pub fn opt_outs(&self) -> Result<OptOutService, StartupError> {
        let (access, public_url) = self.links(&[Role::OptOut])?;
        Ok(OptOutService::new(
            &self.stores,
            self.clock.clone(),
            self.campaign.clone(),
            access,
            &public_url,
        ))
    }

    /// The review services, for the reviewer and organizer routes and `casebook admin`:
    /// their links point at `CASEBOOK_PUBLIC_URL` (on the embedded backend, the local
    /// server by default).
    pub fn reviews(&self) -> Result<ReviewServices, StartupError> {
        let (access, public_url) = self.links(&[Role::Reviewer])?;
        Ok(ReviewServices::new(
            &self.stores,
            self.clock.clone(),
            self.campaign.clone(),
            access,
            format!("{public_url}/review"),
            self.mailer.clone(),
            self.attachments(),
        ))
    }

    /// The registry of organizers, which every organizer token is checked against: its
    /// sign-in links open `CASEBOOK_PUBLIC_URL`'s `/console`.
    pub fn organizers(&self) -> Result<OrganizerService, StartupError> {
        let (access, public_url) = self.links(&[Role::Organizer])?;
        let service = OrganizerService::new(
            &self.stores,
            self.clock.clone(),
            self.campaign.clone(),
            access,
            format!("{public_url}/console"),
        );
        Ok(match &self.mailer {
            Some(mailer) => service.with_mailer(mailer.clone()),
            None => service,
        })
    }

    /// Closing rounds, rankings, decisions and their log, the call's figures, the export
    /// and the publication.
    pub fn decisions(&self) -> DecisionService {
        DecisionService::new(&self.stores, self.clock.clone(), self.campaign.clone())
    }

    /// Announcing the outcomes: e-mails through the mailer, when there is one (chats are
    /// added by whoever holds a chat notifier).
    pub fn announcements(&self) -> AnnouncementService {
        let service =
            AnnouncementService::new(&self.stores, self.clock.clone(), self.campaign.clone());
        match &self.mailer {
            Some(mailer) => service.with_mailer(mailer.clone()),
            None => service,
        }
    }

    /// The organizers' inbox of unanswered questions (answers written in chats are
    /// added by whoever holds a chat notifier).
    pub fn questions(&self) -> casebook_core::QuestionService {
        casebook_core::QuestionService::new(&self.stores, self.clock.clone(), self.campaign.clone())
    }

    /// [`Self::attachments`] for a binary that cannot run without them.
    pub fn require_attachments(&self) -> Result<AttachmentService, StartupError> {
        self.attachments().ok_or(StartupError::Missing {
            name: "CASEBOOK_BUCKET",
            hint: BUCKET_HINT,
        })
    }
}

const BUCKET_HINT: &str = "set it to the S3 bucket name, e.g. casebook-files-123456789012";
const TABLE_HINT: &str = "set it to the DynamoDB table name, e.g. casebook";

/// The embedded backend: everything in the data directory.
#[cfg(feature = "embedded")]
fn embedded(
    settings: &Settings,
    campaign: Arc<Campaign>,
    clock: Arc<dyn Clock>,
) -> Result<Dependencies, StartupError> {
    use crate::settings::Secret;
    use casebook_embedded::{
        FolderBlobStore, LocalSignedUrls, OutboxMailer, SmtpMailer, SqliteStore,
    };
    let dir = &settings.data_dir;
    let store = SqliteStore::open_dir(dir)?;
    let blobs = FolderBlobStore::new(dir.join("blobs"));
    let secret =
        LocalSignedUrls::secret_from_dir(dir).map_err(|source| StartupError::SigningKey {
            dir: dir.clone(),
            source,
        })?;
    let base_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| DEFAULT_LOCAL_URL.to_string());
    let urls = Arc::new(LocalSignedUrls::new(base_url.clone(), secret));
    // One file per role's key (mode 0600), made at the first start.
    let mut keys = GivenKeys::default();
    for role in Role::ALL {
        let file = format!("{}.key", role.name());
        let key = casebook_embedded::secret_in_dir(dir, &file).map_err(|source| {
            StartupError::SigningKey {
                dir: dir.clone(),
                source,
            }
        })?;
        keys = keys
            .with(role, &key)
            .map_err(|source| StartupError::BadKey {
                variable: key_variable(role),
                source,
            })?;
    }
    // Mail goes through the SMTP server when one is given, else it lands in the outbox;
    // from the call's contact either way.
    let from = campaign.contact().email.clone();
    let mailer: Arc<dyn casebook_core::mail::Mailer> = match &settings.smtp.url {
        Some(url) => {
            let password = settings.smtp.password.as_ref().map(Secret::expose);
            let smtp = SmtpMailer::from_url(url.expose(), password, from)?;
            tracing::info!(server = smtp.server(), "mail is sent through SMTP");
            Arc::new(smtp)
        }
        None => Arc::new(OutboxMailer::new(dir.join("outbox"), from)),
    };
    let place = format!(
        "{} and {}",
        store.path().display(),
        dir.join("blobs").display()
    );
    Ok(Dependencies {
        given: campaign.clone(),
        campaign,
        clock,
        rehearsal_clock: None,
        stores: Stores::backed_by(Arc::new(store)),
        files: Some(Files {
            blobs: Arc::new(blobs.clone()),
            urls: urls.clone(),
        }),
        mailer: Some(mailer),
        access: Arc::new(AccessTokens::new(Arc::new(keys))),
        public_url: Some(base_url),
        organizers: Vec::new(),
        place,
        local: Some((blobs, urls)),
        #[cfg(feature = "aws")]
        aws: None,
    })
}

/// Where `casebook serve` listens by default: the embedded links point there unless
/// `CASEBOOK_PUBLIC_URL` says otherwise.
#[cfg(feature = "embedded")]
pub const DEFAULT_LOCAL_URL: &str = "http://127.0.0.1:8080";

/// The AWS backend: the table (the bucket and the sender are added on demand).
#[cfg(feature = "aws")]
async fn aws(
    settings: &Settings,
    campaign: Arc<Campaign>,
    clock: Arc<dyn Clock>,
) -> Result<Dependencies, StartupError> {
    let table = settings.aws.table.clone().ok_or(StartupError::Missing {
        name: "CASEBOOK_TABLE",
        hint: TABLE_HINT,
    })?;
    let config = match settings.aws_setup {
        #[cfg(feature = "aws-default-chain")]
        AwsSetup::DefaultChain => casebook_aws::sdk_config().await,
        // Without the chain built in, the environment is all there is to read.
        _ => casebook_aws::lambda_sdk_config(),
    };
    let endpoint = config.endpoint_url().unwrap_or("AWS").to_string();
    let place = format!("DynamoDB table {table} on {endpoint}");
    let store = casebook_aws::DynamoStore::from_config(&config, table);
    let access = Arc::new(AccessTokens::new(aws_keys(settings, &config)?));
    Ok(Dependencies {
        given: campaign.clone(),
        campaign,
        clock,
        rehearsal_clock: None,
        stores: Stores::backed_by(Arc::new(store)),
        files: None,
        mailer: None,
        access,
        public_url: settings.public_url.clone(),
        organizers: Vec::new(),
        place,
        #[cfg(feature = "embedded")]
        local: None,
        aws: Some(config),
    })
}

/// The keys an AWS program is given: a key given whole is checked now (random bytes in
/// base64, or the start fails with the reason); a secret's is read at its first use.
#[cfg(feature = "aws")]
fn aws_keys(
    settings: &Settings,
    config: &aws_config::SdkConfig,
) -> Result<Arc<dyn KeySource>, StartupError> {
    if settings.retired_signing_key {
        return Err(StartupError::RetiredSigningKey);
    }
    let mut given = GivenKeys::default();
    let mut stored = Vec::new();
    for setting in &settings.keys {
        let variable = key_variable(setting.role);
        match (&setting.given, &setting.secret_id) {
            (Some(_), Some(_)) => {
                return Err(StartupError::KeyTwice {
                    role: setting.role,
                    variable,
                });
            }
            (Some(key), None) => {
                let bad = |source| StartupError::BadKey { variable, source };
                let bytes = casebook_core::access::key_from_base64(key.expose()).map_err(bad)?;
                given = given.with(setting.role, &bytes).map_err(bad)?;
            }
            (None, Some(id)) => stored.push((setting.role, id.clone())),
            (None, None) => {}
        }
    }
    if stored.is_empty() {
        return Ok(Arc::new(given));
    }
    Ok(Arc::new(GivenThenStored {
        given,
        stored: casebook_aws::SecretsManagerKeys::new(config, stored),
    }))
}

/// Keys given whole, and the rest from Secrets Manager.
#[cfg(feature = "aws")]
struct GivenThenStored {
    given: GivenKeys,
    stored: casebook_aws::SecretsManagerKeys,
}

#[cfg(feature = "aws")]
#[async_trait::async_trait]
impl KeySource for GivenThenStored {
    fn holds(&self, role: Role) -> bool {
        self.given.holds(role) || self.stored.holds(role)
    }

    async fn key(&self, role: Role) -> Result<Vec<u8>, casebook_core::KeyUnavailable> {
        if self.given.holds(role) {
            self.given.key(role).await
        } else {
            self.stored.key(role).await
        }
    }
}
