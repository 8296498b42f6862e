//! The organizers' and operators' commands: `admin`, `aws`, `campaign`, `rehearse`.

pub mod admin;
pub mod aws;
pub mod backup;
pub mod campaign;
pub mod decide;
pub mod organizers;
pub mod outcomes;
pub mod publish;
pub mod rehearse;
pub mod review;
pub mod shared;
