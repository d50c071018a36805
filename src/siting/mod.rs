//! Where should stations go: location models over candidate sites, solved
//! exactly (a MILP through HiGHS) or by a greedy-and-swap heuristic with a
//! Lagrangian bound, and the scenario study that hands the best solutions
//! to the Monte Carlo engine for a check with busy units.
//!
//! A [`Problem`] is a cost matrix (demand places × candidate sites, in any
//! unit: seconds from the dispatch order when built from a scenario), the
//! expected demand at each place, the costs of the stations that stay where
//! they are, and the coverage radius (the standard's response limit). Every
//! objective is defined once, by [`Problem::evaluate`]; the solvers are
//! checked against it.

pub mod candidates;
pub mod exact;
pub mod heuristic;
pub mod html;
pub mod map;
pub mod matrix;
#[cfg(feature = "highs")]
pub mod milp;
pub mod or_library;
pub mod proposal_file;
pub mod study;
pub mod synthetic;
pub mod text;

pub use crate::scenario::siting_terms::{MILP_AVAILABLE, Objective, SolverChoice, parse_add};
use serde::Serialize;
use thiserror::Error;

/// Why a siting problem cannot be built or solved.
#[derive(Debug, Error)]
pub enum SitingError {
    /// Input that cannot make a problem (sizes, values).
    #[error("{}", .0.render(crate::i18n::Lang::En))]
    Input(crate::i18n::Said),
    /// More new sites asked for than there are candidates.
    #[error("{asked} new sites asked for, but there are only {candidates} candidate sites")]
    TooFewCandidates {
        /// Sites asked for.
        asked: usize,
        /// Candidates available.
        candidates: usize,
    },
    /// No set of candidates can meet the objective's requirement.
    #[error("infeasible: {}", .0.render(crate::i18n::Lang::En))]
    Infeasible(crate::i18n::Said),
    /// The MILP solver failed.
    #[error("the MILP solver failed: {0}")]
    Solver(String),
    /// The MILP was asked for in a build without HiGHS.
    #[error("{}", crate::i18n::Lang::En.t("site-milp-not-built"))]
    MilpNotBuilt,
}

impl SitingError {
    /// Input that cannot make a problem.
    pub fn input(said: impl Into<crate::i18n::Said>) -> SitingError {
        SitingError::Input(said.into())
    }

    /// No set of candidates meets the objective's requirement.
    pub fn infeasible(said: impl Into<crate::i18n::Said>) -> SitingError {
        SitingError::Infeasible(said.into())
    }

    /// The message in `lang`.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        match self {
            SitingError::Input(said) => said.render(lang),
            SitingError::Infeasible(said) => {
                crate::tr!(lang, "site-infeasible", reason = said.render(lang))
            }
            SitingError::TooFewCandidates { asked, candidates } => crate::tr!(
                lang,
                "site-too-few-candidates",
                asked = *asked,
                candidates = *candidates
            ),
            SitingError::Solver(_) => self.to_string(),
            SitingError::MilpNotBuilt => lang.t("site-milp-not-built"),
        }
    }
}

/// A location problem: demand places, candidate sites and their costs.
#[derive(Clone, Debug)]
pub struct Problem {
    /// Demand place labels, indexed `i`.
    pub demand: Vec<String>,
    /// Demand at each place (expected alarms per year from a scenario).
    pub weights: Vec<f64>,
    /// Candidate site labels, indexed `j`.
    pub candidates: Vec<String>,
    /// Cost of candidate `j` to place `i` at `[j * n + i]`; infinite when
    /// the candidate cannot reach the place.
    costs: Vec<f64>,
    /// Cost of each station that stays to place `i` at `[f * n + i]`.
    fixed_costs: Vec<f64>,
    /// Coverage radius, in the unit of the costs: the standard's, shown as
    /// the study's yardstick.
    pub radius: f64,
    /// Each place's own coverage radius ([`Problem::radius_of`]): the
    /// radius, unless [`Problem::set_place_radii`] gave places of other
    /// settings their own limits.
    radii: Vec<f64>,
}

