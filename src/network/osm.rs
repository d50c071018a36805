//! OpenStreetMap import: an `.osm.pbf` extract to a [`RoadGraph`].
//!
//! Two streaming passes over the file (blobs decoded in parallel by
//! `osmpbf`): the first keeps the ways a fire engine may drive and the ids of
//! their nodes, the second the coordinates of those nodes only. Ways are then
//! clipped (a bounding box or a polygon), cut at every node shared by two
//! ways or ending one — so chains of degree-2 nodes become a single link that
//! keeps their length and drawing geometry — and the largest strongly
//! connected component is kept.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use geo::{Contains, Distance, Haversine, Point, Polygon};
use osmpbf::{Element, ElementReader};
use petgraph::graph::DiGraph;

use super::road_graph::{RoadGraph, RoadLink};

/// Highway classes a fire engine drives on, with the default fire-vehicle
/// speed (km/h) used when a scenario's `[network.speeds]` names none.
///
/// ASSUMPTIONS, documented in README: cruising speeds of a loaded engine
/// under lights, below car speeds on fast roads and near them in town, in the
/// range of the RAND fire-engine travel model (Kolesar 1975: about 35–45
/// mph once up to speed). A tagged `maxspeed` caps them.
pub const DEFAULT_SPEEDS_KMH: [(&str, f64); 15] = [
    ("motorway", 90.0),
    ("motorway_link", 45.0),
    ("trunk", 70.0),
    ("trunk_link", 40.0),
    ("primary", 55.0),
    ("primary_link", 35.0),
    ("secondary", 45.0),
    ("secondary_link", 30.0),
    ("tertiary", 40.0),
    ("tertiary_link", 30.0),
    ("unclassified", 30.0),
    ("residential", 25.0),
    ("living_street", 10.0),
    ("service", 15.0),
    ("road", 25.0),
];

/// The default speed of an OSM highway class.
pub fn default_speed(class: &str) -> Option<f64> {
    DEFAULT_SPEEDS_KMH
        .iter()
        .find(|(c, _)| *c == class)
        .map(|(_, s)| *s)
}

/// Where to cut the extract.
#[derive(Clone, Debug)]
pub enum Clip {
    /// Keep everything.
    None,
    /// West, south, east, north, degrees.
    BBox([f64; 4]),
    /// A polygon in lon/lat.
    Polygon(Box<Polygon<f64>>),
}

impl Clip {
    fn contains(&self, lon: f64, lat: f64) -> bool {
        match self {
            Clip::None => true,
            Clip::BBox([w, s, e, n]) => (*w..=*e).contains(&lon) && (*s..=*n).contains(&lat),
            Clip::Polygon(p) => p.contains(&Point::new(lon, lat)),
        }
    }
}

/// What an import kept and dropped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    /// OSM nodes in the file.
    pub osm_nodes: u64,
    /// OSM ways in the file.
    pub osm_ways: u64,
    /// Ways kept as drivable.
    pub drivable_ways: u64,
    /// Ways with a highway tag left out (class not drivable, access, area).
    pub excluded_highways: u64,
    /// Way references to nodes the extract does not contain.
    pub missing_nodes: u64,
    /// Way pieces left after clipping.
    pub clipped_pieces: u64,
    /// Graph nodes and links before the connectivity filter.
    pub nodes_before_scc: usize,
    /// Links before the connectivity filter.
    pub links_before_scc: usize,
    /// Strongly connected components found.
    pub components: usize,
    /// Nodes dropped outside the largest component.
    pub dropped_nodes: usize,
    /// Links dropped outside the largest component.
    pub dropped_links: usize,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Not a readable OSM PBF file (wrong format, truncated, corrupt).
    #[error("{path}: not a readable OpenStreetMap PBF file: {why}")]
    Pbf {
        /// The file.
        path: String,
        /// The decoder's message.
        why: String,
    },
    /// Nothing drivable inside the clip.
    #[error("{0}: no drivable road inside the clip area")]
    Empty(String),
}

/// A drivable way from pass 1.
#[derive(Clone, Debug)]
struct WayInfo {
    id: i64,
    class: u16,
    /// +1 forward only, -1 backward only, 0 both.
    oneway: i8,
    maxspeed_kmh: u16,
    refs: Vec<i64>,
}

#[derive(Default)]
struct Pass1 {
    ways: Vec<WayInfo>,
    nodes: u64,
    all_ways: u64,
    excluded: u64,
}

impl Pass1 {
    fn merge(mut self, mut other: Pass1) -> Pass1 {
        self.ways.append(&mut other.ways);
        self.nodes += other.nodes;
        self.all_ways += other.all_ways;
        self.excluded += other.excluded;
        self
    }
}

