use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        pub struct $name(Uuid);

        impl $name {
            /// A new id; v7 so that ids sort by creation time and index well.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// A login account.
    AccountId
);
typed_id!(
    /// A service point: a centre, a station or a room.
    ServicePointId
);
typed_id!(
    /// A person: the pseudonymous identity that registries and ledgers refer to.
    PersonId
);
typed_id!(
    /// A volunteer's registration.
    VolunteerId
);
typed_id!(
    /// A social organization.
    OrganizationId
);
typed_id!(
    /// A resident served (服务对象).
    ResidentId
);
typed_id!(
    /// A social worker's registration.
    SocialWorkerId
);
typed_id!(
    /// A donor of money or goods.
    DonorId
);
typed_id!(
    /// A need (急难愁盼) recorded for a community.
    NeedId
);
typed_id!(
    /// A volunteer task: one unit of volunteer work for a need.
    TaskId
);
typed_id!(
    /// A referral of a need to a social organization.
    ReferralId
);
typed_id!(
    /// A service record: one visit, session or phone follow-up.
    ServiceRecordId
);
typed_id!(
    /// A community activity.
    ActivityId
);
typed_id!(
    /// A certificate of volunteer service, from its request to its issue or refusal.
    CertificateId
);
typed_id!(
    /// A volunteer's request to correct an hours entry.
    CorrectionId
);
typed_id!(
    /// A special fund (专项基金) and its ledger accounts.
    FundId
);
typed_id!(
    /// A donation to a fund.
    DonationId
);
