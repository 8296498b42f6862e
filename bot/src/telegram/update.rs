//! Telegram's updates, read for the fields the bot uses: `update_id`, a message (its chat,
//! text and file) or a button press. A kind the bot does not answer (an edited message, a
//! poll, ...) or cannot read is left out, and the update is ignored (answered 2xx, so
//! Telegram does not send it again).

use casebook_core::Lang;
use serde::de::{Deserialize, DeserializeOwned, Deserializer};

/// One update from the Bot API (`getUpdates` or the webhook).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Update {
    pub update_id: i64,
    #[serde(default, deserialize_with = "readable")]
    pub message: Option<Message>,
    #[serde(default, deserialize_with = "readable")]
    pub channel_post: Option<Message>,
    #[serde(default, deserialize_with = "readable")]
    pub callback_query: Option<CallbackQuery>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Message {
    pub chat: Chat,
    /// Who sent it (none in a channel).
    #[serde(default)]
    pub from: Option<User>,
    pub text: Option<String>,
    pub document: Option<Document>,
    pub photo: Option<Vec<PhotoSize>>,
    pub video: Option<Document>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Chat {
    pub id: i64,
    /// `private`, `group`, `supergroup` or `channel`.
    #[serde(rename = "type")]
    pub kind: String,
}

impl Chat {
    pub fn is_private(&self) -> bool {
        self.kind == "private"
    }
}

/// A button of an inline keyboard pressed.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CallbackQuery {
    pub id: String,
    pub from: User,
    pub data: Option<String>,
    /// The message with the button (only its chat is read; an old message is sent as an
    /// "inaccessible" one, with its chat too).
    pub message: Option<ButtonMessage>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct ButtonMessage {
    pub chat: Chat,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct User {
    pub id: i64,
    /// The language the person's Telegram app is set to (an IETF tag such as `fr` or
    /// `pt-br`), when Telegram says it.
    #[serde(default)]
    pub language_code: Option<String>,
}

/// A document or a video (the same fields for the bot).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Document {
    pub file_id: String,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub file_size: Option<u64>,
}

/// One size of a photo (Telegram sends several).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PhotoSize {
    pub file_id: String,
    pub file_unique_id: String,
    pub width: u32,
    pub height: u32,
    pub file_size: Option<u64>,
}

/// A field that fails to read is left out, as a kind the bot does not know: one odd part
/// never makes the whole update unreadable.
fn readable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| match serde_json::from_value(v) {
        Ok(read) => Some(read),
        Err(e) => {
            // The kind of fault only: serde's message quotes the value (a chat's text).
            tracing::warn!(fault = ?e.classify(), "a part of a Telegram update could not be read; it is ignored");
            None
        }
    }))
}

impl Update {
    /// The update's chat, for the kinds the bot answers: a message's, or the pressed
    /// button's message's (else the presser's own, which is their private chat's id).
    pub fn chat(&self) -> Option<i64> {
        if let Some(m) = &self.message {
            return Some(m.chat.id);
        }
        self.callback_query
            .as_ref()
            .map(|q| q.message.as_ref().map_or(q.from.id, |m| m.chat.id))
    }

    /// The chat of an update from a group, supergroup or channel (`None` for a private
    /// chat).
    pub fn shared_chat(&self) -> Option<i64> {
        let chat = match (&self.message, &self.channel_post, &self.callback_query) {
            (Some(m), _, _) | (None, Some(m), _) => &m.chat,
            (None, None, Some(q)) => &q.message.as_ref()?.chat,
            _ => return None,
        };
        (!chat.is_private()).then_some(chat.id)
    }

    /// The language the sender's Telegram app is set to, when one of the six (a button's
    /// presser counts as its sender); English when Telegram does not say or it is another.
    pub fn sender_lang(&self) -> Lang {
        let from = match (&self.message, &self.callback_query) {
            (Some(m), _) => m.from.as_ref(),
            (None, Some(q)) => Some(&q.from),
            _ => None,
        };
        from.and_then(|f| f.language_code.as_deref())
            .map_or(Lang::En, Lang::from_tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_a_button_and_an_unknown_kind_are_read() {
        let text: Update = serde_json::from_str(
            r#"{"update_id": 5, "message": {"message_id": 1, "date": 0, "text": "hi",
                "chat": {"id": 42, "type": "private", "first_name": "Ana"}}}"#,
        )
        .unwrap();
        assert_eq!(text.message.unwrap().text.as_deref(), Some("hi"));
        let button: Update = serde_json::from_str(
            r#"{"update_id": 6, "callback_query": {"id": "q", "from": {"id": 7}, "data": "/menu",
                "message": {"message_id": 1, "date": 0, "chat": {"id": -100, "type": "supergroup"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            (button.chat(), button.shared_chat()),
            (Some(-100), Some(-100))
        );
        let unknown: Update =
            serde_json::from_str(r#"{"update_id": 7, "poll": {"id": "p"}}"#).unwrap();
        assert_eq!((unknown.chat(), unknown.shared_chat()), (None, None));
    }

    #[test]
    fn an_unreadable_kind_is_left_out_but_the_update_is_read() {
        let odd: Update =
            serde_json::from_str(r#"{"update_id": 8, "message": {"chat": "nowhere"}}"#).unwrap();
        assert!(odd.message.is_none());
        assert_eq!(odd.update_id, 8);
        assert!(
            serde_json::from_str::<Update>(r#"{"message": {}}"#).is_err(),
            "no id"
        );
    }

    #[test]
    fn a_button_without_its_message_belongs_to_the_presser_s_chat() {
        let button: Update = serde_json::from_str(
            r#"{"update_id": 9, "callback_query": {"id": "q", "from": {"id": 7}, "data": "x"}}"#,
        )
        .unwrap();
        assert_eq!((button.chat(), button.shared_chat()), (Some(7), None));
    }
}
