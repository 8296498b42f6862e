//! The registry of reviewers: adding one (their link e-mailed), the list with each
//! reviewer's load and progress, revoking a link and sending a new one.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::access::SignInLink;
use crate::audit::AuditLog;
use crate::campaign::Campaign;
use crate::clock::Clock;
use crate::country::CountryCode;
use crate::email::Email;
use crate::lang::Lang;
use crate::mail::Mailer;
use crate::ports::{ReviewerStore, StoreError, Stores};
use crate::text::{excerpt, normalise};
use casebook_domain::decision::AuditAction;

use super::error::{InvalidKind, InvalidReview, ReviewError, required_text};
use super::mail::sign_in_mail;
use super::sign_in::ReviewerSignIn;
use super::{Reviewer, ReviewerId, round_state, send};

/// Caps on what organizers type, checked before anything else.
pub const MAX_NAME_CHARS: usize = 300;
/// The most further organizations a reviewer's record may list.
pub const MAX_EXCLUDED_ORGANIZATIONS: usize = 20;
/// The most areas a new reviewer's record may name (checked before any is matched).
pub const MAX_AREAS: usize = 20;

/// A reviewer to register, as an organizer typed it.
#[derive(Debug, Clone, Default)]
pub struct NewReviewer {
    pub name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    /// Further organizations the reviewer must not review (at most
    /// [`MAX_EXCLUDED_ORGANIZATIONS`]).
    pub excluded_organizations: Vec<String>,
    pub areas: Vec<String>,
    /// The language they read, by code ("fr"); English when empty.
    pub language: String,
}

/// What carrying reviewers to this year's call did.
#[derive(Debug, Clone, Default)]
pub struct CarriedReviewers {
    /// Each reviewer carried, with the new link they were e-mailed.
    pub carried: Vec<(Reviewer, SignInLink)>,
    /// The earlier year's reviewers already reviewing for this year.
    pub already: usize,
    /// The earlier year's reviewers left behind because their link is revoked.
    pub revoked: usize,
}

/// A reviewer with their load and progress, over every round.
#[derive(Debug, Clone)]
pub struct ReviewerStanding {
    pub reviewer: Reviewer,
    pub assigned: usize,
    pub submitted: usize,
}

#[derive(Clone)]
pub struct ReviewerRegistry {
    reviewers: Arc<dyn ReviewerStore>,
    rounds: crate::round::Rounds,
    audit: AuditLog,
    sign_in: ReviewerSignIn,
    clock: Arc<dyn Clock>,
    campaign: Arc<Campaign>,
    mailer: Option<Arc<dyn Mailer>>,
}

impl ReviewerRegistry {
    pub fn new(
        stores: &Stores,
        clock: Arc<dyn Clock>,
        campaign: Arc<Campaign>,
        sign_in: ReviewerSignIn,
    ) -> ReviewerRegistry {
        ReviewerRegistry {
            reviewers: stores.reviewers.clone(),
            rounds: crate::round::Rounds::new(stores, campaign.clone()),
            audit: AuditLog::new(stores.decisions.clone(), campaign.year()),
            sign_in,
            clock,
            campaign,
            mailer: None,
        }
    }

    /// The call's year this registry works on.
    pub fn year(&self) -> i16 {
        self.campaign.year()
    }

    /// Sends sign-in links through `mailer`.
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> ReviewerRegistry {
        self.mailer = Some(mailer);
        self
    }

