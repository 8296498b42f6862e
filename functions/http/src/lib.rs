//! What every HTTP function shares: [`ApiError`] and its one mapping from the domain's
//! errors (handlers use `?`), the caller's language taken once per request
//! ([`in_the_callers_language`]), extractors that answer bad input in that language,
//! the typed path ids, and the views of applications and attachments.

mod error;
pub mod extract;
pub mod openapi;
pub mod page;
pub mod view;
mod years;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use casebook_core::Campaign;
use casebook_core::lang::t;

use crate::extract::RequestLang;

pub use error::{ApiError, ErrorBody, ErrorEnvelope, in_the_callers_language};
pub use openapi::Routes;
pub use years::{YEARS, by_year};

/// The largest request body accepted, far above a complete application.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The layers every router of casebook wears, outermost last: errors in the caller's
/// language, then the security headers, then one log line per request from `function`.
pub fn with_common_layers(
    router: Router,
    campaign: Arc<Campaign>,
    function: &'static str,
) -> Router {
    router
        .layer(axum::middleware::from_fn_with_state(
            campaign,
            in_the_callers_language,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::from_fn_with_state(function, log_request))
}

/// One line per request a log search can filter on: the function, the method, the route
/// as declared (`/applications/{id}`: never the path itself, which can hold an upload
/// link's token), the status and the latency. No header, query or body: no token, no
/// address, no message text. A 5xx is an error line, so it stands out and alarms can
/// count it. On Lambda the line is JSON with the invocation's request id (its span).
pub async fn log_request(
    axum::extract::State(function): axum::extract::State<&'static str>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "(no route)".to_string(), |p| p.as_str().to_string());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    // Tenths of a millisecond: enough to see a slow store, short to read.
    let latency_ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
    casebook_core::metric::record("Latency", latency_ms, "Milliseconds", None);
    if status >= 500 {
        tracing::error!(function, %method, route, status, latency_ms, "request");
    } else {
        tracing::info!(function, %method, route, status, latency_ms, "request");
    }
    response
}

/// A function's routes as its Lambda serves them: their OpenAPI document at
/// `/openapi.json`, JSON answers for unknown paths, and the common layers, once.
/// (`casebook serve` merges the bare routes and adds all this once too.)
///
/// `served` are the routes of `operations!`'s `served()` (with their state), and
/// `document` the function's `openapi()`, called at the first `GET /openapi.json` only.
pub fn standalone<F>(
    served: Router,
    document: F,
    campaign: Arc<Campaign>,
    function: &'static str,
) -> Router
where
    F: Fn() -> utoipa::openapi::OpenApi + Clone + Send + Sync + 'static,
{
    let routes = openapi::serve_document(bare(served), document, Some(campaign.clone()));
    with_common_layers(routes.fallback(not_found), campaign, function)
        .layer(axum::middleware::map_response(downloads_as_bytes))
}

/// Routes made at the first request, not at the start: a Lambda function reads which
/// call is open there (a request to the store, which would otherwise lengthen every cold
/// start), so its start stays quick and the read warms the connection the first request
/// uses anyway. Made once; a failed making answers 503 and the next request tries again.
pub fn on_first_request<F, Fut>(make: F) -> Router
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Router, String>> + Send + 'static,
{
    let made = Arc::new(tokio::sync::OnceCell::<Router>::new());
    Router::new().fallback(move |request: axum::extract::Request| {
        let (made, make) = (made.clone(), make.clone());
        async move {
            match made.get_or_try_init(make).await {
                Ok(router) => {
                    use tower::ServiceExt;
                    match router.clone().oneshot(request).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    }
                }
                Err(reason) => {
                    tracing::error!(%reason, "the function could not start serving");
                    let body = serde_json::json!({"error": {"code": "unavailable", "message": "The service is starting and could not read its settings. Please try again in a minute."}});
                    use axum::response::IntoResponse;
                    (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response()
                }
            }
        }
    })
}

/// A text file to download (`text/csv` with `Content-Disposition: attachment`) keeps its
/// bytes through Lambda: lambda_http decodes any `text/*` body as text, which drops the
/// byte-order mark Excel needs. Media types ignore case, so `Text/csv` is the same type
/// to every client, and lambda_http sends it as bytes. (`casebook serve` sends it as
/// written.)
async fn downloads_as_bytes(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let attachment = headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("attachment"));
    let text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("text/"))
        .map(str::to_string);
    if let (true, Some(rest)) = (attachment, text)
        && let Ok(value) = HeaderValue::from_str(&format!("Text/{rest}"))
    {
        headers.insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The Router of `routes` (a known path asked with another method answers the JSON
/// 405) and their part of the OpenAPI document.
pub fn split(routes: Routes) -> (Router, utoipa::openapi::OpenApi) {
    let (router, api) = routes.split_for_parts();
    (bare(router), api)
}

/// `served` with the JSON 405 for a known path asked with another method.
pub fn bare(served: Router) -> Router {
    served.method_not_allowed_fallback(method_not_allowed)
}

/// Headers on every answer: browsers never guess a type (`nosniff`), and nothing is
/// cached (`no-store`): answers carry edit tokens, download links and personal data.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// JSON answers for unknown paths, so every error has the same shape.
pub async fn not_found(RequestLang(lang): RequestLang) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        t!(lang, API_NOTHING_HERE),
    )
}

/// JSON answers for a known path asked with a method it does not take.
pub async fn method_not_allowed(RequestLang(lang): RequestLang) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        t!(lang, API_METHOD_NOT_ALLOWED),
    )
}

/// `response` with the version as its `ETag`.
pub fn with_etag(mut response: Response, version: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

#[cfg(test)]
mod first_request_tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn routes_are_made_once_at_the_first_request_and_a_failed_making_is_tried_again() {
        let tries = Arc::new(AtomicUsize::new(0));
        let counted = tries.clone();
        let app = on_first_request(move || {
            let tries = counted.clone();
            async move {
                // The store does not answer the first time.
                if tries.fetch_add(1, Ordering::SeqCst) == 0 {
                    return Err("the store did not answer".to_string());
                }
                Ok(Router::new().route("/call", axum::routing::get(|| async { "2025" })))
            }
        });
        assert_eq!(
            tries.load(Ordering::SeqCst),
            0,
            "nothing is made at the start"
        );
        let get = || Request::get("/call").body(Body::empty()).unwrap();
        let first = app.clone().oneshot(get()).await.unwrap();
        assert_eq!(first.status(), StatusCode::SERVICE_UNAVAILABLE);
        for _ in 0..3 {
            let answer = app.clone().oneshot(get()).await.unwrap();
            assert_eq!(answer.status(), StatusCode::OK);
            let body = axum::body::to_bytes(answer.into_body(), 100).await.unwrap();
            assert_eq!(&body[..], b"2025");
        }
        assert_eq!(tries.load(Ordering::SeqCst), 2, "made once it worked");
    }
}
