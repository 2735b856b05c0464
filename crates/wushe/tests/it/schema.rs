//! Invariants of the schema that every later table must keep.

use sqlx::Row;
use wushe_testkit::{Engine, TestApp};

/// Every table that carries a region code has an index that leads with it, so that "under this
/// region" queries never scan a whole table; regions are found by path range.
#[tokio::test]
async fn region_scoped_tables_index_their_region() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")
        .fetch_all(&app.db.pool)
        .await
        .expect("tables")
        .iter()
        .map(|r| r.try_get::<String, _>("name").expect("name"))
        .collect();
    assert!(tables.contains(&"service_points".to_owned()));
    let mut scoped = 0;
    for table in &tables {
        let columns: Vec<String> = sqlx::query(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .fetch_all(&app.db.pool)
            .await
            .expect("columns")
            .iter()
            .map(|r| r.try_get::<String, _>("name").expect("name"))
            .collect();
        let key = if table == "regions" { "path" } else { "region_code" };
        if !columns.iter().any(|c| c == key) {
            continue;
        }
        scoped += 1;
        let leading: Vec<String> = sqlx::query(&format!(
            "SELECT ii.name AS name FROM pragma_index_list('{table}') il, pragma_index_info(il.name) ii WHERE ii.seqno = 0"
        ))
        .fetch_all(&app.db.pool)
        .await
        .expect("indexes")
        .iter()
        .map(|r| r.try_get::<String, _>("name").expect("name"))
        .collect();
        assert!(leading.iter().any(|c| c == key), "{table} has no index leading with {key}");
    }
    assert!(scoped >= 4, "regions, service_points, accounts, audit_events are region-scoped");
}

/// Migrations apply on an empty database and again without change (they run at every start).
#[tokio::test]
async fn migrations_are_idempotent() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    app.db.migrate().await.expect("second run");
    app.db.upgrade_data().await.expect("second upgrade");
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM _sqlx_migrations")
        .fetch_one(&app.db.pool)
        .await
        .expect("n")
        .try_get("n")
        .expect("n");
    assert!(n >= 1);
}
