//! A fake Telegram Bot API on loopback, for tests: it hands out the updates pushed to it
//! (all that are waiting, per `getUpdates`), records every call the bot makes, and refuses
//! what Telegram refuses (a message over 4,096 characters).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

#[derive(Clone, Default)]
pub struct FakeBotApi {
    updates: Arc<Mutex<VecDeque<Value>>>,
    calls: Arc<Mutex<Vec<(String, Value)>>>,
    /// Files by path, served at `/file/bot<token>/<path>`.
    files: Arc<Mutex<std::collections::HashMap<String, Vec<u8>>>>,
    /// Methods (lower case) to answer with an error, and how many times; also
    /// `sendmessage:<chat>` for one chat's messages only.
    failures: Arc<Mutex<std::collections::HashMap<String, usize>>>,
    /// Messages refused as Telegram refuses them, as (chat, text).
    refused: Arc<Mutex<Vec<(Value, String)>>>,
    /// The base URL to give the bot (`TELEGRAM_API_URL`).
    pub url: String,
}

impl FakeBotApi {
    pub async fn start() -> std::io::Result<FakeBotApi> {
        let mut fake = FakeBotApi::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        fake.url = format!("http://{}", listener.local_addr()?);
        let app = axum::Router::new()
            .route("/{bot}/{method}", axum::routing::post(answer).get(answer))
            .route("/file/{bot}/{*path}", axum::routing::get(file))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(fake)
    }

    /// Makes `bytes` downloadable as the file with id `file_id`.
    pub fn serve_file(&self, file_id: &str, bytes: Vec<u8>) {
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(format!("documents/{file_id}"), bytes);
    }

    /// Answers the next `times` calls of `method` (e.g. `sendMessage`) with an error, as
    /// Telegram does when it is having trouble. Failed calls are not recorded.
    pub fn fail_next(&self, method: &str, times: usize) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(method.to_ascii_lowercase(), times);
    }

    /// Answers the next `times` messages to `chat` with a passing error (502).
    pub fn fail_chat(&self, chat: i64, times: usize) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(format!("sendmessage:{chat}"), times);
    }

    /// Refuses the next `times` messages to `chat` for good, as Telegram does when the
    /// user blocked the bot (403).
    pub fn refuse_chat(&self, chat: i64, times: usize) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(format!("refuse:{chat}"), times);
    }

    /// Messages refused for good, as (chat id, description).
    pub fn refused(&self) -> Vec<(Value, String)> {
        self.refused
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether a failure is due under `key`, counting it down.
    fn take_failure(&self, key: &str) -> bool {
        match self
            .failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(key)
        {
            Some(left) if *left > 0 => {
                *left -= 1;
                true
            }
            _ => false,
        }
    }

    pub fn push(&self, update: Value) {
        self.updates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back(update);
    }

    /// Every call but `getUpdates`/`getMe`: (method as sent, e.g. `SendMessage`, body).
    pub fn calls(&self) -> Vec<(String, Value)> {
        self.calls.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Waits (up to 5 s) until at least `count` calls were made; returns them.
    pub async fn wait_for(&self, count: usize) -> Vec<(String, Value)> {
        for _ in 0..200 {
            if self.calls().len() >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.calls()
    }

    /// Waits (up to 10 s) until a message containing `needle` was sent; returns every call.
    pub async fn wait_for_text(&self, needle: &str) -> Vec<(String, Value)> {
        for _ in 0..400 {
            let calls = self.calls();
            if calls
                .iter()
                .any(|(_, b)| b["text"].as_str().is_some_and(|t| t.contains(needle)))
            {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.calls()
    }
}

async fn answer(
    State(fake): State<FakeBotApi>,
    Path((_bot, method)): Path<(String, String)>,
    body: Option<Json<Value>>,
) -> Json<Value> {
    let body = body.map(|Json(v)| v).unwrap_or(Value::Null);
    let lower = method.to_ascii_lowercase();
    let chat = body["chat_id"].clone();
    if fake.take_failure(&lower) || fake.take_failure(&format!("{lower}:{chat}")) {
        return Json(json!({"ok": false, "error_code": 502, "description": "Bad Gateway"}));
    }
    if lower == "sendmessage" {
        let refusal = if fake.take_failure(&format!("refuse:{chat}")) {
            Some((403, "Forbidden: bot was blocked by the user"))
        } else if body["text"]
            .as_str()
            // Telegram counts a message's length in UTF-16 code units.
            .is_some_and(|t| t.encode_utf16().count() > 4096)
        {
            Some((400, "Bad Request: message is too long"))
        } else {
            None
        };
        if let Some((code, description)) = refusal {
            fake.refused
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((chat, description.to_string()));
            return Json(json!({"ok": false, "error_code": code, "description": description}));
        }
    }
    let result = match method.to_ascii_lowercase().as_str() {
        "getupdates" => {
            let waiting: Vec<Value> = fake
                .updates
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .drain(..)
                .collect();
            if waiting.is_empty() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            json!(waiting)
        }
        "getme" => {
            json!({"id": 1, "is_bot": true, "first_name": "casebook", "username": "casebook_bot"})
        }
        "getfile" => {
            fake.calls
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((method.clone(), body.clone()));
            let id = body["file_id"].as_str().unwrap_or("").to_string();
            let size = fake
                .files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&format!("documents/{id}"))
                .map_or(0, Vec::len);
            json!({"file_id": id, "file_unique_id": format!("u{id}"), "file_size": size, "file_path": format!("documents/{id}")})
        }
        "sendmessage" => {
            fake.calls
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((method.clone(), body.clone()));
            json!({"message_id": 7, "date": 1714525200,
                   "chat": {"id": body["chat_id"], "type": "private", "first_name": "Ana"},
                   "text": body["text"]})
        }
        _ => {
            fake.calls
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((method.clone(), body.clone()));
            json!(true)
        }
    };
    Json(json!({"ok": true, "result": result}))
}

/// A text message from chat 42.
pub fn text_update(id: i64, text: &str) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1714525200,
        "chat": {"id": 42, "type": "private", "first_name": "Ana"},
        "from": {"id": 42, "is_bot": false, "first_name": "Ana"}, "text": text}})
}

