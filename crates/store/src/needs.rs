//! Needs and their timelines, scoped by the need's community (a village). A move of state is a
//! conditional update on the state it was read in, so two people acting at once cannot both move
//! the same need; the loser gets the conflict the domain names.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::message::MessageKind;
use wushe_domain::need::{NeedCategory, NeedStatus, NewNeed, Outcome, Urgency};
use wushe_domain::{
    AccountId, Conflict, NeedId, RegionCode, RegionPath, ResidentId, ServicePointLevel, SocialWorkerId,
};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::figures::{self, Source};
use crate::messages::{self, Outgoing, To};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub id: NeedId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub resident_id: Option<ResidentId>,
    pub category: NeedCategory,
    pub urgency: Urgency,
    /// In clear inside the process only.
    pub description: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub public: bool,
    pub status: NeedStatus,
    pub level: ServicePointLevel,
    pub due_at: i64,
    pub taken_at: Option<i64>,
    pub outcome: Option<Outcome>,
    pub created_at: i64,
    /// From the latest follow-up call, 1–5.
    pub satisfaction: Option<i64>,
    pub reviewed_at: Option<i64>,
}

const SELECT: &str = "SELECT n.id, n.region_code, r.name AS region_name, r.path AS region_path, n.resident_id, \
    n.category, n.urgency, n.description, n.contact_name, n.contact_phone, n.address, n.source, n.status, n.level, n.due_at, \
    n.taken_at, n.outcome, n.created_at, n.satisfaction, n.reviewed_at FROM needs n JOIN regions r ON r.code = n.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<Need> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("need {id}: bad {what}"));
    let open = |col: &'static str| -> Result<Option<String>> {
        Ok(r.try_get::<Option<String>, _>(col)?.and_then(|v| db.open_shown(at("needs", col, &id), &v)))
    };
    let resident: Option<String> = r.try_get("resident_id")?;
    let outcome: Option<String> = r.try_get("outcome")?;
    Ok(Need {
        id: id.parse().map_err(|_| bad("id"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        resident_id: resident.map(|v| v.parse().map_err(|_| bad("resident"))).transpose()?,
        category: NeedCategory::parse(&r.try_get::<String, _>("category")?).map_err(|_| bad("category"))?,
        urgency: Urgency::parse(&r.try_get::<String, _>("urgency")?).map_err(|_| bad("urgency"))?,
        description: open("description")?.unwrap_or_else(|| crate::UNREADABLE.to_owned()),
        contact_name: open("contact_name")?,
        address: open("address")?,
        contact_phone: open("contact_phone")?,
        public: r.try_get::<String, _>("source")? == "public",
        status: NeedStatus::parse(&r.try_get::<String, _>("status")?).map_err(|_| bad("status"))?,
        level: ServicePointLevel::parse(&r.try_get::<String, _>("level")?).map_err(|_| bad("level"))?,
        due_at: r.try_get("due_at")?,
        taken_at: r.try_get("taken_at")?,
        outcome: outcome.map(|o| Outcome::parse(&o).map_err(|_| bad("outcome"))).transpose()?,
        created_at: r.try_get("created_at")?,
        satisfaction: r.try_get("satisfaction")?,
        reviewed_at: r.try_get("reviewed_at")?,
    })
}

pub async fn get(db: &Db, scope: &Scope, id: NeedId) -> Result<Option<Need>> {
    let sql = format!("{SELECT} WHERE n.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Where a need is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: NeedId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|n| n.map(|n| n.region_code))
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<NeedStatus>,
    /// Only needs still open (any state with a next step).
    pub open: bool,
    pub category: Option<NeedCategory>,
    pub urgency: Option<Urgency>,
    pub level: Option<ServicePointLevel>,
}

/// Needs in scope, the most pressing first: open ones by their deadline, then the rest, newest first.
pub async fn list(db: &Db, scope: &Scope, filter: &Filter, offset: i64, limit: i64) -> Result<(Vec<Need>, i64)> {
    let open: Vec<String> = NeedStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.key())).collect();
    let values = [
        scope.lo().to_owned(),
        scope.hi().to_owned(),
        filter.status.map(|s| s.key().to_owned()).unwrap_or_default(),
        filter.category.map(|c| c.key().to_owned()).unwrap_or_default(),
        filter.urgency.map(|u| u.key().to_owned()).unwrap_or_default(),
        filter.level.map(|l| l.key().to_owned()).unwrap_or_default(),
    ];
    let open_only = if filter.open { format!("AND n.status IN ({})", open.join(",")) } else { String::new() };
    let cond = format!(
        "WHERE r.path >= $1 AND r.path < $2 AND ($3 = '' OR n.status = $3) AND ($4 = '' OR n.category = $4) \
         AND ($5 = '' OR n.urgency = $5) AND ($6 = '' OR n.level = $6) {open_only}"
    );
    let order = format!(
        "ORDER BY CASE WHEN n.status IN ({}) THEN 0 ELSE 1 END, \
         CASE WHEN n.status IN ({}) THEN n.due_at ELSE -n.created_at END, n.id",
        open.join(","),
        open.join(",")
    );
    let sql = format!("{SELECT} {cond} {order} LIMIT {limit} OFFSET {offset}");
    let rows = values.iter().fold(sqlx::query(&sql), |q, v| q.bind(v.as_str())).fetch_all(&db.pool).await?;
    let count_sql = format!("SELECT COUNT(*) AS n FROM needs n JOIN regions r ON r.code = n.region_code {cond}");
    let total: i64 = values
        .iter()
        .fold(sqlx::query(&count_sql), |q, v| q.bind(v.as_str()))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok((rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?, total))
}

