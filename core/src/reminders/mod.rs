//! The scheduled job: reminders and digests on the campaign's milestones (`schedule`),
//! each sent once per (milestone, recipient) however often or concurrently the job runs.
//! Before sending, the pair is claimed with a conditional write (a lease, so a run that
//! dies half-way is finished by the next); after a good send it is marked done for good;
//! after a failed send it is given back, so the next run tries again.

pub use casebook_domain::reminders::{mail, schedule};

mod messages;
pub mod opt_out;

pub use opt_out::OptOutService;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::access::KeyUnavailable;
use crate::application::{Application, Status};
use crate::attachment::AttachmentStatus;
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::email::Email;
use crate::lease::LeaseKey;
use crate::mail::{Mailer, OutgoingMail};
use crate::ports::{
    ApplicationStore, AttachmentStore, ChatNotifier, Leases, OptOutStore, QuestionStore,
    ReviewerStore, StoreError, Stores, chat_opt_out_key, opt_out_key,
};
use crate::review::{AssignmentService, ReviewError, ReviewServices, Reviewer, ReviewerSignIn};
use crate::rules;

use schedule::MilestoneKind;

/// How long a claimed reminder is held by the run sending it.
const LEASE_MINUTES: i64 = 10;
/// How long an opt-out link works.
pub(crate) const OPT_OUT_DAYS: i64 = 400;
/// A draft with at most this many problems left "looks nearly done" in the digest.
const NEARLY_DONE_PROBLEMS: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum ReminderError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the opt-out link is not valid")]
    BadOptOutLink,
    #[error(transparent)]
    Key(#[from] KeyUnavailable),
    /// A round's progress could not be read for its digest.
    #[error(transparent)]
    Review(#[from] ReviewError),
}

/// One message of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub milestone: String,
    /// An e-mail address, or a chat (`telegram:12345`).
    pub to: String,
    pub subject: String,
}

/// What a run did (or, dry, would do).
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub today: Option<Date>,
    /// The milestones due.
    pub due: Vec<String>,
    /// Sent now (in a dry run: would be sent, unless an earlier run sent it already).
    pub sent: Vec<Delivery>,
    /// Sent by an earlier (or a concurrent) run.
    pub already_sent: usize,
    /// Not sent: the recipient opted out.
    pub opted_out: usize,
    /// Failed to send; given back for the next run.
    pub failed: Vec<(Delivery, String)>,
}

/// A draft and what it still lacks, as its contact's nudge lists it.
type DraftToNudge = (Application, Vec<crate::rules::Problem>);

/// A message waiting to go, with what must still hold when it goes.
struct Pending {
    key: LeaseKey,
    milestone: String,
    message: Message,
    /// A draft nudge goes only if one of these applications is still a draft.
    drafts: Vec<crate::application::ApplicationId>,
    /// The chats that own the draft: if one answered STOP, its e-mail stops too.
    owner_chats: Vec<String>,
}

enum Message {
    Mail(OutgoingMail),
    Chat { chat: String, text: String },
}

impl Message {
    fn recipient(&self) -> String {
        match self {
            Message::Mail(m) => m.to.as_str().to_string(),
            Message::Chat { chat, .. } => chat.clone(),
        }
    }

    fn subject(&self) -> String {
        match self {
            Message::Mail(m) => m.subject.clone(),
            Message::Chat { .. } => "(chat message)".into(),
        }
    }
}

/// The reminders, nudges and digests over the ports they read, sending through the
/// mailer and the chats it is given.
#[derive(Clone)]
pub struct ReminderService {
    applications: Arc<dyn ApplicationStore>,
    attachments: Arc<dyn AttachmentStore>,
    reviewers: Arc<dyn ReviewerStore>,
    /// This year's assignments and reviews.
    of_year: crate::round::Rounds,
    questions: Arc<dyn QuestionStore>,
    opt_outs: Arc<dyn OptOutStore>,
    leases: Arc<dyn Leases>,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    mailer: Option<Arc<dyn Mailer>>,
    chats: Option<Arc<dyn ChatNotifier>>,
    /// Who gets the digests, when a setting says (else the campaign's).
    organizers: Vec<Email>,
    /// The link at the foot of every reminder.
    opt_out_links: OptOutService,
    /// Reviewer nudges carry the reviewer's sign-in link.
    sign_in: ReviewerSignIn,
    /// A round digest reports the round's progress.
    rounds: AssignmentService,
}

