//! casebook's conversation engine, free of any chat channel: it answers questions about
//! the call in English or Chinese from the campaign's FAQ.

pub mod faq;
