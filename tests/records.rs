//! `[demand] mode = "records"`: alarm records replayed exactly, on-scene
//! times from the file where it gives them, bootstrap by year, and a clear
//! error for every kind of bad row.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use chrono::Datelike;
use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;
use firecover::scenario::records::{parse_time, seconds_into_year};

/// Two road nodes 1 km apart; a station at `a`; the records file beside.
fn scenario_text(records: &str, bootstrap: &str) -> String {
    scenario_with(records, bootstrap, "")
}

/// As [`scenario_text`], with extra `[demand]` lines.
fn scenario_with(records: &str, bootstrap: &str, demand: &str) -> String {
    format!(
        r#"
[scenario]
name = "records"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [ {{ id = "a", lon = 107.0, lat = 30.0 }}, {{ id = "b", lon = 107.0104, lat = 30.0 }}, {{ id = "c", lon = 107.00104, lat = 30.0 }} ]
edges = [ {{ from = "a", to = "b", time_s = 120 }}, {{ from = "b", to = "a", time_s = 120 }}, {{ from = "a", to = "c", time_s = 10 }}, {{ from = "c", to = "a", time_s = 10 }} ]
max_snap_m = 500
[[stations]]
id = "only"
at = "a"
turnout_s = 60
units = [ {{ kind = "engine", count = 1 }} ]
[incident_types.fire]
service = {{ dist = "exponential", mean_s = 1800 }}
dispatch = [ {{ kind = "engine" }} ]
[incident_types.rescue]
service = {{ dist = "exponential", mean_s = 1200 }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
mode = "records"
records = "{records}"
bootstrap = "{bootstrap}"
{demand}
[simulation]
replications = 4
seed = 7
"#
    )
}

const GOOD: &str = "id,time,type,lon,lat,place,on_scene_min\n\
    r1,2019-03-04T21:17:05+08:00,fire,107.0001,30.0001,,30\n\
    r2,2019-03-04T21:20:00+08:00,rescue,,,b,\n\
    r3,2019-12-31T23:59:59+08:00,fire,,,a,\n\
    r4,2020-02-29T12:00:00+08:00,rescue,107.0103,30.0001,,45\n\
    r5,2021-07-01T08:00:00+08:00,fire,,,b,\n\
    r6,2021-01-01T00:00:00+08:00,rescue,,,a,\n";

fn write(dir: &Path, records: &str, bootstrap: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("alarms.csv"), records).unwrap();
    let file = dir.join("records.toml");
    std::fs::write(&file, scenario_text("alarms.csv", bootstrap)).unwrap();
    file
}

#[test]
fn every_record_appears_once_per_replication_at_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::load(&write(dir.path(), GOOD, "none"));
    let model = Model::compile(&s).unwrap();
    // expected: seconds from 2019-01-01 00:00 +08:00, sorted
    let mut expected: Vec<(f64, u16)> = GOOD
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let t = parse_time(f[1]).unwrap();
            let mut start = 0.0;
            for y in 2019..t.year() {
                start += if y % 4 == 0 { 366.0 } else { 365.0 } * 86_400.0;
            }
            (start + seconds_into_year(&t), u16::from(f[2] == "rescue"))
        })
        .collect();
    expected.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut ws = Workspace::new();
    for rep in 0..4 {
        simulate_replication(&model, 7, rep, &mut ws);
        let got: Vec<(f64, u16)> = ws
            .alarms
            .iter()
            .map(|a| (a.time_s, a.incident_type))
            .collect();
        assert_eq!(got, expected, "replication {rep}");
        // to the second: whole seconds stay whole
        assert!(got.iter().all(|(t, _)| t.fract() == 0.0));
        assert_eq!(ws.records.len(), 6);
    }
    // counts by type and year are the file's
    let years = s.demand.mode.years().unwrap();
    let counts: Vec<(i32, Vec<u32>)> = years.iter().map(|y| (y.year, y.counts.clone())).collect();
    assert_eq!(
        counts,
        [(2019, vec![2, 1]), (2020, vec![0, 1]), (2021, vec![1, 1])]
    );
    assert_eq!(model.year_count, 3);
}

