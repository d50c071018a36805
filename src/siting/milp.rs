//! The exact models, solved by HiGHS (branch and cut).
//!
//! One binary `x_j` per candidate. Coverage models use one continuous
//! variable per place that can still gain (`y_i ≤ Σ_{j covers i} x_j`).
//! The median and center models use, per place, its candidates sorted by
//! cost and grouped by equal cost, with a chained variable `z_i^k` = "no
//! open site among the first k groups": `z^k ≥ z^{k-1} − Σ_{group k} x_j`,
//! `z^0 = 1`. The place's cost is then `c_1 + Σ_k (c_{k+1} − c_k) z^k`,
//! where the last step ends at the best staying station. Each chain row has
//! three nonzeros, and the relaxation is at least as tight as the classic
//! assignment model's; groups no cheaper than the staying stations are
//! left out.

use crate::said;
use std::collections::BTreeMap;

use highs::{Col, HighsModelStatus, RowProblem, Sense};

use super::{Objective, Problem, SitingError, Solution, relative_gap};

/// How to compute a helper column's value from a set of open candidates
/// (for handing HiGHS a starting solution).
enum Aux {
    /// 1 when place `i` is covered by an open candidate, else 0.
    Covered(usize),
    /// Open candidates within the radius of `i`, at most `cap`.
    CoverCount(usize, f64),
    /// 1 when no candidate among the first `k` cost groups of `i` is open.
    Chain(usize, f64),
    /// The objective value (the center's T).
    Value,
}

struct Formulation {
    pb: RowProblem,
    x: Vec<Col>,
    aux: Vec<Aux>,
    constant: f64,
    sense: Sense,
}

/// Candidates of place `i` cheaper than its best staying station, grouped
/// by equal cost, ascending: `(cost, members)`; and the cap (the staying
/// station's cost, infinite without one).
fn cost_groups(problem: &Problem, i: usize) -> (Vec<(f64, Vec<usize>)>, f64) {
    let cap = problem.fixed_best(i);
    let mut order: Vec<(f64, usize)> = (0..problem.m())
        .map(|j| (problem.cost(i, j), j))
        .filter(|(c, _)| c.is_finite() && *c < cap)
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut groups: Vec<(f64, Vec<usize>)> = Vec::new();
    for (c, j) in order {
        match groups.last_mut() {
            Some((gc, members)) if *gc == c => members.push(j),
            _ => groups.push((c, vec![j])),
        }
    }
    (groups, cap)
}

/// Candidates that cover place `i`.
fn covering(problem: &Problem, i: usize) -> Vec<usize> {
    (0..problem.m())
        .filter(|&j| problem.cost(i, j) <= problem.radius_of(i))
        .collect()
}

/// Candidates whose covered places are a subset of another's (the lower
/// index kept among equals): some optimal covering solution avoids them
/// all, as long as at least `p` others remain. `rows` are the covering
/// candidates of each place group.
fn dominated<'a>(m: usize, rows: impl Iterator<Item = &'a [usize]>, p: usize) -> Vec<usize> {
    let mut covers: Vec<Vec<u32>> = vec![Vec::new(); m];
    for (g, row) in rows.enumerate() {
        for &j in row {
            covers[j].push(g as u32);
        }
    }
    let subset = |a: &[u32], b: &[u32]| -> bool {
        // both sorted ascending
        let mut k = 0;
        for &x in a {
            while k < b.len() && b[k] < x {
                k += 1;
            }
            if k == b.len() || b[k] != x {
                return false;
            }
        }
        true
    };
    let mut is_out = vec![false; m];
    let mut out = Vec::new();
    for j in 0..m {
        let a = &covers[j];
        let beaten = (0..m).any(|k| {
            k != j
                && !is_out[k]
                && covers[k].len() >= a.len()
                && (covers[k].len() > a.len() || k < j)
                && subset(a, &covers[k])
        });
        if beaten {
            is_out[j] = true;
            out.push(j);
        }
    }
    if m - out.len() < p {
        return Vec::new();
    }
    out
}

