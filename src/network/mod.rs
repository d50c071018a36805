//! The road graph: nodes in WGS84, directed edges with travel times, shortest
//! paths, snapping points to nodes and connectivity checks.
//!
//! Builders (inline today; builtin, OSM and GeoJSON later) produce the node and
//! edge lists; [`Network::new`] indexes them once (CSR adjacency both ways, an
//! R-tree of node positions) so that every later query is allocation-light.

pub mod fcnet;
pub mod geojson;
pub mod info;
pub mod osm;
mod projection;
pub mod road_graph;
pub mod scc;
mod shortest_path;
pub mod words;

use std::collections::HashMap;
use std::sync::OnceLock;

use geo::{Distance, Haversine, Point};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::ids::NodeId;
pub use projection::{EARTH_RADIUS_M, Projection};
pub use shortest_path::Csr;

/// The note the builtin Liangping road graph carries (its `roads.geojson`).
pub const SCHEMATIC_NOTE: &str = "SCHEMATIC Liangping graph (scenarios/liangping/generator.toml): town points, named roads as hand-placed waypoints, length = straight line x circuity of the road class and the township; calibrated on the road distances between the 33 township seats measured on a vendor road network of about 2015 (seat_road_km.csv: graph / measured over the 435 pairs of known seats, median 1.00, p10 0.87, p90 1.05); expressways are entered only at interchanges, rivers and railways are not encoded. Not a road map.";

/// A road-network node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The id the data source gave it.
    pub id: String,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

impl Node {
    /// Great-circle (haversine) distance to another node, metres.
    pub fn distance_m(&self, other: &Node) -> f64 {
        Haversine.distance(
            Point::new(self.lon, self.lat),
            Point::new(other.lon, other.lat),
        )
    }
}

/// A directed road link.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// Start node.
    pub from: NodeId,
    /// End node.
    pub to: NodeId,
    /// Fire-vehicle travel time, seconds.
    pub time_s: f64,
    /// Road length, metres.
    pub length_m: f64,
    /// Road class, an index into [`Network::classes`].
    pub class: u16,
}

/// An indexed road network.
#[derive(Debug)]
pub struct Network {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    classes: Vec<String>,
    /// Built on the first lookup by id: large imported networks are mostly
    /// reached by coordinates.
    by_id: OnceLock<HashMap<String, NodeId>>,
    forward: Csr,
    backward: Csr,
    positions: RTree<GeomWithData<[f64; 2], u32>>,
    projection: Projection,
    note: Option<String>,
}

impl Network {
    /// Indexes nodes and directed edges. Node ids must be unique, edge
    /// endpoints in range and edge classes index `classes` (the scenario
    /// validator guarantees all three).
    pub fn new(nodes: Vec<Node>, edges: Vec<Edge>, classes: Vec<String>) -> Network {
        let by_id = OnceLock::new();
        let forward = Csr::build(nodes.len(), edges.iter().map(|e| (e.from, e.to, e.time_s)));
        let backward = Csr::build(nodes.len(), edges.iter().map(|e| (e.to, e.from, e.time_s)));
        let count = nodes.len().max(1) as f64;
        let mean_lon = nodes.iter().map(|n| n.lon).sum::<f64>() / count;
        let mean_lat = nodes.iter().map(|n| n.lat).sum::<f64>() / count;
        let projection = Projection::new(mean_lon, mean_lat);
        let positions = RTree::bulk_load(
            nodes
                .iter()
                .enumerate()
                .map(|(i, n)| GeomWithData::new(xy(&projection, n.lon, n.lat), i as u32))
                .collect(),
        );
        Network {
            nodes,
            edges,
            classes,
            by_id,
            forward,
            backward,
            positions,
            projection,
            note: None,
        }
    }

    /// Attaches a note every report shows with this network (e.g. that it
    /// is schematic).
    pub fn with_note(mut self, note: Option<String>) -> Network {
        self.note = note;
        self
    }

