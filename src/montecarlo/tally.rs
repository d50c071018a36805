//! What is measured in one replication, read off the engine's records.

use crate::engine::{IncidentRecord, Workspace};
use crate::model::{Model, NO_SETTING};
use crate::stats::DurationHistogram;

/// Counts and sums of one group of incidents (all, one type or one zone) in
/// one replication.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupTally {
    /// Alarms.
    pub incidents: u32,
    /// Alarms no unit could ever reach.
    pub unreachable: u32,
    /// Alarms a unit (or mutual aid) reached.
    pub answered: u32,
    /// Sum of response times of answered alarms, seconds.
    pub response_sum_s: f64,
    /// Answered within the standard's response limit.
    pub within_standard: u32,
    /// Alarms that waited for at least one unit.
    pub queued: u32,
    /// Sum of waits before the first dispatch, seconds.
    pub wait_sum_s: f64,
    /// Alarms whose first arrival was a local unit (travel time known).
    pub travel_count: u32,
    /// Sum of the first arriving unit's travel, seconds.
    pub travel_sum_s: f64,
    /// Answered alarms whose every requested unit arrived.
    pub complete: u32,
    /// Sum of full-complement times of those, seconds.
    pub full_sum_s: f64,
    /// Alarms helped by mutual aid.
    pub mutual_aid: u32,
    /// This replication's 90th-percentile response time (nearest rank),
    /// seconds; `None` when nothing was answered. Paired comparisons of p90
    /// take their spread from it.
    pub response_p90_s: Option<f64>,
}

impl GroupTally {
    fn add(&mut self, r: &IncidentRecord, limit_s: f64) {
        self.incidents += 1;
        if r.unreachable {
            self.unreachable += 1;
            return;
        }
        self.answered += 1;
        self.response_sum_s += r.response_s;
        self.within_standard += u32::from(r.response_s <= limit_s);
        self.queued += u32::from(r.queued);
        self.wait_sum_s += r.wait_s;
        self.mutual_aid += u32::from(r.mutual_aid);
        if r.complete {
            self.complete += 1;
            self.full_sum_s += r.full_complement_s;
        }
        if !r.travel_s.is_nan() {
            self.travel_count += 1;
            self.travel_sum_s += r.travel_s;
        }
    }
}

/// Where each group's tally sits: 0 is all incidents, then one per incident
/// type, then one per zone, then one per setting.
#[derive(Clone, Copy, Debug)]
pub struct GroupLayout {
    /// Incident types.
    pub types: usize,
    /// Zones.
    pub zones: usize,
    /// Settings (urban, rural...).
    pub settings: usize,
}

impl GroupLayout {
    /// Layout for a model.
    pub fn of(model: &Model) -> GroupLayout {
        GroupLayout {
            types: model.types.len(),
            zones: model
                .point_zone
                .iter()
                .map(|&z| z as usize + 1)
                .max()
                .unwrap_or(0),
            settings: model.setting_count,
        }
    }

    /// Total number of groups.
    pub fn len(&self) -> usize {
        1 + self.types + self.zones + self.settings
    }

    /// Always false: the "all incidents" group exists.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Index of an incident type's group.
    pub fn of_type(&self, t: usize) -> usize {
        1 + t
    }

    /// Index of a zone's group.
    pub fn of_zone(&self, z: usize) -> usize {
        1 + self.types + z
    }

    /// Index of a setting's group.
    pub fn of_setting(&self, s: usize) -> usize {
        1 + self.types + self.zones + s
    }
}

/// Pooled response-time histograms, one per group, plus travel overall.
#[derive(Clone, Debug)]
pub struct Histograms {
    /// Response time per group.
    pub response: Vec<DurationHistogram>,
    /// Travel time of the first arriving unit, all incidents.
    pub travel: DurationHistogram,
}

impl Histograms {
    /// Empty histograms: 3 significant digits overall, by type and by
    /// setting, 2 by zone.
    pub fn new(layout: GroupLayout) -> Histograms {
        let response = (0..layout.len())
            .map(|g| {
                let by_zone = g > layout.types && g < layout.of_setting(0);
                DurationHistogram::new(if by_zone { 2 } else { 3 })
            })
            .collect();
        Histograms {
            response,
            travel: DurationHistogram::new(3),
        }
    }

    /// Adds another set's counts.
    pub fn merge(&mut self, other: &Histograms) {
        for (a, b) in self.response.iter_mut().zip(&other.response) {
            a.merge(b);
        }
        self.travel.merge(&other.travel);
    }
}

/// Reusable per-group buffers of one replication's response times, for its
/// quantiles; one per worker, so reading a tally allocates nothing once warm.
#[derive(Clone, Debug, Default)]
pub struct QuantileScratch {
    per_group: Vec<Vec<f64>>,
}

impl QuantileScratch {
    /// Empty buffers.
    pub fn new() -> QuantileScratch {
        QuantileScratch::default()
    }

    fn reset(&mut self, groups: usize) {
        self.per_group.resize_with(groups, Vec::new);
        for v in &mut self.per_group {
            v.clear();
        }
    }
}

/// The nearest-rank `q` quantile of `values` (reordered in place); `None`
/// when empty.
pub fn nearest_rank_quantile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    let (_, v, _) = values.select_nth_unstable_by(rank - 1, f64::total_cmp);
    Some(*v)
}

/// Everything measured in one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationTally {
    /// Per group, see [`GroupLayout`].
    pub groups: Vec<GroupTally>,
    /// Dispatches per unit.
    pub dispatches: Vec<u32>,
    /// Busy seconds per unit.
    pub busy_s: Vec<f64>,
    /// Alarms per (year, type): `[year * types + type]`.
    pub by_year: Vec<u32>,
}

impl ReplicationTally {
    /// Reads a finished replication out of the workspace, also recording its
    /// durations into `hist`; `scratch` holds its response times meanwhile.
    pub fn read(
        model: &Model,
        layout: GroupLayout,
        ws: &Workspace,
        hist: &mut Histograms,
        scratch: &mut QuantileScratch,
    ) -> ReplicationTally {
        scratch.reset(layout.len());
        let mut groups = vec![GroupTally::default(); layout.len()];
        let mut by_year = vec![0u32; model.year_count * layout.types];
        let limit = model.response_limit_s;
        for r in &ws.records {
            let t = r.alarm.incident_type as usize;
            let z = model.point_zone[r.alarm.point as usize] as usize;
            let year = (r.alarm.year as usize).min(model.year_count.saturating_sub(1));
            by_year[year * layout.types + t] += 1;
            let setting = model.point_setting[r.alarm.point as usize];
            let setting_group =
                (setting != NO_SETTING).then(|| layout.of_setting(setting as usize));
            for g in [0, layout.of_type(t), layout.of_zone(z)]
                .into_iter()
                .chain(setting_group)
            {
                groups[g].add(r, limit);
                if !r.unreachable {
                    hist.response[g].record(r.response_s);
                    scratch.per_group[g].push(r.response_s);
                }
            }
            hist.travel.record(r.travel_s);
        }
        for (g, values) in groups.iter_mut().zip(&mut scratch.per_group) {
            g.response_p90_s = nearest_rank_quantile(values, 0.9);
        }
        ReplicationTally {
            groups,
            dispatches: ws.units.dispatches.clone(),
            busy_s: ws.units.busy_s.clone(),
            by_year,
        }
    }
}
