//! `[simulation] travel_cv`: lognormal noise on every trip, from its own
//! counter-based stream; dispatch still goes by the expected time.

mod common;

use std::ffi::OsStr;

use firecover::engine::{MUTUAL_AID, NO_UNIT, Workspace};
use firecover::model::Model;
use firecover::montecarlo::simulate_replication;

/// Two stations, `near` 300 s and `far` 420 s from the place, one engine
/// each; `per_year` alarms needing one engine, 20-minute on-scene times.
fn two_stations(per_year: f64, extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "noise"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [ {{ id = "n", lon = 107.0, lat = 30.0 }}, {{ id = "f", lon = 107.02, lat = 30.0 }}, {{ id = "p", lon = 107.01, lat = 30.0 }}, {{ id = "z", lon = 107.5, lat = 30.0 }} ]
edges = [ {{ from = "n", to = "p", time_s = 300 }}, {{ from = "p", to = "n", time_s = 300 }},
          {{ from = "f", to = "p", time_s = 420 }}, {{ from = "p", to = "f", time_s = 420 }},
          {{ from = "z", to = "p", time_s = 3000 }}, {{ from = "p", to = "z", time_s = 3000 }} ]
[[stations]]
id = "near"
at = "n"
units = [ {{ kind = "engine", count = 1 }} ]
[[stations]]
id = "far"
at = "f"
units = [ {{ kind = "engine", count = 1 }} ]
{extra}
[incident_types.call]
service = {{ dist = "fixed", value_s = 1200 }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
mode = "poisson"
per_year = {{ call = {per_year} }}
points = [ {{ at = "p" }} ]
[simulation]
years = 1
replications = 4
seed = 3
travel_cv = {{CV}}
"#
    )
}

fn with_cv(text: &str, cv: f64) -> firecover::scenario::Scenario {
    common::parse(&text.replace("{CV}", &cv.to_string()))
}

#[test]
fn a_cv_of_zero_reproduces_deterministic_travel_bit_for_bit() {
    let base = std::fs::read_to_string(common::repo("scenarios/liangping-2020.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.toml");
    std::fs::write(
        &zero,
        format!(
            "extends = {:?}\n[simulation]\ntravel_cv = 0\n",
            common::repo("scenarios/liangping-2020.toml")
        ),
    )
    .unwrap();
    assert!(!base.contains("travel_cv"));
    let a = common::load(&common::repo("scenarios/liangping-2020.toml"));
    let b = common::load(&zero);
    let json = |s| serde_json::to_string(&common::run(s, 20, 9, Some(2))).unwrap();
    assert_eq!(json(&a), json(&b));
}

#[test]
fn noisy_trips_keep_their_mean_and_dispatch_goes_by_the_expected_time() {
    let text = two_stations(2000.0, "");
    let (plain, noisy) = (with_cv(&text, 0.0), with_cv(&text, 0.4));
    let (mp, mn) = (
        Model::compile(&plain).unwrap(),
        Model::compile(&noisy).unwrap(),
    );
    let (mut wp, mut wn) = (Workspace::new(), Workspace::new());
    let (mut sum, mut count, mut differ) = (0.0, 0usize, 0usize);
    for rep in 0..20 {
        simulate_replication(&mp, 3, rep, &mut wp);
        simulate_replication(&mn, 3, rep, &mut wn);
        assert_eq!(wp.alarms, wn.alarms, "the same alarms");
        for (p, n) in wp.records.iter().zip(&wn.records) {
            assert!(n.first_unit != MUTUAL_AID && n.first_unit != NO_UNIT);
            if n.first_unit == 0 && p.first_unit == 0 && !n.queued && !p.queued {
                // the near unit was free and sent: its trip is 300 s times the noise
                sum += n.travel_s;
                count += 1;
                differ += usize::from(n.travel_s != 300.0);
                assert_eq!(p.travel_s, 300.0);
            }
        }
    }
    let mean = sum / count as f64;
    // standard error: 300 * 0.4 / sqrt(count)
    let se = 300.0 * 0.4 / (count as f64).sqrt();
    assert!(count > 10_000, "{count}");
    assert!(
        (mean - 300.0).abs() < 4.0 * se,
        "mean {mean:.2} s, se {se:.2}"
    );
    assert!(differ > count * 9 / 10, "trips vary");
    // dispatch by the expected time: with the near unit free it is always
    // the one sent, however slow its drawn trip (the far unit's expected
    // 420 s would often have been faster)
    let run = common::run(&noisy, 20, 3, Some(1));
    let near = run.units.iter().find(|u| u.station == "near").unwrap();
    let plain_run = common::run(&plain, 20, 3, Some(1));
    let plain_near = plain_run
        .units
        .iter()
        .find(|u| u.station == "near")
        .unwrap();
    assert!(near.dispatches > 0.0);
    assert!(
        (near.dispatches - plain_near.dispatches).abs() / plain_near.dispatches < 0.02,
        "{} vs {}",
        near.dispatches,
        plain_near.dispatches
    );
}

#[test]
fn noisy_scenarios_still_pair_trip_by_trip() {
    // a third station that is never the nearest changes nothing: the noise
    // of the k-th unit sent to an alarm does not depend on the scenario
    let extra = r#"[[stations]]
id = "remote"
at = "z"
units = [ { kind = "engine", count = 1 } ]"#;
    let a = with_cv(&two_stations(50.0, ""), 0.5);
    let b = with_cv(&two_stations(50.0, extra), 0.5);
    let (ma, mb) = (Model::compile(&a).unwrap(), Model::compile(&b).unwrap());
    let (mut wa, mut wb) = (Workspace::new(), Workspace::new());
    for rep in 0..10 {
        simulate_replication(&ma, 3, rep, &mut wa);
        simulate_replication(&mb, 3, rep, &mut wb);
        assert_eq!(wa.records, wb.records, "replication {rep}");
    }
    // and a run is the same whatever the thread count
    let one = serde_json::to_string(&common::run(&a, 16, 5, Some(1))).unwrap();
    let four = serde_json::to_string(&common::run(&a, 16, 5, Some(4))).unwrap();
    assert_eq!(one, four);
}

#[test]
fn a_bad_travel_cv_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    for (cv, expected) in [("-0.1", "simulation.travel_cv"), ("3", "at most 2")] {
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, two_stations(10.0, "").replace("{CV}", cv)).unwrap();
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}

