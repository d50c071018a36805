//! The merged result of a run: the structure behind the JSON report (its
//! keys are documented in README.md and must stay stable).

use std::collections::BTreeMap;

use serde::Serialize;

use super::RunOptions;
use super::moments::{GroupMoments, RunMoments};
use super::tally::{GroupLayout, Histograms};
use crate::scenario::{Scenario, WhenAllBusy};
use crate::stats::{DurationHistogram, Estimate, RatioMoments, share_estimate};

/// Response-time statistics, seconds: alarm → first arrival.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseBlock {
    /// Mean over answered incidents, pooled over replications.
    pub mean: f64,
    /// 95 % CI of the mean across replications.
    pub ci95: Option<[f64; 2]>,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95 % CI of the 90th percentile: centred on it, as wide as the spread
    /// of the replications' own 90th percentiles gives (sectioning).
    pub p90_ci95: Option<[f64; 2]>,
    /// 95th percentile.
    pub p95: f64,
}

/// Travel time of the first arriving unit, seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TravelBlock {
    /// Mean.
    pub mean: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The standard the run is judged by.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StandardBlock {
    /// Turnout allowance, seconds.
    pub turnout_s: f64,
    /// Travel allowance, seconds.
    pub travel_s: f64,
    /// Their sum: the response limit.
    pub response_limit_s: f64,
    /// Settings judged by a limit of their own, seconds (absent when none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_setting: BTreeMap<String, f64>,
}

/// Results for one incident type or zone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupBlock {
    /// Mean incidents per replication.
    pub incidents: f64,
    /// Mean unreachable incidents per replication.
    pub unreachable: f64,
    /// Response time.
    pub response_s: ResponseBlock,
    /// Share of incidents (unreachable ones count as misses) whose first unit
    /// arrived within the response limit.
    pub within_standard: f64,
    /// Its 95 % CI.
    pub within_standard_ci95: Option<[f64; 2]>,
    /// Share of answered incidents that waited for a unit.
    pub queued: f64,
}

/// One unit's workload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitBlock {
    /// Unit id, `<station>/<kind>-<n>`.
    pub id: String,
    /// Station id.
    pub station: String,
    /// Unit kind.
    pub kind: String,
    /// Mean dispatches per replication.
    pub dispatches: f64,
    /// Share of simulated time busy (dispatch to back at station).
    pub utilization: f64,
    /// Its 95 % CI.
    pub utilization_ci95: Option<[f64; 2]>,
}

/// The alarm records a records-mode run replayed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordsUsed {
    /// The file, as the scenario names it.
    pub file: String,
    /// Rows used: every row of the file (a bad row stops the run).
    pub rows: usize,
    /// First and last calendar year.
    pub years: [i32; 2],
    /// Rows whose on-scene time the file gives (the rest are drawn).
    pub rows_with_on_scene_time: usize,
    /// Each replication drew its years with replacement.
    pub bootstrap_years: bool,
    /// Each replication moved every record to a road node within this
    /// many metres (0: none).
    pub jitter_m: f64,
}

