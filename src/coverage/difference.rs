//! The difference map of two scenarios: where the area reached within the
//! standard grows or shrinks, which zones gain or lose in the share of
//! alarms reached in time, and which stations are new.

use std::fmt::Write;

use super::Coverage;
use super::geojson::grid_polygons;
use super::svg::{
    Extent, MAP_W, MARGIN, TITLE_H, View, document, escape, minutes, outline_layer, outside_mask,
    roads_layer, scale_bar, text_width,
};
use crate::i18n::Lang;
use crate::scenario::Scenario;
use crate::tr;

/// How one zone's share of alarms reached within the standard changed.
#[derive(Clone, Debug)]
pub struct ZoneChange {
    /// Zone name.
    pub name: String,
    /// Where to draw it (demand-weighted centre), WGS84.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Scenario − baseline, as a share.
    pub delta: f64,
    /// Its 95 % CI excludes zero.
    pub significant: bool,
}

/// New stations are named on the map only when there are at most this many.
const MAX_NAMED_NEW_STATIONS: usize = 6;

const GAIN: &str = "#1b7837";
const LOSS: &str = "#b2182b";
const BOTH: &str = "#90a4ae";

/// Fill of a zone marker: green for gains, red for losses, stronger for
/// larger changes; white when the change is not significant.
fn zone_fill(z: &ZoneChange) -> String {
    if !z.significant || z.delta == 0.0 {
        return "#ffffff".into();
    }
    let strength = (z.delta.abs() / 0.4).clamp(0.15, 1.0);
    let (r, g, b) = if z.delta > 0.0 {
        (27.0, 120.0, 55.0)
    } else {
        (178.0, 24.0, 43.0)
    };
    let mix = |c: f64| (255.0 - (255.0 - c) * strength).round();
    format!("rgb({},{},{})", mix(r), mix(g), mix(b))
}

