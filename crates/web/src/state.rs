use std::sync::Arc;

use wushe_store::Db;

use crate::settings::Settings;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
}
