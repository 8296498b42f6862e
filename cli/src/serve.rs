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
use casebook_aws::{DynamoStore, TABLE_HINT, required_setting};
use casebook_core::{ApplicationService, ApplicationStore, Campaign, Clock, Lang};
use casebook_embedded::SqliteStore;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, env = "CASEBOOK_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Directory for the database (created if missing); embedded backend only.
    #[arg(long, env = "CASEBOOK_DATA_DIR", default_value = "casebook-data")]
    data_dir: PathBuf,

    /// Where data lives: `embedded` (SQLite in --data-dir) or `aws` (DynamoDB table
    /// CASEBOOK_TABLE, on AWS or AWS_ENDPOINT_URL).
    #[arg(long, env = "CASEBOOK_BACKEND", value_enum, default_value_t = Backend::Embedded)]
    backend: Backend,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    Embedded,
    Aws,
}

/// The store the chosen backend keeps applications in, and a line saying where.
async fn open_store(args: &ServeArgs) -> anyhow::Result<(Arc<dyn ApplicationStore>, String)> {
    match args.backend {
        Backend::Embedded => {
            let store = SqliteStore::open_dir(&args.data_dir)?;
            let place = store.path().display().to_string();
            Ok((Arc::new(store), place))
        }
        Backend::Aws => {
            let table = required_setting("CASEBOOK_TABLE", TABLE_HINT)?;
            let config = casebook_aws::sdk_config().await;
            let place = format!(
                "DynamoDB table {table} on {}",
                config.endpoint_url().unwrap_or("AWS")
            );
            Ok((Arc::new(DynamoStore::from_config(&config, table)), place))
        }
    }
}

pub async fn run(args: ServeArgs, campaign: Campaign, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let started = Instant::now();
    let (store, place) = open_store(&args).await?;
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
    let service = ApplicationService::new(store, clock, Arc::new(campaign));
    let app = app(service);

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
    // Printed on stdout so scripts and tests can find a port chosen with :0.
    println!("casebook listening on http://{local}");
    tracing::info!(data = %place, startup_ms = started.elapsed().as_millis() as u64, "ready");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")?;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Every function's Router on one port, with a health check and JSON 404s.
pub fn app(service: ApplicationService) -> Router {
    Router::new()
        .route(
            "/health",
            get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        )
        .merge(casebook_applications::router(service))
        .fallback(casebook_applications::not_found)
        .layer(middleware::from_fn(log_request))
}

/// One line per request: method, path (ids only, never bodies), status and time.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
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
