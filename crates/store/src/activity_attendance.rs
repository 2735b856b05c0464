//! Attendance at activities: withdrawing, checking in and out (by the person's own scan of the
//! activity's code, or by staff from the list), and the list staff check people in from. Each
//! check-in and check-out is a conditional update, written once.

use sqlx::Row;
use wushe_domain::activity::SignupRole;
use wushe_domain::hours::{HoursSource, Span};
use wushe_domain::{AccountId, ActivityId, Conflict};

use crate::activities::{self, Attendance, Signer, get_published};
use crate::audit::{self, Event};
use crate::figures::{self, Source};
use crate::{Db, Result, Scope, StoreError, hours, now_ms};

/// Check-in opens this long before an activity and closes this long after it ends.
pub const OPENS_BEFORE_MS: i64 = 3_600_000;
pub const CLOSES_AFTER_MS: i64 = 2 * 3_600_000;
/// A second scan sooner than this after checking in is taken as the same scan twice, not as
/// leaving.
pub const MIN_STAY_MS: i64 = 60_000;

/// Leaves an activity one signed up for, before checking in; the place opens again.
pub async fn withdraw(db: &Db, id: ActivityId, who: Signer, by: Option<AccountId>) -> Result<()> {
    let a = get_published(db, id).await?.ok_or(StoreError::Conflict(Conflict::ActivityClosed))?;
    let (column, value) = who.column();
    let count = match who.role() {
        SignupRole::Volunteer => "volunteers",
        SignupRole::Participant => "participants",
    };
    let mut tx = db.begin_write().await?;
    let left = sqlx::query(&format!(
        "UPDATE activity_signups SET status = 'withdrawn' WHERE activity_id = $1 AND {column} = $2 \
         AND status = 'signed' AND check_in_at IS NULL"
    ))
    .bind(id.to_string())
    .bind(value.clone())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if left == 0 {
        let now = activities::attendance(db, id, who).await?;
        return Err(StoreError::Conflict(if now.check_in_at.is_some() {
            Conflict::AlreadyCheckedIn
        } else {
            Conflict::NotSignedUp
        }));
    }
    sqlx::query(&format!("UPDATE activities SET {count} = {count} - 1, updated_at = $1 WHERE id = $2"))
        .bind(now_ms())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let event = Event::new(by, "activity.withdraw", "activity")
        .id(id)
        .region(&a.region_code)
        .detail(serde_json::json!({ column: value }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a signed-up person in, or out after checking in, from an hour before the activity
/// until two hours after it. `staff` is who did it from the list, when it was not their scan.
pub async fn check(
    db: &Db,
    id: ActivityId,
    who: Signer,
    staff: Option<AccountId>,
    by: Option<AccountId>,
) -> Result<Attendance> {
    let a = get_published(db, id).await?.ok_or(StoreError::Conflict(Conflict::ActivityClosed))?;
    let now = now_ms();
    if now < a.starts_at - OPENS_BEFORE_MS || now > a.ends_at + CLOSES_AFTER_MS {
        return Err(StoreError::Conflict(Conflict::ActivityCheckInClosed));
    }
    let before = activities::attendance(db, id, who).await?;
    if !before.signed {
        return Err(StoreError::Conflict(Conflict::NotSignedUp));
    }
    if before.check_out_at.is_some() {
        return Err(StoreError::Conflict(Conflict::AlreadyCheckedOut));
    }
    if before.check_in_at.is_some_and(|t| now - t < MIN_STAY_MS) {
        return Err(StoreError::Conflict(Conflict::AlreadyCheckedIn));
    }
    let (column, value) = who.column();
    let mut tx = db.begin_write().await?;
    let (moved, action) = match before.check_in_at {
        None => {
            let sql = format!(
                "UPDATE activity_signups SET check_in_at = $1, checked_in_by = $2 WHERE activity_id = $3 \
                 AND {column} = $4 AND status = 'signed' AND check_in_at IS NULL"
            );
            let q = sqlx::query(&sql).bind(now).bind(staff.map(|s| s.to_string()));
            (q.bind(id.to_string()).bind(value.clone()).execute(&mut *tx).await?.rows_affected(), "activity.check_in")
        }
        Some(_) => {
            let sql = format!(
                "UPDATE activity_signups SET check_out_at = $1 WHERE activity_id = $2 AND {column} = $3 \
                 AND status = 'signed' AND check_in_at IS NOT NULL AND check_out_at IS NULL"
            );
            let q = sqlx::query(&sql).bind(now).bind(id.to_string()).bind(value.clone());
            (q.execute(&mut *tx).await?.rows_affected(), "activity.check_out")
        }
    };
    if moved == 0 {
        // Another scan of the same person got there first.
        let c = if before.check_in_at.is_none() { Conflict::AlreadyCheckedIn } else { Conflict::AlreadyCheckedOut };
        return Err(StoreError::Conflict(c));
    }
    if before.check_in_at.is_none() {
        // Checking in is what makes a signup count as attendance (人次).
        let sql = format!("SELECT id FROM activity_signups WHERE activity_id = $1 AND {column} = $2");
        let rows = sqlx::query(&sql).bind(id.to_string()).bind(value.clone()).fetch_all(&mut *tx).await?;
        let ids = rows.iter().map(|r| r.try_get("id")).collect::<Result<Vec<String>, _>>()?;
        figures::add(&mut tx, Source::Signup, &ids).await?;
    }
    if let (Some(check_in), Signer::Volunteer(volunteer)) = (before.check_in_at, who)
        && let Some(span) = Span::served((a.starts_at, a.ends_at), check_in, Some(now))
    {
        let entry = entry_for(db, &a, volunteer, span, None).await?;
        hours::credit(&mut tx, &entry, by).await?;
    }
    let event = Event::new(by, action, "activity")
        .id(id)
        .region(&a.region_code)
        .detail(serde_json::json!({ column: value, "by_staff": staff.is_some() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    activities::attendance(db, id, who).await
}

/// One line of an activity's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    pub id: String,
    pub role: SignupRole,
    pub signer: Signer,
    pub name: String,
    pub signed: bool,
    pub check_in_at: Option<i64>,
    pub check_out_at: Option<i64>,
}

/// Everyone signed up for an activity in scope, by role and name. `None` when it is not in scope.
pub async fn signups(db: &Db, scope: &Scope, id: ActivityId) -> Result<Option<Vec<Signup>>> {
    if activities::get(db, scope, id).await?.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT s.id, s.role, s.volunteer_id, s.resident_id, s.status, s.check_in_at, s.check_out_at, \
         COALESCE(pv.name, pr.name) AS name FROM activity_signups s \
         LEFT JOIN volunteers v ON v.id = s.volunteer_id LEFT JOIN persons pv ON pv.id = v.person_id \
         LEFT JOIN residents rs ON rs.id = s.resident_id LEFT JOIN persons pr ON pr.id = rs.person_id \
         WHERE s.activity_id = $1 ORDER BY s.role DESC, name, s.id",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let bad = || StoreError::corrupt("activity sign-up");
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let volunteer: Option<String> = r.try_get("volunteer_id")?;
        let resident: Option<String> = r.try_get("resident_id")?;
        let signer = match (volunteer, resident) {
            (Some(v), _) => Signer::Volunteer(v.parse().map_err(|_| bad())?),
            (None, Some(p)) => Signer::Resident(p.parse().map_err(|_| bad())?),
            (None, None) => return Err(bad()),
        };
        out.push(Signup {
            id: r.try_get("id")?,
            role: SignupRole::parse(&r.try_get::<String, _>("role")?).map_err(|_| bad())?,
            signer,
            name: r.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
            signed: r.try_get::<String, _>("status")? == "signed",
            check_in_at: r.try_get("check_in_at")?,
            check_out_at: r.try_get("check_out_at")?,
        });
    }
    Ok(Some(out))
}

/// Credits the volunteers who checked in at an activity that ended more than two hours ago and
/// never checked out: the rule counts their service until the end. Their check-out stays empty,
/// as it happened. Returns how many were credited; run on the server's schedule, and again
/// without harm (each volunteer is credited once per activity).
pub async fn credit_unclosed(db: &Db, now: i64) -> Result<usize> {
    let rows = sqlx::query(
        "SELECT s.activity_id, s.volunteer_id, s.check_in_at FROM activity_signups s JOIN activities a ON a.id = s.activity_id \
         WHERE s.role = 'volunteer' AND s.status = 'signed' AND s.check_in_at IS NOT NULL AND s.check_out_at IS NULL \
         AND s.settled_at IS NULL AND a.ends_at < $1 AND NOT EXISTS (SELECT 1 FROM hours_entries h WHERE h.source = 'activity' \
         AND h.source_ref = s.activity_id AND h.volunteer_id = s.volunteer_id) LIMIT 500",
    )
    .bind(now - CLOSES_AFTER_MS)
    .fetch_all(&db.pool)
    .await?;
    let mut credited = 0;
    for r in rows {
        let bad = || StoreError::corrupt("activity sign-up");
        let id: ActivityId = r.try_get::<String, _>("activity_id")?.parse().map_err(|_| bad())?;
        let volunteer: wushe_domain::VolunteerId =
            r.try_get::<Option<String>, _>("volunteer_id")?.ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let check_in: i64 = r.try_get("check_in_at")?;
        let Some(a) = activities::get(db, &Scope::all(), id).await? else { continue };
        let mut tx = db.begin_write().await?;
        let settled = sqlx::query(
            "UPDATE activity_signups SET settled_at = $1 WHERE activity_id = $2 AND volunteer_id = $3 AND settled_at IS NULL",
        )
        .bind(now)
        .bind(id.to_string())
        .bind(volunteer.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Another server settled it first; or nothing is left to count.
        let span = Span::served((a.starts_at, a.ends_at), check_in, None);
        let (1, Some(span)) = (settled, span) else {
            tx.commit().await?;
            continue;
        };
        let reason = "未签退，按活动结束时间计 / no check-out: counted to the end";
        let entry = entry_for(db, &a, volunteer, span, Some(reason)).await?;
        hours::credit(&mut tx, &entry, None).await?;
        tx.commit().await?;
        credited += 1;
    }
    Ok(credited)
}

/// The hours entry a volunteer earns at an activity; the activity's organization records it, or
/// its community's name stands as the recorder.
async fn entry_for(
    db: &Db,
    a: &activities::Activity,
    volunteer: wushe_domain::VolunteerId,
    span: Span,
    reason: Option<&str>,
) -> Result<hours::NewEntry> {
    let organization = match a.organization_id {
        Some(o) => crate::organizations::get(db, &Scope::all(), o).await?.map(|o| (o.id, o.name)),
        None => None,
    };
    Ok(hours::NewEntry {
        volunteer,
        region: a.region_code.clone(),
        organization: organization.as_ref().map(|(id, _)| *id),
        recorder: organization.map_or_else(|| a.region_name.clone(), |(_, name)| name),
        content: a.title.clone(),
        place: a.place.clone(),
        span,
        source: HoursSource::Activity,
        source_ref: Some(a.id.to_string()),
        amends: None,
        reason: reason.map(String::from),
    })
}
