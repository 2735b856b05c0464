//! Reading the figures: a region's totals from its rollup rows, and the drill-down, the records
//! behind one figure, filtered by the same definition.

use std::collections::HashMap;

use sqlx::Row;
use wushe_domain::figures::{Grain, Metric, Span, month_of, partial_days, total_before};
use wushe_domain::validate::format_date;
use wushe_domain::{RegionCode, RegionPath};

use super::keep::metric_of;
use super::{defs, network};
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

/// The summary of the region at `path` for `span`. The caller has found the region in scope.
pub async fn summary(db: &Db, code: &RegionCode, path: &RegionPath, span: Span) -> Result<Summary> {
    let back = span.year_before();
    let (from, to) = span.cuts();
    let (back_from, back_to) = back.cuts();
    let totals = totals(db, code, &[from, to, back_from, back_to]).await?;
    let mut summary = Summary::default();
    for m in Metric::ALL.iter().filter(|m| !m.is_direct()) {
        let at = |i: usize| totals[i].get(m).copied().unwrap_or(0);
        let (now, before) = if m.is_stock() { (at(1), at(3)) } else { (at(1) - at(0), at(3) - at(2)) };
        summary.now.insert(*m, now);
        summary.before.insert(*m, before);
    }
    summary.now.extend(direct(db, path, span).await?);
    summary.before.extend(direct(db, path, back).await?);
    Ok(summary)
}

/// Every rolled metric's total before each of `cuts` (day numbers).
async fn totals(db: &Db, code: &RegionCode, cuts: &[i64]) -> Result<Vec<HashMap<Metric, i64>>> {
    let last_month = cuts.iter().map(|&c| month_of(c)).max().unwrap_or(0);
    let mut sql = String::from(
        "SELECT grain, period, metric, value FROM figures WHERE region_code = $1 AND (grain = 2 AND period < $2",
    );
    for i in 0..cuts.len() {
        sql.push_str(&format!(" OR grain = 1 AND period >= ${} AND period < ${}", 3 + 2 * i, 4 + 2 * i));
    }
    sql.push(')');
    let mut q = sqlx::query(&sql).bind(code.as_str()).bind(last_month);
    for &cut in cuts {
        let (lo, hi) = partial_days(cut);
        q = q.bind(lo).bind(hi);
    }
    let mut rows: HashMap<Metric, Vec<(Grain, i64, i64)>> = HashMap::new();
    for row in q.fetch_all(&db.pool).await? {
        let grain = Grain::from_number(row.try_get("grain")?).ok_or_else(|| StoreError::corrupt("figure grain"))?;
        let metric = metric_of(row.try_get("metric")?)?;
        rows.entry(metric).or_default().push((grain, row.try_get("period")?, row.try_get("value")?));
    }
    Ok(cuts.iter().map(|&cut| rows.iter().map(|(m, r)| (*m, total_before(r.iter().copied(), cut))).collect()).collect())
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

/// The directly counted figures under `path` as of the span's last day, in one statement.
pub async fn direct(db: &Db, path: &RegionPath, span: Span) -> Result<HashMap<Metric, i64>> {
    let sub = Scope::under(path.clone());
    let sql = network::DIRECT
        .iter()
        .map(|d| {
            format!(
                "SELECT '{}' AS metric, COUNT(*) AS n FROM {} WHERE r.path >= $1 AND r.path < $2 AND {}",
                d.metric.key(),
                d.from,
                d.when
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows = sqlx::query(&sql).bind(sub.lo()).bind(sub.hi()).bind(format_date(span.to)).fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok((metric_of(r.try_get("metric")?)?, r.try_get::<i64, _>("n")?))).collect()
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

/// What a drill-down's `$3` and `$4` are.
enum Bounds {
    Millis(i64, i64),
    AsOf(String),
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bound<'q>(sql: &'q str, sub: &Scope, bounds: &Bounds) -> Query<'q> {
    let q = sqlx::query(sql).bind(sub.lo().to_owned()).bind(sub.hi().to_owned());
    match bounds {
        Bounds::Millis(from, to) => q.bind(*from).bind(*to),
        Bounds::AsOf(day) => q.bind(day.clone()),
    }
}

/// The records under `path` that `metric` counts for `span`, in the order they happened.
pub async fn drill(db: &Db, path: &RegionPath, metric: Metric, span: Span, offset: i64, limit: i64) -> Result<Drill> {
    let sub = Scope::under(path.clone());
    let (from, id, label, at, since, value, when, bounds) = if let Some(d) = defs::of(metric) {
        let (from_ms, to_ms) = span.millis();
        let from_ms = if metric.is_stock() { i64::MIN } else { from_ms };
        let from = format!("{} x JOIN regions r ON r.code = x.region_code", d.source.table());
        let when = format!("{} AND {at} >= $3 AND {at} < $4", d.condition(), at = d.at);
        (from, "x.id", d.source.label(), d.at, "CAST(NULL AS TEXT)", d.value, when, Bounds::Millis(from_ms, to_ms))
    } else if let Some(d) = network::of(metric) {
        let bounds = Bounds::AsOf(format_date(span.to));
        (d.from.to_owned(), d.id, d.label, "CAST(NULL AS BIGINT)", d.since, "1", d.when.to_owned(), bounds)
    } else {
        return Err(StoreError::corrupt(format!("no definition for {}", metric.key())));
    };
    let filter = format!("FROM {from} WHERE r.path >= $1 AND r.path < $2 AND {when}");
    let totals_sql = format!("SELECT COUNT(*) AS n, CAST(COALESCE(SUM({value}), 0) AS BIGINT) AS total {filter}");
    let row = bound(&totals_sql, &sub, &bounds).fetch_one(&db.pool).await?;
    let (count, sum): (i64, i64) = (row.try_get("n")?, row.try_get("total")?);
    let order = if defs::of(metric).is_some() { at } else { id };
    let list_sql = format!(
        "SELECT {id} AS id, {at} AS at, {since} AS since, CAST({value} AS BIGINT) AS value, r.code AS region_code, \
         r.name AS region_name, CAST({label} AS TEXT) AS label {filter} ORDER BY {order}, {id} LIMIT {limit} OFFSET {offset}",
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
