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

use crate::montecarlo::{GroupTally, RunOutput, Summary};
use crate::scenario::Scenario;
use crate::stats::{Difference, difference, ratio_influence};

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

/// Index of each group of interest in a run's tallies.
struct Groups<'a> {
    arm: Arm<'a>,
}

impl Groups<'_> {
    fn index(&self, kind: GroupKind, name: &str) -> Option<usize> {
        let s = self.arm.scenario;
        let layout = self.arm.run.layout;
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

    fn series(&self, g: usize, f: impl Fn(&GroupTally) -> f64) -> Vec<f64> {
        self.arm
            .run
            .tallies
            .iter()
            .map(|t| f(&t.groups[g]))
            .collect()
    }

    fn p90s(&self, g: usize) -> Vec<Option<f64>> {
        self.arm
            .run
            .tallies
            .iter()
            .map(|t| t.groups[g].response_p90_s)
            .collect()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum GroupKind {
    Type,
    Setting,
    Zone,
}

/// A ratio measure's estimate and per-replication influence values.
fn ratio_series(
    groups: &Groups<'_>,
    g: usize,
    num: impl Fn(&GroupTally) -> f64,
    den: impl Fn(&GroupTally) -> f64,
) -> (f64, Vec<Option<f64>>) {
    match ratio_influence(&groups.series(g, num), &groups.series(g, den)) {
        Some((r, u)) => (r, u.into_iter().map(Some).collect()),
        None => (f64::NAN, Vec::new()),
    }
}

fn ratio_difference(
    a: (&Groups<'_>, usize),
    b: (&Groups<'_>, usize),
    paired: bool,
    num: impl Fn(&GroupTally) -> f64 + Copy,
    den: impl Fn(&GroupTally) -> f64 + Copy,
) -> ([f64; 2], Difference) {
    let (ra, ua) = ratio_series(a.0, a.1, num, den);
    let (rb, ub) = ratio_series(b.0, b.1, num, den);
    if ua.is_empty() || ub.is_empty() {
        return ([ra, rb], Difference::undefined(paired));
    }
    ([ra, rb], difference(rb - ra, &ua, &ub, paired))
}

fn group_difference(
    name: &str,
    a: (&Groups<'_>, usize),
    b: (&Groups<'_>, usize),
    paired: bool,
) -> GroupDifference {
    let incidents = {
        let v = a.0.series(a.1, |g| f64::from(g.incidents));
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let (mean_response_s, mean_response_diff_s) = ratio_difference(
        a,
        b,
        paired,
        |g| g.response_sum_s,
        |g| f64::from(g.answered),
    );
    let (within_standard, within_standard_diff) = ratio_difference(
        a,
        b,
        paired,
        |g| f64::from(g.within_standard),
        |g| f64::from(g.incidents),
    );
    let (mean_travel_s, mean_travel_diff_s) = ratio_difference(
        a,
        b,
        paired,
        |g| g.travel_sum_s,
        |g| f64::from(g.travel_count),
    );
    let p90 = |x: (&Groups<'_>, usize)| x.0.arm.run.hist.response(x.1).quantile_s(0.90);
    let p90_response_s = [p90(a), p90(b)];
    let p90_response_diff_s = difference(
        p90_response_s[1] - p90_response_s[0],
        &a.0.p90s(a.1),
        &b.0.p90s(b.1),
        paired,
    );
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

/// Compares `scenario` against `baseline`, paired when the runs allow it.
pub fn compare_pair(baseline: Arm<'_>, scenario: Arm<'_>) -> PairComparison {
    let why = pairing_problem(baseline, scenario);
    compare_pair_as(baseline, scenario, why)
}

/// Compares `scenario` against `baseline` as independent runs (Welch
/// intervals) even where they could be paired: what the comparison would
/// say without common random numbers.
pub fn compare_unpaired(baseline: Arm<'_>, scenario: Arm<'_>) -> PairComparison {
    let why = pairing_problem(baseline, scenario)
        .unwrap_or_else(|| "independent analysis requested".to_string());
    compare_pair_as(baseline, scenario, Some(why))
}

fn compare_pair_as(
    baseline: Arm<'_>,
    scenario: Arm<'_>,
    not_paired_because: Option<String>,
) -> PairComparison {
    let paired = not_paired_because.is_none();
    let a = Groups { arm: baseline };
    let b = Groups { arm: scenario };
    let rows = |kind: GroupKind, names: &[String]| -> Vec<GroupDifference> {
        names
            .iter()
            .filter_map(|name| {
                let ga = a.index(kind, name)?;
                let gb = b.index(kind, name)?;
                Some(group_difference(name, (&a, ga), (&b, gb), paired))
            })
            .collect()
    };
    let type_names: Vec<String> = baseline
        .scenario
        .incident_types
        .iter()
        .map(|t| t.name.clone())
        .collect();
    let overall = group_difference("all", (&a, 0), (&b, 0), paired);
    let by_type = rows(GroupKind::Type, &type_names);
    let by_setting = rows(GroupKind::Setting, &baseline.scenario.demand.settings);
    let by_zone = rows(GroupKind::Zone, &baseline.scenario.demand.zones)
        .into_iter()
        .filter(|z| z.incidents > 0.0)
        .collect::<Vec<_>>();
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
    let (la, lb) = (
        baseline.run.summary.standard.response_limit_s,
        scenario.run.summary.standard.response_limit_s,
    );
    let standard_differs = (la != lb).then(|| {
        format!(
            "the scenario's response limit is {} and the baseline's {}: each share within the standard is against its own limit",
            crate::report::mmss(lb),
            crate::report::mmss(la)
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

/// Compares every arm after the first against the first.
pub fn compare(arms: &[Arm<'_>]) -> Comparison {
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
            .skip(1)
            .map(|arm| compare_pair(arms[0], *arm))
            .collect(),
    }
}
