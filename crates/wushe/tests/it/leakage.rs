//! The leakage scan. Marker ID numbers (valid check characters) and mobile numbers are driven
//! through everything that handles personal numbers on the real server (`leakage_drive`), with
//! its log at the most verbose level captured to a file. Then the markers, in every form they
//! could take (`forms`), are searched for in the database (the SQLite file with its WAL and shared
//! memory, before and after a checkpoint; on PostgreSQL every row of every table as JSON), the
//! data folder (the chain anchors and anything else the server wrote there), a backup made by
//! `wushe backup` (on PostgreSQL its dump read back as SQL), the server's log,
//! every export (spreadsheets unzipped, PDFs' streams inflated and their text extracted) and
//! every answer that is not a permitted reveal. None may hold one, nor a mask beside the birth
//! date that rebuilds it (`masks::rebuilt`).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use sqlx::Row;
use wushe_testkit::fixture::{self, Fixture};
use wushe_testkit::{TestApp, dual_test};

use crate::leakage_drive::{MARKERS, NAMES, drive, id, phone};
use crate::leakage_server::{Client, Served};

/// Every form `number` could be written in: as typed (digits; an ID's check character in either
/// case, or without it), a mobile number grouped with spaces or dashes or with +86 in front,
/// and its digits base64-encoded, in hex, in UTF-16 and as a spreadsheet's scientific number.
pub(crate) fn forms(number: &str) -> Vec<String> {
    let mut out = vec![number.to_owned()];
    if number.len() == 18 {
        out.extend([number.to_lowercase(), number[..17].to_owned()]);
    } else if number.len() == 11 {
        let (a, b, c) = (&number[..3], &number[3..7], &number[7..]);
        out.extend([format!("{a} {b} {c}"), format!("{a}-{b}-{c}"), format!("+86{number}"), format!("+86 {number}")]);
    }
    out.push(base64::engine::general_purpose::STANDARD.encode(number));
    out.push(number.bytes().map(|b| format!("{b:02x}")).collect());
    out.push(number.chars().flat_map(|c| [c, '\0']).collect());
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    let mantissa = digits.trim_end_matches('0');
    out.extend(["E", "E+"].map(|e| format!("{}.{}{e}{}", &digits[..1], &mantissa[1..], digits.len() - 1)));
    out.sort();
    out.dedup();
    out
}

/// The numbers `text` holds, each with the form it holds it in.
fn held(text: &str, numbers: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in numbers {
        out.extend(forms(n).into_iter().filter(|f| text.contains(f.as_str())).map(|f| (n.clone(), f)));
    }
    out
}

/// Searches each file (as text, and unzipped or inflated when it is a spreadsheet or a PDF)
/// for every form of each number. A missing file is skipped.
pub(crate) fn find_markers_in_files(files: &[PathBuf], numbers: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(file) else { continue };
        let text = crate::bodies::readable(&bytes);
        found.extend(held(&text, numbers).into_iter().map(|(n, f)| format!("{}: {n} ({f:?})", file.display())));
    }
    found
}

/// Every file under `dir`, however deep.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Searches every file under `dir` for the numbers: the data folder and a backup's folder.
pub(crate) fn find_markers_in_folder(dir: &Path, numbers: &[String]) -> Vec<String> {
    find_markers_in_files(&files_under(dir), numbers)
}

/// The numbers planted: the drive's markers and the fixture's own people.
fn numbers(fx: &Fixture) -> Vec<String> {
    let mut out: Vec<String> = (1..=MARKERS).flat_map(|n| [id(n), phone(n)]).collect();
    out.extend(fx.volunteers.iter().map(|v| v.id_number.clone()));
    out.extend(fx.residents.iter().map(|r| r.id_number.clone()));
    out.extend((0..4).map(|i| format!("1580000000{i}")));
    out
}

