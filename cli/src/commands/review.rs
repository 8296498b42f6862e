//! `casebook admin reviewers|rounds`: the organizers' side of the review rounds, over the
//! same service as the `/admin` routes. What changes the call is done `--as` an
//! organizer, and recorded under their name.

use std::io::Write;

use casebook_core::decision::DecisionError;
use casebook_core::review::{NewReviewer, ReviewServices, SignInLink};
use casebook_core::{ReviewError, Reviewer, ReviewerId};
use casebook_startup::Settings;
use jiff::Timestamp;

use super::shared::{acting_name, clip, open, open_for_links};
use crate::data_args::DataArgs;
use crate::words::say;

#[derive(clap::Subcommand)]
pub enum ReviewersCommand {
    /// Register a reviewer and e-mail them their personal sign-in link.
    Add(AddReviewerArgs),
    /// Every reviewer with their load and progress.
    List(ListArgs),
    /// Stop a reviewer's link at once (their assignments stay).
    Revoke(ReviewerIdArgs),
    /// Give a reviewer a fresh link (the old one stops working) and e-mail it. A
    /// revoked reviewer stays revoked unless --reinstate is given.
    Link(ReviewerLinkArgs),
    /// Make an earlier year's reviewers this year's too (the open call's, or --year's),
    /// each e-mailed a new link; revoked ones stay behind. Safe to run again.
    Carry(CarryArgs),
}

#[derive(clap::Args)]
pub struct CarryArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The year whose reviewers to carry (`casebook campaign list` shows the years).
    #[arg(long, value_name = "YEAR")]
    from: i16,
    /// One JSON object per reviewer carried ({"id", "token", "link"}), then the counts.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct AddReviewerArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Full name, as greeted in e-mails.
    #[arg(long)]
    name: String,
    /// E-mail address: where the sign-in link goes; unique in the registry.
    #[arg(long)]
    email: String,
    /// Country or region (name or ISO code): the reviewer never gets its cases.
    #[arg(long)]
    country: String,
    /// Organization: the reviewer never gets its cases (compared without case,
    /// punctuation or legal form: "Example Telecom Co., Ltd." is "Example Telecom").
    #[arg(long)]
    organization: String,
    /// A further organization the reviewer must not review (a former employer, a
    /// partner they advise); repeat for each, up to 20.
    #[arg(long, value_name = "ORGANIZATION")]
    exclude_organization: Vec<String>,
    /// Areas the reviewer knows best, comma-separated (e.g. infrastructure,culture).
    #[arg(long, value_delimiter = ',')]
    areas: Vec<String>,
    /// The language they read: ar, en, es, fr, ru or zh. Their e-mails are in it, then
    /// in English.
    #[arg(long, default_value = "en", value_parser = ["ar", "en", "es", "fr", "ru", "zh"])]
    language: String,
    /// Print {"id", "token", "link"} as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    data: DataArgs,
    /// One JSON object per reviewer per line.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ReviewerIdArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The reviewer's id (from `reviewers list`).
    id: String,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ReviewerLinkArgs {
    #[command(flatten)]
    reviewer: ReviewerIdArgs,
    /// Give a revoked reviewer their sign-in back (recorded in the audit log).
    #[arg(long)]
    reinstate: bool,
}

#[derive(clap::Subcommand)]
pub enum RoundsCommand {
    /// Give every case of the round its reviewers (only gaps are filled) and e-mail
    /// each reviewer with new cases.
    Assign(AssignArgs),
    /// Per case the reviews done and due; per reviewer done and assigned.
    Progress(RoundArgs),
    /// Which reviewer may not review which case of the round, and why (their country,
    /// their organization or one listed on their record, or a conflict they declared).
    Conflicts(RoundArgs),
    /// Freeze the round's reviews (saves get 409) so its ranking is final and its cases
    /// can be decided.
    Close(RoundArgs),
    /// Open a closed round again (the reason goes to the audit log).
    Reopen(ReopenArgs),
}

