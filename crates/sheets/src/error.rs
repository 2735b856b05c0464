//! What can go wrong with a sheet, in words an end user understands.
//!
//! `Display` (and so `to_string()`) is a short English text for logs, which may carry technical
//! detail; [`SheetError::message_zh`] and [`SheetError::message_en`] are the sentences to show the
//! person who uploaded or asked for the file.

/// Why a file could not be read as a table, or a table could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Neither an `.xlsx` workbook nor a CSV text (a PDF, a picture, a Word file, an HTML page…).
    #[error("not a spreadsheet: neither .xlsx nor CSV")]
    NotASheet,
    /// An old binary Excel 97–2003 `.xls` workbook (an OLE2 compound file).
    #[error("legacy .xls workbook (OLE2), not .xlsx")]
    LegacyXls,
    /// A password-protected (encrypted) Excel workbook.
    #[error("password-protected (encrypted) workbook")]
    Encrypted,
    /// The file is larger than [`crate::Limits::max_bytes`].
    #[error("file larger than {limit_bytes} bytes")]
    TooLarge { limit_bytes: usize },
    /// The `.xlsx` would unpack to more than `limit_bytes` (a "zip bomb", or an absurd file).
    #[error("xlsx unpacks to more than {limit_bytes} bytes")]
    UnpackedTooLarge { limit_bytes: usize },
    /// More data rows (header not counted) than [`crate::Limits::max_rows`].
    #[error("more than {limit} data rows")]
    TooManyRows { limit: usize },
    /// More cells (rows × columns, padding included) than [`crate::Limits::max_cells`].
    #[error("more than {limit} cells")]
    TooManyCells { limit: usize },
    /// No header row: the file or its first worksheet holds no text at all.
    #[error("empty sheet: no header row")]
    Empty,
    /// A CSV that is neither valid UTF-8 (with or without BOM), UTF-16 with BOM, nor GBK/GB18030.
    #[error("CSV text encoding unknown (neither UTF-8 nor GBK/GB18030)")]
    EncodingUnknown,
    /// Two header cells hold the same (trimmed) name.
    #[error("duplicate column in header row: {0:?}")]
    DuplicateHeader(String),
    /// The header row does not hold exactly the expected columns.
    #[error("header mismatch: missing {missing:?}, unexpected {unexpected:?}")]
    HeaderMismatch { missing: Vec<String>, unexpected: Vec<String> },
    /// A broken `.xlsx`: truncated download, damaged zip, malformed XML. The text is for logs.
    #[error("corrupt xlsx: {0}")]
    Corrupt(String),
    /// The `.xlsx` writer refused the data (e.g. a cell over Excel's 32,767 characters).
    #[error("cannot write xlsx: {0}")]
    Write(String),
}

impl SheetError {
    /// The sentence to show a Chinese-reading user.
    pub fn message_zh(&self) -> String {
        match self {
            SheetError::NotASheet => "文件不是 Excel（.xlsx）或 CSV 表格。".into(),
            SheetError::LegacyXls => {
                "文件是旧版 Excel（.xls）格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。".into()
            }
            SheetError::Encrypted => "文件设置了打开密码，请取消密码保护后再上传。".into(),
            SheetError::TooLarge { limit_bytes } => {
                format!("文件太大，最大允许 {}，请拆分成多个文件。", size_zh(*limit_bytes))
            }
            SheetError::UnpackedTooLarge { limit_bytes } => {
                format!("Excel 文件解压后超过 {}，无法读取，请拆分成多个文件。", size_zh(*limit_bytes))
            }
            SheetError::TooManyRows { limit } => {
                format!("数据行太多，最多允许 {limit} 行（不含表头），请拆分成多个文件。")
            }
            SheetError::TooManyCells { limit } => {
                format!("表格太大，单元格总数超过 {limit} 个，请删去多余的列或拆分成多个文件。")
            }
            SheetError::Empty => "表格是空的：没有找到表头行。".into(),
            SheetError::EncodingUnknown => {
                "无法识别 CSV 文件的文字编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再上传。".into()
            }
            SheetError::DuplicateHeader(name) => format!("表头中“{name}”列出现了不止一次。"),
            SheetError::HeaderMismatch { missing, unexpected } => {
                let mut parts = Vec::new();
                if !missing.is_empty() {
                    parts.push(format!("缺少列{}", quoted_zh(missing)));
                }
                if !unexpected.is_empty() {
                    parts.push(format!("多出列{}", quoted_zh(unexpected)));
                }
                format!("表头与模板不一致：{}。", parts.join("；"))
            }
            SheetError::Corrupt(_) => "Excel 文件已损坏或不完整，无法读取，请重新保存或重新上传。".into(),
            SheetError::Write(_) => "生成 Excel 文件失败。".into(),
        }
    }

