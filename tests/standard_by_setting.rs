//! `[standard.by_setting]`: each alarm, zone and setting is judged by its
//! own place's yardstick, and the report says which yardstick it used.

mod common;

/// A town at the station and a village 10 minutes' drive away (every unit
/// free: 1 engine, short calls), each its own zone and setting; `extra` is
/// added to `[standard]`.
fn town_and_village(extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "town and village"
[standard]
turnout_s = 0
travel_s = 300
{extra}
[network]
nodes = [ {{ id = "town", lon = 107.0, lat = 30.0 }}, {{ id = "village", lon = 107.1, lat = 30.0 }} ]
edges = [ {{ from = "town", to = "village", time_s = 600 }} ]
[[stations]]
id = "only"
at = "town"
turnout_s = 0
units = [ {{ kind = "engine", count = 5 }} ]
[incident_types.call]
service = {{ dist = "fixed", value_s = 10 }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
mode = "poisson"
per_year = {{ call = 200 }}
points = [
  {{ at = "town", zone = "town", setting = "urban" }},
  {{ at = "village", zone = "village", setting = "rural" }},
]
[simulation]
years = 1
replications = 20
seed = 3
"#
    )
}

#[test]
fn each_zone_is_judged_by_its_own_settings_limit() {
    // one yardstick: the village, 10 minutes away, never meets 5 minutes
    let one = common::run(&common::parse(&town_and_village("")), 20, 3, Some(1));
    assert_eq!(one.by_zone["town"].within_standard, 1.0);
    assert_eq!(one.by_zone["village"].within_standard, 0.0);
    assert!((one.within_standard - 0.5).abs() < 0.1);
    // a 15-minute rural yardstick: the village meets its own
    let own = common::parse(&town_and_village(
        "[standard.by_setting.rural]\ntravel_s = 900",
    ));
    let two = common::run(&own, 20, 3, Some(1));
    assert_eq!(two.by_zone["town"].within_standard, 1.0);
    assert_eq!(two.by_zone["village"].within_standard, 1.0);
    assert_eq!(two.by_setting["rural"].within_standard, 1.0);
    assert_eq!(two.within_standard, 1.0);
    assert_eq!(two.standard.by_setting["rural"], 900.0);
    // a rural limit tighter than the drive fails the village only
    let tight = common::parse(&town_and_village(
        "[standard.by_setting.rural]\ntravel_s = 599",
    ));
    let three = common::run(&tight, 20, 3, Some(1));
    assert_eq!(three.by_zone["village"].within_standard, 0.0);
    assert_eq!(three.by_zone["town"].within_standard, 1.0);
    // the verdict names the yardstick it used
    let text = firecover::report::verdict(&two, firecover::i18n::Lang::En);
    assert!(text.contains("limit of 5:00 (rural 15:00)"), "{text}");
}

#[test]
fn a_yardstick_for_a_setting_no_place_has_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(
        &path,
        town_and_village("[standard.by_setting.suburban]\ntravel_s = 600"),
    )
    .unwrap();
    let out = common::firecover(["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "standard.by_setting.suburban: no demand point has setting `suburban` (settings: urban, rural)"
        ),
        "{stderr}"
    );
    std::fs::write(
        &path,
        town_and_village("[standard.by_setting.rural]\ntravel_s = -1"),
    )
    .unwrap();
    let out = common::firecover(["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("standard.by_setting.rural.travel_s"),
        "{stderr}"
    );
}
