//! Instruction counts under Callgrind (gungraun): exact and repeatable on a
//! noisy machine, so CI can guard them. `.ci/bench-guard` compares them with
//! `benches/instructions-baseline.json`; criterion benches keep the
//! wall-clock figures.
//!
//! Setup (loading, compiling, warming buffers) runs outside the counted
//! region: each count is the work named, once.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use firecover::coverage::{self, DEFAULT_CELL_M};
use firecover::model::Model;
use firecover::montecarlo::{GroupLayout, Replicator, RunMoments};
use firecover::network::osm;
use firecover::network::road_graph::RoadGraph;
use firecover::scenario::Scenario;
use firecover::siting::synthetic::instance;
use firecover::siting::{Objective, Problem, heuristic};
use gungraun::{library_benchmark, library_benchmark_group, main};

/// The three-unit hypercube check model of `../shared/peers/`, one year.
const HYPERCUBE: &str = r#"
[scenario]
name = "hypercube, one year"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [
  { id = "u1", lon = 107.700, lat = 30.600 }, { id = "u2", lon = 107.710, lat = 30.600 },
  { id = "u3", lon = 107.720, lat = 30.600 }, { id = "pa", lon = 107.700, lat = 30.601 },
  { id = "pb", lon = 107.701, lat = 30.601 }, { id = "pc", lon = 107.710, lat = 30.601 },
  { id = "pd", lon = 107.720, lat = 30.601 },
]
edges = [
  { from = "pa", to = "u1", time_s = 1 }, { from = "pa", to = "u2", time_s = 2 }, { from = "pa", to = "u3", time_s = 2.5 },
  { from = "pb", to = "u1", time_s = 1 }, { from = "pb", to = "u3", time_s = 2 }, { from = "pb", to = "u2", time_s = 2.5 },
  { from = "pc", to = "u2", time_s = 1 }, { from = "pc", to = "u1", time_s = 2 }, { from = "pc", to = "u3", time_s = 2.5 },
  { from = "pd", to = "u3", time_s = 1 }, { from = "pd", to = "u1", time_s = 2 }, { from = "pd", to = "u2", time_s = 2.5 },
]
[[stations]]
id = "s1"
at = "u1"
turnout_s = 0
units = [ { kind = "engine", count = 1 } ]
[[stations]]
id = "s2"
at = "u2"
turnout_s = 0
units = [ { kind = "engine", count = 1 } ]
[[stations]]
id = "s3"
at = "u3"
turnout_s = 0
units = [ { kind = "engine", count = 1 } ]
[incident_types.call]
service = { dist = "exponential", mean_s = 3600 }
dispatch = [ { kind = "engine", count = 1 } ]
[demand]
mode = "poisson"
per_year = { call = 13149 }
points = [
  { at = "pa", weight = 0.618, zone = "a" }, { at = "pb", weight = 0.132, zone = "b" },
  { at = "pc", weight = 0.318, zone = "c" }, { at = "pd", weight = 0.432, zone = "d" },
]
[simulation]
years = 1.0
replications = 10
seed = 11
when_all_busy = "queue"
"#;

