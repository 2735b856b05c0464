//! Recommendations for a need: volunteers from an in-memory index (a million of them answer in
//! well under a millisecond), organizations straight from SQL (they are few per region). The
//! scoring rules live in [`wushe_domain::matching`]; this module gathers the facts.

mod index;
mod load;
mod memory;
mod organizations;
mod query;
#[cfg(test)]
mod tests;

pub use index::{Candidate, Refreshed, VolunteerIndex};
pub use organizations::{OrganizationCandidate, recommend_organizations};
