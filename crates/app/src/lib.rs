//! Wushe's application layer: what each use case does — its permission decision, transaction
//! and audit — shared by the web layer (pages and JSON) and the command line. One folder per
//! capability; see `docs/ARCHITECTURE.md`.

pub mod access;
pub mod activities;
pub mod anchors;
pub mod charity;
pub mod demo;
pub mod error;
pub mod figures;
pub mod hours;
pub mod jobs;
pub mod needs;
pub mod network;
pub mod people;
pub mod settings;
pub mod startup;
pub mod state;
pub mod steps;
pub mod views;

pub use error::{AppError, AppResult};
pub use settings::Settings;
pub use state::AppState;
