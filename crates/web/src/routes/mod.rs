//! Every route of the product, in one table. The router is built from it, and the cross-region
//! probe test walks it, so a new route is probed the moment it exists. Each capability lists its
//! own routes in a file named after its folder in `wushe-app`.

mod access;
mod activities;
mod assets;
mod charity;
mod figures;
mod hours;
mod needs;
mod network;
mod people;
mod table;

pub use table::{Guard, Record, RouteDef};

use wushe_app::state::AppState;

use crate::api;

pub fn table() -> Vec<RouteDef> {
    [
        assets::routes(),
        access::routes(),
        network::routes(),
        people::routes(),
        needs::routes(),
        activities::routes(),
        hours::routes(),
        charity::routes(),
        figures::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn router() -> axum::Router<AppState> {
    table()
        .into_iter()
        .fold(axum::Router::new(), |router, def| router.route(def.path, (def.handler)()))
        // An address no route answers gets the product's own page (or JSON under /api/).
        .fallback(|| async { crate::error::HttpError(wushe_app::error::AppError::NoSuchPage) })
}

/// The OpenAPI document of the routes in [`table`].
pub fn document() -> utoipa::openapi::OpenApi {
    let routes: Vec<api::Documented> = table()
        .into_iter()
        .map(|d| api::Documented { method: d.method, path: d.path, guarded: d.guard != Guard::Public })
        .collect();
    api::document(&routes)
}
