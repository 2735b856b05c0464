//! Who is asking. A middleware resolves the session (cookie for pages, bearer token or cookie for
//! the API) and the language once per request; the guard extractors below then prove the role in
//! the handler's signature.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wushe_domain::authz::{Action, Actor, role_may_ever};
use wushe_domain::{Lang, Role, ServicePointLevel};
use wushe_store::Scope;
use wushe_store::accounts::Account;
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::sessions;

use crate::error::{AppError, HttpError};
pub use wushe_app::access::session::{Auth, random_token, same_secret, token_hash};
use wushe_app::state::AppState;

pub const SESSION_COOKIE: &str = "wushe_session";
pub const PRELOGIN_CSRF_COOKIE: &str = "wushe_csrf";
pub const LANG_COOKIE: &str = "lang";

/// A session that has passed the password but not the second factor: it reaches only the code
/// page (and sign-out). It is kept apart from [`Auth`] so that no guard can mistake it for one.
#[derive(Debug, Clone)]
pub struct PendingSignIn(pub Auth);

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Resolves language and session for every request.
pub async fn context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let token = bearer.clone().or_else(|| cookie(headers, SESSION_COOKIE).map(str::to_owned));
    let auth = match token {
        None => None,
        Some(t) => match load(&state, &t, bearer.is_some()).await {
            Ok(a) => a,
            Err(e) => return HttpError(e).into_response(),
        },
    };
    let lang = cookie(req.headers(), LANG_COOKIE)
        .and_then(Lang::parse)
        .or_else(|| auth.as_ref().and_then(|a| a.account.locale))
        .unwrap_or_else(|| lang_of_headers(req.headers()));
    req.extensions_mut().insert(lang);
    match auth {
        Some(a) if a.session.pending() => {
            req.extensions_mut().insert(PendingSignIn(a));
        }
        Some(a) => {
            req.extensions_mut().insert(a);
        }
        None => {}
    }
    let mut res = next.run(req).await;
    res.extensions_mut().insert(lang);
    res
}

/// The language a request asks for without looking at its account: the `lang` cookie, then
/// `Accept-Language`, then Chinese.
pub fn lang_of_headers(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE).and_then(Lang::parse).unwrap_or_else(|| {
        Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
    })
}

async fn load(state: &AppState, token: &str, bearer: bool) -> Result<Option<Auth>, AppError> {
    let hash = token_hash(token);
    let Some((session, account)) = sessions::get(&state.db, &hash, state.settings.session_idle_ms()).await? else {
        return Ok(None);
    };
    if account.status != wushe_domain::account::AccountStatus::Active {
        sessions::delete(&state.db, &hash).await?;
        return Ok(None);
    }
    let must_enrol = state.settings.second_factor.required_for(account.role) && !account.second_factor;
    Ok(Some(Auth { account, session, bearer, must_enrol }))
}

/// Which roles a guard lets through; mirrors [`role_may_ever`] for the action it stands for.
pub trait Policy: Send + Sync + 'static {
    fn allows(role: Role) -> bool;
    /// Whether an account that must still change its first password, or enrol the second factor
    /// the installation requires of it, may pass: the pages that do those two things.
    const WHILE_SETUP_PENDING: bool = false;
}

pub struct AnyRole;
pub struct PendingPassword;
pub struct StaffRoles;
pub struct ManagerRoles;
pub struct AdminRole;
pub struct PeopleManagerRoles;
pub struct VolunteerRole;
pub struct OrgStaffRole;
pub struct PlannerRoles;
pub struct FundManagerRoles;

impl Policy for AnyRole {
    fn allows(_: Role) -> bool {
        true
    }
}
impl Policy for PendingPassword {
    fn allows(_: Role) -> bool {
        true
    }
    const WHILE_SETUP_PENDING: bool = true;
}
impl Policy for StaffRoles {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::ViewNetwork)
    }
}
impl Policy for ManagerRoles {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::ManageServicePoint(ServicePointLevel::Room))
            && role_may_ever(role, Action::ViewAccounts)
    }
}
impl Policy for AdminRole {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::ManageRegions)
    }
}

impl Policy for VolunteerRole {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::TakeTasks)
    }
}

