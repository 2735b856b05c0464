//! Every route of the product, in one table. The router is built from it, and the cross-region
//! probe test walks it, so a new route is probed the moment it exists.

use axum::http::{HeaderValue, Method, header};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, delete, get, post, put};
use wushe_domain::Role;

use crate::auth::{AdminRole, AnyRole, ManagerRoles, PeopleManagerRoles, Policy, StaffRoles, VolunteerRole};
use crate::state::AppState;
use crate::{api, pages};

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
        }
    }
}

pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    pub guard: Guard,
    handler: fn() -> MethodRouter<AppState>,
}

fn r(method: Method, path: &'static str, guard: Guard, handler: fn() -> MethodRouter<AppState>) -> RouteDef {
    RouteDef { method, path, guard, handler }
}

pub fn table() -> Vec<RouteDef> {
    use Guard::*;
    use pages::{
        accounts as pa, audit as pau, donors as pd, login, me, needs as pn, organizations as po, points as pp,
        regions as pr, residents as prs, social_workers as psw, volunteers as pv,
    };
    vec![
        r(Method::GET, "/", Public, || get(login::home)),
        r(Method::GET, "/healthz", Public, || get(healthz)),
        r(Method::GET, "/static/app.css", Public, || get(stylesheet)),
        r(Method::GET, "/login", Public, || get(login::form)),
        r(Method::POST, "/login", Public, || post(login::submit)),
        r(Method::POST, "/logout", SignedPending, || post(login::logout)),
        r(Method::GET, "/lang", Public, || get(login::switch_lang)),
        r(Method::GET, "/me", Signed, || get(me::show)),
        r(Method::GET, "/me/password", SignedPending, || get(me::password_form)),
        r(Method::POST, "/me/password", SignedPending, || post(me::change_password)),
        r(Method::GET, "/regions", Staff, || get(pr::home)),
        r(Method::GET, "/regions/{code}", Staff, || get(pr::show)),
        r(Method::POST, "/regions/{code}/zones", Admin, || post(pr::add_zone)),
        r(Method::POST, "/regions/{code}/placement", Admin, || post(pr::place)),
        r(Method::GET, "/service-points", Staff, || get(pp::list)),
        r(Method::POST, "/service-points", Manager, || post(pp::create)),
        r(Method::GET, "/service-points/new", Manager, || get(pp::new_form)),
        r(Method::GET, "/service-points/{id}", Staff, || get(pp::show)),
        r(Method::POST, "/service-points/{id}", Manager, || post(pp::update)),
        r(Method::GET, "/service-points/{id}/edit", Manager, || get(pp::edit_form)),
        r(Method::POST, "/service-points/{id}/close", Manager, || post(pp::close)),
        r(Method::POST, "/service-points/{id}/reveal", Manager, || post(pp::reveal)),
        r(Method::GET, "/accounts", Manager, || get(pa::list)),
        r(Method::POST, "/accounts", Manager, || post(pa::create)),
        r(Method::GET, "/accounts/new", Manager, || get(pa::new_form)),
        r(Method::GET, "/accounts/{id}", Manager, || get(pa::show)),
        r(Method::POST, "/accounts/{id}/disable", Manager, || post(pa::disable)),
        r(Method::POST, "/accounts/{id}/enable", Manager, || post(pa::enable)),
        r(Method::POST, "/accounts/{id}/reset-password", Manager, || post(pa::reset_password)),
        r(Method::POST, "/accounts/{id}/reveal", Manager, || post(pa::reveal)),
        r(Method::GET, "/audit", Admin, || get(pau::list)),
        r(Method::GET, "/needs", Staff, || get(pn::list)),
        r(Method::POST, "/needs", PeopleManager, || post(pn::create)),
        r(Method::GET, "/needs/new", PeopleManager, || get(pn::new_form)),
        r(Method::GET, "/needs/{id}", Staff, || get(pn::show)),
        r(Method::POST, "/needs/{id}/status", PeopleManager, || post(pn::transition)),
        r(Method::POST, "/needs/{id}/notes", PeopleManager, || post(pn::note)),
        r(Method::POST, "/needs/{id}/case", PeopleManager, || post(pn::open_case)),
        r(Method::POST, "/needs/{id}/case/notes", PeopleManager, || post(pn::case_note)),
        r(Method::POST, "/needs/{id}/tasks", PeopleManager, || post(pn::dispatch)),
        r(Method::POST, "/needs/{id}/follow-up", PeopleManager, || post(pn::follow_up)),
        r(Method::POST, "/needs/{id}/review", Manager, || post(pn::review)),
        r(Method::GET, "/tasks", Volunteer, || get(pages::tasks::list)),
        r(Method::POST, "/tasks/{id}/accept", Volunteer, || post(pages::tasks::accept)),
        r(Method::POST, "/tasks/{id}/withdraw", Volunteer, || post(pages::tasks::withdraw)),
        r(Method::GET, "/inbox", Signed, || get(pages::inbox::show)),
        r(Method::POST, "/inbox/read", Signed, || post(pages::inbox::read)),
        r(Method::GET, "/help", Public, || get(pages::help::form)),
        r(Method::POST, "/help", Public, || post(pages::help::submit)),
        r(Method::GET, "/help/track", Public, || get(pages::help::track)),
        r(Method::GET, "/residents", Staff, || get(prs::list)),
        r(Method::POST, "/residents", PeopleManager, || post(prs::create)),
        r(Method::GET, "/residents/new", PeopleManager, || get(prs::new_form)),
        r(Method::GET, "/residents/{id}", Staff, || get(prs::show)),
        r(Method::POST, "/residents/{id}/reveal", PeopleManager, || post(prs::reveal)),
        r(Method::POST, "/residents/{id}", PeopleManager, || post(prs::update)),
        r(Method::GET, "/residents/{id}/edit", PeopleManager, || get(prs::edit_form)),
        r(Method::POST, "/residents/{id}/personal-data", PeopleManager, || post(prs::personal_data)),
        r(Method::POST, "/residents/{id}/erase", PeopleManager, || post(prs::erase)),
        r(Method::POST, "/residents/{id}/consents", PeopleManager, || post(prs::consent)),
        r(Method::GET, "/residents/import", PeopleManager, || get(prs::import_form)),
        r(Method::POST, "/residents/import", PeopleManager, || upload(post(prs::import))),
        r(Method::GET, "/residents/template.xlsx", Staff, || get(api::resident_sheets::template)),
        r(Method::GET, "/residents/export.xlsx", Staff, || get(api::resident_sheets::export)),
        r(Method::GET, "/social-workers", Staff, || get(psw::list)),
        r(Method::POST, "/social-workers", Manager, || post(psw::create)),
        r(Method::GET, "/social-workers/new", Manager, || get(psw::new_form)),
        r(Method::GET, "/social-workers/{id}", Staff, || get(psw::show)),
        r(Method::POST, "/social-workers/{id}", Manager, || post(psw::update)),
        r(Method::GET, "/social-workers/{id}/edit", Manager, || get(psw::edit_form)),
        r(Method::POST, "/social-workers/{id}/postings", Manager, || post(psw::repost)),
        r(Method::POST, "/social-workers/{id}/reveal", Manager, || post(psw::reveal)),
        r(Method::POST, "/social-workers/{id}/personal-data", Manager, || post(psw::personal_data)),
        r(Method::POST, "/social-workers/{id}/erase", Manager, || post(psw::erase)),
        r(Method::GET, "/social-workers/import", Manager, || get(psw::import_form)),
        r(Method::POST, "/social-workers/import", Manager, || upload(post(psw::import))),
        r(Method::GET, "/social-workers/template.xlsx", Staff, || get(api::social_worker_sheets::template)),
        r(Method::GET, "/social-workers/export.xlsx", Staff, || get(api::social_worker_sheets::export)),
        r(Method::GET, "/donors", Staff, || get(pd::list)),
        r(Method::POST, "/donors", PeopleManager, || post(pd::create)),
        r(Method::GET, "/donors/new", PeopleManager, || get(pd::new_form)),
        r(Method::GET, "/donors/{id}", Staff, || get(pd::show)),
        r(Method::POST, "/donors/{id}", PeopleManager, || post(pd::update)),
        r(Method::GET, "/donors/{id}/edit", PeopleManager, || get(pd::edit_form)),
        r(Method::POST, "/donors/{id}/reveal", PeopleManager, || post(pd::reveal)),
        r(Method::POST, "/donors/{id}/personal-data", PeopleManager, || post(pd::personal_data)),
        r(Method::POST, "/donors/{id}/erase", PeopleManager, || post(pd::erase)),
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
        r(Method::GET, "/organizations/{id}", Staff, || get(po::show)),
        r(Method::GET, "/organizations/import", Manager, || get(po::import_form)),
        r(Method::POST, "/organizations/import", Manager, || upload(post(po::import))),
        r(Method::GET, "/organizations/template.xlsx", Staff, || get(api::organization_sheets::template)),
        r(Method::GET, "/organizations/export.xlsx", Staff, || get(api::organization_sheets::export)),
        r(Method::GET, "/volunteers", Staff, || get(pv::list)),
        r(Method::POST, "/volunteers", PeopleManager, || post(pv::create)),
        r(Method::GET, "/volunteers/new", PeopleManager, || get(pv::new_form)),
        r(Method::GET, "/volunteers/{id}", Staff, || get(pv::show)),
        r(Method::POST, "/volunteers/{id}/reveal", PeopleManager, || post(pv::reveal)),
        r(Method::POST, "/volunteers/{id}", PeopleManager, || post(pv::update)),
        r(Method::GET, "/volunteers/{id}/edit", PeopleManager, || get(pv::edit_form)),
        r(Method::POST, "/volunteers/{id}/personal-data", PeopleManager, || post(pv::personal_data)),
        r(Method::POST, "/volunteers/{id}/erase", PeopleManager, || post(pv::erase)),
        r(Method::POST, "/volunteers/{id}/memberships", PeopleManager, || post(pages::memberships::join)),
        r(Method::POST, "/volunteers/{id}/memberships/leave", PeopleManager, || post(pages::memberships::leave)),
        r(Method::GET, "/volunteers/import", PeopleManager, || get(pv::import_form)),
        r(Method::POST, "/volunteers/import", PeopleManager, || upload(post(pv::import))),
        r(Method::GET, "/volunteers/template.xlsx", Staff, || get(api::volunteer_sheets::template)),
        r(Method::GET, "/volunteers/export.xlsx", Staff, || get(api::volunteer_sheets::export)),
        r(Method::GET, "/api/openapi.json", Public, || get(api::openapi)),
        r(Method::POST, "/api/v1/session", Public, || post(api::session::login)),
        r(Method::DELETE, "/api/v1/session", SignedPending, || delete(api::session::logout)),
        r(Method::GET, "/api/v1/me", Signed, || get(api::session::me)),
        r(Method::PUT, "/api/v1/me/password", SignedPending, || put(api::session::change_password)),
        r(Method::GET, "/api/v1/regions/{code}", Staff, || get(api::regions::show)),
        r(Method::POST, "/api/v1/regions/{code}/zones", Admin, || post(api::regions::add_zone)),
        r(Method::POST, "/api/v1/regions/{code}/placement", Admin, || post(api::regions::place)),
        r(Method::GET, "/api/v1/service-points", Staff, || get(api::points::list)),
        r(Method::POST, "/api/v1/service-points", Manager, || post(api::points::create)),
        r(Method::GET, "/api/v1/service-points/{id}", Staff, || get(api::points::show)),
        r(Method::PUT, "/api/v1/service-points/{id}", Manager, || put(api::points::update)),
        r(Method::POST, "/api/v1/service-points/{id}/close", Manager, || post(api::points::close)),
        r(Method::POST, "/api/v1/service-points/{id}/reveal", Manager, || post(api::points::reveal)),
        r(Method::GET, "/api/v1/accounts", Manager, || get(api::accounts::list)),
        r(Method::POST, "/api/v1/accounts", Manager, || post(api::accounts::create)),
        r(Method::GET, "/api/v1/accounts/{id}", Manager, || get(api::accounts::show)),
        r(Method::POST, "/api/v1/accounts/{id}/disable", Manager, || post(api::accounts::disable)),
        r(Method::POST, "/api/v1/accounts/{id}/enable", Manager, || post(api::accounts::enable)),
        r(Method::POST, "/api/v1/accounts/{id}/reset-password", Manager, || post(api::accounts::reset_password)),
        r(Method::POST, "/api/v1/accounts/{id}/reveal", Manager, || post(api::accounts::reveal)),
        r(Method::GET, "/api/v1/audit", Admin, || get(api::audit::list)),
        r(Method::GET, "/api/v1/volunteers", Staff, || get(api::volunteers::list)),
        r(Method::POST, "/api/v1/volunteers", PeopleManager, || post(api::volunteers::create)),
        r(Method::GET, "/api/v1/volunteers/{id}", Staff, || get(api::volunteers::show)),
        r(Method::POST, "/api/v1/volunteers/{id}/reveal", PeopleManager, || post(api::volunteers::reveal)),
        r(Method::PUT, "/api/v1/volunteers/{id}", PeopleManager, || put(api::volunteers::correct)),
        r(Method::DELETE, "/api/v1/volunteers/{id}", PeopleManager, || delete(api::volunteers::erase)),
        r(Method::POST, "/api/v1/volunteers/{id}/personal-data", PeopleManager, || {
            post(api::volunteers::personal_data)
        }),
        r(Method::GET, "/api/v1/volunteers/{id}/memberships", Staff, || get(api::volunteers::memberships)),
        r(Method::POST, "/api/v1/volunteers/{id}/memberships", PeopleManager, || post(api::volunteers::join)),
        r(Method::POST, "/api/v1/volunteers/{id}/memberships/leave", PeopleManager, || post(api::volunteers::leave)),
        r(Method::GET, "/api/v1/skills", Staff, || get(api::skills::list)),
        r(Method::POST, "/api/v1/skills", Admin, || post(api::skills::add)),
        r(Method::POST, "/api/v1/skills/retire", Admin, || post(api::skills::retire)),
        r(Method::GET, "/api/v1/volunteers/template.xlsx", Staff, || get(api::volunteer_sheets::template)),
        r(Method::POST, "/api/v1/volunteers/import", PeopleManager, || upload(post(api::volunteer_sheets::import))),
        r(Method::GET, "/api/v1/volunteers/export.xlsx", Staff, || get(api::volunteer_sheets::export)),
        r(Method::GET, "/api/v1/residents", Staff, || get(api::residents::list)),
        r(Method::POST, "/api/v1/residents", PeopleManager, || post(api::residents::create)),
        r(Method::GET, "/api/v1/residents/{id}", Staff, || get(api::residents::show)),
        r(Method::POST, "/api/v1/residents/{id}/reveal", PeopleManager, || post(api::residents::reveal)),
        r(Method::GET, "/api/v1/residents/{id}/consents", Staff, || get(api::residents::consents)),
        r(Method::POST, "/api/v1/residents/{id}/consents", PeopleManager, || post(api::residents::consent)),
        r(Method::POST, "/api/v1/residents/{id}/consents/withdraw", PeopleManager, || post(api::residents::withdraw)),
        r(Method::PUT, "/api/v1/residents/{id}", PeopleManager, || put(api::residents::correct)),
        r(Method::DELETE, "/api/v1/residents/{id}", PeopleManager, || delete(api::residents::erase)),
        r(Method::POST, "/api/v1/residents/{id}/personal-data", PeopleManager, || post(api::residents::personal_data)),
        r(Method::GET, "/api/v1/residents/template.xlsx", Staff, || get(api::resident_sheets::template)),
        r(Method::POST, "/api/v1/residents/import", PeopleManager, || upload(post(api::resident_sheets::import))),
        r(Method::GET, "/api/v1/residents/export.xlsx", Staff, || get(api::resident_sheets::export)),
        r(Method::GET, "/api/v1/social-workers", Staff, || get(api::social_workers::list)),
        r(Method::POST, "/api/v1/social-workers", Manager, || post(api::social_workers::create)),
        r(Method::GET, "/api/v1/social-workers/{id}", Staff, || get(api::social_workers::show)),
        r(Method::POST, "/api/v1/social-workers/{id}/reveal", Manager, || post(api::social_workers::reveal)),
        r(Method::GET, "/api/v1/social-workers/{id}/postings", Staff, || get(api::social_workers::postings)),
        r(Method::GET, "/api/v1/social-workers/template.xlsx", Staff, || get(api::social_worker_sheets::template)),
        r(Method::POST, "/api/v1/social-workers/import", Manager, || upload(post(api::social_worker_sheets::import))),
        r(Method::GET, "/api/v1/social-workers/export.xlsx", Staff, || get(api::social_worker_sheets::export)),
        r(Method::POST, "/api/v1/social-workers/{id}/postings", Manager, || post(api::social_workers::repost)),
        r(Method::PUT, "/api/v1/social-workers/{id}", Manager, || put(api::social_workers::correct)),
        r(Method::DELETE, "/api/v1/social-workers/{id}", Manager, || delete(api::social_workers::erase)),
        r(Method::POST, "/api/v1/social-workers/{id}/personal-data", Manager, || {
            post(api::social_workers::personal_data)
        }),
        r(Method::GET, "/api/v1/donors", Staff, || get(api::donors::list)),
        r(Method::POST, "/api/v1/donors", PeopleManager, || post(api::donors::create)),
        r(Method::GET, "/api/v1/donors/{id}", Staff, || get(api::donors::show)),
        r(Method::POST, "/api/v1/donors/{id}/reveal", PeopleManager, || post(api::donors::reveal)),
        r(Method::GET, "/api/v1/donors/template.xlsx", Staff, || get(api::donor_sheets::template)),
        r(Method::POST, "/api/v1/donors/import", PeopleManager, || upload(post(api::donor_sheets::import))),
        r(Method::GET, "/api/v1/donors/export.xlsx", Staff, || get(api::donor_sheets::export)),
        r(Method::PUT, "/api/v1/donors/{id}", PeopleManager, || put(api::donors::correct)),
        r(Method::DELETE, "/api/v1/donors/{id}", PeopleManager, || delete(api::donors::erase)),
        r(Method::POST, "/api/v1/donors/{id}/personal-data", PeopleManager, || post(api::donors::personal_data)),
        r(Method::GET, "/api/v1/me/notifications", Signed, || get(api::needs::notifications)),
        r(Method::GET, "/api/v1/needs", Staff, || get(api::needs::list)),
        r(Method::POST, "/api/v1/needs", PeopleManager, || post(api::needs::create)),
        r(Method::GET, "/api/v1/needs/{id}", Staff, || get(api::needs::show)),
        r(Method::POST, "/api/v1/needs/{id}/status", PeopleManager, || post(api::needs::transition)),
        r(Method::POST, "/api/v1/needs/{id}/notes", PeopleManager, || post(api::needs::note)),
        r(Method::GET, "/api/v1/needs/{id}/timeline", Staff, || get(api::needs::timeline)),
        r(Method::GET, "/api/v1/needs/{id}/case", Staff, || get(api::needs::case)),
        r(Method::POST, "/api/v1/needs/{id}/case", PeopleManager, || post(api::needs::open_case)),
        r(Method::POST, "/api/v1/needs/{id}/case/notes", PeopleManager, || post(api::needs::case_note)),
        r(Method::POST, "/api/v1/needs/{id}/follow-up", PeopleManager, || post(api::needs::follow_up)),
        r(Method::POST, "/api/v1/needs/{id}/review", Manager, || post(api::needs::review)),
        r(Method::GET, "/api/v1/needs/{id}/tasks", Staff, || get(api::tasks::of_need)),
        r(Method::POST, "/api/v1/needs/{id}/tasks", PeopleManager, || post(api::tasks::create)),
        r(Method::GET, "/api/v1/tasks", Volunteer, || get(api::tasks::mine)),
        r(Method::POST, "/api/v1/tasks/{id}/accept", Volunteer, || post(api::tasks::accept)),
        r(Method::POST, "/api/v1/tasks/{id}/withdraw", Volunteer, || post(api::tasks::withdraw)),
        r(Method::POST, "/api/v1/public/needs", Public, || post(api::needs::submit)),
        r(Method::GET, "/api/v1/public/needs/{code}", Public, || get(api::needs::track)),
        r(Method::GET, "/api/v1/organizations", Staff, || get(api::organizations::list)),
        r(Method::POST, "/api/v1/organizations", Manager, || post(api::organizations::create)),
        r(Method::GET, "/api/v1/organizations/{id}", Staff, || get(api::organizations::show)),
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

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        include_str!("../static/app.css"),
    )
}
