//! Comparing siting scenarios: every scenario against the first (the
//! baseline), group by group, each difference with a 95 % confidence
//! interval from paired replications.
//!
//! Runs made with the same seed and the same demand model see the same
//! alarms (times, places, types and on-scene times: common random numbers),
//! so replication `i` of one scenario is paired with replication `i` of the
//! other and the spread of the difference comes from the replication-wise
//! differences. When the demand models differ the pairing means nothing; the
//! comparison then says so and treats the runs as independent (Welch).

pub mod text;

use serde::Serialize;

use crate::model::Model;
use crate::montecarlo::{
    self, GroupLayout, GroupMoments, GroupPairMoments, Keep, PairMoments, PairSpec, PairedMeasure,
    RunError, RunOptions, RunOutput, Summary,
};
use crate::scenario::Scenario;
use crate::stats::{Difference, RatioMoments};

pub use text::{letter, render_text, signed_mmss, signed_pp};

/// One scenario of a comparison, after its run.
#[derive(Clone, Copy, Debug)]
pub struct Arm<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its run.
    pub run: &'a RunOutput,
}

/// The differences of one group (all incidents, a type, a zone or a setting).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupDifference {
    /// Group name (`all` for all incidents).
    pub group: String,
    /// Mean incidents per replication in the baseline.
    pub incidents: f64,
    /// Mean response time, seconds: `[baseline, scenario]`.
    pub mean_response_s: [f64; 2],
    /// Scenario − baseline.
    pub mean_response_diff_s: Difference,
    /// 90th-percentile response time, seconds: `[baseline, scenario]`.
    pub p90_response_s: [f64; 2],
    /// Scenario − baseline. The point estimate is the difference of the
    /// pooled percentiles; its spread comes from per-replication p90s.
    pub p90_response_diff_s: Difference,
    /// Share of incidents reached within the standard: `[baseline, scenario]`.
    pub within_standard: [f64; 2],
    /// Scenario − baseline, as a share (0.05 = 5 percentage points).
    pub within_standard_diff: Difference,
    /// Mean travel time of the first arriving local unit, seconds:
    /// `[baseline, scenario]`.
    pub mean_travel_s: [f64; 2],
    /// Scenario − baseline.
    pub mean_travel_diff_s: Difference,
}

/// Time differences smaller than this (seconds) do not matter to a planner:
/// the power note ignores them.
pub const NEGLIGIBLE_S: f64 = 5.0;
/// Differences in the share within the standard smaller than this do not
/// matter to a planner (half a percentage point).
pub const NEGLIGIBLE_SHARE: f64 = 0.005;

/// The difference that is hardest to resolve: of the non-significant ones at
/// least [`NEGLIGIBLE_S`] or [`NEGLIGIBLE_SHARE`] in size, the one that needs
/// the most replications to become significant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PowerNote {
    /// Which group.
    pub group: String,
    /// Which measure (`mean response`, `p90 response`, `within standard`).
    pub measure: String,
    /// The difference.
    pub difference: Difference,
}

/// One scenario against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairComparison {
    /// The scenario's name.
    pub scenario: String,
    /// The baseline's name.
    pub baseline: String,
    /// Differences are paired (common random numbers hold).
    pub paired: bool,
    /// Why not, when not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_paired_because: Option<String>,
    /// Set when the two are judged by different response limits: each
    /// `within_standard` is then against its own scenario's limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard_differs: Option<String>,
    /// All incidents.
    pub overall: GroupDifference,
    /// By incident type.
    pub by_type: Vec<GroupDifference>,
    /// By setting (urban, rural...).
    pub by_setting: Vec<GroupDifference>,
    /// By zone, in the baseline's zone order.
    pub by_zone: Vec<GroupDifference>,
    /// The non-significant difference (of a size that matters) that would
    /// need the most replications; `None` when every such difference is
    /// significant.
    pub least_resolved: Option<PowerNote>,
}

/// A whole comparison: the runs and every scenario against the first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Seed shared by every run.
    pub seed: u64,
    /// Replications of every run.
    pub replications: u32,
    /// Each run's summary, baseline first.
    pub runs: Vec<Summary>,
    /// Every scenario after the first against the first.
    pub pairs: Vec<PairComparison>,
}

