//! The XML of WeChat's passive-reply protocol, read defensively: a body over the cap or
//! with a DOCTYPE or an entity declaration is refused before any parsing (so nothing is
//! expanded and nothing fetched); only the flat elements of the root are read, each cut
//! to a cap; unknown elements are ignored; a missing one is an error the route answers
//! with `success`. Replies are written with every value in CDATA.

use quick_xml::Reader;
use quick_xml::events::Event;

/// The largest body read; WeChat's messages are a few KB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The longest value kept from one element.
const MAX_VALUE_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    #[error("the body is over {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("a DOCTYPE or entity declaration")]
    Declaration,
    #[error("not well-formed XML: {0}")]
    Malformed(String),
    #[error("no {0} element")]
    Missing(&'static str),
}

/// A message or event as WeChat posts it (plain mode), or the envelope of safe mode
/// (`encrypt` set, the rest possibly empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    pub to_user: String,
    pub from_user: String,
    pub create_time: String,
    pub msg_type: String,
    pub content: Option<String>,
    pub msg_id: Option<String>,
    pub event: Option<String>,
    pub event_key: Option<String>,
    pub encrypt: Option<String>,
}

/// Reads the root's flat elements.
pub fn parse(body: &[u8]) -> Result<Incoming, XmlError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(XmlError::TooLarge);
    }
    // Checked on the raw bytes, before any parser sees them.
    let upper = body.to_ascii_uppercase();
    if contains(&upper, b"<!DOCTYPE") || contains(&upper, b"<!ENTITY") {
        return Err(XmlError::Declaration);
    }
    let mut reader = Reader::from_reader(body);
    // Text is kept as sent (a message's spaces are its own); identifiers are trimmed.
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<String> = None;
    let mut value = String::new();
    let mut out = Incoming::default();
    let mut saw_root = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| XmlError::Malformed(cut(&e.to_string(), 120)))?;
        match event {
            Event::Start(start) => {
                depth += 1;
                let name = start.name().as_ref().to_string();
                if depth == 1 {
                    saw_root = name == "xml";
                    if !saw_root {
                        return Err(XmlError::Missing("xml"));
                    }
                } else if depth == 2 {
                    current = Some(name);
                    value.clear();
                }
            }
            Event::Empty(_) => {}
            Event::Text(text) if depth == 2 => {
                push_capped(&mut value, &text.xml10_content());
            }
            Event::CData(data) if depth == 2 => {
                push_capped(&mut value, &data.xml10_content());
            }
            // Only XML's own five entities and character references are resolved; any
            // other name is dropped (there are no declarations to expand).
            Event::GeneralRef(reference) if depth == 2 => {
                if let Some(c) = resolve(&reference) {
                    push_capped(&mut value, c.encode_utf8(&mut [0u8; 4]));
                }
            }
            Event::End(_) => {
                if depth == 2
                    && let Some(name) = current.take()
                {
                    out.set(&name, std::mem::take(&mut value));
                }
                depth = depth.saturating_sub(1);
            }
            Event::DocType(_) => return Err(XmlError::Declaration),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_root {
        return Err(XmlError::Missing("xml"));
    }
    Ok(out)
}

/// A reference's character: a character reference, or one of XML's own five entities;
/// any other name is dropped (there are no declarations to expand).
fn resolve(reference: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        Ok(None) => match reference.xml10_content().as_ref() {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => None,
        },
        Err(_) => None,
    }
}

impl Incoming {
    /// Keeps an element's text: the message's content as sent, identifiers trimmed;
    /// elements the bot does not read are left out.
    fn set(&mut self, name: &str, text: String) {
        let id = text.trim().to_string();
        match name {
            "ToUserName" => self.to_user = id,
            "FromUserName" => self.from_user = id,
            "CreateTime" => self.create_time = id,
            "MsgType" => self.msg_type = id,
            "Content" => self.content = Some(text),
            "MsgId" => self.msg_id = Some(id),
            "Event" => self.event = Some(id),
            "EventKey" => self.event_key = Some(id),
            "Encrypt" => self.encrypt = Some(id),
            _ => {}
        }
    }
}

