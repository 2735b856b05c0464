//! Every route of the product, in one table. The router is built from it, and the cross-region
//! probe test walks it, so a new route is probed the moment it exists.

use axum::http::{HeaderValue, Method, header};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, delete, get, post, put};
use wushe_domain::Role;

use crate::auth::{
    AdminRole, AnyRole, FundManagerRoles, ManagerRoles, OrgStaffRole, PeopleManagerRoles, PlannerRoles, Policy,
    StaffRoles, VolunteerRole,
};
use crate::{api, pages};
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
}

pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    pub guard: Guard,
    /// What the path's parameter names; [`Record::None`] for a path without one.
    pub record: Record,
    handler: fn() -> MethodRouter<AppState>,
}

impl RouteDef {
    fn names(self, record: Record) -> RouteDef {
        RouteDef { record, ..self }
    }
}

fn r(method: Method, path: &'static str, guard: Guard, handler: fn() -> MethodRouter<AppState>) -> RouteDef {
    RouteDef { method, path, guard, record: Record::None, handler }
}

pub fn table() -> Vec<RouteDef> {
    use Guard::*;
    use pages::{
        accounts as pa, audit as pau, donors as pd, login, me, needs as pn, organizations as po, points as pp,
        regions as pr, residents as prs, second_factor as psf, social_workers as psw, volunteers as pv,
    };
    vec![
        r(Method::GET, "/", Public, || get(login::home)),
        r(Method::GET, "/healthz", Public, || get(healthz)),
        r(Method::GET, "/static/app.css", Public, || get(stylesheet)),
        r(Method::GET, "/static/echarts-5.6.0.min.js", Public, || get(echarts)),
        r(Method::GET, "/static/figures.js", Public, || get(figures_js)),
        r(Method::GET, "/login", Public, || get(login::form)),
        r(Method::POST, "/login", Public, || post(login::submit)),
        r(Method::GET, "/login/code", Public, || get(pages::sign_in_code::form)),
        r(Method::POST, "/login/code", Public, || post(pages::sign_in_code::submit)),
        r(Method::POST, "/logout", SignedPending, || post(login::logout)),
        r(Method::GET, "/lang", Public, || get(login::switch_lang)),
        r(Method::GET, "/me", Signed, || get(me::show)),
        r(Method::GET, "/me/password", SignedPending, || get(me::password_form)),
        r(Method::POST, "/me/password", SignedPending, || post(me::change_password)),
        r(Method::GET, "/me/second-factor", SignedPending, || get(psf::show)),
        r(Method::POST, "/me/second-factor/setup", SignedPending, || post(psf::setup)),
        r(Method::POST, "/me/second-factor/confirm", SignedPending, || post(psf::confirm)),
        r(Method::POST, "/me/second-factor/recovery-codes", Signed, || post(psf::regenerate)),
        r(Method::POST, "/me/second-factor/disable", Signed, || post(psf::disable)),
        r(Method::GET, "/regions", Staff, || get(pr::home)),
        r(Method::GET, "/regions/{code}", Staff, || get(pr::show)).names(Record::Region),
        r(Method::GET, "/figures", Staff, || get(pages::figures::home)),
        r(Method::GET, "/figures/method", Staff, || get(pages::figures::method)),
        r(Method::GET, "/figures/{code}", Staff, || get(pages::figures::show)).names(Record::Region),
        r(Method::GET, "/figures/{code}/records", Staff, || get(pages::figures::records)).names(Record::Region),
        r(Method::GET, "/figures/{code}/charts", Staff, || get(pages::figures::charts)).names(Record::Region),
        r(Method::GET, "/figures/{code}/report", Staff, || get(pages::figures::report)).names(Record::Region),
        r(Method::POST, "/regions/{code}/zones", Admin, || post(pr::add_zone)).names(Record::Region),
        r(Method::POST, "/regions/{code}/placement", Admin, || post(pr::place)).names(Record::Region),
        r(Method::GET, "/service-points", Staff, || get(pp::list)),
        r(Method::POST, "/service-points", Manager, || post(pp::create)),
        r(Method::GET, "/service-points/new", Manager, || get(pp::new_form)),
        r(Method::GET, "/service-points/{id}", Staff, || get(pp::show)).names(Record::Point),
        r(Method::POST, "/service-points/{id}", Manager, || post(pp::update)).names(Record::Point),
        r(Method::GET, "/service-points/{id}/edit", Manager, || get(pp::edit_form)).names(Record::Point),
        r(Method::POST, "/service-points/{id}/close", Manager, || post(pp::close)).names(Record::Point),
        r(Method::POST, "/service-points/{id}/reveal", Manager, || post(pp::reveal)).names(Record::Point),
        r(Method::GET, "/accounts", Manager, || get(pa::list)),
        r(Method::POST, "/accounts", Manager, || post(pa::create)),
        r(Method::GET, "/accounts/new", Manager, || get(pa::new_form)),
        r(Method::GET, "/accounts/{id}", Manager, || get(pa::show)).names(Record::Account),
        r(Method::POST, "/accounts/{id}/disable", Manager, || post(pa::disable)).names(Record::Account),
        r(Method::POST, "/accounts/{id}/enable", Manager, || post(pa::enable)).names(Record::Account),
        r(Method::POST, "/accounts/{id}/reset-password", Manager, || post(pa::reset_password)).names(Record::Account),
        r(Method::POST, "/accounts/{id}/second-factor/reset", Manager, || post(pa::reset_second_factor))
            .names(Record::Account),
        r(Method::POST, "/accounts/{id}/reveal", Manager, || post(pa::reveal)).names(Record::Account),
        r(Method::GET, "/audit", Admin, || get(pau::list)),
        r(Method::GET, "/needs", Staff, || get(pn::list)),
        r(Method::POST, "/needs", PeopleManager, || post(pn::create)),
        r(Method::GET, "/needs/new", PeopleManager, || get(pn::new_form)),
        r(Method::GET, "/needs/{id}", Staff, || get(pn::show)).names(Record::Need),
        r(Method::POST, "/needs/{id}/status", PeopleManager, || post(pn::transition)).names(Record::Need),
        r(Method::POST, "/needs/{id}/notes", PeopleManager, || post(pn::note)).names(Record::Need),
        r(Method::POST, "/needs/{id}/case", PeopleManager, || post(pn::open_case)).names(Record::Need),
        r(Method::POST, "/needs/{id}/case/notes", PeopleManager, || post(pn::case_note)).names(Record::Need),
        r(Method::POST, "/needs/{id}/tasks", PeopleManager, || post(pn::dispatch)).names(Record::Need),
        r(Method::POST, "/needs/{id}/follow-up", PeopleManager, || post(pn::follow_up)).names(Record::Need),
        r(Method::POST, "/needs/{id}/review", Manager, || post(pn::review)).names(Record::Need),
        r(Method::GET, "/tasks", Volunteer, || get(pages::tasks::list)),
        r(Method::POST, "/tasks/{id}/accept", Volunteer, || post(pages::tasks::accept)).names(Record::Task),
        r(Method::POST, "/tasks/{id}/withdraw", Volunteer, || post(pages::tasks::withdraw)).names(Record::Task),
        r(Method::POST, "/tasks/{id}/check-in", Volunteer, || post(pages::tasks::check_in)).names(Record::Task),
        r(Method::POST, "/tasks/{id}/check-out", Volunteer, || post(pages::tasks::check_out)).names(Record::Task),
        r(Method::POST, "/needs/{id}/referrals", PeopleManager, || post(pages::needs::refer)).names(Record::Need),
        r(Method::GET, "/referrals", OrgStaff, || get(pages::referrals::list)),
        r(Method::POST, "/referrals/{id}/accept", OrgStaff, || post(pages::referrals::accept)).names(Record::Referral),
        r(Method::POST, "/referrals/{id}/decline", OrgStaff, || post(pages::referrals::decline))
            .names(Record::Referral),
        r(Method::GET, "/activities", Staff, || get(pages::activities::list)),
        r(Method::GET, "/activities/new", Planner, || get(pages::activities::new_form)),
        r(Method::POST, "/activities", Planner, || post(pages::activities::create)),
        r(Method::GET, "/activities/{id}", Staff, || get(pages::activities::show)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/publish", Planner, || post(pages::activities::publish))
            .names(Record::Activity),
        r(Method::POST, "/activities/{id}/cancel", Planner, || post(pages::activities::cancel)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/check-in", Planner, || post(pages::activities::check))
            .names(Record::Activity),
        r(Method::GET, "/activities/{id}/code", Planner, || get(pages::activities::code)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/report", Planner, || post(pages::activities::report)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/photos", Planner, || upload(post(pages::activities::add_photo)))
            .names(Record::Activity),
        r(Method::GET, "/public/activities", Public, || get(pages::activities_public::list)),
        r(Method::GET, "/public/activities/{id}", Public, || get(pages::activities_public::show)).names(Record::Public),
        r(Method::POST, "/public/activities/{id}/sign-up", Signed, || post(pages::activities_public::sign_up))
            .names(Record::Public),
        r(Method::POST, "/public/activities/{id}/withdraw", Signed, || post(pages::activities_public::withdraw))
            .names(Record::Public),
        r(Method::GET, "/check-in", Signed, || get(pages::activities_public::scan_form)),
        r(Method::GET, "/me/hours", Volunteer, || get(pages::hours::mine)),
        r(Method::GET, "/hours", Staff, || get(pages::hours::totals)),
        r(Method::POST, "/me/hours/{id}/correction", Volunteer, || post(pages::hours::correction))
            .names(Record::HoursEntry),
        r(Method::POST, "/me/certificates", Volunteer, || post(pages::hours::request_certificate)),
        r(Method::GET, "/hours/desk", Planner, || get(pages::hours_desk::show)),
        r(Method::POST, "/hours-requests/{id}/approve", Planner, || post(pages::hours_desk::approve))
            .names(Record::HoursRequest),
        r(Method::POST, "/hours-requests/{id}/reject", Planner, || post(pages::hours_desk::reject))
            .names(Record::HoursRequest),
        r(Method::POST, "/hours/{id}/amend", Planner, || post(pages::hours_desk::amend)).names(Record::HoursEntry),
        r(Method::POST, "/hours-corrections/{id}/reject", Planner, || post(pages::hours_desk::keep))
            .names(Record::HoursCorrection),
        r(Method::POST, "/certificates/{id}/issue", Planner, || post(pages::hours_desk::issue))
            .names(Record::Certificate),
        r(Method::POST, "/certificates/{id}/refuse", Planner, || post(pages::hours_desk::refuse))
            .names(Record::Certificate),
        r(Method::POST, "/certificates/{id}/revoke", Planner, || post(pages::hours_desk::revoke))
            .names(Record::Certificate),
        r(Method::POST, "/certificates/{id}/reissue", Planner, || post(pages::hours_desk::reissue))
            .names(Record::Certificate),
        r(Method::GET, "/volunteers/{id}/hours", Staff, || get(pages::hours_desk::record)).names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/hours", Planner, || post(pages::hours_desk::back_entry))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/certificates", Planner, || post(pages::hours_desk::issue_for))
            .names(Record::Volunteer),
        r(Method::GET, "/public/certificates", Public, || get(pages::certificates_public::form)),
        r(Method::GET, "/public/funds/{id}", Public, || get(pages::funds_public::show)).names(Record::Public),
        r(Method::GET, "/public/wishes", Public, || get(pages::wishes_public::list)),
        r(Method::GET, "/public/wishes/{id}", Public, || get(pages::wishes_public::show)).names(Record::Public),
        r(Method::POST, "/public/wishes/{id}/take", Public, || post(pages::wishes_public::take)).names(Record::Public),
        r(Method::GET, "/funds", Staff, || get(pages::funds::list)),
        r(Method::POST, "/funds", FundManager, || post(pages::funds::create)),
        r(Method::GET, "/funds/{id}", Staff, || get(pages::funds::show)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/donations", FundManager, || post(pages::funds::donate)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/matching-rules", FundManager, || post(pages::funds::add_rule)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/appeals", FundManager, || post(pages::funds::add_appeal)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/close", FundManager, || post(pages::funds::close)).names(Record::Fund),
        r(Method::POST, "/grants/{id}/approve", FundManager, || post(pages::funds::approve_grant)).names(Record::Grant),
        r(Method::POST, "/grants/{id}/decline", FundManager, || post(pages::funds::decline_grant)).names(Record::Grant),
        r(Method::POST, "/money/{id}/reverse", FundManager, || post(pages::funds::reverse)).names(Record::Money),
        r(Method::POST, "/needs/{id}/grants", PeopleManager, || post(pages::need_charity::ask_grant))
            .names(Record::Need),
        r(Method::POST, "/needs/{id}/wish", PeopleManager, || post(pages::need_charity::publish_wish))
            .names(Record::Need),
        r(Method::POST, "/wishes/{id}/fulfil", PeopleManager, || post(pages::need_charity::fulfil_wish))
            .names(Record::Wish),
        r(Method::POST, "/wishes/{id}/withdraw", PeopleManager, || post(pages::need_charity::withdraw_wish))
            .names(Record::Wish),
        r(Method::POST, "/wishes/{id}/confirm", PeopleManager, || post(pages::need_charity::confirm_wish))
            .names(Record::Wish),
        r(Method::GET, "/relief", Staff, || get(pages::relief::list)),
        r(Method::POST, "/relief", Staff, || post(pages::relief::apply)),
        r(Method::GET, "/relief/{id}", Staff, || get(pages::relief::show)).names(Record::Relief),
        r(Method::POST, "/relief/{id}/approve", FundManager, || post(pages::relief::approve)).names(Record::Relief),
        r(Method::POST, "/relief/{id}/decline", FundManager, || post(pages::relief::decline)).names(Record::Relief),
        r(Method::POST, "/relief/{id}/documents", Staff, || upload(post(pages::relief::add_document)))
            .names(Record::Relief),
        r(Method::GET, "/public/certificates/{number}", Public, || get(pages::certificates_public::show))
            .names(Record::Public),
        r(Method::POST, "/check-in", Signed, || post(pages::activities_public::scan)),
        r(Method::GET, "/service-records", Staff, || get(pages::services::list)),
        r(Method::GET, "/service-records/new", PeopleManager, || get(pages::services::new_form)),
        r(Method::POST, "/service-records", PeopleManager, || post(pages::services::create)),
        r(Method::GET, "/service-records/{id}", Staff, || get(pages::services::show)).names(Record::ServiceRecord),
        r(Method::GET, "/inbox", Signed, || get(pages::inbox::show)),
        r(Method::POST, "/inbox/read", Signed, || post(pages::inbox::read)),
        r(Method::GET, "/help", Public, || get(pages::help::form)),
        r(Method::POST, "/help", Public, || post(pages::help::submit)),
        r(Method::GET, "/help/track", Public, || get(pages::help::track)),
        r(Method::GET, "/residents", Staff, || get(prs::list)),
        r(Method::POST, "/residents", PeopleManager, || post(prs::create)),
        r(Method::GET, "/residents/new", PeopleManager, || get(prs::new_form)),
        r(Method::GET, "/residents/{id}", Staff, || get(prs::show)).names(Record::Resident),
        r(Method::POST, "/residents/{id}/reveal", PeopleManager, || post(prs::reveal)).names(Record::Resident),
        r(Method::POST, "/residents/{id}", PeopleManager, || post(prs::update)).names(Record::Resident),
        r(Method::GET, "/residents/{id}/edit", PeopleManager, || get(prs::edit_form)).names(Record::Resident),
        r(Method::POST, "/residents/{id}/personal-data", PeopleManager, || post(prs::personal_data))
            .names(Record::Resident),
        r(Method::POST, "/residents/{id}/erase", PeopleManager, || post(prs::erase)).names(Record::Resident),
        r(Method::POST, "/residents/{id}/consents", PeopleManager, || post(prs::consent)).names(Record::Resident),
        r(Method::GET, "/residents/import", PeopleManager, || get(prs::import_form)),
        r(Method::POST, "/residents/import", PeopleManager, || upload(post(prs::import))),
        r(Method::GET, "/residents/template.xlsx", Staff, || get(api::resident_sheets::template)),
        r(Method::GET, "/residents/export.xlsx", Staff, || get(api::resident_sheets::export)),
        r(Method::GET, "/social-workers", Staff, || get(psw::list)),
        r(Method::POST, "/social-workers", Manager, || post(psw::create)),
        r(Method::GET, "/social-workers/new", Manager, || get(psw::new_form)),
        r(Method::GET, "/social-workers/{id}", Staff, || get(psw::show)).names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}", Manager, || post(psw::update)).names(Record::SocialWorker),
        r(Method::GET, "/social-workers/{id}/edit", Manager, || get(psw::edit_form)).names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/postings", Manager, || post(psw::repost)).names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/reveal", Manager, || post(psw::reveal)).names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/personal-data", Manager, || post(psw::personal_data))
            .names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/erase", Manager, || post(psw::erase)).names(Record::SocialWorker),
        r(Method::GET, "/social-workers/import", Manager, || get(psw::import_form)),
        r(Method::POST, "/social-workers/import", Manager, || upload(post(psw::import))),
        r(Method::GET, "/social-workers/template.xlsx", Staff, || get(api::social_worker_sheets::template)),
        r(Method::GET, "/social-workers/export.xlsx", Staff, || get(api::social_worker_sheets::export)),
        r(Method::GET, "/donors", Staff, || get(pd::list)),
        r(Method::POST, "/donors", PeopleManager, || post(pd::create)),
        r(Method::GET, "/donors/new", PeopleManager, || get(pd::new_form)),
        r(Method::GET, "/donors/{id}", Staff, || get(pd::show)).names(Record::Donor),
        r(Method::POST, "/donors/{id}", PeopleManager, || post(pd::update)).names(Record::Donor),
        r(Method::GET, "/donors/{id}/edit", PeopleManager, || get(pd::edit_form)).names(Record::Donor),
        r(Method::POST, "/donors/{id}/reveal", PeopleManager, || post(pd::reveal)).names(Record::Donor),
        r(Method::POST, "/donors/{id}/personal-data", PeopleManager, || post(pd::personal_data)).names(Record::Donor),
        r(Method::POST, "/donors/{id}/erase", PeopleManager, || post(pd::erase)).names(Record::Donor),
        r(Method::GET, "/donors/import", PeopleManager, || get(pd::import_form)),
        r(Method::POST, "/donors/import", PeopleManager, || upload(post(pd::import))),
        r(Method::GET, "/donors/template.xlsx", Staff, || get(api::donor_sheets::template)),
        r(Method::GET, "/donors/export.xlsx", Staff, || get(api::donor_sheets::export)),
        r(Method::GET, "/skills", Admin, || get(pages::skills::list)),
        r(Method::POST, "/skills", Admin, || post(pages::skills::add)),
        r(Method::POST, "/skills/retire", Admin, || post(pages::skills::retire)),
        r(Method::GET, "/organizations", Staff, || get(po::list)),
        r(Method::POST, "/organizations", Manager, || post(po::create)),
        r(Method::GET, "/organizations/new", Manager, || get(po::new_form)),
        r(Method::GET, "/organizations/{id}", Staff, || get(po::show)).names(Record::Organization),
        r(Method::GET, "/organizations/import", Manager, || get(po::import_form)),
        r(Method::POST, "/organizations/import", Manager, || upload(post(po::import))),
        r(Method::GET, "/organizations/template.xlsx", Staff, || get(api::organization_sheets::template)),
        r(Method::GET, "/organizations/export.xlsx", Staff, || get(api::organization_sheets::export)),
        r(Method::GET, "/volunteers", Staff, || get(pv::list)),
        r(Method::POST, "/volunteers", PeopleManager, || post(pv::create)),
        r(Method::GET, "/volunteers/new", PeopleManager, || get(pv::new_form)),
        r(Method::GET, "/volunteers/{id}", Staff, || get(pv::show)).names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/reveal", PeopleManager, || post(pv::reveal)).names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}", PeopleManager, || post(pv::update)).names(Record::Volunteer),
        r(Method::GET, "/volunteers/{id}/edit", PeopleManager, || get(pv::edit_form)).names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/personal-data", PeopleManager, || post(pv::personal_data))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/erase", PeopleManager, || post(pv::erase)).names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/memberships", PeopleManager, || post(pages::memberships::join))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/memberships/leave", PeopleManager, || post(pages::memberships::leave))
            .names(Record::Volunteer),
        r(Method::GET, "/volunteers/import", PeopleManager, || get(pv::import_form)),
        r(Method::POST, "/volunteers/import", PeopleManager, || upload(post(pv::import))),
        r(Method::GET, "/volunteers/template.xlsx", Staff, || get(api::volunteer_sheets::template)),
        r(Method::GET, "/volunteers/export.xlsx", Staff, || get(api::volunteer_sheets::export)),
        r(Method::GET, "/api/openapi.json", Public, || get(openapi)),
        r(Method::POST, "/api/v1/session", Public, || post(api::session::login)),
        r(Method::DELETE, "/api/v1/session", SignedPending, || delete(api::session::logout)),
        r(Method::GET, "/api/v1/me", Signed, || get(api::session::me)),
        r(Method::PUT, "/api/v1/me/password", SignedPending, || put(api::session::change_password)),
        r(Method::GET, "/api/v1/regions/{code}", Staff, || get(api::regions::show)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}", Staff, || get(api::figures::summary)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/records", Staff, || get(api::figures::records)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/summary.xlsx", Staff, || get(api::figures::summary_xlsx))
            .names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/records.xlsx", Staff, || get(api::figures::records_xlsx))
            .names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/charts", Staff, || get(api::figures::charts)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/report", Staff, || get(api::figures::report)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/report.pdf", Staff, || get(api::figures::report_pdf))
            .names(Record::Region),
        r(Method::POST, "/api/v1/regions/{code}/zones", Admin, || post(api::regions::add_zone)).names(Record::Region),
        r(Method::POST, "/api/v1/regions/{code}/placement", Admin, || post(api::regions::place)).names(Record::Region),
        r(Method::GET, "/api/v1/service-points", Staff, || get(api::points::list)),
        r(Method::POST, "/api/v1/service-points", Manager, || post(api::points::create)),
        r(Method::GET, "/api/v1/service-points/{id}", Staff, || get(api::points::show)).names(Record::Point),
        r(Method::PUT, "/api/v1/service-points/{id}", Manager, || put(api::points::update)).names(Record::Point),
        r(Method::POST, "/api/v1/service-points/{id}/close", Manager, || post(api::points::close)).names(Record::Point),
        r(Method::POST, "/api/v1/service-points/{id}/reveal", Manager, || post(api::points::reveal))
            .names(Record::Point),
        r(Method::GET, "/api/v1/accounts", Manager, || get(api::accounts::list)),
        r(Method::POST, "/api/v1/accounts", Manager, || post(api::accounts::create)),
        r(Method::GET, "/api/v1/accounts/{id}", Manager, || get(api::accounts::show)).names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/disable", Manager, || post(api::accounts::disable))
            .names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/enable", Manager, || post(api::accounts::enable)).names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/reset-password", Manager, || post(api::accounts::reset_password))
            .names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/second-factor/reset", Manager, || {
            post(api::accounts::reset_second_factor)
        })
        .names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/reveal", Manager, || post(api::accounts::reveal)).names(Record::Account),
        r(Method::GET, "/api/v1/audit", Admin, || get(api::audit::list)),
        r(Method::GET, "/api/v1/volunteers", Staff, || get(api::volunteers::list)),
        r(Method::POST, "/api/v1/volunteers", PeopleManager, || post(api::volunteers::create)),
        r(Method::GET, "/api/v1/volunteers/{id}", Staff, || get(api::volunteers::show)).names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/reveal", PeopleManager, || post(api::volunteers::reveal))
            .names(Record::Volunteer),
        r(Method::PUT, "/api/v1/volunteers/{id}", PeopleManager, || put(api::volunteers::correct))
            .names(Record::Volunteer),
        r(Method::DELETE, "/api/v1/volunteers/{id}", PeopleManager, || delete(api::volunteers::erase))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/personal-data", PeopleManager, || {
            post(api::volunteers::personal_data)
        })
        .names(Record::Volunteer),
        r(Method::GET, "/api/v1/volunteers/{id}/memberships", Staff, || get(api::volunteers::memberships))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/memberships", PeopleManager, || post(api::volunteers::join))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/memberships/leave", PeopleManager, || post(api::volunteers::leave))
            .names(Record::Volunteer),
        r(Method::GET, "/api/v1/skills", Staff, || get(api::skills::list)),
        r(Method::POST, "/api/v1/skills", Admin, || post(api::skills::add)),
        r(Method::POST, "/api/v1/skills/retire", Admin, || post(api::skills::retire)),
        r(Method::GET, "/api/v1/volunteers/template.xlsx", Staff, || get(api::volunteer_sheets::template)),
        r(Method::POST, "/api/v1/volunteers/import", PeopleManager, || upload(post(api::volunteer_sheets::import))),
        r(Method::GET, "/api/v1/volunteers/export.xlsx", Staff, || get(api::volunteer_sheets::export)),
        r(Method::GET, "/api/v1/residents", Staff, || get(api::residents::list)),
        r(Method::POST, "/api/v1/residents", PeopleManager, || post(api::residents::create)),
        r(Method::GET, "/api/v1/residents/{id}", Staff, || get(api::residents::show)).names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/reveal", PeopleManager, || post(api::residents::reveal))
            .names(Record::Resident),
        r(Method::GET, "/api/v1/residents/{id}/consents", Staff, || get(api::residents::consents))
            .names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/consents", PeopleManager, || post(api::residents::consent))
            .names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/consents/withdraw", PeopleManager, || post(api::residents::withdraw))
            .names(Record::Resident),
        r(Method::PUT, "/api/v1/residents/{id}", PeopleManager, || put(api::residents::correct))
            .names(Record::Resident),
        r(Method::DELETE, "/api/v1/residents/{id}", PeopleManager, || delete(api::residents::erase))
            .names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/personal-data", PeopleManager, || post(api::residents::personal_data))
            .names(Record::Resident),
        r(Method::GET, "/api/v1/residents/template.xlsx", Staff, || get(api::resident_sheets::template)),
        r(Method::POST, "/api/v1/residents/import", PeopleManager, || upload(post(api::resident_sheets::import))),
        r(Method::GET, "/api/v1/residents/export.xlsx", Staff, || get(api::resident_sheets::export)),
        r(Method::GET, "/api/v1/social-workers", Staff, || get(api::social_workers::list)),
        r(Method::POST, "/api/v1/social-workers", Manager, || post(api::social_workers::create)),
        r(Method::GET, "/api/v1/social-workers/{id}", Staff, || get(api::social_workers::show))
            .names(Record::SocialWorker),
        r(Method::POST, "/api/v1/social-workers/{id}/reveal", Manager, || post(api::social_workers::reveal))
            .names(Record::SocialWorker),
        r(Method::GET, "/api/v1/social-workers/{id}/postings", Staff, || get(api::social_workers::postings))
            .names(Record::SocialWorker),
        r(Method::GET, "/api/v1/social-workers/template.xlsx", Staff, || get(api::social_worker_sheets::template)),
        r(Method::POST, "/api/v1/social-workers/import", Manager, || upload(post(api::social_worker_sheets::import))),
        r(Method::GET, "/api/v1/social-workers/export.xlsx", Staff, || get(api::social_worker_sheets::export)),
        r(Method::POST, "/api/v1/social-workers/{id}/postings", Manager, || post(api::social_workers::repost))
            .names(Record::SocialWorker),
        r(Method::PUT, "/api/v1/social-workers/{id}", Manager, || put(api::social_workers::correct))
            .names(Record::SocialWorker),
        r(Method::DELETE, "/api/v1/social-workers/{id}", Manager, || delete(api::social_workers::erase))
            .names(Record::SocialWorker),
        r(Method::POST, "/api/v1/social-workers/{id}/personal-data", Manager, || {
            post(api::social_workers::personal_data)
        })
        .names(Record::SocialWorker),
        r(Method::GET, "/api/v1/donors", Staff, || get(api::donors::list)),
        r(Method::POST, "/api/v1/donors", PeopleManager, || post(api::donors::create)),
        r(Method::GET, "/api/v1/donors/{id}", Staff, || get(api::donors::show)).names(Record::Donor),
        r(Method::POST, "/api/v1/donors/{id}/reveal", PeopleManager, || post(api::donors::reveal)).names(Record::Donor),
        r(Method::GET, "/api/v1/donors/template.xlsx", Staff, || get(api::donor_sheets::template)),
        r(Method::POST, "/api/v1/donors/import", PeopleManager, || upload(post(api::donor_sheets::import))),
        r(Method::GET, "/api/v1/donors/export.xlsx", Staff, || get(api::donor_sheets::export)),
        r(Method::PUT, "/api/v1/donors/{id}", PeopleManager, || put(api::donors::correct)).names(Record::Donor),
        r(Method::DELETE, "/api/v1/donors/{id}", PeopleManager, || delete(api::donors::erase)).names(Record::Donor),
        r(Method::POST, "/api/v1/donors/{id}/personal-data", PeopleManager, || post(api::donors::personal_data))
            .names(Record::Donor),
        r(Method::GET, "/api/v1/me/notifications", Signed, || get(api::needs::notifications)),
        r(Method::GET, "/api/v1/needs", Staff, || get(api::needs::list)),
        r(Method::POST, "/api/v1/needs", PeopleManager, || post(api::needs::create)),
        r(Method::GET, "/api/v1/needs/{id}", Staff, || get(api::needs::show)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/status", PeopleManager, || post(api::needs::transition))
            .names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/notes", PeopleManager, || post(api::needs::note)).names(Record::Need),
        r(Method::GET, "/api/v1/needs/{id}/timeline", Staff, || get(api::needs::timeline)).names(Record::Need),
        r(Method::GET, "/api/v1/needs/{id}/case", Staff, || get(api::needs::case)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/case", PeopleManager, || post(api::needs::open_case)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/case/notes", PeopleManager, || post(api::needs::case_note))
            .names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/follow-up", PeopleManager, || post(api::needs::follow_up))
            .names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/review", Manager, || post(api::needs::review)).names(Record::Need),
        r(Method::GET, "/api/v1/needs/{id}/tasks", Staff, || get(api::tasks::of_need)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/tasks", PeopleManager, || post(api::tasks::create)).names(Record::Need),
        r(Method::GET, "/api/v1/tasks", Volunteer, || get(api::tasks::mine)),
        r(Method::POST, "/api/v1/tasks/{id}/accept", Volunteer, || post(api::tasks::accept)).names(Record::Task),
        r(Method::POST, "/api/v1/tasks/{id}/withdraw", Volunteer, || post(api::tasks::withdraw)).names(Record::Task),
        r(Method::POST, "/api/v1/tasks/{id}/check-in", Volunteer, || post(api::tasks::check_in)).names(Record::Task),
        r(Method::POST, "/api/v1/tasks/{id}/check-out", Volunteer, || post(api::tasks::check_out)).names(Record::Task),
        r(Method::GET, "/api/v1/needs/{id}/referrals", Staff, || get(api::referrals::of_need)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/referrals", PeopleManager, || post(api::referrals::send))
            .names(Record::Need),
        r(Method::GET, "/api/v1/referrals", OrgStaff, || get(api::referrals::mine)),
        r(Method::GET, "/api/v1/referrals/{id}", Staff, || get(api::referrals::show)).names(Record::Referral),
        r(Method::POST, "/api/v1/referrals/{id}/accept", OrgStaff, || post(api::referrals::accept))
            .names(Record::Referral),
        r(Method::POST, "/api/v1/referrals/{id}/decline", OrgStaff, || post(api::referrals::decline))
            .names(Record::Referral),
        r(Method::GET, "/api/v1/needs/{id}/recommendations", Staff, || get(api::matching::organizations))
            .names(Record::Need),
        r(Method::GET, "/api/v1/tasks/{id}/recommendations", Staff, || get(api::matching::volunteers))
            .names(Record::Task),
        r(Method::GET, "/api/v1/activities", Staff, || get(api::activities::list)),
        r(Method::POST, "/api/v1/activities", Planner, || post(api::activities::create)),
        r(Method::GET, "/api/v1/activities/{id}", Staff, || get(api::activities::show)).names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/publish", Planner, || post(api::activities::publish))
            .names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/cancel", Planner, || post(api::activities::cancel))
            .names(Record::Activity),
        r(Method::GET, "/api/v1/activities/{id}/signups", Staff, || get(api::activities::signups))
            .names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/check-in", Planner, || post(api::activities::check))
            .names(Record::Activity),
        r(Method::GET, "/api/v1/activities/{id}/code", Planner, || get(api::activities::code)).names(Record::Activity),
        r(Method::GET, "/api/v1/activities/{id}/report", Staff, || get(api::activity_reports::show))
            .names(Record::Activity),
        r(Method::PUT, "/api/v1/activities/{id}/report", Planner, || put(api::activity_reports::write))
            .names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/photos", Planner, || upload(post(api::activity_reports::add_photo)))
            .names(Record::Activity),
        r(Method::GET, "/api/v1/activity-photos/{id}", Staff, || get(api::activity_reports::photo))
            .names(Record::ActivityPhoto),
        r(Method::GET, "/api/v1/public/activities", Public, || get(api::activities::published)),
        r(Method::POST, "/api/v1/public/activities/{id}/sign-up", Signed, || post(api::activities::sign_up))
            .names(Record::Public),
        r(Method::POST, "/api/v1/public/activities/{id}/withdraw", Signed, || post(api::activities::withdraw))
            .names(Record::Public),
        r(Method::POST, "/api/v1/check-in", Signed, || post(api::activities::scan)),
        r(Method::GET, "/api/v1/me/hours", Volunteer, || get(api::hours::mine)),
        r(Method::GET, "/api/v1/volunteers/{id}/hours", Staff, || get(api::hours::of_volunteer))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/hours", Planner, || post(api::hours::request))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/hours-requests/{id}/approve", Planner, || post(api::hours::approve))
            .names(Record::HoursRequest),
        r(Method::POST, "/api/v1/hours-requests/{id}/reject", Planner, || post(api::hours::reject))
            .names(Record::HoursRequest),
        r(Method::POST, "/api/v1/hours/{id}/amend", Planner, || post(api::hours::amend)).names(Record::HoursEntry),
        r(Method::GET, "/api/v1/hours/totals", Staff, || get(api::hours::totals)),
        r(Method::GET, "/api/v1/hours/totals.xlsx", Staff, || get(api::hours::totals_xlsx)),
        r(Method::GET, "/api/v1/hours/desk", Planner, || get(api::hours::desk_view)),
        r(Method::GET, "/api/v1/me/hours/corrections", Volunteer, || get(api::hours::my_corrections)),
        r(Method::POST, "/api/v1/me/hours/{id}/corrections", Volunteer, || post(api::hours::raise_correction))
            .names(Record::HoursEntry),
        r(Method::POST, "/api/v1/hours-corrections/{id}/reject", Planner, || post(api::hours::reject_correction))
            .names(Record::HoursCorrection),
        r(Method::GET, "/api/v1/me/certificates", Volunteer, || get(api::certificates::mine)),
        r(Method::POST, "/api/v1/me/certificates", Volunteer, || post(api::certificates::request)),
        r(Method::GET, "/api/v1/certificates", Staff, || get(api::certificates::list)),
        r(Method::GET, "/api/v1/certificates/{id}", Staff, || get(api::certificates::show)).names(Record::Certificate),
        r(Method::GET, "/api/v1/certificates/{id}/pdf", Signed, || get(api::certificates::pdf))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/volunteers/{id}/certificates", Planner, || post(api::certificates::issue_for))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/certificates/{id}/issue", Planner, || post(api::certificates::issue))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/certificates/{id}/refuse", Planner, || post(api::certificates::refuse))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/certificates/{id}/revoke", Planner, || post(api::certificates::revoke))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/certificates/{id}/reissue", Planner, || post(api::certificates::reissue))
            .names(Record::Certificate),
        r(Method::GET, "/api/v1/public/certificates/{number}", Public, || get(api::certificates::verify))
            .names(Record::Public),
        r(Method::GET, "/api/v1/funds", Staff, || get(api::funds::list)),
        r(Method::POST, "/api/v1/funds", FundManager, || post(api::funds::create)),
        r(Method::GET, "/api/v1/funds/{id}", Staff, || get(api::funds::show)).names(Record::Fund),
        r(Method::GET, "/api/v1/funds/{id}/donations", Staff, || get(api::funds::donations)).names(Record::Fund),
        r(Method::POST, "/api/v1/funds/{id}/donations", FundManager, || post(api::funds::donate)).names(Record::Fund),
        r(Method::POST, "/api/v1/funds/{id}/matching-rules", FundManager, || post(api::funds::add_rule))
            .names(Record::Fund),
        r(Method::POST, "/api/v1/money/{id}/reverse", FundManager, || post(api::funds::reverse)).names(Record::Money),
        r(Method::POST, "/api/v1/funds/{id}/close", FundManager, || post(api::funds::close)).names(Record::Fund),
        r(Method::GET, "/api/v1/needs/{id}/grants", Staff, || get(api::grants::of_need)).names(Record::Need),
        r(Method::GET, "/api/v1/public/funds/{id}", Public, || get(api::funds::disclosure)).names(Record::Public),
        r(Method::POST, "/api/v1/needs/{id}/grants", PeopleManager, || post(api::grants::request)).names(Record::Need),
        r(Method::POST, "/api/v1/grants/{id}/approve", FundManager, || post(api::grants::approve)).names(Record::Grant),
        r(Method::POST, "/api/v1/grants/{id}/decline", FundManager, || post(api::grants::decline)).names(Record::Grant),
        r(Method::GET, "/api/v1/funds/{id}/appeals", Staff, || get(api::fund_book::appeals)).names(Record::Fund),
        r(Method::POST, "/api/v1/funds/{id}/appeals", FundManager, || post(api::fund_book::add_appeal))
            .names(Record::Fund),
        r(Method::GET, "/api/v1/funds/{id}/ledger.xlsx", FundManager, || get(api::fund_book::ledger_xlsx))
            .names(Record::Fund),
        r(Method::GET, "/api/v1/donations/{id}/receipt.pdf", FundManager, || get(api::fund_book::receipt))
            .names(Record::Donation),
        r(Method::GET, "/api/v1/needs/{id}/wish", Staff, || get(api::wishes::of_need)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/wish", PeopleManager, || post(api::wishes::publish)).names(Record::Need),
        r(Method::POST, "/api/v1/wishes/{id}/fulfil", PeopleManager, || post(api::wishes::fulfil)).names(Record::Wish),
        r(Method::POST, "/api/v1/wishes/{id}/withdraw", PeopleManager, || post(api::wishes::withdraw))
            .names(Record::Wish),
        r(Method::POST, "/api/v1/wishes/{id}/confirm", PeopleManager, || post(api::wishes::confirm))
            .names(Record::Wish),
        r(Method::GET, "/api/v1/public/wishes", Public, || get(api::wishes::open)),
        r(Method::GET, "/api/v1/public/wishes/{id}", Public, || get(api::wishes::show)).names(Record::Public),
        r(Method::POST, "/api/v1/public/wishes/{id}/take", Public, || post(api::wishes::take)).names(Record::Public),
        r(Method::GET, "/api/v1/care-funds", Staff, || get(api::relief::care_funds)),
        r(Method::GET, "/api/v1/relief", Staff, || get(api::relief::list)),
        r(Method::POST, "/api/v1/relief", Staff, || post(api::relief::apply)),
        r(Method::GET, "/api/v1/relief/{id}", Staff, || get(api::relief::show)).names(Record::Relief),
        r(Method::POST, "/api/v1/relief/{id}/approve", FundManager, || post(api::relief::approve))
            .names(Record::Relief),
        r(Method::POST, "/api/v1/relief/{id}/decline", FundManager, || post(api::relief::decline))
            .names(Record::Relief),
        r(Method::POST, "/api/v1/relief/{id}/documents", Staff, || upload(post(api::relief::add_document)))
            .names(Record::Relief),
        r(Method::GET, "/api/v1/relief-documents/{id}", Staff, || get(api::relief::document))
            .names(Record::ReliefDocument),
        r(Method::GET, "/api/v1/service-records", Staff, || get(api::services::list)),
        r(Method::POST, "/api/v1/service-records", PeopleManager, || post(api::services::create)),
        r(Method::GET, "/api/v1/service-records/{id}", Staff, || get(api::services::show)).names(Record::ServiceRecord),
        r(Method::POST, "/api/v1/public/needs", Public, || post(api::needs::submit)),
        r(Method::GET, "/api/v1/public/needs/{code}", Public, || get(api::needs::track)).names(Record::Public),
        r(Method::GET, "/api/v1/organizations", Staff, || get(api::organizations::list)),
        r(Method::POST, "/api/v1/organizations", Manager, || post(api::organizations::create)),
        r(Method::GET, "/api/v1/organizations/{id}", Staff, || get(api::organizations::show))
            .names(Record::Organization),
        r(Method::GET, "/api/v1/organizations/template.xlsx", Staff, || get(api::organization_sheets::template)),
        r(Method::POST, "/api/v1/organizations/import", Manager, || upload(post(api::organization_sheets::import))),
        r(Method::GET, "/api/v1/organizations/export.xlsx", Staff, || get(api::organization_sheets::export)),
    ]
}

