//! casebook's conversation engine, free of any chat channel: it answers questions about
//! the call in English or Chinese from the campaign's FAQ and walks applicants through
//! the application. Front ends (the terminal in `casebook chat`, Telegram; WeChat to
//! come) carry its text and choices.

pub mod conversation;
pub mod engine;
pub mod telegram;
pub mod wechat;
pub mod wizard;

pub use casebook_core::DraftRef;
pub use engine::{
    Choice, Command, Dialogue, Engine, FileInput, FileOffer, MAX_MESSAGE_CHARS, Reply, State, Turn,
};
