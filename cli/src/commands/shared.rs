//! What the commands share: opening the data (with the clock's line and the links'
//! address), who acts (`--as`), progress bars and clipping. The
//! command files import from here, never from each other.

use casebook_core::ReviewError;
use casebook_core::decision::{DecisionError, DecisionService};
use casebook_core::review::{InvalidKind, InvalidReview};
use casebook_startup::{Backend, ClockNotice, Dependencies, Settings};

use jiff::Timestamp;

use crate::data_args::DataArgs;
use crate::words::say;

/// The dependencies of an admin command, on data that must exist. On a rehearsal clock (`casebook rehearse` or
/// `--now`) the first line on standard error says so, once per command.
pub(crate) async fn open(settings: &Settings) -> anyhow::Result<Dependencies> {
    let deps = open_quietly(settings).await?;
    say_the_clock(&deps, settings.now);
    Ok(deps)
}

/// [`open`] for a command that makes sign-in links and mails them: they point at the
/// running `casebook serve` of the same data, or, with none running and no
/// CASEBOOK_PUBLIC_URL, at the default address, which the first lines say.
pub(crate) async fn open_for_links(settings: &Settings) -> anyhow::Result<Dependencies> {
    let (deps, address) = open_with_address(settings).await?;
    say_the_clock(&deps, settings.now);
    if address == Address::Default {
        eprintln!(
            "{}",
            say!(
                CLI_DEFAULT_ADDRESS,
                url = casebook_startup::DEFAULT_LOCAL_URL,
                dir = settings.data_dir.display().to_string()
            )
        );
    }
    Ok(deps.with_mail(settings))
}

/// [`open`] without the clock's line.
pub(crate) async fn open_quietly(settings: &Settings) -> anyhow::Result<Dependencies> {
    Ok(open_with_address(settings).await?.0)
}

/// Where the links of a command point.
#[derive(PartialEq, Eq)]
enum Address {
    /// CASEBOOK_PUBLIC_URL, or the backend's own.
    Given,
    /// The running `casebook serve` of the same data directory.
    RunningServer,
    /// Nothing says: the default local address.
    Default,
}

/// The data, with the links' address found once (a running server is asked once).
async fn open_with_address(settings: &Settings) -> anyhow::Result<(Dependencies, Address)> {
    if settings.backend == Backend::Embedded && !settings.data_dir.exists() {
        anyhow::bail!(say!(
            CLI_NO_DATA_DIR,
            dir = settings.data_dir.display().to_string()
        ));
    }
    let mut settings = settings.clone();
    let address = if settings.public_url.is_some() || settings.backend != Backend::Embedded {
        Address::Given
    } else if let Some(url) = running_server_url(&settings) {
        settings.public_url = Some(url);
        Address::RunningServer
    } else {
        Address::Default
    };
    Ok((Dependencies::build(&settings).await?, address))
}

/// The address a running `casebook serve` of the same data directory listens at (it
/// writes it there at start): links made by a command point where people can open them.
/// `None` when none answers there.
fn running_server_url(settings: &Settings) -> Option<String> {
    // Two lines: the address links use, then the one it listens at.
    let text =
        std::fs::read_to_string(settings.data_dir.join(crate::serve::SERVE_URL_FILE)).ok()?;
    let mut lines = text.lines().map(str::trim);
    let (url, listening) = (lines.next()?, lines.next()?);
    let addr: std::net::SocketAddr = listening.parse().ok()?;
    std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(300)).ok()?;
    Some(url.to_string())
}

/// Says on standard error, once per process, that the clock is a rehearsal's (standard
/// output stays clean for --json).
pub(crate) fn say_the_clock(deps: &Dependencies, now_flag: Option<Timestamp>) {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if let Some(notice) = deps.clock_notice(now_flag)
        && !SAID.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        let said = match notice {
            ClockNotice::NowFlag(now) => say!(CLI_CLOCK_NOW_FLAG, now = now),
            ClockNotice::Rehearsal(now) => say!(CLI_CLOCK_REHEARSAL, now = now),
        };
        eprintln!("{said}");
    }
}

