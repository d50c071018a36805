//! `[network]`: the road graph from a builtin district, a file or inline nodes and edges, its speeds, speed windows and travel-time noise, and its connectivity.

use super::*;

/// A builtin district's error, from the catalogue where it is the user's.
pub(super) fn builtin_said(e: &builtin::BuiltinError) -> Said {
    match e {
        builtin::BuiltinError::Unknown(name, known) => {
            said!("check-unknown-builtin", name = name, known = known).into()
        }
        other => other.to_string().into(),
    }
}

/// Road classes of `file` that have no fire-vehicle speed.
pub(super) fn missing_speeds<S: std::fmt::Display>(
    classes: impl IntoIterator<Item = S>,
    file: &str,
) -> crate::scenario::Catalogued {
    let classes: Vec<String> = classes.into_iter().map(|c| format!("`{c}`")).collect();
    said!(
        "check-missing-speeds",
        classes = classes.join(", "),
        file = file
    )
}

pub(super) fn network(raw: &RawNetwork, doc: &Document, p: &mut Problems) -> Option<Network> {
    if let Some(s) = raw.default_speed_kmh {
        p.number("network.default_speed_kmh", s, 0.0, true);
    }
    for (class, speed) in &raw.speeds {
        p.number(&join_key("network.speeds", class), *speed, 0.0, true);
    }
    let circuity = raw.circuity.unwrap_or(1.0);
    if raw.circuity.is_some() {
        // a road cannot be shorter than the straight line
        p.number("network.circuity", circuity, 1.0, false);
    }
    let mut graph = GraphParts::default();
    match (&raw.builtin, &raw.file) {
        (Some(_), Some(_)) => p.error("network.file", said!("check-builtin-or-file")),
        (Some(name), None) => builtin_roads(name, raw, doc, &mut graph, p),
        (None, Some(file)) => file_roads(file, raw, doc, &mut graph, p),
        (None, None) => {}
    }
    if graph.nodes.is_empty() && raw.nodes.is_empty() {
        p.error("network", said!("check-network-empty"));
        return None;
    }
    let mut coordinates_ok = true;
    for (i, n) in raw.nodes.iter().enumerate() {
        let path = join_index("network.nodes", i);
        if let Some(&first) = graph.by_id.get(&n.id) {
            let origin = if first < graph.builtin_nodes {
                "the builtin network".to_string()
            } else {
                format!("network.nodes[{}]", first - graph.builtin_nodes)
            };
            p.error(
                join_key(&path, "id"),
                said!("check-duplicate-node", node = n.id, first = origin),
            );
        } else {
            graph.by_id.insert(n.id.clone(), graph.nodes.len());
        }
        coordinates_ok &= check_coordinate(&path, n.lon, n.lat, p);
        graph.nodes.push(Node {
            id: n.id.clone(),
            lon: n.lon,
            lat: n.lat,
        });
    }
    for (i, e) in raw.edges.iter().enumerate() {
        let path = join_index("network.edges", i);
        let from = graph.by_id.get(&e.from).copied();
        let to = graph.by_id.get(&e.to).copied();
        if from.is_none() {
            p.error(
                join_key(&path, "from"),
                said!("check-unknown-node", node = e.from),
            );
        }
        if to.is_none() {
            p.error(
                join_key(&path, "to"),
                said!("check-unknown-node", node = e.to),
            );
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let straight = graph.nodes[from].distance_m(&graph.nodes[to]);
        let length_m = match e.length_m {
            Some(l) => {
                p.number(&join_key(&path, "length_m"), l, 0.0, false);
                l
            }
            None => straight * circuity,
        };
        let class_name = e.class.as_deref().unwrap_or(DEFAULT_ROAD_CLASS);
        let time_s = if let Some(t) = e.time_s {
            p.number(&join_key(&path, "time_s"), t, 0.0, false);
            t
        } else if let Some(speed) = e
            .speed_kmh
            .or_else(|| raw.speeds.get(class_name).copied())
            .or(raw.default_speed_kmh)
        {
            if e.speed_kmh.is_some() {
                p.number(&join_key(&path, "speed_kmh"), speed, 0.0, true);
            }
            length_m / (speed / 3.6)
        } else {
            p.error(
                path.clone(),
                said!("check-edge-needs-time", class = class_name),
            );
            continue;
        };
        let Some(class) = graph.class(class_name) else {
            p.error(join_key(&path, "class"), said!("check-too-many-classes"));
            break;
        };
        graph.link(from, to, time_s, length_m, class, e.oneway);
    }
    // an index over invalid coordinates is meaningless; the errors say why
    coordinates_ok
        .then(|| Network::new(graph.nodes, graph.edges, graph.classes).with_note(graph.note))
}

/// Road class of inline edges that name none.
pub(super) const DEFAULT_ROAD_CLASS: &str = "road";

/// Nodes, edges and classes while the network is assembled.
#[derive(Default)]
pub(super) struct GraphParts {
    nodes: Vec<Node>,
    by_id: HashMap<String, usize>,
    edges: Vec<Edge>,
    classes: Vec<String>,
    class_index: HashMap<String, u16>,
    builtin_nodes: usize,
    note: Option<String>,
}

impl GraphParts {
    /// The index of road class `name`, added if new; `None` past the
    /// 65,536 classes a link can name (they used to merge silently).
    fn class(&mut self, name: &str) -> Option<u16> {
        if let Some(&i) = self.class_index.get(name) {
            return Some(i);
        }
        let i = u16::try_from(self.classes.len()).ok()?;
        self.classes.push(name.to_string());
        self.class_index.insert(name.to_string(), i);
        Some(i)
    }

    fn link(
        &mut self,
        from: usize,
        to: usize,
        time_s: f64,
        length_m: f64,
        class: u16,
        oneway: bool,
    ) {
        let (from, to) = (NodeId::from_index(from), NodeId::from_index(to));
        self.edges.push(Edge {
            from,
            to,
            time_s,
            length_m,
            class,
        });
        if !oneway {
            self.edges.push(Edge {
                from: to,
                to: from,
                time_s,
                length_m,
                class,
            });
        }
    }
}

/// Adds a road graph file (`.fcnet`, `.osm.pbf`, GeoJSON), timed by
/// `[network.speeds]`, then the OSM defaults, then `default_speed_kmh`.
pub(super) fn file_roads(
    file: &str,
    raw: &RawNetwork,
    doc: &Document,
    graph: &mut GraphParts,
    p: &mut Problems,
) {
    use crate::network::{fcnet, osm};
    let base = doc
        .locate("network.file")
        .and_then(|(f, _)| f.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_default();
    let path = base.join(file);
    let lower = file.to_ascii_lowercase();
    let road_graph: Result<_, Said> = if lower.ends_with(".fcnet") {
        fcnet::load(&path).map_err(|e| e.said())
    } else if lower.ends_with(".pbf") {
        osm::import(&path, &osm::Clip::None, &|_, _| {})
            .map(|(g, _)| g)
            .map_err(|e| e.said())
    } else if lower.ends_with(".geojson") || lower.ends_with(".json") {
        let data = crate::input::read_text(&path, crate::input::Limit::Geodata)
            .map_err(|e| e.said())
            .and_then(|text| {
                read_roads(&text).map_err(|e| e.said(&path.display().to_string()).into())
            });
        match data {
            Ok(d) => {
                add_links(d, raw, file, graph, p);
                graph
                    .note
                    .get_or_insert_with(|| format!("road graph from {file}"));
            }
            Err(e) => p.error("network.file", e),
        }
        return;
    } else {
        Err(said!("check-road-file-type", file = file).into())
    };
    let road_graph = match road_graph {
        Ok(g) => g,
        Err(e) => return p.error("network.file", e),
    };
    let speed_of = |class: &str| {
        raw.speeds
            .get(class)
            .copied()
            .or_else(|| osm::default_speed(class))
            .or(raw.default_speed_kmh)
    };
    match road_graph.parts(&speed_of) {
        Ok((nodes, edges)) => {
            for (i, n) in nodes.iter().enumerate() {
                graph.by_id.insert(n.id.clone(), i);
            }
            graph.nodes = nodes;
            graph.builtin_nodes = graph.nodes.len();
            graph.edges = edges;
            graph.classes = road_graph.classes.clone();
            graph.class_index = (graph.classes.iter().enumerate())
                .filter_map(|(i, c)| Some((c.clone(), u16::try_from(i).ok()?)))
                .collect();
            graph.note = Some(format!("road graph from {}", road_graph.source));
        }
        Err(missing) => p.error("network.speeds", missing_speeds(&missing, file)),
    }
}

/// Adds a builtin district's road graph, timed by `[network.speeds]`.
pub(super) fn builtin_roads(
    name: &str,
    raw: &RawNetwork,
    doc: &Document,
    graph: &mut GraphParts,
    p: &mut Problems,
) {
    let data = match doc.builtin(name) {
        Err(e) => return p.error("network.builtin", builtin_said(&e)),
        Ok(b) => match read_roads(&b.roads) {
            Ok(d) => d,
            Err(e) => {
                // roads a sweep generated from varied keys were never a file
                let file = match b.roads {
                    std::borrow::Cow::Borrowed(_) => format!("{}/roads.geojson", b.folder),
                    std::borrow::Cow::Owned(_) => {
                        format!("{}/generator.toml → roads.geojson", b.folder)
                    }
                };
                return p.error("network.builtin", e.said(&file));
            }
        },
    };
    add_links(data, raw, &format!("builtin `{name}`"), graph, p);
}

/// Adds GeoJSON road data timed by `[network.speeds]`, the OSM class
/// defaults, or `default_speed_kmh`, capped by each link's `maxspeed_kmh`.
pub(super) fn add_links(
    data: crate::network::geojson::RoadData,
    raw: &RawNetwork,
    source: &str,
    graph: &mut GraphParts,
    p: &mut Problems,
) {
    for (i, n) in data.nodes.iter().enumerate() {
        graph.by_id.insert(n.id.clone(), i);
    }
    graph.nodes = data.nodes;
    graph.builtin_nodes = graph.nodes.len();
    graph.note = data.note;
    let mut missing: Vec<&str> = Vec::new();
    for link in &data.links {
        let Some(speed) = raw
            .speeds
            .get(&link.class)
            .copied()
            .or_else(|| crate::network::osm::default_speed(&link.class))
            .or(raw.default_speed_kmh)
        else {
            if !missing.contains(&link.class.as_str()) {
                missing.push(&link.class);
            }
            continue;
        };
        let Some(class) = graph.class(&link.class) else {
            p.error(
                "network.file",
                format!(
                    "{source}: {}",
                    said!("check-too-many-classes").render(crate::i18n::Lang::En)
                ),
            );
            break;
        };
        let speed = link.maxspeed_kmh.map_or(speed, |m| speed.min(m));
        let time_s = link.length_m / (speed / 3.6);
        graph.link(
            link.from,
            link.to,
            time_s,
            link.length_m,
            class,
            link.oneway,
        );
    }
    if !missing.is_empty() {
        p.error("network.speeds", missing_speeds(&missing, source));
    }
}

/// Checks a WGS84 coordinate; true when valid.
pub(super) fn check_coordinate(path: &str, lon: f64, lat: f64, p: &mut Problems) -> bool {
    let lon_ok = lon.is_finite() && (-180.0..=180.0).contains(&lon);
    let lat_ok = lat.is_finite() && (-90.0..=90.0).contains(&lat);
    if !lon_ok {
        p.error(join_key(path, "lon"), said!("check-longitude", value = lon));
    }
    if !lat_ok {
        p.error(join_key(path, "lat"), said!("check-latitude", value = lat));
    }
    lon_ok && lat_ok
}

/// The ids of `network` nearest in spelling to `id` (edit distance at most
/// a third of its length), closest first.
pub(super) fn similar_node_ids(network: &Network, id: &str) -> Vec<String> {
    let limit = (id.chars().count() / 3).max(1);
    let mut found: Vec<(usize, &str)> = network
        .nodes()
        .iter()
        .filter_map(|n| {
            let d = strsim::levenshtein(id, &n.id);
            (d <= limit).then_some((d, n.id.as_str()))
        })
        .collect();
    found.sort_unstable();
    found
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, s)| format!("`{s}`"))
        .collect()
}

