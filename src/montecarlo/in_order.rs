//! Handing on, in index order, items that parallel workers finish in any
//! order: the merge of a run's parts without a barrier between batches.
//!
//! Workers claim indices one after another ([`InOrder::claim`]) and deposit
//! what they made ([`InOrder::deposit`]); whichever worker deposits the
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
                sink,
            }),
            advanced: Condvar::new(),
            end,
            window: window.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T, S>> {
        // a worker that panicked leaves the state whole: it panics between
        // claiming and depositing, never while changing the state
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next index to work on, once it is within the window, or `None`
    /// when every index is claimed.
    pub(super) fn claim(&self) -> Option<u32> {
        let mut state = self.lock();
        if state.claimed >= self.end {
            return None;
        }
        let index = state.claimed;
        state.claimed += 1;
        // `next` is claimed by a worker that does not wait (it is inside
        // the window), so it is deposited and the window moves on
        while index - state.next >= self.window {
            state = self.advanced.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        Some(index)
    }

    /// Deposits the item of a claimed `index`; `take` hands items to the
    /// sink in index order, under the lock.
    pub(super) fn deposit(&self, index: u32, item: T, mut take: impl FnMut(&mut S, T)) {
        let mut state = self.lock();
        let state = &mut *state;
        let before = state.next;
        if index == state.next {
            take(&mut state.sink, item);
            state.next += 1;
        } else {
            state.waiting.insert(index, item);
        }
        while let Some(item) = state.waiting.remove(&state.next) {
            take(&mut state.sink, item);
            state.next += 1;
        }
        if state.next != before {
            self.advanced.notify_all();
        }
    }

    /// The sink, once every index is deposited; `None` if some index was
    /// claimed but never deposited (its worker panicked).
    pub(super) fn into_sink(self) -> Option<S> {
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        (state.next == self.end && state.waiting.is_empty()).then_some(state.sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_reach_the_sink_in_index_order_whatever_the_deposit_order() {
        let merge = InOrder::new(3, 8, 8, Vec::new());
        let claimed: Vec<u32> = std::iter::from_fn(|| merge.claim()).collect();
        assert_eq!(claimed, vec![3, 4, 5, 6, 7]);
        for i in [6, 4, 7, 3, 5] {
            merge.deposit(i, i * 10, |sink, item| sink.push(item));
        }
        assert_eq!(merge.into_sink(), Some(vec![30, 40, 50, 60, 70]));
    }

    #[test]
    fn an_index_never_deposited_leaves_no_sink() {
        let merge = InOrder::new(0, 2, 4, Vec::new());
        assert_eq!(merge.claim(), Some(0));
        assert_eq!(merge.claim(), Some(1));
        merge.deposit(1, 1, |sink, item| sink.push(item));
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
                    while let Some(i) = merge.claim() {
                        // uneven work, so that threads overtake each other
                        let spin = (u64::from(i) * 7 + t) % 13 * 200;
                        let mut x = 0u64;
                        for k in 0..spin {
                            x = std::hint::black_box(x.wrapping_add(k));
                        }
                        merge.deposit(i, i, |sink: &mut Vec<u32>, item| {
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
