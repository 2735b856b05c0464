//! The hours ledger: entries appended inside the transaction that earns them (a task or activity
//! check-out), each linked to the one before by its hash, checked against the volunteer's
//! entries in force (no overlap, a day at most, nothing in the future). Nothing here updates or
//! deletes an entry.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::hours::{HoursSource, Line, Refusal, Span, check, live};
use wushe_domain::{AccountId, OrganizationId, RegionCode, VolunteerId};

use crate::audit::{self, Event, link};
use crate::figures::{self, Source};
use crate::{Db, Result, StoreError, now_ms};

/// Who records: an organization's staff, or the network's.
#[derive(Debug, Clone)]
pub struct Recorder {
    pub account: AccountId,
    pub organization: Option<OrganizationId>,
    /// The name entries carry: the organization's, or the account's unit.
    pub name: String,
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub volunteer: VolunteerId,
    pub region: RegionCode,
    pub organization: Option<OrganizationId>,
    pub recorder: String,
    pub content: String,
    pub place: String,
    pub span: Span,
    pub source: HoursSource,
    pub source_ref: Option<String>,
    pub amends: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub id: String,
    pub volunteer_id: VolunteerId,
    pub region_code: RegionCode,
    pub organization_id: Option<OrganizationId>,
    pub recorder: String,
    pub content: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub minutes: i64,
    pub source: HoursSource,
    pub source_ref: Option<String>,
    pub amends: Option<i64>,
    pub reason: Option<String>,
    pub created_at: i64,
    /// Whether a later entry amends this one.
    pub superseded: bool,
}

const COLUMNS: &str = "seq, id, volunteer_id, region_code, organization_id, recorder, content, place, starts_at, \
    ends_at, minutes, source, source_ref, amends, reason, created_by, created_at, prev_hash, hash";

/// The parts a row's hash covers, in order, after the previous hash.
fn parts(r: &AnyRow) -> Result<Vec<String>> {
    let text = |c: &str| -> Result<String> { Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default()) };
    let num =
        |c: &str| -> Result<String> { Ok(r.try_get::<Option<i64>, _>(c)?.map(|n| n.to_string()).unwrap_or_default()) };
    Ok(vec![
        num("seq")?,
        text("id")?,
        text("volunteer_id")?,
        text("region_code")?,
        text("organization_id")?,
        text("recorder")?,
        text("content")?,
        text("place")?,
        num("starts_at")?,
        num("ends_at")?,
        num("minutes")?,
        text("source")?,
        text("source_ref")?,
        num("amends")?,
        text("reason")?,
        text("created_by")?,
        num("created_at")?,
    ])
}

fn hash_of(prev: &str, parts: &[String]) -> String {
    let mut all: Vec<&str> = vec![prev];
    all.extend(parts.iter().map(String::as_str));
    link(&all)
}

/// The volunteer's entries in force that could conflict with `span`: those within a day of it.
async fn live_near(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    volunteer: VolunteerId,
    span: &Span,
) -> Result<Vec<Span>> {
    let day = 86_400_000;
    let rows = sqlx::query(
        "SELECT seq, starts_at, ends_at, minutes, amends FROM hours_entries WHERE volunteer_id = $1 \
         AND ((starts_at < $3 AND ends_at > $2) OR seq IN (SELECT amends FROM hours_entries WHERE volunteer_id = $1 AND amends IS NOT NULL))",
    )
    .bind(volunteer.to_string())
    .bind(span.starts_at - day)
    .bind(span.ends_at + day)
    .fetch_all(&mut **tx)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    let mut spans = std::collections::HashMap::new();
    for r in &rows {
        let seq: i64 = r.try_get("seq")?;
        lines.push(Line { seq, minutes: r.try_get("minutes")?, amends: r.try_get("amends")? });
        spans.insert(
            seq,
            Span { starts_at: r.try_get("starts_at")?, ends_at: r.try_get("ends_at")?, minutes: r.try_get("minutes")? },
        );
    }
    let near = |s: &Span| s.starts_at < span.ends_at + day && s.ends_at > span.starts_at - day;
    Ok(live(&lines).iter().filter_map(|l| spans.get(&l.seq).copied()).filter(near).collect())
}

