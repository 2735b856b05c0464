use std::sync::Arc;

use wushe_store::Db;
use wushe_store::recorder::Recorder;

use crate::matcher::Matcher;
use crate::settings::Settings;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// The group-commit writer of service records.
    pub recorder: Recorder,
    /// The volunteer index that recommendations read.
    pub matcher: Arc<Matcher>,
}

impl AppState {
    /// Starts the state's background writer on the current runtime.
    pub fn new(db: Db, settings: Settings) -> AppState {
        let recorder = Recorder::start(db.clone());
        AppState { db, settings: Arc::new(settings), recorder, matcher: Arc::new(Matcher::default()) }
    }
}
