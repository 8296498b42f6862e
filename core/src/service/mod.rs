//! The applicant's use cases, written once for every front end (HTTP, chat).

mod ask;
mod confirmation;
mod link;

pub use ask::{
    Answer, AskError, MAX_QUESTION_CHARS, WEB_CHANNEL, not_understood, now_closed, web_chat,
};
pub use confirmation::confirmation_mail;

use std::sync::Arc;

use jiff::Timestamp;

use crate::application::{
    Application, ApplicationContent, ApplicationId, ApplicationPatch, Reference, Status,
};
use crate::attachment::Attachment;
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::confirmation::Confirmation;
use crate::lang::Lang;
use crate::mail::Mailer;
use crate::ports::{
    ApplicationStore, AttachmentStore, LinkCodeStore, OptOutStore, StoreError, Stores,
    chat_opt_out_key,
};
use crate::rules::{self, Problem, Review};
use crate::token::{ChatIdentity, Credential, EditToken, Owner, RandomUnavailable};

/// How often a write is retried when a concurrent writer got there first and the
/// outcome may still be decided by re-reading (submit, withdraw).
pub(crate) use crate::ports::RACE_RETRIES;

#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    /// No such application, or the token does not match: the two look the same.
    #[error("no application with this id and token")]
    NotFound,
    #[error("the application has changed since version {expected}")]
    VersionMismatch { expected: u64 },
    #[error("a {status} application cannot be changed")]
    NotEditable { status: Status },
    #[error("the application is not ready to submit")]
    NotReady(Vec<Problem>),
    #[error("the call has closed")]
    DeadlinePassed,
    #[error("the application was withdrawn")]
    Withdrawn,
    #[error("a {status} application cannot be withdrawn")]
    NotWithdrawable { status: Status },
    #[error("invalid value for {}", .0.field)]
    Invalid(Problem),
    /// A link code that never existed, was used already, or ran out.
    #[error("the link code is not valid")]
    LinkCodeInvalid,
    #[error("too many concurrent changes; try again")]
    Busy,
    /// The address has had its mails for today.
    #[error("the contact address has had all its e-mails for today")]
    TooManyMails,
    /// No mail can be sent from here now (none configured, or the service failed).
    #[error("no e-mail can be sent now")]
    MailUnavailable,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Random(#[from] RandomUnavailable),
}

/// The applicant's use cases over the ports they need.
#[derive(Clone)]
pub struct ApplicationService {
    pub(crate) store: Arc<dyn ApplicationStore>,
    /// For the attachment service built over this one, and the files of an application.
    pub(crate) attachments: Arc<dyn AttachmentStore>,
    pub(crate) link_codes: Arc<dyn LinkCodeStore>,
    questions: Arc<dyn crate::ports::QuestionStore>,
    opt_outs: Arc<dyn OptOutStore>,
    draft_addresses: Arc<dyn crate::ports::DraftAddresses>,
    /// The daily allowance of mails per address (see `confirmation.rs`).
    pub(crate) claims: Arc<dyn crate::ports::Leases>,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    mailer: Option<Arc<dyn Mailer>>,
    /// The applicant page's address, for the links mailed to continue there.
    page_url: Option<String>,
}

impl ApplicationService {
    pub fn new(stores: &Stores, clock: Arc<dyn Clock>, campaign: Arc<Campaign>) -> Self {
        ApplicationService {
            store: stores.applications.clone(),
            attachments: stores.attachments.clone(),
            link_codes: stores.link_codes.clone(),
            questions: stores.questions.clone(),
            opt_outs: stores.opt_outs.clone(),
            draft_addresses: stores.draft_addresses.clone(),
            claims: stores.leases.clone(),
            clock,
            campaign,
            mailer: None,
            page_url: None,
        }
    }

    /// Links to continue an application point at the applicant page at `url`.
    pub fn with_page_url(mut self, url: impl Into<String>) -> Self {
        self.page_url = Some(url.into());
        self
    }

    pub(crate) fn page_url(&self) -> Option<&str> {
        self.page_url.as_deref()
    }

