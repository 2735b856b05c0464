//! Renders certificates and reads the text back out of the PDF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use wushe_pdf::{Certificate, Fonts, PdfError, certificate};

const URL: &str = "https://wushe.example.org/public/certificates/ZM2026-7K3QX9PD";

fn sample(revoked: bool) -> Certificate<'static> {
    Certificate {
        number: "ZM2026-7K3QX9PD",
        name: "张三",
        id_masked: "500101********1234",
        issuer: "万州阳光社工服务中心",
        period: "2026年01月01日 至 2026年11月30日",
        hours: "12.5",
        entries: 8,
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
    for needle in
        [c.name, c.id_masked, c.number, c.issuer, c.hours, c.period, c.verify_url, "志愿服务证明", "共8条服务记录"]
    {
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
