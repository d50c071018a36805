//! Exact selection of the k-th smallest of many times given as bit patterns
//! (non-negative finite times order like their bits).
//!
//! A replication of a busy model holds a hundred thousand response times,
//! and its p90 is read from all of them. The standard library's selection
//! partitions the whole slice two or three times. Here a sorted sample of
//! the values brackets the k-th smallest with high probability (Floyd and
//! Rivest's idea); one pass counts the values below the bracket and moves
//! the few inside it to the front, and the selection finishes among those.
//! When the bracket misses (an unlucky order of the values), the whole
//! slice is selected as before. Either way the answer is exact.

/// Below this many values the standard selection is used directly.
const SAMPLED_MIN: usize = 8192;
/// Values in the sample.
const SAMPLE: usize = 1024;
/// Half-width of the bracket around the k-th smallest's place in the
/// sample, in sample ranks: about four standard deviations of that place
/// (√(1024 · 0.25) = 16 at worst), so the bracket holds the answer but for
/// about one time in ten thousand.
const BRACKET: usize = 64;

/// The `index`-th smallest (0-based) of `bits`, which it reorders; `index`
/// must be less than `bits.len()`.
pub fn nth_smallest(bits: &mut [u64], index: usize) -> u64 {
    let n = bits.len();
    if n < SAMPLED_MIN {
        return *bits.select_nth_unstable(index).1;
    }
    // an evenly spaced sample, sorted
    let mut sample = [0u64; SAMPLE];
    for (j, s) in sample.iter_mut().enumerate() {
        *s = bits[j * n / SAMPLE];
    }
    sample.sort_unstable();
    let place = index * SAMPLE / n;
    let lo = match place.checked_sub(BRACKET) {
        Some(r) => sample[r],
        None => 0,
    };
    let hi = sample.get(place + BRACKET).copied().unwrap_or(u64::MAX);
    // one pass: count the values below the bracket, gather those inside
    let width = hi - lo;
    let mut below = 0usize;
    let mut inside = 0usize;
    for k in 0..n {
        let v = bits[k];
        below += usize::from(v < lo);
        // swapped whether inside or not, without a branch: outside, the
        // swap moves an already passed value to an already passed place
        bits.swap(inside, k);
        inside += usize::from(v.wrapping_sub(lo) <= width);
    }
    if (below..below + inside).contains(&index) {
        *bits[..inside].select_nth_unstable(index - below).1
    } else {
        *bits.select_nth_unstable(index).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sorted values' entry, for random, ascending, descending and
    /// all-equal values and sizes on either side of the sampled minimum,
    /// and the slice only reordered.
    #[test]
    fn equals_the_sorted_values_entry() {
        let mut x = 3u64;
        for n in [
            1usize,
            2,
            100,
            SAMPLED_MIN - 1,
            SAMPLED_MIN,
            20_000,
            131_000,
        ] {
            let random: Vec<u64> = (0..n)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // few distinct values, so ties are common
                    (((x >> 40) % 3000) as f64 * 0.25).to_bits()
                })
                .collect();
            let mut sorted = random.clone();
            sorted.sort_unstable();
            let descending: Vec<u64> = sorted.iter().rev().copied().collect();
            let equal = vec![900f64.to_bits(); n];
            for values in [&random, &sorted, &descending, &equal] {
                let mut expected = values.clone();
                expected.sort_unstable();
                for index in [0, n / 2, n * 9 / 10, n - 1] {
                    let mut v = values.clone();
                    assert_eq!(
                        nth_smallest(&mut v, index),
                        expected[index],
                        "n {n}, {index}"
                    );
                    v.sort_unstable();
                    assert_eq!(v, expected, "n {n}, {index}: reordered only");
                }
            }
        }
    }

    /// A sample that misses: values whose evenly spaced sample sits far
    /// from the rest still give the exact answer.
    #[test]
    fn a_missed_bracket_falls_back() {
        let n = 50_000;
        // every sampled position holds a large value, the rest are small
        let mut values: Vec<u64> = (0..n).map(|k| k as u64 % 7).collect();
        for j in 0..SAMPLE {
            values[j * n / SAMPLE] = 1_000_000 + j as u64;
        }
        let mut expected = values.clone();
        expected.sort_unstable();
        for index in [0, n / 2, n * 9 / 10, n - 1] {
            let mut v = values.clone();
            assert_eq!(nth_smallest(&mut v, index), expected[index]);
        }
    }
}