/// `near` reaches the place over a street (150 s) then a road (150 s),
/// `far` over a road (420 s).
fn by_class(classes: &str) -> String {
    format!(
        r#"
[scenario]
name = "noise by class"
[standard]
turnout_s = 60
travel_s = 240
[network]
nodes = [ {{ id = "n", lon = 107.0, lat = 30.0 }}, {{ id = "m", lon = 107.005, lat = 30.0 }}, {{ id = "f", lon = 107.02, lat = 30.0 }}, {{ id = "p", lon = 107.01, lat = 30.0 }} ]
edges = [ {{ from = "n", to = "m", time_s = 150, class = "street" }}, {{ from = "m", to = "n", time_s = 150, class = "street" }},
          {{ from = "m", to = "p", time_s = 150, class = "road" }}, {{ from = "p", to = "m", time_s = 150, class = "road" }},
          {{ from = "f", to = "p", time_s = 420, class = "road" }}, {{ from = "p", to = "f", time_s = 420, class = "road" }} ]
[[stations]]
id = "near"
at = "n"
units = [ {{ kind = "engine", count = 1 }} ]
[[stations]]
id = "far"
at = "f"
units = [ {{ kind = "engine", count = 1 }} ]
[incident_types.call]
service = {{ dist = "fixed", value_s = 1200 }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
mode = "poisson"
per_year = {{ call = 3000 }}
points = [ {{ at = "p" }} ]
[simulation]
years = 1
replications = 4
seed = 3
{classes}
"#
    )
}

#[test]
fn noise_by_road_class_follows_each_trips_mix_of_classes() {
    let s = common::parse(&by_class("travel_cv_by_class = { street = 0.4 }"));
    let model = Model::compile(&s).unwrap();
    let mut ws = Workspace::new();
    let (mut near, mut far) = (Vec::new(), 0);
    for rep in 0..4 {
        simulate_replication(&model, 3, rep, &mut ws);
        for r in &ws.records {
            match r.first_unit {
                0 => near.push(r.travel_s / 300.0),
                1 => {
                    // all road, cv 0: exact
                    assert_eq!(r.travel_s, 420.0);
                    far += 1;
                }
                _ => {}
            }
        }
    }
    // half the time on a street of cv 0.4: the trip's cv is 0.2
    let n = near.len() as f64;
    let mean = near.iter().sum::<f64>() / n;
    let sd = (near.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    assert!(n > 5000.0 && far > 500, "{n} {far}");
    assert!((mean - 1.0).abs() < 0.01, "{mean}");
    assert!((sd - 0.2).abs() < 0.01, "{sd}");
    // "*" and travel_cv give the classes not named
    let every = common::parse(&by_class(
        "travel_cv = 0.3\ntravel_cv_by_class = { street = 0.0 }",
    ));
    assert_eq!(every.simulation.travel_cv_by_class.len(), 2);
    assert!(every.simulation.travel_cv_by_class.contains(&0.3));
}

#[test]
fn bad_travel_cv_by_class_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    for (classes, expected) in [
        (
            "travel_cv_by_class = { lane = 0.2 }",
            "no road class `lane`",
        ),
        (
            "travel_cv_by_class = { street = -0.2 }",
            "simulation.travel_cv_by_class.street",
        ),
        (
            "travel_cv_by_class = { street = 9 }",
            "simulation.travel_cv_by_class.street",
        ),
    ] {
        std::fs::write(&file, by_class(classes)).unwrap();
        let out = common::firecover([OsStr::new("validate"), file.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{classes}: {stderr}");
        assert!(stderr.contains(expected), "{classes}: {stderr}");
    }
}