/// `[simulation] travel_cv_by_class`: known classes, each cv like
/// `travel_cv`; per class of the network, the rest at `travel_cv` (or
/// `"*"`); empty without the table.
pub(super) fn travel_cv_by_class(
    raw: &RawSimulation,
    network: &Network,
    overall: f64,
    p: &mut Problems,
) -> Vec<f64> {
    if raw.travel_cv_by_class.is_empty() {
        return Vec::new();
    }
    let classes = network.classes();
    let every = raw.travel_cv_by_class.get("*").copied().unwrap_or(overall);
    let mut out = vec![every; classes.len()];
    for (class, cv) in &raw.travel_cv_by_class {
        let path = join_key("simulation.travel_cv_by_class", class);
        if coefficient_of_variation(&path, *cv, p) != *cv {
            continue;
        }
        if class == "*" {
            continue;
        }
        match classes.iter().position(|k| k == class) {
            Some(c) => out[c] = *cv,
            None => p.error(
                &path,
                said!(
                    "check-window-class",
                    class = class,
                    classes = classes.join(", ")
                ),
            ),
        }
    }
    out
}

/// `[[network.speed_windows]]`: hours in range and not overlapping, factors
/// of known classes, positive and at most 2.
pub(super) fn speed_windows(
    raw: &RawNetwork,
    network: &Network,
    p: &mut Problems,
) -> Vec<SpeedWindow> {
    let classes = network.classes();
    let mut out: Vec<(usize, SpeedWindow)> = Vec::new();
    for (i, w) in raw.speed_windows.iter().enumerate() {
        let path = join_index("network.speed_windows", i);
        let (from, to) = (w.from_hour, w.to_hour);
        if !(0..24).contains(&from) || !(1..=24).contains(&to) || to <= from {
            p.error(&path, said!("check-window-hours", from = from, to = to));
            continue;
        }
        let mut factor_by_class = vec![f64::NAN; classes.len()];
        let mut every = 1.0;
        let mut ok = true;
        for (class, f) in &w.factors {
            let fpath = join_key(&join_key(&path, "factors"), class);
            if !p.number(&fpath, *f, 0.0, true) {
                ok = false;
                continue;
            }
            if *f > 2.0 {
                p.error(&fpath, said!("check-window-factor-max", value = show(*f)));
                ok = false;
                continue;
            }
            if class == "*" {
                every = *f;
            } else if let Some(c) = classes.iter().position(|k| k == class) {
                factor_by_class[c] = *f;
            } else {
                p.error(
                    &fpath,
                    said!(
                        "check-window-class",
                        class = class,
                        classes = classes.join(", ")
                    ),
                );
                ok = false;
            }
        }
        for f in &mut factor_by_class {
            if f.is_nan() {
                *f = every;
            }
        }
        if let Some((j, other)) = out
            .iter()
            .find(|(_, o)| (from as u32) < o.to_hour && o.from_hour < to as u32)
        {
            p.error(
                &path,
                said!(
                    "check-window-overlap",
                    from = from,
                    to = to,
                    other = j,
                    other_from = other.from_hour,
                    other_to = other.to_hour
                ),
            );
            continue;
        }
        if ok {
            out.push((
                i,
                SpeedWindow {
                    from_hour: from as u32,
                    to_hour: to as u32,
                    factor_by_class,
                },
            ));
        }
    }
    let mut windows: Vec<SpeedWindow> = out.into_iter().map(|(_, w)| w).collect();
    windows.sort_by_key(|w| w.from_hour);
    windows
}

