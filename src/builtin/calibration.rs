//! How close a generated road graph comes to measured road distances: the
//! shortest road distance between township seats on the graph, divided by
//! the distance measured on a real road network (`seat_road_km.csv`).
//!
//! The builtin Liangping graph is calibrated on these ratios; a test
//! recomputes them from the committed `roads.geojson` so that later changes
//! to the generator cannot drift away from the measurements unnoticed.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use geo::Polygon;

use super::BuiltinError;
use super::generator::{GeneratorParams, generate_from};
use super::townships::Township;
use crate::ids::NodeId;
use crate::network::Csr;
use crate::network::geojson::read_roads;

/// One row of `seat_road_km.csv`: the measured shortest road distance
/// between two seats.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct MeasuredDistance {
    /// Township id of one seat.
    pub from: String,
    /// Township id of the other.
    pub to: String,
    /// Road distance, km.
    pub road_km: f64,
}

/// Parses `seat_road_km.csv`; errors name the line and the column.
pub fn read_measured(text: &str, file: &str) -> Result<Vec<MeasuredDistance>, BuiltinError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for row in reader.deserialize() {
        let d: MeasuredDistance = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            BuiltinError::Data(format!("{file}:{line}: {e}"))
        })?;
        if !(d.road_km.is_finite() && d.road_km > 0.0) {
            return Err(BuiltinError::Data(format!(
                "{file}: {}–{}: road_km must be positive, not {}",
                d.from, d.to, d.road_km
            )));
        }
        out.push(d);
    }
    Ok(out)
}

/// One seat pair: the graph's distance against the measured one.
#[derive(Clone, Debug, PartialEq)]
pub struct PairRatio {
    /// Township id of one seat.
    pub from: String,
    /// Township id of the other.
    pub to: String,
    /// Shortest road distance on the graph, km.
    pub graph_km: f64,
    /// Shortest road distance on the graph without the roads named in
    /// [`Calibration::measure`]'s `newer_roads`, km.
    pub graph_without_newer_km: f64,
    /// Measured road distance, km.
    pub measured_km: f64,
    /// Either seat's position is an assumption.
    pub seat_assumed: bool,
}

impl PairRatio {
    /// Graph ÷ measured distance.
    pub fn ratio(&self) -> f64 {
        self.graph_km / self.measured_km
    }

    /// The graph is shorter only because it takes a road the measured
    /// network lacks (by more than 2 %).
    pub fn shorter_by_newer_road(&self) -> bool {
        self.graph_km < 0.98 * self.graph_without_newer_km
    }
}

/// Every measured pair with the graph's distance.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// In the measured file's order.
    pub pairs: Vec<PairRatio>,
}

/// Summary of a set of ratios.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatioSummary {
    /// Pairs summarised.
    pub pairs: usize,
    /// Median ratio.
    pub median: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
}

/// Linear-interpolation quantile of sorted values (the usual "type 7").
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

impl RatioSummary {
    /// Summary of `ratios` (NaN and infinite ones are left out).
    pub fn of(ratios: impl Iterator<Item = f64>) -> RatioSummary {
        let mut v: Vec<f64> = ratios.filter(|r| r.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        RatioSummary {
            pairs: v.len(),
            median: quantile(&v, 0.5),
            p10: quantile(&v, 0.1),
            p90: quantile(&v, 0.9),
            min: v.first().copied().unwrap_or(f64::NAN),
            max: v.last().copied().unwrap_or(f64::NAN),
        }
    }
}

impl Calibration {
    /// Shortest road distances between the seats of `measured` on the road
    /// file `roads_geojson` (seats are nodes named by township id), once on
    /// the whole graph and once without links whose name is one of
    /// `newer_roads` (roads the measured network lacks). `assumed` lists the
    /// townships whose seat position is an assumption.
    pub fn measure(
        roads_geojson: &str,
        measured: &[MeasuredDistance],
        newer_roads: &[&str],
        assumed: &[&str],
    ) -> Result<Calibration, BuiltinError> {
        let data = read_roads(roads_geojson)
            .map_err(|e| BuiltinError::Data(format!("roads.geojson: {e}")))?;
        let index: HashMap<&str, usize> = data
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let adjacency = |skip_newer: bool| {
            let arcs: Vec<(NodeId, NodeId, f64)> = data
                .links
                .iter()
                .filter(|l| {
                    !(skip_newer
                        && l.name
                            .as_deref()
                            .is_some_and(|n| newer_roads.iter().any(|r| n.starts_with(r))))
                })
                .flat_map(|l| {
                    let (a, b) = (NodeId(l.from as u32), NodeId(l.to as u32));
                    let back = (!l.oneway).then_some((b, a, l.length_m));
                    std::iter::once((a, b, l.length_m)).chain(back)
                })
                .collect();
            Csr::build(data.nodes.len(), arcs.into_iter())
        };
        let graphs = [adjacency(false), adjacency(true)];
        let mut from_seat: BTreeMap<&str, [Vec<f64>; 2]> = BTreeMap::new();
        let mut pairs = Vec::with_capacity(measured.len());
        for d in measured {
            let node = |id: &str| {
                index.get(id).copied().ok_or_else(|| {
                    BuiltinError::Data(format!("roads.geojson has no seat node `{id}`"))
                })
            };
            let (a, b) = (node(&d.from)?, node(&d.to)?);
            let dist = from_seat.entry(d.from.as_str()).or_insert_with(|| {
                let mut out = [Vec::new(), Vec::new()];
                for (g, o) in graphs.iter().zip(&mut out) {
                    g.dijkstra(NodeId(a as u32), o);
                }
                out
            });
            pairs.push(PairRatio {
                from: d.from.clone(),
                to: d.to.clone(),
                graph_km: dist[0][b] / 1000.0,
                graph_without_newer_km: dist[1][b] / 1000.0,
                measured_km: d.road_km,
                seat_assumed: assumed.contains(&d.from.as_str())
                    || assumed.contains(&d.to.as_str()),
            });
        }
        Ok(Calibration { pairs })
    }

