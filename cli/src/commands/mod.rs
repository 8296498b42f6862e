//! The organizers' and operators' commands: `admin`, `aws`, `campaign`.

pub mod admin;
pub mod aws;
pub mod campaign;
pub mod decide;
pub mod organizers;
pub mod publish;
pub mod review;
