//! What pages and the API show of a record. Personal numbers appear here only masked.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::account::AccountStatus;
use wushe_domain::validate::format_date;
use wushe_domain::{
    AccountId, RegionCode, RegionLevel, Role, ServicePointId, ServicePointLevel, ServicePointStatus, mask,
};
use wushe_store::accounts::Account;
use wushe_store::regions::{LevelCoverage, Region};
use wushe_store::service_points::ServicePoint;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionView {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<RegionCode>,
    /// Added by an administrator (a functional zone), not in the national list.
    pub functional: bool,
}

impl From<&Region> for RegionView {
    fn from(r: &Region) -> Self {
        RegionView {
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level,
            parent_code: r.parent_code.clone(),
            functional: r.functional,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageView {
    /// The region level counted.
    pub level: RegionLevel,
    /// The service-point level that covers it.
    pub point_level: ServicePointLevel,
    /// Units of this level under the region.
    pub units: i64,
    /// Units with at least one open service point.
    pub covered: i64,
    /// Open service points of this level.
    pub points: i64,
    /// covered ÷ units, in per mille.
    pub per_mille: i64,
}

impl CoverageView {
    /// "52.3%"
    pub fn percent(&self) -> String {
        format!("{}.{}%", self.per_mille / 10, self.per_mille % 10)
    }
}

impl From<&LevelCoverage> for CoverageView {
    fn from(c: &LevelCoverage) -> Self {
        CoverageView {
            level: c.level,
            point_level: c.point_level,
            units: c.units,
            covered: c.covered,
            points: c.points,
            per_mille: c.per_mille(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildView {
    pub region: RegionView,
    /// Open service points on the child region itself (its centre, station or room).
    pub points: i64,
    pub coverage: Vec<CoverageView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionDetail {
    pub region: RegionView,
    /// From the top of the caller's area down to this region.
    pub trail: Vec<RegionView>,
    pub coverage: Vec<CoverageView>,
    pub children: Vec<ChildView>,
    /// Service points sitting on this region itself.
    pub points: Vec<PointView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PointView {
    pub id: ServicePointId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub level: ServicePointLevel,
    pub name: String,
    pub address: String,
    pub contact_name: Option<String>,
    /// Masked, e.g. 1******5678.
    pub contact_phone: Option<String>,
    /// YYYY-MM-DD
    pub opened_on: String,
    pub status: ServicePointStatus,
    pub closed_on: Option<String>,
}

impl From<&ServicePoint> for PointView {
    fn from(p: &ServicePoint) -> Self {
        PointView {
            id: p.id,
            region_code: p.region_code.clone(),
            region_name: p.region_name.clone(),
            level: p.level,
            name: p.name.clone(),
            address: p.address.clone(),
            contact_name: p.contact_name.clone(),
            contact_phone: p.contact_phone.as_deref().map(mask::phone),
            opened_on: format_date(p.opened_on),
            status: p.status,
            closed_on: p.closed_on.map(format_date),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountView {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    /// Masked, e.g. 1******5678.
    pub phone: Option<String>,
    pub role: Role,
    pub region_code: RegionCode,
    pub region_name: String,
    pub service_point_id: Option<ServicePointId>,
    pub status: AccountStatus,
    pub must_change_password: bool,
    /// Sign-in also asks for a code from an authenticator app (TOTP).
    pub second_factor: bool,
    /// Epoch milliseconds until which sign-in is refused after repeated failures.
    pub locked_until: Option<i64>,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        AccountView {
            id: a.id,
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            phone: a.phone.as_deref().map(mask::phone),
            role: a.role,
            region_code: a.region_code.clone(),
            region_name: a.region_name.clone(),
            service_point_id: a.service_point_id,
            status: a.status,
            must_change_password: a.must_change_password,
            second_factor: a.second_factor,
            locked_until: a.locked_until.filter(|&t| t > wushe_store::now_ms()),
        }
    }
}

/// A page of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

impl<T> Page<T> {
    pub fn has_prev(&self) -> bool {
        self.offset > 0
    }
    pub fn has_next(&self) -> bool {
        self.offset + self.limit < self.total
    }
    pub fn prev_offset(&self) -> i64 {
        (self.offset - self.limit).max(0)
    }
    pub fn next_offset(&self) -> i64 {
        self.offset + self.limit
    }
}

/// A revealed personal number, shown once, after the reveal was audited.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Revealed {
    pub value: Option<String>,
}

/// Epoch milliseconds as "2026-11-29 18:30" in China Standard Time.
pub fn format_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000) + 8 * 3600;
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute()),
        Err(_) => ms.to_string(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VolunteerView {
    pub id: wushe_domain::VolunteerId,
    pub volunteer_no: String,
    pub name: String,
    pub id_kind: Option<wushe_domain::person::IdKind>,
    /// Masked, e.g. 1****************X.
    pub id_number: Option<String>,
    /// Masked, e.g. 1******5678.
    pub phone: Option<String>,
    pub gender: Option<wushe_domain::idcard::Gender>,
    /// The year only: a birth date beside the masked number would help rebuild it.
    pub birth_year: Option<i32>,
    pub region_code: RegionCode,
    pub region_name: String,
    pub skills: Vec<String>,
    pub availability: Vec<wushe_domain::volunteer::Window>,
    pub status: String,
    /// On a single record: whether its ID number is also on record in another region (never
    /// where or by whom). Absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_elsewhere: Option<bool>,
}

impl From<&wushe_store::volunteers::Volunteer> for VolunteerView {
    fn from(v: &wushe_store::volunteers::Volunteer) -> Self {
        VolunteerView {
            id: v.id,
            volunteer_no: v.volunteer_no.clone(),
            name: v.name.clone(),
            id_kind: v.id_kind,
            id_number: v.id_number.as_deref().map(wushe_domain::idcard::mask),
            phone: v.phone.as_deref().map(mask::phone),
            gender: v.gender,
            birth_year: v.birth_date.map(|d| d.year()),
            region_code: v.region_code.clone(),
            region_name: v.region_name.clone(),
            skills: v.skills.clone(),
            availability: v.availability.clone(),
            status: v.status.clone(),
            known_elsewhere: v.known_elsewhere,
        }
    }
}

impl VolunteerView {
    pub fn availability_text(&self, lang: wushe_domain::Lang) -> String {
        self.availability.iter().map(|w| w.format(lang)).collect::<Vec<_>>().join("；")
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganizationView {
    pub id: wushe_domain::OrganizationId,
    pub name: String,
    pub credit_code: String,
    pub kind: wushe_domain::organization::OrgKind,
    pub authority: String,
    /// YYYY-MM-DD
    pub registered_on: String,
    pub legal_rep: String,
    /// Masked, e.g. 0********34.
    pub contact_phone: Option<String>,
    pub categories: Vec<String>,
    pub serves: Vec<RegionCode>,
    pub capacity: i64,
    pub region_code: RegionCode,
    pub region_name: String,
    pub status: String,
}

impl From<&wushe_store::organizations::Organization> for OrganizationView {
    fn from(o: &wushe_store::organizations::Organization) -> Self {
        OrganizationView {
            id: o.id,
            name: o.name.clone(),
            credit_code: o.credit_code.clone(),
            kind: o.kind,
            authority: o.authority.clone(),
            registered_on: format_date(o.registered_on),
            legal_rep: o.legal_rep.clone(),
            contact_phone: o.contact_phone.as_deref().map(mask::phone),
            categories: o.categories.clone(),
            serves: o.serves.clone(),
            capacity: o.capacity,
            region_code: o.region_code.clone(),
            region_name: o.region_name.clone(),
            status: o.status.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResidentView {
    pub id: wushe_domain::ResidentId,
    pub name: String,
    /// Masked.
    pub id_number: Option<String>,
    /// Masked.
    pub phone: Option<String>,
    /// Only the first characters; the rest masked.
    pub address: Option<String>,
    pub gender: Option<wushe_domain::idcard::Gender>,
    /// The year only, as for volunteers.
    pub birth_year: Option<i32>,
    pub region_code: RegionCode,
    pub region_name: String,
    pub household: Option<String>,
    pub categories: Vec<String>,
    pub status: String,
    /// On a single record: whether its ID number is also on record in another region (never
    /// where or by whom). Absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_elsewhere: Option<bool>,
}

/// 重庆市万州区白岩路8号 → 重庆市万州*******: enough to place it, not to find the door.
pub fn mask_address(address: &str) -> String {
    let chars: Vec<char> = address.chars().collect();
    let keep = (chars.len() / 2).min(6);
    format!("{}{}", chars[..keep].iter().collect::<String>(), "*".repeat(chars.len() - keep))
}

impl From<&wushe_store::residents::Resident> for ResidentView {
    fn from(r: &wushe_store::residents::Resident) -> Self {
        ResidentView {
            id: r.id,
            name: r.name.clone(),
            id_number: r.id_number.as_deref().map(wushe_domain::idcard::mask),
            phone: r.phone.as_deref().map(mask::phone),
            address: r.address.as_deref().map(mask_address),
            gender: r.gender,
            birth_year: r.birth_date.map(|d| d.year()),
            region_code: r.region_code.clone(),
            region_name: r.region_name.clone(),
            household: r.household.clone(),
            categories: r.categories.clone(),
            status: r.status.clone(),
            known_elsewhere: r.known_elsewhere,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SocialWorkerView {
    pub id: wushe_domain::SocialWorkerId,
    pub name: String,
    /// Masked.
    pub id_number: Option<String>,
    /// Masked.
    pub phone: Option<String>,
    pub licence: wushe_domain::social_worker::Licence,
    pub licence_no: Option<String>,
    pub licence_year: Option<i64>,
    pub employer_id: Option<wushe_domain::OrganizationId>,
    pub service_point_id: ServicePointId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub status: String,
    /// On a single record: whether its ID number is also on record in another region (never
    /// where or by whom). Absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_elsewhere: Option<bool>,
}

impl From<&wushe_store::social_workers::SocialWorker> for SocialWorkerView {
    fn from(w: &wushe_store::social_workers::SocialWorker) -> Self {
        SocialWorkerView {
            id: w.id,
            name: w.name.clone(),
            id_number: w.id_number.as_deref().map(wushe_domain::idcard::mask),
            phone: w.phone.as_deref().map(mask::phone),
            licence: w.licence,
            licence_no: w.licence_no.clone(),
            licence_year: w.licence_year,
            employer_id: w.employer_id,
            service_point_id: w.service_point_id,
            region_code: w.region_code.clone(),
            region_name: w.region_name.clone(),
            status: w.status.clone(),
            known_elsewhere: w.known_elsewhere,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DonorView {
    pub id: wushe_domain::DonorId,
    pub kind: wushe_domain::donor::DonorKind,
    /// 匿名 for anonymous donors, whatever name is on record.
    pub name: String,
    pub anonymous: bool,
    /// Masked; absent for anonymous donors.
    pub phone: Option<String>,
    pub credit_code: Option<String>,
    pub region_code: RegionCode,
    /// The donor's data was erased on request.
    pub erased: bool,
}

impl From<&wushe_store::donors::Donor> for DonorView {
    fn from(d: &wushe_store::donors::Donor) -> Self {
        DonorView {
            id: d.id,
            kind: d.kind,
            name: match (d.erased, d.anonymous) {
                (true, _) => "已删除".to_owned(),
                (false, true) => "匿名".to_owned(),
                (false, false) => d.name.clone().unwrap_or_default(),
            },
            anonymous: d.anonymous,
            phone: if d.anonymous { None } else { d.phone.as_deref().map(mask::phone) },
            credit_code: d.credit_code.clone(),
            region_code: d.region_code.clone(),
            erased: d.erased,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedView {
    pub id: wushe_domain::NeedId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub resident_id: Option<wushe_domain::ResidentId>,
    pub category: wushe_domain::need::NeedCategory,
    pub urgency: wushe_domain::need::Urgency,
    pub description: String,
    pub contact_name: Option<String>,
    /// Masked.
    pub contact_phone: Option<String>,
    /// Masked, as the submitter typed it.
    pub address: Option<String>,
    /// Submitted on the public page.
    pub public: bool,
    pub status: wushe_domain::need::NeedStatus,
    /// The level of the network that must take it up now.
    pub level: ServicePointLevel,
    /// Until when it may wait to be taken up (epoch ms).
    pub due_at: i64,
    /// Still waiting to be taken up after its time limit.
    pub overdue: bool,
    pub taken_at: Option<i64>,
    pub outcome: Option<wushe_domain::need::Outcome>,
    pub created_at: i64,
    /// From the follow-up call, 1–5.
    pub satisfaction: Option<i64>,
    pub reviewed: bool,
}

impl From<&wushe_store::needs::Need> for NeedView {
    fn from(n: &wushe_store::needs::Need) -> Self {
        NeedView {
            id: n.id,
            region_code: n.region_code.clone(),
            region_name: n.region_name.clone(),
            resident_id: n.resident_id,
            category: n.category,
            urgency: n.urgency,
            description: n.description.clone(),
            contact_name: n.contact_name.clone(),
            contact_phone: n.contact_phone.as_deref().map(mask::phone),
            address: n.address.as_deref().map(mask_address),
            public: n.public,
            status: n.status,
            level: n.level,
            due_at: n.due_at,
            overdue: !n.status.is_taken() && n.due_at < wushe_store::now_ms(),
            taken_at: n.taken_at,
            outcome: n.outcome,
            created_at: n.created_at,
            satisfaction: n.satisfaction,
            reviewed: n.reviewed_at.is_some(),
        }
    }
}

impl NeedView {
    pub fn due_text(&self) -> String {
        format_ms(self.due_at)
    }

    pub fn created_text(&self) -> String {
        format_ms(self.created_at)
    }
}
