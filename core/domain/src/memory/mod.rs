//! Every store capability in memory, with the same conditional writes as the real
//! backends: for the services' unit tests in core, and run through the same contract
//! suite as SQLite and DynamoDB so it cannot drift from them.

mod blobs;
mod review;

pub use blobs::MemoryBlobStore;

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use jiff::Timestamp;

use crate::application::{Application, ApplicationId, Status};
use crate::attachment::{Attachment, AttachmentId, AttachmentStatus};
use crate::confirmation::Confirmation;
use crate::lease::LeaseKey;
use crate::organizer::{Organizer, OrganizerId};
use crate::ports::{
    ApplicationStore, AttachmentStore, DialogueStore, DraftAddresses, Leases, LinkCodeStore,
    QuestionAnswered, QuestionStore, SavedDialogue, StoreError, UnansweredQuestion,
};
use crate::review::{Assignment, CaseReview, Reviewer, ReviewerId};

/// A store that lives as long as the value. Each method takes one lock, so every
/// conditional write is atomic as in a database.
#[derive(Default)]
pub struct MemoryStore {
    data: Mutex<Data>,
}

#[derive(Default)]
struct Data {
    applications: HashMap<ApplicationId, Application>,
    counters: HashMap<String, u64>,
    /// Attachments in the order they were added.
    attachments: Vec<Attachment>,
    dialogues: HashMap<String, SavedDialogue>,
    /// Each claimed key and its lease: `None` once finished.
    claims: HashMap<LeaseKey, Option<Timestamp>>,
    link_codes: HashMap<String, (String, Timestamp)>,
    questions: Vec<UnansweredQuestion>,
    reviewers: HashMap<ReviewerId, Reviewer>,
    organizers: HashMap<OrganizerId, Organizer>,
    draft_addresses: HashMap<String, std::collections::BTreeSet<ApplicationId>>,
    assignments: Vec<Assignment>,
    reviews: HashMap<(u8, ApplicationId, ReviewerId), CaseReview>,
    opt_outs: std::collections::HashSet<String>,
    /// Answers kept with finished claims.
    answers: HashMap<LeaseKey, String>,
    round_closings: HashMap<(i16, u8), crate::decision::RoundClosing>,
    rehearsal: Option<crate::clock::Rehearsal>,
    campaigns: std::collections::BTreeMap<i16, crate::campaign::InstalledCampaign>,
    open_call: Option<crate::campaign::OpenCall>,
    audit: std::collections::BTreeMap<String, crate::decision::AuditEntry>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn data(&self) -> MutexGuard<'_, Data> {
        // A panic while holding the lock leaves whole values behind: keep going.
        self.data
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Data {
    /// Replaces `app` if the stored version is still `expected`.
    fn replace_application(&mut self, app: &Application, expected: u64) -> Result<(), StoreError> {
        match self.applications.get(&app.id) {
            Some(stored) if stored.version == expected => {
                let taken = app.reference.as_ref().is_some_and(|r| {
                    self.applications
                        .values()
                        .any(|o| o.id != app.id && o.reference.as_ref() == Some(r))
                });
                if taken {
                    return Err(StoreError::Conflict);
                }
                self.applications.insert(app.id, app.clone());
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }
}

#[async_trait]
impl ApplicationStore for MemoryStore {
    async fn insert_application(&self, app: &Application) -> Result<(), StoreError> {
        let mut data = self.data();
        if data.applications.contains_key(&app.id) {
            return Err(StoreError::AlreadyExists);
        }
        data.applications.insert(app.id, app.clone());
        Ok(())
    }

    async fn get_application(&self, id: ApplicationId) -> Result<Option<Application>, StoreError> {
        Ok(self.data().applications.get(&id).cloned())
    }

    async fn update_application(
        &self,
        app: &Application,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        self.data().replace_application(app, expected_version)
    }

    async fn list_applications(
        &self,
        campaign: i16,
        status: Option<Status>,
    ) -> Result<Vec<Application>, StoreError> {
        Ok(self
            .data()
            .applications
            .values()
            .filter(|a| a.campaign == campaign && status.is_none_or(|s| a.status == s))
            .cloned()
            .collect())
    }

    async fn list_application_ids(&self, campaign: i16) -> Result<Vec<ApplicationId>, StoreError> {
        Ok(self
            .data()
            .applications
            .values()
            .filter(|a| a.campaign == campaign)
            .map(|a| a.id)
            .collect())
    }

    async fn list_unconfirmed(&self, campaign: i16) -> Result<Vec<Application>, StoreError> {
        Ok(self
            .data()
            .applications
            .values()
            .filter(|a| {
                a.campaign == campaign
                    && matches!(
                        a.confirmation,
                        Some(
                            Confirmation::Pending
                                | Confirmation::Sending { .. }
                                | Confirmation::Held { .. }
                        )
                    )
            })
            .cloned()
            .collect())
    }

    async fn next_reference_number(&self, series: &str) -> Result<u64, StoreError> {
        let mut data = self.data();
        let last = data.counters.entry(series.to_string()).or_insert(0);
        *last += 1;
        Ok(*last)
    }
}

#[async_trait]
impl AttachmentStore for MemoryStore {
    async fn add_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        attachment: &Attachment,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        if data.attachments.iter().any(|a| a.id == attachment.id) {
            return Err(StoreError::AlreadyExists);
        }
        data.replace_application(app, expected_app_version)?;
        data.attachments.push(attachment.clone());
        Ok(())
    }

    async fn get_attachment(
        &self,
        app: ApplicationId,
        id: AttachmentId,
    ) -> Result<Option<Attachment>, StoreError> {
        Ok(self
            .data()
            .attachments
            .iter()
            .find(|a| a.application == app && a.id == id)
            .cloned())
    }

    async fn list_attachments(&self, app: ApplicationId) -> Result<Vec<Attachment>, StoreError> {
        let mut found: Vec<Attachment> = self
            .data()
            .attachments
            .iter()
            .filter(|a| a.application == app)
            .cloned()
            .collect();
        found.sort_by_key(|a| a.created_at);
        Ok(found)
    }

    async fn update_attachment(
        &self,
        attachment: &Attachment,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        match data.attachments.iter_mut().find(|a| a.id == attachment.id) {
            Some(stored) if stored.version == expected_version => {
                *stored = attachment.clone();
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }

    async fn remove_attachment(
        &self,
        app: &Application,
        expected_app_version: u64,
        id: AttachmentId,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        let at = data
            .attachments
            .iter()
            .position(|a| a.application == app.id && a.id == id)
            .ok_or(StoreError::Conflict)?;
        data.replace_application(app, expected_app_version)?;
        data.attachments.remove(at);
        Ok(())
    }

    async fn list_abandoned_attachments(
        &self,
        before: Timestamp,
    ) -> Result<Vec<Attachment>, StoreError> {
        Ok(self
            .data()
            .attachments
            .iter()
            .filter(|a| a.status == AttachmentStatus::Pending && a.upload_expires_at < before)
            .cloned()
            .collect())
    }
}

#[async_trait]
impl DialogueStore for MemoryStore {
    async fn load_dialogue(&self, key: &str) -> Result<Option<SavedDialogue>, StoreError> {
        Ok(self.data().dialogues.get(key).cloned())
    }

    async fn save_dialogue(
        &self,
        key: &str,
        json: &str,
        expected: Option<u64>,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let mut data = self.data();
        let stored = data.dialogues.get(key).map(|d| d.version);
        if stored != expected {
            return Err(StoreError::Conflict);
        }
        let version = expected.unwrap_or(0) + 1;
        let saved = SavedDialogue {
            json: json.to_string(),
            version,
            updated_at: at,
        };
        data.dialogues.insert(key.to_string(), saved);
        Ok(version)
    }
}

#[async_trait]
impl Leases for MemoryStore {
    async fn take_lease(
        &self,
        key: &LeaseKey,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut data = self.data();
        let free = match data.claims.get(key) {
            None => true,
            Some(Some(lease)) => *lease <= now,
            Some(None) => false,
        };
        if free {
            data.claims.insert(key.clone(), Some(lease_until));
        }
        Ok(free)
    }

    async fn finish_lease(&self, key: &LeaseKey) -> Result<(), StoreError> {
        self.data().claims.insert(key.clone(), None);
        Ok(())
    }

    async fn finish_lease_with(&self, key: &LeaseKey, answer: &str) -> Result<(), StoreError> {
        let mut data = self.data();
        data.claims.insert(key.clone(), None);
        data.answers.insert(key.clone(), answer.to_string());
        Ok(())
    }

    async fn finished_answer(&self, key: &LeaseKey) -> Result<Option<String>, StoreError> {
        let data = self.data();
        Ok(match data.claims.get(key) {
            Some(None) => data.answers.get(key).cloned(),
            _ => None,
        })
    }

    async fn release_lease(&self, key: &LeaseKey) -> Result<(), StoreError> {
        let mut data = self.data();
        data.claims.remove(key);
        data.answers.remove(key);
        Ok(())
    }
}

#[async_trait]
impl LinkCodeStore for MemoryStore {
    async fn create_link_code(
        &self,
        code: &str,
        payload: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        if data.link_codes.contains_key(code) {
            return Err(StoreError::AlreadyExists);
        }
        let kept = (payload.to_string(), expires_at);
        data.link_codes.insert(code.to_string(), kept);
        Ok(())
    }

    async fn take_link_code(
        &self,
        code: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        let taken = self.data().link_codes.remove(code);
        Ok(taken.filter(|(_, expires)| now < *expires).map(|(p, _)| p))
    }
}

#[async_trait]
impl QuestionStore for MemoryStore {
    async fn record_question(&self, question: &UnansweredQuestion) -> Result<(), StoreError> {
        let mut data = self.data();
        if data.questions.iter().any(|q| q.id == question.id) {
            return Err(StoreError::AlreadyExists);
        }
        data.questions.push(question.clone());
        Ok(())
    }

    async fn list_questions(
        &self,
        since: Timestamp,
    ) -> Result<Vec<UnansweredQuestion>, StoreError> {
        let mut asked: Vec<UnansweredQuestion> = self
            .data()
            .questions
            .iter()
            .filter(|q| q.asked_at >= since)
            .cloned()
            .collect();
        asked.sort_by(|a, b| (a.asked_at, &a.id).cmp(&(b.asked_at, &b.id)));
        Ok(asked)
    }

    async fn mark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        match data.questions.iter_mut().find(|q| q.id == question.id) {
            Some(kept) if kept.answered.is_none() => {
                kept.answered = Some(answered.clone());
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }

    async fn unmark_question_answered(
        &self,
        question: &UnansweredQuestion,
        answered: &QuestionAnswered,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        match data.questions.iter_mut().find(|q| q.id == question.id) {
            Some(kept) if kept.answered.as_ref() == Some(answered) => {
                kept.answered = None;
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }
}

#[async_trait]
impl DraftAddresses for MemoryStore {
    async fn add_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError> {
        self.data()
            .draft_addresses
            .entry(address.to_string())
            .or_default()
            .insert(application);
        Ok(())
    }

    async fn drafts_at_address(&self, address: &str) -> Result<Vec<ApplicationId>, StoreError> {
        Ok(self
            .data()
            .draft_addresses
            .get(address)
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default())
    }

    async fn remove_draft_address(
        &self,
        address: &str,
        application: ApplicationId,
    ) -> Result<(), StoreError> {
        if let Some(ids) = self.data().draft_addresses.get_mut(address) {
            ids.remove(&application);
        }
        Ok(())
    }
}
