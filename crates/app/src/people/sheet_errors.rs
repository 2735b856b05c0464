//! What a person is told when a file cannot be read as a spreadsheet, or one cannot be written:
//! the sheets layer says what went wrong, this says it in the reader's language.

use wushe_domain::Lang;
use wushe_domain::text::fill;
use wushe_sheets::SheetError;

/// The sentence for `e` in `lang`.
pub fn message(e: &SheetError, lang: Lang) -> String {
    let t = sheet_texts(lang);
    match e {
        SheetError::NotASheet => t.not_a_sheet.into(),
        SheetError::LegacyXls => t.legacy_xls.into(),
        SheetError::Encrypted => t.encrypted.into(),
        SheetError::TooLarge { limit_bytes } => fill(t.too_large, &[("size", &size(*limit_bytes, lang))]),
        SheetError::UnpackedTooLarge { limit_bytes } => {
            fill(t.unpacked_too_large, &[("size", &size(*limit_bytes, lang))])
        }
        SheetError::TooManyRows { limit } => fill(t.too_many_rows, &[("limit", limit)]),
        SheetError::TooManyCells { limit } => fill(t.too_many_cells, &[("limit", limit)]),
        SheetError::Empty => t.empty.into(),
        SheetError::EncodingUnknown => t.encoding_unknown.into(),
        SheetError::DuplicateHeader(name) => fill(t.duplicate_header, &[("name", name)]),
        SheetError::HeaderMismatch { missing, unexpected } => {
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(fill(columns(missing, t.missing_one, t.missing_many), &[("names", &quoted(missing, t))]));
            }
            if !unexpected.is_empty() {
                let text = columns(unexpected, t.unexpected_one, t.unexpected_many);
                parts.push(fill(text, &[("names", &quoted(unexpected, t))]));
            }
            fill(t.header_mismatch, &[("parts", &parts.join(t.parts_separator))])
        }
        SheetError::Corrupt(_) => t.corrupt.into(),
        SheetError::Write(_) => t.write.into(),
    }
}

fn columns(names: &[String], one: &'static str, many: &'static str) -> &'static str {
    if names.len() == 1 { one } else { many }
}

fn quoted(names: &[String], t: &SheetTexts) -> String {
    names.iter().map(|n| fill(t.quoted, &[("name", n)])).collect::<Vec<_>>().join(t.list_separator)
}

/// `bytes` as "20 MB", "1.5 MB", "512 KB" or "100 bytes" (binary units, as file managers show them).
fn size(bytes: usize, lang: Lang) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    let (unit_size, unit) = match bytes {
        b if b >= MIB => (MIB, "MB"),
        b if b >= KIB => (KIB, "KB"),
        _ => return fill(sheet_texts(lang).bytes, &[("n", &bytes)]),
    };
    let tenths = (bytes * 10 + unit_size / 2) / unit_size;
    let text =
        if tenths.is_multiple_of(10) { (tenths / 10).to_string() } else { format!("{}.{}", tenths / 10, tenths % 10) };
    format!("{text} {unit}")
}

