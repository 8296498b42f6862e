//! Request extractors that answer bad input with the API's JSON errors.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use casebook_core::lang::t;
use casebook_core::rules::excerpt;
use casebook_core::{EditToken, Lang};
use serde::de::DeserializeOwned;

use casebook_core::{ApplicationError, ApplicationId, AttachmentError, AttachmentId};

use crate::{ApiError, MAX_BODY_BYTES};

/// The caller's language, taken once per request by [`crate::in_the_callers_language`]
/// from `Accept-Language` (English unless Chinese is asked for).
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(request_lang(parts)))
    }
}

/// The language a page is served in: `?lang=` (ar, en, es, fr, ru or zh) when the page
/// was asked for in one (its language menu), else the request's (`Accept-Language`). An
/// unknown `?lang=` is passed over rather than refused: the page still opens.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let asked = parts.uri.query().and_then(|query| {
            query
                .split('&')
                .take(8)
                .find_map(|pair| pair.strip_prefix("lang="))
                .and_then(Lang::from_code)
        });
        Ok(PageLang(asked.unwrap_or_else(|| request_lang(parts))))
    }
}

/// The request's language as the layer took it (read from the header without it).
fn request_lang(parts: &Parts) -> Lang {
    parts
        .extensions
        .get::<Lang>()
        .copied()
        .unwrap_or_else(|| lang_of(&parts.headers))
}

/// The language `Accept-Language` asks for.
pub(crate) fn lang_of(headers: &axum::http::HeaderMap) -> Lang {
    let tag = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Lang::from_tag(tag)
}

/// The application of the path (`/applications/{id}/...`); a malformed id is an
/// application that does not exist.
pub struct ApplicationPath(pub ApplicationId);

impl<S: Send + Sync> FromRequestParts<S> for ApplicationPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ids = path_segments(parts).await;
        ids.first()
            .and_then(|id| ApplicationId::parse(id))
            .map(ApplicationPath)
            .ok_or_else(|| ApplicationError::NotFound.into())
    }
}

/// An application's attachment from the path (`/applications/{id}/attachments/{att}`).
pub struct AttachmentPath(pub ApplicationId, pub AttachmentId);

impl<S: Send + Sync> FromRequestParts<S> for AttachmentPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ids = path_segments(parts).await;
        let app = ids.first().and_then(|id| ApplicationId::parse(id));
        let att = ids.get(1).and_then(|id| AttachmentId::parse(id));
        match (app, att) {
            (None, _) => Err(ApplicationError::NotFound.into()),
            (Some(_), None) => Err(AttachmentError::NotFound.into()),
            (Some(app), Some(att)) => Ok(AttachmentPath(app, att)),
        }
    }
}

/// The route's parameters in order (`{id}`, then `{att}`), as matched by the router.
async fn path_segments(parts: &mut Parts) -> Vec<String> {
    match RawPathParams::from_request_parts(parts, &()).await {
        Ok(params) => params.iter().map(|(_, value)| value.to_string()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The edit token from `Authorization: Bearer <token>`.
pub struct Bearer(pub EditToken);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match bearer_of(parts) {
            Some(t) => Ok(Bearer(EditToken::presented(t))),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing_token",
                t!(request_lang(parts), API_MISSING_TOKEN),
            )
            .with_field("Authorization")),
        }
    }
}

/// The token of `Authorization: Bearer <token>`, if there is one.
fn bearer_of(parts: &Parts) -> Option<&str> {
    let value = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// A reviewer's or organizer's signed token from `Authorization: Bearer <token>`, not
/// yet checked (the service checks it against its key and records).
pub struct AccessToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for AccessToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match bearer_of(parts) {
            Some(t) => Ok(AccessToken(t.to_string())),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing_token",
                t!(request_lang(parts), API_MISSING_SIGN_IN),
            )
            .with_field("Authorization")),
        }
    }
}

/// The version from `If-Match`, as the `ETag` of a read gave it (`"3"`; `3` is accepted).
pub struct IfMatch(pub u64);

/// `If-Match` where it is needed only to change something that exists: `None` without.
pub struct OptionalIfMatch(pub Option<u64>);

