//! Layout and drawing of the certificate page. Layout is computed first as plain
//! positioned runs so it can be checked without parsing the PDF.

use krilla::Document;
use krilla::geom::{Point, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;

use crate::draw::{Align, Builder, Ink, Run, fill, fit, frame, paint, rect_path, rule, stroke};
use crate::fonts::{Fonts, Metrics};
use crate::wrap::wrap;
use crate::{Certificate, PdfError, qr};

// A4 portrait in points, with a 72 pt (one inch) text margin.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const LEFT: f32 = 72.0;
const RIGHT: f32 = PAGE_W - 72.0;
const TEXT_W: f32 = RIGHT - LEFT;
/// First baseline of the body text.
const FLOW_TOP: f32 = 244.0;
/// Top of the QR / issuer block; the body must end above it.
const BLOCK_TOP: f32 = 636.0;
const QR_SIZE: f32 = 96.0;
/// Lowest baseline allowed (inside the inner border at PAGE_H - 34).
const BOTTOM: f32 = PAGE_H - 44.0;
/// Body sizes tried in turn until the text fits above the bottom block.
const BODY_SIZES: [f32; 5] = [14.0, 13.0, 12.0, 11.0, 10.0];

#[cfg_attr(not(test), allow(dead_code))] // sizes are only checked by tests
struct Layout {
    runs: Vec<Run>,
    qr: krilla::geom::Path,
    body_size: f32,
    summary_lines: usize,
}

fn layout(regular: &Metrics, bold: &Metrics, c: &Certificate) -> Result<Layout, PdfError> {
    for body_size in BODY_SIZES {
        let mut b = Builder::new(regular, bold, LEFT, TEXT_W);
        let summary_lines = flow(&mut b, c, body_size);
        let last = b.runs.last().map_or(FLOW_TOP, |r| r.y);
        if last + body_size <= BLOCK_TOP {
            header(&mut b, c);
            let qr = footer(&mut b, c)?;
            return Ok(Layout { runs: b.runs, qr, body_size, summary_lines });
        }
    }
    Err(PdfError::Render("certificate text does not fit on one page; shorten the summary".into()))
}

fn header(b: &mut Builder, c: &Certificate) {
    let number = format!("{}{}", c.words.number, c.number);
    b.line(&number, RIGHT, 76.0, Align::Right, (10.0, 0.0, false, Ink::Muted));
    let (size, tracking) = fit(b.metrics(true), c.words.title, (34.0, 10.0), TEXT_W);
    b.line(c.words.title, PAGE_W / 2.0, 150.0, Align::Center, (size, tracking, true, Ink::Accent));
    b.line(c.words.subtitle, PAGE_W / 2.0, 178.0, Align::Center, (11.0, 1.0, false, Ink::Muted));
}

/// Body sentence, summary and note; returns how many lines the summary took.
fn flow(b: &mut Builder, c: &Certificate, size: f32) -> usize {
    let lead = size * 1.8;
    let text = (size, 0.0, false, Ink::Text);
    // Chinese paragraphs open with a two-character indent.
    let (_, y) = b.paragraph(c.statement, 2.0 * size, FLOW_TOP, lead, text);

    let y = y + lead * 0.4;
    let indent = b.line(c.words.content, LEFT, y, Align::Left, (size, 0.0, true, Ink::Text));
    let (summary_lines, y) = b.paragraph(c.summary.trim(), indent, y, lead, text);

    let note_size = (size * 0.8).max(9.0);
    b.paragraph(c.words.note, 0.0, y + lead * 0.4, note_size * 1.7, (note_size, 0.0, false, Ink::Muted));
    summary_lines
}

/// The verification URL in lines of at most `max`: whole if it fits, else broken after its last
/// `/` so that the certificate number (what a reader types) stays on one line; only an address
/// too long for that is split anywhere before the number.
fn url_lines(url: &str, max: f32, width_of: impl Fn(char) -> f32 + Copy) -> Vec<&str> {
    let width = |s: &str| s.chars().map(width_of).sum::<f32>();
    if width(url) <= max {
        return vec![url];
    }
    match url.rfind('/') {
        Some(i) if i + 1 < url.len() => {
            let (base, number) = url.split_at(i + 1);
            let mut lines = wrap(base, max, max, width_of);
            lines.push(number);
            lines
        }
        _ => wrap(url, max, max, width_of),
    }
}

/// QR code with caption bottom left, issuer and date bottom right.
fn footer(b: &mut Builder, c: &Certificate) -> Result<krilla::geom::Path, PdfError> {
    let qr_top = BLOCK_TOP + 12.0;
    let (qr, module) = qr::path(c.verify_url, LEFT, qr_top, QR_SIZE)?;
    // Captions start below the quiet zone so scanners find the symbol's edge.
    let caption_y = qr_top + QR_SIZE + qr::QUIET as f32 * module + 8.0;
    b.line(c.words.scan, LEFT, caption_y, Align::Left, (9.0, 1.0, false, Ink::Text));
    let url = (7.0, 0.0, false, Ink::Muted);
    let m = b.metrics(false);
    let lines = url_lines(c.verify_url, 200.0, |ch| m.advance(ch, url.0));
    for (i, line) in lines.iter().enumerate() {
        let y = caption_y + 12.0 + i as f32 * 9.0;
        if y > BOTTOM {
            return Err(PdfError::Render("verification URL too long".into()));
        }
        b.line(line, LEFT, y, Align::Left, url);
    }

    // Issuer and date sit bottom right, the date level with the lower QR half.
    let date_y = qr_top + QR_SIZE * 0.8;
    b.line(
        &format!("{}{}", c.words.issued_on, c.issued_on),
        RIGHT,
        date_y,
        Align::Right,
        (12.0, 0.0, false, Ink::Text),
    );
    let issuer = (14.0, 0.0, true, Ink::Text);
    let m = b.metrics(true);
    let lines = wrap(c.issuer, TEXT_W - QR_SIZE - 40.0, TEXT_W - QR_SIZE - 40.0, |ch| m.advance(ch, issuer.0));
    let n = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let y = date_y - 28.0 - (n - 1 - i) as f32 * 20.0;
        if y < BLOCK_TOP {
            return Err(PdfError::Render("issuer name too long".into()));
        }
        b.line(line, RIGHT, y, Align::Right, issuer);
    }
    Ok(qr)
}

