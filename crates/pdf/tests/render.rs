//! Renders certificates and reads the text back out of the PDF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use wushe_pdf::{Certificate, CertificateWords, Fonts, PdfError, certificate};

const URL: &str = "https://wushe.example.org/public/certificates/ZM2026-7K3QX9PD";

const WORDS: CertificateWords = CertificateWords {
    language: "zh-CN",
    title: "志愿服务证明",
    subtitle: "Certificate of Volunteer Service",
    number: "证明编号：",
    content: "服务内容：",
    note: "本证明依据《志愿服务记录与证明出具办法》出具。",
    scan: "扫码验证",
    issued_on: "出具日期：",
    revoked: ["已撤销", "REVOKED"],
};

const STATEMENT: &str =
    "兹证明 张三（公民身份号码：500101********1234）于 2026年01月01日 至 2026年11月30日 期间在本单位参加志愿服务。";

fn sample(revoked: bool) -> Certificate<'static> {
    Certificate {
        words: &WORDS,
        number: "ZM2026-7K3QX9PD",
        statement: STATEMENT,
        issuer: "万州阳光社工服务中心",
        summary: "参与社区老年人关爱探访、垃圾分类宣传和周末课堂辅导等志愿服务活动。",
        issued_on: "2026年11月30日",
        verify_url: URL,
        revoked,
    }
}

fn fonts() -> Fonts {
    // Deliberately no skip: a missing font must fail loudly.
    Fonts::find(&[]).expect("Noto CJK fonts missing: apt-get install fonts-noto-cjk")
}

/// Extracted text without any whitespace, since extraction inserts spaces and
/// newlines wherever glyph positions suggest them.
fn text_of(pdf: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(pdf).expect("PDF should parse");
    squash(&text)
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn certificate_text_can_be_read_back() {
    let pdf = certificate(&fonts(), &sample(false)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 1_000_000, "PDF is {} bytes", pdf.len());
    let text = text_of(&pdf);
    let c = sample(false);
    for needle in [c.statement, c.number, c.issuer, c.verify_url, WORDS.title, WORDS.subtitle, WORDS.note] {
        assert!(text.contains(&squash(needle)), "{needle:?} not in {text:?}");
    }
    assert!(!text.contains("已撤销"));
    // No timestamps or random IDs: same input, same bytes.
    assert_eq!(pdf, certificate(&fonts(), &sample(false)).unwrap());
}

#[test]
fn revoked_certificate_is_marked() {
    let pdf = certificate(&fonts(), &sample(true)).unwrap();
    let text = text_of(&pdf);
    assert!(text.contains("已撤销"), "{text:?}");
    assert!(text.contains("REVOKED"), "{text:?}");
}

#[test]
fn missing_fonts_say_where_we_looked() {
    let err = Fonts::find(&[PathBuf::from("/nonexistent")]).unwrap_err();
    match &err {
        PdfError::FontMissing(looked) => assert!(looked.contains("/nonexistent"), "{looked}"),
        other => panic!("expected FontMissing, got {other:?}"),
    }
    assert!(err.to_string().contains("/nonexistent"));
}
