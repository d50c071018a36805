//! The engine's future-event set: each unit has at most one pending event
//! (its crew clears the scene, or it is back at station), so the set is a
//! tournament tree over units. Finding the next event is a read of the
//! root; rescheduling a unit replays its path, log₂(units) comparisons.
//!
//! Events order by time, then by unit index. Within an incident, units are
//! sent in candidate order, which ranks equally near units by index, so
//! this is the order they were scheduled in; events of different incidents
//! tie only if sums of continuous random times coincide exactly.

/// The time key of a unit with nothing pending: later than any event.
const IDLE: u64 = u64::MAX;

/// Pending events by unit, with the earliest at the root.
#[derive(Clone, Debug, Default)]
pub struct EventTree {
    /// Per node, the earliest (time bits, unit) below it; node 1 is the
    /// root, the children of node k are 2k and 2k + 1, and unit u's leaf is
    /// node `leaves + u`. Non-negative finite times order like their bits.
    nodes: Vec<(u64, u32)>,
    leaves: usize,
}

impl EventTree {
    /// Clears the tree for `units` units, keeping its buffers.
    pub fn reset(&mut self, units: usize) {
        self.leaves = units.max(2).next_power_of_two();
        self.nodes.clear();
        self.nodes.resize(2 * self.leaves, (IDLE, 0));
        for u in 0..self.leaves {
            self.nodes[self.leaves + u] = (IDLE, u as u32);
        }
        for node in (1..self.leaves).rev() {
            self.nodes[node] = self.nodes[2 * node];
        }
    }

    /// The earliest pending event: (time, unit); `None` when nothing is pending.
    #[inline]
    pub fn peek(&self) -> Option<(f64, u32)> {
        let (key, unit) = self.nodes[1];
        (key != IDLE).then(|| (f64::from_bits(key), unit))
    }

    /// Schedules `unit`'s next event at `time`, replacing any it had.
    #[inline]
    pub fn schedule(&mut self, unit: u32, time: f64) {
        self.set(unit, time.to_bits());
    }

    /// Drops `unit`'s pending event.
    #[inline]
    pub fn cancel(&mut self, unit: u32) {
        self.set(unit, IDLE);
    }

    /// Sets a leaf and replays the matches on its path to the root. The
    /// winner so far rides along in registers, so each level waits on one
    /// comparison, not on the store of the level below; once a match comes
    /// out as it was, nothing above it changes either.
    #[inline]
    fn set(&mut self, unit: u32, key: u64) {
        let mut node = self.leaves + unit as usize;
        let nodes = &mut self.nodes[..];
        let mut winner = (key, unit);
        nodes[node] = winner;
        while node > 1 {
            // (time, unit) order: on equal times the lower unit, which sits
            // in the left subtree, wins
            let sibling = nodes[node ^ 1];
            if sibling < winner {
                winner = sibling;
            }
            node /= 2;
            if nodes[node] == winner {
                break;
            }
            nodes[node] = winner;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_schedule_order() {
        let mut t = EventTree::default();
        t.reset(5);
        assert_eq!(t.peek(), None);
        t.schedule(3, 10.0);
        t.schedule(1, 5.0);
        t.schedule(4, 10.0);
        t.schedule(0, 7.0);
        let mut order = Vec::new();
        while let Some((time, u)) = t.peek() {
            order.push((time, u));
            t.cancel(u);
        }
        assert_eq!(order, vec![(5.0, 1), (7.0, 0), (10.0, 3), (10.0, 4)]);
        // equal times: the lower unit first, whatever the scheduling order
        t.schedule(4, 2.0);
        t.schedule(3, 2.0);
        assert_eq!(t.peek(), Some((2.0, 3)));
        t.cancel(3);
        t.cancel(4);
        // rescheduling replaces
        t.schedule(2, 3.0);
        t.schedule(2, 1.0);
        assert_eq!(t.peek(), Some((1.0, 2)));
        let mut one = EventTree::default();
        one.reset(1);
        one.schedule(0, 2.5);
        assert_eq!(one.peek(), Some((2.5, 0)));
    }
}
