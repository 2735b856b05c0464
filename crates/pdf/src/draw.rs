//! Drawing shared by the documents: inks, text runs laid out before drawing (so that tests can
//! check positions without parsing a PDF), wrapped paragraphs, rules and frames.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use crate::fonts::{Fonts, Metrics};
use crate::wrap::wrap;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Ink {
    Text,
    Accent,
    Muted,
    Stamp,
}

impl Ink {
    fn color(self) -> rgb::Color {
        match self {
            Ink::Text => rgb::Color::new(26, 26, 26),
            Ink::Accent => rgb::Color::new(140, 28, 28),
            Ink::Muted => rgb::Color::new(96, 96, 96),
            Ink::Stamp => rgb::Color::new(214, 0, 0),
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// One line of text at a fixed position; `y` is the baseline.
#[derive(Debug)]
#[cfg_attr(not(test), allow(dead_code))] // `width` is only checked by tests
pub(crate) struct Run {
    pub text: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub size: f32,
    pub tracking: f32,
    pub bold: bool,
    pub ink: Ink,
}

/// Style of a text run: (size, tracking, bold, ink).
pub(crate) type Style = (f32, f32, bool, Ink);

/// Places runs in a column from `left`, `width` wide.
pub(crate) struct Builder<'m> {
    pub regular: &'m Metrics<'m>,
    pub bold: &'m Metrics<'m>,
    pub left: f32,
    pub width: f32,
    pub runs: Vec<Run>,
}

impl<'m> Builder<'m> {
    pub fn new(regular: &'m Metrics<'m>, bold: &'m Metrics<'m>, left: f32, width: f32) -> Self {
        Builder { regular, bold, left, width, runs: Vec::new() }
    }

    pub fn metrics(&self, bold: bool) -> &Metrics<'_> {
        if bold { self.bold } else { self.regular }
    }

    /// Places one line; `x` is the left, centre or right edge depending on `align`.
    pub fn line(&mut self, text: &str, x: f32, y: f32, align: Align, style: Style) -> f32 {
        let (size, tracking, bold, ink) = style;
        let text = text.trim_end();
        let width = self.metrics(bold).width(text, size, tracking);
        let x = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        if !text.is_empty() {
            self.runs.push(Run { text: text.to_owned(), x, y, width, size, tracking, bold, ink });
        }
        width
    }

    /// Wraps `text` into the column; the first line starts `indent` points in.
    /// Returns the number of lines and the baseline after the last one.
    pub fn paragraph(&mut self, text: &str, indent: f32, y: f32, lead: f32, style: Style) -> (usize, f32) {
        let (size, _, bold, _) = style;
        let m = self.metrics(bold);
        let lines = wrap(text, self.width - indent, self.width, |c| m.advance(c, size));
        let n = lines.len();
        let left = self.left;
        for (i, line) in lines.into_iter().enumerate() {
            let x = if i == 0 { left + indent } else { left };
            self.line(line, x, y + i as f32 * lead, Align::Left, style);
        }
        (n, y + n as f32 * lead)
    }
}

/// Draws laid-out runs with the fonts they were measured with.
pub(crate) fn paint(s: &mut Surface, fonts: &Fonts, regular: &Metrics, bold: &Metrics, runs: &[Run]) {
    for run in runs {
        let (face, m) = if run.bold { (&fonts.bold, bold) } else { (&fonts.regular, regular) };
        s.set_fill(Some(fill(run.ink, 1.0)));
        let glyphs = m.glyphs(&run.text, run.size, run.tracking);
        let at = Point::from_xy(run.x, run.y);
        s.draw_glyphs(at, &glyphs, face.font.clone(), &run.text, run.size, false);
    }
}

pub(crate) fn fill(ink: Ink, opacity: f32) -> Fill {
    Fill {
        paint: ink.color().into(),
        opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
        rule: Default::default(),
    }
}

pub(crate) fn stroke(ink: Ink, width: f32, opacity: f32) -> Stroke {
    Stroke {
        paint: ink.color().into(),
        width,
        opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
        ..Default::default()
    }
}

pub(crate) fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

/// A framed rectangle: a thick outer and a thin inner line, `gap` apart.
pub(crate) fn frame(s: &mut Surface, x: f32, y: f32, w: f32, h: f32, gap: f32) {
    s.set_fill(None);
    for (inset, width) in [(0.0, 1.6), (gap, 0.6)] {
        if let Some(p) = rect_path(x + inset, y + inset, w - 2.0 * inset, h - 2.0 * inset) {
            s.set_stroke(Some(stroke(Ink::Accent, width, 1.0)));
            s.draw_path(&p);
        }
    }
    s.set_stroke(None);
}

pub(crate) fn rule(s: &mut Surface, x1: f32, x2: f32, y: f32, width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y);
    pb.line_to(x2, y);
    if let Some(p) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(stroke(Ink::Accent, width, 1.0)));
        s.draw_path(&p);
        s.set_stroke(None);
    }
}

/// A title's size and letter spacing, made smaller together when the text is wider than `room`
/// (a title in English is longer than in Chinese).
pub(crate) fn fit(m: &Metrics, text: &str, (size, tracking): (f32, f32), room: f32) -> (f32, f32) {
    let width = m.width(text, size, tracking);
    if width <= room {
        return (size, tracking);
    }
    let k = room / width;
    (size * k, tracking * k)
}
