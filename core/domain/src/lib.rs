//! casebook's domain, under the services of casebook-core: the campaign a call runs under,
//! the application and its rules, attachments, reviewers and reviews, organizers, the
//! decisions and their audit log, the reminders' calendar and words, the sign-in tokens,
//! and the ports (stores, blobs, mail, clock, keys, chats) that adapters implement.
//!
//! No I/O crate, no AWS, HTTP or SQL type, and no use case: those are casebook-core's,
//! which this crate cannot name (the arrow between the two crates points one way only).

pub mod access;
pub mod application;
pub mod attachment;
pub mod blob;
pub mod campaign;
pub mod clock;
pub mod confirmation;
pub mod country;
pub mod decision;
pub mod email;
pub mod field;
pub mod lang;
pub mod lease;
pub mod link;
pub mod mail;
#[cfg(any(test, feature = "test-support"))]
pub mod memory;
pub mod metric;
pub mod number;
pub mod organizer;
pub mod ports;
pub mod problem;
pub mod reminders;
pub mod review;
pub mod rules;
pub mod section;
pub mod store_error;
pub mod text;
pub mod token;

pub use access::{AccessTokens, GivenKeys, KeyUnavailable, Role, SignInLink};
pub use application::{
    Application, ApplicationContent, ApplicationId, ApplicationPatch, Contact, Organization,
    Reference, SectionKey, Sections, Status,
};
pub use attachment::{
    Attachment, AttachmentId, AttachmentStatus, DownloadLink, RejectReason, UploadGrant,
};
pub use blob::{BlobError, BlobKey, BlobMeta, BlobStore};
pub use campaign::{Campaign, CampaignError, CampaignLoadError, InstalledCampaign, OpenCall};
pub use clock::{
    Clock, FixedClock, Rehearsal, RehearsalClock, ShiftedClock, SystemClock, clock_starting_at,
};
pub use confirmation::Confirmation;
pub use country::CountryCode;
pub use email::Email;
pub use field::{FieldPath, OrgPart};
pub use lang::Lang;
pub use lease::LeaseKey;
pub use link::{DraftRef, LINK_MINUTES, LinkCode};
pub use mail::{MailError, Mailer, OutgoingMail};
#[cfg(any(test, feature = "test-support"))]
pub use memory::{MemoryBlobStore, MemoryStore};
pub use organizer::{NewOrganizer, Organizer, OrganizerId};
pub use ports::{
    ApplicationStore, AssignmentStore, AttachmentStore, CampaignStore, ChatNotifier, DecisionStore,
    DialogueStore, DraftAddresses, KeySource, Leases, LinkCodeStore, NotifyError, OptOutStore,
    OrganizerStore, QuestionAnswered, QuestionStore, RehearsalStore, ReviewStore, ReviewerStore,
    SavedDialogue, SignedUrls, Store, StoreError, Stores, UnansweredQuestion, error_chain,
};
pub use review::{Assignment, CaseReview, ReviewError, Reviewer, ReviewerId, ReviewerProfile};
pub use rules::{FieldError, Problem, ProblemKind, Review};
pub use text::escape_html;
pub use token::{ChatIdentity, Credential, EditToken, Owner, TokenHash};
