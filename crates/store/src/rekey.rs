//! Key rotation: every sealed value opened with the current data key and sealed again with a new
//! one, and every keyed index (ID, phone, category tags, tracking codes) recomputed, in one
//! transaction. Either the whole database moves to the new key or nothing changes. The same
//! walk with the same key is the upgrade of values sealed before seals were bound to their
//! place (`v1:`), run once after the migrations.

use sqlx::{Any, Row, Transaction};

use crate::crypto::{Crypto, at};
use crate::sealed::{Rotated, SEALED_COLUMNS, SealedColumn};
use crate::{Db, Result, StoreError};

/// How many values were sealed again and indexes recomputed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rekeyed {
    pub sealed: u64,
    pub indexes: u64,
}

/// Rows read at a time: the work is bounded in memory whatever the table's size. Relief documents
/// are up to 5 MB each, so they come a few at a time.
const PAGE: i64 = 500;
const DOCUMENT_PAGE: i64 = 4;

/// The next page of rows (in id order, after `after`) whose `column` is sealed: the id and the
/// opened value. `after` moves to the page's last id.
async fn next_page(
    tx: &mut Transaction<'static, Any>,
    old: &Crypto,
    table: &'static str,
    column: &'static str,
    after: &mut String,
) -> Result<Vec<(String, String)>> {
    let page = if table == "relief_documents" { DOCUMENT_PAGE } else { PAGE };
    let sql = format!(
        "SELECT id, {column} AS sealed FROM {table} WHERE {column} IS NOT NULL AND id > $1 ORDER BY id LIMIT {page}"
    );
    let rows = sqlx::query(&sql).bind(after.clone()).fetch_all(&mut **tx).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get("id")?;
        let plain = old.open_any(at(table, column, &id), &r.try_get::<String, _>("sealed")?)?;
        after.clone_from(&id);
        out.push((id, plain));
    }
    Ok(out)
}

/// Moves every sealed value and index from `db.crypto` to `new`; `progress` hears each table as
/// it is done, with the running count of values sealed again.
pub async fn rotate(db: &Db, new: &Crypto, progress: &mut (dyn FnMut(&str, u64) + Send)) -> Result<Rekeyed> {
    let old = &db.crypto;
    let mut done = Rekeyed::default();
    let mut tx = db.begin_write().await?;
    for s in SEALED_COLUMNS.iter().filter(|s| s.rotated == Rotated::Alone) {
        let index_col = s.index.map(|(c, _)| format!(", {c} = $3")).unwrap_or_default();
        let update = format!("UPDATE {} SET {} = $1{index_col} WHERE id = $2", s.table, s.column);
        let mut after = String::new();
        loop {
            let page = next_page(&mut tx, old, s.table, s.column, &mut after).await?;
            if page.is_empty() {
                break;
            }
            for (id, plain) in page {
                let mut q = sqlx::query(&update).bind(new.seal_in(at(s.table, s.column, &id), &plain)?).bind(&id);
                if let Some((_, kind)) = s.index {
                    q = q.bind(new.index(kind, &plain));
                    done.indexes += 1;
                }
                q.execute(&mut *tx).await?;
                done.sealed += 1;
            }
        }
        progress(s.table, done.sealed);
    }
    // Persons in one pass: the ID index is over kind and number, the phone index over the phone.
    let mut after = String::new();
    loop {
        let rows = sqlx::query(&format!(
            "SELECT id, id_kind, id_number, phone, address FROM persons WHERE id > $1 ORDER BY id LIMIT {PAGE}"
        ))
        .bind(after.clone())
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        for r in rows {
            let pid: String = r.try_get("id")?;
            let open = |col: &'static str| -> Result<Option<String>> {
                r.try_get::<Option<String>, _>(col)?.map(|v| old.open_any(at("persons", col, &pid), &v)).transpose()
            };
            let (number, phone, address) = (open("id_number")?, open("phone")?, open("address")?);
            let kind: Option<String> = r.try_get("id_kind")?;
            let id_index = match (&kind, &number) {
                (Some(k), Some(n)) => Some(new.index("id", &format!("{k}:{n}"))),
                (None, None) => None,
                _ => return Err(StoreError::corrupt("a person with an ID number but no ID kind, or the reverse")),
            };
            let seal =
                |col, v: &Option<String>| v.as_deref().map(|v| new.seal_in(at("persons", col, &pid), v)).transpose();
            sqlx::query(
                "UPDATE persons SET id_number = $1, id_index = $2, phone = $3, phone_index = $4, address = $5 WHERE id = $6",
            )
            .bind(seal("id_number", &number)?)
            .bind(id_index)
            .bind(seal("phone", &phone)?)
            .bind(phone.as_deref().map(|p| new.index("phone", p)))
            .bind(seal("address", &address)?)
            .bind(&pid)
            .execute(&mut *tx)
            .await?;
            let n = [&number, &phone, &address].iter().filter(|v| v.is_some()).count() as u64;
            done.sealed += n;
            done.indexes += u64::from(number.is_some()) + u64::from(phone.is_some());
        }
    }
    progress("persons", done.sealed);
    // Categories: each search tag is a keyed hash of one category.
    let mut after = String::new();
    loop {
        let page = next_page(&mut tx, old, "residents", "categories", &mut after).await?;
        if page.is_empty() {
            break;
        }
        for (id, plain) in page {
            let categories: Vec<String> =
                serde_json::from_str(&plain).map_err(|_| StoreError::corrupt("resident categories"))?;
            sqlx::query("UPDATE residents SET categories = $1 WHERE id = $2")
                .bind(new.seal_in(at("residents", "categories", &id), &plain)?)
                .bind(id.clone())
                .execute(&mut *tx)
                .await?;
            done.sealed += 1;
            for c in &categories {
                sqlx::query("UPDATE resident_tags SET tag = $1 WHERE resident_id = $2 AND tag = $3")
                    .bind(new.index("category", c))
                    .bind(id.clone())
                    .bind(old.index("category", c))
                    .execute(&mut *tx)
                    .await?;
                done.indexes += 1;
            }
        }
    }
    progress("residents", done.sealed);
    tx.commit().await?;
    Ok(done)
}

