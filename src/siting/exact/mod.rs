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

mod covering;
mod decisions;
mod median;
use covering::*;
use decisions::*;
use median::*;

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
