//! `spawn_app()`: the applications Router on a store (SQLite in a fresh directory unless
//! another is given), with a clock the test sets, and typed request helpers.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use casebook_core::{ApplicationService, Campaign, FixedClock, Mailer, Store};
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// While the 2024 call is open.
pub const OPEN: &str = "2024-05-01T09:00:00+08:00";
/// The first instant after the 2024 deadline (midnight in Shanghai).
pub const CLOSED: &str = "2024-06-21T00:00:00+08:00";

pub struct TestApp {
    pub router: Router,
    /// The service behind the router, for what no route does (the confirmation sweep).
    pub service: ApplicationService,
    pub clock: Arc<FixedClock>,
    _dir: Option<tempfile::TempDir>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    pub fn error_field(&self) -> &str {
        self.body["error"]["field"].as_str().unwrap_or("")
    }

    pub fn error_message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("")
    }
}

/// A draft as created: its id and the edit token shown once.
#[derive(Clone)]
pub struct Draft {
    pub id: String,
    pub token: String,
}

/// The API on a SQLite store in a fresh directory.
pub fn spawn_app() -> TestApp {
    spawn_app_on(crate::embedded::sqlite_store())
}

/// The API on the store of `fixture`, with the clock at [`OPEN`].
pub fn spawn_app_on(fixture: crate::Fixture<Arc<dyn Store>>) -> TestApp {
    spawn_app_mailing(fixture, None)
}

/// The API on the store of `fixture`, sending confirmations through `mailer`.
pub fn spawn_app_mailing(
    fixture: crate::Fixture<Arc<dyn Store>>,
    mailer: Option<Arc<dyn Mailer>>,
) -> TestApp {
    // Errors the app logs (a 500's cause) show in a failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("warn")
        .try_init();
    let clock = Arc::new(FixedClock::at(
        OPEN.parse::<jiff::Timestamp>().expect("OPEN is RFC 3339"),
    ));
    let mut service = ApplicationService::new(
        &casebook_core::Stores::backed_by(fixture.port),
        clock.clone(),
        Arc::new(Campaign::builtin()),
    );
    if let Some(mailer) = mailer {
        service = service.with_mailer(mailer);
    }
    TestApp {
        router: casebook_applications::standalone(service.clone()),
        service,
        clock,
        _dir: fixture.guard,
    }
}

/// A complete application: two countries, every section under headings, in English.
pub fn complete_application() -> Value {
    let section = |heading: &str, body: &str| format!("{heading}\n{body}");
    json!({
        "practice_name": "Village Links",
        "lead_organization": {"name": "Example Telecom", "country": "China"},
        "partners": [{"name": "Example Networks Kenya", "country": "KEN"}],
        "countries": ["CN", "肯尼亚", "Brazil"],
        "area": "infrastructure",
        "sections": {
            "background": section("Why we started", "Many villages in Kenya had no mobile signal, which cut families off from health services, schools and markets in the nearest towns."),
            "cooperation": section("Who works together", "A Chinese operator and a Kenyan network company share the design, building and running of the sites, and meet every month to plan."),
            "modalities": section("How it is done", "Solar-powered base stations are installed by local technicians who were trained by both partners and paid by the local operator."),
            "benefits": section("What changed", "Forty villages now have affordable Internet access, local shops sell their goods online and pupils follow lessons from the capital.")
        },
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
        "collecting_organization": "Example Industry Association"
    })
}

impl TestApp {
    pub fn set_now(&self, rfc3339: &str) {
        self.clock.set(rfc3339.parse::<jiff::Timestamp>().unwrap());
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        let response = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let html = headers
            .get(http::header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
        let body = if bytes.is_empty() {
            Value::Null
        } else if html {
            // A page (`/apply`): its text, as a JSON string.
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        } else {
            serde_json::from_slice(&bytes).expect("JSON body")
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn request(method: &str, uri: &str, token: Option<&str>) -> http::request::Builder {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        b
    }

    pub async fn create(&self, body: &Value) -> Answer {
        let req = Self::request("POST", "/applications", None)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    pub async fn create_draft(&self, body: &Value) -> Draft {
        let a = self.create(body).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        Draft {
            id: a.body["id"].as_str().unwrap().to_string(),
            token: a.body["edit_token"].as_str().unwrap().to_string(),
        }
    }

    pub async fn read(&self, draft: &Draft) -> Answer {
        let req = Self::request(
            "GET",
            &format!("/applications/{}", draft.id),
            Some(&draft.token),
        )
        .body(Body::empty())
        .unwrap();
        self.send(req).await
    }

    pub async fn patch(&self, draft: &Draft, version: u64, body: &Value) -> Answer {
        let req = Self::request(
            "PATCH",
            &format!("/applications/{}", draft.id),
            Some(&draft.token),
        )
        .header("content-type", "application/json")
        .header("if-match", format!("\"{version}\""))
        .body(Body::from(body.to_string()))
        .unwrap();
        self.send(req).await
    }

    pub async fn submit(&self, draft: &Draft) -> Answer {
        let req = Self::request(
            "POST",
            &format!("/applications/{}/submit", draft.id),
            Some(&draft.token),
        )
        .body(Body::empty())
        .unwrap();
        self.send(req).await
    }

    pub async fn withdraw(&self, draft: &Draft) -> Answer {
        let req = Self::request(
            "POST",
            &format!("/applications/{}/withdraw", draft.id),
            Some(&draft.token),
        )
        .body(Body::empty())
        .unwrap();
        self.send(req).await
    }
}