#[test]
fn a_recorded_on_scene_time_is_kept_and_a_missing_one_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    // r1 at the station with 30 on-scene minutes; r2 an hour later without
    let records = "id,time,type,place,on_scene_min\n\
        r1,2019-03-04T21:00:00+08:00,fire,a,30\n\
        r2,2019-03-04T22:00:00+08:00,fire,a,\n";
    let s = common::load(&write(dir.path(), records, "none"));
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    let mut second = Vec::new();
    for rep in 0..4 {
        simulate_replication(&model, 7, rep, &mut ws);
        // busy = turnout + on scene (no travel at the station's own node)
        let busy = ws.units.busy_s[0];
        let first = 60.0 + 1800.0;
        assert!(busy > first, "{busy}");
        second.push(busy - first - 60.0);
    }
    // the drawn on-scene time differs between replications
    assert!(second.windows(2).any(|w| w[0] != w[1]), "{second:?}");
    // both recorded: busy is exactly the two recorded on-scene times
    let both = "id,time,type,place,on_scene_min\n\
        r1,2019-03-04T21:00:00+08:00,fire,a,30\n\
        r2,2019-03-04T22:00:00+08:00,fire,a,15\n";
    let s = common::load(&write(dir.path(), both, "none"));
    let model = Model::compile(&s).unwrap();
    for rep in 0..4 {
        simulate_replication(&model, 7, rep, &mut ws);
        assert_eq!(ws.units.busy_s[0], 60.0 + 1800.0 + 60.0 + 900.0);
    }
}

#[test]
fn bootstrap_draws_whole_years_from_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::load(&write(dir.path(), GOOD, "years"));
    let model = Model::compile(&s).unwrap();
    let per_year = [3usize, 1, 2];
    let mut ws = Workspace::new();
    let mut totals = std::collections::BTreeSet::new();
    for rep in 0..40 {
        simulate_replication(&model, 7, rep, &mut ws);
        let mut by_year = [0usize; 3];
        for a in &ws.alarms {
            by_year[a.year as usize] += 1;
        }
        // each simulated year holds one recorded year's alarms
        assert!(by_year.iter().all(|n| per_year.contains(n)), "{by_year:?}");
        assert!(ws.alarms.windows(2).all(|w| w[0].time_s <= w[1].time_s));
        totals.insert(ws.alarms.len());
    }
    assert!(totals.len() > 1, "replications differ: {totals:?}");
}

