//! The review season in memory: reviewers, organizers, assignments, reviews, the decisions
//! and their audit log, opt-outs and the rehearsal clock.

use async_trait::async_trait;
use jiff::Timestamp;

use super::MemoryStore;
use crate::application::ApplicationId;
use crate::organizer::{Organizer, OrganizerId};
use crate::ports::{AssignmentStore, OrganizerStore, ReviewStore, ReviewerStore, StoreError};
use crate::review::{Assignment, CaseReview, Reviewer, ReviewerId};

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
impl crate::ports::CampaignStore for MemoryStore {
    async fn install_campaign(
        &self,
        campaign: &crate::campaign::InstalledCampaign,
    ) -> Result<(), StoreError> {
        self.data()
            .campaigns
            .insert(campaign.year, campaign.clone());
        Ok(())
    }

    async fn installed_campaigns(
        &self,
    ) -> Result<Vec<crate::campaign::InstalledCampaign>, StoreError> {
        Ok(self.data().campaigns.values().cloned().collect())
    }

    async fn open_call(&self) -> Result<crate::campaign::OpenCall, StoreError> {
        Ok(self
            .data()
            .open_call
            .unwrap_or(crate::campaign::OpenCall::Given))
    }

    async fn set_open_call(&self, open: crate::campaign::OpenCall) -> Result<(), StoreError> {
        self.data().open_call = Some(open);
        Ok(())
    }
}

#[async_trait]
impl crate::ports::DecisionStore for MemoryStore {
    async fn get_round_closing(
        &self,
        year: i16,
        round: u8,
    ) -> Result<Option<crate::decision::RoundClosing>, StoreError> {
        Ok(self.data().round_closings.get(&(year, round)).cloned())
    }

    async fn save_round_closing(
        &self,
        closing: &crate::decision::RoundClosing,
        expected: Option<u64>,
    ) -> Result<(), StoreError> {
        let mut data = self.data();
        let key = (closing.year, closing.round);
        let current = data.round_closings.get(&key).map(|c| c.version);
        if current != expected {
            return Err(StoreError::Conflict);
        }
        data.round_closings.insert(key, closing.clone());
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
