//! Siting solver at scale on a synthetic city: demand places and candidate
//! sites scattered over a square (denser in the middle), costs = seconds
//! at 30 km/h over 1.3 × the straight line, radius 5 min.
//!
//! ```sh
//! cargo run --release --example siting_scale -- 2000 500 8 cover milp
//! cargo run --release --example siting_scale -- 50000 5000 8 cover heuristic
//! ```
//! Arguments: demand places, candidates, new sites, objective
//! (cover|median|center|backup|lscp), solver (auto|milp|heuristic),
//! optional side of the square in km (default 20) and time limit in
//! seconds (default 600).

use std::time::Instant;

use firecover::siting::synthetic::instance;
use firecover::siting::{Objective, SolveOptions, SolverChoice, solve};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |k: usize, d: &str| args.get(k).cloned().unwrap_or_else(|| d.to_string());
    let n: usize = get(0, "2000").parse().expect("demand places");
    let m: usize = get(1, "500").parse().expect("candidates");
    let p: usize = get(2, "8").parse().expect("new sites");
    let objective = Objective::parse(&get(3, "cover"), 0.95).expect("objective");
    let solver = match get(4, "auto").as_str() {
        "milp" => SolverChoice::Milp,
        "heuristic" => SolverChoice::Heuristic,
        _ => SolverChoice::Auto,
    };
    let side: f64 = get(5, "20").parse().expect("side in km");
    let t0 = Instant::now();
    let problem = match instance(n, m, side, 1) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let built = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let s = solve(
        &problem,
        objective,
        p,
        &[],
        &SolveOptions {
            solver,
            time_limit_s: get(6, "600").parse().expect("time limit in seconds"),
        },
    )
    .expect("solved");
    let solved = t1.elapsed().as_secs_f64();
    println!(
        "{n} places x {m} candidates, p = {p}, {}: {} value {:.3}, bound {:?}, gap {:?}, {:.2} s (instance {:.2} s)",
        objective.name(),
        s.solver,
        s.objective,
        s.bound,
        s.gap.map(|g| format!("{:.3} %", 100.0 * g)),
        solved,
        built
    );
}
