//! The static coverage analysis against analytic cases, on Liangping, and its
//! maps (valid SVG and GeoJSON).

mod common;

use firecover::i18n::Lang;

use std::fmt::Write;

use firecover::coverage::{self, Coverage};
use firecover::model::Model;
use firecover::scenario::Scenario;

/// Metres per degree of latitude, and of longitude at the test latitude.
const M_PER_DEG_LAT: f64 = 111_195.08;
const LAT0: f64 = 30.6;
const LON0: f64 = 107.7;

fn m_per_deg_lon() -> f64 {
    M_PER_DEG_LAT * LAT0.to_radians().cos()
}

/// A square grid city: (2n + 1)² nodes `spacing` metres apart, every street
/// two-way at 36 km/h (10 m/s), region = the grid itself, off-road legs at
/// the same speed. `stations` are (column, row) offsets from the centre.
fn grid_city(n: i32, spacing: f64, stations: &[(i32, i32)], travel_s: f64) -> Scenario {
    common::parse(&grid_city_text(n, spacing, stations, travel_s))
}

/// [`grid_city`]'s scenario file.
fn grid_city_text(n: i32, spacing: f64, stations: &[(i32, i32)], travel_s: f64) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "[scenario]\nname = \"grid city\"\n[standard]\nturnout_s = 0\ntravel_s = {travel_s}\n[network]\ndefault_speed_kmh = 36\nnodes = ["
    );
    let id = |i: i32, j: i32| format!("n{}_{}", i + n, j + n);
    for j in -n..=n {
        for i in -n..=n {
            let lon = LON0 + f64::from(i) * spacing / m_per_deg_lon();
            let lat = LAT0 + f64::from(j) * spacing / M_PER_DEG_LAT;
            let _ = writeln!(
                s,
                "  {{ id = \"{}\", lon = {lon}, lat = {lat} }},",
                id(i, j)
            );
        }
    }
    s.push_str("]\nedges = [\n");
    for j in -n..=n {
        for i in -n..=n {
            if i < n {
                let _ = writeln!(
                    s,
                    "  {{ from = \"{}\", to = \"{}\", length_m = {spacing} }},",
                    id(i, j),
                    id(i + 1, j)
                );
            }
            if j < n {
                let _ = writeln!(
                    s,
                    "  {{ from = \"{}\", to = \"{}\", length_m = {spacing} }},",
                    id(i, j),
                    id(i, j + 1)
                );
            }
        }
    }
    s.push_str("]\n");
    for (k, &(i, j)) in stations.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[stations]]\nid = \"s{k}\"\nname = \"站{k} station {k}\"\nat = \"{}\"\nunits = [ {{ kind = \"engine\", count = 1 }} ]",
            id(i, j)
        );
    }
    let _ = writeln!(
        s,
        "[incident_types.fire]\nservice = {{ dist = \"fixed\", value_s = 600 }}\ndispatch = [ {{ kind = \"engine\" }} ]\n[demand]\nmode = \"poisson\"\nper_year = {{ fire = 10 }}\npoints = [ {{ at = \"{}\" }} ]\n[simulation]\nyears = 1\nreplications = 2\nseed = 1\n[coverage]\nmargin_m = 0\noff_road_kmh = 36",
        id(0, 0)
    );
    s
}

fn analyze(s: &Scenario, cell_m: f64) -> Coverage {
    let model = Model::compile(s).unwrap();
    coverage::analyze(s, &model, cell_m).expect("fits")
}

fn scenario(name: &str) -> Scenario {
    common::load(&common::repo(&format!("scenarios/{name}.toml")))
}

#[test]
fn area_within_reach_of_one_central_station_is_the_manhattan_diamond() {
    let cell = 50.0;
    for travel_s in [60.0, 120.0] {
        let s = grid_city(20, 100.0, &[(0, 0)], travel_s);
        let c = analyze(&s, cell);
        // 4 km × 4 km region
        assert!(
            (c.report.region_km2 - 16.0).abs() < 0.05,
            "{}",
            c.report.region_km2
        );
        let r = 10.0 * travel_s; // metres at 10 m/s
        let diamond = 2.0 * r * r / 1e6;
        let got = c.report.stations[0].within_standard_km2;
        // cells straddling the diamond's edge: its perimeter times half a cell
        let tolerance = 4.0 * r * 2f64.sqrt() * cell / 2.0 / 1e6;
        println!("T = {travel_s} s: {got:.3} km², 2r² = {diamond:.3}, tolerance {tolerance:.3}");
        assert!(
            (got - diamond).abs() <= tolerance,
            "T = {travel_s} s: {got:.3} km² vs 2r² = {diamond:.3} ± {tolerance:.3}"
        );
    }
}

