//! The exact solver in pure Rust for all five location objectives:
//! Lagrangian branch and bound, and for the p-center and set covering a
//! sequence of covering decisions solved by the same search.
//!
//! Method (Beasley, "Lagrangean heuristics for location problems", EJOR
//! 1993; Galvão and ReVelle's covering relaxation, 1996; Daskin, *Network
//! and Discrete Location*, ch. 5–6):
//!
//! - **Bound.** The assignment constraints (p-median: each place served
//!   once) or the coverage constraints (covering: a place counts only when
//!   a chosen site covers it; backup coverage: it counts twice when two
//!   do) are relaxed with multipliers. For fixed multipliers the
//!   relaxation splits by candidate: each has a score, and the relaxation
//!   opens the `p` best. Subgradient steps (Held, Wolfe and Crowder)
//!   improve the multipliers; every value of the relaxation is a true
//!   bound, whatever the multipliers.
//! - **Primal.** The greedy and swap heuristic gives the first incumbent;
//!   every set the relaxation opens is evaluated too.
//! - **Fixing.** At each node, a candidate whose score proves that opening
//!   it (or leaving it closed) cannot beat the incumbent is fixed
//!   (reduced-cost fixing).
//! - **Branching.** Depth first on the open candidate of the relaxation
//!   with the best score: open first, then closed. One thread, a fixed
//!   order: the same tree, nodes and answer on any machine and thread
//!   count.
//! - **Integral data.** When every weighted cost (p-median) or weight
//!   (covering) is a whole number, a node is pruned once its bound cannot
//!   reach a whole unit below the incumbent.
//! - **Center and set covering.** The p-center is a binary search over the
//!   distinct costs (Minieka 1970), each step the decision "can `p` sites
//!   bring every place within this cost", and set covering a binary search
//!   over the count, each step "can this many sites cover the share". A
//!   decision is the covering search with a level to reach instead of an
//!   incumbent to beat; it stops at the first set that reaches it, and
//!   refuses only when every node's bound falls short. Places that
//!   another's covering implies drop out of the "every place" decisions
//!   (row dominance).
//!
//! Solutions in `exclude` (the next-best solutions asked for) are never
//! taken as the incumbent, so the search finds the best of the others.
//! When the time limit comes first, the incumbent and the least bound of
//! the open nodes are returned: the gap is proven.

use std::time::Instant;

use super::{Objective, Problem, Solution, relative_gap};

/// Subgradient iterations at the root, and at every other node (which
/// starts from its parent's multipliers).
const ROOT_ITERATIONS: usize = 2_000;
const NODE_ITERATIONS: usize = 40;
/// Iterations without a better bound before the step halves.
const STALL: usize = 15;

/// The relaxation of one objective, as a minimisation (the covering
/// objective's coverage is negated).
trait Relaxation {
    /// Places with multipliers.
    fn places(&self) -> usize;
    /// Multipliers to start from.
    fn start(&self) -> Vec<f64>;
    /// Each candidate's score (the relaxation opens the smallest) and the
    /// part of the bound that does not depend on which are open.
    fn scores(&self, mult: &[f64], scores: &mut [f64]) -> f64;
    /// The subgradient at `mult` with `open` open; its squared norm.
    fn subgradient(&self, mult: &[f64], open: &[usize], g: &mut [f64]) -> f64;
    /// Keeps multipliers in their domain after a step.
    fn project(&self, _mult: &mut [f64]) {}
    /// The objective of `open`, as a minimisation.
    fn value(&self, open: &[usize]) -> f64;
    /// Whether every value is a whole number.
    fn integral(&self) -> bool;
}

/// p-median: min Σ w_i c_ij y_ij with Σ_j y_ij + z_i = 1 (z_i: served by a
/// staying station) relaxed with λ_i.
struct Median<'p> {
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
const NEAREST_KEPT: usize = 256;

