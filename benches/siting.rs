//! Siting solves: the exact pure-Rust solver (`--solver auto` for the
//! median and covering objectives) on the Liangping urban study (the
//! scenario's own problem, 189 candidates × 496 places), on the synthetic
//! instance `synthetic::instance(2000, 500, 20.0, 1)` and on OR-Library's
//! pmed40 (vendored in `tests/data/siting`); the MILP on the same (with
//! `--features highs`), and the heuristic with its Lagrangian bound.
//!
//! ```sh
//! cargo bench --bench siting -- exact
//! cargo bench --features highs --bench siting -- milp
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use firecover::model::Model;
use firecover::scenario::Scenario;
use firecover::siting::study::{SiteProblem, StudySpec};
use firecover::siting::synthetic::instance;
use firecover::siting::{Objective, SolveOptions, heuristic, solve};

fn liangping_problem() -> SiteProblem {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/liangping-siting-urban.toml");
    let (scenario, _) = Scenario::load(&path).expect("the study scenario loads");
    let model = Model::compile(&scenario).expect("compiles");
    let siting = scenario.siting.clone().expect("a [siting] table");
    let spec = StudySpec {
        objective: Objective::Cover,
        add: (1, 4),
        solve: SolveOptions::default(),
        alternatives: 0,
        template: siting.template.clone().expect("a station template"),
        template_source: firecover::siting::study::TemplateSource::Table,
        removable: Vec::new(),
        candidates: siting.candidates.clone(),
    };
    SiteProblem::build(&scenario, &model, &spec).expect("the problem builds")
}

/// An OR-Library pmed file of `tests/data/siting` as a problem, and its p.
fn pmed(name: &str) -> (firecover::siting::Problem, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/siting")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the vendored pmed file");
    firecover::siting::or_library::pmed(&text).expect("a pmed instance")
}

fn bench(c: &mut Criterion) {
    let lp = liangping_problem();
    let synthetic = instance(2_000, 500, 20.0, 1).expect("a valid synthetic instance");
    let mut g = c.benchmark_group("siting");
    g.sample_size(10);
    milp_benches(&mut g, &lp, &synthetic);
    let auto = SolveOptions::default();
    let (pmed40, p40) = pmed("pmed40.txt");
    g.bench_function("liangping urban, cover, 4 new (exact)", |b| {
        b.iter(|| black_box(solve(&lp.problem, Objective::Cover, 4, &[], &auto).unwrap()))
    });
    g.bench_function("liangping urban, median, 4 new (exact)", |b| {
        b.iter(|| black_box(solve(&lp.problem, Objective::Median, 4, &[], &auto).unwrap()))
    });
    g.bench_function("synthetic 500 x 2000, cover, p = 8 (exact)", |b| {
        b.iter(|| black_box(solve(&synthetic, Objective::Cover, 8, &[], &auto).unwrap()))
    });
    g.bench_function("synthetic 500 x 2000, median, p = 8 (exact)", |b| {
        b.iter(|| black_box(solve(&synthetic, Objective::Median, 8, &[], &auto).unwrap()))
    });
    g.bench_function("pmed40 900 x 900, median, p = 90 (exact)", |b| {
        b.iter(|| black_box(solve(&pmed40, Objective::Median, p40, &[], &auto).unwrap()))
    });
    g.bench_function("liangping urban, cover, 4 new (heuristic + bound)", |b| {
        b.iter(|| black_box(heuristic::solve(&lp.problem, Objective::Cover, 4).unwrap()))
    });
    g.bench_function(
        "synthetic 500 x 2000, cover, p = 8 (heuristic + bound)",
        |b| b.iter(|| black_box(heuristic::solve(&synthetic, Objective::Cover, 8).unwrap())),
    );
    g.bench_function(
        "synthetic 500 x 2000, median, p = 8 (heuristic + bound)",
        |b| b.iter(|| black_box(heuristic::solve(&synthetic, Objective::Median, 8).unwrap())),
    );
    g.finish();
}

/// The MILP's solves, in a build with HiGHS.
#[cfg(feature = "highs")]
fn milp_benches(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    lp: &SiteProblem,
    synthetic: &firecover::siting::Problem,
) {
    use firecover::siting::SolverChoice;
    let milp = SolveOptions {
        solver: SolverChoice::Milp,
        time_limit_s: 600.0,
    };
    g.bench_function("liangping urban, cover, 4 new (milp)", |b| {
        b.iter(|| black_box(solve(&lp.problem, Objective::Cover, 4, &[], &milp).unwrap()))
    });
    g.bench_function("liangping urban, median, 4 new (milp)", |b| {
        b.iter(|| black_box(solve(&lp.problem, Objective::Median, 4, &[], &milp).unwrap()))
    });
    g.bench_function("synthetic 500 x 2000, cover, p = 4 (milp)", |b| {
        b.iter(|| black_box(solve(synthetic, Objective::Cover, 4, &[], &milp).unwrap()))
    });
    g.bench_function("synthetic 500 x 2000, cover, p = 8 (milp)", |b| {
        b.iter(|| black_box(solve(synthetic, Objective::Cover, 8, &[], &milp).unwrap()))
    });
}

/// No MILP in a build without HiGHS.
#[cfg(not(feature = "highs"))]
fn milp_benches(
    _g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    _lp: &SiteProblem,
    _synthetic: &firecover::siting::Problem,
) {
}

criterion_group!(benches, bench);
criterion_main!(benches);
