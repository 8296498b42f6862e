//! Request extractors that answer bad input with the API's JSON errors.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use casebook_core::{EditToken, Lang};
use serde::de::DeserializeOwned;

use crate::{ApiError, MAX_BODY_BYTES};

/// The caller's language from `Accept-Language` (English unless Chinese is asked for).
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let tag = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(RequestLang(Lang::from_tag(tag)))
    }
}

/// The edit token from `Authorization: Bearer <token>`.
pub struct Bearer(pub EditToken);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let token = value.and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim())
                .filter(|t| !t.is_empty())
        });
        match token {
            Some(t) => Ok(Bearer(EditToken::presented(t))),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing_token",
                "This needs the edit token returned when the draft was created: send it as `Authorization: Bearer <token>`.",
            )
            .with_field("Authorization")),
        }
    }
}

/// The version from `If-Match`, as the `ETag` of a read gave it (`"3"`; `3` is accepted).
pub struct IfMatch(pub u64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(raw) = parts.headers.get(header::IF_MATCH) else {
            return Err(ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "missing_if_match",
                "Send the version you are changing as `If-Match: \"<version>\"` (the ETag of your last read), so changes made elsewhere are not overwritten.",
            )
            .with_field("If-Match"));
        };
        let text = raw.to_str().unwrap_or("").trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse().map(IfMatch).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_if_match",
                format!(
                    "If-Match must be a version number such as \"3\", not {:?}.",
                    raw.to_str().unwrap_or("?")
                ),
            )
            .with_field("If-Match")
        })
    }
}

/// A JSON body: at most [`MAX_BODY_BYTES`], unknown keys refused, and errors that name the
/// field at fault. An empty body reads as `{}`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let too_large = || {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!(
                    "The request body is larger than {} KiB. Send less text at once.",
                    MAX_BODY_BYTES / 1024
                ),
            )
        };
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
            return Err(too_large());
        }
        let body = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| too_large())?;
        let _ = state;
        if body.iter().all(u8::is_ascii_whitespace) {
            return parse(&Bytes::from_static(b"{}")).map(JsonBody);
        }
        if let Some(ct) = content_type {
            let essence = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if essence != "application/json" && !essence.ends_with("+json") {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    format!(
                        "The body must be JSON, sent with `Content-Type: application/json` (got {ct:?})."
                    ),
                ));
            }
        }
        parse(&body).map(JsonBody)
    }
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let malformed = |inner: &dyn std::fmt::Display| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("The body is not valid JSON ({inner}). Check quotes, commas and brackets."),
        )
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    if result.is_ok() {
        // Trailing garbage after the JSON value is an error too.
        de.end().map_err(|e| malformed(&e))?;
    }
    result.map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return malformed(&inner);
        }
        let text = inner.to_string();
        // "unknown field `x`, expected one of ..." names the key itself, not its parent.
        let unknown = text
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_string());
        // "missing field `x`" is reported at the parent's path.
        let missing = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| match path.as_str() {
                "." => name.to_string(),
                parent => format!("{parent}.{name}"),
            });
        if let Some(field) = missing {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "missing_field",
                format!("`{field}` is missing: add it to the JSON body."),
            )
            .with_field(field);
        }
        // The path of an unknown key may or may not already end with the key itself.
        let field = match (&unknown, path.as_str()) {
            (Some(name), ".") => name.clone(),
            (Some(name), p) if p == name || p.ends_with(&format!(".{name}")) => p.to_string(),
            (Some(name), parent) => format!("{parent}.{name}"),
            (None, p) => p.to_string(),
        };
        let message = text.split(" at line ").next().unwrap_or(&text).to_string();
        let (code, message) = match unknown {
            Some(_) => (
                "unknown_field",
                format!("`{field}` is not a field of this request: {message}."),
            ),
            None => ("invalid_value", format!("`{field}`: {message}.")),
        };
        ApiError::new(StatusCode::BAD_REQUEST, code, message).with_field(field)
    })
}
