//! Where every signed-in person lands: what waits on them, with counts and a link each, their
//! newest messages, and for a volunteer the tasks offered and accepted, their hours this year
//! and their certificates.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::Lang;
use wushe_domain::authz::{Action, role_may_ever};
use wushe_store::now_ms;
use wushe_store::workbench::{self, Todo};

use crate::access::messages::{self, MessageQuery, MessageView};
use crate::access::session::Auth;
use crate::error::AppResult;
use crate::needs::tasks::TaskView;
use crate::state::AppState;

/// Messages shown on the workbench.
const NEWEST: usize = 5;

/// One to-do: what it is, how many, where to do it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TodoItem {
    /// `to_assess`, `due_soon`, `overdue`, `referrals`, `grants`, `relief`, `back_entries`,
    /// `certificates`, `follow_ups`.
    pub key: &'static str,
    pub count: i64,
    pub link: &'static str,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VolunteerHome {
    /// Open tasks in their area they have not accepted.
    pub offered: Vec<TaskView>,
    /// Tasks they accepted and have not checked out of.
    pub accepted: Vec<TaskView>,
    /// Hours credited this year, one decimal.
    pub hours_this_year: String,
    pub certificates: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Workbench {
    pub todo: Vec<TodoItem>,
    pub messages: Vec<MessageView>,
    pub volunteer: Option<VolunteerHome>,
}

fn items(t: Todo, staff: bool, keeper: bool, planner: bool) -> Vec<TodoItem> {
    let all = [
        ("to_assess", t.to_assess, "/needs?open=1", staff),
        ("due_soon", t.due_soon, "/needs?open=1", staff),
        ("overdue", t.overdue, "/needs?open=1", staff),
        ("referrals", t.referrals, "/referrals", !staff),
        ("grants", t.grants, "/funds", keeper),
        ("relief", t.relief, "/relief", keeper),
        ("back_entries", t.back_entries, "/hours/desk", planner),
        ("certificates", t.certificates, "/hours/desk", planner),
        ("follow_ups", t.follow_ups, "/needs?status=closed", staff),
    ];
    all.into_iter()
        .filter(|(_, _, _, shown)| *shown)
        .map(|(key, count, link, _)| TodoItem { key, count, link })
        .collect()
}

pub async fn load(state: &AppState, auth: &Auth, lang: Lang) -> AppResult<Workbench> {
    let role = auth.account.role;
    let mut messages = messages::page(state, auth, &MessageQuery::default(), lang).await?.items;
    messages.truncate(NEWEST);
    let todo = if role.is_staff() {
        let t = workbench::todo(&state.db, &auth.scope(), auth.account.organization_id, now_ms()).await?;
        let staff = role_may_ever(role, Action::ViewNetwork) && auth.account.organization_id.is_none();
        items(t, staff, role_may_ever(role, Action::ManageFunds), role_may_ever(role, Action::PlanActivities))
    } else {
        Vec::new()
    };
    let volunteer = if role_may_ever(role, Action::TakeTasks) { volunteer_home(state, auth).await? } else { None };
    Ok(Workbench { todo, messages, volunteer })
}

async fn volunteer_home(state: &AppState, auth: &Auth) -> AppResult<Option<VolunteerHome>> {
    let Ok(tasks) = crate::needs::tasks::open_for_me(state, auth).await else { return Ok(None) };
    let (accepted, offered): (Vec<TaskView>, Vec<TaskView>) = tasks.into_iter().partition(|t| t.mine);
    let accepted = accepted.into_iter().filter(|t| t.checked_out_at.is_none()).collect();
    let hours = crate::hours::record::mine(state, auth).await?;
    let year = crate::views::format_ms(now_ms()).chars().take(4).collect::<String>();
    let minutes: i64 =
        hours.entries.iter().filter(|e| !e.superseded && e.starts_at.starts_with(&year)).map(|e| e.minutes).sum();
    let certificates = crate::hours::certificates::mine(state, auth).await?.len();
    Ok(Some(VolunteerHome {
        offered,
        accepted,
        hours_this_year: wushe_domain::certificate::hours_text(minutes),
        certificates,
    }))
}
