//! [`column_map`]: matches a table's header row against the columns a registry expects.

use crate::{SheetError, Table};

/// Checks that the header row holds exactly the expected columns, in any order, and returns for
/// each expected column (in the order given) its index in [`crate::Row::cells`].
///
/// Names are compared leniently, the way a person reads them: whitespace anywhere is ignored
/// (`"姓  名"` is `"姓名"`), full-width letters, digits and punctuation equal their half-width
/// forms (`"电话（手机）"` is `"电话(手机)"`), and Latin letters ignore case. Blank header cells
/// are ignored (spacer or note columns). Errors:
/// - [`SheetError::HeaderMismatch`] names the expected columns that are missing and the header
///   cells that are not expected, as written in `expected` and in the file;
/// - [`SheetError::DuplicateHeader`] if an expected column appears twice.
pub fn column_map(table: &Table, expected: &[&str]) -> Result<Vec<usize>, SheetError> {
    let keys: Vec<String> = table.headers.iter().map(|h| key(h)).collect();
    let mut indices = Vec::with_capacity(expected.len());
    let mut missing = Vec::new();
    for name in expected {
        let wanted = key(name);
        let mut found = keys.iter().enumerate().filter(|(_, k)| **k == wanted).map(|(i, _)| i);
        match (found.next(), found.next()) {
            (Some(i), None) => indices.push(i),
            (Some(i), Some(_)) => return Err(SheetError::DuplicateHeader(table.headers[i].trim().to_owned())),
            (None, _) => missing.push(name.trim().to_owned()),
        }
    }
    let wanted: Vec<String> = expected.iter().map(|e| key(e)).collect();
    let unexpected: Vec<String> = table
        .headers
        .iter()
        .zip(&keys)
        .filter(|(_, k)| !k.is_empty() && !wanted.contains(k))
        .map(|(h, _)| h.trim().to_owned())
        .collect();
    if missing.is_empty() && unexpected.is_empty() {
        Ok(indices)
    } else {
        Err(SheetError::HeaderMismatch { missing, unexpected })
    }
}

/// The form in which two column names are compared.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // Full-width ASCII forms (！ to ～) map to ASCII by a fixed offset.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(|c| c.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str]) -> Table {
        Table { headers: headers.iter().map(|h| h.to_string()).collect(), rows: vec![] }
    }

    #[test]
    fn maps_columns_in_any_order() {
        let t = table(&["电话", "姓名", "", "身份证号"]);
        assert_eq!(column_map(&t, &["姓名", "身份证号", "电话"]), Ok(vec![1, 3, 0]));
    }

    #[test]
    fn compares_names_leniently() {
        let t = table(&[" 姓  名 ", "电话（手机）", "ＩＤ", "Email"]);
        assert_eq!(column_map(&t, &["姓名", "电话(手机)", "id", "EMAIL "]), Ok(vec![0, 1, 2, 3]));
    }

    #[test]
    fn names_missing_and_unexpected_columns() {
        let t = table(&["姓名", "备注", "住址"]);
        assert_eq!(
            column_map(&t, &["姓名", "电话", "身份证号"]),
            Err(SheetError::HeaderMismatch {
                missing: vec!["电话".into(), "身份证号".into()],
                unexpected: vec!["备注".into(), "住址".into()],
            })
        );
    }

    #[test]
    fn a_column_given_twice_is_a_duplicate() {
        let t = table(&["姓名", "姓 名"]);
        assert_eq!(column_map(&t, &["姓名"]), Err(SheetError::DuplicateHeader("姓名".into())));
    }
}
