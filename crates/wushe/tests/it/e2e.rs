//! End to end: the real server on a real port, in a real headless Chromium driven over WebDriver
//! (chromedriver + fantoccini). PNG screenshots land in `$WUSHE_TEST_ARTIFACTS` (default
//! `<workspace>/artifacts`). Without a browser the tests skip, unless `CI` is set: then they fail.

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
use wushe_domain::ServicePointId;
use wushe_store::{Scope, service_points};
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp};

type BoxError = Box<dyn Error + Send + Sync>;
type TestResult = Result<(), BoxError>;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(10);
/// A village of 万州区's second township: centre staff may open a room there.
const VILLAGE: &str = "500101017001";

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

struct Browser {
    c: Client,
    base: String,
    driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium for the app at `base`; `None` means skip.
    async fn start(base: &str) -> Result<Option<Browser>, BoxError> {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            assert!(std::env::var_os("CI").is_none(), "CI is set, but chromium/chromedriver is not installed");
            eprintln!("skipped: chromium/chromedriver not installed");
            return Ok(None);
        }
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
                let port = line
                    .split("started successfully on port ")
                    .nth(1)
                    .and_then(|p| p.trim_end_matches('.').trim().parse::<u16>().ok());
                if let Some(p) = port {
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
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--window-size=1280,900",
            "--lang=zh-CN",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({ "browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": args, "prefs": { "intl.accept_languages": "zh-CN,zh" },
        }});
        let Value::Object(caps) = caps else { unreachable!("an object literal") };
        let c = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        driver.session = c.session_id().await?;
        Ok(Some(Browser { c, base: base.to_owned(), driver, _profile: profile }))
    }

    /// Ends the browser session cleanly (the guard still kills whatever is left).
    async fn quit(mut self) -> TestResult {
        self.c.clone().close().await?;
        self.driver.session = None;
        Ok(())
    }

    async fn goto(&self, path: &str) -> TestResult {
        Ok(self.c.goto(&format!("{}{path}", self.base)).await?)
    }

    async fn path(&self) -> Result<String, BoxError> {
        Ok(self.c.current_url().await?.path().to_owned())
    }

    /// Waits for an element that only the expected page has.
    async fn wait(&self, css: &str) -> Result<Element, BoxError> {
        match self.c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
            Ok(e) => Ok(e),
            Err(e) => {
                let url = self.c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                Err(format!("waiting for `{css}` on {url}: {e}").into())
            }
        }
    }

    async fn text(&self, css: &str) -> Result<String, BoxError> {
        Ok(self.wait(css).await?.text().await?)
    }

    async fn fill(&self, name: &str, value: &str) -> TestResult {
        let input = self.wait(&format!("input[name='{name}']")).await?;
        input.clear().await?;
        Ok(input.send_keys(value).await?)
    }

    /// Typing into a date input depends on the browser's locale; set its value instead.
    async fn set_value(&self, name: &str, value: &str) -> TestResult {
        let input = self.wait(&format!("input[name='{name}']")).await?;
        self.c.execute("arguments[0].value = arguments[1];", vec![serde_json::to_value(&input)?, json!(value)]).await?;
        Ok(())
    }

    async fn submit(&self) -> TestResult {
        Ok(self.wait("main form button[type='submit']").await?.click().await?)
    }

    async fn sign_in(&self, login: &str, password: &str) -> TestResult {
        self.wait("input[name='login']").await?;
        self.fill("login", login).await?;
        self.fill("password", password).await?;
        self.submit().await
    }

    /// Saves a PNG of the viewport as `e2e-{name}.png` among the test artifacts.
    async fn shot(&self, name: &str) -> TestResult {
        let png = self.c.screenshot().await?;
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot {name} is a PNG");
        let dir = std::env::var_os("WUSHE_TEST_ARTIFACTS")
            .map_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../artifacts")), PathBuf::from);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("e2e-{name}.png")), png)?;
        Ok(())
    }

    /// Whether the document is no wider than the window; otherwise the widest culprits.
    async fn overflow(&self) -> Result<Option<String>, BoxError> {
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

async fn app_with_fixture() -> (TestApp, String) {
    let app = TestApp::spawn(Engine::Sqlite).await;
    fixture::load(&app).await;
    let base = app.serve().await;
    (app, base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_browse_and_add_service_point_desktop() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };

    b.goto("/login").await?;
    assert_eq!(b.text("main h1").await?, "登录", "the login page is Chinese by default");
    assert_eq!(b.text("header a.lang").await?, "English");
    b.shot("login-desktop").await?;
    b.sign_in("wz.center", PASSWORD).await?;

    // Home sends centre staff to their district.
    b.wait("table.coverage").await?;
    assert_eq!(b.path().await?, "/regions/500101");
    assert!(b.text("main h1").await?.contains("万州区"));
    let rows = b.c.find_all(Locator::Css("table.coverage tbody tr")).await?;
    assert!(rows.len() >= 2, "coverage rows for stations and rooms, got {}", rows.len());
    assert!(b.text("table.coverage").await?.contains('%'));
    assert!(b.text("main").await?.contains("万州中心FX"), "the district's centre is listed");
    b.shot("region-desktop").await?;

    // Into a township.
    b.wait("table.children a[href='/regions/500101001']").await?.click().await?;
    b.wait("nav.trail a[href='/regions/500101001']").await?;
    assert_eq!(b.path().await?, "/regions/500101001");
    let h1 = b.text("main h1").await?;
    assert!(h1.contains("高笋塘街道") && h1.contains("500101001"), "township heading: {h1}");
    assert!(b.text("main").await?.contains("高笋塘站FX"), "the township's station is listed");
    assert!(b.c.find(Locator::Css("nav.trail a[href='/regions/500101']")).await.is_ok(), "the trail leads back");

    // A new room in a village.
    let before = app.count("service_points").await;
    b.goto(&format!("/service-points/new?region={VILLAGE}")).await?;
    let region = b.wait("input[name='region']").await?;
    assert_eq!(region.prop("value").await?.as_deref(), Some(VILLAGE), "the region comes prefilled");
    let name = "白岩路社会工作室E2E";
    b.fill("name", name).await?;
    b.fill("address", "重庆市万州区白岩路88号").await?;
    b.fill("contact_name", "李社工").await?;
    b.fill("contact_phone", "13812345678").await?;
    b.set_value("opened_on", "2023-05-01").await?;
    b.submit().await?;

    b.wait("dl.facts").await?;
    let path = b.path().await?;
    let id: ServicePointId = path.strip_prefix("/service-points/").ok_or(format!("landed on {path}"))?.parse()?;
    assert!(b.text("main h1").await?.contains(name));
    let facts = b.text("dl.facts").await?;
    assert!(facts.contains("138****5678"), "the phone shows masked: {facts}");
    assert!(!b.c.source().await?.contains("13812345678"), "the full phone is nowhere in the page");
    assert!(facts.contains("2023-05-01"), "the opening date: {facts}");
    b.shot("point-desktop").await?;

    assert_eq!(app.count("service_points").await, before + 1);
    let p = service_points::get(&app.db, &Scope::all(), id).await?.ok_or("the new point is stored")?;
    assert_eq!(
        (p.name.as_str(), p.region_code.to_string(), p.level.key(), p.contact_phone.as_deref()),
        (name, VILLAGE.to_owned(), "room", Some("13812345678"))
    );
    assert_eq!(p.opened_on.to_string(), "2023-05-01");
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_viewport_login_and_region() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;

    b.goto("/login").await?;
    assert_eq!(b.text("main h1").await?, "登录");
    assert_eq!(b.c.execute("return window.innerWidth", vec![]).await?, json!(390), "a phone-wide viewport");
    b.shot("login-phone").await?;
    let login_overflow = b.overflow().await?;
    b.sign_in("wz.center", PASSWORD).await?;

    b.wait("table.coverage").await?;
    assert_eq!(b.path().await?, "/regions/500101");
    assert!(b.text("main h1").await?.contains("万州区"));
    b.shot("region-phone").await?;
    let region_overflow = b.overflow().await?;

    // Layout check: no page may scroll sideways on a phone (wide tables scroll inside their card).
    assert_eq!(login_overflow, None, "PRODUCT LAYOUT BUG: /login is wider than a 390px phone");
    assert_eq!(region_overflow, None, "PRODUCT LAYOUT BUG: /regions/500101 is wider than a 390px phone");
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_switch_and_bad_input() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };

    b.goto("/login").await?;
    b.sign_in("wz.center", PASSWORD).await?;
    b.wait("table.coverage").await?;
    assert_eq!(b.text("header nav a[href='/service-points']").await?, "服务阵地");

    b.wait("header a.lang").await?.click().await?;
    b.wait("html[lang='en'] table.coverage").await?;
    assert_eq!(b.path().await?, "/regions/500101", "the switch comes back to the same page");
    assert_eq!(b.text("header nav a[href='/service-points']").await?, "Service points");
    assert_eq!(b.text("header a.lang").await?, "中文");

    let before = app.count("service_points").await;
    b.goto(&format!("/service-points/new?region={VILLAGE}")).await?;
    b.fill("name", "坏电话工作室E2E").await?;
    b.fill("address", "重庆市万州区某路1号").await?;
    b.fill("contact_phone", "12345").await?;
    b.set_value("opened_on", "2023-05-01").await?;
    b.submit().await?;

    let error = b.text("main p.error").await?;
    assert!(error.starts_with("Contact phone"), "the error names the field in English: {error}");
    let kept = b.wait("input[name='name']").await?.prop("value").await?;
    assert_eq!(kept.as_deref(), Some("坏电话工作室E2E"), "the form keeps what was typed");
    b.shot("bad-input-desktop").await?;
    assert_eq!(app.count("service_points").await, before, "nothing was written");
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_refused_in_chinese() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };

    b.goto("/login").await?;
    b.sign_in("wz.center", "not-the-password").await?;
    assert_eq!(b.text("main p.error").await?, "用户名或密码错误");
    assert_eq!(b.path().await?, "/login");
    assert_eq!(b.wait("input[name='login']").await?.prop("value").await?.as_deref(), Some("wz.center"));
    b.shot("wrong-password-desktop").await?;

    // Still signed out: a staff page sends the browser back to sign in.
    b.goto("/regions/500101").await?;
    b.wait("input[name='password']").await?;
    assert_eq!(b.path().await?, "/login");
    b.quit().await
}
