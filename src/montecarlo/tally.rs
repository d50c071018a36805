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
    #[inline(always)]
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
    /// Hours of the day (24) when the scenario varies by time of day, else 0.
    pub hours: usize,
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
            hours: if model.by_hour_of_day { 24 } else { 0 },
        }
    }

    /// Total number of groups.
    pub fn len(&self) -> usize {
        1 + self.types + self.zones + self.settings + self.hours
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

    /// Index of an hour of the day's group (0 = 00:00–01:00).
    pub fn of_hour(&self, h: usize) -> usize {
        1 + self.types + self.zones + self.settings + h
    }

    /// The single incident type's group holds every incident.
    pub fn type_is_all(&self) -> bool {
        self.types == 1
    }

    /// The single zone's group holds every incident.
    pub fn zone_is_all(&self) -> bool {
        self.zones == 1
    }

    /// Groups that are the "all" group under another name: tallies copy it,
    /// and [`Histograms::response`] answers for them with its histogram.
    pub fn aliases_of_all(&self) -> impl Iterator<Item = usize> + use<> {
        let ty = self.type_is_all().then(|| self.of_type(0));
        let zone = self.zone_is_all().then(|| self.of_zone(0));
        ty.into_iter().chain(zone)
    }

    /// The group whose histogram holds group `g`'s durations.
    pub fn histogram_of(&self, g: usize) -> usize {
        if self.aliases_of_all().any(|a| a == g) {
            0
        } else {
            g
        }
    }
}

/// Pooled response-time histograms, one per group, plus travel overall.
///
/// When there are several zones, every answered incident is in exactly one
/// zone's histogram, so the "all" histogram is not recorded incident by
/// incident but summed from the zones' by [`Histograms::complete`] (the same
/// integer counts and extremes, so the same quantiles, for a third less
/// recording).
#[derive(Clone, Debug)]
pub struct Histograms {
    /// Response time per group; groups that alias the "all" group
    /// ([`GroupLayout::aliases_of_all`]) stay empty: read them through
    /// [`Histograms::response`].
    response: Vec<DurationHistogram>,
    layout: GroupLayout,
    /// Travel time of the first arriving unit, all incidents.
    pub travel: DurationHistogram,
}

impl Histograms {
    /// Empty histograms, one per group of `layout`.
    pub fn new(layout: GroupLayout) -> Histograms {
        Histograms {
            response: (0..layout.len())
                .map(|_| DurationHistogram::new())
                .collect(),
            layout,
            travel: DurationHistogram::new(),
        }
    }

    /// Whether the "all" histogram is the sum of the zones'.
    fn all_from_zones(layout: GroupLayout) -> bool {
        layout.zones >= 2
    }

    /// Response times of group `g`. Group 0 (all incidents) is complete
    /// only after [`Histograms::complete`], which a run calls on its pooled
    /// histograms.
    pub fn response(&self, g: usize) -> &DurationHistogram {
        &self.response[self.layout.histogram_of(g)]
    }

    /// Sums the "all" histogram from the zones' once every replication has
    /// been recorded and merged. It is derived, never recorded, so calling
    /// this again gives the same histogram.
    pub fn complete(&mut self) {
        if !Histograms::all_from_zones(self.layout) {
            return;
        }
        let (head, zones) = self.response.split_at_mut(self.layout.of_zone(0));
        head[0] = DurationHistogram::new();
        for z in &zones[..self.layout.zones] {
            head[0].merge(z);
        }
    }

    /// The histograms as stored in a shard's partial result: response per
    /// group, then travel.
    pub fn to_parts(&self) -> (&[DurationHistogram], &DurationHistogram) {
        (&self.response, &self.travel)
    }

    /// Histograms of `layout` from stored parts; `None` when they do not
    /// fit the layout.
    pub fn from_parts(
        layout: GroupLayout,
        response: Vec<DurationHistogram>,
        travel: DurationHistogram,
    ) -> Option<Histograms> {
        (response.len() == layout.len()).then_some(Histograms {
            response,
            layout,
            travel,
        })
    }

    /// Adds another set's counts (a derived "all" histogram is left to
    /// [`Histograms::complete`]).
    pub fn merge(&mut self, other: &Histograms) {
        let derived = usize::from(Histograms::all_from_zones(self.layout));
        for (a, b) in self.response.iter_mut().zip(&other.response).skip(derived) {
            a.merge(b);
        }
        self.travel.merge(&other.travel);
    }
}

/// How many records ahead the tally asks for (see [`crate::prefetch`]).
const PREFETCH_AHEAD: usize = 16;

/// Reusable per-group buffers of one replication's response times, for its
/// quantiles; one per worker, so reading a tally allocates nothing once warm.
#[derive(Clone, Debug, Default)]
pub struct QuantileScratch {
    /// Response times as bit patterns: non-negative times order like them,
    /// and integers select faster than floats.
    per_group: Vec<Vec<u64>>,
    /// Travel times of first arriving units, as bit patterns (NaN for
    /// mutual aid and unreachable alarms: the histogram skips them).
    travel: Vec<u64>,
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
        self.travel.clear();
    }
}

/// The 1-based nearest rank of quantile `q` among `n` values.
fn nearest_rank(n: usize, q: f64) -> Option<usize> {
    (n > 0).then(|| ((q * n as f64).ceil() as usize).clamp(1, n))
}

