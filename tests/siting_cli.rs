//! `firecover site` end to end: proposed scenario files that validate and
//! compare, determinism across thread counts, fixed and removable
//! stations, candidate lists and exclusions, and bad input.

mod common;

use std::path::Path;

use common::{firecover, succeeded};

/// A 6 × 6 grid of nodes 1 km apart (one minute a link), a station in the
/// south-west corner, demand at every node, heavier in the north-east.
fn grid_scenario(extra: &str) -> String {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut points = Vec::new();
    for r in 0..6 {
        for c in 0..6 {
            let lon = 107.70 + 0.0104 * c as f64;
            let lat = 30.60 + 0.009 * r as f64;
            nodes.push(format!(
                "{{ id = \"n{r}{c}\", lon = {lon:.4}, lat = {lat:.4} }}"
            ));
            let weight = if r >= 3 && c >= 3 { 4.0 } else { 1.0 };
            let zone = if c < 3 { "west" } else { "east" };
            points.push(format!(
                "{{ at = \"n{r}{c}\", weight = {weight}, zone = \"{zone}\" }}"
            ));
            if c < 5 {
                edges.push(format!(
                    "{{ from = \"n{r}{c}\", to = \"n{r}{}\", time_s = 60 }}",
                    c + 1
                ));
            }
            if r < 5 {
                edges.push(format!(
                    "{{ from = \"n{r}{c}\", to = \"n{}{c}\", time_s = 60 }}",
                    r + 1
                ));
            }
        }
    }
    format!(
        r#"[scenario]
name = "Grid"

[standard]
turnout_s = 60
travel_s = 120
jurisdiction_km2 = {{ urban = 7.0, suburban = 15.0 }}

[network]
nodes = [ {} ]
edges = [ {} ]

[[stations]]
id = "west"
name = "West station"
at = "n00"
units = [ {{ kind = "engine", count = 1 }} ]

[[stations]]
id = "team"
at = "n05"
turnout_s = 90
category = "township_team"
units = [ {{ kind = "engine", count = 1 }} ]

[incident_types.fire]
service = {{ dist = "exponential", mean_s = 1800 }}
dispatch = [ {{ kind = "engine", count = 1 }} ]

[demand]
mode = "poisson"
per_year = {{ fire = 300 }}
points = [ {} ]

[simulation]
years = 1.0
replications = 20
seed = 7
when_all_busy = "queue"

[siting]
objective = "cover"
add = "1..2"
alternatives = 2

[siting.station]
id_prefix = "site"
name = "New station"
units = [ {{ kind = "engine", count = 1 }} ]

[siting.candidates]
spacing_m = 0
{extra}
"#,
        nodes.join(", "),
        edges.join(", "),
        points.join(", ")
    )
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn proposals_validate_compare_and_keep_the_fixed_stations() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let out = dir.path().join("out");
    let json = dir.path().join("site.json");
    let html = dir.path().join("report");
    let text = succeeded(&firecover([
        "site".as_ref(),
        scenario.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
        "--html".as_ref(),
        html.as_os_str(),
    ]));
    // the report leads with the siting section: one row per proposal
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    let section = &page[page
        .find(r#"<section id="siting">"#)
        .expect("a siting section")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert_eq!(section.matches("site-cover-").count(), 4, "{section}");
    // the study leads the details, right after the one-page summary
    assert!(page.find(r#"id="summary""#) < page.find(r#"id="siting""#));
    assert!(page.find(r#"id="siting""#) < page.find(r#"id="differences""#));
    // `auto` proves the covering optimum with the exact pure-Rust solver,
    // in every build
    assert!(text.contains("exact optimal"), "{text}");
    assert!(!text.contains("Not proven optimal"), "{text}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let solutions = report["solutions"].as_array().unwrap();
    // counts 1 and 2, plus two alternatives at 2
    assert_eq!(solutions.len(), 4, "{report:#}");
    let mut files = Vec::new();
    for s in solutions {
        let file = out.join(s["scenario_file"].as_str().unwrap());
        let loaded = common::load(&file);
        // the stations that stay are where they were, with their units
        let west = loaded.stations.iter().find(|st| st.id == "west").unwrap();
        assert_eq!(loaded.network.nodes()[west.node.index()].id, "n00");
        assert!(loaded.stations.iter().any(|st| st.id == "team"));
        let count = s["count"].as_u64().unwrap() as usize;
        assert_eq!(loaded.stations.len(), 2 + count);
        assert_eq!(loaded.units.len(), 2 + count);
        // the static objective is the demand the proposal reaches in time
        let sim = &s["simulated"];
        assert!(sim["within_standard"].as_f64().unwrap() > 0.0);
        files.push(file);
    }
    // more stations never reach less, statically or by simulation
    let value = |k: usize| solutions[k]["objective"].as_f64().unwrap();
    assert!(value(1) >= value(0));
    assert!(report["objective_now"].as_f64().unwrap() < value(0));
    // the written scenarios run through compare unchanged
    let mut args = vec![scenario.clone()];
    args.extend(files);
    let compared = succeeded(&firecover(
        std::iter::once(std::ffi::OsString::from("compare"))
            .chain(args.iter().map(|p| p.clone().into_os_string())),
    ));
    assert!(compared.contains("Δ mean"), "{compared}");
    // maps
    assert!(out.join("sites.geojson").exists());
    assert!(out.join("site-cover-1.svg").exists());
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sites.geojson")).unwrap()).unwrap();
    let layers: Vec<&str> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["layer"].as_str().unwrap())
        .collect();
    for layer in ["candidate", "station", "proposed", "jurisdiction"] {
        assert!(layers.contains(&layer), "no {layer} layer");
    }
}

#[test]
fn same_sites_and_numbers_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("out{threads}"));
        let json = dir.path().join(format!("site{threads}.json"));
        succeeded(&firecover([
            "site".as_ref(),
            scenario.as_os_str(),
            "--threads".as_ref(),
            threads.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            "--json".as_ref(),
            json.as_os_str(),
        ]));
        outputs.push((
            std::fs::read(&json).unwrap(),
            std::fs::read(out.join("site-cover-2.toml")).unwrap(),
            std::fs::read(out.join("sites.geojson")).unwrap(),
        ));
    }
    assert!(
        outputs[0] == outputs[1],
        "outputs differ between 1 and 2 threads"
    );
}

#[test]
fn a_removable_station_may_move_and_the_others_stay() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let out = dir.path().join("out");
    let json = dir.path().join("site.json");
    // the west station, in a corner, serves the heavy north-east better elsewhere
    succeeded(&firecover([
        "site".as_ref(),
        scenario.as_os_str(),
        "--removable".as_ref(),
        "west".as_ref(),
        "--add".as_ref(),
        "0".as_ref(),
        "--objective".as_ref(),
        "median".as_ref(),
        "--alternatives".as_ref(),
        "0".as_ref(),
        "--no-simulate".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
    ]));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let s = &report["solutions"][0];
    assert_eq!(s["closed"][0], "west", "{report:#}");
    assert_eq!(s["new_sites"].as_array().unwrap().len(), 1);
    assert!(s["objective"].as_f64().unwrap() < report["objective_now"].as_f64().unwrap());
    let loaded = common::load(&out.join(s["scenario_file"].as_str().unwrap()));
    assert!(loaded.stations.iter().all(|st| st.id != "west"));
    let team = loaded.stations.iter().find(|st| st.id == "team").unwrap();
    assert_eq!(loaded.network.nodes()[team.node.index()].id, "n05");
}

#[test]
fn candidate_lists_exclusions_and_setbacks() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "sites.csv",
        "id,lon,lat,name\nA,107.7312,30.6270,north-east\nB,107.7000,30.6450,north-west\nC,107.7208,30.6180,middle\n",
    );
    // an exclusion polygon around site C
    write(
        dir.path(),
        "no-go.geojson",
        r#"{"type":"Polygon","coordinates":[[[107.715,30.613],[107.726,30.613],[107.726,30.623],[107.715,30.623],[107.715,30.613]]]}"#,
    );
    let extra = "file = \"sites.csv\"\nexclude = [\"no-go.geojson\"]\nsetback = [ { lon = 107.7000, lat = 30.6450, distance_m = 300, name = \"depot\" } ]\n";
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(extra));
    let json = dir.path().join("site.json");
    let out = dir.path().join("out");
    succeeded(&firecover([
        "site".as_ref(),
        scenario.as_os_str(),
        "--add".as_ref(),
        "1".as_ref(),
        "--no-simulate".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
    ]));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let c = &report["candidates"];
    assert_eq!(c["considered"], 3);
    assert_eq!(c["excluded"], 1);
    assert_eq!(c["set_back"], 1);
    assert_eq!(c["kept"], 1);
    assert_eq!(report["solutions"][0]["new_sites"][0]["id"], "A");
    // asking for more sites than candidates is refused
    let refused = firecover([
        "site".as_ref(),
        scenario.as_os_str(),
        "--add".as_ref(),
        "2".as_ref(),
        "--no-simulate".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("only 1 candidate"), "{err}");
}

