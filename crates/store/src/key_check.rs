//! Does the configured data key open this database? A value sealed with the key is kept in
//! `key_check`; a database from before it is judged by the first sealed value found.

use sqlx::Row;

use crate::crypto::at;
use crate::{Db, Result};

const ID: &str = "data_key";
const PLAIN: &str = "wushe data key check";

/// Sealed columns that, in a database without a check row, show which key sealed it.
const WITNESSES: [(&str, &str); 3] = [("persons", "phone"), ("accounts", "phone"), ("needs", "contact_phone")];

/// Whether the database's sealed data opens with `db.crypto` (a database with none opens with
/// any key). Reads only: [`record`] writes the check once the key is safely stored.
pub async fn matches(db: &Db) -> Result<bool> {
    let row = sqlx::query("SELECT sealed FROM key_check WHERE id = $1").bind(ID).fetch_optional(&db.pool).await?;
    if let Some(row) = row {
        let sealed: String = row.try_get("sealed")?;
        return Ok(db.crypto.open_any(at("key_check", "sealed", ID), &sealed).is_ok_and(|p| p == PLAIN));
    }
    for (table, column) in WITNESSES {
        let sql = format!("SELECT id, {column} AS sealed FROM {table} WHERE {column} IS NOT NULL LIMIT 1");
        if let Some(row) = sqlx::query(&sql).fetch_optional(&db.pool).await? {
            let (id, sealed): (String, String) = (row.try_get("id")?, row.try_get("sealed")?);
            if db.crypto.open_any(at(table, column, &id), &sealed).is_err() {
                return Ok(false);
            }
            break;
        }
    }
    Ok(true)
}

/// Writes the check value for `db.crypto`, unless one is there.
pub async fn record(db: &Db) -> Result<()> {
    sqlx::query("INSERT INTO key_check (id, sealed) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
        .bind(ID)
        .bind(db.crypto.seal_in(at("key_check", "sealed", ID), PLAIN)?)
        .execute(&db.pool)
        .await?;
    Ok(())
}
