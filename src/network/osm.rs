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
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use geo::{Contains, Distance, Haversine, Point, Polygon};
use osmpbf::{BlobDecode, BlobReader, PrimitiveBlock};
use rayon::iter::{IntoParallelRefIterator, ParallelBridge, ParallelIterator};

use super::road_graph::{RoadGraph, RoadLink};
use super::scc;

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
    /// Nodes where two ways meet end to end with the same tags, merged away.
    pub contracted_nodes: usize,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a regular file, or unreadable.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
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
    /// OSM XML (or another text format) where a PBF was expected.
    #[error(
        "{0}: this is OpenStreetMap XML, not PBF; convert it with `osmium cat {0} -o extract.osm.pbf`"
    )]
    Xml(String),
    /// Nothing drivable inside the clip.
    #[error("{0}: no drivable road inside the clip area")]
    Empty(String),
    /// Nothing drivable in the whole extract.
    #[error("{0}: the extract holds no drivable road")]
    NoRoads(String),
}

impl ImportError {
    /// The message from the catalogue.
    pub fn said(&self) -> crate::i18n::Said {
        use crate::said;
        match self {
            ImportError::Input(e) => e.said(),
            ImportError::Io { path, source } => {
                crate::input::io_said(std::path::Path::new(path), source).into()
            }
            ImportError::Pbf { path, why } => said!("net-pbf", file = path, why = why).into(),
            ImportError::Xml(path) => said!("net-osm-xml", file = path).into(),
            ImportError::Empty(path) => said!("net-osm-empty", file = path).into(),
            ImportError::NoRoads(path) => said!("net-osm-no-roads", file = path).into(),
        }
    }
}

/// A drivable way: its tags' verdict and where its node indices lie.
#[derive(Clone, Copy, Debug)]
struct WayHeader {
    id: i64,
    class: u16,
    /// +1 forward only, -1 backward only, 0 both.
    oneway: i8,
    maxspeed_kmh: u16,
    start: u64,
    len: u32,
}

/// One way's links, the end offset of each link's shape in `.2`, and the
/// shape points.
type WayLinks = (Vec<RoadLink>, Vec<u32>, Vec<[i32; 2]>);

