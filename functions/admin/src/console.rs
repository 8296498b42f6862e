//! The organizers' console: one page, in English and Chinese, that signs in with the
//! organizer's e-mailed link (`/console#token=…`, the token taken out of the address at
//! once and kept for the tab only) and calls the `/admin` routes, nothing else.

use axum::response::Response;
use casebook_http::page::HtmlPage;

pub static CONSOLE: HtmlPage = HtmlPage::new(include_str!("console.html"));

/// `GET /console`: the page. It carries no data: everything it shows comes from the
/// `/admin` routes with the organizer's token.
#[utoipa::path(get, path = "/console", tag = "organizers",
    responses((status = 200, description = "The organizers' console", content_type = "text/html")))]
pub async fn console_page() -> Response {
    CONSOLE.response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_is_one_small_document_under_its_own_policy() {
        assert_eq!(CONSOLE.faults(), Vec::<String>::new());
    }
}
