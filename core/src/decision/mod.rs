//! The decision use cases over the domain's outcomes, audit log and ranking: closing a
//! round, deciding, the call's figures, and announcing, exporting and publishing.

pub use casebook_domain::decision::*;

pub mod announce;
pub mod case_reviews;
pub mod export;
pub mod publish;
pub mod service;

pub use announce::{AnnounceReport, AnnouncementService, OutcomePreview};
pub use case_reviews::ReviewOfCase;
pub use service::{DecisionInput, DecisionService, Stats};
