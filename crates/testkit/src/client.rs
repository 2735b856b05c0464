//! Requests against a `TestApp`, in-process through the router.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;

use crate::TestApp;

#[derive(Debug, Clone)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    /// The value of a cookie this response sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }

    /// The `error.message` of a JSON error.
    pub fn message(&self) -> String {
        self.json()["error"]["message"].as_str().unwrap_or_default().to_owned()
    }
}

/// A signed-in session: the token works as a bearer token and as the page cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub account: Value,
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

impl TestApp {
    pub async fn call(&self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.expect("the router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body").to_vec();
        TestResponse { status, headers, body }
    }

    /// A JSON API call, with a bearer token when given.
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: Option<Value>,
    ) -> TestResponse {
        self.api_lang(method, path, session, body, "zh-CN").await
    }

    pub async fn api_lang(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: Option<Value>,
        lang: &str,
    ) -> TestResponse {
        let mut req = Request::builder().method(method).uri(path).header(header::ACCEPT_LANGUAGE, lang);
        if let Some(s) = session {
            req = req.header(header::AUTHORIZATION, format!("Bearer {}", s.token));
        }
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.call(req.body(body).expect("request")).await
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> TestResponse {
        let mut req = Request::builder().uri(path).header(header::ACCEPT_LANGUAGE, "zh-CN");
        if let Some(s) = session {
            req = req.header(header::COOKIE, format!("wushe_session={}", s.token));
        }
        self.call(req.body(Body::empty()).expect("request")).await
    }

    /// A page form post with the session cookie and its CSRF token.
    pub async fn post_form(&self, path: &str, session: Option<&Session>, fields: &[(&str, &str)]) -> TestResponse {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT_LANGUAGE, "zh-CN");
        if let Some(s) = session {
            req = req.header(header::COOKIE, format!("wushe_session={}", s.token));
            all.push(("_csrf", &s.csrf));
        }
        self.call(req.body(Body::from(form_body(&all))).expect("request")).await
    }

    /// Signs in through the API; panics with the answer if that fails.
    pub async fn login(&self, login: &str, password: &str) -> Session {
        let res = self.try_login(login, password).await;
        assert_eq!(res.status, StatusCode::OK, "login {login}: {}", res.text());
        let v = res.json();
        Session {
            token: v["token"].as_str().expect("token").to_owned(),
            csrf: v["csrf_token"].as_str().expect("csrf").to_owned(),
            account: v["account"].clone(),
        }
    }

    /// Signs in an account made with a first password and changes it, as its person does before
    /// anything else; returns the session, which then may act.
    pub async fn first_login(&self, login: &str, first_password: &str) -> Session {
        let s = self.login(login, first_password).await;
        let body = serde_json::json!({"current_password": first_password, "new_password": "changed-pass-2026"});
        let res = self.api(Method::PUT, "/api/v1/me/password", Some(&s), Some(body)).await;
        assert_eq!(res.status, StatusCode::NO_CONTENT, "first password change of {login}: {}", res.text());
        s
    }

    pub async fn try_login(&self, login: &str, password: &str) -> TestResponse {
        let body = serde_json::json!({ "login": login, "password": password });
        self.api(Method::POST, "/api/v1/session", None, Some(body)).await
    }

    /// A session made directly in the store, skipping the password check: for tests that need
    /// many signed-in actors quickly. The login flow itself has its own tests.
    pub async fn session_for(&self, account: wushe_domain::AccountId) -> Session {
        let token = format!("test-{}", uuid::Uuid::new_v4().simple());
        let csrf = format!("csrf-{}", uuid::Uuid::new_v4().simple());
        let hash = wushe_web::auth::token_hash(&token);
        wushe_store::sessions::create(&self.db, &hash, account, &csrf).await.expect("create session");
        Session { token, csrf, account: Value::Null }
    }

    /// Counts rows of a table: for checking that a refused request wrote nothing.
    pub async fn count(&self, table: &str) -> i64 {
        use sqlx::Row;
        let row =
            sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}")).fetch_one(&self.db.pool).await.expect("count");
        row.try_get("n").expect("n")
    }
}