/// Rough size of the model, for choosing between the MILP and the
/// heuristic.
pub fn estimated_nonzeros(problem: &Problem, objective: Objective) -> usize {
    let n = problem.n();
    let m = problem.m();
    match objective {
        Objective::Median | Objective::Center => {
            // chains: three nonzeros per (place, cheaper candidate)
            let mut total = 0usize;
            for i in 0..n {
                let cap = problem.fixed_best(i);
                total += (0..m)
                    .filter(|&j| {
                        let c = problem.cost(i, j);
                        c.is_finite() && c < cap
                    })
                    .count()
                    * 3;
            }
            total + m
        }
        _ => {
            let mut total = 0usize;
            for j in 0..m {
                total += problem
                    .column(j)
                    .iter()
                    .enumerate()
                    .filter(|&(i, &c)| c <= problem.radius_of(i))
                    .count();
            }
            total + n + m
        }
    }
}

/// Builds the model; `reduce` allows reductions that keep an optimum but
/// not every solution (dominated candidates), so not when excluding sets.
fn build(problem: &Problem, objective: Objective, p: usize, reduce: bool) -> Formulation {
    let n = problem.n();
    let m = problem.m();
    let mut pb = RowProblem::default();
    let x_cost = if matches!(objective, Objective::Lscp { .. }) {
        1.0
    } else {
        0.0
    };
    let x: Vec<Col> = (0..m)
        .map(|_| pb.add_integer_column(x_cost, 0.0..=1.0))
        .collect();
    let mut aux = Vec::new();
    let mut constant = 0.0;
    let sense = if objective.maximises() {
        Sense::Maximise
    } else {
        Sense::Minimise
    };
    match objective {
        Objective::Cover | Objective::Backup => {
            let need_max = if objective == Objective::Cover { 1 } else { 2 };
            // places with the same covering candidates and need are one row
            let mut groups: BTreeMap<(Vec<usize>, usize), (f64, usize)> = BTreeMap::new();
            for i in 0..n {
                let w = problem.weights[i];
                let have = problem.fixed_within(i).min(need_max);
                constant += w * have as f64;
                let need = need_max - have;
                if w <= 0.0 || need == 0 {
                    continue;
                }
                let cov = covering(problem, i);
                if cov.is_empty() {
                    continue;
                }
                groups.entry((cov, need)).or_insert((0.0, i)).0 += w;
            }
            if reduce && objective == Objective::Cover {
                for j in dominated(m, groups.keys().map(|(cov, _)| cov.as_slice()), p) {
                    pb.change_column_bounds(x[j], 0.0..=0.0);
                }
            }
            for ((cov, need), (w, rep)) in &groups {
                let y = pb.add_column(*w, 0.0..=*need as f64);
                aux.push(Aux::CoverCount(*rep, *need as f64));
                let mut row: Vec<(Col, f64)> = vec![(y, 1.0)];
                row.extend(cov.iter().map(|&j| (x[j], -1.0)));
                pb.add_row(..=0.0, row);
            }
            pb.add_row(p as f64..=p as f64, x.iter().map(|&c| (c, 1.0)));
        }
        Objective::Lscp { share } => {
            if share >= 1.0 {
                for i in 0..n {
                    if problem.weights[i] <= 0.0 || problem.fixed_within(i) > 0 {
                        continue;
                    }
                    let cov = covering(problem, i);
                    pb.add_row(1.0.., cov.iter().map(|&j| (x[j], 1.0)));
                }
            } else {
                let mut already = 0.0;
                let mut share_row: Vec<(Col, f64)> = Vec::new();
                for i in 0..n {
                    let w = problem.weights[i];
                    if w <= 0.0 {
                        continue;
                    }
                    if problem.fixed_within(i) > 0 {
                        already += w;
                        continue;
                    }
                    let cov = covering(problem, i);
                    if cov.is_empty() {
                        continue;
                    }
                    let y = pb.add_column(0.0, 0.0..=1.0);
                    aux.push(Aux::Covered(i));
                    let mut row: Vec<(Col, f64)> = vec![(y, 1.0)];
                    row.extend(cov.iter().map(|&j| (x[j], -1.0)));
                    pb.add_row(..=0.0, row);
                    share_row.push((y, w));
                }
                let target = share * problem.total_weight() * (1.0 - 1e-12) - already;
                if target > 0.0 {
                    pb.add_row(target.., share_row);
                }
            }
        }
        Objective::Median | Objective::Center => {
            let t = (objective == Objective::Center).then(|| {
                aux.push(Aux::Value);
                pb.add_column(1.0, 0.0..)
            });
            for i in 0..n {
                let w = problem.weights[i];
                if w <= 0.0 || !problem.servable(i) {
                    continue;
                }
                let (groups, cap) = cost_groups(problem, i);
                // cost expression: base + Σ step_k z_k
                let mut expr: Vec<(Col, f64)> = Vec::new();
                let base = groups.first().map_or(cap, |g| g.0);
                let mut prev: Option<Col> = None;
                for (k, (c, members)) in groups.iter().enumerate() {
                    let next = groups.get(k + 1).map_or(cap, |g| g.0);
                    let step = next - c;
                    let mut row: Vec<(Col, f64)> = members.iter().map(|&j| (x[j], 1.0)).collect();
                    if step.is_infinite() {
                        // the last group without a staying station: someone must serve
                        let lower = if let Some(z) = prev {
                            row.push((z, -1.0));
                            0.0
                        } else {
                            1.0
                        };
                        pb.add_row(lower.., row);
                        break;
                    }
                    let z = pb.add_column(if t.is_some() { 0.0 } else { w * step }, 0.0..=1.0);
                    aux.push(Aux::Chain(i, *c));
                    row.push((z, 1.0));
                    let lower = if let Some(zp) = prev {
                        row.push((zp, -1.0));
                        0.0
                    } else {
                        1.0
                    };
                    pb.add_row(lower.., row);
                    expr.push((z, step));
                    prev = Some(z);
                }
                match t {
                    None => constant += w * base,
                    Some(t) => {
                        let mut row: Vec<(Col, f64)> = vec![(t, 1.0)];
                        row.extend(expr.iter().map(|&(z, s)| (z, -s)));
                        pb.add_row(base.., row);
                    }
                }
            }
            pb.add_row(p as f64..=p as f64, x.iter().map(|&c| (c, 1.0)));
        }
    }
    Formulation {
        pb,
        x,
        aux,
        constant,
        sense,
    }
}