/// A text message from private chat `chat`.
pub fn text_update_in(id: i64, chat: i64, text: &str) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1714525200,
        "chat": {"id": chat, "type": "private", "first_name": "Ana"},
        "from": {"id": chat, "is_bot": false, "first_name": "Ana"}, "text": text}})
}

/// A text message in a group (`-100...` ids are groups), from user 42.
pub fn group_text_update(id: i64, group: i64, text: &str) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1714525200,
        "chat": {"id": group, "type": "supergroup", "title": "Applicants"},
        "from": {"id": 42, "is_bot": false, "first_name": "Ana"}, "text": text}})
}

/// A button press in chat 42.
pub fn button_update(id: i64, data: &str) -> Value {
    json!({"update_id": id, "callback_query": {"id": format!("cb{id}"), "chat_instance": "ci",
        "from": {"id": 42, "is_bot": false, "first_name": "Ana"}, "data": data,
        "message": {"message_id": 7, "date": 1714525200, "chat": {"id": 42, "type": "private", "first_name": "Ana"}, "text": "menu"}}})
}

/// An update the bot does not handle (an edited message).
pub fn edited_update(id: i64) -> Value {
    json!({"update_id": id, "edited_message": {"message_id": id, "date": 1714525200, "edit_date": 1714525201,
        "chat": {"id": 42, "type": "private", "first_name": "Ana"}, "text": "edited"}})
}

async fn file(
    State(fake): State<FakeBotApi>,
    Path((_bot, path)): Path<(String, String)>,
) -> Vec<u8> {
    fake.files
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&path)
        .cloned()
        .unwrap_or_default()
}

/// A document sent in chat 42.
/// A sticker from chat 42: a message without text or file.
pub fn sticker_update(id: i64) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1714525200,
        "chat": {"id": 42, "type": "private", "first_name": "Ana"},
        "from": {"id": 42, "is_bot": false, "first_name": "Ana"},
        "sticker": {"file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 512,
                    "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"}}})
}

/// A photo from chat 42, as Telegram sends it: several sizes, the largest last.
pub fn photo_update(id: i64, file_id: &str, size: u64) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1714525200,
    "chat": {"id": 42, "type": "private", "first_name": "Ana"},
    "from": {"id": 42, "is_bot": false, "first_name": "Ana"},
    "photo": [
        {"file_id": format!("{file_id}-small"), "file_unique_id": "small", "width": 90, "height": 60, "file_size": 1200},
        {"file_id": file_id, "file_unique_id": format!("u{file_id}"), "width": 1280, "height": 853, "file_size": size}
    ]}})
}

pub fn document_update(id: i64, file_id: &str, name: &str, mime: &str, size: u64) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1714525200,
        "chat": {"id": 42, "type": "private", "first_name": "Ana"},
        "from": {"id": 42, "is_bot": false, "first_name": "Ana"},
        "document": {"file_id": file_id, "file_unique_id": format!("u{file_id}"), "file_name": name,
                     "mime_type": mime, "file_size": size}}})
}
