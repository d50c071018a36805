//! The hot loop does not allocate: once a workspace has been used, a further
//! replication (alarm generation + event engine) makes no heap allocation.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
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
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for rep in 50..60 {
        simulate_replication(&model, 7, rep, &mut ws);
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(after - before, 0, "allocations in 10 warm replications");
    assert_eq!(ws.records.len(), 907);
}