#[test]
fn the_example_records_scenario_replays_every_row() {
    let out = common::firecover([
        OsStr::new("run"),
        common::repo("scenarios/liangping-2020-records.toml").as_os_str(),
        OsStr::new("--replications"),
        OsStr::new("3"),
    ]);
    let text = common::succeeded(&out);
    let rows = std::fs::read_to_string(common::repo("scenarios/liangping/alarms-example.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert!(
        text.contains(&format!(
            "Alarm records: all {rows} rows of liangping/alarms-example.csv"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("All incidents: {rows}.0 per replication")),
        "{text}"
    );
}

#[test]
fn each_kind_of_bad_row_is_an_error_naming_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let header = "id,time,type,lon,lat,place,on_scene_min\n";
    let good = "r1,2019-03-04T21:17:05+08:00,fire,,,a,\n";
    for (row, expected) in [
        (
            "r2,2019-03-04 21:17,fire,,,a,\n",
            "alarms.csv row 3: column `time`: `2019-03-04 21:17` is not an ISO 8601 time",
        ),
        (
            "r2,2019-03-04T21:17:05+08:00,flood,,,a,\n",
            "alarms.csv row 3: column `type`: unknown incident type `flood` (types: fire, rescue)",
        ),
        (
            "r2,2019-03-04T21:17:05+08:00,fire,107.5,30.5,,\n",
            "alarms.csv row 3: columns `lon`, `lat`: (107.5, 30.5) is outside the region",
        ),
        (
            "r1,2019-03-04T21:17:05+08:00,fire,,,a,\n",
            "alarms.csv row 3: column `id`: `r1` is already the id of row 2",
        ),
        (
            "r2,2019-03-04T21:17:05+08:00,fire,,,atlantis,\n",
            "alarms.csv row 3: column `place`: `atlantis` is neither a road node",
        ),
        (
            "r2,2019-03-04T21:17:05+08:00,fire,,,a,-5\n",
            "alarms.csv row 3: column `on_scene_min`: -5 minutes",
        ),
    ] {
        let file = write(dir.path(), &format!("{header}{good}{row}"), "none");
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{row}: {stderr}");
        assert!(stderr.contains(expected), "{row}: {stderr}");
        assert!(stderr.contains("demand.records"), "{stderr}");
    }
    // a file without a time column, and an empty one
    for (text, expected) in [
        ("id,when,type\n", "no column `time` in the header row"),
        (header, "holds no alarm record"),
    ] {
        let file = write(dir.path(), text, "none");
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn the_old_replay_mode_still_works_as_counts_with_a_note() {
    let base = common::repo("scenarios/liangping-2020.toml");
    let text = std::fs::read_to_string(common::repo("scenarios/liangping/base.toml")).unwrap();
    assert!(
        text.contains("mode = \"counts\""),
        "base.toml uses the new name"
    );
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.toml");
    std::fs::write(
        &old,
        format!("extends = {base:?}\n[demand]\nmode = \"replay\"\n"),
    )
    .unwrap();
    let run = |file: &Path| {
        common::firecover([
            OsStr::new("run"),
            file.as_os_str(),
            OsStr::new("--replications"),
            OsStr::new("3"),
        ])
    };
    let (new, old) = (run(&base), run(&old));
    let stderr = String::from_utf8_lossy(&old.stderr);
    assert!(
        stderr.contains("mode = \"replay\" is now called \"counts\""),
        "{stderr}"
    );
    let body = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&new), body(&old));
}

#[test]
fn geojson_records_are_read_like_csv_ones() {
    let dir = tempfile::tempdir().unwrap();
    let geojson = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","geometry":{"type":"Point","coordinates":[107.0001,30.0001]},
       "properties":{"id":"g1","time":"2019-03-04T21:17:05+08:00","type":"fire","on_scene_min":30}},
      {"type":"Feature","geometry":null,
       "properties":{"id":"g2","time":"2019-05-04T08:00:00+08:00","type":"rescue","place":"b"}},
      {"type":"Feature","geometry":{"type":"LineString","coordinates":[[107.0,30.0],[107.01,30.0]]},
       "properties":{"id":"g3","time":"2019-05-04T08:00:00+08:00","type":"rescue"}}]}"#;
    std::fs::write(dir.path().join("alarms.geojson"), geojson).unwrap();
    let file = dir.path().join("records.toml");
    std::fs::write(&file, scenario_text("alarms.geojson", "none")).unwrap();
    let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("alarms.geojson feature 2: the geometry must be a Point"),
        "{stderr}"
    );
    let two = geojson.replace(
        r#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[107.0,30.0],[107.01,30.0]]},
       "properties":{"id":"g3","time":"2019-05-04T08:00:00+08:00","type":"rescue"}}"#,
        "",
    );
    let two = two.replace(r#""place":"b"}},"#, r#""place":"b"}}"#);
    std::fs::write(dir.path().join("alarms.geojson"), two).unwrap();
    let s = common::load(&file);
    let years = s.demand.mode.years().unwrap();
    assert_eq!(years.len(), 1);
    assert_eq!(years[0].counts, [1, 1]);
}

