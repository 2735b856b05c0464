//! The people registries: volunteers, residents, social workers and donors, their imports and exports, and the rights a person has over their data.

pub mod donor_sheets;
pub mod donors;
pub mod register;
pub mod registry;
pub mod resident_sheets;
pub mod residents;
pub mod rights;
pub mod sheet_errors;
pub mod skills;
pub mod social_worker_sheets;
pub mod social_workers;
pub mod volunteer_sheets;
pub mod volunteers;