    /// Sends each submission's confirmation e-mail through `mailer` (without one,
    /// confirmations stay pending until a service with a mailer delivers them).
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> Self {
        self.mailer = Some(mailer);
        self
    }

    pub(crate) fn mailer(&self) -> Option<&Arc<dyn Mailer>> {
        self.mailer.as_ref()
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    /// The campaign, to share with what outlives a borrow (an HTTP layer).
    pub fn shared_campaign(&self) -> Arc<Campaign> {
        self.campaign.clone()
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The chat's user answered STOP: no more reminders to this chat, nor e-mails about
    /// the drafts it owns.
    pub async fn stop_reminders(&self, chat: &ChatIdentity) -> Result<(), StoreError> {
        if !chat.is_known() {
            return Ok(());
        }
        self.opt_outs
            .opt_out(&chat_opt_out_key(&chat.0), self.clock.now())
            .await
    }

    /// The services' clock, for adapters whose times must agree with it.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// The files of an application already read (and so opened by its reader).
    pub async fn attachments_of(&self, app: &Application) -> Result<Vec<Attachment>, StoreError> {
        self.attachments.list_attachments(app.id).await
    }

    /// What blocks submission of this application now, and what could be better.
    /// Only a draft has problems: a submitted application has passed them.
    pub fn review(&self, app: &Application) -> Review {
        if app.status == Status::Draft {
            rules::review(&app.content, &self.campaign, self.clock.now())
        } else {
            Review::default()
        }
    }

    /// Creates a draft from `patch` (possibly empty). The token is returned only here.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn create_draft(
        &self,
        patch: ApplicationPatch,
        lang: Lang,
    ) -> Result<(Application, EditToken), ApplicationError> {
        let content = patch
            .apply(&ApplicationContent::default(), &self.campaign)
            .map_err(ApplicationError::Invalid)?;
        self.check_open_drafts(None, None, &content).await?;
        let token = EditToken::generate()?;
        let app = self
            .insert_draft(content, Owner::Token(token.hash()), lang)
            .await?;
        self.note_draft_address(&app).await?;
        Ok((app, token))
    }

    /// Creates an empty draft owned by a chat: the chat opens it, no token is made.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn create_draft_in_chat(
        &self,
        chat: &ChatIdentity,
        lang: Lang,
    ) -> Result<Application, ApplicationError> {
        if !chat.is_known() {
            return Err(ApplicationError::NotFound);
        }
        self.insert_draft(
            ApplicationContent::default(),
            Owner::Chat(chat.0.clone()),
            lang,
        )
        .await
    }

    /// A new draft, in the language its applicant writes in.
    async fn insert_draft(
        &self,
        content: ApplicationContent,
        owner: Owner,
        language: Lang,
    ) -> Result<Application, ApplicationError> {
        let now = self.clock.now();
        let app = Application {
            id: ApplicationId::random(),
            campaign: self.campaign.year(),
            reference: None,
            status: Status::Draft,
            version: 1,
            created_at: now,
            updated_at: now,
            submitted_at: None,
            content,
            owners: vec![owner],
            confirmation: None,
            language,
        };
        self.store.insert_application(&app).await?;
        tracing::info!(application_id = %app.id, "draft created");
        Ok(app)
    }

    /// Refuses a contact e-mail that already has the campaign's most open drafts, when a
    /// draft takes it (checked only when the address changes: a draft keeps the one it
    /// has). Counted over the drafts noted under the address (case ignored), each checked
    /// against its application, the stale ones forgotten. Two drafts taking one address
    /// at the same instant may both pass: the reminders' one mail per address and
    /// milestone makes that harmless.
    async fn check_open_drafts(
        &self,
        this: Option<ApplicationId>,
        before: Option<&crate::email::Email>,
        after: &ApplicationContent,
    ) -> Result<(), ApplicationError> {
        let Some(email) = &after.contact.email else {
            return Ok(());
        };
        let wanted = email.as_str().to_lowercase();
        if before.is_some_and(|b| b.as_str().to_lowercase() == wanted) {
            return Ok(());
        }
        let address = crate::ports::address_key(email);
        let max = self.campaign.max_open_drafts_per_email();
        let mut open = 0;
        for id in self.draft_addresses.drafts_at_address(&address).await? {
            if Some(id) == this {
                continue;
            }
            let live = self.store.get_application(id).await?.is_some_and(|a| {
                a.status == Status::Draft
                    && a.content
                        .contact
                        .email
                        .as_ref()
                        .is_some_and(|e| e.as_str().to_lowercase() == wanted)
            });
            if live {
                open += 1;
            } else {
                self.draft_addresses
                    .remove_draft_address(&address, id)
                    .await?;
            }
        }
        if open >= max {
            tracing::info!(open, max, "a draft was refused a contact e-mail at its cap");
            return Err(ApplicationError::Invalid(Problem::new(
                crate::field::FieldPath::ContactEmail,
                crate::rules::ProblemKind::TooManyDrafts { max },
            )));
        }
        Ok(())
    }

