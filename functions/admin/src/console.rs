//! The organizers' console: one page, in the six languages, that signs in with the
//! organizer's e-mailed link (`/console#token=…`, the token taken out of the address at
//! once and kept for the tab only) and calls the `/admin` routes, nothing else.

use axum::response::Response;
use casebook_http::extract::PageLang;
use casebook_http::page::HtmlPage;

/// Its words are the resource files' `console-` messages, in the language asked for.
pub static CONSOLE: HtmlPage = HtmlPage::with_texts(include_str!("console.html"), "console-");

/// `GET /console`: the page. It carries no data: everything it shows comes from the
/// `/admin` routes with the organizer's token.
#[utoipa::path(get, path = "/console", tag = "organizers",
    params(("lang" = Option<String>, Query, description = "The console's language: ar, en, es, fr, ru or zh (else the browser's; an unknown one is passed over)")),
    responses((status = 200, description = "The organizers' console", content_type = "text/html")))]
pub async fn console_page(PageLang(lang): PageLang) -> Response {
    CONSOLE.response_in(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_is_one_small_document_under_its_own_policy() {
        assert_eq!(CONSOLE.faults(), Vec::<String>::new());
    }
}