#[derive(clap::Args)]
pub struct AssignArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The round's number (1 or 2 for the 2024 call).
    round: u8,
    /// Reviewers per case (default: the campaign's).
    #[arg(long)]
    per_case: Option<usize>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct RoundArgs {
    #[command(flatten)]
    data: DataArgs,
    round: u8,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ReopenArgs {
    #[command(flatten)]
    data: DataArgs,
    round: u8,
    /// Why the round opens again (kept in the audit log).
    #[arg(long)]
    reason: String,
    #[arg(long)]
    json: bool,
}

async fn service(settings: &Settings) -> anyhow::Result<ReviewServices> {
    let deps = open(settings).await?.with_mail(settings);
    Ok(deps.reviews()?)
}

/// The service, and who acts (`--as`, checked against the organizers' registry).
async fn service_as(
    settings: &Settings,
    acting_as: Option<&str>,
) -> anyhow::Result<(ReviewServices, String)> {
    let deps = open_for_links(settings).await?;
    let by = acting_name(&deps, acting_as).await?;
    Ok((deps.reviews()?, by))
}

/// [`super::shared::explain`], speaking of the reviewers.
fn explain(e: ReviewError) -> anyhow::Error {
    super::shared::explain(e, super::shared::Registry::Reviewers)
}

fn parse_id(text: &str) -> anyhow::Result<ReviewerId> {
    ReviewerId::parse(text.trim())
        .ok_or_else(|| anyhow::anyhow!(say!(CLI_NOT_A_REVIEWER_ID, given = format!("{text:?}"))))
}

pub async fn reviewers(
    cmd: ReviewersCommand,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    match cmd {
        ReviewersCommand::Add(args) => add_reviewer(args, campaign, now, acting_as).await,
        ReviewersCommand::List(args) => list_reviewers(args, campaign, now).await,
        ReviewersCommand::Revoke(args) => revoke_reviewer(args, campaign, now, acting_as).await,
        ReviewersCommand::Link(args) => new_reviewer_link(args, campaign, now, acting_as).await,
        ReviewersCommand::Carry(args) => carry_reviewers(args, campaign, now, acting_as).await,
    }
}

/// `reviewers carry --from YEAR`: an earlier year's reviewers made this year's, with new
/// links.
async fn carry_reviewers(
    args: CarryArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let (service, by) = service_as(&args.data.settings(campaign, now), acting_as).await?;
    let year = service.registry.year();
    let report = service
        .registry
        .carry_reviewers(args.from, &by)
        .await
        .map_err(explain)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for (reviewer, link) in &report.carried {
            writeln!(out, "{}", link_json(reviewer, link))?;
        }
        writeln!(
            out,
            "{}",
            serde_json::json!({"carried": report.carried.len(), "already": report.already, "revoked": report.revoked})
        )?;
        return Ok(());
    }
    for (reviewer, link) in &report.carried {
        let said = say!(
            CLI_REVIEWER_CARRIED,
            name = reviewer.name.as_str(),
            email = reviewer.email.as_str()
        );
        writeln!(out, "{said}\n  {}", link.link)?;
    }
    let said = say!(
        CLI_REVIEWERS_CARRIED,
        carried = report.carried.len(),
        from = args.from,
        year = year,
        already = report.already,
        revoked = report.revoked
    );
    writeln!(out, "{said}")?;
    Ok(())
}

/// `reviewers link`: a new link (the old one stops working), e-mailed to them.
async fn new_reviewer_link(
    ReviewerLinkArgs {
        reviewer: args,
        reinstate,
    }: ReviewerLinkArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let id = parse_id(&args.id)?;
    let (service, by) = service_as(&args.data.settings(campaign, now), acting_as).await?;
    let (reviewer, link) = service
        .registry
        .new_link(id, reinstate, &by)
        .await
        .map_err(explain)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", link_json(&reviewer, &link))?;
    } else {
        let said = say!(CLI_REVIEWER_NEW_LINK, name = reviewer.name.as_str());
        writeln!(out, "{said}\n{}", link.link)?;
    }
    Ok(())
}