/// Whether the message is complete enough to answer (safe mode's envelope aside).
pub fn check_message(m: &Incoming) -> Result<(), XmlError> {
    if m.from_user.is_empty() {
        return Err(XmlError::Missing("FromUserName"));
    }
    if m.to_user.is_empty() {
        return Err(XmlError::Missing("ToUserName"));
    }
    if m.msg_type.is_empty() {
        return Err(XmlError::Missing("MsgType"));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn push_capped(value: &mut String, more: &str) {
    for c in more.chars() {
        if value.len() + c.len_utf8() > MAX_VALUE_BYTES {
            break;
        }
        value.push(c);
    }
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// `text` as CDATA content: a `]]>` inside is split so it cannot close the section.
pub fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

/// A text reply to `to` (the user) from `from` (the account).
pub fn text_reply(to: &str, from: &str, create_time: i64, content: &str) -> String {
    format!(
        "<xml><ToUserName>{}</ToUserName><FromUserName>{}</FromUserName><CreateTime>{create_time}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>{}</Content></xml>",
        cdata(to),
        cdata(from),
        cdata(content)
    )
}

/// Safe mode's reply envelope.
pub fn encrypted_reply(encrypt: &str, signature: &str, timestamp: &str, nonce: &str) -> String {
    format!(
        "<xml><Encrypt>{}</Encrypt><MsgSignature>{}</MsgSignature><TimeStamp>{}</TimeStamp><Nonce>{}</Nonce></xml>",
        cdata(encrypt),
        cdata(signature),
        cut(timestamp, 20),
        cdata(nonce)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[when is the deadline?]]></Content><MsgId>6054768590064713728</MsgId></xml>";

    #[test]
    fn a_text_message_is_read() {
        let m = parse(TEXT.as_bytes()).unwrap();
        assert_eq!(m.from_user, "oyORnuP8q7ou2gfYjqLzSIWZf0rs");
        assert_eq!(m.msg_type, "text");
        assert_eq!(m.content.as_deref(), Some("when is the deadline?"));
        assert_eq!(m.msg_id.as_deref(), Some("6054768590064713728"));
        check_message(&m).unwrap();
    }

    #[test]
    fn declarations_and_oversized_bodies_are_refused_before_parsing() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>"#;
        assert_eq!(parse(bomb.as_bytes()), Err(XmlError::Declaration));
        let external = r#"<!doctype xml SYSTEM "http://169.254.169.254/"><xml/>"#;
        assert_eq!(parse(external.as_bytes()), Err(XmlError::Declaration));
        let big = format!(
            "<xml><Content>{}</Content></xml>",
            "a".repeat(MAX_BODY_BYTES)
        );
        assert_eq!(parse(big.as_bytes()), Err(XmlError::TooLarge));
    }

    #[test]
    fn missing_and_extra_elements_are_reported_or_ignored() {
        let m = parse(b"<xml><MsgType>text</MsgType><Surprise><Deep>1</Deep></Surprise></xml>")
            .unwrap();
        assert_eq!(check_message(&m), Err(XmlError::Missing("FromUserName")));
        assert_eq!(parse(b"<html></html>"), Err(XmlError::Missing("xml")));
        assert!(matches!(
            parse(b"<xml><Content>a</Other></xml>"),
            Err(XmlError::Malformed(_))
        ));
    }

    #[test]
    fn only_xmls_own_entities_are_resolved() {
        let m =
            parse(b"<xml><Content>a &lt;b&gt; &amp; &#x4E2D; &unknown; c</Content></xml>").unwrap();
        assert_eq!(m.content.as_deref(), Some("a <b> & \u{4E2D}  c"));
    }

    #[test]
    fn a_reply_cannot_be_broken_out_of_its_cdata() {
        let reply = text_reply("user", "gh_account", 1, "a ]]><MsgType>x</MsgType> b");
        let back = parse(reply.as_bytes()).unwrap();
        assert_eq!(back.content.as_deref(), Some("a ]]><MsgType>x</MsgType> b"));
        assert_eq!(back.msg_type, "text");
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse(&body);
        }

        #[test]
        fn arbitrary_shapes_never_panic(
            names in proptest::collection::vec("[A-Za-z!?/]{0,8}", 0..6),
            texts in proptest::collection::vec(".{0,20}", 0..6),
        ) {
            let mut body = String::from("<xml>");
            for (n, t) in names.iter().zip(texts.iter()) {
                body.push_str(&format!("<{n}>{t}</{n}>"));
            }
            body.push_str("</xml>");
            let _ = parse(body.as_bytes());
        }

        #[test]
        fn any_reply_text_reads_back_the_same(content in "\\PC{0,200}") {
            let reply = text_reply("user", "gh_account", 1, &content);
            let back = parse(reply.as_bytes()).unwrap();
            prop_assert_eq!(back.content.as_deref(), Some(content.as_str()));
        }
    }
}