impl Problem {
    /// A problem from a candidate-major cost matrix (`costs[j * n + i]`).
    /// Costs must be non-negative or infinite, weights finite and
    /// non-negative, the radius non-negative.
    pub fn new(
        demand: Vec<String>,
        weights: Vec<f64>,
        candidates: Vec<String>,
        costs: Vec<f64>,
        radius: f64,
    ) -> Result<Problem, SitingError> {
        let n = demand.len();
        if weights.len() != n {
            return Err(SitingError::input(format!(
                "{} weights for {n} demand places",
                weights.len()
            )));
        }
        if costs.len() != n * candidates.len() {
            return Err(SitingError::input(format!(
                "a cost matrix of {} values for {n} places × {} candidates",
                costs.len(),
                candidates.len()
            )));
        }
        if let Some(i) = weights.iter().position(|w| !(w.is_finite() && *w >= 0.0)) {
            return Err(SitingError::input(format!(
                "demand `{}`: weight {} is not a finite number ≥ 0",
                demand[i], weights[i]
            )));
        }
        if let Some(k) = costs.iter().position(|c| c.is_nan() || *c < 0.0) {
            return Err(SitingError::input(format!(
                "cost of candidate `{}` to `{}` is {}, not a number ≥ 0",
                candidates[k / n.max(1)],
                demand[k % n.max(1)],
                costs[k]
            )));
        }
        if !(radius.is_finite() && radius >= 0.0) {
            return Err(SitingError::input(crate::said!(
                "site-bad-radius",
                value = radius
            )));
        }
        Ok(Problem {
            radii: vec![radius; n],
            demand,
            weights,
            candidates,
            costs,
            fixed_costs: Vec::new(),
            radius,
        })
    }

    /// Gives every place its own coverage radius (the limit of its setting,
    /// `[standard.by_setting]`); `n` finite values ≥ 0.
    pub fn set_place_radii(&mut self, radii: Vec<f64>) -> Result<(), SitingError> {
        if radii.len() != self.n() {
            return Err(SitingError::input(format!(
                "{} radii for {} demand places",
                radii.len(),
                self.n()
            )));
        }
        if let Some(i) = radii.iter().position(|r| !(r.is_finite() && *r >= 0.0)) {
            return Err(SitingError::input(format!(
                "demand `{}`: radius {} is not a finite number ≥ 0",
                self.demand[i], radii[i]
            )));
        }
        self.radii = radii;
        Ok(())
    }

    /// The coverage radius of place `i`.
    #[inline]
    pub fn radius_of(&self, i: usize) -> f64 {
        self.radii[i]
    }

    /// Whether the places have radii of their own (some differ from the
    /// radius).
    pub fn has_place_radii(&self) -> bool {
        self.radii.iter().any(|&r| r != self.radius)
    }

    /// Adds a station that stays open: its cost to every place (`n` values).
    pub fn add_fixed(&mut self, costs: &[f64]) -> Result<(), SitingError> {
        if costs.len() != self.demand.len() {
            return Err(SitingError::input(format!(
                "{} fixed-station costs for {} places",
                costs.len(),
                self.demand.len()
            )));
        }
        if costs.iter().any(|c| c.is_nan() || *c < 0.0) {
            return Err(SitingError::input(
                "a fixed station's cost is negative or not a number",
            ));
        }
        self.fixed_costs.extend_from_slice(costs);
        Ok(())
    }

    /// Number of demand places.
    pub fn n(&self) -> usize {
        self.demand.len()
    }

    /// Number of candidate sites.
    pub fn m(&self) -> usize {
        self.candidates.len()
    }

    /// Number of stations that stay.
    pub fn fixed_count(&self) -> usize {
        self.fixed_costs.len() / self.n().max(1)
    }

