//! Mergeable accumulators and confidence intervals across replications.
//!
//! Means over incidents are ratio estimators (total of a quantity over total
//! of incidents, pooled over replications); their 95 % confidence interval
//! treats each replication as one independent observation of (sum, count) and
//! uses the delta method with a Student-t quantile on n − 1 degrees of freedom.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

mod histogram;
mod moments;
pub mod select;

pub use histogram::DurationHistogram;
pub(crate) use histogram::{PAGE_BYTES, pages_between};
pub use moments::{CoMoments, RatioMoments};

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

/// A share's estimate with its interval moved to the logit scale, so that
/// it stays inside [0, 1]: the delta-method standard error `se` of `e`
/// (its symmetric interval's half-width over `t` for `n` replications)
/// becomes se / (p (1 − p)) around logit p. A share of exactly 0 or 1 (no
/// replication differs) keeps its degenerate interval.
pub fn share_estimate(e: Estimate, n: usize) -> Estimate {
    let (Some([lo, hi]), Some(t)) = (e.ci95, t_quantile_95(n)) else {
        return e;
    };
    let p = e.mean;
    if !(p > 0.0 && p < 1.0) {
        return Estimate {
            mean: p,
            ci95: Some([p.clamp(0.0, 1.0), p.clamp(0.0, 1.0)]),
        };
    }
    let se = 0.5 * (hi - lo) / t;
    let centre = (p / (1.0 - p)).ln();
    let half = t * se / (p * (1.0 - p));
    let expit = |x: f64| 1.0 / (1.0 + (-x).exp());
    Estimate {
        mean: p,
        ci95: Some([expit(centre - half), expit(centre + half)]),
    }
}

/// A ratio estimate Σ num / Σ den and each replication's influence on it,
/// `(num_i − R·den_i) / mean(den)`: the series whose spread, over √n, is the
/// delta-method standard error. `None` when nothing was observed.
pub fn ratio_influence(num: &[f64], den: &[f64]) -> Option<(f64, Vec<f64>)> {
    let n = num.len().min(den.len());
    let sum_x: f64 = den[..n].iter().sum();
    if n == 0 || sum_x <= 0.0 {
        return None;
    }
    let r = num[..n].iter().sum::<f64>() / sum_x;
    let mean_x = sum_x / n as f64;
    let u = num[..n]
        .iter()
        .zip(&den[..n])
        .map(|(y, x)| (y - r * x) / mean_x)
        .collect();
    Some((r, u))
}

/// Sample variance (n − 1); 0 for fewer than two values.
fn variance(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0)
}

/// Two-sided 95 % Student-t quantile for `df` (fractional) degrees of freedom.
fn t_quantile_95_df(df: f64) -> Option<f64> {
    if df.is_nan() || df < 1.0 {
        return None;
    }
    StudentsT::new(0.0, 1.0, df)
        .ok()
        .map(|t| t.inverse_cdf(0.975))
}

/// (z₀.₉₇₅ + z₀.₈₀)²: the factor of a two-sided 5 % test with 80 % power.
fn power_factor() -> f64 {
    let z = Normal::standard();
    (z.inverse_cdf(0.975) + z.inverse_cdf(0.80)).powi(2)
}

/// The difference between two scenarios' estimates (second minus first)
/// with its 95 % confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// Point estimate; NaN (JSON `null`) when either side has none.
    pub estimate: f64,
    /// 95 % confidence interval (`None` with fewer than two replications).
    pub ci95: Option<[f64; 2]>,
    /// The interval excludes zero.
    pub significant: bool,
    /// From paired replications (common random numbers); otherwise the
    /// two sides are treated as independent (Welch).
    pub paired: bool,
    /// Replications (per scenario) that would make a difference of this size
    /// significant at 5 % with 80 % power, given the spread seen; `None`
    /// when the difference is zero or undefined.
    pub replications_needed: Option<u64>,
}

impl Difference {
    /// No estimate (a side had nothing to measure).
    pub fn undefined(paired: bool) -> Difference {
        Difference {
            estimate: f64::NAN,
            ci95: None,
            significant: false,
            paired,
            replications_needed: None,
        }
    }
}

/// The difference `estimate` (second − first) with a CI whose spread comes
/// from per-replication series `first` and `second` (influence values or
/// per-replication statistics; `None` where a replication has none). Paired:
/// the t interval of the replication-wise differences, over replications
/// where both sides have a value. Unpaired: Welch's interval.
pub fn difference(
    estimate: f64,
    first: &[Option<f64>],
    second: &[Option<f64>],
    paired: bool,
) -> Difference {
    if paired {
        let d: Vec<f64> = first
            .iter()
            .zip(second)
            .filter_map(|(a, b)| Some((*b)? - (*a)?))
            .collect();
        Difference::paired(estimate, variance(&d), d.len() as u64)
    } else {
        let a: Vec<f64> = first.iter().flatten().copied().collect();
        let b: Vec<f64> = second.iter().flatten().copied().collect();
        Difference::welch(
            estimate,
            (variance(&a), a.len() as u64),
            (variance(&b), b.len() as u64),
        )
    }
}

impl Difference {
    /// A paired difference: `variance` is the sample variance of the `n`
    /// replication-wise differences.
    pub fn paired(estimate: f64, variance: f64, n: u64) -> Difference {
        if !estimate.is_finite() {
            return Difference::undefined(true);
        }
        let half = t_quantile_95(n as usize).map(|t| t * (variance / n as f64).sqrt());
        Difference::with_half_width(estimate, half, variance, true)
    }

