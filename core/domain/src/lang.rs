//! The languages people are spoken to in, and their words: both kept in casebook-texts
//! (the resource files), re-exported here so the domain's users name them as before.

pub use casebook_texts::{
    Args, Lang, Msg, ResourceFile, TextProblem, builtin_files, check as check_texts, list, msg,
    page_messages, t, text, text_with, then,
};