#[test]
fn two_symmetric_stations_split_the_city_in_half() {
    let s = grid_city(20, 100.0, &[(-10, 0), (10, 0)], 240.0);
    let cell = 50.0;
    let c = analyze(&s, cell);
    let (a, b) = (
        c.report.stations[0].jurisdiction_km2,
        c.report.stations[1].jurisdiction_km2,
    );
    // the middle column of tied cells goes to the first station: at most one column apart
    let column = 4.0 * cell / 1000.0;
    assert!((a - b).abs() <= column + 1e-9, "{a} vs {b}");
    assert!((a + b - c.report.region_km2).abs() < 1e-9);
}

#[test]
fn jurisdictions_and_unreached_cells_add_up_to_the_region() {
    for name in ["liangping-2020", "liangping-2025-all-townships"] {
        let c = analyze(&scenario(name), 400.0);
        let sum: f64 = c.report.stations.iter().map(|s| s.jurisdiction_km2).sum();
        assert!(
            (sum + c.report.unreached_km2 - c.report.region_km2).abs() < 1e-6,
            "{name}: {sum} + {} vs {}",
            c.report.unreached_km2,
            c.report.region_km2
        );
        // the outline is 1,892 km² (official): cells within 1 %
        assert!(
            (c.report.region_km2 / 1892.13 - 1.0).abs() < 0.01,
            "{}",
            c.report.region_km2
        );
        let builtup = c.report.builtup_km2.unwrap();
        assert!((builtup - 30.0).abs() < 1.0, "{builtup}");
    }
}

#[test]
fn liangping_urban_station_is_over_7_km2_and_the_industrial_park_station_reduces_it() {
    let y2020 = analyze(&scenario("liangping-2020"), 200.0).report;
    let y2025 = analyze(&scenario("liangping-2025-plan"), 200.0).report;
    let urban =
        |r: &coverage::CoverageReport| r.stations.iter().find(|s| s.id == "urban").unwrap().clone();
    let (a, b) = (urban(&y2020), urban(&y2025));
    assert_eq!(a.limit_km2, Some(7.0));
    assert!(
        a.jurisdiction_builtup_km2 > 7.0,
        "{}",
        a.jurisdiction_builtup_km2
    );
    assert_eq!(a.meets_limit, Some(false));
    assert!(b.jurisdiction_builtup_km2 < a.jurisdiction_builtup_km2 - 5.0);
    // 30 km² at 7 km² per ordinary station
    assert_eq!(y2020.builtup_stations_needed, Some(5));
    // more of the built-up area within 5 minutes with the new station
    assert!(y2025.reach[0].builtup_share.unwrap() > y2020.reach[0].builtup_share.unwrap() + 0.1);
    // teams have no area limit
    assert!(
        y2020
            .stations
            .iter()
            .filter(|s| s.id != "urban")
            .all(|s| s.limit_km2.is_none())
    );
}

#[test]
fn svg_map_is_valid_xml_with_every_station_name() {
    for s in [
        scenario("liangping-2025-plan"),
        grid_city(5, 200.0, &[(-3, 0), (3, 1)], 240.0),
    ] {
        let c = analyze(&s, 200.0);
        let city = coverage::svg::render_extent(&s, &c, coverage::svg::Extent::Builtup, Lang::En);
        roxmltree::Document::parse(&city).unwrap_or_else(|e| panic!("invalid zoomed SVG: {e}"));
        let svg = coverage::svg::render(&s, &c, Lang::En);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("invalid SVG: {e}"));
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        for st in &s.stations {
            let name = st.name.as_deref().unwrap_or(&st.id);
            assert!(texts.iter().any(|t| t.contains(name)), "{name} missing");
        }
        for id in [
            "jurisdictions",
            "roads",
            "isochrones",
            "stations",
            "scale",
            "legend",
        ] {
            assert!(
                doc.descendants().any(|n| n.attribute("id") == Some(id)),
                "no layer `{id}`"
            );
        }
    }
}

