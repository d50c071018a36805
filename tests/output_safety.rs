//! Outputs are all or nothing: a full disk, an interrupt or a closed
//! terminal never leaves a truncated file, a mix of old and new files, or
//! exit 0 without the reports.

mod common;

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::repo;

fn firecover_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_firecover"))
}

/// Every file under `dir` (recursively) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn run_args(dir: &Path, replications: &str) -> Vec<std::ffi::OsString> {
    vec![
        "run".into(),
        repo("scenarios/liangping-2020.toml").into(),
        "--replications".into(),
        replications.into(),
        "--json".into(),
        dir.join("a.json").into(),
        "--html".into(),
        dir.join("report").into(),
    ]
}

/// Files may grow to at most `limit` bytes in the child: writing past it
/// fails as on a full disk (EFBIG, with SIGXFSZ ignored).
fn with_file_size_limit(cmd: &mut Command, limit: u64) {
    // SAFETY: only async-signal-safe calls between fork and exec
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rl = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// What a write over the file-size limit says, by language: the failure
/// and its cause, from the catalogue rather than the system's English.
const FILE_TOO_LARGE_SAID: [(&str, &str); 4] = [
    ("en", "error: cannot write "),
    ("en", ": the file is larger than the file system allows"),
    ("zh", "错误：无法写入 "),
    ("zh", "：文件超出了文件系统允许的大小"),
];

#[test]
fn a_full_disk_keeps_the_previous_reports_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let first = firecover_cmd()
        .args(run_args(dir.path(), "10"))
        .output()
        .unwrap();
    assert!(first.status.success(), "{first:?}");
    let before = snapshot(dir.path());
    assert!(before.contains_key(Path::new("a.json")));
    assert!(before.contains_key(Path::new("report/index.html")));
    // the report's files are a few kB to a few hundred: 20 kB runs out midway
    // the cause is said in the run's language, not in the system's English
    for (lang, words) in FILE_TOO_LARGE_SAID {
        let mut cmd = firecover_cmd();
        cmd.args(run_args(dir.path(), "12")).args(["--lang", lang]);
        with_file_size_limit(&mut cmd, 20_000);
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
        // nothing changed, and no temporary file is left behind
        assert_eq!(snapshot(dir.path()), before);
    }
}

/// Hardening round 3, item 23: a report file that cannot be written is
/// named where it would be, never inside the hidden staging folder.
#[test]
fn a_failed_report_write_names_the_report_not_its_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "zh"] {
        let mut cmd = firecover_cmd();
        cmd.args(["run", "--lang", lang])
            .arg(repo("scenarios/liangping-2020.toml"))
            .args(["--replications", "4", "--html"])
            .arg(dir.path().join("report"));
        with_file_size_limit(&mut cmd, 20_000);
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let report = dir.path().join("report").display().to_string();
        assert!(stderr.contains(&format!("{report}/")), "{stderr}");
        assert!(!stderr.contains(".report."), "{stderr}");
        assert!(!dir.path().join("report").exists());
    }
}

