//! Feeds arbitrary bytes to `read_table`: it must return, never panic, and what it returns must
//! keep the documented shape. (libfuzzer-sys aborts in its panic hook, so a panic that
//! `read_table` catches inside the xlsx reader is still reported.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use wushe_sheets::{Limits, read_table};

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_bytes: 1 << 20, max_rows: 10_000, max_cells: 1_000_000, ..Limits::default() };
    if let Ok(table) = read_table(data, &limits) {
        assert!(!table.headers.is_empty());
        assert!(table.rows.len() <= limits.max_rows);
        let mut last = 0;
        for row in &table.rows {
            assert!(row.cells.len() >= table.headers.len());
            assert!(row.number > last, "row numbers increase");
            last = row.number;
            for cell in &row.cells {
                assert_eq!(cell.trim(), cell, "cells are trimmed");
            }
        }
    }
});
