//! `[coverage]`: the region's outline, the built-up area and the off-road speed.

use super::*;

/// Default speed of the leg from a place to its nearest road node, km/h.
pub(super) const DEFAULT_OFF_ROAD_KMH: f64 = 20.0;
/// Default margin around the network's hull, metres.
pub(super) const DEFAULT_MARGIN_M: f64 = 1_000.0;

pub(super) fn area_settings(raw: &RawScenario, doc: &Document, p: &mut Problems) -> AreaSettings {
    let builtin = raw
        .network
        .builtin
        .as_deref()
        .and_then(|name| doc.builtin(name).ok());
    let mut area = AreaSettings {
        boundary: None,
        boundary_source: None,
        builtin_outline: None,
        builtup: None,
        off_road_kmh: DEFAULT_OFF_ROAD_KMH,
        margin_m: DEFAULT_MARGIN_M,
    };
    if let Some(b) = builtin {
        match (b.boundary_polygon(), b.builtup_polygon()) {
            (Ok(outline), Ok(builtup)) => {
                area.boundary = Some(outline);
                area.boundary_source = Some(format!("builtin `{}` district outline", b.name));
                area.builtin_outline = Some(b.name.to_string());
                area.builtup = Some(builtup);
            }
            (Err(e), _) | (_, Err(e)) => p.error("network.builtin", builtin_said(&e)),
        }
    }
    let Some(c) = &raw.coverage else {
        return area;
    };
    if let Some(v) = c.off_road_kmh
        && p.number("coverage.off_road_kmh", v, 0.0, true)
    {
        area.off_road_kmh = v;
    }
    if let Some(v) = c.margin_m
        && p.number("coverage.margin_m", v, 0.0, false)
    {
        area.margin_m = v;
    }
    let mut read = |key: &str, file: &str| polygon_at(doc, &join_key("coverage", key), file, p);
    if let Some(file) = &c.boundary {
        area.boundary = read("boundary", file);
        area.boundary_source = Some(file.clone());
        area.builtin_outline = None;
    }
    if let Some(file) = &c.builtup {
        area.builtup = read("builtup", file);
    }
    area
}

/// The folder of the file that holds `key_path`, for relative paths.
pub(super) fn base_dir(doc: &Document, key_path: &str) -> std::path::PathBuf {
    doc.locate(key_path)
        .and_then(|(f, _)| f.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_default()
}

/// Reads a GeoJSON polygon named at `key_path`.
pub(super) fn polygon_at(
    doc: &Document,
    key_path: &str,
    file: &str,
    p: &mut Problems,
) -> Option<geo::Polygon<f64>> {
    let full = base_dir(doc, key_path).join(file);
    let text = match crate::input::read_text(&full, crate::input::Limit::Geodata) {
        Ok(t) => t,
        Err(e) => {
            p.error(key_path, e.said());
            return None;
        }
    };
    match crate::network::geojson::read_polygon(&text, &full.display().to_string()) {
        Ok(poly) => Some(poly),
        Err(e) => {
            p.error(key_path, e);
            None
        }
    }
}
