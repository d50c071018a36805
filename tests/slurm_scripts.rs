//! `firecover slurm` writes nothing a user's value could turn into a
//! command: values with control characters, or that sbatch cannot take,
//! are refused before anything is written; paths are quoted in the scripts'
//! bodies and in the printed hint, and `%` is doubled in directives.
//! The scripts' bodies are run by bash here (their `#SBATCH` lines are
//! comments to it); `deploy/slurm/ci-test.sh` runs them on a real Slurm.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn firecover_in(dir: &Path, args: &[&std::ffi::OsStr], path_env: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_firecover"));
    c.current_dir(dir).args(args);
    if let Some(p) = path_env {
        c.env("PATH", p);
    }
    c.output().expect("firecover runs")
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// Every entry under `dir`, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            all.push(p);
        }
    }
    all.sort();
    all
}

/// A stand-in `sbatch` in `dir/bin` that logs its arguments, one call a
/// line, and answers job ids 101, 102...; the PATH that finds it first.
fn fake_sbatch(dir: &Path) -> (String, PathBuf) {
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = dir.join("sbatch.log");
    let fake = bin.join("sbatch");
    std::fs::write(
        &fake,
        "#!/bin/sh\nprintf '%s|' \"$@\" >> \"$FAKE_SBATCH_LOG\"\necho >> \"$FAKE_SBATCH_LOG\"\nn=$(wc -l < \"$FAKE_SBATCH_LOG\")\necho \"$((100 + n))\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, log)
}

#[test]
fn values_that_would_become_commands_or_that_sbatch_refuses_are_refused_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let scenario = scenario.as_os_str();
    let with_newline = d.join("two\nlines.toml");
    std::fs::copy(
        common::repo("scenarios/examples/two-stations.toml"),
        &with_newline,
    )
    .unwrap();
    let cases: Vec<(Vec<&std::ffi::OsStr>, &str)> = vec![
        (
            vec![scenario, os("--out"), os("study\ntouch pwned")],
            "--out",
        ),
        (
            vec![scenario, os("--partition"), os("short\ntouch pwned")],
            "--partition",
        ),
        (
            vec![scenario, os("--partition"), os("short long")],
            "--partition",
        ),
        (
            vec![scenario, os("--partition"), os("$(touch pwned)")],
            "--partition",
        ),
        (
            vec![scenario, os("--time"), os("10\ntouch pwned")],
            "--time",
        ),
        (vec![scenario, os("--time"), os("1h")], "--time"),
        (vec![scenario, os("--time"), os("1:2:3:4")], "--time"),
        (vec![scenario, os("--out"), os("back\\slash")], "--out"),
        (vec![scenario, os("--out"), os("double\"quote")], "--out"),
        (vec![with_newline.as_os_str()], "SCENARIO"),
    ];
    let before = tree(d);
    for (extra, option) in cases {
        for lang in ["en", "zh"] {
            let mut args = vec![os("slurm"), os("--tasks"), os("2"), os("--lang"), os(lang)];
            args.extend(extra.iter().copied());
            let out = firecover_in(d, &args, None);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            // named, and in the run's language
            let chinese = err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(
                err.contains(option) && chinese == (lang == "zh"),
                "{args:?}: {err}"
            );
            assert_eq!(tree(d), before, "{args:?} wrote something");
        }
    }
    // the values sbatch takes pass
    for (flag, value) in [
        ("--partition", "short,long-2"),
        ("--time", "1-12:00:00"),
        ("--time", "30"),
        ("--time", "UNLIMITED"),
    ] {
        let out = firecover_in(
            d,
            &[
                os("slurm"),
                scenario,
                os("--tasks"),
                os("2"),
                os(flag),
                os(value),
            ],
            None,
        );
        common::succeeded(&out);
    }
}

