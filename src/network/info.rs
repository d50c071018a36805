//! What a road network is made of: size, road kilometres by class,
//! connectivity, and circuity measured on random node pairs.

use std::collections::HashSet;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::{Csr, Network};
use crate::ids::NodeId;

/// Pairs closer than this are left out of the circuity sample: at short
/// range the snapping of town points dominates the ratio.
pub const MIN_CIRCUITY_PAIR_M: f64 = 2_000.0;

/// Summary of a network.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkInfo {
    /// Nodes.
    pub nodes: usize,
    /// Directed edges.
    pub directed_edges: usize,
    /// Road kilometres by class (a two-way road counted once), largest first.
    pub km_by_class: Vec<(String, f64)>,
    /// Strongly connected components.
    pub components: usize,
    /// Nodes in the largest one.
    pub largest_component: usize,
    /// Shortest road distance / straight line on random pairs, sorted.
    pub circuity: Vec<f64>,
    /// Whether `circuity` holds every pair far enough apart (a small
    /// network), not a random sample of distinct pairs.
    pub exhaustive: bool,
}

impl NetworkInfo {
    /// The q-quantile of the circuity sample (nearest rank), NaN if empty.
    pub fn circuity_quantile(&self, q: f64) -> f64 {
        if self.circuity.is_empty() {
            return f64::NAN;
        }
        let i = ((self.circuity.len() - 1) as f64 * q).round() as usize;
        self.circuity[i]
    }
}

/// Describes a network; `sources` random origins, each with up to 10 random
/// destinations at least [`MIN_CIRCUITY_PAIR_M`] away in the same component,
/// make the circuity sample (deterministic for a seed).
pub fn describe(network: &Network, sources: usize, seed: u64) -> NetworkInfo {
    let edges = network.edges();
    let present: HashSet<(u32, u32)> = edges.iter().map(|e| (e.from.0, e.to.0)).collect();
    let mut km = vec![0.0; network.classes().len()];
    for e in edges {
        // a two-way road is two directed edges: count it from its lower end only
        if e.from.0 < e.to.0 || !present.contains(&(e.to.0, e.from.0)) {
            km[usize::from(e.class)] += e.length_m / 1000.0;
        }
    }
    let mut km_by_class: Vec<(String, f64)> = network.classes().iter().cloned().zip(km).collect();
    km_by_class.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let (component, largest) = network.strong_components();
    let components = component.iter().copied().collect::<HashSet<u32>>().len();
    let largest_component = component.iter().filter(|&&c| c == largest).count();

    let by_length = Csr::build(
        network.nodes().len(),
        edges.iter().map(|e| (e.from, e.to, e.length_m)),
    );
    let main: Vec<usize> = (0..network.nodes().len())
        .filter(|&n| component[n] == largest)
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut dist = Vec::new();
    let mut circuity = Vec::new();
    let n = main.len();
    // every pair when there are no more than the sample would draw; else
    // distinct random pairs (each counted once, whichever end was drawn first)
    let exhaustive = n * n.saturating_sub(1) / 2 <= sources * PAIRS_PER_SOURCE;
    let measure = |a: usize, b: usize, dist: &[f64], circuity: &mut Vec<f64>| {
        let straight = network.nodes()[a].distance_m(&network.nodes()[b]);
        if straight >= MIN_CIRCUITY_PAIR_M && dist[b].is_finite() {
            circuity.push(dist[b] / straight);
        }
    };
    if exhaustive {
        for (i, &a) in main.iter().enumerate() {
            by_length.dijkstra(NodeId::from_index(a), &mut dist);
            for &b in &main[i + 1..] {
                measure(a, b, &dist, &mut circuity);
            }
        }
    } else {
        let mut seen = HashSet::new();
        for _ in 0..sources {
            let a = main[rng.random_range(0..n)];
            by_length.dijkstra(NodeId::from_index(a), &mut dist);
            for _ in 0..PAIRS_PER_SOURCE {
                let b = main[rng.random_range(0..n)];
                if a != b && seen.insert((a.min(b), a.max(b))) {
                    measure(a, b, &dist, &mut circuity);
                }
            }
        }
    }
    circuity.sort_by(f64::total_cmp);
    NetworkInfo {
        nodes: network.nodes().len(),
        directed_edges: edges.len(),
        km_by_class,
        components,
        largest_component,
        circuity,
        exhaustive,
    }
}

/// Destinations drawn per random origin.
const PAIRS_PER_SOURCE: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Network {
        let s = crate::scenario::Scenario::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/examples/two-stations.toml"
        )))
        .unwrap()
        .0;
        s.network
    }

    #[test]
    fn a_small_network_counts_each_pair_once() {
        // 3 nodes 1.9 km apart in a line: only a–c is 2 km or more
        let info = describe(&example(), 200, 1);
        assert!(info.exhaustive);
        assert_eq!(info.circuity.len(), 1);
        assert!((info.circuity[0] - 1.0).abs() < 0.05, "{:?}", info.circuity);
    }
}
