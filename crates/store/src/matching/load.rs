//! What the volunteer index reads: volunteers, their accepted tasks not yet over, and their record
//! of service. Portable SQL, one path for both engines.

use std::collections::{HashMap, HashSet};

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::matching::Feedback;
use wushe_domain::volunteer::Window;
use wushe_domain::{RegionCode, TaskId, VolunteerId};

use crate::{Db, Result, StoreError};

/// Volunteers read at a time while building: memory stays bounded whatever the registry's size.
const PAGE: i64 = 5_000;
/// Ids bound into one `IN (…)` list.
const CHUNK: usize = 200;

#[derive(Debug, Clone)]
pub(super) struct VolunteerRow {
    pub id: VolunteerId,
    pub community: RegionCode,
    pub path: String,
    pub skills: Vec<String>,
    pub availability: Vec<Window>,
    pub active: bool,
}

/// An accepted task not yet over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Commitment {
    pub task: TaskId,
    pub starts_at: i64,
    pub ends_at: i64,
}

const VOLUNTEERS: &str = "SELECT v.id, v.region_code, r.path, v.skills, v.availability, v.status \
    FROM volunteers v JOIN regions r ON r.code = v.region_code";

fn volunteer(r: &AnyRow) -> Result<VolunteerRow> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("volunteer {id}: bad {what}"));
    Ok(VolunteerRow {
        id: id.parse().map_err(|_| bad("id"))?,
        community: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        path: r.try_get("path")?,
        skills: serde_json::from_str(&r.try_get::<String, _>("skills")?).map_err(|_| bad("skills"))?,
        availability: serde_json::from_str(&r.try_get::<String, _>("availability")?)
            .map_err(|_| bad("availability"))?,
        active: r.try_get::<String, _>("status")? == "active",
    })
}

fn volunteer_id(r: &AnyRow, column: &str) -> Result<VolunteerId> {
    let id: String = r.try_get(column)?;
    id.parse().map_err(|_| StoreError::corrupt(format!("volunteer id {id}")))
}

/// The next page of active volunteers in id order after `after` (empty to start).
pub(super) async fn active_page(db: &Db, after: &str) -> Result<Vec<VolunteerRow>> {
    let sql = format!("{VOLUNTEERS} WHERE v.status = 'active' AND v.id > $1 ORDER BY v.id LIMIT {PAGE}");
    let rows = sqlx::query(&sql).bind(after).fetch_all(&db.pool).await?;
    rows.iter().map(volunteer).collect()
}

/// Volunteers written since `since`, whatever their status now.
pub(super) async fn changed_since(db: &Db, since: i64) -> Result<Vec<VolunteerRow>> {
    let sql = format!("{VOLUNTEERS} WHERE v.updated_at >= $1");
    let rows = sqlx::query(&sql).bind(since).fetch_all(&db.pool).await?;
    rows.iter().map(volunteer).collect()
}

/// Volunteers whose tasks changed since `since`: accepted, withdrawn, checked out of, a task
/// edited or cancelled (both bump the task's `updated_at`), or a need behind one given its
/// follow-up satisfaction.
pub(super) async fn touched_since(db: &Db, since: i64) -> Result<HashSet<VolunteerId>> {
    let rows = sqlx::query(
        "SELECT tv.volunteer_id FROM task_volunteers tv \
         WHERE tv.accepted_at >= $1 OR tv.withdrawn_at >= $1 OR tv.check_out_at >= $1 \
         UNION SELECT tv.volunteer_id FROM task_volunteers tv JOIN tasks t ON t.id = tv.task_id WHERE t.updated_at >= $1 \
         UNION SELECT tv.volunteer_id FROM task_volunteers tv JOIN tasks t ON t.id = tv.task_id \
         JOIN needs n ON n.id = t.need_id WHERE n.updated_at >= $1",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| volunteer_id(r, "volunteer_id")).collect()
}