/// Why two scenarios' alarms are not the same stream, or `None` when they
/// are (same demand model, incident types and on-scene time laws: with the
/// same seed, replication `i` draws the same alarms in both).
pub fn crn_mismatch(a: &Scenario, b: &Scenario) -> Option<String> {
    let (da, db) = (&a.demand, &b.demand);
    if da.mode != db.mode {
        return Some("the alarm counts or rates differ".into());
    }
    if a.horizon_s() != b.horizon_s() {
        return Some("the simulated time differs".into());
    }
    if da.points.len() != db.points.len()
        || da
            .points
            .iter()
            .zip(&db.points)
            .any(|(p, q)| p.weight != q.weight || p.zone != q.zone || p.setting != q.setting)
    {
        return Some("the demand points or their weights differ".into());
    }
    if da.zones != db.zones || da.settings != db.settings || da.setting_share != db.setting_share {
        return Some("the zones, settings or setting shares differ".into());
    }
    let types_differ = a.incident_types.len() != b.incident_types.len()
        || a.incident_types
            .iter()
            .zip(&b.incident_types)
            .any(|(s, t)| s.name != t.name || s.service != t.service);
    if types_differ {
        return Some("the incident types or their on-scene times differ".into());
    }
    None
}

/// Where each named group sits in one run.
#[derive(Clone, Copy)]
struct Groups<'a> {
    scenario: &'a Scenario,
    layout: GroupLayout,
}

