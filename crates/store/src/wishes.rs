//! Micro-wishes (微心愿): a need published for donors with nobody identifiable in it. Anyone may
//! offer to take an open wish up (`wish_claims`); staff confirm one offer, whose name and phone
//! (sealed, shown masked) the wish then keeps; the social worker then records it fulfilled. Each step is on the need's timeline; a fulfilled wish counts as charity
//! linked to the need, at the value the worker put on it.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::{AccountId, Conflict, NeedId, RegionCode};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::figures::{self, Source};
use crate::needs::{self, Entry};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wish {
    pub id: String,
    pub need_id: NeedId,
    pub region_code: RegionCode,
    /// The community's name: all the public learns of where.
    pub region_name: String,
    pub wish: String,
    pub value: i64,
    /// open | taken | fulfilled | withdrawn
    pub status: String,
    pub taker_name: Option<String>,
    /// In clear inside the process only; every view masks it.
    pub taker_phone: Option<String>,
    pub taken_at: Option<i64>,
    pub fulfilled_at: Option<i64>,
    pub fulfil_note: Option<String>,
    pub published_at: i64,
}

const SELECT: &str = "SELECT w.id, w.need_id, w.region_code, r.name AS region_name, w.wish, w.value, w.status, \
    w.taker_name, w.taker_phone, w.taken_at, w.fulfilled_at, w.fulfil_note, w.published_at \
    FROM wishes w JOIN regions r ON r.code = w.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<Wish> {
    let bad = |what: &str| StoreError::corrupt(format!("wish: bad {what}"));
    let sealed: Option<String> = r.try_get("taker_phone")?;
    let id: String = r.try_get("id")?;
    Ok(Wish {
        need_id: r.try_get::<String, _>("need_id")?.parse().map_err(|_| bad("need"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        wish: r.try_get("wish")?,
        value: r.try_get("value")?,
        status: r.try_get("status")?,
        taker_name: r.try_get("taker_name")?,
        taker_phone: sealed.and_then(|s| db.open_shown(at("wishes", "taker_phone", &id), &s)),
        taken_at: r.try_get("taken_at")?,
        fulfilled_at: r.try_get("fulfilled_at")?,
        fulfil_note: r.try_get("fulfil_note")?,
        published_at: r.try_get("published_at")?,
        id,
    })
}

pub(crate) async fn timeline(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    w: &Wish,
    by: Option<AccountId>,
    what: &str,
) -> Result<()> {
    let entry = Entry { kind: "wish", from: None, to: None, note: Some(what) };
    needs::append_event(db, tx, w.need_id, &w.region_code, by, &entry, now_ms()).await
}

/// Publishes a need in scope as a wish; the text has been checked for personal data. `None` when
/// the need is not in scope.
pub async fn publish(
    db: &Db,
    scope: &Scope,
    need: NeedId,
    wish: &str,
    value: i64,
    by: AccountId,
) -> Result<Option<String>> {
    let Some(n) = needs::get(db, scope, need).await? else { return Ok(None) };
    let mut tx = db.begin_write().await?;
    // A withdrawn wish makes way for a new one: it opens again with the new text. (Tried first:
    // after a failed insert, PostgreSQL would refuse anything more in this transaction.)
    let reopened = sqlx::query(
        "UPDATE wishes SET wish = $1, value = $2, status = 'open', taker_name = NULL, taker_phone = NULL, \
         taker_phone_index = NULL, taken_at = NULL, fulfilled_at = NULL, fulfilled_by = NULL, fulfil_note = NULL, \
         published_by = $3, published_at = $4 WHERE need_id = $5 AND status = 'withdrawn' RETURNING id",
    )
    .bind(wish)
    .bind(value)
    .bind(by.to_string())
    .bind(now_ms())
    .bind(need.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let id = match reopened {
        Some(r) => r.try_get("id")?,
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let inserted = sqlx::query(
                "INSERT INTO wishes (id, need_id, region_code, wish, value, status, published_by, published_at) \
                 VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)",
            )
            .bind(&id)
            .bind(need.to_string())
            .bind(n.region_code.as_str())
            .bind(wish)
            .bind(value)
            .bind(by.to_string())
            .bind(now_ms())
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => id,
                Err(e) if crate::error::is_unique_violation(&e, "wishes_need_id_key", "wishes.need_id") => {
                    return Err(StoreError::Conflict(Conflict::WishExists));
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let entry = Entry { kind: "wish", from: None, to: None, note: Some(&format!("发布为微心愿：{wish}")) };
    needs::append_event(db, &mut tx, need, &n.region_code, Some(by), &entry, now_ms()).await?;
    let event = Event::new(Some(by), "wish.publish", "need").id(need).region(&n.region_code);
    audit::append(&mut tx, &event.detail(serde_json::json!({ "wish": id, "value": value }))).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// A wish for anyone to read; the caller shows only what the public may see.
pub async fn get(db: &Db, id: &str) -> Result<Option<Wish>> {
    let row = sqlx::query(&format!("{SELECT} WHERE w.id = $1")).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(|r| decode(db, r)).transpose()
}

/// A wish in scope, for staff.
pub async fn get_in(db: &Db, scope: &Scope, id: &str) -> Result<Option<Wish>> {
    let sql = format!("{SELECT} WHERE w.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.as_ref().map(|r| decode(db, r)).transpose()
}

pub async fn of_need(db: &Db, need: NeedId) -> Result<Option<Wish>> {
    let row =
        sqlx::query(&format!("{SELECT} WHERE w.need_id = $1")).bind(need.to_string()).fetch_optional(&db.pool).await?;
    row.as_ref().map(|r| decode(db, r)).transpose()
}

/// Open wishes in an area (a scope of the region asked for), newest first.
pub async fn open_in(db: &Db, area: &Scope, limit: i64) -> Result<Vec<Wish>> {
    let sql = format!(
        "{SELECT} WHERE w.status = 'open' AND r.path >= $1 AND r.path < $2 ORDER BY w.published_at DESC LIMIT $3"
    );
    let rows = sqlx::query(&sql).bind(area.lo()).bind(area.hi()).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(|r| decode(db, r)).collect()
}

/// Wishes in scope, any status, newest first: the staff's list.
pub async fn in_scope(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<Wish>> {
    let sql = format!("{SELECT} WHERE r.path >= $1 AND r.path < $2 ORDER BY w.published_at DESC LIMIT $3");
    let rows = sqlx::query(&sql).bind(scope.lo()).bind(scope.hi()).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(|r| decode(db, r)).collect()
}

/// Records a taken wish fulfilled (`fulfil`), or withdraws an open or taken one.
pub async fn close(
    db: &Db,
    scope: &Scope,
    id: &str,
    fulfil: bool,
    note: Option<&str>,
    by: AccountId,
) -> Result<Option<()>> {
    let Some(w) = get_in(db, scope, id).await? else { return Ok(None) };
    let need = needs::get(db, &Scope::all(), w.need_id).await?.ok_or_else(|| StoreError::corrupt("wish's need"))?;
    let mut tx = db.begin_write().await?;
    let (sql, refused, what, action) = if fulfil {
        (
            "UPDATE wishes SET status = 'fulfilled', fulfilled_at = $1, fulfilled_by = $2, fulfil_note = $3 \
             WHERE id = $4 AND status = 'taken'",
            Conflict::WishNotTaken,
            "微心愿已实现",
            "wish.fulfil",
        )
    } else {
        (
            "UPDATE wishes SET status = 'withdrawn', fulfilled_at = $1, fulfilled_by = $2, fulfil_note = $3 \
             WHERE id = $4 AND status IN ('open', 'taken')",
            Conflict::WishNotOpen,
            "微心愿已撤回",
            "wish.withdraw",
        )
    };
    let done = sqlx::query(sql)
        .bind(now_ms())
        .bind(by.to_string())
        .bind(note)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done == 0 {
        return Err(StoreError::Conflict(refused));
    }
    if fulfil {
        figures::add(&mut tx, Source::Wish, &[id.to_owned()]).await?;
    } else {
        // A withdrawn wish answers its open offers.
        sqlx::query(
            "UPDATE wish_claims SET status = 'declined', decided_by = $1, decided_at = $2 WHERE wish_id = $3 AND status = 'pending'",
        )
        .bind(by.to_string())
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    let line = match note {
        Some(n) => format!("{what}：{n}"),
        None => what.to_owned(),
    };
    timeline(db, &mut tx, &w, Some(by), &line).await?;
    if fulfil {
        needs::charity_linked(db, &mut tx, &need, "慈善资源已链接 / charity linked", Some(by), now_ms()).await?;
    }
    let event = Event::new(Some(by), action, "need").id(w.need_id).region(&w.region_code);
    audit::append(&mut tx, &event.detail(serde_json::json!({ "wish": id }))).await?;
    tx.commit().await?;
    Ok(Some(()))
}

/// Where a wish is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: &str) -> Result<Option<RegionCode>> {
    crate::scope::region_of_row(db, "wishes", "id", id).await
}
