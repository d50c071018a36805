//! Hardening round 3, item 3: an escape sequence or another control
//! character in a data file (alarm records, a site list, road GeoJSON, a
//! cost matrix) is refused with exit 2, naming the file and where, and is
//! shown escaped: nothing reaches the terminal raw.

mod common;

use std::ffi::OsStr;
use std::path::Path;

const ESC: &str = "\u{1b}[2J";
const OSC: &str = "\u{1b}]0;owned\u{7}";

/// `validate` (or another command) on a file that must be refused: its
/// standard error, checked for exit 2 and for not one raw control byte.
fn refused(args: &[&OsStr], names: &str) -> String {
    let out = common::firecover(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the terminal: {err:?}"
    );
    assert!(err.contains(names), "{err}");
    assert!(err.contains("\\u{1b}"), "not shown escaped: {err}");
    err
}

fn scenario(dir: &Path, network: &str, demand: &str) -> std::path::PathBuf {
    let text = format!(
        r#"
[scenario]
name = "control"
[standard]
turnout_s = 60
travel_s = 240
[network]
{network}
max_snap_m = 500
[[stations]]
id = "only"
at = "a"
turnout_s = 60
units = [ {{ kind = "engine", count = 1 }} ]
[incident_types.fire]
service = {{ dist = "exponential", mean_s = 1800 }}
dispatch = [ {{ kind = "engine" }} ]
[demand]
{demand}
[simulation]
replications = 2
seed = 7
"#
    );
    let path = dir.join("s.toml");
    std::fs::write(&path, text).unwrap();
    path
}

const NODES: &str = r#"nodes = [ { id = "a", lon = 107.0, lat = 30.0 }, { id = "b", lon = 107.0104, lat = 30.0 } ]
edges = [ { from = "a", to = "b", time_s = 120 }, { from = "b", to = "a", time_s = 120 } ]"#;

#[test]
fn records_with_control_characters_are_refused_by_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (column, row) in [
        (
            "zone",
            format!("r1,2019-03-04T21:17:05+08:00,fire,b,{ESC}east,"),
        ),
        (
            "setting",
            format!("r1,2019-03-04T21:17:05+08:00,fire,b,east,{OSC}"),
        ),
        (
            "id",
            format!("{ESC}r1,2019-03-04T21:17:05+08:00,fire,b,east,"),
        ),
    ] {
        std::fs::write(
            d.join("alarms.csv"),
            format!("id,time,type,place,zone,setting\n{row}\n"),
        )
        .unwrap();
        let s = scenario(d, NODES, "mode = \"records\"\nrecords = \"alarms.csv\"");
        refused(
            &[OsStr::new("validate"), s.as_os_str()],
            &format!("alarms.csv row 2: column `{column}`"),
        );
    }
}

#[test]
fn road_geojson_properties_with_control_characters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let roads = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"from":"a","to":"b","class":"{}"}},"geometry":{{"type":"LineString","coordinates":[[107,30],[107.0104,30]]}}}}]}}"#,
        ESC.replace('\u{1b}', "\\u001b")
    );
    std::fs::write(d.join("roads.geojson"), roads).unwrap();
    let s = scenario(
        d,
        "file = \"roads.geojson\"",
        "mode = \"poisson\"\nper_year = { fire = 10 }\npoints = [ { at = \"b\" } ]",
    );
    refused(&[OsStr::new("validate"), s.as_os_str()], "property `class`");
}

#[test]
fn site_lists_with_control_characters_are_refused_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = common::repo("scenarios/liangping-siting-urban.toml");
    for (file, text) in [
        (
            "sites.csv",
            format!("id,lon,lat,name\n{ESC}x,107.80,30.67,ok\n"),
        ),
        (
            "named.csv",
            format!("id,lon,lat,name\nx,107.80,30.67,{OSC}\n"),
        ),
        (
            "sites.geojson",
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"{}"}},"geometry":{{"type":"Point","coordinates":[107.80,30.67]}}}}]}}"#,
                ESC.replace('\u{1b}', "\\u001b")
            ),
        ),
    ] {
        let list = d.join(file);
        std::fs::write(&list, text).unwrap();
        refused(
            &[
                OsStr::new("site"),
                s.as_os_str(),
                OsStr::new("--candidates"),
                list.as_os_str(),
                OsStr::new("--no-simulate"),
                OsStr::new("--out"),
                d.join("out").as_os_str(),
            ],
            file,
        );
    }
}
