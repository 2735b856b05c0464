//! Property tests: no input makes the reader panic; neutralised text is never a formula; text
//! survives an `.xlsx` round trip exactly.

use proptest::prelude::*;
use wushe_sheets::{Limits, read_table, write_csv, write_xlsx};

fn small_limits() -> Limits {
    Limits { max_bytes: 1 << 20, max_rows: 1000, max_cells: 100_000, ..Limits::default() }
}

/// Printable text that `read_table` gives back as is: no control characters, no surrounding
/// whitespace (cells are trimmed), no leading formula character (it would be neutralised).
fn cell_text() -> impl Strategy<Value = String> {
    "[^\\p{C}\\s=+\\-@]([^\\p{C}]{0,20}[^\\p{C}\\s])?"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn read_table_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_table(&bytes, &small_limits());
    }

    #[test]
    fn read_table_never_panics_on_zip_like_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut zip_like = b"PK\x03\x04".to_vec();
        zip_like.extend_from_slice(&bytes);
        let _ = read_table(&zip_like, &small_limits());
    }

    #[test]
    fn read_table_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        let _ = read_table(text.as_bytes(), &small_limits());
    }

    #[test]
    fn neutralised_text_never_starts_a_formula(cell in "\\PC{0,12}|[\\s=+\\-@\t\r]{1,3}\\PC{0,8}") {
        let out = wushe_sheets::neutralise(&cell);
        prop_assert!(!out.trim().starts_with(['=', '+', '-', '@']), "{out:?}");
        prop_assert!(!out.starts_with(['\t', '\r']), "{out:?}");
        let quoted = format!("'{}", cell);
        prop_assert!(out == cell || out == quoted);
    }

    #[test]
    fn xlsx_round_trip_is_exact(rows in proptest::collection::vec(proptest::collection::vec(cell_text(), 3), 1..8)) {
        let headers = ["列一", "列二", "列三"];
        let bytes = write_xlsx("prop", &headers, &rows).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let table = read_table(&bytes, &Limits::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(table.headers, headers);
        let cells: Vec<Vec<String>> = table.rows.into_iter().map(|r| r.cells).collect();
        prop_assert_eq!(cells, rows);
    }

    #[test]
    fn csv_round_trip_is_exact(rows in proptest::collection::vec(proptest::collection::vec(cell_text(), 2), 1..8)) {
        let headers = ["甲", "乙"];
        let table = read_table(&write_csv(&headers, &rows), &Limits::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let cells: Vec<Vec<String>> = table.rows.into_iter().map(|r| r.cells).collect();
        prop_assert_eq!(cells, rows);
    }
}
