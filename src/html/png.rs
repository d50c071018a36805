//! Maps as PNG for Word and WPS, which paste pictures, not SVG: the SVG
//! rasterised by resvg with a CJK font from the system (Noto Sans CJK,
//! Source Han Sans, WenQuanYi, Microsoft YaHei...), so that 梁平 is drawn,
//! not boxes. `FIRECOVER_FONT_DIR` replaces the system's fonts with the
//! fonts of one folder.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::i18n::Lang;

/// Families that hold the Chinese glyphs, most wanted first.
const CJK_FAMILIES: [&str; 14] = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "SimSun",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Sans CJK JP",
];

/// Most pixels a picture may have (a 4,000 × 4,000 map at most).
const MAX_PIXELS: u64 = 16_000_000;

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// No font on the system draws Chinese.
    #[error("{}", .0.message(Lang::En))]
    NoCjkFont(FontSearch),
    /// The SVG could not be read (a defect: firecover wrote it).
    #[error("rasterising a map: {0}")]
    Svg(String),
    /// The picture would be empty or too large.
    #[error("rasterising a map: a {0} × {1} pixel picture is empty or too large")]
    Size(u32, u32),
}

/// Where fonts were looked for.
#[derive(Debug, Clone)]
pub enum FontSearch {
    /// The system's font folders.
    System,
    /// The folder `FIRECOVER_FONT_DIR` names.
    FontDir(std::path::PathBuf),
}

impl FontSearch {
    /// Why no map can be drawn, and what to install, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FontSearch::System => lang.t("png-no-cjk-font-system"),
            FontSearch::FontDir(dir) => {
                crate::tr!(lang, "png-no-cjk-font-dir", dir = dir.display().to_string())
            }
        }
    }
}

impl PngError {
    /// The error in `lang` (the missing font is explained in the
    /// catalogue's words; the other errors are defects, said in English).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PngError::NoCjkFont(search) => search.message(lang),
            other => other.to_string(),
        }
    }
}

/// Fonts loaded once per process, and the CJK family found among them.
pub struct Rasteriser {
    fontdb: Arc<usvg::fontdb::Database>,
    family: String,
}

/// The process's rasteriser: fonts are looked up the first time.
pub fn rasteriser() -> Result<&'static Rasteriser, &'static PngError> {
    static ONCE: OnceLock<Result<Rasteriser, PngError>> = OnceLock::new();
    ONCE.get_or_init(load).as_ref()
}

fn load() -> Result<Rasteriser, PngError> {
    let mut db = usvg::fontdb::Database::new();
    let search = match std::env::var_os("FIRECOVER_FONT_DIR") {
        Some(dir) => {
            db.load_fonts_dir(&dir);
            FontSearch::FontDir(dir.into())
        }
        None => {
            db.load_system_fonts();
            FontSearch::System
        }
    };
    let has = |family: &str| {
        db.faces()
            .any(|f| f.families.iter().any(|(name, _)| name == family))
    };
    let Some(family) = CJK_FAMILIES.iter().find(|f| has(f)).map(|f| f.to_string()) else {
        return Err(PngError::NoCjkFont(search));
    };
    // the maps ask for these families, then `sans-serif`
    db.set_sans_serif_family(family.clone());
    Ok(Rasteriser {
        fontdb: Arc::new(db),
        family,
    })
}

impl Rasteriser {
    /// The CJK family text is drawn with.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// `svg` as PNG bytes, `scale` pixels per SVG unit, on white; a
    /// picture that would exceed the pixel cap (a long, thin district's
    /// map) is drawn at the largest scale that fits it instead.
    pub fn png(&self, svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
        let options = usvg::Options {
            font_family: self.family.clone(),
            fontdb: Arc::clone(&self.fontdb),
            languages: vec!["zh-Hans".into(), "en".into()],
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
        let size = tree.size();
        let pixels = |scale: f32| {
            (
                (size.width() * scale).ceil() as u32,
                (size.height() * scale).ceil() as u32,
            )
        };
        let (mut w, mut h) = pixels(scale);
        let mut scale = scale;
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            // the largest scale whose picture fits the cap, with room for
            // the rounding up of each side
            let area = f64::from(size.width()) * f64::from(size.height());
            scale = ((MAX_PIXELS as f64 / area).sqrt() * 0.995) as f32;
            (w, h) = pixels(scale);
        }
        if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(PngError::Size(w, h));
        }
        let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap
            .encode_png()
            .map_err(|e| PngError::Svg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_svg_becomes_a_png_of_its_size_times_the_scale() {
        let Ok(r) = rasteriser() else {
            // machines without CJK fonts are covered by the CLI test
            return;
        };
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="60" height="40" fill="#c62828"/><text x="64" y="28" font-size="20" font-family="Noto Sans CJK SC, sans-serif">梁平</text></svg>"##;
        let png = r.png(svg, 2.0).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, at bytes 16..24
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), (240, 80));
    }

    /// A long, thin district's map (167 × 17 km made a 1995 × 12131
    /// picture, and the report was lost) is drawn smaller, within the cap.
    #[test]
    fn a_picture_over_the_pixel_cap_is_drawn_at_the_scale_that_fits() {
        let Ok(r) = rasteriser() else {
            return;
        };
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1108" height="6739"><rect width="1108" height="6739" fill="#1f77b4"/></svg>"##;
        let png = r.png(svg, 1.8).unwrap();
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert!(u64::from(w) * u64::from(h) <= MAX_PIXELS, "{w} × {h}");
        // the shape is kept, and it is not drawn needlessly small
        assert!((f64::from(h) / f64::from(w) - 6739.0 / 1108.0).abs() < 0.01);
        assert!(
            u64::from(w) * u64::from(h) > MAX_PIXELS * 9 / 10,
            "{w} × {h}"
        );
    }
}
