//! The builtin Liangping district: generated data in sync with its
//! generator, a connected graph with recognisable geography, the plan's
//! indicators and the shipped scenarios' headline results.

mod common;

use firecover::builtin;
use firecover::ids::NodeId;
use firecover::network::{Csr, Network};
use firecover::scenario::Scenario;

fn scenario(name: &str) -> Scenario {
    common::load(&common::repo(&format!("scenarios/{name}.toml")))
}

fn liangping() -> &'static builtin::Builtin {
    builtin::get("liangping").unwrap()
}

/// Shortest road distances (metres) from a node.
fn road_distances(net: &Network, from: NodeId) -> Vec<f64> {
    let csr = Csr::build(
        net.nodes().len(),
        net.edges().iter().map(|e| (e.from, e.to, e.length_m)),
    );
    let mut d = Vec::new();
    csr.dijkstra(from, &mut d);
    d
}

fn node(net: &Network, id: &str) -> NodeId {
    net.node_by_id(id)
        .unwrap_or_else(|| panic!("no node `{id}`"))
}

#[test]
fn committed_files_are_what_the_generator_makes() {
    let b = liangping();
    let g = b.regenerate().unwrap();
    // on failure: `firecover network generate scenarios/liangping`, then rebuild
    assert!(g.roads == b.roads, "roads.geojson is stale");
    assert!(g.places == b.places, "places.geojson is stale");
    assert!(g.builtup == b.builtup, "builtup.geojson is stale");
}

#[test]
fn builtup_area_is_the_plans_30_km2_and_inside_the_district() {
    use geo::{Contains, GeodesicArea};
    let b = liangping();
    let builtup = b.builtup_polygon().unwrap();
    let km2 = builtup.geodesic_area_unsigned() / 1e6;
    assert!((km2 - 30.0).abs() < 0.3, "{km2} km²");
    assert!(b.boundary_polygon().unwrap().contains(&builtup));
    let district = b.boundary_polygon().unwrap().geodesic_area_unsigned() / 1e6;
    assert!(
        (district - 1892.13).abs() / 1892.13 < 0.01,
        "{district} km²"
    );
}

#[test]
fn graph_is_connected_and_every_seat_and_station_is_on_it() {
    for name in [
        "liangping-2020",
        "liangping-2025-plan",
        "liangping-2025-all-townships",
    ] {
        let s = scenario(name);
        let net = &s.network;
        let (_, largest) = net.strong_components();
        let (comp, _) = net.strong_components();
        assert!(comp.iter().all(|&c| c == largest), "{name}: not connected");
        let text =
            std::fs::read_to_string(common::repo(&format!("scenarios/{name}.toml"))).unwrap();
        let table: toml::Table = text.parse().unwrap();
        for st in table["stations"].as_array().unwrap() {
            if let Some(at) = st["at"].as_table() {
                let (lon, lat) = (at["lon"].as_float().unwrap(), at["lat"].as_float().unwrap());
                let (_, d) = net.nearest_node(lon, lat).unwrap();
                assert!(
                    d < 300.0,
                    "{name}: station {} is {d:.0} m from a road node",
                    st["id"]
                );
            }
        }
    }
    let s = scenario("liangping-2020");
    for t in liangping().township_table().unwrap() {
        let (n, d) = s.network.nearest_node(t.lon, t.lat).unwrap();
        assert!(d < 1.0, "{}: seat {d} m from the graph", t.id);
        assert_eq!(s.network.nodes()[n.index()].id, t.id);
    }
}

/// Travel minutes per straight-line km from the urban station to each seat.
fn minutes_per_km(s: &Scenario) -> Vec<(builtin::Township, f64, f64)> {
    let net = &s.network;
    let urban = s.stations[0].node;
    let mut t = Vec::new();
    net.times_from(urban, &mut t);
    liangping()
        .township_table()
        .unwrap()
        .into_iter()
        .map(|tw| {
            let n = node(net, &tw.id);
            let km = net.nodes()[urban.index()].distance_m(&net.nodes()[n.index()]) / 1000.0;
            let per_km = t[n.index()] / 60.0 / km;
            (tw, km, per_km)
        })
        .collect()
}

