//! Every store capability in memory, with the same conditional writes as the real
//! backends: for the services' unit tests in core, and run through the same contract
//! suite as SQLite and DynamoDB so it cannot drift from them.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use jiff::Timestamp;

use crate::application::{Application, ApplicationId, Status};
use crate::attachment::{Attachment, AttachmentId, AttachmentStatus};
use crate::blob::{BlobError, BlobKey, BlobMeta, BlobStore};
use crate::confirmation::Confirmation;
use crate::lease::LeaseKey;
use crate::organizer::{Organizer, OrganizerId};
use crate::ports::{
    ApplicationStore, AssignmentStore, AttachmentStore, DialogueStore, DraftAddresses, Leases,
    LinkCodeStore, OrganizerStore, QuestionStore, ReviewStore, ReviewerStore, SavedDialogue,
    StoreError, UnansweredQuestion,
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
    round_closings: HashMap<u8, crate::decision::RoundClosing>,
    rehearsal: Option<crate::clock::Rehearsal>,
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
}

#[async_trait]
impl ReviewerStore for MemoryStore {
    async fn insert_reviewer(&self, reviewer: &Reviewer) -> Result<(), StoreError> {
        let mut data = self.data();
        let email = reviewer.email.as_str().to_lowercase();
        let taken = data.reviewers.contains_key(&reviewer.id)
            || data
                .reviewers
                .values()
                .any(|r| r.email.as_str().to_lowercase() == email);
        if taken {
            return Err(StoreError::AlreadyExists);
        }
        data.reviewers.insert(reviewer.id, reviewer.clone());
        Ok(())
    }

    async fn get_reviewer(&self, id: ReviewerId) -> Result<Option<Reviewer>, StoreError> {
        Ok(self.data().reviewers.get(&id).cloned())
    }

    async fn list_reviewers(&self) -> Result<Vec<Reviewer>, StoreError> {
        Ok(self.data().reviewers.values().cloned().collect())
    }