/// Every row of every table of the PostgreSQL database, as JSON, one file per table.
async fn dump_postgres(app: &TestApp, dir: &Path) -> Vec<PathBuf> {
    let tables: Vec<String> = sqlx::query(
        "SELECT table_name::text AS t FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("tables")
    .iter()
    .map(|r| r.get("t"))
    .collect();
    assert!(tables.len() > 20, "{tables:?}");
    let mut files = Vec::new();
    for t in tables {
        let rows = sqlx::query(&format!("SELECT row_to_json(x)::text AS j FROM \"{t}\" x"))
            .fetch_all(&app.db.pool)
            .await
            .unwrap_or_else(|e| panic!("{t}: {e}"));
        let text: Vec<String> = rows.iter().map(|r| r.get::<String, _>("j")).collect();
        let file = dir.join(format!("{t}.json"));
        std::fs::write(&file, text.join("\n")).expect("dump");
        files.push(file);
    }
    files
}

/// The SQLite database's files copied as they are now, so that a later checkpoint does not
/// change what is searched.
fn sqlite_files(app: &TestApp, dir: &Path, tag: &str) -> Vec<PathBuf> {
    ["wushe.db", "wushe.db-wal", "wushe.db-shm"]
        .iter()
        .filter_map(|name| {
            let to = dir.join(format!("{tag}-{name}"));
            std::fs::copy(app.settings.data_dir.join(name), &to).ok().map(|_| to)
        })
        .collect()
}

/// A backup made by `wushe backup`, as the scan reads it: its files, and on PostgreSQL its
/// compressed dump also written out as SQL text by `pg_restore`.
fn backup_files(app: &TestApp, dir: &Path) -> Vec<PathBuf> {
    let to = dir.join("backup");
    let out = crate::figures::wushe(app, &["backup", &to.to_string_lossy()]);
    assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
    let mut files = files_under(&to);
    if app.on_postgres() {
        let sql = dir.join("backup.sql");
        let status = std::process::Command::new(std::env::var("WUSHE_PG_RESTORE").unwrap_or("pg_restore".into()))
            .arg("-f")
            .arg(&sql)
            .arg(to.join("wushe.pgdump"))
            .status()
            .expect("pg_restore");
        assert!(status.success(), "the dump reads back as SQL");
        files.push(sql);
    }
    files
}

/// Whether the file holds `text`, read as the scan reads it.
fn holds(file: &Path, text: &str) -> bool {
    std::fs::read(file).is_ok_and(|b| crate::bodies::readable(&b).contains(text))
}

dual_test!(no_personal_number_is_left_anywhere_in_clear, |app| {
    let fx = fixture::load(&app).await;
    let scratch = tempfile::tempdir().expect("tmp");
    let log = scratch.path().join("server.log");
    let mut served = Served::start(&app, &log).await;
    let mut client = Client::new(&served.base);
    let codes = drive(&mut client, &fx).await;
    let db_before = if app.on_postgres() { Vec::new() } else { sqlite_files(&app, scratch.path(), "before") };
    served.stop();

    let numbers = numbers(&fx);
    let backup = backup_files(&app, scratch.path());
    let mut database = db_before;
    if app.on_postgres() {
        database.extend(dump_postgres(&app, scratch.path()).await);
    } else {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&app.db.pool).await.expect("checkpoint");
        database.extend(sqlite_files(&app, scratch.path(), "after"));
    }
    let log_text = std::fs::read_to_string(&served.log).expect("log");
    let tail = &log_text[log_text.floor_char_boundary(log_text.len().saturating_sub(3000))..];
    let anchors = wushe_app::anchors::path(&app.settings.data_dir);
    assert!(anchors.exists(), "the server anchored its chains as it stopped: {tail}");
    assert!(log_text.contains("TRACE") || log_text.contains("DEBUG"), "the log is at its most verbose");
    assert!(log_text.contains("path=/api/v1/residents"), "the log follows the requests: {tail}");
    for name in NAMES {
        // The scan's own check that it reads what the product wrote.
        assert!(database.iter().any(|f| holds(f, name)), "the scan reads the database: {name} is in it");
        assert!(backup.iter().any(|f| holds(f, name)), "the scan reads the backup: {name} is in it");
    }

    let mut found = find_markers_in_files(&database, &numbers);
    found.extend(find_markers_in_folder(&app.settings.data_dir, &numbers));
    found.extend(find_markers_in_files(&backup, &numbers));
    found.extend(find_markers_in_files(std::slice::from_ref(&served.log), &numbers));
    // Tracking codes are kept as a keyed hash and sealed; they may be shown to their submitter.
    for code in &codes {
        for file in database.iter().chain([&anchors]).filter(|f| holds(f, code)) {
            found.push(format!("{}: the tracking code {code}", file.display()));
        }
    }

    // Every answer but a reveal; a form shown again may hold what its own sender typed.
    let exports = client.answers.iter().filter(|a| a.body.starts_with(b"PK") || a.body.starts_with(b"%PDF")).count();
    assert!(exports >= 12, "the exports were read: {exports}");
    let mut revealed = 0;
    for a in &client.answers {
        let text = crate::bodies::readable(&a.body);
        let shown = held(&text, &numbers);
        if a.permitted {
            revealed += usize::from(!shown.is_empty());
            continue;
        }
        let typed = |n: &str| forms(n).iter().any(|f| a.sent.contains(f.as_str()));
        for (n, f) in shown.into_iter().filter(|(n, _)| !typed(n)) {
            found.push(format!("{} ({}): {n} ({f:?})", a.label, a.status));
        }
        // Nor is a mask shown beside what rebuilds it (the birth date beside a masked number).
        for (id, phone) in (1..=MARKERS).map(|n| (id(n), phone(n))).filter(|(i, p)| !typed(i) && !typed(p)) {
            found.extend(crate::masks::rebuilt(&text, &id, &phone).into_iter().map(|r| format!("{}: {r}", a.label)));
        }
    }
    assert!(revealed >= 2, "the scan finds the numbers where they may be shown, in the reveals: {revealed}");
    assert!(found.is_empty(), "{} markers found in clear:\n{}", found.len(), found.join("\n"));
});
