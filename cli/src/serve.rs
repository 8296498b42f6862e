use crate::words::say;
use std::net::SocketAddr;
use std::time::Instant;

use anyhow::Context;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use casebook_core::{ApplicationService, AttachmentService, Lang, ReminderService};
use casebook_http::Routes;
use casebook_startup::{Dependencies, Settings};
use jiff::SignedDuration;

use crate::data_args::DataArgs;
use crate::transfers::{self, LocalTransferState};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, env = "CASEBOOK_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    #[command(flatten)]
    pub data: DataArgs,
}

/// How long after its grant ran out an unfinished upload is swept away, and how often.
const ABANDONED_GRACE: SignedDuration = SignedDuration::from_mins(10);
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn run(args: ServeArgs, mut settings: Settings) -> anyhow::Result<()> {
    let started = Instant::now();
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| say!(CLI_CANNOT_LISTEN, addr = args.addr.to_string()))?;
    let local = listener
        .local_addr()
        .with_context(|| say!(CLI_READING_ADDRESS))?;
    // Upload and download links point here unless CASEBOOK_PUBLIC_URL says otherwise.
    settings
        .public_url
        .get_or_insert_with(|| format!("http://{local}"));
    // The commands on the same data make their links point here too.
    let address_note = note_address(&settings, local);
    let deps = Dependencies::build(&settings)
        .await?
        .with_files(&settings)
        .with_mail(&settings);
    crate::commands::shared::say_the_clock(&deps, settings.now);
    say_whether_the_call_is_open(&deps);
    let attachments = deps.require_attachments()?;
    if let Some(telegram) = deps.telegram_bot(&settings.telegram)? {
        tokio::spawn(async move { telegram.poll().await });
        tracing::info!("answering Telegram by long polling");
    }
    let (routes, reminders) = routes_of(&deps, &settings, &attachments)?;
    if let Some(job) = reminders {
        tokio::spawn(run_reminders_daily(job));
    }
    // The document describes the routes served here, and only those.
    let (mut app, api) = casebook_http::split(routes);
    // Built with the routes (a server starts once); written at the first call.
    let api = std::sync::Arc::new(api);
    let document = move || api.as_ref().clone();
    app = casebook_http::openapi::serve_document(app, document, Some(deps.campaign.clone()));
    if let Some((blobs, urls)) = deps.local.clone() {
        app = app.merge(transfers::router(LocalTransferState {
            service: attachments.clone(),
            links: urls,
            blobs,
        }));
        // On AWS the bucket's lifecycle rule does this.
        tokio::spawn(sweep_abandoned_uploads(attachments.clone()));
    }
    tokio::spawn(deliver_pending_confirmations(deps.applications()));
    // The organizers' routes of an earlier year (`?year=`), made at their first request.
    let app = with_other_years(layered(app, &deps), &deps, &settings, &attachments);
    // The sweeps and the reminder job follow it between requests too.
    tokio::spawn(refresh_rehearsal_every(deps.clone(), REHEARSAL_REFRESH));

    // Printed on stdout so scripts and tests can find a port chosen with :0.
    println!("casebook listening on http://{local}");
    tracing::info!(data = %deps.place, startup_ms = started.elapsed().as_millis() as u64, "ready");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .with_context(|| say!(CLI_SERVING))?;
    forget_address(address_note);
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Notes the server's addresses in the data directory (embedded backend), so commands
/// on the same data make their links point here; the note and its text, to take it back.
fn note_address(settings: &Settings, local: SocketAddr) -> Option<(std::path::PathBuf, String)> {
    (settings.backend == casebook_startup::Backend::Embedded).then(|| {
        let path = settings.data_dir.join(SERVE_URL_FILE);
        let text = format!(
            "{}\n{local}\n",
            settings.public_url.as_deref().unwrap_or_default()
        );
        if let Err(e) =
            std::fs::create_dir_all(&settings.data_dir).and_then(|()| std::fs::write(&path, &text))
        {
            tracing::warn!(error = %e, "cannot note the server's address for the commands");
        }
        (path, text)
    })
}

