//! The records the probes walk: what each route's path parameter names, and the fixture's
//! records of that kind with the rules that may refuse an actor in scope.

use axum::http::Method;
use wushe_domain::authz::{may_manage_account, may_manage_point};
use wushe_domain::{RegionPath, Role};
use wushe_testkit::fixture::Fixture;
use wushe_web::routes::RouteDef;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    None,
    /// A public route naming a record: see `probe_public`.
    Public,
    Region,
    Point,
    Account,
    Volunteer,
    Organization,
    Resident,
    Worker,
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
}

pub(crate) fn kind(def: &RouteDef) -> Kind {
    let p = def.path;
    if !p.contains('{') {
        Kind::None
    } else if p.contains("{code}") && (p.contains("/regions/") || p.contains("/figures/")) {
        Kind::Region
    } else if p.contains("/service-points/{id}") {
        Kind::Point
    } else if p.contains("/accounts/{id}") {
        Kind::Account
    } else if p.contains("/volunteers/{id}") {
        Kind::Volunteer
    } else if p.contains("/organizations/{id}") {
        Kind::Organization
    } else if p.contains("/residents/{id}") {
        Kind::Resident
    } else if p.contains("/social-workers/{id}") {
        Kind::Worker
    } else if p.contains("/donors/{id}") {
        Kind::Donor
    } else if p.contains("/needs/{id}") {
        Kind::Need
    } else if p.contains("/tasks/{id}") {
        Kind::Task
    } else if p.contains("/referrals/{id}") {
        Kind::Referral
    } else if p.contains("/service-records/{id}") {
        Kind::ServiceRecord
    } else if p.starts_with("/api/v1/public/") || p.starts_with("/public/") {
        // Public lookups by a code or an id: walked with real records by `probe_public`.
        Kind::Public
    } else if p.contains("/activities/{id}") {
        Kind::Activity
    } else if p.contains("/hours-requests/{id}") {
        Kind::HoursRequest
    } else if p.contains("/hours/{id}") {
        Kind::HoursEntry
    } else if p.contains("/certificates/{id}") {
        Kind::Certificate
    } else if p.contains("/hours-corrections/{id}") {
        Kind::HoursCorrection
    } else if p.contains("/activity-photos/{id}") {
        Kind::ActivityPhoto
    } else if p.contains("/funds/{id}") {
        Kind::Fund
    } else if p.contains("/money/{id}") {
        Kind::Money
    } else if p.contains("/grants/{id}") {
        Kind::Grant
    } else if p.contains("/donations/{id}") {
        Kind::Donation
    } else if p.contains("/wishes/{id}") {
        Kind::Wish
    } else if p.contains("/relief/{id}") {
        Kind::Relief
    } else if p.contains("/relief-documents/{id}") {
        Kind::ReliefDocument
    } else {
        panic!("the probe does not know what the parameter of {} {} names: teach probe::kind", def.method, p)
    }
}

/// The charity records' own rules. The fixture's funds are the network's: an organization's staff
/// keep only their own organization's, so they move no money in them, export no ledger and hand
/// out no receipt. Relief is seen by the keepers of its fund in the area and by its applicant
/// (nobody the probe acts as), and only the applicant adds documents.
fn charity_refusal(kind: Kind, path: &str, role: Role, method: &Method) -> bool {
    let keeper = role.rank() >= 3 || role == Role::OrgStaff;
    match kind {
        Kind::Fund | Kind::Money | Kind::Grant => {
            role == Role::OrgStaff && (*method == Method::POST || path.ends_with("/ledger.xlsx"))
        }
        Kind::Donation => role == Role::OrgStaff,
        Kind::Relief | Kind::ReliefDocument => !keeper || role == Role::OrgStaff || path.ends_with("/documents"),
        _ => false,
    }
}

/// Whether a record-level rule refuses an actor (route path, role, method) although the record is in scope.
pub(crate) type Refusal = Box<dyn Fn(&str, Role, &Method) -> bool>;

pub(crate) struct Target {
    pub(crate) id: String,
    pub(crate) path: RegionPath,
    /// A text that appears in this record's answers and nowhere else.
    pub(crate) marker: String,
    pub(crate) refuse: Refusal,
}

/// A record no rule refuses to anyone in its area.
fn plain(id: impl ToString, path: &RegionPath, marker: &str) -> Target {
    Target { id: id.to_string(), path: path.clone(), marker: marker.to_owned(), refuse: Box::new(|_, _, _| false) }
}

