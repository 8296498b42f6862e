//! The applicant page: one HTML document with its CSS and script, no framework and no
//! outside request, under a Content-Security-Policy that allows exactly its own inline
//! style and script (by hash) and calls to this origin (and to the upload grant's, see
//! `apply_page`).

use std::sync::OnceLock;

use axum::response::Response;
use casebook_http::extract::PageLang;
use casebook_http::page::HtmlPage;

/// The page's text (its size and outside references are checked by the crate's tests).
pub const PAGE_HTML: &str = include_str!("page.html");
/// Its words are the resource files' `apply-` messages, in the language asked for.
static PAGE: HtmlPage = HtmlPage::with_texts(PAGE_HTML, "apply-");

/// Where browsers upload attachments, when not this origin (see [`allow_uploads_to`]).
static UPLOADS_TO: OnceLock<String> = OnceLock::new();

/// Lets the page upload to `origin` (on AWS the bucket's: upload grants are presigned S3
/// URLs), by naming it in the page's Content-Security-Policy. Set once, at start.
pub fn allow_uploads_to(origin: &str) {
    let _ = UPLOADS_TO.set(origin.to_string());
}

/// `GET /apply`: the page, which keeps the draft's edit token in this browser and talks
/// to the applicant and attachment routes; in the language of `?lang=` (its language
/// menu), else of `Accept-Language`.
#[utoipa::path(get, path = "/apply", tag = super::TAG,
    params(("lang" = Option<String>, Query, description = "The page's language: ar, en, es, fr, ru or zh (else the browser's; an unknown one is passed over)")),
    responses((status = 200, description = "The applicant page", content_type = "text/html")))]
pub(crate) async fn apply_page(PageLang(lang): PageLang) -> Response {
    PAGE.response_connecting(lang, UPLOADS_TO.get().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style_and_script() {
        assert_eq!(PAGE.faults(), Vec::<String>::new());
    }
}
