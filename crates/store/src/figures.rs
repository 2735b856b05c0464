//! The figures: rollups kept in the writing transactions, read per region and period, drilled
//! down to their records, rebuilt and checked. See `docs/FIGURES.md`.

pub mod defs;
pub mod keep;
pub mod read;
pub mod rebuild;
mod walk;

pub use defs::Source;
pub use keep::{Facts, Pending, add, facts, settle};
pub use read::{Drill, Item, Summary, drill, flows, months, newest_days, summary};
pub use rebuild::{Difference, check, ensure_built, rebuild};
