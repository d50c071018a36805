//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use firecover::model::Model;
use firecover::montecarlo::{self, RunOptions, Summary};
use firecover::scenario::Scenario;

/// Path of a file in the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs the `firecover` binary with these arguments.
pub fn firecover<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firecover"))
        .args(args)
        .output()
        .expect("the firecover binary runs")
}

/// Runs the `firecover` binary in folder `dir` (its relative paths, and
/// the parts and reports it writes by default, are there).
pub fn firecover_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firecover"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the firecover binary runs")
}

/// Asserts that a run exited 0 (showing its stderr otherwise); its stdout.
pub fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Loads a scenario that must be valid.
pub fn load(path: &Path) -> Scenario {
    match Scenario::load(path) {
        Ok((s, _)) => s,
        Err(d) => panic!("{} should be valid:\n{d}", path.display()),
    }
}

/// Parses a scenario held in a string that must be valid.
pub fn parse(text: &str) -> Scenario {
    match Scenario::from_str(text, Path::new("inline.toml")) {
        Ok((s, _)) => s,
        Err(d) => panic!("scenario should be valid:\n{d}"),
    }
}

/// Parses scenario text that must be valid as if it were the file `path`
/// (so that its `extends` resolves beside that file).
pub fn parse_as(text: &str, path: &Path) -> Scenario {
    match Scenario::from_str(text, path) {
        Ok((s, _)) => s,
        Err(d) => panic!("scenario should be valid:\n{d}"),
    }
}

/// Runs a scenario.
pub fn run(s: &Scenario, replications: u32, seed: u64, threads: Option<usize>) -> Summary {
    let model = Model::compile(s).expect("compiles");
    let options = RunOptions {
        replications,
        seed,
        threads,
    };
    montecarlo::run(s, &model, &options, &|| {}).expect("runs")
}

/// A one-node scenario: one station holding `units` engines with zero
/// turnout, incidents at the station itself (zero travel), Poisson arrivals of
/// `per_year` incidents, exponential service of `mean_s`.
pub fn single_station(units: u32, per_year: f64, mean_s: f64, years: f64, busy: &str) -> String {
    format!(
        r#"
[scenario]
name = "M/M/c"
[standard]
turnout_s = 0
travel_s = 240
[network]
nodes = [ {{ id = "x", lon = 107.0, lat = 30.0 }} ]
[[stations]]
id = "only"
at = "x"
turnout_s = 0
units = [ {{ kind = "engine", count = {units} }} ]
[incident_types.call]
service = {{ dist = "exponential", mean_s = {mean_s} }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
mode = "poisson"
per_year = {{ call = {per_year} }}
points = [ {{ at = "x" }} ]
[simulation]
years = {years}
replications = 10
seed = 1
when_all_busy = {busy}
"#
    )
}

/// Runs `command` to its end (its output discarded) and returns its peak
/// resident set, KiB; panics unless it exits 0.
///
/// The figure is never below the test process's own peak: the child is
/// spawned sharing this process's memory until it execs, and the kernel
/// keeps that memory's peak as the child's. A test binary that measures
/// children must itself stay small (see `tests/merge_recorded_args.rs`).
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its peak memory"
)]
pub fn peak_rss_kib(mut command: Command) -> i64 {
    use std::process::Stdio;
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for the child we started
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "waiting for the child");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed: status {status}"
    );
    usage.ru_maxrss
}

/// The first of `names` found on the PATH, as a path.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Whether `FIRECOVER_REQUIRE_<what>` is set: `.ci/run` sets one for
/// every outside tool, so that a missing tool fails there.
pub fn required(what: &str) -> bool {
    std::env::var_os(format!("FIRECOVER_REQUIRE_{what}")).is_some()
}

/// An outside tool a test needs (the first of `names` on the PATH). When
/// it is missing the test skips, printing a note, unless
/// `FIRECOVER_REQUIRE_<what>` is set, where it fails: a fresh machine with
/// only the Rust toolchain passes `cargo test`, and CI checks everything.
pub fn required_tool(names: &[&str], what: &str) -> Option<PathBuf> {
    let found = on_path(names);
    if found.is_none() {
        assert!(
            !required(what),
            "FIRECOVER_REQUIRE_{what} is set but none of {names:?} is on the PATH"
        );
        skip_note(&format!(
            "none of {names:?} is on the PATH (.ci/run installs it and sets FIRECOVER_REQUIRE_{what})"
        ));
    }
    found
}

/// Prints "skipped: why" where it is seen: straight to the standard error,
/// which the test harness does not capture (`eprintln!` it would hide for
/// a passing test).
pub fn skip_note(why: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}
