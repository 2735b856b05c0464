//! The three hash chains (audit log, hours ledger, money ledger) seen from outside: their heads
//! and the hash at a sequence number, which anchors kept outside the database are checked
//! against. A chain alone proves a row was not changed in place; only an anchor proves that the
//! newest rows were not cut off, or every hash after a change recomputed.

use sqlx::Row;

use crate::{Db, Result};

/// Each chain and the table of its rows (`seq`, `hash`).
pub const CHAINS: [(&str, &str); 3] =
    [("audit", "audit_events"), ("hours", "hours_entries"), ("money", "money_transactions")];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub chain: String,
    pub seq: i64,
    pub hash: String,
}

pub async fn heads(db: &Db) -> Result<Vec<Head>> {
    heads_in(&db.pool).await
}

/// The heads as one connection or transaction sees them (a backup's snapshot).
pub async fn heads_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E) -> Result<Vec<Head>> {
    let rows = sqlx::query("SELECT chain, seq, hash FROM chain_heads ORDER BY chain").fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok(Head { chain: r.try_get("chain")?, seq: r.try_get("seq")?, hash: r.try_get("hash")? }))
        .collect()
}

/// The hash the chain's row `seq` holds, if the row is there. `None` for an unknown chain too.
pub async fn hash_at(db: &Db, chain: &str, seq: i64) -> Result<Option<String>> {
    let Some((_, table)) = CHAINS.iter().find(|(c, _)| *c == chain) else { return Ok(None) };
    let row =
        sqlx::query(&format!("SELECT hash FROM {table} WHERE seq = $1")).bind(seq).fetch_optional(&db.pool).await?;
    row.map(|r| r.try_get("hash")).transpose().map_err(Into::into)
}
