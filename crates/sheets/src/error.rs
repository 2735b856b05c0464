//! What can go wrong with a sheet. `Display` (and so `to_string()`) is a short English text for
//! logs, which may carry technical detail; the sentences shown to the person who uploaded or asked
//! for the file are the application's (`wushe_app::people::sheet_errors`).

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