/// Column values of a complete starting solution for `open`.
fn start_values(
    problem: &Problem,
    objective: Objective,
    f: &Formulation,
    open: &[usize],
) -> Vec<f64> {
    let mut values = vec![0.0; f.x.len()];
    for &j in open {
        values[j] = 1.0;
    }
    for a in &f.aux {
        values.push(match *a {
            Aux::Covered(i) => f64::from(u8::from(
                open.iter()
                    .any(|&j| problem.cost(i, j) <= problem.radius_of(i)),
            )),
            Aux::CoverCount(i, cap) => (open
                .iter()
                .filter(|&&j| problem.cost(i, j) <= problem.radius_of(i))
                .count() as f64)
                .min(cap),
            Aux::Chain(i, c) => f64::from(u8::from(open.iter().all(|&j| problem.cost(i, j) > c))),
            Aux::Value => problem.evaluate(objective, open),
        });
    }
    values
}

/// Solves the exact model with HiGHS. `exclude` lists candidate sets that
/// may not be chosen again; `start`, a feasible set to begin from. The
/// solver stops at `time_limit_s` with its best solution and the gap it
/// proved.
pub fn solve(
    problem: &Problem,
    objective: Objective,
    p: usize,
    exclude: &[Vec<usize>],
    start: Option<&[usize]>,
    time_limit_s: f64,
) -> Result<Solution, SitingError> {
    if objective == Objective::Center && exclude.is_empty() {
        return solve_center(problem, p, start, time_limit_s);
    }
    let mut f = build(problem, objective, p, exclude.is_empty());
    for set in exclude {
        // no-good cut: not all of this set again
        let size = set.len() as f64;
        f.pb.add_row(..=size - 1.0, set.iter().map(|&j| (f.x[j], 1.0)));
    }
    let start_cols = start.map(|open| start_values(problem, objective, &f, open));
    let x = f.x.clone();
    let constant = f.constant;
    let mut model =
        f.pb.try_optimise(f.sense)
            .map_err(|e| SitingError::Solver(format!("the model was refused: {e:?}")))?;
    model.make_quiet();
    model.set_option("time_limit", time_limit_s.max(0.01));
    model.set_option(
        "mip_rel_gap",
        std::env::var("FC_GAP")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(1e-9),
    );
    model.set_option("mip_abs_gap", 1e-9);
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    if let Some(cols) = &start_cols {
        // a refused start only costs time
        let _ = model.try_set_solution(Some(cols), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|e| SitingError::Solver(format!("{e:?}")))?;
    let status = solved.status();
    let hit_time_limit = status == HighsModelStatus::ReachedTimeLimit;
    match status {
        HighsModelStatus::Optimal | HighsModelStatus::ReachedTimeLimit => {}
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Err(SitingError::infeasible(said!(
                "site-model-infeasible",
                count = p,
                model = objective.name()
            )));
        }
        other => {
            return Err(SitingError::Solver(format!(
                "stopped with status {other:?}"
            )));
        }
    }
    let solution = solved.get_solution();
    let cols = solution.columns();
    if cols.len() < x.len() {
        return Err(SitingError::Solver(
            "stopped without a solution (time limit too short?)".into(),
        ));
    }
    let mut open: Vec<usize> = (0..x.len()).filter(|&j| cols[j] > 0.5).collect();
    open.sort_unstable();
    let value = problem.evaluate(objective, &open);
    if !value.is_finite() {
        return Err(SitingError::Solver(
            "stopped before finding a feasible solution (raise the time limit)".into(),
        ));
    }
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map(|b| b + constant);
    // a proven optimum's bound is the value itself (up to HiGHS's tolerance)
    let bound = match (status, bound) {
        (HighsModelStatus::Optimal, Some(b)) if relative_gap(value, b) < 1e-6 => Some(value),
        (_, b) => b,
    };
    Ok(Solution {
        open,
        objective: value,
        gap: bound.map(|b| relative_gap(value, b)),
        bound,
        solver: "milp",
        hit_time_limit,
    })
}