/// Where a new need goes and how long it may wait.
pub struct Placement {
    pub region: RegionCode,
    pub resident: Option<ResidentId>,
    pub level: ServicePointLevel,
    pub due_at: i64,
    /// The tracking code of a public submission: stored sealed, found by its keyed hash, so that
    /// a key rotation can compute the hash again.
    pub tracking: Option<String>,
}

/// Records a need, its first timeline entry and its audit event in one transaction.
pub async fn create(db: &Db, new: &NewNeed, placed: &Placement, by: Option<AccountId>, now: i64) -> Result<NeedId> {
    let id = NeedId::new();
    let nid = id.to_string();
    let seal =
        |column, v: &Option<String>| v.as_deref().map(|v| db.crypto.seal_in(at("needs", column, &nid), v)).transpose();
    let source = if placed.tracking.is_some() { "public" } else { "staff" };
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO needs (id, region_code, resident_id, category, urgency, description, contact_name, contact_phone, \
         source, status, level, due_at, taken_at, outcome, tracking_index, tracking_code, created_by, created_at, updated_at, \
         address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, $13, $14, $15, $16, $16, $17)",
    )
    .bind(id.to_string())
    .bind(placed.region.as_str())
    .bind(placed.resident.map(|r| r.to_string()))
    .bind(new.category.key())
    .bind(new.urgency.key())
    .bind(db.crypto.seal_in(at("needs", "description", &nid), &new.description)?)
    .bind(seal("contact_name", &new.contact_name)?)
    .bind(seal("contact_phone", &new.contact_phone)?)
    .bind(source)
    .bind(NeedStatus::Submitted.key())
    .bind(placed.level.key())
    .bind(placed.due_at)
    .bind(placed.tracking.as_deref().map(|c| db.crypto.index("tracking", c)))
    .bind(seal("tracking_code", &placed.tracking)?)
    .bind(by.map(|a| a.to_string()))
    .bind(now)
    .bind(seal("address", &new.address)?)
    .execute(&mut *tx)
    .await?;
    figures::add(&mut tx, Source::Need, &[id.to_string()]).await?;
    let entry = Entry { kind: "submitted", from: None, to: Some(NeedStatus::Submitted), note: None };
    append_event(db, &mut tx, id, &placed.region, by, &entry, now).await?;
    let msg = Outgoing {
        kind: MessageKind::NeedSubmitted,
        subject: new.category.key(),
        link: format!("/needs/{id}"),
        region: &placed.region,
        by,
    };
    messages::send(&mut tx, To::Level(placed.level), &msg, now).await?;
    let event = Event::new(by, "need.create", "need")
        .id(id)
        .region(&placed.region)
        .detail(serde_json::json!({ "source": source, "category": new.category.key(), "urgency": new.urgency.key() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(id)
}

/// One line of a need's timeline, as written.
pub struct Entry<'a> {
    pub kind: &'a str,
    pub from: Option<NeedStatus>,
    pub to: Option<NeedStatus>,
    pub note: Option<&'a str>,
}

pub(crate) async fn append_event(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    need: NeedId,
    region: &RegionCode,
    by: Option<AccountId>,
    e: &Entry<'_>,
    now: i64,
) -> Result<()> {
    let event_id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO need_events (id, need_id, region_code, at, actor_id, kind, from_status, to_status, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&event_id)
    .bind(need.to_string())
    .bind(region.as_str())
    .bind(now)
    .bind(by.map(|a| a.to_string()))
    .bind(e.kind)
    .bind(e.from.map(|s| s.key()))
    .bind(e.to.map(|s| s.key()))
    .bind(e.note.map(|n| db.crypto.seal_in(at("need_events", "note", &event_id), n)).transpose()?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves a need in scope from the state it was read in to `to`, with a note, on its timeline and
/// in the audit log. `outcome` is recorded when closing. `None` when the need is not in scope.
pub async fn transition(
    db: &Db,
    scope: &Scope,
    id: NeedId,
    to: NeedStatus,
    note: Option<&str>,
    outcome: Option<Outcome>,
    by: Option<AccountId>,
) -> Result<Option<Need>> {
    transition_at(db, scope, id, (to, note, outcome), by, now_ms()).await
}

/// [`transition`] at a given moment: for loading a history (the scale demo), as [`create`] takes one.
pub async fn transition_at(
    db: &Db,
    scope: &Scope,
    id: NeedId,
    (to, note, outcome): (NeedStatus, Option<&str>, Option<Outcome>),
    by: Option<AccountId>,
    now: i64,
) -> Result<Option<Need>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    before.status.move_to(to)?;
    let mut tx = db.begin_write().await?;
    let taken = to.is_taken() && before.taken_at.is_none();
    let ids = [id.to_string()];
    let counted = figures::facts(&mut tx, Source::Need, &ids).await?;
    let moved = sqlx::query(
        "UPDATE needs SET status = $1, outcome = COALESCE($2, outcome), taken_at = CASE WHEN $3 = 1 THEN $4 ELSE taken_at END, \
         closed_at = CASE WHEN $1 = 'closed' THEN $4 ELSE closed_at END, updated_at = $4 WHERE id = $5 AND status = $6",
    )
    .bind(to.key())
    .bind(outcome.map(|o| o.key()))
    .bind(i64::from(taken))
    .bind(now)
    .bind(id.to_string())
    .bind(before.status.key())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        // Someone moved it first: name the state it is in now.
        drop(tx);
        let current = get(db, scope, id).await?.map(|n| n.status).unwrap_or(before.status);
        return Err(StoreError::Conflict(Conflict::NeedTransition { from: current, to }));
    }
    figures::settle(&mut tx, Source::Need, &ids, counted).await?;
    let entry = Entry { kind: "status", from: Some(before.status), to: Some(to), note };
    append_event(db, &mut tx, id, &before.region_code, by, &entry, now).await?;
    if to == NeedStatus::Closed {
        tell_case_worker(&mut tx, &before, by, now).await?;
    }
    let event = Event::new(by, format!("need.{}", to.key()), "need")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "from": before.status.key(), "outcome": outcome.map(|o| o.key()) }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Tells the social worker on a closed need's case (if it has one) that it is closed.
async fn tell_case_worker(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    need: &Need,
    by: Option<AccountId>,
    now: i64,
) -> Result<()> {
    let worker = sqlx::query("SELECT social_worker_id FROM cases WHERE need_id = $1")
        .bind(need.id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    let Some(worker) = worker else { return Ok(()) };
    let worker: SocialWorkerId =
        worker.try_get::<String, _>("social_worker_id")?.parse().map_err(|_| StoreError::corrupt("case worker"))?;
    let msg = Outgoing {
        kind: MessageKind::NeedClosed,
        subject: need.category.key(),
        link: format!("/needs/{}", need.id),
        region: &need.region_code,
        by,
    };
    messages::send(tx, To::SocialWorker(worker), &msg, now).await?;
    Ok(())
}

/// A note on a need's timeline without a change of state.
pub async fn note(db: &Db, scope: &Scope, id: NeedId, text: &str, by: Option<AccountId>) -> Result<Option<Need>> {
    let Some(need) = get(db, scope, id).await? else { return Ok(None) };
    let mut tx = db.begin_write().await?;
    let entry = Entry { kind: "note", from: None, to: None, note: Some(text) };
    append_event(db, &mut tx, id, &need.region_code, by, &entry, now_ms()).await?;
    tx.commit().await?;
    Ok(Some(need))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub at: i64,
    pub actor: Option<String>,
    pub kind: String,
    pub from: Option<NeedStatus>,
    pub to: Option<NeedStatus>,
    pub note: Option<String>,
}

/// A need's timeline, oldest first, with the actors' display names.
pub async fn timeline(db: &Db, id: NeedId) -> Result<Vec<TimelineEntry>> {
    let rows = sqlx::query(
        "SELECT e.id, e.at, a.display_name, e.kind, e.from_status, e.to_status, e.note FROM need_events e \
         LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.need_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let bad = || StoreError::corrupt("need event");
    rows.iter()
        .map(|r| {
            let status = |col: &str| -> Result<Option<NeedStatus>> {
                let v: Option<String> = r.try_get(col)?;
                v.map(|s| NeedStatus::parse(&s).map_err(|_| bad())).transpose()
            };
            let note: Option<String> = r.try_get("note")?;
            Ok(TimelineEntry {
                at: r.try_get("at")?,
                actor: r.try_get("display_name")?,
                kind: r.try_get("kind")?,
                from: status("from_status")?,
                to: status("to_status")?,
                note: match note {
                    Some(n) => Some(
                        db.open_shown(at("need_events", "note", &r.try_get::<String, _>("id")?), &n)
                            .unwrap_or_else(|| crate::UNREADABLE.to_owned()),
                    ),
                    None => None,
                },
            })
        })
        .collect()
}

/// The need a tracking code (by its keyed hash) belongs to, whoever asks.
pub async fn by_tracking(db: &Db, index: &str) -> Result<Option<Need>> {
    let sql = format!("{SELECT} WHERE n.tracking_index = $1");
    let row = sqlx::query(&sql).bind(index).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Within the caller's transaction, marks a need as linked to one of the five societies: an
/// assessed need moves to linked (on its timeline); a linked or in-service one stays; any other
/// state cannot be linked.
pub(crate) async fn mark_linked(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    need: &Need,
    what: &str,
    by: Option<AccountId>,
    now: i64,
) -> Result<()> {
    match need.status {
        NeedStatus::Assessed => {
            let moved = sqlx::query("UPDATE needs SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
                .bind(NeedStatus::Linked.key())
                .bind(now)
                .bind(need.id.to_string())
                .bind(NeedStatus::Assessed.key())
                .execute(&mut **tx)
                .await?
                .rows_affected();
            if moved == 0 {
                return Err(StoreError::Conflict(Conflict::NotAssessed));
            }
            // The platform's own line (its note is "中文 / English"), not a move someone typed.
            let entry = Entry {
                kind: "linked",
                from: Some(NeedStatus::Assessed),
                to: Some(NeedStatus::Linked),
                note: Some(what),
            };
            append_event(db, tx, need.id, &need.region_code, by, &entry, now).await
        }
        NeedStatus::Linked | NeedStatus::InService => {
            let entry = Entry { kind: "linked", from: None, to: None, note: Some(what) };
            append_event(db, tx, need.id, &need.region_code, by, &entry, now).await
        }
        _ => Err(StoreError::Conflict(Conflict::NotAssessed)),
    }
}

/// Marks a need linked by charity (a grant paid, a gift passed on, a wish fulfilled) when it is
/// assessed or already being served; a need not yet assessed, or closed meanwhile, keeps its state
/// — the money has moved all the same.
pub(crate) async fn charity_linked(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    need: &Need,
    what: &str,
    by: Option<AccountId>,
    now: i64,
) -> Result<()> {
    if !matches!(need.status, NeedStatus::Assessed | NeedStatus::Linked | NeedStatus::InService) {
        return Ok(());
    }
    // Read before the transaction: if the need moved on meanwhile, it is past being linked.
    match mark_linked(db, tx, need, what, by, now).await {
        Err(StoreError::Conflict(Conflict::NotAssessed)) => Ok(()),
        other => other,
    }
}

/// Records the follow-up call (回访) of a closed need: the resident's satisfaction and a note.
pub async fn follow_up(
    db: &Db,
    scope: &Scope,
    id: NeedId,
    satisfaction: i64,
    note: &str,
    by: Option<AccountId>,
) -> Result<Option<Need>> {
    let Some(need) = get(db, scope, id).await? else { return Ok(None) };
    if need.status != NeedStatus::Closed {
        return Err(StoreError::Conflict(Conflict::NotClosed));
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let ids = [id.to_string()];
    let counted = figures::facts(&mut tx, Source::Need, &ids).await?;
    sqlx::query("UPDATE needs SET satisfaction = $1, updated_at = $2 WHERE id = $3")
        .bind(satisfaction)
        .bind(now)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    figures::settle(&mut tx, Source::Need, &ids, counted).await?;
    let text = format!("回访满意度 {satisfaction}/5：{note}");
    let entry = Entry { kind: "follow_up", from: None, to: None, note: Some(&text) };
    append_event(db, &mut tx, id, &need.region_code, by, &entry, now).await?;
    let event = Event::new(by, "need.follow_up", "need")
        .id(id)
        .region(&need.region_code)
        .detail(serde_json::json!({ "satisfaction": satisfaction }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// A supervisor's review of a closed need, once.
pub async fn review(db: &Db, scope: &Scope, id: NeedId, note: &str, by: Option<AccountId>) -> Result<Option<Need>> {
    let Some(need) = get(db, scope, id).await? else { return Ok(None) };
    if need.status != NeedStatus::Closed {
        return Err(StoreError::Conflict(Conflict::NotClosed));
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("UPDATE needs SET reviewed_by = $1, reviewed_at = $2 WHERE id = $3 AND reviewed_at IS NULL")
        .bind(by.map(|a| a.to_string()))
        .bind(now)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done == 0 {
        return Err(StoreError::Conflict(Conflict::AlreadyReviewed));
    }
    let entry = Entry { kind: "review", from: None, to: None, note: Some(note) };
    append_event(db, &mut tx, id, &need.region_code, by, &entry, now).await?;
    let event = Event::new(by, "need.review", "need").id(id).region(&need.region_code);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}
