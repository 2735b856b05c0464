//! Which organizations, and which of their teams, a volunteer belongs to. Scoped through the
//! volunteer: a membership is seen and changed only by those who see the volunteer, and only
//! with an organization they see too. Leaving ends the row; history stays.

use std::collections::HashMap;

use sqlx::Row;
use time::Date;
use wushe_domain::validate::{format_date, parse_date};
use wushe_domain::{AccountId, Field, FieldError, OrganizationId, Reason, VolunteerId};

use crate::audit::{self, Event};
use crate::{Db, Result, Scope, StoreError, now_ms, organizations, volunteers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub team: Option<String>,
    pub joined_on: Date,
    pub left_on: Option<Date>,
}

/// A volunteer's memberships, current ones first; `None` when the volunteer is not in scope.
pub async fn of_volunteer(db: &Db, scope: &Scope, id: VolunteerId) -> Result<Option<Vec<Membership>>> {
    if volunteers::get(db, scope, id).await?.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT m.organization_id, o.name, m.team, m.joined_on, m.left_on FROM volunteer_memberships m \
         JOIN organizations o ON o.id = m.organization_id WHERE m.volunteer_id = $1 \
         ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END, m.joined_on DESC, m.id",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let bad = || StoreError::corrupt("membership row");
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let left: Option<String> = r.try_get("left_on")?;
        out.push(Membership {
            organization_id: r.try_get::<String, _>("organization_id")?.parse().map_err(|_| bad())?,
            organization_name: r.try_get("name")?,
            team: r.try_get("team")?,
            joined_on: parse_date(Field::JoinedOn, &r.try_get::<String, _>("joined_on")?).map_err(|_| bad())?,
            left_on: left.map(|d| parse_date(Field::LeftOn, &d).map_err(|_| bad())).transpose()?,
        });
    }
    Ok(Some(out))
}

/// An organization the actor sees that the volunteer may belong to (see [`organizations::get_serving`]).
async fn organization_for(
    db: &Db,
    scope: &Scope,
    raw: &str,
    home: &wushe_domain::RegionPath,
) -> Result<organizations::Organization> {
    let id: OrganizationId = raw.trim().parse().map_err(|_| FieldError::new(Field::Organization, Reason::NotFound))?;
    organizations::get_serving(db, scope, id, home)
        .await?
        .ok_or(FieldError::new(Field::Organization, Reason::NotFound).into())
}

/// Adds the volunteer to an organization (and team) from `on`. A volunteer is a current member
/// of an organization once: joining again while a member is refused.
pub async fn join(
    db: &Db,
    scope: &Scope,
    id: VolunteerId,
    organization: &str,
    team: Option<&str>,
    on: Date,
    by: Option<AccountId>,
) -> Result<Option<Vec<Membership>>> {
    let Some(v) = volunteers::get(db, scope, id).await? else { return Ok(None) };
    if v.status == crate::persons::ERASED {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    let org = organization_for(db, scope, organization, &v.region_path).await?;
    let mut tx = db.begin_write().await?;
    let current = sqlx::query(
        "SELECT 1 AS one FROM volunteer_memberships WHERE volunteer_id = $1 AND organization_id = $2 AND left_on IS NULL",
    )
    .bind(id.to_string())
    .bind(org.id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    if current.is_some() {
        return Err(FieldError::new(Field::Organization, Reason::Duplicate(org.name)).into());
    }
    sqlx::query(
        "INSERT INTO volunteer_memberships (id, volunteer_id, organization_id, team, joined_on, left_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(id.to_string())
    .bind(org.id.to_string())
    .bind(team.map(str::to_owned))
    .bind(format_date(on))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(by, "volunteer.join", "volunteer")
        .id(id)
        .region(&v.region_code)
        .detail(serde_json::json!({ "organization": org.id.to_string(), "team": team }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    of_volunteer(db, scope, id).await
}

/// Ends the volunteer's current membership of an organization on `on`.
pub async fn leave(
    db: &Db,
    scope: &Scope,
    id: VolunteerId,
    organization: &str,
    on: Date,
    by: Option<AccountId>,
) -> Result<Option<Vec<Membership>>> {
    let Some(v) = volunteers::get(db, scope, id).await? else { return Ok(None) };
    let org = organization_for(db, scope, organization, &v.region_path).await?;
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT id, joined_on FROM volunteer_memberships WHERE volunteer_id = $1 AND organization_id = $2 AND left_on IS NULL",
    )
    .bind(id.to_string())
    .bind(org.id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Err(FieldError::new(Field::Organization, Reason::NotFound).into()) };
    let joined = parse_date(Field::JoinedOn, &row.try_get::<String, _>("joined_on")?)
        .map_err(|_| StoreError::corrupt("membership date"))?;
    if on < joined {
        return Err(FieldError::new(Field::LeftOn, Reason::BeforeJoining).into());
    }
    sqlx::query("UPDATE volunteer_memberships SET left_on = $1 WHERE id = $2")
        .bind(format_date(on))
        .bind(row.try_get::<String, _>("id")?)
        .execute(&mut *tx)
        .await?;
    let event = Event::new(by, "volunteer.leave", "volunteer")
        .id(id)
        .region(&v.region_code)
        .detail(serde_json::json!({ "organization": org.id.to_string(), "on": format_date(on) }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    of_volunteer(db, scope, id).await
}

/// The current membership of each of these volunteers (the earliest joined, when several): the
/// organization's credit code and the team. For exports; one query per 200 volunteers.
pub async fn current_of(db: &Db, ids: &[VolunteerId]) -> Result<HashMap<VolunteerId, (String, Option<String>)>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(200) {
        let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT m.volunteer_id, o.credit_code, m.team FROM volunteer_memberships m \
             JOIN organizations o ON o.id = m.organization_id WHERE m.left_on IS NULL AND m.volunteer_id IN ({marks}) \
             ORDER BY m.joined_on DESC, m.id DESC"
        );
        let rows = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(id.to_string())).fetch_all(&db.pool).await?;
        for r in rows {
            let id: String = r.try_get("volunteer_id")?;
            let id: VolunteerId = id.parse().map_err(|_| StoreError::corrupt("membership volunteer id"))?;
            // Ordered latest first, so the last insert is the earliest joined.
            out.insert(id, (r.try_get("credit_code")?, r.try_get("team")?));
        }
    }
    Ok(out)
}
