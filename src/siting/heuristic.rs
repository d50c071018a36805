//! The heuristic for instances too large for the exact model: greedy
//! adding, then Teitz–Bart vertex substitution (best swap of one open site
//! for one closed candidate, until no swap improves), with a Lagrangian
//! bound so that the gap is reported.
//!
//! Every place keeps its two best costs over the open and staying stations,
//! so a candidate's effect is one pass over its column of the cost matrix.
//! Candidates are scored in parallel and the best taken by (value, index):
//! the result does not depend on the thread count.

use crate::said;
use rayon::prelude::*;

use super::{Objective, Problem, SitingError, Solution, relative_gap};

/// Most swap passes before the search stops.
const MAX_SWAP_PASSES: usize = 200;
/// Subgradient iterations of the Lagrangian bound.
const LAGRANGE_ITERATIONS: usize = 300;
/// Subgradient iterations of the covering bound: each costs one pass over
/// the sparse covering lists, so small instances afford up to 1,500 and
/// large ones as many as `COVER_LAGRANGE_WORK` list entries allow, at
/// least 300.
const COVER_LAGRANGE_ITERATIONS: usize = 1_500;
/// List entries the covering bound may visit in all.
const COVER_LAGRANGE_WORK: f64 = 6e9;

/// Per place: the best and second-best cost over a set of stations.
#[derive(Clone)]
struct Best2 {
    first: Vec<f64>,
    second: Vec<f64>,
}

impl Best2 {
    fn of(problem: &Problem, open: &[usize]) -> Best2 {
        let n = problem.n();
        let mut b = Best2 {
            first: vec![f64::INFINITY; n],
            second: vec![f64::INFINITY; n],
        };
        for f in 0..problem.fixed_count() {
            b.insert(problem.fixed_column(f));
        }
        for &j in open {
            b.insert(problem.column(j));
        }
        b
    }

    fn insert(&mut self, column: &[f64]) {
        for ((a, b), &c) in self.first.iter_mut().zip(&mut self.second).zip(column) {
            if c < *a {
                *b = *a;
                *a = c;
            } else if c < *b {
                *b = c;
            }
        }
    }
}

/// The places an objective sums over and, for the covering objectives,
/// the places each candidate covers (a sparse view of the cost matrix:
/// adding a candidate only changes the places it covers).
struct Active {
    places: Vec<usize>,
    covers: Option<Vec<Vec<u32>>>,
}

impl Active {
    fn of(problem: &Problem, objective: Objective) -> Active {
        let needs_service = matches!(objective, Objective::Median | Objective::Center);
        let places: Vec<usize> = (0..problem.n())
            .filter(|&i| problem.weights[i] > 0.0 && (!needs_service || problem.servable(i)))
            .collect();
        let covers = (!needs_service).then(|| {
            (0..problem.m())
                .into_par_iter()
                .map(|j| {
                    let col = problem.column(j);
                    places
                        .iter()
                        .filter(|&&i| col[i] <= problem.radius_of(i))
                        .map(|&i| i as u32)
                        .collect()
                })
                .collect()
        });
        Active { places, covers }
    }
}

/// The covering objectives' value of the stations in `b` alone.
fn cover_base(problem: &Problem, objective: Objective, active: &Active, b: &Best2) -> f64 {
    let w = &problem.weights;
    active
        .places
        .iter()
        .map(|&i| {
            let r = problem.radius_of(i);
            let one = f64::from(u8::from(b.first[i] <= r));
            match objective {
                Objective::Backup => w[i] * (one + f64::from(u8::from(b.second[i] <= r))),
                _ => w[i] * one,
            }
        })
        .sum()
}

/// What adding a candidate covering `list` adds to [`cover_base`].
fn cover_gain(problem: &Problem, objective: Objective, b: &Best2, list: &[u32]) -> f64 {
    let w = &problem.weights;
    list.iter()
        .map(|&i| {
            let i = i as usize;
            let r = problem.radius_of(i);
            if b.first[i] > r {
                // newly covered (and, for backup, not yet twice)
                w[i]
            } else if objective == Objective::Backup && b.second[i] > r {
                w[i]
            } else {
                0.0
            }
        })
        .sum()
}

