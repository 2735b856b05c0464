//! Regions: the national list, functional zones, and coverage of the service network.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::{AccountId, Field, FieldError, Reason, RegionCode, RegionLevel, RegionPath, ServicePointLevel};

use crate::audit::{self, Event};
use crate::national::{self, NationalUnit};
use crate::{Db, Result, Scope, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<RegionCode>,
    pub path: RegionPath,
    /// Added by an administrator, not in the national list.
    pub functional: bool,
}

const COLUMNS: &str = "code, name, level, parent_code, path, functional";

fn decode(r: &AnyRow) -> Result<Region> {
    let code: String = r.try_get("code")?;
    let bad = |what: &str| StoreError::corrupt(format!("region {code}: bad {what}"));
    let level: i64 = r.try_get("level")?;
    let parent: Option<String> = r.try_get("parent_code")?;
    let path: String = r.try_get("path")?;
    Ok(Region {
        code: RegionCode::parse(&code).map_err(|_| bad("code"))?,
        name: r.try_get("name")?,
        level: RegionLevel::from_i64(level).ok_or_else(|| bad("level"))?,
        parent_code: parent.map(|p| RegionCode::parse(&p).map_err(|_| bad("parent"))).transpose()?,
        path: RegionPath::from_stored(path).ok_or_else(|| bad("path"))?,
        functional: r.try_get::<i64, _>("functional")? != 0,
    })
}

