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

/// How a column's cells are written. A cell of a `Number` or `Date` column that reads as one is
/// written as a number or a date (so that totals sum and dates sort in Excel); anything else,
/// and every `Text` cell, is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// "1234", "-5", "1,234.50": kept to the decimals it has, with a thousands separator.
    Number,
    /// "2026-12-01" or "2026-12-01 09:30".
    Date,
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
    let columns: Vec<(&str, Kind)> = headers.iter().map(|h| (*h, Kind::Text)).collect();
    write_xlsx_typed(sheet_name, &columns, rows)
}

/// [`write_xlsx`] with each column's [`Kind`]: numbers and dates where the column holds them.
pub fn write_xlsx_typed(
    sheet_name: &str,
    columns: &[(&str, Kind)],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, SheetError> {
    if rows.len() >= XLSX_MAX_ROWS {
        return Err(SheetError::TooManyRows { limit: XLSX_MAX_ROWS - 1 });
    }
    let count = rows.iter().map(Vec::len).fold(columns.len(), usize::max);
    let kind = |col: usize| columns.get(col).map_or(Kind::Text, |c| c.1);
    let mut widths = vec![0usize; count];
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_num_format("@");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let minute = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let numbers = [0, 1, 2, 3].map(|d| {
        let places = if d == 0 { String::new() } else { format!(".{}", "0".repeat(d)) };
        Format::new().set_num_format(format!("#,##0{places}"))
    });

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(excel_sheet_name(sheet_name)).map_err(write_error)?;
    for (col, (header, _)) in columns.iter().enumerate() {
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
            widths[col] = widths[col].max(display_width(cell));
            let c = col_num(col)?;
            match (kind(col), number(cell), date(cell)) {
                (Kind::Number, Some((n, places)), _) => {
                    sheet.write_number_with_format(row_num, c, n, &numbers[places.min(3)]).map_err(write_error)?;
                }
                (Kind::Date, _, Some((d, timed))) => {
                    sheet
                        .write_datetime_with_format(row_num, c, &d, if timed { &minute } else { &day })
                        .map_err(write_error)?;
                }
                _ => {
                    sheet.write_string_with_format(row_num, c, neutralise(cell), &text).map_err(write_error)?;
                }
            }
        }
    }
    for (col, width) in widths.into_iter().enumerate() {
        let c = col_num(col)?;
        if kind(col) == Kind::Text {
            sheet.set_column_format(c, &text).map_err(write_error)?;
        }
        sheet.set_column_width(c, (width + 2).clamp(6, 60) as f64).map_err(write_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(write_error)?;
    book.save_to_buffer().map_err(write_error)
}

/// A cell that reads as a plain decimal number (thousands separators allowed), with how many
/// decimals it shows.
fn number(cell: &str) -> Option<(f64, usize)> {
    let plain: String = cell.trim().chars().filter(|c| *c != ',').collect();
    let digits = plain.strip_prefix('-').unwrap_or(&plain);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !whole.is_empty()
        && whole.len() <= 15
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !numeric {
        return None;
    }
    plain.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| (n, fraction.len()))
}

/// A cell that reads as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM", and whether it has a time.
fn date(cell: &str) -> Option<(rust_xlsxwriter::ExcelDateTime, bool)> {
    let cell = cell.trim();
    let (day, time) = cell.split_once(' ').map_or((cell, None), |(d, t)| (d, Some(t)));
    let mut ymd = day.splitn(3, '-').map(str::parse::<u16>);
    let (y, m, d) = (ymd.next()?.ok()?, ymd.next()?.ok()?, ymd.next()?.ok()?);
    if day.len() != 10 {
        return None;
    }
    let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()?;
    match time {
        None => Some((dt, false)),
        Some(t) => {
            let (h, min) = t.split_once(':')?;
            let (h, min) = (h.parse::<u16>().ok().filter(|h| *h < 24)?, min.parse::<u8>().ok().filter(|m| *m < 60)?);
            let dt = dt.and_hms(h, min, 0).ok()?;
            Some((dt, true))
        }
    }
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
    fn numbers_and_dates_are_read_from_their_text() {
        assert_eq!(number("1,234.50"), Some((1234.5, 2)));
        assert_eq!(number("-5"), Some((-5.0, 0)));
        for not in ["", "1.2.3", "+5", "12%", "—", "1e5", "110105194912310021", "-"] {
            assert_eq!(number(not), None, "{not:?}");
        }
        assert!(matches!(date("2026-12-01"), Some((_, false))));
        assert!(matches!(date("2026-12-01 09:30"), Some((_, true))));
        for not in ["2026-13-01", "2026-1-1", "2026-12-01 25:00", "明天"] {
            assert!(date(not).is_none(), "{not:?}");
        }
    }

    #[test]
    fn typed_columns_are_written_as_numbers_and_dates() {
        use calamine::{Data, Reader, Xlsx};
        let columns = [("名称", Kind::Text), ("金额", Kind::Number), ("日期", Kind::Date), ("身份证", Kind::Text)];
        let rows = vec![
            vec!["甲".into(), "1,234.50".into(), "2026-12-01 09:30".into(), "110105194912310021".into()],
            vec!["乙".into(), "—".into(), "不详".into(), "=1+1".into()],
        ];
        let bytes = write_xlsx_typed("表", &columns, &rows).expect("xlsx");
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
        let range = book.worksheet_range("表").expect("sheet");
        assert_eq!(range.get((1, 1)), Some(&Data::Float(1234.5)), "a number sums in Excel");
        assert!(matches!(range.get((1, 2)), Some(Data::DateTime(_))), "{:?}", range.get((1, 2)));
        assert_eq!(range.get((1, 3)), Some(&Data::String("110105194912310021".into())), "ID numbers stay text");
        assert_eq!(range.get((2, 1)), Some(&Data::String("—".into())), "not a number: text");
        assert_eq!(range.get((2, 3)), Some(&Data::String("'=1+1".into())), "text is still neutralised");
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
