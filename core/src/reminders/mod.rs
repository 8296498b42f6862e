//! The scheduled job: reminders and digests on the campaign's milestones, each sent once.

pub mod schedule;
