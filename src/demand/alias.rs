//! Walker's alias method drawing one index from one 64-bit random word.
//!
//! `rand_distr::WeightedAliasIndex` spends two draws on every sample (a
//! uniform index, then a uniform float for the coin). Sampling demand places
//! and incident types is on the engine's hot path, so this table takes both
//! from one word: the high 32 bits pick the column without bias (Lemire's
//! multiply-and-reject, which redraws with probability below n / 2³²), the
//! low 32 bits toss the column's coin against a 32-bit threshold.

use rand::Rng;

/// Why a table cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AliasError {
    /// No weights.
    #[error("no weights")]
    Empty,
    /// More weights than a 32-bit index holds.
    #[error("{0} weights: at most 4,294,967,295")]
    TooMany(usize),
    /// A weight is negative, NaN or infinite.
    #[error("weight {index} is {value}: weights must be finite and non-negative")]
    Invalid {
        /// Position of the weight.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// Every weight is zero.
    #[error("all weights are zero")]
    AllZero,
}

/// A compiled discrete distribution over `0..n`, proportional to weights.
#[derive(Clone, Debug, PartialEq)]
pub struct AliasTable {
    /// Per column: keep the column when the low 32 bits are below this
    /// (2³² keeps it always), else take its alias.
    keep_below: Vec<u64>,
    alias: Vec<u32>,
    /// `2³² mod n`: high words whose product's low half falls below it are
    /// redrawn, which makes the column uniform.
    reject_below: u32,
}

impl AliasTable {
    /// Builds the table (Vose's method).
    pub fn new(weights: &[f64]) -> Result<AliasTable, AliasError> {
        let n = weights.len();
        if n == 0 {
            return Err(AliasError::Empty);
        }
        if n > u32::MAX as usize {
            return Err(AliasError::TooMany(n));
        }
        if let Some((index, &value)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !w.is_finite() || **w < 0.0)
        {
            return Err(AliasError::Invalid { index, value });
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 || !total.is_finite() {
            return Err(AliasError::AllZero);
        }
        // scaled so that the mean column holds exactly 1
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut keep = vec![1.0f64; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<u32>, Vec<u32>) =
            (0..n as u32).partition(|&i| scaled[i as usize] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            keep[s as usize] = scaled[s as usize];
            alias[s as usize] = l;
            scaled[l as usize] -= 1.0 - scaled[s as usize];
            if scaled[l as usize] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // what is left holds (up to rounding) exactly one column's worth
        for i in small.into_iter().chain(large) {
            keep[i as usize] = 1.0;
        }
        // a zero weight left over by rounding must still point elsewhere
        let heaviest = (0..n)
            .max_by(|&a, &b| weights[a].total_cmp(&weights[b]).then(b.cmp(&a)))
            .unwrap_or(0) as u32;
        for (i, a) in alias.iter_mut().enumerate() {
            if weights[i] == 0.0 && *a as usize == i {
                *a = heaviest;
            }
        }
        const SCALE: f64 = 4_294_967_296.0;
        let keep_below = keep
            .iter()
            .zip(weights)
            .map(|(&k, &w)| {
                if w == 0.0 {
                    // a zero weight is never kept, whatever rounding left it
                    0
                } else {
                    ((k * SCALE).round() as u64).clamp(1, 1 << 32)
                }
            })
            .collect();
        let n32 = n as u32;
        Ok(AliasTable {
            keep_below,
            alias,
            reject_below: n32.wrapping_neg() % n32,
        })
    }

    /// Number of outcomes.
    pub fn len(&self) -> usize {
        self.alias.len()
    }

    /// Always false: a table has at least one outcome.
    pub fn is_empty(&self) -> bool {
        self.alias.is_empty()
    }

    /// Draws an index; one 64-bit word almost always.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let n = self.alias.len() as u64;
        loop {
            let word = rng.next_u64();
            let wide = (word >> 32) * n;
            if (wide as u32) < self.reject_below {
                continue;
            }
            let column = (wide >> 32) as usize;
            let coin = word & 0xffff_ffff;
            // the coin is random: a branch on it mispredicts often, so both
            // outcomes are read and one is selected
            let alias = self.alias[column] as usize;
            return std::hint::select_unpredictable(coin < self.keep_below[column], column, alias);
        }
    }

    /// The probability of each outcome the table encodes (for checks).
    pub fn probabilities(&self) -> Vec<f64> {
        let n = self.len();
        let mut p = vec![0.0; n];
        for column in 0..n {
            let keep = self.keep_below[column] as f64 / 4_294_967_296.0;
            p[column] += keep / n as f64;
            p[self.alias[column] as usize] += (1.0 - keep) / n as f64;
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn encodes_the_weights() {
        for weights in [
            vec![1.0],
            vec![0.618, 0.132, 0.317, 0.432],
            vec![5.0, 0.0, 1.0, 0.0, 2.5],
            (1..=1000)
                .map(|i| (i % 17) as f64 + 0.25)
                .collect::<Vec<_>>(),
            vec![1e-9, 1.0, 1e9],
        ] {
            let table = AliasTable::new(&weights).unwrap();
            let total: f64 = weights.iter().sum();
            for (i, (p, w)) in table.probabilities().iter().zip(&weights).enumerate() {
                assert!(
                    (p - w / total).abs() < 1e-8,
                    "{weights:?}[{i}]: {p} vs {}",
                    w / total
                );
                if *w == 0.0 {
                    assert_eq!(*p, 0.0);
                }
            }
        }
    }

    #[test]
    fn samples_follow_the_weights() {
        let weights = [0.618, 0.132, 0.317, 0.432, 0.0, 2.0, 0.5];
        let table = AliasTable::new(&weights).unwrap();
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(3);
        let n = 1_000_000;
        let mut counts = [0u32; 7];
        for _ in 0..n {
            counts[table.sample(&mut rng)] += 1;
        }
        let total: f64 = weights.iter().sum();
        for (c, w) in counts.iter().zip(&weights) {
            let p = w / total;
            let sd = (p * (1.0 - p) / n as f64).sqrt();
            let got = f64::from(*c) / n as f64;
            assert!((got - p).abs() <= 5.0 * sd + 1e-12, "{got} vs {p}");
        }
        assert_eq!(counts[4], 0);
    }

    #[test]
    fn refuses_bad_weights() {
        assert_eq!(AliasTable::new(&[]), Err(AliasError::Empty));
        assert_eq!(AliasTable::new(&[0.0, 0.0]), Err(AliasError::AllZero));
        assert!(matches!(
            AliasTable::new(&[1.0, -1.0]),
            Err(AliasError::Invalid { index: 1, .. })
        ));
        assert!(matches!(
            AliasTable::new(&[1.0, f64::NAN]),
            Err(AliasError::Invalid { index: 1, .. })
        ));
    }

    #[test]
    fn a_column_count_that_does_not_divide_two_to_the_32_stays_uniform() {
        // three equal weights: every column is kept, so the column draw alone
        // decides; with rejection the counts are uniform
        let table = AliasTable::new(&[1.0, 1.0, 1.0]).unwrap();
        assert_eq!(table.reject_below, 1); // 2^32 mod 3
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(9);
        let mut counts = [0u32; 3];
        for _ in 0..300_000 {
            counts[table.sample(&mut rng)] += 1;
        }
        for c in counts {
            assert!((f64::from(c) - 100_000.0).abs() < 5.0 * 258.2, "{counts:?}");
        }
    }
}