    /// Cost of candidate `j` to place `i`.
    #[inline]
    pub fn cost(&self, i: usize, j: usize) -> f64 {
        self.costs[j * self.n() + i]
    }

    /// Costs of candidate `j` to every place.
    #[inline]
    pub fn column(&self, j: usize) -> &[f64] {
        let n = self.n();
        &self.costs[j * n..(j + 1) * n]
    }

    /// Costs of fixed station `f` to every place.
    pub fn fixed_column(&self, f: usize) -> &[f64] {
        let n = self.n();
        &self.fixed_costs[f * n..(f + 1) * n]
    }

    /// The best cost of the stations that stay to place `i` (infinite
    /// without any).
    pub fn fixed_best(&self, i: usize) -> f64 {
        (0..self.fixed_count())
            .map(|f| self.fixed_costs[f * self.n() + i])
            .fold(f64::INFINITY, f64::min)
    }

    /// Stations that stay within the radius of place `i`.
    pub fn fixed_within(&self, i: usize) -> usize {
        (0..self.fixed_count())
            .filter(|&f| self.fixed_costs[f * self.n() + i] <= self.radius_of(i))
            .count()
    }

    /// Whether some station (staying or candidate) can reach place `i`.
    pub fn servable(&self, i: usize) -> bool {
        self.fixed_best(i).is_finite() || (0..self.m()).any(|j| self.cost(i, j).is_finite())
    }

    /// Places with demand that no station, staying or candidate, can ever
    /// reach: the median and center objectives leave them out (and say so).
    pub fn unservable(&self) -> Vec<usize> {
        (0..self.n())
            .filter(|&i| self.weights[i] > 0.0 && !self.servable(i))
            .collect()
    }

    /// Places with demand that no station can reach within the radius.
    pub fn uncoverable(&self) -> Vec<usize> {
        (0..self.n())
            .filter(|&i| {
                self.weights[i] > 0.0
                    && self.fixed_within(i) == 0
                    && (0..self.m()).all(|j| self.cost(i, j) > self.radius_of(i))
            })
            .collect()
    }

    /// Total demand.
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// The value of opening the candidates `open` (besides the stations that
    /// stay), by the objective's own definition. Infinite for a minimising
    /// objective the set cannot meet (a servable place left unreached, an
    /// `lscp` share not covered).
    pub fn evaluate(&self, objective: Objective, open: &[usize]) -> f64 {
        let n = self.n();
        let best = |i: usize| -> (f64, f64) {
            // best and second-best cost over staying and open stations
            let mut b = (f64::INFINITY, f64::INFINITY);
            let mut push = |c: f64| {
                if c < b.0 {
                    b = (c, b.0);
                } else if c < b.1 {
                    b.1 = c;
                }
            };
            for f in 0..self.fixed_count() {
                push(self.fixed_costs[f * n + i]);
            }
            for &j in open {
                push(self.cost(i, j));
            }
            b
        };
        let r = |i: usize| self.radius_of(i);
        match objective {
            Objective::Cover => (0..n)
                .filter(|&i| best(i).0 <= r(i))
                .map(|i| self.weights[i])
                .sum(),
            Objective::Backup => (0..n)
                .map(|i| {
                    let (a, b) = best(i);
                    self.weights[i]
                        * (f64::from(u8::from(a <= r(i))) + f64::from(u8::from(b <= r(i))))
                })
                .sum(),
            Objective::Median => {
                let mut total = 0.0;
                for i in 0..n {
                    if self.weights[i] > 0.0 && self.servable(i) {
                        total += self.weights[i] * best(i).0;
                    }
                }
                total
            }
            Objective::Center => (0..n)
                .filter(|&i| self.weights[i] > 0.0 && self.servable(i))
                .map(|i| best(i).0)
                .fold(0.0, f64::max),
            Objective::Lscp { share } => {
                let covered: f64 = (0..n)
                    .filter(|&i| best(i).0 <= r(i))
                    .map(|i| self.weights[i])
                    .sum();
                let positive_uncovered = (0..n).any(|i| self.weights[i] > 0.0 && best(i).0 > r(i));
                let met = if share >= 1.0 {
                    !positive_uncovered
                } else {
                    covered >= share * self.total_weight() * (1.0 - 1e-12)
                };
                if met {
                    open.len() as f64
                } else {
                    f64::INFINITY
                }
            }
        }
    }
}

