//! The hot loop does not allocate: once a workspace has been used, a further
//! replication (alarm generation + event engine) makes no heap allocation.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};

use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::{GroupLayout, Replicator, RunMoments, simulate_replication};

struct Counting;

thread_local! {
    /// This thread's allocations: tests run on parallel threads.
    static MINE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn count() {
    let _ = MINE.try_with(|m| m.set(m.get() + 1));
}

fn allocations() -> usize {
    MINE.with(|m| m.get())
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn a_warm_replication_allocates_nothing() {
    let scenario = common::load(&common::repo("scenarios/liangping-2020.toml"));
    let model = Model::compile(&scenario).unwrap();
    let mut ws = Workspace::new();
    // warm up: buffers grow to their working size (queues may grow in busy replications)
    for rep in 0..50 {
        simulate_replication(&model, 7, rep, &mut ws);
    }
    let before = allocations();
    for rep in 50..60 {
        simulate_replication(&model, 7, rep, &mut ws);
    }
    let after = allocations();
    assert_eq!(after - before, 0, "allocations in 10 warm replications");
    assert_eq!(ws.records.len(), 907);
}

#[test]
fn a_warm_tally_allocates_nothing() {
    let scenario = common::load(&common::repo("scenarios/liangping-2020.toml"));
    let model = Model::compile(&scenario).unwrap();
    let layout = GroupLayout::of(&model);
    let mut replicator = Replicator::new(layout);
    let mut moments = RunMoments::for_model(&model);
    let mut replicate = |rep| moments.add(replicator.replicate(&model, 7, rep));
    // warm up: histogram pages appear as durations reach new octaves
    (0..1000).for_each(&mut replicate);
    let before = allocations();
    (1000..1010).for_each(&mut replicate);
    let after = allocations();
    assert_eq!(
        after - before,
        0,
        "allocations in 10 warm tallied replications"
    );
    assert_eq!(moments.groups[0].incidents.count(), 1010);
}
