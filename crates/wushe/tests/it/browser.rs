//! The browser the end-to-end tests drive: the real server on a real port, in a real headless
//! Chromium over WebDriver (chromedriver + fantoccini). PNG screenshots land in
//! `$WUSHE_TEST_ARTIFACTS` (default `<workspace>/artifacts`). Without a browser the tests skip,
//! unless `CI` is set: then they fail.

use std::error::Error;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp};

pub(crate) type BoxError = Box<dyn Error + Send + Sync>;
pub(crate) type TestResult = Result<(), BoxError>;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long to wait for chromedriver and for a page, generous for a loaded two-core machine.
const WAIT: Duration = Duration::from_secs(30);

/// The app on SQLite with the shared fixture loaded, served on a real port; also its base URL.
pub(crate) async fn app_with_fixture() -> (TestApp, String) {
    let app = TestApp::spawn(Engine::Sqlite).await;
    fixture::load(&app).await;
    let base = app.serve().await;
    (app, base)
}

/// chromedriver and the Chromium it starts share a process group; the group dies with the test.
struct Driver {
    child: Child,
    port: u16,
    session: Option<String>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // A failed test never reaches `quit`: ask chromedriver to close the browser first, so that
        // it reaps Chromium's processes (a container's init may not), then kill what is left.
        if let Some(id) = &self.session
            && let Ok(mut s) = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port))
        {
            let _ = s.set_read_timeout(Some(WAIT));
            let _ = write!(s, "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            // chromedriver answers once the browser is gone, but keeps the socket open.
            let _ = s.read(&mut [0; 256]);
        }
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) struct Browser {
    pub(crate) c: Client,
    base: String,
    driver: Driver,
    _profile: tempfile::TempDir,
    /// One browser at a time: two Chromiums beside the other tests on two cores starve each other.
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

fn turns() -> std::sync::Arc<tokio::sync::Mutex<()>> {
    static TURNS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Mutex<()>>> = std::sync::OnceLock::new();
    TURNS.get_or_init(|| std::sync::Arc::new(tokio::sync::Mutex::new(()))).clone()
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium for the app at `base`; `None` means skip.
    pub(crate) async fn start(base: &str) -> Result<Option<Browser>, BoxError> {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            assert!(std::env::var_os("CI").is_none(), "CI is set, but chromium/chromedriver is not installed");
            eprintln!("skipped: chromium/chromedriver not installed");
            return Ok(None);
        }
        let turn = turns().lock_owned().await;
        // Port 0: chromedriver picks a free port itself and says which, so no other process can
        // take it between our choosing and its binding.
        let mut child = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()?;
        let stdout = child.stdout.take().ok_or("chromedriver has no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // "ChromeDriver was started successfully on port 40507."
                let port = line.split("started successfully on port ").nth(1);
                if let Some(p) = port.and_then(|p| p.trim_end_matches('.').trim().parse::<u16>().ok()) {
                    let _ = tx.send(p);
                }
            }
        });
        let mut driver = Driver { child, port: 0, session: None };
        driver.port = rx.recv_timeout(WAIT).map_err(|_| "chromedriver did not say which port it listens on")?;
        let port = driver.port;
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Some(status) = driver.child.try_wait()? {
                return Err(format!("chromedriver exited early: {status}").into());
            }
            if Instant::now() > deadline {
                return Err(format!("chromedriver did not listen on port {port} within {WAIT:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir()?;
        let flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
                     --disable-background-networking --disable-component-update --disable-sync --disable-quic \
                     --no-first-run --window-size=1280,900 --lang=zh-CN";
        let mut args: Vec<String> = flags.split_whitespace().map(str::to_owned).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps = json!({ "browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": args, "prefs": { "intl.accept_languages": "zh-CN,zh" },
        }});
        let Value::Object(caps) = caps else { unreachable!("an object literal") };
        let c = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        driver.session = c.session_id().await?;
        Ok(Some(Browser { c, base: base.to_owned(), driver, _profile: profile, _turn: turn }))
    }

    /// Ends the browser session cleanly (the guard still kills whatever is left).
    pub(crate) async fn quit(mut self) -> TestResult {
        self.c.clone().close().await?;
        self.driver.session = None;
        Ok(())
    }

    pub(crate) async fn goto(&self, path: &str) -> TestResult {
        Ok(self.c.goto(&format!("{}{path}", self.base)).await?)
    }

    pub(crate) async fn path(&self) -> Result<String, BoxError> {
        Ok(self.c.current_url().await?.path().to_owned())
    }

    /// Waits for an element only the expected page has; a failure names the page and its error.
    pub(crate) async fn wait(&self, css: &str) -> Result<Element, BoxError> {
        match self.c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
            Ok(e) => Ok(e),
            Err(e) => {
                let url = self.c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                let shown = match self.c.find(Locator::Css("main .error")).await {
                    Ok(el) => el.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                Err(format!("waiting for `{css}` on {url}: {e}; the page says: {shown:?}").into())
            }
        }
    }

    /// The element's text. An element found on a page that a form's answer then replaced is
    /// stale; it is found again on the new page.
    pub(crate) async fn text(&self, css: &str) -> Result<String, BoxError> {
        for _ in 0..50 {
            match self.wait(css).await?.text().await {
                Err(e) if e.to_string().contains("stale element") => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                done => return Ok(done?),
            }
        }
        Err(format!("`{css}` went stale fifty times").into())
    }

    /// Waits (up to 10 s) until the element's text no longer contains `text`: after a form that
    /// takes something away has posted and the page has reloaded.
    pub(crate) async fn wait_text_gone(&self, css: &str, text: &str) -> TestResult {
        for _ in 0..100 {
            if let Ok(el) = self.c.find(Locator::Css(css)).await
                && el.text().await.is_ok_and(|t| !t.contains(text))
            {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Err(format!("{css} still shows {text}").into())
    }

    pub(crate) async fn click(&self, css: &str) -> TestResult {
        Ok(self.wait(css).await?.click().await?)
    }

    pub(crate) async fn fill(&self, name: &str, value: &str) -> TestResult {
        let input = self.wait(&format!("input[name='{name}']")).await?;
        input.clear().await?;
        Ok(input.send_keys(value).await?)
    }

    /// Typing into a date input depends on the browser's locale; set its value instead.
    pub(crate) async fn set_value(&self, name: &str, value: &str) -> TestResult {
        let input = self.wait(&format!("input[name='{name}']")).await?;
        self.c.execute("arguments[0].value = arguments[1];", vec![serde_json::to_value(&input)?, json!(value)]).await?;
        Ok(())
    }

    /// Waits (up to 10 s) until the element's text contains `text`: after a form posts and the
    /// page reloads, so that the next step does not act on the old page.
    pub(crate) async fn wait_text(&self, css: &str, text: &str) -> TestResult {
        for _ in 0..200 {
            if let Ok(el) = self.c.find(Locator::Css(css)).await
                && el.text().await.is_ok_and(|t| t.contains(text))
            {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let shown = match self.c.find(Locator::Css("main")).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        Err(format!("{css} never showed {text}; the page says: {shown:?}").into())
    }

    /// Picks the option with this value in a select.
    pub(crate) async fn choose(&self, name: &str, value: &str) -> TestResult {
        let select = self.wait(&format!("select[name='{name}']")).await?;
        self.c
            .execute("arguments[0].value = arguments[1];", vec![serde_json::to_value(&select)?, json!(value)])
            .await?;
        Ok(())
    }

    pub(crate) async fn submit(&self) -> TestResult {
        self.click("main form button[type='submit']").await
    }

    /// Fills and submits the login form of the current page, whatever the outcome.
    pub(crate) async fn log_in(&self, login: &str, password: &str) -> TestResult {
        self.wait("input[name='login']").await?;
        self.fill("login", login).await?;
        self.fill("password", password).await?;
        self.submit().await
    }

    /// Opens /login, signs in with the fixture's password and waits to be signed in.
    pub(crate) async fn sign_in(&self, login: &str) -> TestResult {
        self.goto("/login").await?;
        self.log_in(login, PASSWORD).await?;
        self.wait("header a.me").await.map(drop)
    }

    /// The cells' texts of each row of a table's body.
    pub(crate) async fn rows(&self, css: &str) -> Result<Vec<Vec<String>>, BoxError> {
        let mut out = Vec::new();
        for tr in self.c.find_all(Locator::Css(&format!("{css} tbody tr"))).await? {
            let mut cells = Vec::new();
            for td in tr.find_all(Locator::Css("td")).await? {
                cells.push(td.text().await?);
            }
            out.push(cells);
        }
        Ok(out)
    }

    /// Saves a PNG of the viewport as `e2e-{name}.png` among the test artifacts.
    pub(crate) async fn shot(&self, name: &str) -> TestResult {
        let png = self.c.screenshot().await?;
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot {name} is a PNG");
        let dir = std::env::var_os("WUSHE_TEST_ARTIFACTS")
            .map_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../artifacts")), PathBuf::from);
        std::fs::create_dir_all(&dir)?;
        Ok(std::fs::write(dir.join(format!("e2e-{name}.png")), png)?)
    }

    /// `None` when the document is no wider than the window; otherwise the widest culprits.
    pub(crate) async fn overflow(&self) -> Result<Option<String>, BoxError> {
        let fits = self.c.execute("return document.documentElement.scrollWidth <= window.innerWidth + 1", vec![]);
        if fits.await? == json!(true) {
            return Ok(None);
        }
        let culprits = self.c.execute(OVERFLOW_CULPRITS, vec![]).await?;
        Ok(Some(culprits.to_string()))
    }
}

/// Elements sticking out past the window's right edge whose overflow no ancestor clips.
const OVERFLOW_CULPRITS: &str = r#"
const w = window.innerWidth, out = [];
const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {
  if (p === document.body || p === document.documentElement) return false;
  if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right > w + 1 && !clipped(e) && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1))
    out.push(`${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''} right=${Math.round(r.right)} `
      + `"${(e.textContent || '').trim().slice(0, 30)}"`);
}
return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, culprits: out };
"#;