fn matrix_error(costs: &str, weights: Option<&str>, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "costs.csv", costs);
    let mut args: Vec<std::ffi::OsString> = vec![
        "site".into(),
        "--costs".into(),
        c.into_os_string(),
        "--radius".into(),
        "10".into(),
    ];
    if let Some(w) = weights {
        args.push("--weights".into());
        args.push(write(dir.path(), "weights.csv", w).into_os_string());
    }
    args.extend(extra.iter().map(|s| s.into()));
    let out = firecover(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bad_cost_matrices_and_requests_exit_2_with_the_place_named() {
    let e = matrix_error("demand,a,b\nd1,1,2\nd2,3\n", None, &[]);
    assert!(e.contains("costs.csv:3") && e.contains("ragged"), "{e}");
    let e = matrix_error("demand,a,b\nd1,1,NaN\n", None, &[]);
    assert!(e.contains("costs.csv:2") && e.contains("NaN"), "{e}");
    let e = matrix_error("demand,a,b\nd1,1,-4\n", None, &[]);
    assert!(e.contains("costs.csv:2") && e.contains("negative"), "{e}");
    let e = matrix_error(
        "demand,a,b\nd1,1,2\nd2,2,1\n",
        Some("demand,weight\nd1,1\nd3,2\n"),
        &[],
    );
    assert!(e.contains("weights.csv:3") && e.contains("d3"), "{e}");
    let e = matrix_error(
        "demand,a,b\nd1,1,2\nd2,2,1\n",
        Some("demand,weight\nd1,1\n"),
        &[],
    );
    assert!(e.contains("no weight for demand d2"), "{e}");
    let e = matrix_error("demand,a,b\nd1,1,2\nd2,2,1\n", None, &["--add", "3"]);
    assert!(
        e.contains("3 new sites asked for") && e.contains("only 2"),
        "{e}"
    );
    // lscp: place far is out of every candidate's reach
    let e = matrix_error(
        "demand,a,b\nnear,1,2\nfar,50,60\n",
        None,
        &["--objective", "lscp"],
    );
    assert!(e.contains("infeasible") && e.contains("far"), "{e}");
}

#[test]
fn the_matrix_study_solves_a_known_instance() {
    // four places on a line, two candidates: each covers its side
    let dir = tempfile::tempdir().unwrap();
    let c = write(
        dir.path(),
        "costs.csv",
        "demand,left,right,middle\nw,1,20,8\nx,2,19,7\ny,19,2,7\nz,20,1,8\n",
    );
    let json = dir.path().join("m.json");
    succeeded(&firecover([
        "site".as_ref(),
        "--costs".as_ref(),
        c.as_os_str(),
        "--radius".as_ref(),
        "5".as_ref(),
        "--add".as_ref(),
        "1..2".as_ref(),
        "--json".as_ref(),
        json.as_os_str(),
    ]));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["solutions"][0]["objective"], 2.0);
    assert_eq!(report["solutions"][1]["objective"], 4.0);
    let ids: Vec<&str> = report["solutions"][1]["new_sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["left", "right"]);
}

#[test]
fn siting_keys_are_validated_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = grid_scenario("").replace(
        "alternatives = 2",
        "alternatives = 2\nobjectiv = \"median\"",
    );
    let scenario = write(dir.path(), "grid.toml", &text);
    let out = firecover(["validate".as_ref(), scenario.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("siting.objectiv") && err.contains("unknown key"),
        "{err}"
    );
    let bad_add = grid_scenario("").replace("add = \"1..2\"", "add = \"4..2\"");
    let scenario = write(dir.path(), "grid2.toml", &bad_add);
    let out = firecover(["validate".as_ref(), scenario.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("siting.add") && err.contains("backwards"),
        "{err}"
    );
}

/// A proposals folder that cannot be made is bad input, said in the run's
/// language before anything is solved.
#[test]
fn a_proposals_folder_that_cannot_be_made_is_refused_before_solving() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let file = write(dir.path(), "a-file", "");
    let under_file = file.join("out");
    for (out, lang, says) in [
        (&file, "en", "is a file; a folder was asked for"),
        (&file, "zh", "是文件；此处需要文件夹"),
        (&under_file, "en", "cannot create the folder"),
        (&under_file, "zh", "无法创建文件夹"),
    ] {
        let run = firecover([
            "site".as_ref(),
            scenario.as_os_str(),
            "--add".as_ref(),
            "1".as_ref(),
            "--no-simulate".as_ref(),
            "--lang".as_ref(),
            lang.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{lang}: {stderr}");
        assert!(stderr.contains(says), "{lang}: {stderr}");
        assert!(run.stdout.is_empty(), "{lang}: solved before refusing");
    }
    assert!(file.is_file());
}

/// In a build without HiGHS, the MILP asked for on the command line or in
/// the file is refused (exit 2) with how to build it, never replaced by
/// another solver; with HiGHS it solves.
#[test]
fn the_milp_without_highs_is_refused_with_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let out = dir.path().join("out");
    let costs = write(dir.path(), "costs.csv", "demand,x,y\na,1,9\nb,9,1\n");
    for (lang, says) in [
        ("en", "cargo build --release --features highs"),
        ("zh", "此版本的 firecover 未包含它"),
    ] {
        for input in [
            vec![scenario.as_os_str()],
            vec![
                "--costs".as_ref(),
                costs.as_os_str(),
                "--radius".as_ref(),
                "5".as_ref(),
            ],
        ] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["site".as_ref()];
            args.extend(input);
            args.extend(
                ["--solver", "milp", "--no-simulate", "--lang", lang].map(std::ffi::OsStr::new),
            );
            args.extend(["--out".as_ref(), out.as_os_str()]);
            let run = firecover(&args);
            let stderr = String::from_utf8_lossy(&run.stderr);
            if firecover::siting::MILP_AVAILABLE {
                assert_eq!(run.status.code(), Some(0), "{lang}: {stderr}");
                continue;
            }
            assert_eq!(run.status.code(), Some(2), "{lang}: {stderr}");
            assert!(stderr.contains(says), "{lang}: {stderr}");
            assert!(run.stdout.is_empty(), "{lang}: solved anyway");
        }
    }
    // the file's `[siting] solver` is checked with its line
    let text = grid_scenario("").replace("alternatives = 2", "alternatives = 2\nsolver = \"milp\"");
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("solver = "))
        .unwrap();
    let milp_file = write(dir.path(), "milp.toml", &text);
    let run = firecover(["validate".as_ref(), milp_file.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    if firecover::siting::MILP_AVAILABLE {
        assert_eq!(run.status.code(), Some(0), "{stderr}");
    } else {
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("milp.toml:{line}"))
                && stderr.contains("siting.solver")
                && stderr.contains("--features highs"),
            "{stderr}"
        );
    }
}