impl<'p> Median<'p> {
    fn new(problem: &'p Problem) -> Median<'p> {
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
struct Covering {
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
    fn new(
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
    fn without_dominated(mut self) -> Covering {
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
    fn coverable_weight(&self) -> f64 {
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

/// A node of the search: candidates forced open and forced closed, the
/// parent's bound and multipliers.
struct Node {
    open: Vec<usize>,
    closed: Vec<bool>,
    bound: f64,
    mult: Vec<f64>,
}

/// What the search gives: the best set found (`None` when every set is
/// excluded or none meets the objective), its value and the proven bound
/// (both as minimisations), the nodes visited and whether time ran out.
struct Outcome {
    best: Option<(f64, Vec<usize>)>,
    bound: f64,
    nodes: u64,
    hit_time_limit: bool,
}

/// What a search is for: the optimum, or any set whose value (as a
/// minimisation) is at most a level (the decision problems of the
/// p-center and of set covering).
#[derive(Clone, Copy)]
enum Goal {
    Optimise,
    Reach(f64),
}

/// Branch and bound over `relax` for `p` sites of `m`.
fn search(
    relax: &dyn Relaxation,
    m: usize,
    p: usize,
    start: Option<(f64, Vec<usize>)>,
    exclude: &[Vec<usize>],
    goal: Goal,
    deadline: Instant,
) -> Outcome {
    let integral = relax.integral();
    let mut best = start.filter(|(_, s)| !exclude.contains(s));
    let incumbent = |best: &Option<(f64, Vec<usize>)>| best.as_ref().map_or(f64::INFINITY, |b| b.0);
    // a bound at or above this cannot reach a value at most `level`
    let at_most = |level: f64| {
        if !level.is_finite() {
            level
        } else if integral {
            (level + 1e-9 * level.abs().max(1.0)).floor() + 1e-6
        } else {
            level + 1e-9 * level.abs().max(1.0)
        }
    };
    let level_cut = match goal {
        Goal::Optimise => f64::INFINITY,
        Goal::Reach(level) => at_most(level),
    };
    // a bound at or above this cannot beat the incumbent, nor reach the level
    let cutoff = |upper: f64| {
        let beat = if !upper.is_finite() {
            upper
        } else if integral {
            upper - 1.0 + 1e-6
        } else {
            upper - 1e-9 * upper.abs().max(1.0)
        };
        beat.min(level_cut)
    };
    // a decision is made once a set reaches the level
    let reached = |best: &Option<(f64, Vec<usize>)>| {
        matches!(goal, Goal::Reach(_)) && incumbent(best) < level_cut
    };
    if reached(&best) {
        return Outcome {
            bound: incumbent(&best),
            best,
            nodes: 0,
            hit_time_limit: false,
        };
    }
    let mut stack = vec![Node {
        open: Vec::new(),
        closed: vec![false; m],
        bound: f64::NEG_INFINITY,
        mult: relax.start(),
    }];
    let mut scores = vec![0.0; m];
    let mut g = vec![0.0; relax.places()];
    let mut nodes = 0u64;
    let mut root = true;
    while let Some(mut node) = stack.pop() {
        // the root is always bounded, so even a tiny limit gives a gap
        if nodes > 0 && Instant::now() >= deadline {
            // the unexplored nodes' bounds, this one's included
            let open_bound = stack.iter().map(|n| n.bound).fold(node.bound, f64::min);
            stack.clear();
            return Outcome {
                bound: open_bound.min(incumbent(&best)),
                best,
                nodes,
                hit_time_limit: true,
            };
        }
        if node.bound >= cutoff(incumbent(&best)) {
            continue;
        }
        nodes += 1;
        let free: Vec<usize> = (0..m)
            .filter(|&j| !node.closed[j] && !node.open.contains(&j))
            .collect();
        let need = p - node.open.len();
        if free.len() < need {
            continue;
        }
        if need == 0 || free.len() == need {
            // the node names one set
            let mut set = node.open.clone();
            set.extend(&free[..need]);
            set.sort_unstable();
            let v = relax.value(&set);
            if v.is_finite() && v < incumbent(&best) && !exclude.contains(&set) {
                best = Some((v, set));
                if reached(&best) {
                    break;
                }
            }
            continue;
        }
        // subgradient optimisation of the node's bound
        let iterations = if root {
            ROOT_ITERATIONS
        } else {
            NODE_ITERATIONS
        };
        root = false;
        let mut mult = std::mem::take(&mut node.mult);
        let mut best_bound = f64::NEG_INFINITY;
        let mut best_mult = mult.clone();
        let mut best_scores = scores.clone();
        let mut step = 2.0;
        let mut stale = 0;
        let mut order: Vec<usize> = Vec::with_capacity(free.len());
        let mut timed_out = false;
        for iteration in 0..iterations {
            // a large node may not finish its steps in time: its bound so
            // far is still a bound
            if iteration > 0 && Instant::now() >= deadline {
                timed_out = true;
                break;
            }
            let constant = relax.scores(&mult, &mut scores);
            order.clear();
            order.extend_from_slice(&free);
            order.select_nth_unstable_by(need - 1, |&a, &b| {
                scores[a].total_cmp(&scores[b]).then(a.cmp(&b))
            });
            let mut chosen = node.open.clone();
            chosen.extend_from_slice(&order[..need]);
            let bound = constant + chosen.iter().map(|&j| scores[j]).sum::<f64>();
            if bound > best_bound {
                if bound > best_bound + 1e-9 * bound.abs().max(1.0) {
                    stale = 0;
                } else {
                    stale += 1;
                }
                best_bound = bound;
                best_mult.clone_from(&mult);
                best_scores.clone_from(&scores);
            } else {
                stale += 1;
            }
            if stale >= STALL {
                step /= 2.0;
                stale = 0;
            }
            chosen.sort_unstable();
            let v = relax.value(&chosen);
            if v.is_finite() && v < incumbent(&best) && !exclude.contains(&chosen) {
                best = Some((v, chosen.clone()));
            }
            let upper = incumbent(&best);
            if best_bound >= cutoff(upper) || step < 1e-5 || reached(&best) {
                break;
            }
            let norm = relax.subgradient(&mult, &chosen, &mut g);
            if norm == 0.0 {
                break;
            }
            let target = if upper.min(level_cut).is_finite() {
                upper.min(level_cut)
            } else {
                best_bound.abs().max(1.0) * 1.1 + best_bound
            };
            let t = step * (target - bound).max(1e-9 * bound.abs().max(1.0)) / norm;
            for (l, gk) in mult.iter_mut().zip(&g) {
                *l += t * gk;
            }
            relax.project(&mut mult);
        }
        let upper = incumbent(&best);
        let bound = best_bound.max(node.bound);
        if reached(&best) {
            break;
        }
        if timed_out {
            let open_bound = stack.iter().map(|n| n.bound).fold(bound, f64::min);
            return Outcome {
                bound: open_bound.min(upper),
                best,
                nodes,
                hit_time_limit: true,
            };
        }
        if bound >= cutoff(upper) {
            continue;
        }
        // reduced-cost fixing with the best multipliers' scores
        let scores = &best_scores;
        let mut ranked = free.clone();
        ranked.sort_unstable_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(a.cmp(&b)));
        let last_in = scores[ranked[need - 1]];
        let first_out = scores[ranked[need]];
        let mut open = node.open.clone();
        let mut closed = node.closed.clone();
        for (rank, &j) in ranked.iter().enumerate() {
            if rank < need {
                // closing j puts the first excluded one in its place
                if best_bound - scores[j] + first_out >= cutoff(upper) {
                    open.push(j);
                }
            } else if best_bound - last_in + scores[j] >= cutoff(upper) {
                closed[j] = true;
            }
        }
        if open.len() > p {
            continue;
        }
        let free_after: Vec<usize> = (0..m)
            .filter(|&j| !closed[j] && !open.contains(&j))
            .collect();
        if open.len() + free_after.len() < p {
            continue;
        }
        // branch on the best-scored open candidate of the relaxation
        let Some(&branch) = ranked[..need].iter().rev().find(|&&j| !open.contains(&j)) else {
            // every chosen candidate got fixed open: the node names a set
            stack.push(Node {
                open,
                closed,
                bound,
                mult: best_mult,
            });
            continue;
        };
        let mut closed_child = closed.clone();
        closed_child[branch] = true;
        stack.push(Node {
            open: open.clone(),
            closed: closed_child,
            bound,
            mult: best_mult.clone(),
        });
        let mut open_child = open;
        open_child.push(branch);
        stack.push(Node {
            open: open_child,
            closed,
            bound,
            mult: best_mult,
        });
    }
    Outcome {
        bound: incumbent(&best),
        best,
        nodes,
        hit_time_limit: false,
    }
}

/// Whether the exact solver takes this objective: all five do.
pub fn handles(objective: Objective) -> bool {
    matches!(
        objective,
        Objective::Median
            | Objective::Cover
            | Objective::Backup
            | Objective::Center
            | Objective::Lscp { .. }
    )
}

/// The p-center by a binary search over the distinct costs (Minieka 1970;
/// Daskin 2013, ch. 5): the least threshold at which `p` sites bring every
/// place with demand within it, each step an exact covering decision. The
/// bound at the time limit is the least threshold not yet refused.
fn center(
    problem: &Problem,
    p: usize,
    exclude: &[Vec<usize>],
    start: Option<(f64, Vec<usize>)>,
    deadline: Instant,
) -> Outcome {
    let m = problem.m();
    let active: Vec<bool> = (0..problem.n())
        .map(|i| problem.weights[i] > 0.0 && problem.servable(i))
        .collect();
    let places: Vec<usize> = (0..problem.n()).filter(|&i| active[i]).collect();
    let mut best = start.filter(|(_, s)| !exclude.contains(s));
    // no threshold is below the cost at which the worst-served place can
    // be reached at all, nor above the start's value
    let nearest = |i: usize| {
        let fixed = problem.fixed_best(i);
        (0..m).map(|j| problem.cost(i, j)).fold(fixed, f64::min)
    };
    let floor = places.iter().map(|&i| nearest(i)).fold(0.0, f64::max);
    let ceiling = best.as_ref().map_or(f64::INFINITY, |b| b.0);
    let mut levels: Vec<f64> = Vec::new();
    let mut keep = |c: f64| {
        if c.is_finite() && c >= floor && c <= ceiling {
            levels.push(c);
        }
    };
    for j in 0..m {
        let col = problem.column(j);
        places.iter().for_each(|&i| keep(col[i]));
    }
    for f in 0..problem.fixed_count() {
        let col = problem.fixed_column(f);
        places.iter().for_each(|&i| keep(col[i]));
    }
    levels.sort_unstable_by(f64::total_cmp);
    levels.dedup();
    let unit: Vec<f64> = active.iter().map(|&a| f64::from(u8::from(a))).collect();
    let need = places.len() as f64;
    let mut lo = 0;
    let mut hi = match &best {
        Some((v, _)) => levels.partition_point(|&t| t < *v),
        None => levels.len(),
    };
    let mut nodes = 0;
    while lo < hi {
        if Instant::now() >= deadline {
            return Outcome {
                bound: levels[lo],
                best,
                nodes,
                hit_time_limit: true,
            };
        }
        let mid = (lo + hi) / 2;
        let t = levels[mid];
        let covering = Covering::new(problem, 1, &|_| t, &|i| unit[i]).without_dominated();
        if covering.coverable_weight() < need - 0.5 {
            lo = mid + 1;
            continue;
        }
        let out = search(&covering, m, p, None, exclude, Goal::Reach(-need), deadline);
        nodes += out.nodes;
        if std::env::var_os("FIRECOVER_EXACT_TRACE").is_some() {
            eprintln!(
                "exact: center at {t}: {} nodes, {:?} of {need} {}",
                out.nodes,
                out.best.as_ref().map(|b| b.0),
                out.hit_time_limit
            );
        }
        let found = out
            .best
            .map(|(_, set)| (problem.evaluate(Objective::Center, &set), set));
        match found {
            Some((value, set)) if value <= t => {
                hi = levels.partition_point(|&x| x < value);
                best = Some((value, set));
            }
            _ if out.hit_time_limit => {
                return Outcome {
                    bound: levels[lo],
                    best,
                    nodes,
                    hit_time_limit: true,
                };
            }
            _ => lo = mid + 1,
        }
    }
    Outcome {
        bound: best.as_ref().map_or(f64::INFINITY, |b| b.0),
        best,
        nodes,
        hit_time_limit: false,
    }
}

/// Set covering: the fewest sites that cover the share, by covering
/// decisions at each count (a binary search between none and the start's
/// count, since a count that suffices is never undone by a site more).
///
/// With sets to exclude, the counts are tried upwards from the smallest
/// excluded set's (which the first, optimal, answer fixed): a count whose
/// sets are all excluded is passed over.
fn lscp(
    problem: &Problem,
    share: f64,
    exclude: &[Vec<usize>],
    start: Option<(f64, Vec<usize>)>,
    deadline: Instant,
) -> Outcome {
    let m = problem.m();
    let objective = Objective::Lscp { share };
    // every place with demand (unit weights), or the share of the weight
    let (weights, level): (Vec<f64>, f64) = if share >= 1.0 {
        let unit: Vec<f64> = problem
            .weights
            .iter()
            .map(|&w| f64::from(u8::from(w > 0.0)))
            .collect();
        let count = unit.iter().sum::<f64>();
        (unit, -count)
    } else {
        let level = -(share * problem.total_weight() * (1.0 - 1e-12));
        (problem.weights.clone(), level)
    };
    let covering = Covering::new(problem, 1, &|i| problem.radius_of(i), &|i| weights[i]);
    // every place covered: the places that others' covering implies go
    let covering = if share >= 1.0 {
        covering.without_dominated()
    } else {
        covering
    };
    let mut nodes = 0;
    // `Some(Some(set))`: a set of `count` sites meets the share;
    // `Some(None)`: none outside `exclude` does; `None`: time ran out
    let mut decide = |count: usize| -> Option<Option<Vec<usize>>> {
        if count > m {
            return Some(None);
        }
        let out = search(
            &covering,
            m,
            count,
            None,
            exclude,
            Goal::Reach(level),
            deadline,
        );
        nodes += out.nodes;
        if std::env::var_os("FIRECOVER_EXACT_TRACE").is_some() {
            eprintln!(
                "exact: set covering with {count}: {} nodes, {:?} {}",
                out.nodes,
                out.best.as_ref().map(|b| b.0),
                out.hit_time_limit
            );
        }
        match out.best {
            Some((_, set)) if problem.evaluate(objective, &set).is_finite() => Some(Some(set)),
            // a set the search took as meeting the share by a rounding the
            // objective does not allow: undecided, never refused
            Some((v, _)) if v <= level + 1e-9 * level.abs().max(1.0) => None,
            _ if out.hit_time_limit => None,
            _ => Some(None),
        }
    };
    let timed_out = |bound: usize, best, nodes| Outcome {
        bound: bound as f64,
        best,
        nodes,
        hit_time_limit: true,
    };
    if !exclude.is_empty() {
        let first = exclude.iter().map(Vec::len).min().unwrap_or(0);
        for count in first..=m {
            match decide(count) {
                Some(Some(set)) => {
                    return Outcome {
                        bound: count as f64,
                        best: Some((count as f64, set)),
                        nodes,
                        hit_time_limit: false,
                    };
                }
                Some(None) => {}
                None => return timed_out(count, None, nodes),
            }
        }
        return Outcome {
            bound: f64::INFINITY,
            best: None,
            nodes,
            hit_time_limit: false,
        };
    }
    let mut best = start.or_else(|| {
        let all: Vec<usize> = (0..m).collect();
        let v = problem.evaluate(objective, &all);
        v.is_finite().then_some((v, all))
    });
    let mut lo = 0;
    let mut hi = best.as_ref().map_or(0, |b| b.1.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        match decide(mid) {
            Some(Some(set)) => {
                hi = mid;
                best = Some((mid as f64, set));
            }
            Some(None) => lo = mid + 1,
            None => return timed_out(lo, best, nodes),
        }
    }
    Outcome {
        bound: lo as f64,
        best,
        nodes,
        hit_time_limit: false,
    }
}

/// The optimum of `objective` for `p` new sites (`lscp`: any number),
/// none of the sets in `exclude`, started from `start` (a set and its
/// value): proven, or with the best solution and a proven gap when
/// `deadline` comes first. `None` when no set outside `exclude` meets the
/// objective.
pub fn solve(
    problem: &Problem,
    objective: Objective,
    p: usize,
    exclude: &[Vec<usize>],
    start: Option<(f64, Vec<usize>)>,
    deadline: Instant,
) -> Option<Solution> {
    let maximises = objective.maximises();
    let sign = if maximises { -1.0 } else { 1.0 };
    let start = start
        .filter(|(v, _)| v.is_finite())
        .map(|(v, open)| (sign * v, open));
    let m = problem.m();
    if objective.takes_count() && p > m {
        return None;
    }
    let optimise = |relax: &dyn Relaxation| {
        search(
            relax,
            m,
            p,
            start.clone(),
            exclude,
            Goal::Optimise,
            deadline,
        )
    };
    let radius = |i: usize| problem.radius_of(i);
    let weight = |i: usize| problem.weights[i];
    let outcome = match objective {
        Objective::Median => optimise(&Median::new(problem)),
        Objective::Cover => optimise(&Covering::new(problem, 1, &radius, &weight)),
        Objective::Backup => optimise(&Covering::new(problem, 2, &radius, &weight)),
        Objective::Center => center(problem, p, exclude, start.clone(), deadline),
        Objective::Lscp { share } => lscp(problem, share, exclude, start.clone(), deadline),
    };
    let (value, open) = outcome.best?;
    // the answer is the objective's own value of the set, re-evaluated
    let objective_value = problem.evaluate(objective, &open);
    debug_assert!((objective_value - sign * value).abs() <= 1e-9 * value.abs().max(1.0));
    let bound = sign * outcome.bound;
    // a bound never past the answer (rounding aside)
    let bound = if maximises {
        bound.max(objective_value)
    } else {
        bound.min(objective_value)
    };
    if std::env::var_os("FIRECOVER_EXACT_TRACE").is_some() {
        eprintln!("exact: {} nodes", outcome.nodes);
    }
    Some(Solution {
        open,
        objective: objective_value,
        gap: Some(relative_gap(objective_value, bound)),
        bound: Some(bound),
        solver: "exact",
        hit_time_limit: outcome.hit_time_limit,
    })
}
