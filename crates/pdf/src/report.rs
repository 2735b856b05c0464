//! A report of several A4 pages: headings, paragraphs, tables and horizontal bar charts laid out
//! top to bottom, a new page whenever the next block would not fit. Cells too wide for their
//! column are shortened with an ellipsis rather than overflowing.

use krilla::Document;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;

use crate::draw::{Align, Builder, Ink, Run, fill, paint, rect_path, rule};
use crate::fonts::{Fonts, Metrics};
use crate::{Block, PdfError, Report};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const LEFT: f32 = 48.0;
const RIGHT: f32 = PAGE_W - 48.0;
const TOP: f32 = 60.0;
const BOTTOM: f32 = PAGE_H - 48.0;
const ROW: f32 = 17.0;
const CELL: (f32, f32, bool, Ink) = (9.0, 0.0, false, Ink::Text);
const HEAD: (f32, f32, bool, Ink) = (9.0, 0.0, true, Ink::Accent);

/// One page: its text and its filled rectangles (bars, table shading).
#[derive(Default)]
pub(crate) struct Page {
    pub runs: Vec<Run>,
    pub bars: Vec<(f32, f32, f32, f32, Ink, f32)>,
    pub rules: Vec<f32>,
}

struct Layout<'m> {
    regular: &'m Metrics<'m>,
    bold: &'m Metrics<'m>,
    pages: Vec<Page>,
    y: f32,
}

impl<'m> Layout<'m> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        self.pages.last_mut().unwrap_or_else(|| unreachable!("a page was just added"))
    }

    /// Starts a new page unless `height` more fits on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.pages.push(Page::default());
            self.y = TOP;
        }
    }

    fn builder(&self) -> Builder<'m> {
        Builder::new(self.regular, self.bold, LEFT, RIGHT - LEFT)
    }

    fn push(&mut self, b: Builder<'_>) {
        self.page().runs.extend(b.runs);
    }

    /// `text` cut to `width` points, with an ellipsis when cut.
    fn fit(&self, text: &str, width: f32, bold: bool) -> String {
        let m = if bold { self.bold } else { self.regular };
        if m.width(text, CELL.0, 0.0) <= width {
            return text.to_owned();
        }
        let mut out = String::new();
        for c in text.chars() {
            if m.width(&format!("{out}{c}…"), CELL.0, 0.0) > width {
                break;
            }
            out.push(c);
        }
        out + "…"
    }

    fn table(&mut self, headers: &[String], widths: &[f32], rows: &[Vec<String>]) {
        let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
        let cols: Vec<(f32, f32)> = widths
            .iter()
            .scan(LEFT, |x, w| {
                let width = w / total * (RIGHT - LEFT);
                let at = *x;
                *x += width;
                Some((at, width))
            })
            .collect();
        let mut head = true;
        for row in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
            self.room(ROW + if head { 0.0 } else { ROW });
            let mut b = self.builder();
            for (i, ((x, w), cell)) in cols.iter().zip(row).enumerate() {
                let text = self.fit(cell, w - 6.0, head);
                // Numbers read best right-aligned; the first column is a name.
                if i == 0 {
                    b.line(&text, *x, self.y, Align::Left, if head { HEAD } else { CELL });
                } else {
                    b.line(&text, x + w - 4.0, self.y, Align::Right, if head { HEAD } else { CELL });
                }
            }
            self.push(b);
            if head {
                let y = self.y + 5.0;
                self.page().rules.push(y);
            }
            self.y += ROW;
            head = false;
        }
        self.y += 6.0;
    }

    fn bars(&mut self, items: &[(String, f64, String)]) {
        let most = items.iter().map(|i| i.1).fold(0.0_f64, f64::max);
        let (label_w, value_w) = (110.0, 70.0);
        let bar_w = RIGHT - LEFT - label_w - value_w;
        for (label, value, text) in items {
            self.room(ROW);
            let mut b = self.builder();
            let label = self.fit(label, label_w - 6.0, false);
            b.line(&label, LEFT, self.y, Align::Left, CELL);
            b.line(text, RIGHT, self.y, Align::Right, CELL);
            self.push(b);
            let w = if most > 0.0 { (value / most) as f32 * bar_w } else { 0.0 };
            let y = self.y;
            self.page().bars.push((LEFT + label_w, y - 9.0, w.max(0.5), 11.0, Ink::Accent, 0.75));
            self.y += ROW;
        }
        self.y += 6.0;
    }
}

