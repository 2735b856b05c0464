//! The managed list of volunteer skills. Skills are retired, never deleted, so volunteers who
//! hold a retired skill keep it on their record.

use sqlx::Row;
use wushe_domain::{AccountId, Field, FieldError, Reason, RegionCode};

use crate::audit::{self, Event};
use crate::{Db, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    pub name: String,
    pub active: bool,
    /// Volunteers in the whole platform who hold it (not personal: a count).
    pub holders: i64,
}

/// The skills in use, in list order.
pub async fn active(db: &Db) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT name FROM skills WHERE active = 1 ORDER BY position").fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok(r.try_get("name")?)).collect()
}

/// Every skill, retired ones too, with how many volunteers hold each.
pub async fn all(db: &Db) -> Result<Vec<Skill>> {
    let rows = sqlx::query("SELECT name, active FROM skills ORDER BY position").fetch_all(&db.pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let name: String = r.try_get("name")?;
        // Skills are stored as a JSON array of names; the quotes make the match exact.
        let holders: i64 = sqlx::query("SELECT COUNT(*) AS n FROM volunteers WHERE skills LIKE $1")
            .bind(format!("%\"{name}\"%"))
            .fetch_one(&db.pool)
            .await?
            .try_get("n")?;
        out.push(Skill { name, active: r.try_get::<i64, _>("active")? != 0, holders });
    }
    Ok(out)
}

/// Adds a skill at the end of the list, or brings a retired one back.
pub async fn add(db: &Db, name: &str, by: Option<AccountId>) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let found = sqlx::query("SELECT active FROM skills WHERE name = $1").bind(name).fetch_optional(&mut *tx).await?;
    match found {
        Some(r) if r.try_get::<i64, _>("active")? != 0 => {
            return Err(FieldError::new(Field::Skills, Reason::Duplicate(name.to_owned())).into());
        }
        Some(_) => {
            sqlx::query("UPDATE skills SET active = 1 WHERE name = $1").bind(name).execute(&mut *tx).await?;
        }
        None => {
            sqlx::query(
                "INSERT INTO skills (name, position, active) SELECT $1, COALESCE(MAX(position), 0) + 1, 1 FROM skills",
            )
            .bind(name)
            .execute(&mut *tx)
            .await?;
        }
    }
    let event =
        Event::new(by, "skill.add", "skill").region(&RegionCode::root()).detail(serde_json::json!({ "name": name }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// Retires a skill: new registrations can no longer choose it. `false` when no such skill is in use.
pub async fn retire(db: &Db, name: &str, by: Option<AccountId>) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("UPDATE skills SET active = 0 WHERE name = $1 AND active = 1")
        .bind(name)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done == 0 {
        return Ok(false);
    }
    let event =
        Event::new(by, "skill.retire", "skill").region(&RegionCode::root()).detail(serde_json::json!({ "name": name }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(true)
}
