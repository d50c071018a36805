//! Static coverage of the Liangping district: cells snapped to the road
//! network, one shortest-path tree per station, jurisdictions and reach.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firecover::coverage;
use firecover::model::Model;
use firecover::scenario::Scenario;

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/liangping-2025-plan.toml");
    let (scenario, _) = Scenario::load(&path).expect("valid scenario");
    let model = Model::compile(&scenario).expect("compiles");
    let mut group = c.benchmark_group("coverage/liangping-2025-plan");
    group.sample_size(10);
    for cell_m in [200.0, 100.0] {
        let cells = coverage::analyze(&scenario, &model, cell_m)
            .expect("fits")
            .grid
            .inside
            .iter()
            .filter(|&&b| b)
            .count();
        group.throughput(Throughput::Elements(cells as u64));
        group.bench_function(format!("{cell_m} m cells"), |b| {
            b.iter(|| coverage::analyze(&scenario, &model, cell_m))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
