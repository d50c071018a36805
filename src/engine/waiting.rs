//! The queue of incidents waiting for a unit, oldest first: a `Vec` read
//! from a moving head, so scanning it is a walk over one contiguous slice
//! (a `VecDeque`'s two halves made the scan's code depend on how the
//! compiler happened to inline it), taking the oldest is O(1), and the
//! buffer is reused from one replication to the next.

/// Incident indices in the order they started waiting.
#[derive(Clone, Debug, Default)]
pub struct WaitingQueue {
    items: Vec<u32>,
    head: usize,
}

impl WaitingQueue {
    /// Empties the queue, keeping its buffer.
    pub fn clear(&mut self) {
        self.items.clear();
        self.head = 0;
    }

    /// Appends the newest waiting incident.
    #[inline]
    pub fn push(&mut self, incident: u32) {
        self.items.push(incident);
    }

    /// Whether no incident waits.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.head == self.items.len()
    }

    /// The waiting incidents, oldest first.
    #[inline]
    pub fn as_slice(&self) -> &[u32] {
        &self.items[self.head..]
    }

    /// Removes the entry at position `q` of [`WaitingQueue::as_slice`].
    #[inline]
    pub fn remove(&mut self, q: usize) {
        if q == 0 {
            self.head += 1;
            // reclaim the consumed front now and then (amortised O(1))
            if self.head == self.items.len() {
                self.clear();
            } else if self.head >= 64 && 2 * self.head >= self.items.len() {
                self.items.drain(..self.head);
                self.head = 0;
            }
        } else {
            self.items.remove(self.head + q);
        }
    }

    /// Removes `incident` if it is waiting.
    pub fn remove_incident(&mut self, incident: u32) {
        if let Some(q) = self.as_slice().iter().position(|&w| w == incident) {
            self.remove(q);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    #[test]
    fn behaves_as_a_deque_with_removal() {
        let mut q = WaitingQueue::default();
        let mut model = VecDeque::new();
        let mut x = 12345u64;
        for step in 0..20_000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            match (x >> 60) % 4 {
                0 | 1 => {
                    q.push(step);
                    model.push_back(step);
                }
                2 if !model.is_empty() => {
                    q.remove(0);
                    model.pop_front();
                }
                _ if !model.is_empty() => {
                    let at = (x >> 20) as usize % model.len();
                    let victim = model[at];
                    q.remove_incident(victim);
                    model.remove(at);
                }
                _ => {}
            }
            assert!(q.as_slice().iter().eq(model.iter()), "step {step}");
            assert_eq!(q.is_empty(), model.is_empty(), "step {step}");
        }
        q.clear();
        assert!(q.as_slice().is_empty());
        assert!(q.is_empty());
    }
}
