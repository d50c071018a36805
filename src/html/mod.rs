//! The HTML report (`run --html DIR`, `compare --html DIR`): one
//! self-contained `index.html` that works offline (inline SVG maps and
//! charts, inline CSS, no scripts, nothing fetched), with CSV tables and the
//! JSON beside it.
//!
//! Why this file is not split yet (1,350 lines): the page's sections
//! (summary, verdict, differences, maps, distributions, tables,
//! assumptions) are written here one after another into one page; each is
//! a candidate for a file of its own under `html/`, which belongs with the
//! module layering work (the issue "one-way stairs").

pub mod assumptions;
pub mod charts;
pub mod csv_export;
pub mod png;

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
use crate::tr;

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
    /// The report's title (`--title`; default: what it compares).
    pub title: Option<String>,
    /// Who prepared it (`--author`).
    pub author: Option<String>,
    /// Whether PNG copies of the maps go beside the page (`--no-png` turns
    /// them off).
    pub png_maps: bool,
    /// The arm whose difference map the summary shows (a siting study's
    /// recommended solution); `None`: the last.
    pub featured: Option<usize>,
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
    /// A map could not be rasterised.
    #[error(transparent)]
    Png(#[from] png::PngError),
}

impl HtmlError {
    /// The error in `lang` (a chart that cannot be drawn is a defect, said
    /// in English).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            HtmlError::Write { path, source } => {
                crate::atomic_file::write_failed(lang, path, source)
            }
            HtmlError::Png(e) => e.message(lang),
            HtmlError::Chart(e) => e.to_string(),
        }
    }
}

/// The report's folder of PNG copies of its maps.
const MAPS_FOLDER: &str = "maps";
/// PNG pixels per SVG unit: about 2,000 pixels across a map.
const MAP_PNG_SCALE: f32 = 1.8;

/// The maps to write as PNG beside the page, for Word and WPS.
struct Pictures {
    /// (file name, SVG).
    maps: Vec<(String, String)>,
    /// Why none can be made (no CJK font), if so.
    unavailable: Option<String>,
    /// Whether they were asked for.
    wanted: bool,
}

impl Pictures {
    fn new(wanted: bool, lang: Lang) -> Pictures {
        Pictures {
            maps: Vec::new(),
            unavailable: if wanted {
                png::rasteriser().err().map(|e| e.message(lang))
            } else {
                None
            },
            wanted,
        }
    }

    /// Queues `svg` as `name`; the figure caption's link to it, if made.
    fn add(&mut self, name: String, svg: &str, lang: Lang) -> String {
        if !self.wanted || self.unavailable.is_some() {
            return String::new();
        }
        let link = format!(
            r#" · <a href="{MAPS_FOLDER}/{}">{}</a>"#,
            escape(&name),
            escape(&lang.t("html-png"))
        );
        self.maps.push((name, svg.to_string()));
        link
    }

