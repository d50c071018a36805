//! Raw structs → typed [`Scenario`], collecting every problem with its key path.
//!
//! One `Problems` collector is threaded through the checks of every table;
//! each table's checks are in a file of their own (`network.rs`,
//! `stations.rs`, `demand.rs`…), and this one builds the scenario from them.

use std::collections::{BTreeMap, HashMap};

use super::diagnostic::{Diagnostic, Diagnostics, Severity};
use super::raw::*;
use super::source::{Document, join_index, join_key};
use super::*;
use crate::builtin;
use crate::i18n::{Catalogued, Said};
use crate::ids::{NodeId, StationId, UnitKindId, ZoneId};
use crate::network::geojson::read_roads;
use crate::network::{Edge, Network, Node};
use crate::said;

mod area;
mod demand;
mod incidents;
mod indicators;
mod labels;
mod network;
mod simulation;
mod siting;
mod standard;
mod stations;
use area::*;
use demand::*;
use incidents::*;
use indicators::*;
use labels::*;
use network::*;
use simulation::*;
use siting::*;
use standard::*;
use stations::*;

/// Snapping a demand point farther than this from its coordinate earns a
/// warning; a station, an error (`[network] max_snap_m` by default).
const SNAP_WARNING_M: f64 = 1_000.0;
/// Most node ids suggested for an unknown one.
const SUGGESTIONS: usize = 3;
/// Most units one `units` line may hold.
const MAX_UNITS_PER_LINE: i64 = 10_000;
/// Most alarms one replication may hold (memory: about 100 bytes each).
const MAX_ALARMS_PER_REPLICATION: f64 = 5_000_000.0;
/// Bytes each alarm of a replication holds in a worker's buffers (the alarm,
/// its record, its slots and its place in the percentile buffers).
const BYTES_PER_ALARM: f64 = 160.0;
/// Most units a scenario may have (each is a candidate of every place).
const MAX_UNITS: usize = 20_000;
/// Most entries of a travel table (stations × demand places): each of the
/// two tables takes 8 bytes an entry.
const MAX_TRAVEL_ENTRIES: usize = 50_000_000;
/// Most entries of the candidate lists (units × demand places × windows of
/// the day), 4 bytes each.
const MAX_CANDIDATE_ENTRIES: usize = 100_000_000;
/// Longest simulated period of one replication, years.
const MAX_YEARS: f64 = 10_000.0;
/// Longest turnout or travel limit, seconds (a day).
const MAX_STANDARD_S: f64 = 86_400.0;
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
    found: Vec<(Severity, String, Said)>,
}

impl Problems {
    fn error(&mut self, path: impl Into<String>, message: impl Into<Said>) {
        self.found
            .push((Severity::Error, path.into(), message.into()));
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<Said>) {
        self.found
            .push((Severity::Warning, path.into(), message.into()));
    }

    fn has_errors(&self) -> bool {
        self.found.iter().any(|(s, _, _)| *s == Severity::Error)
    }

    /// A finite number `>= min` (or `> min` when `strict`).
    fn number(&mut self, path: &str, value: f64, min: f64, strict: bool) -> bool {
        if !value.is_finite() {
            self.error(path, said!("check-not-finite", value = show(value)));
            false
        } else if strict && value <= min {
            self.error(
                path,
                said!("check-not-above", min = min, value = show(value)),
            );
            false
        } else if !strict && value < min {
            self.error(
                path,
                said!("check-not-at-least", min = min, value = show(value)),
            );
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
    let reading = super::typed::read(&doc.table);
    let mut found: Vec<(String, Said)> = reading
        .unknown
        .into_iter()
        .map(|path| {
            let message = match super::typed::suggestion(&path) {
                Some(k) => said!("check-unknown-key-suggest", key = k),
                None => said!("check-unknown-key"),
            };
            (path, message.into())
        })
        .chain(reading.errors)
        .collect();
    found.sort_by_key(|(path, _)| doc.locate(path).map(|(f, l)| (f.to_path_buf(), l)));
    let mut problems = Problems::default();
    for (path, message) in found {
        problems.error(path, message);
    }
    control_characters(&doc.table, "", &mut problems);
    for (path, message) in &doc.warnings {
        problems.warn(path, message.clone());
    }
    let Some(raw) = reading.raw else {
        return Err(Diagnostics(problems.located(doc)));
    };
    let scenario = build(raw, doc, &mut problems);
    let failed = problems.has_errors();
    let diagnostics = Diagnostics(problems.located(doc));
    match scenario {
        Some(s) if !failed => Ok((s, diagnostics)),
        _ => Err(diagnostics),
    }
}

/// Refuses text with control characters anywhere in the file: names reach
/// the terminal, where an escape sequence would rewrite the screen, and
/// reports and tables. Descriptions may hold line breaks and tabs.
fn control_characters(table: &toml::Table, prefix: &str, p: &mut Problems) {
    fn check(value: &toml::Value, path: &str, free_text: bool, p: &mut Problems) {
        match value {
            toml::Value::String(text) => {
                let bad = text
                    .chars()
                    .find(|&c| c.is_control() && !(free_text && (c == '\n' || c == '\t')));
                if let Some(c) = bad {
                    p.error(
                        path,
                        said!(
                            "check-control-character",
                            code = format!("U+{:04X}", u32::from(c))
                        ),
                    );
                }
            }
            toml::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    check(item, &join_index(path, i), free_text, p);
                }
            }
            toml::Value::Table(t) => control_characters(t, path, p),
            _ => {}
        }
    }
    for (key, value) in table {
        let path = join_key(prefix, key);
        let free_text = key == "description";
        if key.chars().any(char::is_control) {
            p.error(&path, said!("check-key-control-character"));
        }
        check(value, &path, free_text, p);
    }
}