/// `reviewers add`: registers a reviewer and e-mails their link.
async fn add_reviewer(
    args: AddReviewerArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let (service, by) = service_as(&args.data.settings(campaign, now), acting_as).await?;
    let (reviewer, link) = service
        .registry
        .register_reviewer(
            NewReviewer {
                language: args.language,
                name: args.name,
                email: args.email,
                country: args.country,
                organization: args.organization,
                excluded_organizations: args.exclude_organization,
                areas: args.areas,
            },
            &by,
        )
        .await
        .map_err(explain)?;
    if args.json {
        writeln!(out, "{}", link_json(&reviewer, &link))?;
    } else {
        let said = say!(
            CLI_REVIEWER_REGISTERED,
            name = reviewer.name.as_str(),
            email = reviewer.email.as_str(),
            id = reviewer.id.to_string()
        );
        writeln!(
            out,
            "{said}\n{}\n{}",
            say!(CLI_REVIEWER_SIGN_IN_LINK),
            link.link
        )?;
    }
    Ok(())
}

/// `reviewers list`: every reviewer with their load.
async fn list_reviewers(
    args: ListArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let service = service(&args.data.settings(campaign, now)).await?;
    let standings = service.registry.list_reviewers().await.map_err(explain)?;
    if args.json {
        for s in &standings {
            writeln!(out, "{}", casebook_admin::standing_json(s))?;
        }
    } else if standings.is_empty() {
        let said = say!(CLI_REVIEWERS_NONE, year = service.registry.year());
        writeln!(out, "{said}")?;
    } else {
        for s in &standings {
            let r = &s.reviewer;
            let revoked = if r.revoked {
                format!("  {}", say!(CLI_REVOKED_MARK))
            } else {
                String::new()
            };
            writeln!(
                out,
                "{}  {:<28} {:<2} {}{revoked}",
                r.id,
                clip(&r.name, 28),
                r.country.as_str(),
                say!(
                    CLI_REVIEWER_LOAD,
                    assigned = s.assigned,
                    submitted = s.submitted
                ),
            )?;
        }
    }
    Ok(())
}

/// `reviewers revoke`: their link stops working at once.
async fn revoke_reviewer(
    args: ReviewerIdArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let id = parse_id(&args.id)?;
    let (service, by) = service_as(&args.data.settings(campaign, now), acting_as).await?;
    let reviewer = service
        .registry
        .revoke_reviewer(id, &by)
        .await
        .map_err(explain)?;
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({"id": reviewer.id.to_string(), "revoked": true})
        )?;
    } else {
        let said = say!(
            CLI_REVIEWER_REVOKED,
            name = reviewer.name.as_str(),
            id = reviewer.id.to_string()
        );
        writeln!(out, "{said}")?;
    }
    Ok(())
}

pub async fn rounds(
    cmd: RoundsCommand,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    match cmd {
        RoundsCommand::Assign(args) => assign_round(args, campaign, now, acting_as).await,
        RoundsCommand::Close(args) => {
            close(args.data, args.round, args.json, campaign, now, acting_as).await
        }
        RoundsCommand::Reopen(args) => reopen(args, campaign, now, acting_as).await,
        RoundsCommand::Conflicts(args) => round_conflicts(args, campaign, now).await,
        RoundsCommand::Progress(args) => round_progress(args, campaign, now).await,
    }
}

/// `rounds assign`: fills every case of the round with its reviewers.
async fn assign_round(
    args: AssignArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let (service, by) = service_as(&args.data.settings(campaign, now), acting_as).await?;
    let report = service
        .rounds
        .assign_round(args.round, args.per_case, &by)
        .await
        .map_err(explain)?;
    if args.json {
        writeln!(
            out,
            "{}",
            casebook_admin::report_json(&report, crate::words::lang())
        )?;
    } else {
        let said = say!(
            CLI_ROUND_ASSIGNED,
            round = report.round,
            assigned = report.assigned,
            min = report.per_reviewer_min,
            max = report.per_reviewer_max,
            mails = report.mails_sent
        );
        writeln!(out, "{said}")?;
        for u in &report.unassignable {
            let said = say!(
                CLI_NOT_FULLY_ASSIGNED,
                reference = u.reference.as_str(),
                reason = u.reason(crate::words::lang())
            );
            writeln!(out, "  {said}")?;
        }
        for r in &report.repeated {
            let said = say!(
                CLI_REVIEWED_AGAIN,
                reference = r.reference.as_str(),
                name = r.reviewer_name.as_str()
            );
            writeln!(out, "  {said}")?;
        }
    }
    Ok(())
}