/// How a solution was found and how good it is known to be.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Solution {
    /// Candidate indices opened, ascending.
    pub open: Vec<usize>,
    /// The objective's value ([`Problem::evaluate`]).
    pub objective: f64,
    /// The best bound proven on the optimum (upper for a maximising
    /// objective, lower for a minimising one); `None` when none is known.
    pub bound: Option<f64>,
    /// Relative gap between the value and the bound (0 = proven optimal).
    pub gap: Option<f64>,
    /// `milp` or `heuristic`.
    pub solver: &'static str,
    /// Whether the solver stopped at its time limit.
    pub hit_time_limit: bool,
}

/// Relative gap between a value and a bound.
pub fn relative_gap(value: f64, bound: f64) -> f64 {
    let d = (value - bound).abs();
    if d <= 1e-9 * value.abs().max(1.0) {
        0.0
    } else {
        d / value.abs().max(1e-9)
    }
}

/// Settings of a solve.
#[derive(Clone, Copy, Debug)]
pub struct SolveOptions {
    /// Which solver.
    pub solver: SolverChoice,
    /// Stop the MILP after this many seconds with the best solution found.
    pub time_limit_s: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            solver: SolverChoice::Auto,
            time_limit_s: 60.0,
        }
    }
}

/// Cost-matrix entries (places × candidates) above which `auto` leaves the
/// exact search for the heuristic: at 50,000 × 5,000 the search's root
/// bound does not settle within a minute (a median gap of 19 % against the
/// heuristic's fraction of a percent), while 900 × 900 and 2,000 × 500
/// prove in seconds.
pub const AUTO_EXACT_ENTRIES: usize = 20_000_000;
/// Nonzeros above which `auto` leaves a covering MILP for the heuristic.
pub const AUTO_MILP_NONZEROS: usize = 4_000_000;
/// The same for the median and center models, whose relaxations are
/// harder: 500 × 2,000 (3 M nonzeros) no longer solves in minutes.
pub const AUTO_MILP_NONZEROS_MEDIAN: usize = 1_000_000;

/// Solves for `p` new sites (ignored by `lscp`), excluding the candidate
/// sets in `exclude` (for the next-best distinct solutions).
pub fn solve(
    problem: &Problem,
    objective: Objective,
    p: usize,
    exclude: &[Vec<usize>],
    options: &SolveOptions,
) -> Result<Solution, SitingError> {
    if objective.takes_count() && p > problem.m() {
        return Err(SitingError::TooFewCandidates {
            asked: p,
            candidates: problem.m(),
        });
    }
    if let Objective::Lscp { share } = objective {
        check_lscp_feasible(problem, share)?;
    }
    if options.solver == SolverChoice::Milp && !MILP_AVAILABLE {
        return Err(SitingError::MilpNotBuilt);
    }
    // the MILP where it is asked for
    #[cfg(feature = "highs")]
    if options.solver == SolverChoice::Milp {
        return solve_milp(problem, objective, p, exclude, options);
    }
    // `auto`: the exact search, started from a quick greedy-and-swap
    // answer (set covering: the greedy count); the full heuristic's answer
    // where no set outside `exclude` is found
    if options.solver == SolverChoice::Auto
        && exact::handles(objective)
        && problem.n().saturating_mul(problem.m()) <= AUTO_EXACT_ENTRIES
    {
        let began = std::time::Instant::now();
        let limit = std::time::Duration::from_secs_f64(options.time_limit_s.clamp(0.0, 1e9));
        // the start may take up to half the time limit on a large instance
        let start = if !exclude.is_empty() {
            None
        } else if objective.takes_count() {
            heuristic::quick_start(problem, objective, p, began + limit / 2).map(|open| {
                let value = problem.evaluate(objective, &open);
                (value, open)
            })
        } else {
            // set covering: the greedy count, which the search lowers
            heuristic::solve(problem, objective, 0)
                .ok()
                .map(|s| (s.objective, s.open))
        };
        let proven = exact::solve(problem, objective, p, exclude, start, began + limit);
        return match proven {
            Some(s) => Ok(s),
            None if exclude.is_empty() => heuristic::solve(problem, objective, p),
            None => heuristic::solve_excluding(problem, objective, p, exclude),
        };
    }
    // the MILP where `auto` finds the model small enough (only in a build
    // with HiGHS); the heuristic otherwise
    #[cfg(feature = "highs")]
    if options.solver == SolverChoice::Auto && auto_takes_milp(problem, objective) {
        return solve_milp(problem, objective, p, exclude, options);
    }
    if !exclude.is_empty() {
        return heuristic::solve_excluding(problem, objective, p, exclude);
    }
    heuristic::solve(problem, objective, p)
}

