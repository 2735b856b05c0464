//! Invariants of the schema that every later table must keep.

use sqlx::Row;
use wushe_testkit::{Engine, TestApp};

/// The `name` column of every row `sql` answers on SQLite.
async fn names(app: &TestApp, sql: &str) -> Vec<String> {
    sqlx::query(sql)
        .fetch_all(&app.db.pool)
        .await
        .expect("the schema reads")
        .iter()
        .map(|r| r.try_get::<String, _>("name").expect("name"))
        .collect()
}

async fn columns(app: &TestApp, table: &str) -> Vec<String> {
    names(app, &format!("SELECT name FROM pragma_table_info('{table}')")).await
}

/// Every table that carries a region code has an index that leads with it, so that "under this
/// region" queries never scan a whole table; regions are found by path range.
#[tokio::test]
async fn region_scoped_tables_index_their_region() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let tables = names(&app, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'").await;
    assert!(tables.contains(&"service_points".to_owned()));
    let mut scoped = 0;
    for table in &tables {
        let columns = columns(&app, table).await;
        let key = if table == "regions" { "path" } else { "region_code" };
        if !columns.iter().any(|c| c == key) {
            continue;
        }
        scoped += 1;
        let sql = format!(
            "SELECT ii.name AS name FROM pragma_index_list('{table}') il, pragma_index_info(il.name) ii WHERE ii.seqno = 0"
        );
        let leading = names(&app, &sql).await;
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

/// The sealed columns are known from one declaration (`store::sealed`): after the fixture has
/// written every kind of record, no column holds a sealed value without being declared — key
/// rotation and `verify` would miss it — and every declared column exists.
#[tokio::test]
async fn every_sealed_value_lies_in_a_declared_column() {
    use wushe_store::sealed::{SEALED_COLUMNS, is_sealed};
    let app = TestApp::spawn(Engine::Sqlite).await;
    wushe_testkit::fixture::load(&app).await;
    let tables = names(&app, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").await;
    let mut found = Vec::new();
    let mut all_columns = Vec::new();
    for table in &tables {
        let columns = columns(&app, table).await;
        for column in columns {
            let sql = format!("SELECT COUNT(*) AS n FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE 'v_:%'");
            let n: i64 = sqlx::query(&sql).fetch_one(&app.db.pool).await.expect("count").try_get("n").expect("n");
            if n > 0 {
                found.push((table.clone(), column.clone()));
            }
            all_columns.push((table.clone(), column));
        }
    }
    let undeclared: Vec<_> = found.iter().filter(|(t, c)| !is_sealed(t, c)).collect();
    assert!(undeclared.is_empty(), "sealed values in columns not declared in store::sealed: {undeclared:?}");
    // The scan reads what it should: the fixture seals a dozen kinds of value; the write paths it
    // does not take are held to the declaration by `crypto::at` in every debug build.
    assert!(found.len() >= 12, "the fixture seals a dozen kinds of value: {found:?}");
    for s in &SEALED_COLUMNS {
        assert!(
            all_columns.iter().any(|(t, c)| t == s.table && c == s.column),
            "{}.{} is declared sealed but is no column",
            s.table,
            s.column
        );
    }
}
