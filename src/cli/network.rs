//! `firecover network`: import an OpenStreetMap extract, export a road
//! graph, describe a scenario's network, regenerate a builtin district.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::time::Instant;

use clap::Subcommand;

use firecover::atomic_file::OutputSet;
use firecover::i18n::Lang;
use firecover::report;
use firecover::tr;

use super::{EXIT_BAD_INPUT, Progress, load, refuse};

#[derive(Subcommand)]
pub enum NetworkCommand {
    /// Import an OpenStreetMap extract (.osm.pbf) into a road graph file
    /// (.fcnet): drivable ways, one-ways, speed limits, clipped, largest
    /// strongly connected part.
    Import {
        /// The extract.
        input: PathBuf,
        /// Keep only what lies inside this polygon (GeoJSON).
        #[arg(long, value_name = "POLYGON.geojson", conflicts_with = "bbox")]
        boundary: Option<PathBuf>,
        /// Keep only what lies inside this box: west,south,east,north (degrees).
        #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox, allow_hyphen_values = true)]
        bbox: Option<[f64; 4]>,
        /// The road graph file to write.
        #[arg(short, long, value_name = "OUT.fcnet")]
        output: PathBuf,
    },
    /// Write a road graph file (.fcnet) as GeoJSON LineStrings for QGIS.
    Export {
        /// The road graph file.
        input: PathBuf,
        /// The GeoJSON file to write.
        #[arg(long, value_name = "FILE")]
        geojson: PathBuf,
    },
    /// Nodes, edges, road km by class, connected components and circuity
    /// measured on random pairs.
    Info {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Random origins for the circuity sample (10 destinations each), at most 100,000.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        samples: u32,
    },
    /// Regenerate a schematic district (roads, places, built-up area) from
    /// the generator.toml, townships.csv and boundary.geojson in DIR.
    Generate {
        /// Folder holding the generator inputs (e.g. scenarios/liangping).
        dir: PathBuf,
        /// Where to write the GeoJSON files (default: DIR).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Compare a schematic district's seat-to-seat road distances with the
    /// measured ones its generator.toml names (`[calibration] measured`),
    /// and optionally fit its per-township circuity factors to them.
    Calibrate {
        /// Folder holding the generator inputs (e.g. scenarios/liangping).
        dir: PathBuf,
        /// Fit `[township_circuity]` in this many rounds and print the table
        /// to put in generator.toml.
        #[arg(long, value_name = "ROUNDS", value_parser = clap::value_parser!(u32).range(1..=200))]
        fit: Option<u32>,
        /// Seat pairs to list, furthest from the measured distance first.
        #[arg(long, default_value_t = 15)]
        worst: usize,
    },
}

/// `W,S,E,N` in degrees.
fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>().map_err(|e| format!("`{x}`: {e}")))
        .collect::<Result<_, _>>()?;
    let [w, south, e, n] = v[..] else {
        return Err(format!(
            "expected west,south,east,north, got {} numbers",
            v.len()
        ));
    };
    if !((-180.0..=180.0).contains(&w)
        && (-180.0..=180.0).contains(&e)
        && (-90.0..=90.0).contains(&south)
        && (-90.0..=90.0).contains(&n))
    {
        return Err("coordinates out of range".into());
    }
    if w >= e || south >= n {
        return Err("west must be below east and south below north".into());
    }
    Ok([w, south, e, n])
}

