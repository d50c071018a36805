//! Streaming moments of per-replication pairs (numerator, denominator), from
//! which the ratio estimate and its delta-method interval follow without
//! keeping the replications.

use super::{Estimate, t_quantile_95};

/// Count, means and co-moments of (y, x) pairs, updated one pair at a time
/// (Welford) and merged pairwise (Chan et al.): a [`CoMoments`] of the
/// pair. Merging the same parts in the same order gives the same bits,
/// whatever thread produced each part.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RatioMoments {
    /// Of `[y, x]`.
    m: CoMoments<2>,
}

impl RatioMoments {
    /// Adds one replication's numerator `y` and denominator `x`.
    #[inline]
    pub fn add(&mut self, y: f64, x: f64) {
        self.m.add([y, x]);
    }

    /// Adds one replication's value of a plain mean.
    #[inline]
    pub fn add_value(&mut self, y: f64) {
        self.add(y, 1.0);
    }

    /// Folds in another part (the replications that follow this one's).
    pub fn merge(&mut self, other: &RatioMoments) {
        self.m.merge(&other.m);
    }

    /// (n, ȳ, x̄, Σ(y−ȳ)², Σ(x−x̄)², Σ(x−x̄)(y−ȳ)).
    #[inline]
    fn parts(&self) -> (u64, f64, f64, f64, f64, f64) {
        let m = &self.m;
        (
            m.count(),
            m.mean(0),
            m.mean(1),
            m.comoment(0, 0),
            m.comoment(1, 1),
            m.comoment(1, 0),
        )
    }

    /// Replications seen.
    pub fn count(&self) -> u64 {
        self.m.count()
    }

    /// Sample variance (n − 1) of each replication's influence on the ratio,
    /// `(y − r·x) / x̄`: n times the squared delta-method standard error.
    /// `None` without replications or when x̄ ≤ 0.
    pub fn influence_variance(&self) -> Option<f64> {
        let (n, mean_y, mean_x, cyy, cxx, cxy) = self.parts();
        if n == 0 || mean_x <= 0.0 {
            return None;
        }
        if n < 2 {
            return Some(0.0);
        }
        let r = mean_y / mean_x;
        let ss = (cyy - 2.0 * r * cxy + r * r * cxx).max(0.0);
        Some(ss / (n as f64 - 1.0) / (mean_x * mean_x))
    }

    /// Whether these moments can come from `replications` replications
    /// whose numerators and denominators are finite and non-negative, and,
    /// for a `share`, numerators no larger than their denominators. A few
    /// units in the last place are allowed for the streaming arithmetic;
    /// a part edited by hand (a share of 1.000000000000007) is not.
    pub fn plausible(&self, replications: u64, share: bool) -> bool {
        let (n, mean_y, mean_x, cyy, cxx, _) = self.parts();
        if n != replications {
            return false;
        }
        let finite = [mean_y, mean_x, cyy, cxx].iter().all(|v| v.is_finite());
        let slack = 8.0 * f64::EPSILON;
        let non_negative = mean_y >= 0.0 && mean_x >= 0.0 && cyy >= 0.0 && cxx >= 0.0;
        finite && non_negative && (!share || mean_y <= mean_x * (1.0 + slack))
    }

    /// Mean of the numerators and of the denominators.
    pub fn means(&self) -> (f64, f64) {
        (self.m.mean(0), self.m.mean(1))
    }

    /// Σy / Σx with the delta-method 95 % interval (Student t, n − 1
    /// degrees of freedom); NaN without replications or when Σx ≤ 0.
    pub fn estimate(&self) -> Estimate {
        let (n, mean_y, mean_x, cyy, cxx, cxy) = self.parts();
        if n == 0 || mean_x <= 0.0 {
            return Estimate {
                mean: f64::NAN,
                ci95: None,
            };
        }
        let r = mean_y / mean_x;
        let ci95 = t_quantile_95(n as usize).map(|t| {
            let n = n as f64;
            // Σ (y − r x)²; the mean residual is zero at r = ȳ / x̄
            let ss = (cyy - 2.0 * r * cxy + r * r * cxx).max(0.0);
            let se = (ss / (n - 1.0) / n).sqrt() / mean_x;
            [r - t * se, r + t * se]
        });
        Estimate { mean: r, ci95 }
    }
}

