//! `casebook admin organizers add|list|revoke|link`: the registry of the people who may
//! act on the call. The first organizer is added from the terminal on the data itself
//! (the data directory, or the table with `--backend aws`); every later change is made
//! `--as` an organizer and recorded under their name.

use std::io::Write;

use casebook_core::organizer::DEFAULT_ORGANIZER_DAYS;
use casebook_core::{NewOrganizer, Organizer, OrganizerId, ReviewError, SignInLink};
use jiff::Timestamp;

use super::shared::{acting_organizer, clip, open, open_for_links};
use crate::data_args::DataArgs;
use crate::words::say;

#[derive(clap::Subcommand)]
pub enum OrganizersCommand {
    /// Register an organizer and e-mail them their personal sign-in link. The first one
    /// needs no --as; every later one is added by an organizer.
    Add(AddOrganizerArgs),
    /// Every organizer, and whether their sign-in works.
    List(ListOrganizersArgs),
    /// Stop an organizer's sign-in at once (the last active one stays).
    Revoke(OrganizerIdArgs),
    /// Give an organizer a fresh link (the old one stops working) and e-mail it. A
    /// revoked organizer stays revoked unless --reinstate is given.
    Link(OrganizerLinkArgs),
}

#[derive(clap::Args)]
pub struct AddOrganizerArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Full name, as greeted in e-mails.
    #[arg(long)]
    name: String,
    /// E-mail address: where the sign-in link goes, and how the audit log names them.
    #[arg(long)]
    email: String,
    /// How many days the sign-in link works (1 to 90).
    #[arg(long, default_value_t = DEFAULT_ORGANIZER_DAYS)]
    days: i64,
    /// Print {"id", "email", "token", "link", "expires_at"} as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ListOrganizersArgs {
    #[command(flatten)]
    data: DataArgs,
    /// One JSON object per organizer per line.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct OrganizerIdArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The organizer's id (from `organizers list`).
    id: String,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct OrganizerLinkArgs {
    #[command(flatten)]
    organizer: OrganizerIdArgs,
    /// How many days the new link works (1 to 90).
    #[arg(long, default_value_t = DEFAULT_ORGANIZER_DAYS)]
    days: i64,
    /// Give a revoked organizer their sign-in back (recorded in the audit log).
    #[arg(long)]
    reinstate: bool,
}

/// [`super::shared::explain`], speaking of the organizers.
fn explain(e: ReviewError) -> anyhow::Error {
    super::shared::explain(e, super::shared::Registry::Organizers)
}

fn parse_id(text: &str) -> anyhow::Result<OrganizerId> {
    OrganizerId::parse(text).ok_or_else(|| {
        anyhow::anyhow!(say!(
            CLI_NOT_AN_ORGANIZER_ID,
            given = format!("{:?}", clip(text, 60))
        ))
    })
}

pub async fn organizers(
    cmd: OrganizersCommand,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    match cmd {
        OrganizersCommand::Add(args) => add_organizer(args, campaign, now, acting_as).await,
        OrganizersCommand::List(args) => list_organizers(args, campaign, now).await,
        OrganizersCommand::Revoke(args) => revoke_organizer(args, campaign, now, acting_as).await,
        OrganizersCommand::Link(link) => new_organizer_link(link, campaign, now, acting_as).await,
    }
}

