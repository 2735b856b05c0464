//! `TestApp::spawn(engine)`: the whole application on a fresh database (a new SQLite file, or a
//! new PostgreSQL database when `WUSHE_TEST_POSTGRES_URL` is set), driven in-process or on a
//! real port, plus a small fixture of real regions, service points and accounts.

pub mod client;
pub mod fixture;
pub mod rng;

use std::sync::OnceLock;

use sqlx::Connection;
use tempfile::TempDir;
use wushe_app::settings::Secret;
use wushe_store::national::{self, NationalUnit};
use wushe_store::{Db, regions};
use wushe_web::{AppState, Settings};

pub use client::{Session, TestResponse};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests may create databases on, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("WUSHE_TEST_POSTGRES_URL").ok().filter(|u| !u.trim().is_empty())
}

/// A fixed key: tests must not depend on a key file.
pub const TEST_DATA_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

pub struct TestApp {
    pub engine: Engine,
    pub db: Db,
    pub state: AppState,
    pub router: axum::Router,
    pub settings: Settings,
    pub dir: TempDir,
    pg: Option<PgDatabase>,
}

struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // Dropping needs async I/O; a short-lived runtime on its own thread keeps Drop synchronous.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async {
                let mut c = sqlx::PgConnection::connect(&url).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut c).await.ok()
            })
        })
        .join();
    }
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let cut = base.rfind('/').filter(|&i| i > base.find("://").map_or(0, |s| s + 2)).unwrap_or(base.len());
    let mut out = format!("{}/{name}", &base[..cut]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The fixture's slice of the national list, read once per test process.
fn fixture_units() -> &'static [NationalUnit] {
    static UNITS: OnceLock<Vec<NationalUnit>> = OnceLock::new();
    UNITS.get_or_init(|| national::units(fixture::REGION_PREFIXES).expect("the embedded division list reads"))
}

impl TestApp {
    /// A migrated database holding the fixture's regions and nothing else.
    pub async fn spawn(engine: Engine) -> TestApp {
        Self::spawn_with(engine, |_| {}).await
    }

    pub async fn spawn_with(engine: Engine, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut settings = Settings {
            bind: "127.0.0.1:0".parse().expect("address"),
            data_dir: dir.path().join("data"),
            data_key: Some(Secret::new(TEST_DATA_KEY)),
            max_connections: 8,
            ..Settings::default()
        };
        let mut pg = None;
        if engine == Engine::Postgres {
            let admin_url = postgres_url().expect("WUSHE_TEST_POSTGRES_URL is set for PostgreSQL tests");
            let name = format!("wushe_t_{}", uuid::Uuid::new_v4().simple());
            let mut c = sqlx::PgConnection::connect(&admin_url).await.expect("connect to the test PostgreSQL server");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await.expect("create test database");
            settings.database_url = Some(Secret::new(with_database(&admin_url, &name)));
            pg = Some(PgDatabase { admin_url, name });
        }
        tweak(&mut settings);
        let db = wushe_app::startup::open_database(&settings).await.expect("open test database");
        regions::insert_national(&db, fixture_units(), |_, _| {}).await.expect("load fixture regions");
        let state = AppState::new(db.clone(), settings.clone());
        let router = wushe_web::app(state.clone());
        TestApp { engine, db, state, router, settings, dir, pg }
    }

    /// Serves the application on a free port of 127.0.0.1 until the test ends; returns its base URL.
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
        let addr = listener.local_addr().expect("local address");
        // As the server does: its deadlines, and the peer's address for the throttles.
        let idle = std::time::Duration::from_secs(self.settings.request_idle_seconds.max(1));
        tokio::spawn(wushe_web::serve::serve(listener, self.router.clone(), idle, std::future::pending()));
        format!("http://{addr}")
    }

    /// Whether this app runs on a throwaway PostgreSQL database.
    pub fn on_postgres(&self) -> bool {
        self.pg.is_some()
    }
}

/// Declares a test that runs once on SQLite and once on PostgreSQL. The PostgreSQL variant is
/// skipped (with a note) only when `WUSHE_TEST_POSTGRES_URL` is unset; CI always sets it.
#[macro_export]
macro_rules! dual_test {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::TestApp::spawn($crate::Engine::Sqlite).await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if $crate::postgres_url().is_none() {
                    eprintln!("skipped: WUSHE_TEST_POSTGRES_URL is not set");
                    return;
                }
                let $app = $crate::TestApp::spawn($crate::Engine::Postgres).await;
                $body
            }
        }
    };
}

/// Runs `f(i)` for `i` in `0..n` on `n` threads of their own, each with its own runtime and so
/// its own connections, released together: real parallel clients of a served app, not requests
/// taking turns on the test's task. Returns the results in `i` order.
pub fn parallel_clients<T, F, Fut>(n: usize, f: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = T>,
{
    let f = std::sync::Arc::new(f);
    let start = std::sync::Arc::new(std::sync::Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let (f, start) = (f.clone(), start.clone());
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                start.wait();
                rt.block_on(f(i))
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().expect("a client thread panicked")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_replaces_the_path() {
        assert_eq!(with_database("postgres://u:p@h:5432/postgres", "x"), "postgres://u:p@h:5432/x");
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
