//! The reminders' calendar (`schedule`: which milestone falls on which day) and the words
//! of every reminder, nudge and digest (`mail`). The reminder service in casebook-core
//! sends them.

pub mod mail;
pub mod schedule;
