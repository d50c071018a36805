//! Reading and writing road networks as GeoJSON: one `LineString` feature per
//! road link, the way QGIS and most GIS tools exchange them.
//!
//! Feature properties read: `from` and `to` (node ids; without them a node is
//! named after its coordinate), `class` (road class, default `road`),
//! `length_m` (default: the length of the line), `oneway` (default false),
//! `maxspeed_kmh` (caps the class speed),
//! `name` (ignored by the graph, kept for maps). Intermediate vertices are
//! shape points: only a line's two ends become graph nodes.

use std::collections::HashMap;

use geo::orient::{Direction, Orient};
use geo::{Distance, Haversine, LineString, Point, Polygon};
use geojson::{GeoJson, GeometryValue, JsonObject, JsonValue};

use super::Node;
use crate::i18n::Catalogued;
use crate::said;

/// A coordinate to 1e-6° (about 0.1 m): no 16-digit floats in the file.
pub fn degrees(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Problems with a road GeoJSON file; each names the feature.
#[derive(Debug)]
pub enum RoadFileError {
    /// Not JSON, or not GeoJSON.
    Parse(String),
    /// A FeatureCollection was expected.
    NotCollection,
    /// One feature is unusable.
    Feature {
        /// Position of the feature in the collection.
        index: usize,
        /// What is wrong, from the catalogue (its text begins with the
        /// file and the feature, given by [`RoadFileError::said`]).
        message: Catalogued,
    },
}

impl std::fmt::Display for RoadFileError {
    /// In English, without the file (the caller names it).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.said("").render(crate::i18n::Lang::En);
        f.write_str(text.trim_start_matches(": "))
    }
}

impl std::error::Error for RoadFileError {}

impl RoadFileError {
    /// The message from the catalogue, naming `file`.
    pub fn said(&self, file: &str) -> Catalogued {
        let mut said = match self {
            RoadFileError::Parse(detail) => said!("geo-not-geojson", detail = detail),
            RoadFileError::NotCollection => said!("geo-not-collection"),
            RoadFileError::Feature { index, message } => {
                let mut m = message.clone();
                m.args.push(("at", format!("features[{index}]")));
                m
            }
        };
        said.args.push(("file", file.to_string()));
        said
    }
}

/// One road link as read from the file.
#[derive(Clone, Debug, PartialEq)]
pub struct RoadLink {
    /// Index of the start node in [`RoadData::nodes`].
    pub from: usize,
    /// Index of the end node.
    pub to: usize,
    /// Road class name.
    pub class: String,
    /// Length, metres.
    pub length_m: f64,
    /// One direction only (`from` → `to`).
    pub oneway: bool,
    /// Tagged speed limit, km/h, which caps the class speed.
    pub maxspeed_kmh: Option<f64>,
    /// The road's name, where the file gives one.
    pub name: Option<String>,
}

/// Nodes and links of a road file, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoadData {
    /// Unique nodes, in order of first appearance.
    pub nodes: Vec<Node>,
    /// Links, one per feature.
    pub links: Vec<RoadLink>,
    /// The collection's `note` member, if any (e.g. "SCHEMATIC ...").
    pub note: Option<String>,
}

/// Two ends of a link further apart than this from a node of the same id are
/// an error, not rounding.
const SAME_NODE_TOLERANCE_M: f64 = 1.0;

