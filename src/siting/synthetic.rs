//! A synthetic siting instance for benchmarks and scale checks: demand
//! places and candidate sites scattered over a square (half of them in its
//! central third, like a town in its countryside), weights from 0.1 to 3,
//! costs = 60 s turnout + 1.3 × the straight line at 30 km/h, radius 5 min.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::{Problem, SitingError};

/// `n` places, `m` candidates over a square of `side_km`, from `seed`.
/// Fails only for sizes `Problem::new` refuses (no places or candidates).
pub fn instance(n: usize, m: usize, side_km: f64, seed: u64) -> Result<Problem, SitingError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let half = side_km * 500.0;
    let point = |rng: &mut ChaCha8Rng| {
        // half the points in the central third
        let spread = if rng.random_bool(0.5) {
            half / 3.0
        } else {
            half
        };
        (
            rng.random_range(-spread..spread),
            rng.random_range(-spread..spread),
        )
    };
    let demand: Vec<(f64, f64)> = (0..n).map(|_| point(&mut rng)).collect();
    let sites: Vec<(f64, f64)> = (0..m).map(|_| point(&mut rng)).collect();
    let weights: Vec<f64> = (0..n).map(|_| rng.random_range(0.1..3.0)).collect();
    let speed = 30.0 / 3.6;
    let mut costs = Vec::with_capacity(n * m);
    for s in &sites {
        for d in &demand {
            costs.push(60.0 + 1.3 * (d.0 - s.0).hypot(d.1 - s.1) / speed);
        }
    }
    Problem::new(
        (0..n).map(|i| format!("d{i}")).collect(),
        weights,
        (0..m).map(|j| format!("c{j}")).collect(),
        costs,
        300.0,
    )
}
