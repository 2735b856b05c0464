//! What waits on a member of staff in their area, counted: the workbench's to-dos. Each count is
//! one indexed query bounded by the area, so the workbench of the whole country costs what a
//! station's does, give or take the rows it counts.

use sqlx::Row;
use wushe_domain::OrganizationId;

use crate::{Db, Result, Scope};

/// The to-dos of the network's staff and of organizations' staff, in their area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Todo {
    /// Needs submitted and not yet taken up.
    pub to_assess: i64,
    /// Of those, due within a day, and overdue.
    pub due_soon: i64,
    pub overdue: i64,
    /// Referrals to the caller's organization awaiting an answer.
    pub referrals: i64,
    /// Grants and relief applications waiting for an approval.
    pub grants: i64,
    pub relief: i64,
    /// Back-entries of hours and certificate requests waiting on the caller's unit.
    pub back_entries: i64,
    pub certificates: i64,
    /// Needs closed and not yet followed up by a call.
    pub follow_ups: i64,
}

/// How much a day is, for "due soon".
const DAY_MS: i64 = 86_400_000;

/// A value bound after the area's bounds.
enum Arg<'a> {
    Text(&'a str),
    At(i64),
}

/// Rows of `table` in the area meeting `condition`; `args` bind from `$3` on.
async fn count(db: &Db, scope: &Scope, (table, condition): (&str, &str), args: &[Arg<'_>]) -> Result<i64> {
    // Over the whole country the region is no condition at all; said as one, SQLite may read
    // every region first.
    let area =
        if scope.is_everything() { "$1 <> $2" } else { "r.path >= $1 AND r.path < $2 AND r.code = x.region_code" };
    let regions = if scope.is_everything() { "" } else { ", regions r" };
    let sql = format!("SELECT COUNT(*) AS n FROM {table} x{regions} WHERE {area} AND {condition}");
    let mut q = sqlx::query(&sql).bind(scope.lo().to_owned()).bind(scope.hi().to_owned());
    for a in args {
        q = match a {
            Arg::Text(t) => q.bind((*t).to_owned()),
            Arg::At(at) => q.bind(*at),
        };
    }
    Ok(q.fetch_one(&db.pool).await?.try_get::<i64, _>("n")?)
}

/// The counts for an account's area; `org` is the organization an organization's staff speak for.
pub async fn todo(db: &Db, scope: &Scope, org: Option<OrganizationId>, now: i64) -> Result<Todo> {
    let unit = org.map(|o| o.to_string()).unwrap_or_default();
    let mine = [Arg::Text(&unit)];
    let waiting = "x.status = 'submitted'";
    let of_unit = "COALESCE(x.organization_id, '') = $3";
    Ok(Todo {
        to_assess: count(db, scope, ("needs", waiting), &[]).await?,
        due_soon: count(
            db,
            scope,
            ("needs", &format!("{waiting} AND x.due_at >= $3 AND x.due_at < $4")),
            &[Arg::At(now), Arg::At(now + DAY_MS)],
        )
        .await?,
        overdue: count(db, scope, ("needs", &format!("{waiting} AND x.due_at < $3")), &[Arg::At(now)]).await?,
        referrals: match org {
            Some(_) => count(db, scope, ("referrals", "x.status = 'sent' AND x.organization_id = $3"), &mine).await?,
            None => 0,
        },
        grants: count(db, scope, ("grants", "x.status = 'requested'"), &[]).await?,
        relief: count(db, scope, ("relief_applications", "x.status IN ('submitted', 'approved')"), &[]).await?,
        back_entries: count(db, scope, ("hours_requests", &format!("x.status = 'pending' AND {of_unit}")), &mine)
            .await?,
        certificates: count(db, scope, ("certificates", &format!("x.status = 'requested' AND {of_unit}")), &mine)
            .await?,
        follow_ups: count(db, scope, ("needs", "x.status = 'closed' AND x.satisfaction IS NULL"), &[]).await?,
    })
}