    /// The note given by the network's source, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// All nodes, indexed by [`NodeId`].
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// All directed edges.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Road class names, indexed by [`Edge::class`].
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The node with this source id.
    pub fn node_by_id(&self, id: &str) -> Option<NodeId> {
        self.by_id
            .get_or_init(|| {
                self.nodes
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (n.id.clone(), NodeId::from_index(i)))
                    .collect()
            })
            .get(id)
            .copied()
    }

    /// The node nearest to a coordinate and its great-circle distance, metres.
    pub fn nearest_node(&self, lon: f64, lat: f64) -> Option<(NodeId, f64)> {
        let q = xy(&self.projection, lon, lat);
        let hit = self.positions.nearest_neighbor(&q)?;
        let node = &self.nodes[hit.data as usize];
        let d = Haversine.distance(Point::new(lon, lat), Point::new(node.lon, node.lat));
        Some((NodeId(hit.data), d))
    }

    /// Up to `k` nodes nearest to a coordinate, nearest first, each with its
    /// great-circle distance in metres, written into `out` (cleared first).
    pub fn nearest_nodes(&self, lon: f64, lat: f64, k: usize, out: &mut Vec<(NodeId, f64)>) {
        out.clear();
        let q = xy(&self.projection, lon, lat);
        for hit in self.positions.nearest_neighbor_iter(&q).take(k) {
            let node = &self.nodes[hit.data as usize];
            let d = Haversine.distance(Point::new(lon, lat), Point::new(node.lon, node.lat));
            out.push((NodeId(hit.data), d));
        }
    }

    /// Fastest travel times from `source` to every node (infinite where
    /// unreachable), written into `times` (resized to the node count).
    pub fn times_from(&self, source: NodeId, times: &mut Vec<f64>) {
        self.forward.dijkstra(source, times);
    }

    /// Fastest travel times from every node to `target`.
    pub fn times_to(&self, target: NodeId, times: &mut Vec<f64>) {
        self.backward.dijkstra(target, times);
    }

    /// Strongly connected components: a component index per node, and the
    /// index of the largest component.
    pub fn strong_components(&self) -> (Vec<u32>, u32) {
        let (of_node, count) = scc::components(
            self.nodes.len(),
            self.edges.iter().map(|e| (e.from.0, e.to.0)),
        );
        let largest = scc::largest(&of_node, count);
        (of_node, largest)
    }
}

/// A coordinate in the network's projection, as an R-tree point.
fn xy(projection: &Projection, lon: f64, lat: f64) -> [f64; 2] {
    let (x, y) = projection.xy(lon, lat);
    [x, y]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> Network {
        let nodes = (0..3)
            .map(|i| Node {
                id: format!("n{i}"),
                lon: 107.70 + 0.02 * i as f64,
                lat: 30.6,
            })
            .collect();
        let e = |a, b, t| Edge {
            from: NodeId(a),
            to: NodeId(b),
            time_s: t,
            length_m: 0.0,
            class: 0,
        };
        // 0 <-> 1 two-way, 1 -> 2 one-way
        Network::new(
            nodes,
            vec![e(0, 1, 10.0), e(1, 0, 10.0), e(1, 2, 5.0)],
            vec!["road".into()],
        )
    }

    #[test]
    fn directed_times() {
        let net = line();
        let mut t = Vec::new();
        net.times_from(NodeId(0), &mut t);
        assert_eq!(t, vec![0.0, 10.0, 15.0]);
        net.times_to(NodeId(0), &mut t);
        assert_eq!(t[1], 10.0);
        assert!(t[2].is_infinite());
    }

    #[test]
    fn components_and_snapping() {
        let net = line();
        let (comp, largest) = net.strong_components();
        assert_eq!(comp[0], comp[1]);
        assert_ne!(comp[1], comp[2]);
        assert_eq!(comp[0], largest);
        let (n, d) = net.nearest_node(107.741, 30.6001).unwrap();
        assert_eq!(n, NodeId(2));
        assert!(d > 90.0 && d < 120.0, "{d}");
    }
}
