//! Memory does not grow with replications: the run streams its
//! accumulators. Measured as the peak resident set of a child process.

mod common;

use std::process::Command;

/// Peak resident set, KiB, of `firecover COMMAND SCENARIOS...` with
/// `replications`.
fn peak_rss_kib(command: &str, scenarios: &[&std::path::Path], replications: u32) -> i64 {
    let mut c = Command::new(env!("CARGO_BIN_EXE_firecover"));
    c.arg(command).args(scenarios).args([
        "--replications",
        &replications.to_string(),
        "--threads",
        "2",
    ]);
    common::peak_rss_kib(c)
}

#[test]
fn peak_memory_is_flat_in_replications() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("small.toml");
    std::fs::write(
        &path,
        common::single_station(2, 12.0, 1800.0, 1.0, "\"queue\""),
    )
    .expect("writes");
    let small = peak_rss_kib("run", &[&path], 2_000);
    let large = peak_rss_kib("run", &[&path], 200_000);
    assert!(
        large - small < 10 * 1024,
        "peak RSS grew from {small} KiB to {large} KiB for 100x the replications"
    );
}

/// A comparison runs its scenarios in lockstep and keeps only the joint
/// moments its paired intervals need, not the replications.
#[test]
fn a_comparison_is_flat_in_replications_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = dir.path().join("one.toml");
    let two = dir.path().join("two.toml");
    std::fs::write(
        &one,
        common::single_station(1, 12.0, 1800.0, 1.0, "\"queue\""),
    )
    .expect("writes");
    std::fs::write(
        &two,
        common::single_station(2, 12.0, 1800.0, 1.0, "\"queue\""),
    )
    .expect("writes");
    let small = peak_rss_kib("compare", &[&one, &two], 2_000);
    let large = peak_rss_kib("compare", &[&one, &two], 100_000);
    assert!(
        large - small < 10 * 1024,
        "peak RSS of compare grew from {small} KiB to {large} KiB for 50x the replications"
    );
}
