//! Sending a submission's confirmation: the mail, claimed once with a conditional write,
//! within the address's daily allowance, given back on failure (the state itself is
//! `crate::confirmation`).

use jiff::{SignedDuration, Timestamp};

use crate::application::Application;
use crate::campaign::Campaign;
use crate::confirmation::{Confirmation, SENDING_LEASE};
use crate::lang::{Lang, t};
use crate::lease::LeaseKey;
use crate::mail::OutgoingMail;
use crate::mail::{in_languages, with_english};
use crate::ports::StoreError;

use super::{ApplicationService, RACE_RETRIES};

/// The confirmation of a submitted application, in the applicant's language then
/// English; `None` without a reference or a contact address.
pub fn confirmation_mail(app: &Application, campaign: &Campaign) -> Option<OutgoingMail> {
    let to = app.content.contact.email.clone()?;
    let reference = app.reference.as_ref()?.as_str();
    let name = app.content.practice_name.as_deref().unwrap_or_default();
    let person = app.content.contact.name.as_deref().unwrap_or_default();
    // Every value goes through `esc`: nothing for the text part, HTML escaping for the HTML.
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, _link: fn(&str) -> String| {
        let (name, person, reference) = (esc(name), esc(person), esc(reference));
        let title = esc(campaign.title().get(lang));
        let period = esc(&campaign.review_period_text(lang));
        vec![
            t!(lang, MAIL_CONFIRMATION_GREETING, person = person),
            t!(
                lang,
                MAIL_CONFIRMATION_RECEIVED,
                title = title,
                name = name,
                reference = reference.as_str()
            ),
            t!(lang, MAIL_CONFIRMATION_REVIEW, period = period),
        ]
    };
    Some(in_languages(
        &to,
        &with_english(app.language),
        |lang| t!(lang, MAIL_CONFIRMATION_SUBJECT, reference = reference),
        paragraphs,
        campaign,
        None,
    ))
}

/// Whether a confirmation is still this sender's to settle.
fn still_sending(c: Option<Confirmation>) -> bool {
    matches!(c, Some(Confirmation::Sending { .. }))
}

impl ApplicationService {
    /// Sends the confirmation of `app` if it is due, once: claimed with a conditional write
    /// before sending, marked sent after; given back if the send fails. Returns the
    /// application as it now stands.
    pub(crate) async fn deliver_confirmation(
        &self,
        mut app: Application,
    ) -> Result<Application, StoreError> {
        let Some(mailer) = self.mailer() else {
            return Ok(app);
        };
        let now = self.now();
        // Claim it.
        let until = now.saturating_add(SENDING_LEASE).unwrap_or(now);
        let claimed = loop {
            match app.confirmation {
                Some(c) if c.is_due(now) => {}
                _ => return Ok(app),
            }
            let next = Application {
                confirmation: Some(Confirmation::Sending { until }),
                version: app.version + 1,
                ..app.clone()
            };
            match self.store.update_application(&next, app.version).await {
                Ok(()) => break next,
                Err(StoreError::Conflict) => match self.store.get_application(app.id).await? {
                    Some(fresh) => app = fresh,
                    None => return Ok(app),
                },
                Err(e) => return Err(e),
            }
        };
        let Some(mail) = confirmation_mail(&claimed, self.campaign()) else {
            return self
                .set_confirmation(claimed, Confirmation::Sent { at: now }, still_sending)
                .await;
        };
        // One address gets a few of these a day, whoever typed it into how many drafts.
        let Some(allowance) = self.take_mail_allowance(&mail.to, now).await? else {
            let until = self.next_day_start(now);
            tracing::warn!(
                application_id = %claimed.id,
                %until,
                "confirmation held: its address had its mails for today"
            );
            return self
                .set_confirmation(claimed, Confirmation::Held { until }, still_sending)
                .await;
        };
        let outcome = mailer.send(&mail).await;
        match &outcome {
            Ok(_) => self.claims.finish_lease(&allowance).await?,
            Err(_) => self.claims.release_lease(&allowance).await?,
        }
        let state = match outcome {
            Ok(_) => {
                tracing::info!(application_id = %claimed.id, "confirmation e-mail sent");
                Confirmation::Sent { at: self.now() }
            }
            Err(e) => {
                tracing::warn!(application_id = %claimed.id, error = %e, "confirmation e-mail not sent; it stays pending");
                Confirmation::Pending
            }
        };
        self.set_confirmation(claimed, state, still_sending).await
    }

    /// Takes one of the mails `to` may get today (the call's day): the claim to finish
    /// once the mail is sent, or to give back if it fails; `None` when all are taken.
    /// A sender that stops half way holds its claim for [`SENDING_LEASE`] only.
    pub(super) async fn take_mail_allowance(
        &self,
        to: &crate::Email,
        now: Timestamp,
    ) -> Result<Option<LeaseKey>, StoreError> {
        let day = now.to_zoned_datetime(self.campaign().zone().clone()).date();
        let address = crate::ports::address_key(to);
        let lease = now.saturating_add(SENDING_LEASE).unwrap_or(now);
        for slot in 0..self.campaign().max_mails_per_address_per_day() {
            let key = LeaseKey::MailAllowance {
                address: address.clone(),
                day,
                slot,
            };
            if self.claims.take_lease(&key, now, lease).await? {
                return Ok(Some(key));
            }
        }
        Ok(None)
    }

    /// The start of the next day in the call's time zone.
    fn next_day_start(&self, now: Timestamp) -> Timestamp {
        let zone = self.campaign().zone().clone();
        let today = now.to_zoned_datetime(zone.clone()).date();
        today
            .tomorrow()
            .ok()
            .and_then(|d| {
                d.to_datetime(jiff::civil::Time::midnight())
                    .to_zoned_datetime(zone)
                    .ok()
            })
            .map(|z| z.timestamp())
            .unwrap_or(
                now.saturating_add(SignedDuration::from_hours(24))
                    .unwrap_or(now),
            )
    }

    /// Writes `state` as the confirmation, re-reading on a concurrent change while
    /// `applies` still holds for the stored state.
    async fn set_confirmation(
        &self,
        mut app: Application,
        state: Confirmation,
        applies: fn(Option<Confirmation>) -> bool,
    ) -> Result<Application, StoreError> {
        for _ in 0..RACE_RETRIES {
            if !applies(app.confirmation) {
                return Ok(app);
            }
            let next = Application {
                confirmation: Some(state),
                version: app.version + 1,
                ..app.clone()
            };
            match self.store.update_application(&next, app.version).await {
                Ok(()) => return Ok(next),
                Err(StoreError::Conflict) => match self.store.get_application(app.id).await? {
                    Some(fresh) => app = fresh,
                    None => return Ok(app),
                },
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Conflict)
    }

    /// Sends every confirmation still due (a failed send, or a sender that stopped half
    /// way): run by `casebook serve` every minute and by the scheduled job on AWS.
    /// Returns how many were sent.
    pub async fn deliver_pending_confirmations(&self) -> Result<usize, StoreError> {
        if self.mailer().is_none() {
            return Ok(0);
        }
        let now = self.now();
        let mut sent = 0;
        for app in self.store.list_unconfirmed(self.campaign().year()).await? {
            if app.confirmation.is_some_and(|c| c.is_due(now)) {
                let after = self.deliver_confirmation(app).await?;
                if matches!(after.confirmation, Some(Confirmation::Sent { .. })) {
                    sent += 1;
                }
            }
        }
        Ok(sent)
    }
}
