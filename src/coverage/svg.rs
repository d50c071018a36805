//! The coverage map as SVG: outline, roads by class, built-up area,
//! jurisdictions in distinct colours, isochrones as contours, stations with
//! their names, a scale bar and a legend. Text is SVG `<text>` with a CJK-
//! capable font stack, so Chinese and Latin names render in any browser.

use std::fmt::Write;

use geo::{LineString, MultiPolygon, Polygon};

use super::geojson::{isochrone, jurisdictions};
use super::{Coverage, Projection};
use crate::i18n::Lang;
use crate::scenario::Scenario;
use crate::tr;

pub(super) const MAP_W: f64 = 760.0;
const LEGEND_W: f64 = 300.0;
pub(super) const MARGIN: f64 = 24.0;
pub(super) const TITLE_H: f64 = 56.0;
const FONT: &str = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Zen Hei',sans-serif";

/// Qualitative colours for the first stations; later ones take hues at the
/// golden angle.
const PALETTE: [&str; 10] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f",
];

/// The colour of station `s`.
pub fn station_colour(s: usize) -> String {
    match PALETTE.get(s) {
        Some(c) => (*c).to_string(),
        None => format!("hsl({:.0},65%,50%)", (s as f64 * 137.508) % 360.0),
    }
}

/// Map transform: projected metres → SVG pixels.
pub(super) struct View {
    pub(super) x0: f64,
    pub(super) y1: f64,
    pub(super) scale: f64,
}

impl View {
    pub(super) fn px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            MARGIN + (x - self.x0) * self.scale,
            TITLE_H + (self.y1 - y) * self.scale,
        )
    }

    pub(super) fn path(&self, rings: impl Iterator<Item = Vec<(f64, f64)>>) -> String {
        let mut d = String::new();
        for ring in rings {
            for (k, (x, y)) in ring.iter().enumerate() {
                let (px, py) = self.px(*x, *y);
                let _ = write!(d, "{}{px:.1} {py:.1}", if k == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        d
    }

    pub(super) fn multipolygon(&self, mp: &MultiPolygon<f64>) -> String {
        let ring = |r: &LineString<f64>| r.coords().map(|c| (c.x, c.y)).collect::<Vec<_>>();
        self.path(mp.0.iter().flat_map(|p: &Polygon<f64>| {
            std::iter::once(ring(p.exterior())).chain(p.interiors().iter().map(ring))
        }))
    }
}

impl View {
    /// The transform that fits an extent into the map's width; also returns
    /// the map's height in pixels.
    pub(super) fn fit(scenario: &Scenario, g: &super::Grid, extent: Extent) -> (View, f64) {
        let proj = g.projection;
        let mut bounds = (
            g.x0,
            g.y0,
            g.x0 + g.nx as f64 * g.cell_m,
            g.y0 + g.ny as f64 * g.cell_m,
        );
        if let (Extent::Builtup, Some(b)) = (extent, &scenario.area.builtup) {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for q in b.exterior().coords() {
                let (x, y) = proj.xy(q.x, q.y);
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            bounds = (
                x0 - ZOOM_MARGIN_M,
                y0 - ZOOM_MARGIN_M,
                x1 + ZOOM_MARGIN_M,
                y1 + ZOOM_MARGIN_M,
            );
        }
        let (w_m, h_m) = (bounds.2 - bounds.0, bounds.3 - bounds.1);
        let scale = MAP_W / w_m.max(1.0);
        (
            View {
                x0: bounds.0,
                y1: bounds.3,
                scale,
            },
            h_m * scale,
        )
    }
}

/// Escapes text for SVG.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Text for HTML: escaped, with each `` `key` `` span set as `<code>`
/// (an unpaired backtick stays as it is).
pub fn escape_prose(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::new();
    for (k, part) in parts.iter().enumerate() {
        let inside = k % 2 == 1 && k + 1 < parts.len();
        match (inside, k) {
            (true, _) => out += &format!("<code>{}</code>", escape(part)),
            (false, 0) => out += &escape(part),
            // the closing backtick of an unpaired last span
            (false, _) if k % 2 == 1 => out += &format!("`{}", escape(part)),
            (false, _) => out += &escape(part),
        }
    }
    out
}

/// Stroke colour and width of a road class.
fn road_style(class: &str) -> (&'static str, f64) {
    let base = class.strip_suffix("_mountain").unwrap_or(class);
    match base {
        "expressway" | "motorway" | "trunk" => ("#2e7d32", 2.6),
        "ramp" | "motorway_link" | "trunk_link" => ("#2e7d32", 1.0),
        // not the isochrone's red: dark violet
        "national" | "primary" => ("#6a1b9a", 1.8),
        "provincial" | "secondary" => ("#ef6c00", 1.5),
        "county" | "tertiary" => ("#757575", 0.9),
        "urban_arterial" => ("#616161", 0.7),
        "urban_street" | "residential" | "unclassified" => ("#9e9e9e", 0.4),
        "village" => ("#bdbdbd", 0.35),
        _ => ("#9e9e9e", 0.6),
    }
}

/// Approximate rendered width of a label, pixels (CJK glyphs are square).
pub(super) fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.6 * size } else { size })
        .sum()
}

