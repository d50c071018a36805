//! A log-linear histogram of durations, read straight off the bits of an
//! `f64`: 1,024 buckets per power of two, so a bucket is at most 0.098 % of
//! its value wide and the midpoint is within 0.049 % of anything in it.
//!
//! Counts are integers and the extremes are kept exactly, so merging in any
//! order gives the same histogram, and a quantile that falls on the smallest
//! or largest value seen is exact (every response 900 s reports 900 s).
//! The counts are kept for one contiguous span of pages (1,024 buckets
//! each), from the page of the smallest duration seen to that of the
//! largest, so a histogram costs what its data spans (8 KB per octave,
//! small enough for a core's L2 cache to hold a replication's working set)
//! and recording into a warm one never allocates. A duration's bucket is
//! one subtraction from its bits, and one comparison tells whether it
//! falls inside the span.

/// Mantissa bits that pick the bucket within an octave.
const SUB_BITS: u32 = 10;
/// Buckets per page.
const SUBS: usize = 1 << SUB_BITS;
/// Page 0 holds [0, 1) s linearly; page k ≥ 1 holds [2^(k−1), 2^k) s.
/// The last page also takes everything above its range.
const PAGES: usize = 33;
/// Bits of 1.0 s, the start of page 1.
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;
/// Subtracted from a duration's top bits (exponent and the bucket's
/// mantissa bits) to give its flat index `page * SUBS + sub`, for
/// durations of at least 1 s.
const FLAT_BASE: u64 = (0x3ff << SUB_BITS) - SUBS as u64;

/// Pooled durations in seconds; see the module documentation.
#[derive(Clone, Debug)]
pub struct DurationHistogram {
    /// Flat index (`page * SUBS`) of the first bucket in `counts`.
    start: usize,
    /// Counts of the buckets from `start` on, whole pages.
    counts: Vec<u64>,
    count: u64,
    min: f64,
    max: f64,
}

/// Stored sparse: (count, min, max, per non-empty page its index and its
/// non-zero buckets), the exact state, for a shard's partial result.
impl serde::Serialize for DurationHistogram {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let first_page = self.start / SUBS;
        let pages: Vec<(u8, Vec<(u16, u64)>)> = self
            .counts
            .chunks_exact(SUBS)
            .enumerate()
            .filter_map(|(k, counts)| {
                let nonzero: Vec<(u16, u64)> = counts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(|(b, c)| (b as u16, *c))
                    .collect();
                (!nonzero.is_empty()).then(|| ((first_page + k) as u8, nonzero))
            })
            .collect();
        (self.count, self.min, self.max, pages).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for DurationHistogram {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        type Stored = (u64, f64, f64, Vec<(u8, Vec<(u16, u64)>)>);
        let (count, min, max, pages): Stored = serde::Deserialize::deserialize(d)?;
        let mut h = DurationHistogram::new();
        let mut total = 0u64;
        for (p, buckets) in pages {
            let p = usize::from(p);
            if p >= PAGES {
                return Err(serde::de::Error::custom(format!("histogram page {p}")));
            }
            for (b, c) in buckets {
                let b = usize::from(b);
                if b >= SUBS {
                    return Err(serde::de::Error::custom(format!("histogram bucket {b}")));
                }
                *h.bucket_mut(p * SUBS + b) = c;
                total = total.saturating_add(c);
            }
        }
        if total != count {
            return Err(serde::de::Error::custom(format!(
                "histogram of {count} values holds {total}"
            )));
        }
        h.count = count;
        h.min = min;
        h.max = max;
        Ok(h)
    }
}

impl Default for DurationHistogram {
    fn default() -> Self {
        DurationHistogram::new()
    }
}

/// Bytes of one page of counts.
pub const PAGE_BYTES: usize = SUBS * std::mem::size_of::<u64>();

/// Pages a histogram spans once it has seen durations from `lo` to `hi`
/// seconds (at least 1, at most every page).
pub fn pages_between(lo: f64, hi: f64) -> usize {
    let (a, _) = locate(lo.min(hi));
    let (b, _) = locate(lo.max(hi));
    b - a + 1
}

