//! The mobile review page: one HTML document with its CSS and script, no framework and
//! no outside request, under a Content-Security-Policy that allows exactly its own inline
//! style and script (by hash) and calls to this origin.

use axum::response::Response;
use casebook_http::extract::PageLang;
use casebook_http::page::HtmlPage;

/// The page's text (its size and outside references are checked by the crate's tests).
pub const PAGE_HTML: &str = include_str!("page.html");
/// Its words are the resource files' `review-` messages, in the language asked for.
pub static PAGE: HtmlPage = HtmlPage::with_texts(PAGE_HTML, "review-");

/// `GET /review`: the page, which reads its token from the link's fragment (never sent
/// to the server in a URL) and talks to the reviewer routes; in the language of `?lang=`
/// (its language menu), else of `Accept-Language`.
#[utoipa::path(get, path = "/review", tag = "reviewers",
    params(("lang" = Option<String>, Query, description = "The page's language: ar, en, es, fr, ru or zh (else the browser's; an unknown one is passed over)")),
    responses((status = 200, description = "The mobile review page", content_type = "text/html")))]
pub async fn review_page(PageLang(lang): PageLang) -> Response {
    PAGE.response_in(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style_and_script() {
        assert_eq!(PAGE.faults(), Vec::<String>::new());
    }
}
