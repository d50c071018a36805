//! Raw structs → typed [`Scenario`], collecting every problem with its key path.

use std::collections::{BTreeMap, HashMap};

use super::diagnostic::{Diagnostic, Diagnostics, Severity};
use super::raw::*;
use super::source::{Document, join_index, join_key};
use super::*;
use crate::ids::{NodeId, StationId, UnitKindId, ZoneId};
use crate::network::{Edge, Network, Node};

/// Snapping farther than this from a coordinate to a node earns a warning.
const SNAP_WARNING_M: f64 = 1_000.0;
/// Most units one `units` line may hold.
const MAX_UNITS_PER_LINE: i64 = 10_000;
/// Most alarms one replication may hold (memory: about 100 bytes each).
const MAX_ALARMS_PER_REPLICATION: f64 = 50_000_000.0;
/// Largest relative weight of a demand point.
const MAX_WEIGHT: f64 = 1e12;

/// A number as a person reads it: plain, or in exponent form when huge or tiny.
fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e9).contains(&v.abs()) {
        format!("{v:.3e}")
    } else {
        format!("{v}")
    }
}

/// Problems gathered during validation, by key path.
#[derive(Default)]
struct Problems {
    found: Vec<(Severity, String, String)>,
}

impl Problems {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.found
            .push((Severity::Error, path.into(), message.into()));
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.found
            .push((Severity::Warning, path.into(), message.into()));
    }

    fn has_errors(&self) -> bool {
        self.found.iter().any(|(s, _, _)| *s == Severity::Error)
    }

    /// A finite number `>= min` (or `> min` when `strict`).
    fn number(&mut self, path: &str, value: f64, min: f64, strict: bool) -> bool {
        if !value.is_finite() {
            self.error(
                path,
                format!("must be a finite number, not {}", show(value)),
            );
            false
        } else if strict && value <= min {
            self.error(
                path,
                format!("must be greater than {min}, not {}", show(value)),
            );
            false
        } else if !strict && value < min {
            self.error(path, format!("must be at least {min}, not {}", show(value)));
            false
        } else {
            true
        }
    }

    fn located(self, doc: &Document) -> Vec<Diagnostic> {
        self.found
            .into_iter()
            .map(|(severity, path, message)| doc.diagnostic(severity, &path, message))
            .collect()
    }
}

/// Deserializes and validates a loaded document.
pub(super) fn validate(doc: &Document) -> Result<(Scenario, Diagnostics), Diagnostics> {
    let mut unknown = Vec::new();
    let mut track = serde_path_to_error::Track::new();
    let value = toml::Value::Table(doc.table.clone());
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    let raw: Result<RawScenario, _> =
        serde_ignored::deserialize(de, |p| unknown.push(ignored_path(&p)));
    let mut problems = Problems::default();
    for path in unknown {
        problems.error(path, "unknown key");
    }
    let raw = match raw {
        Ok(raw) => raw,
        Err(e) => {
            let path = error_path(&track.path());
            problems.error(path, e.to_string());
            return Err(Diagnostics(problems.located(doc)));
        }
    };
    let scenario = build(raw, doc, &mut problems);
    let failed = problems.has_errors();
    let diagnostics = Diagnostics(problems.located(doc));
    match scenario {
        Some(s) if !failed => Ok((s, diagnostics)),
        _ => Err(diagnostics),
    }
}

fn ignored_path(p: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path as P;
    match p {
        P::Root => String::new(),
        P::Seq { parent, index } => join_index(&ignored_path(parent), *index),
        P::Map { parent, key } => join_key(&ignored_path(parent), key),
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            ignored_path(parent)
        }
    }
}

fn error_path(p: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment as S;
    let mut out = String::new();
    for seg in p.iter() {
        match seg {
            S::Seq { index } => out = join_index(&out, *index),
            S::Map { key } => out = join_key(&out, key),
            S::Enum { .. } | S::Unknown => {}
        }
    }
    out
}

