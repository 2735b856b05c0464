//! Reading the figures: a region's totals from its rollup rows, and the drill-down, the records
//! behind one figure, filtered by the same definition.

use std::collections::HashMap;

use sqlx::Row;
use wushe_domain::figures::{Metric, Span, month_of, partial_days};
use wushe_domain::validate::format_date;
use wushe_domain::{RegionCode, RegionPath};

use super::defs;
use super::keep::metric_of;
use crate::{Db, Result, Scope, StoreError};

/// The figures of a region for a period and for the same days a year before.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub now: HashMap<Metric, i64>,
    pub before: HashMap<Metric, i64>,
}

impl Summary {
    pub fn get(&self, m: Metric) -> i64 {
        self.now.get(&m).copied().unwrap_or(0)
    }

    pub fn get_before(&self, m: Metric) -> i64 {
        self.before.get(&m).copied().unwrap_or(0)
    }
}

/// The summary of the region for `span`. The caller has found the region in scope.
pub async fn summary(db: &Db, code: &RegionCode, span: Span) -> Result<Summary> {
    let back = span.year_before();
    let (from, to) = span.cuts();
    let (back_from, back_to) = back.cuts();
    let totals = totals(db, code, &[from, to, back_from, back_to]).await?;
    let mut summary = Summary::default();
    for m in Metric::ALL {
        let at = |i: usize| totals[i].get(m).copied().unwrap_or(0);
        let (now, before) = if m.is_stock() { (at(1), at(3)) } else { (at(1) - at(0), at(3) - at(2)) };
        summary.now.insert(*m, now);
        summary.before.insert(*m, before);
    }
    Ok(summary)
}

/// Every rolled metric's total before each of `cuts` (day numbers): the month rows before the
/// cut's month and that month's day rows before the cut (`partial_days`), added up in the query so
/// that a region's thousands of rows come back as one row per metric.
async fn totals(db: &Db, code: &RegionCode, cuts: &[i64]) -> Result<Vec<HashMap<Metric, i64>>> {
    let last_month = cuts.iter().map(|&c| month_of(c)).max().unwrap_or(0);
    // Cut i binds its month and its day range as $(3 + 3i), $(4 + 3i), $(5 + 3i).
    let days = |i: usize| format!("grain = 1 AND period >= ${} AND period < ${}", 4 + 3 * i, 5 + 3 * i);
    let sums: Vec<String> = (0..cuts.len())
        .map(|i| {
            format!(
                "CAST(SUM(CASE WHEN grain = 2 AND period < ${} OR {} THEN value ELSE 0 END) AS BIGINT) AS t{i}",
                3 + 3 * i,
                days(i)
            )
        })
        .collect();
    let any_days: Vec<String> = (0..cuts.len()).map(days).collect();
    let sql = format!(
        "SELECT metric, {} FROM figures WHERE region_code = $1 AND (grain = 2 AND period < $2 OR {}) GROUP BY metric",
        sums.join(", "),
        any_days.join(" OR ")
    );
    let mut q = sqlx::query(&sql).bind(code.as_str()).bind(last_month);
    for &cut in cuts {
        let (lo, hi) = partial_days(cut);
        q = q.bind(month_of(cut)).bind(lo).bind(hi);
    }
    let mut out = vec![HashMap::new(); cuts.len()];
    for row in q.fetch_all(&db.pool).await? {
        let metric = metric_of(row.try_get("metric")?)?;
        for (i, totals) in out.iter_mut().enumerate() {
            totals.insert(metric, row.try_get(format!("t{i}").as_str())?);
        }
    }
    Ok(out)
}

/// The last day a rollup can count: what "no end" means for [`flows`].
fn last_day() -> i64 {
    wushe_domain::figures::day_number(time::Date::MAX)
}

/// The metrics' flows in a region over the days `[from, to)`; a missing bound is open. Read from
/// the month rows and two partial months of day rows, whatever the period's length.
pub async fn flows(
    db: &Db,
    code: &RegionCode,
    metrics: &[Metric],
    from: Option<i64>,
    to: Option<i64>,
) -> Result<HashMap<Metric, i64>> {
    let cuts: Vec<i64> = [Some(to.unwrap_or_else(last_day)), from].into_iter().flatten().collect();
    let totals = totals(db, code, &cuts).await?;
    let at = |i: usize, m: &Metric| totals.get(i).and_then(|t| t.get(m)).copied().unwrap_or(0);
    Ok(metrics.iter().map(|m| (*m, at(0, m) - at(1, m))).collect())
}