/// `rounds conflicts`: the pairs assignment keeps apart, and why.
async fn round_conflicts(
    args: RoundArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let service = service(&args.data.settings(campaign, now)).await?;
    let exclusions = service
        .rounds
        .round_exclusions(args.round, None)
        .await
        .map_err(explain)?;
    if args.json {
        for e in &exclusions {
            writeln!(out, "{}", casebook_admin::conflict_json(e))?;
        }
    } else if exclusions.is_empty() {
        writeln!(out, "{}", say!(CLI_ROUND_NO_CONFLICTS, round = args.round))?;
    } else {
        let said = say!(
            CLI_ROUND_CONFLICTS,
            round = args.round,
            pairs = exclusions.len()
        );
        writeln!(out, "{said}")?;
        for e in &exclusions {
            writeln!(
                out,
                "  {:<14} {:<28} {}",
                clip(&e.reference, 14),
                clip(&e.reviewer_name, 28),
                clip(&e.reason(crate::words::lang()), 200)
            )?;
        }
    }
    Ok(())
}

/// `rounds progress`: reviews done and due, per case and per reviewer.
async fn round_progress(
    args: RoundArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let service = service(&args.data.settings(campaign, now)).await?;
    let progress = service
        .rounds
        .round_progress(args.round)
        .await
        .map_err(explain)?;
    if args.json {
        writeln!(out, "{}", casebook_admin::progress_json(&progress))?;
    } else {
        let done: usize = progress.cases.iter().map(|c| c.done).sum();
        let due: usize = progress.cases.iter().map(|c| c.due).sum();
        let said = say!(
            CLI_ROUND_PROGRESS,
            round = progress.round,
            done = done,
            due = due
        );
        writeln!(out, "{said}")?;
        for c in &progress.cases {
            writeln!(
                out,
                "  {:<14} {}/{}  {}",
                c.reference,
                c.done,
                c.due,
                clip(&c.practice_name, 50)
            )?;
        }
        for r in &progress.reviewers {
            writeln!(out, "  {:<30} {}/{}", clip(&r.name, 30), r.done, r.assigned)?;
        }
    }
    Ok(())
}

/// `{"id", "token", "link"}`: what `reviewers add` and `reviewers link` print for scripts.
fn link_json(reviewer: &Reviewer, link: &SignInLink) -> serde_json::Value {
    serde_json::json!({
        "id": reviewer.id.to_string(),
        "token": link.token,
        "link": link.link,
    })
}

/// Closes a round: its reviews freeze, and it can be decided.
async fn close(
    data: DataArgs,
    round: u8,
    json: bool,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let deps = open(&data.settings(campaign, now)).await?;
    let by = acting_name(&deps, acting_as).await?;
    let service = deps.decisions();
    let closing = service
        .close_round(round, &by)
        .await
        .map_err(|e| explain(e.into()))?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", casebook_admin::closing_json(&closing))?;
    } else {
        let said = say!(
            CLI_ROUND_CLOSED,
            round = round,
            since = format!("{:.0}", closing.changed_at)
        );
        writeln!(out, "{said}")?;
    }
    Ok(())
}

/// Opens a closed round again, with the reason in the audit log.
async fn reopen(
    args: ReopenArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let deps = open(&args.data.settings(campaign, now)).await?;
    let by = acting_name(&deps, acting_as).await?;
    let service = deps.decisions();
    let closing = service
        .reopen_round(args.round, &by, &args.reason)
        .await
        .map_err(|e| match e {
            DecisionError::RoundOpen { round } => {
                anyhow::anyhow!(say!(CLI_ROUND_NOT_CLOSED, round = round))
            }
            other => explain(other.into()),
        })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", casebook_admin::closing_json(&closing))?;
    } else {
        writeln!(out, "{}", say!(CLI_ROUND_REOPENED, round = args.round))?;
    }
    Ok(())
}
