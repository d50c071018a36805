//! The fixed order in which replications' accumulators are combined: a
//! binary tree over replication indices, so a run split anywhere (across
//! threads, parts or cluster shards) combines every pair of operands
//! exactly as the run in one piece does, and the floating-point sums come
//! out bit for bit the same.
//!
//! The tree's nodes are the aligned blocks `[k·2ʲ, (k+1)·2ʲ)`. Folding
//! keeps a stack of finished blocks; a block joins the one below it when
//! the two are the halves of their parent. Whatever splits a range of
//! replications into consecutive pieces, folding each piece and then
//! pushing the pieces' blocks in order builds the same nodes from the same
//! children.

use serde::{Deserialize, Serialize};

/// What can be folded: merged with the accumulator of the replications
/// that follow, and reset for reuse.
pub trait Foldable: Clone {
    /// Folds in `later`, covering the replications just after these.
    fn merge_later(&mut self, later: &Self);
    /// Forgets everything, keeping the buffers.
    fn reset(&mut self);
}

/// Most emptied accumulators a fold keeps: a stack over 2³² replications
/// holds at most 33 blocks.
const MAX_SPARE: usize = 34;

/// A finished block of the tree: replications `start..start + len`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Block<T> {
    /// First replication.
    pub start: u32,
    /// Replications, a power of two; `start` is a multiple of it.
    pub len: u32,
    /// Their accumulator.
    pub value: T,
}

/// The fold of consecutive replications, as a stack of finished blocks.
#[derive(Clone, Debug)]
pub struct TreeFold<T> {
    stack: Vec<Block<T>>,
    /// Emptied accumulators, reused so that a warm fold allocates nothing.
    spare: Vec<T>,
}

impl<T: Foldable> Default for TreeFold<T> {
    fn default() -> Self {
        TreeFold::new()
    }
}

/// Why a block cannot be pushed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FoldError {
    /// Not an aligned power-of-two block.
    #[error("block {start}+{len} is not an aligned power-of-two block")]
    Unaligned {
        /// Its start.
        start: u32,
        /// Its length.
        len: u32,
    },
    /// Not the replications right after the last block.
    #[error("block {start}+{len} does not follow replication {next}")]
    Gap {
        /// Its start.
        start: u32,
        /// Its length.
        len: u32,
        /// The replication expected next.
        next: u32,
    },
}

impl<T: Foldable> TreeFold<T> {
    /// An empty fold.
    pub fn new() -> TreeFold<T> {
        TreeFold {
            stack: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// The replication the next block must start at (`None`: anywhere,
    /// when empty).
    pub fn next(&self) -> Option<u32> {
        self.stack.last().map(|b| b.start + b.len)
    }

    /// An emptied accumulator to fill for one replication: a spare one,
    /// else a clone of `template` reset.
    pub fn leaf(&mut self, template: &T) -> T {
        match self.spare.pop() {
            Some(v) => v,
            None => {
                let mut v = template.clone();
                v.reset();
                v
            }
        }
    }

    /// Pushes the accumulator of replication `i` alone.
    pub fn push_replication(&mut self, i: u32, value: T) {
        self.push_unchecked(i, 1, value);
    }

    /// Pushes a finished block (from another fold, in replication order).
    pub fn push(&mut self, block: Block<T>) -> Result<(), FoldError> {
        let Block { start, len, value } = block;
        if len == 0 || !len.is_power_of_two() || start % len != 0 {
            return Err(FoldError::Unaligned { start, len });
        }
        if let Some(next) = self.next()
            && next != start
        {
            return Err(FoldError::Gap { start, len, next });
        }
        self.push_unchecked(start, len, value);
        Ok(())
    }

    fn push_unchecked(&mut self, mut start: u32, mut len: u32, mut value: T) {
        while let Some(top) = self.stack.last_mut() {
            let halves = top.len == len && top.start + len == start && top.start % (2 * len) == 0;
            if !halves {
                break;
            }
            top.value.merge_later(&value);
            // a fold that only takes finished blocks never asks for leaves:
            // keep no more spares than the stack can ever hold
            if self.spare.len() < MAX_SPARE {
                value.reset();
                self.spare.push(value);
            }
            let Some(parent) = self.stack.pop() else {
                unreachable!("the top was just seen")
            };
            start = parent.start;
            len *= 2;
            value = parent.value;
        }
        self.stack.push(Block { start, len, value });
    }

    /// The finished blocks, oldest first (what a shard hands on).
    pub fn into_blocks(self) -> Vec<Block<T>> {
        self.stack
    }

    /// The whole fold: the remaining blocks merged oldest first; `None`
    /// when nothing was pushed.
    pub fn finish(self) -> Option<T> {
        let mut blocks = self.stack.into_iter();
        let mut total = blocks.next()?.value;
        for b in blocks {
            total.merge_later(&b.value);
        }
        Some(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A non-associative accumulator: the rounded sum of its parts, so a
    /// different order of merging shows.
    #[derive(Clone, Debug, PartialEq)]
    struct Sum(f64, Vec<u32>);

    impl Foldable for Sum {
        fn merge_later(&mut self, later: &Self) {
            self.0 = (self.0 + later.0) * (1.0 + 1e-9);
            self.1.extend_from_slice(&later.1);
        }
        fn reset(&mut self) {
            self.0 = 0.0;
            self.1.clear();
        }
    }

    fn leaf(i: u32) -> Sum {
        Sum(1.0 / (f64::from(i) + 3.0), vec![i])
    }

    fn whole(range: std::ops::Range<u32>) -> TreeFold<Sum> {
        let mut f = TreeFold::new();
        for i in range {
            f.push_replication(i, leaf(i));
        }
        f
    }

    #[test]
    fn any_split_folds_to_the_same_bits() {
        for n in [1u32, 2, 3, 7, 8, 13, 64, 100] {
            let one = whole(0..n).finish().unwrap();
            assert_eq!(one.1, (0..n).collect::<Vec<_>>());
            for shards in 1..=n.min(9) {
                let mut total = TreeFold::new();
                for k in 0..shards {
                    let (a, b) = (k * n / shards, (k + 1) * n / shards);
                    for block in whole(a..b).into_blocks() {
                        total.push(block).unwrap();
                    }
                }
                let split = total.finish().unwrap();
                assert_eq!(split.0.to_bits(), one.0.to_bits(), "n {n}, {shards} shards");
            }
        }
        // a left fold gives other bits: the test can tell
        let mut left = leaf(0);
        for i in 1..13 {
            left.merge_later(&leaf(i));
        }
        assert_ne!(left.0.to_bits(), whole(0..13).finish().unwrap().0.to_bits());
    }

    #[test]
    fn blocks_must_be_aligned_and_in_order() {
        let mut f = whole(0..4);
        assert_eq!(
            f.push(Block {
                start: 6,
                len: 2,
                value: leaf(6)
            }),
            Err(FoldError::Gap {
                start: 6,
                len: 2,
                next: 4
            })
        );
        assert!(matches!(
            f.push(Block {
                start: 4,
                len: 3,
                value: leaf(4)
            }),
            Err(FoldError::Unaligned { .. })
        ));
        assert!(TreeFold::<Sum>::new().finish().is_none());
    }
}