/// Builds the scenario; returns `None` when errors make it impossible.
fn build(raw: RawScenario, doc: &Document, p: &mut Problems) -> Option<Scenario> {
    if raw.scenario.name.trim().is_empty() {
        p.error("scenario.name", "must not be empty");
    }
    let standard = standard(&raw.standard, p);
    let network = network(&raw.network, p)?;
    let (stations, unit_kinds, units) = stations(&raw.stations, &network, standard.turnout_s, p);
    let incident_types = incident_types(&raw.incident_types, &unit_kinds, &units, p);
    let demand = demand(&raw.demand, &incident_types, &network, p);
    let simulation = simulation(&raw.simulation, &raw.demand, p);
    if let Some(d) = &demand {
        check_volume(&d.mode, &simulation, p);
    }
    check_connectivity(&network, &stations, &demand, &raw, p);
    if p.has_errors() {
        return None;
    }
    Some(Scenario {
        name: raw.scenario.name,
        description: raw.scenario.description,
        source: doc.files[0].clone(),
        standard,
        network,
        stations,
        unit_kinds,
        units,
        incident_types,
        demand: demand?,
        simulation,
    })
}

fn standard(raw: &RawStandard, p: &mut Problems) -> Standard {
    p.number("standard.turnout_s", raw.turnout_s, 0.0, false);
    p.number("standard.travel_s", raw.travel_s, 0.0, true);
    for (setting, km2) in &raw.jurisdiction_km2 {
        p.number(
            &join_key("standard.jurisdiction_km2", setting),
            *km2,
            0.0,
            true,
        );
    }
    Standard {
        turnout_s: raw.turnout_s,
        travel_s: raw.travel_s,
        jurisdiction_km2: raw.jurisdiction_km2.clone(),
    }
}