/// What pass 1 finds in one block.
#[derive(Default)]
struct Pass1Block {
    ways: Vec<WayHeader>,
    refs: Vec<i64>,
    nodes: u64,
    all_ways: u64,
    excluded: u64,
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

/// Whether the file starts as XML does (`<?xml` or `<osm`, after any
/// byte-order mark or white space): OSM XML given for a PBF.
fn looks_like_xml(path: &Path) -> bool {
    use std::io::Read;
    let Ok((file, _)) = crate::input::open_regular(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(64);
    if file.take(64).read_to_end(&mut head).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<?xml") || text.starts_with("<osm")
}

/// Runs `per_block` on every data block of the file, blocks decoded in
/// parallel; the results come in no particular order.
fn each_block<T: Send>(
    path: &Path,
    read: &Arc<AtomicU64>,
    report: &(dyn Fn() + Sync),
    per_block: &(dyn Fn(&PrimitiveBlock) -> T + Sync),
) -> Result<Vec<T>, ImportError> {
    let name = path.display().to_string();
    let (file, _) = crate::input::open_regular(path)?;
    let reader = BlobReader::new(BufReader::with_capacity(
        1 << 20,
        Counting {
            inner: file,
            read: Arc::clone(read),
        },
    ));
    let pbf = |e: osmpbf::Error| ImportError::Pbf {
        path: name.clone(),
        why: e.to_string(),
    };
    let results: Vec<Option<T>> = reader
        .par_bridge()
        .map(|blob| {
            let blob = blob.map_err(pbf)?;
            let out = match blob.decode().map_err(pbf)? {
                BlobDecode::OsmData(block) => Some(per_block(&block)),
                _ => None,
            };
            report();
            Ok(out)
        })
        .collect::<Result<_, ImportError>>()?;
    if results.is_empty() {
        // a PBF starts with its header block; fewer than 4 bytes read as no block
        return Err(ImportError::Pbf {
            path: name,
            why: "it holds no block: the file is empty, cut short before its first block, or not a PBF".into(),
        });
    }
    Ok(results.into_iter().flatten().collect())
}

/// Imports an extract. `progress(done, total)` is called with bytes read
/// over both passes, from worker threads.
pub fn import(
    path: &Path,
    clip: &Clip,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(RoadGraph, ImportReport), ImportError> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|source| ImportError::Io {
            path: name.clone(),
            source,
        })?
        .len();
    if looks_like_xml(path) {
        return Err(ImportError::Xml(name));
    }
    let read = Arc::new(AtomicU64::new(0));

    // pass 1: drivable ways and the ids of their nodes
    let tick1 = || progress(read.load(Ordering::Relaxed), 2 * size);
    let blocks = each_block(path, &read, &tick1, &|block| {
        let mut b = Pass1Block::default();
        for group in block.groups() {
            b.nodes += group.dense_nodes().count() as u64 + group.nodes().count() as u64;
            for w in group.ways() {
                b.all_ways += 1;
                match classify(w.tags()) {
                    Ok((class, oneway, maxspeed_kmh)) => {
                        let start = b.refs.len() as u64;
                        b.refs.extend(w.refs());
                        b.ways.push(WayHeader {
                            id: w.id(),
                            class,
                            oneway,
                            maxspeed_kmh,
                            start,
                            len: (b.refs.len() as u64 - start) as u32,
                        });
                    }
                    Err(true) => b.excluded += 1,
                    Err(false) => {}
                }
            }
        }
        b
    })?;
    let mut report = ImportReport::default();
    let mut needed: Vec<i64> = Vec::with_capacity(blocks.iter().map(|b| b.refs.len()).sum());
    for b in &blocks {
        report.osm_nodes += b.nodes;
        report.osm_ways += b.all_ways;
        report.excluded_highways += b.excluded;
        needed.extend_from_slice(&b.refs);
    }
    needed.sort_unstable();
    needed.dedup();
    // ways in id order, their nodes as indices into `needed`
    let mut order: Vec<(i64, u32, u32)> = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        for (wi, w) in b.ways.iter().enumerate() {
            order.push((w.id, bi as u32, wi as u32));
        }
    }
    order.sort_unstable();
    report.drivable_ways = order.len() as u64;
    // node ids to indices, way by way in parallel
    let per_way: Vec<(WayHeader, Vec<u32>)> = order
        .par_iter()
        .map(|&(_, bi, wi)| {
            let b = &blocks[bi as usize];
            let w = b.ways[wi as usize];
            let refs = &b.refs[w.start as usize..(w.start + u64::from(w.len)) as usize];
            let idx = refs
                .iter()
                .map(|r| needed.binary_search(r).map_or(u32::MAX, |i| i as u32))
                .collect();
            (w, idx)
        })
        .collect();
    let mut ways: Vec<WayHeader> = Vec::with_capacity(per_way.len());
    let mut way_nodes: Vec<u32> = Vec::with_capacity(per_way.iter().map(|(_, v)| v.len()).sum());
    for (w, idx) in per_way {
        ways.push(WayHeader {
            start: way_nodes.len() as u64,
            ..w
        });
        way_nodes.extend(idx);
    }
    drop(order);
    drop(blocks);

    // pass 2: coordinates of those nodes only
    read.store(0, Ordering::Relaxed);
    let tick2 = || progress(size + read.load(Ordering::Relaxed), 2 * size);
    let found = each_block(path, &read, &tick2, &|block| {
        let mut out: Vec<(u32, i32, i32)> = Vec::new();
        for group in block.groups() {
            for n in group.dense_nodes() {
                if let Ok(i) = needed.binary_search(&n.id()) {
                    out.push((i as u32, n.decimicro_lon(), n.decimicro_lat()));
                }
            }
            for n in group.nodes() {
                if let Ok(i) = needed.binary_search(&n.id()) {
                    out.push((i as u32, n.decimicro_lon(), n.decimicro_lat()));
                }
            }
        }
        out
    })?;
    const ABSENT: i32 = i32::MIN;
    let mut lon = vec![ABSENT; needed.len()];
    let mut lat = vec![ABSENT; needed.len()];
    for block in found {
        for (i, x, y) in block {
            lon[i as usize] = x;
            lat[i as usize] = y;
        }
    }
    let inside: Vec<bool> = (0..needed.len())
        .map(|i| {
            lon[i] != ABSENT && clip.contains(f64::from(lon[i]) / 1e7, f64::from(lat[i]) / 1e7)
        })
        .collect();

