#![doc = include_str!("../../STORAGE.md")]

use std::sync::Arc;

use async_trait::async_trait;

use jiff::Timestamp;

use crate::application::{Application, ApplicationId, Status};
use crate::attachment::{Attachment, AttachmentId, DownloadLink, UploadGrant};
use crate::blob::{BlobError, BlobKey};
use crate::lease::LeaseKey;
use crate::organizer::{Organizer, OrganizerId};
use crate::review::{Assignment, CaseReview, Reviewer, ReviewerId};

pub use crate::store_error::{RACE_RETRIES, StoreError, error_chain};

/// Applications, and the reference numbers submissions take.
#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Stores a new application; `AlreadyExists` if its id is taken.
    async fn insert_application(&self, app: &Application) -> Result<(), StoreError>;

    async fn get_application(&self, id: ApplicationId) -> Result<Option<Application>, StoreError>;

    /// Replaces the stored application with `app` only if the stored version is still
    /// `expected_version`; otherwise `Conflict` and nothing changes.
    async fn update_application(
        &self,
        app: &Application,
        expected_version: u64,
    ) -> Result<(), StoreError>;

    /// Every application of a campaign year, or only those with `status`, in no
    /// particular order. Adapters read every page: nothing is silently cut off.
    async fn list_applications(
        &self,
        campaign: i16,
        status: Option<Status>,
    ) -> Result<Vec<Application>, StoreError>;

    /// The ids of every application of a campaign year, in no particular order: what
    /// ties assignments, reviews and decisions to their year, read without the
    /// applications themselves.
    async fn list_application_ids(&self, campaign: i16) -> Result<Vec<ApplicationId>, StoreError>;

    /// Every application of a campaign whose confirmation e-mail is due or being sent
    /// (not yet `sent`), in no particular order: what the confirmation sweep reads,
    /// rather than every application of the year.
    async fn list_unconfirmed(&self, campaign: i16) -> Result<Vec<Application>, StoreError>;

    /// Allocates the next number of a reference series ("PC2024"), atomically: each
    /// number is handed out once, ever.
    async fn next_reference_number(&self, series: &str) -> Result<u64, StoreError>;
}

/// The files of applications. Adding or removing an attachment changes the application
/// (its list of files), so both go with a conditional write of the application: two
/// concurrent grants cannot both pass the count and size limits.
#[async_trait]
pub trait AttachmentStore: Send + Sync {
    /// Stores `attachment` and replaces the application with `app` (its version bumped),
    /// only if the stored application is still at `expected_app_version`.
    async fn add_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        attachment: &Attachment,
    ) -> Result<(), StoreError>;

    async fn get_attachment(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Option<Attachment>, StoreError>;

    /// Every attachment of an application, oldest first.
    async fn list_attachments(&self, app: ApplicationId) -> Result<Vec<Attachment>, StoreError>;

    /// Replaces the attachment only if its stored version is still `expected_version`.
    async fn update_attachment(
        &self,
        attachment: &Attachment,
        expected_version: u64,
    ) -> Result<(), StoreError>;

    /// Removes the attachment and replaces the application with `app`, only if the stored
    /// application is still at `expected_app_version`.
    async fn remove_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        id: AttachmentId,
    ) -> Result<(), StoreError>;

    /// Pending attachments whose upload grant ran out before `before`: abandoned uploads.
    async fn list_abandoned_attachments(
        &self,
        before: Timestamp,
    ) -> Result<Vec<Attachment>, StoreError>;
}

/// The bot's conversations, saved between messages.
#[async_trait]
pub trait DialogueStore: Send + Sync {
    /// A conversation's saved state (`channel:user`, e.g. `telegram:12345`).
    async fn load_dialogue(&self, key: &str) -> Result<Option<SavedDialogue>, StoreError>;

    /// Saves `json` for `key` as the next version, only if the stored version is still
    /// `expected` (`None`: only if nothing is stored yet). Returns the new version.
    async fn save_dialogue(
        &self,
        key: &str,
        json: &str,
        expected: Option<u64>,
        at: Timestamp,
    ) -> Result<u64, StoreError>;
}

