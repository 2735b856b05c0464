//! What every page needs besides its own handler: the health check, the stylesheet and scripts
//! served from the binary, and the OpenAPI document.

use axum::http::{HeaderValue, Method, header};
use axum::response::IntoResponse;
use axum::routing::get;

use super::table::{Guard::*, RouteDef, r};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/healthz", Public, || get(healthz)),
        r(Method::GET, "/static/app.css", Public, || get(stylesheet)),
        r(Method::GET, "/static/echarts-5.6.0.min.js", Public, || get(echarts)),
        r(Method::GET, "/static/figures.js", Public, || get(figures_js)),
        r(Method::GET, "/api/openapi.json", Public, || get(openapi)),
    ]
}

async fn healthz() -> &'static str {
    "ok"
}

fn script(body: &'static str, max_age: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static(max_age)),
        ],
        body,
    )
}

/// ECharts (Apache-2.0, `static/vendor/echarts-LICENSE.txt`), served from the binary: the version
/// is in the path, so it may be kept for a year.
async fn echarts() -> impl IntoResponse {
    script(include_str!("../../static/vendor/echarts-5.6.0.min.js"), "public, max-age=31536000, immutable")
}

async fn figures_js() -> impl IntoResponse {
    script(include_str!("../../static/figures.js"), "public, max-age=3600")
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        include_str!("../../static/app.css"),
    )
}

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(super::document())
}
