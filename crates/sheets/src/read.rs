//! [`read_table`]: decides the kind of file by its content and turns its rows into a [`Table`].

use crate::sink::RowSink;
use crate::{Limits, SheetError, Table, csv_read, xlsx_read};

/// Reads the first worksheet of an `.xlsx`, or a CSV in UTF-8 (with or without BOM), UTF-16 with
/// BOM, or GBK/GB18030. The kind is decided by the content (an `.xlsx` is a zip, `PK\x03\x04`),
/// never by the file name. See the crate documentation for how cells are rendered as text.
///
/// Never panics on any input: a malformed workbook is [`SheetError::Corrupt`].
pub fn read_table(bytes: &[u8], limits: &Limits) -> Result<Table, SheetError> {
    if bytes.len() > limits.max_bytes {
        return Err(SheetError::TooLarge { limit_bytes: limits.max_bytes });
    }
    let mut sink = RowSink::new(limits);
    match sniff(bytes) {
        Kind::Xlsx => xlsx_read::read_rows(bytes, limits, &mut sink)?,
        Kind::Ole => return Err(ole_error(bytes)),
        Kind::Binary => return Err(SheetError::NotASheet),
        Kind::Text => csv_read::read_rows(bytes, &mut sink)?,
    }
    sink.finish()
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Ole,
    Binary,
    Text,
}

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Known non-sheet file signatures, so that a PDF or a photo is "not a sheet" rather than "an
/// unknown text encoding".
const BINARY_MAGIC: &[&[u8]] = &[
    b"PK\x05\x06",         // an empty zip
    b"PK\x07\x08",         // a spanned zip
    b"%PDF-",              // PDF
    b"\x89PNG",            // PNG
    b"\xFF\xD8\xFF",       // JPEG
    b"GIF8",               // GIF
    b"\x1F\x8B",           // gzip
    b"Rar!",               // RAR
    b"7z\xBC\xAF\x27\x1C", // 7-Zip
    b"{\\rtf",             // RTF
];

fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") {
        return Kind::Xlsx;
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Kind::Ole;
    }
    if BINARY_MAGIC.iter().any(|magic| bytes.starts_with(magic)) {
        return Kind::Binary;
    }
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let head = &bytes[..bytes.len().min(8192)];
    if !utf16 && head.contains(&0) {
        return Kind::Binary;
    }
    Kind::Text
}

/// An OLE2 compound file is either an Excel 97–2003 `.xls` or an encrypted OOXML workbook, whose
/// directory names an `EncryptedPackage` stream (names are UTF-16LE).
fn ole_error(bytes: &[u8]) -> SheetError {
    let needle: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
        SheetError::Encrypted
    } else {
        SheetError::LegacyXls
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Row;
    use crate::sink::trim_in_place;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Kind::Xlsx);
        assert_eq!(sniff(b"PK\x05\x06"), Kind::Binary);
        assert_eq!(sniff(b"%PDF-1.7"), Kind::Binary);
        assert_eq!(sniff(b"a,b\x00c"), Kind::Binary);
        assert_eq!(sniff(b"\xFF\xFEa\x00"), Kind::Text);
        assert_eq!(sniff("姓名,电话".as_bytes()), Kind::Text);
        assert_eq!(sniff(b""), Kind::Text);
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut xls = OLE_MAGIC.to_vec();
        xls.extend_from_slice(&[0; 600]);
        assert_eq!(read_table(&xls, &Limits::default()), Err(SheetError::LegacyXls));
        let mut encrypted = xls.clone();
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read_table(&encrypted, &Limits::default()), Err(SheetError::Encrypted));
    }

    #[test]
    fn trims_unicode_whitespace() {
        let mut s = String::from("\u{3000} 张三\t\u{a0}");
        trim_in_place(&mut s);
        assert_eq!(s, "张三");
    }

    #[test]
    fn sink_pads_and_skips_blank_rows() {
        let mut sink = RowSink::new(&Limits::default());
        sink.push(1, vec!["a".into(), " b ".into(), "".into()]).expect("header");
        sink.push(2, vec![" ".into(), "".into()]).expect("blank");
        sink.push(3, vec!["1".into()]).expect("short");
        sink.push(4, vec!["1".into(), "2".into(), "".into(), "extra".into()]).expect("long");
        let table = sink.finish().expect("table");
        assert_eq!(table.headers, ["a", "b"]);
        assert_eq!(table.rows[0], Row { number: 3, cells: vec!["1".into(), "".into()] });
        assert_eq!(table.rows[1], Row { number: 4, cells: vec!["1".into(), "2".into(), "".into(), "extra".into()] });
    }

    #[test]
    fn padding_counts_towards_the_cell_limit() {
        // 5 header cells + 1 cell + 4 cells of padding = 10.
        let limits = Limits { max_cells: 9, ..Limits::default() };
        let mut sink = RowSink::new(&limits);
        sink.push(1, (0..5).map(|i| i.to_string()).collect()).expect("header");
        sink.push(2, vec!["x".into()]).expect("row");
        assert_eq!(sink.finish(), Err(SheetError::TooManyCells { limit: 9 }));
    }
}
