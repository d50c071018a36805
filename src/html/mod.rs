//! The HTML report (`run --html DIR`, `compare --html DIR`): one
//! self-contained `index.html` that works offline (inline SVG maps and
//! charts, inline CSS, no scripts, nothing fetched), with CSV tables and the
//! JSON beside it.
//!
//! This file writes the page and its shared pieces; each section of the
//! page is in a file of its own (`verdict.rs`, `differences.rs`,
//! `maps.rs`, `distributions.rs`, `townships.rs`, `hours.rs`, `units.rs`,
//! `stations.rs`, `sources.rs`, `reproduce.rs`).

pub mod assumptions;
pub mod charts;
pub mod csv_export;
mod differences;
mod distributions;
mod hours;
mod maps;
pub mod png;
mod reproduce;
mod sources;
mod stations;
mod townships;
mod units;
mod verdict;

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
use differences::*;
use distributions::*;
use hours::*;
use maps::*;
use reproduce::*;
use sources::*;
use stations::*;
use townships::*;
use units::*;
use verdict::*;

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
