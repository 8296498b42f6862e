use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use casebook_aws::{
    AwsClients, BUCKET_HINT, DynamoStore, S3BlobStore, S3TransferLinks, SesMailer, TABLE_HINT,
    required_setting,
};
use casebook_bot::Engine;
use casebook_bot::telegram::TelegramBot;
use casebook_core::{
    ApplicationService, ApplicationStore, AttachmentService, BlobStore, Campaign, Clock, Email,
    Lang, Mailer, TransferLinks,
};
use casebook_embedded::{FolderBlobStore, LocalTransfers, OutboxMailer, SqliteStore};
use jiff::SignedDuration;

use crate::transfers::{self, LocalTransferState};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, env = "CASEBOOK_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Directory for the database, uploaded files and the link-signing key (created if
    /// missing); embedded backend only.
    #[arg(long, env = "CASEBOOK_DATA_DIR", default_value = "casebook-data")]
    data_dir: PathBuf,

    /// Where data lives: `embedded` (SQLite and files in --data-dir) or `aws` (DynamoDB
    /// table CASEBOOK_TABLE and bucket CASEBOOK_BUCKET, on AWS or AWS_ENDPOINT_URL).
    #[arg(long, env = "CASEBOOK_BACKEND", value_enum, default_value_t = Backend::Embedded)]
    backend: Backend,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    Embedded,
    Aws,
}

/// What the chosen backend keeps data in.
struct Backing {
    store: Arc<dyn ApplicationStore>,
    blobs: Arc<dyn BlobStore>,
    links: Arc<dyn TransferLinks>,
    /// The embedded backend also serves its own upload and download links.
    local: Option<(FolderBlobStore, Arc<LocalTransfers>)>,
    /// A line for the log saying where data lives.
    place: String,
    /// SES, when the AWS backend has a sender (CASEBOOK_MAIL_FROM).
    ses: Option<SesMailer>,
}

