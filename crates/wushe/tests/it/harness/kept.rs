//! After a crash: every acknowledged write is in the database, read there directly.

use std::collections::{HashMap, HashSet};

use sqlx::Row;
use wushe_store::{Crypto, Db};

use super::install::Installation;
use super::writers::{Acked, Plan};

pub async fn connect(inst: &Installation) -> Db {
    let key = std::fs::read_to_string(inst.dir.join("data.key")).expect("the installation's key");
    let crypto = Crypto::from_text(&key).expect("a key");
    let url = inst.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", inst.dir.join("wushe.db").display()));
    Db::connect(&url, 1, crypto).await.expect("connect to the installation's database")
}

async fn ids(db: &Db, sql: &str) -> HashSet<String> {
    let rows = sqlx::query(sql).fetch_all(&db.pool).await.expect("read ids");
    rows.iter().map(|r| r.try_get::<String, _>("id").expect("id")).collect()
}

/// Donations in the database now.
pub fn donations(inst: &Installation) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let db = connect(inst).await;
        let n = sqlx::query("SELECT COUNT(*) AS n FROM donations").fetch_one(&db.pool).await.expect("count");
        db.pool.close().await;
        n.try_get::<i64, _>("n").expect("n")
    })
}

/// Panics naming the first acknowledged write that is missing, or a key that made two donations.
pub fn assert_kept(inst: &Installation, plan: &Plan, acked: &Acked) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let db = connect(inst).await;
        let records = ids(&db, "SELECT id FROM service_records").await;
        for id in &acked.records {
            assert!(records.contains(id), "acknowledged service record {id} is missing");
        }
        let donations = ids(&db, "SELECT id FROM donations").await;
        let mut by_key: HashMap<&str, &str> = HashMap::new();
        for (key, id) in &acked.donations {
            assert!(donations.contains(id), "acknowledged donation {id} (key {key}) is missing");
            let first = *by_key.entry(key).or_insert(id);
            assert_eq!(first, id, "the key {key} was answered with two donations");
        }
        for &v in &acked.check_ins {
            let row =
                sqlx::query("SELECT check_in_at FROM activity_signups WHERE activity_id = $1 AND volunteer_id = $2")
                    .bind(&plan.activity)
                    .bind(&plan.volunteer_ids[v])
                    .fetch_one(&db.pool)
                    .await
                    .expect("the sign-up");
            let at: Option<i64> = row.try_get("check_in_at").expect("check_in_at");
            assert!(at.is_some(), "volunteer {v}'s acknowledged check-in is missing");
        }
        db.pool.close().await;
    });
}
