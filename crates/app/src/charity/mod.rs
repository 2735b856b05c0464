//! Charity resources: funds and their double-entry book, donations, grants, relief, disclosure.

pub mod book;
pub mod disclosure;
pub mod funds;
pub mod grants;
pub mod receipt;
pub mod relief;
pub mod relief_applicants;
pub mod rules;
