//! QR code as vector rectangles: crisp at any zoom and no image codec needed.

use krilla::geom::{Path, PathBuilder, Rect};
use qrcode::{Color, EcLevel, QrCode};

use crate::PdfError;

/// Quiet zone the QR spec asks for, in modules.
pub(crate) const QUIET: usize = 4;

/// The dark modules of `data` as one path, scaled so the symbol (without quiet zone)
/// is `size` points wide with its top-left corner at (`x`, `y`). Also returns the
/// module size, so the caller can keep the quiet zone clear.
pub(crate) fn path(data: &str, x: f32, y: f32, size: f32) -> Result<(Path, f32), PdfError> {
    // Level M survives a smudged printout while keeping modules large.
    let code =
        QrCode::with_error_correction_level(data, EcLevel::M).map_err(|e| PdfError::Render(format!("QR code: {e}")))?;
    let n = code.width();
    let module = size / n as f32;
    let colors = code.to_colors();
    let mut pb = PathBuilder::new();
    for (row, cells) in colors.chunks(n).enumerate() {
        // One rectangle per horizontal run; filled as one path so no seams show.
        let mut col = 0;
        while col < n {
            if cells[col] == Color::Light {
                col += 1;
                continue;
            }
            let run = cells[col..].iter().take_while(|&&c| c == Color::Dark).count();
            let (rx, ry) = (x + col as f32 * module, y + row as f32 * module);
            if let Some(r) = Rect::from_xywh(rx, ry, run as f32 * module, module) {
                pb.push_rect(r);
            }
            col += run;
        }
    }
    let path = pb.finish().ok_or_else(|| PdfError::Render("QR code: empty path".into()))?;
    Ok((path, module))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn modules_are_large_enough_to_scan() {
        let (_, module) = path("https://example.org/v/ZM2026-7K3QX9PD", 10.0, 20.0, 96.0).unwrap();
        // 96 pt over 21..=37 modules: a URL this size needs version 3 or 4.
        assert!((2.5..=4.6).contains(&module), "module size {module}");
    }

    #[test]
    fn oversized_data_is_an_error() {
        let huge = "x".repeat(5000);
        assert!(matches!(path(&huge, 0.0, 0.0, 96.0), Err(PdfError::Render(_))));
    }
}