/// Runs `sql` (ending in a condition, with `$1` = `now`) for everybody, or once per chunk of
/// `only` with `AND tv.volunteer_id IN (…)` appended before `tail`.
async fn per_chunk(db: &Db, sql: &str, tail: &str, now: i64, only: Option<&[VolunteerId]>) -> Result<Vec<AnyRow>> {
    let Some(ids) = only else {
        return Ok(sqlx::query(&format!("{sql} {tail}")).bind(now).fetch_all(&db.pool).await?);
    };
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let marks = (2..chunk.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
        let full = format!("{sql} AND tv.volunteer_id IN ({marks}) {tail}");
        let q = chunk.iter().fold(sqlx::query(&full).bind(now), |q, id| q.bind(id.to_string()));
        out.extend(q.fetch_all(&db.pool).await?);
    }
    Ok(out)
}

/// Accepted tasks, not cancelled, that end after `now`.
pub(super) async fn commitments(
    db: &Db,
    now: i64,
    only: Option<&[VolunteerId]>,
) -> Result<HashMap<VolunteerId, Vec<Commitment>>> {
    let sql = "SELECT tv.volunteer_id, tv.task_id, t.starts_at, t.ends_at FROM task_volunteers tv \
        JOIN tasks t ON t.id = tv.task_id WHERE tv.status = 'accepted' AND t.status = 'open' AND t.ends_at > $1";
    let mut out: HashMap<VolunteerId, Vec<Commitment>> = HashMap::new();
    for r in per_chunk(db, sql, "", now, only).await? {
        let task: String = r.try_get("task_id")?;
        let c = Commitment {
            task: task.parse().map_err(|_| StoreError::corrupt(format!("task id {task}")))?,
            starts_at: r.try_get("starts_at")?,
            ends_at: r.try_get("ends_at")?,
        };
        out.entry(volunteer_id(&r, "volunteer_id")?).or_default().push(c);
    }
    Ok(out)
}

/// Tasks served — checked out of by `now`, still accepted, not cancelled — and the follow-up
/// satisfaction of the distinct needs behind them. A task merely over is not counted: without a
/// check-out nobody knows the volunteer came.
pub(super) async fn feedback(
    db: &Db,
    now: i64,
    only: Option<&[VolunteerId]>,
) -> Result<HashMap<VolunteerId, Feedback>> {
    const SERVED: &str = "FROM task_volunteers tv JOIN tasks t ON t.id = tv.task_id \
        WHERE tv.status = 'accepted' AND t.status <> 'cancelled' AND tv.check_out_at <= $1";
    let mut out: HashMap<VolunteerId, Feedback> = HashMap::new();
    let count = |r: &AnyRow, c: &str| -> Result<u32> { Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(u32::MAX)) };
    let served = format!("SELECT tv.volunteer_id, COUNT(*) AS n {SERVED}");
    for r in per_chunk(db, &served, "GROUP BY tv.volunteer_id", now, only).await? {
        out.entry(volunteer_id(&r, "volunteer_id")?).or_default().served = count(&r, "n")?;
    }
    // SUM of a BIGINT is NUMERIC on PostgreSQL, which the Any driver cannot carry: cast it back.
    let rated = format!(
        "SELECT x.volunteer_id, COUNT(*) AS n, CAST(SUM(nd.satisfaction) AS BIGINT) AS total FROM \
         (SELECT DISTINCT tv.volunteer_id, t.need_id {SERVED}"
    );
    let tail = ") x JOIN needs nd ON nd.id = x.need_id WHERE nd.satisfaction IS NOT NULL GROUP BY x.volunteer_id";
    for r in per_chunk(db, &rated, tail, now, only).await? {
        let f = out.entry(volunteer_id(&r, "volunteer_id")?).or_default();
        f.rated = count(&r, "n")?;
        f.satisfaction_sum = count(&r, "total")?;
    }
    Ok(out)
}