/// Hardening round 3, items 10, 15 and 3: a cost matrix naming a
/// candidate twice, ids with control characters, and files that are not
/// plain UTF-8 text are refused (exit 2) through the input layer, in the
/// run's language, never hanging, never echoing an escape sequence.
#[test]
fn cost_matrices_are_read_like_every_user_file_and_ids_are_checked() {
    // the same candidate twice in the header
    let e = matrix_error("demand,c1,c2,c1\nd1,1,2,3\n", None, &[]);
    assert!(
        e.contains("costs.csv:1")
            && e.contains("`c1` is named twice")
            && e.contains("columns 2 and 4"),
        "{e}"
    );
    // an escape sequence in a candidate id, a demand id or a cell
    for costs in [
        "demand,c1,\u{1b}[2Jc2\nd1,1,2\n",
        "demand,c1,c2\n\u{1b}]0;title\u{7}d1,1,2\n",
        "demand,c1,c2\nd1,1,\u{1b}[31m\n",
    ] {
        let e = matrix_error(costs, None, &[]);
        assert!(
            !e.contains('\u{1b}'),
            "an escape reached the terminal: {e:?}"
        );
        assert!(e.contains("\\u{1b}"), "{e}");
    }
    // an unknown weights id is shown escaped too
    let e = matrix_error(
        "demand,c1\nd1,1\n",
        Some("demand,weight\nd1,1\n\u{1b}[2J,2\n"),
        &[],
    );
    assert!(
        !e.contains('\u{1b}') && e.contains("weights.csv:3"),
        "{e:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let site = |costs: &Path, lang: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_firecover"))
            .args(["--lang", lang, "site", "--radius", "5", "--costs"])
            .arg(costs)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // a FIFO or a device must not block or fill the memory
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "--costs {} hangs",
                costs.display()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = site(Path::new("/dev/zero"), "en");
    assert!(e.contains("not a regular file"), "{e}");
    let fifo = dir.path().join("fifo.csv");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let e = site(&fifo, "en");
    assert!(e.contains("not a regular file"), "{e}");
    // a missing file, said in Chinese
    let e = site(&dir.path().join("missing.csv"), "zh");
    assert!(
        e.contains("missing.csv") && e.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{e}"
    );
    assert!(!e.contains("No such file"), "{e}");
    // a GBK file: its line, and how to convert it
    let gbk = dir.path().join("gbk.csv");
    let mut bytes = b"demand,c1\nd1,1\n".to_vec();
    bytes.extend_from_slice(&[0xc6, 0xdf, 0xd0, 0xc7, b',', b'2', b'\n']); // 七星 in GBK
    std::fs::write(&gbk, bytes).unwrap();
    let e = site(&gbk, "en");
    assert!(e.contains("gbk.csv:3") && e.contains("iconv"), "{e}");
}

