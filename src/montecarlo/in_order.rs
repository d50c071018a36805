//! Handing on, in index order, items that parallel workers finish in any
//! order: the merge of a run's parts without a barrier between batches.
//!
//! Workers claim indices one after another ([`InOrder::claim`]) and deposit
//! what they made ([`Claim::deposit`]); whichever worker deposits the
//! next index in line hands it, and every waiting item after it, to the
//! sink. So the sink sees items in index order whatever the scheduling,
//! and no worker waits for a slower one unless it runs more than `window`
//! indices ahead of the oldest unfinished one, which bounds the items held.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard};

/// Indices `start..end` claimed by workers, their items handed to a sink
/// in index order.
pub(super) struct InOrder<T, S> {
    state: Mutex<State<T, S>>,
    /// Signalled when the next index in line advances.
    advanced: Condvar,
    end: u32,
    window: u32,
}

struct State<T, S> {
    /// The next index to claim.
    claimed: u32,
    /// The next index the sink takes.
    next: u32,
    /// Items deposited ahead of `next`.
    waiting: BTreeMap<u32, T>,
    /// A claim was dropped undeposited (its worker panicked): nothing
    /// more is claimed, and no worker waits for it.
    abandoned: bool,
    sink: S,
}

impl<T, S> InOrder<T, S> {
    /// Indices `start..end` for `sink`; a worker waits before starting an
    /// index `window` or more past the oldest unfinished one.
    pub(super) fn new(start: u32, end: u32, window: u32, sink: S) -> Self {
        InOrder {
            state: Mutex::new(State {
                claimed: start,
                next: start,
                waiting: BTreeMap::new(),
                abandoned: false,
                sink,
            }),
            advanced: Condvar::new(),
            end,
            window: window.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T, S>> {
        // a worker that panicked leaves the state whole: it panicked while
        // simulating, or in the sink's `take`, after which its claim
        // abandons the merge and the sink is never handed out
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next index to work on, once it is within the window, or `None`
    /// when every index is claimed (or a claim was abandoned).
    pub(super) fn claim(&self) -> Option<Claim<'_, T, S>> {
        let mut state = self.lock();
        if state.abandoned || state.claimed >= self.end {
            return None;
        }
        let index = state.claimed;
        state.claimed += 1;
        // `next` is claimed by a worker that does not wait (it is inside
        // the window), so it is deposited, or abandoned, and the wait ends
        while !state.abandoned && index - state.next >= self.window {
            state = self.advanced.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if state.abandoned {
            return None;
        }
        Some(Claim { from: self, index })
    }

    fn deposit(&self, index: u32, item: T, mut take: impl FnMut(&mut S, T)) {
        let mut state = self.lock();
        let state = &mut *state;
        let before = state.next;
        state.waiting.insert(index, item);
        while let Some(item) = state.waiting.remove(&state.next) {
            take(&mut state.sink, item);
            state.next += 1;
        }
        if state.next != before {
            self.advanced.notify_all();
        }
    }

    fn abandon(&self) {
        self.lock().abandoned = true;
        self.advanced.notify_all();
    }

    /// The sink, once every index is deposited; `None` if some index was
    /// claimed but never deposited (its worker panicked).
    pub(super) fn into_sink(self) -> Option<S> {
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        (state.next == self.end && state.waiting.is_empty()).then_some(state.sink)
    }
}

/// An index claimed by a worker, to be deposited once made. Dropped
/// undeposited (its worker panicked), it abandons the merge, so that no
/// other worker waits for it forever.
pub(super) struct Claim<'m, T, S> {
    from: &'m InOrder<T, S>,
    index: u32,
}

impl<T, S> Claim<'_, T, S> {
    /// The claimed index.
    pub(super) fn index(&self) -> u32 {
        self.index
    }

    /// Deposits the claimed index's item; `take` hands items to the sink
    /// in index order, under the lock.
    pub(super) fn deposit(self, item: T, take: impl FnMut(&mut S, T)) {
        // should `take` panic, the claim drops and abandons the merge
        self.from.deposit(self.index, item, take);
        std::mem::forget(self);
    }
}

impl<T, S> Drop for Claim<'_, T, S> {
    fn drop(&mut self) {
        self.from.abandon();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_reach_the_sink_in_index_order_whatever_the_deposit_order() {
        let merge = InOrder::new(3, 8, 8, Vec::new());
        let mut claims: Vec<_> = std::iter::from_fn(|| merge.claim()).map(Some).collect();
        let claimed: Vec<u32> = claims.iter().flatten().map(Claim::index).collect();
        assert_eq!(claimed, vec![3, 4, 5, 6, 7]);
        for k in [3, 1, 4, 0, 2] {
            if let Some(claim) = claims[k].take() {
                let i = claim.index();
                claim.deposit(i * 10, |sink, item| sink.push(item));
            }
        }
        drop(claims);
        assert_eq!(merge.into_sink(), Some(vec![30, 40, 50, 60, 70]));
    }

    #[test]
    fn an_empty_range_claims_nothing_and_hands_back_the_sink() {
        let merge: InOrder<u32, Vec<u32>> = InOrder::new(4, 4, 2, Vec::new());
        assert!(merge.claim().is_none());
        assert_eq!(merge.into_sink(), Some(Vec::new()));
    }

    #[test]
    fn an_index_never_deposited_leaves_no_sink() {
        let merge: InOrder<u32, Vec<u32>> = InOrder::new(0, 3, 4, Vec::new());
        let first = merge.claim().map(|c| c.index());
        assert_eq!(first, Some(0), "the first claim, dropped at once");
        assert!(merge.claim().is_none(), "an abandoned merge claims no more");
        assert_eq!(merge.into_sink(), None);
    }

    #[test]
    fn a_worker_that_panics_stops_the_others_instead_of_hanging_them() {
        let merge = InOrder::new(0, 1000, 2, Vec::new());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::thread::scope(|s| {
                for _ in 0..3 {
                    s.spawn(|| {
                        while let Some(claim) = merge.claim() {
                            let i = claim.index();
                            if i == 5 {
                                panic!("part 5 fails");
                            }
                            claim.deposit(i, |sink: &mut Vec<u32>, item| sink.push(item));
                        }
                    });
                }
            });
        }));
        assert!(outcome.is_err(), "the panic reaches the caller");
        assert_eq!(merge.into_sink(), None);
    }

    #[test]
    fn threads_far_ahead_wait_and_the_order_holds() {
        let merge = InOrder::new(0, 2000, 3, Vec::new());
        let held = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for t in 0..4u64 {
                let (merge, held) = (&merge, &held);
                s.spawn(move || {
                    while let Some(claim) = merge.claim() {
                        let i = claim.index();
                        // uneven work, so that threads overtake each other
                        let spin = (u64::from(i) * 7 + t) % 13 * 200;
                        let mut x = 0u64;
                        for k in 0..spin {
                            x = std::hint::black_box(x.wrapping_add(k));
                        }
                        claim.deposit(i, |sink: &mut Vec<u32>, item| {
                            sink.push(item);
                        });
                        let waiting = merge.lock().waiting.len();
                        held.fetch_max(waiting, std::sync::atomic::Ordering::Relaxed);
                    }
                });
            }
        });
        let sink = merge.into_sink();
        assert_eq!(sink, Some((0..2000).collect::<Vec<u32>>()));
        assert!(held.into_inner() < 3, "the window bounds the items held");
    }
}