/// Builds the scenario; returns `None` when errors make it impossible.
fn build(raw: RawScenario, doc: &Document, p: &mut Problems) -> Option<Scenario> {
    let (name, name_label) = text_of(&raw.scenario.name, "scenario.name", p);
    let description = raw
        .scenario
        .description
        .as_ref()
        .map(|d| text_of(d, "scenario.description", p));
    let standard = standard(&raw.standard, p);
    let network = network(&raw.network, doc, p)?;
    let max_snap_m = raw.network.max_snap_m.unwrap_or(SNAP_WARNING_M);
    if raw.network.max_snap_m.is_some() {
        p.number("network.max_snap_m", max_snap_m, 0.0, true);
    }
    let names = district_seats(&raw.network, &raw.demand, doc);
    let (stations, unit_kinds, units) = stations(
        &raw.stations,
        &network,
        &names,
        standard.turnout_s,
        max_snap_m,
        p,
    );
    let incident_types = incident_types(&raw.incident_types, &unit_kinds, &units, p);
    let records_base = doc
        .locate("demand.records")
        .and_then(|(f, _)| f.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_default();
    let demand = demand(
        &raw.demand,
        &incident_types,
        &network,
        own_builtin(&raw.network, &raw.demand),
        &names,
        max_snap_m,
        &records_base,
        doc,
        p,
    );
    let mut simulation = simulation(&raw.simulation, &raw.demand, p);
    simulation.speed_windows = speed_windows(&raw.network, &network, p);
    simulation.travel_cv_by_class =
        travel_cv_by_class(&raw.simulation, &network, simulation.travel_cv, p);
    if let Some(d) = &demand {
        check_volume(&d.mode, &simulation, p);
    }
    check_connectivity(&network, &stations, &demand, &raw, p);
    if let Some(d) = &demand {
        for setting in standard.by_setting.keys() {
            if !d.settings.contains(setting) {
                p.error(
                    join_key("standard.by_setting", setting),
                    said!(
                        "check-unknown-setting",
                        setting = setting,
                        settings = if d.settings.is_empty() {
                            "-".to_string()
                        } else {
                            d.settings.join(", ")
                        }
                    ),
                );
            }
        }
    }
    let indicators = raw.indicators.as_ref().map(|i| indicators(i, p));
    let area = area_settings(&raw, doc, p);
    let siting = raw
        .siting
        .as_ref()
        .map(|r| siting_settings(r, doc, &standard, &unit_kinds, &stations, p));
    for (i, s) in stations.iter().enumerate() {
        if let Some(key) = &s.jurisdiction
            && !standard.jurisdiction_km2.contains_key(key)
        {
            p.error(
                join_key(&join_index("stations", i), "jurisdiction"),
                said!(
                    "check-unknown-jurisdiction-list",
                    key = key,
                    keys = standard
                        .jurisdiction_km2
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    if p.has_errors() {
        return None;
    }
    let labels = labels(
        raw.labels.as_ref(),
        name_label,
        &incident_types,
        &unit_kinds,
        demand.as_ref().map_or(&[][..], |d| &d.settings[..]),
        p,
    );
    let (description, description_label) = match description {
        Some((d, l)) => (Some(d), l),
        None => (None, None),
    };
    if p.has_errors() {
        return None;
    }
    let scenario = Scenario {
        name,
        description,
        labels: crate::labels::Labels {
            scenario_description: description_label,
            ..labels
        },
        source: doc.files[0].clone(),
        files: doc.files.clone(),
        standard,
        network,
        stations,
        unit_kinds,
        units,
        incident_types,
        demand: demand?,
        simulation,
        indicators,
        area,
        siting,
        lang: raw.report.as_ref().and_then(|r| r.lang).map(|l| match l {
            RawLang::Zh => crate::i18n::Lang::Zh,
            RawLang::En => crate::i18n::Lang::En,
        }),
    };
    table_sizes(&scenario, p);
    (!p.has_errors()).then_some(scenario)
}

/// Refuses a scenario whose per-place tables would not fit: every window
/// of the day (speed windows, shifts) has its own copy of the travel
/// tables (stations × places) and of the candidate lists (units × places).
fn table_sizes(scenario: &Scenario, p: &mut Problems) {
    let places = scenario.demand.points.len();
    let windows = scenario.day_windows().windows.len().max(1);
    let stations = scenario.stations.len();
    let entries = stations.saturating_mul(places).saturating_mul(windows);
    if entries > MAX_TRAVEL_ENTRIES {
        p.error(
            "demand.points",
            said!(
                "check-travel-table-too-large",
                stations = stations,
                places = places,
                windows = windows,
                entries = entries,
                max = MAX_TRAVEL_ENTRIES,
                megabytes = (MAX_TRAVEL_ENTRIES * 8) >> 20
            ),
        );
    }
    let units = scenario.units.len();
    let entries = units.saturating_mul(places).saturating_mul(windows);
    if entries > MAX_CANDIDATE_ENTRIES {
        p.error(
            "demand.points",
            said!(
                "check-candidate-lists-too-large",
                units = units,
                places = places,
                windows = windows,
                entries = entries,
                max = MAX_CANDIDATE_ENTRIES,
                megabytes = (MAX_CANDIDATE_ENTRIES * 4) >> 20
            ),
        );
    }
}

/// Most new stations one study may ask for.
pub const MAX_SITING_ADD: usize = 1_000;

/// Largest travel-time coefficient of variation: beyond it a trip's time
/// says little about the road.
const MAX_CV: f64 = 2.0;
