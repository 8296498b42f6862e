//! Telling applicants the outcome: one e-mail in English and Chinese to the contact
//! person, and a chat message where the application was made or linked in a chat that
//! can write first (Telegram; a WeChat account cannot). Each message is sent once per
//! application and outcome, however often `announce` runs and wherever it stopped: each
//! is taken under its own lease (`Leases`) before it is sent, and given back when
//! sending failed, so the next run tries it again.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use crate::application::{Application, Status};
use crate::audit::AuditLog;
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::lang::{Lang, t};
use crate::lease::LeaseKey;
use crate::mail::{Mailer, OutgoingMail};
use crate::ports::{ApplicationStore, ChatNotifier, Leases, Stores};
use crate::round::{Rounds, reference_of};
use crate::token::Owner;
use casebook_domain::mail::{in_languages, with_english};

use super::{AuditAction, DecisionError, Outcome, final_outcomes, standings};

/// What announcing would send for one outcome: how many applicants have it, how many of
/// them an e-mail reaches, and the e-mail the first of them gets.
#[derive(Debug, Clone)]
pub struct OutcomePreview {
    pub outcome: Outcome,
    pub applicants: usize,
    pub with_email: usize,
    pub sample: Option<OutgoingMail>,
}

/// What became of one message sent once.
enum Once {
    /// An earlier run sent it, or another is sending it now.
    Before,
    Sent,
    /// Given back for the next run.
    Failed,
}

impl AnnounceReport {
    /// Counts a message: sent (in the counter `sent` picks), sent before, or failed
    /// (named by its case's reference).
    fn count(&mut self, once: Once, reference: String, sent: fn(&mut Self) -> &mut usize) {
        match once {
            Once::Before => self.already_sent += 1,
            Once::Sent => *sent(self) += 1,
            Once::Failed => self.failed.push(reference),
        }
    }
}

/// How long one run holds a message it is sending before another run may take it.
const SENDING_LEASE: SignedDuration = SignedDuration::from_mins(10);

/// What an announce run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnounceReport {
    /// Applications with a decision (each now shows its outcome).
    pub decided: usize,
    pub mails_sent: usize,
    pub chats_sent: usize,
    /// Messages an earlier run sent already (or is sending now).
    pub already_sent: usize,
    /// References whose message could not be sent; the next run tries them again.
    pub failed: Vec<String>,
    /// Submitted applications without a decision yet (they still show `in_review`).
    pub undecided: usize,
}

/// Announcing the outcomes: the statuses, the e-mails and the chat messages.
#[derive(Clone)]
pub struct AnnouncementService {
    applications: Arc<dyn ApplicationStore>,
    leases: Arc<dyn Leases>,
    rounds: Rounds,
    audit: AuditLog,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    mailer: Option<Arc<dyn Mailer>>,
    chats: Option<Arc<dyn ChatNotifier>>,
}