#[test]
fn mountain_towns_are_slower_to_reach_than_plain_towns_as_far_away() {
    let s = scenario("liangping-2020");
    let towns = minutes_per_km(&s);
    let mut checked = 0;
    // the roads from the city to 礼让 and 云龙 are measured direct (data
    // README): mountain towns, but not slow to reach per km
    let direct = ["lirang", "yunlong"];
    for (m, km, per_km) in towns
        .iter()
        .filter(|t| t.0.terrain == builtin::Terrain::Mountain && !direct.contains(&t.0.id.as_str()))
    {
        let peers: Vec<f64> = towns
            .iter()
            .filter(|(p, pkm, _)| {
                p.terrain == builtin::Terrain::Plain && (pkm / km - 1.0).abs() <= 0.3
            })
            .map(|t| t.2)
            .collect();
        assert!(peers.len() >= 3, "{}: too few plain towns to compare", m.id);
        let mean = peers.iter().sum::<f64>() / peers.len() as f64;
        assert!(
            *per_km > mean,
            "{} ({km:.1} km): {per_km:.2} min/km, plain towns as far: {mean:.2}",
            m.id
        );
        checked += 1;
    }
    assert!(
        checked >= 6,
        "福禄, the measured hill towns east of the city and the assumed eastern towns"
    );
}

#[test]
fn road_distances_from_the_urban_station_match_the_measured_network() {
    // data README, "Measured on the vendor road network": road km from the
    // urban station at 107.7956 E 30.6747 N
    let s = scenario("liangping-2020");
    let net = &s.network;
    let d = road_distances(net, s.stations[0].node);
    for (town, measured_km) in [
        ("panlong", 13.5),
        ("mingda", 18.5),
        ("jukui", 21.4),
        ("pingjin", 27.1),
        ("fulu", 32.7),
    ] {
        let km = d[node(net, town).index()] / 1000.0;
        assert!(
            (km / measured_km - 1.0).abs() <= 0.15,
            "{town}: {km:.1} km on the graph, {measured_km} km measured"
        );
    }
}

#[test]
fn circuity_between_places_stays_in_the_band_of_the_road_classes() {
    let params: toml::Table = liangping().generator.parse().unwrap();
    let band: Vec<f64> = params["circuity"]
        .as_table()
        .unwrap()
        .values()
        .map(|v| v.as_float().unwrap())
        .collect();
    // the fitted township factors stretch or shrink a class's circuity,
    // never below the straight line
    let factors: Vec<f64> = params["township_circuity"]
        .as_table()
        .unwrap()
        .values()
        .map(|v| v.as_float().unwrap())
        .collect();
    let widest = factors.iter().fold(1.0f64, |a, &f| a.max(f));
    let (lo, hi) = band
        .iter()
        .fold((f64::MAX, f64::MIN), |a, &c| (a.0.min(c), a.1.max(c)));
    let (lo, hi) = (lo.min(1.0), hi * widest);
    let s = scenario("liangping-2020");
    let net = &s.network;
    let places: Vec<NodeId> = s.demand.points.iter().map(|p| p.node).collect();
    let mut ratios = Vec::new();
    for (i, &a) in places.iter().enumerate().step_by(7) {
        let da = road_distances(net, a);
        for &b in places.iter().skip(i % 5).step_by(11) {
            let straight = net.nodes()[a.index()].distance_m(&net.nodes()[b.index()]);
            if straight >= 2000.0 {
                ratios.push(da[b.index()] / straight);
            }
        }
    }
    ratios.sort_by(f64::total_cmp);
    assert!(ratios.len() > 1000);
    // every link is at least `lo` times its straight line, so every path is
    assert!(ratios[0] >= lo - 1e-9, "{} < {lo}", ratios[0]);
    let p95 = ratios[ratios.len() * 95 / 100];
    let median = ratios[ratios.len() / 2];
    assert!(
        p95 <= hi,
        "p95 circuity {p95:.2} above the largest class circuity times the widest township factor, {hi:.2}"
    );
    assert!((1.2..=1.8).contains(&median), "median circuity {median:.2}");
}

#[test]
fn indicators_reproduce_the_plan_where_its_inputs_allow() {
    use firecover::indicators::compute;
    let rows = |name: &str| {
        let t = compute(&scenario(name)).unwrap();
        assert_eq!(t.plan_labels, ["2020", "2025 target"]);
        t.rows
    };
    let y2020 = rows("liangping-2020");
    let y2025 = rows("liangping-2025-plan");
    let all = rows("liangping-2025-all-townships");
    // every figure within 4 % of the plan's (it rounds to 2 decimals and may
    // have used a population slightly below the 2020 census)
    for (column, table) in [(0, &y2020), (1, &y2025)] {
        for r in table.iter() {
            let plan = r.plan[column].unwrap();
            assert!(
                (r.value / plan - 1.0).abs() < 0.04,
                "{}: {} vs plan {plan}",
                r.name,
                r.value
            );
        }
    }
    assert_eq!(format!("{:.2}", y2025[0].value), "0.31");
    assert_eq!(format!("{:.1}", y2020[1].value), "18.2");
    assert_eq!(format!("{:.1}", y2025[1].value), "18.2");
    assert_eq!(format!("{:.2}", y2025[3].value), "0.22");
    // a team in every town: 26 of 33
    assert_eq!(format!("{:.1}", all[1].value), "78.8");
    assert!(all[2].value > y2025[2].value && all[3].value > y2025[3].value);
}

