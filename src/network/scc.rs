//! Strongly connected components of a large directed graph, iteratively.
//!
//! petgraph's `tarjan_scc` recurses (it overflows the stack on million-node
//! road graphs) and its `Graph` costs about 40 bytes per edge; this is
//! Kosaraju's algorithm over two compressed adjacency arrays of `u32`, with
//! explicit stacks.

/// Compressed adjacency: the arcs leaving `v` are `targets[offsets[v]..offsets[v + 1]]`.
struct Adjacency {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Adjacency {
    fn build(n: usize, arcs: impl Iterator<Item = (u32, u32)> + Clone) -> Adjacency {
        let mut offsets = vec![0u32; n + 1];
        for (from, _) in arcs.clone() {
            offsets[from as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; offsets[n] as usize];
        for (from, to) in arcs {
            targets[fill[from as usize] as usize] = to;
            fill[from as usize] += 1;
        }
        Adjacency { offsets, targets }
    }

    fn of(&self, v: u32) -> &[u32] {
        &self.targets[self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize]
    }
}

/// Component of every node (numbered from 0 in order of discovery) and the
/// number of components, for `n` nodes and the given arcs.
pub fn components(n: usize, arcs: impl Iterator<Item = (u32, u32)> + Clone) -> (Vec<u32>, u32) {
    let forward = Adjacency::build(n, arcs.clone());
    let backward = Adjacency::build(n, arcs.map(|(a, b)| (b, a)));
    // 1: finishing order of a depth-first search on the forward graph
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack: Vec<(u32, u32)> = Vec::new();
    for root in 0..n as u32 {
        if seen[root as usize] {
            continue;
        }
        seen[root as usize] = true;
        stack.push((root, 0));
        while let Some((v, next)) = stack.last_mut() {
            let out = forward.of(*v);
            if let Some(&w) = out.get(*next as usize) {
                *next += 1;
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(*v);
                stack.pop();
            }
        }
    }
    // 2: in reverse finishing order, everything reached backwards is one component
    const NONE: u32 = u32::MAX;
    let mut component = vec![NONE; n];
    let mut count = 0u32;
    let mut todo: Vec<u32> = Vec::new();
    for &root in order.iter().rev() {
        if component[root as usize] != NONE {
            continue;
        }
        component[root as usize] = count;
        todo.push(root);
        while let Some(v) = todo.pop() {
            for &w in backward.of(v) {
                if component[w as usize] == NONE {
                    component[w as usize] = count;
                    todo.push(w);
                }
            }
        }
        count += 1;
    }
    (component, count)
}

/// The largest component (ties: the one holding the lowest node index).
pub fn largest(component: &[u32], count: u32) -> u32 {
    let mut size = vec![0usize; count as usize];
    let mut lowest = vec![usize::MAX; count as usize];
    for (v, &c) in component.iter().enumerate() {
        size[c as usize] += 1;
        lowest[c as usize] = lowest[c as usize].min(v);
    }
    (0..count)
        .max_by_key(|&c| (size[c as usize], std::cmp::Reverse(lowest[c as usize])))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_chains_and_a_long_path() {
        // 0 <-> 1 -> 2 <-> 3, 4 alone
        let arcs = [(0, 1), (1, 0), (1, 2), (2, 3), (3, 2)];
        let (c, n) = components(5, arcs.iter().copied());
        assert_eq!(n, 3);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[2], c[3]);
        assert_ne!(c[1], c[2]);
        assert_eq!(largest(&c, n), c[0]);
        // a two-way path of a million nodes: no stack overflow, one component
        let m = 1_000_000u32;
        let path = (0..m - 1).flat_map(|i| [(i, i + 1), (i + 1, i)]);
        let (c, n) = components(m as usize, path);
        assert_eq!(n, 1);
        assert!(c.iter().all(|&x| x == 0));
    }
}
