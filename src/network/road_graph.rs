//! A road graph as imported from OpenStreetMap: nodes, links with a road
//! class, length, speed limit, direction and drawing geometry. This is what
//! an `.fcnet` file holds; a scenario turns it into a [`Network`] by giving
//! each class a fire-vehicle speed.

use serde::{Deserialize, Serialize};

use super::{Edge, Network, Node};
use crate::ids::NodeId;

/// One road link between two graph nodes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoadLink {
    /// Start node index.
    pub from: u32,
    /// End node index.
    pub to: u32,
    /// Class index into [`RoadGraph::classes`].
    pub class: u16,
    /// Length along the road, metres.
    pub length_m: f32,
    /// Tagged speed limit, km/h (0 when none).
    pub maxspeed_kmh: u16,
    /// Only `from` → `to` may be driven.
    pub oneway: bool,
}

/// The whole graph. Coordinates are stored in 1e-7 degrees, as OSM does.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoadGraph {
    /// Where it came from (file name, clip).
    pub source: String,
    /// Road class names.
    pub classes: Vec<String>,
    /// OSM node id of each graph node.
    pub node_ids: Vec<i64>,
    /// Longitude × 1e7 of each node.
    pub lon_e7: Vec<i32>,
    /// Latitude × 1e7 of each node.
    pub lat_e7: Vec<i32>,
    /// Links.
    pub links: Vec<RoadLink>,
    /// Link `i`'s intermediate shape points are
    /// `shape_e7[shape_offsets[i]..shape_offsets[i + 1]]`.
    pub shape_offsets: Vec<u32>,
    /// Shape points (lon × 1e7, lat × 1e7).
    pub shape_e7: Vec<[i32; 2]>,
}

/// Degrees from 1e-7 degree units.
pub fn from_e7(v: i32) -> f64 {
    f64::from(v) / 1e7
}

impl RoadGraph {
    /// Node `i` as lon/lat.
    pub fn lonlat(&self, i: usize) -> (f64, f64) {
        (from_e7(self.lon_e7[i]), from_e7(self.lat_e7[i]))
    }

    /// The drawing geometry of link `i`, both ends included.
    pub fn link_geometry(&self, i: usize) -> Vec<(f64, f64)> {
        let l = &self.links[i];
        let (a, b) = (
            self.shape_offsets[i] as usize,
            self.shape_offsets[i + 1] as usize,
        );
        std::iter::once(self.lonlat(l.from as usize))
            .chain(
                self.shape_e7[a..b]
                    .iter()
                    .map(|p| (from_e7(p[0]), from_e7(p[1]))),
            )
            .chain(std::iter::once(self.lonlat(l.to as usize)))
            .collect()
    }

    /// Checks internal consistency (indices in range); a loaded file that
    /// fails this is damaged.
    pub fn check(&self) -> Result<(), String> {
        let n = self.node_ids.len();
        if self.lon_e7.len() != n || self.lat_e7.len() != n {
            return Err("coordinate arrays do not match the node count".into());
        }
        if self.shape_offsets.len() != self.links.len() + 1 {
            return Err("shape offsets do not match the link count".into());
        }
        let mut previous = 0;
        for &o in &self.shape_offsets {
            if o < previous || o as usize > self.shape_e7.len() {
                return Err("shape offsets out of order or out of range".into());
            }
            previous = o;
        }
        for (i, l) in self.links.iter().enumerate() {
            if l.from as usize >= n
                || l.to as usize >= n
                || usize::from(l.class) >= self.classes.len()
            {
                return Err(format!(
                    "link {i} refers to a node or class that does not exist"
                ));
            }
            if !(l.length_m.is_finite() && l.length_m >= 0.0) {
                return Err(format!("link {i} has length {}", l.length_m));
            }
        }
        Ok(())
    }

    /// Nodes and directed edges with travel times from a speed per class
    /// (km/h, capped by each link's tagged limit). Fails with the classes
    /// that have no speed.
    pub fn parts(
        &self,
        speed_of: &dyn Fn(&str) -> Option<f64>,
    ) -> Result<(Vec<Node>, Vec<Edge>), Vec<String>> {
        let speeds: Vec<Option<f64>> = self.classes.iter().map(|c| speed_of(c)).collect();
        let missing: Vec<String> = self
            .links
            .iter()
            .filter(|l| speeds[usize::from(l.class)].is_none())
            .map(|l| self.classes[usize::from(l.class)].clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let nodes = (0..self.node_ids.len())
            .map(|i| {
                let (lon, lat) = self.lonlat(i);
                Node {
                    id: self.node_ids[i].to_string(),
                    lon,
                    lat,
                }
            })
            .collect();
        let mut edges = Vec::with_capacity(self.links.len() * 2);
        for l in &self.links {
            let mut kmh = speeds[usize::from(l.class)].unwrap_or(f64::NAN);
            if l.maxspeed_kmh > 0 {
                kmh = kmh.min(f64::from(l.maxspeed_kmh));
            }
            let length_m = f64::from(l.length_m);
            let time_s = length_m / (kmh / 3.6);
            let (from, to) = (NodeId(l.from), NodeId(l.to));
            edges.push(Edge {
                from,
                to,
                time_s,
                length_m,
                class: l.class,
            });
            if !l.oneway {
                edges.push(Edge {
                    from: to,
                    to: from,
                    time_s,
                    length_m,
                    class: l.class,
                });
            }
        }
        Ok((nodes, edges))
    }

    /// The network, timed as [`RoadGraph::parts`] does.
    pub fn to_network(
        &self,
        speed_of: &dyn Fn(&str) -> Option<f64>,
        note: Option<String>,
    ) -> Result<Network, Vec<String>> {
        let (nodes, edges) = self.parts(speed_of)?;
        Ok(Network::new(nodes, edges, self.classes.clone()).with_note(note))
    }
}
