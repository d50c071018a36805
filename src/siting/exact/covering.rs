//! The covering objectives' Lagrangian relaxation (maximal covering, backup coverage, and the covering decisions of the p-center and set covering).

use super::*;

/// The covering objectives: max Σ w_i min(t_i, y_i) with y_i ≤ Σ_{j covers
/// i} x_j relaxed with u_i ≥ 0, where t_i is how many coverings count (1
/// for maximal covering; 2 for backup coverage, less the staying stations
/// that already cover the place). Coverings the staying stations give
/// count without a site. Places no candidate covers are left out, and
/// places the same candidates cover the same number of times are merged
/// (their weights summed): one multiplier each.
///
/// Also the decision problems of the p-center (every place within a
/// threshold, unit weights) and of set covering (a share of the weight
/// covered by `p` sites).
pub(super) struct Covering {
    /// Weight of each merged place.
    weights: Vec<f64>,
    /// How many more coverings count at each merged place (1 or 2).
    times: Vec<u8>,
    /// Per candidate, the merged places it covers.
    covers: Vec<Vec<u32>>,
    /// Weight the staying stations cover, counted as often as it counts.
    constant: f64,
    /// Coverings of each merged place by a set being valued (scratch).
    count: std::cell::RefCell<Vec<u8>>,
}

impl Covering {
    /// The covering of `problem`'s places whose weight `weight(i)` is
    /// positive, within `radius(i)`, each counted up to `times` times.
    pub(super) fn new(
        problem: &Problem,
        times: u8,
        radius: &dyn Fn(usize) -> f64,
        weight: &dyn Fn(usize) -> f64,
    ) -> Covering {
        // per place, the candidates covering it
        let n = problem.n();
        let mut covering: Vec<Vec<u32>> = vec![Vec::new(); n];
        for j in 0..problem.m() {
            let col = problem.column(j);
            for (i, list) in covering.iter_mut().enumerate() {
                if col[i] <= radius(i) {
                    list.push(j as u32);
                }
            }
        }
        let mut merged: std::collections::HashMap<(&[u32], u8), usize> =
            std::collections::HashMap::new();
        let mut weights: Vec<f64> = Vec::new();
        let mut counts: Vec<u8> = Vec::new();
        let mut covers: Vec<Vec<u32>> = vec![Vec::new(); problem.m()];
        let mut constant = 0.0;
        for (i, list) in covering.iter().enumerate() {
            let w = weight(i);
            if w <= 0.0 {
                continue;
            }
            let staying = (0..problem.fixed_count())
                .filter(|&f| problem.fixed_column(f)[i] <= radius(i))
                .count()
                .min(usize::from(times)) as u8;
            constant += w * f64::from(staying);
            let left = times - staying;
            if left == 0 || list.is_empty() {
                continue;
            }
            match merged.get(&(list.as_slice(), left)) {
                Some(&k) => weights[k] += w,
                None => {
                    let k = weights.len();
                    merged.insert((list, left), k);
                    weights.push(w);
                    counts.push(left);
                    for &j in list {
                        covers[j as usize].push(k as u32);
                    }
                }
            }
        }
        let places = weights.len();
        Covering {
            weights,
            times: counts,
            covers,
            constant,
            count: std::cell::RefCell::new(vec![0; places]),
        }
    }

