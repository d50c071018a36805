//! The merged result of a run: the structure behind the JSON report (its
//! keys are documented in README.md and must stay stable).

use std::collections::BTreeMap;

use serde::Serialize;

use super::RunOptions;
use super::tally::{GroupLayout, GroupTally, Histograms, ReplicationTally};
use crate::model::Model;
use crate::scenario::{DemandMode, Scenario, WhenAllBusy};
use crate::stats::{DurationHistogram, Estimate, mean_estimate, ratio_estimate};

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

/// A whole run, merged over replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
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
    /// By incident type.
    pub by_type: BTreeMap<String, GroupBlock>,
    /// By zone.
    pub by_zone: BTreeMap<String, GroupBlock>,
    /// By setting (urban, rural...); empty when the scenario has none.
    pub by_setting: BTreeMap<String, GroupBlock>,
    /// Replay mode: mean alarms per replication by year and type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_year: Option<BTreeMap<String, BTreeMap<String, f64>>>,
    /// Per unit.
    pub units: Vec<UnitBlock>,
    /// The static coverage analysis (`run --json` adds it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<crate::coverage::CoverageReport>,
}

/// Per-replication series of one group.
struct Series<'a> {
    tallies: &'a [ReplicationTally],
    group: usize,
}

impl Series<'_> {
    fn of(&self, f: impl Fn(&GroupTally) -> f64) -> Vec<f64> {
        self.tallies
            .iter()
            .map(|t| f(&t.groups[self.group]))
            .collect()
    }

    fn ratio(
        &self,
        num: impl Fn(&GroupTally) -> f64,
        den: impl Fn(&GroupTally) -> f64,
    ) -> Estimate {
        ratio_estimate(&self.of(num), &self.of(den))
    }

    fn mean(&self, f: impl Fn(&GroupTally) -> f64) -> f64 {
        mean_estimate(&self.of(f)).mean
    }

    fn response(&self, hist: &DurationHistogram) -> ResponseBlock {
        let e = self.ratio(|g| g.response_sum_s, |g| f64::from(g.answered));
        ResponseBlock {
            mean: e.mean,
            ci95: e.ci95,
            p50: hist.quantile_s(0.50),
            p90: hist.quantile_s(0.90),
            p95: hist.quantile_s(0.95),
        }
    }

    fn block(&self, hist: &DurationHistogram) -> GroupBlock {
        let within = self.ratio(|g| f64::from(g.within_standard), |g| f64::from(g.incidents));
        GroupBlock {
            incidents: self.mean(|g| f64::from(g.incidents)),
            unreachable: self.mean(|g| f64::from(g.unreachable)),
            response_s: self.response(hist),
            within_standard: within.mean,
            within_standard_ci95: within.ci95,
            queued: self
                .ratio(|g| f64::from(g.queued), |g| f64::from(g.answered))
                .mean,
        }
    }
}

impl Summary {
    /// Merges replication tallies (in replication order) and pooled histograms.
    pub fn build(
        scenario: &Scenario,
        model: &Model,
        options: &RunOptions,
        layout: GroupLayout,
        tallies: &[ReplicationTally],
        hist: &Histograms,
    ) -> Summary {
        let all = Series { tallies, group: 0 };
        let within = all.ratio(|g| f64::from(g.within_standard), |g| f64::from(g.incidents));
        let queued = all.ratio(|g| f64::from(g.queued), |g| f64::from(g.answered));
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
                        Series { tallies, group: g }.block(&hist.response[g]),
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
        let by_year = match &scenario.demand.mode {
            DemandMode::Replay { years } => Some(
                years
                    .iter()
                    .enumerate()
                    .map(|(y, yc)| {
                        let per_type = scenario
                            .incident_types
                            .iter()
                            .enumerate()
                            .map(|(t, ty)| {
                                let counts: Vec<f64> = tallies
                                    .iter()
                                    .map(|r| f64::from(r.by_year[y * layout.types + t]))
                                    .collect();
                                (ty.name.clone(), mean_estimate(&counts).mean)
                            })
                            .collect();
                        (yc.year.to_string(), per_type)
                    })
                    .collect(),
            ),
            DemandMode::Poisson { .. } => None,
        };
        let horizon = model.horizon_s;
        let units = scenario
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                let dispatches: Vec<f64> =
                    tallies.iter().map(|t| f64::from(t.dispatches[u])).collect();
                let busy: Vec<f64> = tallies.iter().map(|t| t.busy_s[u] / horizon).collect();
                let utilization = mean_estimate(&busy);
                UnitBlock {
                    id: unit.id.clone(),
                    station: scenario.stations[unit.station.index()].id.clone(),
                    kind: scenario.unit_kinds[unit.kind.index()].clone(),
                    dispatches: mean_estimate(&dispatches).mean,
                    utilization: utilization.mean,
                    utilization_ci95: utilization.ci95,
                }
            })
            .collect();
        Summary {
            scenario: scenario.name.clone(),
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
            standard: StandardBlock {
                turnout_s: scenario.standard.turnout_s,
                travel_s: scenario.standard.travel_s,
                response_limit_s: scenario.standard.response_limit_s(),
            },
            incidents: all.mean(|g| f64::from(g.incidents)),
            unreachable: all.mean(|g| f64::from(g.unreachable)),
            response_s: all.response(&hist.response[0]),
            travel_s: TravelBlock {
                mean: all
                    .ratio(|g| g.travel_sum_s, |g| f64::from(g.travel_count))
                    .mean,
                p90: hist.travel.quantile_s(0.90),
            },
            full_complement_s: all.ratio(|g| g.full_sum_s, |g| f64::from(g.complete)),
            short_of_units: all
                .ratio(
                    |g| f64::from(g.answered - g.complete),
                    |g| f64::from(g.answered),
                )
                .mean,
            within_standard: within.mean,
            within_standard_ci95: within.ci95,
            queued: queued.mean,
            queued_ci95: queued.ci95,
            queue_wait_s: all.ratio(|g| g.wait_sum_s, |g| f64::from(g.answered)),
            mutual_aid: all
                .ratio(|g| f64::from(g.mutual_aid), |g| f64::from(g.answered))
                .mean,
            by_type,
            by_zone,
            by_setting,
            by_year,
            units,
            coverage: None,
        }
    }
}
