//! The domain of Wushe: the words of `DOMAIN.md` as types and rules.
//!
//! Nothing here performs I/O; everything here is unit-tested. The store and the web layer
//! call these functions so that a rule is written once.

pub mod account;
pub mod activity;
pub mod authz;
pub mod certificate;
mod choices;
pub mod conflict;
pub mod donor;
pub mod error;
pub mod figures;
pub mod hours;
pub mod idcard;
pub mod ids;
pub mod lang;
pub mod linkage;
pub mod mask;
pub mod matching;
pub mod message;
pub mod money;
pub mod need;
pub mod organization;
pub mod password;
pub mod person;
mod reason_texts;
pub mod referral;
pub mod region;
pub mod relief;
pub mod resident;
pub mod role;
pub mod second_factor;
pub mod service;
pub mod service_point;
pub mod social_worker;
pub mod task;
pub mod text;
pub mod uscc;
pub mod validate;
pub mod volunteer;
pub mod wish;

pub use error::{Conflict, Field, FieldError, Reason};
pub use ids::{
    AccountId, ActivityId, CertificateId, CorrectionId, DonationId, DonorId, FundId, NeedId, OrganizationId, PersonId,
    ReferralId, ResidentId, ServicePointId, ServiceRecordId, SocialWorkerId, TaskId, VolunteerId,
};
pub use lang::Lang;
pub use region::{RegionCode, RegionLevel, RegionPath};
pub use role::Role;
pub use service_point::{ServicePointLevel, ServicePointStatus};
