//! Referrals (the organization linkage), scoped by the need's community. An organization's staff
//! see and answer only their organization's referrals; an answer is a conditional update, so a
//! referral is answered once.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::message::MessageKind;
use wushe_domain::need::{NeedCategory, NeedStatus, Urgency};
use wushe_domain::referral::{Answer, DeclineReason, NewReferral, ReferralStatus};
use wushe_domain::{
    AccountId, Conflict, Field, FieldError, NeedId, OrganizationId, Reason, ReferralId, RegionCode, RegionPath,
};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::error::is_unique_violation;
use crate::messages::{self, Outgoing, To};
use crate::needs::{self, Entry};
use crate::{Db, Result, Scope, StoreError, now_ms, organizations};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: ReferralId,
    pub need_id: NeedId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub status: ReferralStatus,
    pub reason: Option<DeclineReason>,
    pub note: Option<String>,
    pub answer_note: Option<String>,
    pub sent_at: i64,
    pub sent_by: Option<String>,
    pub answered_at: Option<i64>,
    pub answered_by: Option<String>,
    pub need_category: NeedCategory,
    pub need_urgency: Urgency,
    /// In clear inside the process only: the organization reads it to decide.
    pub need_description: String,
}

const SELECT: &str = "SELECT f.id, f.need_id, f.region_code, r.name AS region_name, r.path AS region_path, \
    f.organization_id, o.name AS organization_name, f.status, f.reason, f.note, f.answer_note, f.sent_at, \
    sa.display_name AS sent_by, f.answered_at, aa.display_name AS answered_by, n.category, n.urgency, n.description \
    FROM referrals f JOIN regions r ON r.code = f.region_code JOIN organizations o ON o.id = f.organization_id \
    JOIN needs n ON n.id = f.need_id LEFT JOIN accounts sa ON sa.id = f.sent_by LEFT JOIN accounts aa ON aa.id = f.answered_by";

