//! Volunteer tasks (the volunteer linkage), scoped by the need's community. Acceptance raises
//! `taken` with a conditional update (`taken < places`), so a full task accepts nobody else
//! however many accept at once, on either engine.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::hours::{HoursSource, Span};
use wushe_domain::message::MessageKind;
use wushe_domain::task::NewTask;
use wushe_domain::{
    AccountId, Conflict, Field, FieldError, NeedId, Reason, RegionCode, RegionPath, TaskId, VolunteerId,
};

use crate::audit::{self, Event};
use crate::messages::{self, Outgoing, To};
use crate::{Db, Result, Scope, StoreError, hours, needs, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub need_id: NeedId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub title: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub skills: Vec<String>,
    pub places: i64,
    pub taken: i64,
    pub status: String,
}

const SELECT: &str = "SELECT t.id, t.need_id, t.region_code, r.name AS region_name, r.path AS region_path, t.title, \
    t.place, t.starts_at, t.ends_at, t.skills, t.places, t.taken, t.status FROM tasks t JOIN regions r ON r.code = t.region_code";

fn decode(r: &AnyRow) -> Result<Task> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("task {id}: bad {what}"));
    Ok(Task {
        id: id.parse().map_err(|_| bad("id"))?,
        need_id: r.try_get::<String, _>("need_id")?.parse().map_err(|_| bad("need"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        title: r.try_get("title")?,
        place: r.try_get("place")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        skills: serde_json::from_str(&r.try_get::<String, _>("skills")?).map_err(|_| bad("skills"))?,
        places: r.try_get("places")?,
        taken: r.try_get("taken")?,
        status: r.try_get("status")?,
    })
}

pub async fn get(db: &Db, scope: &Scope, id: TaskId) -> Result<Option<Task>> {
    let sql = format!("{SELECT} WHERE t.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(&r)).transpose()
}

/// Where a task is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: TaskId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|t| t.map(|t| t.region_code))
}

/// A need's tasks, soonest first.
pub async fn of_need(db: &Db, scope: &Scope, need: NeedId) -> Result<Vec<Task>> {
    let sql = format!("{SELECT} WHERE t.need_id = $1 AND r.path >= $2 AND r.path < $3 ORDER BY t.starts_at, t.id");
    let rows = sqlx::query(&sql).bind(need.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// Open tasks in scope that have not ended and still have places, or that this volunteer has
/// accepted, soonest first.
pub async fn open_in(db: &Db, scope: &Scope, volunteer: VolunteerId, now: i64, limit: i64) -> Result<Vec<Task>> {
    let sql = format!(
        "{SELECT} WHERE r.path >= $1 AND r.path < $2 AND t.status = 'open' AND t.ends_at > $3 AND (t.taken < t.places \
         OR EXISTS (SELECT 1 FROM task_volunteers tv WHERE tv.task_id = t.id AND tv.volunteer_id = $4 AND tv.status = 'accepted')) \
         ORDER BY t.starts_at, t.id LIMIT {limit}"
    );
    let rows = sqlx::query(&sql)
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(now)
        .bind(volunteer.to_string())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect()
}

/// Dispatches a task for a need in scope; an assessed need becomes linked. `None` when the need
/// is not in scope.
pub async fn create(
    db: &Db,
    scope: &Scope,
    need: NeedId,
    new: &NewTask,
    by: Option<AccountId>,
) -> Result<Option<Task>> {
    let Some(n) = needs::get(db, scope, need).await? else { return Ok(None) };
    let id = TaskId::new();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO tasks (id, need_id, region_code, title, place, starts_at, ends_at, skills, places, taken, status, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 'open', $10, $11, $11)",
    )
    .bind(id.to_string())
    .bind(need.to_string())
    .bind(n.region_code.as_str())
    .bind(new.title.as_str())
    .bind(new.place.as_str())
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(serde_json::to_string(&new.skills).map_err(|e| StoreError::corrupt(e.to_string()))?)
    .bind(new.places)
    .bind(by.map(|a| a.to_string()))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let what = format!("派发志愿任务：{} / volunteer task dispatched", new.title);
    needs::mark_linked(db, &mut tx, &n, &what, by, now).await?;
    let event = Event::new(by, "task.create", "task")
        .id(id)
        .region(&n.region_code)
        .detail(serde_json::json!({ "need": need.to_string(), "places": new.places }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Invites a volunteer in scope to an open task in scope: a line on the need's timeline and a
/// message to the volunteer. `None` when the task is not in scope; a volunteer outside it is a
/// field error, as if there were none.
pub async fn invite(
    db: &Db,
    scope: &Scope,
    id: TaskId,
    volunteer: VolunteerId,
    by: Option<AccountId>,
) -> Result<Option<Task>> {
    let Some(task) = get(db, scope, id).await? else { return Ok(None) };
    let now = now_ms();
    if task.status != "open" || task.ends_at <= now {
        return Err(StoreError::Conflict(Conflict::TaskClosed));
    }
    let v = crate::volunteers::get(db, scope, volunteer)
        .await?
        .filter(|v| v.status == "active")
        .ok_or(FieldError::new(Field::Volunteer, Reason::NotFound))?;
    let mut tx = db.begin_write().await?;
    let what = format!("邀请志愿者{}参加任务「{}」 / invited {} to “{}”", v.name, task.title, v.name, task.title);
    let entry = needs::Entry { kind: "task", from: None, to: None, note: Some(&what) };
    needs::append_event(db, &mut tx, task.need_id, &task.region_code, by, &entry, now).await?;
    let msg = Outgoing {
        kind: MessageKind::TaskOffered,
        subject: &task.title,
        link: "/tasks".to_owned(),
        region: &task.region_code,
        by,
    };
    messages::send(&mut tx, To::Volunteer(volunteer), &msg, now).await?;
    let event = Event::new(by, "task.invite", "task")
        .id(id)
        .region(&task.region_code)
        .detail(serde_json::json!({ "volunteer": volunteer.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(task))
}

/// A volunteer's name for a timeline line, read before a write transaction opens (inside one,
/// another connection of the pool may be what the transaction waits for).
async fn name_of(db: &Db, volunteer: VolunteerId) -> Result<String> {
    Ok(crate::volunteers::get(db, &Scope::all(), volunteer).await?.map(|v| v.name).unwrap_or_default())
}

/// A line on the task's need's timeline about one of its volunteers: "中文 / English".
async fn on_timeline(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    task: &Task,
    name: &str,
    (zh, en): (&str, &str),
    (by, now): (Option<AccountId>, i64),
) -> Result<()> {
    let what = format!("志愿者{name}{zh}「{}」 / volunteer {name} {en} “{}”", task.title, task.title);
    let entry = needs::Entry { kind: "task", from: None, to: None, note: Some(&what) };
    needs::append_event(db, tx, task.need_id, &task.region_code, by, &entry, now).await
}

/// A volunteer accepts a task in scope. Refused (409) when the task is full, cancelled or over,
/// or already accepted by them; `None` when the task is not in scope.
pub async fn accept(
    db: &Db,
    scope: &Scope,
    id: TaskId,
    volunteer: VolunteerId,
    by: Option<AccountId>,
) -> Result<Option<Task>> {
    let Some(task) = get(db, scope, id).await? else { return Ok(None) };
    let now = now_ms();
    let name = name_of(db, volunteer).await?;
    let mut tx = db.begin_write().await?;
    let mine = sqlx::query("SELECT status FROM task_volunteers WHERE task_id = $1 AND volunteer_id = $2")
        .bind(id.to_string())
        .bind(volunteer.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    let before: Option<String> = mine.map(|r| r.try_get("status")).transpose()?;
    if before.as_deref() == Some("accepted") {
        return Err(StoreError::Conflict(Conflict::AlreadyAccepted));
    }
    let raised = sqlx::query(
        "UPDATE tasks SET taken = taken + 1, updated_at = $1 WHERE id = $2 AND status = 'open' AND ends_at > $1 AND taken < places",
    )
    .bind(now)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if raised == 0 {
        let over = task.status != "open" || task.ends_at <= now;
        return Err(StoreError::Conflict(if over { Conflict::TaskClosed } else { Conflict::TaskFull }));
    }
    let written = match before {
        Some(_) => sqlx::query(
            "UPDATE task_volunteers SET status = 'accepted', accepted_at = $1, withdrawn_at = NULL \
             WHERE task_id = $2 AND volunteer_id = $3 AND status = 'withdrawn'",
        )
        .bind(now)
        .bind(id.to_string())
        .bind(volunteer.to_string())
        .execute(&mut *tx)
        .await
        .map(|r| r.rows_affected()),
        None => sqlx::query(
            "INSERT INTO task_volunteers (task_id, volunteer_id, region_code, status, accepted_at) VALUES ($1, $2, $3, 'accepted', $4)",
        )
        .bind(id.to_string())
        .bind(volunteer.to_string())
        .bind(task.region_code.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map(|r| r.rows_affected()),
    };
    match written {
        Ok(1) => {}
        // The same volunteer accepting twice at once: the second finds the row taken.
        Ok(_) => return Err(StoreError::Conflict(Conflict::AlreadyAccepted)),
        Err(e) if crate::error::is_unique_violation(&e, "task_volunteers_pkey", "task_volunteers.task_id") => {
            return Err(StoreError::Conflict(Conflict::AlreadyAccepted));
        }
        Err(e) => return Err(e.into()),
    }
    on_timeline(db, &mut tx, &task, &name, ("接受任务", "accepted"), (by, now)).await?;
    let event = Event::new(by, "task.accept", "task")
        .id(id)
        .region(&task.region_code)
        .detail(serde_json::json!({ "volunteer": volunteer.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// A volunteer withdraws from a task they accepted; the place opens again.
pub async fn withdraw(
    db: &Db,
    scope: &Scope,
    id: TaskId,
    volunteer: VolunteerId,
    by: Option<AccountId>,
) -> Result<Option<Task>> {
    let Some(task) = get(db, scope, id).await? else { return Ok(None) };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // Once checked in, the volunteer has served: withdrawing would lose the raw times.
    let left = sqlx::query(
        "UPDATE task_volunteers SET status = 'withdrawn', withdrawn_at = $1 WHERE task_id = $2 AND volunteer_id = $3 \
         AND status = 'accepted' AND check_in_at IS NULL",
    )
    .bind(now)
    .bind(id.to_string())
    .bind(volunteer.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if left == 0 {
        let served = attendance_of(db, volunteer).await?.get(&id).is_some_and(|a| a.check_in_at.is_some());
        return Err(StoreError::Conflict(if served { Conflict::AlreadyCheckedIn } else { Conflict::NotAccepted }));
    }
    sqlx::query("UPDATE tasks SET taken = taken - 1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let event = Event::new(by, "task.withdraw", "task")
        .id(id)
        .region(&task.region_code)
        .detail(serde_json::json!({ "volunteer": volunteer.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// The volunteer registration of an account, found by the account's phone number (keyed hash):
/// how a volunteer signed in on their phone is known to be that volunteer.
pub async fn volunteer_of_account(db: &Db, account: AccountId) -> Result<Option<VolunteerId>> {
    let row = sqlx::query(&format!(
        "SELECT v.id FROM volunteers v {} WHERE a.id = $1 AND v.status = 'active' LIMIT 1",
        crate::persons::of_account("v")
    ))
    .bind(account.to_string())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| r.try_get::<String, _>("id")?.parse().map_err(|_| StoreError::corrupt("volunteer id"))).transpose()
}

/// A volunteer's raw check-in and check-out times on a task they accepted: what the hours
/// ledger reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attendance {
    pub check_in_at: Option<i64>,
    pub check_out_at: Option<i64>,
}

/// The tasks a volunteer has accepted (and not withdrawn from), with their attendance.
pub async fn attendance_of(db: &Db, volunteer: VolunteerId) -> Result<HashMap<TaskId, Attendance>> {
    let rows = sqlx::query(
        "SELECT task_id, check_in_at, check_out_at FROM task_volunteers WHERE volunteer_id = $1 AND status = 'accepted'",
    )
    .bind(volunteer.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let id = r.try_get::<String, _>("task_id")?.parse().map_err(|_| StoreError::corrupt("task id"))?;
            Ok((id, Attendance { check_in_at: r.try_get("check_in_at")?, check_out_at: r.try_get("check_out_at")? }))
        })
        .collect()
}

/// Check-in opens this long before a task starts.
pub const CHECK_IN_EARLY_MS: i64 = 3_600_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attend {
    In,
    Out,
}

/// A volunteer who accepted a task checks in (from an hour before it starts until it ends) or
/// out (after checking in). Each is written once, by a conditional update; the times stay raw.
pub async fn attend(
    db: &Db,
    scope: &Scope,
    id: TaskId,
    volunteer: VolunteerId,
    which: Attend,
    by: Option<AccountId>,
) -> Result<Option<Attendance>> {
    let Some(task) = get(db, scope, id).await? else { return Ok(None) };
    let now = now_ms();
    let before =
        attendance_of(db, volunteer).await?.get(&id).copied().ok_or(StoreError::Conflict(Conflict::NotAccepted))?;
    let refusal = match which {
        Attend::In if before.check_in_at.is_some() => Some(Conflict::AlreadyCheckedIn),
        Attend::In if task.status != "open" || now < task.starts_at - CHECK_IN_EARLY_MS || now > task.ends_at => {
            Some(Conflict::CheckInClosed)
        }
        Attend::Out if before.check_in_at.is_none() => Some(Conflict::NotCheckedIn),
        Attend::Out if before.check_out_at.is_some() => Some(Conflict::AlreadyCheckedOut),
        _ => None,
    };
    if let Some(c) = refusal {
        return Err(StoreError::Conflict(c));
    }
    let (sql, action) = match which {
        Attend::In => (
            "UPDATE task_volunteers SET check_in_at = $1 WHERE task_id = $2 AND volunteer_id = $3 \
             AND status = 'accepted' AND check_in_at IS NULL",
            "task.check_in",
        ),
        Attend::Out => (
            "UPDATE task_volunteers SET check_out_at = $1 WHERE task_id = $2 AND volunteer_id = $3 \
             AND status = 'accepted' AND check_in_at IS NOT NULL AND check_out_at IS NULL",
            "task.check_out",
        ),
    };
    let name = name_of(db, volunteer).await?;
    let mut tx = db.begin_write().await?;
    let moved = sqlx::query(sql)
        .bind(now)
        .bind(id.to_string())
        .bind(volunteer.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if moved == 0 {
        // Another request of the same volunteer got there first.
        let c = if which == Attend::In { Conflict::AlreadyCheckedIn } else { Conflict::AlreadyCheckedOut };
        return Err(StoreError::Conflict(c));
    }
    if which == Attend::Out
        && let Some(check_in) = before.check_in_at
        && let Some(span) = Span::served((task.starts_at, task.ends_at), check_in, Some(now))
    {
        let recorder: String = sqlx::query(
            "SELECT COALESCE(a.display_name, r.name) AS recorder FROM tasks t JOIN regions r ON r.code = t.region_code \
             LEFT JOIN accounts a ON a.id = t.created_by WHERE t.id = $1",
        )
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?
        .try_get("recorder")?;
        let entry = hours::NewEntry {
            volunteer,
            region: task.region_code.clone(),
            organization: None,
            recorder,
            content: task.title.clone(),
            place: task.place.clone(),
            span,
            source: HoursSource::Task,
            source_ref: Some(id.to_string()),
            amends: None,
            reason: None,
        };
        hours::credit(&mut tx, &entry, by).await?;
    }
    let step = if which == Attend::In { ("签到", "checked in to") } else { ("签退", "checked out of") };
    on_timeline(db, &mut tx, &task, &name, step, (by, now)).await?;
    let event = Event::new(by, action, "task")
        .id(id)
        .region(&task.region_code)
        .detail(serde_json::json!({ "volunteer": volunteer.to_string(), "at": now }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(attendance_of(db, volunteer).await?.get(&id).copied())
}