/// Leases on work that must be done once, by one worker at a time: a chat update, a
/// conversation's turn, a round's assignment run, a reminder, an outcome message, a slot
/// of an address's daily mails. Each is named by a [`LeaseKey`].
#[async_trait]
pub trait Leases: Send + Sync {
    /// Takes the work `key` names until `lease_until`: `true` for the first caller, and
    /// for a caller at `now` after an earlier taker's lease ran out unfinished (it
    /// crashed or timed out); `false` while another holds it and once it is finished (a
    /// redelivery, or the same work twice at once).
    async fn take_lease(
        &self,
        key: &LeaseKey,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Marks taken work as done for good: it is never taken again.
    async fn finish_lease(&self, key: &LeaseKey) -> Result<(), StoreError>;

    /// [`Self::finish_lease`], keeping `answer` with the mark, so a redelivery gets the
    /// same answer without running anything again (WeChat's retries).
    async fn finish_lease_with(&self, key: &LeaseKey, answer: &str) -> Result<(), StoreError>;

    /// The answer kept with finished work; `None` while it is held, or when it was
    /// finished without one or never taken.
    async fn finished_answer(&self, key: &LeaseKey) -> Result<Option<String>, StoreError>;

    /// Gives taken work back, so the next try takes it: for work that failed before
    /// anything was saved. Releasing work nobody holds does nothing.
    async fn release_lease(&self, key: &LeaseKey) -> Result<(), StoreError>;
}

/// One-time codes that carry an application to another chat or to the HTTP API.
#[async_trait]
pub trait LinkCodeStore: Send + Sync {
    /// Keeps a one-time link code (`payload`: what it opens) until `expires_at`.
    /// `AlreadyExists` if the code is taken.
    async fn create_link_code(
        &self,
        code: &str,
        payload: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;

    /// Takes a link code, once: its payload if it exists and has not expired at `now`;
    /// `None` otherwise. A code is never given out twice, even to concurrent callers.
    async fn take_link_code(
        &self,
        code: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError>;
}

/// The questions the bot could not answer, for the organizers' inbox and digest.
#[async_trait]
pub trait QuestionStore: Send + Sync {
    /// Keeps a question the bot could not answer, for the organizers' inbox and digest.
    async fn record_question(&self, question: &UnansweredQuestion) -> Result<(), StoreError>;

    /// The questions asked at or after `since`, oldest first, every one of them.
    async fn list_questions(&self, since: Timestamp)
    -> Result<Vec<UnansweredQuestion>, StoreError>;

    /// Marks `question` answered, if no one has: `Conflict` when it already is (another
    /// organizer was first) or is not kept.
    async fn mark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError>;

    /// Takes back `answered` (its reply could not be sent), if it is still the question's
    /// answer: `Conflict` otherwise.
    async fn unmark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError>;
}

/// A question the bot could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnansweredQuestion {
    /// Unique, so the same text asked twice is kept twice.
    pub id: String,
    /// Where it was asked: `terminal`, `telegram`, ...
    pub channel: String,
    /// The chat it was asked in (`telegram:12345`), where an answer can be written;
    /// `None` for questions kept before chats were.
    pub chat: Option<String>,
    /// The language the bot was speaking there.
    pub lang: crate::lang::Lang,
    pub text: String,
    pub asked_at: Timestamp,
    /// Set once an organizer has dealt with it.
    pub answered: Option<QuestionAnswered>,
}

/// How an organizer dealt with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionAnswered {
    pub at: Timestamp,
    /// The organizer, as the audit log names them.
    pub by: String,
    /// The answer written in the chat, when one was.
    pub reply: Option<String>,
}

/// A conversation's state as the bot saved it: its JSON, and a version for conditional saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDialogue {
    pub json: String,
    pub version: u64,
    pub updated_at: Timestamp,
}

/// The registry of reviewers.
#[async_trait]
pub trait ReviewerStore: Send + Sync {
    /// Registers a reviewer: `AlreadyExists` if the id or the e-mail (in any case) is
    /// taken.
    async fn insert_reviewer(&self, reviewer: &Reviewer) -> Result<(), StoreError>;

    async fn get_reviewer(&self, id: ReviewerId) -> Result<Option<Reviewer>, StoreError>;

    /// Every reviewer, in no particular order, every page.
    async fn list_reviewers(&self) -> Result<Vec<Reviewer>, StoreError>;

    /// Replaces the reviewer only if its stored version is still `expected_version`
    /// (its e-mail never changes).
    async fn update_reviewer(
        &self,
        reviewer: &Reviewer,
        expected_version: u64,
    ) -> Result<(), StoreError>;
}

/// Which drafts gave which contact address (under the address's [`address_key`]): how
/// the cap on open drafts per address is counted without reading every draft. Entries
/// may outlive what they say (a draft submitted, or given another address); readers
/// check each against its application and remove the stale ones.
#[async_trait]
pub trait DraftAddresses: Send + Sync {
    /// Notes that `application` gave the address; noting it twice keeps one entry.
    async fn add_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError>;

    /// The applications noted under the address, in no particular order.
    async fn drafts_at_address(&self, address: &str) -> Result<Vec<ApplicationId>, StoreError>;

    /// Forgets one entry; a missing one is no error.
    async fn remove_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError>;
}

/// The registry of organizers: the people who may act on the call.
#[async_trait]
pub trait OrganizerStore: Send + Sync {
    /// Registers an organizer: `AlreadyExists` if the id or the e-mail (in any case) is
    /// taken.
    async fn insert_organizer(&self, organizer: &Organizer) -> Result<(), StoreError>;