/// Upload routes take files up to the upload limit instead of the usual 1 MiB.
fn upload(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.layer(axum::extract::DefaultBodyLimit::max(api::files::MAX_UPLOAD_MIB * 1024 * 1024))
}

pub fn router() -> axum::Router<AppState> {
    table().into_iter().fold(axum::Router::new(), |router, def| router.route(def.path, (def.handler)()))
}

async fn healthz() -> &'static str {
    "ok"
}

fn script(body: &'static str, max_age: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static(max_age)),
        ],
        body,
    )
}

/// ECharts (Apache-2.0, `static/vendor/echarts-LICENSE.txt`), served from the binary: the version
/// is in the path, so it may be kept for a year.
async fn echarts() -> impl IntoResponse {
    script(include_str!("../static/vendor/echarts-5.6.0.min.js"), "public, max-age=31536000, immutable")
}

async fn figures_js() -> impl IntoResponse {
    script(include_str!("../static/figures.js"), "public, max-age=3600")
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        include_str!("../static/app.css"),
    )
}

/// The OpenAPI document of the routes in [`table`].
pub fn document() -> utoipa::openapi::OpenApi {
    let routes: Vec<api::Documented> = table()
        .into_iter()
        .map(|d| api::Documented { method: d.method, path: d.path, guarded: d.guard != Guard::Public })
        .collect();
    api::document(&routes)
}

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(document())
}
