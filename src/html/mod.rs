//! The HTML report (`run --html DIR`, `compare --html DIR`): one
//! self-contained `index.html` that works offline (inline SVG maps and
//! charts, inline CSS, no scripts, nothing fetched), with CSV tables and the
//! JSON beside it.

pub mod assumptions;
pub mod charts;
pub mod csv_export;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::compare::{self, Comparison, GroupDifference, letter, signed_pp};
use crate::coverage::Coverage;
use crate::coverage::difference::{ZoneChange, render_difference};
use crate::coverage::svg::{self, escape, station_colour};
use crate::i18n::Lang;
use crate::montecarlo::{RunOutput, Summary};
use crate::report::{key_figures, mmss, pct, verdict};
use crate::scenario::Scenario;
use crate::stats::Difference;

use charts::{Curve, cumulative_chart, scenario_colour, share_bars};

/// One scenario in the report.
#[derive(Clone, Copy)]
pub struct ReportArm<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its run.
    pub run: &'a RunOutput,
    /// Its static coverage analysis, when it could be made.
    pub coverage: Option<&'a Coverage>,
}

/// How the report was made, so that it can be reproduced.
#[derive(Clone, Debug)]
pub struct Provenance {
    /// The command line.
    pub command: String,
    /// When, RFC 3339 UTC.
    pub generated: String,
}

/// The report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A file could not be written.
    #[error("writing {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
}