/// Parses a FeatureCollection of LineStrings into nodes and links.
pub fn read_roads(text: &str) -> Result<RoadData, RoadFileError> {
    let doc: GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| RoadFileError::Parse(e.to_string()))?;
    let GeoJson::FeatureCollection(collection) = doc else {
        return Err(RoadFileError::NotCollection);
    };
    let mut data = RoadData {
        note: collection
            .foreign_members
            .as_ref()
            .and_then(|m| m.get("note"))
            .and_then(JsonValue::as_str)
            .map(str::to_string),
        ..RoadData::default()
    };
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let fail = |message: Catalogued| RoadFileError::Feature { index, message };
        let Some(GeometryValue::LineString { coordinates }) =
            feature.geometry.as_ref().map(|g| &g.value)
        else {
            return Err(fail(said!("geo-linestring")));
        };
        if coordinates.len() < 2 {
            return Err(fail(said!("geo-linestring-short")));
        }
        let mut line = Vec::with_capacity(coordinates.len());
        for p in coordinates {
            let (lon, lat) = lon_lat(p).map_err(&fail)?;
            line.push(Point::new(lon, lat));
        }
        let props = feature.properties.as_ref();
        let text_prop = |key: &str| -> Result<Option<String>, RoadFileError> {
            match props.and_then(|p| p.get(key)) {
                None | Some(JsonValue::Null) => Ok(None),
                // a control character would reach the terminal raw
                Some(JsonValue::String(s)) if s.chars().any(char::is_control) => Err(fail(said!(
                    "geo-property-control",
                    key = key,
                    value = s.escape_debug().to_string()
                ))),
                Some(JsonValue::String(s)) => Ok(Some(s.clone())),
                Some(JsonValue::Number(n)) => Ok(Some(n.to_string())),
                Some(other) => Err(fail(said!("geo-property-string", key = key, value = other))),
            }
        };
        let ends = [line[0], line[line.len() - 1]];
        let mut ids = [0usize; 2];
        for (slot, (key, at)) in ["from", "to"].iter().zip(ends).enumerate() {
            let id = text_prop(key)?.unwrap_or_else(|| format!("{:.7},{:.7}", at.x(), at.y()));
            ids[slot] = match by_id.get(&id) {
                Some(&n) => {
                    let known = &data.nodes[n];
                    let gap = Haversine.distance(Point::new(known.lon, known.lat), at);
                    if gap > SAME_NODE_TOLERANCE_M {
                        return Err(fail(said!(
                            "geo-node-moved",
                            node = id,
                            distance = format!("{gap:.0}")
                        )));
                    }
                    n
                }
                None => {
                    data.nodes.push(Node {
                        id: id.clone(),
                        lon: at.x(),
                        lat: at.y(),
                    });
                    by_id.insert(id, data.nodes.len() - 1);
                    data.nodes.len() - 1
                }
            };
        }
        let class = text_prop("class")?.unwrap_or_else(|| "road".into());
        let length_m = match props.and_then(|p| p.get("length_m")) {
            None | Some(JsonValue::Null) => line
                .windows(2)
                .map(|w| Haversine.distance(w[0], w[1]))
                .sum(),
            Some(v) => match v.as_f64() {
                Some(l) if l.is_finite() && l > 0.0 => l,
                _ => {
                    return Err(fail(said!(
                        "geo-property-positive",
                        key = "length_m",
                        value = v
                    )));
                }
            },
        };
        let oneway = match props.and_then(|p| p.get("oneway")) {
            None | Some(JsonValue::Null) => false,
            Some(JsonValue::Bool(b)) => *b,
            Some(v) => {
                return Err(fail(said!(
                    "geo-property-boolean",
                    key = "oneway",
                    value = v
                )));
            }
        };
        let maxspeed_kmh = match props.and_then(|p| p.get("maxspeed_kmh")) {
            None | Some(JsonValue::Null) => None,
            Some(v) => match v.as_f64() {
                Some(s) if s.is_finite() && s > 0.0 => Some(s),
                _ => {
                    return Err(fail(said!(
                        "geo-property-positive",
                        key = "maxspeed_kmh",
                        value = v
                    )));
                }
            },
        };
        data.links.push(RoadLink {
            from: ids[0],
            to: ids[1],
            class,
            length_m,
            oneway,
            maxspeed_kmh,
            name: text_prop("name")?.filter(|n| !n.is_empty()),
        });
    }
    Ok(data)
}