/// Hardening round 3, item 18 (in part): a template the proposals'
/// validation would reject (`--turnout-s 1e9`) is refused before the
/// solve, writing nothing.
#[test]
fn a_template_the_proposals_would_fail_with_is_refused_before_solving() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let out = dir.path().join("out");
    for (lang, says) in [("en", "more than a day"), ("zh", "超过一天")] {
        let run = firecover([
            "site".as_ref(),
            scenario.as_os_str(),
            "--turnout-s".as_ref(),
            "1e9".as_ref(),
            "--lang".as_ref(),
            lang.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(
            run.stdout.is_empty() && !out.exists(),
            "worked before refusing"
        );
    }
}

/// Hardening round 3, item 23 (in part): a backwards `--add` and a
/// negative `--time-limit` are refused in the run's language, the latter
/// as the bad value it is, not as an unknown argument.
#[test]
fn bad_counts_and_time_limits_are_said_in_the_runs_language() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    for (flag, value, lang, says) in [
        (
            "--add",
            "4..2",
            "en",
            "--add `4..2`: the range runs backwards",
        ),
        ("--add", "4..2", "zh", "--add `4..2`：范围的起点大于终点"),
        (
            "--time-limit",
            "-1",
            "en",
            "--time-limit must be a positive number of seconds, not -1",
        ),
        (
            "--time-limit",
            "-1",
            "zh",
            "--time-limit 须为正的秒数，而不是 -1",
        ),
    ] {
        let run = firecover([
            "site".as_ref(),
            scenario.as_os_str(),
            flag.as_ref(),
            value.as_ref(),
            "--lang".as_ref(),
            lang.as_ref(),
            "--no-simulate".as_ref(),
        ]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{flag} {value} {lang}: {err}");
        assert!(run.stdout.is_empty());
    }
}

/// Hardening round 3, item 17: a scenario with speed windows is sited
/// with the network's own speeds and the stations' own turnout (the static
/// model; the windows are the simulation's): it failed with "6 radii for
/// 3 demand places", in English under --lang zh. The static answer is the
/// same as without the windows, and the simulated check uses them.
#[test]
fn a_scenario_with_speed_windows_is_sited_by_the_static_model() {
    let dir = tempfile::tempdir().unwrap();
    let windows =
        "\n[[network.speed_windows]]\nfrom_hour = 7\nto_hour = 9\nfactors = { \"*\" = 0.5 }\n";
    let plain = write(dir.path(), "plain.toml", &grid_scenario(""));
    let slow = write(dir.path(), "slow.toml", &grid_scenario(windows));
    let study = |scenario: &Path, name: &str| -> serde_json::Value {
        let json = dir.path().join(format!("{name}.json"));
        let out = dir.path().join(format!("out-{name}"));
        succeeded(&firecover([
            "--lang".as_ref(),
            "zh".as_ref(),
            "site".as_ref(),
            scenario.as_os_str(),
            "--replications".as_ref(),
            "4".as_ref(),
            "--json".as_ref(),
            json.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]));
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
    };
    let (a, b) = (study(&plain, "plain"), study(&slow, "slow"));
    let static_answer = |r: &serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value)> {
        r["solutions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["new_sites"].clone(), s["objective"].clone()))
            .collect()
    };
    assert_eq!(static_answer(&a), static_answer(&b));
    assert_eq!(a["objective_now"], b["objective_now"]);
}

/// Hardening round 3, item 18: a station that moves keeps its own units
/// (it took the template's, and with a kind only it had, the proposal
/// failed its own validation after --out was half written).
#[test]
fn a_moved_station_keeps_its_own_units() {
    let dir = tempfile::tempdir().unwrap();
    let text = grid_scenario("").replace(
        "at = \"n00\"\nunits = [ { kind = \"engine\", count = 1 } ]",
        "at = \"n00\"\nunits = [ { kind = \"engine\", count = 2 }, { kind = \"ladder\", count = 1 } ]",
    );
    assert!(text.contains("ladder"));
    let scenario = write(dir.path(), "grid.toml", &text);
    let out = dir.path().join("out");
    let json = dir.path().join("site.json");
    succeeded(&firecover([
        "site".as_ref(),
        scenario.as_os_str(),
        "--removable".as_ref(),
        "west".as_ref(),
        "--add".as_ref(),
        "0..1".as_ref(),
        "--objective".as_ref(),
        "median".as_ref(),
        "--replications".as_ref(),
        "4".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
    ]));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut moved = 0;
    for s in report["solutions"].as_array().unwrap() {
        let loaded = common::load(&out.join(s["scenario_file"].as_str().unwrap()));
        let kinds = |st: usize| -> Vec<&str> {
            let mut k: Vec<&str> = loaded
                .units
                .iter()
                .filter(|u| u.station.index() == st)
                .map(|u| loaded.unit_kinds[u.kind.index()].as_str())
                .collect();
            k.sort_unstable();
            k
        };
        // the west station's units are somewhere, once: where it stays or
        // where it moved
        let with_ladder: Vec<usize> = (0..loaded.stations.len())
            .filter(|&st| kinds(st).contains(&"ladder"))
            .collect();
        assert_eq!(with_ladder.len(), 1, "{s:#}");
        assert_eq!(kinds(with_ladder[0]), ["engine", "engine", "ladder"]);
        if s["closed"].as_array().is_some_and(|c| !c.is_empty()) {
            moved += 1;
            assert_ne!(loaded.stations[with_ladder[0]].id, "west");
        }
    }
    assert!(moved > 0, "west never moved: {report:#}");
}

/// Issue 35, item 1: with a removable station, a count is the number of
/// new stations (a moved station is a move, reported as one, not counted);
/// the next-best solutions sit at the same count and none beats the first
/// on the static objective; each count's finding appears once; the HTML's
/// first map is the recommended solution's.
#[test]
fn a_moved_station_is_a_move_and_counts_are_new_stations() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let out = dir.path().join("out");
    let json = dir.path().join("site.json");
    let html = dir.path().join("html");
    let run = firecover([
        "site".as_ref(),
        scenario.as_os_str(),
        "--removable".as_ref(),
        "west".as_ref(),
        "--add".as_ref(),
        "1..2".as_ref(),
        "--objective".as_ref(),
        "cover".as_ref(),
        "--alternatives".as_ref(),
        "2".as_ref(),
        "--replications".as_ref(),
        "6".as_ref(),
        "--lang".as_ref(),
        "zh".as_ref(),
        "--no-png".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
        "--html".as_ref(),
        html.as_os_str(),
    ]);
    succeeded(&run);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let solutions = report["solutions"].as_array().unwrap();
    let mut moves = 0;
    for s in solutions {
        let count = s["count"].as_u64().unwrap();
        assert!((1..=2).contains(&count), "{s:#}");
        let sites = s["new_sites"].as_array().unwrap();
        let moved: Vec<&serde_json::Value> = sites
            .iter()
            .filter(|p| !p["moved_from"].is_null())
            .collect();
        // the count leaves the moved station out
        assert_eq!(sites.len() as u64 - moved.len() as u64, count, "{s:#}");
        for m in &moved {
            assert_eq!(m["moved_from"][0], "west");
            moves += 1;
        }
        // the next best never beats the best of its count
        let best = solutions
            .iter()
            .find(|b| b["rank"] == 1 && b["count"] == s["count"])
            .unwrap();
        assert!(
            s["objective"].as_f64().unwrap() <= best["objective"].as_f64().unwrap() + 1e-9,
            "{s:#} beats {best:#}"
        );
    }
    assert!(moves > 0, "west never moved: {report:#}");
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("west 迁建"), "{text}");
    // one finding per count at most
    let findings = report["findings"].as_array().unwrap();
    let mut counts: Vec<u64> = findings
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .collect();
    let all = counts.len();
    counts.sort_unstable();
    counts.dedup();
    assert_eq!(counts.len(), all, "{findings:#?}");
    // the summary's map is the recommended solution's: the largest count's
    // best, scenario letter after A in the order of the solutions
    let recommended = solutions
        .iter()
        .position(|s| s["rank"] == 1 && s["count"] == 2)
        .unwrap();
    let letter = char::from(b'B' + recommended as u8);
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    let summary_map = page.find("summary-map").expect("a summary map");
    let title = format!("差异：{letter} 对比 A");
    let at = page.find(&title).unwrap_or_else(|| panic!("no {title}"));
    assert!(at > summary_map && at - summary_map < 20_000, "{title}");
}