/// Draws the difference map of an extent, or `None` when the two analyses
/// do not share a grid (different regions or cell sizes).
pub fn render_difference(
    baseline: (&Scenario, &Coverage),
    scenario: (&Scenario, &Coverage),
    zones: &[ZoneChange],
    title: &str,
    extent: Extent,
    lang: Lang,
) -> Option<String> {
    let (sa, ca) = baseline;
    let (sb, cb) = scenario;
    let (ga, gb) = (&ca.grid, &cb.grid);
    if (ga.nx, ga.ny, ga.x0, ga.y0, ga.cell_m) != (gb.nx, gb.ny, gb.x0, gb.y0, gb.cell_m) {
        return None;
    }
    let limit = ca.report.response_limit_s;
    let reached = |c: &Coverage, i: usize| c.best_s[i] <= limit;
    let mask = |f: &dyn Fn(usize) -> bool| -> Vec<f64> {
        (0..ga.len())
            .map(|i| if f(i) { 1.0 } else { 0.0 })
            .collect()
    };
    let gain = mask(&|i| reached(cb, i) && !reached(ca, i));
    let loss = mask(&|i| reached(ca, i) && !reached(cb, i));
    let both = mask(&|i| reached(ca, i) && reached(cb, i));
    let km2 = |m: &[f64]| m.iter().sum::<f64>() * ga.cell_km2();
    let (gain_km2, loss_km2, both_km2) = (km2(&gain), km2(&loss), km2(&both));

    let (view, map_h) = View::fit(sa, ga, extent);
    let proj = ga.projection;
    let mut o = String::new();
    // the map: drawn whole, then masked outside its frame (a clip-path
    // would make rasterisers allocate a layer as large as the district)
    let _ = writeln!(o, r#"<g id="map">"#);
    for (values, colour, opacity, id) in [
        (&both, BOTH, 0.30, "reached-in-both"),
        (&gain, GAIN, 0.55, "gained"),
        (&loss, LOSS, 0.55, "lost"),
    ] {
        let mp = grid_polygons(ga, values, 0.5);
        if !mp.0.is_empty() {
            let _ = writeln!(
                o,
                r#"<path id="{id}" d="{}" fill="{colour}" fill-opacity="{opacity}" fill-rule="evenodd" stroke="none"/>"#,
                view.multipolygon(&mp)
            );
        }
    }
    roads_layer(&mut o, sa, proj, &view);
    outline_layer(&mut o, sa, proj, &view);
    let _ = writeln!(o, "</g>");
    o.push_str(&outside_mask(map_h));
    let _ = writeln!(
        o,
        r##"<text x="{MARGIN}" y="26" font-size="18" font-weight="bold" fill="#212121">{}</text>"##,
        escape(title)
    );
    let _ = writeln!(
        o,
        r##"<text x="{MARGIN}" y="45" font-size="12" fill="#424242">{}</text>"##,
        escape(&tr!(
            lang,
            "map-diff-subtitle",
            limit = minutes(limit, lang)
        ))
    );
    let _ = writeln!(
        o,
        r##"<rect x="{MARGIN}" y="{TITLE_H}" width="{MAP_W}" height="{map_h:.1}" fill="none" stroke="#9e9e9e" stroke-width="0.6"/>"##
    );

    // zones: a marker each, under the stations
    let mut order: Vec<&ZoneChange> = zones.iter().collect();
    order.sort_by(|a, b| b.delta.abs().total_cmp(&a.delta.abs()));
    let zone_px: Vec<(f64, f64)> = order
        .iter()
        .map(|z| {
            let (x, y) = proj.xy(z.lon, z.lat);
            view.px(x, y)
        })
        .collect();
    let _ = writeln!(o, r#"<g id="zones">"#);
    let on_map = |(px, py): (f64, f64)| {
        (MARGIN..=MARGIN + MAP_W).contains(&px) && (TITLE_H..=TITLE_H + map_h).contains(&py)
    };
    for (z, &(px, py)) in order.iter().zip(&zone_px) {
        if !on_map((px, py)) {
            continue;
        }
        let changed = z.significant && z.delta != 0.0;
        let _ = writeln!(
            o,
            r##"<circle cx="{px:.1}" cy="{py:.1}" r="{}" fill="{}" stroke="{}" stroke-width="1"><title>{}</title></circle>"##,
            if changed { 8 } else { 4 },
            zone_fill(z),
            if changed { "#424242" } else { "#9e9e9e" },
            escape(&if z.significant {
                tr!(
                    lang,
                    "map-zone-change",
                    zone = z.name.as_str(),
                    pp = format!("{:+.1}", z.delta * 100.0)
                )
            } else {
                tr!(
                    lang,
                    "map-zone-change-ns",
                    zone = z.name.as_str(),
                    pp = format!("{:+.1}", z.delta * 100.0)
                )
            })
        );
    }
    let _ = writeln!(o, "</g>");

    // stations: the baseline's hollow, the scenario's new or moved ones filled
    let _ = writeln!(o, r#"<g id="stations">"#);
    let node_of = |s: &Scenario, id: &str| {
        s.stations
            .iter()
            .find(|st| st.id == id)
            .map(|st| st.node.index())
    };
    let at = |s: &Scenario, node: usize| {
        let n = &s.network.nodes()[node];
        let (x, y) = proj.xy(n.lon, n.lat);
        view.px(x, y)
    };
    for st in &sa.stations {
        let (px, py) = at(sa, st.node.index());
        if !on_map((px, py)) {
            continue;
        }
        let name = st.name.as_deref().unwrap_or(&st.id);
        let title = match node_of(sb, &st.id) {
            Some(n) if n == st.node.index() => name.to_string(),
            Some(n) => {
                // moved: a dashed arrow from the old site to the new one
                let (qx, qy) = at(sb, n);
                let _ = writeln!(
                    o,
                    r##"<line x1="{px:.1}" y1="{py:.1}" x2="{qx:.1}" y2="{qy:.1}" stroke="#ff6f00" stroke-width="1.6" stroke-dasharray="4 2"/>"##
                );
                tr!(lang, "map-moved-from", name = name)
            }
            None => tr!(lang, "map-removed-station", name = name),
        };
        let kept = node_of(sb, &st.id).is_some();
        let _ = writeln!(
            o,
            r##"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="#fff" stroke="{}" stroke-width="1.6"><title>{}</title></rect>"##,
            px - 4.0,
            py - 4.0,
            if kept { "#000" } else { LOSS },
            escape(&title)
        );
    }
    // (label, position): new stations, and moved ones (same id, another node)
    let new: Vec<(String, (f64, f64))> = sb
        .stations
        .iter()
        .filter_map(|st| {
            let name = st.name.as_deref().unwrap_or(&st.id);
            let label = match node_of(sa, &st.id) {
                Some(n) if n == st.node.index() => return None,
                Some(_) => tr!(lang, "map-moved-station", name = name),
                None => tr!(lang, "map-new-station", name = name),
            };
            Some((label, at(sb, st.node.index())))
        })
        .filter(|(_, p)| on_map(*p))
        .collect();
    for (label, (px, py)) in &new {
        let _ = writeln!(
            o,
            r##"<rect x="{:.1}" y="{:.1}" width="9" height="9" fill="#ff6f00" stroke="#000" stroke-width="1.2"><title>{}</title></rect>"##,
            px - 4.5,
            py - 4.5,
            escape(label)
        );
    }
    let _ = writeln!(o, "</g>");

    // labels: new stations (when few enough to name), then zones with a
    // significant change, largest first; each takes the first of four places
    // around its marker that overlaps no label already placed
    let mut labels: Vec<(String, (f64, f64), bool)> = Vec::new();
    if new.len() <= MAX_NAMED_NEW_STATIONS {
        labels.extend(new.iter().map(|(label, p)| (label.clone(), *p, true)));
    }
    for (z, &p) in order.iter().zip(&zone_px) {
        if z.significant && z.delta.abs() >= 0.005 && on_map(p) {
            let pp = format!("{:+.0}", z.delta * 100.0);
            labels.push((
                tr!(lang, "map-zone-change", zone = z.name.as_str(), pp = pp),
                p,
                false,
            ));
        }
    }
    let size = 12.0;
    let mut placed: Vec<(f64, f64, f64)> = Vec::new();
    let _ = writeln!(o, r#"<g id="labels">"#);
    for (text, (px, py), bold) in labels {
        let w = text_width(&text, size);
        let candidates = [
            (px + 10.0, py + 4.0),
            (px - 10.0 - w, py + 4.0),
            (px - w / 2.0, py - 11.0),
            (px - w / 2.0, py + 19.0),
        ];
        let free = |&(lx, ly): &(f64, f64)| {
            lx >= MARGIN
                && lx + w <= MARGIN + MAP_W
                && !placed.iter().any(|&(ax, ay, aw)| {
                    lx < ax + aw && ax < lx + w && (ly - ay).abs() < size + 1.0
                })
        };
        let Some((lx, ly)) = candidates.iter().copied().find(free) else {
            continue; // the marker's tooltip still names it
        };
        placed.push((lx, ly, w));
        let _ = writeln!(
            o,
            r##"<text x="{lx:.1}" y="{ly:.1}" font-size="{size}"{} fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>"##,
            if bold { r#" font-weight="bold""# } else { "" },
            escape(&text)
        );
    }
    let _ = writeln!(o, "</g>");
    scale_bar(&mut o, &view, MAP_W, TITLE_H + map_h + 30.0, lang);

    // legend
    let x = MARGIN * 2.0 + MAP_W;
    let mut y = TITLE_H + 4.0;
    let _ = writeln!(
        o,
        r#"<g id="legend"><text x="{x:.1}" y="{:.1}" font-size="13" font-weight="bold">{}</text>"#,
        y + 10.0,
        escape(&tr!(
            lang,
            "map-diff-reached-within",
            limit = minutes(limit, lang)
        ))
    );
    y += 22.0;
    for (colour, opacity, text) in [
        (
            GAIN,
            0.55,
            tr!(lang, "map-diff-gained", km2 = format!("{gain_km2:.1}")),
        ),
        (
            LOSS,
            0.55,
            tr!(lang, "map-diff-lost", km2 = format!("{loss_km2:.1}")),
        ),
        (
            BOTH,
            0.30,
            tr!(lang, "map-diff-both", km2 = format!("{both_km2:.1}")),
        ),
    ] {
        let _ = writeln!(
            o,
            r##"<rect x="{x:.1}" y="{y:.1}" width="22" height="12" fill="{colour}" fill-opacity="{opacity}" stroke="#000" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" font-size="12">{}</text>"##,
            x + 30.0,
            y + 10.0,
            escape(&text)
        );
        y += 20.0;
    }
    y += 8.0;
    let _ = writeln!(
        o,
        r#"<text x="{x:.1}" y="{:.1}" font-size="13" font-weight="bold">{}</text>"#,
        y + 10.0,
        escape(&lang.t("map-diff-zones"))
    );
    y += 22.0;
    for (delta, significant, text) in [
        (0.4, true, "map-diff-gain-40"),
        (0.1, true, "map-diff-gain-10"),
        (-0.1, true, "map-diff-loss-10"),
        (0.0, false, "map-diff-no-change"),
    ] {
        let text = escape(&lang.t(text));
        let fill = zone_fill(&ZoneChange {
            name: String::new(),
            lon: 0.0,
            lat: 0.0,
            delta,
            significant,
        });
        let _ = writeln!(
            o,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{}" fill="{fill}" stroke="#424242" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="12">{text}</text>"##,
            x + 11.0,
            y + 6.0,
            if significant { 8 } else { 4 },
            x + 30.0,
            y + 10.0
        );
        y += 20.0;
    }
    y += 8.0;
    for (size, fill, stroke_width, text) in [
        (8.0, "#fff", 1.6, "map-diff-station-both"),
        (9.0, "#ff6f00", 1.2, "map-diff-station-new"),
    ] {
        let text = escape(&lang.t(text));
        let _ = writeln!(
            o,
            r##"<rect x="{:.1}" y="{y:.1}" width="{size}" height="{size}" fill="{fill}" stroke="#000" stroke-width="{stroke_width}"/><text x="{:.1}" y="{:.1}" font-size="12">{text}</text>"##,
            x + 10.0 - size / 2.0,
            x + 30.0,
            y + 9.0
        );
        y += 20.0;
    }
    let _ = writeln!(o, "</g>");
    let svg = document(&o, map_h, y);
    Some(svg)
}
