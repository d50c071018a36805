//! Input the machine cannot handle is refused at validation with the key
//! that asks for it, instead of exhausting memory, hanging or crashing.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::repo;

/// Runs firecover; a run that does not end in 30 s is killed and fails the
/// test (the point is that none hangs).
fn firecover_within(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_firecover"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waits").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("firecover {args:?} did not end in 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn example() -> String {
    std::fs::read_to_string(repo("scenarios/examples/two-stations.toml")).unwrap()
}

/// Validates `text` written as `dir/name`; asserts exit 2 and that stderr
/// says `says`.
fn refused(dir: &Path, name: &str, text: &str, says: &str) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let out = firecover_within(&["validate".as_ref(), path.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(
        stderr.contains(says),
        "{name}: expected {says:?} in\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
}

#[test]
fn files_that_never_end_or_block_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = example();
    refused(
        dir.path(),
        "zero.toml",
        &format!("extends = \"/dev/zero\"\n{base}"),
        "/dev/zero is not a regular file",
    );
    let fifo = dir.path().join("roads.geojson");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid path
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let with_file = base.replace(
        "[network]                       # inline graph; later issues add builtin and OSM sources",
        "[network]\nfile = \"roads.geojson\"",
    );
    refused(
        dir.path(),
        "fifo.toml",
        &with_file,
        "roads.geojson is not a regular file",
    );
    let boundary = base.replace(
        "[simulation]",
        "[coverage]\nboundary = \"roads.geojson\"\n\n[simulation]",
    );
    refused(
        dir.path(),
        "fifo-outline.toml",
        &boundary,
        "not a regular file",
    );
}

#[test]
fn an_endless_extends_chain_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("d{i}.toml")),
            format!("extends = \"d{}.toml\"\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("d40.toml"), example()).unwrap();
    let out = firecover_within(&["validate".as_ref(), dir.path().join("d0.toml").as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("extends chain deeper than 32"));
}

#[test]
fn sizes_the_machine_cannot_hold_are_refused_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let base = example();
    refused(
        dir.path(),
        "rate.toml",
        &base.replace(
            "per_year = { fire = 80, rescue = 40 }",
            "per_year = { fire = 4.9e7, rescue = 40 }",
        ),
        "demand.per_year: 4.900e7 alarms per replication is more than",
    );
    refused(
        dir.path(),
        "years.toml",
        &base.replace("years = 1.0 ", "years = 1e12 "),
        "simulation.years: at most 10000 simulated years",
    );
    refused(
        dir.path(),
        "units.toml",
        &base.replace(
            "units = [ { kind = \"engine\", count = 2 } ]",
            "units = [ { kind = \"engine\", count = 9000 }, { kind = \"pump\", count = 9000 }, { kind = \"ladder\", count = 9000 } ]",
        ),
        "more than 20000 units",
    );
    refused(
        dir.path(),
        "standard.toml",
        &base.replace("travel_s = 240", "travel_s = 1.7e308"),
        "standard.travel_s: at most 86400 s",
    );
}

#[test]
fn damaged_geometry_and_encodings_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let base = example();
    // a position with one coordinate, and an outline in projected metres
    for (name, ring, says) in [
        (
            "one.geojson",
            "[[107.7], [107.8, 30.6], [107.8, 30.7], [107.7]]",
            "a position needs a longitude and a latitude",
        ),
        (
            "metres.geojson",
            "[[11997000, 3580000], [12000000, 3580000], [12000000, 3583000], [11997000, 3580000]]",
            "WGS84 longitude and latitude in degrees",
        ),
        (
            "open.geojson",
            "[[107.7, 30.5], [107.8, 30.6], [107.8, 30.7]]",
            "must be closed",
        ),
    ] {
        std::fs::write(
            dir.path().join(name),
            format!("{{\"type\": \"Polygon\", \"coordinates\": [{ring}]}}"),
        )
        .unwrap();
        let text = base.replace(
            "[simulation]",
            &format!("[coverage]\nboundary = \"{name}\"\n\n[simulation]"),
        );
        refused(dir.path(), &format!("{name}.toml"), &text, says);
    }
    // a scenario saved as GBK
    let path = dir.path().join("gbk.toml");
    let mut bytes = base.replace("Two stations on a line", "").into_bytes();
    let at = bytes.windows(9).position(|w| w == b"name = \"\"").unwrap() + 8;
    bytes.splice(at..at, [0xC6, 0xDF, 0xD0, 0xC7, 0xD5, 0xF2]);
    std::fs::write(&path, &bytes).unwrap();
    let out = firecover_within(&["validate".as_ref(), path.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("gbk.toml:2: not valid UTF-8"), "{stderr}");
    assert!(stderr.contains("iconv -f GBK"), "{stderr}");
}

