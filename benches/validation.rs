//! Validating a 10 MB scenario (inline grid of 62,500 nodes, 124,500
//! edges, 31,250 demand points): the target is under 2 s.

use std::fmt::Write;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firecover::scenario::Scenario;

/// A grid scenario of `side`² nodes with every second node a demand point.
fn grid_scenario(side: usize) -> String {
    let mut t = String::from(
        "[scenario]\nname = \"grid\"\n[standard]\nturnout_s = 60\ntravel_s = 240\n\
         [network]\ndefault_speed_kmh = 30\nnodes = [\n",
    );
    let id = |i: usize, j: usize| i * side + j;
    for i in 0..side {
        for j in 0..side {
            let _ = writeln!(
                t,
                "  {{ id = \"n{}\", lon = {:.6}, lat = {:.6} }},",
                id(i, j),
                107.0 + i as f64 * 0.004,
                30.0 + j as f64 * 0.004
            );
        }
    }
    t.push_str("]\nedges = [\n");
    for i in 0..side {
        for j in 0..side {
            if i + 1 < side {
                let _ = writeln!(
                    t,
                    "  {{ from = \"n{}\", to = \"n{}\", length_m = 400, class = \"street\" }},",
                    id(i, j),
                    id(i + 1, j)
                );
            }
            if j + 1 < side {
                let _ = writeln!(
                    t,
                    "  {{ from = \"n{}\", to = \"n{}\", length_m = 400, class = \"street\" }},",
                    id(i, j),
                    id(i, j + 1)
                );
            }
        }
    }
    t.push_str("]\n");
    for s in 0..8 {
        let _ = writeln!(
            t,
            "[[stations]]\nid = \"s{s}\"\nat = \"n{}\"\nunits = [ {{ kind = \"engine\", count = 2 }} ]",
            id(side * s / 8, side / 2)
        );
    }
    t.push_str(
        "[incident_types.fire]\nservice = { dist = \"exponential\", mean_s = 1800 }\n\
         dispatch = [ { kind = \"engine\", count = 1 } ]\n\
         [demand]\nmode = \"poisson\"\nper_year = { fire = 2000 }\npoints = [\n",
    );
    for n in (0..side * side).step_by(2) {
        let _ = writeln!(
            t,
            "  {{ at = \"n{n}\", weight = 1.5, zone = \"z{}\" }},",
            n % 500
        );
    }
    t.push_str("]\n[simulation]\nyears = 1.0\nreplications = 100\nseed = 1\n");
    t
}

fn bench(c: &mut Criterion) {
    let text = grid_scenario(250);
    assert!(text.len() > 10_000_000, "{} bytes", text.len());
    Scenario::from_str(&text, Path::new("grid.toml")).expect("valid");
    let mut group = c.benchmark_group("validation");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("10 MB scenario", |b| {
        b.iter(|| Scenario::from_str(&text, Path::new("grid.toml")).expect("valid"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