pub(crate) fn layout(regular: &Metrics, bold: &Metrics, r: &Report) -> Vec<Page> {
    let mut l = Layout { regular, bold, pages: vec![Page::default()], y: TOP };
    let mut b = l.builder();
    b.line(r.title, PAGE_W / 2.0, 84.0, Align::Center, (20.0, 2.0, true, Ink::Accent));
    b.line(r.subtitle, PAGE_W / 2.0, 106.0, Align::Center, (10.0, 0.0, false, Ink::Muted));
    l.push(b);
    l.y = 140.0;
    for block in &r.blocks {
        match block {
            Block::Heading(text) => {
                l.room(3.0 * ROW);
                let mut b = l.builder();
                b.line(text, LEFT, l.y, Align::Left, (13.0, 0.0, true, Ink::Accent));
                l.push(b);
                l.y += 22.0;
            }
            Block::Paragraph(text) => {
                let mut b = l.builder();
                let (lines, _) = b.paragraph(text, 0.0, 0.0, 15.0, (10.0, 0.0, false, Ink::Text));
                l.room(lines as f32 * 15.0);
                let mut b = l.builder();
                let (_, end) = b.paragraph(text, 0.0, l.y, 15.0, (10.0, 0.0, false, Ink::Text));
                l.push(b);
                l.y = end + 6.0;
            }
            Block::Table { headers, widths, rows } => l.table(headers, widths, rows),
            Block::Bars(items) => l.bars(items),
        }
    }
    l.pages
}

pub(crate) fn render(fonts: &Fonts, r: &Report) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = (fonts.regular.metrics()?, fonts.bold.metrics()?);
    let pages = layout(&regular, &bold, r);
    let mut doc = Document::new();
    doc.set_metadata(Metadata::new().title(r.title.to_owned()).language("zh-CN".into()));
    let count = pages.len();
    for (n, p) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Render("bad page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for (x, y, w, h, ink, opacity) in &p.bars {
            if let Some(path) = rect_path(*x, *y, *w, *h) {
                s.set_fill(Some(fill(*ink, *opacity)));
                s.draw_path(&path);
            }
        }
        for y in &p.rules {
            rule(&mut s, LEFT, RIGHT, *y, 0.6);
        }
        let mut footer = Builder::new(&regular, &bold, LEFT, RIGHT - LEFT);
        footer.line(
            &format!("{} / {count}", n + 1),
            PAGE_W / 2.0,
            PAGE_H - 24.0,
            Align::Center,
            (8.0, 0.0, false, Ink::Muted),
        );
        paint(&mut s, fonts, &regular, &bold, &p.runs);
        paint(&mut s, fonts, &regular, &bold, &footer.runs);
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Render(e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn long_reports_break_into_pages_and_every_run_stays_inside() {
        let f = Fonts::find(&[]).expect("fonts-noto-cjk must be installed for these tests");
        let (reg, bold) = (f.regular.metrics().unwrap(), f.bold.metrics().unwrap());
        let rows: Vec<Vec<String>> = (0..120)
            .map(|i| vec![format!("很长很长的地区名称第{i}个功能区街道社区"), i.to_string(), "1.5".into()])
            .collect();
        let bars: Vec<(String, f64, String)> =
            (0..50).map(|i| (format!("区县{i}"), i as f64, format!("{i}"))).collect();
        let r = Report {
            title: "重庆市 2026 年度社会工作发展报告",
            subtitle: "2026-01-01 – 2026-12-31",
            blocks: vec![
                Block::Heading("主要数字".into()),
                Block::Paragraph("说明文字".repeat(40)),
                Block::Table {
                    headers: vec!["地区".into(), "数".into(), "率".into()],
                    widths: vec![3.0, 1.0, 1.0],
                    rows,
                },
                Block::Bars(bars),
            ],
        };
        let pages = layout(&reg, &bold, &r);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for p in &pages {
            for run in &p.runs {
                assert!(run.x >= LEFT - 0.01 && run.x + run.width <= RIGHT + 0.01, "{run:?} leaves the column");
                assert!(run.y <= BOTTOM + 0.01, "{run:?} below the page");
            }
        }
        let bytes = crate::report(&f, &r).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
}
