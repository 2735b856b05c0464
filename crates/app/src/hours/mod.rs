//! Volunteer hours: the record, the desk that approves and corrects, the certificates.

pub mod certificate_pdf;
pub mod certificates;
pub mod desk;
pub mod record;