#[test]
fn paths_with_spaces_percent_signs_and_quotes_work_in_the_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // the scenario's folder and the output folder both hold what a shell
    // or Slurm would read otherwise
    let odd = d.join("my 100% 'odd' $(touch pwned) folder");
    std::fs::create_dir(&odd).unwrap();
    let scenario = odd.join("two stations.toml");
    std::fs::copy(
        common::repo("scenarios/examples/two-stations.toml"),
        &scenario,
    )
    .unwrap();
    let out_dir = odd.join("study #1");
    let out = firecover_in(
        d,
        &[
            os("slurm"),
            scenario.as_os_str(),
            os("--tasks"),
            os("2"),
            os("--replications"),
            os("4"),
            os("--out"),
            out_dir.as_os_str(),
        ],
        None,
    );
    common::succeeded(&out);
    let array = std::fs::read_to_string(out_dir.join("shards.sbatch")).unwrap();
    let merge = std::fs::read_to_string(out_dir.join("merge.sbatch")).unwrap();
    let doubled = out_dir.display().to_string().replace('%', "%%");
    assert!(
        array.contains(&format!(
            "#SBATCH --output=\"{doubled}/logs/shard-%a.out\"\n"
        )),
        "{array}"
    );
    assert!(
        merge.contains(&format!("#SBATCH --output=\"{doubled}/logs/merge.out\"\n")),
        "{merge}"
    );
    // every line is a comment, a directive, or the one command
    for script in [&array, &merge] {
        let commands: Vec<&str> = script
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("    "))
            .collect();
        assert_eq!(commands.len(), 2, "{script}");
        assert_eq!(commands[0], "set -euo pipefail");
    }
    // bash runs the bodies as Slurm would: two shards, then the merge
    for task in ["0", "1"] {
        let run = Command::new("bash")
            .arg(out_dir.join("shards.sbatch"))
            .current_dir(d)
            .env("SLURM_ARRAY_TASK_ID", task)
            .env("SLURM_CPUS_PER_TASK", "1")
            .output()
            .unwrap();
        common::succeeded(&run);
    }
    let run = Command::new("bash")
        .arg(out_dir.join("merge.sbatch"))
        .current_dir(d)
        .output()
        .unwrap();
    common::succeeded(&run);
    assert!(out_dir.join("result.json").is_file());
    assert!(out_dir.join("report/index.html").is_file());
    // nothing in a name ran
    assert!(!d.join("pwned").exists() && !odd.join("pwned").exists());
    // the single run with the same seed gives the same JSON
    let single = d.join("single.json");
    common::succeeded(&firecover_in(
        d,
        &[
            os("run"),
            scenario.as_os_str(),
            os("--replications"),
            os("4"),
            os("--json"),
            single.as_os_str(),
        ],
        None,
    ));
    assert_eq!(
        std::fs::read(&single).unwrap(),
        std::fs::read(out_dir.join("result.json")).unwrap()
    );
}

#[test]
fn the_printed_hint_runs_nothing_from_a_folder_name_and_submit_cancels_a_failed_merge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = common::repo("scenarios/examples/two-stations.toml");
    let (path, log) = fake_sbatch(d);
    let out_dir = d.join("$(touch pwned)");
    let out = firecover_in(
        d,
        &[
            os("slurm"),
            scenario.as_os_str(),
            os("--tasks"),
            os("2"),
            os("--out"),
            out_dir.as_os_str(),
        ],
        None,
    );
    let text = common::succeeded(&out);
    let hint = text
        .lines()
        .find_map(|l| l.strip_prefix("submit: "))
        .expect("a submit hint");
    let hint = hint.split("   (").next().unwrap();
    // pasted into a shell, it submits the scripts and runs nothing else
    let pasted = Command::new("sh")
        .arg("-c")
        .arg(hint)
        .current_dir(d)
        .env("PATH", &path)
        .env("FAKE_SBATCH_LOG", &log)
        .output()
        .unwrap();
    assert!(pasted.status.success(), "{pasted:?}");
    assert!(!d.join("pwned").exists(), "the hint ran a folder name");
    let calls = std::fs::read_to_string(&log).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    let array = out_dir.join("shards.sbatch").display().to_string();
    let merge = out_dir.join("merge.sbatch").display().to_string();
    assert_eq!(calls[0], format!("--parsable|{array}|"));
    assert_eq!(
        calls[1],
        format!("--dependency=afterok:101|--kill-on-invalid-dep=yes|{merge}|")
    );
    // --submit: the merge is cancelled, not left pending, when a shard fails
    std::fs::remove_file(&log).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_firecover"))
        .current_dir(d)
        .args([
            os("slurm"),
            scenario.as_os_str(),
            os("--tasks"),
            os("2"),
            os("--submit"),
        ])
        .env("PATH", &path)
        .env("FAKE_SBATCH_LOG", &log)
        .output()
        .unwrap();
    common::succeeded(&out);
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(
        calls.lines().nth(1).is_some_and(
            |l| l.starts_with("--parsable|--dependency=afterok:101|--kill-on-invalid-dep=yes|")
        ),
        "{calls}"
    );
}