/// The mark that every sealed value is bound to its place.
const BOUND: &str = "sealed_in_place";

/// Seals again, with the same key and bound to their place, the values earlier releases sealed
/// without it; once, after the migrations. Returns how many values moved (0 when done before).
pub async fn upgrade(db: &Db) -> Result<u64> {
    let done = sqlx::query("SELECT id FROM key_check WHERE id = $1").bind(BOUND).fetch_optional(&db.pool).await?;
    if done.is_some() {
        return Ok(0);
    }
    let moved = rotate(db, &db.crypto, &mut |_, _| {}).await?;
    sqlx::query("INSERT INTO key_check (id, sealed) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
        .bind(BOUND)
        .bind(db.crypto.seal_in(at("key_check", "sealed", BOUND), BOUND)?)
        .execute(&db.pool)
        .await?;
    Ok(moved.sealed)
}

/// Every sealed value that does not open where it lies (a wrong key, a value moved from another
/// row or column, a changed byte), as `table.column row id`: what `wushe verify` reports. Reads
/// a page at a time, so memory stays flat whatever the tables' size.
pub async fn unreadable(db: &Db) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for &SealedColumn { table, column, .. } in &SEALED_COLUMNS {
        let page = if table == "relief_documents" { DOCUMENT_PAGE } else { PAGE };
        let sql = format!(
            "SELECT id, {column} AS sealed FROM {table} WHERE {column} IS NOT NULL AND id > $1 ORDER BY id LIMIT {page}"
        );
        let mut after = String::new();
        loop {
            let rows = sqlx::query(&sql).bind(after.clone()).fetch_all(&db.pool).await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("id")?;
            for r in rows {
                let id: String = r.try_get("id")?;
                if db.crypto.open_in(at(table, column, &id), &r.try_get::<String, _>("sealed")?).is_err() {
                    out.push(format!("{table}.{column} {id}"));
                }
            }
        }
    }
    Ok(out)
}
