//! Answers and files as text a search can read: a spreadsheet's XML parts unzipped, a PDF's raw
//! bytes with its compressed streams inflated and its text extracted, anything else as UTF-8.

use std::io::Read;

/// Every readable form of `bytes`, joined by new lines.
pub(crate) fn readable(bytes: &[u8]) -> String {
    if bytes.starts_with(b"PK\x03\x04") {
        return unzipped(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return pdf(bytes);
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// The text of every part of a zip file (an .xlsx), one after another.
fn unzipped(bytes: &[u8]) -> String {
    let mut out = String::new();
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return String::from_utf8_lossy(bytes).into_owned();
    };
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("a zip part opens");
        let mut data = Vec::new();
        part.read_to_end(&mut data).expect("a zip part reads");
        out.push_str(&String::from_utf8_lossy(&data));
        out.push('\n');
    }
    out
}

/// A PDF's raw bytes, each of its streams inflated, and its extracted text.
fn pdf(bytes: &[u8]) -> String {
    let mut out = String::from_utf8_lossy(bytes).into_owned();
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        if at + found >= 3 && &bytes[at + found - 3..at + found] == b"end" {
            at += found + b"stream".len();
            continue;
        }
        let mut start = at + found + b"stream".len();
        if bytes[start..].starts_with(b"\r\n") {
            start += 2;
        } else if bytes[start..].starts_with(b"\n") {
            start += 1;
        }
        let end = find(&bytes[start..], b"endstream").map_or(bytes.len(), |e| start + e);
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(&bytes[start..end]).read_to_end(&mut inflated).is_ok() {
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(&inflated));
        }
        at = (end + b"endstream".len()).min(bytes.len());
    }
    if let Ok(text) = pdf_extract::extract_text_from_mem(bytes) {
        out.push('\n');
        out.push_str(&text);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