    async fn update_reviewer(
        &self,
        reviewer: &Reviewer,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        match data.reviewers.get_mut(&reviewer.id) {
            Some(stored) if stored.version == expected_version => {
                *stored = Reviewer {
                    email: stored.email.clone(),
                    ..reviewer.clone()
                };
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

#[async_trait]
impl OrganizerStore for MemoryStore {
    async fn insert_organizer(&self, organizer: &Organizer) -> Result<(), StoreError> {
        let mut data = self.data();
        let email = organizer.email.as_str().to_lowercase();
        let taken = data.organizers.contains_key(&organizer.id)
            || data
                .organizers
                .values()
                .any(|o| o.email.as_str().to_lowercase() == email);
        if taken {
            return Err(StoreError::AlreadyExists);
        }
        data.organizers.insert(organizer.id, organizer.clone());
        Ok(())
    }

    async fn get_organizer(&self, id: OrganizerId) -> Result<Option<Organizer>, StoreError> {
        Ok(self.data().organizers.get(&id).cloned())
    }

    async fn list_organizers(&self) -> Result<Vec<Organizer>, StoreError> {
        Ok(self.data().organizers.values().cloned().collect())
    }

    async fn update_organizer(
        &self,
        organizer: &Organizer,
        expected_version: u64,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        match data.organizers.get_mut(&organizer.id) {
            Some(stored) if stored.version == expected_version => {
                *stored = Organizer {
                    email: stored.email.clone(),
                    ..organizer.clone()
                };
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }
}

#[async_trait]
impl AssignmentStore for MemoryStore {
    async fn add_assignments(&self, assignments: &[Assignment]) -> Result<usize, StoreError> {
        let mut data = self.data();
        let mut added = 0;
        for a in assignments {
            let known = data.assignments.iter().any(|x| {
                (x.round, x.application, x.reviewer) == (a.round, a.application, a.reviewer)
            });
            if !known {
                data.assignments.push(a.clone());
                added += 1;
            }
        }
        Ok(added)
    }

    async fn list_round_assignments(&self, round: u8) -> Result<Vec<Assignment>, StoreError> {
        let data = self.data();
        Ok(data
            .assignments
            .iter()
            .filter(|a| a.round == round)
            .cloned()
            .collect())
    }

    async fn list_reviewer_assignments(
        &self,
        reviewer: ReviewerId,
    ) -> Result<Vec<Assignment>, StoreError> {
        let data = self.data();
        let theirs = data.assignments.iter().filter(|a| a.reviewer == reviewer);
        Ok(theirs.cloned().collect())
    }

    async fn declare_conflict(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
        reason: &str,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        let found = data.assignments.iter_mut().find(|a| {
            (a.round, a.application, a.reviewer) == (round, application, reviewer)
                && a.conflict.is_none()
        });
        match found {
            Some(a) => {
                a.conflict = Some(reason.to_string());
                Ok(())
            }
            None => Err(StoreError::Conflict),
        }
    }
}

#[async_trait]
impl ReviewStore for MemoryStore {
    async fn get_review(
        &self,
        round: u8,
        application: ApplicationId,
        reviewer: ReviewerId,
    ) -> Result<Option<CaseReview>, StoreError> {
        Ok(self
            .data()
            .reviews
            .get(&(round, application, reviewer))
            .cloned())
    }

    async fn save_review(
        &self,
        review: &CaseReview,
        expected: Option<u64>,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        let key = (review.round, review.application, review.reviewer);
        if data.reviews.get(&key).map(|r| r.version) != expected {
            return Err(StoreError::Conflict);
        }
        data.reviews.insert(key, review.clone());
        Ok(())
    }

    async fn list_round_reviews(&self, round: u8) -> Result<Vec<CaseReview>, StoreError> {
        let data = self.data();
        Ok(data
            .reviews
            .values()
            .filter(|r| r.round == round)
            .cloned()
            .collect())
    }
}

/// Blobs in memory, for the attachment service's unit tests.
#[derive(Default)]
pub struct MemoryBlobStore {
    blobs: Mutex<HashMap<String, (Vec<u8>, String)>>,
}

impl MemoryBlobStore {
    fn blobs(&self) -> MutexGuard<'_, HashMap<String, (Vec<u8>, String)>> {
        self.blobs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl BlobStore for MemoryBlobStore {
    async fn put(
        &self,
        key: &BlobKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), BlobError> {
        let blob = (bytes, content_type.to_string());
        self.blobs().insert(key.as_str().to_string(), blob);
        Ok(())
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, BlobError> {
        Ok(self.blobs().get(key.as_str()).map(|(b, _)| b.clone()))
    }

    async fn read_prefix(&self, key: &BlobKey, len: usize) -> Result<Option<Vec<u8>>, BlobError> {
        let blobs = self.blobs();
        Ok(blobs
            .get(key.as_str())
            .map(|(b, _)| b[..len.min(b.len())].to_vec()))
    }

    async fn head(&self, key: &BlobKey) -> Result<Option<BlobMeta>, BlobError> {
        Ok(self.blobs().get(key.as_str()).map(|(b, t)| BlobMeta {
            size: b.len() as u64,
            content_type: Some(t.clone()),
        }))
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        self.blobs().remove(key.as_str());
        Ok(())
    }

    async fn copy(&self, from: &BlobKey, to: &BlobKey) -> Result<bool, BlobError> {
        let mut blobs = self.blobs();
        let Some(blob) = blobs.get(from.as_str()).cloned() else {
            return Ok(false);
        };
        blobs.insert(to.as_str().to_string(), blob);
        Ok(true)
    }
}

#[async_trait]
impl crate::ports::OptOutStore for MemoryStore {
    async fn opt_out(&self, key: &str, _at: Timestamp) -> Result<(), StoreError> {
        self.data().opt_outs.insert(key.to_string());
        Ok(())
    }

    async fn is_opted_out(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self.data().opt_outs.contains(key))
    }
}

#[async_trait]
impl crate::ports::RehearsalStore for MemoryStore {
    async fn rehearsal(&self) -> Result<Option<crate::clock::Rehearsal>, StoreError> {
        Ok(self.data().rehearsal)
    }

    async fn set_rehearsal(
        &self,
        rehearsal: Option<crate::clock::Rehearsal>,
    ) -> Result<(), StoreError> {
        self.data().rehearsal = rehearsal;
        Ok(())
    }
}

#[async_trait]
impl crate::ports::DecisionStore for MemoryStore {
    async fn get_round_closing(
        &self,
        round: u8,
    ) -> Result<Option<crate::decision::RoundClosing>, StoreError> {
        Ok(self.data().round_closings.get(&round).cloned())
    }

    async fn save_round_closing(
        &self,
        closing: &crate::decision::RoundClosing,
        expected: Option<u64>,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        let current = data.round_closings.get(&closing.round).map(|c| c.version);
        if current != expected {
            return Err(StoreError::Conflict);
        }
        data.round_closings.insert(closing.round, closing.clone());
        Ok(())
    }

    async fn append_audit(&self, entry: &crate::decision::AuditEntry) -> Result<(), StoreError> {
        let mut data = self.data();
        if data.audit.contains_key(&entry.id) {
            return Err(StoreError::AlreadyExists);
        }
        data.audit.insert(entry.id.clone(), entry.clone());
        Ok(())
    }

    async fn list_audit(&self) -> Result<Vec<crate::decision::AuditEntry>, StoreError> {
        Ok(self.data().audit.values().cloned().collect())
    }

    async fn last_audit(&self) -> Result<Option<crate::decision::AuditEntry>, StoreError> {
        Ok(self.data().audit.values().next_back().cloned())
    }
}