#[test]
fn geojson_layers_parse_and_their_polygons_are_valid() {
    use geo::{GeodesicArea, MultiPolygon, Validation};
    let s = scenario("liangping-2025-plan");
    let c = analyze(&s, 200.0);
    let text = coverage::geojson::write(&s, &c);
    let doc: geojson::GeoJson = text.parse().unwrap();
    let geojson::GeoJson::FeatureCollection(fc) = doc else {
        panic!("not a collection")
    };
    let mut jurisdictions = 0;
    for f in &fc.features {
        let layer = f.property("layer").and_then(|v| v.as_str()).unwrap();
        let geometry = f.geometry.clone().unwrap();
        match layer {
            "jurisdiction" | "isochrone" => {
                let mp: MultiPolygon<f64> = geometry.try_into().unwrap();
                assert!(mp.is_valid(), "{layer} {:?} invalid", f.properties);
                if layer == "jurisdiction" {
                    jurisdictions += 1;
                    let reported = f.property("area_km2").and_then(|v| v.as_f64()).unwrap();
                    let drawn = mp.geodesic_area_unsigned() / 1e6;
                    assert!(
                        (drawn - reported).abs() <= 0.05 * reported + 1.0,
                        "drawn {drawn:.1} km² vs reported {reported:.1}"
                    );
                }
            }
            "station" | "builtup" => {}
            other => panic!("unexpected layer {other}"),
        }
    }
    assert_eq!(jurisdictions, s.stations.len());
}

