use std::sync::Arc;

use wushe_store::Db;
use wushe_store::recorder::Recorder;

use crate::error::{AppError, AppResult};
use crate::needs::matcher::Matcher;
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
    /// One spreadsheet import at a time: reading one may take a hundred megabytes, and two at
    /// once would double it.
    pub imports: Arc<tokio::sync::Semaphore>,
    /// The PDF fonts, read on the first PDF asked for: they are tens of megabytes.
    fonts: Arc<tokio::sync::OnceCell<Result<wushe_pdf::Fonts, String>>>,
}

impl AppState {
    /// Starts the state's background writer on the current runtime.
    pub fn new(db: Db, settings: Settings) -> AppState {
        let recorder = Recorder::start(db.clone());
        AppState {
            db,
            settings: Arc::new(settings),
            recorder,
            matcher: Arc::new(Matcher::default()),
            imports: Arc::new(tokio::sync::Semaphore::new(1)),
            fonts: Arc::default(),
        }
    }

    /// Renders a PDF off the async workers: subsetting the fonts takes a while.
    pub async fn render_pdf<F>(&self, draw: F) -> AppResult<Vec<u8>>
    where
        F: FnOnce(&wushe_pdf::Fonts) -> Result<Vec<u8>, wushe_pdf::PdfError> + Send + 'static,
    {
        let dirs: Vec<std::path::PathBuf> = self.settings.font_dir.iter().cloned().collect();
        let fonts = self
            .fonts
            .get_or_init(|| async move {
                tokio::task::spawn_blocking(move || wushe_pdf::Fonts::find(&dirs).map_err(|e| e.to_string()))
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()))
            })
            .await
            .clone()
            .map_err(AppError::PdfUnavailable)?;
        tokio::task::spawn_blocking(move || draw(&fonts))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))
    }
}
