//! The donation receipt (捐赠收据): one A4 page with the number, the donor, the fund, the amount in
//! figures and in capital numerals, the matching it drew, and the ledger transaction.

use krilla::Document;
use krilla::geom::{Point, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;

use crate::draw::{Align, Builder, Ink, Run, fill, fit, frame, paint, rule};
use crate::fonts::{Fonts, Metrics};
use crate::{PdfError, Receipt};

// A4 portrait in points: room for long names and purposes.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const LEFT: f32 = 64.0;
const RIGHT: f32 = PAGE_W - 64.0;
const BOTTOM: f32 = PAGE_H - 36.0;

fn layout(regular: &Metrics, bold: &Metrics, r: &Receipt) -> Result<Vec<Run>, PdfError> {
    let mut b = Builder::new(regular, bold, LEFT, RIGHT - LEFT);
    let w = r.words;
    b.line(&format!("{}{}", w.number, r.number), RIGHT, 58.0, Align::Right, (10.0, 0.0, false, Ink::Muted));
    let (size, tracking) = fit(b.metrics(true), w.title, (26.0, 8.0), RIGHT - LEFT);
    b.line(w.title, PAGE_W / 2.0, 96.0, Align::Center, (size, tracking, true, Ink::Accent));
    b.line(w.subtitle, PAGE_W / 2.0, 116.0, Align::Center, (10.0, 1.0, false, Ink::Muted));
    let label = (12.0, 0.0, true, Ink::Text);
    let text = (12.0, 0.0, false, Ink::Text);
    let mut y = 150.0;
    let values = [r.donor, r.fund, r.kind, r.purpose, r.amount, r.amount_words];
    for (name, value) in w.rows.into_iter().zip(values) {
        let w = b.line(name, LEFT, y, Align::Left, label);
        let (_, next) = b.paragraph(value, w, y, 20.0, text);
        y = next;
    }
    if let Some(m) = r.matched {
        let (_, next) = b.paragraph(m, 0.0, y + 2.0, 16.0, (10.0, 0.0, false, Ink::Accent));
        y = next;
    }
    let (_, y) = b.paragraph(r.note, 0.0, y + 6.0, 14.0, (9.0, 0.0, false, Ink::Muted));
    let date_y = y + 40.0;
    b.line(r.holder, RIGHT, date_y, Align::Right, (12.0, 0.0, true, Ink::Text));
    b.line(&format!("{}{}", w.date, r.date), RIGHT, date_y + 18.0, Align::Right, (10.0, 0.0, false, Ink::Text));
    if b.runs.iter().any(|run| run.y > BOTTOM || run.x + run.width > RIGHT + 0.01) {
        return Err(PdfError::Render("receipt text does not fit on one page".into()));
    }
    Ok(b.runs)
}

pub(crate) fn render(fonts: &Fonts, r: &Receipt) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = (fonts.regular.metrics()?, fonts.bold.metrics()?);
    let runs = layout(&regular, &bold, r)?;
    let mut doc = Document::new();
    let title = format!("{} {}", r.words.title, r.number);
    doc.set_metadata(Metadata::new().title(title).language(r.words.language.into()));
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Render("bad page size".into()))?;
    let mut page = doc.start_page_with(settings);
    let mut s = page.surface();
    frame(&mut s, 24.0, 24.0, PAGE_W - 48.0, PAGE_H - 48.0, 5.0);
    rule(&mut s, PAGE_W / 2.0 - 50.0, PAGE_W / 2.0 + 50.0, 126.0, 0.8);
    paint(&mut s, fonts, &regular, &bold, &runs);
    if r.reversed {
        // A reversed gift's receipt says so across the page.
        let (cx, cy) = (PAGE_W / 2.0, 300.0);
        s.push_transform(&Transform::from_rotate_at(-15.0, cx, cy));
        s.set_fill(Some(fill(Ink::Stamp, 0.8)));
        let text = r.words.reversed;
        let (size, tracking) = fit(&bold, text, (44.0, 12.0), RIGHT - LEFT);
        let x = cx - bold.width(text, size, tracking) / 2.0;
        let glyphs = bold.glyphs(text, size, tracking);
        s.draw_glyphs(Point::from_xy(x, cy), &glyphs, fonts.bold.font.clone(), text, size, false);
        s.pop();
    }
    s.finish();
    page.finish();
    doc.finish().map_err(|e| PdfError::Render(e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const WORDS: crate::ReceiptWords = crate::ReceiptWords {
        language: "zh-CN",
        title: "捐赠收据",
        subtitle: "Donation Receipt",
        number: "收据编号：",
        rows: ["捐赠方：", "受赠基金：", "捐赠形式：", "捐赠用途：", "金额（小写）：", "金额（大写）："],
        date: "开具日期：",
        reversed: "已冲正作废",
    };

    fn sample<'a>(purpose: &'a str) -> Receipt<'a> {
        Receipt {
            words: &WORDS,
            number: "JZ2026-00000042",
            donor: "万州爱心企业",
            fund: "万州社工关爱基金",
            holder: "万州区慈善会",
            kind: "货币",
            purpose,
            amount: "¥200.00",
            amount_words: "人民币贰佰元整",
            matched: Some("市慈善总会按 1:1 配捐 ¥200.00（配捐不计入捐赠方的捐赠）"),
            date: "2026年11月30日",
            note: "本收据所载款物已记入慈善资源台账（交易 #42）。感谢您的爱心捐赠！",
            reversed: false,
        }
    }

    #[test]
    fn every_run_stays_inside_the_frame() {
        let f = Fonts::find(&[]).expect("fonts-noto-cjk must be installed for these tests");
        let (r, b) = (f.regular.metrics().unwrap(), f.bold.metrics().unwrap());
        let runs = layout(&r, &b, &sample("困难群众救助")).unwrap();
        for run in &runs {
            assert!(run.x >= LEFT - 0.01 && run.x + run.width <= RIGHT + 0.01, "{run:?} leaves the column");
        }
        let huge = "困难群众救助".repeat(200);
        assert!(matches!(crate::receipt(&f, &sample(&huge)), Err(PdfError::Render(_))));
    }

    /// The longest values the product hands over (each clipped by the caller) fit the page.
    #[test]
    fn the_longest_fields_fit() {
        let f = Fonts::find(&[]).expect("fonts-noto-cjk must be installed for these tests");
        let long = |n: usize| "慈".repeat(n);
        let (donor, fund, holder, kind, purpose) = (long(60), long(100), long(36), long(110), long(110));
        let r = Receipt {
            donor: &donor,
            fund: &fund,
            holder: &holder,
            kind: &kind,
            purpose: &purpose,
            amount_words: "人民币壹亿元整",
            ..sample("")
        };
        let bytes = crate::receipt(&f, &r).expect("fits on the page");
        assert!(bytes.starts_with(b"%PDF"));
    }
}