/// The objective's value if a candidate with costs `column` joins the
/// stations summarised by `b` (as a number to maximise: minimising
/// objectives are negated).
fn score_with(
    problem: &Problem,
    objective: Objective,
    active: &Active,
    b: &Best2,
    j: usize,
) -> f64 {
    if let Some(lists) = &active.covers {
        return cover_base(problem, objective, active, b)
            + cover_gain(problem, objective, b, &lists[j]);
    }
    let column = problem.column(j);
    let r = |i: usize| problem.radius_of(i);
    let w = &problem.weights;
    match objective {
        Objective::Cover | Objective::Lscp { .. } => active
            .places
            .iter()
            .filter(|&&i| b.first[i].min(column[i]) <= r(i))
            .map(|&i| w[i])
            .sum(),
        Objective::Backup => active
            .places
            .iter()
            .map(|&i| {
                let r = r(i);
                let c = column[i];
                let one = b.first[i].min(c) <= r;
                let two = b.first[i].max(c.min(b.second[i])) <= r;
                w[i] * (f64::from(u8::from(one)) + f64::from(u8::from(two)))
            })
            .sum(),
        Objective::Median => -active
            .places
            .iter()
            .map(|&i| w[i] * b.first[i].min(column[i]))
            .sum::<f64>(),
        Objective::Center => -active
            .places
            .iter()
            .map(|&i| b.first[i].min(column[i]))
            .fold(0.0, f64::max),
    }
}

/// The best candidate to add to the stations in `b`, skipping `skip`:
/// `(score, candidate)`, ties to the lowest index.
fn best_addition(
    problem: &Problem,
    objective: Objective,
    active: &Active,
    b: &Best2,
    skip: &[usize],
) -> Option<(f64, usize)> {
    if let Some(lists) = &active.covers {
        let base = cover_base(problem, objective, active, b);
        return (0..problem.m())
            .into_par_iter()
            .filter(|j| !skip.contains(j))
            .map(|j| (base + cover_gain(problem, objective, b, &lists[j]), j))
            .reduce_with(better);
    }
    (0..problem.m())
        .into_par_iter()
        .filter(|j| !skip.contains(j))
        .map(|j| (score_with(problem, objective, active, b, j), j))
        .reduce_with(better)
}

/// The better of two (score, index) pairs: higher score, then lower index.
fn better(a: (f64, usize), b: (f64, usize)) -> (f64, usize) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
        b
    } else {
        a
    }
}

/// Greedy then swaps for `p` new sites; `lscp` adds greedily until the
/// share is covered, then drops sites it no longer needs.
pub fn solve(problem: &Problem, objective: Objective, p: usize) -> Result<Solution, SitingError> {
    let active = Active::of(problem, objective);
    let open = match objective {
        Objective::Lscp { share } => lscp_greedy(problem, objective, &active, share)?,
        _ => {
            let mut open = greedy(problem, objective, &active, p, &[]);
            swap_search(problem, objective, &active, &mut open, &[]);
            perturb_and_search(problem, objective, &active, open)
        }
    };
    finish(problem, objective, open, &[])
}

/// A quick start for the exact search: greedy adding, then best-improvement
/// swaps to a local optimum (no perturbation rounds and no bound, which the
/// exact search does better). Sorted ascending; `None` when no candidate
/// can be added.
///
/// The swap passes stop at `deadline` (a large instance's passes take
/// seconds each; the exact search needs the rest of the time).
pub fn quick_start(
    problem: &Problem,
    objective: Objective,
    p: usize,
    deadline: std::time::Instant,
) -> Option<Vec<usize>> {
    let active = Active::of(problem, objective);
    let mut open = greedy(problem, objective, &active, p, &[]);
    if open.len() < p {
        return None;
    }
    swap_search_until(problem, objective, &active, &mut open, &[], Some(deadline));
    open.sort_unstable();
    Some(open)
}

/// Swap passes (each about p · m · n cost look-ups) the perturbation
/// rounds may spend in all.
const PERTURBATION_WORK: f64 = 4e9;

/// Iterated local search: drop a third of the sites (drawn from a fixed
/// seed), refill greedily, swap to a local optimum, keep it if better.
/// The number of rounds depends only on the instance's size, so the result
/// is deterministic.
fn perturb_and_search(
    problem: &Problem,
    objective: Objective,
    active: &Active,
    mut best: Vec<usize>,
) -> Vec<usize> {
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};
    let p = best.len();
    if p < 2 || problem.m() <= p {
        return best;
    }
    let pass = (p * problem.m() * active.places.len()).max(1) as f64;
    let rounds = (PERTURBATION_WORK / (pass * 4.0)).clamp(2.0, 40.0) as usize;
    let score = |open: &[usize]| {
        let v = problem.evaluate(objective, open);
        if objective.maximises() { v } else { -v }
    };
    let mut best_score = score(&best);
    let mut rng = ChaCha8Rng::seed_from_u64(0x5173);
    let drop = p.div_ceil(3);
    for _ in 0..rounds {
        let mut open = best.clone();
        for _ in 0..drop {
            let k = rng.random_range(0..open.len());
            open.swap_remove(k);
        }
        let removed: Vec<usize> = best.iter().copied().filter(|j| !open.contains(j)).collect();
        // refill without the dropped sites, then let the swaps bring any back
        let mut b = Best2::of(problem, &open);
        while open.len() < p {
            let mut skip = open.clone();
            skip.extend_from_slice(&removed);
            let Some((_, j)) = best_addition(problem, objective, active, &b, &skip) else {
                break;
            };
            open.push(j);
            b.insert(problem.column(j));
        }
        if open.len() < p {
            continue;
        }
        swap_search(problem, objective, active, &mut open, &[]);
        let v = score(&open);
        if v > best_score + 1e-12 * best_score.abs().max(1.0) {
            best_score = v;
            best = open;
        }
    }
    best
}