    /// Ratios of the pairs whose seats are both known (`known_only`) or of
    /// every pair.
    pub fn summary(&self, known_only: bool) -> RatioSummary {
        RatioSummary::of(
            self.pairs
                .iter()
                .filter(|p| !known_only || !p.seat_assumed)
                .map(PairRatio::ratio),
        )
    }

    /// Median ratio of the pairs each township is part of, by township id.
    pub fn by_township(&self) -> BTreeMap<String, RatioSummary> {
        let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for p in &self.pairs {
            for t in [&p.from, &p.to] {
                ratios.entry(t.clone()).or_default().push(p.ratio());
            }
        }
        ratios
            .into_iter()
            .map(|(t, v)| (t, RatioSummary::of(v.into_iter())))
            .collect()
    }
}

/// One round of [`fit_township_circuity`].
#[derive(Clone, Debug, PartialEq)]
pub struct FitRound {
    /// Ratios on the graph without the newer roads, known seats only.
    pub without_newer: RatioSummary,
    /// Ratios on the whole graph, known seats only.
    pub whole: RatioSummary,
}

/// Median ratio, on the graph without the newer roads, of each township's
/// pairs with seats whose position is known (so a township with an assumed
/// seat is fitted too, on its pairs with known seats).
fn township_medians(c: &Calibration, assumed: &[&str]) -> BTreeMap<String, f64> {
    let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for p in &c.pairs {
        let r = p.graph_without_newer_km / p.measured_km;
        for (t, other) in [(&p.from, &p.to), (&p.to, &p.from)] {
            if !assumed.contains(&other.as_str()) {
                ratios.entry(t.clone()).or_default().push(r);
            }
        }
    }
    ratios
        .into_iter()
        .map(|(t, v)| (t, RatioSummary::of(v.into_iter()).median))
        .filter(|(_, m)| m.is_finite() && *m > 0.0)
        .collect()
}

/// Fits the per-township circuity factors of `params` so that the graph
/// without the roads the measured network lacks matches the measured seat
/// distances: each round regenerates the graph, and moves every township's
/// factor against the median ratio of its pairs (damped, within [0.5, 3]).
/// The factors end rounded to two decimals, as they are written in
/// `generator.toml`; the returned rounds end with the rounded factors'.
pub fn fit_township_circuity(
    params: &mut GeneratorParams,
    townships: &[Township],
    boundary: &Polygon<f64>,
    measured: &[MeasuredDistance],
    rounds: usize,
) -> Result<Vec<FitRound>, BuiltinError> {
    let assumed: Vec<&str> = townships
        .iter()
        .filter(|t| t.coordinate_source.starts_with("ASSUMPTION"))
        .map(|t| t.id.as_str())
        .collect();
    let newer: Vec<String> = params.calibration.roads_missing_from_measured.clone();
    let newer: Vec<&str> = newer.iter().map(String::as_str).collect();
    let mut history = Vec::new();
    for round in 0..=rounds {
        if round == rounds {
            for f in params.township_circuity.values_mut() {
                *f = (*f * 100.0).round() / 100.0;
            }
        }
        let generated = generate_from(params, townships, boundary, measured)?;
        let c = Calibration::measure(&generated.roads, measured, &newer, &assumed)?;
        history.push(FitRound {
            without_newer: RatioSummary::of(
                c.pairs
                    .iter()
                    .filter(|p| !p.seat_assumed)
                    .map(|p| p.graph_without_newer_km / p.measured_km),
            ),
            whole: c.summary(true),
        });
        if round == rounds {
            break;
        }
        for (t, median) in township_medians(&c, &assumed) {
            let f = params.township_circuity.entry(t).or_insert(1.0);
            *f = (*f * median.powf(-0.6)).clamp(0.5, 3.0);
        }
    }
    Ok(history)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let s = RatioSummary::of([4.0, 1.0, 3.0, 2.0, f64::NAN].into_iter());
        assert_eq!(s.pairs, 4);
        assert_eq!(s.median, 2.5);
        assert!((s.p10 - 1.3).abs() < 1e-12);
        assert_eq!((s.min, s.max), (1.0, 4.0));
    }

    #[test]
    fn distances_follow_the_shortest_road_and_skip_newer_roads() {
        // a–b 3 km by a county road, or 2 km by an expressway the
        // measured network lacks
        let roads = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[107.0,30.0],[107.01,30.0]]},
           "properties":{"from":"a","to":"b","length_m":3000}},
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[107.0,30.0],[107.01,30.0]]},
           "properties":{"from":"a","to":"b","length_m":2000,"name":"G5515 梁忠高速"}}]}"#;
        let measured = read_measured("from,to,road_km\na,b,2.5\n", "t.csv").unwrap();
        let c = Calibration::measure(roads, &measured, &["G5515"], &[]).unwrap();
        let p = &c.pairs[0];
        assert_eq!((p.graph_km, p.graph_without_newer_km), (2.0, 3.0));
        assert_eq!(p.ratio(), 0.8);
        assert!(p.shorter_by_newer_road());
        let missing = read_measured("from,to,road_km\na,zz,2.5\n", "t.csv").unwrap();
        let err = Calibration::measure(roads, &missing, &[], &[]).unwrap_err();
        assert!(err.to_string().contains("`zz`"), "{err}");
        let bad = read_measured("from,to,road_km\na,b,-1\n", "t.csv").unwrap_err();
        assert!(bad.to_string().contains("t.csv"), "{bad}");
    }
}
