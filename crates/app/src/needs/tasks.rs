//! The volunteer linkage: tasks dispatched for a need, and volunteers accepting or withdrawing
//! on their phones. A volunteer's account is tied to their registration by phone number.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::task::{NewTask, TaskInput};
use wushe_domain::{Field, FieldError, NeedId, Reason, TaskId, VolunteerId};
use wushe_store::tasks::{self as store, Attend, Attendance, Task};
use wushe_store::{now_ms, skills};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::needs::need::get as get_need;
use crate::state::AppState;
use crate::steps::{authorize, not_found};
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskView {
    pub id: TaskId,
    pub need_id: NeedId,
    pub region_code: String,
    pub region_name: String,
    pub title: String,
    pub place: String,
    /// Epoch milliseconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// "2026-12-01 09:00–11:30" in China time.
    pub window: String,
    pub skills: Vec<String>,
    pub places: i64,
    pub taken: i64,
    pub status: String,
    /// For a volunteer's own list: whether they have accepted it.
    pub mine: bool,
    /// For a volunteer's own list: when they checked in and out ("2026-12-01 09:02").
    pub checked_in_at: Option<String>,
    pub checked_out_at: Option<String>,
    /// For a volunteer's own list, once checked out: the minutes their record was credited
    /// (only the time inside the task's window counts).
    pub credited_minutes: Option<i64>,
}

impl TaskView {
    fn of(t: &Task, mine: bool) -> TaskView {
        TaskView::attended(t, mine.then_some(Attendance::default()))
    }

    fn attended(t: &Task, mine: Option<Attendance>) -> TaskView {
        let end = format_ms(t.ends_at);
        let end = end.split_once(' ').map(|(_, hm)| hm.to_owned()).unwrap_or(end);
        TaskView {
            id: t.id,
            need_id: t.need_id,
            region_code: t.region_code.to_string(),
            region_name: t.region_name.clone(),
            title: t.title.clone(),
            place: t.place.clone(),
            starts_at: t.starts_at,
            ends_at: t.ends_at,
            window: format!("{}–{end}", format_ms(t.starts_at)),
            skills: t.skills.clone(),
            places: t.places,
            taken: t.taken,
            status: t.status.clone(),
            mine: mine.is_some(),
            checked_in_at: mine.and_then(|a| a.check_in_at).map(format_ms),
            checked_out_at: mine.and_then(|a| a.check_out_at).map(format_ms),
            credited_minutes: mine.and_then(|a| {
                let out = a.check_out_at?;
                let span = wushe_domain::hours::Span::served((t.starts_at, t.ends_at), a.check_in_at?, Some(out));
                Some(span.map_or(0, |s| s.minutes))
            }),
        }
    }
}

/// Dispatches a task for a need in the caller's area; its skills come from the managed list.
pub async fn create(state: &AppState, auth: &Auth, need: NeedId, input: &TaskInput) -> AppResult<TaskView> {
    let n = get_need(state, auth, need).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &need, (&n.region_code, &n.region_path)).await?;
    let new = NewTask::parse(input, now_ms())?;
    let known = skills::active(&state.db).await?;
    if let Some(s) = new.skills.iter().find(|s| !known.contains(s)) {
        return Err(FieldError::new(Field::Skills, Reason::UnknownItem(s.clone())).into());
    }
    let task = store::create(&state.db, &auth.scope(), need, &new, Some(auth.actor().id)).await?;
    Ok(TaskView::of(&task.ok_or(AppError::NotFound)?, false))
}

pub async fn of_need(state: &AppState, auth: &Auth, need: NeedId) -> AppResult<Vec<TaskView>> {
    get_need(state, auth, need).await?;
    Ok(store::of_need(&state.db, &auth.scope(), need).await?.iter().map(|t| TaskView::of(t, false)).collect())
}

#[derive(Debug, Clone, Default, serde::Deserialize, ToSchema)]
#[serde(default)]
pub struct InviteInput {
    /// The id of a volunteer in the caller's area (from the recommendations).
    pub volunteer: String,
    /// On the need's page: which of its tasks.
    #[schema(ignore)]
    pub task: String,
}

