//! Files that are not sheets, broken workbooks, and limits: errors, never panics.

use std::io::Write;

use wushe_sheets::{Limits, SheetError, read_table, write_xlsx};

fn sample_xlsx() -> Vec<u8> {
    let rows: Vec<Vec<String>> =
        (0..200).map(|i| vec![format!("志愿者{i}"), format!("1101051949123{i:05}"), "备注".into()]).collect();
    write_xlsx("名单", &["姓名", "身份证号", "备注"], &rows).expect("xlsx")
}

#[test]
fn text_that_is_not_a_sheet() {
    let html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>姓名</td></tr></table></body></html>";
    assert_eq!(read_table(html.as_bytes(), &Limits::default()), Err(SheetError::NotASheet));
    let xml = "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>";
    assert_eq!(read_table(xml.as_bytes(), &Limits::default()), Err(SheetError::NotASheet));
    let utf16_without_bom: Vec<u8> = "姓名,电话".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let result = read_table(&utf16_without_bom, &Limits::default());
    assert!(matches!(result, Err(SheetError::NotASheet | SheetError::EncodingUnknown)), "{result:?}");
}

#[test]
fn latin1_or_other_undecodable_text_is_encoding_unknown() {
    // Windows-1252 "café,naïve\n" plus bytes that are neither UTF-8 nor GB18030.
    let bytes = b"caf\xE9,na\xEFve\xFF\n1,2\n";
    assert_eq!(read_table(bytes, &Limits::default()), Err(SheetError::EncodingUnknown));
}

#[test]
fn other_files_are_not_sheets() {
    for bytes in
        [&b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"[..], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"\xFF\xD8\xFF\xE0\0\x10JFIF"]
    {
        assert_eq!(read_table(bytes, &Limits::default()), Err(SheetError::NotASheet));
    }
}

#[test]
fn a_zip_that_is_not_a_workbook_is_not_a_sheet() {
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("entry");
    zip.write_all(b"<w:document/>").expect("write");
    zip.finish().expect("zip");
    assert_eq!(read_table(buffer.get_ref(), &Limits::default()), Err(SheetError::NotASheet));
}

/// A workbook whose shared strings are `mib` MiB of one repeated byte: tiny packed, huge unpacked.
fn bomb(mib: usize) -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/workbook.xml", options).expect("entry");
    zip.start_file("xl/sharedStrings.xml", options).expect("entry");
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..mib {
        zip.write_all(&zeros).expect("write");
    }
    zip.finish().expect("zip");
    buffer.into_inner()
}

#[test]
fn a_zip_bomb_is_refused_before_unpacking() {
    let bytes = bomb(8);
    assert!(bytes.len() < 100_000, "compresses well: {}", bytes.len());
    let limits = Limits { max_bytes: 100_000, ..Limits::default() };
    assert_eq!(read_table(&bytes, &limits), Err(SheetError::UnpackedTooLarge { limit_bytes: 3_200_000 }));
}

#[test]
fn truncated_xlsx_is_corrupt() {
    let whole = sample_xlsx();
    assert_eq!(read_table(&whole, &Limits::default()).expect("whole file reads").rows.len(), 200);
    for cut in [whole.len() / 2, whole.len() - 1, 30, 4] {
        let result = read_table(&whole[..cut], &Limits::default());
        assert!(matches!(result, Err(SheetError::Corrupt(_))), "cut at {cut}: {result:?}");
    }
}

#[test]
fn damaged_xlsx_is_an_error_never_a_panic() {
    let whole = sample_xlsx();
    // Overwrite stretches of the file with garbage at many places.
    for start in (0..whole.len()).step_by(97) {
        let mut damaged = whole.clone();
        for (i, b) in damaged.iter_mut().skip(start).take(16).enumerate() {
            *b = b.wrapping_mul(31).wrapping_add(i as u8);
        }
        let _ = read_table(&damaged, &Limits::default());
    }
}

#[test]
fn random_bytes_are_an_error() {
    // A fixed pseudo-random sequence (xorshift), so the test is reproducible.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut bytes = Vec::with_capacity(4096);
    for _ in 0..4096 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.push(state as u8);
    }
    let result = read_table(&bytes, &Limits::default());
    assert!(matches!(result, Err(SheetError::NotASheet | SheetError::EncodingUnknown)), "{result:?}");
    let mut zip_like = b"PK\x03\x04".to_vec();
    zip_like.extend_from_slice(&bytes);
    assert!(matches!(read_table(&zip_like, &Limits::default()), Err(SheetError::Corrupt(_))));
}

#[test]
fn too_large_is_checked_first() {
    let limits = Limits { max_bytes: 10, ..Limits::default() };
    assert_eq!(read_table(b"a,b\n1,2\n3,4\n", &limits), Err(SheetError::TooLarge { limit_bytes: 10 }));
    assert_eq!(read_table(&sample_xlsx(), &limits), Err(SheetError::TooLarge { limit_bytes: 10 }));
    assert_eq!(read_table(b"a,b\n1,2\n", &limits).expect("8 bytes fit").rows.len(), 1);
}

#[test]
fn default_limits() {
    let limits = Limits::default();
    assert_eq!((limits.max_bytes, limits.max_rows, limits.max_cells), (20 << 20, 200_000, 10_000_000));
}

#[test]
fn shared_strings_that_unpack_past_the_budget_are_refused_before_reading() {
    // A small upload whose shared strings would fill memory when read: refused by the
    // declared size, whatever the file's own size.
    let bytes = bomb(40);
    assert!(bytes.len() < 200_000, "compresses well: {}", bytes.len());
    let limits = Limits::default();
    assert_eq!(
        read_table(&bytes, &limits),
        Err(SheetError::UnpackedTooLarge { limit_bytes: limits.max_shared_strings })
    );
}