#[test]
fn rural_share_of_fires_is_the_plans_43_8_percent() {
    use firecover::engine::Workspace;
    use firecover::model::Model;
    use firecover::montecarlo::simulate_replication;
    let s = scenario("liangping-2020");
    let model = Model::compile(&s).unwrap();
    let rural = s.demand.settings.iter().position(|x| x == "rural").unwrap() as u32;
    let fire = s
        .incident_types
        .iter()
        .position(|t| t.name == "fire")
        .unwrap() as u16;
    let mut ws = Workspace::new();
    let (mut fires, mut rural_fires) = (0u64, 0u64);
    for rep in 0..300 {
        simulate_replication(&model, 7, rep, &mut ws);
        for a in ws.alarms.iter().filter(|a| a.incident_type == fire) {
            fires += 1;
            rural_fires += u64::from(s.demand.points[a.point as usize].setting == Some(rural));
        }
    }
    let share = rural_fires as f64 / fires as f64;
    let se = (0.438 * 0.562 / fires as f64).sqrt();
    assert!((share - 0.438).abs() < 4.0 * se, "{share:.4} ± {se:.4}");
}

#[test]
fn the_2025_plan_answers_urban_incidents_faster_than_2020() {
    let a = common::run(&scenario("liangping-2020"), 200, 20210101, None);
    let b = common::run(&scenario("liangping-2025-plan"), 200, 20210101, None);
    let ua = &a.by_setting["urban"];
    let ub = &b.by_setting["urban"];
    let (ca, cb) = (ua.response_s.ci95.unwrap(), ub.response_s.ci95.unwrap());
    assert!(cb[1] < ca[0], "2025 {:?} vs 2020 {:?}", cb, ca);
    assert!(ub.within_standard > ua.within_standard);
    // rural incidents are answered by the same teams: no large change
    let (ra, rb) = (&a.by_setting["rural"], &b.by_setting["rural"]);
    assert!((rb.response_s.mean - ra.response_s.mean).abs() < 60.0);
}

#[test]
fn nfpa_scenario_changes_only_the_standard() {
    let plan = scenario("liangping-2025-plan");
    let nfpa = scenario("liangping-2025-plan-nfpa1710");
    assert_eq!(
        (nfpa.standard.turnout_s, nfpa.standard.travel_s),
        (80.0, 240.0)
    );
    assert_eq!(plan.stations.len(), nfpa.stations.len());
    assert_eq!(plan.units.len(), nfpa.units.len());
    assert_eq!(plan.simulation.seed, nfpa.simulation.seed);
}

