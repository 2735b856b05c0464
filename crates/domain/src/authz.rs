//! Who may do what, where. One decision function serves every handler; the rules are small named
//! functions so that a reader (and a test) can check each.
//!
//! The order matters and is the same everywhere: a role that may never perform an action is told
//! so (403) before anything is looked up; a record outside the actor's region answers as if it did
//! not exist (404); only then do record-level rules apply (403).

use crate::{AccountId, RegionCode, RegionPath, Role, ServicePointLevel};

/// The signed-in account, as every permission check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: AccountId,
    pub role: Role,
    pub region: RegionCode,
    /// The home region's service path: the actor's scope is everything under it.
    pub scope: RegionPath,
}

impl Actor {
    pub fn sees(&self, path: &RegionPath) -> bool {
        self.scope.contains(path)
    }
}

/// What an actor wants to do. Variants carry the facts of the target record that the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Region pages, coverage, service-point lists and details.
    ViewNetwork,
    /// Add functional zones and place townships under them.
    ManageRegions,
    /// Add, edit or close a service point of this level.
    ManageServicePoint(ServicePointLevel),
    /// List and read accounts.
    ViewAccounts,
    /// Create, disable, enable, reset or reveal the phone of an account with this role.
    ManageAccount(Role),
    /// Read the audit log.
    ViewAudit,
    /// Read the people registries (volunteers, residents): masked personal numbers.
    ViewPeople,
    /// Register, correct, import people; reveal one person's numbers with a reason.
    ManagePeople,
    /// Export a registry with personal numbers in full.
    ExportUnmasked,
    /// Register and correct social organizations.
    ManageOrganizations,
    /// Register social workers and move them between postings.
    ManageWorkers,
    /// Keep the platform's managed lists (volunteer skills).
    ManageLists,
    /// Read needs and their timelines.
    ViewNeeds,
    /// Record needs, move them through the loop, write on their timelines.
    ManageNeeds,
    /// Accept and withdraw from volunteer tasks (a volunteer, for themself).
    TakeTasks,
    /// Review a closed need as a supervisor (station staff and above).
    ReviewNeeds,
    /// Accept or decline referrals to one's own organization (organization staff).
    AnswerReferrals,
    /// Plan, publish and run community activities: rooms, stations, centres and organizations.
    PlanActivities,
    /// Open funds, record donations, set matching, reverse movements: centres and above, and
    /// organizations for their own funds.
    ManageFunds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// The role may not do this (403).
    Forbidden,
    /// The record is outside the actor's region (404, audited).
    Hidden,
}

/// Whether the role may perform this kind of action on anything at all.
pub fn role_may_ever(role: Role, action: Action) -> bool {
    match action {
        Action::ViewNetwork => role.is_staff(),
        Action::ManageRegions | Action::ManageLists => role == Role::PlatformAdmin,
        Action::ManageServicePoint(_) => role.rank() >= 2,
        Action::ViewAccounts | Action::ManageAccount(_) => role.rank() >= 2,
        Action::ViewAudit => role == Role::PlatformAdmin,
        Action::ViewPeople | Action::ViewNeeds => role.is_staff(),
        Action::ManageNeeds => role.rank() >= 1,
        Action::TakeTasks => role == Role::Volunteer,
        Action::ReviewNeeds => role.rank() >= 2,
        Action::AnswerReferrals => role == Role::OrgStaff,
        Action::PlanActivities => role.rank() >= 1 || role == Role::OrgStaff,
        Action::ManageFunds => role.rank() >= 3 || role == Role::OrgStaff,
        Action::ManagePeople => role.rank() >= 1,
        Action::ExportUnmasked => role.rank() >= 3,
        Action::ManageOrganizations | Action::ManageWorkers => role.rank() >= 2,
    }
}

/// A service point may be managed by an administrator, or by staff one level up the network.
pub fn may_manage_point(role: Role, level: ServicePointLevel) -> bool {
    match role {
        Role::PlatformAdmin => true,
        Role::CenterStaff => level != ServicePointLevel::Center,
        Role::StationStaff => level == ServicePointLevel::Room,
        _ => false,
    }
}

/// Accounts are managed downwards: an administrator manages every role, centre staff manage the
/// station, room, organization, volunteer and resident accounts of their district, station staff
/// manage room workers, volunteers and residents.
pub fn may_manage_account(actor: Role, target: Role) -> bool {
    match actor {
        Role::PlatformAdmin => true,
        Role::CenterStaff => target.rank() < 3 && target != Role::PlatformAdmin,
        Role::StationStaff => matches!(target, Role::RoomWorker | Role::Volunteer | Role::Resident),
        _ => false,
    }
}