/// Hardening round 3, item 6: the proposals folder is staged and replaces
/// `--out` whole: a second study leaves none of the first's files, and a
/// folder of the user's is refused before the solve, untouched.
#[test]
fn the_proposals_folder_is_replaced_whole_and_never_a_users_folder() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "grid.toml", &grid_scenario(""));
    let out = dir.path().join("out");
    let study = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "site".as_ref(),
            scenario.as_os_str(),
            "--no-simulate".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        firecover(&args)
    };
    let names = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    succeeded(&study(&["--add", "1..2", "--alternatives", "2"]));
    let first = names();
    assert!(first.iter().any(|n| n.contains("alt")), "{first:?}");
    succeeded(&study(&["--add", "1", "--alternatives", "0"]));
    let second = names();
    assert!(
        !second.iter().any(|n| n.contains("alt") || n.contains("-2")),
        "{second:?}"
    );
    assert!(
        second.iter().any(|n| n == "site-cover-1.toml"),
        "{second:?}"
    );
    // no staging folder is left beside it
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    // a folder of the user's
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    let run = firecover([
        "site".as_ref(),
        scenario.as_os_str(),
        "--no-simulate".as_ref(),
        "--out".as_ref(),
        mine.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(run.stdout.is_empty(), "solved before refusing");
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);
}

