//! `[[stations.shifts]]`: a station's turnout and crewed units by hour of
//! the day; dispatch follows the shift in force at the alarm.

mod common;

use std::ffi::OsStr;

use firecover::engine::{IncidentRecord, Workspace};
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;

/// Station `near` reaches the place in 300 s, `far` in 420 s; one engine
/// each (`near` two with `near_units = 2`); low load.
fn scenario(near_units: u32, shifts: &str) -> String {
    format!(
        r#"
[scenario]
name = "crews"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [ {{ id = "n", lon = 107.0, lat = 30.0 }}, {{ id = "f", lon = 107.02, lat = 30.0 }}, {{ id = "p", lon = 107.01, lat = 30.0 }} ]
edges = [ {{ from = "n", to = "p", time_s = 300 }}, {{ from = "p", to = "n", time_s = 300 }},
          {{ from = "f", to = "p", time_s = 420 }}, {{ from = "p", to = "f", time_s = 420 }} ]
[[stations]]
id = "near"
at = "n"
units = [ {{ kind = "engine", count = {near_units} }} ]
{shifts}
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

fn records(text: &str) -> Vec<IncidentRecord> {
    let s = common::parse(text);
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    let mut all = Vec::new();
    for rep in 0..4 {
        simulate_replication(&model, 3, rep, &mut ws);
        all.extend_from_slice(&ws.records);
    }
    all
}

fn hour(r: &IncidentRecord) -> u32 {
    (r.alarm.time_s % 86_400.0 / 3_600.0) as u32
}

fn at_night(h: u32) -> bool {
    !(6..22).contains(&h)
}

#[test]
fn no_crew_at_night_sends_night_alarms_to_the_next_station() {
    let shifts = "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nstaffed = 0";
    let all = records(&scenario(1, shifts));
    let (mut night, mut day_near) = (0, 0);
    for r in &all {
        if at_night(hour(r)) {
            night += 1;
            assert_eq!(r.first_unit, 1, "a night alarm at {}", r.alarm.time_s);
            if !r.queued {
                assert_eq!(r.response_s, 60.0 + 420.0);
            }
        } else if r.first_unit == 0 {
            day_near += 1;
            if !r.queued {
                assert_eq!(r.response_s, 60.0 + 300.0);
            }
        }
    }
    // 8 of 24 hours are night: about a third of 4 × 300 alarms
    assert!(night > 300 && day_near > 700, "{night} {day_near}");
    // the same alarms as without the shift
    let plain = records(&scenario(1, ""));
    assert_eq!(plain.len(), all.len());
    for (a, b) in plain.iter().zip(&all) {
        assert_eq!(a.alarm.time_s, b.alarm.time_s);
    }
}

#[test]
fn a_slower_night_turnout_delays_exactly_the_night_alarms() {
    let shifts = "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nturnout_s = 150";
    let all = records(&scenario(1, shifts));
    let mut checked = 0;
    for r in all.iter().filter(|r| !r.queued && r.first_unit == 0) {
        let turnout = if at_night(hour(r)) { 150.0 } else { 60.0 };
        assert_eq!(r.response_s, turnout + 300.0, "at {}", r.alarm.time_s);
        checked += 1;
    }
    assert!(checked > 1000, "{checked}");
    // 150 + 300 is still nearer than 60 + 420: near still goes first
    assert!(all.iter().filter(|r| r.first_unit == 1).count() < 40);
}

#[test]
fn a_night_turnout_that_makes_the_station_farther_reorders_dispatch() {
    // 240 + 300 > 60 + 420: at night the far station is the nearer in time
    let shifts = "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nturnout_s = 240";
    let all = records(&scenario(1, shifts));
    let (mut night_far, mut night_near) = (0, 0);
    for r in all.iter().filter(|r| at_night(hour(r)) && !r.queued) {
        if r.first_unit == 1 {
            night_far += 1;
            assert_eq!(r.response_s, 60.0 + 420.0);
        } else {
            // only while far is out
            night_near += 1;
            assert_eq!(r.response_s, 240.0 + 300.0);
        }
    }
    assert!(
        night_far > 300 && night_near < 20,
        "{night_far} {night_near}"
    );
}

#[test]
fn a_shift_crewing_one_of_two_engines_keeps_the_first() {
    let shifts = "[[stations.shifts]]\nfrom_hour = 0\nto_hour = 24\nstaffed = 1";
    let s = common::parse(&scenario(2, shifts));
    let model = Model::compile(&s).unwrap();
    let point = firecover::ids::PointId(0);
    // units: near/engine-1, near/engine-2, far/engine-1
    assert_eq!(model.candidates_for(point, 0), &[0, 2]);
    let all = records(&scenario(2, shifts));
    assert!(all.iter().all(|r| r.first_unit != 1));
    // without the shift the second engine is a candidate
    let plain = Model::compile(&common::parse(&scenario(2, ""))).unwrap();
    assert_eq!(plain.candidates_for(point, 0), &[0, 1, 2]);
}

#[test]
fn results_come_by_hour_and_show_the_night() {
    let shifts = "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nstaffed = 0";
    let run = common::run(&common::parse(&scenario(1, shifts)), 4, 3, Some(1));
    assert_eq!(run.by_hour.len(), 24);
    assert!(run.by_hour["23"].response_s.mean > run.by_hour["12"].response_s.mean + 100.0);
    // and the same on more threads
    let four = common::run(&common::parse(&scenario(1, shifts)), 4, 3, Some(4));
    assert_eq!(
        serde_json::to_string(&run).unwrap(),
        serde_json::to_string(&four).unwrap()
    );
}

#[test]
fn bad_shifts_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    for (shifts, expected) in [
        (
            "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nstaffed = 0\n[[stations.shifts]]\nfrom_hour = 5\nto_hour = 8\nturnout_s = 90",
            "overlap this station's shifts[0] (22–6)",
        ),
        (
            "[[stations.shifts]]\nfrom_hour = 7\nto_hour = 7",
            "stations[0].shifts[0]",
        ),
        (
            "[[stations.shifts]]\nfrom_hour = 7\nto_hour = 25",
            "1 ≤ to_hour ≤ 24",
        ),
        (
            "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nstaffed = 2",
            "stations[0].shifts[0].staffed",
        ),
        (
            "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nturnout_s = -5",
            "stations[0].shifts[0].turnout_s",
        ),
        (
            "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\ncrews = 1",
            "stations[0].shifts[0].crews",
        ),
    ] {
        std::fs::write(&file, scenario(1, shifts)).unwrap();
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{shifts}: {stderr}");
        assert!(stderr.contains(expected), "{shifts}: {stderr}");
    }
}

#[test]
fn random_turnouts_keep_their_mean_and_spread_and_follow_the_shift() {
    // the near station's crews turn out in 60 s on average, cv 0.3 by day
    // and fixed at night
    let shift = "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nturnout_cv = 0";
    let text = scenario(1, shift).replace("at = \"n\"\n", "at = \"n\"\nturnout_cv = 0.3\n");
    let all = records(&text);
    let mut day = Vec::new();
    for r in all.iter().filter(|r| !r.queued && r.first_unit == 0) {
        let turnout = r.response_s - 300.0;
        if at_night(hour(r)) {
            assert_eq!(turnout, 60.0, "fixed at night");
        } else {
            day.push(turnout / 60.0);
        }
    }
    let n = day.len() as f64;
    let mean = day.iter().sum::<f64>() / n;
    let sd = (day.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    assert!(n > 500.0, "{n}");
    assert!((mean - 1.0).abs() < 0.03, "{mean}");
    assert!((sd - 0.3).abs() < 0.03, "{sd}");
    // travel stays exact: the far unit's trips are not drawn
    for r in all.iter().filter(|r| !r.queued && r.first_unit == 1) {
        assert_eq!(r.travel_s, 420.0);
    }
    // a cv of 0 is the fixed turnout, bit for bit
    let zero = records(&scenario(1, "").replace("at = \"n\"\n", "at = \"n\"\nturnout_cv = 0\n"));
    assert_eq!(zero, records(&scenario(1, "")));
}

#[test]
fn a_bad_turnout_cv_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    for (cv, expected) in [("-0.1", "stations[0].turnout_cv"), ("9", "at most 2")] {
        let text =
            scenario(1, "").replace("at = \"n\"\n", &format!("at = \"n\"\nturnout_cv = {cv}\n"));
        std::fs::write(&file, text).unwrap();
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cv}: {stderr}");
        assert!(stderr.contains(expected), "{cv}: {stderr}");
    }
}

#[test]
fn night_alarms_with_every_crew_off_duty_count_as_unreachable() {
    // near closed at night by its shift, far by its own
    let text = scenario(1, "[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nstaffed = 0").replace(
        "at = \"f\"\nunits = [ { kind = \"engine\", count = 1 } ]",
        "at = \"f\"\nunits = [ { kind = \"engine\", count = 1 } ]\n[[stations.shifts]]\nfrom_hour = 22\nto_hour = 6\nstaffed = 0",
    );
    let all = records(&text);
    let (mut night, mut day) = (0, 0);
    for r in &all {
        if at_night(hour(r)) {
            night += 1;
            assert!(
                r.unreachable && r.first_unit == firecover::engine::NO_UNIT,
                "at {}",
                r.alarm.time_s
            );
        } else {
            day += 1;
            assert!(!r.unreachable);
        }
    }
    assert!(night > 300 && day > 700, "{night} {day}");
    // the report counts them as unreachable, not as answered
    let run = common::run(&common::parse(&text), 4, 3, Some(1));
    assert!(run.unreachable > 75.0, "{}", run.unreachable);
}