#[test]
fn cli_coverage_writes_the_map_and_run_json_holds_the_station_block() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, gj, json) = (
        dir.path().join("m.svg"),
        dir.path().join("m.geojson"),
        dir.path().join("r.json"),
    );
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let stdout = common::succeeded(&common::firecover([
        "coverage".as_ref(),
        "--cell-m".as_ref(),
        "500".as_ref(),
        "--svg".as_ref(),
        svg.as_os_str(),
        "--geojson".as_ref(),
        gj.as_os_str(),
        scenario.as_os_str(),
    ]));
    assert!(
        stdout.contains("梁平区消防救援站") && stdout.contains("NO"),
        "{stdout}"
    );
    assert!(svg.exists() && gj.exists());
    common::succeeded(&common::firecover([
        "run".as_ref(),
        "--replications".as_ref(),
        "3".as_ref(),
        "--json".as_ref(),
        json.as_os_str(),
        scenario.as_os_str(),
    ]));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let urban = &v["coverage"]["stations"][0];
    assert_eq!(urban["id"], "urban");
    assert!(urban["jurisdiction_builtup_km2"].as_f64().unwrap() > 7.0);
    assert_eq!(v["coverage"]["reach"].as_array().unwrap().len(), 4);
    let bad = common::firecover([
        "coverage".as_ref(),
        "--cell-m".as_ref(),
        "0".as_ref(),
        scenario.as_os_str(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_region_too_large_for_the_cell_size_is_an_error_not_an_exhausted_machine() {
    let text = std::fs::read_to_string(common::repo("scenarios/examples/two-stations.toml"))
        .unwrap()
        .replace(
            "{ id = \"c\", lon = 107.74, lat = 30.60 }",
            "{ id = \"c\", lon = 108.74, lat = 31.60 }",
        )
        // the station beside c moves with it
        .replace("at = { lon = 107.741, lat = 30.6001 }", "at = \"c\"");
    let s = common::parse(&text);
    let model = Model::compile(&s).unwrap();
    let e = coverage::analyze(&s, &model, 10.0).unwrap_err().to_string();
    assert!(
        e.contains("more than 8000000") && e.contains("use cells of at least"),
        "{e}"
    );
    // the size it suggests works
    let suggested: f64 = e
        .rsplit("at least ")
        .next()
        .unwrap()
        .trim_end_matches(" m")
        .parse()
        .unwrap();
    assert!(coverage::analyze(&s, &model, suggested).is_ok());
}

#[test]
fn geojson_numbers_are_rounded_for_people_and_gis() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("layers.geojson");
    let out = common::firecover([
        "coverage".as_ref(),
        common::repo("scenarios/liangping-2025-plan.toml").as_os_str(),
        "--geojson".as_ref(),
        path.as_os_str(),
    ]);
    common::succeeded(&out);
    let text = std::fs::read_to_string(&path).unwrap();
    // coordinates to 1e-6°, areas to 0.01 km²: no 16-digit floats
    let long = regex::Regex::new(r"\d\.\d{7,}").unwrap();
    let found: Vec<&str> = long.find_iter(&text).map(|m| m.as_str()).take(5).collect();
    assert!(found.is_empty(), "over-long numbers: {found:?}");
    let area = regex::Regex::new(r#""area_km2":(-?\d+(?:\.\d+)?)"#).unwrap();
    let areas: Vec<&str> = area
        .captures_iter(&text)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert!(!areas.is_empty());
    assert!(
        areas
            .iter()
            .all(|a| a.split('.').nth(1).is_none_or(|d| d.len() <= 2)),
        "{areas:?}"
    );
}

#[test]
fn each_station_is_judged_by_the_limit_of_its_class() {
    // one station on a 3 km × 3 km grid: its jurisdiction is about 9 km²
    let text = grid_city_text(10, 150.0, &[(0, 0)], 600.0);
    let judged = |class: &str, extra: &str| {
        let t = text
            .replace("id = \"s0\"", &format!("id = \"s0\"\nclass = \"{class}\""))
            .replace("[standard]\n", &format!("[standard]\n{extra}"));
        let c = analyze(&common::parse(&t), 100.0);
        let st = &c.report.stations[0];
        (
            st.limit_class.clone(),
            st.limit_km2,
            st.meets_limit,
            st.judged_km2,
        )
    };
    let (class, limit, meets, km2) = judged("second", "");
    assert!((8.0..10.0).contains(&km2), "{km2}");
    assert_eq!(
        (class.as_deref(), limit, meets),
        (Some("second"), Some(4.0), Some(false))
    );
    assert_eq!(judged("small", "").1, Some(2.0));
    assert_eq!(judged("first", "").1, Some(7.0));
    // 特勤站 is judged as a first-class station
    assert_eq!(judged("special", "").1, Some(7.0));
    // the planner may set a class's limit
    let (class, limit, meets, _) = judged("second", "jurisdiction_km2 = { second = 10.0 }\n");
    assert_eq!(
        (class.as_deref(), limit, meets),
        (Some("second"), Some(10.0), Some(true))
    );
}

/// Hardening round 3, item 23: too many cells is bad input said in the
/// run's language, and the advised `--cell-m` is one that works.
#[test]
fn too_many_cells_advises_a_cell_size_that_works_in_the_runs_language() {
    let scenario = common::repo("scenarios/liangping-2020.toml");
    let mut advised = None;
    for (lang, says) in [("en", "use cells of at least"), ("zh", "请用不小于")] {
        let out = common::firecover([
            "--lang".as_ref(),
            lang.as_ref(),
            "coverage".as_ref(),
            scenario.as_os_str(),
            "--cell-m".as_ref(),
            "10".as_ref(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
        let at = err.find("--cell-m ").expect("the advice names --cell-m") + "--cell-m ".len();
        let digits: String = err[at..].chars().take_while(char::is_ascii_digit).collect();
        advised = Some(digits);
    }
    // the advice is taken: 21 m cells over 65 x 52 km fit (not run here,
    // to keep the test short): the figure is within what --cell-m takes
    let advised: f64 = advised.unwrap().parse().unwrap();
    assert!((10.0..=10_000.0).contains(&advised), "{advised}");
}

/// Issue 35, item 10: a zh map says 北 and its title is the scenario's zh
/// name; the candidate caption under a siting map sits below the scale
/// bar's text, never over it.
#[test]
fn zh_maps_say_north_in_chinese_and_captions_clear_the_scale_bar() {
    let s = scenario("liangping-2025-plan");
    let c = analyze(&s, 200.0);
    let points = [(107.79, 30.67)];
    let dots = coverage::svg::Dots {
        points: &points,
        fill: "#616161",
        caption: "1 个候选站址",
    };
    let svg =
        coverage::svg::render_with_dots(&s, &c, coverage::svg::Extent::Region, &dots, Lang::Zh);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    let all: String = texts
        .iter()
        .map(|n| n.descendants().filter_map(|d| d.text()).collect::<String>())
        .collect();
    assert!(all.contains("北"), "no 北 in the zh map");
    assert!(
        all.contains("梁平区 2025 年规划"),
        "the title is not the zh name"
    );
    let y = |n: &roxmltree::Node| n.attribute("y").unwrap().parse::<f64>().unwrap();
    let scale = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("scale"))
        .unwrap();
    let lowest_scale_text = scale
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| y(&n))
        .fold(f64::NEG_INFINITY, f64::max);
    let caption = texts
        .iter()
        .find(|n| {
            n.descendants()
                .filter_map(|d| d.text())
                .any(|t| t.contains("候选站址"))
        })
        .unwrap();
    // 12 px type: the caption's baseline a full line below the scale's
    assert!(
        y(caption) >= lowest_scale_text + 14.0,
        "caption at {} over the scale text at {lowest_scale_text}",
        y(caption)
    );
    let en = coverage::svg::render(&s, &c, Lang::En);
    assert!(en.contains("N ↑") && !en.contains("北 ↑"));
}
