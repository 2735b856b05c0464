//! `.xlsx`: a zip check, then the cells of the first visible worksheet, streamed, as text.

use std::borrow::Cow;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsx};

use crate::sink::RowSink;
use crate::{Limits, SheetError, UNPACK_FACTOR};

/// Feeds the non-blank rows of the first visible worksheet to `sink`.
pub(crate) fn read_rows(bytes: &[u8], limits: &Limits, sink: &mut RowSink) -> Result<(), SheetError> {
    check_zip(bytes, limits)?;
    // calamine has had panics on malformed files; a broken upload must be an error, not a crash.
    // (A fuzzer still sees such panics: libfuzzer-sys aborts in its panic hook.)
    let cells = catch_unwind(AssertUnwindSafe(|| read_cells(bytes, sink)))
        .map_err(|_| SheetError::Corrupt("the xlsx reader panicked".into()))??;
    group_rows(cells, sink)
}

/// Refuses zips that are not workbooks, and zips that would unpack to too much: the zip crate
/// stops reading an entry at its declared size, so the declared sizes bound the work.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let limit = limits.max_bytes.saturating_mul(UNPACK_FACTOR).min(limits.max_unpacked);
    let (mut unpacked, mut workbook_xml, mut workbook_bin, mut xl_folder) = (0u64, false, false, false);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(corrupt)?;
        unpacked = unpacked.saturating_add(entry.size());
        let name = entry.name().map_err(corrupt)?.to_ascii_lowercase();
        if name == "xl/sharedstrings.xml" && entry.size() > u64::try_from(limits.max_shared_strings).unwrap_or(u64::MAX)
        {
            return Err(SheetError::UnpackedTooLarge { limit_bytes: limits.max_shared_strings });
        }
        workbook_xml |= name == "xl/workbook.xml";
        workbook_bin |= name == "xl/workbook.bin";
        xl_folder |= name.starts_with("xl/");
    }
    if unpacked > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(SheetError::UnpackedTooLarge { limit_bytes: limit });
    }
    if workbook_xml {
        Ok(())
    } else if xl_folder && !workbook_bin {
        // An xl/ folder without its workbook part is a damaged workbook.
        Err(SheetError::Corrupt("no xl/workbook.xml in the zip".into()))
    } else {
        // A binary .xlsb, a .docx, .pptx, .ods or any other zip.
        Err(SheetError::NotASheet)
    }
}

fn corrupt(e: impl std::fmt::Display) -> SheetError {
    SheetError::Corrupt(e.to_string())
}

type Cells = Vec<(u32, u32, String)>;

/// The non-blank cells of the first visible worksheet as (row, column, trimmed text), 0-based.
fn read_cells(bytes: &[u8], sink: &RowSink) -> Result<Cells, SheetError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let sheets = book.sheets_metadata();
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    let first = worksheets().find(|s| s.visible == SheetVisible::Visible).or_else(|| worksheets().next());
    let Some(name) = first.map(|s| s.name.clone()) else {
        return Err(SheetError::Empty);
    };
    let mut reader = book.worksheet_cells_reader(&name).map_err(corrupt)?;
    let mut cells = Vec::new();
    let (mut rows, mut last_row) = (0usize, None);
    while let Some(cell) = reader.next_cell().map_err(corrupt)? {
        let text = cell_text(cell.get_value());
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        if last_row.is_none_or(|last| row > last) {
            // Counts rows only as they grow, so rows out of order are never over-counted.
            rows += 1;
            last_row = Some(row);
            sink.check_row_count(rows)?;
        }
        cells.push((row, col, text.to_owned()));
        if cells.len() > sink.max_cells() {
            return Err(SheetError::TooManyCells { limit: sink.max_cells() });
        }
    }
    Ok(cells)
}

/// Sorts the cells into rows (Excel writes them in order; other tools might not).
fn group_rows(mut cells: Cells, sink: &mut RowSink) -> Result<(), SheetError> {
    cells.sort_by_key(|&(row, col, _)| (row, col));
    let mut cells = cells.into_iter().peekable();
    while let Some((row, _, _)) = cells.peek() {
        let row = *row;
        let mut line: Vec<(u32, String)> = Vec::new();
        while let Some((_, col, text)) = cells.next_if(|c| c.0 == row) {
            line.push((col, text));
        }
        let width = line.last().map_or(0, |(col, _)| *col as usize + 1);
        if width > sink.max_cells() {
            return Err(SheetError::TooManyCells { limit: sink.max_cells() });
        }
        let mut texts = vec![String::new(); width];
        for (col, text) in line {
            texts[col as usize] = text;
        }
        sink.push(row as usize + 1, texts)?;
    }
    Ok(())
}

