//! Streaming accumulators of paired comparisons: runs made in lockstep,
//! replication by replication, keep for each pair of groups only the joint
//! moments that the paired intervals need, so a comparison's memory does not
//! grow with replications.

use super::tally::{GroupTally, ReplicationTally};
use crate::stats::{CoMoments, Difference, RatioMoments};

/// Which two runs to pair, and which of their groups stand for the same
/// incidents (all, a type, a setting or a zone, matched by name).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PairSpec {
    /// Index of the first run (the baseline of the difference).
    pub first: usize,
    /// Index of the second run.
    pub second: usize,
    /// `(group in first, group in second)`.
    pub groups: Vec<(usize, usize)>,
}

/// The ratio measures a comparison reports, as (numerator, denominator) of a
/// replication's group tally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairedMeasure {
    /// Mean response time: response sum over answered alarms.
    MeanResponse,
    /// Share within the standard: alarms within over alarms.
    WithinStandard,
    /// Mean travel of the first local unit.
    MeanTravel,
}

impl PairedMeasure {
    /// Every measure, in the order [`GroupPairMoments`] keeps them.
    pub const ALL: [PairedMeasure; 3] = [
        PairedMeasure::MeanResponse,
        PairedMeasure::WithinStandard,
        PairedMeasure::MeanTravel,
    ];

    /// This measure's (numerator, denominator) in one replication's group.
    pub fn of(self, g: &GroupTally) -> (f64, f64) {
        match self {
            PairedMeasure::MeanResponse => (g.response_sum_s, f64::from(g.answered)),
            PairedMeasure::WithinStandard => (f64::from(g.within_standard), f64::from(g.incidents)),
            PairedMeasure::MeanTravel => (g.travel_sum_s, f64::from(g.travel_count)),
        }
    }

    /// This measure's own moments in a run's group.
    pub fn in_run(self, m: &super::GroupMoments) -> &RatioMoments {
        match self {
            PairedMeasure::MeanResponse => &m.response,
            PairedMeasure::WithinStandard => &m.within,
            PairedMeasure::MeanTravel => &m.travel,
        }
    }
}

/// Joint per-replication moments of one group in two runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupPairMoments {
    /// Per [`PairedMeasure::ALL`]: (num₁, den₁, num₂ − num₁, den₂ − den₁).
    /// Common random numbers make the two runs close, so their differences
    /// are kept as such: no cancellation, and exactly zero spread for a run
    /// paired with itself.
    ratios: [CoMoments<4>; 3],
    /// (p90₁, p90₂ − p90₁) over replications where both answered something.
    p90: CoMoments<2>,
}

impl GroupPairMoments {
    fn add(&mut self, a: &GroupTally, b: &GroupTally) {
        for (m, measure) in self.ratios.iter_mut().zip(PairedMeasure::ALL) {
            let ((ya, xa), (yb, xb)) = (measure.of(a), measure.of(b));
            m.add([ya, xa, yb - ya, xb - xa]);
        }
        if let (Some(pa), Some(pb)) = (a.response_p90_s, b.response_p90_s) {
            self.p90.add([pa, pb - pa]);
        }
    }

    fn merge(&mut self, o: &GroupPairMoments) {
        for (a, b) in self.ratios.iter_mut().zip(&o.ratios) {
            a.merge(b);
        }
        self.p90.merge(&o.p90);
    }

    /// Second − first of a ratio measure, with its paired interval (the
    /// delta method on the replication-wise difference of influences). The
    /// ratios themselves are each run's own (`first`, `second`: the
    /// measure's moments in each run), so paired and unpaired comparisons
    /// report the same point estimate.
    pub fn ratio_difference(
        &self,
        measure: PairedMeasure,
        first: &RatioMoments,
        second: &RatioMoments,
    ) -> ([f64; 2], Difference) {
        let ((ya, xa), (yb, xb)) = (first.means(), second.means());
        let r = |y: f64, x: f64| if x > 0.0 { y / x } else { f64::NAN };
        let (ra, rb) = (r(ya, xa), r(yb, xb));
        let m = &self.ratios[measure as usize];
        if m.count() == 0 || xa <= 0.0 || xb <= 0.0 {
            return ([ra, rb], Difference::undefined(true));
        }
        let n = m.count();
        // influence of a replication: (y − r x) / x̄, each side; their
        // difference is this combination of the deviations of (y₁, x₁,
        // y₂ − y₁, x₂ − x₁)
        let w = [1.0 / xb - 1.0 / xa, ra / xa - rb / xb, 1.0 / xb, -rb / xb];
        let variance = if n < 2 {
            0.0
        } else {
            m.squared_deviations_of(w) / (n as f64 - 1.0)
        };
        ([ra, rb], Difference::paired(rb - ra, variance, n))
    }

    /// The paired interval of `estimate`, a difference of pooled 90th
    /// percentiles, from the replications' own 90th percentiles.
    pub fn p90_difference(&self, estimate: f64) -> Difference {
        let n = self.p90.count();
        let variance = if n < 2 {
            0.0
        } else {
            self.p90.squared_deviations_of([0.0, 1.0]) / (n as f64 - 1.0)
        };
        Difference::paired(estimate, variance, n)
    }
}

/// The accumulated pairs of one [`PairSpec`], group by group.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairMoments {
    /// What is paired.
    pub spec: PairSpec,
    /// Per entry of `spec.groups`.
    pub groups: Vec<GroupPairMoments>,
}

impl PairMoments {
    /// Nothing accumulated yet.
    pub fn new(spec: PairSpec) -> PairMoments {
        let groups = vec![GroupPairMoments::default(); spec.groups.len()];
        PairMoments { spec, groups }
    }

    /// Adds a replication of both runs (`tally_of(k)` is run `k`'s).
    pub fn add<'t>(&mut self, tally_of: impl Fn(usize) -> &'t ReplicationTally) {
        let (a, b) = (tally_of(self.spec.first), tally_of(self.spec.second));
        for (m, &(ga, gb)) in self.groups.iter_mut().zip(&self.spec.groups) {
            m.add(&a.groups[ga], &b.groups[gb]);
        }
    }

    /// Forgets everything, keeping the buffers.
    pub fn clear(&mut self) {
        self.groups.fill(GroupPairMoments::default());
    }

    /// Folds in the part covering the replications that follow.
    pub fn merge(&mut self, other: &PairMoments) {
        for (a, b) in self.groups.iter_mut().zip(&other.groups) {
            a.merge(b);
        }
    }

    /// The moments of the pair of groups `(first, second)`, if paired here.
    pub fn group(&self, first: usize, second: usize) -> Option<&GroupPairMoments> {
        self.spec
            .groups
            .iter()
            .position(|&g| g == (first, second))
            .map(|k| &self.groups[k])
    }
}
