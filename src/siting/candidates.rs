//! Candidate sites for new stations: the road nodes inside a polygon,
//! thinned to a spacing, or a list of sites from a file; minus exclusion
//! polygons and set-backs. Only nodes of the network's largest strongly
//! connected part qualify, so that a new station can reach every place and
//! come back.

use crate::i18n::Catalogued;
use crate::said;
use std::collections::HashMap;
use std::path::Path;

use geo::{Contains, Distance, Haversine, Point};

use crate::ids::NodeId;
use crate::network::Projection;
use crate::scenario::{CandidateSettings, Scenario};

use super::SitingError;

/// Most candidate sites one study takes (each costs a shortest-path tree or
/// a matrix column).
pub const MAX_CANDIDATES: usize = 50_000;

/// Snapping a listed site farther than this from a road node is refused.
const MAX_SNAP_M: f64 = 2_000.0;

/// One place a station may go.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateSite {
    /// Label: the listed id, `node:<id>` for a road node, or the id of the
    /// removable station it stands for.
    pub id: String,
    /// Name from the list, if any.
    pub name: Option<String>,
    /// The road node it stands at.
    pub node: NodeId,
    /// Longitude of the node.
    pub lon: f64,
    /// Latitude of the node.
    pub lat: f64,
    /// The removable station this is the current site of.
    pub existing: Option<usize>,
}

/// Where the candidates came from.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CandidateOrigin {
    /// Listed in a file.
    List {
        /// The file.
        file: String,
    },
    /// Road nodes inside `[siting.candidates] within`.
    Within {
        /// The polygon's file, when it came from one.
        polygon: Option<String>,
    },
    /// Road nodes inside the scenario's region.
    Region {
        /// The builtin district whose outline it is.
        builtin: Option<String>,
        /// The boundary's file, when it came from one.
        file: Option<String>,
    },
    /// Every road node.
    #[default]
    Everywhere,
}

/// How the candidates were found, in counts.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct CandidateReport {
    /// Where they came from.
    pub origin: CandidateOrigin,
    /// Least distance between two road-node candidates, metres (absent for
    /// a list, which is taken as it is).
    pub spacing_m: Option<f64>,
    /// Sites considered before thinning and exclusions.
    pub considered: usize,
    /// Dropped as inside an exclusion polygon.
    pub excluded: usize,
    /// Dropped by a set-back.
    pub set_back: usize,
    /// Dropped by the spacing.
    pub thinned: usize,
    /// Dropped as off the network's main strongly connected part.
    pub disconnected: usize,
    /// Kept (new sites; removable stations come on top).
    pub kept: usize,
}