    /// The sentence to show an English-reading user.
    pub fn message_en(&self) -> String {
        match self {
            SheetError::NotASheet => "The file is neither an Excel (.xlsx) nor a CSV sheet.".into(),
            SheetError::LegacyXls => {
                "The file is an old Excel (.xls) workbook; please save it as .xlsx and upload it again.".into()
            }
            SheetError::Encrypted => {
                "The workbook is password-protected; please remove the password and upload it again.".into()
            }
            SheetError::TooLarge { limit_bytes } => {
                format!("The file is too large: at most {} is allowed; please split it.", size_en(*limit_bytes))
            }
            SheetError::UnpackedTooLarge { limit_bytes } => format!(
                "The Excel file unpacks to more than {} and cannot be read; please split it.",
                size_en(*limit_bytes)
            ),
            SheetError::TooManyRows { limit } => {
                format!("Too many rows: at most {limit} data rows (header not counted); please split the file.")
            }
            SheetError::TooManyCells { limit } => {
                format!("The sheet is too large: more than {limit} cells; remove unused columns or split the file.")
            }
            SheetError::Empty => "The sheet is empty: no header row was found.".into(),
            SheetError::EncodingUnknown => "The text encoding of the CSV file is not recognised; please save it \
                                            as \"CSV UTF-8\" or .xlsx and upload it again."
                .into(),
            SheetError::DuplicateHeader(name) => {
                format!("The column “{name}” appears more than once in the header row.")
            }
            SheetError::HeaderMismatch { missing, unexpected } => {
                let mut parts = Vec::new();
                if !missing.is_empty() {
                    parts.push(format!("missing {}", quoted_en(missing)));
                }
                if !unexpected.is_empty() {
                    parts.push(format!("unexpected {}", quoted_en(unexpected)));
                }
                format!("The header row does not match the template: {}.", parts.join("; "))
            }
            SheetError::Corrupt(_) => {
                "The Excel file is damaged or incomplete and cannot be read; please save or upload it again.".into()
            }
            SheetError::Write(_) => "The Excel file could not be created.".into(),
        }
    }
}

fn quoted_zh(names: &[String]) -> String {
    names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join("、")
}

fn quoted_en(names: &[String]) -> String {
    let list = names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(", ");
    let noun = if names.len() == 1 { "column" } else { "columns" };
    format!("{noun} {list}")
}

/// `bytes` as "20 MB", "1.5 MB", "512 KB" or "100 bytes" (binary units, as file managers show them).
fn size_number(bytes: usize) -> (String, &'static str) {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    let (unit_size, unit) = match bytes {
        b if b >= MIB => (MIB, "MB"),
        b if b >= KIB => (KIB, "KB"),
        _ => return (bytes.to_string(), ""),
    };
    let tenths = (bytes * 10 + unit_size / 2) / unit_size;
    let text =
        if tenths.is_multiple_of(10) { (tenths / 10).to_string() } else { format!("{}.{}", tenths / 10, tenths % 10) };
    (text, unit)
}

fn size_zh(bytes: usize) -> String {
    match size_number(bytes) {
        (n, "") => format!("{n} 字节"),
        (n, unit) => format!("{n} {unit}"),
    }
}

fn size_en(bytes: usize) -> String {
    match size_number(bytes) {
        (n, "") => format!("{n} bytes"),
        (n, unit) => format!("{n} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size_zh(20 * 1024 * 1024), "20 MB");
        assert_eq!(size_en(1536 * 1024), "1.5 MB");
        assert_eq!(size_en(2048), "2 KB");
        assert_eq!(size_en(100), "100 bytes");
        assert_eq!(size_zh(100), "100 字节");
    }

    #[test]
    fn header_mismatch_names_the_columns() {
        let e = SheetError::HeaderMismatch {
            missing: vec!["姓名".into(), "电话".into()],
            unexpected: vec!["备注".into()],
        };
        assert_eq!(e.message_zh(), "表头与模板不一致：缺少列“姓名”、“电话”；多出列“备注”。");
        assert_eq!(
            e.message_en(),
            "The header row does not match the template: missing columns “姓名”, “电话”; unexpected column “备注”."
        );
        let only_missing = SheetError::HeaderMismatch { missing: vec!["Name".into()], unexpected: vec![] };
        assert_eq!(only_missing.message_en(), "The header row does not match the template: missing column “Name”.");
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
            assert!(!e.message_zh().is_empty() && !e.message_en().is_empty() && !e.to_string().is_empty());
        }
        assert_eq!(SheetError::NotASheet.message_zh(), "文件不是 Excel（.xlsx）或 CSV 表格。");
        assert_eq!(SheetError::NotASheet.message_en(), "The file is neither an Excel (.xlsx) nor a CSV sheet.");
    }
}