/// The files `site` writes one by one (proposed scenarios, maps, the JSON)
/// name the file that failed and say why in the run's language.
#[test]
fn a_failed_site_write_names_the_file_in_the_runs_language() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("proposals");
    for (lang, words) in FILE_TOO_LARGE_SAID {
        let mut cmd = firecover_cmd();
        cmd.args(["--lang", lang, "site"])
            .arg(repo("scenarios/examples/two-stations.toml"))
            .args(["--add", "1", "--no-simulate", "--out"])
            .arg(&out_dir);
        // the scenario files fit; the first map does not
        with_file_size_limit(&mut cmd, 3_000);
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{stderr}");
        assert!(stderr.contains("site-cover-1.svg"), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
}

#[test]
fn a_report_folder_the_system_refuses_is_said_in_the_runs_language() {
    // /proc takes no new folders: the path passes the checks made before
    // the run, and creating the report fails after it
    let refused = Path::new("/proc/firecover-report");
    for (lang, words) in [
        ("en", "error: cannot write /proc/firecover-report: "),
        ("zh", "错误：无法写入 /proc/firecover-report："),
    ] {
        let out = firecover_cmd()
            .args([
                "run",
                repo("scenarios/liangping-2020.toml").to_str().unwrap(),
            ])
            .args(["--replications", "5", "--lang", lang, "--html"])
            .arg(refused)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
}

#[test]
fn a_closed_or_failing_stdout_still_writes_the_reports() {
    // the reader goes away at once (`firecover run ... | true`)
    let dir = tempfile::tempdir().unwrap();
    let mut child = firecover_cmd()
        .args(run_args(dir.path(), "10"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "a closed pipe is the reader's choice: {status:?}"
    );
    assert!(dir.path().join("a.json").is_file());
    assert!(dir.path().join("report/index.html").is_file());
    // stdout on a full device: the reports are written, and the run fails
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = firecover_cmd()
        .args(run_args(dir.path(), "10"))
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("error: cannot write to standard output: the disk is full")
    );
    assert!(dir.path().join("a.json").is_file());
    assert!(dir.path().join("report/index.html").is_file());
    // and a full stderr does not make a bad-input failure panic
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = firecover_cmd()
        .args(["run", "no-such-scenario.toml"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn output_paths_are_checked_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("thesis.docx"), "years of work").unwrap();
    for (args, says) in [
        (
            vec!["--html".into(), mine.clone().into_os_string()],
            "is not a firecover report",
        ),
        (
            vec![
                "--json".into(),
                dir.path().join("no/such/folder/a.json").into_os_string(),
            ],
            "does not exist",
        ),
        (
            vec!["--json".into(), "/dev/full".into()],
            "not a regular file",
        ),
        (
            vec!["--json".into(), dir.path().as_os_str().to_os_string()],
            "is a folder",
        ),
    ] {
        let out = firecover_cmd()
            .arg("run")
            .arg(repo("scenarios/liangping-2020.toml"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        // refused before the simulation: nothing was printed
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(mine.join("thesis.docx")).unwrap(),
        "years of work"
    );
    // the device was not replaced by a file
    assert!(
        !std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_file()
    );
}

#[test]
fn a_report_replaces_an_earlier_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let compare = firecover_cmd()
        .arg("compare")
        .arg(repo("scenarios/liangping-2020.toml"))
        .arg(repo("scenarios/liangping-2025-plan.toml"))
        .args(["--replications", "4", "--html"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(compare.status.success(), "{compare:?}");
    assert!(report.join("differences.csv").is_file());
    let run = firecover_cmd()
        .arg("run")
        .arg(repo("scenarios/liangping-2020.toml"))
        .args(["--replications", "4", "--html"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    // the single-run report has no differences table: none is left over
    assert!(!report.join("differences.csv").exists());
    assert!(report.join("index.html").is_file());
}

/// Interrupted at any moment, `coverage` with four outputs leaves either
/// every old file or every new one.
#[test]
fn an_interrupt_leaves_the_old_set_or_the_new_set() {
    let dir = tempfile::tempdir().unwrap();
    let outputs = |cell: &str| -> Vec<std::ffi::OsString> {
        let mut v: Vec<std::ffi::OsString> = vec![
            "coverage".into(),
            repo("scenarios/liangping-2020.toml").into(),
            "--cell-m".into(),
            cell.into(),
        ];
        for (flag, name) in [
            ("--svg", "map.svg"),
            ("--svg-builtup", "town.svg"),
            ("--geojson", "layers.geojson"),
            ("--json", "coverage.json"),
        ] {
            v.push(flag.into());
            v.push(dir.path().join(name).into());
        }
        v
    };
    let make = |cell: &str| {
        let out = firecover_cmd().args(outputs(cell)).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        snapshot(dir.path())
    };
    let new_set = make("150");
    let old_set = make("250");
    assert_ne!(old_set, new_set);
    // how long a run takes, to spread the interrupts over it
    let started = std::time::Instant::now();
    make("250");
    let span = started.elapsed().as_secs_f64().max(0.05);
    let (mut olds, mut news) = (0, 0);
    for trial in 0..16 {
        std::fs::remove_dir_all(dir.path()).ok();
        std::fs::create_dir_all(dir.path()).unwrap();
        make("250");
        let mut child = firecover_cmd()
            .args(outputs("150"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = span * (0.5 + f64::from(trial) / 16.0);
        std::thread::sleep(std::time::Duration::from_secs_f64(delay));
        // SAFETY: signalling our own child
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGINT);
        }
        let status = child.wait().unwrap();
        let now = snapshot(dir.path());
        if now == old_set {
            olds += 1;
            assert!(!status.success(), "trial {trial}: interrupted but exit 0");
        } else if now == new_set {
            news += 1;
        } else {
            let names: Vec<_> = now.keys().collect();
            panic!("trial {trial} (after {delay:.3} s): a mix of files: {names:?}");
        }
    }
    eprintln!("interrupts: {olds} left the old set, {news} the new one");
}

/// Waits for `child` at most `limit`; kills it and fails if it runs on.
fn wait_within(
    child: &mut std::process::Child,
    limit: std::time::Duration,
) -> std::process::ExitStatus {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("did not end within {limit:?} of the interrupt");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Outside the write phase Ctrl-C ends a run at once, also after a command
/// has already written some files (`site` writes its proposals, then
/// simulates them).
#[test]
fn an_interrupt_outside_the_write_phase_ends_the_run_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("a.json");
    let mut child = firecover_cmd()
        .arg("run")
        .arg(repo("scenarios/liangping-2020.toml"))
        .args(["--replications", "2000000", "--json"])
        .arg(&json)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    // SAFETY: signalling our own child
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let status = wait_within(&mut child, std::time::Duration::from_secs(5));
    assert!(!status.success());
    assert!(!json.exists());

    let out = dir.path().join("site");
    let mut child = firecover_cmd()
        .arg("site")
        .arg(repo("scenarios/liangping-siting-urban.toml"))
        .args(["--add", "1", "--replications", "1000000", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // the proposals are written before the simulation starts
    let started = std::time::Instant::now();
    while !std::fs::read_dir(&out).is_ok_and(|d| {
        d.flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
    }) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "site wrote no proposal"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: signalling our own child
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let status = wait_within(&mut child, std::time::Duration::from_secs(5));
    assert!(!status.success());
}

/// `--html DIR` replaces only a folder firecover wrote and nothing was
/// added to: a folder whose index.html merely names firecover, or an
/// earlier report with a file of the user's in it, is refused (exit 2,
/// the folder and the file named) and left as it was.
#[test]
fn a_report_never_replaces_a_folder_holding_anything_of_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let report_to = |folder: &Path, lang: &str| {
        firecover_cmd()
            .arg("run")
            .arg(repo("scenarios/examples/two-stations.toml"))
            .args(["--replications", "2", "--lang", lang, "--html"])
            .arg(folder)
            .output()
            .unwrap()
    };
    // a folder of the user's that mentions firecover in its index.html
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(
        notes.join("index.html"),
        "<html><body>my notes on firecover</body></html>",
    )
    .unwrap();
    std::fs::write(notes.join("thesis.docx"), "years of work").unwrap();
    let before = snapshot(&notes);
    let out = report_to(&notes, "en");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a firecover report"));
    assert_eq!(snapshot(&notes), before);
    // an earlier report, then a file of the user's put in it
    let report = dir.path().join("report");
    assert!(report_to(&report, "en").status.success());
    std::fs::create_dir(report.join("mine")).unwrap();
    std::fs::write(report.join("mine/draft.txt"), "draft").unwrap();
    let before = snapshot(&report);
    for (lang, says) in [
        ("en", "is not one of its files"),
        ("zh", "不是报告写出的文件"),
    ] {
        let out = report_to(&report, lang);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && err.contains("mine"), "{err}");
        assert!(out.stdout.is_empty(), "refused after the run");
        assert_eq!(snapshot(&report), before);
    }
    // moved out, the report is replaced as before
    std::fs::remove_dir_all(report.join("mine")).unwrap();
    let out = report_to(&report, "en");
    assert!(out.status.success(), "{out:?}");
    // a link in a report is never the report's own
    std::os::unix::fs::symlink(&notes, report.join("link")).unwrap();
    let out = report_to(&report, "en");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(snapshot(&notes).len(), 2);
}

/// Two outputs on one path, or a file inside a report folder (which is
/// replaced whole), are refused before any work, naming both.
#[test]
fn outputs_that_coincide_or_nest_are_refused_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = repo("scenarios/examples/two-stations.toml");
    let rep = d.join("rep");
    std::fs::create_dir(&rep).unwrap();
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "run".into(),
            scenario.clone().into(),
            "--json".into(),
            d.join("out").into(),
            "--html".into(),
            d.join("out").into(),
        ],
        vec![
            "run".into(),
            scenario.clone().into(),
            "--json".into(),
            rep.join("x.json").into(),
            "--html".into(),
            rep.clone().into(),
        ],
        // the same folder reached by another spelling
        vec![
            "run".into(),
            scenario.clone().into(),
            "--json".into(),
            rep.join("../rep/y.json").into(),
            "--html".into(),
            rep.clone().into(),
        ],
        vec![
            "coverage".into(),
            scenario.clone().into(),
            "--svg".into(),
            d.join("m.svg").into(),
            "--svg-builtup".into(),
            d.join("m.svg").into(),
        ],
    ];
    for args in cases {
        for (lang, says) in [
            ("en", "two outputs on one path"),
            ("zh", "两个输出在同一路径上"),
        ] {
            let out = firecover_cmd()
                .args(&args)
                .args(["--lang", lang])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(says), "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?}: worked before refusing");
        }
    }
    // nothing was written
    assert_eq!(std::fs::read_dir(d).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(&rep).unwrap().count(), 0);
}

/// Hardening round 3, item 23: standard output closed (`>&-`) is a failure
/// said on standard error (exit 1), in the run's language, the report
/// files still written; `> /dev/null` is not.
#[test]
fn a_closed_standard_output_fails_the_run_but_keeps_its_files() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, says) in [
        (
            "en",
            "cannot write to standard output: it was closed before the run started",
        ),
        ("zh", "无法写入标准输出：运行开始前已被关闭"),
    ] {
        let json = dir.path().join(format!("{lang}.json"));
        let mut cmd = firecover_cmd();
        cmd.arg("run")
            .arg(repo("scenarios/examples/two-stations.toml"))
            .args(["--replications", "2", "--lang", lang, "--json"])
            .arg(&json)
            .stderr(Stdio::piped());
        // SAFETY: only close(2)s a descriptor in the child before exec
        unsafe {
            cmd.pre_exec(|| {
                libc::close(1);
                Ok(())
            });
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{lang}: {err}");
        assert!(err.contains(says), "{lang}: {err}");
        assert!(std::fs::metadata(&json).is_ok_and(|m| m.len() > 0));
    }
    let out = firecover_cmd()
        .arg("run")
        .arg(repo("scenarios/examples/two-stations.toml"))
        .args(["--replications", "2"])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}