#[test]
fn a_station_can_stand_at_a_township_named_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("named.toml");
    let base = common::repo("scenarios/liangping-2020.toml");
    let station = |id: &str, at: &str| {
        format!(
            "[[stations_add]]\nid = \"{id}\"\nat = \"{at}\"\nunits = [ {{ kind = \"engine\", count = 1 }} ]\n"
        )
    };
    std::fs::write(
        &file,
        format!(
            "extends = \"{}\"\n{}{}",
            base.display(),
            station("by_full_name", "礼让镇"),
            station("by_short_name", "七星")
        ),
    )
    .unwrap();
    let s = common::load(&file);
    let node_of = |id: &str| {
        let st = s.stations.iter().find(|st| st.id == id).unwrap();
        s.network.nodes()[st.node.index()].id.clone()
    };
    assert_eq!(node_of("by_full_name"), "lirang");
    assert_eq!(node_of("by_short_name"), "qixing");
    // a name that is no township is still an unknown node
    std::fs::write(
        &file,
        format!(
            "extends = \"{}\"\n{}",
            base.display(),
            station("nowhere", "不存在镇")
        ),
    )
    .unwrap();
    let out = common::firecover(["validate", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown node `不存在镇`"));
}

#[test]
fn seat_to_seat_road_distances_are_calibrated_on_the_measured_network() {
    // scenarios/liangping/seat_road_km.csv: 528 seat pairs measured on a
    // real road network; the 435 pairs of the 30 seats with known positions
    // carry the targets
    let c = liangping().calibration().unwrap();
    assert_eq!(c.pairs.len(), 528);
    for p in &c.pairs {
        assert!(
            p.graph_km.is_finite() && p.graph_km > 0.0,
            "{}–{}: no road on the graph",
            p.from,
            p.to
        );
    }
    let known = c.summary(true);
    assert_eq!(known.pairs, 435);
    let report = format!(
        "graph ÷ measured over {} pairs: median {:.3}, p10 {:.3}, p90 {:.3}, min {:.2}, max {:.2}",
        known.pairs, known.median, known.p10, known.p90, known.min, known.max
    );
    assert!((0.95..=1.05).contains(&known.median), "{report}");
    assert!(known.p10 >= 0.85, "{report}");
    assert!(known.p90 <= 1.15, "{report}");
}

#[test]
fn the_schematic_note_states_the_calibration_the_graph_has() {
    let c = liangping().calibration().unwrap().summary(true);
    let stated = format!(
        "over the {} pairs of known seats, median {:.2}, p10 {:.2}, p90 {:.2}",
        c.pairs, c.median, c.p10, c.p90
    );
    let note = firecover::network::SCHEMATIC_NOTE;
    assert!(
        note.contains(&stated),
        "the note should say `{stated}`: {note}"
    );
    // and the committed roads carry that note
    assert!(liangping().roads.contains(note));
}

/// `scenarios/liangping-2020-osm.toml` over the synthetic OpenStreetMap
/// extract of the tests (a 100 m street grid over the city of Liangping),
/// with `max_snap_m` as given.
fn on_the_synthetic_extract(dir: &std::path::Path, max_snap_m: f64) -> std::path::PathBuf {
    let file = dir.join(format!("osm-{max_snap_m}.toml"));
    let text = format!(
        "extends = {:?}\n[network]\nfile = {:?}\nmax_snap_m = {max_snap_m}\n",
        common::repo("scenarios/liangping-2020-osm.toml"),
        common::repo("tests/fixtures/osm/city100k.osm.pbf"),
    );
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn builtin_places_and_seat_stations_snap_to_another_network_by_coordinates() {
    let dir = tempfile::tempdir().unwrap();
    // far enough for the whole district to reach the city's grid
    let s = common::load(&on_the_synthetic_extract(dir.path(), 40_000.0));
    let places = liangping().places().unwrap();
    assert_eq!(s.demand.points.len(), places.len());
    let snapped = s.demand.snapped.as_ref().expect("places were snapped");
    assert_eq!(
        (snapped.builtin.as_str(), snapped.places),
        ("liangping", places.len())
    );
    let mut furthest = 0.0f64;
    for (point, place) in s.demand.points.iter().zip(&places) {
        let node = &s.network.nodes()[point.node.index()];
        let at = firecover::network::Node {
            id: String::new(),
            lon: place.lon,
            lat: place.lat,
        };
        let d = at.distance_m(node);
        furthest = furthest.max(d);
        // the nearest node: no node of the network is closer
        let (nearest, nd) = s.network.nearest_node(place.lon, place.lat).unwrap();
        assert_eq!(nearest, point.node, "{}", place.node);
        assert!((nd - d).abs() < 1e-6);
        if place.setting == "urban" {
            // town places lie on the 100 m grid of the extract
            assert!(d <= 100.0, "{} {} m from the grid", place.node, d.round());
        }
        assert_eq!(s.demand.zones[point.zone.index()], place.zone);
    }
    assert!((snapped.max_m - furthest).abs() < 1e-6);
    // the township teams, named by their seats, snap too
    let yunlong = s.stations.iter().find(|t| t.id == "yunlong").unwrap();
    assert!(yunlong.snap_m.is_some_and(|d| d > 1000.0));
    let out = common::firecover([
        std::ffi::OsStr::new("run"),
        on_the_synthetic_extract(dir.path(), 40_000.0).as_os_str(),
        std::ffi::OsStr::new("--replications"),
        std::ffi::OsStr::new("4"),
    ]);
    let text = common::succeeded(&out);
    assert!(
        text.contains("Demand places of builtin `liangping` snapped to this network"),
        "{text}"
    );
}

#[test]
fn places_beyond_max_snap_m_are_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::firecover([
        std::ffi::OsStr::new("validate"),
        on_the_synthetic_extract(dir.path(), 1500.0).as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // the grid covers the city, not the countryside: rural places and the
    // township teams are too far, each named
    assert!(
        stderr.contains(
            "of the 496 builtin demand places are more than [network] max_snap_m = 1500 m"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("回龙镇 v2_4"), "{stderr}");
    assert!(stderr.contains("stations[1].at"), "{stderr}");
    assert!(
        !stderr.contains("stations[0].at"),
        "the urban station is on the grid: {stderr}"
    );
}

/// A synthetic road file laid over the whole district: a `tertiary` grid
/// about 1 km apart over the outline's bounding box, as GeoJSON.
fn district_grid(dir: &std::path::Path) -> std::path::PathBuf {
    let (lon0, lat0, lon1, lat1): (f64, f64, f64, f64) = (107.40, 30.44, 108.10, 30.90);
    let (dlon, dlat): (f64, f64) = (0.0104, 0.0090);
    let (ni, nj) = (
        ((lon1 - lon0) / dlon).ceil() as i64,
        ((lat1 - lat0) / dlat).ceil() as i64,
    );
    let mut features = Vec::new();
    let at = |i: i64, j: i64| (lon0 + i as f64 * dlon, lat0 + j as f64 * dlat);
    for j in 0..=nj {
        for i in 0..=ni {
            for (di, dj) in [(1, 0), (0, 1)] {
                if i + di > ni || j + dj > nj {
                    continue;
                }
                let (a, b) = (at(i, j), at(i + di, j + dj));
                features.push(format!(
                    r#"{{"type":"Feature","geometry":{{"type":"LineString","coordinates":[[{:.6},{:.6}],[{:.6},{:.6}]]}},"properties":{{"from":"g{i}_{j}","to":"g{}_{}","class":"tertiary"}}}}"#,
                    a.0, a.1, b.0, b.1, i + di, j + dj
                ));
            }
        }
    }
    let file = dir.join("district-grid.geojson");
    std::fs::write(
        &file,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",\n")
        ),
    )
    .unwrap();
    file
}

#[test]
fn on_a_network_over_the_whole_district_every_place_lands_within_max_snap_m() {
    let dir = tempfile::tempdir().unwrap();
    let grid = district_grid(dir.path());
    let file = dir.path().join("grid.toml");
    // the scenario's own max_snap_m (1,500 m)
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\n[network]\nfile = {:?}\n",
            common::repo("scenarios/liangping-2020-osm.toml"),
            grid
        ),
    )
    .unwrap();
    let s = common::load(&file);
    let snapped = s.demand.snapped.as_ref().unwrap();
    assert_eq!(snapped.places, liangping().places().unwrap().len());
    // a 1 km grid: no place is more than half a diagonal from a node
    assert!(snapped.max_m <= 750.0, "{snapped:?}");
    assert!(
        s.stations
            .iter()
            .all(|t| t.snap_m.is_some_and(|d| d <= 750.0))
    );
    // the same alarms, on either network: the replayed counts do not move
    let builtin = scenario("liangping-2020");
    let (a, b) = (
        common::run(&builtin, 3, 5, Some(1)),
        common::run(&s, 3, 5, Some(1)),
    );
    assert_eq!(a.incidents, b.incidents);
    assert_eq!(b.unreachable, 0.0);
}