/// The one decision. `target` is the service path of the record's region, if the action has one.
pub fn decide(actor: &Actor, action: Action, target: Option<&RegionPath>) -> Decision {
    if !role_may_ever(actor.role, action) {
        return Decision::Forbidden;
    }
    if target.is_some_and(|path| !actor.sees(path)) {
        return Decision::Hidden;
    }
    let record_ok = match action {
        Action::ManageServicePoint(level) => may_manage_point(actor.role, level),
        Action::ManageAccount(role) => may_manage_account(actor.role, role),
        Action::ViewNetwork
        | Action::ManageRegions
        | Action::ViewAccounts
        | Action::ViewAudit
        | Action::ViewPeople
        | Action::ManagePeople
        | Action::ExportUnmasked
        | Action::ManageOrganizations
        | Action::ManageWorkers
        | Action::ManageLists
        | Action::ViewNeeds
        | Action::ManageNeeds
        | Action::TakeTasks
        | Action::ReviewNeeds
        | Action::AnswerReferrals
        | Action::PlanActivities
        | Action::ManageFunds => true,
    };
    if record_ok { Decision::Allow } else { Decision::Forbidden }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(codes: &[&str]) -> RegionPath {
        codes.iter().fold(RegionPath::root(), |p, c| p.child(&RegionCode::parse(c).expect("code")))
    }

    fn actor(role: Role, codes: &[&str]) -> Actor {
        let scope = path(codes);
        let region = scope.codes().last().cloned().unwrap_or_else(RegionCode::root);
        Actor { id: AccountId::new(), role, region, scope }
    }

    #[test]
    fn scope_is_the_subtree() {
        let a = actor(Role::StationStaff, &["50", "5001", "500101", "500101001"]);
        let own = path(&["50", "5001", "500101", "500101001"]);
        let child = path(&["50", "5001", "500101", "500101001", "500101001001"]);
        let sibling = path(&["50", "5001", "500101", "500101002"]);
        let parent = path(&["50", "5001", "500101"]);
        assert_eq!(decide(&a, Action::ViewNetwork, Some(&own)), Decision::Allow);
        assert_eq!(decide(&a, Action::ViewNetwork, Some(&child)), Decision::Allow);
        assert_eq!(decide(&a, Action::ViewNetwork, Some(&sibling)), Decision::Hidden);
        assert_eq!(decide(&a, Action::ViewNetwork, Some(&parent)), Decision::Hidden);
    }

    #[test]
    fn role_refusal_comes_before_scope() {
        let v = actor(Role::Volunteer, &["50", "5001", "500101", "500101001", "500101001001"]);
        let elsewhere = path(&["11"]);
        assert_eq!(decide(&v, Action::ViewNetwork, Some(&elsewhere)), Decision::Forbidden);
    }

    #[test]
    fn record_rules_come_after_scope() {
        let c = actor(Role::CenterStaff, &["50", "5001", "500101"]);
        let own = path(&["50", "5001", "500101"]);
        let sibling = path(&["50", "5001", "500102"]);
        let centre = Action::ManageServicePoint(ServicePointLevel::Center);
        assert_eq!(decide(&c, centre, Some(&own)), Decision::Forbidden);
        assert_eq!(decide(&c, centre, Some(&sibling)), Decision::Hidden);
        let station = Action::ManageServicePoint(ServicePointLevel::Station);
        assert_eq!(decide(&c, station, Some(&own)), Decision::Allow);
    }

    #[test]
    fn accounts_are_managed_downwards() {
        use Role::*;
        let expected = [
            (PlatformAdmin, vec![PlatformAdmin, CenterStaff, StationStaff, RoomWorker, OrgStaff, Volunteer, Resident]),
            (CenterStaff, vec![StationStaff, RoomWorker, OrgStaff, Volunteer, Resident]),
            (StationStaff, vec![RoomWorker, Volunteer, Resident]),
            (RoomWorker, vec![]),
            (OrgStaff, vec![]),
            (Volunteer, vec![]),
            (Resident, vec![]),
        ];
        for (actor_role, allowed) in expected {
            for target in Role::ALL {
                assert_eq!(
                    may_manage_account(actor_role, target),
                    allowed.contains(&target),
                    "{actor_role:?} → {target:?}"
                );
            }
        }
    }

    #[test]
    fn points_are_managed_one_level_up() {
        use ServicePointLevel::*;
        assert!(may_manage_point(Role::PlatformAdmin, Center));
        assert!(!may_manage_point(Role::CenterStaff, Center));
        assert!(may_manage_point(Role::CenterStaff, Room));
        assert!(!may_manage_point(Role::StationStaff, Station));
        assert!(may_manage_point(Role::StationStaff, Room));
        assert!(!may_manage_point(Role::RoomWorker, Room));
    }
}