/// The best solution found by swapping one site of each excluded set, that
/// is not itself excluded: the next-best distinct solutions near the ones
/// already found.
pub fn solve_excluding(
    problem: &Problem,
    objective: Objective,
    p: usize,
    exclude: &[Vec<usize>],
) -> Result<Solution, SitingError> {
    let active = Active::of(problem, objective);
    let mut best: Option<(f64, Vec<usize>)> = None;
    for set in exclude {
        for out in 0..set.len() {
            let rest: Vec<usize> = set.iter().copied().filter(|&j| j != set[out]).collect();
            let b = Best2::of(problem, &rest);
            for j in 0..problem.m() {
                if set.contains(&j) {
                    continue;
                }
                let mut candidate = rest.clone();
                candidate.push(j);
                candidate.sort_unstable();
                if exclude.contains(&candidate) {
                    continue;
                }
                let s = score_with(problem, objective, &active, &b, j);
                if best
                    .as_ref()
                    .is_none_or(|(bs, bo)| s > *bs || (s == *bs && candidate < *bo))
                {
                    best = Some((s, candidate));
                }
            }
        }
    }
    match best {
        Some((_, open)) if open.len() == p => finish(problem, objective, open, exclude),
        _ => Err(SitingError::infeasible(said!("site-no-further-solution"))),
    }
}

/// The solution of `open`, with its bound; the relaxation's own choices
/// replace it where better, unless they are one of the `exclude`d sets
/// (a next-best solution must differ from those found before).
fn finish(
    problem: &Problem,
    objective: Objective,
    mut open: Vec<usize>,
    exclude: &[Vec<usize>],
) -> Result<Solution, SitingError> {
    open.sort_unstable();
    let value = problem.evaluate(objective, &open);
    if !value.is_finite() {
        return Err(SitingError::infeasible(said!(
            "site-cannot-reach-all",
            count = open.len()
        )));
    }
    let (bound, primal) = match objective {
        Objective::Median => {
            let (b, s) = median_lower_bound(problem, open.len(), value);
            (Some(b), s)
        }
        Objective::Cover => {
            let (b, s) = cover_upper_bound(problem, open.len(), value);
            (Some(b), s)
        }
        _ => (None, None),
    };
    let mut value = value;
    // the relaxation's own choices, improved by swaps, may beat the greedy start
    if let Some(mut other) = primal {
        let active = Active::of(problem, objective);
        swap_search(problem, objective, &active, &mut other, &[]);
        other.sort_unstable();
        let v = problem.evaluate(objective, &other);
        let better = if objective.maximises() {
            v > value
        } else {
            v < value
        };
        if v.is_finite() && better && !exclude.contains(&other) {
            value = v;
            open = other;
        }
    }
    Ok(Solution {
        open,
        objective: value,
        gap: bound.map(|b| relative_gap(value, b)),
        bound,
        solver: "heuristic",
        hit_time_limit: false,
    })
}

/// Adds sites to `open` until there are `p`, each the one that lowers the
/// total first-arrival cost most (for the MILP's p-center, which asks
/// for a median-minded fill).
#[cfg(feature = "highs")]
pub(super) fn fill_for_median(problem: &Problem, open: Vec<usize>, p: usize) -> Vec<usize> {
    let active = Active::of(problem, Objective::Median);
    greedy(problem, Objective::Median, &active, p, &open)
}

fn greedy(
    problem: &Problem,
    objective: Objective,
    active: &Active,
    p: usize,
    start: &[usize],
) -> Vec<usize> {
    let mut open = start.to_vec();
    let mut b = Best2::of(problem, &open);
    while open.len() < p {
        let Some((_, j)) = best_addition(problem, objective, active, &b, &open) else {
            break;
        };
        open.push(j);
        b.insert(problem.column(j));
    }
    open
}