/// Hardening round 3, item 20: a finite cost of 1e20 beside costs of 5 made
/// HiGHS stop with status Unknown ("the MILP solver failed", exit 1). Every
/// solver (the MILP only in a build with it) answers with the optimum.
#[test]
fn huge_finite_costs_are_answered_by_every_solver() {
    let dir = tempfile::tempdir().unwrap();
    let c = write(
        dir.path(),
        "costs.csv",
        "demand,c1,c2,c3\np1,1e20,5,100\np2,3,1e20,7\np3,1e20,1e20,2\np4,4,9,1e20\n",
    );
    let mut solvers = vec!["auto", "heuristic"];
    if firecover::siting::MILP_AVAILABLE {
        solvers.push("milp");
    }
    // the best pair is {c2, c3}: median 5 + 7 + 2 + 9 = 23, center 9
    for (objective, best) in [("median", 23.0), ("center", 9.0)] {
        for solver in &solvers {
            let json = dir.path().join(format!("{objective}-{solver}.json"));
            succeeded(&firecover([
                "site".as_ref(),
                "--costs".as_ref(),
                c.as_os_str(),
                "--radius".as_ref(),
                "10".as_ref(),
                "--add".as_ref(),
                "2".as_ref(),
                "--objective".as_ref(),
                objective.as_ref(),
                "--alternatives".as_ref(),
                "1".as_ref(),
                "--solver".as_ref(),
                solver.as_ref(),
                "--json".as_ref(),
                json.as_os_str(),
            ]));
            let report: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
            assert_eq!(
                report["solutions"][0]["objective"], best,
                "{objective} {solver}"
            );
        }
    }
}
