//! CSV text: encoding detection, a plausibility check, delimiter sniffing, and the rows.

use std::borrow::Cow;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use crate::SheetError;
use crate::sink::RowSink;

/// Feeds the records of a CSV file to `sink`, numbering them as Excel would show them.
pub(crate) fn read_rows(bytes: &[u8], sink: &mut RowSink) -> Result<(), SheetError> {
    let text = decode(bytes)?;
    if !looks_like_a_table(&text) {
        return Err(SheetError::NotASheet);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut excel_row = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(SheetError::NotASheet),
        }
        // Excel shows every line of a CSV as a row, blank lines included; the csv crate skips
        // blank lines, so they are counted back from where the record starts.
        let start = record.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        excel_row = excel_row.saturating_add(blank_lines_at(text.as_bytes(), start)).saturating_add(1);
        sink.push(excel_row, record.iter().map(str::to_owned).collect())?;
    }
    Ok(())
}

/// The blank lines at `start`, where the csv reader began a record: line ends before any
/// content. A `\n` that completes the previous record's `\r\n` is not a blank line.
fn blank_lines_at(text: &[u8], start: usize) -> usize {
    let mut i = start;
    if i > 0 && text.get(i) == Some(&b'\n') && text.get(i - 1) == Some(&b'\r') {
        i += 1;
    }
    let mut blank = 0;
    loop {
        match text.get(i) {
            Some(b'\r') => {
                i += if text.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            }
            Some(b'\n') => i += 1,
            _ => return blank,
        }
        blank += 1;
    }
}

/// The text of a CSV file: UTF-8 (BOM optional), UTF-16 with BOM, else GBK/GB18030; all strict.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).ok().map(Cow::Borrowed)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling_and_without_replacement(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling_and_without_replacement(rest)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        Some(Cow::Borrowed(text))
    } else {
        // GB18030 is a superset of GBK and GB2312, which Excel on Chinese Windows writes.
        GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    };
    decoded.ok_or(SheetError::EncodingUnknown)
}

/// Rejects text that is clearly not a table: markup (a web page or XML saved as ".xls"), or text
/// full of control characters (a binary file that happens to decode).
fn looks_like_a_table(text: &str) -> bool {
    let start: String = text.trim_start().chars().take(16).flat_map(char::to_lowercase).collect();
    const MARKUP: &[&str] = &["<?xml", "<!doctype", "<html", "<table", "<head", "<body", "<meta", "<?mso"];
    if MARKUP.iter().any(|m| start.starts_with(m)) {
        return false;
    }
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            controls += 1;
        }
    }
    controls * 100 <= chars
}

/// Comma, tab or semicolon, whichever appears most often outside quotes on the first line
/// (ties favour the comma); a one-column file is read with commas.
fn sniff_delimiter(text: &str) -> u8 {
    let (mut commas, mut tabs, mut semicolons) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => commas += 1,
            '\t' if !quoted => tabs += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas && semicolons > tabs {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_encodings_excel_writes() {
        assert_eq!(decode("\u{feff}姓名".as_bytes()).expect("bom"), "姓名");
        assert_eq!(decode("姓名".as_bytes()).expect("utf8"), "姓名");
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,电话");
        assert_eq!(decode(&gbk).expect("gbk"), "姓名,电话");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("姓名\t电话".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).expect("utf16"), "姓名\t电话");
        assert_eq!(decode(b"\xFF\xFF\xFF"), Err(SheetError::EncodingUnknown));
        assert_eq!(decode(b"\xEF\xBB\xBF\xFF"), Err(SheetError::EncodingUnknown));
    }

    #[test]
    fn counts_blank_lines_before_a_record() {
        assert_eq!(blank_lines_at(b"a\n\n\nb", 2), 2);
        assert_eq!(blank_lines_at(b"a\r\n\r\nb", 2), 1);
        assert_eq!(blank_lines_at(b"a\r\n\r\nb", 3), 1);
        assert_eq!(blank_lines_at(b"\r\rb", 0), 2);
        assert_eq!(blank_lines_at(b"b", 0), 0);
        assert_eq!(blank_lines_at(b"", 5), 0);
    }

    #[test]
    fn sniffs_the_delimiter_from_the_first_line() {
        assert_eq!(sniff_delimiter("a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("\"x;y;z\",b"), b',');
        assert_eq!(sniff_delimiter("一列"), b',');
    }

    #[test]
    fn markup_and_control_soup_are_not_tables() {
        assert!(!looks_like_a_table("  <!DOCTYPE html><html><body>x</body></html>"));
        assert!(!looks_like_a_table("<?xml version=\"1.0\"?><Workbook/>"));
        assert!(!looks_like_a_table("\u{1}\u{2}\u{3}abc"));
        assert!(looks_like_a_table("姓名,电话\n张三,13800000000\n"));
        assert!(looks_like_a_table("<备注>,b\n"));
    }
}
