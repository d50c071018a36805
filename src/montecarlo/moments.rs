//! The streaming accumulator of a run: per group, unit and year, the moments
//! every reported estimate needs, so memory does not grow with replications.

use serde::{Deserialize, Serialize};

use super::PairMoments;
use super::tally::{GroupLayout, GroupTally, ReplicationTally};
use crate::model::Model;
use crate::stats::RatioMoments;

/// Per-replication moments of one group of incidents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupMoments {
    /// Alarms per replication.
    pub incidents: RatioMoments,
    /// Unreachable alarms per replication.
    pub unreachable: RatioMoments,
    /// Response-time sum over answered alarms.
    pub response: RatioMoments,
    /// Alarms within the standard over alarms.
    pub within: RatioMoments,
    /// Alarms that waited over answered ones.
    pub queued: RatioMoments,
    /// Wait before the first dispatch over answered alarms.
    pub wait: RatioMoments,
    /// First local unit's travel over alarms it answered.
    pub travel: RatioMoments,
    /// Full-complement time over alarms where every unit came.
    pub full: RatioMoments,
    /// Answered alarms short of some unit over answered alarms.
    pub short_of_units: RatioMoments,
    /// Alarms helped by mutual aid over answered alarms.
    pub mutual_aid: RatioMoments,
    /// Each replication's own 90th-percentile response (replications that
    /// answered something): the spread behind the pooled p90's interval.
    pub response_p90: RatioMoments,
}

impl GroupMoments {
    fn add(&mut self, g: &GroupTally) {
        let answered = f64::from(g.answered);
        self.incidents.add_value(f64::from(g.incidents));
        self.unreachable.add_value(f64::from(g.unreachable));
        self.response.add(g.response_sum_s, answered);
        self.within
            .add(f64::from(g.within_standard), f64::from(g.incidents));
        self.queued.add(f64::from(g.queued), answered);
        self.wait.add(g.wait_sum_s, answered);
        self.travel.add(g.travel_sum_s, f64::from(g.travel_count));
        self.full.add(g.full_sum_s, f64::from(g.complete));
        self.short_of_units
            .add(f64::from(g.answered - g.complete), answered);
        self.mutual_aid.add(f64::from(g.mutual_aid), answered);
        if let Some(p90) = g.response_p90_s {
            self.response_p90.add_value(p90);
        }
    }

    /// The first measure that `replications` replications cannot have
    /// given, if any (see [`RatioMoments::plausible`]).
    fn implausible(&self, replications: u64) -> Option<&'static str> {
        let measures = [
            (&self.incidents, false, "incidents"),
            (&self.unreachable, false, "unreachable"),
            (&self.response, false, "response"),
            (&self.within, true, "within"),
            (&self.queued, true, "queued"),
            (&self.wait, false, "wait"),
            (&self.travel, false, "travel"),
            (&self.full, false, "full"),
            (&self.short_of_units, true, "short_of_units"),
            (&self.mutual_aid, true, "mutual_aid"),
        ];
        measures
            .into_iter()
            .find(|(m, share, _)| !m.plausible(replications, *share))
            .map(|(_, _, name)| name)
    }

    fn merge(&mut self, o: &GroupMoments) {
        self.incidents.merge(&o.incidents);
        self.unreachable.merge(&o.unreachable);
        self.response.merge(&o.response);
        self.within.merge(&o.within);
        self.queued.merge(&o.queued);
        self.wait.merge(&o.wait);
        self.travel.merge(&o.travel);
        self.full.merge(&o.full);
        self.short_of_units.merge(&o.short_of_units);
        self.mutual_aid.merge(&o.mutual_aid);
        self.response_p90.merge(&o.response_p90);
    }
}

/// Everything a run's summary is built from, accumulated replication by
/// replication. Parts cover consecutive replications and are merged in
/// replication order, so the result does not depend on the thread count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunMoments {
    /// Per group, see [`GroupLayout`].
    pub groups: Vec<GroupMoments>,
    /// Dispatches per replication, per unit.
    pub dispatches: Vec<RatioMoments>,
    /// Share of the horizon busy, per unit.
    pub utilization: Vec<RatioMoments>,
    /// Alarms per replication by `[year * types + type]`.
    pub by_year: Vec<RatioMoments>,
    horizon_s: f64,
}