fn network(raw: &RawNetwork, p: &mut Problems) -> Option<Network> {
    if raw.nodes.is_empty() {
        p.error("network.nodes", "the network needs at least one node");
        return None;
    }
    if let Some(s) = raw.default_speed_kmh {
        p.number("network.default_speed_kmh", s, 0.0, true);
    }
    let circuity = raw.circuity.unwrap_or(1.0);
    if raw.circuity.is_some() {
        // a road cannot be shorter than the straight line
        p.number("network.circuity", circuity, 1.0, false);
    }
    let mut nodes = Vec::with_capacity(raw.nodes.len());
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut coordinates_ok = true;
    for (i, n) in raw.nodes.iter().enumerate() {
        let path = join_index("network.nodes", i);
        if let Some(&first) = by_id.get(n.id.as_str()) {
            p.error(
                join_key(&path, "id"),
                format!(
                    "duplicate node id `{}` (first at network.nodes[{first}])",
                    n.id
                ),
            );
        } else {
            by_id.insert(&n.id, i);
        }
        coordinates_ok &= check_coordinate(&path, n.lon, n.lat, p);
        nodes.push(Node {
            id: n.id.clone(),
            lon: n.lon,
            lat: n.lat,
        });
    }
    let mut edges = Vec::with_capacity(raw.edges.len() * 2);
    for (i, e) in raw.edges.iter().enumerate() {
        let path = join_index("network.edges", i);
        let from = by_id.get(e.from.as_str()).copied();
        let to = by_id.get(e.to.as_str()).copied();
        if from.is_none() {
            p.error(
                join_key(&path, "from"),
                format!("unknown node `{}`", e.from),
            );
        }
        if to.is_none() {
            p.error(join_key(&path, "to"), format!("unknown node `{}`", e.to));
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let straight = nodes[from].distance_m(&nodes[to]);
        let length_m = match e.length_m {
            Some(l) => {
                p.number(&join_key(&path, "length_m"), l, 0.0, false);
                l
            }
            None => straight * circuity,
        };
        let time_s = if let Some(t) = e.time_s {
            p.number(&join_key(&path, "time_s"), t, 0.0, false);
            t
        } else if let Some(speed) = e.speed_kmh.or(raw.default_speed_kmh) {
            if e.speed_kmh.is_some() {
                p.number(&join_key(&path, "speed_kmh"), speed, 0.0, true);
            }
            length_m / (speed / 3.6)
        } else {
            p.error(
                path.clone(),
                "needs time_s, or speed_kmh (or a [network] default_speed_kmh)",
            );
            continue;
        };
        let (from, to) = (NodeId::from_index(from), NodeId::from_index(to));
        edges.push(Edge {
            from,
            to,
            time_s,
            length_m,
        });
        if !e.oneway {
            edges.push(Edge {
                from: to,
                to: from,
                time_s,
                length_m,
            });
        }
    }
    // an index over invalid coordinates is meaningless; the errors say why
    coordinates_ok.then(|| Network::new(nodes, edges))
}

/// Checks a WGS84 coordinate; true when valid.
fn check_coordinate(path: &str, lon: f64, lat: f64, p: &mut Problems) -> bool {
    let lon_ok = lon.is_finite() && (-180.0..=180.0).contains(&lon);
    let lat_ok = lat.is_finite() && (-90.0..=90.0).contains(&lat);
    if !lon_ok {
        p.error(
            join_key(path, "lon"),
            format!("must be a longitude in [-180, 180], not {lon}"),
        );
    }
    if !lat_ok {
        p.error(
            join_key(path, "lat"),
            format!("must be a latitude in [-90, 90], not {lat}"),
        );
    }
    lon_ok && lat_ok
}

/// Resolves `at` to a node: an id, or a coordinate snapped to the nearest node.
fn resolve_at(at: &RawAt, path: &str, network: &Network, p: &mut Problems) -> Option<NodeId> {
    match at {
        RawAt::Node(id) => {
            let node = network.node_by_id(id);
            if node.is_none() {
                p.error(path, format!("unknown node `{id}`"));
            }
            node
        }
        RawAt::Coord(c) => {
            if !check_coordinate(path, c.lon, c.lat, p) {
                return None;
            }
            let (node, d) = network.nearest_node(c.lon, c.lat)?;
            if d > SNAP_WARNING_M {
                p.warn(
                    path,
                    format!(
                        "snapped to node `{}` {:.0} m away",
                        network.nodes()[node.index()].id,
                        d
                    ),
                );
            }
            Some(node)
        }
    }
}

fn stations(
    raw: &[RawStation],
    network: &Network,
    default_turnout: f64,
    p: &mut Problems,
) -> (Vec<Station>, Vec<String>, Vec<Unit>) {
    if raw.is_empty() {
        p.error("stations", "at least one station is needed");
    }
    let mut stations = Vec::new();
    let mut kinds: Vec<String> = Vec::new();
    let mut units = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, s) in raw.iter().enumerate() {
        let path = join_index("stations", i);
        if let Some(&first) = seen.get(s.id.as_str()) {
            p.error(
                join_key(&path, "id"),
                format!(
                    "duplicate station id `{}` (first at stations[{first}])",
                    s.id
                ),
            );
        } else {
            seen.insert(&s.id, i);
        }
        if s.id.is_empty() {
            p.error(join_key(&path, "id"), "must not be empty");
        }
        let node = resolve_at(&s.at, &join_key(&path, "at"), network, p);
        let turnout_s = s.turnout_s.unwrap_or(default_turnout);
        p.number(&join_key(&path, "turnout_s"), turnout_s, 0.0, false);
        if s.units.is_empty() {
            p.warn(join_key(&path, "units"), "station has no units");
        }
        let station = StationId::from_index(stations.len());
        for (j, u) in s.units.iter().enumerate() {
            let upath = join_index(&join_key(&path, "units"), j);
            if u.kind.trim().is_empty() {
                p.error(join_key(&upath, "kind"), "must not be empty");
            }
            if u.count < 1 {
                p.error(join_key(&upath, "count"), "must be at least 1");
                continue;
            }
            if u.count > MAX_UNITS_PER_LINE {
                p.error(
                    join_key(&upath, "count"),
                    format!(
                        "at most {MAX_UNITS_PER_LINE} units per line, not {}",
                        u.count
                    ),
                );
                continue;
            }
            let kind = match kinds.iter().position(|k| k == &u.kind) {
                Some(k) => k,
                None => {
                    kinds.push(u.kind.clone());
                    kinds.len() - 1
                }
            };
            let already = units
                .iter()
                .filter(|x: &&Unit| x.station == station && x.kind.index() == kind)
                .count();
            for n in 0..u.count as usize {
                units.push(Unit {
                    id: format!("{}/{}-{}", s.id, u.kind, already + n + 1),
                    station,
                    kind: UnitKindId::from_index(kind),
                });
            }
        }
        stations.push(Station {
            id: s.id.clone(),
            name: s.name.clone(),
            node: node.unwrap_or(NodeId(0)),
            turnout_s,
        });
    }
    (stations, kinds, units)
}

