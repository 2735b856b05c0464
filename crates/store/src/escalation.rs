//! Escalation of needs not taken up in time, and the notifications it sends. The state is in the
//! needs themselves (level and deadline), so a check after a restart picks up where the last one
//! stopped; each step is a conditional update on the level and deadline it read, so two checks
//! running at once (two processes, or a slow one overlapping the next) escalate a need once.

use sqlx::Row;
use wushe_domain::need::{NeedStatus, Urgency, escalates_to, role_at};
use wushe_domain::{AccountId, Lang, NeedId, RegionCode, ServicePointLevel};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::{Db, Result, StoreError};

/// How long a need of each urgency may wait at a level, in milliseconds.
pub type Limits = dyn Fn(Urgency) -> i64 + Send + Sync;

/// One need moved up a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalated {
    pub need: NeedId,
    pub from: ServicePointLevel,
    pub to: ServicePointLevel,
    pub notified: usize,
}

/// Needs looked at per check; the next check takes the rest.
const BATCH: i64 = 200;

/// Escalates every need still waiting to be taken up whose deadline has passed by `now`.
pub async fn run(db: &Db, now: i64, limits: &Limits) -> Result<Vec<Escalated>> {
    let rows = sqlx::query(&format!(
        "SELECT n.id, n.region_code, r.path AS region_path, n.urgency, n.level, n.due_at, n.category FROM needs n \
         JOIN regions r ON r.code = n.region_code WHERE n.status = $1 AND n.due_at <= $2 AND n.level <> 'center' \
         ORDER BY n.due_at LIMIT {BATCH}"
    ))
    .bind(NeedStatus::Submitted.key())
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let mut done = Vec::new();
    for r in rows {
        let bad = |what: &str| StoreError::corrupt(format!("need to escalate: bad {what}"));
        let id: NeedId = r.try_get::<String, _>("id")?.parse().map_err(|_| bad("id"))?;
        let region = RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?;
        let path: String = r.try_get("region_path")?;
        let urgency = Urgency::parse(&r.try_get::<String, _>("urgency")?).map_err(|_| bad("urgency"))?;
        let from = ServicePointLevel::parse(&r.try_get::<String, _>("level")?).map_err(|_| bad("level"))?;
        let category = wushe_domain::need::NeedCategory::parse(&r.try_get::<String, _>("category")?)
            .map_err(|_| bad("category"))?;
        let due: i64 = r.try_get("due_at")?;
        let Some(to) = escalates_to(from) else { continue };
        if let Some(e) = escalate_one(db, id, &region, &path, (urgency, category), (from, to, due), now, limits).await?
        {
            done.push(e);
        }
    }
    Ok(done)
}

#[allow(clippy::too_many_arguments)]
async fn escalate_one(
    db: &Db,
    id: NeedId,
    region: &RegionCode,
    path: &str,
    (urgency, category): (Urgency, wushe_domain::need::NeedCategory),
    (from, to, due): (ServicePointLevel, ServicePointLevel, i64),
    now: i64,
    limits: &Limits,
) -> Result<Option<Escalated>> {
    let mut tx = db.begin_write().await?;
    let moved = sqlx::query(
        "UPDATE needs SET level = $1, due_at = $2, updated_at = $3 WHERE id = $4 AND level = $5 AND due_at = $6 AND status = $7",
    )
    .bind(to.key())
    .bind(now.saturating_add(limits(urgency)))
    .bind(now)
    .bind(id.to_string())
    .bind(from.key())
    .bind(due)
    .bind(NeedStatus::Submitted.key())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        // Taken up, or escalated by another check, since it was read.
        return Ok(None);
    }
    let note = format!(
        "超过响应时限未受理，由{}上交{} / not taken up in time: passed from the {} to the {}",
        from.label(Lang::Zh),
        to.label(Lang::Zh),
        from.label(Lang::En),
        to.label(Lang::En)
    );
    let event_id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO need_events (id, need_id, region_code, at, actor_id, kind, from_status, to_status, note) \
         VALUES ($1, $2, $3, $4, NULL, 'escalated', NULL, NULL, $5)",
    )
    .bind(&event_id)
    .bind(id.to_string())
    .bind(region.as_str())
    .bind(now)
    .bind(db.crypto.seal_in(at("need_events", "note", &event_id), &note)?)
    .execute(&mut *tx)
    .await?;
    // Everyone at the receiving level whose area holds the need's community.
    let receivers = sqlx::query(
        "SELECT a.id FROM accounts a JOIN regions r ON r.code = a.region_code \
         WHERE a.role = $1 AND a.status = 'active' AND $2 LIKE r.path || '%'",
    )
    .bind(role_at(to).key())
    .bind(path)
    .fetch_all(&mut *tx)
    .await?;
    let text = format!("有一条{}需求超过响应时限未受理，已上交到您处，请尽快处理", category.label(Lang::Zh));
    for a in &receivers {
        let account: String = a.try_get("id")?;
        sqlx::query(
            "INSERT INTO notifications (id, account_id, region_code, kind, need_id, text, created_at, delivered_at, read_at) \
             VALUES ($1, $2, $3, 'need_escalated', $4, $5, $6, NULL, NULL)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(account)
        .bind(region.as_str())
        .bind(id.to_string())
        .bind(&text)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let event = Event::new(None, "need.escalated", "need")
        .id(id)
        .region(region)
        .detail(serde_json::json!({ "from": from.key(), "to": to.key(), "notified": receivers.len() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(Escalated { need: id, from, to, notified: receivers.len() }))
}

/// A notification as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: String,
    pub kind: String,
    pub need: Option<NeedId>,
    pub text: String,
    pub created_at: i64,
    pub read: bool,
}

/// An account's notifications, newest first.
pub async fn inbox(db: &Db, account: AccountId, limit: i64) -> Result<Vec<Notification>> {
    let rows = sqlx::query(&format!(
        "SELECT id, kind, need_id, text, created_at, read_at FROM notifications WHERE account_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT {limit}"
    ))
    .bind(account.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let need: Option<String> = r.try_get("need_id")?;
            Ok(Notification {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                need: need.map(|n| n.parse().map_err(|_| StoreError::corrupt("notification need"))).transpose()?,
                text: r.try_get("text")?,
                created_at: r.try_get("created_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

/// Marks all of an account's notifications read.
pub async fn mark_read(db: &Db, account: AccountId, now: i64) -> Result<u64> {
    let done = sqlx::query("UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(account.to_string())
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(done)
}

/// The outbox sender: passes undelivered notifications on (for now, to the log: their kind and
/// id, never their text) and marks them delivered. Returns how many.
pub async fn deliver(db: &Db, now: i64) -> Result<u64> {
    let rows =
        sqlx::query("SELECT id, kind FROM notifications WHERE delivered_at IS NULL ORDER BY created_at LIMIT 500")
            .fetch_all(&db.pool)
            .await?;
    let mut sent = 0;
    for r in rows {
        let id: String = r.try_get("id")?;
        let kind: String = r.try_get("kind")?;
        tracing::info!(notification = %id, kind = %kind, "notification delivered (log channel)");
        sent += sqlx::query("UPDATE notifications SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL")
            .bind(now)
            .bind(&id)
            .execute(&db.pool)
            .await?
            .rows_affected();
    }
    Ok(sent)
}
