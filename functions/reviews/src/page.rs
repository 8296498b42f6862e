//! The mobile review page: one HTML document with its CSS and script, no framework and
//! no outside request, under a Content-Security-Policy that allows exactly its own inline
//! style and script (by hash) and calls to this origin.

use std::sync::LazyLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

pub const PAGE_HTML: &str = include_str!("page.html");

/// The text between `open` and `close` in the page (its one style or script).
fn inline(open: &str, close: &str) -> &'static str {
    PAGE_HTML
        .split_once(open)
        .and_then(|(_, rest)| rest.split_once(close))
        .map(|(body, _)| body)
        .unwrap_or_default()
}

fn hash(source: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(source.as_bytes()))
    )
}

static POLICY: LazyLock<String> = LazyLock::new(|| {
    let style = hash(inline("<style>", "</style>"));
    let script = hash(inline("<script>", "</script>"));
    format!(
        "default-src 'none'; script-src {script}; style-src {style}; connect-src 'self'; \
         img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
});

/// `GET /review`: the page, which reads its token from the link's fragment (never sent
/// to the server in a URL) and talks to the reviewer routes.
#[utoipa::path(get, path = "/review", tag = "reviewers",
    responses((status = 200, description = "The mobile review page", content_type = "text/html")))]
pub async fn review_page() -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        PAGE_HTML,
    )
        .into_response();
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style_and_script() {
        assert!(inline("<style>", "</style>").len() > 500);
        assert!(inline("<script>", "</script>").len() > 5000);
        assert_eq!(PAGE_HTML.matches("<script").count(), 1);
        assert_eq!(PAGE_HTML.matches("<style").count(), 1);
        assert!(POLICY.contains("default-src 'none'"));
        assert!(!POLICY.contains("unsafe-inline"));
    }
}
