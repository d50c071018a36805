//! An up-front estimate of a run's memory, checked against what the
//! machine allows (free memory, the cgroup's limit, `ulimit -v`), so that a
//! run too large for the machine is refused before it starts, with what
//! would fit, instead of being aborted by the allocator part-way.
//!
//! Memory does not grow with replications; it grows with the groups (zones,
//! types, settings) times the worker threads, each of which keeps its own
//! histograms, and with the alarms of one replication per worker.

use std::mem::size_of;

use super::moments::GroupMoments;
use super::paired::GroupPairMoments;
use super::tally::{GroupLayout, GroupTally};
use crate::model::Model;
use crate::stats::{PAGE_BYTES, pages_between};

/// How far beyond the no-wait response times a run's histograms are
/// expected to reach: waits in a queue and random turnout and travel (×4
/// above the slowest, ÷2 below the fastest: three pages more).
const SPAN_MARGIN_ABOVE: f64 = 4.0;
const SPAN_MARGIN_BELOW: f64 = 2.0;
/// A worker's estimate is raised by this share: a worker's allocator keeps
/// freed blocks, and measured peaks ran 10 % above the sum of its parts.
const PER_WORKER_MARGIN: f64 = 1.25;
/// Bytes each worker thread takes beyond its data (stack, allocator arena).
const PER_THREAD_BYTES: u64 = 8 << 20;
/// Bytes each alarm of a replication holds in a worker's buffers.
pub const BYTES_PER_ALARM: f64 = 160.0;
/// Bytes per group of the report built at the end (summary, JSON text).
const REPORT_BYTES_PER_GROUP: usize = 4096;
/// Parts in flight per thread between ordered merges (see `run_lockstep`).
const PARTS_IN_FLIGHT_PER_THREAD: usize = 4;
/// Bytes the program takes before any run (code, model, thread stacks).
const BASE_BYTES: u64 = 64 << 20;
/// Share of the allowed memory a run may plan to use.
const USABLE_SHARE: f64 = 0.9;

/// What one run of `arms` with `pairs` paired groups needs, in bytes, with
/// `threads` workers.
pub fn estimate(arms: &[&Model], pair_groups: usize, threads: usize) -> u64 {
    let threads = threads.max(1);
    let mut per_worker = 0usize;
    let mut shared = 0usize;
    let mut per_part = pair_groups * size_of::<GroupPairMoments>();
    for model in arms {
        let groups = GroupLayout::of(model).len();
        let histograms = histogram_bytes(model);
        per_worker += histograms
            + groups * size_of::<GroupTally>()
            + (model.demand.expected_alarms() * BYTES_PER_ALARM) as usize;
        per_part += groups * size_of::<GroupMoments>();
        // the model's tables, and the pooled histograms of the report
        shared += groups * REPORT_BYTES_PER_GROUP + histograms + model.table_bytes();
    }
    let parts = threads * PARTS_IN_FLIGHT_PER_THREAD + 2;
    let per_worker = (per_worker as f64 * PER_WORKER_MARGIN) as u64 + PER_THREAD_BYTES;
    BASE_BYTES + (threads as u64) * per_worker + (parts as u64) * per_part as u64 + shared as u64
}

/// Bytes the response histograms of one set of `model`'s groups may take:
/// each group spans the pages from its fastest to its slowest no-wait
/// response (a zone's own points; every point for the other groups), with a
/// margin for waits and noise; a vector grown a page at a time may hold
/// nearly twice the pages it spans.
fn histogram_bytes(model: &Model) -> usize {
    let spans = model.response_spans_s();
    let bytes = |(lo, hi): (f64, f64)| {
        let pages = pages_between(lo / SPAN_MARGIN_BELOW, hi * SPAN_MARGIN_ABOVE);
        (2 * pages - 1) * PAGE_BYTES
    };
    let layout = GroupLayout::of(model);
    let every = bytes(spans[spans.len() - 1]);
    let zones: usize = spans[..spans.len() - 1].iter().map(|&s| bytes(s)).sum();
    // the travel histogram and every group that is not a zone's
    zones + (layout.len() - layout.zones + 1) * every
}

/// The most worker threads whose estimate fits in `allowed` bytes (0 when
/// not even one does).
pub fn threads_that_fit(arms: &[&Model], pair_groups: usize, allowed: u64) -> usize {
    let mut fit = 0;
    for t in 1..=1024 {
        if usable(allowed) < estimate(arms, pair_groups, t) {
            break;
        }
        fit = t;
    }
    fit
}

/// The part of `allowed` a run may plan to use.
pub fn usable(allowed: u64) -> u64 {
    (allowed as f64 * USABLE_SHARE) as u64
}

/// Bytes this process may still allocate: the least of the memory the
/// kernel reports available, the cgroup's remaining limit and the address
/// space and data limits (`ulimit -v`, `-d`). `None` when none is known.
pub fn allowed() -> Option<u64> {
    let address_space = rlimit(libc::RLIMIT_AS).map(|l| l.saturating_sub(in_use("VmSize:")));
    let data = rlimit(libc::RLIMIT_DATA).map(|l| l.saturating_sub(in_use("VmData:")));
    [meminfo_available(), cgroup_remaining(), address_space, data]
        .into_iter()
        .flatten()
        .min()
}

/// A size this process already uses, from `/proc/self/status` (0 if unknown).
fn in_use(field: &str) -> u64 {
    let Ok(text) = std::fs::read_to_string("/proc/self/status") else {
        return 0;
    };
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn meminfo_available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn cgroup_remaining() -> Option<u64> {
    let read = |name: &str| -> Option<u64> {
        std::fs::read_to_string(format!("/sys/fs/cgroup/{name}"))
            .ok()?
            .trim()
            .parse()
            .ok()
    };
    let limit = read("memory.max")?;
    Some(limit.saturating_sub(read("memory.current").unwrap_or(0)))
}

fn rlimit(resource: libc::__rlimit_resource_t) -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into the struct it is given.
    let ok = unsafe { libc::getrlimit(resource, &mut limit) } == 0;
    (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_threads_is_the_largest_count_under_the_limit() {
        let scenario = crate::scenario::Scenario::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/examples/two-stations.toml"
        )))
        .unwrap()
        .0;
        let model = Model::compile(&scenario).unwrap();
        let one = estimate(&[&model], 0, 1);
        let two = estimate(&[&model], 0, 2);
        assert!(two > one && one > BASE_BYTES);
        assert!(estimate(&[&model, &model], 10, 2) > two);
        let allowed = (two as f64 / USABLE_SHARE) as u64 + 1;
        assert_eq!(threads_that_fit(&[&model], 0, allowed), 2);
        assert_eq!(threads_that_fit(&[&model], 0, BASE_BYTES / 2), 0);
    }
}