impl AnnouncementService {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
    ) -> AnnouncementService {
        AnnouncementService {
            applications: stores.applications.clone(),
            leases: stores.leases.clone(),
            rounds: Rounds::new(stores, campaign.clone()),
            audit: AuditLog::new(stores.decisions.clone(), campaign.year()),
            clock,
            campaign,
            mailer: None,
            chats: None,
        }
    }

    /// Outcome e-mails go through `mailer` (none without one).
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> AnnouncementService {
        self.mailer = Some(mailer);
        self
    }

    /// Outcome messages go to the chats `chats` can write to first.
    pub fn with_chats(mut self, chats: Arc<dyn ChatNotifier>) -> AnnouncementService {
        self.chats = Some(chats);
        self
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Shows each decided application its outcome and tells its applicant once.
    /// `progress(done, total)` is called after each application.
    pub async fn announce(
        &self,
        by: &str,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<AnnounceReport, DecisionError> {
        let campaign = &*self.campaign;
        let outcomes = final_outcomes(&standings(&self.audit.entries().await?));
        let apps = self
            .applications
            .list_applications(campaign.year(), None)
            .await?;
        let mut report = AnnounceReport {
            undecided: apps
                .iter()
                .filter(|a| {
                    matches!(a.status, Status::Submitted | Status::InReview)
                        && !outcomes.contains_key(&a.id)
                })
                .count(),
            ..AnnounceReport::default()
        };
        let decided: Vec<(&Application, Outcome)> = apps
            .iter()
            .filter_map(|a| outcomes.get(&a.id).map(|o| (a, *o)))
            .collect();
        let total = decided.len();
        for (done, (app, outcome)) in decided.into_iter().enumerate() {
            report.decided += 1;
            self.rounds.set_status(app.id, outcome.status()).await?;
            self.tell_by_mail(app, outcome, &mut report).await?;
            self.tell_in_chats(app, outcome, &mut report).await?;
            progress(done + 1, total);
        }
        let action = AuditAction::Announced {
            decided: report.decided,
            mails_sent: report.mails_sent,
            chats_sent: report.chats_sent,
            failed: report.failed.len(),
        };
        self.audit.record(self.now(), by, action).await?;
        Ok(report)
    }

    /// The outcome e-mail to the contact person, once.
    async fn tell_by_mail(
        &self,
        app: &Application,
        outcome: Outcome,
        report: &mut AnnounceReport,
    ) -> Result<(), DecisionError> {
        let (Some(mailer), Some(to)) = (&self.mailer, &app.content.contact.email) else {
            return Ok(());
        };
        let key = LeaseKey::OutcomeMail {
            application: app.id,
            outcome,
        };
        let mail = outcome_mail(app, to, outcome, &self.campaign);
        let reference = reference_of(app);
        let sent = self
            .send_once(&key, "e-mail", &reference, || async {
                mailer.send(&mail).await.map(|_| ())
            })
            .await?;
        report.count(sent, reference, |r| &mut r.mails_sent);
        Ok(())
    }

    /// The outcome message to each of the application's chats that can be written to
    /// first, once each.
    async fn tell_in_chats(
        &self,
        app: &Application,
        outcome: Outcome,
        report: &mut AnnounceReport,
    ) -> Result<(), DecisionError> {
        let Some(chats) = &self.chats else {
            return Ok(());
        };
        for chat in owner_chats(app).filter(|c| chats.handles(c)) {
            let key = LeaseKey::OutcomeChat {
                chat: chat.clone(),
                application: app.id,
                outcome,
            };
            let (text, reference) = (outcome_chat(app, outcome), reference_of(app));
            let sent = self
                .send_once(&key, "chat message", &reference, || {
                    chats.notify(&chat, &text)
                })
                .await?;
            report.count(sent, reference, |r| &mut r.chats_sent);
        }
        Ok(())
    }

    /// What `announce` would send, per outcome (nothing is sent or changed).
    pub async fn preview(&self) -> Result<Vec<OutcomePreview>, DecisionError> {
        let outcomes = final_outcomes(&standings(&self.audit.entries().await?));
        let apps = self
            .applications
            .list_applications(self.campaign.year(), None)
            .await?;
        let mut previews: Vec<OutcomePreview> = Outcome::ALL
            .iter()
            .map(|&outcome| OutcomePreview {
                outcome,
                applicants: 0,
                with_email: 0,
                sample: None,
            })
            .collect();
        for app in &apps {
            let Some(&outcome) = outcomes.get(&app.id) else {
                continue;
            };
            let Some(preview) = previews.iter_mut().find(|p| p.outcome == outcome) else {
                continue;
            };
            preview.applicants += 1;
            if let Some(to) = &app.content.contact.email {
                preview.with_email += 1;
                if preview.sample.is_none() {
                    preview.sample = Some(outcome_mail(app, to, outcome, &self.campaign));
                }
            }
        }
        previews.retain(|p| p.applicants > 0);
        Ok(previews)
    }

    /// Sends one message under its lease: not at all when an earlier run sent it (or is
    /// sending it now); marked sent for good after a good send; given back after a failed
    /// one, so the next run tries it again.
    async fn send_once<F, Fut, E>(
        &self,
        key: &LeaseKey,
        kind: &'static str,
        reference: &str,
        send: F,
    ) -> Result<Once, DecisionError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(), E>>,
        E: std::fmt::Display,
    {
        if !self.take(key).await? {
            return Ok(Once::Before);
        }
        match send().await {
            Ok(()) => {
                self.leases.finish_lease(key).await?;
                Ok(Once::Sent)
            }
            Err(e) => {
                tracing::warn!(error = %e, kind, reference, "an outcome message could not be sent");
                self.leases.release_lease(key).await?;
                Ok(Once::Failed)
            }
        }
    }

    async fn take(&self, key: &LeaseKey) -> Result<bool, DecisionError> {
        let now = self.now();
        Ok(self
            .leases
            .take_lease(key, now, now + SENDING_LEASE)
            .await?)
    }
}

fn owner_chats(app: &Application) -> impl Iterator<Item = String> + '_ {
    app.owners.iter().filter_map(|o| match o {
        Owner::Chat(chat) => Some(chat.clone()),
        Owner::Token(_) => None,
    })
}