/// Page and bucket of a non-negative, non-NaN duration.
#[inline]
fn locate(seconds: f64) -> (usize, usize) {
    if seconds < 1.0 {
        // also catches negatives, which only rounding could produce
        let sub = (seconds.max(0.0) * SUBS as f64) as usize;
        return (0, sub.min(SUBS - 1));
    }
    let bits = seconds.to_bits();
    let octave = ((bits >> 52) & 0x7ff) as usize - 1023;
    if octave + 1 >= PAGES {
        return (PAGES - 1, SUBS - 1);
    }
    let sub = ((bits >> (52 - SUB_BITS)) as usize) & (SUBS - 1);
    (octave + 1, sub)
}

/// The bounds [lo, hi) of a bucket, seconds.
fn bounds(page: usize, sub: usize) -> (f64, f64) {
    let step = if page == 0 {
        1.0 / SUBS as f64
    } else {
        (2f64).powi(page as i32 - 1) / SUBS as f64
    };
    let base = if page == 0 {
        0.0
    } else {
        (2f64).powi(page as i32 - 1)
    };
    (base + sub as f64 * step, base + (sub + 1) as f64 * step)
}

impl DurationHistogram {
    /// An empty histogram (allocates nothing until the first value).
    pub fn new() -> DurationHistogram {
        DurationHistogram {
            start: 0,
            counts: Vec::new(),
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// The count of the bucket at flat index `flat` (`page * SUBS + sub`),
    /// widening the span to its page first if need be.
    fn bucket_mut(&mut self, flat: usize) -> &mut u64 {
        let page_start = flat - flat % SUBS;
        if self.counts.is_empty() {
            self.start = page_start;
            self.counts.resize(SUBS, 0);
        } else if page_start < self.start {
            let grow = self.start - page_start;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.start = page_start;
        } else if flat >= self.start + self.counts.len() {
            self.counts.resize(page_start + SUBS - self.start, 0);
        }
        &mut self.counts[flat - self.start]
    }

    /// Records one duration in seconds (NaN is ignored).
    #[inline]
    pub fn record(&mut self, seconds: f64) {
        if seconds.is_nan() {
            return;
        }
        let (page, sub) = locate(seconds);
        *self.bucket_mut(page * SUBS + sub) += 1;
        self.count += 1;
        self.min = self.min.min(seconds);
        self.max = self.max.max(seconds);
    }

    /// Records many durations given as `f64` bit patterns (NaN ignored), as
    /// [`DurationHistogram::record`] would one by one. A duration of at
    /// least 1 s inside the span takes the fast path: its bucket straight
    /// from its bits, and the count and the extremes (as bits, which order
    /// like non-negative times) kept in registers meanwhile.
    pub fn record_bits(&mut self, values: &[u64]) {
        let (mut count, mut min_bits, mut max_bits) = (0u64, u64::MAX, 0u64);
        let mut rest = values;
        loop {
            // the fast path runs up to the first value outside the span, with
            // the span's start and counts held locally: the slow path may
            // move them, and is the only place that does
            let start = self.start;
            let counts = &mut self.counts[..];
            let mut outside = None;
            for (k, &bits) in rest.iter().enumerate() {
                let local = ((bits >> (52 - SUB_BITS)).wrapping_sub(FLAT_BASE) as usize)
                    .wrapping_sub(start);
                match counts.get_mut(local) {
                    Some(c) if bits >= ONE_BITS => {
                        *c += 1;
                        count += 1;
                        min_bits = min_bits.min(bits);
                        max_bits = max_bits.max(bits);
                    }
                    _ => {
                        outside = Some(k);
                        break;
                    }
                }
            }
            let Some(k) = outside else { break };
            self.record(f64::from_bits(rest[k]));
            rest = &rest[k + 1..];
        }
        if count > 0 {
            self.count += count;
            self.min = self.min.min(f64::from_bits(min_bits));
            self.max = self.max.max(f64::from_bits(max_bits));
        }
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &DurationHistogram) {
        if !other.counts.is_empty() {
            // widen to both ends of the other's span, then add
            self.bucket_mut(other.start);
            self.bucket_mut(other.start + other.counts.len() - 1);
            let offset = other.start - self.start;
            for (a, b) in self.counts[offset..].iter_mut().zip(&other.counts) {
                *a += b;
            }
        }
        self.count += other.count;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Non-empty buckets in increasing order: (lower bound, upper bound, count).
    fn buckets(&self) -> impl Iterator<Item = (f64, f64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(move |(k, &c)| {
                let flat = self.start + k;
                let (lo, hi) = bounds(flat / SUBS, flat % SUBS);
                (lo, hi, c)
            })
    }

    /// Share of the recorded durations at most `seconds` (0 when empty),
    /// interpolating linearly inside the bucket that holds `seconds`.
    pub fn share_at_most(&self, seconds: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        if seconds >= self.max {
            return 1.0;
        }
        if seconds < self.min {
            return 0.0;
        }
        let mut below = 0.0;
        for (lo, hi, c) in self.buckets() {
            let (lo, hi) = (lo.max(self.min), hi.min(self.max));
            if hi <= seconds {
                below += c as f64;
            } else {
                if lo <= seconds {
                    below += c as f64 * (seconds - lo) / (hi - lo);
                }
                break;
            }
        }
        below / self.count as f64
    }

    /// The nearest-rank `q` quantile (0–1) in seconds: the midpoint of the
    /// bucket holding that rank, its range narrowed to the smallest and
    /// largest value recorded; NaN when empty.
    pub fn quantile_s(&self, q: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let rank = ((q * self.count as f64).ceil() as u64).clamp(1, self.count);
        let mut seen = 0;
        for (lo, hi, c) in self.buckets() {
            seen += c;
            if seen >= rank {
                return 0.5 * (lo.max(self.min) + hi.min(self.max));
            }
        }
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_falls_in_its_bucket() {
        for v in [0.0, 0.3, 0.999, 1.0, 1.5, 59.9, 900.0, 901.3, 3600.0, 1e6] {
            let (p, s) = locate(v);
            let (lo, hi) = bounds(p, s);
            assert!(lo <= v && v < hi, "{v} not in [{lo}, {hi})");
            if v >= 1.0 {
                assert!((hi - lo) / lo <= 1.0 / 1024.0 + 1e-15);
            }
        }
        // beyond the last page: the top bucket
        assert_eq!(locate(1e300), (PAGES - 1, SUBS - 1));
    }

    #[test]
    fn constant_values_give_exact_quantiles() {
        let mut h = DurationHistogram::new();
        for _ in 0..1000 {
            h.record(900.0);
        }
        assert_eq!(h.quantile_s(0.5), 900.0);
        assert_eq!(h.quantile_s(0.9), 900.0);
        assert_eq!(h.share_at_most(900.0), 1.0);
        assert_eq!(h.share_at_most(899.0), 0.0);
        // the largest value is exact, others within half a bucket
        let mut d = DurationHistogram::new();
        [2.0, 2.0, 2.0, 7.5].iter().for_each(|&v| d.record(v));
        assert!((d.quantile_s(0.5) - 2.0).abs() / 2.0 < 0.0005);
        assert_eq!(d.quantile_s(1.0), 7.5);
    }

    #[test]
    fn quantiles_are_within_a_twentieth_of_a_percent_of_the_sample() {
        let values: Vec<f64> = (1..=10_000).map(|i| (i as f64).powf(1.3) * 0.37).collect();
        let mut h = DurationHistogram::new();
        values.iter().for_each(|&v| h.record(v));
        for q in [0.01, 0.25, 0.5, 0.9, 0.95, 0.999] {
            let rank = (q * values.len() as f64).ceil() as usize;
            let exact = values[rank - 1];
            let got = h.quantile_s(q);
            assert!(
                (got - exact).abs() / exact < 0.0005,
                "q {q}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn recording_in_bulk_equals_one_by_one() {
        let values: Vec<f64> = [2.0, 2.0, 2.0, 0.5, f64::NAN, 900.0, 901.0, 2.0, 1e9, 0.0]
            .into_iter()
            .chain((0..5000).map(|i| ((i * 7919) % 3001) as f64 * 1.7))
            .collect();
        let mut one = DurationHistogram::new();
        values.iter().for_each(|&v| one.record(v));
        let mut bulk = DurationHistogram::new();
        let bits: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
        bulk.record_bits(&bits[..7]);
        bulk.record_bits(&bits[7..]);
        bulk.record_bits(&[]);
        assert_eq!(one.count(), bulk.count());
        assert_eq!((one.min, one.max), (bulk.min, bulk.max));
        assert_eq!((one.start, &one.counts), (bulk.start, &bulk.counts));
    }

    #[test]
    fn the_span_grows_either_way_and_stores_as_pages() {
        let values = [3600.0, 0.25, 1e12, 7.0, 0.0, 900.0, 2.5e9];
        let mut up = DurationHistogram::new();
        values.iter().for_each(|&v| up.record(v));
        let mut down = DurationHistogram::new();
        values.iter().rev().for_each(|&v| down.record(v));
        assert_eq!((up.start, &up.counts), (down.start, &down.counts));
        // from page 0 ([0, 1) s) to the last page, which takes 1e12 s
        assert_eq!((up.start, up.counts.len()), (0, PAGES * SUBS));
        let stored = postcard::to_allocvec(&up).unwrap();
        let back: DurationHistogram = postcard::from_bytes(&stored).unwrap();
        assert_eq!(
            (back.start, back.count, back.min, back.max),
            (0, 7, 0.0, 1e12)
        );
        // pages with nothing in them are not stored, so the span is rebuilt
        // from the pages that are, and counts agree bucket for bucket
        let buckets: Vec<_> = up.buckets().collect();
        assert_eq!(back.buckets().collect::<Vec<_>>(), buckets);
        let mut merged = DurationHistogram::new();
        merged.record(5.0);
        merged.merge(&up);
        merged.merge(&DurationHistogram::new());
        assert_eq!(merged.count(), 8);
        assert!(merged.quantile_s(0.0) < 1.0 / 1024.0);
    }

    #[test]
    fn stored_histograms_out_of_range_are_refused() {
        type Stored = (u64, f64, f64, Vec<(u8, Vec<(u16, u64)>)>);
        let load = |stored: Stored| {
            let bytes = postcard::to_allocvec(&stored).unwrap();
            postcard::from_bytes::<DurationHistogram>(&bytes).map(|h| h.count())
        };
        assert_eq!(
            load((2, 1.0, 2.0, vec![(1, vec![(0, 1), (1023, 1)])])),
            Ok(2)
        );
        assert!(load((1, 1.0, 1.0, vec![(PAGES as u8, vec![(0, 1)])])).is_err());
        assert!(load((1, 1.0, 1.0, vec![(1, vec![(SUBS as u16, 1)])])).is_err());
        assert!(load((3, 1.0, 1.0, vec![(1, vec![(0, 1)])])).is_err());
    }

    #[test]
    fn merging_is_order_free_and_shares_interpolate() {
        let mut a = DurationHistogram::new();
        let mut b = DurationHistogram::new();
        (1..=500).for_each(|s| a.record(s as f64));
        (501..=1000).for_each(|s| b.record(s as f64));
        a.record(f64::NAN);
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab.count(), 1000);
        for q in [0.1, 0.5, 0.9] {
            assert_eq!(ab.quantile_s(q), ba.quantile_s(q));
        }
        assert!((ab.share_at_most(250.0) - 0.25).abs() < 0.002);
        assert_eq!(DurationHistogram::new().share_at_most(1.0), 0.0);
        assert!(DurationHistogram::new().quantile_s(0.5).is_nan());
    }
}
