//! Service records: visits, sessions and phone follow-ups, scoped by the community where the
//! service was given. Writing goes through the recorder (`recorder.rs`), which commits many
//! records in one durable transaction; here are the checks before and the rows written.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::figures::{Metric, day_of, day_start_ms};
use wushe_domain::service::{NewServiceRecord, ServiceKind};
use wushe_domain::{
    AccountId, Field, FieldError, NeedId, Reason, RegionCode, RegionLevel, RegionPath, ResidentId, ServiceRecordId,
    SocialWorkerId,
};

use crate::audit::{self, Event};
use crate::batch::placeholders;
use crate::crypto::at;
use crate::{Db, Result, Scope, StoreError, figures, needs, now_ms, social_workers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRecord {
    pub id: ServiceRecordId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub kind: ServiceKind,
    pub need_id: Option<NeedId>,
    pub social_worker_id: Option<SocialWorkerId>,
    pub served_by_name: String,
    pub served_at: i64,
    pub minutes: i64,
    pub place: Option<String>,
    /// In clear inside the process only.
    pub note: Option<String>,
    pub person_times: i64,
    /// Filled by [`get`]; lists leave it empty.
    pub residents: Vec<(ResidentId, String)>,
}

const SELECT: &str = "SELECT s.id, s.region_code, r.name AS region_name, r.path AS region_path, s.kind, s.need_id, \
    s.social_worker_id, s.served_by_name, s.served_at, s.minutes, s.place, s.note, s.person_times \
    FROM service_records s JOIN regions r ON r.code = s.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<ServiceRecord> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("service record {id}: bad {what}"));
    let need: Option<String> = r.try_get("need_id")?;
    let worker: Option<String> = r.try_get("social_worker_id")?;
    let note: Option<String> = r.try_get("note")?;
    Ok(ServiceRecord {
        id: id.parse().map_err(|_| bad("id"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        kind: ServiceKind::parse(&r.try_get::<String, _>("kind")?).map_err(|_| bad("kind"))?,
        need_id: need.map(|n| n.parse().map_err(|_| bad("need"))).transpose()?,
        social_worker_id: worker.map(|w| w.parse().map_err(|_| bad("worker"))).transpose()?,
        served_by_name: r.try_get("served_by_name")?,
        served_at: r.try_get("served_at")?,
        minutes: r.try_get("minutes")?,
        place: r.try_get("place")?,
        note: note.map(|n| {
            db.open_shown(at("service_records", "note", &id), &n).unwrap_or_else(|| crate::UNREADABLE.to_owned())
        }),
        person_times: r.try_get("person_times")?,
        residents: Vec::new(),
    })
}

/// A record in scope with the residents it served.
pub async fn get(db: &Db, scope: &Scope, id: ServiceRecordId) -> Result<Option<ServiceRecord>> {
    let sql = format!("{SELECT} WHERE s.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    let Some(mut rec) = row.map(|r| decode(db, &r)).transpose()? else { return Ok(None) };
    let served = sqlx::query(
        "SELECT sr.resident_id, p.name FROM service_record_residents sr JOIN residents rs ON rs.id = sr.resident_id \
         JOIN persons p ON p.id = rs.person_id WHERE sr.record_id = $1 ORDER BY p.name, sr.resident_id",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    for r in served {
        let rid: String = r.try_get("resident_id")?;
        rec.residents.push((rid.parse().map_err(|_| StoreError::corrupt("served resident"))?, r.try_get("name")?));
    }
    Ok(Some(rec))
}

/// Where a record is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: ServiceRecordId) -> Result<Option<RegionCode>> {
    let row = sqlx::query("SELECT region_code FROM service_records WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| StoreError::corrupt("region")))
        .transpose()
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub need: Option<NeedId>,
    pub kind: Option<ServiceKind>,
    /// Epoch milliseconds, inclusive.
    pub from: Option<i64>,
    /// Epoch milliseconds, exclusive.
    pub to: Option<i64>,
}

/// What a list adds up to: records, person-times (人次) and minutes served.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub records: i64,
    pub person_times: i64,
    pub minutes: i64,
}

/// Records in scope, latest first, with the totals of everything the filter matches.
///
/// A province holds millions of records: the totals come from the rollups when the filter is one
/// they count by (whole China days, no need or kind), and the page is looked for first among the
/// newest days that the day rollups say hold enough records, so neither sorts nor adds up the
/// whole scope. Both fall back to the records themselves otherwise.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ServiceRecord>, Totals)> {
    let values = FilterValues {
        lo: scope.lo().to_owned(),
        hi: scope.hi().to_owned(),
        need: filter.need.map(|n| n.to_string()).unwrap_or_default(),
        kind: filter.kind.map(|k| k.key()).unwrap_or_default(),
        from: filter.from.unwrap_or(i64::MIN),
        to: filter.to.unwrap_or(i64::MAX),
    };
    let rolled = rolled_days(filter).map(|days| (scope_code(scope), days));
    let mut rows = Vec::new();
    let window = match &rolled {
        Some((code, days)) => {
            figures::newest_days(db, code, Metric::Visits, *days, offset.saturating_add(limit)).await?
        }
        None => None,
    };
    if let Some(day) = window {
        let since = FilterValues { from: values.from.max(day_start_ms(day)), ..values.clone() };
        rows = page(db, &since, offset, limit).await?;
    }
    // Fewer than a page since the window's first day: the page reaches further back.
    if window.is_none() || (rows.len() as i64) < limit {
        rows = page(db, &values, offset, limit).await?;
    }
    let totals = match &rolled {
        Some((code, (from, to))) => {
            let f = figures::flows(db, code, &[Metric::Visits, Metric::VisitPeople, Metric::VisitMinutes], *from, *to)
                .await?;
            let get = |m| f.get(&m).copied().unwrap_or(0);
            Totals {
                records: get(Metric::Visits),
                person_times: get(Metric::VisitPeople),
                minutes: get(Metric::VisitMinutes),
            }
        }
        None => {
            let sum = format!(
                "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(s.person_times), 0) AS BIGINT) AS pt, \
                 CAST(COALESCE(SUM(s.minutes), 0) AS BIGINT) AS m \
                 FROM service_records s JOIN regions r ON r.code = s.region_code {COND}"
            );
            let t = values.bind(&sum).fetch_one(&db.pool).await?;
            Totals { records: t.try_get("n")?, person_times: t.try_get("pt")?, minutes: t.try_get("m")? }
        }
    };
    Ok((rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?, totals))
}

const COND: &str = "WHERE r.path >= $1 AND r.path < $2 AND ($3 = '' OR s.need_id = $3) AND ($4 = '' OR s.kind = $4) \
                    AND s.served_at >= $5 AND s.served_at < $6";

async fn page(db: &Db, values: &FilterValues, offset: i64, limit: i64) -> Result<Vec<AnyRow>> {
    let sql = format!("{SELECT} {COND} ORDER BY s.served_at DESC, s.id LIMIT {limit} OFFSET {offset}");
    Ok(values.bind(&sql).fetch_all(&db.pool).await?)
}

/// The filter as rollup days `[from, to)`, when the rollups count exactly what it matches.
fn rolled_days(filter: &Filter) -> Option<(Option<i64>, Option<i64>)> {
    let day = |ms: i64| (day_start_ms(day_of(ms)) == ms).then(|| day_of(ms));
    let bound = |b: Option<i64>| match b {
        None => Some(None),
        Some(ms) => day(ms).map(Some),
    };
    if filter.need.is_some() || filter.kind.is_some() {
        return None;
    }
    Some((bound(filter.from)?, bound(filter.to)?))
}

/// The region whose rollups count the scope: its own, or the country's.
fn scope_code(scope: &Scope) -> RegionCode {
    scope.path().codes().pop().unwrap_or_else(RegionCode::root)
}

#[derive(Clone)]
struct FilterValues {
    lo: String,
    hi: String,
    need: String,
    kind: &'static str,
    from: i64,
    to: i64,
}

impl FilterValues {
    fn bind<'q>(&self, sql: &'q str) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        sqlx::query(sql)
            .bind(self.lo.clone())
            .bind(self.hi.clone())
            .bind(self.need.clone())
            .bind(self.kind)
            .bind(self.from)
            .bind(self.to)
    }
}