    /// For the decision "every place covered": leaves out each place whose
    /// covering sites include all of another's (covering the other covers
    /// it), counting its weight as covered. A set then reaches the whole
    /// weight exactly when it covers every place, and a bound below the
    /// whole still refuses (row dominance; Toregas et al. 1971).
    pub(super) fn without_dominated(mut self) -> Covering {
        let places = self.weights.len();
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); places];
        for (j, list) in self.covers.iter().enumerate() {
            for &k in list {
                lists[k as usize].push(j as u32);
            }
        }
        let mut dominated = vec![false; places];
        for (k, list) in lists.iter().enumerate() {
            // the places whose sites include all of k's: the rarest of k's
            // sites names those to check
            let Some(&rarest) = list.iter().min_by_key(|&&j| self.covers[j as usize].len()) else {
                continue;
            };
            for &other in &self.covers[rarest as usize] {
                let other = other as usize;
                if other == k || dominated[other] || lists[other].len() <= list.len() {
                    continue;
                }
                let contains_all = list.iter().all(|&j| lists[other].binary_search(&j).is_ok());
                if contains_all {
                    dominated[other] = true;
                }
            }
        }
        let mut renumber = vec![u32::MAX; places];
        let mut weights = Vec::new();
        let mut times = Vec::new();
        for k in 0..places {
            if dominated[k] {
                self.constant += self.weights[k] * f64::from(self.times[k]);
            } else {
                renumber[k] = weights.len() as u32;
                weights.push(self.weights[k]);
                times.push(self.times[k]);
            }
        }
        for list in &mut self.covers {
            list.retain(|&k| !dominated[k as usize]);
            for k in list.iter_mut() {
                *k = renumber[*k as usize];
            }
        }
        let kept = weights.len();
        Covering {
            weights,
            times,
            covers: self.covers,
            constant: self.constant,
            count: std::cell::RefCell::new(vec![0; kept]),
        }
    }

    /// The most the objective can reach with every candidate open: the
    /// decision problems' quick refusal when it falls short of the level.
    pub(super) fn coverable_weight(&self) -> f64 {
        self.constant
            + self
                .weights
                .iter()
                .zip(&self.times)
                .map(|(&w, &t)| w * f64::from(t))
                .sum::<f64>()
    }
}

impl Relaxation for Covering {
    fn places(&self) -> usize {
        self.weights.len()
    }

    fn start(&self) -> Vec<f64> {
        self.weights.iter().map(|w| w / 2.0).collect()
    }

    fn scores(&self, mult: &[f64], scores: &mut [f64]) -> f64 {
        for (score, list) in scores.iter_mut().zip(&self.covers) {
            *score = -list.iter().map(|&k| mult[k as usize]).sum::<f64>();
        }
        -(self.constant
            + self
                .weights
                .iter()
                .zip(&self.times)
                .zip(mult)
                .map(|((&w, &t), &u)| f64::from(t) * (w - u).max(0.0))
                .sum::<f64>())
    }

    fn subgradient(&self, mult: &[f64], open: &[usize], g: &mut [f64]) -> f64 {
        for (((gk, &w), &t), &u) in g.iter_mut().zip(&self.weights).zip(&self.times).zip(mult) {
            *gk = if w > u { f64::from(t) } else { 0.0 };
        }
        for &j in open {
            for &k in &self.covers[j] {
                g[k as usize] -= 1.0;
            }
        }
        // a multiplier at zero cannot go lower: that part of the step is void
        let mut norm = 0.0;
        for (gk, &u) in g.iter_mut().zip(mult) {
            if u <= 0.0 && *gk < 0.0 {
                *gk = 0.0;
            }
            norm += *gk * *gk;
        }
        norm
    }

    fn project(&self, mult: &mut [f64]) {
        for u in mult {
            *u = u.max(0.0);
        }
    }

    fn value(&self, open: &[usize]) -> f64 {
        let mut count = self.count.borrow_mut();
        count.fill(0);
        for &j in open {
            for &k in &self.covers[j] {
                let c = &mut count[k as usize];
                *c = c.saturating_add(1);
            }
        }
        let covered: f64 = self
            .weights
            .iter()
            .zip(&self.times)
            .zip(count.iter())
            .map(|((&w, &t), &c)| w * f64::from(c.min(t)))
            .sum();
        -(self.constant + covered)
    }

    fn integral(&self) -> bool {
        self.constant.fract() == 0.0 && self.weights.iter().all(|w| w.fract() == 0.0)
    }
}
