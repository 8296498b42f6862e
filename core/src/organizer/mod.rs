//! The organizers' registry and sign-in (the people are `casebook_domain::organizer`):
//! each sign-in token carries an organizer's id and a generation checked against their
//! record on every request (revoking is immediate), and every change to the call is
//! recorded in the audit log under the organizer who made it.
//!
//! The registry starts empty: the first organizer is added from the terminal on the data
//! (it is the only one added without another organizer's name behind it).

use std::sync::Arc;

use jiff::SignedDuration;

pub use casebook_domain::organizer::*;

use crate::access::{AccessTokens, Role, SignInLink};
use crate::audit::AuditLog;
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::email::Email;
use crate::lang::{Lang, t};
use crate::mail::{Mailer, OutgoingMail};
use crate::ports::{OrganizerStore, StoreError, Stores};
use crate::text::normalise;
use casebook_domain::decision::AuditAction;
use casebook_domain::mail::in_languages;
use casebook_domain::reminders::mail::ORGANIZERS_LANGUAGES;
use casebook_domain::review::error::{InvalidKind, InvalidReview, ReviewError, required_text};

/// The registry of organizers and their sign-in, over the ports it needs.
#[derive(Clone)]
pub struct OrganizerService {
    organizers: Arc<dyn OrganizerStore>,
    audit: AuditLog,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    tokens: Arc<AccessTokens>,
    /// The organizers' page; sign-in links add the token as its fragment.
    console_url: String,
    mailer: Option<Arc<dyn Mailer>>,
}

impl OrganizerService {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        tokens: Arc<AccessTokens>,
        console_url: String,
    ) -> OrganizerService {
        OrganizerService {
            organizers: stores.organizers.clone(),
            audit: AuditLog::new(stores.decisions.clone(), campaign.year()),
            clock,
            campaign,
            tokens,
            console_url,
            mailer: None,
        }
    }

    /// Sends sign-in links through `mailer`.
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> OrganizerService {
        self.mailer = Some(mailer);
        self
    }

    /// The organizer a token belongs to: signature, expiry (on the real clock), and the
    /// link's generation against the record (a revoked or replaced link opens nothing).
    pub async fn authenticate(&self, token: &str) -> Result<Organizer, ReviewError> {
        let grant = self.tokens.verify(token, Role::Organizer).await?;
        let id = OrganizerId::parse(&grant.subject)
            .ok_or(ReviewError::Unauthorized("invalid subject"))?;
        let organizer = self
            .organizers
            .get_organizer(id)
            .await?
            .ok_or(ReviewError::Unauthorized("unknown organizer"))?;
        if organizer.revoked || organizer.generation != grant.generation {
            return Err(ReviewError::Unauthorized("revoked link"));
        }
        Ok(organizer)
    }

    /// The active organizer with this e-mail: who a terminal command acts as (`--as`).
    pub async fn acting_as(&self, email: &str) -> Result<Organizer, ReviewError> {
        let wanted = email.trim().to_lowercase();
        self.list()
            .await?
            .into_iter()
            .find(|o| o.email.as_str().to_lowercase() == wanted && !o.revoked)
            .ok_or(ReviewError::NotAnOrganizer)
    }

    /// Whether any organizer may act. With none (a new registry, or every one revoked),
    /// the next is added from the terminal on the data, by nobody.
    pub async fn has_active(&self) -> Result<bool, ReviewError> {
        Ok(self
            .organizers
            .list_organizers()
            .await?
            .iter()
            .any(|o| !o.revoked))
    }

    /// Every organizer, by name.
    pub async fn list(&self) -> Result<Vec<Organizer>, ReviewError> {
        let mut organizers = self.organizers.list_organizers().await?;
        organizers.sort_by_cached_key(|o| normalise(&o.name));
        Ok(organizers)
    }

    async fn get(&self, id: OrganizerId) -> Result<Organizer, ReviewError> {
        self.organizers
            .get_organizer(id)
            .await?
            .ok_or(ReviewError::UnknownOrganizer)
    }

    /// Registers an organizer and e-mails their sign-in link. `by` is who adds them;
    /// only the first organizer may be added by nobody (from the terminal, on the data).
    pub async fn register(
        &self,
        new: NewOrganizer,
        days: i64,
        by: Option<&Organizer>,
    ) -> Result<(Organizer, SignInLink), ReviewError> {
        let name = required_text("name", &new.name, MAX_ORGANIZER_NAME_CHARS)?;
        let email =
            Email::parse(new.email.trim()).map_err(|_| invalid("email", InvalidKind::Email))?;
        let valid_for = link_days(days)?;
        if by.is_none() && self.has_active().await? {
            return Err(ReviewError::ActorRequired);
        }
        let organizer = Organizer {
            id: OrganizerId::random(),
            name,
            email,
            generation: 0,
            revoked: false,
            version: 1,
            created_at: self.clock.now(),
        };
        self.tokens.prepare(Role::Organizer).await?;
        match self.organizers.insert_organizer(&organizer).await {
            Err(StoreError::AlreadyExists) => return Err(ReviewError::EmailTaken),
            other => other?,
        }
        let first = by.is_none();
        let by_name = by.unwrap_or(&organizer).audit_name().to_string();
        self.audit(
            &by_name,
            AuditAction::OrganizerAdded {
                organizer: organizer.email.as_str().to_string(),
                first,
            },
        )
        .await?;
        let link = self.link_for(&organizer, valid_for).await?;
        self.send(&organizer, &link).await;
        Ok((organizer, link))
    }

    /// Stops the organizer's sign-in at once. The last active organizer stays: without
    /// one, nobody could act on the call.
    pub async fn revoke(&self, id: OrganizerId, by: &Organizer) -> Result<Organizer, ReviewError> {
        let target = self.get(id).await?;
        let others_active = self
            .organizers
            .list_organizers()
            .await?
            .iter()
            .any(|o| o.id != target.id && !o.revoked);
        if !target.revoked && !others_active {
            return Err(ReviewError::LastOrganizer);
        }
        let organizer = self.next_generation(id, true, false).await?;
        self.audit(
            by.audit_name(),
            AuditAction::OrganizerRevoked {
                organizer: organizer.email.as_str().to_string(),
            },
        )
        .await?;
        Ok(organizer)
    }

    /// A fresh link (the old one stops working), e-mailed to them. A revoked organizer
    /// stays revoked unless `reinstate` says otherwise.
    pub async fn new_link(
        &self,
        id: OrganizerId,
        days: i64,
        reinstate: bool,
        by: &Organizer,
    ) -> Result<(Organizer, SignInLink), ReviewError> {
        let valid_for = link_days(days)?;
        self.tokens.prepare(Role::Organizer).await?;
        let organizer = self.next_generation(id, false, reinstate).await?;
        self.audit(
            by.audit_name(),
            AuditAction::OrganizerLinkSent {
                organizer: organizer.email.as_str().to_string(),
                reinstated: reinstate,
            },
        )
        .await?;
        let link = self.link_for(&organizer, valid_for).await?;
        self.send(&organizer, &link).await;
        Ok((organizer, link))
    }

    /// Bumps the generation (every earlier link stops working) and sets `revoked`, over
    /// the version read. A new link for an organizer revoked by then is refused unless
    /// `reinstate`: checked on the record the write is conditional on.
    async fn next_generation(
        &self,
        id: OrganizerId,
        revoked: bool,
        reinstate: bool,
    ) -> Result<Organizer, ReviewError> {
        for _ in 0..crate::ports::RACE_RETRIES {
            let mut organizer = self.get(id).await?;
            if !revoked && organizer.revoked && !reinstate {
                return Err(ReviewError::StillRevoked);
            }
            let expected = organizer.version;
            organizer.generation += 1;
            organizer.revoked = revoked;
            organizer.version += 1;
            match self.organizers.update_organizer(&organizer, expected).await {
                Ok(()) => return Ok(organizer),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ReviewError::Store(StoreError::Conflict))
    }

    async fn link_for(
        &self,
        organizer: &Organizer,
        valid_for: SignedDuration,
    ) -> Result<SignInLink, ReviewError> {
        Ok(self
            .tokens
            .sign_in_link(
                Role::Organizer,
                &organizer.id.to_string(),
                organizer.generation,
                valid_for,
                &self.console_url,
            )
            .await?)
    }

    async fn audit(&self, by: &str, action: AuditAction) -> Result<(), ReviewError> {
        Ok(self.audit.record(self.clock.now(), by, action).await?)
    }

    async fn send(&self, organizer: &Organizer, link: &SignInLink) {
        let Some(mailer) = &self.mailer else {
            return;
        };
        let mail = sign_in_mail(organizer, link, &self.campaign);
        if let Err(e) = mailer.send(&mail).await {
            // The link was printed; `organizers link` sends a fresh one.
            tracing::warn!(error = %e, "an organizer's sign-in e-mail could not be sent");
        }
    }
}

