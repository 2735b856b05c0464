//! Keeping the rollups in the writing transaction: the facts a record gives before and after a
//! change are read with the definitions, and only their difference is added, to the record's
//! region and every region above it, at the day and the month. Rows are written in key order, so
//! two transactions never wait on each other's figure rows in opposite orders.

use std::collections::{BTreeMap, HashMap};

use sqlx::Row;
use wushe_domain::RegionCode;
use wushe_domain::figures::{Grain, Metric, cells, day_of, day_start_ms};

use super::defs::{self, Source};
use crate::{Result, StoreError};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Ids per facts query: SQLite finds each numbered bind by a scan, so statements stay short.
const IDS_PER_QUERY: usize = 64;
/// Rows per upsert statement (one bind each): SQLite finds each numbered bind by a scan, so a
/// statement's cost grows with the square of its binds.
const ROWS_PER_UPSERT: usize = 128;

/// What some records add to the figures: (metric, region path, moment, amount).
#[derive(Debug, Default, Clone)]
pub struct Facts(Vec<(Metric, String, i64, i64)>);

/// One rollup cell.
pub(crate) type Key = (String, Grain, i64, Metric);

/// The SQL giving every fact of the source's records whose ids are bound as `$1…$n`.
fn facts_sql(source: Source, ids: usize) -> String {
    let marks = (1..=ids).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    let filter = format!("{} IN ({marks})", source.id());
    defs::of_source(source).flat_map(|d| d.branches(&filter)).collect::<Vec<_>>().join(" UNION ALL ")
}

/// A fact's moment in epoch milliseconds: a day's first for the dated sources.
pub(crate) fn moment(source: Source, row: &sqlx::any::AnyRow) -> Result<i64> {
    if source.dated() {
        let day: String = row.try_get("at")?;
        let date = wushe_domain::validate::parse_date(wushe_domain::Field::Period, &day)
            .map_err(|_| StoreError::corrupt(format!("figure fact on day {day}")))?;
        Ok(wushe_domain::figures::day_start_ms(wushe_domain::figures::day_number(date)))
    } else {
        Ok(row.try_get("at")?)
    }
}

pub(crate) fn metric_of(key: &str) -> Result<Metric> {
    Metric::parse(key).ok_or_else(|| StoreError::corrupt(format!("unknown figure metric {key}")))
}

/// The facts the records `ids` of `source` give now, as the transaction sees them.
pub async fn facts(tx: &mut Tx, source: Source, ids: &[String]) -> Result<Facts> {
    let mut out = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let sql = facts_sql(source, chunk.len());
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(id.clone());
        }
        for row in q.fetch_all(&mut **tx).await? {
            let metric = metric_of(row.try_get("metric")?)?;
            out.push((metric, row.try_get("path")?, moment(source, &row)?, row.try_get("value")?));
        }
    }
    Ok(Facts(out))
}

/// The facts of every record of `source` that `filter` (SQL over `x`, written by the store) selects.
pub(crate) async fn facts_where(tx: &mut Tx, source: Source, filter: &str) -> Result<Facts> {
    let mut out = Vec::new();
    for d in defs::of_source(source) {
        for sql in d.branches(filter) {
            // Added up by place and moment in the database: a whole table's facts come back as
            // one row per place and day, not one per record.
            let sql = format!(
                "SELECT metric, path, at, CAST(SUM(value) AS BIGINT) AS value FROM ({sql}) g GROUP BY metric, path, at"
            );
            for row in sqlx::query(&sql).fetch_all(&mut **tx).await? {
                out.push((d.metric, row.try_get::<String, _>("path")?, moment(source, &row)?, row.try_get("value")?));
            }
        }
    }
    Ok(Facts(out))
}

/// Adds what `after` counts less what `before` did.
pub(crate) async fn apply(tx: &mut Tx, before: &Facts, after: &Facts) -> Result<()> {
    let mut cells: BTreeMap<Key, i64> = BTreeMap::new();
    spread(&mut cells, &after.0, 1);
    spread(&mut cells, &before.0, -1);
    cells.retain(|_, v| *v != 0);
    upsert(tx, &cells).await
}

/// Adds the facts of records just written (nothing of them was counted before).
pub async fn add(tx: &mut Tx, source: Source, ids: &[String]) -> Result<()> {
    settle(tx, source, ids, Facts::default()).await
}