/// Takes the address note back, if it is still ours: another server may have started on
/// the same data since.
fn forget_address(note: Option<(std::path::PathBuf, String)>) {
    if let Some((path, text)) = note
        && std::fs::read_to_string(&path).is_ok_and(|now| now == text)
    {
        let _ = std::fs::remove_file(&path);
    }
}

/// `open` (the open call's routes), and the organizers' routes of another year
/// (`?year=`), made at their first request.
fn with_other_years(
    open: axum::Router,
    deps: &Dependencies,
    settings: &Settings,
    attachments: &AttachmentService,
) -> axum::Router {
    let (deps, settings, attachments) = (deps.clone(), settings.clone(), attachments.clone());
    // Without the organizers' key (on AWS) there are no organizer routes to ask a year of.
    let organizer = deps.organizers().ok().map(casebook_admin::organizer_check);
    let make = move |year| {
        let (deps, settings, attachments) = (deps.clone(), settings.clone(), attachments.clone());
        async move {
            let Some(deps) = deps.for_year(year).await.map_err(|e| e.to_string())? else {
                return Ok(None);
            };
            let (routes, _) =
                routes_of(&deps, &settings, &attachments).map_err(|e| e.to_string())?;
            Ok(Some(layered(casebook_http::split(routes).0, &deps)))
        }
    };
    casebook_http::by_year(open, make, move |headers| {
        let organizer = organizer.clone();
        async move {
            match organizer {
                Some(is_organizer) => is_organizer(headers).await,
                None => false,
            }
        }
    })
}

/// `app` as served: JSON for unknown paths, the common layers, the rehearsal followed.
fn layered(app: axum::Router, deps: &Dependencies) -> axum::Router {
    casebook_http::with_common_layers(
        app.fallback(casebook_http::not_found),
        deps.campaign.clone(),
        "serve",
    )
    .layer(middleware::from_fn_with_state(
        deps.clone(),
        follow_rehearsal,
    ))
}

/// Says in the log whether the call takes submissions now.
fn say_whether_the_call_is_open(deps: &Dependencies) {
    let campaign = &deps.campaign;
    if campaign.is_open(deps.clock.now()) {
        tracing::info!(year = campaign.year(), deadline = %campaign.deadline_text(Lang::En), "the call is open");
    } else {
        tracing::warn!(
            year = campaign.year(),
            deadline = %campaign.deadline_text(Lang::En),
            "the call has closed: submissions are refused (`casebook rehearse --at TIME` rehearses an open call)"
        );
    }
}