fn incident_types(
    raw: &BTreeMap<String, RawIncidentType>,
    kinds: &[String],
    units: &[Unit],
    p: &mut Problems,
) -> Vec<IncidentType> {
    if raw.is_empty() {
        p.error("incident_types", "at least one incident type is needed");
    }
    let mut fleet = vec![0u32; kinds.len()];
    for u in units {
        fleet[u.kind.index()] += 1;
    }
    let known = || {
        if kinds.is_empty() {
            "no station has units".to_string()
        } else {
            format!("stations have: {}", kinds.join(", "))
        }
    };
    let mut out = Vec::new();
    for (name, t) in raw {
        let path = join_key("incident_types", name);
        let service = service(&t.service, &join_key(&path, "service"), p);
        let dpath = join_key(&path, "dispatch");
        if t.dispatch.is_empty() {
            p.error(dpath.clone(), "must send at least one unit");
        }
        let mut dispatch = Vec::new();
        for (i, r) in t.dispatch.iter().enumerate() {
            let rpath = join_index(&dpath, i);
            let mut ids = Vec::new();
            for (k, kind) in std::iter::once(&r.kind).chain(&r.fallback).enumerate() {
                let kpath = if k == 0 {
                    join_key(&rpath, "kind")
                } else {
                    join_index(&join_key(&rpath, "or"), k - 1)
                };
                match kinds.iter().position(|x| x == kind) {
                    Some(id) if ids.contains(&UnitKindId::from_index(id)) => {
                        p.error(kpath, format!("unit kind `{kind}` listed twice"));
                    }
                    Some(id) => ids.push(UnitKindId::from_index(id)),
                    None => p.error(kpath, format!("unknown unit kind `{kind}` ({})", known())),
                }
            }
            if r.count < 1 {
                p.error(join_key(&rpath, "count"), "must be at least 1");
                continue;
            }
            let available: u32 = ids.iter().map(|k| fleet[k.index()]).sum();
            if !ids.is_empty() && i64::from(available) < r.count {
                p.error(
                    rpath.clone(),
                    format!(
                        "no station can ever satisfy this rule: it needs {} unit(s) of {} but the whole fleet has {}",
                        r.count,
                        std::iter::once(&r.kind).chain(&r.fallback).cloned().collect::<Vec<_>>().join(" or "),
                        available
                    ),
                );
            }
            dispatch.push(Requirement {
                kinds: ids,
                count: r.count.clamp(0, i64::from(u32::MAX)) as u32,
                nearest_of_any: r.choose == RawChoose::Nearest,
            });
        }
        out.push(IncidentType {
            name: name.clone(),
            service,
            dispatch,
        });
    }
    out
}

