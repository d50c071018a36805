//! `--shard K/N` and `firecover merge`: shards of a run merge into the
//! single run's report byte for byte, and bad parts are refused.

mod common;

use common::firecover_in;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ok(out: &Output) -> String {
    common::succeeded(out)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `command ARGS --shard k/n --part part-k.fcpart` for each k; the parts.
fn shards(dir: &Path, command: &[&str], n: u32, extra: &[&str]) -> Vec<PathBuf> {
    (0..n)
        .map(|k| {
            let part = dir.join(format!("part-{k}.fcpart"));
            let shard = format!("{k}/{n}");
            let mut args: Vec<&str> = command.to_vec();
            args.extend(["--shard", &shard, "--part", part.to_str().unwrap()]);
            args.extend(extra);
            ok(&firecover_in(dir, &args));
            part
        })
        .collect()
}

fn merge_json(dir: &Path, parts: &[PathBuf]) -> Vec<u8> {
    let json = dir.join("merged.json");
    let mut args = vec!["merge".to_string()];
    args.extend(parts.iter().map(|p| p.display().to_string()));
    args.extend(["--json".into(), json.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&firecover_in(dir, &args));
    std::fs::read(json).unwrap()
}

fn single_json(dir: &Path, command: &[&str]) -> Vec<u8> {
    let json = dir.join("single.json");
    let mut args: Vec<&str> = command.to_vec();
    args.extend(["--json", json.to_str().unwrap()]);
    ok(&firecover_in(dir, &args));
    std::fs::read(json).unwrap()
}

#[test]
fn eight_shards_of_a_run_merge_to_the_single_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let run = ["run", scenario.to_str().unwrap(), "--replications", "40"];
    let single = single_json(dir.path(), &run);
    let mut parts = shards(dir.path(), &run, 8, &["--threads", "2"]);
    // any order on the command line
    parts.reverse();
    assert_eq!(merge_json(dir.path(), &parts), single);
    // uneven shards, one replication each, and other thread counts
    for (n, threads) in [(3, "1"), (40, "3")] {
        let parts = shards(dir.path(), &run, n, &["--threads", threads]);
        assert_eq!(merge_json(dir.path(), &parts), single, "{n} shards");
    }
}

#[test]
fn four_shards_of_a_comparison_merge_to_the_single_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let s = |f: &str| {
        common::repo(&format!("scenarios/{f}"))
            .display()
            .to_string()
    };
    let (a, b, c) = (
        s("liangping-2020.toml"),
        s("liangping-2025-plan.toml"),
        s("liangping-2025-all-townships.toml"),
    );
    let compare = ["compare", &a, &b, &c, "--replications", "24"];
    let single = single_json(dir.path(), &compare);
    let parts = shards(dir.path(), &compare, 4, &[]);
    assert_eq!(merge_json(dir.path(), &parts), single);
}

#[test]
fn a_missing_shard_is_named_and_rerunning_it_alone_completes_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let run = ["run", scenario.to_str().unwrap(), "--replications", "20"];
    let single = single_json(dir.path(), &run);
    let parts = shards(dir.path(), &run, 5, &[]);
    // shards 1 and 3 were lost
    std::fs::remove_file(&parts[1]).unwrap();
    std::fs::remove_file(&parts[3]).unwrap();
    let present = [parts[0].clone(), parts[2].clone(), parts[4].clone()];
    let mut args = vec!["merge"];
    args.extend(present.iter().map(|p| p.to_str().unwrap()));
    let out = firecover_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("2 of 5 shard(s) missing: 1,3"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--array=1,3"));
    // resubmit just those two
    for k in ["1", "3"] {
        let part = dir.path().join(format!("part-{k}.fcpart"));
        let shard = format!("{k}/5");
        let mut a: Vec<&str> = run.to_vec();
        a.extend(["--shard", &shard, "--part", part.to_str().unwrap()]);
        ok(&firecover_in(dir.path(), &a));
    }
    assert_eq!(merge_json(dir.path(), &parts), single);
}

