//! The applicant page: one HTML document with its CSS and script, no framework and no
//! outside request, under a Content-Security-Policy that allows exactly its own inline
//! style and script (by hash) and calls to this origin (and to the upload grant's, see
//! `apply_page`).

use std::sync::OnceLock;

use axum::response::Response;
use casebook_http::page::HtmlPage;

/// The page's text (its size and outside references are checked by the crate's tests).
pub const PAGE_HTML: &str = include_str!("page.html");
static PAGE: HtmlPage = HtmlPage::new(PAGE_HTML);

/// Where browsers upload attachments, when not this origin (see [`allow_uploads_to`]).
static UPLOADS_TO: OnceLock<String> = OnceLock::new();

/// Lets the page upload to `origin` (on AWS the bucket's: upload grants are presigned S3
/// URLs), by naming it in the page's Content-Security-Policy. Set once, at start.
pub fn allow_uploads_to(origin: &str) {
    let _ = UPLOADS_TO.set(origin.to_string());
}

/// `GET /apply`: the page, which keeps the draft's edit token in this browser and talks
/// to the applicant and attachment routes.
#[utoipa::path(get, path = "/apply", tag = super::TAG,
    responses((status = 200, description = "The applicant page", content_type = "text/html")))]
pub(crate) async fn apply_page() -> Response {
    PAGE.response_connecting(UPLOADS_TO.get().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style_and_script() {
        assert_eq!(PAGE.faults(), Vec::<String>::new());
    }
}
