//! Community activities: staff plan, publish and cancel them and check people in from the list;
//! anyone sees the published ones; volunteers and residents sign up on their phones and check in
//! and out by scanning the activity's code, which changes every minute.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::activity::{
    ActivityCategory, ActivityInput, ActivityStatus, NewActivity, SignupRole, TargetGroup, code_minute,
    code_minute_current,
};
use wushe_domain::authz::Action;
use wushe_domain::{ActivityId, Conflict, Field, FieldError, Reason, RegionCode};
use wushe_store::activities::{self as store, Activity, Attendance, Signer};
use wushe_store::activity_attendance::{self as attendance, Signup};
use wushe_store::{Db, Scope, StoreError, now_ms};

use crate::access::session::{Auth, same_secret};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize, authorize_role, not_found, page_bounds};
use crate::views::{Page, format_ms};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: ActivityId,
    pub region_code: String,
    pub region_name: String,
    pub title: String,
    pub category: ActivityCategory,
    pub place: String,
    /// "2026-12-01 09:00–11:30" in China time.
    pub window: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub participant_places: i64,
    pub volunteer_places: i64,
    pub participants: i64,
    pub volunteers: i64,
    pub target_groups: Vec<TargetGroup>,
    pub partners: Vec<String>,
    pub description: String,
    pub status: ActivityStatus,
}

impl From<&Activity> for ActivityView {
    fn from(a: &Activity) -> Self {
        let end = format_ms(a.ends_at);
        let end = end.split_once(' ').map(|(_, hm)| hm.to_owned()).unwrap_or(end);
        ActivityView {
            id: a.id,
            region_code: a.region_code.to_string(),
            region_name: a.region_name.clone(),
            title: a.title.clone(),
            category: a.category,
            place: a.place.clone(),
            window: format!("{}–{end}", format_ms(a.starts_at)),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            participant_places: a.participant_places,
            volunteer_places: a.volunteer_places,
            participants: a.participants,
            volunteers: a.volunteers,
            target_groups: a.target_groups.clone(),
            partners: a.partners.clone(),
            description: a.description.clone(),
            status: a.status,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignupView {
    pub id: String,
    pub role: SignupRole,
    pub name: String,
    /// Volunteer or resident id.
    pub person: String,
    pub signed: bool,
    pub check_in_at: Option<String>,
    pub check_out_at: Option<String>,
}

impl From<Signup> for SignupView {
    fn from(s: Signup) -> Self {
        let person = match s.signer {
            Signer::Volunteer(v) => v.to_string(),
            Signer::Resident(r) => r.to_string(),
        };
        SignupView {
            id: s.id,
            role: s.role,
            name: s.name,
            person,
            signed: s.signed,
            check_in_at: s.check_in_at.map(format_ms),
            check_out_at: s.check_out_at.map(format_ms),
        }
    }
}

/// The signed-in person's standing on an activity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyAttendance {
    pub activity: ActivityView,
    pub signed: bool,
    pub check_in_at: Option<String>,
    pub check_out_at: Option<String>,
}

impl MyAttendance {
    fn of(a: &Activity, at: Attendance) -> MyAttendance {
        MyAttendance {
            activity: a.into(),
            signed: at.signed,
            check_in_at: at.check_in_at.map(format_ms),
            check_out_at: at.check_out_at.map(format_ms),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 1: only activities not yet over.
    pub upcoming: Option<String>,
    /// Region code: only activities under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<ActivityView>> {
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let upcoming = q.upcoming.as_deref().is_some_and(|v| v == "1" || v == "true").then(now_ms);
    let (items, total) = store::list(&state.db, &scope, upcoming, offset, limit).await?;
    Ok(Page { items: items.iter().map(ActivityView::from).collect(), total, offset, limit })
}

pub async fn get(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<Activity> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(a) => Ok(a),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "activity", &id, elsewhere).await)
        }
    }
}

pub async fn get_to_plan(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<Activity> {
    let a = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::PlanActivities, "activity", &id, (&a.region_code, &a.region_path)).await?;
    Ok(a)
}

/// Plans an activity (a draft) for a community in the caller's area.
pub async fn create(state: &AppState, auth: &Auth, input: &ActivityInput) -> AppResult<Activity> {
    authorize_role(state, &auth.actor(), Action::PlanActivities, "activity").await?;
    let new = NewActivity::parse(input, now_ms())?;
    let org = auth.account.organization_id;
    Ok(store::create(&state.db, &auth.scope(), &new, org, Some(auth.actor().id)).await?)
}

pub async fn set_status(state: &AppState, auth: &Auth, id: ActivityId, to: ActivityStatus) -> AppResult<Activity> {
    get_to_plan(state, auth, id).await?;
    let a = store::set_status(&state.db, &auth.scope(), id, to, Some(auth.actor().id)).await?;
    a.ok_or(AppError::NotFound)
}