/// The p-center by its radius: the optimum is one of the costs, and a
/// radius is reachable with `p` sites exactly when the set-covering problem
/// at that radius needs at most `p`. A binary search over the costs between
/// the best any place can get and the starting solution's value solves one
/// set-covering MILP per step. Sites left over are placed greedily for the
/// least total first-arrival cost, which cannot raise the worst.
fn solve_center(
    problem: &Problem,
    p: usize,
    start: Option<&[usize]>,
    time_limit_s: f64,
) -> Result<Solution, SitingError> {
    let started = std::time::Instant::now();
    let n = problem.n();
    let m = problem.m();
    let active: Vec<usize> = (0..n)
        .filter(|&i| problem.weights[i] > 0.0 && problem.servable(i))
        .collect();
    let fixed: Vec<f64> = (0..n).map(|i| problem.fixed_best(i)).collect();
    let lower = active
        .iter()
        .map(|&i| (0..m).map(|j| problem.cost(i, j)).fold(fixed[i], f64::min))
        .fold(0.0, f64::max);
    let mut best: Option<(f64, Vec<usize>)> = start.and_then(|s| {
        let v = problem.evaluate(Objective::Center, s);
        v.is_finite().then(|| (v, s.to_vec()))
    });
    let upper = best.as_ref().map_or(f64::INFINITY, |b| b.0);
    let mut radii: Vec<f64> = Vec::new();
    for &i in &active {
        if fixed[i] >= lower && fixed[i] <= upper && fixed[i].is_finite() {
            radii.push(fixed[i]);
        }
        for j in 0..m {
            let c = problem.cost(i, j);
            if c >= lower && c <= upper && c.is_finite() {
                radii.push(c);
            }
        }
    }
    radii.sort_by(f64::total_cmp);
    radii.dedup();
    if radii.is_empty() {
        radii.push(lower);
    }
    // the covering sets at a radius: `Some(sites)` when p suffice
    let hit_time_limit = std::cell::Cell::new(false);
    let feasible = |r: f64| -> Result<Option<Vec<usize>>, SitingError> {
        let left = time_limit_s - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            hit_time_limit.set(true);
            return Ok(None);
        }
        let mut pb = RowProblem::default();
        let x: Vec<Col> = (0..m)
            .map(|_| pb.add_integer_column(1.0, 0.0..=1.0))
            .collect();
        let mut rows: BTreeMap<Vec<usize>, ()> = BTreeMap::new();
        for &i in &active {
            if fixed[i] <= r {
                continue;
            }
            let cov: Vec<usize> = (0..m).filter(|&j| problem.cost(i, j) <= r).collect();
            if cov.is_empty() {
                return Ok(None);
            }
            rows.insert(cov, ());
        }
        for cov in rows.keys() {
            pb.add_row(1.0.., cov.iter().map(|&j| (x[j], 1.0)));
        }
        pb.add_row(..=p as f64, x.iter().map(|&c| (c, 1.0)));
        let mut model = pb
            .try_optimise(Sense::Minimise)
            .map_err(|e| SitingError::Solver(format!("the model was refused: {e:?}")))?;
        model.make_quiet();
        model.set_option("time_limit", left.max(0.01));
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        let solved = model
            .try_solve()
            .map_err(|e| SitingError::Solver(format!("{e:?}")))?;
        match solved.status() {
            HighsModelStatus::Optimal => {}
            HighsModelStatus::Infeasible => return Ok(None),
            HighsModelStatus::ReachedTimeLimit => {
                hit_time_limit.set(true);
                let cols = solved.get_solution().columns().to_vec();
                if cols.len() == m {
                    let open: Vec<usize> = (0..m).filter(|&j| cols[j] > 0.5).collect();
                    if open.len() <= p && problem_covers(problem, &active, &fixed, &open, r) {
                        return Ok(Some(open));
                    }
                }
                return Ok(None);
            }
            other => {
                return Err(SitingError::Solver(format!(
                    "stopped with status {other:?}"
                )));
            }
        }
        let cols = solved.get_solution().columns().to_vec();
        Ok(Some((0..m).filter(|&j| cols[j] > 0.5).collect()))
    };
    let (mut lo, mut hi) = (0usize, radii.len() - 1);
    if best.is_none() {
        match feasible(radii[hi])? {
            Some(open) => best = Some((radii[hi], open)),
            None => {
                return Err(SitingError::infeasible(said!(
                    "site-cannot-reach-all",
                    count = p
                )));
            }
        }
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match feasible(radii[mid])? {
            Some(open) => {
                hi = mid;
                best = Some((radii[mid], open));
            }
            // out of time: radii[lo] stays a proven lower bound
            None if hit_time_limit.get() => break,
            None => lo = mid + 1,
        }
    }
    let Some((_, open)) = best else {
        return Err(SitingError::Solver("no p-center solution".into()));
    };
    let mut open = super::heuristic::fill_for_median(problem, open, p);
    open.sort_unstable();
    let value = problem.evaluate(Objective::Center, &open);
    let bound = radii[lo].min(value);
    Ok(Solution {
        open,
        objective: value,
        bound: Some(bound),
        gap: Some(relative_gap(value, bound)),
        solver: "milp",
        hit_time_limit: hit_time_limit.get(),
    })
}

/// Whether `open` with the staying stations reaches every active place
/// within `r`.
fn problem_covers(
    problem: &Problem,
    active: &[usize],
    fixed: &[f64],
    open: &[usize],
    r: f64,
) -> bool {
    active
        .iter()
        .all(|&i| fixed[i] <= r || open.iter().any(|&j| problem.cost(i, j) <= r))
}