/// A generated district of `units` single-engine stations on a line, with
/// twice as many demand places between them, at half load over a tenth of
/// a year (about 1,750 alarms per 10 units): beyond 32 units the engine's
/// event set is a tournament tree, which the two models above never use.
fn fleet(units: usize) -> String {
    let places = 2 * units;
    let mut toml = format!(
        "[scenario]\nname = \"{units} single-engine stations\"\n\
         [standard]\nturnout_s = 60\ntravel_s = 240\n[network]\nnodes = [\n"
    );
    for s in 0..units {
        let lon = 107.7 + 0.01 * s as f64;
        toml += &format!("{{ id = \"s{s}\", lon = {lon:.4}, lat = 30.600 }},\n");
    }
    for p in 0..places {
        let lon = 107.7 + 0.005 * p as f64;
        toml += &format!("{{ id = \"p{p}\", lon = {lon:.4}, lat = 30.601 }},\n");
    }
    toml += "]\nedges = [\n";
    for p in 0..places {
        for s in 0..units {
            // farther stations take longer; the tenths keep times apart
            let time_s =
                1.0 + (p as f64 * 0.5 - s as f64).abs() * 30.0 + (p * 7 + s) as f64 % 10.0 / 10.0;
            toml += &format!("{{ from = \"p{p}\", to = \"s{s}\", time_s = {time_s:.1} }},\n");
        }
    }
    toml += "]\n";
    for s in 0..units {
        toml += &format!(
            "[[stations]]\nid = \"st{s}\"\nat = \"s{s}\"\nturnout_s = 0\n\
             units = [ {{ kind = \"engine\", count = 1 }} ]\n"
        );
    }
    let per_year = units as f64 * 0.5 * 31_536_000.0 / 3600.0;
    toml += &format!(
        "[incident_types.call]\nservice = {{ dist = \"exponential\", mean_s = 3600 }}\n\
         dispatch = [ {{ kind = \"engine\", count = 1 }} ]\n\
         [demand]\nmode = \"poisson\"\nper_year = {{ call = {per_year:.0} }}\npoints = [\n"
    );
    for p in 0..places {
        let weight = 1.0 + (p % 5) as f64 * 0.25;
        let zone = p % 4;
        toml += &format!("{{ at = \"p{p}\", weight = {weight}, zone = \"z{zone}\" }},\n");
    }
    toml +=
        "]\n[simulation]\nyears = 0.1\nreplications = 10\nseed = 11\nwhen_all_busy = \"queue\"\n";
    toml
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn scenario(which: &str) -> Scenario {
    let loaded = if which == "hypercube" {
        Scenario::from_str(HYPERCUBE, Path::new("hypercube.toml"))
    } else if let Some(units) = which.strip_prefix("fleet") {
        let units = units.parse().expect("fleetN names its unit count");
        Scenario::from_str(&fleet(units), Path::new("fleet.toml"))
    } else {
        Scenario::load(&repo(which))
    };
    match loaded {
        Ok((s, _)) => s,
        Err(d) => panic!("{d}"),
    }
}

/// A compiled model with warm buffers, ready for one more replication.
struct Warm {
    model: Model,
    replicator: Replicator,
    moments: RunMoments,
}

fn warm(which: &str) -> Warm {
    let model = Model::compile(&scenario(which)).expect("compiles");
    let layout = GroupLayout::of(&model);
    let mut w = Warm {
        replicator: Replicator::new(layout),
        moments: RunMoments::for_model(&model),
        model,
    };
    for rep in 0..3 {
        replicate(&mut w, rep);
    }
    w
}

fn replicate(w: &mut Warm, rep: u32) {
    w.moments.add(w.replicator.replicate(&w.model, 1, rep));
}

#[library_benchmark]
#[bench::hypercube_year(args = ("hypercube"), setup = warm)]
#[bench::liangping_2020(args = ("scenarios/liangping-2020.toml"), setup = warm)]
#[bench::fleet64_tenth_year(args = ("fleet64"), setup = warm)]
fn replication(mut w: Warm) -> Warm {
    replicate(&mut w, 3);
    black_box(w)
}

#[library_benchmark]
#[bench::liangping_2020(args = ("scenarios/liangping-2020.toml"), setup = scenario)]
fn model_compile(s: Scenario) -> Model {
    black_box(Model::compile(&s).expect("compiles"))
}

fn compiled(path: &str) -> (Scenario, Model) {
    let s = scenario(path);
    let m = Model::compile(&s).expect("compiles");
    (s, m)
}

#[library_benchmark]
#[bench::liangping_2020(args = ("scenarios/liangping-2020.toml"), setup = compiled)]
fn coverage_analysis((s, m): (Scenario, Model)) -> coverage::Coverage {
    black_box(coverage::analyze(&s, &m, DEFAULT_CELL_M).expect("analyses"))
}

#[library_benchmark]
#[bench::city100k(args = ("tests/fixtures/osm/city100k.osm.pbf"))]
fn osm_import(path: &str) -> (RoadGraph, osm::ImportReport) {
    black_box(osm::import(&repo(path), &osm::Clip::None, &|_, _| {}).expect("imports"))
}

fn synthetic(places: usize) -> Problem {
    instance(places, 100, 20.0, 1).expect("a valid synthetic instance")
}

#[library_benchmark]
#[bench::cover_100x400_p4(args = (400), setup = synthetic)]
fn siting_heuristic(p: Problem) -> f64 {
    let s = heuristic::solve(&p, Objective::Cover, 4).expect("solves");
    black_box(s.objective)
}

library_benchmark_group!(
    name = engine;
    benchmarks = replication, model_compile
);
library_benchmark_group!(
    name = analysis;
    benchmarks = coverage_analysis, osm_import, siting_heuristic
);

main!(library_benchmark_groups = engine, analysis);