fn invalid(field: &str, kind: InvalidKind) -> ReviewError {
    ReviewError::Invalid(InvalidReview::new(field, kind))
}

fn link_days(days: i64) -> Result<SignedDuration, ReviewError> {
    if !(1..=MAX_ORGANIZER_DAYS).contains(&days) {
        return Err(invalid(
            "days",
            InvalidKind::TooManyDays {
                max: MAX_ORGANIZER_DAYS,
            },
        ));
    }
    Ok(SignedDuration::from_hours(24 * days))
}

/// The sign-in link an organizer is sent when added or given a new link.
fn sign_in_mail(organizer: &Organizer, sign_in: &SignInLink, campaign: &Campaign) -> OutgoingMail {
    let until = sign_in
        .expires_at
        .strftime("%Y-%m-%d %H:%M UTC")
        .to_string();
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, link: fn(&str) -> String| {
        let title = esc(campaign.title().get(lang));
        vec![
            t!(lang, MAIL_DEAR, name = esc(&organizer.name)),
            t!(lang, MAIL_ORGANIZER_WELCOME, title = title),
            format!(
                "{}\n{}",
                t!(lang, MAIL_ORGANIZER_LINK, until = until.as_str()),
                link(&sign_in.link)
            ),
            t!(lang, MAIL_ORGANIZER_TOKEN),
        ]
    };
    in_languages(
        &organizer.email,
        ORGANIZERS_LANGUAGES,
        |lang| t!(lang, MAIL_ORGANIZER_SUBJECT),
        paragraphs,
        campaign,
        None,
    )
}

#[cfg(test)]
mod tests;
