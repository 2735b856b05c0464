//! The certificate as a paper: its words in the reader's language, every value formatted, handed
//! to the PDF layer, which lays out what it is given.

use wushe_domain::Lang;
use wushe_domain::text::fill;

use crate::error::AppResult;
use crate::state::AppState;

wushe_domain::texts! {
    /// What a certificate prints around its values.
    pub struct CertificatePaper, certificate_paper {
        language: "zh-CN", "en",
        title: "志愿服务证明", "Certificate of Volunteer Service",
        subtitle: "Certificate of Volunteer Service", "志愿服务证明",
        number: "证明编号：", "No. ",
        statement: "兹证明 {name}（公民身份号码：{id}）于 {period} 期间在本单位参加志愿服务，经核实，累计服务时长 {hours} 小时（共 {entries} 条服务记录）。",
            "This is to certify that {name} (ID number {id}) served as a volunteer with this organization from {period}. As verified, the service totals {hours} hours ({entries} service records).",
        period: "{from} 至 {to}", "{from} to {to}",
        content: "服务内容：", "Service: ",
        note: "本证明依据《志愿服务记录与证明出具办法》出具，所载内容以出具时的志愿服务记录为准。扫描左下方二维码可核验本证明的真实性与当前状态。",
            "Issued under the Measures for Volunteer Service Records and Certificates; its content is the volunteer service record as it stood when issued. Scan the QR code at the lower left to verify that this certificate is genuine and still valid.",
        scan: "扫码验证", "Scan to verify",
        issued_on: "出具日期：", "Issued on ",
        revoked: "已撤销", "REVOKED",
        revoked_small: "REVOKED", "已撤销",
    }
}

/// What the PDF prints, every value already formatted in the reader's language.
#[derive(Debug, Clone)]
pub struct PdfFields {
    pub lang: Lang,
    pub number: String,
    pub name: String,
    pub id_masked: String,
    pub issuer: String,
    pub from: time::Date,
    pub to: time::Date,
    pub hours: String,
    pub entries: i64,
    pub summary: String,
    pub issued_on: Option<time::Date>,
    pub url: String,
    pub revoked: bool,
}

/// The certificate's PDF.
pub async fn render(state: &AppState, doc: PdfFields) -> AppResult<Vec<u8>> {
    use wushe_domain::certificate::printed_date;
    let t = certificate_paper(doc.lang);
    let period =
        fill(t.period, &[("from", &printed_date(doc.from, doc.lang)), ("to", &printed_date(doc.to, doc.lang))]);
    let statement = fill(
        t.statement,
        &[
            ("name", &doc.name),
            ("id", &doc.id_masked),
            ("period", &period),
            ("hours", &doc.hours),
            ("entries", &doc.entries),
        ],
    );
    let issued_on = doc.issued_on.map(|d| printed_date(d, doc.lang)).unwrap_or_default();
    state
        .render_pdf(move |fonts| {
            let words = wushe_pdf::CertificateWords {
                language: t.language,
                title: t.title,
                subtitle: t.subtitle,
                number: t.number,
                content: t.content,
                note: t.note,
                scan: t.scan,
                issued_on: t.issued_on,
                revoked: [t.revoked, t.revoked_small],
            };
            let c = wushe_pdf::Certificate {
                words: &words,
                number: &doc.number,
                statement: &statement,
                issuer: &doc.issuer,
                summary: &doc.summary,
                issued_on: &issued_on,
                verify_url: &doc.url,
                revoked: doc.revoked,
            };
            wushe_pdf::certificate(fonts, &c)
        })
        .await
}
