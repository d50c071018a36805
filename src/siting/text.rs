//! The siting study's report: one serialisable structure (the JSON) and
//! its terminal rendering.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::compare::signed_pp;
use crate::coverage::StationCoverage;
use crate::i18n::Lang;
use crate::report::mmss;
use crate::tr;

use super::candidates::CandidateReport;
use super::study::{Proposal, SimulatedCheck, SitePlace};
use super::{Objective, Problem, relative_gap};

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
    /// Display names of the scenario and its ids in each report language.
    pub labels: crate::labels::Labels,
    /// The location model.
    pub objective: Objective,
    /// What the objective's value measures.
    pub objective_unit: String,
    /// Coverage radius (seconds from a scenario).
    pub radius: f64,
    /// Settings with a limit of their own (`[standard.by_setting]`), which
    /// cover their places instead of the radius: (setting, seconds).
    pub setting_limits_s: Vec<(String, f64)>,
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
    /// Where the static and simulated rankings agree or disagree.
    pub findings: Vec<Finding>,
}

/// How the simulation ranks one count's proposals against the static
/// objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The static best is also the simulated best.
    Agree,
    /// Another proposal is significantly better when simulated. (One
    /// ahead within the noise of the replications is not a finding.)
    Disagree,
}

/// One finding of the study, with its figures and its sentence in the
/// report's language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// New stations of the proposals compared.
    pub count: usize,
    /// Agreement or not.
    pub kind: FindingKind,
    /// Static rank of the simulation's best proposal.
    pub simulated_best_rank: usize,
    /// Its share within the standard minus that of static solution #1,
    /// percentage points, paired (absent when they agree).
    pub difference_pp: Option<f64>,
    /// The 95 % CI of that difference, percentage points.
    pub difference_ci95_pp: Option<[f64; 2]>,
    /// The sentence.
    pub text: String,
}

/// The objective's name in `lang`.
pub fn objective_name(objective: Objective, lang: Lang) -> String {
    match objective {
        Objective::Cover => lang.t("site-objective-cover"),
        Objective::Lscp { .. } => lang.t("site-objective-lscp"),
        Objective::Median => lang.t("site-objective-median"),
        Objective::Center => lang.t("site-objective-center"),
        Objective::Backup => lang.t("site-objective-backup"),
    }
}

/// What the objective's value measures, in words.
pub fn objective_unit(objective: Objective, scenario_units: bool, lang: Lang) -> String {
    let (demand, cost) = if scenario_units {
        (lang.t("site-demand-alarms"), lang.t("site-cost-limit"))
    } else {
        (lang.t("site-demand-plain"), lang.t("site-cost-radius"))
    };
    match objective {
        Objective::Cover => tr!(lang, "site-unit-cover", demand = demand, cost = cost),
        Objective::Lscp { share } => tr!(
            lang,
            "site-unit-lscp",
            share = format!("{:.0}", share * 100.0),
            demand = demand,
            cost = cost
        ),
        Objective::Median => {
            if scenario_units {
                lang.t("site-unit-median-scenario")
            } else {
                lang.t("site-unit-median-matrix")
            }
        }
        Objective::Center => lang.t("site-unit-center"),
        Objective::Backup => tr!(lang, "site-unit-backup", demand = demand, cost = cost),
    }
}

/// The objective value as a person reads it.
pub fn show_value(
    objective: Objective,
    value: f64,
    problem: &Problem,
    seconds: bool,
    lang: Lang,
) -> String {
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
                tr!(lang, "site-value-mean", value = mmss(mean))
            } else {
                tr!(
                    lang,
                    "site-value-total-mean",
                    total = format!("{value:.0}"),
                    mean = format!("{mean:.2}")
                )
            }
        }
        Objective::Center => {
            if seconds {
                tr!(lang, "site-value-max", value = mmss(value))
            } else {
                format!("{value:.2}")
            }
        }
    }
}

/// `s` padded to `width` display columns (a Chinese character takes
/// two), and never less than one space after it: a value wider than its
/// column pushes the rest of the row along instead of running into it.
fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w).max(1)))
}