/// After a change to the records `ids`: adds what their facts are now, less what they were.
pub async fn settle(tx: &mut Tx, source: Source, ids: &[String], before: Facts) -> Result<()> {
    let after = facts(tx, source, ids).await?;
    apply(tx, &before, &after).await
}

/// The country and every region on a service path, the record's own last.
pub(crate) fn regions_on(path: &str) -> impl Iterator<Item = &str> {
    std::iter::once(RegionCode::ROOT).chain(path.split('/').filter(|s| !s.is_empty()))
}

/// Records of several kinds about to change in one transaction, with what they count before.
pub struct Pending(Vec<(Source, Vec<String>, Facts)>);

impl Pending {
    pub async fn read(tx: &mut Tx, records: Vec<(Source, Vec<String>)>) -> Result<Pending> {
        let mut out = Vec::with_capacity(records.len());
        for (source, ids) in records {
            let before = facts(tx, source, &ids).await?;
            out.push((source, ids, before));
        }
        Ok(Pending(out))
    }

    /// After the change: adds the differences.
    pub async fn settle(self, tx: &mut Tx) -> Result<()> {
        for (source, ids, before) in self.0 {
            settle(tx, source, &ids, before).await?;
        }
        Ok(())
    }
}

/// Adds each fact, times `sign`, to every region on its path at its day and month.
pub(crate) fn spread(out: &mut BTreeMap<Key, i64>, facts: &[(Metric, String, i64, i64)], sign: i64) {
    spread_each(facts, sign, |code, _, grain, period, metric, value| {
        *out.entry((code.to_owned(), grain, period, metric)).or_default() += value;
    });
}

/// Calls `add(region, its depth on the path, grain, period, metric, amount × sign)` once for every
/// cell the facts add to. Facts of one region, day and metric are added up first, so a batch of
/// many records in few places expands to the regions above once.
pub(crate) fn spread_each(
    facts: &[(Metric, String, i64, i64)],
    sign: i64,
    mut add: impl FnMut(&str, usize, Grain, i64, Metric, i64),
) {
    let mut grouped: HashMap<(&str, i64, Metric), i64> = HashMap::new();
    for (metric, path, at, value) in facts {
        *grouped.entry((path.as_str(), day_of(*at), *metric)).or_default() += value;
    }
    for ((path, day, metric), value) in grouped {
        for (depth, code) in regions_on(path).enumerate() {
            for (grain, period) in cells(day_start_ms(day)) {
                add(code, depth, grain, period, metric, sign * value);
            }
        }
    }
}

pub(crate) async fn upsert(tx: &mut Tx, cells: &BTreeMap<Key, i64>) -> Result<()> {
    let rows: Vec<(&Key, &i64)> = cells.iter().collect();
    for chunk in rows.chunks(ROWS_PER_UPSERT) {
        // Grain, period, metric and value are the program's own numbers and names, written into
        // the statement; only the region code is bound.
        let values = chunk
            .iter()
            .enumerate()
            .map(|(i, ((_, grain, period, metric), value))| {
                format!("(${}, {}, {period}, '{}', {value})", i + 1, *grain as i64, metric.key())
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO figures (region_code, grain, period, metric, value) VALUES {values} \
             ON CONFLICT (region_code, grain, period, metric) DO UPDATE SET value = figures.value + excluded.value"
        );
        let mut q = sqlx::query(&sql);
        for ((code, ..), _) in chunk {
            q = q.bind(code.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A township moved under another county-level unit: the units it left stop counting its
/// figures and the ones it joined start, in the moving transaction.
pub(crate) async fn move_region(tx: &mut Tx, code: &str, old_path: &str, new_path: &str) -> Result<()> {
    let above = |path: &str| -> Vec<String> {
        path.split('/').filter(|s| !s.is_empty() && *s != code).map(str::to_owned).collect()
    };
    let (old, new) = (above(old_path), above(new_path));
    let moves = old
        .iter()
        .filter(|a| !new.contains(a))
        .map(|a| (a, -1))
        .chain(new.iter().filter(|a| !old.contains(a)).map(|a| (a, 1)));
    for (ancestor, sign) in moves {
        sqlx::query(
            "INSERT INTO figures (region_code, grain, period, metric, value) \
             SELECT $1, grain, period, metric, value * $2 FROM figures WHERE region_code = $3 \
             ON CONFLICT (region_code, grain, period, metric) DO UPDATE SET value = figures.value + excluded.value",
        )
        .bind(ancestor.clone())
        .bind(sign as i64)
        .bind(code.to_owned())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