/// A road link to write: two-point line between two nodes with properties.
#[derive(Clone, Debug)]
pub struct LinkFeature<'a> {
    /// Start node.
    pub from: &'a Node,
    /// End node.
    pub to: &'a Node,
    /// Extra properties (class, name, length_m, ...).
    pub properties: JsonObject,
}

/// Writes links as a FeatureCollection with a top-level `note` (shown by
/// most tools as a collection property), one feature per line of text so
/// that diffs of generated files stay readable.
pub fn write_links(note: &str, links: &[LinkFeature<'_>]) -> String {
    let features = links.iter().map(|l| {
        let mut props = JsonObject::new();
        props.insert("from".into(), l.from.id.clone().into());
        props.insert("to".into(), l.to.id.clone().into());
        props.extend(l.properties.clone());
        feature_line(
            GeometryValue::LineString {
                coordinates: vec![
                    [degrees(l.from.lon), degrees(l.from.lat)].into(),
                    [degrees(l.to.lon), degrees(l.to.lat)].into(),
                ],
            },
            props,
        )
    });
    collection_text(note, features)
}

/// One feature as a single line of JSON.
pub fn feature_line(geometry: GeometryValue, properties: JsonObject) -> String {
    let feature = geojson::Feature {
        geometry: Some(geojson::Geometry::new(geometry)),
        properties: Some(properties),
        ..Default::default()
    };
    serde_json::to_string(&feature).unwrap_or_default()
}

/// A FeatureCollection text from feature lines, with a `note` member.
pub fn collection_text(note: &str, features: impl Iterator<Item = String>) -> String {
    let mut out = String::from("{\"type\": \"FeatureCollection\",\n");
    out.push_str(&format!(
        "\"note\": {},\n\"features\": [\n",
        JsonValue::from(note)
    ));
    let mut first = true;
    for f in features {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str(&f);
    }
    out.push_str("\n]}\n");
    out
}

/// A road graph (e.g. an imported `.fcnet`) as GeoJSON LineStrings with
/// their full drawing geometry and `from`, `to`, `class`, `length_m`,
/// `maxspeed_kmh`, `oneway` properties — readable back by [`read_roads`].
pub fn write_road_graph(graph: &super::road_graph::RoadGraph) -> String {
    let lines = graph.links.iter().enumerate().map(|(i, l)| {
        let mut p = JsonObject::new();
        p.insert(
            "from".into(),
            graph.node_ids[l.from as usize].to_string().into(),
        );
        p.insert(
            "to".into(),
            graph.node_ids[l.to as usize].to_string().into(),
        );
        p.insert(
            "class".into(),
            graph.classes[usize::from(l.class)].clone().into(),
        );
        p.insert(
            "length_m".into(),
            ((f64::from(l.length_m) * 10.0).round() / 10.0).into(),
        );
        if l.maxspeed_kmh > 0 {
            p.insert("maxspeed_kmh".into(), l.maxspeed_kmh.into());
        }
        p.insert("oneway".into(), l.oneway.into());
        let coords = graph
            .link_geometry(i)
            .into_iter()
            .map(|(x, y)| [x, y].into())
            .collect();
        feature_line(
            GeometryValue::LineString {
                coordinates: coords,
            },
            p,
        )
    });
    collection_text(&format!("road graph from {}", graph.source), lines)
}

/// The first Polygon of a GeoJSON FeatureCollection (or bare geometry);
/// the error names `file`.
pub fn read_polygon(text: &str, file: &str) -> Result<Polygon<f64>, Catalogued> {
    let bad = |mut said: Catalogued| {
        said.args.push(("file", file.to_string()));
        said
    };
    let doc: GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| bad(said!("geo-not-geojson", detail = e)))?;
    let value = match doc {
        GeoJson::FeatureCollection(c) => c
            .features
            .into_iter()
            .find_map(|f| f.geometry)
            .map(|g| g.value),
        GeoJson::Feature(f) => f.geometry.map(|g| g.value),
        GeoJson::Geometry(g) => Some(g.value),
    };
    let Some(GeometryValue::Polygon { coordinates }) = value else {
        return Err(bad(said!("geo-expected-polygon")));
    };
    let ring = |(k, r): (usize, &Vec<geojson::Position>)| -> Result<LineString<f64>, Catalogued> {
        let points = r
            .iter()
            .map(lon_lat)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|mut e| {
                e.args.push(("at", format!("coordinates[{k}]")));
                bad(e)
            })?;
        // a closed ring of at least three corners
        if points.len() < 4 || points.first() != points.last() {
            return Err(bad(said!(
                "geo-ring-open",
                at = format!("coordinates[{k}]")
            )));
        }
        Ok(points.into())
    };
    let mut rings = coordinates.iter().enumerate();
    let exterior = rings
        .next()
        .map(ring)
        .ok_or_else(|| bad(said!("geo-empty-polygon")))??;
    let holes = rings.map(ring).collect::<Result<Vec<_>, _>>()?;
    // exterior counter-clockwise, as RFC 7946 asks and geodesic areas need
    Ok(Polygon::new(exterior, holes).orient(Direction::Default))
}

