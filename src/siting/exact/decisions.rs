//! The p-center and set covering as sequences of covering decisions, each solved by the branch and bound.

use super::*;

/// The p-center by a binary search over the distinct costs (Minieka 1970;
/// Daskin 2013, ch. 5): the least threshold at which `p` sites bring every
/// place with demand within it, each step an exact covering decision. The
/// bound at the time limit is the least threshold not yet refused.
pub(super) fn center(
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
pub(super) fn lscp(
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
