//! Every row of every table, as text, for comparing two databases whole.

use std::collections::BTreeMap;

use sqlx::{Column, Row};
use wushe_store::Db;

fn cell(row: &sqlx::any::AnyRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return format!("{v:?}");
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return format!("{v:?}");
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return format!("{v:?}");
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
        return format!("{v:?}");
    }
    match row.try_get::<Option<Vec<u8>>, _>(i) {
        Ok(v) => format!("{v:?}"),
        Err(e) => panic!("column {} reads as nothing known: {e}", row.column(i).name()),
    }
}

/// Table name → its rows (each `column=value` joined), sorted.
pub async fn dump(db: &Db) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for table in wushe_store::backup::tables(db).await.expect("tables") {
        // The migration ledger's timestamp has a type the Any driver cannot read; its other columns say it all.
        let columns = if table == "_sqlx_migrations" {
            "version, description, CAST(success AS INTEGER) AS success, checksum"
        } else {
            "*"
        };
        let rows = sqlx::query(&format!("SELECT {columns} FROM \"{table}\"")).fetch_all(&db.pool).await.expect("rows");
        let mut texts: Vec<String> = rows
            .iter()
            .map(|r| {
                (0..r.len()).map(|i| format!("{}={}", r.column(i).name(), cell(r, i))).collect::<Vec<_>>().join(" ")
            })
            .collect();
        texts.sort();
        out.insert(table, texts);
    }
    out
}