    // clipping: runs of consecutive usable nodes of each way (2 or more)
    let runs = |w: &WayHeader| -> Vec<(usize, usize)> {
        let nodes = &way_nodes[w.start as usize..(w.start + u64::from(w.len)) as usize];
        let mut out = Vec::new();
        let mut begin = 0;
        for k in 0..=nodes.len() {
            let ok = k < nodes.len() && nodes[k] != u32::MAX && inside[nodes[k] as usize];
            if !ok {
                if k - begin >= 2 {
                    out.push((w.start as usize + begin, w.start as usize + k));
                }
                begin = k + 1;
            }
        }
        out
    };
    report.missing_nodes = way_nodes
        .iter()
        .filter(|&&i| i == u32::MAX || lon[i as usize] == ABSENT)
        .count() as u64;

    // graph nodes: run ends and nodes used more than once
    let mut uses = vec![0u8; needed.len()];
    for w in &ways {
        for (a, b) in runs(w) {
            report.clipped_pieces += 1;
            for &i in &way_nodes[a..b] {
                uses[i as usize] = uses[i as usize].saturating_add(1);
            }
            for end in [way_nodes[a], way_nodes[b - 1]] {
                uses[end as usize] = uses[end as usize].saturating_add(2);
            }
        }
    }
    let mut graph_index = vec![u32::MAX; needed.len()];
    let mut node_of: Vec<u32> = Vec::new();
    for (i, &u) in uses.iter().enumerate() {
        if u >= 2 {
            graph_index[i] = node_of.len() as u32;
            node_of.push(i as u32);
        }
    }
    drop(uses);
    let point = |i: u32| {
        Point::new(
            f64::from(lon[i as usize]) / 1e7,
            f64::from(lat[i as usize]) / 1e7,
        )
    };
    // links of each way, in parallel, then concatenated in way order
    let per_way: Vec<WayLinks> = ways
        .par_iter()
        .map(|w| {
            let (mut links, mut ends, mut shape) = (Vec::new(), Vec::new(), Vec::new());
            for (a, b) in runs(w) {
                let run = &way_nodes[a..b];
                let mut start = run[0];
                let mut length = 0.0;
                let mut shape_begin = shape.len();
                for pair in run.windows(2) {
                    length += Haversine.distance(point(pair[0]), point(pair[1]));
                    let next = pair[1];
                    if graph_index[next as usize] == u32::MAX {
                        shape.push([lon[next as usize], lat[next as usize]]);
                        continue;
                    }
                    let (mut from, mut to) =
                        (graph_index[start as usize], graph_index[next as usize]);
                    if w.oneway < 0 {
                        std::mem::swap(&mut from, &mut to);
                        shape[shape_begin..].reverse();
                    }
                    if from != to {
                        links.push(RoadLink {
                            from,
                            to,
                            class: w.class,
                            length_m: length as f32,
                            maxspeed_kmh: w.maxspeed_kmh,
                            oneway: w.oneway != 0,
                        });
                        ends.push(shape.len() as u32);
                    } else {
                        // a loop back to its start never shortens a path
                        shape.truncate(shape_begin);
                    }
                    start = next;
                    length = 0.0;
                    shape_begin = shape.len();
                }
            }
            (links, ends, shape)
        })
        .collect();
    let total_links: usize = per_way.iter().map(|p| p.0.len()).sum();
    let mut links: Vec<RoadLink> = Vec::with_capacity(total_links);
    let mut shape_offsets: Vec<u32> = Vec::with_capacity(total_links + 1);
    shape_offsets.push(0);
    let mut shape_e7: Vec<[i32; 2]> = Vec::with_capacity(per_way.iter().map(|p| p.2.len()).sum());
    for (l, ends, shape) in per_way {
        let base = shape_e7.len() as u32;
        links.extend(l);
        shape_offsets.extend(ends.iter().map(|e| base + e));
        shape_e7.extend(shape);
    }
    report.nodes_before_scc = node_of.len();
    report.links_before_scc = links.len();
    if links.is_empty() {
        return Err(match clip {
            Clip::None => ImportError::NoRoads(name),
            _ => ImportError::Empty(name),
        });
    }
    // the graph nodes' ids and coordinates; the per-OSM-node arrays can go
    let node_ids: Vec<i64> = node_of.iter().map(|&i| needed[i as usize]).collect();
    let node_lon: Vec<i32> = node_of.iter().map(|&i| lon[i as usize]).collect();
    let node_lat: Vec<i32> = node_of.iter().map(|&i| lat[i as usize]).collect();
    drop((way_nodes, ways, needed, lon, lat, inside, graph_index));

