//! One typed client for the HTTP API of a running `casebook serve`, shared by the cli
//! suites: each call says what it does, and every answer is read the same way.

use reqwest::{Client, Method};
use serde_json::{Value, json};

use super::Served;

/// A draft as its creator holds it.
#[derive(Clone)]
pub struct Draft {
    pub id: String,
    pub token: String,
}

/// An answer: its status, its `ETag` and its JSON body (`null` when there is none).
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub body: Value,
}

impl Answer {
    pub fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

pub struct Api {
    client: Client,
    base: String,
    /// The `Accept-Language` every request sends, when one is chosen.
    language: Option<&'static str>,
}

impl Api {
    pub fn new(served: &Served) -> Api {
        Api::at(&served.base)
    }

    /// A client of the server at `base` (from a task that does not hold the server).
    pub fn at(base: &str) -> Api {
        Api {
            client: Client::new(),
            base: base.to_string(),
            language: None,
        }
    }

    /// The same client, as someone whose browser asks for `language` ("zh", "fr").
    pub fn speaking(&self, language: &'static str) -> Api {
        Api {
            client: self.client.clone(),
            base: self.base.clone(),
            language: Some(language),
        }
    }

    async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let etag = response
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.json().await.unwrap_or(Value::Null);
        Answer { status, etag, body }
    }

    /// `method path` with an optional bearer token and JSON body.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(language) = self.language {
            request = request.header("accept-language", language);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        Api::answer(request.send().await.expect("casebook answers")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None, None).await
    }

    /// `POST /applications`, expecting 201.
    pub async fn create_draft(&self, body: &Value) -> Draft {
        let a = self
            .send(Method::POST, "/applications", None, Some(body))
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        Draft {
            id: a.body["id"].as_str().unwrap().into(),
            token: a.body["edit_token"].as_str().unwrap().into(),
        }
    }

    /// `method /applications/{id}{path}` with the draft's token.
    pub async fn call(&self, method: Method, d: &Draft, path: &str) -> Answer {
        let path = format!("/applications/{}{path}", d.id);
        self.send(method, &path, Some(&d.token), None).await
    }

    pub async fn read(&self, d: &Draft) -> Answer {
        self.call(Method::GET, d, "").await
    }

    pub async fn patch(&self, d: &Draft, version: u64, body: &Value) -> Answer {
        let response = self
            .client
            .patch(format!("{}/applications/{}", self.base, d.id))
            .bearer_auth(&d.token)
            .header("if-match", format!("\"{version}\""))
            .header("accept-language", self.language.unwrap_or("en"))
            .json(body)
            .send()
            .await
            .expect("casebook answers");
        Api::answer(response).await
    }

    pub async fn submit(&self, d: &Draft) -> Answer {
        self.call(Method::POST, d, "/submit").await
    }

    /// `POST /link {"code"}`: the draft a code opens, with a new token.
    pub async fn redeem(&self, code: &Value) -> Answer {
        let body = json!({ "code": code });
        self.send(Method::POST, "/link", None, Some(&body)).await
    }

    /// Asks to upload a file: the attachment and its grant.
    pub async fn grant(&self, d: &Draft, filename: &str, content_type: &str, size: u64) -> Answer {
        let path = format!("/applications/{}/attachments", d.id);
        let body = json!({"filename": filename, "content_type": content_type, "size": size});
        self.send(Method::POST, &path, Some(&d.token), Some(&body))
            .await
    }

    /// Uploads as every client does: the grant's method, URL and headers.
    pub async fn upload(&self, grant: &Value, bytes: Vec<u8>) -> (u16, String) {
        let upload = &grant["upload"];
        let url = upload["url"].as_str().unwrap();
        let r = match upload["method"].as_str().unwrap() {
            "PUT" => {
                let mut req = self.client.put(url).body(bytes);
                for (k, v) in upload["headers"].as_object().unwrap() {
                    req = req.header(k.as_str(), v.as_str().unwrap());
                }
                req.send().await.unwrap()
            }
            other => panic!("unexpected method {other}"),
        };
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The raw client, for what the API's own calls do not cover (a download link).
    pub fn client(&self) -> &Client {
        &self.client
    }
}
