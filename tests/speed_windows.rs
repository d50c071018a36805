//! `[[network.speed_windows]]`: road classes at a factor of their speed in
//! hours of the day; dispatch and travel follow the window in force at the
//! alarm.

mod common;

use std::ffi::OsStr;

use firecover::engine::Workspace;
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;

/// Station `near` reaches the place in 300 s by a `street`, `far` in 420 s
/// by a `road`; one engine each; low load.
fn scenario(windows: &str) -> String {
    format!(
        r#"
[scenario]
name = "windows"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [ {{ id = "n", lon = 107.0, lat = 30.0 }}, {{ id = "f", lon = 107.02, lat = 30.0 }}, {{ id = "p", lon = 107.01, lat = 30.0 }} ]
edges = [ {{ from = "n", to = "p", time_s = 300, class = "street" }}, {{ from = "p", to = "n", time_s = 300, class = "street" }},
          {{ from = "f", to = "p", time_s = 420, class = "road" }}, {{ from = "p", to = "f", time_s = 420, class = "road" }} ]
{windows}
[[stations]]
id = "near"
at = "n"
units = [ {{ kind = "engine", count = 1 }} ]
[[stations]]
id = "far"
at = "f"
units = [ {{ kind = "engine", count = 1 }} ]
[incident_types.call]
service = {{ dist = "fixed", value_s = 600 }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
mode = "poisson"
per_year = {{ call = 300 }}
points = [ {{ at = "p" }} ]
[simulation]
years = 1
replications = 4
seed = 3
"#
    )
}

fn records(text: &str, reps: u32) -> Vec<Vec<firecover::engine::IncidentRecord>> {
    let s = common::parse(text);
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    (0..reps)
        .map(|rep| {
            simulate_replication(&model, 3, rep, &mut ws);
            ws.records.clone()
        })
        .collect()
}

fn hour(r: &firecover::engine::IncidentRecord) -> u32 {
    (r.alarm.time_s % 86_400.0 / 3_600.0) as u32
}

#[test]
fn half_speed_all_day_doubles_every_travel_time_exactly() {
    let windows = r#"[[network.speed_windows]]
from_hour = 0
to_hour = 24
factors = { "*" = 0.5 }"#;
    let plain = records(&scenario(""), 4);
    let slow = records(&scenario(windows), 4);
    let mut checked = 0;
    for (p, s) in plain.iter().flatten().zip(slow.iter().flatten()) {
        // the same alarm (its point is the window's copy in the tables)
        assert_eq!(
            (p.alarm.time_s, p.alarm.incident_type),
            (s.alarm.time_s, s.alarm.incident_type)
        );
        if p.first_unit == s.first_unit && !p.queued && !s.queued {
            assert_eq!(s.travel_s, 2.0 * p.travel_s);
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn a_slow_street_in_the_morning_sends_the_other_station_then_only() {
    // 07:00–09:00 the street drives at 0.5: near is 600 s away, far 420 s
    let windows = r#"[[network.speed_windows]]
from_hour = 7
to_hour = 9
factors = { street = 0.5 }"#;
    let runs = records(&scenario(windows), 4);
    let (mut morning, mut rest) = (0, 0);
    for r in runs.iter().flatten().filter(|r| !r.queued) {
        let in_window = (7..9).contains(&hour(r));
        // both free: the nearest by the window's times goes first
        if in_window && r.first_unit == 1 {
            morning += 1;
            assert_eq!(r.travel_s, 420.0);
        }
        if !in_window && r.first_unit == 0 {
            rest += 1;
            assert_eq!(r.travel_s, 300.0);
        }
        if in_window && r.first_unit == 0 {
            assert_eq!(r.travel_s, 600.0, "the near unit, when sent, drives slowly");
        }
    }
    assert!(morning > 50 && rest > 500, "{morning} {rest}");
    // the report has hourly results
    let run = common::run(&common::parse(&scenario(windows)), 4, 3, Some(1));
    assert_eq!(run.by_hour.len(), 24);
    assert!(run.by_hour["07"].response_s.mean > run.by_hour["12"].response_s.mean);
}

#[test]
fn bad_windows_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    for (windows, expected) in [
        (
            "[[network.speed_windows]]\nfrom_hour = 7\nto_hour = 9\nfactors = { street = 0.5 }\n[[network.speed_windows]]\nfrom_hour = 8\nto_hour = 10\nfactors = { road = 0.5 }",
            "overlap network.speed_windows[0] (7–9)",
        ),
        (
            "[[network.speed_windows]]\nfrom_hour = 9\nto_hour = 7\nfactors = { street = 0.5 }",
            "0 ≤ from_hour < to_hour ≤ 24",
        ),
        (
            "[[network.speed_windows]]\nfrom_hour = 7\nto_hour = 9\nfactors = { lane = 0.5 }",
            "no road class `lane`",
        ),
        (
            "[[network.speed_windows]]\nfrom_hour = 7\nto_hour = 9\nfactors = { street = 0 }",
            "network.speed_windows[0].factors.street",
        ),
    ] {
        std::fs::write(&file, scenario(windows)).unwrap();
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{windows}: {stderr}");
        assert!(stderr.contains(expected), "{windows}: {stderr}");
    }
}
