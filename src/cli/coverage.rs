//! `firecover coverage`: the standard's static check, with maps.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use firecover::atomic_file::OutputSet;
use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::report;
use firecover::tr;

use super::{EXIT_BAD_INPUT, load};

#[derive(Args)]
pub struct CoverageArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Cell side, metres.
    #[arg(long, default_value_t = firecover::coverage::DEFAULT_CELL_M, value_parser = cell_size)]
    pub cell_m: f64,
    /// Write the layers (jurisdictions, isochrones, stations) as GeoJSON.
    #[arg(long, value_name = "FILE")]
    pub geojson: Option<PathBuf>,
    /// Write the map of the whole region as SVG.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Write a map zoomed on the built-up area as SVG.
    #[arg(long, value_name = "FILE")]
    pub svg_builtup: Option<PathBuf>,
    /// Write the map of the whole region as PNG (for Word and WPS).
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
    /// Write the built-up area's map as PNG.
    #[arg(long, value_name = "FILE")]
    pub png_builtup: Option<PathBuf>,
    /// Also write the report as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// PNG pixels per SVG unit: about 2,000 pixels across, sharp in print.
const MAP_PNG_SCALE: f32 = 1.8;

/// Cell sizes from 10 m to 10 km.
fn cell_size(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (10.0..=firecover::coverage::MAX_CELL_M).contains(&v) {
        Ok(v)
    } else {
        Err(format!("a cell size from 10 to 10000 m, not {v}"))
    }
}

pub fn coverage(args: &CoverageArgs, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    let files = [
        &args.svg,
        &args.svg_builtup,
        &args.png,
        &args.png_builtup,
        &args.geojson,
        &args.json,
    ]
    .map(|p| p.as_deref());
    if let Err(code) = super::check_outputs(&files, &[], super::language(lang, None)) {
        return Ok(code);
    }
    // a missing font is known before any work
    let raster = if args.png.is_some() || args.png_builtup.is_some() {
        match firecover::html::png::rasteriser() {
            Ok(r) => Some(r),
            Err(e) => {
                let lang = super::language(lang, None);
                note!("{}", tr!(lang, "check-error", message = e.message(lang)));
                return Ok(ExitCode::FAILURE);
            }
        }
    } else {
        None
    };
    let scenario = match load(&args.scenario, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let lang = super::language(lang, Some(&scenario));
    let model = Model::compile(&scenario).context("compiling the scenario")?;
    let c = match firecover::coverage::analyze(&scenario, &model, args.cell_m) {
        Ok(c) => c,
        Err(e) => {
            note!(
                "{}",
                tr!(
                    lang,
                    "check-error",
                    message = format!(
                        "{}{}{}",
                        args.scenario.display(),
                        lang.colon(),
                        e.message(lang)
                    )
                )
            );
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    // every file is staged, then all appear together
    let mut out = OutputSet::new();
    if let Some(path) = &args.svg {
        out.file(
            path,
            firecover::coverage::svg::render(&scenario, &c, lang).as_bytes(),
        )?;
    }
    if let Some(path) = &args.svg_builtup {
        let extent = firecover::coverage::svg::Extent::Builtup;
        let svg = firecover::coverage::svg::render_extent(&scenario, &c, extent, lang);
        out.file(path, svg.as_bytes())?;
    }
    for (path, extent) in [
        (&args.png, firecover::coverage::svg::Extent::Region),
        (&args.png_builtup, firecover::coverage::svg::Extent::Builtup),
    ] {
        if let (Some(path), Some(r)) = (path, raster) {
            let svg = firecover::coverage::svg::render_extent(&scenario, &c, extent, lang);
            out.file(path, &r.png(&svg, MAP_PNG_SCALE)?)?;
        }
    }
    if let Some(path) = &args.geojson {
        out.file(
            path,
            firecover::coverage::geojson::write(&scenario, &c).as_bytes(),
        )?;
    }
    if let Some(path) = &args.json {
        out.file(
            path,
            (serde_json::to_string_pretty(&c.report)? + "\n").as_bytes(),
        )?;
    }
    let written = out.commit()?;
    say!(
        "{}",
        report::render_coverage(&scenario.name, &c.report, lang)
    );
    say!(
        "\n{}\n{}",
        lang.t("report-stations"),
        report::station_nodes(&scenario, lang)
    );
    for path in written {
        super::say_wrote(&path, lang);
    }
    Ok(ExitCode::SUCCESS)
}
