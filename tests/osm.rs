//! OpenStreetMap import on a hand-written fixture (`tests/fixtures/osm/town.osm`,
//! converted to PBF with `osmium cat`): each tagging feature's effect on
//! travel times, clipping, the connectivity filter, the .fcnet round trip,
//! bad input, and a scenario on an imported network.

mod common;

use std::path::{Path, PathBuf};

use firecover::ids::NodeId;
use firecover::network::osm::{self, Clip, ImportReport};
use firecover::network::road_graph::RoadGraph;
use firecover::network::{Network, fcnet};

fn fixture() -> PathBuf {
    common::repo("tests/fixtures/osm/town.osm.pbf")
}

/// `firecover network import` of the fixture into `out`.
fn import_fixture(out: &Path) -> std::process::Output {
    common::firecover([
        "network".as_ref(),
        "import".as_ref(),
        fixture().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

fn import(clip: &Clip) -> (RoadGraph, ImportReport) {
    osm::import(&fixture(), clip, &|_, _| {}).expect("the fixture imports")
}

fn network(g: &RoadGraph) -> Network {
    g.to_network(&osm::default_speed, None)
        .expect("every class has a default speed")
}

/// Fastest seconds between two OSM node ids.
fn time(net: &Network, from: i64, to: i64) -> f64 {
    let id = |n: i64| {
        net.node_by_id(&n.to_string())
            .unwrap_or_else(|| panic!("no node {n}"))
    };
    let mut t = Vec::new();
    net.times_from(id(from), &mut t);
    t[id(to).index()]
}

/// The direct link's length between two OSM nodes, metres.
fn link_length(g: &RoadGraph, a: i64, b: i64) -> f64 {
    let idx = |n: i64| g.node_ids.iter().position(|&x| x == n).unwrap() as u32;
    let (a, b) = (idx(a), idx(b));
    let l = g
        .links
        .iter()
        .find(|l| (l.from, l.to) == (a, b) || (l.from, l.to) == (b, a))
        .expect("a direct link");
    f64::from(l.length_m)
}

fn has(g: &RoadGraph, n: i64) -> bool {
    g.node_ids.contains(&n)
}

#[test]
fn maxspeed_in_kmh_and_mph_caps_the_class_speed() {
    let (g, _) = import(&Clip::None);
    let net = network(&g);
    // primary (55 km/h by default) tagged maxspeed=30
    let t12 = time(&net, 1, 2);
    assert!(
        (t12 - link_length(&g, 1, 2) / (30.0 / 3.6)).abs() < 1e-6,
        "{t12}"
    );
    // primary tagged "20 mph" = 32.2 km/h, stored to the km/h
    let t23 = time(&net, 2, 3);
    assert!(
        (t23 - link_length(&g, 2, 3) / (32.0 / 3.6)).abs() < 1e-6,
        "{t23}"
    );
    // untagged tertiary: the class default, 40 km/h
    let t34 = time(&net, 3, 4);
    assert!(
        (t34 - link_length(&g, 3, 4) / (40.0 / 3.6)).abs() < 1e-6,
        "{t34}"
    );
}

#[test]
fn oneway_streets_are_driven_one_way_only() {
    let (g, _) = import(&Clip::None);
    let net = network(&g);
    let north = time(&net, 1, 21);
    assert!((north - link_length(&g, 1, 21) / (25.0 / 3.6)).abs() < 1e-6);
    // back south there is no way down the one-way street: round by 22, 23, 3, 2
    let south = time(&net, 21, 1);
    assert!(south > 2.0 * north, "{south} vs {north}");
    assert!((south - time(&net, 21, 3) - time(&net, 3, 1)).abs() < 1e-9);
}

#[test]
fn a_roundabout_is_driven_counter_clockwise() {
    let (g, _) = import(&Clip::None);
    let net = network(&g);
    // north entry (44) to west exit (41): a quarter turn; west to north: three quarters
    let quarter = time(&net, 44, 41);
    let three_quarters = time(&net, 41, 44);
    assert!(
        three_quarters > 2.5 * quarter,
        "{three_quarters} vs {quarter}"
    );
}

#[test]
fn closed_ways_are_left_out_unless_open_to_emergency_vehicles() {
    let (g, report) = import(&Clip::None);
    let net = network(&g);
    // 23–2 is access=no: 23 → 2 goes round by 3
    let node = |n: i64| net.node_by_id(&n.to_string()).unwrap().index();
    let diagonal = net.nodes()[node(23)].distance_m(&net.nodes()[node(2)]);
    let direct = diagonal / (25.0 / 3.6);
    let round = time(&net, 23, 2);
    assert!(round > direct + 5.0, "{round} vs {direct}");
    assert!((round - time(&net, 23, 3) - time(&net, 3, 2)).abs() < 1e-9);
    // 4–24 is access=private but emergency=yes: fire engines use it
    assert!((time(&net, 4, 24) - link_length(&g, 4, 24) / (15.0 / 3.6)).abs() < 1e-6);
    // access=no and the footway
    assert_eq!(report.excluded_highways, 2);
}

#[test]
fn the_largest_strongly_connected_part_is_kept() {
    let (g, report) = import(&Clip::None);
    assert!(!has(&g, 51) && !has(&g, 52), "the island is dropped");
    assert_eq!((report.dropped_nodes, report.dropped_links), (2, 1));
    assert_eq!(report.components, 2);
}

#[test]
fn clipping_cuts_ways_at_the_boundary() {
    let (all, _) = import(&Clip::None);
    assert!(has(&all, 6));
    let (clipped, _) = import(&Clip::BBox([107.6995, 30.596, 107.705, 30.603]));
    assert!(!has(&clipped, 6), "node 6 lies east of the box");
    assert!(
        has(&clipped, 5),
        "the way is kept up to the last node inside"
    );
    let net = network(&clipped);
    assert!(time(&net, 1, 5).is_finite());
    // a polygon clip that leaves out the roundabout's east side
    let ring: geo::LineString<f64> = vec![
        (107.6995, 30.5960),
        (107.7032, 30.5960),
        (107.7032, 30.6030),
        (107.6995, 30.6030),
        (107.6995, 30.5960),
    ]
    .into();
    let poly = geo::Polygon::new(ring, vec![]);
    let (cut, _) = import(&Clip::Polygon(Box::new(poly)));
    assert!(!has(&cut, 45) && !has(&cut, 5));
}

#[test]
fn chains_of_degree_two_nodes_become_one_link_with_their_length_and_shape() {
    let (g, report) = import(&Clip::None);
    // ways 111 (43–45), 116 (45–7) and 115 (7–5) meet end to end with the same tags
    assert!(!has(&g, 7) && !has(&g, 45));
    assert_eq!(report.contracted_nodes, 2);
    let length = link_length(&g, 43, 5);
    let net = network(&g);
    let (a, b) = (net.node_by_id("43").unwrap(), net.node_by_id("5").unwrap());
    let edge = net
        .edges()
        .iter()
        .find(|e| e.from == a && e.to == b)
        .unwrap();
    assert!((edge.time_s - length / (25.0 / 3.6)).abs() < 1e-6);
    // the contracted nodes stay in the drawing geometry
    let i = g
        .links
        .iter()
        .position(|l| {
            let ids = (g.node_ids[l.from as usize], g.node_ids[l.to as usize]);
            ids == (43, 5) || ids == (5, 43)
        })
        .unwrap();
    assert_eq!(g.link_geometry(i).len(), 4);
    // and the length is the sum of the three pieces
    let p = |lon: f64, lat: f64| geo::Point::new(lon, lat);
    use geo::Distance;
    let pieces = [
        (p(107.7035, 30.599), p(107.7045, 30.599)),
        (p(107.7045, 30.599), p(107.7045, 30.5995)),
        (p(107.7045, 30.5995), p(107.704, 30.6)),
    ];
    let sum: f64 = pieces
        .iter()
        .map(|(a, b)| geo::Haversine.distance(*a, *b))
        .sum();
    assert!((length - sum).abs() < 0.01, "{length} vs {sum}");
}

#[test]
fn import_save_load_gives_identical_travel_times() {
    let (g, _) = import(&Clip::None);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("town.fcnet");
    fcnet::save(&g, &path).unwrap();
    let loaded = fcnet::load(&path).unwrap();
    assert_eq!(loaded, g);
    let (a, b) = (network(&g), network(&loaded));
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for n in 0..a.nodes().len() {
        a.times_from(NodeId::from_index(n), &mut ta);
        b.times_from(NodeId::from_index(n), &mut tb);
        assert_eq!(ta, tb);
    }
}

#[test]
fn truncated_or_foreign_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture()).unwrap();
    let truncated = dir.path().join("truncated.osm.pbf");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let xml = common::repo("tests/fixtures/osm/town.osm");
    let tiny = dir.path().join("tiny.osm.pbf");
    std::fs::write(&tiny, b"x").unwrap();
    let empty = dir.path().join("empty.osm.pbf");
    std::fs::write(&empty, b"").unwrap();
    let no_block = "not a readable OpenStreetMap PBF file: it holds no block";
    for (input, says) in [
        (truncated.as_path(), ""),
        (xml.as_path(), ""),
        (Path::new("/nonexistent.osm.pbf"), ""),
        (tiny.as_path(), no_block),
        (empty.as_path(), no_block),
    ] {
        let out = common::firecover([
            "network",
            "import",
            input.to_str().unwrap(),
            "-o",
            dir.path().join("x.fcnet").to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", input.display());
        assert!(stderr.contains(input.to_str().unwrap()), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // a damaged .fcnet
    let good = dir.path().join("good.fcnet");
    assert!(import_fixture(&good).status.success());
    let mut data = std::fs::read(&good).unwrap();
    let last = data.len() - 1;
    data[last] ^= 0xff;
    let bad = dir.path().join("bad.fcnet");
    std::fs::write(&bad, data).unwrap();
    let out = common::firecover([
        "network",
        "export",
        bad.to_str().unwrap(),
        "--geojson",
        dir.path().join("x.geojson").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"));
}

const SCENARIO: &str = r#"
[scenario]
name = "town on OpenStreetMap"
[standard]
turnout_s = 60
travel_s = 240
jurisdiction_km2 = { urban = 7.0 }
[network]
file = "FILE"
speeds = { residential = 20 }
[[stations]]
id = "west"
at = "1"
units = [ { kind = "engine", count = 1 } ]
[[stations]]
id = "east"
at = { lon = 107.7045, lat = 30.599 }
units = [ { kind = "engine", count = 1 } ]
[incident_types.fire]
service = { dist = "exponential", mean_s = 1800 }
dispatch = [ { kind = "engine" } ]
[demand]
mode = "poisson"
per_year = { fire = 200 }
points = [ { at = "21" }, { at = "23" }, { at = "4" }, { at = "46" } ]
[simulation]
years = 1
replications = 20
seed = 3
"#;

#[test]
fn a_scenario_runs_on_an_imported_network_from_fcnet_pbf_and_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let fc = dir.path().join("town.fcnet");
    let gj = dir.path().join("town.geojson");
    std::fs::copy(fixture(), dir.path().join("town.osm.pbf")).unwrap();
    assert!(import_fixture(&fc).status.success());
    assert!(
        common::firecover([
            "network",
            "export",
            fc.to_str().unwrap(),
            "--geojson",
            gj.to_str().unwrap()
        ])
        .status
        .success()
    );
    let mut means = Vec::new();
    for file in ["town.fcnet", "town.osm.pbf", "town.geojson"] {
        let path = dir.path().join(format!("{file}.toml"));
        std::fs::write(&path, SCENARIO.replace("FILE", file)).unwrap();
        let json = dir.path().join(format!("{file}.json"));
        let out = common::firecover([
            "run",
            path.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(v["unreachable"], 0.0);
        means.push(v["response_s"]["mean"].as_f64().unwrap());
    }
    // the same roads whichever file holds them (GeoJSON lengths are rounded to 0.1 m)
    assert_eq!(means[0], means[1]);
    assert!((means[2] / means[0] - 1.0).abs() < 1e-3, "{means:?}");
}

#[test]
fn a_clip_with_no_road_inside_is_an_error() {
    let far = Clip::BBox([100.0, 10.0, 100.1, 10.1]);
    let e = osm::import(&fixture(), &far, &|_, _| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("no drivable road inside the clip area"), "{e}");
}

#[test]
fn road_file_choices_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    for (file, extra, expected) in [
        (
            "roads.shp",
            "",
            "unknown road file type; use .fcnet, .osm.pbf or .geojson",
        ),
        ("missing.fcnet", "", "missing.fcnet"),
        (
            "town.fcnet",
            "builtin = \"liangping\"\n",
            "give either `builtin` or `file`, not both",
        ),
    ] {
        let text = SCENARIO.replace("file = \"FILE\"\n", &format!("{extra}file = \"{file}\"\n"));
        let path = write("s.toml", text);
        let out = common::firecover(["validate", path.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.contains("s.toml:") && stderr.contains("network."),
            "{stderr}"
        );
        assert!(stderr.contains(expected), "{file}: {stderr}");
    }
}