    /// Notes the draft under its contact address, once written (see
    /// [`Self::check_open_drafts`]).
    async fn note_draft_address(&self, app: &Application) -> Result<(), ApplicationError> {
        if let Some(email) = &app.content.contact.email {
            self.draft_addresses
                .add_draft_address(&crate::ports::address_key(email), app.id)
                .await?;
        }
        Ok(())
    }

    /// Adds `owner` to an application (a chat that took a link code, a new edit token),
    /// with a conditional write; already an owner: nothing changes.
    pub(crate) async fn add_owner(
        &self,
        id: ApplicationId,
        owner: Owner,
    ) -> Result<Application, ApplicationError> {
        if matches!(&owner, Owner::Chat(chat) if chat.trim().is_empty()) {
            return Err(ApplicationError::NotFound);
        }
        for _ in 0..RACE_RETRIES {
            let app = self
                .store
                .get_application(id)
                .await?
                .ok_or(ApplicationError::NotFound)?;
            if app.owners.contains(&owner) {
                return Ok(app);
            }
            let mut next = Application {
                version: app.version + 1,
                ..app.clone()
            };
            next.owners.push(owner.clone());
            match self.store.update_application(&next, app.version).await {
                Ok(()) => return Ok(next),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy)
    }

    /// Makes `chat` an owner of the application `token` opens: how a conversation saved
    /// by an earlier version, which kept tokens, gives them up.
    pub async fn adopt_in_chat(
        &self,
        id: ApplicationId,
        token: &EditToken,
        chat: &ChatIdentity,
    ) -> Result<Application, ApplicationError> {
        self.read(id, token).await?;
        self.add_owner(id, Owner::Chat(chat.0.clone())).await
    }

    /// Reads an application `who` opens (an owner's edit token or chat).
    pub async fn read(
        &self,
        id: ApplicationId,
        who: &dyn Credential,
    ) -> Result<Application, ApplicationError> {
        let app = self
            .store
            .get_application(id)
            .await?
            .ok_or(ApplicationError::NotFound)?;
        if who.opens(&app.owners) {
            Ok(app)
        } else {
            Err(ApplicationError::NotFound)
        }
    }

    /// Applies `patch` to a draft whose current version is `expected_version`.
    #[tracing::instrument(skip_all, fields(application_id = %id, expected_version = expected_version), err(level = "info"))]
    pub async fn update_draft(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
        expected_version: u64,
        patch: ApplicationPatch,
    ) -> Result<Application, ApplicationError> {
        let app = self.read(id, token).await?;
        if app.status != Status::Draft {
            return Err(ApplicationError::NotEditable { status: app.status });
        }
        if app.version != expected_version {
            return Err(ApplicationError::VersionMismatch {
                expected: expected_version,
            });
        }
        let content = patch
            .apply(&app.content, &self.campaign)
            .map_err(ApplicationError::Invalid)?;
        let before_email = app.content.contact.email.clone();
        self.check_open_drafts(Some(app.id), before_email.as_ref(), &content)
            .await?;
        let next = Application {
            content,
            version: app.version + 1,
            updated_at: self.clock.now(),
            ..app
        };
        let address_changed = next.content.contact.email != before_email;
        match self.store.update_application(&next, expected_version).await {
            Ok(()) => {
                if address_changed {
                    self.note_draft_address(&next).await?;
                }
                Ok(next)
            }
            Err(StoreError::Conflict) => Err(ApplicationError::VersionMismatch {
                expected: expected_version,
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Submits a complete draft before the deadline and gives it a reference, its
    /// confirmation to be mailed in `lang` (the language the applicant submits in) then
    /// English. Submitting again returns the same application with the same reference.
    #[tracing::instrument(skip_all, fields(application_id = %id), err(level = "info"))]
    pub async fn submit(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
        lang: Lang,
    ) -> Result<Application, ApplicationError> {
        for _ in 0..RACE_RETRIES {
            let app = self.read(id, token).await?;
            match app.status {
                Status::Draft => {}
                Status::Withdrawn => return Err(ApplicationError::Withdrawn),
                // Submitted already: the same answer, and another try at a confirmation
                // whose earlier send failed.
                _ => return Ok(self.confirm(app).await),
            }
            let now = self.clock.now();
            // A draft of an earlier year's call stays a draft: its call has closed, and
            // this call's references and rounds are not its.
            if !self.campaign.is_open(now) || app.campaign != self.campaign.year() {
                return Err(ApplicationError::DeadlinePassed);
            }
            let review = rules::review(&app.content, &self.campaign, now);
            if !review.is_ready() {
                return Err(ApplicationError::NotReady(review.problems));
            }
            let series = self.campaign.reference_series();
            let number = self.store.next_reference_number(&series).await?;
            let expected = app.version;
            let next = Application {
                status: Status::Submitted,
                reference: Some(Reference::new(&series, number)),
                submitted_at: Some(now),
                updated_at: now,
                version: expected + 1,
                // Written with the status: no submission exists without its confirmation.
                confirmation: Some(Confirmation::Pending),
                language: lang,
                ..app
            };
            match self.store.update_application(&next, expected).await {
                Ok(()) => {
                    tracing::info!(reference = %Reference::new(&series, number), "application submitted");
                    crate::metric::count("Submissions", None);
                    return Ok(self.confirm(next).await);
                }
                // Someone else changed it first: look again (it may now be submitted).
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy)
    }

    /// Delivers a submitted application's confirmation if due. A store failure here leaves
    /// the confirmation pending for the next try and never fails the submission.
    async fn confirm(&self, app: Application) -> Application {
        match self.deliver_confirmation(app.clone()).await {
            Ok(app) => app,
            Err(e) => {
                tracing::warn!(application_id = %app.id, error = %e, "confirmation left pending");
                app
            }
        }
    }

    /// Withdraws a draft or a submitted application; its reference, if any, is kept and
    /// never given to another. Withdrawing again changes nothing.
    #[tracing::instrument(skip_all, fields(application_id = %id), err(level = "info"))]
    pub async fn withdraw(
        &self,
        id: ApplicationId,
        token: &dyn Credential,
    ) -> Result<Application, ApplicationError> {
        for _ in 0..RACE_RETRIES {
            let app = self.read(id, token).await?;
            match app.status {
                Status::Draft | Status::Submitted => {}
                Status::Withdrawn => return Ok(app),
                status => return Err(ApplicationError::NotWithdrawable { status }),
            }
            let expected = app.version;
            let next = Application {
                status: Status::Withdrawn,
                version: expected + 1,
                updated_at: self.clock.now(),
                ..app
            };
            match self.store.update_application(&next, expected).await {
                Ok(()) => return Ok(next),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplicationError::Busy)
    }
}

#[cfg(test)]
mod tests {
    //! The applicant's use cases on the in-memory store: the rules and races of core,
    //! without any adapter.

    use std::sync::Mutex;

    use async_trait::async_trait;

    use super::*;
    use crate::clock::FixedClock;
    use crate::mail::{MailError, OutgoingMail};
    use crate::memory::MemoryStore;
    use crate::rules::ProblemKind;

    const OPEN: &str = "2024-05-01T09:00:00Z";

    struct Fixture {
        service: ApplicationService,
        clock: Arc<FixedClock>,
    }

    fn fixture() -> Fixture {
        let clock = Arc::new(FixedClock::at(OPEN.parse().unwrap()));
        let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
        let service =
            ApplicationService::new(&stores, clock.clone(), Arc::new(Campaign::builtin()));
        Fixture { service, clock }
    }

    fn patch(json: serde_json::Value) -> ApplicationPatch {
        serde_json::from_value(json).unwrap()
    }

    fn complete() -> ApplicationPatch {
        let section = |heading: &str| {
            format!(
                "{heading}\nThe partners connected remote villages to the Internet, trained local technicians to keep the network running and helped shops sell their goods online."
            )
        };
        patch(serde_json::json!({
            "practice_name": "Village Links",
            "lead_organization": {"name": "Example Telecom", "country": "CN"},
            "countries": ["CN", "KE"],
            "area": "infrastructure",
            "sections": {
                "background": section("Origins"),
                "cooperation": section("Partners"),
                "modalities": section("Method"),
                "benefits": section("Results"),
            },
            "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
        }))
    }

    #[tokio::test]
    async fn a_draft_opens_with_its_token_and_with_nothing_else() {
        let f = fixture();
        let (app, token) = f
            .service
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        assert_eq!(f.service.read(app.id, &token).await.unwrap(), app);
        let other = EditToken::presented("not-the-token");
        assert!(matches!(
            f.service.read(app.id, &other).await,
            Err(ApplicationError::NotFound)
        ));
        let stranger = ChatIdentity("telegram:1".into());
        assert!(matches!(
            f.service.read(app.id, &stranger).await,
            Err(ApplicationError::NotFound)
        ));
    }

    #[tokio::test]
    async fn an_update_needs_the_current_version_and_a_draft() {
        let f = fixture();
        let (app, token) = f
            .service
            .create_draft(ApplicationPatch::default(), crate::lang::Lang::En)
            .await
            .unwrap();
        let named = patch(serde_json::json!({"practice_name": "Village Links"}));
        let saved = f
            .service
            .update_draft(app.id, &token, 1, named.clone())
            .await
            .unwrap();
        assert_eq!(saved.version, 2);
        assert!(matches!(
            f.service.update_draft(app.id, &token, 1, named).await,
            Err(ApplicationError::VersionMismatch { expected: 1 })
        ));
        let bad = patch(serde_json::json!({"countries": ["Atlantis"]}));
        assert!(matches!(
            f.service.update_draft(app.id, &token, 2, bad).await,
            Err(ApplicationError::Invalid(p)) if matches!(p.field, crate::field::FieldPath::Country(_))
        ));
    }

    #[tokio::test]
    async fn submitting_gives_one_reference_and_then_the_draft_is_closed() {
        let f = fixture();
        let (empty, token) = f
            .service
            .create_draft(ApplicationPatch::default(), crate::lang::Lang::En)
            .await
            .unwrap();
        match f
            .service
            .submit(empty.id, &token, crate::lang::Lang::En)
            .await
        {
            Err(ApplicationError::NotReady(problems)) => {
                assert!(
                    problems
                        .iter()
                        .any(|p| p.field == "practice_name" && p.kind == ProblemKind::Missing)
                );
            }
            other => panic!("an empty draft was not refused: {other:?}"),
        }
        let (app, token) = f
            .service
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        let submitted = f
            .service
            .submit(app.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        assert_eq!(submitted.status, Status::Submitted);
        assert_eq!(
            submitted.reference.as_ref().unwrap().as_str(),
            "PC2024-0001"
        );
        assert_eq!(
            submitted.confirmation,
            Some(Confirmation::Pending),
            "no mailer: it waits"
        );
        let again = f
            .service
            .submit(app.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        assert_eq!(again.reference, submitted.reference);
        assert!(matches!(
            f.service
                .update_draft(app.id, &token, again.version, complete())
                .await,
            Err(ApplicationError::NotEditable {
                status: Status::Submitted
            })
        ));
        let withdrawn = f.service.withdraw(app.id, &token).await.unwrap();
        assert_eq!(
            (withdrawn.status, withdrawn.reference),
            (Status::Withdrawn, submitted.reference)
        );
        assert!(matches!(
            f.service
                .submit(app.id, &token, crate::lang::Lang::En)
                .await,
            Err(ApplicationError::Withdrawn)
        ));
    }

    #[tokio::test]
    async fn after_the_deadline_nothing_is_submitted() {
        let f = fixture();
        let (app, token) = f
            .service
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        f.clock.set("2024-06-21T00:00:00+08:00".parse().unwrap());
        assert!(matches!(
            f.service
                .submit(app.id, &token, crate::lang::Lang::En)
                .await,
            Err(ApplicationError::DeadlinePassed)
        ));
    }

    #[tokio::test]
    async fn a_draft_of_last_years_call_is_not_submitted_in_next_years() {
        let clock = Arc::new(FixedClock::at(OPEN.parse().unwrap()));
        let stores = Stores::backed_by(Arc::new(MemoryStore::new()));
        let y2024 = ApplicationService::new(&stores, clock.clone(), Arc::new(Campaign::builtin()));
        let (app, token) = y2024
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        let next = include_str!("../../campaigns/2024.toml").replace("2024", "2025");
        let y2025 = ApplicationService::new(
            &stores,
            clock.clone(),
            Arc::new(Campaign::from_toml(&next).unwrap()),
        );
        clock.set("2025-05-01T09:00:00+08:00".parse().unwrap());
        assert!(matches!(
            y2025.submit(app.id, &token, crate::lang::Lang::En).await,
            Err(ApplicationError::DeadlinePassed)
        ));
        // This year's own draft goes through, with this year's reference.
        let (fresh, token) = y2025
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        let submitted = y2025
            .submit(fresh.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        assert_eq!(
            submitted.reference.map(|r| r.to_string()).as_deref(),
            Some("PC2025-0001")
        );
    }

    #[tokio::test]
    async fn concurrent_submissions_of_one_draft_take_one_reference() {
        let f = fixture();
        let (app, token) = f
            .service
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        let tries = (0..16).map(|_| {
            let (service, token) = (f.service.clone(), EditToken::presented(token.expose()));
            tokio::spawn(async move { service.submit(app.id, &token, crate::lang::Lang::En).await })
        });
        let mut references = std::collections::HashSet::new();
        for t in tries {
            references.insert(t.await.unwrap().unwrap().reference);
        }
        assert_eq!(references.len(), 1);
        let (other, token) = f
            .service
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        let next = f
            .service
            .submit(other.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        assert_eq!(next.reference.unwrap().as_str(), "PC2024-0002");
    }

    #[tokio::test]
    async fn a_link_code_gives_another_chat_the_draft_once_and_not_after_30_minutes() {
        let f = fixture();
        let (ana, ben) = (
            ChatIdentity("telegram:ana".into()),
            ChatIdentity("terminal:ben".into()),
        );
        let app = f
            .service
            .create_draft_in_chat(&ana, crate::lang::Lang::En)
            .await
            .unwrap();
        let link = f.service.create_link(app.id, &ana).await.unwrap();
        let opened = f
            .service
            .redeem_link_in_chat(&link.code, &ben)
            .await
            .unwrap();
        assert_eq!(opened.id, app.id);
        assert!(f.service.read(app.id, &ben).await.is_ok());
        assert!(matches!(
            f.service.redeem_link_in_chat(&link.code, &ben).await,
            Err(ApplicationError::LinkCodeInvalid)
        ));
        let late = f.service.create_link(app.id, &ana).await.unwrap();
        f.clock.set("2024-05-01T09:31:00Z".parse().unwrap());
        assert!(matches!(
            f.service
                .redeem_link_in_chat(&late.code, &ChatIdentity("wechat:cai".into()))
                .await,
            Err(ApplicationError::LinkCodeInvalid)
        ));
    }

    /// A mailer that refuses its first `failures` mails and keeps the rest.
    #[derive(Default)]
    struct FlakyMailer {
        failures: Mutex<usize>,
        sent: Mutex<Vec<OutgoingMail>>,
    }

    #[async_trait]
    impl Mailer for FlakyMailer {
        async fn send(&self, mail: &OutgoingMail) -> Result<String, MailError> {
            let mut failures = self.failures.lock().unwrap();
            if *failures > 0 {
                *failures -= 1;
                return Err(MailError::Backend("the mail service is down".into()));
            }
            self.sent.lock().unwrap().push(mail.clone());
            Ok("id".into())
        }
    }

    #[tokio::test]
    async fn a_confirmation_that_failed_is_sent_by_the_sweep_exactly_once() {
        let f = fixture();
        let mailer = Arc::new(FlakyMailer {
            failures: Mutex::new(1),
            ..FlakyMailer::default()
        });
        let service = f.service.clone().with_mailer(mailer.clone());
        let (app, token) = service
            .create_draft(complete(), crate::lang::Lang::En)
            .await
            .unwrap();
        let submitted = service
            .submit(app.id, &token, crate::lang::Lang::En)
            .await
            .unwrap();
        assert_eq!(submitted.confirmation, Some(Confirmation::Pending));
        assert_eq!(service.deliver_pending_confirmations().await.unwrap(), 1);
        assert_eq!(service.deliver_pending_confirmations().await.unwrap(), 0);
        let sent = mailer.sent.lock().unwrap();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to.as_str(), "li.wei@example.org");
        assert!(sent[0].text.contains("PC2024-0001"), "{}", sent[0].text);
    }

    #[tokio::test]
    async fn one_address_gets_its_days_confirmations_and_the_rest_the_next_day_each_once() {
        let f = fixture();
        // The first send fails: its allowance is given back, not spent.
        let mailer = Arc::new(FlakyMailer {
            failures: Mutex::new(1),
            ..FlakyMailer::default()
        });
        let service = f.service.clone().with_mailer(mailer.clone());
        let per_day = service.campaign().max_mails_per_address_per_day();
        let open = service.campaign().max_open_drafts_per_email();
        let total = per_day + 3;
        let mut submitted = Vec::new();
        // A stranger's address on many complete drafts, submitted a few at a time (no
        // more than the open-draft cap is ever open at once).
        while submitted.len() < total {
            let mut batch = Vec::new();
            for _ in 0..open.min(total - submitted.len()) {
                batch.push(
                    service
                        .create_draft(complete(), crate::lang::Lang::En)
                        .await
                        .unwrap(),
                );
            }
            for (app, token) in batch {
                submitted.push(
                    service
                        .submit(app.id, &token, crate::lang::Lang::En)
                        .await
                        .unwrap(),
                );
            }
        }
        let states: Vec<_> = submitted.iter().map(|a| a.confirmation).collect();
        let held = |states: &[Option<Confirmation>]| {
            states
                .iter()
                .filter(|c| matches!(c, Some(Confirmation::Held { .. })))
                .count()
        };
        // The failed one waits (its allowance came back and went to the next), the day's
        // allowance is sent, the last ones are held.
        assert_eq!(states[0], Some(Confirmation::Pending));
        assert_eq!(held(&states), 2, "{states:?}");
        assert_eq!(mailer.sent.lock().unwrap().len(), per_day);
        // The sweep the same day sends nothing more: the failed one is held too.
        assert_eq!(service.deliver_pending_confirmations().await.unwrap(), 0);
        assert_eq!(mailer.sent.lock().unwrap().len(), per_day);
        // Shanghai's next day starts at 16:00 UTC: the held ones go then, once.
        f.clock.set("2024-05-01T15:59:00Z".parse().unwrap());
        assert_eq!(service.deliver_pending_confirmations().await.unwrap(), 0);
        f.clock.set("2024-05-01T16:00:00Z".parse().unwrap());
        assert_eq!(service.deliver_pending_confirmations().await.unwrap(), 3);
        assert_eq!(service.deliver_pending_confirmations().await.unwrap(), 0);
        let sent = mailer.sent.lock().unwrap();
        assert_eq!(sent.len(), total);
        let mut references: Vec<&str> = sent
            .iter()
            .map(|m| m.subject.split(' ').nth(1).unwrap_or_default())
            .collect();
        references.sort();
        references.dedup();
        assert_eq!(references.len(), total, "each confirmation once");
    }
}
