//! The audit log: append-only and hash-chained. Each row's hash covers the previous row's hash
//! and the row's own fields, so a changed or deleted row breaks the chain at that point.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};
use wushe_domain::{AccountId, RegionCode};

use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    /// Refused by role (403).
    Forbidden,
    /// Outside the actor's region (404).
    Hidden,
    /// A failed login or a login refused while locked out.
    Failed,
}

impl Outcome {
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Forbidden => "forbidden",
            Outcome::Hidden => "hidden",
            Outcome::Failed => "failed",
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone)]
pub struct Event {
    pub actor: Option<AccountId>,
    pub region: Option<RegionCode>,
    pub action: String,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub outcome: Outcome,
    pub detail: serde_json::Value,
}

impl Event {
    /// The one event of a batch written together: at the one record's region with its id, or,
    /// for several, at the scope's own region with the count.
    pub fn batch<I: std::fmt::Display>(
        actor: Option<AccountId>,
        action: &str,
        entity: &'static str,
        scope: &crate::Scope,
        one_region: Option<&RegionCode>,
        ids: &[I],
    ) -> Event {
        let region = match (ids, one_region) {
            ([_], Some(r)) => r.clone(),
            _ => scope.path().codes().last().cloned().unwrap_or_else(RegionCode::root),
        };
        let event = Event::new(actor, action, entity).region(&region).detail(serde_json::json!({ "count": ids.len() }));
        match ids {
            [id] => event.id(id),
            _ => event,
        }
    }

    pub fn new(actor: Option<AccountId>, action: impl Into<String>, entity: &'static str) -> Event {
        Event {
            actor,
            region: None,
            action: action.into(),
            entity,
            entity_id: None,
            outcome: Outcome::Ok,
            detail: serde_json::Value::Null,
        }
    }

    pub fn region(mut self, region: &RegionCode) -> Self {
        self.region = Some(region.clone());
        self
    }