/// The solver's name in `lang`.
pub fn solver_name(solver: &str, lang: Lang) -> String {
    match solver {
        "milp" => lang.t("site-solver-milp"),
        "exact" => lang.t("site-solver-exact"),
        _ => lang.t("site-solver-heuristic"),
    }
}

/// What a reader must know when an answer is not proven optimal: the
/// heuristic's gap is to its Lagrangian bound, and what would close it.
/// `None` when every answer is proven (gap zero).
pub fn unproven_note(r: &StudyReport, lang: Lang) -> Option<String> {
    let unproven = r
        .solutions
        .iter()
        .any(|s| s.solver != "milp" && s.gap != Some(0.0));
    unproven.then(|| {
        tr!(
            lang,
            "site-unproven",
            milp = if super::MILP_AVAILABLE { "yes" } else { "no" }
        )
    })
}

/// The optimality gap in words: "optimal", "gap 1.20 %", with the time
/// limit when the solver hit it. A next-best solution gives its own
/// distance from the best of its count instead ("0.12 % behind #1", "ties
/// #1"), since it is optimal only among the sets not yet found.
pub fn gap_text(r: &StudyReport, s: &SolutionReport, lang: Lang) -> String {
    let best = r
        .solutions
        .iter()
        .find(|b| b.rank == 1 && b.count == s.count);
    if let Some(best) = best.filter(|_| s.rank > 1) {
        let behind = relative_gap(s.objective, best.objective);
        return if behind == 0.0 {
            lang.t("site-gap-ties-best")
        } else {
            tr!(
                lang,
                "site-gap-behind-best",
                gap = format!("{:.2}", 100.0 * behind)
            )
        };
    }
    let g = match s.gap {
        Some(0.0) => lang.t("site-gap-optimal"),
        Some(g) => tr!(lang, "site-gap", gap = format!("{:.2}", g * 100.0)),
        None => lang.t("site-gap-unknown"),
    };
    if s.hit_time_limit {
        format!("{g} {}", lang.t("site-time-limit"))
    } else {
        g
    }
}

fn site_text(p: &SitePlace, lang: Lang) -> String {
    let mut t = p.id.clone();
    if let Some(z) = &p.township {
        t += &format!(
            " {}",
            tr!(lang, "site-place-township", township = z.as_str())
        );
    }
    if let Some((s, d)) = &p.near_station {
        t += &tr!(
            lang,
            "site-place-near",
            km = format!("{d:.1}"),
            station = s.as_str()
        );
    }
    if p.lon.is_finite() && p.lat.is_finite() {
        t += &format!(" ({:.5}, {:.5})", p.lon, p.lat);
    }
    t
}

