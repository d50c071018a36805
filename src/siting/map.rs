//! The study's maps: per best solution of each count, the coverage map of
//! the proposed scenario (jurisdictions, the limit isochrone, stations)
//! with the candidate sites as dots, as SVG; and one GeoJSON for QGIS with
//! the candidates, the proposed sites of every solution and the
//! jurisdictions of each best solution.

use std::path::Path;

use geojson::{GeometryValue, JsonObject, JsonValue};

use crate::coverage::geojson::{jurisdictions, to_lonlat};
use crate::coverage::svg::{Dots, Extent, render_with_dots};
use crate::coverage::{self, DEFAULT_CELL_M};
use crate::i18n::Lang;
use crate::model::Model;
use crate::network::geojson::degrees;
use crate::network::geojson::{collection_text, feature_line};
use crate::scenario::Scenario;
use crate::tr;

use super::Objective;
use super::study::{Proposal, SiteProblem, scenario_file_name};

/// Writes `site-<objective>-<count>.svg` for each best solution and
/// `sites.geojson` into `dir`; returns the number of files written.
/// `scenarios` are the proposals' scenarios, in the order of `proposals`.
pub fn write(
    dir: &Path,
    objective: Objective,
    baseline: &Scenario,
    sp: &SiteProblem,
    proposals: &[Proposal],
    scenarios: &[Scenario],
    lang: Lang,
) -> Result<usize, crate::atomic_file::OutputError> {
    let points: Vec<(f64, f64)> = sp
        .sites
        .iter()
        .filter(|s| s.existing.is_none())
        .map(|s| (s.lon, s.lat))
        .collect();
    let caption = tr!(lang, "map-candidate-sites", count = points.len());
    let dots = Dots {
        points: &points,
        fill: "#616161",
        caption: &caption,
    };
    let mut written = 0;
    let mut lines = Vec::new();
    for s in &sp.sites {
        let mut p = JsonObject::new();
        p.insert("layer".into(), "candidate".into());
        p.insert("id".into(), s.id.clone().into());
        p.insert(
            "name".into(),
            s.name.clone().map_or(JsonValue::Null, Into::into),
        );
        p.insert("existing_station".into(), s.existing.is_some().into());
        lines.push(feature_line(
            GeometryValue::new_point([degrees(s.lon), degrees(s.lat)]),
            p,
        ));
    }
    for st in &baseline.stations {
        let n = &baseline.network.nodes()[st.node.index()];
        let mut p = JsonObject::new();
        p.insert("layer".into(), "station".into());
        p.insert("station".into(), st.id.clone().into());
        p.insert(
            "name".into(),
            st.name.clone().map_or(JsonValue::Null, Into::into),
        );
        lines.push(feature_line(
            GeometryValue::new_point([degrees(n.lon), degrees(n.lat)]),
            p,
        ));
    }
    for (proposal, scenario) in proposals.iter().zip(scenarios) {
        for &j in &proposal.new_sites {
            let s = &sp.sites[j];
            let mut p = JsonObject::new();
            p.insert("layer".into(), "proposed".into());
            p.insert("count".into(), proposal.count.into());
            p.insert("rank".into(), proposal.rank.into());
            p.insert("candidate".into(), s.id.clone().into());
            lines.push(feature_line(
                GeometryValue::new_point([degrees(s.lon), degrees(s.lat)]),
                p,
            ));
        }
        if proposal.rank != 1 {
            continue;
        }
        let Ok(model) = Model::compile(scenario) else {
            continue;
        };
        let Ok(c) = coverage::analyze(scenario, &model, DEFAULT_CELL_M) else {
            continue;
        };
        for (k, mp) in jurisdictions(&c).iter().enumerate() {
            let st = &c.report.stations[k];
            let mut p = JsonObject::new();
            p.insert("layer".into(), "jurisdiction".into());
            p.insert("count".into(), proposal.count.into());
            p.insert("station".into(), st.id.clone().into());
            p.insert(
                "area_km2".into(),
                ((st.jurisdiction_km2 * 100.0).round() / 100.0).into(),
            );
            p.insert(
                "limit_km2".into(),
                st.limit_km2.map_or(JsonValue::Null, Into::into),
            );
            p.insert(
                "meets_limit".into(),
                st.meets_limit.map_or(JsonValue::Null, Into::into),
            );
            lines.push(feature_line(to_lonlat(&c, mp), p));
        }
        let stem = scenario_file_name(objective, proposal);
        let stem = stem.trim_end_matches(".toml");
        for (extent, suffix) in [(Extent::Region, ""), (Extent::Builtup, "-builtup")] {
            if extent == Extent::Builtup && scenario.area.builtup.is_none() {
                continue;
            }
            let svg = render_with_dots(scenario, &c, extent, &dots, lang);
            crate::atomic_file::write_file(
                &dir.join(format!("{stem}{suffix}.svg")),
                svg.as_bytes(),
            )?;
            written += 1;
        }
    }
    let note = format!(
        "firecover site on `{}`: layer = candidate (sites considered), station (today's), proposed (new sites of each solution: count, rank), jurisdiction (best solution of each count, {DEFAULT_CELL_M} m cells)",
        baseline.name
    );
    crate::atomic_file::write_file(
        &dir.join("sites.geojson"),
        collection_text(&note, lines.into_iter()).as_bytes(),
    )?;
    Ok(written + 1)
}
