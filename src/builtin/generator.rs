//! The schematic district generator: from township seats, the district
//! boundary and a parameter file (named roads as waypoints, circuity per road
//! class, grid spacings, population assumptions) to a road graph, a built-up
//! area polygon and demand points, written as GeoJSON.
//!
//! Everything is deterministic: the same inputs give byte-identical files.
//!
//! Why this file is over 800 lines: it is one pipeline (read the
//! parameters, place the towns, route each named road through its
//! waypoints, add the street grid and the interchanges, write the GeoJSON)
//! whose steps share the parameter structs; splitting it by step is left
//! for when another district needs a generator of its own.

use std::collections::{BTreeMap, HashMap, HashSet};

use geo::{Contains, GeodesicArea, Point, Polygon};
use geojson::{GeometryValue, JsonObject};
use serde::Deserialize;

use super::BuiltinError;
use super::calibration::{MeasuredDistance, read_measured};
use super::townships::{Terrain, Township, read_townships};
use crate::network::geojson::{LinkFeature, collection_text, feature_line, write_links};
use crate::network::{Node, Projection};

/// Classes whose circuity no township factor changes: expressways are laid
/// out by their waypoints, ramps are short, town streets are a grid.
const TOWNSHIP_FACTOR_EXEMPT: &[&str] = &["expressway", "ramp", "urban_"];

/// Interchange access roads longer than this are county roads.
const MAX_RAMP_M: f64 = 3_000.0;
/// Largest built-up area a generator may ask for, km² (a large city's).
const MAX_BUILTUP_KM2: f64 = 2_000.0;
/// Most street-grid nodes in the built-up area (area / spacing²).
const MAX_URBAN_NODES: f64 = 200_000.0;

/// `generator.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratorParams {
    /// The built-up area ellipse.
    pub builtup: BuiltupParams,
    /// The urban street grid.
    pub urban_grid: UrbanGridParams,
    /// The rural village-road grid.
    pub villages: VillageParams,
    /// Population figures that weight demand points.
    pub population: PopulationParams,
    /// Seat-to-seat county roads.
    pub county_roads: CountyRoadParams,
    /// Road length / straight line per road class.
    pub circuity: BTreeMap<String, f64>,
    /// Named roads.
    pub roads: Vec<RoadParams>,
    /// Per-township circuity multipliers (township id → factor), fitted on
    /// measured road distances; 1 where a township is not listed.
    #[serde(default)]
    pub township_circuity: BTreeMap<String, f64>,
    /// What the graph is checked against.
    #[serde(default)]
    pub calibration: CalibrationParams,
}

/// `[calibration]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationParams {
    /// The measured seat-to-seat road distances beside `generator.toml`
    /// (`from`, `to`, `road_km`).
    #[serde(default)]
    pub measured: Option<String>,
    /// Named roads (prefixes of link names) that the network the seat
    /// distances were measured on lacks: a pair shorter on the graph only
    /// by one of them is shorter for a real reason.
    #[serde(default)]
    pub roads_missing_from_measured: Vec<String>,
    /// A road straight from one seat to another (a county road, or a named
    /// road between consecutive seats) takes the measured road distance
    /// between them as its length.
    #[serde(default)]
    pub seat_links_from_measured: bool,
}

/// Parses and checks `generator.toml`.
pub fn read_params(params_toml: &str) -> Result<GeneratorParams, BuiltinError> {
    let params: GeneratorParams = toml::from_str(params_toml)
        .map_err(|e| BuiltinError::Data(format!("generator.toml: {e}")))?;
    check_params(&params)?;
    Ok(params)
}

/// `[builtup]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltupParams {
    /// Centre, `[lon, lat]`.
    pub center: [f64; 2],
    /// Area, km².
    pub area_km2: f64,
    /// Bearing of the long axis, degrees clockwise from north.
    pub axis_bearing_deg: f64,
    /// Long axis / short axis.
    pub axis_ratio: f64,
    /// Vertices of the outline.
    pub vertices: u32,
}

/// `[urban_grid]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrbanGridParams {
    /// Block size, metres.
    pub spacing_m: f64,
    /// Every n-th grid line is an arterial.
    pub arterial_every: u32,
}