#[test]
fn command_line_counts_have_bounds() {
    let scenario = repo("scenarios/examples/two-stations.toml");
    for args in [
        vec![
            "run".as_ref(),
            scenario.as_os_str(),
            "--threads".as_ref(),
            "20000".as_ref(),
        ],
        vec![
            "network".as_ref(),
            "info".as_ref(),
            scenario.as_os_str(),
            "--samples".as_ref(),
            "18446744073709551615".as_ref(),
        ],
    ] {
        let out = firecover_within(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
}

#[test]
fn control_characters_in_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = example();
    refused(
        dir.path(),
        "ansi.toml",
        &base.replace(
            "name = \"Two stations on a line\"",
            "name = \"Two\\u001b[2J stations\"",
        ),
        "scenario.name: contains the control character U+001B",
    );
    refused(
        dir.path(),
        "newline.toml",
        &base.replace("zone = \"middle\"", "zone = \"mid\\ndle\""),
        "contains the control character U+000A",
    );
    // a description may run over lines
    let path = dir.path().join("described.toml");
    std::fs::write(
        &path,
        base.replace(
            "name = \"Two stations on a line\"",
            "name = \"Two stations on a line\"\ndescription = \"first line\\nsecond line\"",
        ),
    )
    .unwrap();
    let out = firecover_within(&["validate".as_ref(), path.as_os_str()]);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn osm_xml_and_out_of_range_seeds_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let out = firecover_within(&[
        "network".as_ref(),
        "import".as_ref(),
        repo("tests/fixtures/osm/town.osm").as_os_str(),
        "-o".as_ref(),
        dir.path().join("town.fcnet").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("OpenStreetMap XML, not PBF"), "{stderr}");
    assert!(stderr.contains("osmium cat"), "{stderr}");
    // the file's seeds are TOML integers (at most 2^63 - 1): so are the command line's
    let scenario = repo("scenarios/examples/two-stations.toml");
    let out = firecover_within(&[
        "run".as_ref(),
        scenario.as_os_str(),
        "--seed".as_ref(),
        "18446744073709551615".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn a_setting_share_with_nowhere_to_go_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = example();
    let text = base
        .replace(
            "{ at = \"a\", weight = 2.0, zone = \"west town\" }",
            "{ at = \"a\", weight = 2.0, zone = \"west town\", setting = \"urban\" }",
        )
        .replace(
            "{ at = \"b\", weight = 1.0, zone = \"middle\" }",
            "{ at = \"b\", weight = 0.0, zone = \"middle\", setting = \"rural\" }",
        )
        .replace(
            "{ at = \"c\", weight = 1.0, zone = \"east town\" }",
            "{ at = \"c\", weight = 1.0, zone = \"east town\", setting = \"urban\" }",
        )
        .replace(
            "[simulation]",
            "[demand.setting_share]\nfire = { urban = 0.6, rural = 0.4 }\n\n[simulation]",
        );
    refused(
        dir.path(),
        "share.toml",
        &text,
        "demand.setting_share.fire.rural: a share of 0.4 for setting `rural`, whose demand points all weigh 0",
    );
}

#[test]
fn road_classes_past_the_index_range_are_refused_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[scenario]\nname = \"classes\"\n[standard]\nturnout_s = 60\ntravel_s = 240\n\
         [network]\ndefault_speed_kmh = 30\nnodes = [ { id = \"a\", lon = 107.70, lat = 30.60 }, { id = \"b\", lon = 107.71, lat = 30.60 } ]\nedges = [\n",
    );
    for i in 0..65_537 {
        text.push_str(&format!(
            "  {{ from = \"a\", to = \"b\", length_m = 1000, class = \"c{i}\" }},\n"
        ));
    }
    text.push_str(
        "]\n[[stations]]\nid = \"s\"\nat = \"a\"\nunits = [ { kind = \"engine\", count = 1 } ]\n\
         [incident_types.fire]\nservice = { dist = \"exponential\", mean_s = 1800 }\n\
         dispatch = [ { kind = \"engine\", count = 1 } ]\n\
         [demand]\nmode = \"poisson\"\nper_year = { fire = 10 }\npoints = [ { at = \"b\", weight = 1.0, zone = \"z\" } ]\n\
         [simulation]\nyears = 1.0\nreplications = 2\nseed = 1\nwhen_all_busy = \"queue\"\n",
    );
    refused(
        dir.path(),
        "classes.toml",
        &text,
        "network.edges[65536].class: more than 65,536 road classes",
    );
}

/// A scenario with `zones` demand points, each its own zone, on a line of
/// nodes.
fn many_zones(zones: usize) -> String {
    let mut text = String::from(
        "[scenario]\nname = \"zones\"\n[standard]\nturnout_s = 60\ntravel_s = 240\n\
         [network]\ndefault_speed_kmh = 30\nnodes = [\n",
    );
    for i in 0..zones {
        text.push_str(&format!(
            "  {{ id = \"n{i}\", lon = {:.5}, lat = 30.60 }},\n",
            107.0 + i as f64 * 0.001
        ));
    }
    text.push_str("]\nedges = [\n");
    for i in 1..zones {
        text.push_str(&format!(
            "  {{ from = \"n{}\", to = \"n{i}\", length_m = 100 }},\n",
            i - 1
        ));
    }
    text.push_str(
        "]\n[[stations]]\nid = \"s\"\nat = \"n0\"\nunits = [ { kind = \"engine\", count = 4 } ]\n\
         [incident_types.fire]\nservice = { dist = \"exponential\", mean_s = 1800 }\n\
         dispatch = [ { kind = \"engine\", count = 1 } ]\n\
         [demand]\nmode = \"poisson\"\nper_year = { fire = 500 }\npoints = [\n",
    );
    for i in 0..zones {
        text.push_str(&format!("  {{ at = \"n{i}\", zone = \"z{i}\" }},\n"));
    }
    text.push_str("]\n[simulation]\nyears = 1.0\nreplications = 20\nseed = 1\n");
    text
}

/// Limits the child's address space to `bytes` (`ulimit -v`).
fn with_address_space_limit(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec
    unsafe {
        cmd.pre_exec(move || {
            let rl = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[test]
fn a_run_larger_than_the_machine_is_refused_up_front_saying_what_fits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zones.toml");
    std::fs::write(&path, many_zones(3000)).unwrap();
    let run = |threads: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_firecover"));
        cmd.args([
            "run".as_ref(),
            path.as_os_str(),
            "--threads".as_ref(),
            threads.as_ref(),
        ]);
        with_address_space_limit(&mut cmd, 1 << 30);
        cmd.output().expect("runs")
    };
    let out = run("64");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("with 64 worker thread(s) (3002 result groups"),
        "{stderr}"
    );
    let fits = stderr
        .split("--threads ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no advice in {stderr}"));
    assert!(
        fits.parse::<usize>().is_ok_and(|n| (1..64).contains(&n)),
        "{stderr}"
    );
    // the advice holds
    let out = run(fits);
    assert_eq!(
        out.status.code(),
        Some(0),
        "--threads {fits}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Hardening round 3, item 14: the advice fits when each zone's responses
/// span many octaves. 3,000 places along a 300 km road, every zone holding
/// places from 12 s to 10 h away, and 100,000 alarms a year: the estimate
/// that assumed five histogram pages a group advised `--threads 10`, and
/// that run aborted.
#[test]
fn the_advice_fits_when_responses_span_many_octaves() {
    let mut text = many_zones(3000);
    // two places per zone, at opposite ends of the road
    for i in 0..3000 {
        text = text.replacen(
            &format!("zone = \"z{i}\" }}"),
            &format!("zone = \"w{}\" }}", i % 1500),
            1,
        );
    }
    let text = text
        .replace("per_year = { fire = 500 }", "per_year = { fire = 100000 }")
        .replace("count = 4 }", "count = 40 }");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.toml");
    std::fs::write(&path, text).unwrap();
    let run = |threads: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_firecover"));
        cmd.args([
            "run".as_ref(),
            path.as_os_str(),
            "--threads".as_ref(),
            threads.as_ref(),
        ]);
        with_address_space_limit(&mut cmd, 1 << 30);
        cmd.output().expect("runs")
    };
    let out = run("64");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let fits = stderr
        .split("--threads ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no advice in {stderr}"));
    let out = run(fits);
    assert_eq!(
        out.status.code(),
        Some(0),
        "--threads {fits}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Hardening round 3, item 13: 20,000 units × 10,000 places × 8 windows of
/// the day is within every other limit; its candidate lists (1.6 billion
/// entries) are refused in validation, not by the allocator.
#[test]
fn candidate_lists_count_units_places_and_windows() {
    let mut text = example().replace(
        "units = [ { kind = \"engine\", count = 2 } ]",
        "units = [ { kind = \"engine\", count = 9500 }, { kind = \"pump\", count = 9500 } ]",
    );
    let points: String = (0..10_000)
        .map(|i| format!("  {{ at = \"{}\" }},\n", ["a", "b", "c"][i % 3]))
        .collect();
    let start = text.find("points = [").unwrap();
    let end = start + text[start..].find("]\n").unwrap() + 2;
    text.replace_range(start..end, &format!("points = [\n{points}]\n"));
    for h in 0..8 {
        text.push_str(&format!(
            "[[network.speed_windows]]\nfrom_hour = {}\nto_hour = {}\nfactors = {{ \"*\" = {} }}\n",
            3 * h,
            3 * h + 3,
            0.5 + 0.05 * f64::from(h)
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    refused(
        dir.path(),
        "candidates.toml",
        &text,
        "19002 units × 10000 demand places × 8 windows of the day",
    );
}

/// The maintainer's tools read a district's folder as every input is read:
/// a missing file or a FIFO in it is bad input (exit 2), said in the run's
/// language, and nothing waits on the FIFO.
#[test]
fn district_tools_refuse_missing_files_and_fifos() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for tool in ["generate", "calibrate"] {
        for (lang, says) in [("en", "cannot read"), ("zh", "无法读取")] {
            let out = firecover_within(&[
                "--lang".as_ref(),
                lang.as_ref(),
                "network".as_ref(),
                tool.as_ref(),
                empty.as_os_str(),
            ]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{tool} {lang}: {stderr}");
            assert!(stderr.contains(says), "{tool} {lang}: {stderr}");
            assert!(stderr.contains("generator.toml"), "{tool} {lang}: {stderr}");
        }
    }
    // a FIFO where the townships should be
    let district = dir.path().join("district");
    std::fs::create_dir(&district).unwrap();
    for name in ["generator.toml", "boundary.geojson", "seat_road_km.csv"] {
        std::fs::copy(repo("scenarios/liangping").join(name), district.join(name)).unwrap();
    }
    let fifo = district.join("townships.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for tool in ["generate", "calibrate"] {
        let out_dir = dir.path().join("out");
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["network".as_ref(), tool.as_ref(), district.as_os_str()];
        if tool == "generate" {
            args.extend(["--out".as_ref(), out_dir.as_os_str()]);
        }
        let out = firecover_within(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{tool}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{tool}: {stderr}");
    }
    assert!(!dir.path().join("out").exists());
}
