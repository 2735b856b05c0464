//! Community activities, scoped by their community for staff; published ones are public. Sign-up
//! raises the role's count with a conditional update (below its places), so a full activity
//! takes nobody else however many sign up at once, on either engine.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::activity::{ActivityCategory, ActivityStatus, NewActivity, SignupRole, TargetGroup};
use wushe_domain::{
    AccountId, ActivityId, Conflict, Field, FieldError, OrganizationId, Reason, RegionCode, RegionLevel, RegionPath,
    ResidentId, VolunteerId,
};

use crate::audit::{self, Event};
use crate::figures::{self, Source};
use crate::{Db, Result, Scope, StoreError, now_ms, regions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: ActivityId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub title: String,
    pub category: ActivityCategory,
    pub place: String,
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
    pub organization_id: Option<OrganizationId>,
}

const SELECT: &str = "SELECT a.id, a.region_code, r.name AS region_name, r.path AS region_path, a.title, a.category, \
    a.place, a.starts_at, a.ends_at, a.participant_places, a.volunteer_places, a.participants, a.volunteers, \
    a.target_groups, a.partners, a.description, a.status, a.organization_id FROM activities a \
    JOIN regions r ON r.code = a.region_code";

fn decode(r: &AnyRow) -> Result<Activity> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("activity {id}: bad {what}"));
    let groups: Vec<String> =
        serde_json::from_str(&r.try_get::<String, _>("target_groups")?).map_err(|_| bad("groups"))?;
    let org: Option<String> = r.try_get("organization_id")?;
    Ok(Activity {
        id: id.parse().map_err(|_| bad("id"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        title: r.try_get("title")?,
        category: ActivityCategory::parse(&r.try_get::<String, _>("category")?).map_err(|_| bad("category"))?,
        place: r.try_get("place")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        participant_places: r.try_get("participant_places")?,
        volunteer_places: r.try_get("volunteer_places")?,
        participants: r.try_get("participants")?,
        volunteers: r.try_get("volunteers")?,
        target_groups: groups.iter().map(|g| TargetGroup::parse(g).map_err(|_| bad("group"))).collect::<Result<_>>()?,
        partners: serde_json::from_str(&r.try_get::<String, _>("partners")?).map_err(|_| bad("partners"))?,
        description: r.try_get("description")?,
        status: ActivityStatus::parse(&r.try_get::<String, _>("status")?).map_err(|_| bad("status"))?,
        organization_id: org.map(|o| o.parse().map_err(|_| bad("organization"))).transpose()?,
    })
}

/// An activity in scope, whatever its state.
pub async fn get(db: &Db, scope: &Scope, id: ActivityId) -> Result<Option<Activity>> {
    let sql = format!("{SELECT} WHERE a.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(&r)).transpose()
}

/// Where an activity is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: ActivityId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|a| a.map(|a| a.region_code))
}

/// A published activity, for anyone: activities carry no one's personal data.
pub async fn get_published(db: &Db, id: ActivityId) -> Result<Option<Activity>> {
    let sql = format!("{SELECT} WHERE a.id = $1 AND a.status = 'published'");
    let row = sqlx::query(&sql).bind(id.to_string()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(&r)).transpose()
}

/// Activities in scope, the soonest first; with `upcoming`, only those not yet over.
pub async fn list(
    db: &Db,
    scope: &Scope,
    upcoming: Option<i64>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Activity>, i64)> {
    let cond = "WHERE r.path >= $1 AND r.path < $2 AND a.ends_at > $3";
    let after = upcoming.unwrap_or(i64::MIN);
    let sql = format!("{SELECT} {cond} ORDER BY a.starts_at, a.id LIMIT {limit} OFFSET {offset}");
    let rows = sqlx::query(&sql).bind(scope.lo()).bind(scope.hi()).bind(after).fetch_all(&db.pool).await?;
    let count = format!("SELECT COUNT(*) AS n FROM activities a JOIN regions r ON r.code = a.region_code {cond}");
    let total: i64 =
        sqlx::query(&count).bind(scope.lo()).bind(scope.hi()).bind(after).fetch_one(&db.pool).await?.try_get("n")?;
    Ok((rows.iter().map(decode).collect::<Result<_>>()?, total))
}

/// Published activities not yet over under a region (the whole country when `None`), soonest first.
pub async fn published(db: &Db, under: &Scope, now: i64, limit: i64) -> Result<Vec<Activity>> {
    let sql = format!(
        "{SELECT} WHERE a.status = 'published' AND a.ends_at > $1 AND r.path >= $2 AND r.path < $3 \
         ORDER BY a.starts_at, a.id LIMIT {limit}"
    );
    let rows = sqlx::query(&sql).bind(now).bind(under.lo()).bind(under.hi()).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// Plans an activity for a community in scope, as a draft.
pub async fn create(
    db: &Db,
    scope: &Scope,
    new: &NewActivity,
    organization: Option<OrganizationId>,
    by: Option<AccountId>,
) -> Result<Activity> {
    let region = regions::get(db, scope, &new.region).await?.ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
    if region.level != RegionLevel::Village {
        let (expected, expected_en) = (RegionLevel::Village.label(wushe_domain::Lang::Zh), "community");
        return Err(FieldError::new(Field::Region, Reason::WrongLevel { expected, expected_en }).into());
    }
    let id = ActivityId::new();
    let now = now_ms();
    let groups: Vec<&str> = new.target_groups.iter().map(|g| g.key()).collect();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO activities (id, region_code, title, category, place, starts_at, ends_at, participant_places, \
         volunteer_places, participants, volunteers, target_groups, partners, description, status, organization_id, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, $10, $11, $12, 'draft', \
         $13, $14, $15, $15)",
    )
    .bind(id.to_string())
    .bind(new.region.as_str())
    .bind(new.title.as_str())
    .bind(new.category.key())
    .bind(new.place.as_str())
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(new.participant_places)
    .bind(new.volunteer_places)
    .bind(json(&groups)?)
    .bind(json(&new.partners)?)
    .bind(new.description.as_str())
    .bind(organization.map(|o| o.to_string()))
    .bind(by.map(|a| a.to_string()))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let event = Event::new(by, "activity.create", "activity")
        .id(id)
        .region(&new.region)
        .detail(serde_json::json!({ "title": new.title, "category": new.category.key() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await?.ok_or_else(|| StoreError::corrupt("activity vanished after insert"))
}

/// A value written as a JSON column.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::corrupt(e.to_string()))
}

/// Publishes a draft, or cancels a draft or a published activity not yet over. Refused (409) from
/// any other state; `None` when the activity is not in scope.
pub async fn set_status(
    db: &Db,
    scope: &Scope,
    id: ActivityId,
    to: ActivityStatus,
    by: Option<AccountId>,
) -> Result<Option<Activity>> {
    let Some(a) = get(db, scope, id).await? else { return Ok(None) };
    let from: &[&str] = match to {
        ActivityStatus::Published => &["draft"],
        ActivityStatus::Cancelled => &["draft", "published"],
        ActivityStatus::Draft => &[],
    };
    let now = now_ms();
    if !from.contains(&a.status.key()) || a.ends_at <= now {
        return Err(StoreError::Conflict(Conflict::ActivityClosed));
    }
    let mut tx = db.begin_write().await?;
    let ids = [id.to_string()];
    let counted = figures::facts(&mut tx, Source::Activity, &ids).await?;
    let moved = sqlx::query("UPDATE activities SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to.key())
        .bind(now)
        .bind(id.to_string())
        .bind(a.status.key())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if moved == 0 {
        return Err(StoreError::Conflict(Conflict::ActivityClosed));
    }
    figures::settle(&mut tx, Source::Activity, &ids, counted).await?;
    let event = Event::new(by, format!("activity.{}", to.key()), "activity").id(id).region(&a.region_code);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Who signs up: a volunteer, or a resident taking part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    Volunteer(VolunteerId),
    Resident(ResidentId),
}

impl Signer {
    pub fn role(self) -> SignupRole {
        match self {
            Signer::Volunteer(_) => SignupRole::Volunteer,
            Signer::Resident(_) => SignupRole::Participant,
        }
    }

    pub(crate) fn column(self) -> (&'static str, String) {
        match self {
            Signer::Volunteer(v) => ("volunteer_id", v.to_string()),
            Signer::Resident(r) => ("resident_id", r.to_string()),
        }
    }
}

fn unique_index(who: Signer) -> String {
    match who {
        Signer::Volunteer(_) => "activity_signups_volunteer".into(),
        Signer::Resident(_) => "activity_signups_resident".into(),
    }
}

/// One person's sign-up as they see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attendance {
    pub signed: bool,
    pub check_in_at: Option<i64>,
    pub check_out_at: Option<i64>,
}

/// The signer's standing on an activity.
pub async fn attendance(db: &Db, id: ActivityId, who: Signer) -> Result<Attendance> {
    let (column, value) = who.column();
    let sql = format!(
        "SELECT status, check_in_at, check_out_at FROM activity_signups WHERE activity_id = $1 AND {column} = $2"
    );
    let row = sqlx::query(&sql).bind(id.to_string()).bind(value).fetch_optional(&db.pool).await?;
    let Some(r) = row else { return Ok(Attendance::default()) };
    Ok(Attendance {
        signed: r.try_get::<String, _>("status")? == "signed",
        check_in_at: r.try_get("check_in_at")?,
        check_out_at: r.try_get("check_out_at")?,
    })
}

/// Signs up for a published activity not yet over. Refused (409) when the role's places are
/// taken, the activity is not open, or the signer is already on it.
pub async fn sign_up(db: &Db, id: ActivityId, who: Signer, by: Option<AccountId>) -> Result<Activity> {
    let a = get_published(db, id).await?.ok_or(StoreError::Conflict(Conflict::ActivityClosed))?;
    let now = now_ms();
    let (column, value) = who.column();
    let before = attendance(db, id, who).await?;
    if before.signed {
        return Err(StoreError::Conflict(Conflict::AlreadySignedUp));
    }
    let (count, places) = match who.role() {
        SignupRole::Volunteer => ("volunteers", "volunteer_places"),
        SignupRole::Participant => ("participants", "participant_places"),
    };
    let mut tx = db.begin_write().await?;
    let raised = sqlx::query(&format!(
        "UPDATE activities SET {count} = {count} + 1, updated_at = $1 WHERE id = $2 AND status = 'published' \
         AND ends_at > $1 AND {count} < {places}"
    ))
    .bind(now)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if raised == 0 {
        let open = a.status == ActivityStatus::Published && a.ends_at > now;
        return Err(StoreError::Conflict(if open { Conflict::ActivityFull } else { Conflict::ActivityClosed }));
    }
    let written = sqlx::query(&format!(
        "UPDATE activity_signups SET status = 'signed', signed_at = $1 WHERE activity_id = $2 AND {column} = $3 \
         AND status = 'withdrawn'"
    ))
    .bind(now)
    .bind(id.to_string())
    .bind(value.clone())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if written == 0 {
        let inserted = sqlx::query(&format!(
            "INSERT INTO activity_signups (id, activity_id, region_code, role, {column}, status, signed_at) \
             VALUES ($1, $2, $3, $4, $5, 'signed', $6)"
        ))
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(a.region_code.as_str())
        .bind(who.role().key())
        .bind(value.clone())
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            // The same person signing up twice at once: the second finds the row taken.
            Err(e) if crate::error::is_unique_violation(&e, &unique_index(who), "activity_signups.activity_id") => {
                return Err(StoreError::Conflict(Conflict::AlreadySignedUp));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let event = Event::new(by, "activity.sign_up", "activity")
        .id(id)
        .region(&a.region_code)
        .detail(serde_json::json!({ "role": who.role().key(), column: value }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get_published(db, id).await?.ok_or_else(|| StoreError::corrupt("activity vanished"))
}

/// The registration a signed-in account signs up as, found by the account's phone number (keyed
/// hash): a volunteer account as its volunteer, a resident account as its resident.
pub async fn signer_of_account(db: &Db, account: AccountId, role: wushe_domain::Role) -> Result<Option<Signer>> {
    match role {
        wushe_domain::Role::Volunteer => {
            Ok(crate::tasks::volunteer_of_account(db, account).await?.map(Signer::Volunteer))
        }
        wushe_domain::Role::Resident => {
            let row = sqlx::query(&format!(
                "SELECT rs.id FROM residents rs {} WHERE a.id = $1 AND rs.status <> 'erased' LIMIT 1",
                crate::persons::of_account("rs")
            ))
            .bind(account.to_string())
            .fetch_optional(&db.pool)
            .await?;
            row.map(|r| {
                let id: String = r.try_get("id")?;
                Ok(Signer::Resident(id.parse().map_err(|_| StoreError::corrupt("resident id"))?))
            })
            .transpose()
        }
        _ => Ok(None),
    }
}
