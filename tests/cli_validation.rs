//! Every validation case gives its message, located by file, line and key
//! path, and exit code 2 through the command line.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

fn example() -> String {
    std::fs::read_to_string(common::repo("scenarios/examples/two-stations.toml")).unwrap()
}

/// Writes `text` as `name` in `dir`.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn firecover(args: &[&str], file: &Path) -> Output {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.push(file.as_os_str());
    common::firecover(all)
}

/// Runs `validate` and `run` on a broken variant of the example; both must
/// exit 2 and print `expected` (file:line: path: message).
fn assert_rejected(text: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "two-stations.toml", text);
    for args in [&["validate"][..], &["run"][..]] {
        let out = firecover(args, &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: exit code; stderr:\n{stderr}"
        );
        for e in expected {
            assert!(stderr.contains(e), "{args:?}: expected `{e}` in:\n{stderr}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "the example no longer contains `{from}`"
    );
    text.replacen(from, to, 1)
}

#[test]
fn the_example_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "two-stations.toml", &example());
    common::succeeded(&firecover(&["validate"], &file));
}

#[test]
fn count_below_one_is_located_like_the_issue_says() {
    // the issue quotes line 31 as an illustration; in the normative file the key is on line 30
    let text = replace(
        &example(),
        r#"units = [ { kind = "engine", count = 1 }, { kind = "rescue", count = 1 } ]"#,
        r#"units = [ { kind = "engine", count = 0 }, { kind = "rescue", count = 1 } ]"#,
    );
    assert_rejected(
        &text,
        &["two-stations.toml:30: stations[1].units[0].count: must be at least 1"],
    );
}

#[test]
fn unknown_keys_are_all_reported_with_their_lines() {
    let text = replace(&example(), "[scenario]\n", "[scenario]\nnmae = \"typo\"\n");
    let text = replace(&text, "seed = 42", "seed = 42\ncolour = \"red\"");
    let text = replace(
        &text,
        r#"{ at = "b", weight = 1.0, zone = "middle" }"#,
        r#"{ at = "b", wieght = 1.0, zone = "middle" }"#,
    );
    assert_rejected(
        &text,
        &[
            "two-stations.toml:2: scenario.nmae: unknown key",
            "demand.points[1].wieght: unknown key",
            "simulation.colour: unknown key",
        ],
    );
}

