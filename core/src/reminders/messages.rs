//! What each milestone sends: nudges to drafts (in their chats and by mail, one mail per
//! address), the call's digest, nudges to reviewers, and a round's progress.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::schedule::{Milestone, MilestoneKind};
use super::{DraftToNudge, Message, Pending, ReminderError, ReminderService, mail};
use crate::application::Status;
use crate::email::Email;
use crate::lease::LeaseKey;
use crate::mail::OutgoingMail;
use crate::ports::chat_opt_out_key;
use crate::rules;
use crate::token::Owner;

impl ReminderService {
    pub(super) async fn messages_for(
        &self,
        milestone: &Milestone,
        today: Date,
    ) -> Result<Vec<Pending>, ReminderError> {
        match milestone.kind {
            MilestoneKind::DraftNudge { days_before } => {
                self.draft_nudges(milestone, days_before).await
            }
            MilestoneKind::CallDigest => self.call_digests(milestone, today).await,
            MilestoneKind::ReviewerNudge { round, days_before } => {
                self.reviewer_nudges(milestone, round, days_before).await
            }
            MilestoneKind::RoundDigest { round } => self.round_digests(milestone, round).await,
        }
    }

    /// A nudge to each draft's chats that can be written to first, and one mail per
    /// contact address.
    async fn draft_nudges(
        &self,
        milestone: &Milestone,
        days_before: u16,
    ) -> Result<Vec<Pending>, ReminderError> {
        let key = |recipient: &str| reminder_key(milestone, recipient);
        let mut out = Vec::new();
        let drafts = self
            .applications
            .list_applications(self.campaign.year(), Some(Status::Draft))
            .await?;
        let now = self.clock.now();
        let mut by_address: BTreeMap<String, (Email, Vec<DraftToNudge>)> = BTreeMap::new();
        for app in drafts {
            let owner_chats: Vec<String> = app
                .owners
                .iter()
                .filter_map(|o| match o {
                    Owner::Chat(chat) => Some(chat.clone()),
                    Owner::Token(_) => None,
                })
                .collect();
            if let Some(chats) = &self.chats {
                for chat in owner_chats.iter().filter(|c| chats.handles(c)) {
                    out.push(Pending {
                        key: key(&format!("{}:{chat}", app.id)),
                        milestone: milestone.id.clone(),
                        message: Message::Chat {
                            chat: chat.clone(),
                            text: mail::draft_chat_nudge(
                                &app,
                                app.language,
                                days_before,
                                &self.campaign,
                            ),
                        },
                        drafts: vec![app.id],
                        owner_chats: Vec::new(),
                    });
                }
            }
            let Some(to) = app.content.contact.email.clone() else {
                continue;
            };
            // A draft whose chat answered STOP is not mailed about either.
            let mut stopped = false;
            for chat in &owner_chats {
                stopped |= self.opt_outs.is_opted_out(&chat_opt_out_key(chat)).await?;
            }
            if stopped {
                continue;
            }
            let problems = rules::review(&app.content, &self.campaign, now).problems;
            by_address
                .entry(crate::ports::address_key(&to))
                .or_insert_with(|| (to, Vec::new()))
                .1
                .push((app, problems));
        }
        // One mail per address and milestone, however many drafts name it: an
        // address a stranger typed into drafts gets one message, not one each.
        for (address_key, (to, drafts)) in by_address {
            // The nudge's language: its first draft's (draft_nudge says it so).
            let lang = drafts.first().map(|(app, _)| app.language);
            let opt_out = self.opt_out_links.link(&to, lang).await?;
            let mail = mail::draft_nudge(&to, &drafts, days_before, &self.campaign, &opt_out);
            out.push(Pending {
                key: key(&format!("address:{address_key}")),
                milestone: milestone.id.clone(),
                message: Message::Mail(mail),
                drafts: drafts.iter().map(|(app, _)| app.id).collect(),
                owner_chats: Vec::new(),
            });
        }
        Ok(out)
    }

    /// The call's digest to each organizer address.
    async fn call_digests(
        &self,
        milestone: &Milestone,
        today: Date,
    ) -> Result<Vec<Pending>, ReminderError> {
        let digest = self.call_digest(today).await?;
        self.to_organizers(milestone, |to, opt_out| {
            mail::call_digest(to, &digest, &self.campaign, opt_out)
        })
        .await
    }

    /// A nudge to each reviewer with reviews of the round still to submit.
    async fn reviewer_nudges(
        &self,
        milestone: &Milestone,
        round: u8,
        days_before: Option<u16>,
    ) -> Result<Vec<Pending>, ReminderError> {
        let mut out = Vec::new();
        let Some(spec) = self.campaign.review_round(round) else {
            return Ok(out);
        };
        for (reviewer, pending) in self.pending_reviews(round).await? {
            let link = self.sign_in.link_for(&reviewer).await?.link;
            let opt_out = self
                .opt_out_links
                .link(&reviewer.email, Some(reviewer.language))
                .await?;
            let mail = mail::reviewer_nudge(
                &reviewer,
                pending,
                spec,
                days_before.is_none(),
                &link,
                &self.campaign,
                &opt_out,
            );
            out.push(Pending::mail(milestone, &reviewer.id.to_string(), mail));
        }
        Ok(out)
    }

    /// The round's progress to each organizer address, once reviews are assigned.
    async fn round_digests(
        &self,
        milestone: &Milestone,
        round: u8,
    ) -> Result<Vec<Pending>, ReminderError> {
        let Some(spec) = self.campaign.review_round(round) else {
            return Ok(Vec::new());
        };
        let progress = self.rounds.round_progress(round).await?;
        if progress.cases.iter().all(|c| c.due == 0) {
            // Nothing assigned yet: nothing to report.
            return Ok(Vec::new());
        }
        let digest = mail::RoundDigest {
            done: progress.cases.iter().map(|c| c.done).sum(),
            due: progress.cases.iter().map(|c| c.due).sum(),
            idle_reviewers: progress
                .reviewers
                .iter()
                .filter(|r| r.done == 0)
                .map(|r| r.name.clone())
                .collect(),
            unreviewed_cases: progress.cases.iter().filter(|c| c.done == 0).count(),
        };
        self.to_organizers(milestone, |to, opt_out| {
            mail::round_digest(to, spec, &digest, &self.campaign, opt_out)
        })
        .await
    }

    /// A mail of the milestone to each organizer address, with its opt-out link.
    async fn to_organizers(
        &self,
        milestone: &Milestone,
        write: impl Fn(&Email, &str) -> OutgoingMail,
    ) -> Result<Vec<Pending>, ReminderError> {
        let mut out = Vec::new();
        for to in self.organizer_addresses() {
            // Organizers read English and Chinese: their browser's language chooses.
            let opt_out = self.opt_out_links.link(&to, None).await?;
            let mail = write(&to, &opt_out);
            out.push(Pending::mail(milestone, to.as_str(), mail));
        }
        Ok(out)
    }
}

impl Pending {
    /// A mail of `milestone` to `recipient`, sent once.
    fn mail(milestone: &Milestone, recipient: &str, mail: OutgoingMail) -> Pending {
        Pending {
            key: reminder_key(milestone, recipient),
            milestone: milestone.id.clone(),
            message: Message::Mail(mail),
            drafts: Vec::new(),
            owner_chats: Vec::new(),
        }
    }
}

/// The lease of a milestone's message to one recipient.
fn reminder_key(milestone: &Milestone, recipient: &str) -> LeaseKey {
    LeaseKey::Reminder {
        milestone: milestone.id.clone(),
        recipient: recipient.to_string(),
    }
}
