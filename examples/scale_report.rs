//! Times the stages of a run on one scenario, one thread: loading and
//! validating the file, compiling the model (shortest paths, travel tables,
//! candidate lists) and replications, with the memory the compiled model
//! holds. The city-scale figures of README's Performance section come from
//! it (see `examples/city_scenario.rs` for the scenario).
//!
//! ```sh
//! cargo run --release --example scale_report -- city.toml 10
//! ```

use std::path::PathBuf;
use std::time::Instant;

use firecover::model::Model;
use firecover::montecarlo::{GroupLayout, Replicator, RunMoments};
use firecover::scenario::Scenario;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: scale_report SCENARIO [REPLICATIONS]");
        std::process::exit(2);
    };
    let replications: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let started = Instant::now();
    let scenario = match Scenario::load(&path) {
        Ok((s, _)) => s,
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(2);
        }
    };
    let load_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let model = match Model::compile(&scenario) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let compile_s = started.elapsed().as_secs_f64();
    println!(
        "{}: {} road nodes, {} stations, {} units, {} demand places",
        path.display(),
        scenario.network.nodes().len(),
        model.station_count,
        model.unit_count(),
        model.point_count
    );
    println!("load + validate {load_s:.2} s; compile {compile_s:.2} s");
    println!(
        "compiled tables: {:.1} MB",
        model.table_bytes() as f64 / 1e6
    );
    let layout = GroupLayout::of(&model);
    let mut replicator = Replicator::new(layout);
    let mut moments = RunMoments::for_model(&model);
    let mut incidents = 0usize;
    let started = Instant::now();
    for rep in 0..replications {
        moments.add(replicator.replicate(&model, 1, rep));
        incidents += replicator.ws.records.len();
    }
    let run_s = started.elapsed().as_secs_f64();
    println!(
        "{replications} replications, {incidents} incidents, {run_s:.2} s: {:.2} M incidents/s on one thread, {:.3} s per replication",
        incidents as f64 / run_s / 1e6,
        run_s / f64::from(replications.max(1))
    );
}