#[test]
fn duplicate_ids() {
    let text = replace(&example(), r#"id = "east""#, r#"id = "west""#);
    let text = replace(
        &text,
        r#"{ id = "c", lon = 107.74"#,
        r#"{ id = "a", lon = 107.74"#,
    );
    assert_rejected(
        &text,
        &[
            "stations[1].id: duplicate station id `west` (first at stations[0])",
            "network.nodes[2].id: duplicate node id `a`",
        ],
    );
}

#[test]
fn unknown_node_and_unit_kind() {
    let text = replace(&example(), r#"at = "a""#, r#"at = "nowhere""#);
    let text = replace(&text, r#"or = ["engine"]"#, r#"or = ["ladder"]"#);
    assert_rejected(
        &text,
        &[
            "two-stations.toml:22: stations[0].at: unknown node `nowhere`",
            "incident_types.rescue.dispatch[0].or[0]: unknown unit kind `ladder` (stations have: engine, rescue)",
        ],
    );
}

#[test]
fn a_rule_no_station_can_ever_satisfy() {
    let text = replace(
        &example(),
        r#"dispatch = [ { kind = "engine", count = 2 } ]"#,
        r#"dispatch = [ { kind = "engine", count = 4 } ]"#,
    );
    assert_rejected(
        &text,
        &[
            "incident_types.fire.dispatch[0]: no station can ever satisfy this rule: it needs 4 unit(s) of engine but the whole fleet has 3",
        ],
    );
}

#[test]
fn negative_and_nan_numbers() {
    let text = replace(&example(), "time_s = 120", "time_s = -120");
    let text = replace(&text, "mean_s = 2700", "mean_s = nan");
    let text = replace(&text, "turnout_s = 90", "turnout_s = -1");
    assert_rejected(
        &text,
        &[
            "network.edges[0].time_s: must be at least 0, not -120",
            "incident_types.rescue.service.mean_s: must be a finite number, not NaN",
            "stations[1].turnout_s: must be at least 0, not -1",
        ],
    );
}

#[test]
fn wrong_types_and_unknown_choices_fail_at_load_with_their_path() {
    let text = replace(&example(), r#"dist = "lognormal""#, r#"dist = "weibull""#);
    assert_rejected(
        &text,
        &[
            r#"incident_types.fire.service.dist: invalid value: string "weibull", expected one of "exponential", "lognormal""#,
        ],
    );
    let text = replace(&example(), "replications = 100", "replications = \"many\"");
    assert_rejected(&text, &["simulation.replications: invalid type"]);
    let text = replace(&example(), "[simulation]", "[simulation\n");
    assert_rejected(&text, &["not valid TOML"]);
    let text = replace(
        &example(),
        "id = \"west\"\n",
        "id = \"west\"\ncategory = 1\n",
    );
    assert_rejected(
        &text,
        &[r#"stations[0].category: invalid type: integer `1`, expected one of "station""#],
    );
}

#[test]
fn every_type_error_and_missing_key_is_reported_at_once_one_line_each() {
    let mut text = replace(&example(), "id = \"east\"\n", "");
    text = replace(
        &text,
        "  { from = \"a\", to = \"b\", time_s = 120 },",
        "  { from = \"a\", time_s = 120 },",
    );
    text = replace(&text, "turnout_s = 90", "turnout_s = \"ninety\"");
    text = replace(
        &text,
        "service = { dist = \"exponential\", mean_s = 2700 }\n",
        "",
    );
    text = replace(&text, "seed = 42", "seed = 42\nsead = 1");
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "two-stations.toml", &text);
    let out = firecover(&["validate"], &file);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = [
        "two-stations.toml:16: network.edges[0].to: required key is missing",
        "two-stations.toml:26: stations[1].id: required key is missing",
        "two-stations.toml:28: stations[1].turnout_s: invalid type: string \"ninety\", expected a number",
        "two-stations.toml:35: incident_types.rescue.service: required key is missing",
        "two-stations.toml:51: simulation.sead: unknown key; did you mean `seed`?",
        "two-stations.toml: 5 error(s); nothing was run",
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stderr}");
    for (line, e) in lines.iter().zip(expected) {
        assert!(line.ends_with(e), "expected `{e}` in order, in:\n{stderr}");
    }
}

#[test]
fn extends_cycle_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
    write(dir.path(), "b.toml", "# the base\nextends = \"a.toml\"\n");
    let out = firecover(&["validate"], &dir.path().join("a.toml"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("b.toml:2: extends: extends cycle:"),
        "{stderr}"
    );
}

#[test]
fn extends_merges_tables_replaces_arrays_and_resolves_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bases")).unwrap();
    write(dir.path(), "bases/base.toml", &example());
    let child = write(
        dir.path(),
        "variant.toml",
        "extends = \"bases/base.toml\"\n[simulation]\nreplications = 7\n[demand]\npoints = [ { at = \"c\", zone = \"only east\" } ]\n[standard]\ntravel_s = -1\n",
    );
    // the error in the child is located in the child, at its own line
    let out = firecover(&["validate"], &child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("variant.toml:7: standard.travel_s: must be greater than 0"),
        "{stderr}"
    );

    let text = std::fs::read_to_string(&child)
        .unwrap()
        .replace("travel_s = -1", "travel_s = 240");
    std::fs::write(&child, text).unwrap();
    let (s, _) = firecover::scenario::Scenario::load(&child).unwrap();
    assert_eq!(s.simulation.replications, 7, "tables merge key by key");
    assert_eq!(
        s.simulation.seed, 42,
        "keys the child does not set come from the base"
    );
    assert_eq!(s.demand.points.len(), 1, "arrays replace");
    assert_eq!(s.demand.zones, vec!["only east".to_string()]);
    assert_eq!(s.stations.len(), 2);
}

#[test]
fn missing_file_is_bad_input() {
    let out = firecover(&["run"], Path::new("/nonexistent/scenario.toml"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn bad_arguments_are_bad_input() {
    let out = firecover(
        &["run", "--replications", "0"],
        &common::repo("scenarios/examples/two-stations.toml"),
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The example plus an island node with a station and a demand point on it,
/// unconnected to the rest.
fn with_island(station_on_island: bool) -> String {
    let text = replace(
        &example(),
        r#"  { id = "c", lon = 107.74, lat = 30.60 },"#,
        "  { id = \"c\", lon = 107.74, lat = 30.60 },\n  { id = \"island\", lon = 107.90, lat = 30.70 },",
    );
    let text = replace(
        &text,
        r#"  { at = "c", weight = 1.0, zone = "east town" },"#,
        "  { at = \"c\", weight = 1.0, zone = \"east town\" },\n  { at = \"island\", weight = 1.0, zone = \"island\" },",
    );
    if station_on_island {
        text + "\n[[stations]]\nid = \"lonely\"\nat = \"island\"\nunits = [ { kind = \"engine\", count = 1 } ]\n"
    } else {
        text
    }
}

/// Validates `text` as `name` in `dir`, expecting success; returns stderr.
fn validate_ok(dir: &Path, name: &str, text: &str) -> String {
    let out = firecover(&["validate"], &write(dir, name, text));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    stderr
}

#[test]
fn cut_off_points_and_stations_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = validate_ok(dir.path(), "island.toml", &with_island(false));
    assert!(
        stderr.contains("demand.points[3].at: warning: demand point at `island` cannot reach or be reached from the main road network; no station can reach it, so its incidents count as unreachable"),
        "{stderr}"
    );

    let stderr = validate_ok(dir.path(), "island2.toml", &with_island(true));
    assert!(
        stderr.contains("stations[2].at: warning: station `lonely`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("only stations in its own part can answer it"),
        "{stderr}"
    );
}

#[test]
fn incidents_at_an_unreachable_point_are_counted_not_lost() {
    let scenario = common::parse(&with_island(false));
    let summary = common::run(&scenario, 20, 9, None);
    let island = &summary.by_zone["island"];
    assert!(
        island.incidents > 10.0,
        "about a fifth of 120 incidents a year fall on the island"
    );
    assert_eq!(
        island.unreachable, island.incidents,
        "every island incident is unreachable"
    );
    assert!(island.response_s.mean.is_nan());
    assert_eq!(
        island.within_standard, 0.0,
        "unreachable incidents count as misses"
    );
    assert_eq!(summary.unreachable, island.unreachable);
    let by_zone_total: f64 = summary.by_zone.values().map(|z| z.incidents).sum();
    assert!(
        (by_zone_total - summary.incidents).abs() < 1e-9,
        "no incident vanishes"
    );

    // with a station on the island, its own engine answers them
    let scenario = common::parse(&with_island(true));
    let summary = common::run(&scenario, 20, 9, None);
    assert_eq!(summary.by_zone["island"].unreachable, 0.0);
    assert!(summary.by_zone["island"].response_s.mean > 0.0);
}

#[test]
fn hostile_numbers_are_bad_input_not_crashes() {
    let cases = [
        (
            "seed = 42",
            "seed = 18446744073709551615",
            "a TOML integer is at most 9223372036854775807 (2^63 − 1)",
        ),
        (
            "lon = 107.72, lat = 30.60",
            "lon = 107.72, lat = nan",
            "network.nodes[1].lat: must be a latitude in [-90, 90], not NaN",
        ),
        (
            "lon = 107.741",
            "lon = inf",
            "stations[1].at.lon: must be a longitude in [-180, 180], not inf",
        ),
        (
            r#"{ kind = "engine", count = 2 }"#,
            r#"{ kind = "engine", count = 99999999999 }"#,
            "stations[0].units[0].count: at most 10000 units per line",
        ),
        (
            "weight = 2.0",
            "weight = 1e300",
            "demand.points[0].weight: a relative weight must be at most 1e12, not 1.000e300",
        ),
        (
            "per_year = { fire = 80,",
            "per_year = { fire = 8e9,",
            "demand.per_year: 8.000e9 alarms per replication",
        ),
        (
            "sd_s = 2400",
            "sd_s = 1e300",
            "incident_types.fire.service.sd_s: sd_s / mean_s = 3.333e296 is outside",
        ),
        (
            "seed = 42",
            "seed = -42",
            "simulation.seed: invalid value: integer `-42`, expected a whole number, 0 or more",
        ),
    ];
    for (from, to, expected) in cases {
        assert_rejected(&replace(&example(), from, to), &[expected]);
    }
}

#[test]
fn builtin_networks_and_demand_are_checked() {
    let text = example();
    // an unknown district, named with its line
    assert_rejected(
        &replace(
            &text,
            "[network]                       # inline graph; later issues add builtin and OSM sources\n",
            "[network]\nbuiltin = \"atlantis\"\n",
        ),
        &[
            "two-stations.toml:10: network.builtin: unknown builtin district `atlantis` (known: liangping)",
        ],
    );
    // the builtin graph needs a speed for each of its road classes
    assert_rejected(
        &replace(
            &text,
            "[network]                       # inline graph; later issues add builtin and OSM sources\n",
            "[network]\nbuiltin = \"liangping\"\nspeeds = { expressway = 80 }\n",
        ),
        &[
            "network.speeds: no fire-vehicle speed for road class(es)",
            "`county`",
            "`urban_street`",
        ],
    );
    // settings: all points or none, and shares that add up to 1
    let some = replace(
        &text,
        "{ at = \"a\", weight = 2.0, zone = \"west town\" }",
        "{ at = \"a\", weight = 2.0, zone = \"west town\", setting = \"urban\" }",
    );
    assert_rejected(
        &some,
        &["demand.points: 1 of 3 demand points name a setting"],
    );
    let all = some
        .replace(
            "zone = \"middle\" }",
            "zone = \"middle\", setting = \"rural\" }",
        )
        .replace(
            "zone = \"east town\" }",
            "zone = \"east town\", setting = \"rural\" }",
        );
    let shares = |s: &str| format!("{all}\n[demand.setting_share]\n{s}\n");
    assert_rejected(
        &shares("fire = { urban = 0.5, rural = 0.6 }"),
        &["demand.setting_share.fire: the shares must add up to 1, not 1.1"],
    );
    assert_rejected(
        &shares("fire = { urban = 0.5, suburb = 0.5 }"),
        &[
            "demand.setting_share.fire.suburb: no demand point has setting `suburb`",
            "no share for setting `rural`",
        ],
    );
    assert_rejected(
        &shares("arson = { urban = 1.0, rural = 0.0 }"),
        &["demand.setting_share.arson: unknown incident type `arson`"],
    );
    // and a valid split changes where fires happen, not how many
    let dir = tempfile::tempdir().unwrap();
    let ok = write(
        dir.path(),
        "split.toml",
        &shares("fire = { urban = 0.25, rural = 0.75 }"),
    );
    common::succeeded(&firecover(&["validate"], &ok));
}

#[test]
fn station_categories_and_counts_are_checked() {
    let text = replace(
        &example(),
        "units = [ { kind = \"engine\", count = 2 } ]",
        "units = [ { kind = \"engine\", count = 2 } ]\ncategory = \"fire_brigade\"\nvehicles = 1\nfirefighters = -3",
    );
    assert_rejected(&text, &["stations[0].category"]);
    let text = replace(&text, "category = \"fire_brigade\"\n", "");
    assert_rejected(
        &text,
        &[
            "stations[0].firefighters: must be a whole number",
            "stations[0].vehicles: 1 vehicles cannot crew its 2 units",
        ],
    );
}

#[test]
fn coverage_settings_are_checked() {
    let text = format!(
        "{}\n[coverage]\nboundary = \"missing.geojson\"\noff_road_kmh = -5\n",
        replace(
            &example(),
            "turnout_s = 90\n",
            "turnout_s = 90\njurisdiction = \"rural\"\n"
        )
    );
    assert_rejected(
        &text,
        &[
            "stations[1].jurisdiction: no `rural` in [standard] jurisdiction_km2 (keys: suburban, urban)",
            "coverage.boundary: cannot read",
            "missing.geojson",
            "coverage.off_road_kmh: must be greater than 0",
        ],
    );
    // a boundary file beside the scenario is read relative to it
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "outline.geojson",
        r#"{"type":"Polygon","coordinates":[[[107.69,30.59],[107.75,30.59],[107.75,30.61],[107.69,30.61],[107.69,30.59]]]}"#,
    );
    let ok = write(
        dir.path(),
        "s.toml",
        &format!(
            "{}\n[coverage]\nboundary = \"outline.geojson\"\n",
            example()
        ),
    );
    let stdout = common::succeeded(&firecover(&["coverage", "--cell-m", "100"], &ok));
    // 0.06° × 0.02° at 30.6° N: about 5.75 km × 2.22 km
    assert!(stdout.contains("over outline.geojson: 12."), "{stdout}");
}

#[test]
fn indicators_need_their_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "two-stations.toml", &example());
    let out = firecover(&["indicators"], &file);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no [indicators] table"), "{stderr}");
}

#[test]
fn a_broken_generator_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::repo("scenarios/liangping");
    for name in ["townships.csv", "boundary.geojson", "seat_road_km.csv"] {
        std::fs::copy(source.join(name), dir.path().join(name)).unwrap();
    }
    let params = std::fs::read_to_string(source.join("generator.toml")).unwrap();
    for (from, to, expected) in [
        (
            "spacing_m = 400",
            "spacing_m = 1",
            "urban_grid.spacing_m must be between 50 and 5000, not 1",
        ),
        (
            "expressway = 1.05",
            "expressway = 0.9",
            "circuity.expressway must be at least 1",
        ),
        (
            "{ seat = \"jukui\" }",
            "{ seat = \"atlantis\" }",
            "unknown township `atlantis`",
        ),
        ("area_km2 = 30.0", "area_km = 30.0", "generator.toml"),
        (
            "fuping = 2.51",
            "fuping = 7",
            "township_circuity.fuping must be between 0.5 and 3",
        ),
        (
            "panlong = ",
            "atlantis = 1.0\npanlong = ",
            "township_circuity.atlantis: no such township",
        ),
        (
            "measured = \"seat_road_km.csv\"",
            "measured = \"nowhere.csv\"",
            "[calibration] measured",
        ),
    ] {
        assert!(
            params.contains(from),
            "generator.toml no longer has `{from}`"
        );
        write(dir.path(), "generator.toml", &params.replacen(from, to, 1));
        for command in ["generate", "calibrate"] {
            let out = common::firecover([
                OsStr::new("network"),
                OsStr::new(command),
                dir.path().as_os_str(),
            ]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command} {to}: {stderr}");
            assert!(stderr.contains(expected), "{command} {to}: {stderr}");
            assert!(
                !dir.path().join("roads.geojson").exists(),
                "nothing written on bad input"
            );
        }
    }
    // a bad row of the measured distances names its file and line
    write(dir.path(), "generator.toml", &params);
    write(
        dir.path(),
        "seat_road_km.csv",
        "from,to,road_km\nliangshan,shuanggui,3.1\nliangshan,renxian,far\n",
    );
    for command in ["generate", "calibrate"] {
        let out = common::firecover([
            OsStr::new("network"),
            OsStr::new(command),
            dir.path().as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("seat_road_km.csv:3"), "{command}: {stderr}");
    }
}

#[test]
fn calibrate_fits_township_factors_and_prints_the_table() {
    // the committed district: two rounds give a factor for every township
    let out = common::firecover([
        OsStr::new("network"),
        OsStr::new("calibrate"),
        common::repo("scenarios/liangping").as_os_str(),
        OsStr::new("--fit"),
        OsStr::new("2"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("[township_circuity]"), "{stdout}");
    assert!(stdout.contains("rounded, whole graph:"), "{stdout}");
    let table = stdout.split("[township_circuity]\n").nth(1).unwrap();
    assert_eq!(table.lines().count(), 33, "{table}");
}

#[test]
fn typos_get_suggestions_and_a_far_snap_is_an_error() {
    let mut text = replace(&example(), "turnout_s = 90", "turnout = 90");
    text = replace(&text, "at = \"a\"", "at = \"aa\"");
    // a lon typo: 108.5 for 107.741
    text = replace(
        &text,
        "at = { lon = 107.741, lat = 30.6001 }",
        "at = { lon = 108.5, lat = 30.6001 }",
    );
    assert_rejected(
        &text,
        &[
            "stations[1].turnout: unknown key; did you mean `turnout_s`?",
            "stations[0].at: unknown node `aa`; did you mean `a`?",
            "stations[1].at: the nearest road node, `c`, is 72740 m away, more than [network] max_snap_m = 1000 m",
        ],
    );
    // the limit is the planner's to set
    let far = replace(
        &example(),
        "at = { lon = 107.741, lat = 30.6001 }",
        "at = { lon = 107.77, lat = 30.6001 }",
    );
    assert_rejected(
        &far,
        &["stations[1].at: the nearest road node, `c`, is 2871 m away"],
    );
    let allowed = replace(
        &far,
        "[network]                       # inline graph; later issues add builtin and OSM sources",
        "[network]\nmax_snap_m = 3000",
    );
    let dir = tempfile::tempdir().unwrap();
    validate_ok(dir.path(), "far.toml", &allowed);
}

#[test]
fn validate_says_where_each_station_stands() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "two-stations.toml", &example());
    let text = common::succeeded(&firecover(&["validate", "--lang", "en"], &file));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].contains("station") && lines[1].contains("road node"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["west", "a", "(named)"]),
        "{text}"
    );
    // east is given by coordinates, 96 m from node c
    assert!(
        lines
            .iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["east", "c", "96", "m"]),
        "{text}"
    );
}

#[test]
fn a_child_adds_to_inherited_stations_or_is_warned_that_it_replaces_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", &example());
    let third = "id = \"north\"\nat = \"b\"\nunits = [ { kind = \"engine\", count = 2 }, { kind = \"rescue\", count = 1 } ]\n";
    // adding keeps the inherited two
    write(
        dir.path(),
        "add.toml",
        &format!(
            "extends = \"base.toml\"\n\n[[stations_add]]\n{third}\n[[stations_add]]\nid = \"south\"\nat = \"kk\"\nunits = [ {{ kind = \"engine\", count = 1 }} ]\n"
        ),
    );
    let out = firecover(&["validate"], &dir.path().join("add.toml"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // the added station's error names the child file and its line, at its place in the merged list
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("add.toml:10: stations[3].at: unknown node `kk`"),
        "{stderr}"
    );
    write(
        dir.path(),
        "add.toml",
        &format!("extends = \"base.toml\"\n\n[[stations_add]]\n{third}"),
    );
    let s = common::load(&dir.path().join("add.toml"));
    let ids: Vec<&str> = s.stations.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["west", "east", "north"]);
    // replacing is allowed, and said
    write(
        dir.path(),
        "replace.toml",
        &format!("extends = \"base.toml\"\n\n[[stations]]\n{third}"),
    );
    let stderr = validate_ok(
        dir.path(),
        "replace.toml",
        &std::fs::read_to_string(dir.path().join("replace.toml")).unwrap(),
    );
    assert!(
        stderr.contains("stations: warning: replaces the 2 inherited entries from")
            && stderr.contains("`stations_add` adds to them instead"),
        "{stderr}"
    );
    // unset removes an inherited key
    write(
        dir.path(),
        "unset.toml",
        "extends = \"base.toml\"\nunset = [\"simulation.when_all_busy\"]\n",
    );
    let s = common::load(&dir.path().join("unset.toml"));
    assert_eq!(
        s.simulation.when_all_busy,
        firecover::scenario::WhenAllBusy::Queue
    );
    write(
        dir.path(),
        "bad.toml",
        "extends = \"base.toml\"\nunset = [\"simulation.nope\"]\n",
    );
    let out = firecover(&["validate"], &dir.path().join("bad.toml"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("bad.toml:2: unset: `simulation.nope`: no such inherited key"),
        "{stderr}"
    );
}
