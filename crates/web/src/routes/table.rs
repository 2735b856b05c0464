//! The shape of a route: the guard its handler takes and the kind of record its path names.

use axum::http::Method;
use axum::routing::MethodRouter;
use wushe_domain::Role;

use crate::auth::{
    AdminRole, AnyRole, FundManagerRoles, ManagerRoles, OrgStaffRole, PeopleManagerRoles, PlannerRoles, Policy,
    StaffRoles, VolunteerRole,
};
use wushe_app::state::AppState;

/// The guard a route's handler takes; the probe test checks the handler really enforces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    Public,
    /// Signed in; also before the forced first password change.
    SignedPending,
    Signed,
    Staff,
    Manager,
    Admin,
    PeopleManager,
    Volunteer,
    OrgStaff,
    Planner,
    FundManager,
}

impl Guard {
    /// Whether a signed-in account with this role (and its password set) passes the guard.
    pub fn allows(self, role: Role) -> bool {
        match self {
            Guard::Public | Guard::SignedPending | Guard::Signed => AnyRole::allows(role),
            Guard::Staff => StaffRoles::allows(role),
            Guard::Manager => ManagerRoles::allows(role),
            Guard::Admin => AdminRole::allows(role),
            Guard::PeopleManager => PeopleManagerRoles::allows(role),
            Guard::Volunteer => VolunteerRole::allows(role),
            Guard::OrgStaff => OrgStaffRole::allows(role),
            Guard::Planner => PlannerRoles::allows(role),
            Guard::FundManager => FundManagerRoles::allows(role),
        }
    }
}

/// What the parameter in a route's path names: the kind of record the cross-region probe plants
/// in every region and asks this route about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The path names no record.
    None,
    /// A published record looked up by its public id or code (an activity, a wish, a fund's
    /// disclosure, a certificate number, a need's tracking code): open to anyone by design.
    Public,
    Region,
    Point,
    Account,
    Volunteer,
    Organization,
    Resident,
    SocialWorker,
    Donor,
    Need,
    Task,
    Referral,
    ServiceRecord,
    Activity,
    HoursEntry,
    HoursRequest,
    Certificate,
    HoursCorrection,
    ActivityPhoto,
    Fund,
    Money,
    Grant,
    Donation,
    Wish,
    Relief,
    ReliefDocument,
    /// A message: its owner's alone.
    Message,
}

pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    pub guard: Guard,
    /// What the path's parameter names; [`Record::None`] for a path without one.
    pub record: Record,
    pub(super) handler: fn() -> MethodRouter<AppState>,
}

impl RouteDef {
    pub(super) fn names(self, record: Record) -> RouteDef {
        RouteDef { record, ..self }
    }
}

pub(super) fn r(method: Method, path: &'static str, guard: Guard, handler: fn() -> MethodRouter<AppState>) -> RouteDef {
    RouteDef { method, path, guard, record: Record::None, handler }
}

/// Upload routes take files up to the upload limit instead of the usual 1 MiB.
pub(super) fn upload(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.layer(axum::extract::DefaultBodyLimit::max(crate::api::files::MAX_UPLOAD_MIB * 1024 * 1024))
}