/// A practice name as put in a message: one line, at most 120 characters.
fn name_of(app: &Application) -> String {
    let name = app.content.practice_name.as_deref().unwrap_or("");
    let one_line: String = name.chars().filter(|c| !c.is_control()).collect();
    let mut cut: String = one_line.chars().take(120).collect();
    if one_line.chars().count() > 120 {
        cut.push('…');
    }
    cut
}

/// The outcome e-mail to the contact person.
pub fn outcome_mail(
    app: &Application,
    to: &crate::email::Email,
    outcome: Outcome,
    campaign: &Campaign,
) -> OutgoingMail {
    let reference = reference_of(app);
    let contact = app.content.contact.name.clone().unwrap_or_default();
    let name = name_of(app);
    let paragraphs = |lang: Lang, esc: fn(&str) -> String, _link: fn(&str) -> String| {
        let (contact, name, reference) = (esc(&contact), esc(&name), esc(&reference));
        let title = esc(campaign.title().get(lang));
        let greeting = match contact.is_empty() {
            true => t!(lang, MAIL_HELLO),
            false => t!(lang, MAIL_DEAR, name = contact),
        };
        let (name, reference) = (name.as_str(), reference.as_str());
        let news = match outcome {
            Outcome::Outstanding => {
                t!(
                    lang,
                    MAIL_OUTCOME_OUTSTANDING,
                    name = name,
                    reference = reference,
                    title = title
                )
            }
            Outcome::Collected => {
                t!(
                    lang,
                    MAIL_OUTCOME_COLLECTED,
                    name = name,
                    reference = reference,
                    title = title
                )
            }
            Outcome::NotSelected => {
                t!(
                    lang,
                    MAIL_OUTCOME_NOT_SELECTED,
                    name = name,
                    reference = reference,
                    title = title
                )
            }
        };
        vec![greeting, news]
    };
    let subject = |lang| match outcome {
        Outcome::Outstanding => t!(lang, MAIL_OUTCOME_OUTSTANDING_SUBJECT),
        Outcome::Collected => t!(lang, MAIL_OUTCOME_COLLECTED_SUBJECT),
        Outcome::NotSelected => t!(lang, MAIL_OUTCOME_NOT_SELECTED_SUBJECT),
    };
    in_languages(
        to,
        &with_english(app.language),
        subject,
        paragraphs,
        campaign,
        None,
    )
}

/// The same news in a chat: short, in the applicant's language then English.
pub fn outcome_chat(app: &Application, outcome: Outcome) -> String {
    let (name, reference) = (name_of(app), reference_of(app));
    let (name, reference) = (name.as_str(), reference.as_str());
    let said: Vec<String> = with_english(app.language)
        .into_iter()
        .map(|lang| match outcome {
            Outcome::Outstanding => t!(
                lang,
                CHAT_OUTCOME_OUTSTANDING,
                name = name,
                reference = reference
            ),
            Outcome::Collected => t!(
                lang,
                CHAT_OUTCOME_COLLECTED,
                name = name,
                reference = reference
            ),
            Outcome::NotSelected => t!(
                lang,
                CHAT_OUTCOME_NOT_SELECTED,
                name = name,
                reference = reference
            ),
        })
        .collect();
    said.join("\n")
}