/// A cell as the user sees it; see the crate documentation.
fn cell_text<'a>(value: &'a DataRef<'_>) -> Cow<'a, str> {
    match value {
        DataRef::Empty => Cow::Borrowed(""),
        DataRef::String(s) | DataRef::DurationIso(s) => Cow::Borrowed(s),
        DataRef::DateTimeIso(s) => Cow::Owned(iso_datetime_text(s)),
        DataRef::SharedString(s) => Cow::Borrowed(s),
        DataRef::Int(i) => Cow::Owned(i.to_string()),
        DataRef::Float(f) => Cow::Owned(number_text(*f)),
        DataRef::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(dt) => Cow::Owned(datetime_text(dt)),
        DataRef::Error(e) => Cow::Owned(e.to_string()),
    }
}

/// Numbers of this magnitude or more have more than 15 integer digits, more than Excel keeps.
const LOST_PRECISION: f64 = 1e15;

/// A number as Excel's "General" format shows it, to 15 significant digits; see the crate docs.
pub(crate) fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    // Round to the 15 significant digits Excel displays, then take the shortest form.
    let n: f64 = format!("{n:.14e}").parse().unwrap_or(n);
    if n.abs() >= LOST_PRECISION {
        let sci = format!("{n:e}"); // e.g. "1.1010519491231e17"
        return match sci.split_once('e') {
            Some((mantissa, exp)) => format!("{mantissa}E+{exp}"),
            None => sci,
        };
    }
    if n == n.trunc() {
        // |n| < 1e15 fits an i64 exactly.
        return format!("{}", n as i64);
    }
    n.to_string()
}

/// Whether a cell read from an `.xlsx` is a number of 16 or more integer digits, shown in
/// scientific form because Excel had already dropped the digits after the 15th (see the crate
/// documentation). Such a value usually means an ID-card or bank-card column formatted as a
/// number: ask the user to format the column as Text and type the numbers again.
pub fn is_lost_precision_number(cell: &str) -> bool {
    let Some((mantissa, exp)) = cell.split_once("E+") else {
        return false;
    };
    let mantissa = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let digits_ok = !mantissa.is_empty() && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.');
    digits_ok && exp.parse::<u32>().is_ok_and(|e| e >= 15)
}

/// An ISO 8601 date cell (`t="d"`, rare) in the same form as serial dates: `2024-03-05`, or
/// `2024-03-05 08:30:00`; anything unexpected is kept as written.
fn iso_datetime_text(iso: &str) -> String {
    let Some((date, time)) = iso.split_once('T') else {
        return iso.to_owned();
    };
    let time = time.trim_end_matches('Z');
    let time = time.split_once('.').map_or(time, |(whole, _)| whole);
    if time.is_empty() || time == "00:00:00" || time == "00:00" { date.to_owned() } else { format!("{date} {time}") }
}

fn datetime_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let total = (dt.as_f64() * 86_400.0).round();
        let (sign, total) = if total < 0.0 { ("-", -total) } else { ("", total) };
        let total = total as u64;
        return format!("{sign}{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    if dt.as_f64() >= 0.0 && dt.as_f64() < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(42.0), "42");
        assert_eq!(number_text(-7.0), "-7");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(2.75), "2.75");
        assert_eq!(number_text(1234.5678), "1234.5678");
        assert_eq!(number_text(1e-7), "0.0000001");
        assert_eq!(number_text(110105491231002.0), "110105491231002");
        assert_eq!(number_text(999_999_999_999_999.0), "999999999999999");
    }

    #[test]
    fn long_numbers_come_back_visibly_lossy() {
        // What Excel stores for 110105194912310021 typed into a number cell.
        assert_eq!(number_text(1.1010519491231e17), "1.1010519491231E+17");
        assert_eq!(number_text(110105194912310021.0), "1.1010519491231E+17");
        assert_eq!(number_text(6222021234567890.0), "6.22202123456789E+15");
        assert_eq!(number_text(-1e15), "-1E+15");
        assert!(is_lost_precision_number("1.1010519491231E+17"));
        assert!(is_lost_precision_number("-1E+15"));
        assert!(!is_lost_precision_number("1E+3"));
        assert!(!is_lost_precision_number("110105194912310021"));
        assert!(!is_lost_precision_number("E+17"));
    }

    #[test]
    fn dates_and_times() {
        let date = |v| datetime_text(&ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(date(45943.0), "2025-10-13");
        assert_eq!(date(45943.5), "2025-10-13 12:00:00");
        assert_eq!(date(0.75), "18:00:00");
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(datetime_text(&duration), "36:00:00");
        assert_eq!(iso_datetime_text("2024-03-05T00:00:00Z"), "2024-03-05");
        assert_eq!(iso_datetime_text("2024-03-05T08:30:00.000"), "2024-03-05 08:30:00");
        assert_eq!(iso_datetime_text("2024-03-05"), "2024-03-05");
    }
}
