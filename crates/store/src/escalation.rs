//! Escalation of needs not taken up in time, and the messages it sends. The state is in the
//! needs themselves (level and deadline), so a check after a restart picks up where the last one
//! stopped; each step is a conditional update on the level and deadline it read, so two checks
//! running at once (two processes, or a slow one overlapping the next) escalate a need once.

use sqlx::Row;
use wushe_domain::message::MessageKind;
use wushe_domain::need::{NeedStatus, Urgency, escalates_to};
use wushe_domain::{Lang, NeedId, RegionCode, ServicePointLevel};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::messages::{self, Outgoing, To};
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
        "SELECT n.id, n.region_code, n.urgency, n.level, n.due_at, n.category FROM needs n WHERE n.status = $1 AND n.due_at <= $2 AND n.level <> 'center' \
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
        let urgency = Urgency::parse(&r.try_get::<String, _>("urgency")?).map_err(|_| bad("urgency"))?;
        let from = ServicePointLevel::parse(&r.try_get::<String, _>("level")?).map_err(|_| bad("level"))?;
        let category = wushe_domain::need::NeedCategory::parse(&r.try_get::<String, _>("category")?)
            .map_err(|_| bad("category"))?;
        let due: i64 = r.try_get("due_at")?;
        let Some(to) = escalates_to(from) else { continue };
        if let Some(e) = escalate_one(db, id, &region, (urgency, category), (from, to, due), now, limits).await? {
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
    let msg = Outgoing {
        kind: MessageKind::NeedEscalated,
        subject: category.key(),
        link: format!("/needs/{id}"),
        region,
        by: None,
    };
    let notified = messages::send(&mut tx, To::Level(to), &msg, now).await?;
    let event = Event::new(None, "need.escalated", "need")
        .id(id)
        .region(region)
        .detail(serde_json::json!({ "from": from.key(), "to": to.key(), "notified": notified }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(Escalated { need: id, from, to, notified }))
}
