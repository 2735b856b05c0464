//! Cases: a social worker takes a need (the social-worker linkage), with a plan, a next contact
//! date and notes over time. Scoped by the need's community.

use sqlx::Row;
use time::Date;
use wushe_domain::validate::{format_date, parse_date};
use wushe_domain::{AccountId, Conflict, Field, FieldError, NeedId, Reason, SocialWorkerId};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::{Db, Result, Scope, StoreError, needs, now_ms, social_workers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: String,
    pub social_worker_id: SocialWorkerId,
    pub social_worker_name: String,
    pub plan: String,
    pub next_contact: Option<Date>,
    pub notes: Vec<CaseNote>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNote {
    pub at: i64,
    pub author: Option<String>,
    pub note: String,
    pub next_contact: Option<Date>,
}

fn date(raw: Option<String>) -> Result<Option<Date>> {
    raw.map(|d| parse_date(Field::NextContact, &d).map_err(|_| StoreError::corrupt("case date"))).transpose()
}

/// The case of a need in scope, with its notes; `None` when there is none (or the need is not in scope).
pub async fn of_need(db: &Db, scope: &Scope, need: NeedId) -> Result<Option<Case>> {
    if needs::get(db, scope, need).await?.is_none() {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT c.id, c.social_worker_id, p.name, c.plan, c.next_contact FROM cases c \
         JOIN social_workers w ON w.id = c.social_worker_id JOIN persons p ON p.id = w.person_id WHERE c.need_id = $1",
    )
    .bind(need.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let id: String = r.try_get("id")?;
    let notes = sqlx::query(
        "SELECT n.id, n.at, a.display_name, n.note, n.next_contact FROM case_notes n LEFT JOIN accounts a ON a.id = n.author_id \
         WHERE n.case_id = $1 ORDER BY n.at, n.id",
    )
    .bind(&id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|n| {
        Ok(CaseNote {
            at: n.try_get("at")?,
            author: n.try_get("display_name")?,
            note: db.crypto.open_in(at("case_notes", "note", &n.try_get::<String, _>("id")?), &n.try_get::<String, _>("note")?)?,
            next_contact: date(n.try_get("next_contact")?)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(Some(Case {
        social_worker_id: r
            .try_get::<String, _>("social_worker_id")?
            .parse()
            .map_err(|_| StoreError::corrupt("case worker"))?,
        social_worker_name: r.try_get("name")?,
        plan: db.crypto.open_in(at("cases", "plan", &id), &r.try_get::<String, _>("plan")?)?,
        id,
        next_contact: date(r.try_get("next_contact")?)?,
        notes,
    }))
}

/// A social worker in scope takes an assessed (or already linked) need in scope as a case.
/// `None` when the need is not in scope.
pub async fn open(
    db: &Db,
    scope: &Scope,
    need: NeedId,
    worker: SocialWorkerId,
    plan: &str,
    next_contact: Option<Date>,
    by: Option<AccountId>,
) -> Result<Option<Case>> {
    let Some(n) = needs::get(db, scope, need).await? else { return Ok(None) };
    let w = social_workers::get(db, scope, worker)
        .await?
        .filter(|w| w.status == "active")
        .ok_or(FieldError::new(Field::SocialWorker, Reason::NotFound))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let case_id = uuid::Uuid::now_v7().to_string();
    let inserted = sqlx::query(
        "INSERT INTO cases (id, need_id, region_code, social_worker_id, plan, next_contact, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8)",
    )
    .bind(&case_id)
    .bind(need.to_string())
    .bind(n.region_code.as_str())
    .bind(worker.to_string())
    .bind(db.crypto.seal_in(at("cases", "plan", &case_id), plan)?)
    .bind(next_contact.map(format_date))
    .bind(by.map(|a| a.to_string()))
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if crate::error::is_unique_violation(&e, "cases_need_key", "cases.need_id") {
            return Err(StoreError::Conflict(Conflict::CaseExists));
        }
        return Err(e.into());
    }
    needs::mark_linked(db, &mut tx, &n, &format!("社工接案：{} / case taken by a social worker", w.name), by, now)
        .await?;
    let event = Event::new(by, "need.case", "need")
        .id(need)
        .region(&n.region_code)
        .detail(serde_json::json!({ "social_worker": worker.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    of_need(db, scope, need).await
}

/// A note on the case, with the next contact date if one is set.
pub async fn add_note(
    db: &Db,
    scope: &Scope,
    need: NeedId,
    note: &str,
    next_contact: Option<Date>,
    by: Option<AccountId>,
) -> Result<Option<Case>> {
    let Some(case) = of_need(db, scope, need).await? else { return Ok(None) };
    let n = needs::get(db, scope, need).await?.ok_or(StoreError::corrupt("need vanished"))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let note_id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO case_notes (id, case_id, region_code, at, author_id, note, next_contact) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&note_id)
    .bind(&case.id)
    .bind(n.region_code.as_str())
    .bind(now)
    .bind(by.map(|a| a.to_string()))
    .bind(db.crypto.seal_in(at("case_notes", "note", &note_id), note)?)
    .bind(next_contact.map(format_date))
    .execute(&mut *tx)
    .await?;
    if next_contact.is_some() {
        sqlx::query("UPDATE cases SET next_contact = $1, updated_at = $2 WHERE id = $3")
            .bind(next_contact.map(format_date))
            .bind(now)
            .bind(&case.id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    of_need(db, scope, need).await
}