/// A record checked against the database and sealed, ready for the recorder to write.
#[derive(Debug, Clone)]
pub struct Checked {
    pub id: ServiceRecordId,
    pub new: NewServiceRecord,
    pub served_by_name: String,
    sealed_note: Option<String>,
    by: Option<AccountId>,
    created_at: i64,
}

/// Checks a record in scope: a community of the caller's area, a need and a worker in scope,
/// every resident in scope. `by_name` serves when no worker is named.
pub async fn check(
    db: &Db,
    scope: &Scope,
    new: NewServiceRecord,
    by: Option<AccountId>,
    by_name: &str,
) -> Result<Checked> {
    // The community and the residents in one query: this runs for every record written.
    let marks = (4..4 + new.residents.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT (SELECT level FROM regions WHERE code = $1 AND path >= $2 AND path < $3) AS level, \
         (SELECT COUNT(*) FROM residents rs JOIN regions r ON r.code = rs.region_code \
         WHERE r.path >= $2 AND r.path < $3 AND rs.id IN ({marks})) AS n"
    );
    let q = sqlx::query(&sql).bind(new.region.to_string()).bind(scope.lo()).bind(scope.hi());
    let row = new.residents.iter().fold(q, |q, r| q.bind(r.to_string())).fetch_one(&db.pool).await?;
    let level: Option<i64> = row.try_get("level")?;
    match level.and_then(RegionLevel::from_i64) {
        None => return Err(FieldError::new(Field::Region, Reason::NotFound).into()),
        Some(RegionLevel::Village) => {}
        Some(_) => {
            let (expected, expected_en) = (RegionLevel::Village.label(wushe_domain::Lang::Zh), "community");
            return Err(FieldError::new(Field::Region, Reason::WrongLevel { expected, expected_en }).into());
        }
    }
    let found: i64 = row.try_get("n")?;
    if usize::try_from(found).ok() != Some(new.residents.len()) {
        return Err(FieldError::new(Field::Residents, Reason::NotFound).into());
    }
    if let Some(n) = new.need
        && needs::get(db, scope, n).await?.is_none()
    {
        return Err(FieldError::new(Field::Need, Reason::NotFound).into());
    }
    let served_by_name = match new.social_worker {
        Some(w) => {
            social_workers::get(db, scope, w)
                .await?
                .filter(|w| w.status == "active")
                .ok_or(FieldError::new(Field::SocialWorker, Reason::NotFound))?
                .name
        }
        None => by_name.to_owned(),
    };
    let id = ServiceRecordId::new();
    let rid = id.to_string();
    let sealed_note =
        new.note.as_deref().map(|n| db.crypto.seal_in(at("service_records", "note", &rid), n)).transpose()?;
    Ok(Checked { id, new, served_by_name, sealed_note, by, created_at: now_ms() })
}

