//! The server's volunteer index for matching: built once (at start, or at the first request that
//! needs it), refreshed from the database on a timer and, at most every few seconds, before a
//! recommendation, so that a task accepted a moment ago already counts.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;
use wushe_store::matching::VolunteerIndex;
use wushe_store::{Db, StoreError};

/// A recommendation may read an index this old before it refreshes first.
const FRESH_ENOUGH: Duration = Duration::from_secs(2);

#[derive(Debug, Default)]
pub struct Matcher {
    index: OnceCell<VolunteerIndex>,
    refreshed: Mutex<Option<Instant>>,
}

impl Matcher {
    /// The index, built if need be and refreshed if it is more than a moment old.
    pub async fn index(&self, db: &Db) -> Result<&VolunteerIndex, StoreError> {
        let index = self.index.get_or_try_init(|| VolunteerIndex::build(db)).await?;
        let stale = self.refreshed.lock().map(|at| at.is_none_or(|t| t.elapsed() > FRESH_ENOUGH)).unwrap_or(true);
        if stale {
            self.refresh(db).await?;
        }
        Ok(index)
    }

    /// Applies what changed in the database since the last refresh; builds first if need be.
    pub async fn refresh(&self, db: &Db) -> Result<(), StoreError> {
        let index = self.index.get_or_try_init(|| VolunteerIndex::build(db)).await?;
        index.refresh(db).await?;
        if let Ok(mut at) = self.refreshed.lock() {
            *at = Some(Instant::now());
        }
        Ok(())
    }

    /// Marks the index behind: the next recommendation refreshes first. Called by the writes of
    /// this server that change a volunteer's standing (a task accepted, withdrawn, served).
    pub fn stale(&self) {
        if let Ok(mut at) = self.refreshed.lock() {
            *at = None;
        }
    }

    /// After a bulk import: its one transaction may have outlasted what a refresh reads again.
    pub async fn rebuild(&self, db: &Db) -> Result<(), StoreError> {
        match self.index.get() {
            Some(index) => index.rebuild(db).await,
            None => self.refresh(db).await,
        }
    }
}