async fn open_backend(
    args: &ServeArgs,
    base_url: &str,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Backing> {
    match args.backend {
        Backend::Embedded => {
            let store = SqliteStore::open_dir(&args.data_dir)?;
            let blobs = FolderBlobStore::new(args.data_dir.join("blobs"));
            let secret = LocalTransfers::secret_from_dir(&args.data_dir).with_context(|| {
                format!(
                    "cannot keep the link-signing key in {}",
                    args.data_dir.display()
                )
            })?;
            let links = Arc::new(LocalTransfers::new(base_url, secret));
            let place = format!(
                "{} and {}",
                store.path().display(),
                args.data_dir.join("blobs").display()
            );
            Ok(Backing {
                store: Arc::new(store),
                blobs: Arc::new(blobs.clone()),
                links: links.clone(),
                local: Some((blobs, links)),
                place,
                ses: None,
            })
        }
        Backend::Aws => {
            let table = required_setting("CASEBOOK_TABLE", TABLE_HINT)?;
            let bucket = required_setting("CASEBOOK_BUCKET", BUCKET_HINT)?;
            let config = casebook_aws::sdk_config().await;
            let clients = AwsClients::from_config(&config);
            let place = format!(
                "DynamoDB table {table} and bucket {bucket} on {}",
                config.endpoint_url().unwrap_or("AWS")
            );
            Ok(Backing {
                store: Arc::new(DynamoStore::new(clients.dynamodb.clone(), table)),
                blobs: Arc::new(S3BlobStore::new(clients.s3.clone(), &bucket)),
                links: Arc::new(S3TransferLinks::new(clients.s3.clone(), bucket, clock)),
                local: None,
                place,
                ses: std::env::var("CASEBOOK_MAIL_FROM")
                    .ok()
                    .filter(|f| !f.trim().is_empty())
                    .map(|from| SesMailer::new(clients.ses.clone(), from)),
            })
        }
    }
}

impl Backing {
    /// Where confirmation e-mails go: the data directory's outbox on the embedded
    /// backend; SES from CASEBOOK_MAIL_FROM on AWS (none if it is not set).
    fn mailer(&self, args: &ServeArgs, contact: Email) -> Option<Arc<dyn Mailer>> {
        match (&self.local, &self.ses) {
            (Some(_), _) => Some(Arc::new(OutboxMailer::new(
                args.data_dir.join("outbox"),
                contact,
            ))),
            (None, Some(ses)) => Some(Arc::new(ses.clone())),
            (None, None) => None,
        }
    }
}

/// The Telegram bot, when TELEGRAM_BOT_TOKEN is set (TELEGRAM_API_URL overrides the
/// Bot API's address, e.g. for a local test server).
fn telegram_from_env(
    applications: &ApplicationService,
    store: Arc<dyn ApplicationStore>,
) -> anyhow::Result<Option<TelegramBot>> {
    let Some(token) = std::env::var("TELEGRAM_BOT_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
    else {
        return Ok(None);
    };
    let api_url = std::env::var("TELEGRAM_API_URL").ok();
    let bot = casebook_bot::telegram::bot(token.trim(), api_url.as_deref())
        .map_err(anyhow::Error::msg)?;
    let engine = Engine::new(applications.clone());
    Ok(Some(TelegramBot::new(bot, engine, store)))
}

/// How long after its grant ran out an unfinished upload is swept away, and how often.
const ABANDONED_GRACE: SignedDuration = SignedDuration::from_mins(10);
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn run(args: ServeArgs, campaign: Campaign, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let started = Instant::now();
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (is another casebook running? try --addr 127.0.0.1:0)",
                args.addr
            )
        })?;
    let local = listener
        .local_addr()
        .context("reading the listening address")?;
    let base_url =
        std::env::var("CASEBOOK_PUBLIC_URL").unwrap_or_else(|_| format!("http://{local}"));
    let backing = open_backend(&args, &base_url, clock.clone()).await?;
    let now = clock.now();
    if campaign.is_open(now) {
        tracing::info!(year = campaign.year, deadline = %campaign.deadline_text(Lang::En), "the call is open");
    } else {
        tracing::warn!(
            year = campaign.year,
            deadline = %campaign.deadline_text(Lang::En),
            "the call has closed: submissions are refused (use --now to rehearse an open call)"
        );
    }
    let contact = campaign.contact.email.clone();
    let mut applications =
        ApplicationService::new(backing.store.clone(), clock, Arc::new(campaign));
    if let Some(mailer) = backing.mailer(&args, contact) {
        applications = applications.with_mailer(mailer);
    }
    let attachments = AttachmentService::new(applications.clone(), backing.blobs, backing.links);
    if let Some(telegram) = telegram_from_env(&applications, backing.store.clone())? {
        let telegram = telegram.with_attachments(attachments.clone());
        tokio::spawn(async move { telegram.poll().await });
        tracing::info!("answering Telegram by long polling");
    }
    let mut app = app(applications, attachments.clone());
    if let Some((blobs, links)) = backing.local {
        app = app.merge(transfers::router(LocalTransferState {
            service: attachments.clone(),
            links,
            blobs,
        }));
        // On AWS the bucket's lifecycle rule does this.
        tokio::spawn(sweep_abandoned_uploads(attachments.clone()));
    }
    tokio::spawn(deliver_pending_confirmations(
        attachments.applications().clone(),
    ));
    let app = app
        .fallback(casebook_applications::not_found)
        .layer(middleware::map_response(
            casebook_applications::security_headers,
        ))
        .layer(middleware::from_fn(log_request));

    // Printed on stdout so scripts and tests can find a port chosen with :0.
    println!("casebook listening on http://{local}");
    tracing::info!(data = %backing.place, startup_ms = started.elapsed().as_millis() as u64, "ready");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")?;
    tracing::info!("stopped cleanly");
    Ok(())
}

async fn sweep_abandoned_uploads(attachments: AttachmentService) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        every.tick().await;
        if let Err(e) = attachments.sweep_abandoned(ABANDONED_GRACE).await {
            tracing::error!(error = %e, "sweeping abandoned uploads failed");
        }
    }
}

/// Confirmation e-mails whose send failed (or whose sender stopped) are tried again.
async fn deliver_pending_confirmations(applications: ApplicationService) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        every.tick().await;
        match applications.deliver_pending_confirmations().await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "pending confirmation e-mails sent"),
            Err(e) => tracing::error!(error = %e, "sending pending confirmation e-mails failed"),
        }
    }
}

/// Every function's Router on one port, with a health check.
pub fn app(applications: ApplicationService, attachments: AttachmentService) -> Router {
    Router::new()
        .route(
            "/health",
            get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        )
        .merge(casebook_applications::router(applications))
        .merge(casebook_attachments::router(attachments))
}

/// One line per request: method, path (ids only, never bodies), status and time.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    // Upload and download links are credentials: log only which kind.
    let path = match req.uri().path() {
        p if p.starts_with("/uploads/") => "/uploads/…".to_owned(),
        p if p.starts_with("/downloads/") => "/downloads/…".to_owned(),
        p => p.to_owned(),
    };
    let start = Instant::now();
    let response = next.run(req).await;
    tracing::info!(%method, %path, status = response.status().as_u16(), ms = start.elapsed().as_millis() as u64, "request");
    response
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
