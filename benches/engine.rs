//! Simulated incidents per second, single thread, setup excluded: each
//! iteration draws one replication's alarms and runs the event engine over
//! them (and, in the second bench, tallies the results as a run does). Also:
//! the cost of a paired comparison of two finished runs.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firecover::compare::{self, Arm};
use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::{
    self, GroupLayout, Histograms, QuantileScratch, ReplicationTally, RunOptions,
    simulate_replication,
};
use firecover::scenario::Scenario;

fn load(file: &str) -> (Scenario, Model) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let (scenario, _) = Scenario::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let model = Model::compile(&scenario).expect("compiles");
    (scenario, model)
}

fn bench_scenario(c: &mut Criterion, name: &str, file: &str) {
    let (_scenario, model) = load(file);
    let mut ws = Workspace::new();
    simulate_replication(&model, 1, 0, &mut ws);
    let incidents = ws.records.len() as u64;

    let mut group = c.benchmark_group(format!("engine/{name}"));
    group.throughput(Throughput::Elements(incidents));
    let mut i = 0u32;
    group.bench_function("replication", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            simulate_replication(&model, 1, i, &mut ws);
            black_box(ws.records.len())
        })
    });
    let layout = GroupLayout::of(&model);
    let mut hist = Histograms::new(layout);
    let mut scratch = QuantileScratch::new();
    group.bench_function("replication+tally", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            simulate_replication(&model, 1, i, &mut ws);
            black_box(ReplicationTally::read(
                &model,
                layout,
                &ws,
                &mut hist,
                &mut scratch,
            ))
        })
    });
    group.finish();
}

fn engine(c: &mut Criterion) {
    bench_scenario(c, "liangping-2020", "scenarios/liangping-2020.toml");
    bench_scenario(c, "two-stations", "scenarios/examples/two-stations.toml");
}

/// Two scenarios in lockstep with their paired moments (200 replications
/// each, 33 zones), then the comparison built from them: what `compare`
/// adds to the simulations is the second bench.
fn comparison(c: &mut Criterion) {
    let options = RunOptions {
        replications: 200,
        seed: 20210101,
        threads: Some(1),
    };
    let loaded: Vec<(Scenario, Model)> = ["liangping-2020", "liangping-2025-plan"]
        .iter()
        .map(|name| load(&format!("scenarios/{name}.toml")))
        .collect();
    let arms: Vec<(&Scenario, &Model)> = loaded.iter().map(|(s, m)| (s, m)).collect();
    let spec = compare::pair_spec((0, arms[0].0, arms[0].1), (1, arms[1].0, arms[1].1));
    let lockstep =
        montecarlo::run_lockstep(&arms, &[spec], &options, montecarlo::Keep::Summary, &|| {})
            .expect("runs");
    let arm = |k: usize| Arm {
        scenario: arms[k].0,
        run: &lockstep.runs[k],
    };
    c.bench_function(
        "compare/liangping-2020-vs-2025-plan/200-replications",
        |b| {
            b.iter(|| {
                black_box(compare::compare_pair(
                    arm(0),
                    arm(1),
                    Some(&lockstep.pairs[0]),
                ))
            })
        },
    );
}

criterion_group!(benches, engine, comparison);
criterion_main!(benches);
