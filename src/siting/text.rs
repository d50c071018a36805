//! The siting study's report: one serialisable structure (the JSON) and
//! its terminal rendering.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::compare::signed_pp;
use crate::coverage::StationCoverage;
use crate::report::mmss;

use super::candidates::CandidateReport;
use super::study::{Proposal, SimulatedCheck, SitePlace};
use super::{Objective, Problem};

/// What was simulated, and the scenario as it is.
#[derive(Clone, Debug, Serialize)]
pub struct SimulationBlock {
    /// Seed shared by every run.
    pub seed: u64,
    /// Replications of every run.
    pub replications: u32,
    /// The scenario as it is: share within the standard.
    pub baseline_within_standard: f64,
    /// Its 95 % CI.
    pub baseline_within_standard_ci95: Option<[f64; 2]>,
    /// The scenario as it is: mean response, seconds.
    pub baseline_mean_response_s: f64,
}

/// One proposal in the report.
#[derive(Clone, Debug, Serialize)]
pub struct SolutionReport {
    /// New stations.
    pub count: usize,
    /// 1 = best of its count by the static objective.
    pub rank: usize,
    /// The static objective's value.
    pub objective: f64,
    /// The proven bound, when known.
    pub bound: Option<f64>,
    /// Relative gap to the bound (0 = proven optimal).
    pub gap: Option<f64>,
    /// `milp` or `heuristic`.
    pub solver: &'static str,
    /// Whether the solver stopped at its time limit.
    pub hit_time_limit: bool,
    /// The scenario file written for it.
    pub scenario_file: Option<String>,
    /// Where the new stations go.
    pub new_sites: Vec<SitePlace>,
    /// Removable stations it closes.
    pub closed: Vec<String>,
    /// Removable stations it keeps.
    pub kept: Vec<String>,
    /// The simulated check.
    pub simulated: Option<SimulatedCheck>,
    /// Every station's jurisdiction against its limit.
    pub jurisdictions: Option<Vec<StationCoverage>>,
}

impl SolutionReport {
    /// A proposal's line of the report, before its simulated check and
    /// jurisdictions are known.
    pub fn of(p: &Proposal, new_sites: Vec<SitePlace>, scenario_file: Option<String>) -> Self {
        SolutionReport {
            count: p.count,
            rank: p.rank,
            objective: p.solution.objective,
            bound: p.solution.bound,
            gap: p.solution.gap,
            solver: p.solution.solver,
            hit_time_limit: p.solution.hit_time_limit,
            scenario_file,
            new_sites,
            closed: p.closed.clone(),
            kept: p.kept.clone(),
            simulated: None,
            jurisdictions: None,
        }
    }
}

/// The whole study.
#[derive(Clone, Debug, Serialize)]
pub struct StudyReport {
    /// Scenario name (or the cost matrix file).
    pub scenario: String,
    /// The location model.
    pub objective: Objective,
    /// What the objective's value measures.
    pub objective_unit: String,
    /// Coverage radius (seconds from a scenario).
    pub radius: f64,
    /// Demand places.
    pub demand_places: usize,
    /// Total demand (expected alarms a year from a scenario).
    pub total_demand: f64,
    /// Places with demand no station can ever reach (left out of median
    /// and center).
    pub unservable_places: usize,
    /// How the candidates were found (scenario studies).
    pub candidates: Option<CandidateReport>,
    /// Candidate sites in all.
    pub candidate_count: usize,
    /// Stations that stay.
    pub fixed_stations: Vec<String>,
    /// Stations that may close or move.
    pub removable_stations: Vec<String>,
    /// The new station, in words.
    pub template: Option<String>,
    /// The objective with no new station.
    pub objective_now: f64,
    /// The simulated check's settings and the scenario as it is.
    pub simulation: Option<SimulationBlock>,
    /// Every proposal, by count then rank.
    pub solutions: Vec<SolutionReport>,
    /// Where the static and simulated rankings disagree, in words.
    pub findings: Vec<String>,
}

/// What the objective's value measures, in words.
pub fn objective_unit(objective: Objective, scenario_units: bool) -> String {
    let (demand, cost) = if scenario_units {
        ("expected alarms a year", "the response limit")
    } else {
        ("demand", "the radius")
    };
    match objective {
        Objective::Cover => format!("{demand} reached within {cost}"),
        Objective::Lscp { share } => {
            format!(
                "new sites needed to reach {:.0} % of the {demand} within {cost}",
                share * 100.0
            )
        }
        Objective::Median => {
            if scenario_units {
                "mean first arrival (turnout + travel) over the expected alarms".into()
            } else {
                "demand-weighted total cost (shown as its mean)".into()
            }
        }
        Objective::Center => "worst first-arrival cost over places with demand".into(),
        Objective::Backup => {
            format!("{demand} reached within {cost} at least once, plus at least twice")
        }
    }
}