    // keep the largest strongly connected component
    let arcs = links.iter().flat_map(|l| {
        let back = (!l.oneway).then_some((l.to, l.from));
        std::iter::once((l.from, l.to)).chain(back)
    });
    let (component, count) = scc::components(node_of.len(), arcs);
    let keep_component = scc::largest(&component, count);
    report.components = count as usize;
    let mut graph = RoadGraph {
        source: format!("{} ({})", name, describe_clip(clip)),
        classes: DEFAULT_SPEEDS_KMH
            .iter()
            .map(|(c, _)| (*c).to_string())
            .collect(),
        ..RoadGraph::default()
    };
    if count == 1 {
        // everything is connected: move the arrays, copy nothing
        graph.node_ids = node_ids;
        graph.lon_e7 = node_lon;
        graph.lat_e7 = node_lat;
        graph.links = links;
        graph.shape_offsets = shape_offsets;
        graph.shape_e7 = shape_e7;
    } else {
        let mut keep = vec![u32::MAX; node_of.len()];
        for (old, &c) in component.iter().enumerate() {
            if c == keep_component {
                keep[old] = graph.node_ids.len() as u32;
                graph.node_ids.push(node_ids[old]);
                graph.lon_e7.push(node_lon[old]);
                graph.lat_e7.push(node_lat[old]);
            }
        }
        graph.shape_offsets.push(0);
        for (k, l) in links.iter().enumerate() {
            let (from, to) = (keep[l.from as usize], keep[l.to as usize]);
            if from == u32::MAX || to == u32::MAX {
                report.dropped_links += 1;
                continue;
            }
            graph.links.push(RoadLink { from, to, ..*l });
            graph.shape_e7.extend_from_slice(
                &shape_e7[shape_offsets[k] as usize..shape_offsets[k + 1] as usize],
            );
            graph.shape_offsets.push(graph.shape_e7.len() as u32);
        }
    }
    report.dropped_nodes = node_of.len() - graph.node_ids.len();
    let before = graph.node_ids.len();
    let graph = contract_chains(graph);
    report.contracted_nodes = before - graph.node_ids.len();
    progress(2 * size, 2 * size);
    Ok((graph, report))
}

