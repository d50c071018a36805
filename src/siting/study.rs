//! A siting study on a scenario: the location problem built from its road
//! network and demand, the best solution for each count of new stations
//! (and the next-best distinct ones at the largest count), each written as
//! a scenario file that extends the input, and the simulated check of them
//! all with common random numbers.

use geo::{Distance, Haversine, Point};
use rayon::prelude::*;
use serde::Serialize;

use crate::compare::{self, Arm, Comparison};
use crate::coverage::{self, StationCoverage};
use crate::model::Model;
use crate::montecarlo::{PairMoments, PairSpec, RunError, RunOptions, RunOutput};
use crate::scenario::{CandidateSettings, Scenario, SiteTemplate};

use super::candidates::{self, CandidateReport, CandidateSite};
use super::{Objective, Problem, SitingError, Solution, SolveOptions, solve};

pub use super::proposal_file::{new_station_ids, relative_path, scenario_file_name, scenario_toml};

/// Where a study's new-station template came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateSource {
    /// The scenario's `[siting.station]`.
    Table,
    /// A copy of this existing station.
    CopyOf(String),
    /// The `--units` option.
    Units,
}

impl TemplateSource {
    /// In words, in `lang`.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        match self {
            TemplateSource::Table => lang.t("site-template-table"),
            TemplateSource::CopyOf(id) => {
                crate::tr!(lang, "site-template-copy", station = id.as_str())
            }
            TemplateSource::Units => lang.t("site-template-units"),
        }
    }
}

/// A study's settings, the file's `[siting]` merged with the command line.
#[derive(Clone, Debug)]
pub struct StudySpec {
    /// The location model.
    pub objective: Objective,
    /// New stations: `(from, to)` counts, both included.
    pub add: (usize, usize),
    /// Solver settings.
    pub solve: SolveOptions,
    /// Next-best distinct solutions of the largest count.
    pub alternatives: usize,
    /// What a new station is.
    pub template: SiteTemplate,
    /// Where the template came from.
    pub template_source: TemplateSource,
    /// Indices of the stations that may close or move.
    pub removable: Vec<usize>,
    /// Where new stations may go.
    pub candidates: CandidateSettings,
}

/// The location problem of a scenario and what it is made of.
#[derive(Clone, Debug)]
pub struct SiteProblem {
    /// Costs are seconds from the dispatch order to arrival (turnout +
    /// travel); demand is expected alarms per year; the radius is the
    /// standard's response limit.
    pub problem: Problem,
    /// Candidate sites, indexed like the problem's candidates: new sites
    /// first, then the current sites of the removable stations.
    pub sites: Vec<CandidateSite>,
    /// How the new sites were found.
    pub report: CandidateReport,
    /// Indices of the stations that stay.
    pub fixed: Vec<usize>,
}

