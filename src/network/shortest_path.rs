//! Compressed sparse row adjacency and single-source Dijkstra over it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::ids::NodeId;

/// Adjacency in compressed sparse row form: the arcs leaving node `n` are
/// `targets[offsets[n]..offsets[n + 1]]` with matching `weights`.
#[derive(Clone, Debug, Default)]
pub struct Csr {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Csr {
    /// Builds the adjacency of `node_count` nodes from (from, to, weight) arcs.
    pub fn build(
        node_count: usize,
        arcs: impl Iterator<Item = (NodeId, NodeId, f64)> + Clone,
    ) -> Csr {
        let mut offsets = vec![0u32; node_count + 1];
        for (from, _, _) in arcs.clone() {
            offsets[from.index() + 1] += 1;
        }
        for i in 0..node_count {
            offsets[i + 1] += offsets[i];
        }
        let arc_count = offsets[node_count] as usize;
        let mut targets = vec![0u32; arc_count];
        let mut weights = vec![0.0; arc_count];
        let mut fill = offsets.clone();
        for (from, to, w) in arcs {
            let slot = fill[from.index()] as usize;
            targets[slot] = to.0;
            weights[slot] = w;
            fill[from.index()] += 1;
        }
        Csr {
            offsets,
            targets,
            weights,
        }
    }

    /// Shortest distances from `source` into `dist` (infinite where unreachable).
    pub fn dijkstra(&self, source: NodeId, dist: &mut Vec<f64>) {
        let n = self.offsets.len().saturating_sub(1);
        dist.clear();
        dist.resize(n, f64::INFINITY);
        if source.index() >= n {
            return;
        }
        let mut heap = BinaryHeap::new();
        dist[source.index()] = 0.0;
        heap.push(Reverse((0u64, source.0)));
        while let Some(Reverse((d_bits, u))) = heap.pop() {
            let d = f64::from_bits(d_bits);
            let u = u as usize;
            if d > dist[u] {
                continue;
            }
            let (lo, hi) = (self.offsets[u] as usize, self.offsets[u + 1] as usize);
            for (&v, &w) in self.targets[lo..hi].iter().zip(&self.weights[lo..hi]) {
                let nd = d + w;
                if nd < dist[v as usize] {
                    dist[v as usize] = nd;
                    // non-negative floats order like their bit patterns
                    heap.push(Reverse((nd.to_bits(), v)));
                }
            }
        }
    }

    /// Along the shortest-path tree of `dist` (this adjacency's distances
    /// from one source, [`Csr::dijkstra`]), the sum of `values` (an
    /// adjacency built from the same arcs in the same order, holding a
    /// value per arc) over each node's path; infinite where unreachable.
    /// Of equally short paths, the one through the first arc found.
    pub fn tree_sums(&self, dist: &[f64], values: &Csr) -> Vec<f64> {
        let n = dist.len();
        let mut order: Vec<u32> = (0..n as u32)
            .filter(|&v| dist[v as usize].is_finite())
            .collect();
        order.sort_by(|&a, &b| {
            dist[a as usize]
                .total_cmp(&dist[b as usize])
                .then(a.cmp(&b))
        });
        let mut sums = vec![f64::INFINITY; n];
        if let Some(&first) = order.first() {
            sums[first as usize] = 0.0;
        }
        for &u in &order {
            let u = u as usize;
            let (lo, hi) = (self.offsets[u] as usize, self.offsets[u + 1] as usize);
            for k in lo..hi {
                let v = self.targets[k] as usize;
                if sums[v].is_infinite()
                    && dist[u] + self.weights[k] == dist[v]
                    && sums[u].is_finite()
                {
                    sums[v] = sums[u] + values.weights[k];
                }
            }
        }
        sums
    }
}
