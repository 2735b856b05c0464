//! Group commit for service records. One writer task takes every record waiting when it is free
//! and commits them in one transaction, then acknowledges each: with SQLite's synchronous FULL,
//! one fsync is shared by all the records of a batch, so many concurrent clients are each
//! answered only after their record is durable, without an fsync each.

use tokio::sync::{mpsc, oneshot};
use wushe_domain::ServiceRecordId;

use crate::service_records::{self, Checked};
use crate::{Db, Result, StoreError};

/// Most records one transaction takes.
const MAX_BATCH: usize = 512;
/// Records waiting beyond this make writers wait for room: back-pressure, not unbounded memory.
const QUEUE: usize = 4096;

struct Job {
    record: Checked,
    done: oneshot::Sender<Result<()>>,
}

/// The handle requests write through; cloning shares the one writer.
#[derive(Clone, Debug)]
pub struct Recorder {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("id", &self.record.id).finish()
    }
}

impl Recorder {
    /// Starts the writer on the current runtime; it ends when the last handle is dropped.
    pub fn start(db: Db) -> Recorder {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, rx));
        Recorder { jobs }
    }

    /// Writes one checked record; returns once its transaction has committed.
    pub async fn write(&self, record: Checked) -> Result<ServiceRecordId> {
        let id = record.id;
        let (done, answer) = oneshot::channel();
        self.jobs.send(Job { record, done }).await.map_err(|_| StoreError::corrupt("the recorder has stopped"))?;
        answer.await.map_err(|_| StoreError::corrupt("the recorder dropped a record"))??;
        Ok(id)
    }
}

async fn run(db: Db, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let records: Vec<&Checked> = jobs.iter().map(|j| &j.record).collect();
        match commit(&db, &records).await {
            Ok(()) => {
                for j in jobs.drain(..) {
                    let _ = j.done.send(Ok(()));
                }
            }
            // One bad record must not fail the others: each is tried on its own.
            Err(e) if jobs.len() == 1 => {
                let _ = jobs.pop().map(|j| j.done.send(Err(e)));
            }
            Err(_) => {
                for j in jobs.drain(..) {
                    let result = commit(&db, &[&j.record]).await;
                    let _ = j.done.send(result);
                }
            }
        }
    }
}

async fn commit(db: &Db, records: &[&Checked]) -> Result<()> {
    let mut tx = db.begin_write().await?;
    service_records::write(&mut tx, records).await?;
    tx.commit().await?;
    Ok(())
}
