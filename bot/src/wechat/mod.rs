//! The bot on a WeChat official account (Tencent's "passive reply" protocol): signatures
//! and safe mode in `crypto`.

pub mod crypto;
