//! Travel-time noise: each trip's time is the road network's time times a
//! lognormal multiplier of mean 1 and a given coefficient of variation.
//!
//! The multiplier is a function of (replication key, alarm, trip) alone, a
//! counter-based draw with no state: the k-th unit sent to alarm i gets the
//! same multipliers out and back in every scenario run with the same seed,
//! whatever else the scenarios dispatch, so common random numbers still pair
//! them (a scenario compared with itself differs by exactly zero).

/// Lognormal multipliers of mean 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TravelNoise {
    /// σ of the underlying normal.
    sigma: f64,
    /// μ = −σ²/2, so that the mean is 1.
    mu: f64,
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform in (0, 1] from 64 bits.
#[inline]
fn unit_interval(bits: u64) -> f64 {
    ((bits >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
}

impl TravelNoise {
    /// Noise of coefficient of variation `cv`; `None` for 0 (deterministic
    /// travel, exactly as without noise).
    pub fn new(cv: f64) -> Option<TravelNoise> {
        (cv > 0.0 && cv.is_finite()).then(|| {
            let sigma = TravelNoise::sigma_of(cv);
            TravelNoise {
                sigma,
                mu: -0.5 * sigma * sigma,
            }
        })
    }

    /// The multiplier of trip `trip` (2k out, 2k + 1 back for the k-th
    /// unit sent) of alarm `alarm` in the replication keyed `key`.
    #[inline]
    pub fn multiplier(&self, key: u64, alarm: u32, trip: u32) -> f64 {
        (self.mu + self.sigma * normal(key, alarm, trip)).exp()
    }

    /// The σ of the lognormal of mean 1 and coefficient of variation `cv`.
    pub fn sigma_of(cv: f64) -> f64 {
        (1.0 + cv * cv).ln().sqrt()
    }

    /// The multiplier of a trip whose own lognormal has σ `sigma` (a trip
    /// over road classes of different spread), from the same standard
    /// normal as [`TravelNoise::multiplier`].
    #[inline]
    pub fn multiplier_of(sigma: f64, key: u64, alarm: u32, trip: u32) -> f64 {
        (sigma * normal(key, alarm, trip) - 0.5 * sigma * sigma).exp()
    }
}

/// The standard normal of (key, alarm, trip): Box–Muller from two uniforms
/// of a counter-based hash.
#[inline]
fn normal(key: u64, alarm: u32, trip: u32) -> f64 {
    let h = mix(key ^ mix((u64::from(alarm) << 32) | u64::from(trip)));
    let (u1, u2) = (unit_interval(h), unit_interval(mix(h)));
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

impl TravelNoise {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipliers_have_mean_one_and_the_given_spread() {
        let noise = TravelNoise::new(0.3).unwrap();
        let n = 200_000u32;
        let draws: Vec<f64> = (0..n).map(|i| noise.multiplier(42, i / 4, i % 4)).collect();
        let mean = draws.iter().sum::<f64>() / f64::from(n);
        let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / f64::from(n - 1);
        // standard error of the mean is 0.3 / sqrt(n) ≈ 0.00067
        assert!((mean - 1.0).abs() < 0.004, "{mean}");
        assert!((var.sqrt() / mean - 0.3).abs() < 0.01, "{}", var.sqrt());
        assert!(draws.iter().all(|d| *d > 0.0));
        // the same (key, alarm, trip) gives the same multiplier; another key not
        assert_eq!(noise.multiplier(1, 2, 3), noise.multiplier(1, 2, 3));
        assert_ne!(noise.multiplier(1, 2, 3), noise.multiplier(2, 2, 3));
        assert!(TravelNoise::new(0.0).is_none());
    }
}
