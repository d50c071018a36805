//! Coverage layers as GeoJSON for QGIS: dissolved jurisdictions, isochrones,
//! stations and the built-up area, each feature tagged with its `layer`.

use crate::network::geojson::degrees;
use contour::ContourBuilder;
use geo::orient::{Direction, Orient};
use geo::{LineString, MultiPolygon, Polygon};
use geojson::{GeometryValue, JsonObject, JsonValue};

use super::{Coverage, Grid, NO_OWNER};
use crate::network::geojson::{collection_text, feature_line};
use crate::scenario::Scenario;

/// Polygons (projected metres) where `values >= threshold`, from the cell
/// grid; cells outside the region never qualify.
pub fn grid_polygons(grid: &Grid, values: &[f64], threshold: f64) -> MultiPolygon<f64> {
    let builder = ContourBuilder::new(grid.nx, grid.ny, false)
        .x_origin(grid.x0 + grid.cell_m / 2.0)
        .y_origin(grid.y0 + grid.cell_m / 2.0)
        .x_step(grid.cell_m)
        .y_step(grid.cell_m);
    match builder.contours(values, &[threshold]) {
        Ok(mut c) if !c.is_empty() => c.remove(0).into_inner().0,
        _ => MultiPolygon(Vec::new()),
    }
}

/// Each station's jurisdiction as one multipolygon (projected metres).
pub fn jurisdictions(c: &Coverage) -> Vec<MultiPolygon<f64>> {
    let stations = c.report.stations.len();
    (0..stations)
        .map(|s| {
            let values: Vec<f64> = c
                .owner
                .iter()
                .map(|&o| {
                    if o != NO_OWNER && o as usize == s {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect();
            grid_polygons(&c.grid, &values, 0.5)
        })
        .collect()
}

/// The area reached within `threshold_s` (projected metres).
pub fn isochrone(c: &Coverage, threshold_s: f64) -> MultiPolygon<f64> {
    let values: Vec<f64> = c
        .best_s
        .iter()
        .map(|&t| if t.is_finite() { -t } else { f64::MIN })
        .collect();
    grid_polygons(&c.grid, &values, -threshold_s)
}

/// A projected multipolygon back in lon/lat, as GeoJSON coordinates, with
/// exteriors counter-clockwise and holes clockwise (RFC 7946).
pub fn to_lonlat(c: &Coverage, mp: &MultiPolygon<f64>) -> GeometryValue {
    let mp = mp.orient(Direction::Default);
    let ring = |r: &LineString<f64>| -> Vec<geojson::Position> {
        r.coords()
            .map(|p| {
                let (lon, lat) = c.grid.projection.lonlat(p.x, p.y);
                [degrees(lon), degrees(lat)].into()
            })
            .collect()
    };
    let polygon = |p: &Polygon<f64>| -> Vec<Vec<geojson::Position>> {
        std::iter::once(ring(p.exterior()))
            .chain(p.interiors().iter().map(ring))
            .collect()
    };
    GeometryValue::MultiPolygon {
        coordinates: mp.0.iter().map(polygon).collect(),
    }
}

/// The GeoJSON document of a coverage analysis.
pub fn write(scenario: &Scenario, c: &Coverage) -> String {
    let mut lines = Vec::new();
    for (s, mp) in jurisdictions(c).iter().enumerate() {
        let st = &c.report.stations[s];
        let mut p = JsonObject::new();
        p.insert("layer".into(), "jurisdiction".into());
        p.insert("station".into(), st.id.clone().into());
        p.insert(
            "name".into(),
            st.name.clone().map_or(JsonValue::Null, Into::into),
        );
        p.insert("area_km2".into(), round2(st.jurisdiction_km2).into());
        p.insert(
            "builtup_km2".into(),
            round2(st.jurisdiction_builtup_km2).into(),
        );
        p.insert(
            "limit_km2".into(),
            st.limit_km2.map_or(JsonValue::Null, Into::into),
        );
        p.insert(
            "meets_limit".into(),
            st.meets_limit.map_or(JsonValue::Null, Into::into),
        );
        lines.push(feature_line(to_lonlat(c, mp), p));
    }
    for row in &c.report.reach {
        let mut p = JsonObject::new();
        p.insert("layer".into(), "isochrone".into());
        p.insert("minutes".into(), (row.threshold_s / 60.0).into());
        p.insert("region_share".into(), round4(row.region_share).into());
        lines.push(feature_line(
            to_lonlat(c, &isochrone(c, row.threshold_s)),
            p,
        ));
    }
    if let Some(b) = &scenario.area.builtup {
        let mut p = JsonObject::new();
        p.insert("layer".into(), "builtup".into());
        let ring: Vec<geojson::Position> = b
            .exterior()
            .coords()
            .map(|q| [degrees(q.x), degrees(q.y)].into())
            .collect();
        lines.push(feature_line(
            GeometryValue::Polygon {
                coordinates: vec![ring],
            },
            p,
        ));
    }
    for (s, st) in scenario.stations.iter().enumerate() {
        let node = &scenario.network.nodes()[st.node.index()];
        let block = &c.report.stations[s];
        let mut p = JsonObject::new();
        p.insert("layer".into(), "station".into());
        p.insert("station".into(), st.id.clone().into());
        p.insert(
            "name".into(),
            st.name.clone().map_or(JsonValue::Null, Into::into),
        );
        p.insert(
            "within_standard_km2".into(),
            round2(block.within_standard_km2).into(),
        );
        lines.push(feature_line(
            GeometryValue::new_point([degrees(node.lon), degrees(node.lat)]),
            p,
        ));
    }
    let note = format!(
        "firecover coverage of `{}`: {} m cells; jurisdictions = cells each station reaches first; isochrones = area reached within N minutes of the dispatch order (turnout + travel). {}",
        scenario.name, c.report.cell_m, c.report.barriers
    );
    collection_text(&note, lines.into_iter())
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}