fn service(raw: &RawService, path: &str, p: &mut Problems) -> ServiceDist {
    let key = |k: &str| join_key(path, k);
    let require = |p: &mut Problems, name: &str, v: Option<f64>, strict: bool| -> f64 {
        match v {
            Some(x) => {
                p.number(&key(name), x, 0.0, strict);
                x
            }
            None => {
                p.error(
                    path,
                    format!("dist = \"{:?}\" needs {name}", raw.dist).to_lowercase(),
                );
                f64::NAN
            }
        }
    };
    let unused = |p: &mut Problems, names: &[(&str, bool)]| {
        for (name, present) in names {
            if *present {
                p.error(
                    key(name),
                    format!(
                        "not used by dist = \"{}\"",
                        format!("{:?}", raw.dist).to_lowercase()
                    ),
                );
            }
        }
    };
    match raw.dist {
        RawDistKind::Exponential => {
            unused(
                p,
                &[
                    ("sd_s", raw.sd_s.is_some()),
                    ("value_s", raw.value_s.is_some()),
                    ("quantiles", raw.quantiles.is_some()),
                ],
            );
            ServiceDist::Exponential {
                mean_s: require(p, "mean_s", raw.mean_s, true),
            }
        }
        RawDistKind::Lognormal | RawDistKind::Gamma => {
            unused(
                p,
                &[
                    ("value_s", raw.value_s.is_some()),
                    ("quantiles", raw.quantiles.is_some()),
                ],
            );
            let mean_s = require(p, "mean_s", raw.mean_s, true);
            let sd_s = require(p, "sd_s", raw.sd_s, true);
            let cv = sd_s / mean_s;
            if mean_s > 0.0 && sd_s > 0.0 && !(cv.is_finite() && (1e-6..=1e6).contains(&cv)) {
                p.error(key("sd_s"), format!("sd_s / mean_s = {} is outside the range a distribution can be built for (1e-6 to 1e6)", show(cv)));
            }
            if raw.dist == RawDistKind::Lognormal {
                ServiceDist::LogNormal { mean_s, sd_s }
            } else {
                ServiceDist::Gamma { mean_s, sd_s }
            }
        }
        RawDistKind::Fixed => {
            unused(
                p,
                &[
                    ("mean_s", raw.mean_s.is_some()),
                    ("sd_s", raw.sd_s.is_some()),
                    ("quantiles", raw.quantiles.is_some()),
                ],
            );
            ServiceDist::Fixed {
                value_s: require(p, "value_s", raw.value_s, false),
            }
        }
        RawDistKind::Empirical => {
            unused(
                p,
                &[
                    ("mean_s", raw.mean_s.is_some()),
                    ("sd_s", raw.sd_s.is_some()),
                    ("value_s", raw.value_s.is_some()),
                ],
            );
            let quantiles = empirical(raw.quantiles.as_deref(), &key("quantiles"), path, p);
            ServiceDist::Empirical { quantiles }
        }
    }
}

fn empirical(
    rows: Option<&[[f64; 2]]>,
    qpath: &str,
    path: &str,
    p: &mut Problems,
) -> Vec<(f64, f64)> {
    let Some(rows) = rows else {
        p.error(
            path,
            "dist = \"empirical\" needs quantiles = [[p, seconds], ...]",
        );
        return Vec::new();
    };
    if rows.len() < 2 {
        p.error(qpath, "needs at least two rows, from p = 0 to p = 1");
        return Vec::new();
    }
    for (i, [prob, secs]) in rows.iter().enumerate() {
        let rpath = join_index(qpath, i);
        if !prob.is_finite() || !(0.0..=1.0).contains(prob) {
            p.error(
                rpath.clone(),
                format!("probability must be in [0, 1], not {prob}"),
            );
        }
        p.number(&rpath, *secs, 0.0, false);
        if i > 0 {
            let [pp, ps] = rows[i - 1];
            if *prob <= pp {
                p.error(rpath.clone(), "probabilities must increase from row to row");
            }
            if *secs < ps {
                p.error(rpath, "seconds must not decrease from row to row");
            }
        }
    }
    if rows[0][0] != 0.0 || rows[rows.len() - 1][0] != 1.0 {
        p.error(qpath, "the table must start at p = 0 and end at p = 1");
    }
    rows.iter().map(|[a, b]| (*a, *b)).collect()
}