/// Writes checked records, their residents and one audit row each, inside the caller's
/// transaction.
pub(crate) async fn write(tx: &mut sqlx::Transaction<'static, sqlx::Any>, batch: &[&Checked]) -> Result<()> {
    // SQLite looks each numbered bind up by a linear scan, so one statement's cost grows with
    // the square of its binds: short chunks keep it small.
    for chunk in batch.chunks(32) {
        let sql = format!(
            "INSERT INTO service_records (id, region_code, kind, need_id, social_worker_id, served_by_name, served_at, \
             minutes, place, note, person_times, created_by, created_at) VALUES {}",
            placeholders(chunk.len(), 13)
        );
        let mut q = sqlx::query(&sql);
        for c in chunk {
            let n = &c.new;
            q = q
                .bind(c.id.to_string())
                .bind(n.region.to_string())
                .bind(n.kind.key())
                .bind(n.need.map(|x| x.to_string()))
                .bind(n.social_worker.map(|x| x.to_string()))
                .bind(c.served_by_name.clone())
                .bind(n.served_at)
                .bind(n.minutes)
                .bind(n.place.clone())
                .bind(c.sealed_note.clone())
                .bind(i64::try_from(n.person_times()).unwrap_or(i64::MAX))
                .bind(c.by.map(|a| a.to_string()))
                .bind(c.created_at);
        }
        q.execute(&mut **tx).await?;
    }
    let ids: Vec<String> = batch.iter().map(|c| c.id.to_string()).collect();
    crate::figures::add(tx, crate::figures::Source::ServiceRecord, &ids).await?;
    let served: Vec<(&Checked, &ResidentId)> =
        batch.iter().flat_map(|c| c.new.residents.iter().map(move |r| (*c, r))).collect();
    for chunk in served.chunks(100) {
        let sql = format!(
            "INSERT INTO service_record_residents (record_id, resident_id, region_code) VALUES {}",
            placeholders(chunk.len(), 3)
        );
        let q = sqlx::query(&sql);
        let q = chunk
            .iter()
            .fold(q, |q, (c, r)| q.bind(c.id.to_string()).bind(r.to_string()).bind(c.new.region.to_string()));
        q.execute(&mut **tx).await?;
    }
    let events: Vec<Event> = batch
        .iter()
        .map(|c| {
            Event::new(c.by, "service.record", "service_record").id(c.id).region(&c.new.region).detail(
                serde_json::json!({ "kind": c.new.kind.key(), "person_times": c.new.person_times(), "minutes": c.new.minutes }),
            )
        })
        .collect();
    audit::append_many(tx, &events).await.map(|_| ())
}
