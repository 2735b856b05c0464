use wushe_domain::RegionPath;
use wushe_domain::authz::Actor;

/// The subtree a query may touch. Built from the signed-in actor, or `all()` for the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    path: RegionPath,
    upper: String,
}

impl Scope {
    pub fn of(actor: &Actor) -> Scope {
        Scope::under(actor.scope.clone())
    }

    pub fn under(path: RegionPath) -> Scope {
        let upper = path.upper();
        Scope { path, upper }
    }

    /// The whole country: for the command line and the platform itself, never for a request.
    pub fn all() -> Scope {
        Scope::under(RegionPath::root())
    }

    /// The whole country: a condition on the region holds for every row.
    pub fn is_everything(&self) -> bool {
        self.path.as_str() == "/"
    }

    /// Lower bound of `regions.path`, inclusive.
    pub fn lo(&self) -> &str {
        self.path.as_str()
    }

    /// Upper bound of `regions.path`, exclusive.
    pub fn hi(&self) -> &str {
        &self.upper
    }

    pub fn path(&self) -> &RegionPath {
        &self.path
    }

    pub fn contains(&self, path: &RegionPath) -> bool {
        self.path.contains(path)
    }
}

/// Where a row of `table` is, whoever asks: only for auditing a hidden access. `table` and `key`
/// are the caller's constants, never input.
pub(crate) async fn region_of_row(
    db: &crate::Db,
    table: &'static str,
    key: &'static str,
    id: &str,
) -> crate::Result<Option<wushe_domain::RegionCode>> {
    use sqlx::Row;
    let sql = format!("SELECT region_code FROM {table} WHERE {key} = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?;
    row.map(|r| {
        wushe_domain::RegionCode::parse(&r.try_get::<String, _>("region_code")?)
            .map_err(|_| crate::StoreError::corrupt(format!("{table}: bad region")))
    })
    .transpose()
}

/// Moves a request row of `table` from `from` to `to`, recording who decided, when and why, only
/// if it is still in `from`: the conditional update every decision shares. Whether it moved.
pub(crate) async fn decide_row(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &'static str,
    id: &str,
    (from, to): (&str, &str),
    by: wushe_domain::AccountId,
    note: Option<&str>,
) -> crate::Result<bool> {
    let sql = format!(
        "UPDATE {table} SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $5 AND status = $6"
    );
    let moved = sqlx::query(&sql)
        .bind(to)
        .bind(by.to_string())
        .bind(crate::now_ms())
        .bind(note)
        .bind(id)
        .bind(from)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(moved > 0)
}