    /// An unpaired difference (Welch): each side's sample variance and count.
    pub fn welch(estimate: f64, first: (f64, u64), second: (f64, u64)) -> Difference {
        if !estimate.is_finite() {
            return Difference::undefined(false);
        }
        let ((var_a, na), (var_b, nb)) = (first, second);
        let (va, vb) = (var_a / na as f64, var_b / nb as f64);
        let se2 = va + vb;
        let (na, nb) = (na as f64, nb as f64);
        let df = if se2 > 0.0 {
            se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0))
        } else {
            na + nb - 2.0
        };
        let half = if na < 2.0 || nb < 2.0 {
            None
        } else {
            t_quantile_95_df(df).map(|t| t * se2.sqrt())
        };
        Difference::with_half_width(estimate, half, var_a + var_b, false)
    }

    fn with_half_width(
        estimate: f64,
        half: Option<f64>,
        variance_per_rep: f64,
        paired: bool,
    ) -> Difference {
        let ci95 = half.map(|h| [estimate - h, estimate + h]);
        let significant = ci95.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0);
        let replications_needed = (estimate != 0.0).then(|| {
            let n = power_factor() * variance_per_rep / (estimate * estimate);
            (n.ceil() as u64).max(2)
        });
        Difference {
            estimate,
            ci95,
            significant,
            paired,
            replications_needed,
        }
    }
}

/// Mean of per-replication values with its CI.
pub fn mean_estimate(values: &[f64]) -> Estimate {
    let ones = vec![1.0; values.len()];
    ratio_estimate(values, &ones)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_intervals_stay_within_zero_and_one() {
        // 1 % of alarms waited, widely spread: the symmetric interval dips below 0
        let num = [0.0, 0.0, 0.0, 3.0, 0.0, 0.0, 2.0, 0.0];
        let den = [50.0; 8];
        let plain = ratio_estimate(&num, &den);
        assert!(plain.ci95.unwrap()[0] < 0.0, "{plain:?}");
        let share = share_estimate(plain, num.len());
        let [lo, hi] = share.ci95.unwrap();
        assert_eq!(share.mean, plain.mean);
        assert!(
            0.0 < lo && lo < share.mean && share.mean < hi && hi < 1.0,
            "{share:?}"
        );
        // near the middle it hardly differs from the symmetric interval
        let mid = ratio_estimate(&[24.0, 26.0, 25.0, 27.0, 23.0], &[50.0; 5]);
        let s = share_estimate(mid, 5);
        let (a, b) = (mid.ci95.unwrap(), s.ci95.unwrap());
        assert!((a[0] - b[0]).abs() < 0.002 && (a[1] - b[1]).abs() < 0.002);
        // none waited: [0, 0]
        let none = share_estimate(ratio_estimate(&[0.0; 4], &[10.0; 4]), 4);
        assert_eq!(none.ci95, Some([0.0, 0.0]));
    }

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
    fn paired_interval_is_the_t_interval_of_differences() {
        let a = [10.0, 20.0, 30.0, 40.0];
        let b = [11.0, 22.0, 30.0, 42.0];
        let some = |v: &[f64]| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        let d = difference(1.25, &some(&a), &some(&b), true);
        // differences 1, 2, 0, 2: sd = 0.9574
        let half = t_quantile_95(4).unwrap() * 0.957_427_107_756_338_1 / 2.0;
        let [lo, hi] = d.ci95.unwrap();
        assert!((hi - 1.25 - half).abs() < 1e-9 && (1.25 - lo - half).abs() < 1e-9);
        assert!(!d.significant, "interval {lo}..{hi} contains 0");
        // correlated sides: the paired interval is far narrower than Welch's
        let u = difference(1.25, &some(&a), &some(&b), false);
        let [ulo, uhi] = u.ci95.unwrap();
        assert!(uhi - ulo > 10.0 * (hi - lo));
        assert!(!u.paired && d.paired);
    }

    #[test]
    fn replications_needed_follows_the_power_formula() {
        let some = |v: &[f64]| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        let d = difference(0.5, &some(&[0.0, 0.0, 0.0]), &some(&[0.0, 1.0, 2.0]), true);
        // var of differences 1.0; (1.96 + 0.8416)² × 1 / 0.25 = 31.4 → 32
        assert_eq!(d.replications_needed, Some(32));
        assert_eq!(
            difference(0.0, &some(&[1.0, 2.0]), &some(&[1.0, 2.0]), true).replications_needed,
            None
        );
    }

    #[test]
    fn missing_replications_are_skipped_pairwise() {
        let a = [Some(1.0), None, Some(3.0), Some(5.0)];
        let b = [Some(2.0), Some(9.0), Some(4.0), Some(6.0)];
        let d = difference(1.0, &a, &b, true);
        // pairs (1,2), (3,4), (5,6): every difference is 1, so the CI is a point
        assert_eq!(d.ci95, Some([1.0, 1.0]));
        assert!(d.significant);
        assert!(difference(f64::NAN, &a, &b, true).estimate.is_nan());
    }

    #[test]
    fn ratio_influence_matches_ratio_estimate() {
        let y = [10.0, 13.0, 14.0, 9.0];
        let x = [2.0, 2.5, 3.0, 2.0];
        let (r, u) = ratio_influence(&y, &x).unwrap();
        let e = ratio_estimate(&y, &x);
        assert_eq!(r, e.mean);
        let n = 4.0;
        let mean_u = u.iter().sum::<f64>() / n;
        let var = u.iter().map(|v| (v - mean_u).powi(2)).sum::<f64>() / (n - 1.0);
        let half = t_quantile_95(4).unwrap() * (var / n).sqrt();
        let [lo, hi] = e.ci95.unwrap();
        assert!((hi - lo - 2.0 * half).abs() < 1e-9);
        assert!(ratio_influence(&[1.0], &[0.0]).is_none());
    }
}