/// The objective value as a person reads it.
pub fn show_value(objective: Objective, value: f64, problem: &Problem, seconds: bool) -> String {
    if !value.is_finite() {
        return "-".into();
    }
    let total = problem.total_weight();
    let value = value + 0.0; // no "-0.0"
    match objective {
        Objective::Cover => format!("{value:.1} ({:.1} %)", 100.0 * value / total.max(1e-300)),
        Objective::Backup => format!("{value:.1}"),
        Objective::Lscp { .. } => format!("{value:.0}"),
        Objective::Median => {
            let mean = value / total.max(1e-300);
            if seconds {
                format!("mean {}", mmss(mean))
            } else {
                format!("{value:.0} (mean {mean:.2})")
            }
        }
        Objective::Center => {
            if seconds {
                format!("max {}", mmss(value))
            } else {
                format!("{value:.2}")
            }
        }
    }
}

fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn gap_text(s: &SolutionReport) -> String {
    let g = match s.gap {
        Some(0.0) => "optimal".to_string(),
        Some(g) => format!("gap {:.2} %", g * 100.0),
        None => "gap ?".to_string(),
    };
    if s.hit_time_limit {
        format!("{g} (time limit)")
    } else {
        g
    }
}

fn site_text(p: &SitePlace) -> String {
    let mut t = p.id.clone();
    if let Some(z) = &p.township {
        t += &format!(" in {z}");
    }
    if let Some((s, d)) = &p.near_station {
        t += &format!(", {d:.1} km from {s}");
    }
    if p.lon.is_finite() && p.lat.is_finite() {
        t += &format!(" ({:.5}, {:.5})", p.lon, p.lat);
    }
    t
}

/// Renders the study for the terminal.
pub fn render(r: &StudyReport, problem: &Problem, seconds: bool) -> String {
    let mut t = String::new();
    t += &format!("Siting study: {}\n", r.scenario);
    t += &format!("Objective: {} — {}\n", r.objective.name(), r.objective_unit);
    if seconds {
        t += &format!(
            "Static model: first arrival = turnout + road travel with every unit free; response limit {}\n",
            mmss(r.radius)
        );
    } else {
        t += &format!("Radius: {}\n", r.radius);
    }
    match &r.candidates {
        Some(c) => {
            t += &format!(
                "Candidates: {} new sites ({}); {} considered, {} excluded, {} set back, {} thinned, {} off the main network",
                c.kept, c.source, c.considered, c.excluded, c.set_back, c.thinned, c.disconnected
            );
            if !r.removable_stations.is_empty() {
                t += &format!(
                    "; + the current sites of {}",
                    r.removable_stations.join(", ")
                );
            }
            t += "\n";
        }
        None => t += &format!("Candidates: {}\n", r.candidate_count),
    }
    t += &format!(
        "Demand: {} places, {:.1} in all",
        r.demand_places, r.total_demand
    );
    if r.unservable_places > 0 {
        t += &format!("; {} places no station can reach", r.unservable_places);
    }
    t += "\n";
    if !r.fixed_stations.is_empty() {
        t += &format!("Stations that stay: {}\n", r.fixed_stations.join(", "));
    }
    if let Some(tpl) = &r.template {
        t += &format!("New station: {tpl}\n");
    }
    t += "\n";
    let sim = r.simulation.as_ref();
    t += &pad(" new", 6);
    t += &pad("static objective", 20);
    t += &pad("solver", 22);
    if sim.is_some() {
        t += &pad("within std, simulated", 25);
        t += &pad("Δ vs now, pp [95% CI]", 24);
        t += "mean response";
    }
    t = t.trim_end().to_string() + "\n";
    // the scenario as it is
    let mut now = format!(
        "{}{}{}",
        pad("   0", 6),
        pad(
            &show_value(r.objective, r.objective_now, problem, seconds),
            20
        ),
        pad(
            if r.fixed_stations.is_empty() {
                "(no station)"
            } else {
                "(now)"
            },
            22
        )
    );
    if let Some(s) = sim {
        now += &pad(
            &share_ci(s.baseline_within_standard, s.baseline_within_standard_ci95),
            25,
        );
        now += &pad("", 24);
        now += &mmss(s.baseline_mean_response_s);
    }
    t += now.trim_end();
    t += "\n";
    for s in r.solutions.iter().filter(|s| s.rank == 1) {
        t += &solution_line(r, s, problem, seconds);
    }
    let alternatives: Vec<&SolutionReport> = r.solutions.iter().filter(|s| s.rank > 1).collect();
    if let Some(first) = alternatives.first() {
        t += &format!(
            "\nNext-best distinct solutions with {} new station(s), by the static objective:\n",
            first.count
        );
        if let Some(best) = r
            .solutions
            .iter()
            .find(|s| s.rank == 1 && s.count == first.count)
        {
            t += &solution_line(r, best, problem, seconds);
        }
        for s in alternatives {
            t += &solution_line(r, s, problem, seconds);
        }
    }
    if !r.findings.is_empty() {
        t += "\nFindings:\n";
        for f in &r.findings {
            t += &format!("- {f}\n");
        }
    }
    let with_j: Vec<&SolutionReport> = r
        .solutions
        .iter()
        .filter(|s| s.rank == 1 && s.jurisdictions.is_some())
        .collect();
    if !with_j.is_empty() {
        t += "\nJurisdiction check (the standard's area limit, static, 200 m cells):\n";
        for s in with_j {
            let Some(js) = &s.jurisdictions else { continue };
            let parts: Vec<String> = js
                .iter()
                .filter(|j| j.limit_km2.is_some())
                .map(|j| {
                    let verdict = match j.meets_limit {
                        Some(true) => "ok",
                        Some(false) => "OVER",
                        None => "-",
                    };
                    format!(
                        "{} {:.1}/{:.0} km² {verdict}",
                        j.id,
                        j.judged_km2,
                        j.limit_km2.unwrap_or(f64::NAN)
                    )
                })
                .collect();
            let over = js.iter().filter(|j| j.meets_limit == Some(false)).count();
            t += &format!(
                "  {} new: {}{}\n",
                s.count,
                parts.join(", "),
                if over == 0 {
                    " — every station meets its limit".to_string()
                } else {
                    format!(" — {over} over the limit")
                }
            );
        }
    }
    t
}