fn type_index(types: &[IncidentType], name: &str) -> Option<usize> {
    types.iter().position(|t| t.name == name)
}

fn demand(
    raw: &RawDemand,
    types: &[IncidentType],
    network: &Network,
    p: &mut Problems,
) -> Option<Demand> {
    let type_names = || {
        types
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mode = match raw.mode {
        RawDemandMode::Poisson => {
            if raw.years.is_some() {
                p.error("demand.years", "only used with mode = \"replay\"");
            }
            let mut per_year = vec![0.0; types.len()];
            match &raw.per_year {
                None => p.error(
                    "demand",
                    "mode = \"poisson\" needs per_year = { <type> = <incidents per year>, ... }",
                ),
                Some(rates) => {
                    for (name, rate) in rates {
                        let path = join_key("demand.per_year", name);
                        match type_index(types, name) {
                            Some(t) => {
                                if p.number(&path, *rate, 0.0, false) {
                                    per_year[t] = *rate;
                                }
                            }
                            None => p.error(
                                path,
                                format!("unknown incident type `{name}` (types: {})", type_names()),
                            ),
                        }
                    }
                    if per_year.iter().all(|r| *r == 0.0) && !p.has_errors() {
                        p.error(
                            "demand.per_year",
                            "no incidents would ever happen: every rate is zero",
                        );
                    }
                }
            }
            DemandMode::Poisson { per_year }
        }
        RawDemandMode::Replay => {
            if raw.per_year.is_some() {
                p.error("demand.per_year", "only used with mode = \"poisson\"");
            }
            let mut years = Vec::new();
            match &raw.years {
                None => p.error("demand", "mode = \"replay\" needs years = [ { year = 2016, <type> = <count>, ... }, ... ]"),
                Some(list) if list.is_empty() => p.error("demand.years", "needs at least one year"),
                Some(list) => {
                    for (i, y) in list.iter().enumerate() {
                        let ypath = join_index("demand.years", i);
                        let year = match i32::try_from(y.year) {
                            Ok(v) if (1..=9999).contains(&v) => v,
                            _ => {
                                p.error(join_key(&ypath, "year"), format!("not a calendar year: {}", y.year));
                                continue;
                            }
                        };
                        if let Some(prev) = years.last().map(|c: &YearCounts| c.year)
                            && year <= prev
                        {
                            p.error(join_key(&ypath, "year"), format!("years must increase ({year} follows {prev})"));
                        }
                        let mut counts = vec![0u32; types.len()];
                        for (name, v) in &y.counts {
                            let path = join_key(&ypath, name);
                            let Some(t) = type_index(types, name) else {
                                p.error(path, format!("unknown incident type `{name}` (types: {})", type_names()));
                                continue;
                            };
                            match v.as_integer().and_then(|n| u32::try_from(n).ok()) {
                                Some(n) => counts[t] = n,
                                None => p.error(path, format!("must be a whole number of incidents, not {v}")),
                            }
                        }
                        years.push(YearCounts { year, counts });
                    }
                }
            }
            DemandMode::Replay { years }
        }
    };
    if raw.points.is_empty() {
        p.error("demand.points", "at least one demand point is needed");
    }
    let mut points = Vec::new();
    let mut zones: Vec<String> = Vec::new();
    let mut total_weight = 0.0;
    for (i, pt) in raw.points.iter().enumerate() {
        let path = join_index("demand.points", i);
        let node = resolve_at(&pt.at, &join_key(&path, "at"), network, p);
        let wpath = join_key(&path, "weight");
        if p.number(&wpath, pt.weight, 0.0, false) {
            if pt.weight > MAX_WEIGHT {
                p.error(
                    wpath,
                    format!(
                        "a relative weight must be at most {MAX_WEIGHT:e}, not {}",
                        show(pt.weight)
                    ),
                );
            } else {
                total_weight += pt.weight;
            }
        }
        let Some(node) = node else { continue };
        let zone_name = pt
            .zone
            .clone()
            .unwrap_or_else(|| network.nodes()[node.index()].id.clone());
        let zone = match zones.iter().position(|z| *z == zone_name) {
            Some(z) => z,
            None => {
                zones.push(zone_name);
                zones.len() - 1
            }
        };
        points.push(DemandPoint {
            node,
            weight: pt.weight,
            zone: ZoneId::from_index(zone),
        });
    }
    if !raw.points.is_empty() && total_weight <= 0.0 {
        p.error("demand.points", "the weights must not all be zero");
    }
    Some(Demand {
        mode,
        points,
        zones,
    })
}

fn simulation(raw: &RawSimulation, demand: &RawDemand, p: &mut Problems) -> Simulation {
    let years = match (demand.mode, raw.years) {
        (RawDemandMode::Poisson, Some(y)) => {
            p.number("simulation.years", y, 0.0, true);
            y
        }
        (RawDemandMode::Poisson, None) => {
            p.error(
                "simulation",
                "mode = \"poisson\" needs years = <simulated years per replication>",
            );
            0.0
        }
        (RawDemandMode::Replay, Some(_)) => {
            p.warn(
                "simulation.years",
                "ignored in replay mode: the simulated period is the replayed years",
            );
            0.0
        }
        (RawDemandMode::Replay, None) => 0.0,
    };
    let replications = match u32::try_from(raw.replications) {
        Ok(n) if n >= 1 => n,
        _ => {
            p.error(
                "simulation.replications",
                format!(
                    "must be a whole number from 1 to {}, not {}",
                    u32::MAX,
                    raw.replications
                ),
            );
            1
        }
    };
    let when_all_busy = match &raw.when_all_busy {
        None | Some(RawWhenBusy::Keyword(RawBusyKeyword::Queue)) => WhenAllBusy::Queue,
        Some(RawWhenBusy::MutualAid(m)) => {
            p.number(
                "simulation.when_all_busy.mutual_aid_delay_s",
                m.mutual_aid_delay_s,
                0.0,
                false,
            );
            WhenAllBusy::MutualAid {
                delay_s: m.mutual_aid_delay_s,
            }
        }
    };
    Simulation {
        years,
        replications,
        seed: raw.seed,
        when_all_busy,
    }
}

/// Warns about stations and demand points outside the main strongly
/// connected part of the road network: their incidents become unreachable.
fn check_connectivity(
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
                format!(
                    "station `{}` at node `{}` cannot reach or be reached from the main road network ({} nodes); it answers only incidents in its own part",
                    s.id,
                    network.nodes()[s.node.index()].id,
                    main_size
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
            let consequence = if station_in_same_part {
                "only stations in its own part can answer it"
            } else {
                "no station can reach it, so its incidents count as unreachable"
            };
            let at = match &raw.demand.points[i].at {
                RawAt::Node(id) => id.clone(),
                RawAt::Coord(_) => network.nodes()[pt.node.index()].id.clone(),
            };
            p.warn(
                join_key(&join_index("demand.points", i), "at"),
                format!("demand point at `{at}` cannot reach or be reached from the main road network; {consequence}"),
            );
        }
    }
}

/// Rejects demand that would not fit in memory: the alarms of one replication
/// are held at once.
fn check_volume(mode: &DemandMode, simulation: &Simulation, p: &mut Problems) {
    let (expected, path) = match mode {
        DemandMode::Poisson { per_year } => (
            per_year.iter().sum::<f64>() * simulation.years,
            "demand.per_year",
        ),
        DemandMode::Replay { years } => (
            years
                .iter()
                .flat_map(|y| y.counts.iter())
                .map(|&c| f64::from(c))
                .sum(),
            "demand.years",
        ),
    };
    if expected > MAX_ALARMS_PER_REPLICATION {
        p.error(
            path,
            format!(
                "{expected:.3e} alarms per replication is more than the {MAX_ALARMS_PER_REPLICATION:e} one replication can hold; run more, shorter replications"
            ),
        );
    }
}
