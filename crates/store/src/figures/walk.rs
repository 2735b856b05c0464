//! Counting every rollup cell from the records a part of the country at a time, so that memory
//! follows the largest county-level unit rather than the whole database: each county-level
//! subtree is counted and finished (written, or compared with the kept rows) on its own; the cells
//! of a province and its city-level units wait until the province's last county is done, and the
//! country's until the end. Every query of a walk runs in the caller's transaction, one snapshot.

use std::collections::{BTreeMap, HashMap};

use futures_util::TryStreamExt;
use sqlx::Row;
use wushe_domain::figures::{Grain, Metric};

use super::defs::DEFS;
use super::keep::{Key, metric_of, moment, spread_each, upsert};
use crate::{Result, StoreError};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// A rollup cell whose kept value is not what the records give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub region_code: String,
    pub grain: Grain,
    pub period: i64,
    pub metric: Metric,
    pub kept: i64,
    pub counted: i64,
}

impl Difference {
    pub(crate) fn of((region_code, grain, period, metric): Key, kept: i64, counted: i64) -> Difference {
        Difference { region_code, grain, period, metric, kept, counted }
    }
}

/// Depth on a path of the province-level and the county-level units (the country is 0).
const PROVINCE: i64 = 1;
const COUNTY: i64 = 3;
/// Deeper than any path.
const DEEPEST: i64 = 64;
/// How deep a region is: its path has one more `/` than that.
const DEPTH: &str = "(LENGTH(r.path) - LENGTH(REPLACE(r.path, '/', '')) - 1)";
const FACTS_PER_BATCH: usize = 4096;

/// Regions of `r.path` in `[lo, hi)` whose depth is within `depths`.
struct Part {
    lo: String,
    hi: String,
    depths: (i64, i64),
}

impl Part {
    fn under(path: &str, depths: (i64, i64)) -> Part {
        // Paths end in '/', and '0' is the character after it.
        let hi = format!("{}0", &path[..path.len().saturating_sub(1)]);
        Part { lo: path.to_owned(), hi, depths }
    }

    fn filter() -> String {
        format!("r.path >= $1 AND r.path < $2 AND {DEPTH} BETWEEN $3 AND $4")
    }

    fn bind<'q>(
        &'q self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        q.bind(self.lo.as_str()).bind(self.hi.as_str()).bind(self.depths.0).bind(self.depths.1)
    }
}

/// One part's cells, each region code held once.
#[derive(Default)]
struct Tally {
    codes: HashMap<String, u32>,
    names: Vec<String>,
    cells: HashMap<(u32, Grain, i64, Metric), i64>,
}

impl Tally {
    fn add(&mut self, code: &str, grain: Grain, period: i64, metric: Metric, value: i64) {
        let at = match self.codes.get(code) {
            Some(at) => *at,
            None => {
                let at = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                self.codes.insert(code.to_owned(), at);
                self.names.push(code.to_owned());
                at
            }
        };
        *self.cells.entry((at, grain, period, metric)).or_default() += value;
    }

    /// Removes a cell, giving what was counted in it (0 when nothing was).
    fn take(&mut self, (code, grain, period, metric): &Key) -> i64 {
        self.codes.get(code).and_then(|at| self.cells.remove(&(*at, *grain, *period, *metric))).unwrap_or(0)
    }

    /// The non-zero cells left, in key order.
    fn into_cells(self) -> BTreeMap<Key, i64> {
        let names = self.names;
        self.cells
            .into_iter()
            .filter(|(_, v)| *v != 0)
            .map(|((at, grain, period, metric), v)| ((names[at as usize].clone(), grain, period, metric), v))
            .collect()
    }
}

/// What a walk does with each finished part.
pub(crate) enum Goal {
    /// Writes its cells (the table was emptied first).
    Write,
    /// Compares them with the kept rows, collecting what differs.
    Compare(Vec<Difference>),
}