impl<'a> Groups<'a> {
    fn of(arm: Arm<'a>) -> Groups<'a> {
        Groups {
            scenario: arm.scenario,
            layout: arm.run.layout,
        }
    }

    fn of_model(scenario: &'a Scenario, model: &Model) -> Groups<'a> {
        Groups {
            scenario,
            layout: GroupLayout::of(model),
        }
    }

    fn index(&self, kind: GroupKind, name: &str) -> Option<usize> {
        let (s, layout) = (self.scenario, self.layout);
        match kind {
            GroupKind::Type => s
                .incident_types
                .iter()
                .position(|t| t.name == name)
                .map(|t| layout.of_type(t)),
            GroupKind::Setting => s
                .demand
                .settings
                .iter()
                .position(|x| x == name)
                .map(|k| layout.of_setting(k)),
            GroupKind::Zone => s
                .demand
                .zones
                .iter()
                .position(|z| z == name)
                .filter(|&z| z < layout.zones)
                .map(|z| layout.of_zone(z)),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum GroupKind {
    Type,
    Setting,
    Zone,
}

/// The groups a comparison reports, by name in the first run's order: all
/// incidents, then types, settings and zones found in both runs, each as
/// `(name, group in first, group in second)`.
fn matched_groups(a: Groups<'_>, b: Groups<'_>) -> Vec<(GroupKind, String, usize, usize)> {
    let s = a.scenario;
    let types = s.incident_types.iter().map(|t| (GroupKind::Type, &t.name));
    let settings = s.demand.settings.iter().map(|n| (GroupKind::Setting, n));
    let zones = s.demand.zones.iter().map(|n| (GroupKind::Zone, n));
    types
        .chain(settings)
        .chain(zones)
        .filter_map(|(kind, name)| {
            Some((
                kind,
                name.clone(),
                a.index(kind, name)?,
                b.index(kind, name)?,
            ))
        })
        .collect()
}

/// What to accumulate, replication by replication, to compare run `second`
/// (its index, scenario and compiled model) with run `first`: every group
/// the comparison reports.
pub fn pair_spec(
    first: (usize, &Scenario, &Model),
    second: (usize, &Scenario, &Model),
) -> PairSpec {
    let a = Groups::of_model(first.1, first.2);
    let b = Groups::of_model(second.1, second.2);
    let groups = std::iter::once((0, 0))
        .chain(
            matched_groups(a, b)
                .into_iter()
                .map(|(_, _, ga, gb)| (ga, gb)),
        )
        .collect();
    PairSpec {
        first: first.0,
        second: second.0,
        groups,
    }
}

/// A lockstep comparison: every run, every scenario against the first,
/// and the further pairs asked for.
#[derive(Clone, Debug)]
pub struct ComparedRuns {
    /// Per scenario, baseline first.
    pub runs: Vec<RunOutput>,
    /// Every scenario against the baseline.
    pub comparison: Comparison,
    /// The joint moments of the `extra` pairs of [`run_and_compare`], in
    /// their order.
    pub extra: Vec<PairMoments>,
}

/// The pairs of every scenario after the first with the first.
pub fn baseline_pairs(arms: &[(&Scenario, &Model)]) -> Vec<PairSpec> {
    (1..arms.len())
        .map(|k| pair_spec((0, arms[0].0, arms[0].1), (k, arms[k].0, arms[k].1)))
        .collect()
}

/// Runs the baseline and every scenario in lockstep with the same options
/// and compares each with the baseline (paired where common random numbers
/// hold); `extra` pairs (say, two proposals) are accumulated too. Memory
/// does not grow with replications.
pub fn run_and_compare(
    arms: &[(&Scenario, &Model)],
    extra: &[PairSpec],
    options: &RunOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<ComparedRuns, RunError> {
    let mut specs = baseline_pairs(arms);
    specs.extend_from_slice(extra);
    let lockstep = montecarlo::run_lockstep(arms, &specs, options, Keep::Summary, progress)?;
    Ok(compared_runs(arms, lockstep))
}

/// The comparison of a lockstep whose pairs are [`baseline_pairs`]
/// followed by any extra ones.
pub fn compared_runs(
    arms: &[(&Scenario, &Model)],
    mut lockstep: montecarlo::Lockstep,
) -> ComparedRuns {
    let extra = lockstep.pairs.split_off(arms.len().saturating_sub(1));
    let compared: Vec<Arm> = arms
        .iter()
        .zip(&lockstep.runs)
        .map(|(&(scenario, _), run)| Arm { scenario, run })
        .collect();
    let comparison = compare(&compared, &lockstep.pairs);
    ComparedRuns {
        runs: lockstep.runs,
        comparison,
        extra,
    }
}

/// The two sides' pooled values and the unpaired (Welch) difference of a
/// ratio measure, from each run's own moments.
fn welch_ratio(a: &RatioMoments, b: &RatioMoments) -> ([f64; 2], Difference) {
    let r = |m: &RatioMoments| m.estimate().mean;
    let (ra, rb) = (r(a), r(b));
    match (a.influence_variance(), b.influence_variance()) {
        (Some(va), Some(vb)) => (
            [ra, rb],
            Difference::welch(rb - ra, (va, a.count()), (vb, b.count())),
        ),
        _ => ([ra, rb], Difference::undefined(false)),
    }
}

/// One side of a group difference: the run, its scenario and the group.
#[derive(Clone, Copy)]
struct Side<'a> {
    arm: Arm<'a>,
    group: usize,
}

impl Side<'_> {
    fn moments(&self) -> &GroupMoments {
        &self.arm.run.moments.groups[self.group]
    }

    fn p90(&self) -> f64 {
        self.arm.run.hist.response(self.group).quantile_s(0.90)
    }
}

fn group_difference(
    name: &str,
    a: Side<'_>,
    b: Side<'_>,
    paired: Option<&GroupPairMoments>,
) -> GroupDifference {
    let incidents = a.moments().incidents.estimate().mean;
    let incidents = if incidents.is_nan() { 0.0 } else { incidents };
    let ratio = |measure: PairedMeasure| {
        let (ma, mb) = (measure.in_run(a.moments()), measure.in_run(b.moments()));
        match paired {
            Some(p) => p.ratio_difference(measure, ma, mb),
            None => welch_ratio(ma, mb),
        }
    };
    let (mean_response_s, mean_response_diff_s) = ratio(PairedMeasure::MeanResponse);
    let (within_standard, within_standard_diff) = ratio(PairedMeasure::WithinStandard);
    let (mean_travel_s, mean_travel_diff_s) = ratio(PairedMeasure::MeanTravel);
    let p90_response_s = [a.p90(), b.p90()];
    let p90_estimate = p90_response_s[1] - p90_response_s[0];
    let p90_response_diff_s = match paired {
        Some(p) => p.p90_difference(p90_estimate),
        None => {
            let side = |s: &Side<'_>| {
                let m = &s.moments().response_p90;
                (m.influence_variance().unwrap_or(0.0), m.count())
            };
            Difference::welch(p90_estimate, side(&a), side(&b))
        }
    };
    GroupDifference {
        group: name.to_string(),
        incidents,
        mean_response_s,
        mean_response_diff_s,
        p90_response_s,
        p90_response_diff_s,
        within_standard,
        within_standard_diff,
        mean_travel_s,
        mean_travel_diff_s,
    }
}

/// Why two runs cannot be paired replication by replication, or `None`.
pub fn pairing_problem(baseline: Arm<'_>, scenario: Arm<'_>) -> Option<String> {
    crn_mismatch(baseline.scenario, scenario.scenario).or_else(|| {
        let (sa, sb) = (&baseline.run.summary, &scenario.run.summary);
        (sa.seed != sb.seed || sa.replications != sb.replications)
            .then(|| "the runs have different seeds or replication counts".to_string())
    })
}

/// Compares `scenario` against `baseline`, paired when the runs allow it
/// and `pair` holds their joint moments (from [`montecarlo::run_lockstep`]
/// with [`pair_spec`]).
pub fn compare_pair(
    baseline: Arm<'_>,
    scenario: Arm<'_>,
    pair: Option<&PairMoments>,
) -> PairComparison {
    let why = pairing_problem(baseline, scenario).or_else(|| {
        pair.is_none()
            .then(|| "the runs were not made in lockstep".to_string())
    });
    compare_pair_as(
        baseline,
        scenario,
        why.is_none().then_some(pair).flatten(),
        why,
    )
}

/// Compares `scenario` against `baseline` as independent runs (Welch
/// intervals) even where they could be paired: what the comparison would
/// say without common random numbers.
pub fn compare_unpaired(baseline: Arm<'_>, scenario: Arm<'_>) -> PairComparison {
    let why = pairing_problem(baseline, scenario)
        .unwrap_or_else(|| "independent analysis requested".to_string());
    compare_pair_as(baseline, scenario, None, Some(why))
}

fn compare_pair_as(
    baseline: Arm<'_>,
    scenario: Arm<'_>,
    pair: Option<&PairMoments>,
    not_paired_because: Option<String>,
) -> PairComparison {
    let paired = not_paired_because.is_none();
    let row = |name: &str, ga: usize, gb: usize| {
        group_difference(
            name,
            Side {
                arm: baseline,
                group: ga,
            },
            Side {
                arm: scenario,
                group: gb,
            },
            pair.and_then(|p| p.group(ga, gb)),
        )
    };
    let overall = row("all", 0, 0);
    let (mut by_type, mut by_setting, mut by_zone) = (Vec::new(), Vec::new(), Vec::new());
    for (kind, name, ga, gb) in matched_groups(Groups::of(baseline), Groups::of(scenario)) {
        let d = row(&name, ga, gb);
        match kind {
            GroupKind::Type => by_type.push(d),
            GroupKind::Setting => by_setting.push(d),
            GroupKind::Zone if d.incidents > 0.0 => by_zone.push(d),
            GroupKind::Zone => {}
        }
    }
    let least_resolved = std::iter::once(&overall)
        .chain(&by_type)
        .chain(&by_setting)
        .chain(&by_zone)
        .flat_map(|g| {
            [
                ("mean response", g.mean_response_diff_s, NEGLIGIBLE_S),
                ("p90 response", g.p90_response_diff_s, NEGLIGIBLE_S),
                ("within standard", g.within_standard_diff, NEGLIGIBLE_SHARE),
            ]
            .into_iter()
            .filter(|(_, d, negligible)| d.estimate.abs() >= *negligible)
            .map(move |(measure, d, _)| (g, measure, d))
        })
        .filter(|(_, _, d)| !d.significant && d.replications_needed.is_some())
        .max_by_key(|(_, _, d)| d.replications_needed)
        .map(|(g, measure, difference)| PowerNote {
            group: g.group.clone(),
            measure: measure.to_string(),
            difference,
        });
    let (sa, sb) = (
        &baseline.run.summary.standard,
        &scenario.run.summary.standard,
    );
    let differs = sa.response_limit_s != sb.response_limit_s || sa.by_setting != sb.by_setting;
    let standard_differs = differs.then(|| {
        format!(
            "the scenario's response limit is {} and the baseline's {}: each share within the standard is against its own limit",
            crate::report::yardstick(sb),
            crate::report::yardstick(sa)
        )
    });
    PairComparison {
        scenario: scenario.run.summary.scenario.clone(),
        baseline: baseline.run.summary.scenario.clone(),
        paired,
        not_paired_because,
        standard_differs,
        overall,
        by_type,
        by_setting,
        by_zone,
        least_resolved,
    }
}

/// Compares every arm after the first against the first, paired with the
/// entry of `pairs` whose spec joins arm 0 with that arm (see
/// [`run_and_compare`]); Welch intervals for an arm without one.
pub fn compare(arms: &[Arm<'_>], pairs: &[PairMoments]) -> Comparison {
    let (seed, replications) = arms
        .first()
        .map(|a| (a.run.summary.seed, a.run.summary.replications))
        .unwrap_or((0, 0));
    Comparison {
        seed,
        replications,
        runs: arms.iter().map(|a| a.run.summary.clone()).collect(),
        pairs: arms
            .iter()
            .enumerate()
            .skip(1)
            .map(|(k, arm)| {
                let pair = pairs
                    .iter()
                    .find(|p| p.spec.first == 0 && p.spec.second == k);
                compare_pair(arms[0], *arm, pair)
            })
            .collect(),
    }
}