pub fn network_info(path: &Path, samples: usize, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    let scenario = match load(path, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let lang = super::language(lang, Some(&scenario));
    let info =
        firecover::network::info::describe(&scenario.network, samples, scenario.simulation.seed);
    say!(
        "{}",
        report::render_network_info(&scenario.name, &info, lang)
    );
    if let Some(note) = scenario.network.note() {
        let note = firecover::network::words::network_note(note, lang);
        sayln!("\n{}", tr!(lang, "network-note", note = note));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(
    input: &Path,
    boundary: Option<&Path>,
    bbox: Option<[f64; 4]>,
    output: &Path,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    if let Err(code) = super::check_outputs(&[Some(output)], &[], lang) {
        return Ok(code);
    }
    use firecover::network::{fcnet, osm};
    let clip = match (boundary, bbox) {
        (Some(path), _) => {
            let text = match firecover::input::read_text(path, firecover::input::Limit::Geodata) {
                Ok(t) => t,
                Err(e) => {
                    note!(
                        "{}",
                        tr!(lang, "check-error", message = e.said().render(lang))
                    );
                    return Ok(ExitCode::from(EXIT_BAD_INPUT));
                }
            };
            match firecover::network::geojson::read_polygon(&text, &path.display().to_string()) {
                Ok(p) => osm::Clip::Polygon(Box::new(p)),
                Err(e) => {
                    note!("{}", tr!(lang, "check-error", message = e.render(lang)));
                    return Ok(ExitCode::from(EXIT_BAD_INPUT));
                }
            }
        }
        (None, Some(b)) => osm::Clip::BBox(b),
        (None, None) => osm::Clip::None,
    };
    let started = Instant::now();
    let bar = Progress::new(
        1,
        "{spinner} importing {bytes}/{total_bytes} {wide_bar} {eta}",
    );
    let result = osm::import(input, &clip, &|done, total| bar.set(done, total));
    bar.finish_and_clear();
    let (graph, report) = match result {
        Ok(r) => r,
        Err(e) => {
            note!(
                "{}",
                tr!(lang, "check-error", message = e.said().render(lang))
            );
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let import_s = started.elapsed().as_secs_f64();
    fcnet::save(&graph, output)?;
    let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
    sayln!(
        "{}",
        tr!(
            lang,
            "network-import-read",
            file = input.display().to_string(),
            nodes = report.osm_nodes,
            ways = report.osm_ways,
            seconds = format!("{import_s:.2}"),
            rate = format!("{:.2}", report.osm_nodes as f64 / import_s.max(1e-9) / 1e6)
        )
    );
    sayln!(
        "  {}",
        tr!(
            lang,
            "network-import-kept",
            kept = report.drivable_ways,
            excluded = report.excluded_highways,
            missing = report.missing_nodes
        )
    );
    sayln!(
        "  {}",
        tr!(
            lang,
            "network-import-clipped",
            pieces = report.clipped_pieces,
            nodes = report.nodes_before_scc,
            links = report.links_before_scc
        )
    );
    sayln!(
        "  {}",
        tr!(
            lang,
            "network-import-components",
            components = report.components,
            nodes = report.dropped_nodes,
            links = report.dropped_links
        )
    );
    let mut km: Vec<(String, f64)> = osm::km_by_class(&graph).into_iter().collect();
    km.sort_by(|a, b| b.1.total_cmp(&a.1));
    let km_text: Vec<String> = km
        .iter()
        .map(|(c, k)| format!("{} {k:.1}", firecover::network::words::road_class(c, lang)))
        .collect();
    sayln!(
        "  {}",
        tr!(lang, "network-import-km", classes = km_text.join(", "))
    );
    sayln!(
        "{}",
        tr!(
            lang,
            "network-import-wrote",
            file = output.display().to_string(),
            nodes = graph.node_ids.len(),
            links = graph.links.len(),
            megabytes = format!("{:.1}", size as f64 / 1e6)
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn export(input: &Path, geojson: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    use firecover::network::fcnet;
    if let Err(code) = super::check_outputs(&[Some(geojson)], &[], lang) {
        return Ok(code);
    }
    let graph = match fcnet::load(input) {
        Ok(g) => g,
        Err(e) => {
            note!(
                "{}",
                tr!(lang, "check-error", message = e.said().render(lang))
            );
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let text = firecover::network::geojson::write_road_graph(&graph);
    firecover::atomic_file::write_file(geojson, text.as_bytes())?;
    sayln!(
        "{}",
        tr!(
            lang,
            "network-export-wrote",
            file = geojson.display().to_string(),
            links = graph.links.len(),
            source = graph.source.as_str()
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn generate(dir: &Path, out: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    let read = |name: &str| super::calibrate::read_district_file(dir, name, lang);
    let params = match read("generator.toml") {
        Ok(t) => t,
        Err(e) => return Ok(refuse(e, lang)),
    };
    let measured_name = match firecover::builtin::generator::read_params(&params) {
        Ok(p) => p.calibration.measured,
        Err(e) => {
            note!("{}: {e}", dir.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let measured = match measured_name.as_deref().map(read).transpose() {
        Ok(m) => m,
        Err(e) => {
            let at = format!("{}/generator.toml: [calibration] measured: ", dir.display());
            return Ok(refuse(at + &e, lang));
        }
    };
    let (townships, boundary) = match (read("townships.csv"), read("boundary.geojson")) {
        (Ok(t), Ok(b)) => (t, b),
        (Err(e), _) | (_, Err(e)) => return Ok(refuse(e, lang)),
    };
    let generated = match firecover::builtin::generator::generate(
        &params,
        &townships,
        &boundary,
        measured.as_deref(),
    ) {
        Ok(g) => g,
        Err(e) => {
            note!("{}: {e}", dir.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    if let Err(e) = firecover::atomic_file::prepare_folder(out) {
        return Ok(refuse(e.render(lang), lang));
    }
    let mut files = OutputSet::new();
    for (name, text) in [
        ("roads.geojson", &generated.roads),
        ("places.geojson", &generated.places),
        ("builtup.geojson", &generated.builtup),
    ] {
        files.file(&out.join(name), text.as_bytes())?;
    }
    for path in files.commit()? {
        sayln!("wrote {}", path.display());
    }
    for line in &generated.summary {
        sayln!("  {line}");
    }
    sayln!("the binary embeds the builtin files: rebuild firecover to use regenerated ones");
    Ok(ExitCode::SUCCESS)
}

/// Runs a `firecover network` command.
pub fn network(command: &NetworkCommand, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    match command {
        NetworkCommand::Info { scenario, samples } => {
            network_info(scenario, *samples as usize, lang)
        }
        NetworkCommand::Import {
            input,
            boundary,
            bbox,
            output,
        } => import(
            input,
            boundary.as_deref(),
            *bbox,
            output,
            super::language(lang, None),
        ),
        NetworkCommand::Export { input, geojson } => {
            export(input, geojson, super::language(lang, None))
        }
        NetworkCommand::Generate { dir, out } => generate(
            dir,
            out.as_deref().unwrap_or(dir),
            super::language(lang, None),
        ),
        NetworkCommand::Calibrate { dir, fit, worst } => super::calibrate::calibrate(
            dir,
            fit.map(|r| r as usize),
            *worst,
            super::language(lang, None),
        ),
    }
}
