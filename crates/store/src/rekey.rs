//! Key rotation: every sealed value opened with the current data key and sealed again with a new
//! one, and every keyed index (ID, phone, category tags) recomputed, in one transaction. Either
//! the whole database moves to the new key or nothing changes.

use sqlx::{Any, Row, Transaction};

use crate::crypto::Crypto;
use crate::{Db, Result, StoreError};

/// How many values were sealed again and indexes recomputed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rekeyed {
    pub sealed: u64,
    pub indexes: u64,
}

/// One column of sealed text, with the keyed index (column, kind) computed from its value, if any.
struct Sealed {
    table: &'static str,
    column: &'static str,
    index: Option<(&'static str, &'static str)>,
}

/// Every sealed column outside persons and residents, which need more than their own value.
const SEALED: [Sealed; 14] = [
    Sealed { table: "accounts", column: "phone", index: Some(("phone_index", "phone")) },
    Sealed { table: "donors", column: "phone", index: Some(("phone_index", "phone")) },
    Sealed { table: "service_points", column: "contact_phone", index: None },
    Sealed { table: "organizations", column: "contact_phone", index: None },
    Sealed { table: "needs", column: "description", index: None },
    Sealed { table: "needs", column: "contact_name", index: None },
    Sealed { table: "needs", column: "contact_phone", index: None },
    Sealed { table: "need_events", column: "note", index: None },
    Sealed { table: "cases", column: "plan", index: None },
    Sealed { table: "case_notes", column: "note", index: None },
    Sealed { table: "service_records", column: "note", index: None },
    Sealed { table: "wishes", column: "taker_phone", index: Some(("taker_phone_index", "phone")) },
    Sealed { table: "relief_applications", column: "event", index: None },
    Sealed { table: "relief_documents", column: "content", index: None },
];

/// Rows read at a time: the work is bounded in memory whatever the table's size. Relief documents
/// are up to 5 MB each, so they come a few at a time.
const PAGE: i64 = 500;
const DOCUMENT_PAGE: i64 = 4;

/// The next page of rows (in id order, after `after`) whose `column` is sealed: the id and the
/// opened value. `after` moves to the page's last id.
async fn next_page(
    tx: &mut Transaction<'static, Any>,
    old: &Crypto,
    table: &str,
    column: &str,
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
        let plain = old.open(&r.try_get::<String, _>("sealed")?)?;
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
    for s in &SEALED {
        let index_col = s.index.map(|(c, _)| format!(", {c} = $3")).unwrap_or_default();
        let update = format!("UPDATE {} SET {} = $1{index_col} WHERE id = $2", s.table, s.column);
        let mut after = String::new();
        loop {
            let page = next_page(&mut tx, old, s.table, s.column, &mut after).await?;
            if page.is_empty() {
                break;
            }
            for (id, plain) in page {
                let mut q = sqlx::query(&update).bind(new.seal(&plain)?).bind(id);
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
            let open = |col: &str| -> Result<Option<String>> {
                r.try_get::<Option<String>, _>(col)?.map(|v| old.open(&v)).transpose()
            };
            let (number, phone, address) = (open("id_number")?, open("phone")?, open("address")?);
            let kind: Option<String> = r.try_get("id_kind")?;
            let id_index = match (&kind, &number) {
                (Some(k), Some(n)) => Some(new.index("id", &format!("{k}:{n}"))),
                (None, None) => None,
                _ => return Err(StoreError::corrupt("a person with an ID number but no ID kind, or the reverse")),
            };
            let seal = |v: &Option<String>| v.as_deref().map(|v| new.seal(v)).transpose();
            sqlx::query(
                "UPDATE persons SET id_number = $1, id_index = $2, phone = $3, phone_index = $4, address = $5 WHERE id = $6",
            )
            .bind(seal(&number)?)
            .bind(id_index)
            .bind(seal(&phone)?)
            .bind(phone.as_deref().map(|p| new.index("phone", p)))
            .bind(seal(&address)?)
            .bind(r.try_get::<String, _>("id")?)
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
                .bind(new.seal(&plain)?)
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
