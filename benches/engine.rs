//! Simulated incidents per second, single thread, setup excluded: each
//! iteration draws one replication's alarms and runs the event engine over
//! them (and, in the second bench, tallies the results as a run does).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::{
    GroupLayout, Histograms, QuantileScratch, ReplicationTally, simulate_replication,
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

criterion_group!(benches, engine);
criterion_main!(benches);