/// Counts every cell and hands each part, once complete, to `goal`.
pub(crate) async fn walk(tx: &mut Tx, goal: &mut Goal, progress: &mut (dyn FnMut(u64) + Send)) -> Result<()> {
    let mut seen = 0u64;
    // The country's cells, one province's (with its city-level units), one county's subtree.
    let mut tallies: [Tally; 3] = Default::default();
    let country = Part::under("/", (0, 0));
    for province in paths(tx, &Part::under("/", (PROVINCE, PROVINCE))).await? {
        for county in paths(tx, &Part::under(&province, (COUNTY, COUNTY))).await? {
            let part = Part::under(&county, (COUNTY, DEEPEST));
            count(tx, &part, &mut tallies, &mut seen, progress).await?;
            finish(tx, goal, std::mem::take(&mut tallies[2]), &part).await?;
        }
        let part = Part::under(&province, (PROVINCE, COUNTY - 1));
        count(tx, &part, &mut tallies, &mut seen, progress).await?;
        finish(tx, goal, std::mem::take(&mut tallies[1]), &part).await?;
    }
    count(tx, &country, &mut tallies, &mut seen, progress).await?;
    finish(tx, goal, std::mem::take(&mut tallies[0]), &country).await?;
    progress(seen);
    if let Goal::Compare(out) = goal {
        orphans(tx, out).await?;
    }
    Ok(())
}

async fn paths(tx: &mut Tx, within: &Part) -> Result<Vec<String>> {
    let sql = format!("SELECT r.path FROM regions r WHERE {} ORDER BY r.path", Part::filter());
    let rows = within.bind(sqlx::query(&sql)).fetch_all(&mut **tx).await?;
    rows.iter().map(|r| r.try_get::<String, _>("path").map_err(Into::into)).collect()
}

/// Adds the facts of every record counted in a region of `part` to the tallies, by depth.
async fn count(
    tx: &mut Tx,
    part: &Part,
    tallies: &mut [Tally; 3],
    seen: &mut u64,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    let filter = Part::filter();
    for d in DEFS {
        for sql in d.branches(&filter) {
            let mut rows = part.bind(sqlx::query(&sql)).fetch(&mut **tx);
            let mut batch = Vec::with_capacity(FACTS_PER_BATCH);
            loop {
                let row = rows.try_next().await?;
                if let Some(row) = &row {
                    batch.push((
                        d.metric,
                        row.try_get::<String, _>("path")?,
                        moment(d.source, row)?,
                        row.try_get("value")?,
                    ));
                }
                if batch.len() == FACTS_PER_BATCH || (row.is_none() && !batch.is_empty()) {
                    spread_each(&batch, 1, |code, depth, grain, period, metric, value| {
                        let tier = match depth as i64 {
                            0 => 0,
                            d if d < COUNTY => 1,
                            _ => 2,
                        };
                        tallies[tier].add(code, grain, period, metric, value);
                    });
                    *seen += batch.len() as u64;
                    progress(*seen);
                    batch.clear();
                }
                if row.is_none() {
                    break;
                }
            }
        }
    }
    Ok(())
}

async fn finish(tx: &mut Tx, goal: &mut Goal, mut tally: Tally, part: &Part) -> Result<()> {
    let out = match goal {
        Goal::Write => return upsert(tx, &tally.into_cells()).await,
        Goal::Compare(out) => out,
    };
    let sql = format!(
        "SELECT f.region_code, f.grain, f.period, f.metric, f.value FROM figures f \
         JOIN regions r ON r.code = f.region_code WHERE {}",
        Part::filter()
    );
    {
        let mut rows = part.bind(sqlx::query(&sql)).fetch(&mut **tx);
        while let Some(row) = rows.try_next().await? {
            let (key, kept) = kept_row(&row)?;
            let counted = tally.take(&key);
            if kept != counted {
                out.push(Difference::of(key, kept, counted));
            }
        }
    }
    out.extend(tally.into_cells().into_iter().map(|(key, n)| Difference::of(key, 0, n)));
    Ok(())
}

/// Kept rows of regions that do not exist: nothing can count in them.
async fn orphans(tx: &mut Tx, out: &mut Vec<Difference>) -> Result<()> {
    let mut rows = sqlx::query(
        "SELECT f.region_code, f.grain, f.period, f.metric, f.value FROM figures f \
         WHERE f.value <> 0 AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.code = f.region_code)",
    )
    .fetch(&mut **tx);
    while let Some(row) = rows.try_next().await? {
        let (key, kept) = kept_row(&row)?;
        out.push(Difference::of(key, kept, 0));
    }
    Ok(())
}

fn kept_row(row: &sqlx::any::AnyRow) -> Result<(Key, i64)> {
    let grain = Grain::from_number(row.try_get("grain")?).ok_or_else(|| StoreError::corrupt("figure grain"))?;
    let key: Key = (row.try_get("region_code")?, grain, row.try_get("period")?, metric_of(row.try_get("metric")?)?);
    Ok((key, row.try_get("value")?))
}
