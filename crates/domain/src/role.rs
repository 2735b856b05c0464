//! The roles of the platform and how they are ordered.

use serde::{Deserialize, Serialize};

use crate::text::Text;
use crate::{Field, FieldError, Lang, Reason, RegionLevel};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Civil-affairs administrator of a region (the whole country, a province or a city).
    PlatformAdmin,
    /// Staff of a district guidance centre (社会工作指导中心).
    CenterStaff,
    /// Staff of a township service station (社工站).
    StationStaff,
    /// Social worker of a community room (社会工作室).
    RoomWorker,
    /// Staff of a social organization.
    OrgStaff,
    Volunteer,
    Resident,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::PlatformAdmin,
        Role::CenterStaff,
        Role::StationStaff,
        Role::RoomWorker,
        Role::OrgStaff,
        Role::Volunteer,
        Role::Resident,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::CenterStaff => "center_staff",
            Role::StationStaff => "station_staff",
            Role::RoomWorker => "room_worker",
            Role::OrgStaff => "org_staff",
            Role::Volunteer => "volunteer",
            Role::Resident => "resident",
        }
    }

    pub fn parse(s: &str) -> Result<Role, FieldError> {
        Role::ALL.into_iter().find(|r| r.key() == s.trim()).ok_or(FieldError::new(Field::Role, Reason::UnknownChoice))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::PlatformAdmin => Text::new("平台管理员", "platform administrator").get(lang),
            Role::CenterStaff => Text::new("指导中心工作人员", "centre staff").get(lang),
            Role::StationStaff => Text::new("社工站工作人员", "station staff").get(lang),
            Role::RoomWorker => Text::new("社会工作室社工", "room social worker").get(lang),
            Role::OrgStaff => Text::new("社会组织工作人员", "organization staff").get(lang),
            Role::Volunteer => Text::new("志愿者", "volunteer").get(lang),
            Role::Resident => Text::new("居民", "resident").get(lang),
        }
    }

    /// Rank in the line of the three-level network; roles outside it rank 0.
    pub fn rank(self) -> u8 {
        match self {
            Role::PlatformAdmin => 4,
            Role::CenterStaff => 3,
            Role::StationStaff => 2,
            Role::RoomWorker => 1,
            Role::OrgStaff | Role::Volunteer | Role::Resident => 0,
        }
    }

    /// Staff see the service network; volunteers and residents see only their own things.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Volunteer | Role::Resident)
    }

    /// The region level an account of this role must have as its home, if fixed.
    pub fn home_level(self) -> Option<RegionLevel> {
        match self {
            Role::CenterStaff => Some(RegionLevel::County),
            Role::StationStaff => Some(RegionLevel::Township),
            Role::RoomWorker | Role::Volunteer | Role::Resident => Some(RegionLevel::Village),
            Role::PlatformAdmin | Role::OrgStaff => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.key()), Ok(r));
        }
        assert!(Role::parse("root").is_err());
    }
}
