//! The rows of a sheet as they are read, header first, with the limits enforced while reading.

use std::collections::HashSet;

use crate::{Limits, Row, SheetError, Table};

/// Collects the non-blank rows of a sheet (header first) while enforcing the limits.
pub(crate) struct RowSink {
    rows: Vec<Row>,
    cells: usize,
    max_rows: usize,
    max_cells: usize,
}

impl RowSink {
    pub(crate) fn new(limits: &Limits) -> Self {
        RowSink { rows: Vec::new(), cells: 0, max_rows: limits.max_rows, max_cells: limits.max_cells }
    }

    /// Adds a row unless it is blank; `cells` need not be trimmed yet.
    pub(crate) fn push(&mut self, number: usize, mut cells: Vec<String>) -> Result<(), SheetError> {
        for cell in &mut cells {
            trim_in_place(cell);
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            return Ok(());
        }
        self.check_row_count(self.rows.len() + 1)?;
        self.count_cells(cells.len())?;
        self.rows.push(Row { number, cells });
        Ok(())
    }

    /// Fails once `rows` rows (header included) are more than the limit allows.
    pub(crate) fn check_row_count(&self, rows: usize) -> Result<(), SheetError> {
        if rows.saturating_sub(1) > self.max_rows {
            return Err(SheetError::TooManyRows { limit: self.max_rows });
        }
        Ok(())
    }

    pub(crate) fn max_cells(&self) -> usize {
        self.max_cells
    }

    fn count_cells(&mut self, n: usize) -> Result<(), SheetError> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > self.max_cells {
            return Err(SheetError::TooManyCells { limit: self.max_cells });
        }
        Ok(())
    }

    /// The first row becomes the header; the others are padded to its width.
    pub(crate) fn finish(mut self) -> Result<Table, SheetError> {
        if self.rows.is_empty() {
            return Err(SheetError::Empty);
        }
        let mut rows = std::mem::take(&mut self.rows);
        let headers = rows.remove(0).cells;
        let mut seen = HashSet::new();
        for name in headers.iter().filter(|h| !h.is_empty()) {
            if !seen.insert(name.as_str()) {
                return Err(SheetError::DuplicateHeader(name.clone()));
            }
        }
        for row in &mut rows {
            if row.cells.len() < headers.len() {
                self.count_cells(headers.len() - row.cells.len())?;
                row.cells.resize(headers.len(), String::new());
            }
        }
        Ok(Table { headers, rows })
    }
}

/// Trims Unicode whitespace (including the ideographic space U+3000) without reallocating.
pub(crate) fn trim_in_place(cell: &mut String) {
    let end = cell.trim_end().len();
    cell.truncate(end);
    let start = cell.len() - cell.trim_start().len();
    if start > 0 {
        cell.drain(..start);
    }
}
