//! Wushe's PDF layer: volunteer-service certificates (志愿服务证明) with Chinese text
//! and a QR code, donation receipts (捐赠收据), and reports of figures (annual reports). Bytes in, bytes out; the only I/O is reading font files.

mod certificate;
mod draw;
mod fonts;
mod qr;
mod receipt;
mod report;
mod wrap;

pub use fonts::Fonts;

/// Everything that can go wrong while loading fonts or rendering.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No usable font pair was found; the text says where we looked.
    #[error("Chinese fonts not found ({0}); install the Debian package fonts-noto-cjk")]
    FontMissing(String),
    /// A font file exists but cannot be used.
    #[error("unusable font: {0}")]
    BadFont(String),
    /// The PDF could not be produced (e.g. content too long for one page).
    #[error("cannot render PDF: {0}")]
    Render(String),
}

/// The words a certificate prints around its values, in the reader's language: this layer lays
/// out what it is given and has no words of its own.
#[derive(Debug, Clone, Copy)]
pub struct CertificateWords<'a> {
    /// The document's language tag, e.g. "zh-CN".
    pub language: &'a str,
    /// e.g. "志愿服务证明"; made smaller when it is too wide for the page.
    pub title: &'a str,
    /// Printed small under the title.
    pub subtitle: &'a str,
    /// Before the certificate number, e.g. "证明编号：".
    pub number: &'a str,
    /// Before the service content, e.g. "服务内容：".
    pub content: &'a str,
    /// The small print under the content.
    pub note: &'a str,
    /// Under the QR code, e.g. "扫码验证".
    pub scan: &'a str,
    /// Before the issue date, e.g. "出具日期：".
    pub issued_on: &'a str,
    /// The two lines of the stamp across a revoked certificate, large and small.
    pub revoked: [&'a str; 2],
}

/// What a certificate shows; the caller has already masked the ID number and
/// formatted every value.
#[derive(Debug, Clone, Copy)]
pub struct Certificate<'a> {
    pub words: &'a CertificateWords<'a>,
    /// Certificate number, e.g. "ZM2026-7K3QX9PD".
    pub number: &'a str,
    /// The certifying sentence with the volunteer's name, masked ID number, period, hours and
    /// number of service records.
    pub statement: &'a str,
    /// Issuing organisation, e.g. "万州阳光社工服务中心".
    pub issuer: &'a str,
    /// Service content summary (up to ~300 Chinese characters); wrapped.
    pub summary: &'a str,
    /// Issue date, e.g. "2026年11月30日".
    pub issued_on: &'a str,
    /// Public verification URL; encoded in the QR code and printed under it.
    pub verify_url: &'a str,
    /// Adds the stamp of [`CertificateWords::revoked`] across the page.
    pub revoked: bool,
}

/// Renders `c` as a one-page A4 PDF.
pub fn certificate(fonts: &Fonts, c: &Certificate) -> Result<Vec<u8>, PdfError> {
    certificate::render(fonts, c)
}

/// The words a donation receipt prints around its values, in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct ReceiptWords<'a> {
    /// The document's language tag, e.g. "zh-CN".
    pub language: &'a str,
    /// e.g. "捐赠收据"; made smaller when it is too wide for the page.
    pub title: &'a str,
    pub subtitle: &'a str,
    /// Before the receipt number, e.g. "收据编号：".
    pub number: &'a str,
    /// The labels of the rows: donor, fund, form, purpose, amount in figures, amount in words.
    pub rows: [&'a str; 6],
    /// Before the date, e.g. "开具日期：".
    pub date: &'a str,
    /// The stamp across the receipt of a reversed gift.
    pub reversed: &'a str,
}

/// What a donation receipt shows, every value formatted by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Receipt<'a> {
    pub words: &'a ReceiptWords<'a>,
    /// Receipt number, e.g. "JZ2026-00000042".
    pub number: &'a str,
    /// The donor's name, or 匿名捐赠者.
    pub donor: &'a str,
    pub fund: &'a str,
    /// Who holds the fund; signs the receipt.
    pub holder: &'a str,
    /// 货币, or 物资 with what was given.
    pub kind: &'a str,
    /// The fund, an appeal of it, or a need it was given for.
    pub purpose: &'a str,
    /// In figures, e.g. "¥200.00".
    pub amount: &'a str,
    /// In capital numerals, e.g. "人民币贰佰元整".
    pub amount_words: &'a str,
    /// The matching the gift drew, when it drew some.
    pub matched: Option<&'a str>,
    pub date: &'a str,
    /// The small print: where the gift is recorded (its ledger transaction) and the thanks.
    pub note: &'a str,
    /// Marks a receipt whose gift was reversed.
    pub reversed: bool,
}

/// Renders `r` as a one-page A4 PDF.
pub fn receipt(fonts: &Fonts, r: &Receipt) -> Result<Vec<u8>, PdfError> {
    receipt::render(fonts, r)
}

/// A block of a report, top to bottom.
#[derive(Debug, Clone)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    /// A header row and rows; `widths` are relative column widths.
    Table {
        headers: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    /// Horizontal bars: a label, the value the bar's length is drawn from, and its text.
    Bars(Vec<(String, f64, String)>),
}

/// A report of several pages, every value formatted by the caller.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    pub blocks: Vec<Block>,
}

/// Renders `r` as A4 pages, numbered.
pub fn report(fonts: &Fonts, r: &Report) -> Result<Vec<u8>, PdfError> {
    report::render(fonts, r)
}
