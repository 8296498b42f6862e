//! The bot on a WeChat official account (Tencent's "passive reply" protocol): signatures
//! and safe mode in `crypto`, the messages' XML in `xml`.

pub mod crypto;
pub mod xml;
