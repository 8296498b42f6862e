//! What a lease is taken on (the `Leases` port of `ports`): each piece of
//! work that must be done once, by one worker at a time, named by a key of its own kind.
//! The stored form of each key is the text it has always had, so marks written before
//! this type existed still hold.

use std::fmt;

use jiff::civil::Date;

use crate::application::ApplicationId;
use crate::decision::Outcome;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LeaseKey {
    /// A Telegram update, by its id: answered once however often it is delivered.
    TelegramUpdate(i64),
    /// A WeChat server call (its timestamp and nonce): a replayed call is refused.
    WeChatCall { timestamp: String, nonce: String },
    /// A WeChat message (its id, or sender and time when it has none): one answer, kept
    /// for WeChat's retries.
    WeChatMessage(String),
    /// One turn of a conversation (`channel:user`): its messages are handled in order.
    ConversationTurn(String),
    /// One run assigning a review round.
    RoundAssignment { round: u8 },
    /// A reminder of a milestone to one recipient.
    Reminder {
        milestone: String,
        recipient: String,
    },
    /// One of an address's daily mails (`slot` of the campaign's allowance).
    MailAllowance {
        address: String,
        day: Date,
        slot: usize,
    },
    /// The outcome e-mail of an application.
    OutcomeMail {
        application: ApplicationId,
        outcome: Outcome,
    },
    /// The outcome message to one chat of an application.
    OutcomeChat {
        chat: String,
        application: ApplicationId,
        outcome: Outcome,
    },
}

impl fmt::Display for LeaseKey {
    /// The key as stored.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeaseKey::TelegramUpdate(id) => write!(f, "telegram:{id}"),
            LeaseKey::WeChatCall { timestamp, nonce } => {
                write!(f, "wechat-call:{timestamp}:{nonce}")
            }
            LeaseKey::WeChatMessage(id) => write!(f, "wechat:{id}"),
            LeaseKey::ConversationTurn(conversation) => write!(f, "turn:{conversation}"),
            LeaseKey::RoundAssignment { round } => write!(f, "assign:round:{round}"),
            LeaseKey::Reminder {
                milestone,
                recipient,
            } => write!(f, "remind:{milestone}:{recipient}"),
            LeaseKey::MailAllowance { address, day, slot } => {
                write!(f, "mail:{address}:{day}:{slot}")
            }
            LeaseKey::OutcomeMail {
                application,
                outcome,
            } => {
                write!(f, "announce:mail:{application}:{}", outcome.as_str())
            }
            LeaseKey::OutcomeChat {
                chat,
                application,
                outcome,
            } => {
                write!(f, "announce:chat:{chat}:{application}:{}", outcome.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stored_as_they_always_were() {
        let id = ApplicationId::parse("0198c2a4-3f5e-7b61-9d2a-5f0c3e8b1a77").unwrap();
        let day: Date = "2024-05-31".parse().unwrap();
        let cases = [
            (LeaseKey::TelegramUpdate(42), "telegram:42"),
            (
                LeaseKey::WeChatCall {
                    timestamp: "1700000000".into(),
                    nonce: "n1".into(),
                },
                "wechat-call:1700000000:n1",
            ),
            (LeaseKey::WeChatMessage("123".into()), "wechat:123"),
            (
                LeaseKey::ConversationTurn("telegram:7".into()),
                "turn:telegram:7",
            ),
            (LeaseKey::RoundAssignment { round: 2 }, "assign:round:2"),
            (
                LeaseKey::Reminder {
                    milestone: "deadline-7".into(),
                    recipient: "draft:x".into(),
                },
                "remind:deadline-7:draft:x",
            ),
            (
                LeaseKey::MailAllowance {
                    address: "ab12".into(),
                    day,
                    slot: 3,
                },
                "mail:ab12:2024-05-31:3",
            ),
            (
                LeaseKey::OutcomeMail {
                    application: id,
                    outcome: Outcome::Collected,
                },
                "announce:mail:0198c2a4-3f5e-7b61-9d2a-5f0c3e8b1a77:collected",
            ),
            (
                LeaseKey::OutcomeChat {
                    chat: "telegram:7".into(),
                    application: id,
                    outcome: Outcome::NotSelected,
                },
                "announce:chat:telegram:7:0198c2a4-3f5e-7b61-9d2a-5f0c3e8b1a77:not_selected",
            ),
        ];
        for (key, stored) in cases {
            assert_eq!(key.to_string(), stored);
        }
    }
}
