//! The p-median's Lagrangian relaxation: the assignment constraints relaxed, each place's cheapest candidates kept.

use super::*;

/// p-median: min Σ w_i c_ij y_ij with Σ_j y_ij + z_i = 1 (z_i: served by a
/// staying station) relaxed with λ_i.
pub(super) struct Median<'p> {
    problem: &'p Problem,
    /// Places with weight that some site or staying station reaches.
    active: Vec<usize>,
    /// w_i × (best staying station's cost), per active place.
    staying: Vec<f64>,
    /// Per active place, its reachable candidates by weighted cost, and
    /// those costs (`start[k]..start[k + 1]`): a score only sums the
    /// candidates cheaper than the place's multiplier, a short prefix.
    start: Vec<usize>,
    nearest: Vec<u32>,
    nearest_cost: Vec<f64>,
    /// Per active place, the largest multiplier it may take: the cost of
    /// the last candidate kept (infinite when all are).
    cap: Vec<f64>,
}

/// Candidates kept per place, cheapest first: enough that the cap on the
/// multipliers rarely binds, few enough that 50,000 places fit in memory.
pub(super) const NEAREST_KEPT: usize = 256;

impl<'p> Median<'p> {
    pub(super) fn new(problem: &'p Problem) -> Median<'p> {
        let active: Vec<usize> = (0..problem.n())
            .filter(|&i| problem.weights[i] > 0.0 && problem.servable(i))
            .collect();
        let staying = active
            .iter()
            .map(|&i| problem.weights[i] * problem.fixed_best(i))
            .collect();
        let mut start = Vec::with_capacity(active.len() + 1);
        let mut cap = Vec::with_capacity(active.len());
        let mut nearest = Vec::new();
        let mut nearest_cost = Vec::new();
        start.push(0);
        let mut row: Vec<(f64, u32)> = Vec::with_capacity(problem.m());
        for &i in &active {
            row.clear();
            let w = problem.weights[i];
            row.extend(
                (0..problem.m())
                    .map(|j| (w * problem.cost(i, j), j as u32))
                    .filter(|(c, _)| c.is_finite()),
            );
            // the cheapest ones only: a multiplier never exceeds the last
            // one kept ([`Median::project`]), so the rest never count
            if row.len() > NEAREST_KEPT {
                row.select_nth_unstable_by(NEAREST_KEPT - 1, |a, b| {
                    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
                });
                row.truncate(NEAREST_KEPT);
                cap.push(row.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max));
            } else {
                cap.push(f64::INFINITY);
            }
            row.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            nearest.extend(row.iter().map(|r| r.1));
            nearest_cost.extend(row.iter().map(|r| r.0));
            start.push(nearest.len());
        }
        Median {
            problem,
            active,
            staying,
            start,
            nearest,
            nearest_cost,
            cap,
        }
    }

    /// Place `k`'s candidates cheaper than `limit`, with their costs.
    fn cheaper(&self, k: usize, limit: f64) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (self.start[k], self.start[k + 1]);
        self.nearest[a..b]
            .iter()
            .zip(&self.nearest_cost[a..b])
            .take_while(move |(_, c)| **c < limit)
            .map(|(&j, &c)| (j as usize, c))
    }
}

impl Relaxation for Median<'_> {
    fn places(&self) -> usize {
        self.active.len()
    }

    fn start(&self) -> Vec<f64> {
        // the weighted cost of each place's nearest site or staying station
        (0..self.active.len())
            .map(|k| {
                let first = self.start[k];
                let nearest = if first < self.start[k + 1] {
                    self.nearest_cost[first]
                } else {
                    f64::INFINITY
                };
                nearest.min(self.staying[k])
            })
            .collect()
    }

    fn scores(&self, mult: &[f64], scores: &mut [f64]) -> f64 {
        scores.fill(0.0);
        for (k, &l) in mult.iter().enumerate() {
            for (j, c) in self.cheaper(k, l) {
                scores[j] += c - l;
            }
        }
        mult.iter()
            .zip(&self.staying)
            .map(|(&l, &s)| l + (s - l).min(0.0))
            .sum()
    }

    fn subgradient(&self, mult: &[f64], open: &[usize], g: &mut [f64]) -> f64 {
        // a place's prefix of cheaper candidates is short, and `open` holds p
        let mut norm = 0.0;
        for (k, &l) in mult.iter().enumerate() {
            let mut taken = f64::from(u8::from(self.staying[k] < l));
            taken += self.cheaper(k, l).filter(|(j, _)| open.contains(j)).count() as f64;
            g[k] = 1.0 - taken;
            norm += g[k] * g[k];
        }
        norm
    }

    fn project(&self, mult: &mut [f64]) {
        for (l, &c) in mult.iter_mut().zip(&self.cap) {
            *l = l.min(c);
        }
    }

    fn value(&self, open: &[usize]) -> f64 {
        self.problem.evaluate(Objective::Median, open)
    }

    fn integral(&self) -> bool {
        let whole = |v: f64| !v.is_finite() || v.fract() == 0.0;
        // every cost, not just the ones kept: any may serve a place
        let w = &self.problem.weights;
        self.staying.iter().all(|&s| whole(s))
            && (0..self.problem.m()).all(|j| {
                let col = self.problem.column(j);
                self.active.iter().all(|&i| whole(w[i] * col[i]))
            })
    }
}