fn decode(db: &Db, r: &AnyRow) -> Result<Referral> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("referral {id}: bad {what}"));
    let reason: Option<String> = r.try_get("reason")?;
    Ok(Referral {
        id: id.parse().map_err(|_| bad("id"))?,
        need_id: r.try_get::<String, _>("need_id")?.parse().map_err(|_| bad("need"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        organization_id: r.try_get::<String, _>("organization_id")?.parse().map_err(|_| bad("organization"))?,
        organization_name: r.try_get("organization_name")?,
        status: ReferralStatus::parse(&r.try_get::<String, _>("status")?).map_err(|_| bad("status"))?,
        reason: reason.map(|k| DeclineReason::parse(&k).map_err(|_| bad("reason"))).transpose()?,
        note: r.try_get("note")?,
        answer_note: r.try_get("answer_note")?,
        sent_at: r.try_get("sent_at")?,
        sent_by: r.try_get("sent_by")?,
        answered_at: r.try_get("answered_at")?,
        answered_by: r.try_get("answered_by")?,
        need_category: NeedCategory::parse(&r.try_get::<String, _>("category")?).map_err(|_| bad("category"))?,
        need_urgency: Urgency::parse(&r.try_get::<String, _>("urgency")?).map_err(|_| bad("urgency"))?,
        need_description: db
            .open_shown(
                at("needs", "description", &r.try_get::<String, _>("need_id")?),
                &r.try_get::<String, _>("description")?,
            )
            .unwrap_or_else(|| crate::UNREADABLE.to_owned()),
    })
}

/// A referral in scope, as staff see it.
pub async fn get(db: &Db, scope: &Scope, id: ReferralId) -> Result<Option<Referral>> {
    let sql = format!("{SELECT} WHERE f.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// A referral to `org` in scope, as that organization's staff see it.
pub async fn get_for(db: &Db, scope: &Scope, org: OrganizationId, id: ReferralId) -> Result<Option<Referral>> {
    let sql = format!("{SELECT} WHERE f.id = $1 AND f.organization_id = $2 AND r.path >= $3 AND r.path < $4");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(scope.lo())
        .bind(scope.hi())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Where a referral is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: ReferralId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|f| f.map(|f| f.region_code))
}

/// A need's referrals in scope, oldest first.
pub async fn of_need(db: &Db, scope: &Scope, need: NeedId) -> Result<Vec<Referral>> {
    let sql = format!("{SELECT} WHERE f.need_id = $1 AND r.path >= $2 AND r.path < $3 ORDER BY f.sent_at, f.id");
    let rows = sqlx::query(&sql).bind(need.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_all(&db.pool).await?;
    rows.iter().map(|r| decode(db, r)).collect()
}

/// An organization's referrals in scope: unanswered first, then the latest answers.
pub async fn for_organization(db: &Db, scope: &Scope, org: OrganizationId, limit: i64) -> Result<Vec<Referral>> {
    let sql = format!(
        "{SELECT} WHERE f.organization_id = $1 AND r.path >= $2 AND r.path < $3 \
         ORDER BY CASE WHEN f.status = 'sent' THEN 0 ELSE 1 END, f.sent_at DESC, f.id LIMIT {limit}"
    );
    let rows = sqlx::query(&sql).bind(org.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_all(&db.pool).await?;
    rows.iter().map(|r| decode(db, r)).collect()
}

/// Refers a need in scope to an organization that serves its community. The need must be
/// assessed and still open. `None` when the need is not in scope.
pub async fn send(
    db: &Db,
    scope: &Scope,
    need: NeedId,
    new: &NewReferral,
    by: Option<AccountId>,
) -> Result<Option<Referral>> {
    let Some(n) = needs::get(db, scope, need).await? else { return Ok(None) };
    if !matches!(n.status, NeedStatus::Assessed | NeedStatus::Linked | NeedStatus::InService) {
        return Err(StoreError::Conflict(Conflict::NotAssessed));
    }
    let org = organizations::get_serving(db, scope, new.organization, &n.region_path)
        .await?
        .filter(|o| o.status == "active")
        .ok_or(FieldError::new(Field::Organization, Reason::NotFound))?;
    let id = ReferralId::new();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO referrals (id, need_id, region_code, organization_id, status, reason, note, answer_note, sent_by, \
         sent_at, answered_by, answered_at) VALUES ($1, $2, $3, $4, 'sent', NULL, $5, NULL, $6, $7, NULL, NULL)",
    )
    .bind(id.to_string())
    .bind(need.to_string())
    .bind(n.region_code.as_str())
    .bind(org.id.to_string())
    .bind(new.note.as_deref())
    .bind(by.map(|a| a.to_string()))
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e, "referrals_open_key", "referrals.need_id") {
            return Err(StoreError::Conflict(Conflict::ReferralOpen));
        }
        return Err(e.into());
    }
    let what = format!("转介至{} / referred to {}", org.name, org.name);
    let entry = Entry { kind: "referral", from: None, to: None, note: Some(&what) };
    needs::append_event(db, &mut tx, need, &n.region_code, by, &entry, now).await?;
    let msg = Outgoing {
        kind: MessageKind::ReferralReceived,
        subject: n.category.key(),
        link: "/referrals".to_owned(),
        region: &n.region_code,
        by,
    };
    messages::send(&mut tx, To::Organization(org.id), &msg, now).await?;
    let event = Event::new(by, "referral.send", "referral")
        .id(id)
        .region(&n.region_code)
        .detail(serde_json::json!({ "need": need.to_string(), "organization": org.id.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// The organization's answer to a referral to it. Accepting links the need. Refused (409) when
/// the referral was answered already; `None` when it is not this organization's or not in scope.
pub async fn answer(
    db: &Db,
    scope: &Scope,
    org: OrganizationId,
    id: ReferralId,
    answer: Answer,
    note: Option<&str>,
    by: Option<AccountId>,
) -> Result<Option<Referral>> {
    let Some(f) = get_for(db, scope, org, id).await? else { return Ok(None) };
    let now = now_ms();
    let reason = match answer {
        Answer::Decline(r) => Some(r),
        Answer::Accept => None,
    };
    let mut tx = db.begin_write().await?;
    let moved = sqlx::query(
        "UPDATE referrals SET status = $1, reason = $2, answer_note = $3, answered_by = $4, answered_at = $5 \
         WHERE id = $6 AND status = 'sent'",
    )
    .bind(answer.status().key())
    .bind(reason.map(|r| r.key()))
    .bind(note)
    .bind(by.map(|a| a.to_string()))
    .bind(now)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(StoreError::Conflict(Conflict::ReferralAnswered));
    }
    let name = &f.organization_name;
    match reason {
        None => {
            let n = needs::get(db, &Scope::all(), f.need_id).await?.ok_or(StoreError::corrupt("need vanished"))?;
            let what = format!("{name}接受转介 / {name} accepted the referral");
            needs::mark_linked(db, &mut tx, &n, &what, by, now).await?;
        }
        Some(r) => {
            let what = format!("{name}婉拒转介：{} / {name} declined: {}", r.label(wushe_domain::Lang::Zh), r.key());
            let entry = Entry { kind: "referral", from: None, to: None, note: Some(&what) };
            needs::append_event(db, &mut tx, f.need_id, &f.region_code, by, &entry, now).await?;
        }
    }
    let event = Event::new(by, "referral.answer", "referral")
        .id(id)
        .region(&f.region_code)
        .detail(serde_json::json!({ "status": answer.status().key(), "reason": reason.map(|r| r.key()) }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get_for(db, scope, org, id).await
}
