//! `firecover validate`: every problem of a scenario file at once.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use firecover::i18n::Lang;
use firecover::model::Model;
use firecover::{report, tr};

use super::load;

/// Checks a scenario; on success prints its size and where each station
/// stands on the road network.
pub fn validate(path: &Path, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    let scenario = match load(path, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let lang = super::language(lang, Some(&scenario));
    Model::compile(&scenario).context("compiling the scenario")?;
    sayln!(
        "{}",
        tr!(
            lang,
            "validate-ok",
            file = path.display().to_string(),
            nodes = scenario.network.nodes().len(),
            stations = scenario.stations.len(),
            units = scenario.units.len(),
            types = scenario.incident_types.len(),
            points = scenario.demand.points.len(),
            zones = scenario.demand.zones.len()
        )
    );
    say!("{}", report::station_nodes(&scenario, lang));
    if let Some(line) = report::places_snapped(&scenario, lang) {
        sayln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
