//! OpenStreetMap import and .fcnet loading. `city100k.osm.pbf` was made with
//! `cargo run --release --example synthetic_osm -- 120 3 > city.osm &&
//! osmium cat city.osm -o city100k.osm.pbf` (about 100,000 nodes).

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firecover::network::{fcnet, osm};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/osm")
        .join(name)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("osm");
    group.sample_size(10);
    for name in ["town.osm.pbf", "city100k.osm.pbf"] {
        let path = fixture(name);
        let (graph, report) = osm::import(&path, &osm::Clip::None, &|_, _| {}).expect("imports");
        group.throughput(Throughput::Elements(report.osm_nodes));
        group.bench_function(format!("import {name}"), |b| {
            b.iter(|| osm::import(&path, &osm::Clip::None, &|_, _| {}).expect("imports"))
        });
        let bytes = fcnet::to_bytes(&graph);
        group.bench_function(format!("load .fcnet of {name}"), |b| {
            b.iter(|| fcnet::from_bytes(&bytes, name).expect("loads"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