fn write_file(path: &Path, text: &str) -> Result<(), HtmlError> {
    crate::atomic_file::write(path, text.as_bytes()).map_err(|source| HtmlError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `index.html`, `report.json` and the CSV tables into `dir`
/// (created if missing); returns the path of `index.html`.
pub fn write_report(
    dir: &Path,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    provenance: &Provenance,
) -> Result<PathBuf, HtmlError> {
    write_report_with(dir, arms, comparison, provenance, None)
}

/// [`write_report`] with a section of its own (HTML, a `<section>` with an
/// `id`) placed before the verdict: the siting study puts its table there.
pub fn write_report_with(
    dir: &Path,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    provenance: &Provenance,
    lead: Option<&str>,
) -> Result<PathBuf, HtmlError> {
    std::fs::create_dir_all(dir).map_err(|source| HtmlError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let summaries: Vec<&Summary> = arms.iter().map(|a| &a.run.summary).collect();
    let csvs =
        csv_export::write(dir, &summaries, comparison).map_err(|source| HtmlError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    let json = match comparison {
        Some(c) => serde_json::to_string_pretty(c),
        None => serde_json::to_string_pretty(&arms[0].run.summary),
    }
    .map_err(|e| HtmlError::Write {
        path: dir.join("report.json"),
        source: std::io::Error::other(e),
    })?;
    write_file(&dir.join("report.json"), &(json + "\n"))?;
    let downloads: Vec<String> = csvs
        .iter()
        .chain(std::iter::once(&dir.join("report.json")))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let html = page(arms, comparison, provenance, &downloads, lead)?;
    let index = dir.join("index.html");
    write_file(&index, &html)?;
    Ok(index)
}

const CSS: &str = r#"
body { font-family: 'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',system-ui,sans-serif; margin: 0 auto; max-width: 1120px; padding: 0 24px 48px; color: #212121; line-height: 1.45; }
h1 { font-size: 26px; margin: 28px 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 2px solid #e0e0e0; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e0e0e0; text-align: right; white-space: nowrap; }
th { background: #f5f5f5; font-weight: 600; }
td.l, th.l { text-align: left; }
tr.ns td.d { color: #9e9e9e; font-style: italic; }
.note { background: #fff8e1; border-left: 4px solid #ffb300; padding: 8px 12px; font-size: 13px; }
.verdict { font-size: 15px; background: #eceff1; border-left: 4px solid #455a64; padding: 8px 12px; margin: 8px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 8px 0 20px; }
figcaption { font-size: 13px; color: #616161; }
.map svg { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
ul.assumptions { font-size: 13px; padding-left: 18px; }
ul.assumptions code { color: #616161; }
code, pre { font-family: 'Noto Sans Mono CJK SC', ui-monospace, monospace; font-size: 12px; }
pre { background: #f5f5f5; padding: 8px; white-space: pre-wrap; }
.good { background: #e8f5e9; } .bad { background: #ffebee; }
"#;

fn rgb((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The scenario's name with its letter and colour swatch.
fn tag(i: usize, name: &str) -> String {
    format!(
        r#"<span class="swatch" style="background:{}"></span><b>{}</b> {}"#,
        rgb(scenario_colour(i)),
        letter(i),
        escape(name)
    )
}

/// Makes an SVG's ids unique within the page.
fn scoped_svg(svg: &str, prefix: &str) -> String {
    svg.replace("id=\"", &format!("id=\"{prefix}-"))
        .replace("url(#", &format!("url(#{prefix}-"))
}

/// A difference and its CI as table cells, formatted by `f`.
fn diff_cells(d: &Difference, f: &dyn Fn(f64) -> String) -> String {
    let ci = d
        .ci95
        .map(|[a, b]| format!("[{}, {}]", f(a), f(b)))
        .unwrap_or_default();
    let mark = if !d.significant && d.estimate.is_finite() && d.estimate != 0.0 {
        " n.s."
    } else {
        ""
    };
    format!(
        r#"<td class="d">{}{mark}</td><td class="d">{ci}</td>"#,
        f(d.estimate)
    )
}

fn page(
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    provenance: &Provenance,
    downloads: &[String],
    lead: Option<&str>,
) -> Result<String, HtmlError> {
    let mut o = String::new();
    let first = &arms[0].run.summary;
    let title = if arms.len() == 1 {
        format!("firecover report: {}", first.scenario)
    } else {
        format!("firecover comparison of {} scenarios", arms.len())
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(
        o,
        "<p>{} replications, seed {}; standard: first unit on scene within {} of the dispatch order (turnout {} + travel {}). Times are m:ss from the alarm.</p><ul>",
        first.replications,
        first.seed,
        mmss(first.standard.response_limit_s),
        mmss(first.standard.turnout_s),
        mmss(first.standard.travel_s)
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(
            o,
            "<li>{}{}</li>",
            tag(i, &a.run.summary.scenario),
            if i == 0 && arms.len() > 1 {
                " (baseline)"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(o, "</ul>");
    if let Some(note) = &first.network_note {
        let _ = writeln!(
            o,
            r#"<p class="note"><b>Road network:</b> {}</p>"#,
            escape(note)
        );
    }
    if let Some(section) = lead {
        o.push_str(section);
    }
    verdict_section(&mut o, arms, comparison);
    if let Some(c) = comparison {
        differences_section(&mut o, c);
    }
    maps_section(&mut o, arms, comparison);
    distributions_section(&mut o, arms)?;
    townships_section(&mut o, arms, comparison);
    units_section(&mut o, arms)?;
    stations_section(&mut o, arms);
    assumptions_section(&mut o, arms);
    reproduce_section(&mut o, arms, provenance, downloads);
    let _ = writeln!(o, "</body>\n</html>");
    Ok(o)
}

fn verdict_section(o: &mut String, arms: &[ReportArm<'_>], comparison: Option<&Comparison>) {
    let _ = writeln!(o, r#"<section id="verdict"><h2>Verdict</h2>"#);
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(
            o,
            r#"<p class="verdict">{}: {}</p>"#,
            tag(i, &a.run.summary.scenario),
            escape(&verdict(&a.run.summary, Lang::En))
        );
    }
    let _ = writeln!(
        o,
        r#"<table><tr><th class="l">scenario</th><th>alarms / rep.</th><th>mean response</th><th>95 % CI</th><th>p90</th><th>within standard</th><th>95 % CI</th><th>waited</th><th>unreachable / rep.</th></tr>"#
    );
    for (i, a) in arms.iter().enumerate() {
        let s = &a.run.summary;
        let _ = writeln!(
            o,
            r#"<tr><td class="l">{}</td><td>{:.1}</td>{}<td>{:.1}</td></tr>"#,
            tag(i, ""),
            s.incidents,
            key_figures(s)
                .iter()
                .map(|c| format!("<td>{}</td>", escape(c)))
                .collect::<String>(),
            s.unreachable
        );
    }
    let _ = writeln!(o, "</table>");
    if let Some(c) = comparison {
        for (k, p) in c.pairs.iter().enumerate() {
            let _ = writeln!(
                o,
                r#"<p class="verdict"><b>{} vs A</b>: {}</p><p>{}</p>"#,
                letter(k + 1),
                escape(&compare::text::verdict(p, Lang::En)),
                escape(&compare::text::power_sentence(p, c.replications, Lang::En))
            );
        }
    }
    let _ = writeln!(o, "</section>");
}

fn differences_section(o: &mut String, c: &Comparison) {
    let _ = writeln!(
        o,
        r##"<section id="differences"><h2>Differences against the baseline</h2><p>Each difference is the scenario minus the baseline A, with its 95 % confidence interval from {} paired replications (the same alarms in every scenario). <i>n.s.</i>: the interval contains zero, the difference is not significant. Per township: see <a href="#townships">Townships</a>.</p>"##,
        c.replications
    );
    for (k, p) in c.pairs.iter().enumerate() {
        let b = letter(k + 1);
        let _ = writeln!(
            o,
            r#"<h3>{b} vs A{}</h3><table><tr><th class="l">group</th><th>alarms / rep.</th><th>A mean</th><th>{b} mean</th><th>Δ mean</th><th>95 % CI</th><th>A p90</th><th>{b} p90</th><th>Δ p90</th><th>95 % CI</th><th>A within</th><th>{b} within</th><th>Δ within, pp</th><th>95 % CI</th></tr>"#,
            match &p.not_paired_because {
                Some(why) => format!(" — not paired ({}), Welch intervals", escape(why)),
                None => String::new(),
            }
        );
        if let Some(note) = &p.standard_differs {
            let _ = writeln!(o, r#"<p class="note">Note: {}.</p>"#, escape(note));
        }
        let rows = std::iter::once(&p.overall)
            .chain(&p.by_type)
            .chain(&p.by_setting);
        for g in rows {
            difference_row(o, g);
        }
        let _ = writeln!(o, "</table>");
    }
    let _ = writeln!(o, "</section>");
}

fn difference_row(o: &mut String, g: &GroupDifference) {
    let ns = !g.mean_response_diff_s.significant && !g.within_standard_diff.significant;
    let _ = writeln!(
        o,
        r#"<tr{}><td class="l">{}</td><td>{:.1}</td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td>{}</tr>"#,
        if ns { r#" class="ns""# } else { "" },
        escape(&g.group),
        g.incidents,
        mmss(g.mean_response_s[0]),
        mmss(g.mean_response_s[1]),
        diff_cells(&g.mean_response_diff_s, &compare::signed_mmss),
        mmss(g.p90_response_s[0]),
        mmss(g.p90_response_s[1]),
        diff_cells(&g.p90_response_diff_s, &compare::signed_mmss),
        pct(g.within_standard[0]),
        pct(g.within_standard[1]),
        diff_cells(&g.within_standard_diff, &signed_pp),
    );
}

/// The map extents a scenario gets: the whole region, and the built-up area
/// zoomed when it has one (where the standard's area limits apply).
fn extents(s: &Scenario) -> Vec<(svg::Extent, &'static str, &'static str)> {
    let mut v = vec![(svg::Extent::Region, "region", "whole region")];
    if s.area.builtup.is_some() {
        v.push((svg::Extent::Builtup, "builtup", "built-up area"));
    }
    v
}

/// Demand-weighted centre of each zone, WGS84.
fn zone_centres(s: &Scenario) -> Vec<Option<(f64, f64)>> {
    let mut acc = vec![(0.0, 0.0, 0.0); s.demand.zones.len()];
    for p in &s.demand.points {
        let n = &s.network.nodes()[p.node.index()];
        let a = &mut acc[p.zone.index()];
        a.0 += n.lon * p.weight;
        a.1 += n.lat * p.weight;
        a.2 += p.weight;
    }
    acc.into_iter()
        .map(|(x, y, w)| (w > 0.0).then(|| (x / w, y / w)))
        .collect()
}

fn maps_section(o: &mut String, arms: &[ReportArm<'_>], comparison: Option<&Comparison>) {
    let _ = writeln!(
        o,
        r#"<section id="maps"><h2>Coverage maps</h2><p>Static coverage (no queueing): each cell is coloured by the station whose first unit would arrive first; the bold red line encloses what is reached within the standard.</p>"#
    );
    // one colour per station id across every scenario
    let mut ids: Vec<&str> = Vec::new();
    for a in arms {
        for st in &a.scenario.stations {
            if !ids.contains(&st.id.as_str()) {
                ids.push(&st.id);
            }
        }
    }
    for (i, a) in arms.iter().enumerate() {
        match a.coverage {
            Some(c) => {
                let colour = |s: usize| {
                    let id = a.scenario.stations[s].id.as_str();
                    station_colour(ids.iter().position(|x| *x == id).unwrap_or(s))
                };
                for (extent, name, what) in extents(a.scenario) {
                    let svg = svg::render_coloured(a.scenario, c, extent, &colour);
                    let _ = writeln!(
                        o,
                        r#"<figure class="map">{}<figcaption>{}: {what}</figcaption></figure>"#,
                        scoped_svg(&svg, &format!("map{i}-{name}")),
                        tag(i, &a.run.summary.scenario)
                    );
                }
            }
            None => {
                let _ = writeln!(
                    o,
                    "<p>{}: no coverage map (the region is too large for the report's cell size; run <code>firecover coverage</code> with larger cells).</p>",
                    tag(i, &a.run.summary.scenario)
                );
            }
        }
    }
    if let Some(c) = comparison {
        let base = arms[0];
        let centres = zone_centres(base.scenario);
        for (k, p) in c.pairs.iter().enumerate() {
            let arm = arms[k + 1];
            let (Some(ca), Some(cb)) = (base.coverage, arm.coverage) else {
                continue;
            };
            let zones: Vec<ZoneChange> = p
                .by_zone
                .iter()
                .filter_map(|z| {
                    let idx = base
                        .scenario
                        .demand
                        .zones
                        .iter()
                        .position(|n| *n == z.group)?;
                    let (lon, lat) = centres[idx]?;
                    Some(ZoneChange {
                        name: z.group.clone(),
                        lon,
                        lat,
                        delta: z.within_standard_diff.estimate,
                        significant: z.within_standard_diff.significant,
                    })
                })
                .collect();
            for (extent, name, what) in extents(base.scenario) {
                let title = format!("Difference: {} vs A, {what}", letter(k + 1));
                let arms = ((base.scenario, ca), (arm.scenario, cb));
                match render_difference(arms.0, arms.1, &zones, &title, extent) {
                    Some(svg) => {
                        let _ = writeln!(
                            o,
                            r#"<figure class="map" id="difference-{}-{name}">{}<figcaption>Which townships gain and which lose: {} against {}</figcaption></figure>"#,
                            k + 1,
                            scoped_svg(&svg, &format!("diff{}-{name}", k + 1)),
                            tag(k + 1, &p.scenario),
                            tag(0, &p.baseline)
                        );
                    }
                    None => {
                        let _ = writeln!(
                            o,
                            "<p>No difference map for {} vs A: the two scenarios cover different regions.</p>",
                            letter(k + 1)
                        );
                        break;
                    }
                }
            }
        }
    }
    let _ = writeln!(o, "</section>");
}

fn distributions_section(o: &mut String, arms: &[ReportArm<'_>]) -> Result<(), HtmlError> {
    let _ = writeln!(
        o,
        r#"<section id="distributions"><h2>Response-time distributions</h2><p>Share of answered alarms whose first unit has arrived, by minutes after the alarm; the red line is the standard. Higher and further left is better.</p><div class="charts">"#
    );
    let limit = arms[0].run.summary.standard.response_limit_s;
    let curves = |group: usize| -> Vec<Curve<'_>> {
        arms.iter()
            .enumerate()
            .map(|(i, a)| Curve {
                label: format!("{} {}", letter(i), short(&a.run.summary.scenario, 34)),
                colour: scenario_colour(i),
                hist: a.run.hist.response(group),
            })
            .collect()
    };
    let svg = cumulative_chart("All incidents", &curves(0), limit, (1060, 440))?;
    let _ = writeln!(o, "<figure>{svg}</figure>");
    for (t, ty) in arms[0].scenario.incident_types.iter().enumerate() {
        let group = arms[0].run.layout.of_type(t);
        // the same type in the other scenarios, by name
        let per_arm: Vec<Curve<'_>> = arms
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let k = a
                    .scenario
                    .incident_types
                    .iter()
                    .position(|x| x.name == ty.name)?;
                let g = if i == 0 {
                    group
                } else {
                    a.run.layout.of_type(k)
                };
                Some(Curve {
                    label: letter(i),
                    colour: scenario_colour(i),
                    hist: a.run.hist.response(g),
                })
            })
            .collect();
        let svg = cumulative_chart(
            &format!("Incident type: {}", ty.name),
            &per_arm,
            limit,
            (520, 330),
        )?;
        let _ = writeln!(o, "<figure>{svg}</figure>");
    }
    let _ = writeln!(o, "</div></section>");
    Ok(())
}

/// Cuts a label to `n` characters.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn townships_section(o: &mut String, arms: &[ReportArm<'_>], comparison: Option<&Comparison>) {
    let _ = writeln!(
        o,
        r#"<section id="townships"><h2>Townships</h2><p>Per zone, slowest baseline first: alarms per replication, mean and 90th-percentile response, share reached within the standard{}.</p><table><tr><th class="l">zone</th><th>alarms / rep.</th>"#,
        if comparison.is_some() {
            ", and the change against A (pp, n.s. = not significant)"
        } else {
            ""
        }
    );
    for i in 0..arms.len() {
        let l = letter(i);
        let _ = write!(o, "<th>{l} mean</th><th>{l} p90</th><th>{l} within</th>");
    }
    if let Some(c) = comparison {
        for k in 0..c.pairs.len() {
            let _ = write!(o, "<th>Δ within {} − A</th>", letter(k + 1));
        }
    }
    let _ = writeln!(o, "</tr>");
    let base = &arms[0].run.summary;
    let mut zones: Vec<(&String, f64)> = base
        .by_zone
        .iter()
        .filter(|(_, g)| g.incidents > 0.0)
        .map(|(n, g)| (n, g.response_s.mean))
        .collect();
    zones.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    for (name, _) in zones {
        let _ = write!(
            o,
            r#"<tr><td class="l">{}</td><td>{:.1}</td>"#,
            escape(name),
            base.by_zone[name].incidents
        );
        for a in arms {
            match a.run.summary.by_zone.get(name) {
                Some(g) => {
                    let class = if g.within_standard >= 0.5 {
                        "good"
                    } else {
                        "bad"
                    };
                    let _ = write!(
                        o,
                        r#"<td>{}</td><td>{}</td><td class="{class}">{}</td>"#,
                        mmss(g.response_s.mean),
                        mmss(g.response_s.p90),
                        pct(g.within_standard)
                    );
                }
                None => o.push_str("<td></td><td></td><td></td>"),
            }
        }
        if let Some(c) = comparison {
            for p in &c.pairs {
                match p.by_zone.iter().find(|z| &z.group == name) {
                    Some(z) => {
                        let d = &z.within_standard_diff;
                        let ns = if !d.significant && d.estimate != 0.0 {
                            " n.s."
                        } else {
                            ""
                        };
                        let class = if d.significant && d.estimate > 0.0 {
                            r#" class="good""#
                        } else if d.significant && d.estimate < 0.0 {
                            r#" class="bad""#
                        } else {
                            ""
                        };
                        let _ = write!(o, "<td{class}>{}{ns}</td>", signed_pp(d.estimate));
                    }
                    None => o.push_str("<td></td>"),
                }
            }
        }
        let _ = writeln!(o, "</tr>");
    }
    let _ = writeln!(o, "</table></section>");
}

fn units_section(o: &mut String, arms: &[ReportArm<'_>]) -> Result<(), HtmlError> {
    let _ = writeln!(
        o,
        r#"<section id="units"><h2>Units: utilisation and waiting</h2><p>Utilisation is the share of the simulated time a unit is away from its station (dispatch to return). An alarm <i>waited</i> when no suitable unit was free at the alarm.</p>"#
    );
    let _ = writeln!(
        o,
        r#"<table><tr><th class="l">scenario</th><th class="l">incident type</th><th>waited</th><th>alarms / rep.</th></tr>"#
    );
    for (i, a) in arms.iter().enumerate() {
        let s = &a.run.summary;
        let _ = writeln!(
            o,
            r#"<tr><td class="l">{}</td><td class="l">all</td><td>{}</td><td>{:.1}</td></tr>"#,
            tag(i, ""),
            pct(s.queued),
            s.incidents
        );
        for (name, g) in &s.by_type {
            let _ = writeln!(
                o,
                r#"<tr><td class="l"></td><td class="l">{}</td><td>{}</td><td>{:.1}</td></tr>"#,
                escape(name),
                pct(g.queued),
                g.incidents
            );
        }
    }
    let _ = writeln!(o, "</table>");
    let mut rows = Vec::new();
    for (i, a) in arms.iter().enumerate() {
        for u in a.run.summary.units.iter().take(40) {
            rows.push((format!("{} {}", letter(i), u.id), i, u.utilization));
        }
    }
    let svg = share_bars("Unit utilisation", &rows, "share of time busy", 1060)?;
    let _ = writeln!(o, "<figure>{svg}</figure>");
    let _ = writeln!(
        o,
        r#"<table><tr><th class="l">scenario</th><th class="l">unit</th><th class="l">kind</th><th>dispatches / rep.</th><th>utilisation</th><th>95 % CI</th></tr>"#
    );
    for (i, a) in arms.iter().enumerate() {
        for u in &a.run.summary.units {
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td class="l">{}</td><td class="l">{}</td><td>{:.1}</td><td>{:.2} %</td><td>{}</td></tr>"#,
                tag(i, ""),
                escape(&u.id),
                escape(&u.kind),
                u.dispatches,
                u.utilization * 100.0,
                u.utilization_ci95
                    .map(|[a, b]| format!("[{:.2}, {:.2}]", a * 100.0, b * 100.0))
                    .unwrap_or_default()
            );
        }
    }
    let _ = writeln!(o, "</table></section>");
    Ok(())
}

fn stations_section(o: &mut String, arms: &[ReportArm<'_>]) {
    let _ = writeln!(
        o,
        r#"<section id="stations"><h2>The standard's station check</h2><p>Each station's jurisdiction (the area its units reach first) against the standard's area limit for its class.</p>"#
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", tag(i, &a.run.summary.scenario));
        let Some(c) = a.coverage else {
            let _ = writeln!(o, "<p>No coverage analysis for this scenario.</p>");
            continue;
        };
        let _ = writeln!(
            o,
            r#"<table><tr><th class="l">station</th><th>jurisdiction km²</th><th>judged km²</th><th class="l">limit class</th><th>limit km²</th><th>meets</th><th>farthest cell</th></tr>"#
        );
        for st in &c.report.stations {
            let meets = match st.meets_limit {
                Some(true) => r#"<td class="good">yes</td>"#.to_string(),
                Some(false) => r#"<td class="bad">no</td>"#.to_string(),
                None => "<td>–</td>".to_string(),
            };
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td>{:.1}</td><td>{:.1}</td><td class="l">{}</td><td>{}</td>{meets}<td>{}</td></tr>"#,
                escape(st.name.as_deref().unwrap_or(&st.id)),
                st.jurisdiction_km2,
                st.judged_km2,
                escape(st.limit_class.as_deref().unwrap_or("–")),
                st.limit_km2
                    .map(|l| format!("{l}"))
                    .unwrap_or_else(|| "–".into()),
                mmss(st.farthest_s)
            );
        }
        let _ = writeln!(o, "</table>");
        if let Some(n) = c.report.builtup_stations_needed {
            let _ = writeln!(
                o,
                "<p>Stations the built-up area needs at its limit: at least {n}.</p>"
            );
        }
    }
    let _ = writeln!(o, "</section>");
}

fn assumptions_section(o: &mut String, arms: &[ReportArm<'_>]) {
    let _ = writeln!(
        o,
        r#"<section id="assumptions"><h2>Assumptions and sources</h2><p>For each scenario file: its own opening account of what it holds and where its figures come from, then every comment marked ASSUMPTION, with where it is written.</p>"#
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", tag(i, &a.run.summary.scenario));
        if let Some(d) = &a.scenario.description {
            let _ = writeln!(o, "<p>{}</p>", escape(d));
        }
        let (shown, new): (Vec<&PathBuf>, Vec<PathBuf>) = {
            let earlier: Vec<&PathBuf> = arms[..i].iter().flat_map(|b| &b.scenario.files).collect();
            let (seen, new): (Vec<&PathBuf>, Vec<&PathBuf>) =
                a.scenario.files.iter().partition(|f| earlier.contains(f));
            (seen, new.into_iter().cloned().collect())
        };
        for f in shown {
            let _ = writeln!(
                o,
                "<p>Also uses <code>{}</code>, listed above.</p>",
                escape(&f.display().to_string())
            );
        }
        for f in &new {
            if let Some(h) = std::fs::read_to_string(f)
                .ok()
                .and_then(|t| assumptions::header(&t))
            {
                let _ = writeln!(
                    o,
                    "<p><code>{}</code>: {}</p>",
                    escape(&f.display().to_string()),
                    escape(&h)
                );
            }
        }
        let found = assumptions::of_files(&new);
        if found.is_empty() {
            let _ = writeln!(o, "<p>No assumption is marked in the scenario files.</p>");
            continue;
        }
        let _ = writeln!(o, r#"<ul class="assumptions">"#);
        for x in found {
            let _ = writeln!(
                o,
                "<li><code>{}:{}{}</code> {}</li>",
                escape(&x.file.display().to_string()),
                x.line,
                x.key
                    .map(|k| format!(" {}", escape(&k)))
                    .unwrap_or_default(),
                escape(&x.text)
            );
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "</section>");
}

fn reproduce_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    provenance: &Provenance,
    downloads: &[String],
) {
    let s = &arms[0].run.summary;
    let _ = writeln!(
        o,
        r#"<section id="reproduce"><h2>How this report was made</h2><table><tr><td class="l">firecover</td><td class="l">{}</td></tr><tr><td class="l">generated</td><td class="l">{}</td></tr><tr><td class="l">seed</td><td class="l">{}</td></tr><tr><td class="l">replications</td><td class="l">{}</td></tr><tr><td class="l">simulated years per replication</td><td class="l">{}</td></tr></table><p>Command:</p><pre>{}</pre><p>Scenario files (CRC-32 of their contents):</p><ul>"#,
        env!("CARGO_PKG_VERSION"),
        escape(&provenance.generated),
        s.seed,
        s.replications,
        s.simulated_years,
        escape(&provenance.command)
    );
    let mut seen = Vec::new();
    for a in arms {
        for f in &a.scenario.files {
            if seen.contains(f) {
                continue;
            }
            seen.push(f.clone());
            let crc = std::fs::read(f)
                .map(|b| format!("{:08x}", crc32fast::hash(&b)))
                .unwrap_or_else(|e| format!("unreadable: {e}"));
            let _ = writeln!(
                o,
                "<li><code>{}</code> {crc}</li>",
                escape(&f.display().to_string())
            );
        }
    }
    let _ = writeln!(
        o,
        "</ul><p>The same seed, replications and files give the same numbers, whatever the thread count.</p><h3>Tables for spreadsheets</h3><ul>"
    );
    for d in downloads {
        let _ = writeln!(o, r#"<li><a href="{0}">{0}</a></li>"#, escape(d));
    }
    let _ = writeln!(o, "</ul></section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_ids_are_scoped() {
        let svg = r##"<clipPath id="map-area"/><g clip-path="url(#map-area)">"##;
        assert_eq!(
            scoped_svg(svg, "m1"),
            r##"<clipPath id="m1-map-area"/><g clip-path="url(#m1-map-area)">"##
        );
    }
}