/// Invites a volunteer to a task of a need the caller manages: the volunteer gets a message.
pub async fn invite(state: &AppState, auth: &Auth, id: TaskId, input: &InviteInput) -> AppResult<TaskView> {
    let t = get(state, auth, id).await?;
    invite_to(state, auth, t, input).await
}

/// [`invite`] from a need's page: the task must be one of the need's.
pub async fn invite_for(state: &AppState, auth: &Auth, need: NeedId, input: &InviteInput) -> AppResult<TaskView> {
    let id: TaskId = input.task.trim().parse().map_err(|_| FieldError::new(Field::Title, Reason::NotFound))?;
    let t = get(state, auth, id).await?;
    if t.need_id != need {
        return Err(FieldError::new(Field::Title, Reason::NotFound).into());
    }
    invite_to(state, auth, t, input).await
}

async fn invite_to(state: &AppState, auth: &Auth, t: Task, input: &InviteInput) -> AppResult<TaskView> {
    let id = t.id;
    authorize(state, &auth.actor(), Action::ManageNeeds, "task", &id, (&t.region_code, &t.region_path)).await?;
    let volunteer: VolunteerId = wushe_domain::validate::required_text(Field::Volunteer, &input.volunteer, 64)?
        .parse()
        .map_err(|_| FieldError::new(Field::Volunteer, Reason::NotFound))?;
    let task = store::invite(&state.db, &auth.scope(), id, volunteer, Some(auth.actor().id)).await?;
    Ok(TaskView::of(&task.ok_or(AppError::NotFound)?, false))
}

/// The signed-in volunteer's registration, or 403 when the account has none.
async fn me(state: &AppState, auth: &Auth) -> AppResult<VolunteerId> {
    store::volunteer_of_account(&state.db, auth.account.id).await?.ok_or(AppError::Forbidden)
}

/// Open tasks in the volunteer's area with places left, and the ones they have accepted. The
/// place (often a resident's home) shows only on the tasks they accepted.
pub async fn open_for_me(state: &AppState, auth: &Auth) -> AppResult<Vec<TaskView>> {
    let me = me(state, auth).await?;
    let tasks = store::open_in(&state.db, &auth.scope(), me, now_ms(), 100).await?;
    let mine = store::attendance_of(&state.db, me).await?;
    Ok(tasks
        .iter()
        .map(|t| {
            let mut v = TaskView::attended(t, mine.get(&t.id).copied());
            if !v.mine {
                v.place.clear();
            }
            v
        })
        .collect())
}

pub(crate) async fn get(state: &AppState, auth: &Auth, id: TaskId) -> AppResult<Task> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(t) => Ok(t),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "task", &id, elsewhere).await)
        }
    }
}

pub async fn accept(state: &AppState, auth: &Auth, id: TaskId) -> AppResult<TaskView> {
    let t = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::TakeTasks, "task", &id, (&t.region_code, &t.region_path)).await?;
    let me = me(state, auth).await?;
    let task = store::accept(&state.db, &auth.scope(), id, me, Some(auth.actor().id)).await?;
    state.matcher.stale();
    Ok(TaskView::of(&task.ok_or(AppError::NotFound)?, true))
}

pub async fn withdraw(state: &AppState, auth: &Auth, id: TaskId) -> AppResult<TaskView> {
    let t = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::TakeTasks, "task", &id, (&t.region_code, &t.region_path)).await?;
    let me = me(state, auth).await?;
    let task = store::withdraw(&state.db, &auth.scope(), id, me, Some(auth.actor().id)).await?;
    state.matcher.stale();
    Ok(TaskView::of(&task.ok_or(AppError::NotFound)?, false))
}

/// The volunteer checks in on a task they accepted, or out after checking in: raw times for the
/// hours ledger.
pub async fn attend(state: &AppState, auth: &Auth, id: TaskId, which: Attend) -> AppResult<TaskView> {
    let t = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::TakeTasks, "task", &id, (&t.region_code, &t.region_path)).await?;
    let me = me(state, auth).await?;
    let a = store::attend(&state.db, &auth.scope(), id, me, which, Some(auth.actor().id)).await?;
    state.matcher.stale();
    Ok(TaskView::attended(&t, Some(a.ok_or(AppError::NotFound)?)))
}