impl ReminderService {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        opt_out_links: OptOutService,
        reviews: &ReviewServices,
    ) -> ReminderService {
        ReminderService {
            applications: stores.applications.clone(),
            attachments: stores.attachments.clone(),
            reviewers: stores.reviewers.clone(),
            of_year: crate::round::Rounds::new(stores, campaign.clone()),
            questions: stores.questions.clone(),
            opt_outs: stores.opt_outs.clone(),
            leases: stores.leases.clone(),
            clock,
            campaign,
            mailer: None,
            chats: None,
            organizers: Vec::new(),
            opt_out_links,
            sign_in: reviews.sign_in.clone(),
            rounds: reviews.rounds.clone(),
        }
    }

    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> ReminderService {
        self.mailer = Some(mailer);
        self
    }

    /// Sends the digests to `organizers` instead of the campaign's addresses.
    pub fn with_organizers(mut self, organizers: Vec<Email>) -> ReminderService {
        self.organizers = organizers;
        self
    }

    fn organizer_addresses(&self) -> Vec<Email> {
        if self.organizers.is_empty() {
            self.campaign.organizer_addresses()
        } else {
            self.organizers.clone()
        }
    }

    /// Nudges drafts that live in a chat in that chat too.
    pub fn with_chats(mut self, chats: Arc<dyn ChatNotifier>) -> ReminderService {
        self.chats = Some(chats);
        self
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn shared_campaign(&self) -> Arc<Campaign> {
        self.campaign.clone()
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    fn tz(&self) -> TimeZone {
        self.campaign.zone().clone()
    }

    /// Today in the call's time zone.
    pub fn today(&self) -> Date {
        self.clock.now().to_zoned_datetime(self.tz()).date()
    }

    /// The next instant the job is due: `send_at` today, or tomorrow once it passed.
    pub fn next_run_after(&self, now: Timestamp) -> Timestamp {
        let tz = self.tz();
        let at = self.campaign.reminders().send_at;
        let today = now.to_zoned_datetime(tz.clone()).date();
        for day in [Some(today), today.tomorrow().ok()].into_iter().flatten() {
            if let Ok(when) = day.to_datetime(at).to_zoned_datetime(tz.clone())
                && when.timestamp() > now
            {
                return when.timestamp();
            }
        }
        now + SignedDuration::from_hours(24)
    }

    /// Runs the job once: every milestone due today (or yesterday), each message once.
    /// A dry run decides the same but claims and sends nothing.
    pub async fn run(&self, dry_run: bool) -> Result<RunReport, ReminderError> {
        let today = self.today();
        let due = schedule::due(&self.campaign, today);
        let mut report = RunReport {
            today: Some(today),
            due: due.iter().map(|m| m.id.clone()).collect(),
            ..RunReport::default()
        };
        for milestone in &due {
            let pending = self.messages_for(milestone, today).await?;
            for message in pending {
                self.deliver(message, dry_run, &mut report).await?;
            }
        }
        if !dry_run {
            let sent = report.sent.len() as f64;
            crate::metric::record("RemindersSent", sent, "Count", None);
            crate::metric::record("MailFailures", report.failed.len() as f64, "Count", None);
        }
        Ok(report)
    }

    /// On an organizer's word: the schedule's reviewer nudge, now, to each reviewer with
    /// reviews of `round` still to submit; once per reviewer per day however often it is
    /// asked (its once-only key names the day). `round` must be one of the campaign's.
    pub async fn nudge_reviewers(&self, round: u8) -> Result<RunReport, ReminderError> {
        if self.campaign.review_round(round).is_none() {
            return Err(ReminderError::Review(ReviewError::UnknownRound(round)));
        }
        let today = self.today();
        let milestone = schedule::Milestone {
            id: format!("reviewers:r{round}:asked:{today}"),
            day: today,
            kind: MilestoneKind::ReviewerNudge {
                round,
                days_before: Some(0),
            },
        };
        let mut report = RunReport {
            today: Some(today),
            due: vec![milestone.id.clone()],
            ..RunReport::default()
        };
        for message in self.messages_for(&milestone, today).await? {
            self.deliver(message, false, &mut report).await?;
        }
        tracing::info!(
            round,
            sent = report.sent.len(),
            already = report.already_sent,
            "reviewers nudged by an organizer"
        );
        Ok(report)
    }

    async fn deliver(
        &self,
        pending: Pending,
        dry_run: bool,
        report: &mut RunReport,
    ) -> Result<(), ReminderError> {
        let delivery = Delivery {
            milestone: pending.milestone.clone(),
            to: pending.message.recipient(),
            subject: pending.message.subject(),
        };
        let mut keys: Vec<String> = pending
            .owner_chats
            .iter()
            .map(|c| chat_opt_out_key(c))
            .collect();
        keys.push(match &pending.message {
            Message::Mail(m) => opt_out_key(&m.to),
            Message::Chat { chat, .. } => chat_opt_out_key(chat),
        });
        for key in &keys {
            if self.opt_outs.is_opted_out(key).await? {
                report.opted_out += 1;
                return Ok(());
            }
        }
        if dry_run {
            report.sent.push(delivery);
            return Ok(());
        }
        let now = self.clock.now();
        let lease = now + SignedDuration::from_mins(LEASE_MINUTES);
        if !self.leases.take_lease(&pending.key, now, lease).await? {
            report.already_sent += 1;
            return Ok(());
        }
        // Drafts all submitted or withdrawn since the list was read get nothing.
        if !pending.drafts.is_empty() {
            let mut still_draft = false;
            for id in &pending.drafts {
                still_draft |= self
                    .applications
                    .get_application(*id)
                    .await?
                    .is_some_and(|a| a.status == Status::Draft);
            }
            if !still_draft {
                self.leases.release_lease(&pending.key).await?;
                return Ok(());
            }
        }
        let sent = match &pending.message {
            Message::Mail(mail) => match &self.mailer {
                Some(mailer) => mailer
                    .send(mail)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                None => Err("no mailer is configured".to_string()),
            },
            Message::Chat { chat, text } => match &self.chats {
                Some(chats) => chats.notify(chat, text).await.map_err(|e| e.to_string()),
                None => Err("no chat channel is configured".to_string()),
            },
        };
        match sent {
            Ok(()) => {
                self.leases.finish_lease(&pending.key).await?;
                report.sent.push(delivery);
            }
            Err(e) => {
                tracing::warn!(error = %e, milestone = %pending.milestone, "a reminder could not be sent; the next run tries again");
                self.leases.release_lease(&pending.key).await?;
                report.failed.push((delivery, e));
            }
        }
        Ok(())
    }

    /// Each reviewer (link not revoked) with reviews of `round` still to submit, and how
    /// many.
    async fn pending_reviews(&self, round: u8) -> Result<Vec<(Reviewer, usize)>, ReminderError> {
        // This year's cases alone: an earlier year's round of the same number is over.
        let ids = self.of_year.year_ids().await?;
        let (assignments, reviews) = self.of_year.round_state(round, &ids).await?;
        let submitted: BTreeSet<_> = reviews
            .into_iter()
            .filter(|r| r.submitted)
            .map(|r| (r.application, r.reviewer))
            .collect();
        let mut pending: BTreeMap<_, usize> = BTreeMap::new();
        for a in assignments.iter().filter(|a| a.conflict.is_none()) {
            if !submitted.contains(&(a.application, a.reviewer)) {
                *pending.entry(a.reviewer).or_default() += 1;
            }
        }
        let mut out = Vec::new();
        for reviewer in self.reviewers.list_reviewers().await? {
            if reviewer.revoked {
                continue;
            }
            if let Some(&count) = pending.get(&reviewer.id) {
                out.push((reviewer, count));
            }
        }
        out.sort_by_key(|(r, _)| r.id);
        Ok(out)
    }

    /// The figures of the call's digest; "since" is the previous digest's day.
    async fn call_digest(&self, today: Date) -> Result<mail::CallDigest, ReminderError> {
        let previous = schedule::milestones(&self.campaign)
            .into_iter()
            .filter(|m| m.kind == MilestoneKind::CallDigest && m.day < today)
            .map(|m| m.day)
            .next_back()
            .unwrap_or_else(|| self.campaign.opens_on());
        let since = previous
            .to_zoned_datetime(self.tz())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let apps = self
            .applications
            .list_applications(self.campaign.year(), None)
            .await?;
        let now = self.clock.now();
        let mut d = mail::CallDigest::default();
        let mut countries: BTreeMap<String, usize> = BTreeMap::new();
        for app in &apps {
            *d.by_status.entry(app.status.to_string()).or_default() += 1;
            let recent = app.updated_at >= since;
            match app.status {
                Status::Submitted => {
                    *d.by_area
                        .entry(app.content.area.clone().unwrap_or_else(|| "?".into()))
                        .or_default() += 1;
                    if let Some(c) = app.content.lead_organization.country {
                        *countries.entry(c.as_str().to_string()).or_default() += 1;
                    }
                    if app.submitted_at.is_some_and(|t| t >= since) {
                        d.submitted_since += 1;
                    }
                }
                Status::Draft => {
                    if app.created_at >= since {
                        d.drafts_since += 1;
                    }
                    let left = rules::review(&app.content, &self.campaign, now)
                        .problems
                        .len();
                    if left <= NEARLY_DONE_PROBLEMS {
                        d.nearly_done.push(label(app));
                    }
                }
                _ => {}
            }
            // Files are read only for applications that changed since the last digest.
            if recent {
                d.rejected_files_since += self
                    .attachments
                    .list_attachments(app.id)
                    .await?
                    .iter()
                    .filter(|a| a.status == AttachmentStatus::Rejected && a.created_at >= since)
                    .count();
            }
        }
        let mut by_country: Vec<(String, usize)> = countries.into_iter().collect();
        by_country.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        by_country.truncate(10);
        d.by_country = by_country;
        d.nearly_done.sort();
        d.questions_since = self.questions.list_questions(since).await?.len();
        Ok(d)
    }
}

/// A draft as organizers recognise it: its name, or its id.
fn label(app: &Application) -> String {
    app.content
        .practice_name
        .as_deref()
        .map(|n| n.chars().take(60).collect())
        .unwrap_or_else(|| app.id.to_string())
}

#[cfg(test)]
mod tests;