impl SiteProblem {
    /// Builds the problem: one shortest-path tree per candidate or per
    /// demand node, whichever are fewer.
    pub fn build(
        scenario: &Scenario,
        model: &Model,
        spec: &StudySpec,
    ) -> Result<SiteProblem, SitingError> {
        let (mut sites, report) = candidates::find(scenario, &spec.candidates)?;
        for &s in &spec.removable {
            let st = &scenario.stations[s];
            let n = &scenario.network.nodes()[st.node.index()];
            sites.push(CandidateSite {
                id: st.id.clone(),
                name: st.name.clone(),
                node: st.node,
                lon: n.lon,
                lat: n.lat,
                existing: Some(s),
            });
        }
        if sites.is_empty() {
            return Err(SitingError::input(crate::said!(
                "site-no-candidates",
                source = report.source_text(crate::i18n::Lang::En),
                considered = report.considered,
                excluded = report.excluded,
                set_back = report.set_back,
                disconnected = report.disconnected
            )));
        }
        let points = &scenario.demand.points;
        let n = points.len();
        let turnout: Vec<f64> = sites
            .iter()
            .map(|c| {
                c.existing
                    .map_or(spec.template.turnout_s, |s| scenario.stations[s].turnout_s)
            })
            .collect();
        let network = &scenario.network;
        // distinct demand nodes
        let mut demand_nodes: Vec<u32> = points.iter().map(|p| p.node.0).collect();
        demand_nodes.sort_unstable();
        demand_nodes.dedup();
        let mut costs = vec![f64::INFINITY; sites.len() * n];
        if sites.len() <= demand_nodes.len() {
            let columns: Vec<Vec<f64>> = sites
                .par_iter()
                .map_init(Vec::new, |tree, site| {
                    network.times_from(site.node, tree);
                    points.iter().map(|p| tree[p.node.index()]).collect()
                })
                .collect();
            for (j, col) in columns.into_iter().enumerate() {
                for (i, t) in col.into_iter().enumerate() {
                    costs[j * n + i] = turnout[j] + t;
                }
            }
        } else {
            let rows: Vec<Vec<f64>> = demand_nodes
                .par_iter()
                .map_init(Vec::new, |tree, &node| {
                    network.times_to(crate::ids::NodeId(node), tree);
                    sites.iter().map(|s| tree[s.node.index()]).collect()
                })
                .collect();
            for (i, p) in points.iter().enumerate() {
                let k = demand_nodes.binary_search(&p.node.0).unwrap_or(0);
                for (j, t) in rows[k].iter().enumerate() {
                    costs[j * n + i] = turnout[j] + t;
                }
            }
        }
        let (_, weights) = coverage::point_weights(scenario);
        let labels: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "{} #{i} ({})",
                    scenario.demand.zones[p.zone.index()],
                    network.nodes()[p.node.index()].id
                )
            })
            .collect();
        let mut problem = Problem::new(
            labels,
            weights,
            sites.iter().map(|s| s.id.clone()).collect(),
            costs,
            scenario.standard.response_limit_s(),
        )?;
        let fixed: Vec<usize> = (0..scenario.stations.len())
            .filter(|s| !spec.removable.contains(s))
            .collect();
        // the stations that stay are timed as the candidates are: the
        // network's own speeds and the station's own turnout (the static
        // model; speed windows and shifts are the simulation's)
        let mut tree = Vec::new();
        for &s in &fixed {
            let station = &scenario.stations[s];
            network.times_from(station.node, &mut tree);
            let col: Vec<f64> = points
                .iter()
                .map(|p| station.turnout_s + tree[p.node.index()])
                .collect();
            problem.add_fixed(&col)?;
        }
        // each place is covered by its own setting's limit, as the
        // simulation judges it (the model repeats the places once per speed
        // window; the limits are the same in each)
        problem.set_place_radii(model.point_limit_s[..n].to_vec())?;
        Ok(SiteProblem {
            problem,
            sites,
            report,
            fixed,
        })
    }
}

/// A removable station that the proposal moves: it closes where it is and
/// takes the new site nearest to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    /// The station's id.
    pub station: String,
    /// The candidate index it moves to (one of the proposal's new sites).
    pub to: usize,
    /// Straight-line distance from its current site to the new one, km.
    pub km: f64,
}

/// One proposed set of stations.
#[derive(Clone, Debug, Serialize)]
pub struct Proposal {
    /// New stations it adds: the count asked for. A removable station
    /// that moves takes one of the new sites but is a move, not counted.
    pub count: usize,
    /// 1 for the best solution of its count, 2.. for the next best.
    pub rank: usize,
    /// The solver's answer.
    pub solution: Solution,
    /// Candidate indices where new stations go.
    pub new_sites: Vec<usize>,
    /// Removable stations it closes.
    pub closed: Vec<String>,
    /// Removable stations it keeps.
    pub kept: Vec<String>,
    /// Removable stations it moves to one of `new_sites`; a closed station
    /// with no new site left for it closes for good.
    pub moves: Vec<Move>,
}