#[test]
fn jitter_moves_a_record_among_the_nodes_within_jitter_m_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("alarms.csv"),
        "id,time,type,place,on_scene_min\nr1,2019-03-04T21:00:00+08:00,fire,a,30\n",
    )
    .unwrap();
    let file = dir.path().join("records.toml");
    // c is 100 m from a, b 1 km: only a and c are within 200 m
    std::fs::write(&file, scenario_with("alarms.csv", "none", "jitter_m = 200")).unwrap();
    let s = common::load(&file);
    let model = Model::compile(&s).unwrap();
    let node_of = |point: u32| {
        s.network.nodes()[s.demand.points[point as usize].node.index()]
            .id
            .clone()
    };
    let mut ws = Workspace::new();
    let mut seen = std::collections::BTreeSet::new();
    for rep in 0..40 {
        simulate_replication(&model, 7, rep, &mut ws);
        seen.insert(node_of(ws.alarms[0].point));
        // the recorded on-scene time goes with the record wherever it moves
        let travel = if node_of(ws.alarms[0].point) == "c" {
            20.0
        } else {
            0.0
        };
        assert_eq!(ws.units.busy_s[0], 60.0 + travel + 1800.0);
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["a", "c"]);
    // bad jitter: negative, or too far
    for (bad, expected) in [
        ("jitter_m = -1", "demand.jitter_m"),
        ("jitter_m = 9000", "at most 5000 m"),
    ] {
        std::fs::write(&file, scenario_with("alarms.csv", "none", bad)).unwrap();
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn static_models_count_each_record_once_a_year_of_the_record() {
    // siting and coverage weigh places by expected alarms a year: each
    // record is one alarm in its span of years, jittered or not
    let dir = tempfile::tempdir().unwrap();
    for extra in ["", "jitter_m = 2000"] {
        std::fs::write(dir.path().join("alarms.csv"), GOOD).unwrap();
        let file = dir.path().join("records.toml");
        std::fs::write(&file, scenario_with("alarms.csv", "none", extra)).unwrap();
        let s = common::load(&file);
        let (_, per_year) = firecover::coverage::point_weights(&s);
        let total: f64 = per_year.iter().sum();
        // 6 records over 2019–2021
        assert!((total - 6.0 / 3.0).abs() < 1e-9, "{extra}: {total}");
    }
}

#[test]
fn records_at_the_same_moment_queue_for_the_only_free_unit() {
    // one station with one engine; two simultaneous alarms at the place b:
    // the second waits for the engine to come home
    let dir = tempfile::tempdir().unwrap();
    let records = "id,time,type,place,on_scene_min\n\
        r1,2019-03-04T21:00:00+08:00,fire,b,30\n\
        r2,2019-03-04T21:00:00+08:00,fire,b,30\n";
    let s = common::load(&write(dir.path(), records, "none"));
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    simulate_replication(&model, 7, 0, &mut ws);
    // the only unit answers r1 at once; r2 waits until it is home again:
    // 60 s turnout + 120 s out + 30 min on scene + 120 s back
    assert!(!ws.records[0].queued);
    assert!(ws.records[1].queued);
    assert_eq!(ws.records[1].wait_s, 60.0 + 120.0 + 1800.0 + 120.0);
}

/// Records written with different UTC offsets are placed by their instant
/// and read at the first row's offset, with a warning naming the first
/// row that differs (hardening round 3, item 7): `03:00Z` is 11:00 at
/// +08:00, one hour after `10:00+08:00`, not seven hours before it.
#[test]
fn records_with_mixed_utc_offsets_replay_in_the_order_they_happened() {
    let dir = tempfile::tempdir().unwrap();
    let records = "id,time,type,place,on_scene_min\n\
        r1,2019-03-04T10:00:00+08:00,fire,b,90\n\
        r2,2019-03-04T03:00:00Z,fire,b,30\n";
    let file = write(dir.path(), records, "none");
    let s = common::load(&file);
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    simulate_replication(&model, 7, 0, &mut ws);
    let times: Vec<f64> = ws.alarms.iter().map(|a| a.time_s).collect();
    let ten = seconds_into_year(&parse_time("2019-03-04T10:00:00+08:00").unwrap());
    assert_eq!(times, [ten, ten + 3600.0]);
    // the engine is still out (2 min + 90 min + 2 min) when the second comes
    assert!(
        !ws.records[0].queued && ws.records[1].queued,
        "{:?}",
        ws.records
    );
    // validate says so, naming the row and both offsets
    let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success()
            && err.contains("row 3")
            && err.contains("+00:00")
            && err.contains("+08:00"),
        "{err}"
    );
}
