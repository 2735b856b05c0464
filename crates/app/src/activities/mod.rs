//! Community activities and their reports.

pub mod activity;
pub mod reports;