/// The nearest-rank `q` quantile of non-negative times given as bit
/// patterns (reordered in place); `None` when empty.
fn nearest_rank_quantile_bits(bits: &mut [u64], q: f64) -> Option<f64> {
    let rank = nearest_rank(bits.len(), q)?;
    Some(f64::from_bits(crate::stats::select::nth_smallest(
        bits,
        rank - 1,
    )))
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
    /// An empty tally to read replications into.
    pub fn new() -> ReplicationTally {
        ReplicationTally {
            groups: Vec::new(),
            dispatches: Vec::new(),
            busy_s: Vec::new(),
            by_year: Vec::new(),
        }
    }

    /// Reads a finished replication out of the workspace, also recording its
    /// durations into `hist`; `scratch` holds its response times meanwhile.
    pub fn read(
        model: &Model,
        layout: GroupLayout,
        ws: &Workspace,
        hist: &mut Histograms,
        scratch: &mut QuantileScratch,
    ) -> ReplicationTally {
        let mut tally = ReplicationTally::new();
        tally.read_into(model, layout, ws, hist, scratch);
        tally
    }

    /// [`ReplicationTally::read`] into this tally's buffers, which once warm
    /// makes it allocation-free. Call [`Histograms::complete`] on `hist`
    /// after the last replication.
    pub fn read_into(
        &mut self,
        model: &Model,
        layout: GroupLayout,
        ws: &Workspace,
        hist: &mut Histograms,
        scratch: &mut QuantileScratch,
    ) {
        scratch.reset(layout.len());
        self.groups.clear();
        self.groups.resize(layout.len(), GroupTally::default());
        self.by_year.clear();
        self.by_year.resize(model.year_count * layout.types, 0);
        let groups = &mut self.groups;
        let by_year = &mut self.by_year;
        let last_year = model.year_count.saturating_sub(1);
        let own_type_group = !layout.type_is_all();
        let own_zone_group = !layout.zone_is_all();
        let mut all = GroupTally::default();
        for (k, r) in ws.records.iter().enumerate() {
            // records of a long replication come from memory: ask for them early
            crate::prefetch::read(ws.records.as_ptr().wrapping_add(k + PREFETCH_AHEAD));
            let t = r.alarm.incident_type as usize;
            let p = r.alarm.point as usize;
            by_year[(r.alarm.year as usize).min(last_year) * layout.types + t] += 1;
            let setting = model.point_setting[p];
            // each alarm is judged by its place's yardstick
            let limit = model.point_limit_s[p];
            // the all-incidents group is summed in a local, which the
            // compiler keeps in registers: every record adds to it, and
            // through memory each add would wait on the last one's store
            all.add(r, limit);
            let mut own = [0usize; 5];
            let mut n = 1;
            if own_type_group {
                own[n] = layout.of_type(t);
                n += 1;
            }
            if own_zone_group {
                own[n] = layout.of_zone(model.point_zone[p] as usize);
                n += 1;
            }
            if setting != NO_SETTING {
                own[n] = layout.of_setting(setting as usize);
                n += 1;
            }
            if layout.hours > 0 {
                own[n] = layout.of_hour(crate::demand::hour_of_day(r.alarm.time_s));
                n += 1;
            }
            for &g in &own[1..n] {
                groups[g].add(r, limit);
            }
            if !r.unreachable {
                let bits = r.response_s.to_bits();
                for &g in &own[..n] {
                    scratch.per_group[g].push(bits);
                }
            }
            scratch.travel.push(r.travel_s.to_bits());
        }
        groups[0] = all;
        // durations go into the pooled histograms in bulk, group by group,
        // before the quantile selection reorders them
        let skip_all = Histograms::all_from_zones(layout);
        for (k, ((g, values), h)) in groups
            .iter_mut()
            .zip(&mut scratch.per_group)
            .zip(&mut hist.response)
            .enumerate()
        {
            if k != 0 || !skip_all {
                h.record_bits(values);
            }
            g.response_p90_s = nearest_rank_quantile_bits(values, 0.9);
        }
        hist.travel.record_bits(&scratch.travel);
        // a group that holds every incident is the "all" group
        for g in layout.aliases_of_all() {
            groups[g] = groups[0];
        }
        self.dispatches.clear();
        self.dispatches.extend_from_slice(&ws.units.dispatches);
        self.busy_s.clear();
        self.busy_s.extend_from_slice(&ws.units.busy_s);
    }
}

impl Default for ReplicationTally {
    fn default() -> Self {
        ReplicationTally::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_of_times_as_bits() {
        let mut bits: Vec<u64> = [5.0f64, 1.0, 4.0, 2.0, 3.0]
            .iter()
            .map(|v| v.to_bits())
            .collect();
        assert_eq!(nearest_rank_quantile_bits(&mut bits, 0.9), Some(5.0));
        assert_eq!(nearest_rank_quantile_bits(&mut bits, 0.5), Some(3.0));
        assert_eq!(nearest_rank_quantile_bits(&mut bits, 0.0), Some(1.0));
        assert_eq!(nearest_rank_quantile_bits(&mut [], 0.9), None);
    }
}