/// The first of the newest days before `to` (and from `from`) whose day rows of `metric` add up to
/// at least `want`: every record that may be among the newest `want` falls on or after it. `None`
/// when the whole period holds fewer, or nothing is wanted.
pub async fn newest_days(
    db: &Db,
    code: &RegionCode,
    metric: Metric,
    (from, to): (Option<i64>, Option<i64>),
    want: i64,
) -> Result<Option<i64>> {
    if want <= 0 {
        return Ok(None);
    }
    // A day row with a positive value holds at least one record, so `want` rows are enough.
    let sql = format!(
        "SELECT period, value FROM figures WHERE region_code = $1 AND grain = 1 AND metric = $2 \
         AND period >= $3 AND period < $4 AND value > 0 ORDER BY period DESC LIMIT {want}"
    );
    let rows = sqlx::query(&sql)
        .bind(code.as_str())
        .bind(metric.key())
        .bind(from.unwrap_or(i64::MIN))
        .bind(to.unwrap_or(i64::MAX))
        .fetch_all(&db.pool)
        .await?;
    let mut held = 0i64;
    for r in &rows {
        held = held.saturating_add(r.try_get("value")?);
        if held >= want {
            return Ok(Some(r.try_get("period")?));
        }
    }
    Ok(None)
}

/// A region's month rows from month `first` to `last` (both included): what the trend charts draw.
pub async fn months(db: &Db, code: &RegionCode, first: i64, last: i64) -> Result<HashMap<Metric, HashMap<i64, i64>>> {
    let rows = sqlx::query(
        "SELECT period, metric, value FROM figures WHERE region_code = $1 AND grain = 2 AND period >= $2 AND period <= $3",
    )
    .bind(code.as_str())
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await?;
    let mut out: HashMap<Metric, HashMap<i64, i64>> = HashMap::new();
    for r in &rows {
        out.entry(metric_of(r.try_get("metric")?)?).or_default().insert(r.try_get("period")?, r.try_get("value")?);
    }
    Ok(out)
}

/// One record behind a figure.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// When it counts (epoch ms); none for the service network and organizations.
    pub at: Option<i64>,
    /// The day a service point opened or an organization registered.
    pub since: Option<String>,
    pub value: i64,
    pub region_code: String,
    pub region_name: String,
    pub label: String,
}

/// A page of the records behind one figure, with their number and the sum of their amounts.
#[derive(Debug, Clone, Default)]
pub struct Drill {
    pub items: Vec<Item>,
    pub count: i64,
    pub sum: i64,
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// The period's bounds as the definition's moments are stored: epoch milliseconds, or days.
enum Bounds {
    Millis(i64, i64),
    Days(String, String),
}

fn bound<'q>(sql: &'q str, sub: &Scope, bounds: &Bounds) -> Query<'q> {
    let q = sqlx::query(sql).bind(sub.lo().to_owned()).bind(sub.hi().to_owned());
    match bounds {
        Bounds::Millis(from, to) => q.bind(*from).bind(*to),
        Bounds::Days(from, to) => q.bind(from.clone()).bind(to.clone()),
    }
}

/// The records under `path` that `metric` counts for `span`, in the order they happened. A stock
/// lists what counts at the period's end: begun before it ends and not ended by then.
pub async fn drill(db: &Db, path: &RegionPath, metric: Metric, span: Span, offset: i64, limit: i64) -> Result<Drill> {
    let d = defs::of(metric).ok_or_else(|| StoreError::corrupt(format!("no definition for {}", metric.key())))?;
    let sub = Scope::under(path.clone());
    let bounds = if d.source.dated() {
        let from = if metric.is_stock() { String::new() } else { format_date(span.from) };
        Bounds::Days(from, format_date(span.to + time::Duration::days(1)))
    } else {
        let (from, to) = span.millis();
        Bounds::Millis(if metric.is_stock() { i64::MIN } else { from }, to)
    };
    let ended = d.until.map(|u| format!(" AND ({u} IS NULL OR {u} >= $4)")).unwrap_or_default();
    let (id, at) = (d.source.id(), d.at);
    let filter = format!(
        "FROM {table} x JOIN regions r ON r.code = {region} WHERE r.path >= $1 AND r.path < $2 AND {cond} \
         AND {at} >= $3 AND {at} < $4{ended}",
        table = d.source.table(),
        region = d.source.region(),
        cond = d.condition(),
    );
    let totals_sql = format!("SELECT COUNT(*) AS n, CAST(COALESCE(SUM({}), 0) AS BIGINT) AS total {filter}", d.value);
    let row = bound(&totals_sql, &sub, &bounds).fetch_one(&db.pool).await?;
    let (count, sum): (i64, i64) = (row.try_get("n")?, row.try_get("total")?);
    let (at_ms, since) = if d.source.dated() { ("CAST(NULL AS BIGINT)", at) } else { (at, "CAST(NULL AS TEXT)") };
    let list_sql = format!(
        "SELECT {id} AS id, {at_ms} AS at, {since} AS since, CAST({value} AS BIGINT) AS value, r.code AS region_code, \
         r.name AS region_name, CAST({label} AS TEXT) AS label {filter} ORDER BY 2, 3, 1 LIMIT {limit} OFFSET {offset}",
        value = d.value,
        label = d.source.label(),
        limit = limit.clamp(0, 10_000),
        offset = offset.max(0),
    );
    let rows = bound(&list_sql, &sub, &bounds).fetch_all(&db.pool).await?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(Item {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                since: r.try_get("since")?,
                value: r.try_get("value")?,
                region_code: r.try_get("region_code")?,
                region_name: r.try_get("region_name")?,
                label: r.try_get::<Option<String>, _>("label")?.unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Drill { items, count, sum })
}