    pub fn id(mut self, id: impl ToString) -> Self {
        self.entity_id = Some(id.to_string());
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// A stored audit row.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: i64,
    pub actor_id: Option<String>,
    pub region_code: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub outcome: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

fn row_hash(prev: &str, r: &AuditRow) -> String {
    link(&[
        prev,
        &r.seq.to_string(),
        &r.at.to_string(),
        r.actor_id.as_deref().unwrap_or(""),
        r.region_code.as_deref().unwrap_or(""),
        &r.action,
        &r.entity,
        r.entity_id.as_deref().unwrap_or(""),
        &r.outcome,
        &r.detail,
    ])
}

/// The hash of one link of a chain: SHA-256 over each part, length first, so that no two
/// different rows run together into the same bytes. The first part is the previous link's hash.
pub(crate) fn link(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends inside the caller's transaction, so the event commits exactly when the change does.
/// Returns the event's sequence number.
pub async fn append(tx: &mut Transaction<'static, Any>, event: &Event) -> Result<i64> {
    append_many(tx, std::slice::from_ref(event)).await
}

/// Appends several events inside the caller's transaction with one move of the chain head and
/// multi-row inserts: what group commit needs to keep its transactions short. Taking the chain
/// head first serialises appenders: PostgreSQL locks the row, SQLite the file. Returns the last
/// event's sequence number (0 for none).
pub async fn append_many(tx: &mut Transaction<'static, Any>, events: &[Event]) -> Result<i64> {
    if events.is_empty() {
        return Ok(0);
    }
    let n = i64::try_from(events.len()).map_err(|_| StoreError::corrupt("too many events"))?;
    let head = sqlx::query("UPDATE chain_heads SET seq = seq + $1 WHERE chain = 'audit' RETURNING seq, hash")
        .bind(n)
        .fetch_one(&mut **tx)
        .await?;
    let last: i64 = head.try_get("seq")?;
    let mut prev: String = head.try_get("hash")?;
    let at = now_ms();
    let mut rows = Vec::with_capacity(events.len());
    for (i, event) in (0..).zip(events) {
        let mut row = AuditRow {
            seq: last - n + 1 + i,
            at,
            actor_id: event.actor.map(|a| a.to_string()),
            region_code: event.region.as_ref().map(|r| r.to_string()),
            action: event.action.clone(),
            entity: event.entity.to_owned(),
            entity_id: event.entity_id.clone(),
            outcome: event.outcome.key().to_owned(),
            detail: event.detail.to_string(),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        row.hash = row_hash(&prev, &row);
        prev.clone_from(&row.hash);
        rows.push(row);
    }
    // Short chunks: SQLite finds each numbered bind by a linear scan (see service_records).
    for chunk in rows.chunks(32) {
        let values = crate::batch::placeholders(chunk.len(), 11);
        let sql = format!(
            "INSERT INTO audit_events (seq, at, actor_id, region_code, action, entity, entity_id, outcome, detail, \
             prev_hash, hash) VALUES {values}"
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(r.seq)
                .bind(r.at)
                .bind(r.actor_id.clone())
                .bind(r.region_code.clone())
                .bind(r.action.clone())
                .bind(r.entity.clone())
                .bind(r.entity_id.clone())
                .bind(r.outcome.clone())
                .bind(r.detail.clone())
                .bind(r.prev_hash.clone())
                .bind(r.hash.clone());
        }
        q.execute(&mut **tx).await?;
    }
    sqlx::query("UPDATE chain_heads SET hash = $1 WHERE chain = 'audit'").bind(prev).execute(&mut **tx).await?;
    Ok(last)
}

/// Records an event on its own, for things that change nothing else (a denied access, a login).
pub async fn record(db: &Db, event: &Event) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let seq = append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(seq)
}

const COLUMNS: &str =
    "a.seq, a.at, a.actor_id, a.region_code, a.action, a.entity, a.entity_id, a.outcome, a.detail, a.prev_hash, a.hash";

fn decode(r: &sqlx::any::AnyRow) -> Result<AuditRow> {
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor_id: r.try_get("actor_id")?,
        region_code: r.try_get("region_code")?,
        action: r.try_get("action")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        outcome: r.try_get("outcome")?,
        detail: r.try_get("detail")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// The latest events about records in scope, newest first, before `before` when paging.
pub async fn list(db: &Db, scope: &Scope, before: Option<i64>, limit: i64) -> Result<Vec<AuditRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_events a JOIN regions r ON r.code = a.region_code \
         WHERE r.path >= $1 AND r.path < $2 AND a.seq < $3 ORDER BY a.seq DESC LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect()
}

/// Events about one entity, oldest first. For tests and the record pages.
pub async fn for_entity(db: &Db, entity: &str, entity_id: &str) -> Result<Vec<AuditRow>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_events a WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.seq");
    let rows = sqlx::query(&sql).bind(entity).bind(entity_id).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// Rows a chain walk reads at a time: memory stays flat whatever the chain's length.
pub(crate) const WALK_PAGE: i64 = 5_000;

/// Walks the whole chain, a page at a time. Returns the number of rows checked, or the first
/// broken sequence number.
pub async fn verify(db: &Db) -> Result<std::result::Result<i64, i64>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_events a WHERE a.seq > $1 ORDER BY a.seq LIMIT {WALK_PAGE}");
    let head = sqlx::query("SELECT seq, hash FROM chain_heads WHERE chain = 'audit'").fetch_one(&db.pool).await?;
    let mut prev = "0".repeat(64);
    let mut expected_seq = 1;
    loop {
        let rows = sqlx::query(&sql).bind(expected_seq - 1).fetch_all(&db.pool).await?;
        if rows.is_empty() {
            break;
        }
        for r in rows.iter().map(decode) {
            let r = r?;
            if r.seq != expected_seq || r.prev_hash != prev || row_hash(&prev, &r) != r.hash {
                return Ok(Err(expected_seq));
            }
            prev = r.hash;
            expected_seq += 1;
        }
    }
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    if head_seq != expected_seq - 1 || (head_seq > 0 && head_hash != prev) {
        return Ok(Err(expected_seq));
    }
    Ok(Ok(expected_seq - 1))
}

impl From<std::num::TryFromIntError> for StoreError {
    fn from(e: std::num::TryFromIntError) -> Self {
        StoreError::corrupt(e.to_string())
    }
}