/// What a map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// The whole region.
    Region,
    /// The built-up area and 1.5 km around it (the whole region when the
    /// scenario has no built-up area).
    Builtup,
}

/// Margin around the built-up area on a zoomed map, metres.
const ZOOM_MARGIN_M: f64 = 1_500.0;

/// Draws the map of the whole region.
pub fn render(scenario: &Scenario, c: &Coverage, lang: Lang) -> String {
    render_extent(scenario, c, Extent::Region, lang)
}

/// Draws the map of an extent.
pub fn render_extent(scenario: &Scenario, c: &Coverage, extent: Extent, lang: Lang) -> String {
    render_coloured(scenario, c, extent, &station_colour, lang)
}

/// Draws the map of an extent with station `s` in `colour(s)`: reports that
/// show several scenarios give a station the same colour in each.
pub fn render_coloured(
    scenario: &Scenario,
    c: &Coverage,
    extent: Extent,
    colour: &dyn Fn(usize) -> String,
    lang: Lang,
) -> String {
    render_layers(scenario, c, extent, colour, None, lang)
}

/// Points drawn over a map (WGS84), e.g. the candidate sites of a siting
/// study, with a caption under the title.
pub struct Dots<'a> {
    /// (lon, lat) of each point.
    pub points: &'a [(f64, f64)],
    /// Fill colour.
    pub fill: &'a str,
    /// What they are, in words.
    pub caption: &'a str,
}

/// The map of an extent with dots drawn over it.
pub fn render_with_dots(
    scenario: &Scenario,
    c: &Coverage,
    extent: Extent,
    dots: &Dots,
    lang: Lang,
) -> String {
    render_layers(scenario, c, extent, &station_colour, Some(dots), lang)
}

