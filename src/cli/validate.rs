//! `firecover validate`: every problem of a scenario file at once.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use firecover::model::Model;

use super::load;

pub fn validate(path: &Path) -> anyhow::Result<ExitCode> {
    let scenario = match load(path) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    Model::compile(&scenario).context("compiling the scenario")?;
    sayln!(
        "{}: ok — {} nodes, {} stations, {} units, {} incident types, {} demand points in {} zones",
        path.display(),
        scenario.network.nodes().len(),
        scenario.stations.len(),
        scenario.units.len(),
        scenario.incident_types.len(),
        scenario.demand.points.len(),
        scenario.demand.zones.len()
    );
    Ok(ExitCode::SUCCESS)
}
