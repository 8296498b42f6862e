//! casebook's use cases, written once for every front end (the HTTP functions, the bots,
//! the command line): applying (`service`), attachments, the reviewer registry, round
//! assignment and reviewing (`review`), organizers, closing, ranking, deciding, announcing,
//! exporting and publishing (`decision`), and the reminders.
//!
//! Each service holds only the ports it uses. The domain below them (types, rules,
//! campaign, ports) is casebook-domain, re-exported here whole so one path names both.

pub use casebook_domain::*;

pub mod attachment_service;
mod audit;
pub mod calls;
pub mod decision;
pub mod faq;
pub mod organizer;
pub mod questions;
pub mod reminders;
pub mod review;
mod round;
pub mod service;

pub use attachment_service::{AttachmentError, AttachmentService, NewAttachment};
pub use organizer::OrganizerService;
pub use questions::{QuestionError, QuestionService};
pub use reminders::{ReminderError, ReminderService, RunReport};
pub use review::ReviewServices;
pub use service::confirmation_mail;
pub use service::{ApplicationError, ApplicationService};