fn share_ci(share: f64, ci: Option<[f64; 2]>) -> String {
    format!(
        "{:.1} %{}",
        100.0 * share,
        ci.map(|[a, b]| format!(" [{:.1}, {:.1}]", 100.0 * a, 100.0 * b))
            .unwrap_or_default()
    )
}

fn solution_line(r: &StudyReport, s: &SolutionReport, problem: &Problem, seconds: bool) -> String {
    let label = if s.rank == 1 {
        format!("{:>4}", s.count)
    } else {
        format!("  #{}", s.rank)
    };
    let mut line = format!(
        "{}{}{}",
        pad(&label, 6),
        pad(&show_value(r.objective, s.objective, problem, seconds), 20),
        pad(&format!("{} {}", s.solver, gap_text(s)), 22)
    );
    if let Some(sim) = &s.simulated {
        line += &pad(&share_ci(sim.within_standard, sim.within_standard_ci95), 25);
        let d = &sim.within_standard_diff;
        line += &pad(
            &format!(
                "{}{}",
                signed_pp(d.estimate),
                d.ci95
                    .map(|[a, b]| format!(" [{}, {}]", signed_pp(a), signed_pp(b)))
                    .unwrap_or_default()
            ),
            24,
        );
        line += &mmss(sim.mean_response_s);
    }
    let mut out = line.trim_end().to_string() + "\n";
    for p in &s.new_sites {
        out += &format!("        + {}\n", site_text(p));
    }
    for c in &s.closed {
        out += &format!("        - closes or moves {c}\n");
    }
    out
}

/// Sentences on where the static objective and the simulation rank the
/// proposals of one count differently.
/// `paired(a, b)` is proposal `b` − proposal `a` in the share within the
/// standard, paired over replications.
pub fn findings(
    proposals: &[Proposal],
    checks: &[SimulatedCheck],
    paired: &dyn Fn(usize, usize) -> crate::stats::Difference,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut counts: Vec<usize> = proposals.iter().map(|p| p.count).collect();
    counts.dedup();
    for count in counts {
        let group: Vec<usize> = (0..proposals.len())
            .filter(|&k| proposals[k].count == count)
            .collect();
        if group.len() < 2 {
            continue;
        }
        let static_best = group[0];
        let Some(&sim_best) = group.iter().find(|&&k| checks[k].simulated_rank == 1) else {
            continue;
        };
        if sim_best == static_best {
            out.push(format!(
                "With {count} new station(s) the simulation agrees with the static objective: solution #1 is also best within the standard with busy units."
            ));
            continue;
        }
        let d = paired(static_best, sim_best);
        let ci = d
            .ci95
            .map(|[a, b]| format!(" [{}, {}]", signed_pp(a), signed_pp(b)))
            .unwrap_or_default();
        if d.significant {
            out.push(format!(
                "With {count} new station(s) the rankings disagree: the static objective puts solution #1 first, the simulation (busy units, multi-unit dispatch) solution #{}, {} pp within the standard{ci} (paired).",
                proposals[sim_best].rank,
                signed_pp(d.estimate),
            ));
        } else {
            out.push(format!(
                "With {count} new station(s) the simulation puts solution #{} marginally ahead of #1 ({} pp{ci}, paired, not significant): within the noise of these replications the two are alike.",
                proposals[sim_best].rank,
                signed_pp(d.estimate),
            ));
        }
    }
    out
}
