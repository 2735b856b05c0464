//! The real `wushe serve` on a test app's database and data folder, its log at the most verbose
//! level written to a file, driven over HTTP like any client.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wushe_testkit::TestApp;

pub(crate) struct Served {
    child: Option<Child>,
    pub base: String,
    pub log: PathBuf,
}

impl Served {
    /// Starts the server with `WUSHE_LOG=trace` and waits until it answers.
    pub async fn start(app: &TestApp, log: &Path) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let file = std::fs::File::create(log).expect("log file");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wushe"));
        cmd.args(["--data-dir", &app.settings.data_dir.to_string_lossy()]);
        if let Some(url) = &app.settings.database_url {
            cmd.args(["--database-url", url.expose()]);
        }
        let key = app.settings.data_key.as_ref().map(|k| k.expose().to_owned()).unwrap_or_default();
        let child = cmd
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env_remove("WUSHE_DATABASE_URL")
            .env("WUSHE_DATA_KEY", key)
            .env("WUSHE_LOG", "trace")
            .env("NO_COLOR", "1")
            .stdout(Stdio::from(file.try_clone().expect("log file")))
            .stderr(Stdio::from(file))
            .spawn()
            .expect("start wushe serve");
        let served = Served { child: Some(child), base: format!("http://127.0.0.1:{port}"), log: log.to_owned() };
        let started = Instant::now();
        loop {
            if let Ok(res) = reqwest::get(format!("{}/healthz", served.base)).await
                && res.status().is_success()
            {
                break;
            }
            let log = std::fs::read_to_string(log).unwrap_or_default();
            assert!(started.elapsed() < Duration::from_secs(120), "the server did not start: {log}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        served
    }

    /// Stops the server as an operator does (Ctrl-C), so that it anchors its chains and ends.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        let pid = child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server did not stop on Ctrl-C");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One answer kept for the scan: what was asked, what came back, and the markers the request
/// itself carried (a form shown again with what its sender typed is not a leak to anyone else).
pub(crate) struct Answer {
    pub label: String,
    pub status: u16,
    pub body: Vec<u8>,
    pub sent: String,
    /// A reveal, or a copy of a person's data made for them: the answers allowed to show a
    /// number in full (both need the manage permission and a reason, and are audited).
    pub permitted: bool,
}

/// A client of the served app that keeps every answer.
pub(crate) struct Client {
    http: reqwest::Client,
    pub base: String,
    pub answers: Vec<Answer>,
}

#[derive(Clone)]
pub(crate) struct Signed {
    pub token: String,
    pub csrf: String,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        Client { http, base: base.to_owned(), answers: Vec::new() }
    }

    async fn keep(&mut self, label: String, sent: String, permitted: bool, req: reqwest::RequestBuilder) -> Answer {
        let res = req.send().await.unwrap_or_else(|e| panic!("{label}: {e}"));
        let status = res.status().as_u16();
        let body = res.bytes().await.expect("body").to_vec();
        assert!(status != 500, "{label}: {status} {}", String::from_utf8_lossy(&body));
        let answer = Answer { label: label.clone(), status, body: body.clone(), sent: sent.clone(), permitted };
        self.answers.push(answer);
        Answer { label, status, body, sent, permitted }
    }

    /// A JSON call; `permitted` marks a reveal.
    pub async fn api(&mut self, method: &str, path: &str, s: Option<&Signed>, body: Option<Value>) -> Value {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.http.request(m, format!("{}{path}", self.base)).header("accept-language", "zh-CN");
        if let Some(s) = s {
            req = req.bearer_auth(&s.token);
        }
        let sent = format!("{path} {}", body.as_ref().map(Value::to_string).unwrap_or_default());
        if let Some(b) = &body {
            req = req.json(b);
        }
        let permitted = path.ends_with("/reveal") || path.ends_with("/personal-data");
        let a = self.keep(format!("{method} {path}"), sent, permitted, req).await;
        serde_json::from_slice(&a.body).unwrap_or(Value::Null)
    }

    pub async fn get(&mut self, path: &str, s: Option<&Signed>) -> Answer {
        let mut req = self.http.get(format!("{}{path}", self.base)).header("accept-language", "zh-CN");
        if let Some(s) = s {
            req = req.header("cookie", format!("wushe_session={}", s.token));
        }
        self.keep(format!("GET {path}"), path.to_owned(), false, req).await
    }

    /// A page form, with the session's CSRF token (or a pre-sign-in one).
    pub async fn form(&mut self, path: &str, s: Option<&Signed>, fields: &[(&str, &str)]) -> Answer {
        let (cookie, token) = match s {
            Some(s) => (format!("wushe_session={}", s.token), s.csrf.clone()),
            None => ("wushe_csrf=leakage-form-token".to_owned(), "leakage-form-token".to_owned()),
        };
        let mut all = fields.to_vec();
        all.push(("_csrf", &token));
        let body = wushe_testkit::client::form_body(&all);
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("accept-language", "zh-CN")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(body.clone());
        let permitted = path.ends_with("/reveal") || path.ends_with("/personal-data");
        self.keep(format!("POST {path}"), format!("{path} {fields:?}"), permitted, req).await
    }

    /// A file sent to an API import as it is.
    pub async fn upload_api(&mut self, path: &str, s: &Signed, bytes: Vec<u8>) -> Answer {
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&s.token)
            .header("content-type", "application/octet-stream")
            .body(bytes);
        // What a spreadsheet held is not what the request "typed": the report must mask it.
        self.keep(format!("POST {path}"), String::new(), false, req).await
    }

    /// A file sent through a page's upload form (multipart, the token in the action URL).
    pub async fn upload_page(&mut self, path: &str, s: &Signed, name: &str, bytes: Vec<u8>) -> Answer {
        let boundary = "leakage-boundary-7f3a";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
        let req = self
            .http
            .post(format!("{}{path}?_csrf={}", self.base, s.csrf))
            .header("cookie", format!("wushe_session={}", s.token))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body);
        self.keep(format!("POST {path} (upload)"), String::new(), false, req).await
    }

    pub async fn sign_in(&mut self, login: &str, password: &str) -> Signed {
        let v = self.api("POST", "/api/v1/session", None, Some(json!({"login": login, "password": password}))).await;
        Signed {
            token: v["token"].as_str().unwrap_or_else(|| panic!("sign in {login}: {v}")).to_owned(),
            csrf: v["csrf_token"].as_str().expect("csrf").to_owned(),
        }
    }
}