/// `organizers add`: the first one by nobody, then by an active organizer.
async fn add_organizer(
    args: AddOrganizerArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let settings = args.data.settings(campaign, now);
    let deps = open_for_links(&settings).await?;
    let service = deps.organizers()?;
    // The first organizer is added by nobody: there is nobody to name yet.
    let by = match service.has_active().await.map_err(explain)? {
        false => None,
        true => Some(acting_organizer(&deps, acting_as).await?),
    };
    let new = NewOrganizer {
        name: args.name,
        email: args.email,
    };
    let (organizer, link) = service
        .register(new, args.days, by.as_ref())
        .await
        .map_err(explain)?;
    if args.json {
        writeln!(out, "{}", link_json(&organizer, &link))?;
    } else {
        let registered = say!(
            CLI_ORGANIZER_REGISTERED,
            name = organizer.name.as_str(),
            email = organizer.email.as_str(),
            id = organizer.id.to_string()
        );
        let until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC").to_string();
        let link_line = say!(CLI_ORGANIZER_SIGN_IN_LINK, until = until);
        writeln!(out, "{registered}\n{link_line}\n{}", link.link)?;
        if by.is_none() {
            let said = say!(CLI_FIRST_ORGANIZER, email = organizer.email.as_str());
            writeln!(out, "{said}")?;
        }
    }
    Ok(())
}

/// `organizers list`.
async fn list_organizers(
    args: ListOrganizersArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let deps = open(&args.data.settings(campaign, now)).await?;
    let organizers = deps.organizers()?.list().await.map_err(explain)?;
    if args.json {
        for o in &organizers {
            writeln!(out, "{}", organizer_json(o))?;
        }
    } else if organizers.is_empty() {
        writeln!(out, "{}", say!(CLI_ORGANIZERS_NONE))?;
    } else {
        for o in &organizers {
            writeln!(
                out,
                "{}  {:<28} {}{}",
                o.id,
                clip(&o.name, 28),
                clip(o.email.as_str(), 60),
                if o.revoked {
                    format!("  {}", say!(CLI_REVOKED_MARK))
                } else {
                    String::new()
                }
            )?;
        }
    }
    Ok(())
}

/// `organizers revoke`: their sign-in stops at once.
async fn revoke_organizer(
    args: OrganizerIdArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let id = parse_id(&args.id)?;
    let deps = open(&args.data.settings(campaign, now)).await?;
    let service = deps.organizers()?;
    let by = acting_organizer(&deps, acting_as).await?;
    let organizer = service.revoke(id, &by).await.map_err(explain)?;
    if args.json {
        writeln!(out, "{}", organizer_json(&organizer))?;
    } else {
        let said = say!(
            CLI_ORGANIZER_REVOKED,
            name = organizer.name.as_str(),
            id = organizer.id.to_string()
        );
        writeln!(out, "{said}")?;
    }
    Ok(())
}

/// `organizers link`: a new sign-in link, e-mailed to them.
async fn new_organizer_link(
    link: OrganizerLinkArgs,
    campaign: crate::data_args::ChosenCall,
    now: Option<Timestamp>,
    acting_as: Option<&str>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let OrganizerLinkArgs {
        organizer: args,
        days,
        reinstate,
    } = link;
    let id = parse_id(&args.id)?;
    let settings = args.data.settings(campaign, now);
    let deps = open_for_links(&settings).await?;
    let service = deps.organizers()?;
    let by = acting_organizer(&deps, acting_as).await?;
    let (organizer, link) = service
        .new_link(id, days, reinstate, &by)
        .await
        .map_err(explain)?;
    if args.json {
        writeln!(out, "{}", link_json(&organizer, &link))?;
    } else {
        let said = say!(
            CLI_ORGANIZER_NEW_LINK,
            name = organizer.name.as_str(),
            until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC").to_string()
        );
        writeln!(out, "{said}\n{}", link.link)?;
    }
    Ok(())
}

fn organizer_json(o: &Organizer) -> serde_json::Value {
    serde_json::json!({
        "id": o.id.to_string(),
        "name": o.name,
        "email": o.email.as_str(),
        "revoked": o.revoked,
        "created_at": o.created_at.to_string(),
    })
}

/// What `organizers add` and `organizers link` print for scripts.
fn link_json(o: &Organizer, link: &SignInLink) -> serde_json::Value {
    serde_json::json!({
        "id": o.id.to_string(),
        "email": o.email.as_str(),
        "token": link.token,
        "link": link.link,
        "expires_at": link.expires_at.to_string(),
    })
}
