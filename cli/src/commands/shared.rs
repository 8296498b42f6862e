//! What the commands share: opening the data (with the clock's line and the links'
//! address), who acts (`--as`), progress bars and clipping. The
//! command files import from here, never from each other.

use casebook_core::decision::{DecisionError, DecisionService};
use casebook_core::review::{InvalidKind, InvalidReview};
use casebook_core::{Lang, ReviewError};
use casebook_startup::{Backend, Dependencies, Settings};

use jiff::Timestamp;

use crate::data_args::DataArgs;

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
            "links point at {}, the default address, as no `casebook serve` of {} is running: start it first, or set CASEBOOK_PUBLIC_URL to the address people reach casebook at",
            casebook_startup::DEFAULT_LOCAL_URL,
            settings.data_dir.display()
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
        anyhow::bail!(
            "there is no data directory at {}: pass --data-dir (or CASEBOOK_DATA_DIR) as for `casebook serve`",
            settings.data_dir.display()
        );
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
        eprintln!("{notice}");
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
            anyhow::bail!(
                "there is no active organizer yet: add yourself first with `casebook admin organizers add --name NAME --email EMAIL`, then run this with --as EMAIL"
            );
        }
        anyhow::bail!(
            "--as: say who you are (your e-mail in `casebook admin organizers list`); this command changes the call and the audit log records it under your name"
        );
    };
    match organizers.acting_as(email).await {
        Ok(organizer) => Ok(organizer),
        Err(casebook_core::ReviewError::NotAnOrganizer) => anyhow::bail!(
            "--as {}: no active organizer has this e-mail (see `casebook admin organizers list`)",
            clip(email, 100)
        ),
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
pub(crate) fn progress_bar(what: &'static str) -> indicatif::ProgressBar {
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

impl Registry {
    fn person(self) -> &'static str {
        match self {
            Registry::Reviewers => "reviewer",
            Registry::Organizers => "organizer",
        }
    }

    fn list(self) -> &'static str {
        match self {
            Registry::Reviewers => "casebook admin reviewers list",
            Registry::Organizers => "casebook admin organizers list",
        }
    }
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
                InvalidKind::NotInRound { round } => anyhow::anyhow!(
                    "--case is not a case of round {round}: see `casebook admin rankings --round {round}`"
                ),
                kind => anyhow::anyhow!(
                    "{}",
                    InvalidReview::new(format!("--{flag}"), kind).message(Lang::En)
                ),
            }
        }
        ReviewError::EmailTaken => anyhow::anyhow!(
            "--email: a{} {} with this e-mail is registered already (see `{}`{})",
            if matches!(registry, Registry::Organizers) {
                "n"
            } else {
                ""
            },
            registry.person(),
            registry.list(),
            if matches!(registry, Registry::Reviewers) {
                "; one of an earlier year comes with `casebook admin reviewers carry --from YEAR`"
            } else {
                ""
            }
        ),
        ReviewError::StillRevoked => anyhow::anyhow!(
            "this {}'s sign-in was revoked: add --reinstate to give them a new link anyway",
            registry.person()
        ),
        ReviewError::UnknownReviewer => {
            anyhow::anyhow!("no reviewer with this id (see `casebook admin reviewers list`)")
        }
        ReviewError::UnknownOrganizer => {
            anyhow::anyhow!("no organizer with this id (see `casebook admin organizers list`)")
        }
        ReviewError::ActorRequired => anyhow::anyhow!(
            "--as: the registry has organizers already, so say who adds this one (your e-mail in `casebook admin organizers list`)"
        ),
        ReviewError::LastOrganizer => anyhow::anyhow!(
            "this is the last active organizer: add another one before revoking them"
        ),
        ReviewError::UnknownRound(n) => anyhow::anyhow!(
            "there is no review round {n} in the campaign (see `casebook campaign show`)"
        ),
        ReviewError::RoundOpen { round } => anyhow::anyhow!(
            "round {round} is still open: close it first with `casebook admin rounds close {round}`"
        ),
        ReviewError::EarlierRoundUndecided { round } => anyhow::anyhow!(
            "round {round} has no decisions yet, and the next round reviews the cases it collects: decide it first (`casebook admin rankings --round {round}`, then `casebook admin decide --round {round} --accept-proposal` or `--case REF --decision collected`)"
        ),
        ReviewError::AssignmentRunning => anyhow::anyhow!(
            "the round is being assigned by another run right now; try again in a minute"
        ),
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