/// The candidate sites of a scenario under `settings`.
pub fn find(
    scenario: &Scenario,
    settings: &CandidateSettings,
) -> Result<(Vec<CandidateSite>, CandidateReport), SitingError> {
    let network = &scenario.network;
    let nodes = network.nodes();
    let (components, main) = network.strong_components();
    let mut report = CandidateReport::default();
    let mut raw: Vec<(String, Option<String>, NodeId)> = Vec::new();
    match &settings.file {
        Some(path) => {
            report.origin = CandidateOrigin::List {
                file: path.display().to_string(),
            };
            for (id, name, lon, lat, line) in read_site_list(path)? {
                let Some((node, d)) = network.nearest_node(lon, lat) else {
                    return Err(SitingError::input(said!("site-no-nodes")));
                };
                if d > MAX_SNAP_M {
                    return Err(SitingError::input(said!(
                        "site-list-too-far",
                        file = path.display(),
                        line = line,
                        site = id,
                        distance = format!("{d:.0}"),
                        max = format!("{MAX_SNAP_M:.0}")
                    )));
                }
                raw.push((id, name, node));
            }
        }
        None => {
            let area = &scenario.area;
            let (polygon, origin) = match (&settings.within, &area.boundary) {
                (Some(p), _) => (
                    Some(p),
                    CandidateOrigin::Within {
                        polygon: settings.within_source.clone(),
                    },
                ),
                (None, Some(b)) => (
                    Some(b),
                    CandidateOrigin::Region {
                        builtin: area.builtin_outline.clone(),
                        file: area
                            .builtin_outline
                            .is_none()
                            .then(|| area.boundary_source.clone())
                            .flatten(),
                    },
                ),
                (None, None) => (None, CandidateOrigin::Everywhere),
            };
            report.origin = origin;
            report.spacing_m = Some(settings.spacing_m);
            for (k, n) in nodes.iter().enumerate() {
                if polygon.is_none_or(|p| p.contains(&Point::new(n.lon, n.lat))) {
                    raw.push((format!("node:{}", n.id), None, NodeId::from_index(k)));
                }
            }
        }
    }
    report.considered = raw.len();
    let mut kept: Vec<CandidateSite> = Vec::new();
    let centre = nodes.first().map_or((0.0, 0.0), |n| (n.lon, n.lat));
    let projection = Projection::new(centre.0, centre.1);
    let spacing = settings.spacing_m;
    let mut grid: HashMap<(i64, i64), Vec<(f64, f64)>> = HashMap::new();
    let thin = settings.file.is_none() && spacing > 0.0;
    let mut seen_nodes: Vec<bool> = vec![false; nodes.len()];
    for (id, name, node) in raw {
        let n = &nodes[node.index()];
        let here = Point::new(n.lon, n.lat);
        if components[node.index()] != main {
            report.disconnected += 1;
            continue;
        }
        if settings.exclude.iter().any(|(_, p)| p.contains(&here)) {
            report.excluded += 1;
            continue;
        }
        if settings
            .setbacks
            .iter()
            .any(|s| Haversine.distance(here, Point::new(s.lon, s.lat)) < s.distance_m)
        {
            report.set_back += 1;
            continue;
        }
        if seen_nodes[node.index()] {
            // two listed sites on one node are one candidate
            report.thinned += 1;
            continue;
        }
        if thin {
            let (x, y) = projection.xy(n.lon, n.lat);
            let cell = ((x / spacing).floor() as i64, (y / spacing).floor() as i64);
            let close = (-1..=1).any(|dx| {
                (-1..=1).any(|dy| {
                    grid.get(&(cell.0 + dx, cell.1 + dy)).is_some_and(|pts| {
                        pts.iter().any(|&(px, py)| (px - x).hypot(py - y) < spacing)
                    })
                })
            });
            if close {
                report.thinned += 1;
                continue;
            }
            grid.entry(cell).or_default().push((x, y));
        }
        seen_nodes[node.index()] = true;
        kept.push(CandidateSite {
            id,
            name,
            node,
            lon: n.lon,
            lat: n.lat,
            existing: None,
        });
        if kept.len() > MAX_CANDIDATES {
            return Err(SitingError::input(said!(
                "site-too-many-candidates",
                max = MAX_CANDIDATES,
                spacing = spacing
            )));
        }
    }
    report.kept = kept.len();
    Ok((kept, report))
}

/// One listed site: id, name, lon, lat and its line (or feature number).
type ListedSite = (String, Option<String>, f64, f64, u64);

