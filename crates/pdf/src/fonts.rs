//! Locating the Noto CJK faces and measuring text with them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::{FileRef, TableProvider as _};
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

use crate::PdfError;

/// Where Debian's `fonts-noto-cjk` (and older/alternative packagings) put the files.
const DEFAULT_DIRS: &[&str] = &[
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto-cjk",
    "/usr/share/fonts/truetype/noto-cjk",
    "/usr/local/share/fonts",
];

/// (regular, bold) file pairs in order of preference: the serif (Song-style) face
/// suits a formal certificate best; sans and the single-face OTFs are fallbacks.
const PAIRS: &[(&str, &str)] = &[
    ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
    ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
    ("NotoSerifCJKsc-Regular.otf", "NotoSerifCJKsc-Bold.otf"),
    ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf"),
];

/// Fonts loaded once at startup and shared (cheap to clone).
#[derive(Clone)]
pub struct Fonts {
    pub(crate) regular: Arc<Face>,
    pub(crate) bold: Arc<Face>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("regular", &(&self.regular.path, self.regular.index))
            .field("bold", &(&self.bold.path, self.bold.index))
            .finish()
    }
}

impl Fonts {
    /// Loads the regular and bold Simplified Chinese faces from the first directory
    /// that has a matching pair; an empty `dirs` means the standard Debian places.
    pub fn find(dirs: &[PathBuf]) -> Result<Fonts, PdfError> {
        let dirs: Vec<PathBuf> =
            if dirs.is_empty() { DEFAULT_DIRS.iter().map(PathBuf::from).collect() } else { dirs.to_vec() };
        // A broken file should not hide a good pair further down the list, but if
        // nothing loads, the broken file is the more useful error.
        let mut bad = None;
        for dir in &dirs {
            for (regular, bold) in PAIRS {
                let (r, b) = (dir.join(regular), dir.join(bold));
                if !(r.is_file() && b.is_file()) {
                    continue;
                }
                match (Face::load(&r), Face::load(&b)) {
                    (Ok(regular), Ok(bold)) => {
                        return Ok(Fonts { regular: Arc::new(regular), bold: Arc::new(bold) });
                    }
                    (Err(e), _) | (_, Err(e)) => bad = bad.or(Some(e)),
                }
            }
        }
        Err(bad.unwrap_or_else(|| {
            let looked: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            PdfError::FontMissing(format!("looked for a Noto CJK regular+bold pair in {}", looked.join(", ")))
        }))
    }
}

/// One face of a font file: the bytes (shared with krilla, which subsets them)
/// plus the face index inside the collection.
pub(crate) struct Face {
    path: PathBuf,
    data: Arc<Vec<u8>>,
    index: u32,
    pub(crate) font: Font,
}

impl Face {
    fn load(path: &Path) -> Result<Face, PdfError> {
        let bad = |why: &str| PdfError::BadFont(format!("{}: {why}", path.display()));
        let data = std::fs::read(path).map_err(|e| bad(&e.to_string()))?;
        let index = sc_index(&data).ok_or_else(|| bad("no Simplified Chinese (SC) face"))?;
        let data = Arc::new(data);
        let font = Font::new(data.clone().into(), index).ok_or_else(|| bad("unreadable face"))?;
        let face = Face { path: path.to_owned(), data, index, font };
        // Guard against a face that parses but cannot render the certificate.
        let m = face.metrics().map_err(|_| bad("unreadable face"))?;
        if "志愿服务证明".chars().any(|c| m.charmap.map(c).is_none()) {
            return Err(bad("face lacks Chinese glyphs"));
        }
        Ok(face)
    }

    pub(crate) fn metrics(&self) -> Result<Metrics<'_>, PdfError> {
        let font = FontRef::from_index(&self.data, self.index)
            .map_err(|e| PdfError::BadFont(format!("{}: {e}", self.path.display())))?;
        Ok(Metrics {
            charmap: font.charmap(),
            // Unscaled = font units; divided by units-per-em to get ems.
            glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            upem: f32::from(font.head().map(|h| h.units_per_em()).unwrap_or(1000)),
        })
    }
}

/// Picks the face whose family name carries the "SC" region tag, e.g.
/// "Noto Serif CJK SC"; the order inside the .ttc is not something to rely on.
fn sc_index(data: &[u8]) -> Option<u32> {
    let file = FileRef::new(data).ok()?;
    file.fonts().enumerate().find_map(|(i, font)| {
        let font = font.ok()?;
        let is_sc = [StringId::TYPOGRAPHIC_FAMILY_NAME, StringId::FAMILY_NAME]
            .into_iter()
            .filter_map(|id| font.localized_strings(id).english_or_first())
            .map(|name| name.to_string())
            // The sans collection also holds "Noto Sans Mono CJK SC"; we want the proportional one.
            .any(|name| !name.contains("Mono") && name.split_whitespace().any(|w| w == "SC"));
        is_sc.then_some(i as u32)
    })
}

/// Cmap + advances of one face. No shaping: what is measured is exactly what is
/// drawn, which keeps the wrapping guarantee honest (CJK needs no shaping here).
pub(crate) struct Metrics<'a> {
    charmap: Charmap<'a>,
    glyphs: GlyphMetrics<'a>,
    upem: f32,
}

impl Metrics<'_> {
    /// Glyph and advance in ems; unmapped chars fall back to .notdef.
    fn glyph(&self, c: char) -> (GlyphId, f32) {
        let gid = self.charmap.map(c).unwrap_or_default();
        let adv = self.glyphs.advance_width(gid).unwrap_or(0.0) / self.upem;
        (GlyphId::new(gid.to_u32()), adv)
    }

    /// Advance of one char at `size` points.
    pub(crate) fn advance(&self, c: char, size: f32) -> f32 {
        self.glyph(c).1 * size
    }

    /// Width of `text` at `size` with `tracking` points added between characters.
    pub(crate) fn width(&self, text: &str, size: f32, tracking: f32) -> f32 {
        let n = text.chars().count();
        let gaps = n.saturating_sub(1) as f32;
        text.chars().map(|c| self.advance(c, size)).sum::<f32>() + gaps * tracking
    }

    /// Positioned glyphs for krilla, with text ranges so the PDF stays searchable.
    pub(crate) fn glyphs(&self, text: &str, size: f32, tracking: f32) -> Vec<KrillaGlyph> {
        let extra = if size > 0.0 { tracking / size } else { 0.0 };
        let last = text.char_indices().last().map(|(i, _)| i);
        text.char_indices()
            .map(|(i, c)| {
                let (gid, adv) = self.glyph(c);
                let adv = if Some(i) == last { adv } else { adv + extra };
                KrillaGlyph::new(gid, adv, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn picks_the_sc_face_by_name() {
        let fonts = Fonts::find(&[]).expect("fonts-noto-cjk must be installed for this test");
        for face in [&fonts.regular, &fonts.bold] {
            let font = FontRef::from_index(&face.data, face.index).unwrap();
            let family = font.localized_strings(StringId::FAMILY_NAME).english_or_first().unwrap();
            assert!(family.to_string().ends_with("CJK SC"), "{family}");
        }
    }

    #[test]
    fn fonts_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync + Clone>() {}
        shareable::<Fonts>();
    }

    #[test]
    fn non_font_data_has_no_sc_face() {
        assert_eq!(sc_index(b"definitely not a font"), None);
    }
}
