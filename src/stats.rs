//! Mergeable accumulators and confidence intervals across replications.
//!
//! Means over incidents are ratio estimators (total of a quantity over total
//! of incidents, pooled over replications); their 95 % confidence interval
//! treats each replication as one independent observation of (sum, count) and
//! uses the delta method with a Student-t quantile on n − 1 degrees of freedom.

use hdrhistogram::Histogram;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A mean with its 95 % confidence interval (`None` with fewer than two
/// replications or no observations).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Point estimate; NaN (JSON `null`) when nothing was observed.
    pub mean: f64,
    /// 95 % confidence interval.
    pub ci95: Option<[f64; 2]>,
}

/// Two-sided 95 % Student-t quantile for `n` observations.
pub fn t_quantile_95(n: usize) -> Option<f64> {
    if n < 2 {
        return None;
    }
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).ok()?;
    Some(t.inverse_cdf(0.975))
}

/// Ratio estimate Σ num / Σ den over replications, with the delta-method CI.
pub fn ratio_estimate(num: &[f64], den: &[f64]) -> Estimate {
    let n = num.len().min(den.len());
    let (sum_y, sum_x): (f64, f64) = (num[..n].iter().sum(), den[..n].iter().sum());
    if n == 0 || sum_x <= 0.0 {
        return Estimate {
            mean: f64::NAN,
            ci95: None,
        };
    }
    let r = sum_y / sum_x;
    let ci95 = t_quantile_95(n).map(|t| {
        let mean_x = sum_x / n as f64;
        let ss: f64 = num[..n]
            .iter()
            .zip(&den[..n])
            .map(|(y, x)| (y - r * x).powi(2))
            .sum();
        let se = (ss / (n as f64 - 1.0) / n as f64).sqrt() / mean_x;
        [r - t * se, r + t * se]
    });
    Estimate { mean: r, ci95 }
}

/// Mean of per-replication values with its CI.
pub fn mean_estimate(values: &[f64]) -> Estimate {
    let ones = vec![1.0; values.len()];
    ratio_estimate(values, &ones)
}

/// A histogram of durations with 0.1 s resolution, mergeable exactly (integer
/// counts), so pooled quantiles do not depend on the order of merging.
#[derive(Clone, Debug)]
pub struct DurationHistogram(Histogram<u64>);

/// Largest duration recorded without saturation: about 115 days.
const MAX_DECISECONDS: u64 = 100_000_000;

impl DurationHistogram {
    /// A histogram keeping `sigfig` significant decimal digits (1–5).
    pub fn new(sigfig: u8) -> DurationHistogram {
        DurationHistogram(
            Histogram::new_with_bounds(1, MAX_DECISECONDS, sigfig.clamp(1, 5))
                .expect("bounds and precision are constants within hdrhistogram's limits"),
        )
    }

    /// Records one duration in seconds (NaN is ignored; larger than the
    /// range saturates).
    #[inline]
    pub fn record(&mut self, seconds: f64) {
        if seconds.is_nan() {
            return;
        }
        let ds = (seconds * 10.0).round().max(0.0) as u64;
        self.0.saturating_record(ds);
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &DurationHistogram) {
        // same bounds and precision by construction, so this cannot fail
        let _ = self.0.add(&other.0);
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.0.len()
    }

    /// The `q` quantile (0–1) in seconds; NaN when empty.
    pub fn quantile_s(&self, q: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        self.0.value_at_quantile(q) as f64 / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles() {
        assert!((t_quantile_95(2).unwrap() - 12.706).abs() < 1e-3);
        assert!((t_quantile_95(31).unwrap() - 2.042).abs() < 1e-3);
        assert!(t_quantile_95(1).is_none());
    }

    #[test]
    fn ratio_of_sums_and_ci() {
        // equal denominators: the ratio CI is the plain t interval of the means
        let y = [10.0, 12.0, 14.0];
        let x = [2.0, 2.0, 2.0];
        let e = ratio_estimate(&y, &x);
        assert_eq!(e.mean, 6.0);
        let [lo, hi] = e.ci95.unwrap();
        let half = t_quantile_95(3).unwrap() * 1.0 / 3f64.sqrt();
        assert!((hi - 6.0 - half).abs() < 1e-12 && (6.0 - lo - half).abs() < 1e-12);
    }

    #[test]
    fn empty_ratio_is_nan() {
        assert!(ratio_estimate(&[0.0], &[0.0]).mean.is_nan());
    }

    #[test]
    fn histogram_quantiles() {
        let mut h = DurationHistogram::new(3);
        for s in 1..=1000 {
            h.record(s as f64);
        }
        assert!((h.quantile_s(0.5) - 500.0).abs() <= 1.0);
        assert!((h.quantile_s(0.9) - 900.0).abs() <= 1.0);
        let mut g = DurationHistogram::new(3);
        g.merge(&h);
        assert_eq!(g.count(), 1000);
    }
}
