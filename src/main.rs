//! The `firecover` command line. Exit codes: 0 success, 2 bad input, 1 internal failure.

#[macro_use]
mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use firecover::atomic_file::OutputSet;
use firecover::model::Model;
use firecover::montecarlo::{self, RunOptions};
use firecover::report;
use firecover::scenario::Scenario;

use cli::{EXIT_BAD_INPUT, Progress, load, provenance};

/// Emergency-dispatch and fire-station-coverage simulator.
#[derive(Parser)]
#[command(name = "firecover", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a scenario and print response-time statistics with 95 % confidence intervals.
    Run(RunArgs),
    /// Compare siting scenarios against the first (the baseline): the same
    /// alarms in each, every difference with a paired 95 % confidence interval.
    Compare(CompareArgs),
    /// Check a scenario file and print every problem found.
    Validate {
        /// Scenario file (TOML).
        scenario: PathBuf,
    },
    /// Static coverage against the standard: jurisdictions, area limits,
    /// the share reached within 5/10/15/20 minutes, maps.
    Coverage(CoverageArgs),
    /// Road networks: inspect a scenario's graph, regenerate a builtin one.
    #[command(subcommand)]
    Network(NetworkCommand),
    /// Where new stations should go: a location model (cover, lscp, median,
    /// center, backup) solved exactly, each solution checked by simulation.
    Site(Box<cli::site::SiteArgs>),
    /// The plan's resource indicators (stations per 100k, township-team
    /// coverage, firefighters and vehicles per 10k) next to the plan's figures.
    Indicators {
        /// Scenario file (TOML) with an `[indicators]` table.
        scenario: PathBuf,
    },
}

#[derive(Subcommand)]
enum NetworkCommand {
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
}

#[derive(Args)]
struct CoverageArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// Cell side, metres.
    #[arg(long, default_value_t = firecover::coverage::DEFAULT_CELL_M, value_parser = cell_size)]
    cell_m: f64,
    /// Write the layers (jurisdictions, isochrones, stations) as GeoJSON.
    #[arg(long, value_name = "FILE")]
    geojson: Option<PathBuf>,
    /// Write the map of the whole region as SVG.
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
    /// Write a map zoomed on the built-up area as SVG.
    #[arg(long, value_name = "FILE")]
    svg_builtup: Option<PathBuf>,
    /// Also write the report as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
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

/// Cell sizes from 10 m to 10 km.
fn cell_size(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (10.0..=10_000.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("a cell size from 10 to 10000 m, not {v}"))
    }
}

#[derive(Args)]
struct RunArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// Replications (default: the scenario's `simulation.replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    replications: Option<u32>,
    #[command(flatten)]
    sampling: Sampling,
    #[command(flatten)]
    outputs: Outputs,
}

/// Seed and threads, shared by `run` and `compare`.
#[derive(Args)]
struct Sampling {
    /// Seed, 0 to 2^63 − 1 as in scenario files (default: the scenario's `simulation.seed`; the baseline's for `compare`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Worker threads (default: one per core; at most 1,024). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
}

impl Sampling {
    /// How to run: the flags given, else the scenario's own settings.
    fn options(&self, replications: Option<u32>, scenario: &Scenario) -> RunOptions {
        RunOptions {
            replications: replications.unwrap_or(scenario.simulation.replications),
            seed: self.seed.unwrap_or(scenario.simulation.seed),
            threads: self.threads.map(usize::from),
        }
    }
}

/// Report files, shared by `run` and `compare`.
#[derive(Args)]
struct Outputs {
    /// Also write the results as JSON to this file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write the HTML report (index.html, CSV tables, JSON) into this folder
    /// (new, empty, or an earlier report, which it replaces whole).
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
}

impl Outputs {
    /// Checks the output paths before any work (exit 2 on a problem).
    fn check(&self) -> Result<(), ExitCode> {
        cli::check_outputs(&[self.json.as_deref()], &[self.html.as_deref()])
    }