/// Whether `auto` hands this problem to the MILP: in a build with HiGHS,
/// when the model is small enough for it to prove the optimum in time.
#[cfg(feature = "highs")]
fn auto_takes_milp(problem: &Problem, objective: Objective) -> bool {
    let limit = match objective {
        Objective::Median | Objective::Center => AUTO_MILP_NONZEROS_MEDIAN,
        _ => AUTO_MILP_NONZEROS,
    };
    milp::estimated_nonzeros(problem, objective) <= limit
}

/// The MILP, started from the heuristic's solution when there is nothing
/// to exclude.
#[cfg(feature = "highs")]
fn solve_milp(
    problem: &Problem,
    objective: Objective,
    p: usize,
    exclude: &[Vec<usize>],
    options: &SolveOptions,
) -> Result<Solution, SitingError> {
    let start = if objective.takes_count() && exclude.is_empty() {
        heuristic::solve(problem, objective, p).ok().map(|s| s.open)
    } else {
        None
    };
    match milp::solve(
        problem,
        objective,
        p,
        exclude,
        start.as_deref(),
        options.time_limit_s,
    ) {
        // HiGHS can stop without an answer on valid input (costs of 1e20
        // beside costs of 5: status Unknown); the heuristic answers it,
        // with its own bound and gap, never an internal failure
        Err(SitingError::Solver(_)) if exclude.is_empty() => {
            heuristic::solve(problem, objective, p)
        }
        Err(SitingError::Solver(_)) => heuristic::solve_excluding(problem, objective, p, exclude),
        other => other,
    }
}

/// `lscp` is infeasible when the share cannot be covered even with every
/// candidate open; the message names the places no site reaches.
fn check_lscp_feasible(problem: &Problem, share: f64) -> Result<(), SitingError> {
    let uncoverable = problem.uncoverable();
    let lost: f64 = uncoverable.iter().map(|&i| problem.weights[i]).sum();
    let total = problem.total_weight();
    let short = if share >= 1.0 {
        !uncoverable.is_empty()
    } else {
        total - lost < share * total * (1.0 - 1e-12)
    };
    if !short {
        return Ok(());
    }
    let names: Vec<&str> = uncoverable
        .iter()
        .take(20)
        .map(|&i| problem.demand[i].as_str())
        .collect();
    let more = uncoverable.len().saturating_sub(names.len());
    Err(SitingError::infeasible(crate::said!(
        "site-uncoverable",
        count = uncoverable.len(),
        share = format!("{:.1}", 100.0 * lost / total.max(1e-300)),
        radius = problem.radius,
        own = if problem.has_place_radii() {
            "yes"
        } else {
            "no"
        },
        places = names.join(", "),
        more = more,
        any_more = if more > 0 { "yes" } else { "no" }
    )))
}