impl Policy for PlannerRoles {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::PlanActivities)
    }
}

impl Policy for FundManagerRoles {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::ManageFunds)
    }
}

impl Policy for OrgStaffRole {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::AnswerReferrals)
    }
}

impl Policy for PeopleManagerRoles {
    fn allows(role: Role) -> bool {
        role_may_ever(role, Action::ManagePeople)
    }
}

/// Proof, in a handler's signature, that the request is signed in with a role the policy allows.
pub struct Guard<P>(pub Auth, PhantomData<P>);

/// Any signed-in account that has set its own password.
pub type Signed = Guard<AnyRole>;
/// Any signed-in account, also one that must still change its first password or enrol.
pub type SignedPending = Guard<PendingPassword>;
/// Staff of the service network and organizations.
pub type Staff = Guard<StaffRoles>;
/// Administrators, centre and station staff.
pub type Manager = Guard<ManagerRoles>;
/// Platform administrators.
pub type Admin = Guard<AdminRole>;
/// Staff who register people: administrators, centre, station and room staff.
pub type PeopleManager = Guard<PeopleManagerRoles>;
/// Volunteers acting for themselves.
pub type VolunteerSelf = Guard<VolunteerRole>;
/// Organization staff acting for their organization.
pub type OrgStaff = Guard<OrgStaffRole>;
/// Those who plan and run community activities.
pub type Planner = Guard<PlannerRoles>;
/// Those who keep funds' books.
pub type FundManager = Guard<FundManagerRoles>;

impl<P> Guard<P> {
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }
    pub fn scope(&self) -> Scope {
        self.0.scope()
    }
    pub fn account(&self) -> &Account {
        &self.0.account
    }
}

impl<P: Policy> FromRequestParts<AppState> for Guard<P> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(auth) = parts.extensions.get::<Auth>().cloned() else {
            if parts.extensions.get::<PendingSignIn>().is_some() {
                return Err(AppError::SecondFactorRequired.into());
            }
            return Err(AppError::Unauthenticated.into());
        };
        if auth.account.must_change_password && !P::WHILE_SETUP_PENDING {
            return Err(AppError::PasswordChangeRequired.into());
        }
        if auth.must_enrol && !P::WHILE_SETUP_PENDING {
            return Err(AppError::SecondFactorEnrolmentRequired.into());
        }
        if !P::allows(auth.account.role) {
            let route = format!("{} {}", parts.method, parts.uri.path());
            let event = Event::new(Some(auth.account.id), "route.denied", "route")
                .id(route)
                .region(&auth.account.region_code)
                .outcome(Outcome::Forbidden);
            audit::record(&state.db, &event).await?;
            return Err(AppError::Forbidden.into());
        }
        Ok(Guard(auth, PhantomData))
    }
}

/// The language of the request, set by [`context`].
pub struct ReqLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ReqLang(parts.extensions.get::<Lang>().copied().unwrap_or_default()))
    }
}

/// The half-open session of a sign-in waiting for its code, if the request has one.
pub struct MaybePending(pub Option<Auth>);

impl<S: Send + Sync> FromRequestParts<S> for MaybePending {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybePending(parts.extensions.get::<PendingSignIn>().map(|p| p.0.clone())))
    }
}

/// Any session, open or half-open: signing out ends either.
pub struct AnySession(pub Auth);

impl<S: Send + Sync> FromRequestParts<S> for AnySession {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let open = parts.extensions.get::<Auth>().cloned();
        let half = || parts.extensions.get::<PendingSignIn>().map(|p| p.0.clone());
        open.or_else(half).map(AnySession).ok_or(HttpError(AppError::Unauthenticated))
    }
}

/// The signed-in account if there is one, for pages that also serve visitors.
pub struct MaybeAuth(pub Option<Auth>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeAuth {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeAuth(parts.extensions.get::<Auth>().cloned()))
    }
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The network address a request came from, for throttling public forms: the peer's IP, or
/// `local` for in-process calls that have none.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
        Ok(ClientAddress(peer.map(|c| c.0.ip().to_string()).unwrap_or_else(|| "local".to_owned())))
    }
}