#[test]
fn records_naming_a_township_seat_snap_to_another_network_too() {
    let dir = tempfile::tempdir().unwrap();
    let grid = district_grid(dir.path());
    std::fs::write(
        dir.path().join("alarms.csv"),
        "id,time,type,lon,lat,place\n\
         a,2019-03-04T21:17:05+08:00,fire,,,云龙镇\n\
         b,2019-03-05T08:00:00+08:00,rescue,107.7956,30.6747,\n",
    )
    .unwrap();
    let file = dir.path().join("records.toml");
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\nunset = [\"demand.years\", \"demand.setting_share\"]\n[network]\nfile = {:?}\n[demand]\nmode = \"records\"\nrecords = \"alarms.csv\"\n",
            common::repo("scenarios/liangping-2020-osm.toml"),
            grid
        ),
    )
    .unwrap();
    let s = common::load(&file);
    assert_eq!(s.demand.points.len(), 2);
    // the 云龙 record stands on the grid node nearest the seat, in 云龙's zone
    let seat = liangping()
        .township_table()
        .unwrap()
        .into_iter()
        .find(|t| t.id == "yunlong")
        .unwrap();
    let (nearest, _) = s.network.nearest_node(seat.lon, seat.lat).unwrap();
    let first = s
        .demand
        .points
        .iter()
        .find(|p| p.node == nearest)
        .expect("a record at the seat's node");
    assert_eq!(s.demand.zones[first.zone.index()], "云龙镇");
}