    async fn get_organizer(&self, id: OrganizerId) -> Result<Option<Organizer>, StoreError>;

    /// Every organizer, in no particular order, every page.
    async fn list_organizers(&self) -> Result<Vec<Organizer>, StoreError>;

    /// Replaces the organizer only if its stored version is still `expected_version`
    /// (its e-mail never changes).
    async fn update_organizer(
        &self,
        organizer: &Organizer,
        expected_version: u64,
    ) -> Result<(), StoreError>;
}

/// Who reviews which case in which round.
#[async_trait]
pub trait AssignmentStore: Send + Sync {
    /// Adds each assignment whose (round, case, reviewer) is not stored yet; the others
    /// are left as they are. Returns how many were added.
    async fn add_assignments(&self, assignments: &[Assignment]) -> Result<usize, StoreError>;

    /// Every assignment of a round, every page, in no particular order.
    async fn list_round_assignments(&self, round: u8) -> Result<Vec<Assignment>, StoreError>;

    /// Every assignment of a reviewer, in every round.
    async fn list_reviewer_assignments(
        &self,
        reviewer: ReviewerId,
    ) -> Result<Vec<Assignment>, StoreError>;

    /// Marks an assignment as a conflict with its reason, once: `Conflict` when there is
    /// no such assignment or it already is one.
    async fn declare_conflict(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
        reason: &str,
    ) -> Result<(), StoreError>;
}

/// The reviews themselves.
#[async_trait]
pub trait ReviewStore: Send + Sync {
    async fn get_review(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
    ) -> Result<Option<CaseReview>, StoreError>;

    /// Saves `review` (its version already the next one) only if the stored version is
    /// still `expected` (`None`: only if there is none yet); otherwise `Conflict` and
    /// nothing changes. Two devices saving over the same version: one wins.
    async fn save_review(
        &self,
        review: &CaseReview,
        expected: Option<u64>,
    ) -> Result<(), StoreError>;

    /// Every review of a round, every page, in no particular order.
    async fn list_round_reviews(&self, round: u8) -> Result<Vec<CaseReview>, StoreError>;
}

/// Addresses that asked for no more reminders, kept as [`opt_out_key`]s (a hash, not
/// the address).
#[async_trait]
pub trait OptOutStore: Send + Sync {
    /// Records the opt-out; recording it again changes nothing.
    async fn opt_out(&self, key: &str, at: Timestamp) -> Result<(), StoreError>;

    async fn is_opted_out(&self, key: &str) -> Result<bool, StoreError>;
}

/// Round closings and the audit log of decisions.
#[async_trait]
pub trait DecisionStore: Send + Sync {
    /// The closing of `year`'s `round`, if it was ever closed.
    async fn get_round_closing(
        &self,
        year: i16,
        round: u8,
    ) -> Result<Option<crate::decision::RoundClosing>, StoreError>;

    /// Saves `closing` (its version already the next one) only if the stored version is
    /// still `expected` (`None`: only if none is stored); otherwise `Conflict`.
    async fn save_round_closing(
        &self,
        closing: &crate::decision::RoundClosing,
        expected: Option<u64>,
    ) -> Result<(), StoreError>;

    /// Appends an entry; `AlreadyExists` if its id is taken (nothing is overwritten).
    async fn append_audit(&self, entry: &crate::decision::AuditEntry) -> Result<(), StoreError>;

    /// Every entry, oldest first (by id), every page.
    async fn list_audit(&self) -> Result<Vec<crate::decision::AuditEntry>, StoreError>;

    /// The newest entry (the greatest id), if any.
    async fn last_audit(&self) -> Result<Option<crate::decision::AuditEntry>, StoreError>;
}

