//! The spreadsheet format layer of Wushe: registries come in as `.xlsx` or `.csv`, lists go out as
//! `.xlsx` or `.csv`. Bytes in, bytes out: no files, no database, no domain rules, no async.
//!
//! Reading ([`read_table`]):
//! - The kind of file is decided by its content, never by its name: a zip (`PK\x03\x04`) holding
//!   `xl/…` is an `.xlsx`; an OLE2 file is an old `.xls` or an encrypted workbook (refused with a
//!   clear message); anything else is tried as CSV text.
//! - `.xlsx`: the first *visible* worksheet (the first worksheet if none is visible). Every cell
//!   comes back as trimmed text, the way the user sees it:
//!   - whole numbers without `.0` (`42`, `-7`, a 15-digit old ID card `110105491231002`);
//!   - other numbers rounded to the 15 significant digits Excel shows, in the shortest form
//!     (`0.1`, `2.75`; `0.1 + 0.2` stored as `0.30000000000000004` comes back as `0.3`);
//!   - **numbers of 16 or more integer digits** (magnitude ≥ 10¹⁵) come back in scientific form
//!     with the digits the file really holds: `110105194912310021` typed into a number cell reads
//!     back as `1.1010519491231E+17`, never as a digit string. Excel keeps only 15 significant
//!     digits, so an 18-digit ID card or a bank card typed into a *number* cell has already lost
//!     its last digits inside the file; the digits cannot be recovered, and this crate refuses to
//!     invent them. The scientific text fails any digits-only validation, so the caller reports
//!     that row; [`is_lost_precision_number`] recognises such a cell so the caller can tell the
//!     user to format the column as Text and type the numbers again;
//!   - dates as `YYYY-MM-DD`, date-times as `YYYY-MM-DD HH:MM:SS`, times as `HH:MM:SS`,
//!     durations as `H:MM:SS` (hours may exceed 24); whatever the cell's date format;
//!   - booleans as `TRUE` / `FALSE`; error cells as Excel shows them (`#DIV/0!`, `#N/A`…);
//!   - formulas as their cached result (what Excel displayed when the file was saved).
//! - CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else GBK/GB18030;
//!   the delimiter (comma, tab or semicolon) is taken from the header line; quoted fields may
//!   hold delimiters, quotes and line breaks.
//! - The header is the first row that is not blank. Trailing blank header cells are dropped;
//!   a blank header cell between named ones stays as `""`. Fully blank rows are skipped
//!   anywhere (their row numbers are simply not used), so [`Row::number`] always points to the
//!   row the user sees in Excel. Every row has at least `headers.len()` cells (short rows are
//!   padded with `""`); a row keeps extra non-blank cells to the right of the last header so
//!   nothing the user typed is silently lost (callers that use [`column_map`] ignore them).
//!
//! Writing ([`write_xlsx`], [`write_xlsx_typed`], [`write_csv`]): cells are written as text,
//! except numbers and dates in columns declared to hold them ([`Kind`]), and every text cell that
//! a spreadsheet could take for a formula is neutralised by [`neutralise`].

mod columns;
mod csv_read;
mod error;
mod read;
mod sink;
mod write;
mod xlsx_read;

pub use columns::column_map;
pub use error::SheetError;
pub use read::read_table;
pub use write::{Kind, neutralise, write_csv, write_csv_rows, write_xlsx, write_xlsx_typed};
pub use xlsx_read::is_lost_precision_number;

/// A table read from a file: the header row and the data rows, every cell as trimmed text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// 1-based row number as a user sees it in Excel (header = row 1 in a usual file, first data
    /// row = 2). For a CSV, a record spanning several lines (quoted line breaks) is one row.
    pub number: usize,
    /// At least `headers.len()` cells; see the crate documentation.
    pub cells: Vec<String>,
}

/// Bounds on what [`read_table`] accepts, so that an upload cannot exhaust the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes. An `.xlsx` may further unpack to at most
    /// [`UNPACK_FACTOR`] times this.
    pub max_bytes: usize,
    /// Most data rows accepted (the header row not counted; blank rows not counted).
    pub max_rows: usize,
    /// Most cells kept in memory: the sum over rows of their cell count after padding to the
    /// header width. Guards against a narrow file claiming thousands of columns.
    pub max_cells: usize,
    /// Most bytes an `.xlsx` may unpack to, whatever its size: what reading it costs in memory
    /// follows what it unpacks to, not the upload's size.
    pub max_unpacked: usize,
    /// Most bytes its shared strings part may unpack to: the reader holds every string at once.
    pub max_shared_strings: usize,
}

/// How many times [`Limits::max_bytes`] an `.xlsx` may unpack to (typical real workbooks unpack
/// to 5–15 times their size).
pub const UNPACK_FACTOR: usize = 32;

impl Default for Limits {
    /// 20 MiB, 200,000 data rows, 10 million cells, unpacking to 128 MiB with 32 MiB of
    /// shared strings (a full 200,000-row registry sheet unpacks to well under half of that).
    fn default() -> Self {
        Limits {
            max_bytes: 20 * 1024 * 1024,
            max_rows: 200_000,
            max_cells: 10_000_000,
            max_unpacked: 128 * 1024 * 1024,
            max_shared_strings: 32 * 1024 * 1024,
        }
    }
}