/// A site list: CSV `id,lon,lat[,name]` with a header, or GeoJSON points
/// (`id` and `name` properties). Each site with its line (CSV) or feature
/// number (GeoJSON).
fn read_site_list(path: &Path) -> Result<Vec<ListedSite>, SitingError> {
    let text = crate::input::read_text(path, crate::input::Limit::Geodata)
        .map_err(|e| SitingError::input(e.said()))?;
    let is_geojson = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"));
    let bad = |line: u64, mut said: Catalogued| {
        said.args.push(("file", path.display().to_string()));
        said.args.push(("line", line.to_string()));
        SitingError::input(said)
    };
    let check = |line: u64, lon: f64, lat: f64| -> Result<(), SitingError> {
        if !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
            return Err(bad(
                line,
                said!("site-list-coordinates", lon = lon, lat = lat),
            ));
        }
        Ok(())
    };
    // an id or a name with a control character would reach the terminal
    // and the maps raw
    let clean = |line: u64, id: &str, name: Option<&str>| -> Result<(), SitingError> {
        for text in std::iter::once(id).chain(name) {
            if text.chars().any(char::is_control) {
                return Err(bad(
                    line,
                    said!("site-list-control", value = text.escape_debug().to_string()),
                ));
            }
        }
        Ok(())
    };
    let mut out = Vec::new();
    if is_geojson {
        let doc: geojson::GeoJson = text
            .parse()
            .map_err(|e: geojson::Error| SitingError::input(format!("{}: {e}", path.display())))?;
        let features = match doc {
            geojson::GeoJson::FeatureCollection(c) => c.features,
            geojson::GeoJson::Feature(f) => vec![f],
            geojson::GeoJson::Geometry(_) => {
                return Err(SitingError::input(said!(
                    "site-list-geometry",
                    file = path.display()
                )));
            }
        };
        for (k, f) in features.iter().enumerate() {
            let at = k as u64 + 1;
            let Some(geojson::GeometryValue::Point { coordinates }) =
                f.geometry.as_ref().map(|g| &g.value)
            else {
                return Err(SitingError::input(said!(
                    "site-list-not-a-point",
                    file = path.display(),
                    feature = at
                )));
            };
            let [lon, lat, ..] = coordinates[..] else {
                return Err(SitingError::input(said!(
                    "site-list-position",
                    file = path.display(),
                    feature = at
                )));
            };
            let prop = |key: &str| {
                f.property(key).map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            };
            let id = prop("id").unwrap_or_else(|| format!("site{at}"));
            check(at, lon, lat)?;
            let name = prop("name");
            clean(at, &id, name.as_deref())?;
            out.push((id, name, lon, lat, at));
        }
    } else {
        let mut rd = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut seen: HashMap<String, u64> = HashMap::new();
        for record in rd.records() {
            let record =
                record.map_err(|e| SitingError::input(format!("{}: {e}", path.display())))?;
            let line = record.position().map_or(0, |p| p.line());
            if !(3..=4).contains(&record.len()) {
                return Err(bad(line, said!("site-list-columns", values = record.len())));
            }
            let num = |k: usize, what: &str| -> Result<f64, SitingError> {
                record[k]
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        bad(
                            line,
                            said!(
                                "site-list-not-a-number",
                                column = what,
                                text = record[k].escape_debug().to_string()
                            ),
                        )
                    })
            };
            let (lon, lat) = (num(1, "lon")?, num(2, "lat")?);
            check(line, lon, lat)?;
            let id = record[0].to_owned();
            let name = record.get(3).filter(|s| !s.is_empty()).map(str::to_owned);
            clean(line, &id, name.as_deref())?;
            if let Some(first) = seen.insert(id.clone(), line) {
                return Err(bad(
                    line,
                    said!("site-list-again", site = id, first = first),
                ));
            }
            out.push((id, name, lon, lat, line));
        }
    }
    if out.is_empty() {
        return Err(SitingError::input(said!(
            "site-list-empty",
            file = path.display()
        )));
    }
    Ok(out)
}

impl CandidateReport {
    /// Where the candidates came from, in `lang`.
    pub fn source_text(&self, lang: crate::i18n::Lang) -> String {
        use crate::tr;
        let source = match &self.origin {
            CandidateOrigin::List { file } => tr!(lang, "site-source-list", file = file.as_str()),
            CandidateOrigin::Within { polygon: Some(p) } => {
                tr!(lang, "site-source-within", polygon = p.as_str())
            }
            CandidateOrigin::Within { polygon: None } => lang.t("site-source-within-given"),
            CandidateOrigin::Region { builtin, file } => {
                let region = match (builtin, file) {
                    (Some(name), _) => {
                        tr!(lang, "site-source-region-builtin", name = name.as_str())
                    }
                    (None, Some(f)) => f.clone(),
                    (None, None) => lang.t("site-source-region-given"),
                };
                tr!(lang, "site-source-region", region = region)
            }
            CandidateOrigin::Everywhere => lang.t("site-source-everywhere"),
        };
        match self.spacing_m {
            Some(spacing) => tr!(
                lang,
                "site-source-spacing",
                source = source,
                spacing = format!("{spacing:.0}")
            ),
            None => source,
        }
    }
}