    /// Registers a reviewer and e-mails their sign-in link; `by` (the organizer) is
    /// recorded in the audit log.
    pub async fn register_reviewer(
        &self,
        new: NewReviewer,
        by: &str,
    ) -> Result<(Reviewer, SignInLink), ReviewError> {
        let name = required_text("name", &new.name, MAX_NAME_CHARS)?;
        let organization = required_text("organization", &new.organization, MAX_NAME_CHARS)?;
        let email = Email::parse(new.email.trim())
            .map_err(|_| ReviewError::Invalid(InvalidReview::new("email", InvalidKind::Email)))?;
        let country = CountryCode::parse(&new.country).map_err(|e| {
            ReviewError::Invalid(InvalidReview::new("country", InvalidKind::Country(e)))
        })?;
        if new.areas.len() > MAX_AREAS {
            return Err(ReviewError::Invalid(InvalidReview::new(
                "areas",
                InvalidKind::TooMany { max: MAX_AREAS },
            )));
        }
        let known: Vec<String> = self.campaign.areas().iter().map(|a| a.id.clone()).collect();
        let mut areas = Vec::new();
        for area in new.areas.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            if !known.iter().any(|k| k == area) {
                return Err(ReviewError::Invalid(InvalidReview::new(
                    "areas",
                    InvalidKind::UnknownArea { known },
                )));
            }
            if !areas.iter().any(|a| a == area) {
                areas.push(area.to_string());
            }
        }
        if new.excluded_organizations.len() > MAX_EXCLUDED_ORGANIZATIONS {
            return Err(ReviewError::Invalid(InvalidReview::new(
                "excluded_organizations",
                InvalidKind::TooMany {
                    max: MAX_EXCLUDED_ORGANIZATIONS,
                },
            )));
        }
        let language = match new.language.trim() {
            "" => Lang::En,
            code => Lang::from_code(code).ok_or_else(|| {
                ReviewError::Invalid(InvalidReview::new(
                    "language",
                    InvalidKind::UnknownLanguage {
                        given: excerpt(code),
                    },
                ))
            })?,
        };
        let mut excluded_organizations = Vec::new();
        for (i, other) in new.excluded_organizations.iter().enumerate() {
            let field = format!("excluded_organizations[{i}]");
            let other = required_text(&field, other, MAX_NAME_CHARS)?;
            if !excluded_organizations.contains(&other) {
                excluded_organizations.push(other);
            }
        }
        let reviewer = Reviewer {
            id: ReviewerId::random(),
            name,
            email,
            country,
            organization,
            excluded_organizations,
            areas,
            generation: 0,
            revoked: false,
            years: vec![self.campaign.year()],
            language,
            version: 1,
            created_at: self.clock.now(),
        };
        self.sign_in.prepare().await?;
        match self.reviewers.insert_reviewer(&reviewer).await {
            Err(StoreError::AlreadyExists) => return Err(ReviewError::EmailTaken),
            other => other?,
        }
        self.record(
            by,
            AuditAction::ReviewerAdded {
                reviewer: reviewer.email.as_str().to_string(),
            },
        )
        .await?;
        let link = self.sign_in.link_for(&reviewer).await?;
        send(
            &self.mailer,
            sign_in_mail(&reviewer, &link.link, &self.campaign),
        )
        .await;
        Ok((reviewer, link))
    }

    async fn record(&self, by: &str, action: AuditAction) -> Result<(), ReviewError> {
        Ok(self.audit.record(self.clock.now(), by, action).await?)
    }

    /// This year's reviewers, by name, with their load and progress over its rounds.
    pub async fn list_reviewers(&self) -> Result<Vec<ReviewerStanding>, ReviewError> {
        let mut reviewers = self.reviewers.list_reviewers().await?;
        reviewers.retain(|r| r.reviews_in(self.campaign.year()));
        reviewers.sort_by_cached_key(|r| normalise(&r.name));
        let mut assigned: BTreeMap<ReviewerId, usize> = BTreeMap::new();
        let mut submitted: BTreeMap<ReviewerId, usize> = BTreeMap::new();
        // The year's cases listed once for every round.
        let ids = self.rounds.year_ids().await?;
        for round in self.campaign.review_rounds() {
            let (live, reviews) = round_state(&self.rounds, round.number, &ids).await?;
            for a in &live {
                *assigned.entry(a.reviewer).or_default() += 1;
            }
            for r in reviews.values().filter(|r| r.submitted) {
                *submitted.entry(r.reviewer).or_default() += 1;
            }
        }
        Ok(reviewers
            .into_iter()
            .map(|reviewer| ReviewerStanding {
                assigned: assigned.get(&reviewer.id).copied().unwrap_or(0),
                submitted: submitted.get(&reviewer.id).copied().unwrap_or(0),
                reviewer,
            })
            .collect())
    }

    async fn reviewer(&self, id: ReviewerId) -> Result<Reviewer, ReviewError> {
        self.reviewers
            .get_reviewer(id)
            .await?
            .ok_or(ReviewError::UnknownReviewer)
    }

    /// Bumps the link generation (every earlier link stops working at once) and sets
    /// `revoked`, over the version read. A new link for a reviewer revoked by then is
    /// refused unless `reinstate`: checked on the record the write is conditional on.
    async fn next_generation(
        &self,
        id: ReviewerId,
        revoked: bool,
        reinstate: bool,
    ) -> Result<Reviewer, ReviewError> {
        let changed = self
            .change_reviewer(id, |reviewer| {
                if !revoked && reviewer.revoked && !reinstate {
                    return Err(ReviewError::StillRevoked);
                }
                reviewer.generation += 1;
                reviewer.revoked = revoked;
                Ok(true)
            })
            .await?;
        // The change always has something to do.
        changed.ok_or(ReviewError::Store(StoreError::Conflict))
    }

    /// Makes `from`'s reviewers this year's too, each with a new link (their old one
    /// stops working) e-mailed to them; those revoked stay behind. Carrying again
    /// carries nobody twice. `by` (the organizer) is recorded in the audit log.
    pub async fn carry_reviewers(
        &self,
        from: i16,
        by: &str,
    ) -> Result<CarriedReviewers, ReviewError> {
        let year = self.campaign.year();
        if from == year {
            return Err(ReviewError::Invalid(InvalidReview::new(
                "from",
                InvalidKind::SameYear { year },
            )));
        }
        self.sign_in.prepare().await?;
        let mut report = CarriedReviewers::default();
        let mut earlier = self.reviewers.list_reviewers().await?;
        earlier.retain(|r| r.reviews_in(from));
        earlier.sort_by_cached_key(|r| normalise(&r.name));
        for reviewer in earlier {
            if reviewer.reviews_in(year) {
                report.already += 1;
            } else if reviewer.revoked {
                report.revoked += 1;
            } else if let Some(carried) = self.carry_one(reviewer.id, year).await? {
                let link = self.sign_in.link_for(&carried).await?;
                send(
                    &self.mailer,
                    sign_in_mail(&carried, &link.link, &self.campaign),
                )
                .await;
                report.carried.push((carried, link));
            } else {
                report.already += 1;
            }
        }
        self.record(
            by,
            AuditAction::ReviewersCarried {
                from,
                carried: report.carried.len(),
            },
        )
        .await?;
        Ok(report)
    }

    /// Adds `year` to the reviewer's calls with a new link generation, over the version
    /// read; `None` when another run carried them first.
    async fn carry_one(&self, id: ReviewerId, year: i16) -> Result<Option<Reviewer>, ReviewError> {
        self.change_reviewer(id, |reviewer| {
            if reviewer.reviews_in(year) {
                return Ok(false);
            }
            reviewer.years.push(year);
            reviewer.generation += 1;
            Ok(true)
        })
        .await
    }

    /// Applies `change` to the reviewer as stored and saves it over the version read
    /// (read again after a race); `None` when `change` finds nothing to do.
    async fn change_reviewer(
        &self,
        id: ReviewerId,
        change: impl Fn(&mut Reviewer) -> Result<bool, ReviewError>,
    ) -> Result<Option<Reviewer>, ReviewError> {
        for _ in 0..crate::ports::RACE_RETRIES {
            let mut reviewer = self.reviewer(id).await?;
            if !change(&mut reviewer)? {
                return Ok(None);
            }
            let expected = reviewer.version;
            reviewer.version += 1;
            match self.reviewers.update_reviewer(&reviewer, expected).await {
                Ok(()) => return Ok(Some(reviewer)),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ReviewError::Store(StoreError::Conflict))
    }

    /// Stops the reviewer's link at once; their assignments stay for the organizers.
    pub async fn revoke_reviewer(&self, id: ReviewerId, by: &str) -> Result<Reviewer, ReviewError> {
        let reviewer = self.next_generation(id, true, false).await?;
        self.record(
            by,
            AuditAction::ReviewerRevoked {
                reviewer: reviewer.email.as_str().to_string(),
            },
        )
        .await?;
        Ok(reviewer)
    }

    /// A fresh link for the reviewer (the old one stops working), e-mailed to them. A
    /// revoked reviewer stays revoked unless `reinstate` says otherwise.
    pub async fn new_link(
        &self,
        id: ReviewerId,
        reinstate: bool,
        by: &str,
    ) -> Result<(Reviewer, SignInLink), ReviewError> {
        self.sign_in.prepare().await?;
        let reviewer = self.next_generation(id, false, reinstate).await?;
        self.record(
            by,
            AuditAction::ReviewerLinkSent {
                reviewer: reviewer.email.as_str().to_string(),
                reinstated: reinstate,
            },
        )
        .await?;
        let link = self.sign_in.link_for(&reviewer).await?;
        send(
            &self.mailer,
            sign_in_mail(&reviewer, &link.link, &self.campaign),
        )
        .await;
        Ok((reviewer, link))
    }
}