/// Every route this server answers: the applicants', the reviewers' and organizers' when
/// their keys and address are there, WeChat's when it is configured, the opt-out page;
/// and the reminder job to run daily, when it can.
fn routes_of(
    deps: &Dependencies,
    settings: &Settings,
    attachments: &AttachmentService,
) -> anyhow::Result<(Routes, Option<ReminderService>)> {
    // On AWS the review routes need the deployed functions' key and address; without
    // them casebook serve still serves applicants.
    let reviews = match deps.reviews() {
        Ok(reviews) => Some(reviews),
        Err(e) => {
            tracing::warn!(error = %e, "the reviewer and admin routes are off");
            None
        }
    };
    let mut reminders = reviews
        .as_ref()
        .and_then(|reviews| deps.reminders_over(reviews).ok());
    let opt_outs = reminders.as_ref().and_then(|_| deps.opt_outs().ok());
    let mut announcements = deps.announcements();
    let mut questions = deps.questions();
    if let Some(chats) = deps.chat_notifier(&settings.telegram)? {
        reminders = reminders.map(|job| job.with_chats(chats.clone()));
        questions = questions.with_chats(chats.clone());
        announcements = announcements.with_chats(chats);
    }
    let reviews = match (reviews, deps.organizers(), reminders.clone()) {
        (Some(reviews), Ok(organizers), Some(reminders)) => Some(casebook_admin::Admin {
            reviews,
            decisions: deps.decisions(),
            announcements,
            organizers,
            questions,
            reminders,
        }),
        _ => None,
    };
    let mut routes = app(deps.applications(), attachments.clone(), reviews);
    // The WeChat official account's server URL, when WECHAT_TOKEN is set.
    if settings.wechat.token.is_some() {
        let bot = deps.wechat_bot(casebook_startup::wechat_account(&settings.wechat)?);
        routes = routes.merge(casebook_wechat::routes(std::sync::Arc::new(bot)));
        tracing::info!("answering WeChat at /wechat");
    }
    if let Some(opt_outs) = opt_outs {
        routes = routes.merge(casebook_reminders::routes(opt_outs));
    }
    Ok((routes, reminders))
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

/// The reminder job at the campaign's `send_at` every day, as the schedule runs it on AWS.
async fn run_reminders_daily(job: ReminderService) {
    loop {
        let mut next = job.next_run_after(job.now());
        tracing::info!(next = %next, "the reminder job runs next at");
        // Woken each minute: a rehearsal clock may have moved (forward past the run, or
        // back, which moves the run back too).
        loop {
            let now = job.now();
            if now >= next {
                break;
            }
            if next.duration_since(now) > SignedDuration::from_hours(24) {
                next = job.next_run_after(now);
            }
            let wait = now.duration_until(next).unsigned_abs();
            tokio::time::sleep(wait.min(std::time::Duration::from_secs(60))).await;
        }
        match job.run(false).await {
            Ok(report) => tracing::info!(
                sent = report.sent.len(),
                already = report.already_sent,
                failed = report.failed.len(),
                "reminders run"
            ),
            Err(e) => {
                tracing::error!(error = %e, "the reminder job failed; it runs again tomorrow")
            }
        }
    }
}

/// Every function's routes on one port, with a health check.
fn app(
    applications: ApplicationService,
    attachments: AttachmentService,
    admin: Option<casebook_admin::Admin>,
) -> Routes {
    let app = Routes::new()
        .routes(utoipa_axum::routes!(health))
        .merge(casebook_applications::routes(applications))
        .merge(casebook_attachments::routes(attachments.clone()));
    match admin {
        Some(admin) => app
            .merge(casebook_reviews::routes(admin.reviews.clone()))
            .merge(casebook_admin::exports::routes(
                casebook_admin::exports::Exports {
                    decisions: admin.decisions.clone(),
                    organizers: admin.organizers.clone(),
                    files: attachments,
                },
            ))
            .merge(casebook_admin::routes(admin)),
        None => app,
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Health {
    /// Always `ok`.
    status: &'static str,
}

/// Whether the server answers.
#[utoipa::path(get, path = "/health", tag = "server",
    responses((status = 200, description = "The server answers", body = Health)))]
async fn health() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// The whole API of every function, as `casebook openapi` prints it.
pub fn whole_document(campaign: &casebook_core::Campaign) -> utoipa::openapi::OpenApi {
    let mut api = Routes::<()>::new()
        .routes(utoipa_axum::routes!(health))
        .into_openapi();
    for part in [
        casebook_applications::openapi(),
        casebook_attachments::openapi(),
        casebook_reviews::openapi(),
        casebook_admin::openapi(),
        casebook_admin::exports::openapi(),
        casebook_reminders::openapi(),
        casebook_telegram::openapi(),
        casebook_wechat::openapi(),
    ] {
        api.merge(part);
    }
    casebook_http::openapi::document(api, Some(campaign))
}

/// One line per request: method, path (ids only, never bodies), status and time.
/// The file in the data directory where a running server notes its address (the links'
/// address, then the one it listens at), for the commands on the same data.
pub(crate) const SERVE_URL_FILE: &str = "serve.address";

/// How often the clock is re-read between requests (each request re-reads it first).
pub(crate) const REHEARSAL_REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// Each request runs on the rehearsal clock as it stands now: `casebook rehearse` moves
/// it without a restart. (Nothing to read on the real clock or on `--now`.)
async fn follow_rehearsal(
    axum::extract::State(deps): axum::extract::State<Dependencies>,
    req: Request,
    next: Next,
) -> Response {
    if let Err(e) = deps.refresh_rehearsal().await {
        tracing::error!(error = %e, "the rehearsal clock could not be read; the last one read stays");
    }
    next.run(req).await
}

pub(crate) async fn refresh_rehearsal_every(deps: Dependencies, every: std::time::Duration) {
    if deps.rehearsal_clock.is_none() {
        return;
    }
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = deps.refresh_rehearsal().await {
            tracing::error!(error = %e, "the rehearsal clock could not be read; the last one read stays");
        }
    }
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