/// A whole run, merged over replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Display names of the scenario and its ids in each report language.
    pub labels: crate::labels::Labels,
    /// Seed.
    pub seed: u64,
    /// Replications.
    pub replications: u32,
    /// Simulated years per replication.
    pub simulated_years: f64,
    /// `queue` or `mutual_aid`.
    pub when_all_busy: String,
    /// Seconds from alarm to the arrival of outside help (mutual aid only).
    pub mutual_aid_delay_s: Option<f64>,
    /// The road network's own note (e.g. that it is schematic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_note: Option<String>,
    /// The alarm records replayed, in records mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordsUsed>,
    /// The standard.
    pub standard: StandardBlock,
    /// Mean incidents per replication.
    pub incidents: f64,
    /// Mean unreachable incidents per replication.
    pub unreachable: f64,
    /// Response time.
    pub response_s: ResponseBlock,
    /// Travel of the first arriving local unit.
    pub travel_s: TravelBlock,
    /// Alarm → arrival of the last unit the rule asks for, over alarms where
    /// all of them came.
    pub full_complement_s: Estimate,
    /// Share of answered alarms where some requested unit never came (none
    /// could reach the place, or the incident was over first).
    pub short_of_units: f64,
    /// Its 95 % CI.
    pub short_of_units_ci95: Option<[f64; 2]>,
    /// Share of incidents reached within the response limit.
    pub within_standard: f64,
    /// Its 95 % CI.
    pub within_standard_ci95: Option<[f64; 2]>,
    /// Share of answered incidents that waited for a unit.
    pub queued: f64,
    /// Its 95 % CI.
    pub queued_ci95: Option<[f64; 2]>,
    /// Wait before the first dispatch, over answered incidents.
    pub queue_wait_s: Estimate,
    /// Share of answered incidents helped by mutual aid.
    pub mutual_aid: f64,
    /// Its 95 % CI.
    pub mutual_aid_ci95: Option<[f64; 2]>,
    /// By incident type.
    pub by_type: BTreeMap<String, GroupBlock>,
    /// By zone.
    pub by_zone: BTreeMap<String, GroupBlock>,
    /// By setting (urban, rural...); empty when the scenario has none.
    pub by_setting: BTreeMap<String, GroupBlock>,
    /// By hour of the day of the alarm (`"00"` = 00:00–01:00), when the
    /// scenario varies by time of day.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_hour: BTreeMap<String, GroupBlock>,
    /// Replay mode: mean alarms per replication by year and type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_year: Option<BTreeMap<String, BTreeMap<String, f64>>>,
    /// Per unit.
    pub units: Vec<UnitBlock>,
    /// The static coverage analysis (`run --json` adds it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<crate::coverage::CoverageReport>,
}

/// A pooled quantile's interval: centred on `pooled`, with the half-width
/// of the replications' own quantiles' mean.
fn sectioning_ci(pooled: f64, per_replication: &RatioMoments) -> Option<[f64; 2]> {
    let [lo, hi] = per_replication.estimate().ci95?;
    let half = 0.5 * (hi - lo);
    pooled.is_finite().then_some([pooled - half, pooled + half])
}

/// A duration's interval kept at or above zero: a time is never negative,
/// though a normal interval over very few replications can reach below.
fn duration_ci(ci: Option<[f64; 2]>) -> Option<[f64; 2]> {
    ci.map(|[lo, hi]| [lo.max(0.0), hi])
}

/// A duration's estimate with its interval kept at or above zero.
fn duration(e: Estimate) -> Estimate {
    Estimate {
        ci95: duration_ci(e.ci95),
        ..e
    }
}

fn response_block(m: &GroupMoments, hist: &DurationHistogram) -> ResponseBlock {
    let e = m.response.estimate();
    let p90 = hist.quantile_s(0.90);
    ResponseBlock {
        mean: e.mean,
        ci95: duration_ci(e.ci95),
        p50: hist.quantile_s(0.50),
        p90,
        p90_ci95: duration_ci(sectioning_ci(p90, &m.response_p90)),
        p95: hist.quantile_s(0.95),
    }
}

/// A share (of alarms, of time) with its interval kept inside [0, 1].
fn share(m: &RatioMoments) -> Estimate {
    share_estimate(m.estimate(), m.count() as usize)
}

fn group_block(m: &GroupMoments, hist: &DurationHistogram) -> GroupBlock {
    let within = share(&m.within);
    GroupBlock {
        incidents: m.incidents.estimate().mean,
        unreachable: m.unreachable.estimate().mean,
        response_s: response_block(m, hist),
        within_standard: within.mean,
        within_standard_ci95: within.ci95,
        queued: m.queued.estimate().mean,
    }
}