pub(crate) fn render(fonts: &Fonts, c: &Certificate) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = (fonts.regular.metrics()?, fonts.bold.metrics()?);
    let layout = layout(&regular, &bold, c)?;

    let mut doc = Document::new();
    let title = format!("{} {}", c.words.title, c.number);
    doc.set_metadata(Metadata::new().title(title).language(c.words.language.into()));
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Render("bad page size".into()))?;
    let mut page = doc.start_page_with(settings);
    let mut s = page.surface();

    // The classic certificate border: thick outer, thin inner frame.
    frame(&mut s, 28.0, 28.0, PAGE_W - 56.0, PAGE_H - 56.0, 6.0);
    rule(&mut s, PAGE_W / 2.0 - 60.0, PAGE_W / 2.0 + 60.0, 194.0, 0.8);
    paint(&mut s, fonts, &regular, &bold, &layout.runs);
    s.set_fill(Some(fill(Ink::Text, 1.0)));
    s.draw_path(&layout.qr);
    if c.revoked {
        stamp(&mut s, fonts, &bold, c.words.revoked);
    }

    s.finish();
    page.finish();
    doc.finish().map_err(|e| PdfError::Render(e.to_string()))
}

/// A tilted red rubber-stamp mark over the body; translucent so the text stays legible.
fn stamp(s: &mut Surface, fonts: &Fonts, bold: &Metrics, words: [&str; 2]) {
    let (cx, cy) = (PAGE_W / 2.0, 430.0);
    s.push_transform(&Transform::from_rotate_at(-18.0, cx, cy));
    s.set_fill(None);
    for (pad, width) in [(0.0, 4.0), (8.0, 1.2)] {
        if let Some(p) = rect_path(cx - 160.0 + pad, cy - 70.0 + pad, 320.0 - 2.0 * pad, 140.0 - 2.0 * pad) {
            s.set_stroke(Some(stroke(Ink::Stamp, width, 0.85)));
            s.draw_path(&p);
        }
    }
    s.set_stroke(None);
    s.set_fill(Some(fill(Ink::Stamp, 0.85)));
    for (text, style, y) in [(words[0], (56.0, 16.0), cy + 10.0), (words[1], (24.0, 8.0), cy + 48.0)] {
        let (size, tracking) = fit(bold, text, style, 300.0);
        let x = cx - bold.width(text, size, tracking) / 2.0;
        let glyphs = bold.glyphs(text, size, tracking);
        s.draw_glyphs(Point::from_xy(x, y), &glyphs, fonts.bold.font.clone(), text, size, false);
    }
    s.pop();
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn fonts() -> Fonts {
        Fonts::find(&[]).expect("fonts-noto-cjk must be installed for these tests")
    }

    const WORDS: crate::CertificateWords = crate::CertificateWords {
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

    fn sample<'a>(summary: &'a str) -> Certificate<'a> {
        Certificate {
            words: &WORDS,
            number: "ZM2026-7K3QX9PD",
            statement: "兹证明 张三（公民身份号码：500101********1234）于 2026年01月01日 至 2026年11月30日 期间在本单位参加志愿服务，经核实，累计服务时长 12.5 小时（共 8 条服务记录）。",
            issuer: "万州阳光社工服务中心",
            summary,
            issued_on: "2026年11月30日",
            verify_url: "https://wushe.example.org/public/certificates/ZM2026-7K3QX9PD",
            revoked: false,
        }
    }

    const LONG: &str = "参与社区老年人关爱探访活动，定期上门陪伴独居老人聊天、协助整理家务并记录老人的健康与生活需求；\
        协助社区开展垃圾分类宣传，在小区入口设点讲解分类知识，发放宣传资料 300 余份；参加防汛抗旱应急演练，\
        负责物资登记与转运；在周末课堂为外来务工人员子女辅导作业，内容涵盖语文阅读、数学练习与英语口语（English speaking）；\
        协助组织“邻里节”文体活动，承担现场秩序维护、签到登记及摄影记录等工作，服务态度认真负责，获得居民和社区工作人员的一致好评。";

    #[test]
    fn the_certificate_number_is_never_broken_in_the_url() {
        let width = |_: char| 4.0;
        let url = "https://wushe.example.org/public/certificates/ZM2026-7K3QX9PD";
        // Too wide for one line of 50 characters: the number stands alone on the last line.
        let lines = url_lines(url, 200.0, width);
        assert_eq!(lines.concat(), url);
        assert_eq!(lines.last(), Some(&"ZM2026-7K3QX9PD"));
        assert!(lines.iter().all(|l| l.chars().count() <= 50), "{lines:?}");
        // A long host still keeps the number whole; a short URL is one line.
        let long = format!("https://{}.example.org/public/certificates/ZM2026-7K3QX9PD", "x".repeat(80));
        assert_eq!(url_lines(&long, 200.0, width).last(), Some(&"ZM2026-7K3QX9PD"));
        assert_eq!(url_lines("https://a.cn/c/ZM1", 200.0, width), ["https://a.cn/c/ZM1"]);
    }

    #[test]
    fn long_summary_wraps_and_stays_inside_the_page() {
        let f = fonts();
        let (r, b) = (f.regular.metrics().unwrap(), f.bold.metrics().unwrap());
        let layout = layout(&r, &b, &sample(LONG)).unwrap();
        assert!(layout.summary_lines >= 5, "summary took {} lines", layout.summary_lines);
        for run in &layout.runs {
            assert!(run.x >= LEFT - 0.01 && run.x + run.width <= RIGHT + 0.01, "{run:?} leaves the column");
            assert!(run.y > 40.0 && run.y <= BOTTOM, "{run:?} leaves the page");
        }
    }

    #[test]
    fn short_summary_keeps_the_largest_body_size() {
        let f = fonts();
        let (r, b) = (f.regular.metrics().unwrap(), f.bold.metrics().unwrap());
        let layout = layout(&r, &b, &sample("社区服务。")).unwrap();
        assert_eq!(layout.body_size, BODY_SIZES[0]);
    }

    /// A title longer than the page is wide (as in English) is set smaller, inside the column.
    #[test]
    fn a_long_title_is_made_to_fit() {
        let f = fonts();
        let (r, b) = (f.regular.metrics().unwrap(), f.bold.metrics().unwrap());
        let words = crate::CertificateWords { title: "Certificate of Volunteer Service", ..WORDS };
        let c = Certificate { words: &words, revoked: true, ..sample("Community service.") };
        let layout = layout(&r, &b, &c).unwrap();
        let title = layout.runs.iter().find(|run| run.text == words.title).expect("the title is set");
        assert!(title.x >= LEFT - 0.01 && title.x + title.width <= RIGHT + 0.01, "{title:?}");
        assert!(crate::certificate(&f, &c).unwrap().starts_with(b"%PDF"));
    }

    #[test]
    fn oversized_summary_is_an_error_not_an_overflow() {
        let f = fonts();
        let huge = LONG.repeat(6);
        assert!(matches!(crate::certificate(&f, &sample(&huge)), Err(PdfError::Render(_))));
    }
}