/// Best-improvement swaps until none improves.
fn swap_search(
    problem: &Problem,
    objective: Objective,
    active: &Active,
    open: &mut [usize],
    keep: &[usize],
) {
    swap_search_until(problem, objective, active, open, keep, None);
}

/// [`swap_search`], stopping after the pass that ends past `deadline`.
fn swap_search_until(
    problem: &Problem,
    objective: Objective,
    active: &Active,
    open: &mut [usize],
    keep: &[usize],
    deadline: Option<std::time::Instant>,
) {
    if open.is_empty() {
        return;
    }
    let mut current = {
        let b = Best2::of(problem, &open[1..]);
        score_with(problem, objective, active, &b, open[0])
    };
    for _ in 0..MAX_SWAP_PASSES {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            break;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for out in 0..open.len() {
            if keep.contains(&open[out]) {
                continue;
            }
            let rest: Vec<usize> = open
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != out)
                .map(|(_, &j)| j)
                .collect();
            let b = Best2::of(problem, &rest);
            if let Some((s, j)) = best_addition(problem, objective, active, &b, open)
                && best.is_none_or(|(bs, _, _)| s > bs)
            {
                best = Some((s, out, j));
            }
        }
        match best {
            Some((s, out, j)) if s > current + 1e-12 * current.abs().max(1.0) => {
                open[out] = j;
                current = s;
            }
            _ => break,
        }
    }
}

fn lscp_greedy(
    problem: &Problem,
    objective: Objective,
    active: &Active,
    share: f64,
) -> Result<Vec<usize>, SitingError> {
    let met = |open: &[usize]| problem.evaluate(objective, open).is_finite();
    let mut open = Vec::new();
    let mut b = Best2::of(problem, &open);
    while !met(&open) {
        let Some((_, j)) = best_addition(problem, Objective::Cover, active, &b, &open) else {
            return Err(SitingError::infeasible(said!(
                "site-share-uncoverable",
                share = format!("{:.1}", 100.0 * share)
            )));
        };
        if open.contains(&j) || open.len() == problem.m() {
            return Err(SitingError::infeasible(said!(
                "site-share-uncoverable",
                share = format!("{:.1}", 100.0 * share)
            )));
        }
        open.push(j);
        b.insert(problem.column(j));
    }
    // drop sites the others make redundant, latest first
    let mut k = open.len();
    while k > 0 {
        k -= 1;
        let mut without = open.clone();
        without.remove(k);
        if met(&without) {
            open = without;
        }
    }
    Ok(open)
}

/// Lagrangian lower bound of the p-median with the staying stations:
/// relaxing each place's assignment constraint with a multiplier λ_i gives
/// Σ λ_i + Σ_i min(0, w_i f_i − λ_i) + (the p most negative
/// ρ_j = Σ_i min(0, w_i c_ij − λ_i)); subgradient steps (Held–Karp) raise it.
fn median_lower_bound(problem: &Problem, p: usize, upper: f64) -> (f64, Option<Vec<usize>>) {
    let mut upper = upper;
    let mut primal: Option<Vec<usize>> = None;
    let n = problem.n();
    let active: Vec<usize> = (0..n)
        .filter(|&i| problem.weights[i] > 0.0 && problem.servable(i))
        .collect();
    let fixed: Vec<f64> = (0..n).map(|i| problem.fixed_best(i)).collect();
    // start from the weighted cost of the nearest candidate or staying station
    let mut lambda = vec![0.0; n];
    for &i in &active {
        let nearest = (0..problem.m())
            .map(|j| problem.cost(i, j))
            .fold(fixed[i], f64::min);
        lambda[i] = problem.weights[i] * nearest;
    }
    let mut best = f64::NEG_INFINITY;
    let mut mu = 2.0;
    let mut stale = 0;
    for _ in 0..LAGRANGE_ITERATIONS {
        let rho: Vec<f64> = (0..problem.m())
            .into_par_iter()
            .map(|j| {
                let col = problem.column(j);
                active
                    .iter()
                    .map(|&i| (problem.weights[i] * col[i] - lambda[i]).min(0.0))
                    .sum::<f64>()
            })
            .collect();
        let chosen = smallest_p(&rho, p);
        let v = problem.evaluate(Objective::Median, &chosen);
        if v < upper {
            upper = v;
            primal = Some(chosen.clone());
        }
        let mut value: f64 = active.iter().map(|&i| lambda[i]).sum();
        for &i in &active {
            let fc = problem.weights[i] * fixed[i];
            if fc.is_finite() {
                value += (fc - lambda[i]).min(0.0);
            }
        }
        value += chosen.iter().map(|&j| rho[j]).sum::<f64>();
        if best == f64::NEG_INFINITY || value > best + 1e-9 * best.abs().max(1.0) {
            best = value;
            stale = 0;
        } else {
            stale += 1;
            if stale >= 20 {
                mu /= 2.0;
                stale = 0;
            }
        }
        // subgradient: 1 − (assignments place i takes in the relaxation)
        let mut g = vec![0.0; n];
        let mut norm = 0.0;
        for &i in &active {
            let mut taken = 0.0;
            let fc = problem.weights[i] * fixed[i];
            if fc < lambda[i] {
                taken += 1.0;
            }
            for &j in &chosen {
                if problem.weights[i] * problem.cost(i, j) < lambda[i] {
                    taken += 1.0;
                }
            }
            g[i] = 1.0 - taken;
            norm += g[i] * g[i];
        }
        if norm == 0.0 || mu < 1e-6 {
            break;
        }
        let step = mu * (upper - value).max(1e-9 * upper.abs().max(1.0)) / norm;
        for &i in &active {
            lambda[i] += step * g[i];
        }
    }
    (best.min(upper), primal)
}

