//! The organizers' routes of an earlier (or any) year's call, asked for by `?year=`:
//! [`by_year`] sends each such request to the routes made for that year.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;

use crate::{ApiError, security_headers};

/// The years an organizer may ask for (`?year=`), as the campaign files allow.
pub const YEARS: std::ops::RangeInclusive<i16> = 2000..=2200;

/// The organizers' routes of one call's year: a request to `/admin/...` with `?year=Y`
/// is answered by the routes `make(Y)` makes (made at its first request, then kept; `None`
/// when there is no such year here); every other request by `open`, the open call's. A
/// caller `organizer` does not recognise (by the request's headers) is answered by `open`,
/// whose routes refuse them as always: nobody else learns which years there are.
pub fn by_year<F, Fut, A, AFut>(open: Router, make: F, organizer: A) -> Router
where
    F: Fn(i16) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Option<Router>, String>> + Send + 'static,
    A: Fn(axum::http::HeaderMap) -> AFut + Clone + Send + Sync + 'static,
    AFut: std::future::Future<Output = bool> + Send + 'static,
{
    let made = Arc::new(Mutex::new(HashMap::<i16, Router>::new()));
    Router::new().fallback(move |request: axum::extract::Request| {
        let (open, made, make) = (open.clone(), made.clone(), make.clone());
        let organizer = organizer.clone();
        async move {
            use axum::response::IntoResponse;
            use tower::ServiceExt;
            let mut asked = request
                .uri()
                .path()
                .starts_with("/admin/")
                .then(|| year_asked(request.uri().query()))
                .flatten();
            if asked.is_some() && !organizer(request.headers().clone()).await {
                asked = None;
            }
            let (method, uri) = (request.method().clone(), request.uri().clone());
            let router = match asked {
                None => open,
                Some(Err(())) => {
                    return year_refused(&open, method, uri, ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "invalid_year",
                        format!(
                            "year must be a call's year from {} to {}, such as 2025.",
                            YEARS.start(),
                            YEARS.end()
                        ),
                    )
                    .with_field("year"))
                    .await;
                }
                Some(Ok(year)) => match kept_or_made(&made, &make, year).await {
                    Ok(Some(router)) => router,
                    Ok(None) => {
                        let error = ApiError::new(
                            StatusCode::NOT_FOUND,
                            "unknown_year",
                            format!("There is no {year} call here. Leave out year for the open call."),
                        );
                        return year_refused(&open, method, uri, error.with_field("year")).await;
                    }
                    Err(reason) => {
                        tracing::error!(%reason, year, "a year's routes could not be made");
                        let body = serde_json::json!({"error": {"code": "unavailable", "message": "That year's call could not be read. Please try again in a minute."}});
                        return security_headers(
                            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response(),
                        )
                        .await;
                    }
                },
            };
            match router.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        }
    })
}

/// The routes of `year`: those made before, or made now and kept.
async fn kept_or_made<F, Fut>(
    made: &Mutex<HashMap<i16, Router>>,
    make: &F,
    year: i16,
) -> Result<Option<Router>, String>
where
    F: Fn(i16) -> Fut,
    Fut: std::future::Future<Output = Result<Option<Router>, String>>,
{
    if let Some(router) = made.lock().ok().and_then(|m| m.get(&year).cloned()) {
        return Ok(Some(router));
    }
    let router = make(year).await?;
    if let (Some(router), Ok(mut m)) = (&router, made.lock()) {
        m.insert(year, router.clone());
    }
    Ok(router)
}

/// A refused `?year=` as answered: the security headers, and its log line (the routes'
/// own layers never saw it). Unless the open call's routes have no such path or method:
/// then their answer (404, 405 with `Allow`), as for any request. They are asked without
/// credentials, so no route does any work.
async fn year_refused(
    open: &Router,
    method: axum::http::Method,
    uri: axum::http::Uri,
    error: ApiError,
) -> Response {
    use axum::response::IntoResponse;
    use tower::ServiceExt;
    let probe = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .body(axum::body::Body::empty());
    if let Ok(probe) = probe {
        let answer = match open.clone().oneshot(probe).await {
            Ok(answer) => answer,
            Err(never) => match never {},
        };
        if matches!(
            answer.status(),
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
        ) {
            return answer;
        }
    }
    let response = security_headers(error.into_response()).await;
    tracing::info!(
        status = response.status().as_u16(),
        route = "(year refused)",
        "request"
    );
    response
}

/// The `year` of a query string: `None` without one, `Err` when it is not a year.
fn year_asked(query: Option<&str>) -> Option<Result<i16, ()>> {
    let value = query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("year="))?;
    Some(
        value
            .parse::<i16>()
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or(()),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    fn answering(text: &'static str) -> Router {
        Router::new().route(
            "/admin/stats",
            axum::routing::get(move || async move { text }),
        )
    }

    async fn asked(app: &Router, uri: &str) -> (StatusCode, String) {
        asked_by(app, uri, Some("Bearer org")).await
    }

    async fn asked_by(app: &Router, uri: &str, token: Option<&str>) -> (StatusCode, String) {
        let mut request = Request::get(uri);
        if let Some(token) = token {
            request = request.header("authorization", token);
        }
        let answer = app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = answer.status();
        let body = axum::body::to_bytes(answer.into_body(), 10_000)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn an_organizer_route_answers_for_the_year_asked_made_once() {
        let made = Arc::new(AtomicUsize::new(0));
        let counted = made.clone();
        let organizer = |headers: axum::http::HeaderMap| async move {
            headers
                .get("authorization")
                .is_some_and(|v| v == "Bearer org")
        };
        let app = by_year(
            answering("2025"),
            move |year| {
                let made = counted.clone();
                async move {
                    made.fetch_add(1, Ordering::SeqCst);
                    Ok((year == 2024).then(|| answering("2024")))
                }
            },
            organizer,
        );
        assert_eq!(asked(&app, "/admin/stats").await.1, "2025");
        for _ in 0..2 {
            assert_eq!(asked(&app, "/admin/stats?year=2024").await.1, "2024");
        }
        assert_eq!(made.load(Ordering::SeqCst), 1, "made once, then kept");
        let (status, body) = asked(&app, "/admin/stats?year=2023").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("There is no 2023 call here"), "{body}");
        // A path the routes do not have is that, whatever the year.
        let (status, body) = asked(&app, "/admin/nothing?year=2023").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!body.contains("call here"), "{body}");
        for bad in ["abc", "99999", "1999", ""] {
            let (status, body) = asked(&app, &format!("/admin/stats?year={bad}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(body.contains("\"field\":\"year\""), "{body}");
        }
        // Someone who is not an organizer is answered by the open call's routes, which
        // refuse them; they learn nothing of the years.
        for token in [None, Some("Bearer someone")] {
            assert_eq!(
                asked_by(&app, "/admin/stats?year=2023", token).await.1,
                "2025"
            );
        }
        // Only the organizers' routes take a year.
        let app = by_year(
            Router::new().route("/call", axum::routing::get(|| async { "open" })),
            |_| async { Ok(None) },
            organizer,
        );
        assert_eq!(asked(&app, "/call?year=2023").await.1, "open");
    }
}