fn render_layers(
    scenario: &Scenario,
    c: &Coverage,
    extent: Extent,
    colour: &dyn Fn(usize) -> String,
    dots: Option<&Dots>,
    lang: Lang,
) -> String {
    let g = &c.grid;
    let (view, map_h) = View::fit(scenario, g, extent);
    let mut o = String::new();
    // the map: drawn whole, then masked outside its frame (a clip-path
    // would make rasterisers allocate a layer as large as the district)
    let _ = writeln!(o, r#"<g id="map">"#);
    // jurisdictions
    let polys = jurisdictions(c);
    let _ = writeln!(
        o,
        r#"<g id="jurisdictions" fill-opacity="0.32" stroke="none">"#
    );
    for (s, mp) in polys.iter().enumerate() {
        if !mp.0.is_empty() {
            let _ = writeln!(
                o,
                r#"<path d="{}" fill="{}" fill-rule="evenodd"><title>{}</title></path>"#,
                view.multipolygon(mp),
                colour(s),
                escape(&label(&c.report.stations[s].name, &c.report.stations[s].id))
            );
        }
    }
    let _ = writeln!(o, "</g>");

    roads_layer(&mut o, scenario, g.projection, &view);

    // isochrones: the standard's limit bold, 10 minutes thin (15 and 20
    // minutes are in the tables and the GeoJSON; on a map they only clutter)
    let _ = writeln!(o, r#"<g id="isochrones" fill="none">"#);
    for (k, row) in c.report.reach.iter().enumerate().take(2).rev() {
        let mp = isochrone(c, row.threshold_s);
        let (stroke, width, dash) = if k == 0 {
            ("#b71c1c", 2.2, "")
        } else {
            ("#5d4037", 0.9, r#" stroke-dasharray="5 3""#)
        };
        let _ = writeln!(
            o,
            r#"<path d="{}" stroke="{stroke}" stroke-width="{width}"{dash}><title>{}</title></path>"#,
            view.multipolygon(&mp),
            escape(&tr!(
                lang,
                "map-reached-within",
                limit = minutes(row.threshold_s, lang)
            ))
        );
    }
    let _ = writeln!(o, "</g>");

    outline_layer(&mut o, scenario, g.projection, &view);

    if let Some(d) = dots {
        let _ = writeln!(
            o,
            r##"<g id="dots" fill="{}" fill-opacity="0.75" stroke="#ffffff" stroke-width="0.4">"##,
            escape(d.fill)
        );
        for &(lon, lat) in d.points {
            let (x, y) = g.projection.xy(lon, lat);
            let (px, py) = view.px(x, y);
            let _ = writeln!(o, r#"<circle cx="{px:.1}" cy="{py:.1}" r="2.2"/>"#);
        }
        let _ = writeln!(o, "</g>");
    }

    let _ = writeln!(o, "</g>");
    o.push_str(&outside_mask(map_h));
    let _ = writeln!(
        o,
        r##"<text x="{MARGIN}" y="26" font-size="18" font-weight="bold" fill="#212121">{}</text>"##,
        escape(scenario.labels.scenario_name(&scenario.name, lang))
    );
    let _ = writeln!(
        o,
        r##"<text x="{MARGIN}" y="45" font-size="12" fill="#424242">{}</text>"##,
        escape(&tr!(
            lang,
            "map-subtitle",
            cell = format!("{:.0}", c.report.cell_m),
            limit = minutes(c.report.response_limit_s, lang)
        ))
    );

    let _ = writeln!(
        o,
        r##"<rect x="{MARGIN}" y="{TITLE_H}" width="{MAP_W}" height="{map_h:.1}" fill="none" stroke="#9e9e9e" stroke-width="0.6"/>"##
    );
    if let Some(d) = dots {
        let _ = writeln!(
            o,
            r##"<text x="{MARGIN}" y="{:.1}" font-size="12" fill="#424242"><tspan fill="{}">●</tspan> {}</text>"##,
            // below the scale bar's text (at + 50), never over it
            TITLE_H + map_h + 72.0,
            escape(d.fill),
            escape(d.caption)
        );
    }
    stations_layer(&mut o, scenario, c, &view, map_h, colour);
    scale_bar(&mut o, &view, MAP_W, TITLE_H + map_h + 30.0, lang);
    let legend_end = legend(
        &mut o,
        scenario,
        c,
        MARGIN * 2.0 + MAP_W,
        TITLE_H,
        colour,
        lang,
    );
    document(&o, map_h, legend_end)
}

/// White over everything outside the map's frame (`MARGIN`, `TITLE_H`,
/// `MAP_W` × `map_h`), drawn over the map's layers: what a clip-path would
/// do, at the cost of a path instead of an off-screen layer.
pub(super) fn outside_mask(map_h: f64) -> String {
    let (x0, y0, x1, y1) = (MARGIN, TITLE_H, MARGIN + MAP_W, TITLE_H + map_h);
    let far = 100_000.0;
    format!(
        "<path id=\"outside\" fill=\"#ffffff\" fill-rule=\"evenodd\" stroke=\"none\" d=\"M{n:.0} {n:.0}H{far:.0}V{far:.0}H{n:.0}Z M{x0:.1} {y0:.1}H{x1:.1}V{y1:.1}H{x0:.1}Z\"/>\n",
        n = -far
    )
}

/// Wraps a map's drawing in its `<svg>` element: the map and its legend
/// side by side, tall enough for the taller of them (the map of `map_h`
/// pixels, the legend ending at `legend_end`).
pub(super) fn document(body: &str, map_h: f64, legend_end: f64) -> String {
    let width = MARGIN * 2.0 + MAP_W + LEGEND_W;
    let height = (TITLE_H + map_h + 86.0).max(legend_end + MARGIN);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="{FONT}">
<rect width="100%" height="100%" fill="#ffffff"/>
"##
    );
    svg.push_str(body);
    svg.push_str("</svg>\n");
    svg
}

/// The road network, thinnest classes first.
pub(super) fn roads_layer(o: &mut String, scenario: &Scenario, proj: Projection, view: &View) {
    // roads, thin first
    let net = &scenario.network;
    let mut by_width: Vec<usize> = (0..net.classes().len()).collect();
    by_width.sort_by(|&a, &b| {
        road_style(&net.classes()[a])
            .1
            .total_cmp(&road_style(&net.classes()[b]).1)
    });
    let _ = writeln!(o, r#"<g id="roads" fill="none" stroke-linecap="round">"#);
    for class in by_width {
        let (colour, width) = road_style(&net.classes()[class]);
        let mut d = String::new();
        for e in net.edges() {
            if usize::from(e.class) != class || e.from.0 > e.to.0 {
                continue;
            }
            let (a, b) = (&net.nodes()[e.from.index()], &net.nodes()[e.to.index()]);
            let (ax, ay) = proj.xy(a.lon, a.lat);
            let (bx, by) = proj.xy(b.lon, b.lat);
            let (p1, p2) = (view.px(ax, ay), view.px(bx, by));
            let _ = write!(d, "M{:.1} {:.1}L{:.1} {:.1}", p1.0, p1.1, p2.0, p2.1);
        }
        if !d.is_empty() {
            let _ = writeln!(
                o,
                r#"<path d="{d}" stroke="{colour}" stroke-width="{width}"><title>{}</title></path>"#,
                escape(&net.classes()[class])
            );
        }
    }
    let _ = writeln!(o, "</g>");
}

/// The built-up area (dashed) and the region's outline.
pub(super) fn outline_layer(o: &mut String, scenario: &Scenario, proj: Projection, view: &View) {
    // built-up area and outline
    if let Some(b) = &scenario.area.builtup {
        let ring: Vec<(f64, f64)> = b.exterior().coords().map(|q| proj.xy(q.x, q.y)).collect();
        let _ = writeln!(
            o,
            r##"<path id="builtup" d="{}" fill="none" stroke="#6d4c41" stroke-width="1.6" stroke-dasharray="2 2"/>"##,
            view.path(std::iter::once(ring))
        );
    }
    if let Some(outline) = &scenario.area.boundary {
        let ring: Vec<(f64, f64)> = outline
            .exterior()
            .coords()
            .map(|q| proj.xy(q.x, q.y))
            .collect();
        let _ = writeln!(
            o,
            r##"<path id="outline" d="{}" fill="none" stroke="#212121" stroke-width="1.4"/>"##,
            view.path(std::iter::once(ring))
        );
    }
}

fn label(name: &Option<String>, id: &str) -> String {
    name.clone().unwrap_or_else(|| id.to_string())
}

pub(super) fn minutes(s: f64, lang: Lang) -> String {
    let n = if (s / 60.0).fract().abs() < 1e-9 {
        format!("{:.0}", s / 60.0)
    } else {
        format!("{}:{:02}", (s / 60.0).floor(), (s % 60.0).round())
    };
    tr!(lang, "map-minutes", n = n)
}

/// Station dots and labels; a label takes the first of four places around
/// its dot that overlaps no label already drawn.
fn stations_layer(
    o: &mut String,
    scenario: &Scenario,
    c: &Coverage,
    view: &View,
    map_h: f64,
    colour: &dyn Fn(usize) -> String,
) {
    let proj = c.grid.projection;
    let size = 12.0;
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let _ = writeln!(o, r#"<g id="stations">"#);
    for (s, st) in scenario.stations.iter().enumerate() {
        let node = &scenario.network.nodes()[st.node.index()];
        let (x, y) = proj.xy(node.lon, node.lat);
        let (px, py) = view.px(x, y);
        if !(MARGIN..=MARGIN + MAP_W).contains(&px) || !(TITLE_H..=TITLE_H + map_h).contains(&py) {
            continue; // outside a zoomed map
        }
        let text = label(&st.name, &st.id);
        let w = text_width(&text, size);
        let candidates = [
            (px + 7.0, py + 4.0),
            (px - 7.0 - w, py + 4.0),
            (px - w / 2.0, py - 8.0),
            (px - w / 2.0, py + 16.0),
        ];
        let overlaps = |(lx, ly): (f64, f64)| {
            lx < MARGIN
                || lx + w > MARGIN + MAP_W
                || placed.iter().any(|&(ax, ay, aw, ah)| {
                    lx < ax + aw && ax < lx + w && ly - size < ay && ay - ah < ly
                })
        };
        let (lx, ly) = candidates
            .iter()
            .copied()
            .find(|&p| !overlaps(p))
            .unwrap_or(candidates[0]);
        placed.push((lx, ly, w, size));
        let _ = writeln!(
            o,
            r##"<circle cx="{px:.1}" cy="{py:.1}" r="4.5" fill="{}" stroke="#000" stroke-width="1.2"/>"##,
            colour(s)
        );
        let _ = writeln!(
            o,
            r##"<text x="{lx:.1}" y="{ly:.1}" font-size="{size}" fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>"##,
            escape(&text)
        );
    }
    let _ = writeln!(o, "</g>");
}

/// A scale bar of a round length about a fifth of the map's width.
pub(super) fn scale_bar(o: &mut String, view: &View, map_w: f64, y: f64, lang: Lang) {
    let target_m = map_w / 5.0 / view.scale;
    let nice = [100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5];
    let len_m = nice
        .iter()
        .copied()
        .rfind(|&n| n <= target_m)
        .unwrap_or(100.0);
    let len_px = len_m * view.scale;
    let x = MARGIN;
    let text = if len_m >= 1000.0 {
        format!("{:.0} km", len_m / 1000.0)
    } else {
        format!("{len_m:.0} m")
    };
    let north = escape(&lang.t("map-north"));
    let _ = writeln!(
        o,
        r##"<g id="scale"><rect x="{x}" y="{y}" width="{:.1}" height="5" fill="#000"/><rect x="{:.1}" y="{y}" width="{:.1}" height="5" fill="#fff" stroke="#000" stroke-width="0.8"/><text x="{x}" y="{:.1}" font-size="12">0</text><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{text}</text><text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold">{north}</text></g>"##,
        len_px / 2.0,
        x + len_px / 2.0,
        len_px / 2.0,
        y + 20.0,
        x + len_px,
        y + 20.0,
        x + len_px + 30.0,
        y + 8.0
    );
}

/// Draws the legend; returns the y of its bottom.
fn legend(
    o: &mut String,
    scenario: &Scenario,
    c: &Coverage,
    x: f64,
    y0: f64,
    colour: &dyn Fn(usize) -> String,
    lang: Lang,
) -> f64 {
    let mut y = y0 + 4.0;
    let line = |o: &mut String, y: &mut f64, swatch: String, text: String| {
        let _ = writeln!(
            o,
            r#"{swatch}<text x="{:.1}" y="{:.1}" font-size="12">{}</text>"#,
            x + 30.0,
            *y + 10.0,
            escape(&text)
        );
        *y += 20.0;
    };
    let _ = writeln!(o, r#"<g id="legend">"#);
    let _ = writeln!(
        o,
        r#"<text x="{x:.1}" y="{:.1}" font-size="13" font-weight="bold">{}</text>"#,
        y + 10.0,
        escape(&lang.t("map-jurisdictions"))
    );
    y += 22.0;
    for (s, st) in c.report.stations.iter().enumerate().take(30) {
        let verdict = match (st.limit_km2, st.meets_limit) {
            (Some(l), Some(true)) => tr!(
                lang,
                "map-judged-meets",
                judged = format!("{:.1}", st.judged_km2),
                limit = format!("{l}")
            ),
            (Some(l), Some(false)) => tr!(
                lang,
                "map-judged-fails",
                judged = format!("{:.1}", st.judged_km2),
                limit = format!("{l}")
            ),
            _ => String::new(),
        };
        let swatch = format!(
            r##"<rect x="{x:.1}" y="{y:.1}" width="22" height="12" fill="{}" fill-opacity="0.5" stroke="#000" stroke-width="0.5"/>"##,
            colour(s)
        );
        line(
            o,
            &mut y,
            swatch,
            format!(
                "{}  {:.1}{verdict}",
                label(&st.name, &st.id),
                st.jurisdiction_km2
            ),
        );
    }
    if c.report.stations.len() > 30 {
        line(
            o,
            &mut y,
            String::new(),
            tr!(
                lang,
                "map-more-stations",
                count = c.report.stations.len() - 30
            ),
        );
    }
    y += 6.0;
    let stroke = |colour: &str, width: f64, dash: &str, y: f64| {
        format!(
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="{width}"{dash}/>"#,
            y + 6.0,
            x + 22.0,
            y + 6.0
        )
    };
    let limit = minutes(c.report.response_limit_s, lang);
    let swatch = stroke("#b71c1c", 2.2, "", y);
    line(
        o,
        &mut y,
        swatch,
        tr!(lang, "map-reached-standard", limit = limit.as_str()),
    );
    if let Some(row) = c.report.reach.get(1) {
        let swatch = stroke("#5d4037", 0.9, r#" stroke-dasharray="5 3""#, y);
        line(
            o,
            &mut y,
            swatch,
            tr!(
                lang,
                "map-reached-within",
                limit = minutes(row.threshold_s, lang)
            ),
        );
    }
    if scenario.area.builtup.is_some() {
        let swatch = stroke("#6d4c41", 1.6, r#" stroke-dasharray="2 2""#, y);
        line(o, &mut y, swatch, lang.t("map-builtup"));
    }
    if scenario.area.boundary.is_some() {
        let swatch = stroke("#212121", 1.4, "", y);
        line(o, &mut y, swatch, lang.t("map-outline"));
    }
    let mut shown: Vec<&str> = Vec::new();
    for class in scenario.network.classes() {
        let base = class.strip_suffix("_mountain").unwrap_or(class);
        if !shown.contains(&base) {
            shown.push(base);
        }
    }
    // widest (most important) roads first
    shown.sort_by(|a, b| road_style(b).1.total_cmp(&road_style(a).1).then(a.cmp(b)));
    for class in shown {
        let (colour, width) = road_style(class);
        let swatch = stroke(colour, width.max(0.8), "", y);
        let name = crate::network::words::road_class(class, lang);
        line(o, &mut y, swatch, tr!(lang, "map-road", class = name));
    }
    if let Some(note) = scenario.network.note() {
        y += 6.0;
        let note = crate::network::words::network_note(note, lang);
        for chunk in wrap(&note, 46) {
            let _ = writeln!(
                o,
                r##"<text x="{x:.1}" y="{:.1}" font-size="11" fill="#b71c1c">{}</text>"##,
                y + 10.0,
                escape(&chunk)
            );
            y += 14.0;
        }
    }
    let _ = writeln!(o, "</g>");
    y
}

/// Splits text into lines of at most `width` display columns ([`crate::text_wrap`]).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::text_wrap::lines(text, width, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_sets_backtick_spans_as_code() {
        assert_eq!(
            escape_prose("a `[x.y]` <b> `z`"),
            "a <code>[x.y]</code> &lt;b&gt; <code>z</code>"
        );
        assert_eq!(escape_prose("one ` left"), "one ` left");
        assert_eq!(escape_prose("plain"), "plain");
    }
}