    /// Rasterises and writes every queued map into `dir`.
    fn write(&self, dir: &Path) -> Result<(), HtmlError> {
        if self.maps.is_empty() {
            return Ok(());
        }
        let Ok(raster) = png::rasteriser() else {
            return Ok(());
        };
        std::fs::create_dir_all(dir).map_err(|source| HtmlError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let made: Vec<Result<(PathBuf, Vec<u8>), png::PngError>> = {
            use rayon::prelude::*;
            self.maps
                .par_iter()
                .map(|(name, svg)| Ok((dir.join(name), raster.png(svg, MAP_PNG_SCALE)?)))
                .collect()
        };
        for m in made {
            let (path, bytes) = m?;
            crate::atomic_file::write(&path, &bytes)
                .map_err(|source| HtmlError::Write { path, source })?;
        }
        Ok(())
    }
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
    lang: Lang,
) -> Result<PathBuf, HtmlError> {
    write_report_with(dir, arms, comparison, provenance, None, lang)
}

/// [`write_report`] with a section of its own (HTML, a `<section>` with an
/// `id`) placed before the verdict: the siting study puts its table there.
pub fn write_report_with(
    dir: &Path,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    provenance: &Provenance,
    lead: Option<&str>,
    lang: Lang,
) -> Result<PathBuf, HtmlError> {
    std::fs::create_dir_all(dir).map_err(|source| HtmlError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let summaries: Vec<&Summary> = arms.iter().map(|a| &a.run.summary).collect();
    let csvs = csv_export::write(dir, &summaries, comparison, lang).map_err(|source| {
        HtmlError::Write {
            path: dir.to_path_buf(),
            source,
        }
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
    let mut pictures = Pictures::new(provenance.png_maps, lang);
    let html = page(
        arms,
        comparison,
        provenance,
        &downloads,
        lead,
        lang,
        &mut pictures,
    )?;
    pictures.write(&dir.join(MAPS_FOLDER))?;
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
.byline { color: #616161; font-size: 13px; margin-top: 0; }
table.compact { font-size: 12px; }
.summary-map svg { max-height: 560px; }
h2.details { border-bottom: none; color: #616161; font-size: 15px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  #summary { break-after: page; }
  #summary h1 { margin-top: 0; }
  #summary .verdict { font-size: 12px; padding: 4px 8px; }
  #summary table { font-size: 10px; margin: 4px 0 8px; }
  .summary-map svg { max-height: 105mm; width: auto; }
  figure, table, .verdict { break-inside: avoid; }
  h2 { break-after: avoid; }
}
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

/// `<th>` cells of the given messages, the first aligned left.
fn header_cells(lang: Lang, ids: &[&str]) -> String {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let class = if i == 0 { r#" class="l""# } else { "" };
            format!("<th{class}>{}</th>", escape(&lang.t(id)))
        })
        .collect()
}

/// The not-significant mark after an estimate whose interval contains 0
/// (whatever it rounds to: the legend's one rule).
fn ns_mark(d: &Difference, lang: Lang) -> String {
    if !d.significant && d.estimate.is_finite() {
        format!(" {}", lang.t("html-ns"))
    } else {
        String::new()
    }
}

/// A difference and its CI as table cells, formatted by `f`.
fn diff_cells(d: &Difference, f: &dyn Fn(f64) -> String, lang: Lang) -> String {
    let ci = d
        .ci95
        .map(|[a, b]| format!("[{}, {}]", f(a), f(b)))
        .unwrap_or_default();
    let mark = escape(&ns_mark(d, lang));
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
    lang: Lang,
    pictures: &mut Pictures,
) -> Result<String, HtmlError> {
    let mut o = String::new();
    let first = &arms[0].run.summary;
    let title = match &provenance.title {
        Some(t) => t.clone(),
        None if arms.len() == 1 => tr!(lang, "html-title-run", scenario = first.name(lang)),
        None => tr!(
            lang,
            "html-title-compare",
            first = first.name(lang),
            others = arms.len() - 1
        ),
    };
    // the summary: one printed A4 page (the print style sheet breaks after it)
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<section id=\"summary\">\n<h1>{}</h1>\n",
        lang.html_tag(),
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(
        o,
        r#"<p class="byline">{}{}</p>"#,
        provenance
            .author
            .as_ref()
            .map(|a| format!(
                "{} · ",
                escape(&tr!(lang, "html-author", author = a.as_str()))
            ))
            .unwrap_or_default(),
        escape(&provenance.generated)
    );
    let _ = writeln!(
        o,
        "<p>{}</p><ul>",
        escape(&tr!(
            lang,
            "html-intro",
            years = format!("{:.1}", first.simulated_years),
            replications = first.replications.to_string(),
            seed = first.seed.to_string(),
            limit = crate::report::labelled_yardstick(&first.standard, &first.labels, lang),
            turnout = mmss(first.standard.turnout_s),
            travel = mmss(first.standard.travel_s)
        ))
    );
    // when the scenarios are judged by different standards, each says its own
    let standards_differ = arms
        .iter()
        .any(|a| a.run.summary.standard != first.standard);
    for (i, a) in arms.iter().enumerate() {
        let own = if standards_differ {
            escape(&tr!(
                lang,
                "html-arm-standard",
                limit = crate::report::labelled_yardstick(
                    &a.run.summary.standard,
                    &a.run.summary.labels,
                    lang
                ),
                turnout = mmss(a.run.summary.standard.turnout_s),
                travel = mmss(a.run.summary.standard.travel_s)
            ))
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "<li>{}{}{own}</li>",
            tag(i, a.run.summary.name(lang)),
            if i == 0 && arms.len() > 1 {
                lang.t("html-baseline")
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(o, "</ul>");
    verdict_section(&mut o, arms, comparison, lang);
    if let Some(c) = comparison {
        summary_differences(&mut o, c, lang);
    }
    summary_map(&mut o, arms, comparison, provenance.featured, lang);
    let _ = writeln!(
        o,
        "</section>\n<h2 class=\"details\">{}</h2>",
        escape(&lang.t("html-details"))
    );
    if let Some(note) = &first.network_note {
        let _ = writeln!(
            o,
            r#"<p class="note"><b>{}</b> {}</p>"#,
            escape(&lang.t("html-road-network")),
            escape(&crate::network::words::network_note(note, lang))
        );
    }
    if let Some(section) = lead {
        o.push_str(section);
    }
    if let Some(c) = comparison {
        differences_section(&mut o, c, lang);
    }
    maps_section(&mut o, arms, comparison, lang, pictures);
    distributions_section(&mut o, arms, lang)?;
    townships_section(&mut o, arms, comparison, lang);
    hours_section(&mut o, arms, lang)?;
    units_section(&mut o, arms, lang)?;
    stations_section(&mut o, arms, lang);
    assumptions_section(&mut o, arms, lang);
    reproduce_section(&mut o, arms, provenance, downloads, lang);
    let _ = writeln!(o, "</body>\n</html>");
    Ok(o)
}

fn verdict_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    lang: Lang,
) {
    let _ = writeln!(
        o,
        r#"<section id="verdict"><h2>{}</h2>"#,
        escape(&lang.t("html-verdict"))
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(
            o,
            r#"<p class="verdict">{}: {}</p>"#,
            tag(i, a.run.summary.name(lang)),
            escape(&verdict(&a.run.summary, lang))
        );
    }
    let _ = writeln!(
        o,
        "<table><tr>{}</tr>",
        header_cells(
            lang,
            &[
                "html-col-scenario",
                "html-col-alarms",
                "html-col-mean-response",
                "html-col-ci95",
                "html-col-p90",
                "html-col-within",
                "html-col-ci95",
                "html-col-waited",
                "html-col-unreachable",
            ]
        )
    );
    for (i, a) in arms.iter().enumerate() {
        let s = &a.run.summary;
        let _ = writeln!(
            o,
            r#"<tr><td class="l">{}</td><td>{:.1}</td>{}<td>{:.1}</td></tr>"#,
            tag(i, ""),
            per_year(s.incidents, s.simulated_years),
            key_figures(s)
                .iter()
                .map(|c| format!("<td>{}</td>", escape(c)))
                .collect::<String>(),
            s.unreachable
        );
    }
    let _ = writeln!(o, "</table>");
    // what the intervals are, next to them
    let _ = writeln!(
        o,
        r#"<p class="note">{}</p>"#,
        escape(&lang.t("uncertainty-note"))
    );
    if let Some(c) = comparison {
        let (powers, shared) = compare::text::power_sentences(c, lang);
        for (k, p) in c.pairs.iter().enumerate() {
            let _ = writeln!(
                o,
                r#"<p class="verdict"><b>{}</b>: {}</p>"#,
                escape(&tr!(lang, "html-vs", letter = letter(k + 1))),
                escape(&compare::text::verdict(p, lang)),
            );
            if let Some(power) = &powers[k] {
                let _ = writeln!(o, "<p>{}</p>", escape(power));
            }
        }
        if let Some(power) = &shared {
            let _ = writeln!(o, "<p>{}</p>", escape(power));
        }
    }
    let _ = writeln!(o, "</section>");
}

/// The header cells after the group column of a difference table of
/// scenario `b` against A, matching [`difference_row`].
fn difference_header_cells(b: &str, lang: Lang) -> String {
    let th = |text: String| format!("<th>{}</th>", escape(&text));
    let mut cells = th(lang.t("html-col-alarms"));
    for (of, delta) in [
        ("html-col-mean-of", "html-col-delta-mean"),
        ("html-col-p90-of", "html-col-delta-p90"),
        ("html-col-within-of", "html-col-delta-within"),
    ] {
        for l in ["A", b] {
            cells += &th(match of {
                "html-col-mean-of" => tr!(lang, "html-col-mean-of", letter = l),
                "html-col-p90-of" => tr!(lang, "html-col-p90-of", letter = l),
                _ => tr!(lang, "html-col-within-of", letter = l),
            });
        }
        cells += &th(lang.t(delta));
        cells += &th(lang.t("html-col-ci95"));
    }
    cells
}

/// Alarms a year from alarms per replication of `years` simulated years
/// (the tables give yearly counts, as a planner reads them).
fn per_year(per_replication: f64, years: f64) -> f64 {
    if years > 0.0 {
        per_replication / years
    } else {
        per_replication
    }
}

/// The years each replication of the comparison simulates (the first
/// run's; the runs of a comparison share their horizon).
fn years(c: &Comparison) -> f64 {
    c.runs.first().map_or(1.0, |s| s.simulated_years)
}

/// The summary's differences: overall and by setting, for each pair.
fn summary_differences(o: &mut String, c: &Comparison, lang: Lang) {
    for (k, p) in c.pairs.iter().enumerate() {
        let b = letter(k + 1);
        let _ = writeln!(
            o,
            r#"<table class="compact"><tr><th class="l">{}</th>{}</tr>"#,
            escape(&tr!(lang, "html-vs", letter = b.as_str())),
            difference_header_cells(&b, lang)
        );
        for g in std::iter::once(&p.overall).chain(&p.by_setting) {
            difference_row(o, g, years(c), &c.runs[0].labels, lang);
        }
        let _ = writeln!(o, "</table>");
    }
}

/// The summary's one map: the featured (else the last) arm's difference
/// map of the region against the first, or the single run's coverage map.
fn summary_map(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    featured: Option<usize>,
    lang: Lang,
) {
    let base = arms[0];
    let shown = featured
        .filter(|&k| k >= 1 && k < arms.len())
        .unwrap_or(arms.len().saturating_sub(1));
    let svg = match (comparison, arms.get(shown)) {
        (Some(c), Some(last)) if shown >= 1 => {
            let (Some(ca), Some(cb)) = (base.coverage, last.coverage) else {
                return;
            };
            // the pairs are each later arm against the first, in order
            let Some(p) = c.pairs.get(shown - 1) else {
                return;
            };
            let zones = zone_changes(base.scenario, p);
            let title = tr!(
                lang,
                "html-difference-title",
                letter = letter(shown),
                extent = lang.t("html-extent-region")
            );
            render_difference(
                (base.scenario, ca),
                (last.scenario, cb),
                &zones,
                &title,
                svg::Extent::Region,
                lang,
            )
        }
        _ => base
            .coverage
            .map(|c| svg::render_extent(base.scenario, c, svg::Extent::Region, lang)),
    };
    if let Some(svg) = svg {
        let _ = writeln!(
            o,
            r#"<figure class="map summary-map">{}</figure>"#,
            scoped_svg(&svg, "summary")
        );
    }
}

/// Each zone's change in the share within the standard, at its
/// demand-weighted centre (zones without one are left out).
fn zone_changes(base: &Scenario, p: &compare::PairComparison) -> Vec<ZoneChange> {
    let centres = zone_centres(base);
    p.by_zone
        .iter()
        .filter_map(|z| {
            let idx = base.demand.zones.iter().position(|n| *n == z.group)?;
            let (lon, lat) = centres[idx]?;
            Some(ZoneChange {
                name: z.group.clone(),
                lon,
                lat,
                delta: z.within_standard_diff.estimate,
                significant: z.within_standard_diff.significant,
            })
        })
        .collect()
}

fn differences_section(o: &mut String, c: &Comparison, lang: Lang) {
    // the message holds markup (a link); only its argument is text
    let _ = writeln!(
        o,
        r##"<section id="differences"><h2>{}</h2><p>{}</p>"##,
        escape(&lang.t("html-differences")),
        tr!(
            lang,
            "html-differences-intro",
            replications = c.replications.to_string()
        )
    );
    for (k, p) in c.pairs.iter().enumerate() {
        let b = letter(k + 1);
        let _ = writeln!(
            o,
            r#"<h3>{}{}</h3><table><tr><th class="l">{}</th>{}</tr>"#,
            escape(&tr!(lang, "html-vs", letter = b.as_str())),
            match &p.not_paired_because {
                Some(why) => escape(&tr!(lang, "html-not-paired", why = why.as_str())),
                None => String::new(),
            },
            escape(&lang.t("html-col-group")),
            difference_header_cells(&b, lang)
        );
        if let Some(note) = &p.standard_differs {
            let _ = writeln!(
                o,
                r#"<p class="note">{}</p>"#,
                escape(&tr!(lang, "html-note", note = note.as_str()))
            );
        }
        let rows = std::iter::once(&p.overall)
            .chain(&p.by_type)
            .chain(&p.by_setting);
        for g in rows {
            difference_row(o, g, years(c), &c.runs[0].labels, lang);
        }
        let _ = writeln!(o, "</table>");
    }
    let _ = writeln!(o, "</section>");
}

fn difference_row(
    o: &mut String,
    g: &GroupDifference,
    years: f64,
    labels: &crate::labels::Labels,
    lang: Lang,
) {
    let ns = !g.mean_response_diff_s.significant && !g.within_standard_diff.significant;
    let _ = writeln!(
        o,
        r#"<tr{}><td class="l">{}</td><td>{:.1}</td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td>{}</tr>"#,
        if ns { r#" class="ns""# } else { "" },
        escape(&if g.group == "all" {
            lang.t("html-group-all")
        } else {
            labels.group(&g.group, lang).to_string()
        }),
        per_year(g.incidents, years),
        mmss(g.mean_response_s[0]),
        mmss(g.mean_response_s[1]),
        diff_cells(&g.mean_response_diff_s, &compare::signed_mmss, lang),
        mmss(g.p90_response_s[0]),
        mmss(g.p90_response_s[1]),
        diff_cells(&g.p90_response_diff_s, &compare::signed_mmss, lang),
        pct(g.within_standard[0]),
        pct(g.within_standard[1]),
        diff_cells(&g.within_standard_diff, &signed_pp, lang),
    );
}

/// The map extents a scenario gets: the whole region, and the built-up area
/// zoomed when it has one (where the standard's area limits apply).
fn extents(s: &Scenario, lang: Lang) -> Vec<(svg::Extent, &'static str, String)> {
    let mut v = vec![(svg::Extent::Region, "region", lang.t("html-extent-region"))];
    if s.area.builtup.is_some() {
        v.push((
            svg::Extent::Builtup,
            "builtup",
            lang.t("html-extent-builtup"),
        ));
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

fn maps_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    lang: Lang,
    pictures: &mut Pictures,
) {
    let _ = writeln!(
        o,
        r#"<section id="maps"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-maps")),
        escape(&lang.t("html-maps-intro"))
    );
    if let Some(why) = &pictures.unavailable {
        let _ = writeln!(
            o,
            r#"<p class="note">{}</p>"#,
            escape(&tr!(lang, "html-no-png", why = why.as_str()))
        );
    }
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
                for (extent, name, what) in extents(a.scenario, lang) {
                    let what = escape(&what);
                    let svg = svg::render_coloured(a.scenario, c, extent, &colour, lang);
                    let link = pictures.add(format!("map-{}-{name}.png", letter(i)), &svg, lang);
                    let _ = writeln!(
                        o,
                        r#"<figure class="map">{}<figcaption>{}: {what}{link}</figcaption></figure>"#,
                        scoped_svg(&svg, &format!("map{i}-{name}")),
                        tag(i, a.run.summary.name(lang))
                    );
                }
            }
            None => {
                let _ = writeln!(
                    o,
                    "<p>{}</p>",
                    tr!(
                        lang,
                        "html-no-map",
                        scenario = tag(i, a.run.summary.name(lang))
                    )
                );
            }
        }
    }
    if let Some(c) = comparison {
        let base = arms[0];
        for (k, p) in c.pairs.iter().enumerate() {
            let arm = arms[k + 1];
            let (Some(ca), Some(cb)) = (base.coverage, arm.coverage) else {
                continue;
            };
            let zones = zone_changes(base.scenario, p);
            for (extent, name, what) in extents(base.scenario, lang) {
                let title = tr!(
                    lang,
                    "html-difference-title",
                    letter = letter(k + 1),
                    extent = what
                );
                let arms = ((base.scenario, ca), (arm.scenario, cb));
                match render_difference(arms.0, arms.1, &zones, &title, extent, lang) {
                    Some(svg) => {
                        let link = pictures.add(
                            format!("difference-{}-{name}.png", letter(k + 1)),
                            &svg,
                            lang,
                        );
                        let _ = writeln!(
                            o,
                            r#"<figure class="map" id="difference-{}-{name}">{}<figcaption>{}{link}</figcaption></figure>"#,
                            k + 1,
                            scoped_svg(&svg, &format!("diff{}-{name}", k + 1)),
                            tr!(
                                lang,
                                "html-difference-caption",
                                scenario = tag(k + 1, c.runs[k + 1].name(lang)),
                                baseline = tag(0, c.runs[0].name(lang))
                            )
                        );
                    }
                    None => {
                        let _ = writeln!(
                            o,
                            "<p>{}</p>",
                            escape(&tr!(lang, "html-no-difference-map", letter = letter(k + 1)))
                        );
                        break;
                    }
                }
            }
        }
    }
    let _ = writeln!(o, "</section>");
}

fn distributions_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    lang: Lang,
) -> Result<(), HtmlError> {
    let _ = writeln!(
        o,
        r#"<section id="distributions"><h2>{}</h2><p>{}</p><div class="charts">"#,
        escape(&lang.t("html-distributions")),
        escape(&lang.t("html-distributions-intro"))
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
    let svg = cumulative_chart(
        &lang.t("html-chart-all"),
        &curves(0),
        limit,
        (1060, 440),
        lang,
    )?;
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
            &tr!(lang, "html-chart-type", type = ty.name.as_str()),
            &per_arm,
            limit,
            (520, 330),
            lang,
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

fn townships_section(
    o: &mut String,
    arms: &[ReportArm<'_>],
    comparison: Option<&Comparison>,
    lang: Lang,
) {
    let change = if comparison.is_some() {
        lang.t("html-townships-change")
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        r#"<section id="townships"><h2>{}</h2><p>{}</p><table><tr>{}"#,
        escape(&lang.t("html-townships")),
        escape(&tr!(lang, "html-townships-intro", change = change)),
        header_cells(lang, &["html-col-zone", "html-col-alarms"])
    );
    for i in 0..arms.len() {
        let l = letter(i);
        let _ = write!(
            o,
            "<th>{}</th><th>{}</th><th>{}</th>",
            escape(&tr!(lang, "html-col-mean-of", letter = l.as_str())),
            escape(&tr!(lang, "html-col-p90-of", letter = l.as_str())),
            escape(&tr!(lang, "html-col-within-of", letter = l.as_str()))
        );
    }
    if let Some(c) = comparison {
        for k in 0..c.pairs.len() {
            let _ = write!(
                o,
                "<th>{}</th>",
                escape(&tr!(
                    lang,
                    "html-col-delta-within-vs",
                    letter = letter(k + 1)
                ))
            );
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
            per_year(base.by_zone[name].incidents, base.simulated_years)
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
                        let ns = escape(&ns_mark(d, lang));
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

/// Below this utilisation for every unit, the unit chart and table are
/// folded away: distance, not fleet size, sets the response times.
const QUIET_UTILISATION: f64 = 0.02;

/// Results by hour of the day of the alarm, when a scenario varies by time
/// of day: a chart of the share within the standard and a table.
fn hours_section(o: &mut String, arms: &[ReportArm<'_>], lang: Lang) -> Result<(), HtmlError> {
    if arms.iter().all(|a| a.run.summary.by_hour.is_empty()) {
        return Ok(());
    }
    let _ = writeln!(
        o,
        r#"<section id="hours"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-hours")),
        escape(&lang.t("html-hours-intro"))
    );
    let mut rows = Vec::new();
    for (i, a) in arms.iter().enumerate() {
        for (h, g) in &a.run.summary.by_hour {
            if g.incidents > 0.0 {
                rows.push((format!("{} {h}:00", letter(i)), i, g.within_standard));
            }
        }
    }
    let svg = share_bars(
        &lang.t("html-chart-hours"),
        &rows,
        &lang.t("html-chart-hours-axis"),
        1060,
    )?;
    let _ = writeln!(o, "<figure>{svg}</figure>");
    let _ = writeln!(
        o,
        r#"<table><tr>{}<th class="l">{}</th>{}</tr>"#,
        header_cells(lang, &["html-col-scenario"]),
        escape(&lang.t("col-hour")),
        [
            "html-col-alarms",
            "html-col-mean-response",
            "html-col-within"
        ]
        .map(|id| format!("<th>{}</th>", escape(&lang.t(id))))
        .concat()
    );
    for (i, a) in arms.iter().enumerate() {
        for (h, g) in &a.run.summary.by_hour {
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td class="l">{h}:00</td><td>{:.1}</td><td>{}</td><td>{}</td></tr>"#,
                tag(i, ""),
                per_year(g.incidents, a.run.summary.simulated_years),
                if g.response_s.mean.is_nan() {
                    "–".to_string()
                } else {
                    crate::report::mmss(g.response_s.mean)
                },
                pct(g.within_standard)
            );
        }
    }
    let _ = writeln!(o, "</table></section>");
    Ok(())
}

fn units_section(o: &mut String, arms: &[ReportArm<'_>], lang: Lang) -> Result<(), HtmlError> {
    let _ = writeln!(
        o,
        r#"<section id="units"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-units")),
        lang.t("html-units-intro")
    );
    let _ = writeln!(
        o,
        r#"<table><tr>{}<th class="l">{}</th>{}</tr>"#,
        header_cells(lang, &["html-col-scenario"]),
        escape(&lang.t("html-col-incident-type")),
        ["html-col-waited", "html-col-alarms"]
            .map(|id| format!("<th>{}</th>", escape(&lang.t(id))))
            .concat()
    );
    for (i, a) in arms.iter().enumerate() {
        let s = &a.run.summary;
        let _ = writeln!(
            o,
            r#"<tr><td class="l">{}</td><td class="l">{}</td><td>{}</td><td>{:.1}</td></tr>"#,
            tag(i, ""),
            escape(&lang.t("html-group-all")),
            pct(s.queued),
            per_year(s.incidents, s.simulated_years)
        );
        for (name, g) in &s.by_type {
            let _ = writeln!(
                o,
                r#"<tr><td class="l"></td><td class="l">{}</td><td>{}</td><td>{:.1}</td></tr>"#,
                escape(s.labels.incident_type(name, lang)),
                pct(g.queued),
                per_year(g.incidents, s.simulated_years)
            );
        }
    }
    let _ = writeln!(o, "</table>");
    let quiet = arms
        .iter()
        .flat_map(|a| &a.run.summary.units)
        .all(|u| u.utilization < QUIET_UTILISATION);
    if quiet {
        let _ = writeln!(
            o,
            "<p>{}</p><details><summary>{}</summary>",
            escape(&tr!(
                lang,
                "html-units-quiet",
                share = pct(QUIET_UTILISATION)
            )),
            escape(&lang.t("html-units-table"))
        );
    }
    let mut rows = Vec::new();
    for (i, a) in arms.iter().enumerate() {
        for u in a.run.summary.units.iter().take(40) {
            rows.push((format!("{} {}", letter(i), u.id), i, u.utilization));
        }
    }
    if !quiet {
        let svg = share_bars(
            &lang.t("html-chart-utilisation"),
            &rows,
            &lang.t("html-chart-utilisation-axis"),
            1060,
        )?;
        let _ = writeln!(o, "<figure>{svg}</figure>");
    }
    let left = |id: &str| format!(r#"<th class="l">{}</th>"#, escape(&lang.t(id)));
    let right = |id: &str| format!("<th>{}</th>", escape(&lang.t(id)));
    let _ = writeln!(
        o,
        "<table><tr>{}{}{}{}{}{}</tr>",
        left("html-col-scenario"),
        left("html-col-unit"),
        left("html-col-kind"),
        right("html-col-dispatches"),
        right("html-col-utilisation"),
        right("html-col-ci95")
    );
    for (i, a) in arms.iter().enumerate() {
        for u in &a.run.summary.units {
            let _ = writeln!(
                o,
                r#"<tr><td class="l">{}</td><td class="l">{}</td><td class="l">{}</td><td>{:.1}</td><td>{:.2} %</td><td>{}</td></tr>"#,
                tag(i, ""),
                escape(&u.id),
                escape(a.run.summary.labels.unit_kind(&u.kind, lang)),
                u.dispatches,
                u.utilization * 100.0,
                u.utilization_ci95
                    .map(|[a, b]| format!("[{:.2}, {:.2}]", a * 100.0, b * 100.0))
                    .unwrap_or_default()
            );
        }
    }
    let _ = writeln!(o, "</table>");
    if quiet {
        let _ = writeln!(o, "</details>");
    }
    let _ = writeln!(o, "</section>");
    Ok(())
}

fn stations_section(o: &mut String, arms: &[ReportArm<'_>], lang: Lang) {
    let _ = writeln!(
        o,
        r#"<section id="stations"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-stations")),
        escape(&lang.t("html-stations-intro"))
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", tag(i, a.run.summary.name(lang)));
        let Some(c) = a.coverage else {
            let _ = writeln!(o, "<p>{}</p>", escape(&lang.t("html-no-coverage")));
            continue;
        };
        let _ = writeln!(
            o,
            r#"<table><tr>{}<th class="l">{}</th>{}</tr>"#,
            header_cells(
                lang,
                &[
                    "html-col-station",
                    "html-col-jurisdiction",
                    "html-col-judged"
                ]
            ),
            escape(&lang.t("html-col-limit-class")),
            ["html-col-limit", "html-col-meets", "html-col-farthest"]
                .map(|id| format!("<th>{}</th>", escape(&lang.t(id))))
                .concat()
        );
        for st in &c.report.stations {
            let meets = match st.meets_limit {
                Some(true) => format!(r#"<td class="good">{}</td>"#, escape(&lang.t("html-yes"))),
                Some(false) => format!(r#"<td class="bad">{}</td>"#, escape(&lang.t("html-no"))),
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
                "<p>{}</p>",
                escape(&tr!(lang, "html-stations-needed", count = n))
            );
        }
    }
    let _ = writeln!(o, "</section>");
}

fn assumptions_section(o: &mut String, arms: &[ReportArm<'_>], lang: Lang) {
    let _ = writeln!(
        o,
        r#"<section id="assumptions"><h2>{}</h2><p>{}</p>"#,
        escape(&lang.t("html-assumptions")),
        escape(&lang.t("html-assumptions-intro"))
    );
    for (i, a) in arms.iter().enumerate() {
        let _ = writeln!(o, "<h3>{}</h3>", tag(i, a.run.summary.name(lang)));
        if let Some(d) = &a.scenario.description {
            let d = a.scenario.labels.scenario_description(d, lang);
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
                "<p>{}</p>",
                tr!(
                    lang,
                    "html-also-uses",
                    file = escape(&f.display().to_string())
                )
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
            let _ = writeln!(o, "<p>{}</p>", escape(&lang.t("html-no-assumptions")));
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
    lang: Lang,
) {
    let s = &arms[0].run.summary;
    let t = |id: &str| escape(&lang.t(id));
    let _ = writeln!(
        o,
        r#"<section id="reproduce"><h2>{}</h2><table><tr><td class="l">firecover</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr><tr><td class="l">{}</td><td class="l">{}</td></tr></table><p>{}</p><pre>{}</pre><p>{}</p><ul>"#,
        t("html-reproduce"),
        env!("CARGO_PKG_VERSION"),
        t("html-generated"),
        escape(&provenance.generated),
        t("html-seed"),
        s.seed,
        t("html-replications"),
        s.replications,
        t("html-years"),
        s.simulated_years,
        t("html-command"),
        escape(&provenance.command),
        t("html-files")
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
                .unwrap_or_else(|e| tr!(lang, "html-unreadable", why = e.to_string()));
            let _ = writeln!(
                o,
                "<li><code>{}</code> {crc}</li>",
                escape(&f.display().to_string())
            );
        }
    }
    let _ = writeln!(
        o,
        "</ul><p>{}</p><h3>{}</h3><ul>",
        t("html-same-numbers"),
        t("html-tables")
    );
    for d in downloads {
        let _ = writeln!(
            o,
            r#"<li><a href="{0}"><code>{0}</code></a></li>"#,
            escape(d)
        );
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