pub async fn signups(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<Vec<SignupView>> {
    get(state, auth, id).await?;
    let list = attendance::signups(&state.db, &auth.scope(), id).await?.ok_or(AppError::NotFound)?;
    Ok(list.into_iter().map(SignupView::from).collect())
}

/// Staff check a signed-up person in (or out) from the list.
pub async fn check_from_list(state: &AppState, auth: &Auth, id: ActivityId, signup: &str) -> AppResult<SignupView> {
    get_to_plan(state, auth, id).await?;
    let list = attendance::signups(&state.db, &auth.scope(), id).await?.ok_or(AppError::NotFound)?;
    let s =
        list.into_iter().find(|s| s.id == signup.trim()).ok_or(FieldError::new(Field::PersonName, Reason::NotFound))?;
    let by = Some(auth.actor().id);
    attendance::check(&state.db, id, s.signer, by, by).await?;
    let list = attendance::signups(&state.db, &auth.scope(), id).await?.ok_or(AppError::NotFound)?;
    list.into_iter().find(|x| x.id == s.id).map(SignupView::from).ok_or(AppError::NotFound)
}

/// The activity's check-in code for this minute: the minute and a keyed hash of it with the
/// activity, so that only the server can make one and a copy stops working within two minutes.
pub fn code(db: &Db, id: ActivityId, at: i64) -> String {
    sign(db, id, code_minute(at))
}

fn sign(db: &Db, id: ActivityId, minute: i64) -> String {
    // The code travels in a URL: base64's `+` and `/` would come back as a space and a path.
    let mac: String = db
        .crypto
        .index("activity-code", &format!("{id}:{minute}"))
        .chars()
        .take(20)
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    format!("{minute}.{mac}")
}

/// Whether `code` is this activity's code of this minute or the one before.
pub fn code_is_current(db: &Db, id: ActivityId, code: &str, now: i64) -> bool {
    let Some((minute, _)) = code.trim().split_once('.') else { return false };
    let Ok(minute) = minute.parse::<i64>() else { return false };
    code_minute_current(minute, now) && same_secret(&sign(db, id, minute), code.trim())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CodeView {
    pub code: String,
    /// The path a phone opens; prefix it with the server's address.
    pub path: String,
    /// Epoch milliseconds after which a fresh code should be shown.
    pub refresh_at: i64,
}

/// The code staff show at the activity, as a QR code.
pub async fn current_code(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<CodeView> {
    let a = get_to_plan(state, auth, id).await?;
    if a.status != ActivityStatus::Published {
        return Err(StoreError::Conflict(Conflict::ActivityClosed).into());
    }
    let now = now_ms();
    let code = code(&state.db, id, now);
    let path = format!("/check-in?a={id}&t={code}");
    Ok(CodeView { code, path, refresh_at: (code_minute(now) + 1) * wushe_domain::activity::CODE_MINUTE_MS })
}

/// Published activities under a region, for anyone.
pub async fn published(state: &AppState, region: Option<&str>) -> AppResult<Vec<ActivityView>> {
    // Published activities and region names are public: the whole country is this page's scope.
    let under = match region.map(str::trim).filter(|r| !r.is_empty()) {
        None => Scope::all(),
        Some(code) => {
            let code = RegionCode::parse(code)?;
            let r = wushe_store::regions::get(&state.db, &Scope::all(), &code)
                .await?
                .ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
            Scope::under(r.path)
        }
    };
    Ok(store::published(&state.db, &under, now_ms(), 100).await?.iter().map(ActivityView::from).collect())
}

pub async fn public_get(state: &AppState, id: ActivityId) -> AppResult<Activity> {
    store::get_published(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The signed-in volunteer or resident as a signer; 403 for anyone else.
async fn me(state: &AppState, auth: &Auth) -> AppResult<Signer> {
    store::signer_of_account(&state.db, auth.account.id, auth.account.role).await?.ok_or(AppError::Forbidden)
}

pub async fn my_attendance(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<Option<MyAttendance>> {
    let a = public_get(state, id).await?;
    match store::signer_of_account(&state.db, auth.account.id, auth.account.role).await? {
        Some(who) => Ok(Some(MyAttendance::of(&a, store::attendance(&state.db, id, who).await?))),
        None => Ok(None),
    }
}

pub async fn sign_up(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<MyAttendance> {
    let who = me(state, auth).await?;
    let a = store::sign_up(&state.db, id, who, Some(auth.actor().id)).await?;
    Ok(MyAttendance::of(&a, store::attendance(&state.db, id, who).await?))
}

pub async fn withdraw(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<MyAttendance> {
    let who = me(state, auth).await?;
    attendance::withdraw(&state.db, id, who, Some(auth.actor().id)).await?;
    let a = public_get(state, id).await?;
    Ok(MyAttendance::of(&a, store::attendance(&state.db, id, who).await?))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScanInput {
    pub activity: String,
    /// The code from the activity's QR code.
    pub code: String,
}

/// A scan of the activity's code: checks the signed-in person in, or out if they are in. An
/// expired or forged code changes nothing.
pub async fn scan(state: &AppState, auth: &Auth, input: &ScanInput) -> AppResult<MyAttendance> {
    let id: ActivityId =
        input.activity.trim().parse().map_err(|_| FieldError::new(Field::Activity, Reason::NotFound))?;
    let who = me(state, auth).await?;
    let a = public_get(state, id).await?;
    if !code_is_current(&state.db, id, &input.code, now_ms()) {
        return Err(FieldError::new(Field::CheckInCode, Reason::Incorrect).into());
    }
    let at = attendance::check(&state.db, id, who, None, Some(auth.actor().id)).await?;
    Ok(MyAttendance::of(&a, at))
}