    /// Says where the committed reports are.
    fn say_written(&self) {
        cli::say_written(self.json.as_deref(), self.html.as_deref());
    }
}

#[derive(Args)]
struct CompareArgs {
    /// Scenario files (TOML); the first is the baseline.
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    /// Replications of every run (default: the baseline's); at least 2, for intervals.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
    replications: Option<u32>,
    #[command(flatten)]
    sampling: Sampling,
    #[command(flatten)]
    outputs: Outputs,
}

fn main() -> ExitCode {
    firecover::atomic_file::install_interrupt_handler();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Compare(args) => compare(&args),
        Command::Validate { scenario } => validate(&scenario),
        Command::Site(args) => cli::site::site(&args),
        Command::Indicators { scenario } => indicators(&scenario),
        Command::Coverage(args) => coverage(&args),
        Command::Network(NetworkCommand::Info { scenario, samples }) => {
            network_info(&scenario, samples as usize)
        }
        Command::Network(NetworkCommand::Import {
            input,
            boundary,
            bbox,
            output,
        }) => import(&input, boundary.as_deref(), bbox, &output),
        Command::Network(NetworkCommand::Export { input, geojson }) => export(&input, &geojson),
        Command::Network(NetworkCommand::Generate { dir, out }) => {
            generate(&dir, out.as_deref().unwrap_or(&dir))
        }
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            note!("error: {e:#}");
            // a run the machine cannot hold is the input's size, not a fault
            if let Some(montecarlo::RunError::TooLarge { .. }) = e.downcast_ref() {
                return ExitCode::from(EXIT_BAD_INPUT);
            }
            return ExitCode::FAILURE;
        }
    };
    // the files are written; text that could not be is a failure too
    if let Some(e) = cli::stdout_failure() {
        note!("error: writing to standard output: {e}");
        if code == ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    }
    code
}