/// Appends an entry inside the caller's transaction if the ledger's rules allow it; otherwise
/// leaves the ledger as it is and says why. Taking the chain head serialises appenders.
pub async fn append(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    new: &NewEntry,
    by: Option<AccountId>,
) -> Result<std::result::Result<i64, Refusal>> {
    let now = now_ms();
    // Lock the chain head first, so that two appends for one volunteer are checked one after the
    // other: PostgreSQL locks the row, SQLite holds the write lock already.
    sqlx::query("UPDATE chain_heads SET seq = seq WHERE chain = 'hours'").execute(&mut **tx).await?;
    let mut others = live_near(tx, new.volunteer, &new.span).await?;
    if let Some(amended) = new.amends {
        // The entry amended no longer counts against its own correction.
        let row = sqlx::query("SELECT starts_at, ends_at FROM hours_entries WHERE seq = $1")
            .bind(amended)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(r) = row {
            let (s, e): (i64, i64) = (r.try_get("starts_at")?, r.try_get("ends_at")?);
            others.retain(|o| !(o.starts_at == s && o.ends_at == e));
        }
    }
    if let Err(refusal) = check(&new.span, &others, now) {
        return Ok(Err(refusal));
    }
    let head = sqlx::query("UPDATE chain_heads SET seq = seq + 1 WHERE chain = 'hours' RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: String = head.try_get("hash")?;
    let id = uuid::Uuid::now_v7().to_string();
    let values = [
        seq.to_string(),
        id.clone(),
        new.volunteer.to_string(),
        new.region.to_string(),
        new.organization.map(|o| o.to_string()).unwrap_or_default(),
        new.recorder.clone(),
        new.content.clone(),
        new.place.clone(),
        new.span.starts_at.to_string(),
        new.span.ends_at.to_string(),
        new.span.minutes.to_string(),
        new.source.key().to_owned(),
        new.source_ref.clone().unwrap_or_default(),
        new.amends.map(|a| a.to_string()).unwrap_or_default(),
        new.reason.clone().unwrap_or_default(),
        by.map(|a| a.to_string()).unwrap_or_default(),
        now.to_string(),
    ];
    let hash = hash_of(&prev, &values);
    // The entry amended stops counting in the figures; the amendment counts instead.
    let amended: Vec<String> = match new.amends {
        Some(seq) => sqlx::query("SELECT id FROM hours_entries WHERE seq = $1")
            .bind(seq)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    let amended_before = figures::facts(tx, Source::HoursEntry, &amended).await?;
    let sql = format!(
        "INSERT INTO hours_entries ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    );
    sqlx::query(&sql)
        .bind(seq)
        .bind(&id)
        .bind(new.volunteer.to_string())
        .bind(new.region.as_str())
        .bind(new.organization.map(|o| o.to_string()))
        .bind(new.recorder.as_str())
        .bind(new.content.as_str())
        .bind(new.place.as_str())
        .bind(new.span.starts_at)
        .bind(new.span.ends_at)
        .bind(new.span.minutes)
        .bind(new.source.key())
        .bind(new.source_ref.as_deref())
        .bind(new.amends)
        .bind(new.reason.as_deref())
        .bind(by.map(|a| a.to_string()))
        .bind(now)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE chain_heads SET hash = $1 WHERE chain = 'hours'").bind(&hash).execute(&mut **tx).await?;
    figures::settle(tx, Source::HoursEntry, &amended, amended_before).await?;
    figures::add(tx, Source::HoursEntry, std::slice::from_ref(&id)).await?;
    Ok(Ok(seq))
}

/// Appends an earned entry, or records in the audit log why it was not credited; the raw times
/// it came from stay either way.
pub(crate) async fn credit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    new: &NewEntry,
    by: Option<AccountId>,
) -> Result<()> {
    if let Err(refusal) = append(tx, new, by).await? {
        let event = Event::new(by, "hours.refused", "volunteer")
            .id(new.volunteer)
            .region(&new.region)
            .detail(serde_json::json!({ "source": new.source.key(), "ref": new.source_ref, "refusal": refusal.key() }));
        audit::append(tx, &event).await?;
    }
    Ok(())
}

fn decode(r: &AnyRow) -> Result<Entry> {
    let bad = |what: &str| StoreError::corrupt(format!("hours entry: bad {what}"));
    let org: Option<String> = r.try_get("organization_id")?;
    Ok(Entry {
        seq: r.try_get("seq")?,
        id: r.try_get("id")?,
        volunteer_id: r.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad("volunteer"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        organization_id: org.map(|o| o.parse().map_err(|_| bad("organization"))).transpose()?,
        recorder: r.try_get("recorder")?,
        content: r.try_get("content")?,
        place: r.try_get("place")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        minutes: r.try_get("minutes")?,
        source: HoursSource::parse(&r.try_get::<String, _>("source")?).map_err(|_| bad("source"))?,
        source_ref: r.try_get("source_ref")?,
        amends: r.try_get("amends")?,
        reason: r.try_get("reason")?,
        created_at: r.try_get("created_at")?,
        superseded: false,
    })
}

/// A volunteer's whole record, latest first, with the entries later amended marked.
pub async fn of_volunteer(db: &Db, volunteer: VolunteerId) -> Result<Vec<Entry>> {
    let sql = format!("SELECT {COLUMNS} FROM hours_entries WHERE volunteer_id = $1 ORDER BY starts_at DESC, seq DESC");
    let rows = sqlx::query(&sql).bind(volunteer.to_string()).fetch_all(&db.pool).await?;
    let mut entries: Vec<Entry> = rows.iter().map(decode).collect::<Result<_>>()?;
    let amended: std::collections::HashSet<i64> = entries.iter().filter_map(|e| e.amends).collect();
    for e in &mut entries {
        e.superseded = amended.contains(&e.seq);
    }
    Ok(entries)
}

/// Total minutes in force of a list of entries.
pub fn total(entries: &[Entry]) -> i64 {
    let lines: Vec<Line> = entries.iter().map(|e| Line { seq: e.seq, minutes: e.minutes, amends: e.amends }).collect();
    wushe_domain::hours::total_minutes(&lines)
}

/// Walks the whole ledger. Returns the number of entries checked, or the first broken sequence
/// number.
pub async fn verify(db: &Db) -> Result<std::result::Result<i64, i64>> {
    let sql =
        format!("SELECT {COLUMNS} FROM hours_entries WHERE seq > $1 ORDER BY seq LIMIT {}", crate::audit::WALK_PAGE);
    let head = sqlx::query("SELECT seq, hash FROM chain_heads WHERE chain = 'hours'").fetch_one(&db.pool).await?;
    let mut prev = "0".repeat(64);
    let mut expected = 1;
    loop {
        let rows = sqlx::query(&sql).bind(expected - 1).fetch_all(&db.pool).await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let seq: i64 = r.try_get("seq")?;
            let stored_prev: String = r.try_get("prev_hash")?;
            let hash: String = r.try_get("hash")?;
            if seq != expected || stored_prev != prev || hash_of(&prev, &parts(r)?) != hash {
                return Ok(Err(expected));
            }
            prev = hash;
            expected += 1;
        }
    }
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    if head_seq != expected - 1 || (head_seq > 0 && head_hash != prev) {
        return Ok(Err(expected));
    }
    Ok(Ok(expected - 1))
}

/// What totals are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Volunteer,
    Activity,
}

/// One line of totals: the volunteer or activity, its entries and minutes in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalRow {
    pub key: String,
    pub name: String,
    pub entries: i64,
    pub minutes: i64,
}

