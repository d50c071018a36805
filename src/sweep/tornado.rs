//! The sweep's HTML page: a tornado chart ranking the varied keys by how
//! far they move the headline measure, and the table of every run.

use super::report::SweepReport;
use crate::coverage::svg::escape;
use crate::i18n::Lang;
use crate::tr;

/// Font stack for the chart: CJK-capable first.
const FONT: &str =
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";
/// Height of one key's bar row, px.
const ROW_PX: f64 = 34.0;
/// Chart width, px.
const WIDTH_PX: f64 = 860.0;
/// Left margin holding the key names, px.
const LABELS_PX: f64 = 300.0;

/// A value of the measure in the chart's unit: percentage points for a
/// gain, percent for a share.
fn unit_value(v: f64) -> f64 {
    v * 100.0
}

/// The tornado chart as SVG: one bar per key from its lowest to its
/// highest headline, around the scenario as written, largest first.
pub fn tornado_svg(r: &SweepReport, lang: Lang) -> String {
    let centre = unit_value(r.written.headline);
    let mut lo = centre;
    let mut hi = centre;
    for inf in &r.influence {
        if inf.low.is_finite() {
            lo = lo.min(unit_value(inf.low));
        }
        if inf.high.is_finite() {
            hi = hi.max(unit_value(inf.high));
        }
    }
    // room beside the longest bars for their value labels
    let pad = ((hi - lo) * 0.3).max(1.0);
    let (lo, hi) = (lo - pad, hi + pad);
    let plot_w = WIDTH_PX - LABELS_PX - 40.0;
    let x = |v: f64| LABELS_PX + (v - lo) / (hi - lo) * plot_w;
    let top = 56.0;
    let height = top + ROW_PX * r.influence.len().max(1) as f64 + 48.0;
    let unit = if r.against.is_some() {
        escape(&lang.t("sweep-unit-pp"))
    } else {
        "%".to_string()
    };
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_PX}" height="{height}" viewBox="0 0 {WIDTH_PX} {height}" font-family="{FONT}" font-size="13">
<rect width="100%" height="100%" fill="white"/>
<text x="{LABELS_PX}" y="22" font-size="15" font-weight="bold">{}</text>
"#,
        escape(&tr!(lang, "sweep-tornado-title"))
    );
    for (k, inf) in r.influence.iter().enumerate() {
        let y = top + ROW_PX * k as f64;
        let (a, b) = (unit_value(inf.low), unit_value(inf.high));
        s += &format!(
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>
"#,
            LABELS_PX - 10.0,
            y + ROW_PX / 2.0 + 4.0,
            escape(&super::key::key_label(&inf.key, lang))
        );
        if !(a.is_finite() && b.is_finite()) {
            continue;
        }
        // the part below the scenario as written, then the part above
        let (x0, xc, x1) = (x(a), x(centre), x(b));
        s += &format!(
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#c62828" opacity="0.8"/>
<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#1565c0" opacity="0.8"/>
<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{} ({a:.1})</text>
<text x="{:.1}" y="{:.1}" font-size="11">{} ({b:.1})</text>
"##,
            x0.min(xc),
            y + 6.0,
            (xc - x0).max(0.0),
            ROW_PX - 12.0,
            xc,
            y + 6.0,
            (x1 - xc).max(0.0),
            ROW_PX - 12.0,
            x0 - 4.0,
            y + ROW_PX / 2.0 + 4.0,
            escape(&inf.low_value),
            x1 + 4.0,
            y + ROW_PX / 2.0 + 4.0,
            escape(&inf.high_value),
        );
    }
    let bottom = top + ROW_PX * r.influence.len().max(1) as f64;
    s += &format!(
        r##"<line x1="{xc:.1}" y1="{:.1}" x2="{xc:.1}" y2="{bottom:.1}" stroke="#212121" stroke-width="1.5"/>
<line x1="{LABELS_PX}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#757575"/>
<text x="{LABELS_PX}" y="{:.1}" font-size="11">{lo:.1} {unit}</text>
<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{hi:.1} {unit}</text>
<text x="{xc:.1}" y="{:.1}" font-size="11" text-anchor="middle">{} {centre:.1} {unit}</text>
</svg>
"##,
        top - 6.0,
        LABELS_PX + plot_w,
        bottom + 16.0,
        LABELS_PX + plot_w,
        bottom + 16.0,
        bottom + 34.0,
        escape(&tr!(lang, "sweep-as-written")),
        xc = x(centre),
    );
    s
}

/// The sweep's `index.html`: heading, verdict, tornado and the text
/// table, self-contained.
pub fn page(r: &SweepReport, lang: Lang) -> String {
    let title = tr!(
        lang,
        "sweep-html-title",
        scenario = super::report::scenario_name(r, lang)
    );
    let verdict = super::report::verdict(r, lang)
        .map(|v| format!("<p class=\"verdict\">{}</p>\n", escape(&v)))
        .unwrap_or_default();
    let html_lang = match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="{html_lang}">
<head><meta charset="utf-8"><title>{t}</title>
<style>
body {{ font-family: 'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',system-ui,sans-serif; margin: 0 auto; max-width: 1120px; padding: 0 24px 48px; color: #212121; }}
.verdict {{ font-size: 17px; font-weight: bold; }}
pre {{ font-family: 'Noto Sans Mono CJK SC', ui-monospace, monospace; font-size: 12px; overflow-x: auto; }}
</style></head>
<body>
<h1>{t}</h1>
{verdict}<p>{measure}</p>
{svg}
<h2>{runs}</h2>
<pre>{table}</pre>
</body></html>
"#,
        t = escape(&title),
        measure = escape(&tr!(
            lang,
            "sweep-measure",
            measure = super::report::measure_name(r, lang)
        )),
        svg = tornado_svg(r, lang),
        runs = escape(&tr!(lang, "sweep-html-runs")),
        table = escape(&super::report::render_text(r, lang)),
    )
}