/// Count, means and the matrix of co-moments (sums of products of
/// deviations) of `D`-dimensional observations, one per replication: what a
/// paired comparison of two runs needs from their replications, without
/// keeping them. Updated and merged as [`RatioMoments`] is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CoMoments<const D: usize> {
    n: u64,
    mean: [f64; D],
    c: [[f64; D]; D],
}

/// Stored as (count, means, co-moments row by row): the exact state, for a
/// shard's partial result.
impl<const D: usize> serde::Serialize for CoMoments<D> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c: Vec<f64> = self.c.iter().flatten().copied().collect();
        (self.n, self.mean.as_slice(), c).serialize(s)
    }
}

impl<'de, const D: usize> serde::Deserialize<'de> for CoMoments<D> {
    fn deserialize<De: serde::Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        let (n, mean, c): (u64, Vec<f64>, Vec<f64>) = serde::Deserialize::deserialize(d)?;
        if mean.len() != D || c.len() != D * D {
            return Err(serde::de::Error::custom(format!(
                "co-moments of {} values, expected {D}",
                mean.len()
            )));
        }
        let mut out = CoMoments::<D> {
            n,
            ..CoMoments::default()
        };
        out.mean.copy_from_slice(&mean);
        for (row, chunk) in out.c.iter_mut().zip(c.chunks(D)) {
            row.copy_from_slice(chunk);
        }
        Ok(out)
    }
}

impl<const D: usize> Default for CoMoments<D> {
    fn default() -> Self {
        CoMoments {
            n: 0,
            mean: [0.0; D],
            c: [[0.0; D]; D],
        }
    }
}

// index loops read as the matrix algebra they are
#[allow(clippy::needless_range_loop)]
impl<const D: usize> CoMoments<D> {
    /// Adds one observation.
    #[inline]
    pub fn add(&mut self, v: [f64; D]) {
        self.n += 1;
        let n = self.n as f64;
        let mut before = [0.0; D];
        for k in 0..D {
            before[k] = v[k] - self.mean[k];
            self.mean[k] += before[k] / n;
        }
        for i in 0..D {
            for j in 0..D {
                self.c[i][j] += before[i] * (v[j] - self.mean[j]);
            }
        }
    }