fn validate(path: &Path) -> anyhow::Result<ExitCode> {
    let scenario = match load(path) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    Model::compile(&scenario).context("compiling the scenario")?;
    sayln!(
        "{}: ok — {} nodes, {} stations, {} units, {} incident types, {} demand points in {} zones",
        path.display(),
        scenario.network.nodes().len(),
        scenario.stations.len(),
        scenario.units.len(),
        scenario.incident_types.len(),
        scenario.demand.points.len(),
        scenario.demand.zones.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn coverage(args: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let files = [&args.svg, &args.svg_builtup, &args.geojson, &args.json].map(|p| p.as_deref());
    if let Err(code) = cli::check_outputs(&files, &[]) {
        return Ok(code);
    }
    let scenario = match load(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let model = Model::compile(&scenario).context("compiling the scenario")?;
    let c = match firecover::coverage::analyze(&scenario, &model, args.cell_m) {
        Ok(c) => c,
        Err(e) => {
            note!("{}: {e}", args.scenario.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    // every file is staged, then all appear together
    let mut out = OutputSet::new();
    if let Some(path) = &args.svg {
        out.file(
            path,
            firecover::coverage::svg::render(&scenario, &c).as_bytes(),
        )?;
    }
    if let Some(path) = &args.svg_builtup {
        let extent = firecover::coverage::svg::Extent::Builtup;
        let svg = firecover::coverage::svg::render_extent(&scenario, &c, extent);
        out.file(path, svg.as_bytes())?;
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
    say!("{}", report::render_coverage(&scenario.name, &c.report));
    for path in written {
        sayln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn indicators(path: &Path) -> anyhow::Result<ExitCode> {
    let scenario = match load(path) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    match firecover::indicators::compute(&scenario) {
        Some(table) => {
            say!("{}", report::render_indicators(&scenario.name, &table));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            note!(
                "{}: no [indicators] table (population = <residents>, townships = <count>)",
                path.display()
            );
            Ok(ExitCode::from(EXIT_BAD_INPUT))
        }
    }
}

fn network_info(path: &Path, samples: usize) -> anyhow::Result<ExitCode> {
    let scenario = match load(path) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let info =
        firecover::network::info::describe(&scenario.network, samples, scenario.simulation.seed);
    say!(
        "{}",
        report::render_network_info(&format!("{} — road network", scenario.name), &info)
    );
    if let Some(note) = scenario.network.note() {
        sayln!("\nNote: {note}");
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    input: &Path,
    boundary: Option<&Path>,
    bbox: Option<[f64; 4]>,
    output: &Path,
) -> anyhow::Result<ExitCode> {
    if let Err(code) = cli::check_outputs(&[Some(output)], &[]) {
        return Ok(code);
    }
    use firecover::network::{fcnet, osm};
    let clip = match (boundary, bbox) {
        (Some(path), _) => {
            let text = match firecover::input::read_text(path, firecover::input::Limit::Geodata) {
                Ok(t) => t,
                Err(e) => {
                    note!("error: {e}");
                    return Ok(ExitCode::from(EXIT_BAD_INPUT));
                }
            };
            match firecover::network::geojson::read_polygon(&text, &path.display().to_string()) {
                Ok(p) => osm::Clip::Polygon(Box::new(p)),
                Err(e) => {
                    note!("{e}");
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
            note!("error: {e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let import_s = started.elapsed().as_secs_f64();
    fcnet::save(&graph, output)?;
    let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
    sayln!(
        "{}: {} OSM nodes and {} ways read in {:.2} s ({:.2} M nodes/s)",
        input.display(),
        report.osm_nodes,
        report.osm_ways,
        import_s,
        report.osm_nodes as f64 / import_s.max(1e-9) / 1e6
    );
    sayln!(
        "  {} drivable ways kept, {} highways left out (class, access, area), {} references to nodes not in the extract",
        report.drivable_ways,
        report.excluded_highways,
        report.missing_nodes
    );
    sayln!(
        "  {} way pieces after clipping -> {} nodes, {} links",
        report.clipped_pieces,
        report.nodes_before_scc,
        report.links_before_scc
    );
    sayln!(
        "  largest of {} strongly connected components kept: dropped {} nodes and {} links",
        report.components,
        report.dropped_nodes,
        report.dropped_links
    );
    let mut km: Vec<(String, f64)> = osm::km_by_class(&graph).into_iter().collect();
    km.sort_by(|a, b| b.1.total_cmp(&a.1));
    let km_text: Vec<String> = km.iter().map(|(c, k)| format!("{c} {k:.1}")).collect();
    sayln!(
        "  km by class (one-way and two-way links counted once): {}",
        km_text.join(", ")
    );
    sayln!(
        "wrote {} ({} nodes, {} links, {:.1} MB)",
        output.display(),
        graph.node_ids.len(),
        graph.links.len(),
        size as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

fn export(input: &Path, geojson: &Path) -> anyhow::Result<ExitCode> {
    use firecover::network::fcnet;
    if let Err(code) = cli::check_outputs(&[Some(geojson)], &[]) {
        return Ok(code);
    }
    let graph = match fcnet::load(input) {
        Ok(g) => g,
        Err(e) => {
            note!("error: {e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let text = firecover::network::geojson::write_road_graph(&graph);
    firecover::atomic_file::write(geojson, text.as_bytes())
        .with_context(|| format!("writing {}", geojson.display()))?;
    sayln!(
        "wrote {} ({} links of {})",
        geojson.display(),
        graph.links.len(),
        graph.source
    );
    Ok(ExitCode::SUCCESS)
}

fn generate(dir: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let generated = match firecover::builtin::generator::generate(
        &read("generator.toml")?,
        &read("townships.csv")?,
        &read("boundary.geojson")?,
    ) {
        Ok(g) => g,
        Err(e) => {
            note!("{}: {e}", dir.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
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

fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    if let Err(code) = args.outputs.check() {
        return Ok(code);
    }
    let scenario = match load(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let model = Model::compile(&scenario).context("compiling the scenario")?;
    let options = args.sampling.options(args.replications, &scenario);
    let bar = Progress::new(
        u64::from(options.replications),
        "{spinner} replications {pos}/{len} {wide_bar} {eta}",
    );
    let mut output = montecarlo::run_detailed(
        &scenario,
        &model,
        &options,
        montecarlo::Keep::Summary,
        &|| bar.tick(),
    )?;
    bar.finish_and_clear();
    let coverage = if args.outputs.json.is_some() || args.outputs.html.is_some() {
        // one file holds the static and the dynamic view
        let cell_m = firecover::coverage::DEFAULT_CELL_M;
        match firecover::coverage::analyze(&scenario, &model, cell_m) {
            Ok(c) => Some(c),
            Err(e) => {
                note!("warning: no coverage analysis in the reports: {e}");
                None
            }
        }
    } else {
        None
    };
    output.summary.coverage = coverage.as_ref().map(|c| c.report.clone());
    let summary = &output.summary;
    let mut out = OutputSet::new();
    if let Some(json) = &args.outputs.json {
        out.file(json, report::json_text(summary)?.as_bytes())?;
    }
    if let Some(dir) = &args.outputs.html {
        let arm = firecover::html::ReportArm {
            scenario: &scenario,
            run: &output,
            coverage: coverage.as_ref(),
        };
        let staged = out.folder(dir)?;
        firecover::html::write_report(&staged, &[arm], None, &provenance())?;
    }
    out.commit()?;
    say!("{}", report::render_text(summary));
    args.outputs.say_written();
    Ok(ExitCode::SUCCESS)
}

fn compare(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    if let Err(code) = args.outputs.check() {
        return Ok(code);
    }
    let mut scenarios = Vec::new();
    let mut failed = None;
    for path in &args.scenarios {
        match load(path) {
            Ok(s) => scenarios.push(s),
            Err(code) => failed = Some(code),
        }
    }
    if let Some(code) = failed {
        return Ok(code);
    }
    let baseline = &scenarios[0];
    let options = args.sampling.options(args.replications, baseline);
    for (path, s) in args.scenarios.iter().zip(&scenarios).skip(1) {
        if args.sampling.seed.is_none() && s.simulation.seed != options.seed {
            note!(
                "note: {}: its seed {} is replaced by the baseline's {} so that every scenario sees the same alarms",
                path.display(),
                s.simulation.seed,
                options.seed
            );
        }
        if args.replications.is_none() && s.simulation.replications != options.replications {
            note!(
                "note: {}: runs the baseline's {} replications instead of its own {}, so that replications pair up",
                path.display(),
                options.replications,
                s.simulation.replications
            );
        }
    }
    let total = u64::from(options.replications) * scenarios.len() as u64;
    let bar = Progress::new(total, "{spinner} replications {pos}/{len} {wide_bar} {eta}");
    let mut models = Vec::new();
    for (path, s) in args.scenarios.iter().zip(&scenarios) {
        models.push(Model::compile(s).with_context(|| format!("compiling {}", path.display()))?);
    }
    let arms: Vec<(&Scenario, &Model)> = scenarios.iter().zip(&models).collect();
    // in lockstep: the paired intervals stream, memory stays flat in replications
    let firecover::compare::ComparedRuns {
        runs, comparison, ..
    } = firecover::compare::run_and_compare(&arms, &[], &options, &|| bar.tick())?;
    bar.finish_and_clear();
    let mut out = OutputSet::new();
    if let Some(json) = &args.outputs.json {
        let text = serde_json::to_string_pretty(&comparison)?;
        out.file(json, (text + "\n").as_bytes())?;
    }
    if let Some(dir) = &args.outputs.html {
        let all: Vec<&Scenario> = scenarios.iter().collect();
        let coverages = cli::report_coverages(&all)?;
        let report_arms = cli::report_arms(&all, &runs, &coverages);
        let staged = out.folder(dir)?;
        firecover::html::write_report(&staged, &report_arms, Some(&comparison), &provenance())?;
    }
    out.commit()?;
    say!("{}", firecover::compare::render_text(&comparison));
    args.outputs.say_written();
    Ok(ExitCode::SUCCESS)
}