/// Tags of a way that matter, read once.
#[derive(Default)]
struct WayTags<'a> {
    highway: Option<&'a str>,
    access: Option<&'a str>,
    motor_vehicle: Option<&'a str>,
    vehicle: Option<&'a str>,
    emergency: Option<&'a str>,
    oneway: Option<&'a str>,
    junction: Option<&'a str>,
    maxspeed: Option<&'a str>,
    area: Option<&'a str>,
    service: Option<&'a str>,
}

/// Decides whether a way is drivable by a fire engine, and how.
fn classify<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Result<(u16, i8, u16), bool> {
    let mut t = WayTags::default();
    for (k, v) in tags {
        match k {
            "highway" => t.highway = Some(v),
            "access" => t.access = Some(v),
            "motor_vehicle" => t.motor_vehicle = Some(v),
            "vehicle" => t.vehicle = Some(v),
            "emergency" => t.emergency = Some(v),
            "oneway" => t.oneway = Some(v),
            "junction" => t.junction = Some(v),
            "maxspeed" => t.maxspeed = Some(v),
            "area" => t.area = Some(v),
            "service" => t.service = Some(v),
            _ => {}
        }
    }
    // Err(true): a highway left out; Err(false): not a highway at all
    let Some(highway) = t.highway else {
        return Err(false);
    };
    let Some(class) = DEFAULT_SPEEDS_KMH.iter().position(|(c, _)| *c == highway) else {
        return Err(true);
    };
    let closed = |v: Option<&str>| matches!(v, Some("no" | "private"));
    let emergency_ok = matches!(t.emergency, Some("yes" | "designated"));
    let blocked = closed(t.access) || closed(t.vehicle) || closed(t.motor_vehicle);
    if (blocked && !emergency_ok)
        || t.area == Some("yes")
        || matches!(t.service, Some("parking_aisle"))
    {
        return Err(true);
    }
    let oneway = match t.oneway {
        Some("yes" | "true" | "1") => 1,
        Some("-1" | "reverse") => -1,
        Some("no" | "false" | "0") => 0,
        _ if matches!(t.junction, Some("roundabout" | "circular")) => 1,
        _ if matches!(highway, "motorway" | "motorway_link") => 1,
        _ => 0,
    };
    let maxspeed = t
        .maxspeed
        .and_then(parse_maxspeed)
        .map_or(0, |v| v.round().clamp(1.0, 300.0) as u16);
    Ok((class as u16, oneway, maxspeed))
}

/// A `maxspeed` value in km/h: `50`, `50 km/h`, `30 mph`; `None` for
/// `none`, `walk`, zone codes (`DE:urban`) and anything unreadable.
pub fn parse_maxspeed(v: &str) -> Option<f64> {
    let v = v.trim();
    let (number, factor) = if let Some(n) = v.strip_suffix("mph") {
        (n.trim(), 1.609_344)
    } else if let Some(n) = v
        .strip_suffix("km/h")
        .or_else(|| v.strip_suffix("kmh"))
        .or_else(|| v.strip_suffix("kph"))
    {
        (n.trim(), 1.0)
    } else {
        (v, 1.0)
    };
    let n: f64 = number.parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n * factor)
}

/// Counts bytes read, for progress.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open(
    path: &Path,
    read: &Arc<AtomicU64>,
) -> Result<ElementReader<BufReader<Counting<File>>>, ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(ElementReader::new(BufReader::with_capacity(
        1 << 20,
        Counting {
            inner: file,
            read: Arc::clone(read),
        },
    )))
}

