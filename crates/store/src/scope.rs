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
