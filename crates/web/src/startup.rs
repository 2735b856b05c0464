//! Opening the database and serving. Every failure here is one sentence for the operator.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::middleware;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use wushe_store::{Crypto, Db, StoreError};

use crate::settings::Settings;
use crate::state::AppState;
use crate::{auth, csrf, error, routes};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("the data key is not valid: it must be 64 hex digits or base64 of 32 bytes")]
    BadKey,
    #[error("cannot read or write the data key file {path}: {source}")]
    KeyFile { path: String, source: std::io::Error },
    #[error("cannot open the database at {url}: {cause}")]
    Connect { url: String, cause: String },
    #[error("the database at {url} cannot be migrated (is the data folder corrupt?): {cause}")]
    Migrate { url: String, cause: String },
    #[error("cannot listen on {addr}: {source} (is another program using the port?)")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// Strips a password from a URL before it is shown anywhere.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// The key that seals personal numbers: from the settings, else from `data_dir/data.key`,
/// which is created (readable by the owner only) on first start.
pub fn data_key(settings: &Settings) -> Result<Crypto, StartError> {
    if let Some(k) = &settings.data_key {
        return Crypto::from_text(k.expose()).ok_or(StartError::BadKey);
    }
    let path = settings.data_dir.join("data.key");
    let key_err = |source| StartError::KeyFile { path: path.display().to_string(), source };
    if !path.exists() {
        ensure_dir(&settings.data_dir)?;
        let text = Crypto::generate_key_text().map_err(|e| key_err(std::io::Error::other(e.to_string())))?;
        write_private(&path, &text).map_err(key_err)?;
    }
    let text = std::fs::read_to_string(&path).map_err(key_err)?;
    Crypto::from_text(&text).ok_or(StartError::BadKey)
}

/// Writes a new file readable by its owner only; an existing file is an error, never overwritten.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(text.as_bytes())
}

fn ensure_dir(dir: &Path) -> Result<(), StartError> {
    std::fs::create_dir_all(dir).map_err(|source| StartError::DataDir { path: dir.display().to_string(), source })
}

/// Connects and brings the schema up to date.
pub async fn open_database(settings: &Settings) -> Result<Db, StartError> {
    let url = settings.effective_database_url();
    if settings.database_url.is_none() {
        ensure_dir(&settings.data_dir)?;
    }
    let crypto = data_key(settings)?;
    let shown = redact_url(&url);
    let db = Db::connect(&url, settings.max_connections, crypto)
        .await
        .map_err(|e| StartError::Connect { url: shown.clone(), cause: cause(&e) })?;
    db.migrate().await.map_err(|e| StartError::Migrate { url: shown, cause: cause(&e) })?;
    Ok(db)
}

fn cause(e: &StoreError) -> String {
    let mut s = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(c) = cur {
        let next = c.to_string();
        if !s.contains(&next) {
            s.push_str(": ");
            s.push_str(&next);
        }
        cur = c.source();
    }
    s
}

/// The whole HTTP application for a database.
pub fn app(state: AppState) -> axum::Router {
    let security = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
        ),
    ];
    let mut router = routes::router()
        .layer(middleware::from_fn(csrf::protect))
        .layer(middleware::from_fn_with_state(state.clone(), auth::context))
        .layer(middleware::from_fn(error::render))
        .layer(axum::extract::DefaultBodyLimit::max(1024 * 1024))
        .layer(TraceLayer::new_for_http());
    for (name, value) in security {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    router.with_state(state)
}

/// A bound, ready server. `build` binds (port 0 picks a free port) so callers learn the address
/// before serving; `run_until_stopped` serves until the future completes.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    state: AppState,
}

impl Application {
    pub async fn build(settings: Settings, db: Db) -> Result<Application, StartError> {
        let listener = TcpListener::bind(settings.bind)
            .await
            .map_err(|source| StartError::Bind { addr: settings.bind, source })?;
        let state = AppState::new(db, settings);
        Ok(Application { router: app(state.clone()), listener, state })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| self.state.settings.bind)
    }

    pub async fn run_until_stopped(self, stop: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let db = self.state.db.clone();
        let idle = self.state.settings.session_idle_ms();
        let sweeper = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(300));
            loop {
                tick.tick().await;
                if let Err(e) = wushe_store::sessions::purge_idle(&db, idle).await {
                    tracing::warn!(error.cause = %e, "purging idle sessions failed: {e}");
                }
            }
        });
        let escalator = tokio::spawn(escalation_loop(self.state.clone()));
        let matcher = tokio::spawn(matching_loop(self.state.clone()));
        // The peer address feeds the public forms' throttle.
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service).with_graceful_shutdown(stop).await;
        sweeper.abort();
        escalator.abort();
        matcher.abort();
        served
    }
}

/// Escalates overdue needs and sends waiting notifications, on a schedule, for as long as the
/// server runs. Everything it needs is in the database, so a restart loses and doubles nothing.
pub async fn escalation_loop(state: AppState) {
    let every = Duration::from_secs(state.settings.escalation_check_seconds.max(1));
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = crate::ops::needs::escalate_now(&state).await {
            tracing::warn!(error.cause = %e, "the escalation check failed: {e}");
        }
        // The same schedule credits activities left without a check-out.
        if let Err(e) = wushe_store::activity_attendance::credit_unclosed(&state.db, wushe_store::now_ms()).await {
            tracing::warn!(error.cause = %e, "crediting activities without a check-out failed: {e}");
        }
    }
}

/// Builds the volunteer index at start, then keeps it in step with the database: a refresh each
/// tick, and a full rebuild every ten minutes for writes a refresh cannot see (a long import by
/// the command line, stamped when its transaction began).
pub async fn matching_loop(state: AppState) {
    let every = Duration::from_secs(state.settings.matching_refresh_seconds.max(1));
    let rebuild_every = (600 / every.as_secs()).max(1);
    let mut tick = tokio::time::interval(every);
    for n in 0u64.. {
        tick.tick().await;
        let done = if n > 0 && n % rebuild_every == 0 {
            state.matcher.rebuild(&state.db).await
        } else {
            state.matcher.refresh(&state.db).await
        };
        if let Err(e) = done {
            tracing::warn!(error.cause = %e, "keeping the volunteer index in step failed: {e}");
        }
    }
}