/// Imports an extract. `progress(done, total)` is called with bytes read
/// over both passes, from worker threads.
pub fn import(
    path: &Path,
    clip: &Clip,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(RoadGraph, ImportReport), ImportError> {
    let name = path.display().to_string();
    let pbf = |e: osmpbf::Error| ImportError::Pbf {
        path: name.clone(),
        why: e.to_string(),
    };
    let size = std::fs::metadata(path)
        .map_err(|source| ImportError::Io {
            path: name.clone(),
            source,
        })?
        .len();
    let read = Arc::new(AtomicU64::new(0));
    let tick = |base: u64| {
        let read = Arc::clone(&read);
        move || progress(base + read.load(Ordering::Relaxed), 2 * size)
    };

    // pass 1: drivable ways
    let report1 = tick(0);
    let pass1 = open(path, &read)?
        .par_map_reduce(
            |element| {
                let mut p = Pass1::default();
                match element {
                    Element::Way(w) => {
                        p.all_ways = 1;
                        match classify(w.tags()) {
                            Ok((class, oneway, maxspeed_kmh)) => p.ways.push(WayInfo {
                                id: w.id(),
                                class,
                                oneway,
                                maxspeed_kmh,
                                refs: w.refs().collect(),
                            }),
                            Err(true) => p.excluded = 1,
                            Err(false) => {}
                        }
                    }
                    Element::Node(_) | Element::DenseNode(_) => p.nodes = 1,
                    Element::Relation(_) => {}
                }
                p
            },
            Pass1::default,
            |a, b| {
                report1();
                a.merge(b)
            },
        )
        .map_err(pbf)?;
    let mut ways = pass1.ways;
    ways.sort_unstable_by_key(|w| w.id);
    let mut needed: Vec<i64> = ways.iter().flat_map(|w| w.refs.iter().copied()).collect();
    needed.sort_unstable();
    needed.dedup();

    // pass 2: coordinates of the nodes those ways use
    read.store(0, Ordering::Relaxed);
    let report2 = tick(size);
    let found: Vec<(u32, i32, i32)> = open(path, &read)?
        .par_map_reduce(
            |element| {
                let (id, lon, lat) = match element {
                    Element::DenseNode(n) => (n.id(), n.decimicro_lon(), n.decimicro_lat()),
                    Element::Node(n) => (n.id(), n.decimicro_lon(), n.decimicro_lat()),
                    _ => return Vec::new(),
                };
                match needed.binary_search(&id) {
                    Ok(i) => vec![(i as u32, lon, lat)],
                    Err(_) => Vec::new(),
                }
            },
            Vec::new,
            |mut a, mut b| {
                report2();
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                a.append(&mut b);
                a
            },
        )
        .map_err(pbf)?;
    const ABSENT: i32 = i32::MIN;
    let mut lon = vec![ABSENT; needed.len()];
    let mut lat = vec![ABSENT; needed.len()];
    for (i, x, y) in found {
        lon[i as usize] = x;
        lat[i as usize] = y;
    }
    let mut report = ImportReport {
        osm_nodes: pass1.nodes,
        osm_ways: pass1.all_ways,
        drivable_ways: ways.len() as u64,
        excluded_highways: pass1.excluded,
        ..ImportReport::default()
    };
    let index_of = |id: i64| needed.binary_search(&id).unwrap_or(usize::MAX);
    let inside: Vec<bool> = (0..needed.len())
        .map(|i| {
            lon[i] != ABSENT && clip.contains(f64::from(lon[i]) / 1e7, f64::from(lat[i]) / 1e7)
        })
        .collect();

    // clip: runs of consecutive usable nodes, as needed-indices
    let mut pieces: Vec<(usize, Vec<usize>)> = Vec::new();
    for (w, way) in ways.iter().enumerate() {
        let mut run: Vec<usize> = Vec::new();
        for &r in &way.refs {
            let i = index_of(r);
            if lon[i] == ABSENT {
                report.missing_nodes += 1;
            }
            if inside[i] {
                run.push(i);
            } else if !run.is_empty() {
                pieces.push((w, std::mem::take(&mut run)));
            }
        }
        if !run.is_empty() {
            pieces.push((w, run));
        }
    }
    pieces.retain(|(_, run)| run.len() >= 2);
    report.clipped_pieces = pieces.len() as u64;

    // graph nodes: piece ends and nodes used more than once
    let mut uses = vec![0u8; needed.len()];
    for (_, run) in &pieces {
        for &i in run {
            uses[i] = uses[i].saturating_add(1);
        }
        for end in [run[0], run[run.len() - 1]] {
            uses[end] = uses[end].saturating_add(2);
        }
    }
    let mut graph_index = vec![u32::MAX; needed.len()];
    let mut node_of: Vec<usize> = Vec::new();
    for (i, &u) in uses.iter().enumerate() {
        if u >= 2 {
            graph_index[i] = node_of.len() as u32;
            node_of.push(i);
        }
    }
    let point = |i: usize| Point::new(f64::from(lon[i]) / 1e7, f64::from(lat[i]) / 1e7);
    let mut links: Vec<RoadLink> = Vec::new();
    let mut shapes: Vec<Vec<[i32; 2]>> = Vec::new();
    for (w, run) in &pieces {
        let way = &ways[*w];
        let mut start = run[0];
        let mut length = 0.0;
        let mut shape = Vec::new();
        for pair in run.windows(2) {
            length += Haversine.distance(point(pair[0]), point(pair[1]));
            let next = pair[1];
            if graph_index[next] == u32::MAX {
                shape.push([lon[next], lat[next]]);
                continue;
            }
            if next != start || !shape.is_empty() {
                let (mut from, mut to) = (graph_index[start], graph_index[next]);
                let mut s = std::mem::take(&mut shape);
                if way.oneway < 0 {
                    std::mem::swap(&mut from, &mut to);
                    s.reverse();
                }
                if from != to {
                    links.push(RoadLink {
                        from,
                        to,
                        class: way.class,
                        length_m: length as f32,
                        maxspeed_kmh: way.maxspeed_kmh,
                        oneway: way.oneway != 0,
                    });
                    shapes.push(s);
                }
            }
            shape.clear();
            start = next;
            length = 0.0;
        }
    }
    report.nodes_before_scc = node_of.len();
    report.links_before_scc = links.len();
    if links.is_empty() {
        return Err(ImportError::Empty(name));
    }

    // keep the largest strongly connected component
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(node_of.len(), links.len() * 2);
    for _ in 0..node_of.len() {
        g.add_node(());
    }
    for l in &links {
        g.add_edge(l.from.into(), l.to.into(), ());
        if !l.oneway {
            g.add_edge(l.to.into(), l.from.into(), ());
        }
    }
    let components = petgraph::algo::tarjan_scc(&g);
    report.components = components.len();
    let largest = components
        .iter()
        .max_by_key(|c| {
            (
                c.len(),
                std::cmp::Reverse(c.iter().map(|n| n.index()).min().unwrap_or(0)),
            )
        })
        .cloned()
        .unwrap_or_default();
    let mut keep = vec![u32::MAX; node_of.len()];
    let mut kept_nodes: Vec<usize> = largest.iter().map(|n| n.index()).collect();
    kept_nodes.sort_unstable();
    for (new, &old) in kept_nodes.iter().enumerate() {
        keep[old] = new as u32;
    }
    let mut graph = RoadGraph {
        source: format!("{} ({})", name, describe_clip(clip)),
        classes: DEFAULT_SPEEDS_KMH
            .iter()
            .map(|(c, _)| (*c).to_string())
            .collect(),
        shape_offsets: vec![0],
        ..RoadGraph::default()
    };
    for &old in &kept_nodes {
        let i = node_of[old];
        graph.node_ids.push(needed[i]);
        graph.lon_e7.push(lon[i]);
        graph.lat_e7.push(lat[i]);
    }
    for (l, shape) in links.iter().zip(shapes) {
        let (from, to) = (keep[l.from as usize], keep[l.to as usize]);
        if from == u32::MAX || to == u32::MAX {
            report.dropped_links += 1;
            continue;
        }
        graph.links.push(RoadLink { from, to, ..*l });
        graph.shape_e7.extend(shape);
        graph.shape_offsets.push(graph.shape_e7.len() as u32);
    }
    report.dropped_nodes = node_of.len() - kept_nodes.len();
    progress(2 * size, 2 * size);
    Ok((graph, report))
}

fn describe_clip(clip: &Clip) -> String {
    match clip {
        Clip::None => "no clip".into(),
        Clip::BBox(b) => format!("bbox {},{},{},{}", b[0], b[1], b[2], b[3]),
        Clip::Polygon(_) => "clipped to a boundary polygon".into(),
    }
}

/// Road kilometres per class of an imported graph (two-way counted once).
pub fn km_by_class(graph: &RoadGraph) -> HashMap<String, f64> {
    let mut out = HashMap::new();
    for l in &graph.links {
        *out.entry(graph.classes[usize::from(l.class)].clone())
            .or_insert(0.0) += f64::from(l.length_m) / 1000.0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maxspeed_units() {
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed("50 km/h"), Some(50.0));
        assert!((parse_maxspeed("30 mph").unwrap() - 48.28).abs() < 0.01);
        assert_eq!(parse_maxspeed("DE:urban"), None);
        assert_eq!(parse_maxspeed("none"), None);
        assert_eq!(parse_maxspeed("-5"), None);
    }

    #[test]
    fn tags_decide_drivability_direction_and_limit() {
        let c = |tags: &[(&'static str, &'static str)]| classify(tags.iter().copied());
        assert_eq!(c(&[("building", "yes")]), Err(false));
        assert_eq!(c(&[("highway", "footway")]), Err(true));
        assert_eq!(
            c(&[("highway", "residential"), ("access", "private")]),
            Err(true)
        );
        assert!(
            c(&[
                ("highway", "residential"),
                ("access", "no"),
                ("emergency", "yes")
            ])
            .is_ok()
        );
        assert_eq!(
            c(&[("highway", "primary"), ("oneway", "-1")]).unwrap().1,
            -1
        );
        assert_eq!(
            c(&[("highway", "primary"), ("junction", "roundabout")])
                .unwrap()
                .1,
            1
        );
        assert_eq!(c(&[("highway", "motorway")]).unwrap().1, 1);
        assert_eq!(
            c(&[("highway", "motorway"), ("oneway", "no")]).unwrap().1,
            0
        );
        assert_eq!(
            c(&[("highway", "tertiary"), ("maxspeed", "20 mph")])
                .unwrap()
                .2,
            32
        );
    }
}