wushe_domain::texts! {
    /// The sentences about a file that is not a readable spreadsheet.
    struct SheetTexts, sheet_texts {
        not_a_sheet: "文件不是 Excel（.xlsx）或 CSV 表格。",
            "The file is neither an Excel (.xlsx) nor a CSV sheet.",
        legacy_xls: "文件是旧版 Excel（.xls）格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。",
            "The file is an old Excel (.xls) workbook; please save it as .xlsx and upload it again.",
        encrypted: "文件设置了打开密码，请取消密码保护后再上传。",
            "The workbook is password-protected; please remove the password and upload it again.",
        too_large: "文件太大，最大允许 {size}，请拆分成多个文件。",
            "The file is too large: at most {size} is allowed; please split it.",
        unpacked_too_large: "Excel 文件解压后超过 {size}，无法读取，请拆分成多个文件。",
            "The Excel file unpacks to more than {size} and cannot be read; please split it.",
        too_many_rows: "数据行太多，最多允许 {limit} 行（不含表头），请拆分成多个文件。",
            "Too many rows: at most {limit} data rows (header not counted); please split the file.",
        too_many_cells: "表格太大，单元格总数超过 {limit} 个，请删去多余的列或拆分成多个文件。",
            "The sheet is too large: more than {limit} cells; remove unused columns or split the file.",
        empty: "表格是空的：没有找到表头行。",
            "The sheet is empty: no header row was found.",
        encoding_unknown: "无法识别 CSV 文件的文字编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再上传。",
            "The text encoding of the CSV file is not recognised; please save it as \"CSV UTF-8\" or .xlsx and upload it again.",
        duplicate_header: "表头中“{name}”列出现了不止一次。",
            "The column “{name}” appears more than once in the header row.",
        header_mismatch: "表头与模板不一致：{parts}。",
            "The header row does not match the template: {parts}.",
        missing_one: "缺少列{names}",
            "missing column {names}",
        missing_many: "缺少列{names}",
            "missing columns {names}",
        unexpected_one: "多出列{names}",
            "unexpected column {names}",
        unexpected_many: "多出列{names}",
            "unexpected columns {names}",
        quoted: "“{name}”",
            "“{name}”",
        list_separator: "、",
            ", ",
        parts_separator: "；",
            "; ",
        corrupt: "Excel 文件已损坏或不完整，无法读取，请重新保存或重新上传。",
            "The Excel file is damaged or incomplete and cannot be read; please save or upload it again.",
        write: "生成 Excel 文件失败。",
            "The Excel file could not be created.",
        bytes: "{n} 字节",
            "{n} bytes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size(20 * 1024 * 1024, Lang::Zh), "20 MB");
        assert_eq!(size(1536 * 1024, Lang::En), "1.5 MB");
        assert_eq!(size(2048, Lang::En), "2 KB");
        assert_eq!(size(100, Lang::En), "100 bytes");
        assert_eq!(size(100, Lang::Zh), "100 字节");
    }

    #[test]
    fn header_mismatch_names_the_columns() {
        let e = SheetError::HeaderMismatch {
            missing: vec!["姓名".into(), "电话".into()],
            unexpected: vec!["备注".into()],
        };
        assert_eq!(message(&e, Lang::Zh), "表头与模板不一致：缺少列“姓名”、“电话”；多出列“备注”。");
        assert_eq!(
            message(&e, Lang::En),
            "The header row does not match the template: missing columns “姓名”, “电话”; unexpected column “备注”."
        );
        let only_missing = SheetError::HeaderMismatch { missing: vec!["Name".into()], unexpected: vec![] };
        assert_eq!(
            message(&only_missing, Lang::En),
            "The header row does not match the template: missing column “Name”."
        );
    }

    #[test]
    fn every_variant_has_both_sentences() {
        let all = [
            SheetError::NotASheet,
            SheetError::LegacyXls,
            SheetError::Encrypted,
            SheetError::TooLarge { limit_bytes: 20 << 20 },
            SheetError::UnpackedTooLarge { limit_bytes: 640 << 20 },
            SheetError::TooManyRows { limit: 200_000 },
            SheetError::TooManyCells { limit: 10_000_000 },
            SheetError::Empty,
            SheetError::EncodingUnknown,
            SheetError::DuplicateHeader("姓名".into()),
            SheetError::HeaderMismatch { missing: vec!["a".into()], unexpected: vec![] },
            SheetError::Corrupt("zip".into()),
            SheetError::Write("x".into()),
        ];
        for e in all {
            let (zh, en) = (message(&e, Lang::Zh), message(&e, Lang::En));
            assert!(!zh.is_empty() && !en.is_empty() && !e.to_string().is_empty());
            assert!(!zh.contains('{') && !en.contains('{'), "every placeholder filled: {zh} / {en}");
        }
        assert_eq!(message(&SheetError::NotASheet, Lang::Zh), "文件不是 Excel（.xlsx）或 CSV 表格。");
        assert_eq!(
            message(&SheetError::TooLarge { limit_bytes: 20 << 20 }, Lang::Zh),
            "文件太大，最大允许 20 MB，请拆分成多个文件。"
        );
    }
}