    /// Folds in another part (the observations that follow this one's).
    pub fn merge(&mut self, other: &CoMoments<D>) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let (na, nb) = (self.n as f64, other.n as f64);
        let n = na + nb;
        let mut d = [0.0; D];
        for k in 0..D {
            d[k] = other.mean[k] - self.mean[k];
        }
        let w = na * nb / n;
        for i in 0..D {
            for j in 0..D {
                self.c[i][j] += other.c[i][j] + d[i] * d[j] * w;
            }
        }
        for k in 0..D {
            self.mean[k] += d[k] * nb / n;
        }
        self.n += other.n;
    }

    /// Observations seen.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Mean of component `k`.
    pub fn mean(&self, k: usize) -> f64 {
        self.mean[k]
    }

    /// Σ (v_i − v̄_i)(v_j − v̄_j), as accumulated: deviations of component
    /// `i` before each update times those of `j` after it (Welford), so
    /// `(i, j)` and `(j, i)` may differ in the last bits.
    pub fn comoment(&self, i: usize, j: usize) -> f64 {
        self.c[i][j]
    }

    /// Σ wᵀ(v − v̄)(v − v̄)ᵀw: the sum of squared deviations of the linear
    /// combination `w · v` over the observations.
    pub fn squared_deviations_of(&self, w: [f64; D]) -> f64 {
        let mut ss = 0.0;
        for i in 0..D {
            for j in 0..D {
                ss += w[i] * self.c[i][j] * w[j];
            }
        }
        ss.max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::ratio_estimate;

    #[test]
    fn co_moments_give_the_variance_of_any_combination() {
        let rows: Vec<[f64; 3]> = (0..400)
            .map(|i| {
                let t = i as f64;
                [
                    t.sin() * 3.0 + 10.0,
                    (t * 0.7).cos() + 2.0,
                    ((i * 13) % 17) as f64,
                ]
            })
            .collect();
        let w = [0.5, -2.0, 0.25];
        let combo: Vec<f64> = rows
            .iter()
            .map(|r| r.iter().zip(&w).map(|(a, b)| a * b).sum())
            .collect();
        let mean = combo.iter().sum::<f64>() / combo.len() as f64;
        let ss: f64 = combo.iter().map(|v| (v - mean).powi(2)).sum();
        let mut whole = CoMoments::<3>::default();
        let mut parts = [CoMoments::<3>::default(); 4];
        for (i, r) in rows.iter().enumerate() {
            whole.add(*r);
            parts[i / 100].add(*r);
        }
        let mut merged = CoMoments::<3>::default();
        parts.iter().for_each(|p| merged.merge(p));
        for m in [whole, merged] {
            assert_eq!(m.count(), 400);
            assert!(close(m.squared_deviations_of(w), ss));
            assert!((m.mean(2) - rows.iter().map(|r| r[2]).sum::<f64>() / 400.0).abs() < 1e-12);
        }
    }

    #[test]
    fn influence_variance_is_the_variance_of_the_influence_values() {
        let y: Vec<f64> = (0..300).map(|i| 50.0 + ((i * 37) % 23) as f64).collect();
        let x: Vec<f64> = (0..300).map(|i| 9.0 + (i % 5) as f64).collect();
        let mut m = RatioMoments::default();
        y.iter().zip(&x).for_each(|(&a, &b)| m.add(a, b));
        let (_, u) = crate::stats::ratio_influence(&y, &x).unwrap();
        let mean = u.iter().sum::<f64>() / u.len() as f64;
        let var = u.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (u.len() - 1) as f64;
        assert!(close(m.influence_variance().unwrap(), var));
        assert_eq!(RatioMoments::default().influence_variance(), None);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300)
    }

    #[test]
    fn streaming_equals_the_stored_formula() {
        let y: Vec<f64> = (0..500).map(|i| 100.0 + ((i * 37) % 101) as f64).collect();
        let x: Vec<f64> = (0..500).map(|i| 20.0 + ((i * 11) % 7) as f64).collect();
        let mut m = RatioMoments::default();
        y.iter().zip(&x).for_each(|(&a, &b)| m.add(a, b));
        let (s, r) = (m.estimate(), ratio_estimate(&y, &x));
        assert!(close(s.mean, r.mean));
        let (a, b) = (s.ci95.unwrap(), r.ci95.unwrap());
        assert!(close(a[0], b[0]) && close(a[1], b[1]), "{a:?} vs {b:?}");
    }

    #[test]
    fn merging_parts_equals_one_pass() {
        let mut whole = RatioMoments::default();
        let mut parts = [RatioMoments::default(); 3];
        for i in 0..300 {
            let (y, x) = ((i as f64).sin() * 5.0 + 40.0, 10.0 + (i % 3) as f64);
            whole.add(y, x);
            parts[i / 100].add(y, x);
        }
        let mut merged = RatioMoments::default();
        parts.iter().for_each(|p| merged.merge(p));
        let (a, b) = (whole.estimate(), merged.estimate());
        assert_eq!(merged.count(), 300);
        assert!(close(a.mean, b.mean));
        assert!(close(a.ci95.unwrap()[1], b.ci95.unwrap()[1]));
    }

    #[test]
    fn empty_or_single_replications() {
        assert!(RatioMoments::default().estimate().mean.is_nan());
        let mut m = RatioMoments::default();
        m.add_value(3.0);
        assert_eq!(m.estimate().mean, 3.0);
        assert_eq!(m.estimate().ci95, None);
        let mut z = RatioMoments::default();
        z.add(1.0, 0.0);
        assert!(z.estimate().mean.is_nan());
    }
}