/// Pairs each closed removable station (in the order given) with the
/// nearest new site not yet taken: where it moves to.
fn moves_of(
    scenario: &Scenario,
    sp: &SiteProblem,
    closed: &[usize],
    new_sites: &[usize],
) -> Vec<Move> {
    let nodes = scenario.network.nodes();
    let mut taken = vec![false; new_sites.len()];
    let mut moves = Vec::new();
    for &s in closed {
        let station = &scenario.stations[s];
        let n = &nodes[station.node.index()];
        let here = Point::new(n.lon, n.lat);
        let nearest = new_sites
            .iter()
            .enumerate()
            .filter(|(k, _)| !taken[*k])
            .map(|(k, &j)| {
                let site = &sp.sites[j];
                (
                    Haversine.distance(here, Point::new(site.lon, site.lat)),
                    k,
                    j,
                )
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        if let Some((d, k, j)) = nearest {
            taken[k] = true;
            moves.push(Move {
                station: station.id.clone(),
                to: j,
                km: d / 1000.0,
            });
        }
    }
    moves
}

/// Solves for every count in `spec.add` (once for `lscp`), plus
/// `spec.alternatives` next-best distinct solutions at the largest count.
pub fn propose(
    sp: &SiteProblem,
    scenario: &Scenario,
    spec: &StudySpec,
) -> Result<Vec<Proposal>, SitingError> {
    let r = spec.removable.len();
    let to_proposal = |solution: Solution, rank: usize| -> Proposal {
        let new_sites: Vec<usize> = solution
            .open
            .iter()
            .copied()
            .filter(|&j| sp.sites[j].existing.is_none())
            .collect();
        let kept_idx: Vec<usize> = solution
            .open
            .iter()
            .filter_map(|&j| sp.sites[j].existing)
            .collect();
        let closed_idx: Vec<usize> = spec
            .removable
            .iter()
            .copied()
            .filter(|s| !kept_idx.contains(s))
            .collect();
        let moves = moves_of(scenario, sp, &closed_idx, &new_sites);
        Proposal {
            count: new_sites.len() - moves.len(),
            rank,
            new_sites,
            moves,
            closed: spec
                .removable
                .iter()
                .filter(|s| !kept_idx.contains(s))
                .map(|&s| scenario.stations[s].id.clone())
                .collect(),
            kept: kept_idx
                .iter()
                .map(|&s| scenario.stations[s].id.clone())
                .collect(),
            solution,
        }
    };
    let mut out = Vec::new();
    if !spec.objective.takes_count() {
        let s = solve(&sp.problem, spec.objective, 0, &[], &spec.solve)?;
        let mut found = vec![s.open.clone()];
        out.push(to_proposal(s, 1));
        for rank in 2..=spec.alternatives + 1 {
            match solve(&sp.problem, spec.objective, 0, &found, &spec.solve) {
                Ok(s) => {
                    found.push(s.open.clone());
                    out.push(to_proposal(s, rank));
                }
                Err(SitingError::Infeasible(_)) => break,
                Err(e) => return Err(e),
            }
        }
        return Ok(out);
    }
    let (from, to) = spec.add;
    for count in from..=to {
        let p = count + r;
        if p == 0 {
            continue;
        }
        let best = solve(&sp.problem, spec.objective, p, &[], &spec.solve)?;
        let mut found = vec![best.open.clone()];
        out.push(to_proposal(best, 1));
        if count == to {
            for rank in 2..=spec.alternatives + 1 {
                match solve(&sp.problem, spec.objective, p, &found, &spec.solve) {
                    Ok(s) => {
                        found.push(s.open.clone());
                        out.push(to_proposal(s, rank));
                    }
                    Err(SitingError::Infeasible(_)) => break,
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(out)
}

/// Where a new site is, for people: the township of the nearest demand
/// place and the nearest station that stays, with its distance.
#[derive(Clone, Debug, Serialize)]
pub struct SitePlace {
    /// Candidate id.
    pub id: String,
    /// Road node id.
    pub node: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Township (zone) of the nearest demand place.
    pub township: Option<String>,
    /// Nearest station that stays: its name (or id) and the distance in km.
    pub near_station: Option<(String, f64)>,
    /// The removable station that moves here, and how far from its current
    /// site, km (`None`: a new station).
    pub moved_from: Option<(String, f64)>,
}

/// Describes candidate `j` for people.
pub fn describe_site(scenario: &Scenario, sp: &SiteProblem, j: usize) -> SitePlace {
    let site = &sp.sites[j];
    let here = Point::new(site.lon, site.lat);
    let nodes = scenario.network.nodes();
    let township = scenario
        .demand
        .points
        .iter()
        .map(|p| {
            let n = &nodes[p.node.index()];
            (Haversine.distance(here, Point::new(n.lon, n.lat)), p.zone)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, z)| scenario.demand.zones[z.index()].clone());
    let near_station = sp
        .fixed
        .iter()
        .map(|&s| {
            let st = &scenario.stations[s];
            let n = &nodes[st.node.index()];
            (Haversine.distance(here, Point::new(n.lon, n.lat)), st)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(d, st)| (st.name.clone().unwrap_or_else(|| st.id.clone()), d / 1000.0));
    SitePlace {
        id: site.id.clone(),
        node: nodes[site.node.index()].id.clone(),
        lon: site.lon,
        lat: site.lat,
        township,
        near_station,
        moved_from: None,
    }
}

/// A proposal's simulated figures against the scenario as it is.
#[derive(Clone, Debug, Serialize)]
pub struct SimulatedCheck {
    /// Share of alarms whose first unit arrives within the standard.
    pub within_standard: f64,
    /// Its 95 % CI.
    pub within_standard_ci95: Option<[f64; 2]>,
    /// Mean response, seconds.
    pub mean_response_s: f64,
    /// Its 95 % CI.
    pub mean_response_ci95: Option<[f64; 2]>,
    /// Scenario − baseline in the share within the standard (paired).
    pub within_standard_diff: crate::stats::Difference,
    /// Scenario − baseline in mean response, seconds (paired).
    pub mean_response_diff_s: crate::stats::Difference,
    /// Share of alarms that waited for a unit.
    pub queued: f64,
    /// Rank by the simulated share within the standard among the proposals
    /// of the same count (1 = best).
    pub simulated_rank: usize,
}

/// Each station's jurisdiction against its area limit.
#[derive(Clone, Debug, Serialize)]
pub struct JurisdictionCheck {
    /// Per station, as the coverage analysis reports it.
    pub stations: Vec<StationCoverage>,
}

/// The simulated check of a study: the baseline and every proposal run in
/// lockstep with the same seed, each proposal compared with the baseline,
/// and the paired moments of rival proposals.
#[derive(Clone, Debug)]
pub struct Simulation {
    /// The baseline's run, then each proposal's.
    pub runs: Vec<RunOutput>,
    /// Every proposal against the baseline.
    pub comparison: Comparison,
    rivals: Vec<PairMoments>,
}

impl Simulation {
    /// Proposal `b` − proposal `a` in the share within the standard, paired
    /// over replications when the pair was asked for in [`simulate`] (and
    /// common random numbers hold), otherwise as independent runs.
    pub fn rival_difference(
        &self,
        proposals: &[Scenario],
        a: usize,
        b: usize,
    ) -> crate::stats::Difference {
        let pair = self
            .rivals
            .iter()
            .find(|p| p.spec.first == a + 1 && p.spec.second == b + 1);
        let arm = |k: usize| Arm {
            scenario: &proposals[k],
            run: &self.runs[k + 1],
        };
        compare::compare_pair(arm(a), arm(b), pair)
            .overall
            .within_standard_diff
    }
}

/// The pairs of proposals whose difference the findings report: the static
/// best of each count against every other solution of that count.
pub fn rivals(proposals: &[Proposal]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, p) in proposals.iter().enumerate() {
        if p.rank != 1 {
            continue;
        }
        for (b, q) in proposals.iter().enumerate() {
            if b != a && q.count == p.count {
                out.push((a, b));
            }
        }
    }
    out
}

/// Simulates the baseline and every proposal scenario in lockstep with the
/// same seed and replications (common random numbers), compares each with
/// the baseline and pairs the `rivals` (proposal indices) overall. Memory
/// does not grow with replications.
pub fn simulate(
    baseline: &Scenario,
    proposals: &[Scenario],
    rivals: &[(usize, usize)],
    options: &RunOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<Simulation, SitingError> {
    let scenarios: Vec<&Scenario> = std::iter::once(baseline).chain(proposals).collect();
    let models = compile_all(&scenarios)?;
    let arms: Vec<(&Scenario, &Model)> = scenarios.iter().copied().zip(&models).collect();
    let pairs = simulation_pairs(&arms, rivals);
    let lockstep = crate::montecarlo::run_lockstep(
        &arms,
        &pairs,
        options,
        crate::montecarlo::Keep::Summary,
        progress,
    )
    .map_err(|e| match e {
        RunError::TooLarge { .. } => SitingError::input(e.to_string()),
        RunError::Threads { .. } => SitingError::Solver(e.to_string()),
    })?;
    Ok(simulation_of(&arms, lockstep))
}

/// Each scenario's compiled model.
pub fn compile_all(scenarios: &[&Scenario]) -> Result<Vec<Model>, SitingError> {
    scenarios
        .iter()
        .map(|s| Model::compile(s).map_err(|e| SitingError::input(format!("{}: {e}", s.name))))
        .collect()
}

/// What the simulated check accumulates: every proposal against the
/// baseline, then the `rivals` (proposal indices) overall.
pub fn simulation_pairs(arms: &[(&Scenario, &Model)], rivals: &[(usize, usize)]) -> Vec<PairSpec> {
    let mut pairs = compare::baseline_pairs(arms);
    // rivals are compared overall only
    pairs.extend(rivals.iter().map(|&(a, b)| PairSpec {
        first: a + 1,
        second: b + 1,
        groups: vec![(0, 0)],
    }));
    pairs
}

/// The simulated check from a lockstep of the baseline and the proposals
/// with [`simulation_pairs`] (simulated here, or merged from shards).
pub fn simulation_of(
    arms: &[(&Scenario, &Model)],
    lockstep: crate::montecarlo::Lockstep,
) -> Simulation {
    let done = compare::compared_runs(arms, lockstep);
    Simulation {
        runs: done.runs,
        comparison: done.comparison,
        rivals: done.extra,
    }
}

/// The simulated check of each proposal from a comparison whose runs are
/// the baseline then the proposals in order, ranked within each count.
pub fn checks(proposals: &[Proposal], comparison: &Comparison) -> Vec<SimulatedCheck> {
    let mut out: Vec<SimulatedCheck> = proposals
        .iter()
        .enumerate()
        .map(|(k, _)| {
            let run = &comparison.runs[k + 1];
            let pair = &comparison.pairs[k];
            SimulatedCheck {
                within_standard: run.within_standard,
                within_standard_ci95: run.within_standard_ci95,
                mean_response_s: run.response_s.mean,
                mean_response_ci95: run.response_s.ci95,
                within_standard_diff: pair.overall.within_standard_diff,
                mean_response_diff_s: pair.overall.mean_response_diff_s,
                queued: run.queued,
                simulated_rank: 0,
            }
        })
        .collect();
    for (k, p) in proposals.iter().enumerate() {
        let better = proposals
            .iter()
            .enumerate()
            .filter(|(l, q)| {
                q.count == p.count
                    && (out[*l].within_standard > out[k].within_standard
                        || (out[*l].within_standard == out[k].within_standard && *l < k))
            })
            .count();
        out[k].simulated_rank = better + 1;
    }
    out
}

/// The jurisdiction check of a scenario (the standard's area rule).
pub fn jurisdictions(scenario: &Scenario) -> Option<JurisdictionCheck> {
    let model = Model::compile(scenario).ok()?;
    let c = coverage::analyze(scenario, &model, coverage::DEFAULT_CELL_M).ok()?;
    Some(JurisdictionCheck {
        stations: c.report.stations,
    })
}