impl RunMoments {
    /// An empty accumulator for `units` units, `years` report years and a
    /// horizon of `horizon_s` seconds.
    pub fn new(layout: GroupLayout, units: usize, years: usize, horizon_s: f64) -> RunMoments {
        RunMoments {
            groups: vec![GroupMoments::default(); layout.len()],
            dispatches: vec![RatioMoments::default(); units],
            utilization: vec![RatioMoments::default(); units],
            by_year: vec![RatioMoments::default(); years * layout.types],
            horizon_s,
        }
    }

    /// An empty accumulator for a compiled model.
    pub fn for_model(model: &Model) -> RunMoments {
        RunMoments::new(
            GroupLayout::of(model),
            model.unit_count(),
            model.year_count,
            model.horizon_s,
        )
    }

    /// Adds the next replication.
    pub fn add(&mut self, tally: &ReplicationTally) {
        for (m, g) in self.groups.iter_mut().zip(&tally.groups) {
            m.add(g);
        }
        for (m, &d) in self.dispatches.iter_mut().zip(&tally.dispatches) {
            m.add_value(f64::from(d));
        }
        for (m, &b) in self.utilization.iter_mut().zip(&tally.busy_s) {
            m.add_value(b / self.horizon_s);
        }
        for (m, &c) in self.by_year.iter_mut().zip(&tally.by_year) {
            m.add_value(f64::from(c));
        }
    }

    /// Folds in the part covering the replications that follow.
    pub fn merge(&mut self, other: &RunMoments) {
        for (a, b) in self.groups.iter_mut().zip(&other.groups) {
            a.merge(b);
        }
        let pairs = [
            (&mut self.dispatches, &other.dispatches),
            (&mut self.utilization, &other.utilization),
            (&mut self.by_year, &other.by_year),
        ];
        for (mine, theirs) in pairs {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
    }

    /// The first measure that `replications` replications cannot have given
    /// (a share above one, a negative count, a count that is not theirs),
    /// named for a refusal; `None` when every measure is plausible.
    pub fn implausible(&self, replications: u64) -> Option<String> {
        for (g, m) in self.groups.iter().enumerate() {
            if let Some(name) = m.implausible(replications) {
                return Some(format!("group {g}: {name}"));
            }
        }
        let per_unit = [
            (&self.dispatches, "dispatches"),
            (&self.utilization, "utilization"),
            (&self.by_year, "alarms by year"),
        ];
        for (list, name) in per_unit {
            if let Some(k) = list.iter().position(|m| !m.plausible(replications, false)) {
                return Some(format!("{name} {k}"));
            }
        }
        None
    }

    /// Forgets everything, keeping the buffers.
    pub fn clear(&mut self) {
        self.groups.fill(GroupMoments::default());
        self.dispatches.fill(RatioMoments::default());
        self.utilization.fill(RatioMoments::default());
        self.by_year.fill(RatioMoments::default());
    }
}

/// The moments of every run and pair of a lockstep, folded together
/// replication by replication (see [`super::fold`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LockstepMoments {
    /// Per run.
    pub runs: Vec<RunMoments>,
    /// Per pair.
    pub pairs: Vec<PairMoments>,
}

impl LockstepMoments {
    /// Empty accumulators for these runs and pairs.
    pub fn for_arms(
        arms: &[(&crate::scenario::Scenario, &Model)],
        pairs: &[super::PairSpec],
    ) -> LockstepMoments {
        LockstepMoments {
            runs: arms.iter().map(|(_, m)| RunMoments::for_model(m)).collect(),
            pairs: pairs.iter().cloned().map(PairMoments::new).collect(),
        }
    }
}

impl super::fold::Foldable for LockstepMoments {
    fn merge_later(&mut self, later: &Self) {
        for (a, b) in self.runs.iter_mut().zip(&later.runs) {
            a.merge(b);
        }
        for (a, b) in self.pairs.iter_mut().zip(&later.pairs) {
            a.merge(b);
        }
    }

    fn reset(&mut self) {
        for r in &mut self.runs {
            r.clear();
        }
        for p in &mut self.pairs {
            p.clear();
        }
    }
}