impl Summary {
    /// The scenario's name in `lang` (its label, else the name as given).
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        self.labels.scenario_name(&self.scenario, lang)
    }

    /// Builds the summary from a run's accumulated moments and pooled
    /// histograms.
    pub fn build(
        scenario: &Scenario,
        options: &RunOptions,
        layout: GroupLayout,
        moments: &RunMoments,
        hist: &Histograms,
    ) -> Summary {
        let all = &moments.groups[0];
        let within = share(&all.within);
        let queued = share(&all.queued);
        let short = share(&all.short_of_units);
        let mutual_aid = share(&all.mutual_aid);
        // one block per named group; `group_of(k)` is the k-th name's group
        let blocks = |names: &mut dyn Iterator<Item = &String>,
                      group_of: &dyn Fn(usize) -> usize|
         -> BTreeMap<String, GroupBlock> {
            names
                .enumerate()
                .map(|(k, name)| {
                    let g = group_of(k);
                    (
                        name.clone(),
                        group_block(&moments.groups[g], hist.response(g)),
                    )
                })
                .collect()
        };
        let by_type = blocks(&mut scenario.incident_types.iter().map(|t| &t.name), &|t| {
            layout.of_type(t)
        });
        let by_zone = blocks(&mut scenario.demand.zones.iter(), &|z| layout.of_zone(z));
        let by_setting = blocks(&mut scenario.demand.settings.iter(), &|k| {
            layout.of_setting(k)
        });
        let hour_names: Vec<String> = (0..layout.hours).map(|h| format!("{h:02}")).collect();
        let by_hour = blocks(&mut hour_names.iter(), &|h| layout.of_hour(h));
        let by_year = scenario.demand.mode.years().map(|years| {
            years
                .iter()
                .enumerate()
                .map(|(y, yc)| {
                    let per_type = scenario
                        .incident_types
                        .iter()
                        .enumerate()
                        .map(|(t, ty)| {
                            let m = &moments.by_year[y * layout.types + t];
                            (ty.name.clone(), m.estimate().mean)
                        })
                        .collect();
                    (yc.year.to_string(), per_type)
                })
                .collect()
        });
        let units = scenario
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                let utilization = share(&moments.utilization[u]);
                UnitBlock {
                    id: unit.id.clone(),
                    station: scenario.stations[unit.station.index()].id.clone(),
                    kind: scenario.unit_kinds[unit.kind.index()].clone(),
                    dispatches: moments.dispatches[u].estimate().mean,
                    utilization: utilization.mean,
                    utilization_ci95: utilization.ci95,
                }
            })
            .collect();
        Summary {
            scenario: scenario.name.clone(),
            labels: scenario.labels.clone(),
            seed: options.seed,
            replications: options.replications,
            simulated_years: scenario.simulated_years(),
            when_all_busy: match scenario.simulation.when_all_busy {
                WhenAllBusy::Queue => "queue".into(),
                WhenAllBusy::MutualAid { .. } => "mutual_aid".into(),
            },
            mutual_aid_delay_s: match scenario.simulation.when_all_busy {
                WhenAllBusy::Queue => None,
                WhenAllBusy::MutualAid { delay_s } => Some(delay_s),
            },
            network_note: scenario.network.note().map(str::to_string),
            records: match &scenario.demand.mode {
                crate::scenario::DemandMode::Records {
                    years,
                    alarms,
                    bootstrap_years,
                    jitter_m,
                    file,
                } => Some(RecordsUsed {
                    jitter_m: *jitter_m,
                    file: file.clone(),
                    rows: alarms.len(),
                    years: [
                        years.first().map_or(0, |y| y.year),
                        years.last().map_or(0, |y| y.year),
                    ],
                    rows_with_on_scene_time: alarms
                        .iter()
                        .filter(|a| a.on_scene_s.is_some())
                        .count(),
                    bootstrap_years: *bootstrap_years,
                }),
                _ => None,
            },
            standard: StandardBlock {
                turnout_s: scenario.standard.turnout_s,
                travel_s: scenario.standard.travel_s,
                response_limit_s: scenario.standard.response_limit_s(),
                by_setting: scenario
                    .standard
                    .by_setting
                    .keys()
                    .map(|k| (k.clone(), scenario.standard.limit_for(Some(k))))
                    .collect(),
            },
            incidents: all.incidents.estimate().mean,
            unreachable: all.unreachable.estimate().mean,
            response_s: response_block(all, hist.response(0)),
            travel_s: TravelBlock {
                mean: all.travel.estimate().mean,
                p90: hist.travel.quantile_s(0.90),
            },
            full_complement_s: duration(all.full.estimate()),
            short_of_units: short.mean,
            short_of_units_ci95: short.ci95,
            within_standard: within.mean,
            within_standard_ci95: within.ci95,
            queued: queued.mean,
            queued_ci95: queued.ci95,
            queue_wait_s: all.wait.estimate(),
            mutual_aid: mutual_aid.mean,
            mutual_aid_ci95: mutual_aid.ci95,
            by_type,
            by_zone,
            by_setting,
            by_hour,
            by_year,
            units,
            coverage: None,
        }
    }
}