impl<S: Send + Sync> FromRequestParts<S> for OptionalIfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if !parts.headers.contains_key(header::IF_MATCH) {
            return Ok(OptionalIfMatch(None));
        }
        let IfMatch(version) = IfMatch::from_request_parts(parts, state).await?;
        Ok(OptionalIfMatch(Some(version)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let lang = request_lang(parts);
        let Some(raw) = parts.headers.get(header::IF_MATCH) else {
            return Err(ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "missing_if_match",
                t!(lang, API_MISSING_IF_MATCH),
            )
            .with_field("If-Match"));
        };
        let text = raw.to_str().unwrap_or("").trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse().map(IfMatch).map_err(|_| {
            let given = excerpt(raw.to_str().unwrap_or("?"));
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_if_match",
                t!(lang, API_INVALID_IF_MATCH, given = format!("{given:?}")),
            )
            .with_field("If-Match")
        })
    }
}

/// A JSON body: at most [`MAX_BODY_BYTES`], unknown keys refused, and errors that name the
/// field at fault. An empty body, or `null`, reads as `{}` (every body is an object whose
/// fields have defaults or are named when missing).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        read_json(req, true).await.map(JsonBody)
    }
}

/// A [`JsonBody`] that must be sent: a change (`PATCH`) with no body at all is refused
/// (400 `missing_body`), not read as a change of nothing.
pub struct RequiredJsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for RequiredJsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        read_json(req, false).await.map(RequiredJsonBody)
    }
}

/// The body as `T`; an empty one (or `null`) reads as `{}` when `empty_is_object`.
async fn read_json<T: DeserializeOwned>(
    req: Request,
    empty_is_object: bool,
) -> Result<T, ApiError> {
    {
        let lang = req
            .extensions()
            .get::<Lang>()
            .copied()
            .unwrap_or_else(|| lang_of(req.headers()));
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let too_large = || {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                t!(lang, API_BODY_TOO_LARGE, kib = MAX_BODY_BYTES / 1024),
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
        if body.iter().all(u8::is_ascii_whitespace) || body.trim_ascii() == b"null" {
            if !empty_is_object {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "missing_body",
                    t!(lang, API_MISSING_BODY),
                ));
            }
            return parse(&Bytes::from_static(b"{}"), lang);
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
                    t!(
                        lang,
                        API_UNSUPPORTED_MEDIA_TYPE,
                        given = format!("{:?}", excerpt(&ct))
                    ),
                ));
            }
        }
        // Every body is an object: serde would take a list for one too (`[null, null]`).
        if body.trim_ascii_start().first() != Some(&b'{') {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                t!(lang, API_NOT_AN_OBJECT),
            ));
        }
        parse(&body, lang)
    }
}

/// The most of a parser's own message an error repeats.
const MAX_DETAIL_CHARS: usize = 160;

fn parse<T: DeserializeOwned>(body: &Bytes, lang: Lang) -> Result<T, ApiError> {
    let malformed = |inner: &dyn std::fmt::Display| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            t!(lang, API_MALFORMED_JSON, detail = inner.to_string()),
        )
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    if result.is_ok() {
        // Trailing garbage after the JSON value is an error too.
        de.end().map_err(|e| malformed(&e))?;
    }
    result.map_err(|err| refused_value(err, lang, malformed))
}

/// A body that is JSON but not the request's shape, as the caller reads it: the field
/// that is missing, unknown or invalid, with serde's reason cut short.
fn refused_value(
    err: serde_path_to_error::Error<serde_json::Error>,
    lang: Lang,
    malformed: impl Fn(&dyn std::fmt::Display) -> ApiError,
) -> ApiError {
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
            t!(lang, API_MISSING_FIELD, field = field.as_str()),
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
    // serde quotes the value it refused: never more than a short piece of it.
    let message: String = text
        .split(" at line ")
        .next()
        .unwrap_or(&text)
        .chars()
        .take(MAX_DETAIL_CHARS)
        .collect();
    let (field_text, detail) = (field.as_str(), message.as_str());
    let (code, message) = match unknown {
        Some(_) => (
            "unknown_field",
            t!(lang, API_UNKNOWN_FIELD, field = field_text, detail = detail),
        ),
        None => (
            "invalid_value",
            t!(lang, API_INVALID_VALUE, field = field_text, detail = detail),
        ),
    };
    ApiError::new(StatusCode::BAD_REQUEST, code, message).with_field(field)
}
