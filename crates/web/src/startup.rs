//! The HTTP application and serving it.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::middleware;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::{auth, csrf, pages, routes};
use wushe_app::jobs::{anchor_loop, escalation_loop, matching_loop};
use wushe_app::settings::Settings;
use wushe_app::startup::{StartError, writable_dir};
use wushe_app::state::AppState;
use wushe_store::Db;

/// The whole HTTP application for a database.
pub fn app(state: AppState) -> axum::Router {
    let security = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        // Pages, API answers and exports hold personal data: no cache keeps them. Static files
        // set their own.
        (header::CACHE_CONTROL, "no-store"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
        ),
    ];
    let idle = Duration::from_secs(state.settings.request_idle_seconds.max(1));
    let whole = Duration::from_secs(state.settings.request_body_seconds.max(1));
    let mut router = routes::router()
        .layer(middleware::from_fn(csrf::protect))
        .layer(middleware::from_fn_with_state(state.clone(), auth::context))
        .layer(middleware::from_fn(pages::errors::render))
        .layer(axum::extract::DefaultBodyLimit::max(1024 * 1024))
        .layer(middleware::from_fn(move |req, next| crate::serve::body_deadlines(idle, whole, req, next)))
        .layer(TraceLayer::new_for_http().make_span_with(request_span));
    for (name, value) in security {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    router.with_state(state)
}

/// The span each request is logged in: its method and path, never its query string, which may
/// hold the phone or ID number being searched for (logs never hold one, ASVS 7.1).
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::debug_span!("request", method = %req.method(), path = %req.uri().path())
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
        // The anchors are written to the data folder, on PostgreSQL too.
        writable_dir(&settings.data_dir)?;
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
        let anchorer = tokio::spawn(anchor_loop(self.state.clone()));
        let matcher = tokio::spawn(matching_loop(self.state.clone()));
        let idle = Duration::from_secs(self.state.settings.request_idle_seconds.max(1));
        let served = crate::serve::serve(self.listener, self.router, idle, stop).await;
        sweeper.abort();
        escalator.abort();
        anchorer.abort();
        // What was written since the last anchor is anchored as the server stops.
        let file = wushe_app::anchors::path(&self.state.settings.data_dir);
        if let Err(e) = wushe_app::anchors::append(&file, &self.state.db, &mut Vec::new()).await {
            tracing::warn!(error.cause = %e, "anchoring the chains failed: {e}");
        }
        matcher.abort();
        served
    }
}