/// Lagrangian upper bound of the maximal covering problem: relaxing
/// `y_i ≤ Σ_{j covers i} x_j` with u_i ≥ 0 gives Σ_i max(0, w_i − u_i)
/// plus the p largest s_j = Σ_{i covered by j} u_i, plus the demand the
/// staying stations cover (Galvão and ReVelle's relaxation).
fn cover_upper_bound(problem: &Problem, p: usize, lower: f64) -> (f64, Option<Vec<usize>>) {
    let mut lower = lower;
    let mut primal: Option<Vec<usize>> = None;
    let n = problem.n();
    let open_places: Vec<usize> = (0..n)
        .filter(|&i| problem.weights[i] > 0.0 && problem.fixed_within(i) == 0)
        .collect();
    let constant: f64 = (0..n)
        .filter(|&i| problem.fixed_within(i) > 0)
        .map(|i| problem.weights[i])
        .sum();
    // covering lists, candidate-major
    let lists: Vec<Vec<usize>> = (0..problem.m())
        .map(|j| {
            let col = problem.column(j);
            open_places
                .iter()
                .copied()
                .filter(|&i| col[i] <= problem.radius_of(i))
                .collect()
        })
        .collect();
    let mut u = vec![0.0; n];
    let mut best = f64::INFINITY;
    let mut mu = 2.0;
    let mut stale = 0;
    let entries = lists.iter().map(Vec::len).sum::<usize>().max(1) as f64;
    let iterations = ((COVER_LAGRANGE_WORK / entries) as usize)
        .clamp(LAGRANGE_ITERATIONS, COVER_LAGRANGE_ITERATIONS);
    for _ in 0..iterations {
        let s: Vec<f64> = lists
            .iter()
            .map(|l| l.iter().map(|&i| u[i]).sum())
            .collect();
        let neg: Vec<f64> = s.iter().map(|v| -v).collect();
        let chosen = smallest_p(&neg, p);
        let v = problem.evaluate(Objective::Cover, &chosen);
        if v > lower {
            lower = v;
            primal = Some(chosen.clone());
        }
        let mut value = constant;
        for &i in &open_places {
            value += (problem.weights[i] - u[i]).max(0.0);
        }
        value += chosen.iter().map(|&j| s[j]).sum::<f64>();
        if best == f64::INFINITY || value < best - 1e-9 * best.abs().max(1.0) {
            best = value;
            stale = 0;
        } else {
            stale += 1;
            if stale >= 40 {
                mu /= 2.0;
                stale = 0;
            }
        }
        // dL/du_i = (times i is covered by the chosen) − [w_i > u_i]
        let mut g = vec![0.0; n];
        for &j in &chosen {
            for &i in &lists[j] {
                g[i] += 1.0;
            }
        }
        let mut norm = 0.0;
        for &i in &open_places {
            if problem.weights[i] > u[i] {
                g[i] -= 1.0;
            }
            norm += g[i] * g[i];
        }
        if norm == 0.0 || mu < 1e-6 {
            break;
        }
        let step = mu * (value - lower).max(1e-9 * lower.abs().max(1.0)) / norm;
        for &i in &open_places {
            u[i] = (u[i] - step * g[i]).max(0.0);
        }
    }
    (best.max(lower), primal)
}

/// Indices of the `p` smallest values (ties to the lower index).
fn smallest_p(values: &[f64], p: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    idx.truncate(p);
    idx
}