/// Warns about stations and demand points outside the main strongly
/// connected part of the road network: their incidents become unreachable.
pub(super) fn check_connectivity(
    network: &Network,
    stations: &[Station],
    demand: &Option<Demand>,
    raw: &RawScenario,
    p: &mut Problems,
) {
    if p.has_errors() {
        return;
    }
    let (component, main) = network.strong_components();
    let main_size = component.iter().filter(|&&c| c == main).count();
    for (i, s) in stations.iter().enumerate() {
        if component[s.node.index()] != main {
            p.warn(
                join_key(&join_index("stations", i), "at"),
                said!(
                    "check-station-cut-off",
                    station = s.id,
                    node = network.nodes()[s.node.index()].id,
                    size = main_size
                ),
            );
        }
    }
    let Some(demand) = demand else { return };
    for (i, pt) in demand.points.iter().enumerate() {
        if component[pt.node.index()] != main {
            let station_in_same_part = stations
                .iter()
                .any(|s| component[s.node.index()] == component[pt.node.index()]);
            let answered = if station_in_same_part { "part" } else { "none" };
            let at = network.nodes()[pt.node.index()].id.clone();
            let path = match raw.demand.points.get(i) {
                Some(_) => join_key(&join_index("demand.points", i), "at"),
                None => "demand.builtin".to_string(),
            };
            p.warn(
                path,
                said!("check-place-cut-off", node = at, answered = answered),
            );
        }
    }
}
