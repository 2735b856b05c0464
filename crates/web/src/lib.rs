//! Wushe's HTTP surface: server-rendered pages, the JSON API and its OpenAPI document, sessions,
//! CSRF protection, and the one error type that decides every status code.

pub mod anchors;
pub mod api;
pub mod auth;
pub mod csrf;
pub mod demo;
mod demo_charity;
mod demo_hours;
mod demo_people;
pub mod error;
pub mod matcher;
pub mod ops;
pub mod pages;
pub mod routes;
pub mod serve;
pub mod settings;
pub mod startup;
pub mod state;
pub mod texts;
pub mod texts_activities;
pub mod texts_charity;
pub mod texts_figures;
pub mod texts_hours;
pub mod texts_linkage;
pub mod texts_needs;
pub mod texts_people;
pub mod texts_second_factor;
pub mod views;

pub use settings::Settings;
pub use startup::{Application, StartError, app, open_database};
pub use state::AppState;