#[test]
fn damaged_duplicate_and_foreign_parts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let run = ["run", scenario.to_str().unwrap(), "--replications", "8"];
    let parts = shards(d, &run, 2, &[]);
    let bytes = std::fs::read(&parts[0]).unwrap();
    let truncated = d.join("truncated.fcpart");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let flipped = d.join("flipped.fcpart");
    let mut f = bytes.clone();
    let at = f.len() - 10;
    f[at] ^= 0x40;
    std::fs::write(&flipped, &f).unwrap();
    let other = d.join("other");
    std::fs::create_dir(&other).unwrap();
    let other_seed = shards(&other, &run, 2, &["--seed", "7"]);
    let not_a_part = d.join("x.fcpart");
    std::fs::write(&not_a_part, "hello").unwrap();
    let p = |p: &PathBuf| p.display().to_string();
    for (given, expected) in [
        (vec![p(&truncated), p(&parts[1])], "damaged partial result"),
        (vec![p(&flipped), p(&parts[1])], "checksum mismatch"),
        (
            vec![p(&parts[0]), p(&parts[0]), p(&parts[1])],
            "shard 0 is given twice",
        ),
        (vec![p(&not_a_part)], "not a firecover partial result"),
        (vec![p(&parts[0]), p(&other_seed[1])], "its seed differs"),
    ] {
        let mut args = vec!["merge"];
        args.extend(given.iter().map(String::as_str));
        let out = firecover_in(d, &args);
        assert_eq!(out.status.code(), Some(2), "{given:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{given:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_scenario_changed_between_shards_or_before_the_merge_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("s.toml");
    let text = common::single_station(2, 40.0, 1800.0, 1.0, "\"queue\"");
    std::fs::write(&file, &text).unwrap();
    let run = ["run", "s.toml", "--replications", "10"];
    let first = shards(d, &run, 2, &[]);
    std::fs::write(&file, text.replace("seed = ", "# edited\nseed = ")).unwrap();
    let part1 = d.join("late.fcpart");
    ok(&firecover_in(
        d,
        &[
            "run",
            "s.toml",
            "--replications",
            "10",
            "--shard",
            "1/2",
            "--part",
            part1.to_str().unwrap(),
        ],
    ));
    let out = firecover_in(
        d,
        &["merge", first[0].to_str().unwrap(), part1.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("its scenario content differs"),
        "{}",
        stderr(&out)
    );
    // both shards of the old file, but the file has changed since
    let out = firecover_in(
        d,
        &[
            "merge",
            first[0].to_str().unwrap(),
            first[1].to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("s.toml has changed since the shards ran"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_shard_options_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let s = scenario.to_str().unwrap();
    for (shard, expected) in [
        ("4/4", "needs 0 ≤ K < N"),
        ("0/0", "needs 0 ≤ K < N"),
        ("0/11", "at most the replications (10)"),
        ("1", "expected K/N"),
        ("auto", "SLURM_ARRAY_TASK_ID is not set"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_firecover"))
            .current_dir(dir.path())
            .args(["run", s, "--replications", "10", "--shard", shard])
            .env_remove("SLURM_ARRAY_TASK_ID")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{shard}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{shard}: {}", stderr(&out));
    }
    let out = firecover_in(
        dir.path(),
        &["run", s, "--shard", "0/2", "--json", "x.json"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn auto_shards_come_from_slurm_and_kubernetes() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let s = scenario.to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_firecover"))
        .current_dir(dir.path())
        .args(["run", s, "--replications", "10", "--shard", "auto"])
        .envs([
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ])
        .output()
        .unwrap();
    assert!(ok(&out).contains("shard 2 of 4"));
    assert!(
        dir.path()
            .join("liangping-2020.shard-2-of-4.fcpart")
            .is_file()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_firecover"))
        .current_dir(dir.path())
        .args(["run", s, "--replications", "10", "--shard", "auto/5"])
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env("JOB_COMPLETION_INDEX", "4")
        .output()
        .unwrap();
    assert!(ok(&out).contains("shard 4 of 5"));
}

/// Peak resident set, KiB, of `firecover merge PARTS` in `dir`.
fn merge_peak_kib(dir: &Path, parts: &[PathBuf]) -> i64 {
    let mut c = Command::new(env!("CARGO_BIN_EXE_firecover"));
    c.current_dir(dir).arg("merge").args(parts);
    common::peak_rss_kib(c)
}

#[test]
fn merging_a_thousand_parts_keeps_memory_flat() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("s.toml"),
        common::single_station(2, 12.0, 1800.0, 1.0, "\"queue\""),
    )
    .unwrap();
    let run = ["run", "s.toml", "--replications", "1000"];
    let few = shards(d, &run, 10, &[]);
    let few_peak = merge_peak_kib(d, &few);
    for p in &few {
        std::fs::remove_file(p).unwrap();
    }
    let many = shards(d, &run, 1000, &["--threads", "1"]);
    let many_peak = merge_peak_kib(d, &many);
    assert!(
        many_peak - few_peak < 10 * 1024,
        "peak RSS of merge grew from {few_peak} KiB to {many_peak} KiB for 100x the parts"
    );
    // and the result is the single run's
    let single = single_json(d, &run);
    assert_eq!(merge_json(d, &many), single);
}

#[test]
fn slurm_scripts_name_each_shard_and_the_merge_waits_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    // a stand-in sbatch that records its arguments and answers job ids
    let bin = d.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = d.join("sbatch.log");
    let fake = bin.join("sbatch");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\necho \"$@\" >> {}\nn=$(wc -l < {})\necho \"$((100 + n))\"\n",
            log.display(),
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_firecover"))
        .current_dir(d)
        .args([
            "slurm",
            scenario.to_str().unwrap(),
            "--tasks",
            "8",
            "--partition",
            "short",
            "--time",
            "10",
            "--submit",
        ])
        .env("PATH", path)
        .output()
        .unwrap();
    let text = ok(&out);
    assert!(
        text.contains("job 101") && text.contains("job 102"),
        "{text}"
    );
    assert!(text.contains("squeue -j 101,102"), "{text}");
    let calls = std::fs::read_to_string(&log).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    assert!(calls[0].contains("--parsable") && calls[0].ends_with("shards.sbatch"));
    assert!(calls[1].contains("--dependency=afterok:101") && calls[1].ends_with("merge.sbatch"));
    let array = std::fs::read_to_string(d.join("firecover-slurm/shards.sbatch")).unwrap();
    for line in [
        "#SBATCH --array=0-7",
        "#SBATCH --partition=short",
        "#SBATCH --time=10",
        "--shard \"${SLURM_ARRAY_TASK_ID}/8\"",
        "--replications 200 --seed 20210101",
    ] {
        assert!(array.contains(line), "{line}: {array}");
    }
    let merge = std::fs::read_to_string(d.join("firecover-slurm/merge.sbatch")).unwrap();
    assert!(merge.contains(" merge ") && merge.contains("parts/shard-*.fcpart"));
    // more tasks than replications
    let out = firecover_in(d, &["slurm", scenario.to_str().unwrap(), "--tasks", "201"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "--tasks 201: each array task runs at least one replication, and the run has 200"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn shards_of_a_siting_study_merge_to_the_single_study() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/liangping-siting-industrial-park.toml");
    let site = [
        "site",
        scenario.to_str().unwrap(),
        "--replications",
        "12",
        "--out",
        "study",
    ];
    let single = single_json(d, &site);
    let parts = shards(d, &site, 3, &[]);
    assert_eq!(merge_json(d, &parts), single);
    // the shards of a study with other options are another run
    let other = d.join("other");
    std::fs::create_dir(&other).unwrap();
    let mut more: Vec<&str> = site.to_vec();
    more.extend(["--alternatives", "1"]);
    let foreign = shards(&other, &more, 3, &[]);
    let out = firecover_in(
        d,
        &[
            "merge",
            parts[0].to_str().unwrap(),
            parts[1].to_str().unwrap(),
            foreign[2].to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("differs"), "{}", stderr(&out));
}

#[test]
fn shards_of_a_sweep_merge_to_the_single_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = |f: &str| {
        common::repo(&format!("scenarios/{f}"))
            .display()
            .to_string()
    };
    let (plan, base) = (s("liangping-2025-plan.toml"), s("liangping-2020.toml"));
    // 10 varied runs: two batches of lockstep runs in every part
    let sweep = [
        "sweep",
        &plan,
        "--against",
        &base,
        "--replications",
        "6",
        "--vary",
        "network.speeds.urban_street=15..35:5",
        "--vary",
        "generator.builtup.axis_ratio=1..3:5",
    ];
    let single = single_json(d, &sweep);
    let parts = shards(d, &sweep, 3, &[]);
    assert_eq!(merge_json(d, &parts), single);
}

/// Hardening round 3, item 12: a part claiming to be one of four billion
/// shards merges into a refusal that names the missing ones as one range,
/// at once and in little memory (it made `merge` ask for 64 GB).
#[test]
fn a_huge_shard_count_names_the_missing_shards_as_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/examples/two-stations.toml");
    let part = d.join("p.fcpart");
    ok(&firecover_in(
        d,
        &[
            "run",
            scenario.to_str().unwrap(),
            "--replications",
            "4000000000",
            "--shard",
            "1/4000000000",
            "--part",
            part.to_str().unwrap(),
        ],
    ));
    // at most 2 GB of address space: a table per shard would need 64 GB
    let started = std::time::Instant::now();
    let out = Command::new("sh")
        .current_dir(d)
        .arg("-c")
        .arg("ulimit -v 2000000 && exec \"$0\" merge \"$1\"")
        .arg(env!("CARGO_BIN_EXE_firecover"))
        .arg(&part)
        .output()
        .unwrap();
    assert!(started.elapsed().as_secs() < 30);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("3999999999 of 4000000000 shard(s) missing: 0,2-3999999999"),
        "{err}"
    );
}

/// Hardening round 3, item 19: options that conflict, and a `--part`
/// that cannot be written, are refused before any work (exit 2, nothing
/// solved, simulated or written).
#[test]
fn conflicting_options_and_bad_part_paths_are_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let study = common::repo("scenarios/liangping-siting-industrial-park.toml");
    let study = study.to_str().unwrap();
    let run = common::repo("scenarios/examples/two-stations.toml");
    let run = run.to_str().unwrap();
    let missing = d.join("no/such/folder/p.fcpart");
    let missing = missing.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["site", study, "--no-simulate", "--html", "rep"],
            "--html",
        ),
        (
            vec!["site", study, "--no-simulate", "--shard", "0/2"],
            "--shard",
        ),
        (
            vec!["site", study, "--shard", "0/2", "--json", "x.json"],
            "--json",
        ),
        (
            vec!["site", study, "--shard", "0/2", "--part", missing],
            "does not exist",
        ),
        (
            vec!["run", run, "--shard", "0/2", "--part", missing],
            "does not exist",
        ),
        (
            vec!["compare", run, run, "--shard", "0/2", "--part", missing],
            "does not exist",
        ),
        (
            vec![
                "sweep",
                run,
                "--vary",
                "standard.travel_s=200,300",
                "--shard",
                "0/2",
                "--part",
                missing,
            ],
            "does not exist",
        ),
    ];
    for (args, says) in cases {
        let mut all = args.clone();
        all.extend(["--out", "study"].iter().filter(|_| args[0] == "site"));
        let out = firecover_in(d, &all);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
        assert!(err.contains(says), "{all:?}: {err}");
        assert!(out.stdout.is_empty(), "{all:?}: worked before refusing");
        assert!(!d.join("study").exists(), "{all:?}: wrote the proposals");
    }
}

/// Hardening round 3, item 22: parts match by their scenarios' content and
/// their normalised arguments, never by paths or worker threads; a
/// recorded path only locates its file.
#[test]
fn parts_match_by_content_and_arguments_not_by_paths_or_threads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text =
        std::fs::read_to_string(common::repo("scenarios/examples/two-stations.toml")).unwrap();
    std::fs::write(d.join("ts.toml"), &text).unwrap();
    let absolute = d.join("ts.toml").display().to_string();
    let p = |name: &str| d.join(name).display().to_string();
    // a run: one shard names the file relatively, the other absolutely
    ok(&firecover_in(
        d,
        &[
            "run",
            "ts.toml",
            "--replications",
            "4",
            "--shard",
            "0/2",
            "--part",
            &p("r0.fcpart"),
        ],
    ));
    ok(&firecover_in(
        d,
        &[
            "run",
            &absolute,
            "--replications",
            "4",
            "--shard",
            "1/2",
            "--part",
            &p("r1.fcpart"),
            "--threads",
            "1",
        ],
    ));
    ok(&firecover_in(
        d,
        &["merge", &p("r0.fcpart"), &p("r1.fcpart")],
    ));
    // a sweep: `--vary=K=V` and `--vary K=V`, other thread counts
    ok(&firecover_in(
        d,
        &[
            "sweep",
            "ts.toml",
            "--replications",
            "4",
            "--vary=stations.west.turnout_s=30,90",
            "--shard",
            "0/2",
            "--part",
            &p("s0.fcpart"),
        ],
    ));
    ok(&firecover_in(
        d,
        &[
            "sweep",
            &absolute,
            "--replications",
            "4",
            "--vary",
            "stations.west.turnout_s=30,90",
            "--threads",
            "2",
            "--shard",
            "1/2",
            "--part",
            &p("s1.fcpart"),
        ],
    ));
    ok(&firecover_in(
        d,
        &["merge", &p("s0.fcpart"), &p("s1.fcpart")],
    ));
    // a sweep of other values is refused, naming the argument
    ok(&firecover_in(
        d,
        &[
            "sweep",
            "ts.toml",
            "--replications",
            "4",
            "--vary",
            "stations.west.turnout_s=30,120",
            "--shard",
            "1/2",
            "--part",
            &p("x1.fcpart"),
        ],
    ));
    let out = firecover_in(d, &["merge", &p("s0.fcpart"), &p("x1.fcpart")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`--vary stations.west.turnout_s=30,120` here, `--vary stations.west.turnout_s=30,90` there"),
        "{}",
        stderr(&out)
    );
    // merged from another folder: the relative path is found beside the
    // parts; parts moved away from it name the part and ask for the folder
    let elsewhere = tempfile::tempdir().unwrap();
    ok(&firecover_in(
        elsewhere.path(),
        &["merge", &p("r0.fcpart"), &p("r1.fcpart")],
    ));
    let moved = elsewhere.path().join("parts");
    std::fs::create_dir(&moved).unwrap();
    for name in ["s0.fcpart", "s1.fcpart"] {
        std::fs::copy(d.join(name), moved.join(name)).unwrap();
    }
    let m = |name: &str| moved.join(name).display().to_string();
    let out = firecover_in(
        elsewhere.path(),
        &["merge", &m("s0.fcpart"), &m("s1.fcpart")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ts.toml, which") && stderr(&out).contains("--scenario-dir"),
        "{}",
        stderr(&out)
    );
    let dir_arg = d.display().to_string();
    ok(&firecover_in(
        elsewhere.path(),
        &[
            "merge",
            &m("s0.fcpart"),
            &m("s1.fcpart"),
            "--scenario-dir",
            &dir_arg,
        ],
    ));
}

/// Hardening round 3, item 23: a damaged part's detail and too many Slurm
/// tasks are said in the run's language, as the options the user gave.
#[test]
fn damaged_parts_and_too_many_tasks_are_said_in_the_runs_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/examples/two-stations.toml");
    let run = ["run", scenario.to_str().unwrap(), "--replications", "4"];
    let parts = shards(d, &run, 2, &[]);
    let bytes = std::fs::read(&parts[0]).unwrap();
    let truncated = d.join("truncated.fcpart");
    std::fs::write(&truncated, &bytes[..bytes.len() - 7]).unwrap();
    let (t, p1) = (
        truncated.display().to_string(),
        parts[1].display().to_string(),
    );
    let out = firecover_in(d, &["--lang", "zh", "merge", &t, &p1]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("分片结果已损坏：文件头声明有"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("announces"), "{}", stderr(&out));
    let out_dir = d.join("slurm").display().to_string();
    let out = firecover_in(
        d,
        &[
            "--lang",
            "zh",
            "slurm",
            scenario.to_str().unwrap(),
            "--tasks",
            "1000",
            "--replications",
            "100",
            "--out",
            &out_dir,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--tasks 1000：每个阵列任务"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("--shard"), "{}", stderr(&out));
}
