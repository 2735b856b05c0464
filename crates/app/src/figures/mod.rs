//! The figures: summaries for any region and period, charts, exports and the printed report.

pub mod charts;
pub mod export;
pub mod report;
pub mod summary;
