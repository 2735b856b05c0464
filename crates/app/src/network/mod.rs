//! The three-level service network: regions, service points, organizations and their staff.

pub mod memberships;
pub mod organization_sheets;
pub mod organizations;
pub mod points;
pub mod regions;