/// An address as stores key it, without keeping it: the SHA-256 of its lower-cased form,
/// in hex (opt-outs, the drafts that gave it, the reminders sent to it).
pub fn address_key(address: &crate::email::Email) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(address.as_str().to_lowercase().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key an address opts out under: its [`address_key`].
pub fn opt_out_key(address: &crate::email::Email) -> String {
    address_key(address)
}

/// The key a chat (`telegram:12345`) opts out under when its user answers STOP.
pub fn chat_opt_out_key(chat: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(format!("chat:{chat}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A channel that can write first to a chat it knows (`telegram:12345`): the reminder
/// job's nudge to a draft that lives in a chat.
#[async_trait]
pub trait ChatNotifier: Send + Sync {
    /// Whether `chat` is one this channel writes to.
    fn handles(&self, chat: &str) -> bool;

    /// Sends `text` to `chat`.
    async fn notify(&self, chat: &str, text: &str) -> Result<(), NotifyError>;
}

/// Why a chat message was not sent (the caller tries again at its next run).
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("{0:?} is not a chat this channel writes to")]
    NotThisChannel(String),
    /// The channel's own answer (an API error, a network failure), for logs.
    #[error("the chat channel failed: {0}")]
    Channel(String),
}

/// The rehearsal clock kept with the data (`casebook rehearse`): one per deployment.
#[async_trait]
pub trait RehearsalStore: Send + Sync {
    async fn rehearsal(&self) -> Result<Option<crate::clock::Rehearsal>, StoreError>;
    /// Sets (or with `None` ends) the rehearsal.
    async fn set_rehearsal(
        &self,
        rehearsal: Option<crate::clock::Rehearsal>,
    ) -> Result<(), StoreError>;
}

/// The campaign files installed on this deployment, and which call is open.
#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Keeps `campaign`, replacing the one installed for its year (a corrected FAQ or
    /// date: the year's data stays as it is).
    async fn install_campaign(
        &self,
        campaign: &crate::campaign::InstalledCampaign,
    ) -> Result<(), StoreError>;

    /// Every installed campaign, oldest year first.
    async fn installed_campaigns(
        &self,
    ) -> Result<Vec<crate::campaign::InstalledCampaign>, StoreError>;

    /// The call that takes applications ([`OpenCall::Given`] when none was ever chosen).
    ///
    /// [`OpenCall::Given`]: crate::campaign::OpenCall::Given
    async fn open_call(&self) -> Result<crate::campaign::OpenCall, StoreError>;

    async fn set_open_call(&self, open: crate::campaign::OpenCall) -> Result<(), StoreError>;
}

/// A whole backend: every store capability in one (what an adapter offers; services take
/// only the capabilities they use, through [`Stores`]).
pub trait Store:
    ApplicationStore
    + AttachmentStore
    + DialogueStore
    + Leases
    + LinkCodeStore
    + QuestionStore
    + ReviewerStore
    + OrganizerStore
    + DraftAddresses
    + AssignmentStore
    + ReviewStore
    + OptOutStore
    + DecisionStore
    + RehearsalStore
    + CampaignStore
{
}

impl<S> Store for S where
    S: ApplicationStore
        + AttachmentStore
        + DialogueStore
        + Leases
        + LinkCodeStore
        + QuestionStore
        + ReviewerStore
        + OrganizerStore
        + DraftAddresses
        + AssignmentStore
        + ReviewStore
        + OptOutStore
        + DecisionStore
        + RehearsalStore
        + CampaignStore
{
}

/// Each store capability, as the services and front ends take them.
#[derive(Clone)]
pub struct Stores {
    pub applications: Arc<dyn ApplicationStore>,
    pub attachments: Arc<dyn AttachmentStore>,
    pub dialogues: Arc<dyn DialogueStore>,
    pub leases: Arc<dyn Leases>,
    pub link_codes: Arc<dyn LinkCodeStore>,
    pub questions: Arc<dyn QuestionStore>,
    pub reviewers: Arc<dyn ReviewerStore>,
    pub organizers: Arc<dyn OrganizerStore>,
    pub draft_addresses: Arc<dyn DraftAddresses>,
    pub assignments: Arc<dyn AssignmentStore>,
    pub reviews: Arc<dyn ReviewStore>,
    pub opt_outs: Arc<dyn OptOutStore>,
    pub decisions: Arc<dyn DecisionStore>,
    pub rehearsal: Arc<dyn RehearsalStore>,
    pub campaigns: Arc<dyn CampaignStore>,
}

impl Stores {
    /// Every capability from one backend.
    pub fn backed_by(store: Arc<dyn Store>) -> Stores {
        Stores {
            applications: store.clone(),
            attachments: store.clone(),
            dialogues: store.clone(),
            leases: store.clone(),
            link_codes: store.clone(),
            questions: store.clone(),
            reviewers: store.clone(),
            organizers: store.clone(),
            draft_addresses: store.clone(),
            assignments: store.clone(),
            reviews: store.clone(),
            opt_outs: store.clone(),
            decisions: store.clone(),
            rehearsal: store.clone(),
            campaigns: store,
        }
    }
}

/// Signed, expiring URLs for moving files straight between clients and storage.
#[async_trait]
pub trait SignedUrls: Send + Sync {
    /// A grant to upload exactly `attachment.size` bytes of `attachment.content_type` to
    /// `key`, valid until `expires_at`.
    async fn upload_grant(
        &self,
        attachment: &Attachment,
        key: &BlobKey,
        expires_at: Timestamp,
    ) -> Result<UploadGrant, BlobError>;

    /// A link that downloads `key` as `filename`, valid until `expires_at`.
    async fn download_link(
        &self,
        key: &BlobKey,
        filename: &str,
        content_type: &str,
        expires_at: Timestamp,
    ) -> Result<DownloadLink, BlobError>;
}

pub use crate::access::KeySource;
