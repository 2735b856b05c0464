//! Writing lists for Excel users: `.xlsx` with every cell as text, and CSV, both neutralised
//! against formula injection.

use std::borrow::Cow;
use std::io::Write;

use rust_xlsxwriter::{Format, Workbook};

use crate::SheetError;

/// Rows an `.xlsx` worksheet can hold (Excel's limit), the header included.
const XLSX_MAX_ROWS: usize = 1_048_576;

/// Neutralises a cell against formula injection (OWASP "CSV injection"): text that starts with
/// `=`, `+`, `-` or `@` (also after leading whitespace), or with a tab or carriage return, gets a
/// single quote `'` in front, so that no spreadsheet evaluates it. Other text is returned as is.
///
/// The quote stays part of the text: a negative number or a `+86…` phone number written through
/// here reads back with its quote, like `'-5` and `'+8613800000000`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['\t', '\r']) || cell.trim_start().starts_with(['=', '+', '-', '@']);
    if risky { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Writes a one-worksheet `.xlsx`: a bold, frozen header row, then the rows. Every cell is a text
/// cell in a Text-formatted column, so long digit strings (ID numbers) stay exact, also when the
/// user edits or adds rows in Excel; every cell goes through [`neutralise`]. Columns are as wide
/// as their content (CJK characters count double), within reason.
///
/// `sheet_name` is made acceptable to Excel (at most 31 characters, none of `[]:*?/\`, no quote
/// at either end; blank becomes `Sheet1`). Fails with [`SheetError::TooManyRows`] past Excel's
/// 1,048,575 data rows, and with [`SheetError::Write`] for a cell over Excel's 32,767 characters
/// or more than 16,384 columns.
pub fn write_xlsx(sheet_name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, SheetError> {
    if rows.len() >= XLSX_MAX_ROWS {
        return Err(SheetError::TooManyRows { limit: XLSX_MAX_ROWS - 1 });
    }
    let columns = rows.iter().map(Vec::len).fold(headers.len(), usize::max);
    let mut widths = vec![0usize; columns];
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_num_format("@");

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(excel_sheet_name(sheet_name)).map_err(write_error)?;
    for (col, header) in headers.iter().enumerate() {
        let header = neutralise(header);
        widths[col] = widths[col].max(display_width(&header) + display_width(&header) / 8);
        sheet.write_string_with_format(0, col_num(col)?, header, &bold).map_err(write_error)?;
    }
    for (index, row) in rows.iter().enumerate() {
        // index < XLSX_MAX_ROWS - 1, checked above, so it fits a u32.
        let row_num = u32::try_from(index + 1).map_err(write_error)?;
        for (col, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let cell = neutralise(cell);
            widths[col] = widths[col].max(display_width(&cell));
            sheet.write_string_with_format(row_num, col_num(col)?, cell, &text).map_err(write_error)?;
        }
    }
    for (col, width) in widths.into_iter().enumerate() {
        let col = col_num(col)?;
        sheet.set_column_format(col, &text).map_err(write_error)?;
        sheet.set_column_width(col, (width + 2).clamp(6, 60) as f64).map_err(write_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(write_error)?;
    book.save_to_buffer().map_err(write_error)
}

fn col_num(col: usize) -> Result<u16, SheetError> {
    u16::try_from(col).map_err(|_| SheetError::Write("more than 16,384 columns".into()))
}

fn write_error(e: impl std::fmt::Display) -> SheetError {
    SheetError::Write(e.to_string())
}

/// A name Excel accepts for a worksheet.
fn excel_sheet_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }).collect();
    let mut out = String::new();
    let mut units = 0;
    for c in cleaned.trim().trim_matches('\'').chars() {
        units += c.len_utf16();
        if units > 31 {
            break;
        }
        out.push(c);
    }
    let out = out.trim().trim_end_matches('\'').to_owned();
    if out.is_empty() { "Sheet1".to_owned() } else { out }
}

/// Width of the longest line in Excel "characters": East Asian wide characters count as two.
fn display_width(text: &str) -> usize {
    text.lines().map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()).max().unwrap_or(0)
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// A CSV file for Excel: UTF-8 with a BOM (so Excel on Chinese Windows reads it correctly), CRLF
/// line ends, fields quoted where needed, every cell through [`neutralise`].
///
/// Note: Excel turns long digit strings in a CSV into numbers when it opens one (an 18-digit ID
/// becomes `1.10105E+17`); offer [`write_xlsx`] for lists that hold ID or card numbers.
pub fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    push_record(&mut out, headers.iter().copied());
    for row in rows {
        push_record(&mut out, row.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// Streams CSV records to `out` the way [`write_csv`] writes them, without a BOM: for large
/// exports and benchmarks. Write the BOM (`"\u{feff}"`) and the header row first if the output
/// is a whole file for Excel, e.g. `write_csv_rows(&mut out, [headers])`.
pub fn write_csv_rows<W, R, C>(out: &mut W, rows: R) -> std::io::Result<()>
where
    W: Write,
    R: IntoIterator,
    R::Item: AsRef<[C]>,
    C: AsRef<str>,
{
    let mut line = String::new();
    for row in rows {
        line.clear();
        push_record(&mut line, row.as_ref().iter().map(AsRef::as_ref));
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn push_record<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = neutralise(cell);
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formula_starts() {
        for risky in ["=1+1", "+1", "-1", "@SUM(A1)", " =1", "\u{3000}=1", "\t1", "\r1", "\n=1"] {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["张三", "1+1", "a=b", "'=1", "", "110105194912310021"] {
            assert!(matches!(neutralise(safe), Cow::Borrowed(s) if s == safe), "{safe:?}");
        }
    }

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(excel_sheet_name("志愿者名单"), "志愿者名单");
        assert_eq!(excel_sheet_name("a/b:c[1]*?"), "a_b_c_1___");
        assert_eq!(excel_sheet_name("  'quoted'  "), "quoted");
        assert_eq!(excel_sheet_name(""), "Sheet1");
        assert_eq!(excel_sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn cjk_counts_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("张三"), 4);
        assert_eq!(display_width("短\n长一些的行"), 10);
    }

    #[test]
    fn csv_quotes_and_neutralises() {
        let csv = write_csv(&["姓名", "备注"], &[vec!["张三".into(), "a,\"b\"\nc".into()], vec!["=1+1".into()]]);
        let text = String::from_utf8(csv).expect("utf8");
        assert_eq!(text, "\u{feff}姓名,备注\r\n张三,\"a,\"\"b\"\"\nc\"\r\n'=1+1\r\n");
    }

    #[test]
    fn csv_rows_stream() {
        let mut out = Vec::new();
        write_csv_rows(&mut out, [["a", "-b"]]).expect("header");
        write_csv_rows(&mut out, &[vec!["1".to_string(), "2".to_string()]]).expect("rows");
        assert_eq!(out, b"a,'-b\r\n1,2\r\n");
    }
}
