//! Charts for the HTML report, drawn with plotters' SVG backend.

use crate::i18n::Lang;
use crate::tr;
use plotters::prelude::*;

use crate::stats::DurationHistogram;

/// Font stack for chart text: CJK-capable first, so Chinese and Latin render.
const FONT: &str =
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

/// One curve: a label, its colour and the durations behind it.
pub struct Curve<'a> {
    /// Legend text.
    pub label: String,
    /// Colour as RGB.
    pub colour: (u8, u8, u8),
    /// The durations.
    pub hist: &'a DurationHistogram,
}

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("drawing a chart: {0}")]
pub struct ChartError(String);

fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// Qualitative colours of scenarios A, B, C...
pub fn scenario_colour(i: usize) -> (u8, u8, u8) {
    COLOURS[i % COLOURS.len()]
}

/// Twelve colours that stay apart (the Tableau 10 without its red, which
/// the maps keep for the isochrone and national roads, with navy, magenta and
/// dark teal): twelve scenarios never share one.
const COLOURS: [(u8, u8, u8); 12] = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (23, 190, 207),
    (127, 127, 127),
    (188, 189, 34),
    (0, 0, 128),
    (170, 0, 120),
    (0, 100, 80),
];

#[cfg(test)]
mod palette_tests {
    use super::*;

    /// The first twelve scenario colours are pairwise far apart (in RGB,
    /// more than 60 of 441).
    #[test]
    fn twelve_scenarios_have_twelve_distinct_colours() {
        for a in 0..12 {
            for b in a + 1..12 {
                let (x, y) = (scenario_colour(a), scenario_colour(b));
                let d = [(x.0, y.0), (x.1, y.1), (x.2, y.2)]
                    .iter()
                    .map(|&(p, q)| (f64::from(p) - f64::from(q)).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(d > 60.0, "{a} and {b}: {x:?} {y:?} ({d:.0})");
            }
        }
    }
}

/// Rounds up to a tidy axis end in minutes.
fn axis_end_min(x: f64) -> f64 {
    let steps = [
        5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 240.0,
    ];
    steps
        .iter()
        .copied()
        .find(|&s| s >= x)
        .unwrap_or((x / 60.0).ceil() * 60.0)
}

/// Cumulative response-time curves (share of answered alarms reached by
/// each minute), one per scenario, with the standard's limit as a vertical
/// line. `width` × `height` pixels.
pub fn cumulative_chart(
    title: &str,
    curves: &[Curve<'_>],
    limit_s: f64,
    (width, height): (u32, u32),
    lang: Lang,
) -> Result<String, ChartError> {
    let (x_desc, y_desc) = (lang.t("chart-x"), lang.t("chart-y"));
    // show up to the largest 97.5th percentile, so the tails do not squash the curves
    let tail_s = curves
        .iter()
        .map(|c| c.hist.quantile_s(0.975))
        .filter(|v| v.is_finite())
        .fold(limit_s * 1.5, f64::max);
    let x_end = axis_end_min(tail_s / 60.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 17).into_font())
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..x_end, 0f64..1f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style((FONT, 13).into_font())
            .axis_desc_style((FONT, 13).into_font())
            .y_label_formatter(&|v| format!("{:.0} %", v * 100.0))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .light_line_style(RGBColor(238, 238, 238))
            .draw()
            .map_err(err)?;
        let samples = 240;
        for c in curves {
            let colour = RGBColor(c.colour.0, c.colour.1, c.colour.2);
            let points = (0..=samples).map(|k| {
                let x = x_end * f64::from(k) / f64::from(samples);
                (x, c.hist.share_at_most(x * 60.0))
            });
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                .map_err(err)?
                .label(c.label.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], colour.stroke_width(3))
                });
        }
        let limit_min = limit_s / 60.0;
        let red = RGBColor(183, 28, 28);
        chart
            .draw_series(LineSeries::new(
                [(limit_min, 0.0), (limit_min, 1.0)],
                red.stroke_width(2),
            ))
            .map_err(err)?
            .label(tr!(
                lang,
                "chart-standard",
                limit = crate::report::mmss(limit_s)
            ))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], red.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .margin(10)
            .label_font((FONT, 13).into_font())
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(160, 160, 160))
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Horizontal bars of one share per row (e.g. unit utilisation), coloured by
/// scenario. Rows are `(label, scenario index, share)`.
pub fn share_bars(
    title: &str,
    rows: &[(String, usize, f64)],
    x_desc: &str,
    width: u32,
) -> Result<String, ChartError> {
    let row_h = 18u32;
    let height = 80 + row_h * rows.len().max(1) as u32;
    let x_end = rows.iter().map(|r| r.2).fold(0.0f64, f64::max).max(0.01) * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let n = rows.len().max(1) as i32;
        let label_w = rows
            .iter()
            .map(|r| {
                r.0.chars()
                    .map(|c| if c.is_ascii() { 7 } else { 13 })
                    .sum::<u32>()
            })
            .max()
            .unwrap_or(40)
            .clamp(40, 320);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 16).into_font())
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(label_w + 10)
            .build_cartesian_2d(0f64..x_end, (0..n).into_segmented())
            .map_err(err)?;
        let labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(x_desc)
            .label_style((FONT, 12).into_font())
            .axis_desc_style((FONT, 12).into_font())
            .x_label_formatter(&|v| {
                if x_end < 0.05 {
                    format!("{:.2} %", v * 100.0)
                } else {
                    format!("{:.0} %", v * 100.0)
                }
            })
            .y_labels(rows.len().max(1))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels
                    .get(usize::try_from(n - 1 - *i).unwrap_or(usize::MAX))
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(err)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(k, (_, s, v))| {
                let (r, g, b) = scenario_colour(*s);
                let y = n - 1 - k as i32;
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(y)),
                        (*v, SegmentValue::Exact(y + 1)),
                    ],
                    RGBColor(r, g, b).filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                bar
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_chart_has_curves_labels_and_the_limit() {
        let mut a = DurationHistogram::new();
        let mut b = DurationHistogram::new();
        for s in 1..=600 {
            a.record(f64::from(s));
            b.record(f64::from(s) * 2.0);
        }
        let svg = cumulative_chart(
            "响应时间 response time",
            &[
                Curve {
                    label: "A 梁平 2020".into(),
                    colour: scenario_colour(0),
                    hist: &a,
                },
                Curve {
                    label: "B".into(),
                    colour: scenario_colour(1),
                    hist: &b,
                },
            ],
            300.0,
            (640, 360),
            Lang::En,
        )
        .unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("响应时间 response time"));
        assert!(svg.contains("A 梁平 2020"));
        assert!(svg.contains("the standard: 5:00"));
        assert!(
            svg.matches("<polyline").count() >= 3,
            "two curves and the limit"
        );
    }

    #[test]
    fn tidy_axis_ends() {
        assert_eq!(axis_end_min(7.5), 10.0);
        assert_eq!(axis_end_min(41.0), 45.0);
        assert_eq!(axis_end_min(300.0), 300.0);
    }
}