pub(crate) fn targets(fx: &Fixture, kind: Kind) -> Vec<Target> {
    match kind {
        Kind::None | Kind::Public => Vec::new(),
        Kind::Region => {
            let wanted = [
                "CN",
                "50",
                "5001",
                "500101",
                "500102",
                "500101001",
                "500101017",
                "500102006",
                "500101001001",
                "500101017001",
                "500102006001",
                "11",
                "110101",
            ];
            wanted
                .iter()
                .map(|c| {
                    let r = fx
                        .regions
                        .iter()
                        .find(|r| r.code.as_str() == *c)
                        .unwrap_or_else(|| panic!("fixture region {c}"));
                    plain(c, &r.path, "")
                })
                .collect()
        }
        Kind::Point => fx
            .points
            .iter()
            .map(|p| {
                let level = p.level;
                Target {
                    id: p.id.to_string(),
                    path: p.path.clone(),
                    marker: p.name.clone(),
                    // Showing a point is for all staff; everything else about it is managing it.
                    refuse: Box::new(move |path, role, method| {
                        let shows = *method == Method::GET && !path.ends_with("/edit");
                        !shows && !may_manage_point(role, level)
                    }),
                }
            })
            .collect(),
        Kind::Account => fx
            .accounts
            .iter()
            .map(|a| {
                let target_role = a.role;
                Target {
                    id: a.id.to_string(),
                    path: a.path.clone(),
                    marker: format!("{}名", a.username),
                    refuse: Box::new(move |_, role, method| {
                        *method != Method::GET && !may_manage_account(role, target_role)
                    }),
                }
            })
            .collect(),
        Kind::Volunteer => fx.volunteers.iter().map(|v| plain(v.id, &v.path, &v.name)).collect(),
        Kind::Donor => fx.donors.iter().map(|d| plain(d.id, &d.path, &d.name)).collect(),
        Kind::Worker => fx.workers.iter().map(|w| plain(w.id, &w.path, &w.name)).collect(),
        Kind::Task => fx.tasks.iter().map(|t| plain(t.id, &t.path, &t.title)).collect(),
        Kind::Certificate => {
            // Only the volunteer it is for (or staff) may have its PDF; wz.volunteer is 万州志愿甲FX.
            let own = fx.account("wz.volunteer").path.clone();
            fx.certificates
                .iter()
                .map(|m| {
                    let mine = m.path == own;
                    Target {
                        id: m.id.clone(),
                        path: m.path.clone(),
                        marker: m.marker.clone(),
                        // An organization's staff see their organization's, not the network's.
                        refuse: Box::new(move |path, role, method| {
                            (path.ends_with("/pdf") && !role.is_staff() && !(mine && role == Role::Volunteer))
                                || (role == Role::OrgStaff && *method == Method::GET)
                        }),
                    }
                })
                .collect()
        }
        Kind::Referral
        | Kind::ServiceRecord
        | Kind::Activity
        | Kind::HoursEntry
        | Kind::HoursRequest
        | Kind::HoursCorrection
        | Kind::ActivityPhoto
        | Kind::Fund
        | Kind::Money
        | Kind::Grant
        | Kind::Donation
        | Kind::Wish
        | Kind::Relief
        | Kind::ReliefDocument => {
            let records = match kind {
                Kind::Grant => &fx.grants,
                Kind::Donation => &fx.donations,
                Kind::Wish => &fx.wishes,
                Kind::Relief => &fx.relief,
                Kind::ReliefDocument => &fx.relief_documents,
                Kind::ActivityPhoto => &fx.photos,
                Kind::Fund => &fx.funds,
                Kind::Money => &fx.money,
                Kind::Referral => &fx.referrals,
                Kind::HoursCorrection => &fx.corrections,
                Kind::ServiceRecord => &fx.services,
                Kind::HoursEntry => &fx.hours,
                Kind::HoursRequest => &fx.hours_requests,
                _ => &fx.activities,
            };
            records
                .iter()
                .map(|m| Target {
                    id: m.id.clone(),
                    path: m.path.clone(),
                    marker: m.marker.clone(),
                    refuse: Box::new(move |path, role, method| charity_refusal(kind, path, role, method)),
                })
                .collect()
        }
        Kind::Need => fx.needs.iter().map(|n| plain(n.id, &n.path, &n.description)).collect(),
        Kind::Resident => fx.residents.iter().map(|r| plain(r.id, &r.path, &r.name)).collect(),
        Kind::Organization => fx.organizations.iter().map(|o| plain(o.id, &o.path, &o.name)).collect(),
    }
}