/// Longitude and latitude of a GeoJSON position, checked: two finite
/// numbers in WGS84 range (projected metres, or a swapped pair beyond ±90,
/// are refused).
fn lon_lat(p: &geojson::Position) -> Result<(f64, f64), Catalogued> {
    let [lon, lat, ..] = p[..] else {
        return Err(said!("geo-position-short", count = p.len()));
    };
    if !(lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0) {
        return Err(said!("geo-position-range", lon = lon, lat = lat));
    }
    Ok((lon, lat))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_defaults() {
        let a = Node {
            id: "a".into(),
            lon: 107.0,
            lat: 30.0,
        };
        let b = Node {
            id: "b".into(),
            lon: 107.01,
            lat: 30.0,
        };
        let mut props = JsonObject::new();
        props.insert("class".into(), "county".into());
        props.insert("length_m".into(), 1234.5.into());
        let text = write_links(
            "test",
            &[LinkFeature {
                from: &a,
                to: &b,
                properties: props,
            }],
        );
        let data = read_roads(&text).unwrap();
        assert_eq!(data.nodes, vec![a, b]);
        assert_eq!(data.links[0].class, "county");
        assert_eq!(data.links[0].length_m, 1234.5);
        assert!(!data.links[0].oneway);
    }

    #[test]
    fn errors_name_the_feature() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[107,30],[107.01,30]]}},
            {"type":"Feature","properties":{"length_m":-3},"geometry":{"type":"LineString","coordinates":[[107,30],[107.01,30]]}}]}"#;
        let e = read_roads(text).unwrap_err().to_string();
        assert!(e.starts_with("features[1]: property `length_m`"), "{e}");
        let moved = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"from":"x"},"geometry":{"type":"LineString","coordinates":[[107,30],[107.01,30]]}},
            {"type":"Feature","properties":{"from":"x"},"geometry":{"type":"LineString","coordinates":[[107.5,30],[107.01,30]]}}]}"#;
        assert!(
            read_roads(moved)
                .unwrap_err()
                .to_string()
                .contains("node `x` is")
        );
        assert!(matches!(read_roads("{}"), Err(RoadFileError::Parse(_))));
        // a line without ids: its ends are named by coordinate and the length is measured
        let data = read_roads(
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"LineString","coordinates":[[107,30],[107,30.01],[107.01,30.01]]}}]}"#,
        )
        .unwrap();
        assert_eq!(data.nodes.len(), 2);
        assert!(
            (data.links[0].length_m - 2073.0).abs() < 10.0,
            "{}",
            data.links[0].length_m
        );
    }
}