/// `[villages]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillageParams {
    /// Village grid spacing, metres.
    pub spacing_m: f64,
    /// No village node closer than this to a seat, metres.
    pub min_distance_to_seat_m: f64,
    /// Village roads from each seat.
    pub seat_links: usize,
}

/// `[population]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationParams {
    /// Residents of the district.
    pub total: f64,
    /// Residents of the built-up area.
    pub urban: f64,
    /// Share of a township's rural residents at its seat.
    pub seat_share: f64,
}

/// `[county_roads]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyRoadParams {
    /// Nearest seats each seat is joined to.
    pub neighbours: usize,
}

/// `[[roads]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadParams {
    /// Display name.
    pub name: String,
    /// Base road class.
    pub class: String,
    /// This road's own length / straight line, replacing its class's and
    /// the townships' (e.g. a road measured as direct).
    #[serde(default)]
    pub circuity: Option<f64>,
    /// Waypoints in order.
    pub through: Vec<Waypoint>,
}

/// A waypoint: a seat, or a point (optionally an interchange or a junction).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waypoint {
    /// Passes through this township's seat.
    #[serde(default)]
    pub seat: Option<String>,
    /// Longitude of a shape, border or interchange point.
    #[serde(default)]
    pub lon: Option<f64>,
    /// Latitude.
    #[serde(default)]
    pub lat: Option<f64>,
    /// Interchange: a ramp road to each of these seats (`urban`: the nearest
    /// urban street node).
    #[serde(default)]
    pub exit: Vec<String>,
    /// Node id shared with another road (a junction).
    #[serde(default)]
    pub id: Option<String>,
}

/// The generated files.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    /// `roads.geojson`.
    pub roads: String,
    /// `places.geojson`.
    pub places: String,
    /// `builtup.geojson`.
    pub builtup: String,
    /// One line per fact worth printing (counts, km).
    pub summary: Vec<String>,
}