/// Who a command that changes the call acts as: the active organizer `--as` names.
/// Never anonymous.
pub(crate) async fn acting_organizer(
    deps: &Dependencies,
    acting_as: Option<&str>,
) -> anyhow::Result<casebook_core::Organizer> {
    let organizers = deps.organizers()?;
    let Some(email) = acting_as.map(str::trim).filter(|e| !e.is_empty()) else {
        if !organizers.has_active().await? {
            anyhow::bail!(say!(CLI_NO_ORGANIZER_YET));
        }
        anyhow::bail!(say!(CLI_AS_REQUIRED));
    };
    match organizers.acting_as(email).await {
        Ok(organizer) => Ok(organizer),
        Err(casebook_core::ReviewError::NotAnOrganizer) => {
            anyhow::bail!(say!(CLI_AS_UNKNOWN, email = clip(email, 100)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The name the audit log records for the organizer `--as` names.
pub(crate) async fn acting_name(
    deps: &Dependencies,
    acting_as: Option<&str>,
) -> anyhow::Result<String> {
    Ok(acting_organizer(deps, acting_as)
        .await?
        .audit_name()
        .to_string())
}

/// At most `max` characters of `text` on one line, control characters dropped.
pub(crate) fn clip(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

/// A progress bar on standard error, drawn only on a terminal.
pub(crate) fn progress_bar(what: String) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len}") {
        bar.set_style(style);
    }
    bar.set_message(what);
    bar
}

/// Which registry a command speaks of, where the same refusal reads differently.
#[derive(Clone, Copy)]
pub(crate) enum Registry {
    Reviewers,
    Organizers,
}

/// A review or decision error as the organizer reads it at the terminal: what was wrong
/// and which flag to change, never an API field (`decisions[0].reason` is `--reason`).
pub(crate) fn explain(e: ReviewError, registry: Registry) -> anyhow::Error {
    match e {
        ReviewError::Invalid(invalid) => {
            let flag = invalid
                .field
                .rsplit('.')
                .next()
                .unwrap_or(&invalid.field)
                .replace("application_id", "case")
                .replace('_', "-");
            match invalid.kind {
                InvalidKind::NotInRound { round } => {
                    anyhow::anyhow!(say!(CLI_CASE_NOT_IN_ROUND, round = round))
                }
                kind => anyhow::anyhow!(
                    "{}",
                    InvalidReview::new(format!("--{flag}"), kind).message(crate::words::lang())
                ),
            }
        }
        ReviewError::EmailTaken => anyhow::anyhow!(match registry {
            Registry::Reviewers => say!(CLI_REVIEWER_EMAIL_TAKEN),
            Registry::Organizers => say!(CLI_ORGANIZER_EMAIL_TAKEN),
        }),
        ReviewError::StillRevoked => anyhow::anyhow!(match registry {
            Registry::Reviewers => say!(CLI_REVIEWER_STILL_REVOKED),
            Registry::Organizers => say!(CLI_ORGANIZER_STILL_REVOKED),
        }),
        ReviewError::UnknownReviewer => anyhow::anyhow!(say!(CLI_UNKNOWN_REVIEWER)),
        ReviewError::UnknownOrganizer => anyhow::anyhow!(say!(CLI_UNKNOWN_ORGANIZER)),
        ReviewError::ActorRequired => anyhow::anyhow!(say!(CLI_ACTOR_REQUIRED)),
        ReviewError::LastOrganizer => anyhow::anyhow!(say!(CLI_LAST_ORGANIZER)),
        ReviewError::UnknownRound(n) => anyhow::anyhow!(say!(CLI_UNKNOWN_ROUND, round = n)),
        ReviewError::RoundOpen { round } => anyhow::anyhow!(say!(CLI_ROUND_OPEN, round = round)),
        ReviewError::EarlierRoundUndecided { round } => {
            anyhow::anyhow!(say!(CLI_EARLIER_ROUND_UNDECIDED, round = round))
        }
        ReviewError::AssignmentRunning => anyhow::anyhow!(say!(CLI_ASSIGNMENT_RUNNING)),
        other => anyhow::Error::new(other),
    }
}

/// The decision service of an admin command.
pub(crate) async fn decision_service(
    data: &DataArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<DecisionService> {
    Ok(open(&data.settings(campaign, now)).await?.decisions())
}

/// The service, and who acts (`--as`, checked against the organizers' registry).
pub(crate) async fn decision_service_as(
    data: &DataArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<(DecisionService, String)> {
    let deps = open(&data.settings(campaign, now)).await?;
    let by = acting_name(&deps, acting_as).await?;
    Ok((deps.decisions(), by))
}

/// [`explain`] for a decision error.
pub(crate) fn explain_decision(e: DecisionError) -> anyhow::Error {
    explain(e.into(), Registry::Reviewers)
}
