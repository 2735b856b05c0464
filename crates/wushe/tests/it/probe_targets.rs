//! The records the probes walk: the fixture's records of each kind a route's path parameter names
//! (`RouteDef::record`, the route table's own), with the rules that may refuse an actor in scope.

use axum::http::Method;
use wushe_domain::authz::{may_manage_account, may_manage_point};
use wushe_domain::{RegionPath, Role};
use wushe_testkit::fixture::Fixture;
use wushe_web::routes::Record;

/// The charity records' own rules. The fixture's funds are the network's: an organization's staff
/// keep only their own organization's, so they move no money in them, export no ledger and hand
/// out no receipt. Relief is seen by the keepers of its fund in the area and by its applicant
/// (nobody the probe acts as), and only the applicant adds documents.
fn charity_refusal(kind: Record, path: &str, role: Role, method: &Method) -> bool {
    let keeper = role.rank() >= 3 || role == Role::OrgStaff;
    match kind {
        Record::Fund | Record::Money | Record::Grant => {
            role == Role::OrgStaff && (*method == Method::POST || path.ends_with("/ledger.xlsx"))
        }
        Record::Donation => role == Role::OrgStaff,
        Record::Relief | Record::ReliefDocument => !keeper || role == Role::OrgStaff || path.ends_with("/documents"),
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

pub(crate) fn targets(fx: &Fixture, kind: Record) -> Vec<Target> {
    match kind {
        Record::None | Record::Public => Vec::new(),
        Record::Region => {
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
        Record::Point => fx
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
        Record::Account => fx
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
        Record::Volunteer => fx.volunteers.iter().map(|v| plain(v.id, &v.path, &v.name)).collect(),
        Record::Donor => fx.donors.iter().map(|d| plain(d.id, &d.path, &d.name)).collect(),
        Record::SocialWorker => fx.workers.iter().map(|w| plain(w.id, &w.path, &w.name)).collect(),
        Record::Task => fx.tasks.iter().map(|t| plain(t.id, &t.path, &t.title)).collect(),
        Record::Certificate => {
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
        Record::Referral
        | Record::ServiceRecord
        | Record::Activity
        | Record::HoursEntry
        | Record::HoursRequest
        | Record::HoursCorrection
        | Record::ActivityPhoto
        | Record::Fund
        | Record::Money
        | Record::Grant
        | Record::Donation
        | Record::Wish
        | Record::Relief
        | Record::ReliefDocument => {
            let records = match kind {
                Record::Grant => &fx.grants,
                Record::Donation => &fx.donations,
                Record::Wish => &fx.wishes,
                Record::Relief => &fx.relief,
                Record::ReliefDocument => &fx.relief_documents,
                Record::ActivityPhoto => &fx.photos,
                Record::Fund => &fx.funds,
                Record::Money => &fx.money,
                Record::Referral => &fx.referrals,
                Record::HoursCorrection => &fx.corrections,
                Record::ServiceRecord => &fx.services,
                Record::HoursEntry => &fx.hours,
                Record::HoursRequest => &fx.hours_requests,
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
        // Its owner's path: the probe also refuses everyone else in it (see `not_theirs`).
        Record::Message => fx.messages.iter().map(|m| plain(&m.id, &m.path, "")).collect(),
        Record::Need => fx.needs.iter().map(|n| plain(n.id, &n.path, &n.description)).collect(),
        Record::Resident => fx.residents.iter().map(|r| plain(r.id, &r.path, &r.name)).collect(),
        Record::Organization => fx.organizations.iter().map(|o| plain(o.id, &o.path, &o.name)).collect(),
    }
}
