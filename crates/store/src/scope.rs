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
