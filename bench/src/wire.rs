//! What casebook asks of AWS, seen on the wire: a recording pass-through in front of the
//! local AWS-compatible server. The functions under measurement are given its address as
//! `AWS_ENDPOINT_URL`; it forwards every request unchanged and keeps, per request, the
//! service, the operation and (for DynamoDB) both bodies, from which `capacity` works out
//! the units DynamoDB would bill.

use std::sync::{Arc, Mutex};

use anyhow::Context;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// The services casebook calls, as priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    DynamoDb,
    S3,
    Ses,
    SecretsManager,
    Other,
}

/// One request casebook made.
#[derive(Debug, Clone)]
pub struct Call {
    pub service: Service,
    /// `PutItem`, `PutObject`, `SendRawEmail`, …
    pub operation: String,
    pub status: u16,
    /// The bodies, kept for DynamoDB only (its units depend on the items).
    pub request: Bytes,
    pub response: Bytes,
}

#[derive(Clone)]
struct Shared {
    upstream: String,
    client: reqwest::Client,
    calls: Arc<Mutex<Vec<Call>>>,
}

/// A running recorder on a free loopback port.
pub struct Wire {
    pub url: String,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl Wire {
    /// Starts a recorder forwarding to `upstream` (the local AWS-compatible server).
    pub async fn start(upstream: &str) -> anyhow::Result<Wire> {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            upstream: upstream.trim_end_matches('/').to_string(),
            client: reqwest::Client::new(),
            calls: calls.clone(),
        };
        let app = Router::new()
            .fallback(forward)
            .layer(DefaultBodyLimit::disable())
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Wire { url, calls })
    }

    /// The calls recorded since the last take, in the order they were answered.
    pub fn take(&self) -> Vec<Call> {
        std::mem::take(&mut *self.calls.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

async fn forward(State(shared): State<Shared>, request: Request) -> Response {
    match relay(&shared, request).await {
        Ok(response) => response,
        Err(e) => {
            let mut response = Response::new(Body::from(format!("recorder: {e:#}")));
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            response
        }
    }
}

async fn relay(shared: &Shared, request: Request) -> anyhow::Result<Response> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await?;
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let (service, operation) = classify(&parts.method, parts.uri.query(), &parts.headers, &body);
    let mut upstream = shared
        .client
        .request(parts.method.clone(), format!("{}{path}", shared.upstream));
    for (name, value) in &parts.headers {
        // reqwest sets these from the URL and the body it sends.
        if !matches!(
            name.as_str(),
            "host" | "content-length" | "transfer-encoding"
        ) {
            upstream = upstream.header(name, value);
        }
    }
    let answer = upstream
        .body(body.clone())
        .send()
        .await
        .context("the local AWS-compatible server")?;
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await?;
    let keep = service == Service::DynamoDb;
    shared
        .calls
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(Call {
            service,
            operation,
            status: status.as_u16(),
            request: if keep { body } else { Bytes::new() },
            response: if keep { bytes.clone() } else { Bytes::new() },
        });
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    // Content-Length is kept as sent: a HEAD's names the object's size, not its empty body.
    for (name, value) in &headers {
        if name.as_str() != "transfer-encoding" {
            response.headers_mut().append(name, value.clone());
        }
    }
    Ok(response)
}

/// The service and operation of a request, from what the SDK puts on the wire: the JSON
/// protocols name it in `x-amz-target`, SES's query protocol in the form's `Action`, and
/// S3 by the method and path (path-style addressing, as on a custom endpoint).
fn classify(
    method: &axum::http::Method,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> (Service, String) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    if let Some((prefix, op)) = header("x-amz-target").split_once('.') {
        let service = match prefix {
            p if p.starts_with("DynamoDB") => Service::DynamoDb,
            "secretsmanager" => Service::SecretsManager,
            _ => Service::Other,
        };
        return (service, op.to_string());
    }
    let scope = format!(
        "{} {}",
        header("authorization"),
        query.unwrap_or("").replace("%2F", "/")
    );
    if scope.contains("/ses/aws4_request") || scope.contains("/email/aws4_request") {
        let action = std::str::from_utf8(body)
            .unwrap_or("")
            .split('&')
            .find_map(|pair| pair.strip_prefix("Action="))
            .unwrap_or("?");
        return (Service::Ses, action.to_string());
    }
    if scope.contains("/s3/aws4_request") {
        let query = query.unwrap_or("");
        let op = match method.as_str() {
            "PUT" if headers.contains_key("x-amz-copy-source") => "CopyObject",
            "PUT" => "PutObject",
            "GET" if query.contains("list-type") => "ListObjectsV2",
            "GET" => "GetObject",
            "HEAD" => "HeadObject",
            "DELETE" => "DeleteObject",
            "POST" if query.contains("delete") => "DeleteObjects",
            "POST" => "PostObject",
            other => other,
        };
        return (Service::S3, op.to_string());
    }
    (Service::Other, format!("{method} {}", header("host")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Method};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn each_service_is_told_apart_by_what_its_protocol_puts_on_the_wire() {
        let signed = |service: &str| {
            format!(
                "AWS4-HMAC-SHA256 Credential=AKID/20240619/eu-west-1/{service}/aws4_request, SignedHeaders=host, Signature=00"
            )
        };
        let ddb = headers(&[("x-amz-target", "DynamoDB_20120810.TransactWriteItems")]);
        assert_eq!(
            classify(&Method::POST, None, &ddb, b"{}"),
            (Service::DynamoDb, "TransactWriteItems".into())
        );
        let secrets = headers(&[("x-amz-target", "secretsmanager.GetSecretValue")]);
        assert_eq!(
            classify(&Method::POST, None, &secrets, b"{}").0,
            Service::SecretsManager
        );
        let ses = headers(&[("authorization", &signed("ses"))]);
        assert_eq!(
            classify(
                &Method::POST,
                None,
                &ses,
                b"Action=SendRawEmail&Version=2010-12-01"
            ),
            (Service::Ses, "SendRawEmail".into())
        );
        let s3 = headers(&[("authorization", &signed("s3"))]);
        assert_eq!(
            classify(&Method::HEAD, None, &s3, b"").1,
            "HeadObject".to_string()
        );
        let copy = headers(&[
            ("authorization", &signed("s3")),
            ("x-amz-copy-source", "b/k"),
        ]);
        assert_eq!(classify(&Method::PUT, None, &copy, b"").1, "CopyObject");
        // A presigned upload carries its credential in the query.
        let presigned = "X-Amz-Credential=AKID%2F20240619%2Feu-west-1%2Fs3%2Faws4_request";
        assert_eq!(
            classify(&Method::PUT, Some(presigned), &HeaderMap::new(), b"%PDF"),
            (Service::S3, "PutObject".into())
        );
    }
}
