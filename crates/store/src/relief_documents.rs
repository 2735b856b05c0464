//! The documents an application for relief comes with (a diagnosis, a police report): PDF or
//! photos, kept as sealed base64 text (they hold health data and ID numbers) so that both engines
//! hold them alike, at most [`MAX_DOCUMENTS`] however many arrive at once.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sqlx::Row;
use wushe_domain::relief::MAX_DOCUMENTS;
use wushe_domain::{AccountId, Conflict};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::relief::Application;
use crate::{Db, Result, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub bytes: i64,
    pub created_at: i64,
}

/// Adds a document to an application still waiting for its decision.
pub async fn add(
    db: &Db,
    a: &Application,
    name: &str,
    media_type: &str,
    bytes: &[u8],
    by: AccountId,
) -> Result<String> {
    let mut tx = db.begin_write().await?;
    // Taking the application's row first makes concurrent uploads count one after the other.
    let waiting = sqlx::query(
        "UPDATE relief_applications SET status = status WHERE id = $1 AND status IN ('submitted', 'approved')",
    )
    .bind(&a.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if waiting == 0 {
        return Err(StoreError::Conflict(Conflict::ReliefDecided));
    }
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM relief_documents WHERE application_id = $1")
        .bind(&a.id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if n >= MAX_DOCUMENTS {
        return Err(StoreError::Conflict(Conflict::TooManyDocuments));
    }
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO relief_documents (id, application_id, region_code, name, media_type, bytes, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&a.id)
    .bind(a.region_code.as_str())
    .bind(name)
    .bind(media_type)
    .bind(bytes.len() as i64)
    .bind(db.crypto.seal_in(at("relief_documents", "content", &id), &STANDARD.encode(bytes))?)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(Some(by), "relief.document", "relief").id(&a.id).region(&a.region_code);
    audit::append(&mut tx, &event.detail(serde_json::json!({ "document": id, "bytes": bytes.len() }))).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn of(db: &Db, application: &str) -> Result<Vec<Document>> {
    let rows = sqlx::query(
        "SELECT id, name, media_type, bytes, created_at FROM relief_documents WHERE application_id = $1 ORDER BY created_at",
    )
    .bind(application)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Document {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                media_type: r.try_get("media_type")?,
                bytes: r.try_get("bytes")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// A document's application, type and bytes; the caller checks the application is theirs to see.
pub async fn content(db: &Db, id: &str) -> Result<Option<(String, String, Vec<u8>)>> {
    let row = sqlx::query("SELECT application_id, media_type, content FROM relief_documents WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let bytes = STANDARD
        .decode(db.crypto.open_in(at("relief_documents", "content", id), &r.try_get::<String, _>("content")?)?)
        .map_err(|_| StoreError::corrupt(format!("relief document {id}: bad content")))?;
    Ok(Some((r.try_get("application_id")?, r.try_get("media_type")?, bytes)))
}