/// Lon/lat of projected metres, rounded to 1e-6° (about 0.1 m) so that
/// the files stay short and stable.
fn lonlat6(proj: &Projection, x: f64, y: f64) -> (f64, f64) {
    let (lon, lat) = proj.lonlat(x, y);
    (round6(lon), round6(lat))
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn round_to(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

struct GNode {
    node: Node,
    x: f64,
    y: f64,
    township: usize,
}

struct GLink {
    a: usize,
    b: usize,
    class: String,
    name: String,
    straight_m: f64,
    length_m: f64,
}

/// The ellipse of the built-up area in projected metres around its centre.
struct Ellipse {
    a: f64,
    b: f64,
    u: (f64, f64),
    v: (f64, f64),
}

impl Ellipse {
    fn new(p: &BuiltupParams) -> Ellipse {
        let b = (p.area_km2 * 1e6 / (std::f64::consts::PI * p.axis_ratio)).sqrt();
        let t = p.axis_bearing_deg.to_radians();
        Ellipse {
            a: p.axis_ratio * b,
            b,
            u: (t.sin(), t.cos()),
            v: (t.cos(), -t.sin()),
        }
    }
    fn contains(&self, x: f64, y: f64) -> bool {
        let s = (x * self.u.0 + y * self.u.1) / self.a;
        let t = (x * self.v.0 + y * self.v.1) / self.b;
        s * s + t * t <= 1.0
    }
    fn point(&self, phi: f64) -> (f64, f64) {
        let (c, s) = (phi.cos() * self.a, phi.sin() * self.b);
        (c * self.u.0 + s * self.v.0, c * self.u.1 + s * self.v.1)
    }
}

struct Builder<'a> {
    proj: Projection,
    townships: &'a [Township],
    circuity: &'a BTreeMap<String, f64>,
    /// Circuity multiplier per township (index as `townships`).
    township_factor: Vec<f64>,
    /// Measured road distance between two seats (node indices, smaller
    /// first), metres: the length of a road joining them directly.
    seat_road_m: HashMap<(usize, usize), f64>,
    nodes: Vec<GNode>,
    by_id: HashMap<String, usize>,
    links: Vec<GLink>,
    pairs: HashSet<(usize, usize)>,
}

impl Builder<'_> {
    fn add_node(&mut self, id: &str, lon: f64, lat: f64) -> usize {
        if let Some(&n) = self.by_id.get(id) {
            return n;
        }
        let (lon, lat) = (round6(lon), round6(lat));
        let (x, y) = self.proj.xy(lon, lat);
        let township = self.nearest_seat(x, y);
        self.nodes.push(GNode {
            node: Node {
                id: id.into(),
                lon,
                lat,
            },
            x,
            y,
            township,
        });
        self.by_id.insert(id.into(), self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    /// Index of the township whose seat is nearest (seats are nodes 0..n).
    fn nearest_seat(&self, x: f64, y: f64) -> usize {
        let seats = self.townships.len().min(self.nodes.len());
        (0..seats)
            .min_by(|&i, &j| {
                let di = (self.nodes[i].x - x).hypot(self.nodes[i].y - y);
                let dj = (self.nodes[j].x - x).hypot(self.nodes[j].y - y);
                di.total_cmp(&dj)
            })
            .unwrap_or(self.nodes.len())
    }

    fn mountain(&self, n: usize) -> bool {
        self.townships
            .get(self.nodes[n].township)
            .is_some_and(|t| t.terrain == Terrain::Mountain)
    }

    fn add_link(&mut self, a: usize, b: usize, base: &str, name: &str) -> Result<(), BuiltinError> {
        self.add_link_with(a, b, base, name, None)
    }

    /// A link; `own_circuity` (a named road's own) replaces the class's and
    /// the townships' factors.
    fn add_link_with(
        &mut self,
        a: usize,
        b: usize,
        base: &str,
        name: &str,
        own_circuity: Option<f64>,
    ) -> Result<(), BuiltinError> {
        let key = (a.min(b), a.max(b));
        if a == b || !self.pairs.insert(key) {
            return Ok(());
        }
        let class = if base != "expressway" && (self.mountain(a) || self.mountain(b)) {
            format!("{base}_mountain")
        } else {
            base.to_string()
        };
        let class_factor = match own_circuity {
            Some(c) => c,
            None => *self.circuity.get(&class).ok_or_else(|| {
                BuiltinError::Data(format!("generator.toml: [circuity] has no `{class}`"))
            })?,
        };
        // expressways, their ramps and town streets keep their class's
        // circuity; other roads wind as much as the townships they join
        let factor = if TOWNSHIP_FACTOR_EXEMPT.iter().any(|c| class.starts_with(c))
            || own_circuity.is_some()
        {
            class_factor
        } else {
            let f = |n: usize| {
                self.township_factor
                    .get(self.nodes[n].township)
                    .copied()
                    .unwrap_or(1.0)
            };
            (class_factor * (f(a) * f(b)).sqrt()).max(1.0)
        };
        let straight_m = self.nodes[a].node.distance_m(&self.nodes[b].node);
        // a road straight from seat to seat is as long as the measured road
        let length_m = match self.seat_road_m.get(&key) {
            Some(&measured) if !class.starts_with("expressway") => measured.max(straight_m),
            _ => straight_m * factor,
        };
        self.links.push(GLink {
            a,
            b,
            class,
            name: name.into(),
            straight_m,
            length_m,
        });
        Ok(())
    }

    fn dist(&self, a: usize, b: usize) -> f64 {
        (self.nodes[a].x - self.nodes[b].x).hypot(self.nodes[a].y - self.nodes[b].y)
    }

    /// The `k` nodes of `candidates` nearest to `n`, nearest first (ties by index).
    fn nearest(&self, n: usize, candidates: &[usize], k: usize) -> Vec<usize> {
        let mut c: Vec<usize> = candidates.iter().copied().filter(|&m| m != n).collect();
        c.sort_by(|&p, &q| self.dist(n, p).total_cmp(&self.dist(n, q)).then(p.cmp(&q)));
        c.truncate(k);
        c
    }

    /// Joins every connected component to the one holding node 0 by its
    /// shortest possible link, until the graph is connected.
    fn connect_components(&mut self) -> Result<usize, BuiltinError> {
        let mut added = 0;
        loop {
            let comp = self.components();
            let main = comp[0];
            let Some(stray) = (0..self.nodes.len()).find(|&n| comp[n] != main) else {
                return Ok(added);
            };
            let members: Vec<usize> = (0..self.nodes.len())
                .filter(|&n| comp[n] == comp[stray])
                .collect();
            let mut best = (f64::INFINITY, 0, 0);
            for &p in &members {
                for q in 0..self.nodes.len() {
                    if comp[q] != comp[stray] && self.dist(p, q) < best.0 {
                        best = (self.dist(p, q), p, q);
                    }
                }
            }
            let class = if best.1 < self.townships.len() && best.2 < self.townships.len() {
                "county"
            } else {
                "village"
            };
            self.add_link(best.1, best.2, class, "")?;
            added += 1;
        }
    }

    fn components(&self) -> Vec<usize> {
        let mut parent: Vec<usize> = (0..self.nodes.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for l in &self.links {
            let (ra, rb) = (find(&mut parent, l.a), find(&mut parent, l.b));
            parent[ra.max(rb)] = ra.min(rb);
        }
        (0..self.nodes.len())
            .map(|n| find(&mut parent, n))
            .collect()
    }
}

/// Generates the schematic district from its three input files.
///
/// `measured_csv` is the file `[calibration] measured` names (its text),
/// needed when `seat_links_from_measured` is set.
pub fn generate(
    params_toml: &str,
    townships_csv: &str,
    boundary_geojson: &str,
    measured_csv: Option<&str>,
) -> Result<Generated, BuiltinError> {
    let params = read_params(params_toml)?;
    let townships = read_townships(townships_csv)?;
    let boundary = read_boundary(boundary_geojson)?;
    let measured = match (measured_csv, &params.calibration.measured) {
        (Some(text), Some(name)) => read_measured(text, name)?,
        _ => Vec::new(),
    };
    generate_from(&params, &townships, &boundary, &measured)
}

/// Parses the district outline.
pub fn read_boundary(boundary_geojson: &str) -> Result<Polygon<f64>, BuiltinError> {
    crate::network::geojson::read_polygon(boundary_geojson, "boundary.geojson")
        .map_err(|e| BuiltinError::Data(e.render(crate::i18n::Lang::En)))
}

/// Generates the schematic district from parsed inputs (the calibration
/// fit calls this once per round with new township factors).
pub fn generate_from(
    params: &GeneratorParams,
    townships: &[Township],
    boundary: &Polygon<f64>,
    measured: &[MeasuredDistance],
) -> Result<Generated, BuiltinError> {
    if params.calibration.seat_links_from_measured && measured.is_empty() {
        return Err(BuiltinError::Data(
            "generator.toml: [calibration] seat_links_from_measured needs the file `measured` names"
                .into(),
        ));
    }
    for id in params.township_circuity.keys() {
        if !townships.iter().any(|t| &t.id == id) {
            return Err(BuiltinError::Data(format!(
                "generator.toml: township_circuity.{id}: no such township in townships.csv"
            )));
        }
    }
    let proj = Projection::new(params.builtup.center[0], params.builtup.center[1]);
    let ellipse = Ellipse::new(&params.builtup);
    let mut g = Builder {
        proj,
        townships,
        circuity: &params.circuity,
        seat_road_m: if params.calibration.seat_links_from_measured {
            measured
                .iter()
                .filter_map(|d| {
                    let seat = |id: &str| townships.iter().position(|t| t.id == id);
                    let (a, b) = (seat(&d.from)?, seat(&d.to)?);
                    Some(((a.min(b), a.max(b)), d.road_km * 1000.0))
                })
                .collect()
        } else {
            HashMap::new()
        },
        township_factor: townships
            .iter()
            .map(|t| params.township_circuity.get(&t.id).copied().unwrap_or(1.0))
            .collect(),
        nodes: Vec::new(),
        by_id: HashMap::new(),
        links: Vec::new(),
        pairs: HashSet::new(),
    };
    for t in townships {
        g.add_node(&t.id, t.lon, t.lat);
    }
    for (i, n) in g.nodes.iter_mut().enumerate() {
        n.township = i;
    }
    let seats: Vec<usize> = (0..townships.len()).collect();

    // the urban street grid inside the built-up ellipse
    let s = params.urban_grid.spacing_m;
    let reach = (ellipse.a / s).ceil() as i64;
    let mut urban: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for j in -reach..=reach {
        for i in -reach..=reach {
            let (x, y) = (i as f64 * s, j as f64 * s);
            if ellipse.contains(x, y) {
                let (lon, lat) = lonlat6(&proj, x, y);
                let n = g.add_node(&format!("u{}_{}", i + reach, j + reach), lon, lat);
                urban.insert((i, j), n);
            }
        }
    }
    let every = i64::from(params.urban_grid.arterial_every);
    for (&(i, j), &n) in &urban {
        if let Some(&m) = urban.get(&(i + 1, j)) {
            let class = if j.rem_euclid(every) == 0 {
                "urban_arterial"
            } else {
                "urban_street"
            };
            g.add_link(n, m, class, "")?;
        }
        if let Some(&m) = urban.get(&(i, j + 1)) {
            let class = if i.rem_euclid(every) == 0 {
                "urban_arterial"
            } else {
                "urban_street"
            };
            g.add_link(n, m, class, "")?;
        }
    }
    let urban_nodes: Vec<usize> = urban.values().copied().collect();
    let seat_in_town: Vec<bool> = seats
        .iter()
        .map(|&n| ellipse.contains(g.nodes[n].x, g.nodes[n].y))
        .collect();
    for &n in &seats {
        if seat_in_town[n] {
            for m in g.nearest(n, &urban_nodes, 2) {
                g.add_link(n, m, "urban_street", "")?;
            }
        }
    }

    // the village grid over the rest of the district
    let v = params.villages.spacing_m;
    let ring: Vec<(f64, f64)> = boundary
        .exterior()
        .points()
        .map(|p| proj.xy(p.x(), p.y()))
        .collect();
    let (min_x, max_x) = ring
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (min_y, max_y) = ring
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let (i0, i1) = ((min_x / v).floor() as i64, (max_x / v).ceil() as i64);
    let (j0, j1) = ((min_y / v).floor() as i64, (max_y / v).ceil() as i64);
    let mut villages: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for j in j0..=j1 {
        for i in i0..=i1 {
            let (x, y) = (i as f64 * v, j as f64 * v);
            let (lon, lat) = lonlat6(&proj, x, y);
            if !boundary.contains(&Point::new(lon, lat)) || ellipse.contains(x, y) {
                continue;
            }
            let near_seat = seats.iter().any(|&n| {
                (g.nodes[n].x - x).hypot(g.nodes[n].y - y) < params.villages.min_distance_to_seat_m
            });
            let near_town = urban_nodes
                .iter()
                .any(|&n| (g.nodes[n].x - x).hypot(g.nodes[n].y - y) < v / 2.0);
            if !near_seat && !near_town {
                let n = g.add_node(&format!("v{}_{}", i - i0, j - j0), lon, lat);
                villages.insert((i, j), n);
            }
        }
    }
    for (&(i, j), &n) in &villages {
        for next in [(i + 1, j), (i, j + 1)] {
            if let Some(&m) = villages.get(&next) {
                g.add_link(n, m, "village", "")?;
            }
        }
    }
    let village_nodes: Vec<usize> = villages.values().copied().collect();
    for &n in &seats {
        for m in g.nearest(n, &village_nodes, params.villages.seat_links) {
            if g.dist(n, m) <= 2.0 * v {
                g.add_link(n, m, "village", "")?;
            }
        }
    }
    for &n in &village_nodes {
        if let Some(&m) = g.nearest(n, &urban_nodes, 1).first()
            && g.dist(n, m) <= v
        {
            g.add_link(n, m, "village", "")?;
        }
    }

    // named roads
    for (r, road) in params.roads.iter().enumerate() {
        let mut previous: Option<usize> = None;
        for (k, w) in road.through.iter().enumerate() {
            let here = format!("generator.toml: roads[{r}] ({}) through[{k}]", road.name);
            let n = match (&w.seat, w.lon, w.lat) {
                (Some(seat), None, None) => *g
                    .by_id
                    .get(seat.as_str())
                    .filter(|&&n| n < townships.len())
                    .ok_or_else(|| {
                        BuiltinError::Data(format!("{here}: unknown township `{seat}`"))
                    })?,
                (None, Some(lon), Some(lat)) => {
                    let id = w.id.clone().unwrap_or_else(|| format!("r{r}w{k}"));
                    g.add_node(&id, lon, lat)
                }
                _ => {
                    return Err(BuiltinError::Data(format!(
                        "{here}: give either seat or lon and lat"
                    )));
                }
            };
            for exit in &w.exit {
                let target = if exit == "urban" {
                    g.nearest(n, &urban_nodes, 1).first().copied()
                } else {
                    g.by_id
                        .get(exit.as_str())
                        .copied()
                        .filter(|&t| t < townships.len())
                }
                .ok_or_else(|| BuiltinError::Data(format!("{here}: unknown exit `{exit}`")))?;
                // a long access road is a county road, not a slip road
                let class = if g.dist(n, target) <= MAX_RAMP_M {
                    "ramp"
                } else {
                    "county"
                };
                g.add_link(n, target, class, &format!("{} access", road.name))?;
            }
            if let Some(p) = previous {
                g.add_link_with(p, n, &road.class, &road.name, road.circuity)?;
            }
            previous = Some(n);
        }
    }

    // county roads between neighbouring seats
    for &n in &seats {
        for m in g.nearest(n, &seats, params.county_roads.neighbours) {
            g.add_link(n, m, "county", "")?;
        }
    }
    let joined = g.connect_components()?;

    let roads = roads_text(&g);
    let places = places_text(
        &g,
        &params.population,
        &urban_nodes,
        &village_nodes,
        &seat_in_town,
    )?;
    let builtup = builtup_text(&params.builtup, &ellipse, &proj);
    let mut km: BTreeMap<&str, f64> = BTreeMap::new();
    for l in &g.links {
        *km.entry(&l.class).or_default() += l.length_m / 1000.0;
    }
    let mut summary = vec![format!(
        "{} nodes ({} seats, {} urban, {} village), {} links, {} links added to connect stray parts",
        g.nodes.len(),
        seats.len(),
        urban_nodes.len(),
        village_nodes.len(),
        g.links.len(),
        joined
    )];
    summary.extend(km.iter().map(|(c, k)| format!("{c}: {k:.1} km")));
    Ok(Generated {
        roads,
        places,
        builtup,
        summary,
    })
}

fn check_params(p: &GeneratorParams) -> Result<(), BuiltinError> {
    let positive = [
        ("builtup.area_km2", p.builtup.area_km2),
        ("builtup.axis_ratio", p.builtup.axis_ratio),
        ("urban_grid.spacing_m", p.urban_grid.spacing_m),
        ("villages.spacing_m", p.villages.spacing_m),
        ("population.total", p.population.total),
    ];
    for (key, value) in positive {
        if !(value.is_finite() && value > 0.0) {
            return Err(BuiltinError::Data(format!(
                "generator.toml: {key} must be positive, not {value}"
            )));
        }
    }
    // bounds that keep a generated district a district: a sweep over the
    // generator may set any number, and 1e9 vertices or an axis ratio of
    // 4294967296 would exhaust memory or time, or leave the globe
    let bounded = [
        ("builtup.area_km2", p.builtup.area_km2, 0.1, MAX_BUILTUP_KM2),
        ("builtup.axis_ratio", p.builtup.axis_ratio, 1.0, 20.0),
        (
            "builtup.axis_bearing_deg",
            p.builtup.axis_bearing_deg,
            -360.0,
            360.0,
        ),
        (
            "builtup.vertices",
            f64::from(p.builtup.vertices),
            8.0,
            2_000.0,
        ),
        ("builtup.center[0]", p.builtup.center[0], -180.0, 180.0),
        ("builtup.center[1]", p.builtup.center[1], -85.0, 85.0),
        (
            "urban_grid.spacing_m",
            p.urban_grid.spacing_m,
            50.0,
            5_000.0,
        ),
        (
            "urban_grid.arterial_every",
            f64::from(p.urban_grid.arterial_every),
            1.0,
            100.0,
        ),
        ("villages.spacing_m", p.villages.spacing_m, 200.0, 50_000.0),
        (
            "villages.min_distance_to_seat_m",
            p.villages.min_distance_to_seat_m,
            0.0,
            50_000.0,
        ),
        (
            "villages.seat_links",
            p.villages.seat_links as f64,
            0.0,
            20.0,
        ),
        (
            "county_roads.neighbours",
            p.county_roads.neighbours as f64,
            0.0,
            20.0,
        ),
        ("population.total", p.population.total, 1.0, 1e9),
    ];
    for (key, value, low, high) in bounded {
        if !(value.is_finite() && (low..=high).contains(&value)) {
            return Err(BuiltinError::Data(format!(
                "generator.toml: {key} must be between {low} and {high}, not {value}"
            )));
        }
    }
    let urban_nodes = p.builtup.area_km2 * 1e6 / (p.urban_grid.spacing_m * p.urban_grid.spacing_m);
    if urban_nodes > MAX_URBAN_NODES {
        return Err(BuiltinError::Data(format!(
            "generator.toml: builtup.area_km2 = {} with urban_grid.spacing_m = {} makes about {} street nodes, more than {MAX_URBAN_NODES}",
            p.builtup.area_km2,
            p.urban_grid.spacing_m,
            urban_nodes.round()
        )));
    }
    if p.urban_grid.spacing_m < 50.0 || p.villages.spacing_m < 200.0 {
        return Err(BuiltinError::Data(
            "generator.toml: grid spacings below 50 m (urban) or 200 m (villages) would make millions of nodes".into(),
        ));
    }
    if !(0.0..=1.0).contains(&p.population.seat_share)
        || !(0.0..p.population.total).contains(&p.population.urban)
    {
        return Err(BuiltinError::Data(
            "generator.toml: population.seat_share must be in [0, 1] and population.urban in [0, total)".into(),
        ));
    }
    if p.urban_grid.arterial_every == 0 || p.builtup.vertices < 8 {
        return Err(BuiltinError::Data(
            "generator.toml: urban_grid.arterial_every must be ≥ 1 and builtup.vertices ≥ 8".into(),
        ));
    }
    for r in &p.roads {
        if let Some(c) = r.circuity
            && !(c.is_finite() && (1.0..=3.0).contains(&c))
        {
            return Err(BuiltinError::Data(format!(
                "generator.toml: roads `{}`: circuity must be between 1 and 3, not {c}",
                r.name
            )));
        }
    }
    for (t, c) in &p.township_circuity {
        if !(c.is_finite() && (0.5..=3.0).contains(c)) {
            return Err(BuiltinError::Data(format!(
                "generator.toml: township_circuity.{t} must be between 0.5 and 3, not {c}"
            )));
        }
    }
    for (class, c) in &p.circuity {
        if !(c.is_finite() && *c >= 1.0) {
            return Err(BuiltinError::Data(format!(
                "generator.toml: circuity.{class} must be at least 1 (a road is never shorter than the straight line), not {c}"
            )));
        }
    }
    Ok(())
}

fn roads_text(g: &Builder<'_>) -> String {
    let features: Vec<LinkFeature<'_>> = g
        .links
        .iter()
        .map(|l| {
            let mut p = JsonObject::new();
            p.insert("class".into(), l.class.clone().into());
            if !l.name.is_empty() {
                p.insert("name".into(), l.name.clone().into());
            }
            p.insert("length_m".into(), round_to(l.length_m, 1).into());
            p.insert("straight_m".into(), round_to(l.straight_m, 1).into());
            LinkFeature {
                from: &g.nodes[l.a].node,
                to: &g.nodes[l.b].node,
                properties: p,
            }
        })
        .collect();
    write_links(crate::network::SCHEMATIC_NOTE, &features)
}

/// Demand points: urban street nodes share the urban population; each
/// township's rural population (census where known, otherwise a uniform
/// density over the rest) is split between its seat and its village nodes.
fn places_text(
    g: &Builder<'_>,
    pop: &PopulationParams,
    urban_nodes: &[usize],
    village_nodes: &[usize],
    seat_in_town: &[bool],
) -> Result<String, BuiltinError> {
    let t_count = g.townships.len();
    let mut villages_of = vec![Vec::new(); t_count];
    for &n in village_nodes {
        villages_of[g.nodes[n].township].push(n);
    }
    let cell_km2 = |t: usize| villages_of[t].len().max(1) as f64;
    let known: f64 = g
        .townships
        .iter()
        .filter_map(|t| t.population_2020)
        .map(f64::from)
        .sum();
    let unknown_cells: f64 = (0..t_count)
        .filter(|&t| g.townships[t].population_2020.is_none())
        .map(cell_km2)
        .sum();
    let per_cell = (pop.total - pop.urban - known) / unknown_cells;
    if per_cell <= 0.0 {
        return Err(BuiltinError::Data(
            "generator.toml: the known township populations and the urban population exceed the total".into(),
        ));
    }
    let mut lines = Vec::new();
    let mut point = |n: usize, setting: &str, weight: f64| {
        let node = &g.nodes[n].node;
        let mut p = JsonObject::new();
        p.insert("node".into(), node.id.clone().into());
        p.insert(
            "zone".into(),
            g.townships[g.nodes[n].township].name_zh.clone().into(),
        );
        p.insert("setting".into(), setting.into());
        p.insert("weight".into(), round_to(weight, 2).into());
        lines.push(feature_line(
            GeometryValue::new_point([node.lon, node.lat]),
            p,
        ));
    };
    for &n in urban_nodes {
        point(n, "urban", pop.urban / urban_nodes.len() as f64);
    }
    for t in 0..t_count {
        let people = g.townships[t]
            .population_2020
            .map_or(per_cell * cell_km2(t), f64::from);
        let vs = &villages_of[t];
        let seat_people = match (seat_in_town[t], vs.is_empty()) {
            (true, _) => 0.0,
            (false, true) => people,
            (false, false) => people * pop.seat_share,
        };
        if seat_people > 0.0 {
            point(t, "rural", seat_people);
        }
        for &n in vs {
            point(n, "rural", (people - seat_people) / vs.len() as f64);
        }
    }
    Ok(collection_text(
        "Demand points of the SCHEMATIC Liangping graph: weight = residents represented (ASSUMPTIONS in scenarios/liangping/generator.toml [population]); zone = township of the nearest seat; setting = urban inside the assumed built-up area, rural elsewhere.",
        lines.into_iter(),
    ))
}

fn builtup_text(p: &BuiltupParams, e: &Ellipse, proj: &Projection) -> String {
    let mut ring: Vec<geojson::Position> = (0..p.vertices)
        .map(|k| {
            let (x, y) = e.point(std::f64::consts::TAU * f64::from(k) / f64::from(p.vertices));
            let (lon, lat) = lonlat6(proj, x, y);
            [lon, lat].into()
        })
        .collect();
    // GeoJSON rings run counter-clockwise; the parametrisation above runs clockwise
    ring.reverse();
    ring.push(ring[0].clone());
    let polygon: Polygon<f64> = Polygon::new(
        ring.iter().map(|q| (q[0], q[1])).collect::<Vec<_>>().into(),
        vec![],
    );
    let mut props = JsonObject::new();
    props.insert(
        "name".into(),
        "梁平区建成区 built-up area (ASSUMPTION)".into(),
    );
    props.insert(
        "area_km2".into(),
        round_to(polygon.geodesic_area_unsigned() / 1e6, 2).into(),
    );
    props.insert(
        "method".into(),
        format!(
            "ellipse of {} km2 (plan 第一章第二节) centred at {:?}, long axis bearing {} deg (the NE-SW 梁平坝子 plain), axis ratio {}; the real outline is not public",
            p.area_km2, p.center, p.axis_bearing_deg, p.axis_ratio
        )
        .into(),
    );
    collection_text(
        "ASSUMED built-up area of Liangping (generated by firecover from scenarios/liangping/generator.toml)",
        std::iter::once(feature_line(
            GeometryValue::Polygon {
                coordinates: vec![ring],
            },
            props,
        )),
    )
}