/// Renders the study for the terminal.
pub fn render(r: &StudyReport, problem: &Problem, seconds: bool, lang: Lang) -> String {
    let mut t = String::new();
    t += &tr!(
        lang,
        "site-title",
        scenario = r.labels.scenario_name(&r.scenario, lang)
    );
    t += "\n";
    t += &tr!(
        lang,
        "site-objective",
        name = objective_name(r.objective, lang),
        unit = r.objective_unit.as_str()
    );
    t += "\n";
    // what the objective measures against the standard's rule
    t += &tr!(lang, "site-objective-why", objective = r.objective.name());
    t += "\n";
    if seconds {
        let mut limit = mmss(r.radius);
        let own: Vec<String> = r
            .setting_limits_s
            .iter()
            .map(|(setting, s)| format!("{} {}", r.labels.setting(setting, lang), mmss(*s)))
            .collect();
        if !own.is_empty() {
            limit += &tr!(lang, "site-setting-limits", limits = own.join(", "));
        }
        t += &tr!(lang, "site-static-model", limit = limit);
    } else {
        t += &tr!(lang, "site-radius", radius = r.radius.to_string());
    }
    t += "\n";
    match &r.candidates {
        Some(c) => {
            t += &tr!(
                lang,
                "site-candidates",
                kept = c.kept,
                source = c.source_text(lang),
                considered = c.considered,
                excluded = c.excluded,
                set_back = c.set_back,
                thinned = c.thinned,
                disconnected = c.disconnected
            );
            if !r.removable_stations.is_empty() {
                t += &tr!(
                    lang,
                    "site-candidates-removable",
                    stations = r.removable_stations.join(", ")
                );
            }
            t += "\n";
        }
        None => {
            t += &tr!(lang, "site-candidates-count", count = r.candidate_count);
            t += "\n";
        }
    }
    t += &tr!(
        lang,
        "site-demand",
        places = r.demand_places,
        total = format!("{:.1}", r.total_demand)
    );
    if r.unservable_places > 0 {
        t += &tr!(lang, "site-demand-unservable", count = r.unservable_places);
    }
    t += "\n";
    if !r.fixed_stations.is_empty() {
        t += &tr!(lang, "site-stay", stations = r.fixed_stations.join(", "));
        t += "\n";
    }
    if let Some(tpl) = &r.template {
        t += &tr!(lang, "site-new-station", template = tpl.as_str());
        t += "\n";
    }
    t += "\n";
    let sim = r.simulation.as_ref();
    t += &pad(&format!(" {}", lang.t("site-col-new")), 6);
    t += &pad(&lang.t("site-col-objective"), 20);
    t += &pad(&lang.t("site-col-solver"), 22);
    if sim.is_some() {
        t += &pad(&lang.t("site-col-within"), 25);
        t += &pad(&lang.t("site-col-diff"), 24);
        t += &lang.t("site-col-mean");
    }
    t = t.trim_end().to_string() + "\n";
    // the scenario as it is
    let mut now = format!(
        "{}{}{}",
        pad("   0", 6),
        pad(
            &show_value(r.objective, r.objective_now, problem, seconds, lang),
            20
        ),
        pad(
            &if r.fixed_stations.is_empty() {
                lang.t("site-no-station")
            } else {
                lang.t("site-now")
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
        t += &solution_line(r, s, problem, seconds, lang);
    }
    let alternatives: Vec<&SolutionReport> = r.solutions.iter().filter(|s| s.rank > 1).collect();
    if let Some(first) = alternatives.first() {
        t += "\n";
        t += &tr!(lang, "site-alternatives", count = first.count);
        t += "\n";
        if let Some(best) = r
            .solutions
            .iter()
            .find(|s| s.rank == 1 && s.count == first.count)
        {
            t += &solution_line(r, best, problem, seconds, lang);
        }
        for s in alternatives {
            t += &solution_line(r, s, problem, seconds, lang);
        }
    }
    if let Some(note) = unproven_note(r, lang) {
        t += &format!("\n{note}\n");
    }
    if !r.findings.is_empty() {
        t += &format!("\n{}\n", lang.t("site-findings"));
        for f in &r.findings {
            t += &format!("- {}\n", f.text);
        }
    }
    let with_j: Vec<&SolutionReport> = r
        .solutions
        .iter()
        .filter(|s| s.rank == 1 && s.jurisdictions.is_some())
        .collect();
    if !with_j.is_empty() {
        t += &format!("\n{}\n", lang.t("site-jurisdiction-title"));
        // after the first line, a station is listed only where its figure
        // differs from the line before: the rest are as above
        let mut before: Option<&Vec<StationCoverage>> = None;
        for s in with_j {
            let Some(js) = &s.jurisdictions else { continue };
            let same_as_before = |j: &StationCoverage| {
                before.is_some_and(|b| {
                    b.iter().any(|o| {
                        o.id == j.id
                            && format!("{:.1}", o.judged_km2) == format!("{:.1}", j.judged_km2)
                            && o.meets_limit == j.meets_limit
                    })
                })
            };
            let listed: Vec<&StationCoverage> = js
                .iter()
                .filter(|j| j.limit_km2.is_some() && !same_as_before(j))
                .collect();
            let unchanged = js.iter().filter(|j| j.limit_km2.is_some()).count() - listed.len();
            before = Some(js);
            let mut parts: Vec<String> = listed
                .into_iter()
                .map(|j| {
                    let verdict = match j.meets_limit {
                        Some(true) => lang.t("site-jurisdiction-ok"),
                        Some(false) => lang.t("site-jurisdiction-over"),
                        None => "-".into(),
                    };
                    format!(
                        "{} {:.1}/{:.0} km² {verdict}",
                        j.id,
                        j.judged_km2,
                        j.limit_km2.unwrap_or(f64::NAN)
                    )
                })
                .collect();
            if unchanged > 0 {
                parts.push(tr!(lang, "site-jurisdiction-as-above", count = unchanged));
            }
            let over = js.iter().filter(|j| j.meets_limit == Some(false)).count();
            let tail = if over == 0 {
                lang.t("site-jurisdiction-all-meet")
            } else {
                tr!(lang, "site-jurisdiction-some-over", count = over)
            };
            t += &format!(
                "  {} — {tail}\n",
                tr!(
                    lang,
                    "site-jurisdiction-line",
                    count = s.count,
                    stations = parts.join(", ")
                )
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

fn solution_line(
    r: &StudyReport,
    s: &SolutionReport,
    problem: &Problem,
    seconds: bool,
    lang: Lang,
) -> String {
    let label = if s.rank == 1 {
        format!("{:>4}", s.count)
    } else {
        format!("  #{}", s.rank)
    };
    let mut line = format!(
        "{}{}{}",
        pad(&label, 6),
        pad(
            &show_value(r.objective, s.objective, problem, seconds, lang),
            20
        ),
        pad(
            &format!("{} {}", solver_name(s.solver, lang), gap_text(r, s, lang)),
            22
        )
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
        match &p.moved_from {
            Some((station, km)) => {
                out += &format!(
                    "        → {}\n",
                    tr!(
                        lang,
                        "site-moves",
                        station = station.as_str(),
                        km = format!("{km:.1}"),
                        site = site_text(p, lang)
                    )
                );
            }
            None => out += &format!("        + {}\n", site_text(p, lang)),
        }
    }
    for c in &s.closed {
        if s.new_sites
            .iter()
            .any(|p| p.moved_from.as_ref().is_some_and(|m| &m.0 == c))
        {
            continue;
        }
        out += &format!(
            "        - {}\n",
            tr!(lang, "site-closes", station = c.as_str())
        );
    }
    out
}

/// Where the static objective and the simulation rank the proposals of
/// one count alike or differently, in `lang`.
/// `paired(a, b)` is proposal `b` − proposal `a` in the share within the
/// standard, paired over replications.
pub fn findings(
    proposals: &[Proposal],
    checks: &[SimulatedCheck],
    paired: &dyn Fn(usize, usize) -> crate::stats::Difference,
    lang: Lang,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut counts: Vec<usize> = proposals.iter().map(|p| p.count).collect();
    // each count's finding once, whatever the order of the proposals
    counts.sort_unstable();
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
        let rank = proposals[sim_best].rank;
        if sim_best == static_best {
            out.push(Finding {
                count,
                kind: FindingKind::Agree,
                simulated_best_rank: rank,
                difference_pp: None,
                difference_ci95_pp: None,
                text: tr!(lang, "site-finding-agree", count = count),
            });
            continue;
        }
        let d = paired(static_best, sim_best);
        let ci = d
            .ci95
            .map(|[a, b]| format!(" [{}, {}]", signed_pp(a), signed_pp(b)))
            .unwrap_or_default();
        // a difference the paired interval cannot tell from none, or whose
        // interval as printed (0.1 pp) reaches zero, is not a finding: the
        // rankings agree within the noise
        let clear_of_zero = d
            .ci95
            .is_some_and(|[a, b]| a.abs().min(b.abs()) >= 0.0005 && a.signum() == b.signum());
        if !d.significant || !clear_of_zero {
            continue;
        }
        let (kind, id) = (FindingKind::Disagree, "site-finding-disagree");
        let mut args = crate::i18n::Args::new();
        args.set("count", crate::i18n::arg(count));
        args.set("rank", crate::i18n::arg(rank));
        args.set("diff", crate::i18n::arg(signed_pp(d.estimate)));
        args.set("ci", crate::i18n::arg(ci));
        let text = lang.format(id, &args);
        out.push(Finding {
            count,
            kind,
            simulated_best_rank: rank,
            difference_pp: Some(100.0 * d.estimate),
            difference_ci95_pp: d.ci95.map(|[a, b]| [100.0 * a, 100.0 * b]),
            text,
        });
    }
    out
}