/// Merges links through nodes that join exactly two links of the same
/// class, limit and direction (two ways meeting end to end): the node becomes
/// a shape point, lengths add up. Cycles made only of such nodes keep one.
pub fn contract_chains(g: RoadGraph) -> RoadGraph {
    let n = g.node_ids.len();
    // incidence in compressed form: links touching node v
    let mut offsets = vec![0u32; n + 1];
    for l in &g.links {
        offsets[l.from as usize + 1] += 1;
        if l.to != l.from {
            offsets[l.to as usize + 1] += 1;
        }
    }
    for v in 0..n {
        offsets[v + 1] += offsets[v];
    }
    let mut fill = offsets.clone();
    let mut touching = vec![0u32; offsets[n] as usize];
    for (i, l) in g.links.iter().enumerate() {
        for v in [l.from, l.to] {
            if v == l.to && l.to == l.from {
                continue;
            }
            touching[fill[v as usize] as usize] = i as u32;
            fill[v as usize] += 1;
        }
    }
    drop(fill);
    let incident = |v: usize| &touching[offsets[v] as usize..offsets[v + 1] as usize];
    let same = |a: &RoadLink, b: &RoadLink| {
        a.class == b.class && a.maxspeed_kmh == b.maxspeed_kmh && a.oneway == b.oneway
    };
    let removable: Vec<bool> = (0..n)
        .map(|v| {
            let [a, b] = incident(v)[..] else {
                return false;
            };
            let (la, lb) = (&g.links[a as usize], &g.links[b as usize]);
            if a == b || !same(la, lb) {
                return false;
            }
            // a one-way chain must pass through: one link in, one out
            !la.oneway || ((la.to as usize == v) != (lb.to as usize == v))
        })
        .collect();
    if !removable.contains(&true) {
        return g;
    }
    let shape =
        |i: usize| &g.shape_e7[g.shape_offsets[i] as usize..g.shape_offsets[i + 1] as usize];
    let mut visited = vec![false; g.links.len()];
    let mut keep_node: Vec<bool> = removable.iter().map(|r| !r).collect();
    let mut out_links: Vec<RoadLink> = Vec::with_capacity(g.links.len());
    let mut out_offsets: Vec<u32> = vec![0];
    let mut out_shape: Vec<[i32; 2]> = Vec::with_capacity(g.shape_e7.len());
    for start in 0..n {
        if removable[start] {
            continue;
        }
        for &first in incident(start) {
            let first = first as usize;
            if visited[first] {
                continue;
            }
            let l0 = g.links[first];
            if l0.oneway && l0.from as usize != start {
                continue; // walked from its own start
            }
            let shape_begin = out_shape.len();
            let mut link = l0;
            let (mut at, mut current) = (start, first);
            loop {
                visited[current] = true;
                let l = &g.links[current];
                if l.from as usize == at {
                    out_shape.extend_from_slice(shape(current));
                } else {
                    out_shape.extend(shape(current).iter().rev());
                }
                let next = if l.from as usize == at {
                    l.to as usize
                } else {
                    l.from as usize
                };
                if current != first {
                    link.length_m += l.length_m;
                }
                if !removable[next] || next == start {
                    link.from = start as u32;
                    link.to = next as u32;
                    break;
                }
                out_shape.push([g.lon_e7[next], g.lat_e7[next]]);
                at = next;
                let [a, b] = incident(next)[..] else { break };
                current = if a as usize == current {
                    b as usize
                } else {
                    a as usize
                };
            }
            if link.from != link.to {
                out_links.push(link);
                out_offsets.push(out_shape.len() as u32);
            } else {
                out_shape.truncate(shape_begin);
            }
        }
    }
    // links in cycles of removable nodes only: keep them and their nodes
    for (i, l) in g.links.iter().enumerate() {
        if !visited[i] {
            keep_node[l.from as usize] = true;
            keep_node[l.to as usize] = true;
            out_links.push(*l);
            out_shape.extend_from_slice(shape(i));
            out_offsets.push(out_shape.len() as u32);
        }
    }
    let mut index = vec![u32::MAX; n];
    let mut out = RoadGraph {
        source: g.source.clone(),
        classes: g.classes.clone(),
        ..RoadGraph::default()
    };
    for v in (0..n).filter(|&v| keep_node[v]) {
        index[v] = out.node_ids.len() as u32;
        out.node_ids.push(g.node_ids[v]);
        out.lon_e7.push(g.lon_e7[v]);
        out.lat_e7.push(g.lat_e7[v]);
    }
    for l in &mut out_links {
        l.from = index[l.from as usize];
        l.to = index[l.to as usize];
    }
    out.links = out_links;
    out.shape_offsets = out_offsets;
    out.shape_e7 = out_shape;
    out
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