/// Minutes in force (amended entries left out) of the entries in scope that began in
/// `[from, to)`, by volunteer or by activity; only the organization's own entries when one is
/// given (its staff see what it recorded).
pub async fn totals(
    db: &Db,
    scope: &crate::Scope,
    organization: Option<OrganizationId>,
    by: By,
    from: i64,
    to: i64,
) -> Result<Vec<TotalRow>> {
    let (key, name, join) = match by {
        By::Volunteer => (
            "e.volunteer_id",
            "p.name",
            "JOIN volunteers v ON v.id = e.volunteer_id JOIN persons p ON p.id = v.person_id",
        ),
        By::Activity => ("e.source_ref", "a.title", "JOIN activities a ON a.id = e.source_ref"),
    };
    let only_activities = if by == By::Activity { "AND e.source = 'activity'" } else { "" };
    let sql = format!(
        "SELECT {key} AS k, {name} AS n, COUNT(*) AS entries, CAST(SUM(e.minutes) AS BIGINT) AS minutes \
         FROM hours_entries e JOIN regions r ON r.code = e.region_code {join} \
         WHERE r.path >= $1 AND r.path < $2 AND e.starts_at >= $3 AND e.starts_at < $4 {only_activities} \
         AND ($5 = '' OR e.organization_id = $5) \
         AND NOT EXISTS (SELECT 1 FROM hours_entries x WHERE x.amends = e.seq) \
         GROUP BY {key}, {name} ORDER BY minutes DESC, n LIMIT 5000"
    );
    let rows = sqlx::query(&sql)
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(from)
        .bind(to)
        .bind(organization.map(|o| o.to_string()).unwrap_or_default())
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TotalRow {
                key: r.try_get("k")?,
                name: r.try_get("n")?,
                entries: r.try_get("entries")?,
                minutes: r.try_get("minutes")?,
            })
        })
        .collect()
}