/// A region in scope, or `None` when it does not exist or lies outside.
pub async fn get(db: &Db, scope: &Scope, code: &RegionCode) -> Result<Option<Region>> {
    let sql = format!("SELECT {COLUMNS} FROM regions WHERE code = $1 AND path >= $2 AND path < $3");
    let row = sqlx::query(&sql).bind(code.as_str()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

/// Where a region is, whoever asks: used only to tell a hidden record from a missing one in the
/// audit log, never to answer a request.
pub async fn path_of(db: &Db, code: &RegionCode) -> Result<Option<RegionPath>> {
    get(db, &Scope::all(), code).await.map(|r| r.map(|r| r.path))
}

/// The children of a region, in code order.
pub async fn children(db: &Db, scope: &Scope, code: &RegionCode) -> Result<Vec<Region>> {
    let sql =
        format!("SELECT {COLUMNS} FROM regions WHERE parent_code = $1 AND path >= $2 AND path < $3 ORDER BY code");
    let rows = sqlx::query(&sql).bind(code.as_str()).bind(scope.lo()).bind(scope.hi()).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// The children of a region that have an open service point in them or above them: where a
/// resident can ask for help.
pub async fn served_children(db: &Db, code: &RegionCode) -> Result<Vec<Region>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM regions c WHERE c.parent_code = $1 AND EXISTS (SELECT 1 FROM service_points sp \
         JOIN regions pr ON pr.code = sp.region_code WHERE sp.status = 'open' \
         AND (pr.path LIKE c.path || '%' OR c.path LIKE pr.path || '%')) ORDER BY c.code"
    );
    let rows = sqlx::query(&sql).bind(code.as_str()).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// The villages (communities) under a region, in code order, at most `limit`.
pub async fn villages_under(db: &Db, path: &RegionPath, limit: i64) -> Result<Vec<Region>> {
    let scope = Scope::under(path.clone());
    let sql = format!(
        "SELECT {COLUMNS} FROM regions WHERE level = $1 AND path >= $2 AND path < $3 ORDER BY code LIMIT {limit}"
    );
    let rows = sqlx::query(&sql)
        .bind(RegionLevel::Village as i64)
        .bind(scope.lo())
        .bind(scope.hi())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect()
}

/// The regions on the way from the scope's top down to `region`, for breadcrumbs.
pub async fn trail(db: &Db, scope: &Scope, region: &Region) -> Result<Vec<Region>> {
    let mut out = Vec::new();
    for code in region.path.codes() {
        if let Some(r) = get(db, scope, &code).await? {
            out.push(r);
        }
    }
    Ok(out)
}

/// How many units of one level lie under a region, and how many of them have an open service point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelCoverage {
    pub level: RegionLevel,
    pub point_level: ServicePointLevel,
    pub units: i64,
    pub covered: i64,
    /// Open service points of this level (a unit may have more than one).
    pub points: i64,
}

impl LevelCoverage {
    /// Coverage in per mille, rounded half up, so that a percentage with one decimal needs no float.
    pub fn per_mille(&self) -> i64 {
        if self.units == 0 { 0 } else { (self.covered * 2000 + self.units) / (self.units * 2) }
    }
}

/// Coverage of the county, township and village levels under `region` (the region's own level
/// and those above it are left out).
pub async fn coverage(db: &Db, scope: &Scope, region: &Region) -> Result<Vec<LevelCoverage>> {
    let sub = Scope::under(region.path.clone());
    if !scope.contains(&region.path) {
        return Ok(Vec::new());
    }
    let units = sqlx::query(
        "SELECT level, COUNT(*) AS n FROM regions WHERE path >= $1 AND path < $2 AND level > $3 GROUP BY level",
    )
    .bind(sub.lo())
    .bind(sub.hi())
    .bind(region.level.as_i64())
    .fetch_all(&db.pool)
    .await?;
    let covered = sqlx::query(
        "SELECT r.level AS level, COUNT(DISTINCT sp.region_code) AS covered, COUNT(*) AS points \
         FROM service_points sp JOIN regions r ON r.code = sp.region_code \
         WHERE r.path >= $1 AND r.path < $2 AND r.level > $3 AND sp.status <> 'closed' GROUP BY r.level",
    )
    .bind(sub.lo())
    .bind(sub.hi())
    .bind(region.level.as_i64())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for point_level in ServicePointLevel::ALL {
        let level = point_level.region_level();
        if level <= region.level {
            continue;
        }
        let mut cov = LevelCoverage { level, point_level, units: 0, covered: 0, points: 0 };
        for r in &units {
            if r.try_get::<i64, _>("level")? == level.as_i64() {
                cov.units = r.try_get("n")?;
            }
        }
        for r in &covered {
            if r.try_get::<i64, _>("level")? == level.as_i64() {
                cov.covered = r.try_get("covered")?;
                cov.points = r.try_get("points")?;
            }
        }
        out.push(cov);
    }
    Ok(out)
}

/// Rows per INSERT when loading. Small on purpose: sqlx looks up every `$n` placeholder of a
/// SQLite statement by scanning all of its parameters, so the cost per row grows with the batch
/// (1,000 rows took 30 s for the country; at 64 rows the scan was still a fifth of the load).
const BATCH: usize = 16;

/// Loads units of the national list (those under `prefixes` with their ancestors, or all when
/// empty). Units already present are left as they are, so loading again is harmless and keeps
/// functional-zone placements. Returns the number of units inserted.
pub async fn load_national(db: &Db, prefixes: &[&str], progress: impl FnMut(usize, usize)) -> Result<u64> {
    let started = std::time::Instant::now();
    let units = national::units(prefixes)?;
    tracing::info!(units = units.len(), ms = started.elapsed().as_millis() as u64, "read the national division list");
    insert_national(db, &units, progress).await
}

/// Inserts units already read from the national list, in batches, in one transaction.
pub async fn insert_national(db: &Db, units: &[NationalUnit], mut progress: impl FnMut(usize, usize)) -> Result<u64> {
    let total = units.len();
    let mut inserted = 0;
    let mut tx = db.begin_write().await?;
    // The units start counting in one pass: what all regions count after the load, less before.
    let region = crate::figures::Source::Region;
    let before = crate::figures::keep::facts_where(&mut tx, region, "1 = 1").await?;
    for (i, chunk) in units.chunks(BATCH).enumerate() {
        inserted += insert_units(&mut tx, chunk).await?;
        progress((i * BATCH + chunk.len()).min(total), total);
    }
    let after = crate::figures::keep::facts_where(&mut tx, region, "1 = 1").await?;
    crate::figures::keep::apply(&mut tx, &before, &after).await?;
    tx.commit().await?;
    Ok(inserted)
}

fn national_path(code: &RegionCode) -> RegionPath {
    let s = code.as_str();
    [2, 4, 6, 9, 12]
        .into_iter()
        .filter(|&n| n <= s.len())
        .filter_map(|n| RegionCode::parse(&s[..n]).ok())
        .fold(RegionPath::root(), |p, c| p.child(&c))
}

async fn insert_units(tx: &mut sqlx::Transaction<'static, sqlx::Any>, units: &[NationalUnit]) -> Result<u64> {
    let mut sql =
        String::from("INSERT INTO regions (code, name, level, parent_code, path, functional, stat_parent) VALUES ");
    for i in 0..units.len() {
        let b = i * 6;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!("(${}, ${}, ${}, ${}, ${}, 0, ${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6));
    }
    sql.push_str(" ON CONFLICT (code) DO NOTHING");
    let mut q = sqlx::query(&sql);
    for u in units {
        let parent = national::parent_code(&u.code);
        q = q
            .bind(u.code.as_str().to_owned())
            .bind(u.name.clone())
            .bind(u.level.as_i64())
            .bind(parent.as_str().to_owned())
            .bind(national_path(&u.code).as_str().to_owned())
            .bind(parent.as_str().to_owned());
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// Number of regions of each level in the whole database (for `regions status`).
pub async fn counts(db: &Db) -> Result<Vec<(RegionLevel, i64)>> {
    let rows = sqlx::query("SELECT level, COUNT(*) AS n FROM regions GROUP BY level ORDER BY level")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            let level =
                RegionLevel::from_i64(r.try_get("level")?).ok_or_else(|| StoreError::corrupt("region level"))?;
            Ok((level, r.try_get("n")?))
        })
        .collect()
}

/// Adds a functional zone (a county-level unit not in the national list) under a province or city.
pub async fn add_zone(
    db: &Db,
    scope: &Scope,
    parent: &RegionCode,
    name: &str,
    by: Option<AccountId>,
) -> Result<Region> {
    let parent_region = get(db, scope, parent).await?.ok_or(FieldError::new(Field::Parent, Reason::NotFound))?;
    if !matches!(parent_region.level, RegionLevel::Province | RegionLevel::City) {
        return Err(FieldError::new(
            Field::Parent,
            Reason::WrongLevel { expected: "省级或地级区域", expected_en: "a province or a prefecture" },
        )
        .into());
    }
    let mut tx = db.begin_write().await?;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM regions WHERE parent_code = $1 AND functional = 1")
        .bind(parent.as_str())
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    let seq = u32::try_from(existing + 1)?;
    let code = RegionCode::functional_zone(parent, seq);
    let path = parent_region.path.child(&code);
    sqlx::query(
        "INSERT INTO regions (code, name, level, parent_code, path, functional, stat_parent) \
         VALUES ($1, $2, $3, $4, $5, 1, NULL)",
    )
    .bind(code.as_str())
    .bind(name)
    .bind(RegionLevel::County.as_i64())
    .bind(parent.as_str())
    .bind(path.as_str())
    .execute(&mut *tx)
    .await?;
    crate::figures::add(&mut tx, crate::figures::Source::Region, &[code.to_string()]).await?;
    let event = Event::new(by, "region.add_zone", "region")
        .id(&code)
        .region(&code)
        .detail(serde_json::json!({ "name": name, "parent": parent.as_str() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Region {
        code,
        name: name.to_owned(),
        level: RegionLevel::County,
        parent_code: Some(parent.clone()),
        path,
        functional: true,
    })
}

/// Places a township under another county-level unit (typically a functional zone) for service
/// purposes. The township and everything under it move in one statement; its statistical code
/// does not change.
pub async fn place_township(
    db: &Db,
    scope: &Scope,
    township: &RegionCode,
    county: &RegionCode,
    by: Option<AccountId>,
) -> Result<Region> {
    let t = get(db, scope, township).await?.ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
    if t.level != RegionLevel::Township {
        return Err(FieldError::new(
            Field::Region,
            Reason::WrongLevel { expected: "乡级区域", expected_en: "a township" },
        )
        .into());
    }
    let target = get(db, scope, county).await?.ok_or(FieldError::new(Field::Zone, Reason::NotFound))?;
    if target.level != RegionLevel::County {
        return Err(FieldError::new(
            Field::Zone,
            Reason::WrongLevel {
                expected: "县级区域或功能区", expected_en: "a county-level unit or functional zone"
            },
        )
        .into());
    }
    if t.parent_code.as_ref() == Some(county) {
        return Ok(t);
    }
    let old = Scope::under(t.path.clone());
    let new_path = target.path.child(&t.code);
    let mut tx = db.begin_write().await?;
    // The township itself counts in the unit above it, which changes.
    let counted =
        crate::figures::Pending::read(&mut tx, vec![(crate::figures::Source::Region, vec![t.code.to_string()])])
            .await?;
    sqlx::query("UPDATE regions SET path = $1 || substr(path, CAST($2 AS INTEGER)) WHERE path >= $3 AND path < $4")
        .bind(new_path.as_str())
        .bind(i64::try_from(t.path.as_str().len() + 1)?)
        .bind(old.lo())
        .bind(old.hi())
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE regions SET parent_code = $1 WHERE code = $2")
        .bind(county.as_str())
        .bind(t.code.as_str())
        .execute(&mut *tx)
        .await?;
    crate::figures::keep::move_region(&mut tx, t.code.as_str(), t.path.as_str(), new_path.as_str()).await?;
    counted.settle(&mut tx).await?;
    let event = Event::new(by, "region.place_township", "region")
        .id(&t.code)
        .region(&t.code)
        .detail(serde_json::json!({ "from": t.parent_code.as_ref().map(|c| c.to_string()), "to": county.as_str() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Region { parent_code: Some(county.clone()), path: new_path, ..t })
}
