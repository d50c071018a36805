//! The `firecover` command line. Exit codes: 0 success, 2 bad input, 1 internal failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use firecover::model::Model;
use firecover::montecarlo::{self, RunOptions};
use firecover::report;
use firecover::scenario::{Diagnostics, Scenario};

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
    /// The plan's resource indicators (stations per 100k, township-team
    /// coverage, firefighters and vehicles per 10k) next to the plan's figures.
    Indicators {
        /// Scenario file (TOML) with an `[indicators]` table.
        scenario: PathBuf,
    },
}

#[derive(Subcommand)]
enum NetworkCommand {
    /// Nodes, edges, road km by class, connected components and circuity
    /// measured on random pairs.
    Info {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Random origins for the circuity sample (10 destinations each).
        #[arg(long, default_value_t = 200)]
        samples: usize,
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
    /// Seed (default: the scenario's `simulation.seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Also write the JSON report to this file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

/// Writes to stdout; a closed pipe (`firecover ... | head`) ends the
/// program quietly instead of panicking.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

macro_rules! say {
    ($($t:tt)*) => { emit(&format!($($t)*)) };
}

macro_rules! sayln {
    ($($t:tt)*) => { emit(&(format!($($t)*) + "\n")) };
}

/// Bad input: the message is already printed.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Validate { scenario } => validate(&scenario),
        Command::Indicators { scenario } => indicators(&scenario),
        Command::Coverage(args) => coverage(&args),
        Command::Network(NetworkCommand::Info { scenario, samples }) => {
            network_info(&scenario, samples)
        }
        Command::Network(NetworkCommand::Generate { dir, out }) => {
            generate(&dir, out.as_deref().unwrap_or(&dir))
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn print_diagnostics(d: &Diagnostics) {
    for line in &d.0 {
        eprintln!("{line}");
    }
}

/// Loads a scenario, printing warnings; `Err(code)` when it has errors.
fn load(path: &Path) -> Result<Scenario, ExitCode> {
    match Scenario::load(path) {
        Ok((scenario, warnings)) => {
            print_diagnostics(&warnings);
            Ok(scenario)
        }
        Err(problems) => {
            print_diagnostics(&problems);
            let errors = problems.error_count();
            eprintln!("{}: {errors} error(s); nothing was run", path.display());
            Err(ExitCode::from(EXIT_BAD_INPUT))
        }
    }
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
    let scenario = match load(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let model = Model::compile(&scenario).context("compiling the scenario")?;
    let c = firecover::coverage::analyze(&scenario, &model, args.cell_m);
    say!("{}", report::render_coverage(&scenario.name, &c.report));
    let write = |path: &Path, text: String| -> anyhow::Result<()> {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        sayln!("wrote {}", path.display());
        Ok(())
    };
    if let Some(path) = &args.svg {
        write(path, firecover::coverage::svg::render(&scenario, &c))?;
    }
    if let Some(path) = &args.svg_builtup {
        let extent = firecover::coverage::svg::Extent::Builtup;
        write(
            path,
            firecover::coverage::svg::render_extent(&scenario, &c, extent),
        )?;
    }
    if let Some(path) = &args.geojson {
        write(path, firecover::coverage::geojson::write(&scenario, &c))?;
    }
    if let Some(path) = &args.json {
        write(path, serde_json::to_string_pretty(&c.report)? + "\n")?;
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
            eprintln!(
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
            eprintln!("{}: {e}", dir.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    for (name, text) in [
        ("roads.geojson", &generated.roads),
        ("places.geojson", &generated.places),
        ("builtup.geojson", &generated.builtup),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        sayln!("wrote {}", path.display());
    }
    for line in &generated.summary {
        sayln!("  {line}");
    }
    sayln!("the binary embeds the builtin files: rebuild firecover to use regenerated ones");
    Ok(ExitCode::SUCCESS)
}

fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let scenario = match load(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let model = Model::compile(&scenario).context("compiling the scenario")?;
    let options = RunOptions {
        replications: args
            .replications
            .unwrap_or(scenario.simulation.replications),
        seed: args.seed.unwrap_or(scenario.simulation.seed),
        threads: args.threads.map(usize::from),
    };
    let bar = progress_bar(options.replications);
    let mut summary = montecarlo::run(&scenario, &model, &options, &|| bar.tick())?;
    bar.finish_and_clear();
    if args.json.is_some() {
        // one file holds the static and the dynamic view
        let c =
            firecover::coverage::analyze(&scenario, &model, firecover::coverage::DEFAULT_CELL_M);
        summary.coverage = Some(c.report);
    }
    say!("{}", report::render_text(&summary));
    if let Some(json) = &args.json {
        report::write_json(&summary, json)
            .with_context(|| format!("writing {}", json.display()))?;
        sayln!("\nJSON report written to {}", json.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar that appears on stderr only once a run has taken more than
/// a second, and never when stderr is not a terminal.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    fn tick(&self) {
        self.bar.inc(1);
        if self.started.elapsed() > Duration::from_secs(1)
            && self
                .shown
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            // ProgressDrawTarget::stderr() draws nothing when stderr is not a terminal
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
    }
}

fn progress_bar(replications: u32) -> Progress {
    let bar =
        ProgressBar::with_draw_target(Some(u64::from(replications)), ProgressDrawTarget::hidden());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} replications {pos}/{len} {wide_bar} {eta}")
    {
        bar.set_style(style);
    }
    Progress {
        bar,
        started: Instant::now(),
        shown: AtomicBool::new(false),
    }
}
