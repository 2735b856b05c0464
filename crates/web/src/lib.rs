//! Wushe's HTTP surface: server-rendered pages, the JSON API and its OpenAPI document, sessions,
//! CSRF protection, and the one error type that decides every status code.

pub mod api;
pub mod auth;
pub mod csrf;
pub mod error;
pub mod pages;
pub mod routes;
pub mod serve;
pub mod startup;
pub mod texts;
pub mod texts_activities;
pub mod texts_charity;
pub mod texts_figures;
pub mod texts_hours;
pub mod texts_linkage;
pub mod texts_needs;
pub mod texts_people;
pub mod texts_second_factor;

pub use startup::{Application, app};
pub use wushe_app::{AppState, Settings};
