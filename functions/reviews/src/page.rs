//! The mobile review page: one HTML document with its CSS and script, no framework and
//! no outside request, under a Content-Security-Policy that allows exactly its own inline
//! style and script (by hash) and calls to this origin.

use axum::response::Response;
use casebook_http::page::HtmlPage;

/// The page's text (its size and outside references are checked by the crate's tests).
pub const PAGE_HTML: &str = include_str!("page.html");
pub static PAGE: HtmlPage = HtmlPage::new(PAGE_HTML);

/// `GET /review`: the page, which reads its token from the link's fragment (never sent
/// to the server in a URL) and talks to the reviewer routes.
#[utoipa::path(get, path = "/review", tag = "reviewers",
    responses((status = 200, description = "The mobile review page", content_type = "text/html")))]
pub async fn review_page() -> Response {
    PAGE.response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style_and_script() {
        assert_eq!(PAGE.faults(), Vec::<String>::new());
    }
}
