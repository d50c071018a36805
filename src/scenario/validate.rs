//! Raw structs → typed [`Scenario`], collecting every problem with its key path.
//!
//! Why this file is not split yet (2,700 lines): it holds one `Problems`
//! collector threaded through the checks of every table (network,
//! stations, demand and records, standard, siting, generator), and the
//! checks share private helpers. Splitting it into one file per table, each
//! taking `&mut Problems`, belongs with the module layering work (the issue
//! "one-way stairs"), which also removes `scenario`'s imports of `network`,
//! `input` and `siting` that run back up the stairs.

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

/// A text of the file as the scenario keeps it (the English of a
/// bilingual one) and its bilingual form; an empty one is an error.
fn text_of(
    text: &RawText,
    path: &str,
    p: &mut Problems,
) -> (String, Option<crate::labels::Bilingual>) {
    match text {
        RawText::Plain(s) => {
            if s.trim().is_empty() {
                p.error(path, said!("check-empty"));
            }
            (s.clone(), None)
        }
        RawText::Both(b) => {
            for (lang, s) in [("en", &b.en), ("zh", &b.zh)] {
                if s.trim().is_empty() {
                    p.error(format!("{path}.{lang}"), said!("check-empty"));
                }
            }
            (
                b.en.clone(),
                Some(crate::labels::Bilingual {
                    en: b.en.clone(),
                    zh: b.zh.clone(),
                }),
            )
        }
    }
}

/// `[labels]`: each id it names must be one of the file's (incident
/// types, settings, unit kinds), each label non-empty.
fn labels(
    raw: Option<&RawLabels>,
    scenario: Option<crate::labels::Bilingual>,
    incident_types: &[IncidentType],
    unit_kinds: &[String],
    settings: &[String],
    p: &mut Problems,
) -> crate::labels::Labels {
    let mut out = crate::labels::Labels {
        scenario,
        ..Default::default()
    };
    let Some(raw) = raw else {
        return out;
    };
    let types: Vec<String> = incident_types.iter().map(|t| t.name.clone()).collect();
    let tables = [
        (
            "incident_types",
            &raw.incident_types,
            &types[..],
            &mut out.incident_types,
        ),
        ("settings", &raw.settings, settings, &mut out.settings),
        (
            "unit_kinds",
            &raw.unit_kinds,
            unit_kinds,
            &mut out.unit_kinds,
        ),
    ];
    for (table, given, known, labels) in tables {
        for (id, b) in given {
            let path = format!("labels.{table}.{id}");
            if !known.contains(id) {
                p.error(
                    path.clone(),
                    said!(
                        "check-label-unknown-id",
                        id = id.as_str(),
                        known = known.join(", ")
                    ),
                );
                continue;
            }
            for (lang, s) in [("en", &b.en), ("zh", &b.zh)] {
                if s.trim().is_empty() {
                    p.error(format!("{path}.{lang}"), said!("check-empty"));
                }
            }
            labels.insert(
                id.clone(),
                crate::labels::Bilingual {
                    en: b.en.clone(),
                    zh: b.zh.clone(),
                },
            );
        }
    }
    out
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

/// Default speed of the leg from a place to its nearest road node, km/h.
const DEFAULT_OFF_ROAD_KMH: f64 = 20.0;
/// A builtin district's error, from the catalogue where it is the user's.
fn builtin_said(e: &builtin::BuiltinError) -> Said {
    match e {
        builtin::BuiltinError::Unknown(name, known) => {
            said!("check-unknown-builtin", name = name, known = known).into()
        }
        other => other.to_string().into(),
    }
}

/// Road classes of `file` that have no fire-vehicle speed.
fn missing_speeds<S: std::fmt::Display>(
    classes: impl IntoIterator<Item = S>,
    file: &str,
) -> crate::scenario::Catalogued {
    let classes: Vec<String> = classes.into_iter().map(|c| format!("`{c}`")).collect();
    said!(
        "check-missing-speeds",
        classes = classes.join(", "),
        file = file
    )
}

/// Default margin around the network's hull, metres.
const DEFAULT_MARGIN_M: f64 = 1_000.0;

fn area_settings(raw: &RawScenario, doc: &Document, p: &mut Problems) -> AreaSettings {
    let builtin = raw
        .network
        .builtin
        .as_deref()
        .and_then(|name| doc.builtin(name).ok());
    let mut area = AreaSettings {
        boundary: None,
        boundary_source: None,
        builtin_outline: None,
        builtup: None,
        off_road_kmh: DEFAULT_OFF_ROAD_KMH,
        margin_m: DEFAULT_MARGIN_M,
    };
    if let Some(b) = builtin {
        match (b.boundary_polygon(), b.builtup_polygon()) {
            (Ok(outline), Ok(builtup)) => {
                area.boundary = Some(outline);
                area.boundary_source = Some(format!("builtin `{}` district outline", b.name));
                area.builtin_outline = Some(b.name.to_string());
                area.builtup = Some(builtup);
            }
            (Err(e), _) | (_, Err(e)) => p.error("network.builtin", builtin_said(&e)),
        }
    }
    let Some(c) = &raw.coverage else {
        return area;
    };
    if let Some(v) = c.off_road_kmh
        && p.number("coverage.off_road_kmh", v, 0.0, true)
    {
        area.off_road_kmh = v;
    }
    if let Some(v) = c.margin_m
        && p.number("coverage.margin_m", v, 0.0, false)
    {
        area.margin_m = v;
    }
    let mut read = |key: &str, file: &str| polygon_at(doc, &join_key("coverage", key), file, p);
    if let Some(file) = &c.boundary {
        area.boundary = read("boundary", file);
        area.boundary_source = Some(file.clone());
        area.builtin_outline = None;
    }
    if let Some(file) = &c.builtup {
        area.builtup = read("builtup", file);
    }
    area
}

/// The folder of the file that holds `key_path`, for relative paths.
fn base_dir(doc: &Document, key_path: &str) -> std::path::PathBuf {
    doc.locate(key_path)
        .and_then(|(f, _)| f.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_default()
}

/// Reads a GeoJSON polygon named at `key_path`.
fn polygon_at(
    doc: &Document,
    key_path: &str,
    file: &str,
    p: &mut Problems,
) -> Option<geo::Polygon<f64>> {
    let full = base_dir(doc, key_path).join(file);
    let text = match crate::input::read_text(&full, crate::input::Limit::Geodata) {
        Ok(t) => t,
        Err(e) => {
            p.error(key_path, e.said());
            return None;
        }
    };
    match crate::network::geojson::read_polygon(&text, &full.display().to_string()) {
        Ok(poly) => Some(poly),
        Err(e) => {
            p.error(key_path, e);
            None
        }
    }
}

fn siting_settings(
    raw: &RawSiting,
    doc: &Document,
    standard: &Standard,
    kinds: &[String],
    stations: &[Station],
    p: &mut Problems,
) -> Siting {
    let mut removable = Vec::new();
    for (k, id) in raw.removable.iter().enumerate() {
        match stations.iter().position(|s| &s.id == id) {
            Some(s) => removable.push(s),
            None => p.error(
                join_index("siting.removable", k),
                said!("check-no-such-station", station = id),
            ),
        }
    }
    use super::siting_terms::{Objective, SolverChoice};
    let share = raw.share.unwrap_or(1.0);
    if !(share > 0.0 && share <= 1.0) {
        p.error(
            "siting.share",
            said!("check-share-range", value = show(share)),
        );
    }
    let objective = raw.objective.map(|o| match o {
        RawObjective::Cover => Objective::Cover,
        RawObjective::Lscp => Objective::Lscp { share },
        RawObjective::Median => Objective::Median,
        RawObjective::Center => Objective::Center,
        RawObjective::Backup => Objective::Backup,
    });
    let add = match &raw.add {
        None => None,
        Some(RawAdd::Count(c)) => match usize::try_from(*c) {
            Ok(c) if c <= MAX_SITING_ADD => Some((c, c)),
            _ => {
                p.error(
                    "siting.add",
                    said!(
                        "check-count-range",
                        min = 0,
                        max = MAX_SITING_ADD,
                        value = c
                    ),
                );
                None
            }
        },
        Some(RawAdd::Range(text)) => match super::siting_terms::parse_add(text) {
            Ok(r) => Some(r),
            Err(e) => {
                p.error("siting.add", e);
                None
            }
        },
    };
    let time_limit_s = raw
        .time_limit_s
        .filter(|&t| p.number("siting.time_limit_s", t, 0.0, true));
    let alternatives = raw.alternatives.and_then(|a| match usize::try_from(a) {
        Ok(a) if a <= 50 => Some(a),
        _ => {
            p.error(
                "siting.alternatives",
                said!("check-count-range", min = 0, max = 50, value = a),
            );
            None
        }
    });
    let replications = raw.replications.and_then(|r| match u32::try_from(r) {
        Ok(r) if r >= 2 => Some(r),
        _ => {
            p.error(
                "siting.replications",
                said!("check-not-at-least", min = 2, value = r),
            );
            None
        }
    });
    if raw.solver == Some(RawSolver::Milp) && !super::siting_terms::MILP_AVAILABLE {
        p.error("siting.solver", said!("check-milp-not-built"));
    }
    let solver = raw.solver.map(|s| match s {
        RawSolver::Auto => SolverChoice::Auto,
        RawSolver::Milp => SolverChoice::Milp,
        RawSolver::Heuristic => SolverChoice::Heuristic,
    });
    let template = raw.station.as_ref().map(|t| {
        let path = "siting.station";
        let prefix = t.id_prefix.clone().unwrap_or_else(|| "new".into());
        if prefix.trim().is_empty() {
            p.error(join_key(path, "id_prefix"), said!("check-empty"));
        }
        if let Some(v) = t.turnout_s {
            p.number(&join_key(path, "turnout_s"), v, 0.0, false);
        }
        if t.units.is_empty() {
            p.error(join_key(path, "units"), said!("check-template-no-units"));
        }
        let mut units = Vec::new();
        for (j, u) in t.units.iter().enumerate() {
            let upath = join_index(&join_key(path, "units"), j);
            if !(1..=MAX_UNITS_PER_LINE).contains(&u.count) {
                p.error(
                    join_key(&upath, "count"),
                    said!(
                        "check-count-range",
                        min = 1,
                        max = MAX_UNITS_PER_LINE,
                        value = u.count
                    ),
                );
                continue;
            }
            if !kinds.contains(&u.kind) {
                p.warn(
                    join_key(&upath, "kind"),
                    said!(
                        "check-template-unknown-kind",
                        kind = u.kind,
                        kinds = kinds.join(", ")
                    ),
                );
            }
            units.push((u.kind.clone(), u.count as u32));
        }
        let count = |key: &str, v: Option<i64>, p: &mut Problems| -> Option<u32> {
            v.and_then(|v| {
                u32::try_from(v).ok().or_else(|| {
                    p.error(join_key(path, key), said!("check-whole-number", value = v));
                    None
                })
            })
        };
        let firefighters = count("firefighters", t.firefighters, p).unwrap_or(0);
        let vehicles = count("vehicles", t.vehicles, p);
        if let Some(key) = &t.jurisdiction
            && !standard.jurisdiction_km2.contains_key(key)
        {
            p.error(
                join_key(path, "jurisdiction"),
                said!("check-unknown-jurisdiction", key = key),
            );
        }
        SiteTemplate {
            id_prefix: prefix,
            name: t.name.clone(),
            category: match t.category {
                RawStationCategory::Station => StationCategory::Station,
                RawStationCategory::TownshipTeam => StationCategory::TownshipTeam,
                RawStationCategory::Other => StationCategory::Other,
            },
            turnout_s: t.turnout_s.unwrap_or(standard.turnout_s),
            firefighters,
            vehicles,
            jurisdiction: t.jurisdiction.clone(),
            units,
        }
    });
    let mut candidates = CandidateSettings::default();
    if let Some(c) = &raw.candidates {
        if let Some(v) = c.spacing_m
            && p.number("siting.candidates.spacing_m", v, 0.0, false)
        {
            candidates.spacing_m = v;
        }
        if let Some(file) = &c.within {
            candidates.within = polygon_at(doc, "siting.candidates.within", file, p);
            candidates.within_source = Some(file.clone());
        }
        if let Some(file) = &c.file {
            candidates.file = Some(base_dir(doc, "siting.candidates.file").join(file));
        }
        for (k, file) in c.exclude.iter().enumerate() {
            let key = join_index("siting.candidates.exclude", k);
            if let Some(poly) = polygon_at(doc, &key, file, p) {
                candidates.exclude.push((file.clone(), poly));
            }
        }
        for (k, s) in c.setback.iter().enumerate() {
            let key = join_index("siting.candidates.setback", k);
            if check_coordinate(&key, s.lon, s.lat, p)
                && p.number(&join_key(&key, "distance_m"), s.distance_m, 0.0, false)
            {
                candidates.setbacks.push(Setback {
                    lon: s.lon,
                    lat: s.lat,
                    distance_m: s.distance_m,
                    name: s.name.clone(),
                });
            }
        }
    }
    Siting {
        objective,
        add,
        solver,
        time_limit_s,
        alternatives,
        replications,
        removable,
        template,
        candidates,
    }
}

/// Most new stations one study may ask for.
pub const MAX_SITING_ADD: usize = 1_000;

fn indicators(raw: &RawIndicators, p: &mut Problems) -> Indicators {
    p.number("indicators.population", raw.population, 0.0, true);
    let townships = u32::try_from(raw.townships)
        .ok()
        .filter(|&t| t > 0)
        .unwrap_or_else(|| {
            p.error(
                "indicators.townships",
                said!("check-not-at-least", min = 1, value = raw.townships),
            );
            1
        });
    let mut plan = Vec::new();
    for (label, f) in &raw.plan {
        let path = join_key("indicators.plan", label);
        for (key, v) in [
            ("stations_per_100k", f.stations_per_100k),
            ("township_team_coverage_pct", f.township_team_coverage_pct),
            ("firefighters_per_10k", f.firefighters_per_10k),
            ("engines_per_10k", f.engines_per_10k),
        ] {
            if let Some(v) = v {
                p.number(&join_key(&path, key), v, 0.0, false);
            }
        }
        plan.push((
            label.clone(),
            PlanFigures {
                stations_per_100k: f.stations_per_100k,
                township_team_coverage_pct: f.township_team_coverage_pct,
                firefighters_per_10k: f.firefighters_per_10k,
                engines_per_10k: f.engines_per_10k,
            },
        ));
    }
    Indicators {
        population: raw.population,
        townships,
        plan,
    }
}

fn standard(raw: &RawStandard, p: &mut Problems) -> Standard {
    for (key, value, strict) in [
        ("standard.turnout_s", raw.turnout_s, false),
        ("standard.travel_s", raw.travel_s, true),
    ] {
        if p.number(key, value, 0.0, strict) && value > MAX_STANDARD_S {
            p.error(
                key,
                said!(
                    "check-at-most-a-day",
                    max = MAX_STANDARD_S,
                    value = show(value)
                ),
            );
        }
    }
    for (setting, km2) in &raw.jurisdiction_km2 {
        p.number(
            &join_key("standard.jurisdiction_km2", setting),
            *km2,
            0.0,
            true,
        );
    }
    let mut by_setting = BTreeMap::new();
    for (setting, own) in &raw.by_setting {
        let path = join_key("standard.by_setting", setting);
        let turnout = own.turnout_s.unwrap_or(raw.turnout_s);
        let travel = own.travel_s.unwrap_or(raw.travel_s);
        for (key, value, strict) in [("turnout_s", turnout, false), ("travel_s", travel, true)] {
            let key = join_key(&path, key);
            if p.number(&key, value, 0.0, strict) && value > MAX_STANDARD_S {
                p.error(
                    key,
                    said!(
                        "check-at-most-a-day",
                        max = MAX_STANDARD_S,
                        value = show(value)
                    ),
                );
            }
        }
        by_setting.insert(setting.clone(), (turnout, travel));
    }
    Standard {
        turnout_s: raw.turnout_s,
        travel_s: raw.travel_s,
        jurisdiction_km2: raw.jurisdiction_km2.clone(),
        by_setting,
    }
}

fn network(raw: &RawNetwork, doc: &Document, p: &mut Problems) -> Option<Network> {
    if let Some(s) = raw.default_speed_kmh {
        p.number("network.default_speed_kmh", s, 0.0, true);
    }
    for (class, speed) in &raw.speeds {
        p.number(&join_key("network.speeds", class), *speed, 0.0, true);
    }
    let circuity = raw.circuity.unwrap_or(1.0);
    if raw.circuity.is_some() {
        // a road cannot be shorter than the straight line
        p.number("network.circuity", circuity, 1.0, false);
    }
    let mut graph = GraphParts::default();
    match (&raw.builtin, &raw.file) {
        (Some(_), Some(_)) => p.error("network.file", said!("check-builtin-or-file")),
        (Some(name), None) => builtin_roads(name, raw, doc, &mut graph, p),
        (None, Some(file)) => file_roads(file, raw, doc, &mut graph, p),
        (None, None) => {}
    }
    if graph.nodes.is_empty() && raw.nodes.is_empty() {
        p.error("network", said!("check-network-empty"));
        return None;
    }
    let mut coordinates_ok = true;
    for (i, n) in raw.nodes.iter().enumerate() {
        let path = join_index("network.nodes", i);
        if let Some(&first) = graph.by_id.get(&n.id) {
            let origin = if first < graph.builtin_nodes {
                "the builtin network".to_string()
            } else {
                format!("network.nodes[{}]", first - graph.builtin_nodes)
            };
            p.error(
                join_key(&path, "id"),
                said!("check-duplicate-node", node = n.id, first = origin),
            );
        } else {
            graph.by_id.insert(n.id.clone(), graph.nodes.len());
        }
        coordinates_ok &= check_coordinate(&path, n.lon, n.lat, p);
        graph.nodes.push(Node {
            id: n.id.clone(),
            lon: n.lon,
            lat: n.lat,
        });
    }
    for (i, e) in raw.edges.iter().enumerate() {
        let path = join_index("network.edges", i);
        let from = graph.by_id.get(&e.from).copied();
        let to = graph.by_id.get(&e.to).copied();
        if from.is_none() {
            p.error(
                join_key(&path, "from"),
                said!("check-unknown-node", node = e.from),
            );
        }
        if to.is_none() {
            p.error(
                join_key(&path, "to"),
                said!("check-unknown-node", node = e.to),
            );
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let straight = graph.nodes[from].distance_m(&graph.nodes[to]);
        let length_m = match e.length_m {
            Some(l) => {
                p.number(&join_key(&path, "length_m"), l, 0.0, false);
                l
            }
            None => straight * circuity,
        };
        let class_name = e.class.as_deref().unwrap_or(DEFAULT_ROAD_CLASS);
        let time_s = if let Some(t) = e.time_s {
            p.number(&join_key(&path, "time_s"), t, 0.0, false);
            t
        } else if let Some(speed) = e
            .speed_kmh
            .or_else(|| raw.speeds.get(class_name).copied())
            .or(raw.default_speed_kmh)
        {
            if e.speed_kmh.is_some() {
                p.number(&join_key(&path, "speed_kmh"), speed, 0.0, true);
            }
            length_m / (speed / 3.6)
        } else {
            p.error(
                path.clone(),
                said!("check-edge-needs-time", class = class_name),
            );
            continue;
        };
        let Some(class) = graph.class(class_name) else {
            p.error(join_key(&path, "class"), said!("check-too-many-classes"));
            break;
        };
        graph.link(from, to, time_s, length_m, class, e.oneway);
    }
    // an index over invalid coordinates is meaningless; the errors say why
    coordinates_ok
        .then(|| Network::new(graph.nodes, graph.edges, graph.classes).with_note(graph.note))
}

/// Road class of inline edges that name none.
const DEFAULT_ROAD_CLASS: &str = "road";

/// Nodes, edges and classes while the network is assembled.
#[derive(Default)]
struct GraphParts {
    nodes: Vec<Node>,
    by_id: HashMap<String, usize>,
    edges: Vec<Edge>,
    classes: Vec<String>,
    class_index: HashMap<String, u16>,
    builtin_nodes: usize,
    note: Option<String>,
}

impl GraphParts {
    /// The index of road class `name`, added if new; `None` past the
    /// 65,536 classes a link can name (they used to merge silently).
    fn class(&mut self, name: &str) -> Option<u16> {
        if let Some(&i) = self.class_index.get(name) {
            return Some(i);
        }
        let i = u16::try_from(self.classes.len()).ok()?;
        self.classes.push(name.to_string());
        self.class_index.insert(name.to_string(), i);
        Some(i)
    }

    fn link(
        &mut self,
        from: usize,
        to: usize,
        time_s: f64,
        length_m: f64,
        class: u16,
        oneway: bool,
    ) {
        let (from, to) = (NodeId::from_index(from), NodeId::from_index(to));
        self.edges.push(Edge {
            from,
            to,
            time_s,
            length_m,
            class,
        });
        if !oneway {
            self.edges.push(Edge {
                from: to,
                to: from,
                time_s,
                length_m,
                class,
            });
        }
    }
}

/// Adds a road graph file (`.fcnet`, `.osm.pbf`, GeoJSON), timed by
/// `[network.speeds]`, then the OSM defaults, then `default_speed_kmh`.
fn file_roads(
    file: &str,
    raw: &RawNetwork,
    doc: &Document,
    graph: &mut GraphParts,
    p: &mut Problems,
) {
    use crate::network::{fcnet, osm};
    let base = doc
        .locate("network.file")
        .and_then(|(f, _)| f.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_default();
    let path = base.join(file);
    let lower = file.to_ascii_lowercase();
    let road_graph: Result<_, Said> = if lower.ends_with(".fcnet") {
        fcnet::load(&path).map_err(|e| e.said())
    } else if lower.ends_with(".pbf") {
        osm::import(&path, &osm::Clip::None, &|_, _| {})
            .map(|(g, _)| g)
            .map_err(|e| e.said())
    } else if lower.ends_with(".geojson") || lower.ends_with(".json") {
        let data = crate::input::read_text(&path, crate::input::Limit::Geodata)
            .map_err(|e| e.said())
            .and_then(|text| {
                read_roads(&text).map_err(|e| e.said(&path.display().to_string()).into())
            });
        match data {
            Ok(d) => {
                add_links(d, raw, file, graph, p);
                graph
                    .note
                    .get_or_insert_with(|| format!("road graph from {file}"));
            }
            Err(e) => p.error("network.file", e),
        }
        return;
    } else {
        Err(said!("check-road-file-type", file = file).into())
    };
    let road_graph = match road_graph {
        Ok(g) => g,
        Err(e) => return p.error("network.file", e),
    };
    let speed_of = |class: &str| {
        raw.speeds
            .get(class)
            .copied()
            .or_else(|| osm::default_speed(class))
            .or(raw.default_speed_kmh)
    };
    match road_graph.parts(&speed_of) {
        Ok((nodes, edges)) => {
            for (i, n) in nodes.iter().enumerate() {
                graph.by_id.insert(n.id.clone(), i);
            }
            graph.nodes = nodes;
            graph.builtin_nodes = graph.nodes.len();
            graph.edges = edges;
            graph.classes = road_graph.classes.clone();
            graph.class_index = (graph.classes.iter().enumerate())
                .filter_map(|(i, c)| Some((c.clone(), u16::try_from(i).ok()?)))
                .collect();
            graph.note = Some(format!("road graph from {}", road_graph.source));
        }
        Err(missing) => p.error("network.speeds", missing_speeds(&missing, file)),
    }
}

/// Adds a builtin district's road graph, timed by `[network.speeds]`.
fn builtin_roads(
    name: &str,
    raw: &RawNetwork,
    doc: &Document,
    graph: &mut GraphParts,
    p: &mut Problems,
) {
    let data = match doc.builtin(name) {
        Err(e) => return p.error("network.builtin", builtin_said(&e)),
        Ok(b) => match read_roads(&b.roads) {
            Ok(d) => d,
            Err(e) => {
                // roads a sweep generated from varied keys were never a file
                let file = match b.roads {
                    std::borrow::Cow::Borrowed(_) => format!("{}/roads.geojson", b.folder),
                    std::borrow::Cow::Owned(_) => {
                        format!("{}/generator.toml → roads.geojson", b.folder)
                    }
                };
                return p.error("network.builtin", e.said(&file));
            }
        },
    };
    add_links(data, raw, &format!("builtin `{name}`"), graph, p);
}

/// Adds GeoJSON road data timed by `[network.speeds]`, the OSM class
/// defaults, or `default_speed_kmh`, capped by each link's `maxspeed_kmh`.
fn add_links(
    data: crate::network::geojson::RoadData,
    raw: &RawNetwork,
    source: &str,
    graph: &mut GraphParts,
    p: &mut Problems,
) {
    for (i, n) in data.nodes.iter().enumerate() {
        graph.by_id.insert(n.id.clone(), i);
    }
    graph.nodes = data.nodes;
    graph.builtin_nodes = graph.nodes.len();
    graph.note = data.note;
    let mut missing: Vec<&str> = Vec::new();
    for link in &data.links {
        let Some(speed) = raw
            .speeds
            .get(&link.class)
            .copied()
            .or_else(|| crate::network::osm::default_speed(&link.class))
            .or(raw.default_speed_kmh)
        else {
            if !missing.contains(&link.class.as_str()) {
                missing.push(&link.class);
            }
            continue;
        };
        let Some(class) = graph.class(&link.class) else {
            p.error(
                "network.file",
                format!(
                    "{source}: {}",
                    said!("check-too-many-classes").render(crate::i18n::Lang::En)
                ),
            );
            break;
        };
        let speed = link.maxspeed_kmh.map_or(speed, |m| speed.min(m));
        let time_s = link.length_m / (speed / 3.6);
        graph.link(
            link.from,
            link.to,
            time_s,
            link.length_m,
            class,
            link.oneway,
        );
    }
    if !missing.is_empty() {
        p.error("network.speeds", missing_speeds(&missing, source));
    }
}

/// Checks a WGS84 coordinate; true when valid.
fn check_coordinate(path: &str, lon: f64, lat: f64, p: &mut Problems) -> bool {
    let lon_ok = lon.is_finite() && (-180.0..=180.0).contains(&lon);
    let lat_ok = lat.is_finite() && (-90.0..=90.0).contains(&lat);
    if !lon_ok {
        p.error(join_key(path, "lon"), said!("check-longitude", value = lon));
    }
    if !lat_ok {
        p.error(join_key(path, "lat"), said!("check-latitude", value = lat));
    }
    lon_ok && lat_ok
}

/// The ids of `network` nearest in spelling to `id` (edit distance at most
/// a third of its length), closest first.
fn similar_node_ids(network: &Network, id: &str) -> Vec<String> {
    let limit = (id.chars().count() / 3).max(1);
    let mut found: Vec<(usize, &str)> = network
        .nodes()
        .iter()
        .filter_map(|n| {
            let d = strsim::levenshtein(id, &n.id);
            (d <= limit).then_some((d, n.id.as_str()))
        })
        .collect();
    found.sort_unstable();
    found
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, s)| format!("`{s}`"))
        .collect()
}

/// A township seat of a builtin district, which `at` may name.
struct Seat {
    /// Node id on the district's own network (`yunlong`).
    id: String,
    /// Chinese name (`云龙镇`).
    name_zh: String,
    /// Longitude, degrees.
    lon: f64,
    /// Latitude, degrees.
    lat: f64,
}

/// The seats of the scenario's builtin district: the network's, or else the
/// demand's (then, on another network, a seat named in `at` snaps by its
/// coordinates). Empty when neither is builtin.
fn district_seats(network: &RawNetwork, demand: &RawDemand, doc: &Document) -> Vec<Seat> {
    network
        .builtin
        .as_deref()
        .or(demand.builtin.as_deref())
        .and_then(|name| doc.builtin(name).ok())
        .and_then(|b| b.township_table().ok())
        .map(|table| {
            table
                .into_iter()
                .map(|t| Seat {
                    id: t.id,
                    name_zh: t.name_zh,
                    lon: t.lon,
                    lat: t.lat,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The seat `name` stands for: its id (`yunlong`), its full name (`云龙镇`)
/// or the name without its 镇, 乡 or 街道 (`云龙`).
fn seat_named<'a>(seats: &'a [Seat], name: &str) -> Option<&'a Seat> {
    seats.iter().find(|seat| {
        seat.id == name
            || seat.name_zh == name
            || ["街道", "镇", "乡"]
                .iter()
                .any(|suffix| seat.name_zh.strip_suffix(suffix) == Some(name))
    })
}

/// Resolves `at` to a node: an id, a township seat of the builtin district
/// ([`district_seats`]: on another network it snaps by its coordinates), or
/// a coordinate snapped to the nearest node (with the distance). A snap farther than `max_snap_m`, when given, is an error;
/// else one over [`SNAP_WARNING_M`] a warning.
fn resolve_at(
    at: &RawAt,
    path: &str,
    network: &Network,
    seats: &[Seat],
    max_snap_m: Option<f64>,
    p: &mut Problems,
) -> Option<(NodeId, Option<f64>)> {
    match at {
        RawAt::Node(id) => {
            let seat = seat_named(seats, id);
            let node = network
                .node_by_id(id)
                .or_else(|| seat.and_then(|s| network.node_by_id(&s.id)));
            if let (None, Some(seat)) = (node, seat) {
                // the district's seat, on a network that is not the district's own
                let at = RawAt::Coord(RawLonLat {
                    lon: seat.lon,
                    lat: seat.lat,
                });
                return resolve_at(&at, path, network, &[], max_snap_m, p);
            }
            if node.is_none() {
                let similar = similar_node_ids(network, id);
                if similar.is_empty() {
                    p.error(path, said!("check-unknown-node", node = id));
                } else {
                    p.error(
                        path,
                        said!(
                            "check-unknown-node-suggest",
                            node = id,
                            similar = similar.join(", ")
                        ),
                    );
                }
            }
            node.map(|n| (n, None))
        }
        RawAt::Coord(c) => {
            if !check_coordinate(path, c.lon, c.lat, p) {
                return None;
            }
            let (node, d) = network.nearest_node(c.lon, c.lat)?;
            let name = &network.nodes()[node.index()].id;
            match max_snap_m {
                Some(max) if d > max => p.error(
                    path,
                    said!(
                        "check-snap-too-far",
                        node = name,
                        distance = format!("{d:.0}"),
                        max = format!("{max:.0}")
                    ),
                ),
                _ if d > SNAP_WARNING_M => {
                    p.warn(
                        path,
                        said!(
                            "check-snapped-far",
                            node = name,
                            distance = format!("{d:.0}")
                        ),
                    );
                }
                _ => {}
            }
            Some((node, Some(d)))
        }
    }
}

fn stations(
    raw: &[RawStation],
    network: &Network,
    names: &[Seat],
    default_turnout: f64,
    max_snap_m: f64,
    p: &mut Problems,
) -> (Vec<Station>, Vec<String>, Vec<Unit>) {
    if raw.is_empty() {
        p.error("stations", said!("check-no-station"));
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
                said!("check-duplicate-station", station = s.id, first = first),
            );
        } else {
            seen.insert(&s.id, i);
        }
        if s.id.is_empty() {
            p.error(join_key(&path, "id"), said!("check-empty"));
        }
        let node = resolve_at(
            &s.at,
            &join_key(&path, "at"),
            network,
            names,
            Some(max_snap_m),
            p,
        );
        let turnout_s = s.turnout_s.unwrap_or(default_turnout);
        if p.number(&join_key(&path, "turnout_s"), turnout_s, 0.0, false)
            && turnout_s > MAX_STANDARD_S
        {
            p.error(
                join_key(&path, "turnout_s"),
                said!(
                    "check-at-most-a-day",
                    max = MAX_STANDARD_S,
                    value = show(turnout_s)
                ),
            );
        }
        if s.units.is_empty() {
            p.warn(join_key(&path, "units"), said!("check-no-units"));
        }
        let station = StationId::from_index(stations.len());
        let mut unit_count: i64 = 0;
        for (j, u) in s.units.iter().enumerate() {
            let upath = join_index(&join_key(&path, "units"), j);
            if u.kind.trim().is_empty() {
                p.error(join_key(&upath, "kind"), said!("check-empty"));
            }
            if u.count < 1 {
                p.error(join_key(&upath, "count"), said!("check-at-least-one"));
                continue;
            }
            if u.count > MAX_UNITS_PER_LINE {
                p.error(
                    join_key(&upath, "count"),
                    said!(
                        "check-units-per-line",
                        max = MAX_UNITS_PER_LINE,
                        value = u.count
                    ),
                );
                continue;
            }
            if units.len() + u.count as usize > MAX_UNITS {
                p.error(
                    join_key(&upath, "count"),
                    said!("check-too-many-units", max = MAX_UNITS),
                );
                break;
            }
            let kind = match kinds.iter().position(|k| k == &u.kind) {
                Some(k) => k,
                None => {
                    kinds.push(u.kind.clone());
                    kinds.len() - 1
                }
            };
            unit_count += u.count;
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
        let mut count = |key: &str, value: Option<i64>, default: i64| -> u32 {
            let v = value.unwrap_or(default);
            u32::try_from(v).unwrap_or_else(|_| {
                p.error(
                    join_key(&path, key),
                    said!("check-count-range", min = 0, max = u32::MAX, value = v),
                );
                0
            })
        };
        let firefighters = count("firefighters", s.firefighters, 0);
        let vehicles = count("vehicles", s.vehicles, unit_count);
        if i64::from(vehicles) < unit_count {
            p.error(
                join_key(&path, "vehicles"),
                said!("check-vehicles", vehicles = vehicles, units = unit_count),
            );
        }
        let turnout_cv = match s.turnout_cv {
            Some(cv) => coefficient_of_variation(&join_key(&path, "turnout_cv"), cv, p),
            None => 0.0,
        };
        let shifts = shifts(&s.shifts, &path, (turnout_s, turnout_cv), unit_count, p);
        stations.push(Station {
            id: s.id.clone(),
            name: s.name.clone(),
            node: node.map_or(NodeId(0), |(n, _)| n),
            snap_m: node.and_then(|(_, d)| d),
            turnout_s,
            turnout_cv,
            category: match s.category {
                RawStationCategory::Station => StationCategory::Station,
                RawStationCategory::TownshipTeam => StationCategory::TownshipTeam,
                RawStationCategory::Other => StationCategory::Other,
            },
            firefighters,
            vehicles,
            jurisdiction: s.jurisdiction.clone(),
            removable: s.removable,
            class: s.class.map(|c| match c {
                RawStationClass::First => StationClass::First,
                RawStationClass::Second => StationClass::Second,
                RawStationClass::Small => StationClass::Small,
                RawStationClass::Special => StationClass::Special,
            }),
            shifts,
        });
    }
    (stations, kinds, units)
}

/// A coefficient of variation at `path`: at least 0, at most
/// [`MAX_CV`]; 0 when it is not.
fn coefficient_of_variation(path: &str, cv: f64, p: &mut Problems) -> f64 {
    if !p.number(path, cv, 0.0, false) {
        return 0.0;
    }
    if cv > MAX_CV {
        p.error(path, said!("check-cv-max", max = MAX_CV, value = show(cv)));
        return 0.0;
    }
    cv
}

/// `[[stations.shifts]]` of one station: hours in range, not overlapping,
/// a turnout like the station's and at most its units staffed.
fn shifts(
    raw: &[RawShift],
    station: &str,
    (turnout_s, turnout_cv): (f64, f64),
    units: i64,
    p: &mut Problems,
) -> Vec<Shift> {
    let mut out: Vec<(usize, Shift)> = Vec::new();
    for (i, sh) in raw.iter().enumerate() {
        let path = join_index(&join_key(station, "shifts"), i);
        let (from, to) = (sh.from_hour, sh.to_hour);
        if !(0..24).contains(&from) || !(1..=24).contains(&to) || from == to {
            p.error(&path, said!("check-shift-hours", from = from, to = to));
            continue;
        }
        let mut ok = true;
        let turnout = sh.turnout_s.unwrap_or(turnout_s);
        if sh.turnout_s.is_some() {
            let key = join_key(&path, "turnout_s");
            if !p.number(&key, turnout, 0.0, false) {
                ok = false;
            } else if turnout > MAX_STANDARD_S {
                p.error(
                    key,
                    said!(
                        "check-at-most-a-day",
                        max = MAX_STANDARD_S,
                        value = show(turnout)
                    ),
                );
                ok = false;
            }
        }
        let staffed = sh.staffed.unwrap_or(units);
        if !(0..=units).contains(&staffed) {
            p.error(
                join_key(&path, "staffed"),
                said!("check-shift-staffed", value = staffed, units = units),
            );
            ok = false;
        }
        let cv = match sh.turnout_cv {
            Some(cv) => coefficient_of_variation(&join_key(&path, "turnout_cv"), cv, p),
            None => turnout_cv,
        };
        let shift = Shift {
            from_hour: from as u32,
            to_hour: to as u32,
            turnout_s: turnout,
            turnout_cv: cv,
            staffed: staffed.clamp(0, units) as u32,
        };
        if let Some((j, other)) = out
            .iter()
            .find(|(_, o)| (0..24).any(|h| o.covers(h) && shift.covers(h)))
        {
            p.error(
                &path,
                said!(
                    "check-shift-overlap",
                    from = from,
                    to = to,
                    other = j,
                    other_from = other.from_hour,
                    other_to = other.to_hour
                ),
            );
            continue;
        }
        if ok {
            out.push((i, shift));
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}

fn incident_types(
    raw: &BTreeMap<String, RawIncidentType>,
    kinds: &[String],
    units: &[Unit],
    p: &mut Problems,
) -> Vec<IncidentType> {
    if raw.is_empty() {
        p.error("incident_types", said!("check-no-incident-type"));
    }
    let mut fleet = vec![0u32; kinds.len()];
    for u in units {
        fleet[u.kind.index()] += 1;
    }
    let known = || kinds.join(", ");
    let has_units = if kinds.is_empty() { "no" } else { "yes" };
    let mut out = Vec::new();
    for (name, t) in raw {
        let path = join_key("incident_types", name);
        let service = service(&t.service, &join_key(&path, "service"), p);
        let dpath = join_key(&path, "dispatch");
        if t.dispatch.is_empty() {
            p.error(dpath.clone(), said!("check-sends-nothing"));
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
                        p.error(kpath, said!("check-kind-twice", kind = kind));
                    }
                    Some(id) => ids.push(UnitKindId::from_index(id)),
                    None => p.error(
                        kpath,
                        said!(
                            "check-unknown-kind",
                            kind = kind,
                            known = known(),
                            has_units = has_units
                        ),
                    ),
                }
            }
            if r.count < 1 {
                p.error(join_key(&rpath, "count"), said!("check-at-least-one"));
                continue;
            }
            let available: u32 = ids.iter().map(|k| fleet[k.index()]).sum();
            if !ids.is_empty() && i64::from(available) < r.count {
                p.error(
                    rpath.clone(),
                    said!(
                        "check-rule-unsatisfiable",
                        count = r.count,
                        kinds = std::iter::once(&r.kind)
                            .chain(&r.fallback)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" / "),
                        fleet = available
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
                    said!(
                        "check-dist-needs",
                        dist = format!("{:?}", raw.dist).to_lowercase(),
                        key = name
                    ),
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
                    said!(
                        "check-dist-unused",
                        dist = format!("{:?}", raw.dist).to_lowercase()
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
                p.error(key("sd_s"), said!("check-cv-range", value = show(cv)));
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
        p.error(path, said!("check-empirical-needs-quantiles"));
        return Vec::new();
    };
    if rows.len() < 2 {
        p.error(qpath, said!("check-quantiles-rows"));
        return Vec::new();
    }
    for (i, [prob, secs]) in rows.iter().enumerate() {
        let rpath = join_index(qpath, i);
        if !prob.is_finite() || !(0.0..=1.0).contains(prob) {
            p.error(rpath.clone(), said!("check-probability", value = prob));
        }
        p.number(&rpath, *secs, 0.0, false);
        if i > 0 {
            let [pp, ps] = rows[i - 1];
            if *prob <= pp {
                p.error(rpath.clone(), said!("check-probabilities-increase"));
            }
            if *secs < ps {
                p.error(rpath, said!("check-seconds-increase"));
            }
        }
    }
    if rows[0][0] != 0.0 || rows[rows.len() - 1][0] != 1.0 {
        p.error(qpath, said!("check-quantiles-ends"));
    }
    rows.iter().map(|[a, b]| (*a, *b)).collect()
}

fn type_index(types: &[IncidentType], name: &str) -> Option<usize> {
    types.iter().position(|t| t.name == name)
}

/// Whether the demand's builtin places stand on their own district's
/// network (then by node id; otherwise they snap by coordinates).
fn own_builtin(network: &RawNetwork, demand: &RawDemand) -> bool {
    network.builtin.is_some() && network.builtin == demand.builtin
}

/// The index of `name` in `names`, added at the end when new (zones and
/// settings are numbered in order of first appearance).
fn index_of(names: &mut Vec<String>, name: &str) -> usize {
    match names.iter().position(|z| z == name) {
        Some(i) => i,
        None => {
            names.push(name.to_string());
            names.len() - 1
        }
    }
}

/// The scenario's places in an R-tree of their nodes, for the place nearest
/// a record: a linear scan per record would take records × places
/// distances, hours on a city's records.
struct NearestPlaces {
    projection: crate::network::Projection,
    tree: rstar::RTree<rstar::primitives::GeomWithData<[f64; 2], usize>>,
}

impl NearestPlaces {
    fn new(network: &Network, places: &[DemandPoint]) -> NearestPlaces {
        let first = places.first().map(|p| &network.nodes()[p.node.index()]);
        let projection = crate::network::Projection::new(
            first.map_or(0.0, |n| n.lon),
            first.map_or(0.0, |n| n.lat),
        );
        let tree = rstar::RTree::bulk_load(
            places
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let n = &network.nodes()[p.node.index()];
                    let (x, y) = projection.xy(n.lon, n.lat);
                    rstar::primitives::GeomWithData::new([x, y], i)
                })
                .collect(),
        );
        NearestPlaces { projection, tree }
    }

    /// The index of the place nearest `node`; `None` without places.
    fn to(&self, node: &Node) -> Option<usize> {
        let (x, y) = self.projection.xy(node.lon, node.lat);
        self.tree.nearest_neighbor(&[x, y]).map(|hit| hit.data)
    }
}

/// What reading a records file needs.
struct RecordInputs<'a> {
    file: &'a str,
    base: &'a std::path::Path,
    types: &'a [IncidentType],
    network: &'a Network,
    seats: &'a [Seat],
    max_snap_m: f64,
    /// Metres a record may move per replication (0: none).
    jitter_m: f64,
    /// The scenario's places (points, builtin places): a record takes its
    /// zone and setting from the nearest.
    places: &'a [DemandPoint],
}

/// A records file, read and checked.
struct ReadRecords {
    years: Vec<YearCounts>,
    alarms: Vec<RecordedAlarm>,
    points: Vec<DemandPoint>,
}

/// Road nodes a jittered record may move to at most (the nearest ones
/// within `jitter_m`, its own included).
const JITTER_NODES: usize = 16;
/// Largest `jitter_m`: beyond it a record is no longer where it happened.
const MAX_JITTER_M: f64 = 5_000.0;

/// Most bad rows of a records file listed one by one.
const BAD_ROWS_LISTED: usize = 20;

impl RecordInputs<'_> {
    fn read(
        &self,
        zones: &mut Vec<String>,
        settings: &mut Vec<String>,
        p: &mut Problems,
    ) -> Option<ReadRecords> {
        use super::records::{RecordPlace, read_records, seconds_into_year};
        use chrono::Datelike;
        const KEY: &str = "demand.records";
        if self.file.is_empty() {
            p.error("demand", said!("check-records-needs-file"));
            return None;
        }
        let path = self.base.join(self.file);
        let shown = path.display().to_string();
        let text = match crate::input::read_text(&path, crate::input::Limit::Geodata) {
            Ok(t) => t,
            Err(e) => {
                p.error(KEY, e.said());
                return None;
            }
        };
        let (rows, mut bad) = read_records(&text, self.file);
        // one stated offset for the hours of the day: the first row's;
        // every alarm is placed by its instant, whatever offset it was
        // written with (a UTC row among +08:00 ones is not 8 h early)
        let offset = rows.first().map(|r| *r.time.offset());
        if let Some(offset) = offset
            && let Some(other) = rows.iter().find(|r| *r.time.offset() != offset)
        {
            let differ = rows.iter().filter(|r| *r.time.offset() != offset).count();
            p.warn(
                KEY,
                said!(
                    "check-records-offsets",
                    file = shown.clone(),
                    count = differ,
                    row = other.row,
                    other = other.time.offset().to_string(),
                    offset = offset.to_string()
                ),
            );
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let nearest_places = NearestPlaces::new(self.network, self.places);
        let mut points = Vec::with_capacity(rows.len());
        let mut dated = Vec::with_capacity(rows.len());
        let mut near = Vec::new();
        for r in &rows {
            let fail = |message: Catalogued| super::records::RecordError {
                row: r.row,
                message,
            };
            if let Some(id) = &r.id {
                if let Some(&first) = seen.get(id) {
                    bad.push(fail(said!(
                        "check-record-duplicate-id",
                        id = id,
                        first = first
                    )));
                    continue;
                }
                seen.insert(id.clone(), r.row);
            }
            let Some(t) = type_index(self.types, &r.incident_type) else {
                let names: Vec<&str> = self.types.iter().map(|t| t.name.as_str()).collect();
                bad.push(fail(said!(
                    "check-record-type",
                    value = r.incident_type,
                    types = names.join(", ")
                )));
                continue;
            };
            let node = match &r.place {
                RecordPlace::Coord(lon, lat) => match self.network.nearest_node(*lon, *lat) {
                    Some((node, d)) if d <= self.max_snap_m => node,
                    Some((_, d)) => {
                        bad.push(fail(said!(
                            "check-record-outside",
                            lon = lon,
                            lat = lat,
                            distance = format!("{d:.0}"),
                            max = format!("{:.0}", self.max_snap_m)
                        )));
                        continue;
                    }
                    None => continue,
                },
                RecordPlace::Named(name) => {
                    let seat = seat_named(self.seats, name);
                    let by_id = self
                        .network
                        .node_by_id(name)
                        .or_else(|| seat.and_then(|s| self.network.node_by_id(&s.id)));
                    let by_seat = seat.and_then(|s| {
                        self.network
                            .nearest_node(s.lon, s.lat)
                            .filter(|(_, d)| *d <= self.max_snap_m)
                            .map(|(n, _)| n)
                    });
                    match by_id.or(by_seat) {
                        Some(n) => n,
                        None => {
                            bad.push(fail(said!("check-record-place", value = name)));
                            continue;
                        }
                    }
                }
            };
            let here = &self.network.nodes()[node.index()];
            let nearest_place = nearest_places.to(here);
            let zone = match (&r.zone, nearest_place) {
                (Some(z), _) => index_of(zones, z),
                (None, Some(i)) => self.places[i].zone.index(),
                (None, None) => index_of(zones, &here.id),
            };
            let setting = match (&r.setting, nearest_place) {
                (Some(s), _) => Some(index_of(settings, s) as u32),
                (None, Some(i)) => self.places[i].setting,
                (None, None) => None,
            };
            // the record's own node first, then the others within jitter_m
            let mut at = vec![node];
            if self.jitter_m > 0.0 {
                self.network
                    .nearest_nodes(here.lon, here.lat, JITTER_NODES, &mut near);
                at.extend(
                    near.iter()
                        .filter(|(n, d)| *n != node && *d <= self.jitter_m)
                        .map(|(n, _)| *n),
                );
            }
            let time = offset.map_or(r.time, |o| r.time.with_timezone(&o));
            dated.push((
                time.year(),
                seconds_into_year(&time),
                t as u16,
                points.len() as u32,
                at.len() as u16,
                r.on_scene_min.map(|m| m * 60.0),
            ));
            // one alarm, shared among the nodes it may stand at: static
            // models (coverage, siting) count each record once
            let weight = 1.0 / at.len() as f64;
            points.extend(at.into_iter().map(|node| DemandPoint {
                node,
                weight,
                zone: ZoneId::from_index(zone),
                setting,
            }));
        }
        if !bad.is_empty() {
            bad.sort_by_key(|e| e.row);
            for e in bad.iter().take(BAD_ROWS_LISTED) {
                // every row message begins with the file and the row
                let mut message = e.message.clone();
                message.args.push(("file", shown.clone()));
                message.args.push(("row", e.row.to_string()));
                p.error(KEY, message);
            }
            if bad.len() > BAD_ROWS_LISTED {
                p.error(
                    KEY,
                    said!(
                        "check-record-more",
                        file = shown,
                        more = bad.len() - BAD_ROWS_LISTED,
                        total = bad.len()
                    ),
                );
            }
            return None;
        }
        if dated.is_empty() {
            p.error(KEY, said!("check-records-empty", file = shown));
            return None;
        }
        let first = dated.iter().map(|d| d.0).min().unwrap_or(0);
        let last = dated.iter().map(|d| d.0).max().unwrap_or(0);
        if last - first >= MAX_YEARS as i32 {
            p.error(
                KEY,
                said!("check-years-max", max = MAX_YEARS, value = last - first + 1),
            );
            return None;
        }
        let mut years: Vec<YearCounts> = (first..=last)
            .map(|year| YearCounts {
                year,
                counts: vec![0; self.types.len()],
            })
            .collect();
        let mut alarms: Vec<RecordedAlarm> = dated
            .into_iter()
            .map(|(year, seconds, t, point, alternatives, on_scene_s)| {
                let y = (year - first) as usize;
                years[y].counts[t as usize] += 1;
                RecordedAlarm {
                    year: y as u16,
                    seconds_into_year: seconds,
                    incident_type: t,
                    point,
                    alternatives,
                    on_scene_s,
                }
            })
            .collect();
        // in time order; ties keep the file's order
        alarms.sort_by(|a, b| {
            (a.year, a.seconds_into_year)
                .partial_cmp(&(b.year, b.seconds_into_year))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Some(ReadRecords {
            years,
            alarms,
            points,
        })
    }
}

/// Most far-snapped places an error lists by name.
const FAR_PLACES_LISTED: usize = 5;

#[allow(clippy::too_many_arguments)]
fn demand(
    raw: &RawDemand,
    types: &[IncidentType],
    network: &Network,
    on_own_network: bool,
    seats: &[Seat],
    max_snap_m: f64,
    records_base: &std::path::Path,
    doc: &Document,
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
                p.error("demand.years", said!("check-only-replay"));
            }
            let mut per_year = vec![0.0; types.len()];
            match &raw.per_year {
                None => p.error("demand", said!("check-poisson-needs-rates")),
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
                                said!("check-unknown-type-list", name = name, types = type_names()),
                            ),
                        }
                    }
                    if per_year.iter().all(|r| *r == 0.0) && !p.has_errors() {
                        p.error("demand.per_year", said!("check-rates-zero"));
                    }
                }
            }
            DemandMode::Poisson { per_year }
        }
        RawDemandMode::Records => {
            for (key, given) in [
                ("demand.per_year", raw.per_year.is_some()),
                ("demand.years", raw.years.is_some()),
                ("demand.setting_share", !raw.setting_share.is_empty()),
            ] {
                if given {
                    p.error(key, said!("check-not-with-records"));
                }
            }
            // filled from the file once the places are known
            DemandMode::Records {
                years: Vec::new(),
                alarms: Vec::new(),
                bootstrap_years: raw.bootstrap == Some(RawBootstrap::Years),
                jitter_m: match raw.jitter_m {
                    Some(j) if p.number("demand.jitter_m", j, 0.0, false) => {
                        if j > MAX_JITTER_M {
                            p.error(
                                "demand.jitter_m",
                                said!("check-jitter-max", max = MAX_JITTER_M, value = show(j)),
                            );
                        }
                        j
                    }
                    _ => 0.0,
                },
                file: raw.records.clone().unwrap_or_default(),
            }
        }
        RawDemandMode::Counts | RawDemandMode::Replay => {
            if raw.mode == RawDemandMode::Replay {
                p.warn("demand.mode", said!("check-replay-renamed"));
            }
            if raw.per_year.is_some() {
                p.error("demand.per_year", said!("check-only-poisson"));
            }
            let mut years = Vec::new();
            match &raw.years {
                None => p.error("demand", said!("check-replay-needs-years")),
                Some(list) if list.is_empty() => p.error("demand.years", said!("check-no-year")),
                Some(list) => {
                    for (i, y) in list.iter().enumerate() {
                        let ypath = join_index("demand.years", i);
                        let year = match i32::try_from(y.year) {
                            Ok(v) if (1..=9999).contains(&v) => v,
                            _ => {
                                p.error(
                                    join_key(&ypath, "year"),
                                    said!("check-not-a-year", value = y.year),
                                );
                                continue;
                            }
                        };
                        if let Some(prev) = years.last().map(|c: &YearCounts| c.year)
                            && year <= prev
                        {
                            p.error(
                                join_key(&ypath, "year"),
                                said!("check-years-increase", year = year, previous = prev),
                            );
                        }
                        let mut counts = vec![0u32; types.len()];
                        for (name, v) in &y.counts {
                            let path = join_key(&ypath, name);
                            let Some(t) = type_index(types, name) else {
                                p.error(
                                    path,
                                    said!(
                                        "check-unknown-type-list",
                                        name = name,
                                        types = type_names()
                                    ),
                                );
                                continue;
                            };
                            match v.as_integer().and_then(|n| u32::try_from(n).ok()) {
                                Some(n) => counts[t] = n,
                                None => p.error(path, said!("check-incident-count", value = v)),
                            }
                        }
                        years.push(YearCounts { year, counts });
                    }
                }
            }
            DemandMode::Replay { years }
        }
    };
    if raw.mode != RawDemandMode::Records {
        for (key, given) in [
            ("demand.records", raw.records.is_some()),
            ("demand.bootstrap", raw.bootstrap.is_some()),
            ("demand.jitter_m", raw.jitter_m.is_some()),
        ] {
            if given {
                p.error(key, said!("check-only-records"));
            }
        }
    }
    let mut builtin_places = Vec::new();
    if let Some(name) = &raw.builtin {
        match doc.builtin(name).and_then(|b| b.places()) {
            Ok(places) => builtin_places = places,
            Err(e) => p.error("demand.builtin", builtin_said(&e)),
        }
    }
    let records = raw.mode == RawDemandMode::Records;
    if raw.points.is_empty() && builtin_places.is_empty() && !records {
        p.error("demand.points", said!("check-no-demand-point"));
    }
    let mut points = Vec::new();
    let mut zones: Vec<String> = Vec::new();
    let mut settings: Vec<String> = Vec::new();
    let mut with_setting = 0usize;
    let mut total_weight = 0.0;
    for (i, pt) in raw.points.iter().enumerate() {
        let path = join_index("demand.points", i);
        let node =
            resolve_at(&pt.at, &join_key(&path, "at"), network, &[], None, p).map(|(n, _)| n);
        let wpath = join_key(&path, "weight");
        if p.number(&wpath, pt.weight, 0.0, false) {
            if pt.weight > MAX_WEIGHT {
                p.error(
                    wpath,
                    said!(
                        "check-weight-max",
                        max = format!("{MAX_WEIGHT:e}"),
                        value = show(pt.weight)
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
        let zone = index_of(&mut zones, &zone_name);
        let setting = pt
            .setting
            .as_deref()
            .map(|s| index_of(&mut settings, s) as u32);
        with_setting += usize::from(setting.is_some());
        points.push(DemandPoint {
            node,
            weight: pt.weight,
            zone: ZoneId::from_index(zone),
            setting,
        });
    }
    let mut snaps = Vec::new();
    let mut far = Vec::new();
    for place in &builtin_places {
        let node = if on_own_network {
            let Some(node) = network.node_by_id(&place.node) else {
                p.error(
                    "demand.builtin",
                    said!("check-place-not-in-network", node = place.node),
                );
                break;
            };
            node
        } else {
            // another network: the place goes to the node nearest its point
            let Some((node, d)) = network.nearest_node(place.lon, place.lat) else {
                break;
            };
            if d > max_snap_m {
                far.push((place, d));
            }
            snaps.push(d);
            node
        };
        total_weight += place.weight;
        with_setting += 1;
        points.push(DemandPoint {
            node,
            weight: place.weight,
            zone: ZoneId::from_index(index_of(&mut zones, &place.zone)),
            setting: Some(index_of(&mut settings, &place.setting) as u32),
        });
    }
    if !far.is_empty() {
        far.sort_by(|a, b| b.1.total_cmp(&a.1));
        let listed: Vec<String> = far
            .iter()
            .take(FAR_PLACES_LISTED)
            .map(|(place, d)| {
                format!(
                    "{} {} ({:.5}, {:.5}) {:.0} m",
                    place.zone, place.node, place.lon, place.lat, d
                )
            })
            .collect();
        p.error(
            "demand.builtin",
            said!(
                "check-places-snap-too-far",
                count = far.len(),
                total = builtin_places.len(),
                max = format!("{max_snap_m:.0}"),
                places = listed.join("; ")
            ),
        );
    }
    let snapped = (!snaps.is_empty()).then(|| {
        snaps.sort_by(f64::total_cmp);
        PlaceSnap {
            builtin: raw.builtin.clone().unwrap_or_default(),
            places: snaps.len(),
            median_m: snaps[snaps.len() / 2],
            max_m: snaps[snaps.len() - 1],
        }
    });
    let mut mode = mode;
    if let DemandMode::Records {
        years,
        alarms,
        file,
        jitter_m,
        ..
    } = &mut mode
    {
        // each record becomes its own point; the places name its zone and setting
        let places = std::mem::take(&mut points);
        let read = RecordInputs {
            file,
            base: records_base,
            types,
            network,
            seats,
            max_snap_m,
            jitter_m: *jitter_m,
            places: &places,
        };
        match read.read(&mut zones, &mut settings, p) {
            Some(mut r) => {
                // only the zones some record is in are reported
                let mut used: Vec<Option<usize>> = vec![None; zones.len()];
                let mut kept = Vec::new();
                for pt in &mut r.points {
                    let z = pt.zone.index();
                    let new = *used[z].get_or_insert_with(|| {
                        kept.push(zones[z].clone());
                        kept.len() - 1
                    });
                    pt.zone = ZoneId::from_index(new);
                }
                zones = kept;
                *years = r.years;
                *alarms = r.alarms;
                with_setting = r.points.iter().filter(|pt| pt.setting.is_some()).count();
                total_weight = 1.0;
                points = r.points;
            }
            None => return None,
        }
    }
    if with_setting != 0 && with_setting != points.len() {
        p.error(
            "demand.points",
            said!(
                "check-settings-partial",
                with = with_setting,
                total = points.len()
            ),
        );
    }
    if !points.is_empty() && total_weight <= 0.0 {
        p.error("demand.points", said!("check-weights-zero"));
    }
    let mut setting_weight = vec![0.0; settings.len()];
    for point in &points {
        if let Some(s) = point.setting {
            setting_weight[s as usize] += point.weight;
        }
    }
    let setting_share = setting_shares(raw, types, &settings, &setting_weight, p);
    let profiles = profiles(raw, types, p);
    let first_weekday = mode
        .years()
        .and_then(|y| y.first())
        .and_then(|y| chrono::NaiveDate::from_ymd_opt(y.year, 1, 1))
        .map_or(0, |d| {
            use chrono::Datelike;
            d.weekday().num_days_from_monday()
        });
    Some(Demand {
        mode,
        points,
        zones,
        settings,
        setting_share,
        snapped,
        profiles,
        first_weekday,
    })
}

/// `[demand.setting_share]`: per type, a share for every setting, summing to 1.
fn setting_shares(
    raw: &RawDemand,
    types: &[IncidentType],
    settings: &[String],
    setting_weight: &[f64],
    p: &mut Problems,
) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); types.len()];
    for (type_name, shares) in &raw.setting_share {
        let path = join_key("demand.setting_share", type_name);
        let Some(t) = type_index(types, type_name) else {
            p.error(path, said!("check-unknown-type", name = type_name));
            continue;
        };
        let mut row = vec![0.0; settings.len()];
        let mut sum = 0.0;
        for (setting, share) in shares {
            let spath = join_key(&path, setting);
            match settings.iter().position(|s| s == setting) {
                Some(i) => {
                    if p.number(&spath, *share, 0.0, false) {
                        row[i] = *share;
                        sum += *share;
                    }
                    // a share needs places to put its alarms in
                    if *share > 0.0 && setting_weight[i] <= 0.0 {
                        p.error(
                            spath,
                            said!(
                                "check-share-without-places",
                                share = show(*share),
                                setting = setting
                            ),
                        );
                    }
                }
                None => p.error(
                    spath,
                    said!(
                        "check-unknown-setting",
                        setting = setting,
                        settings = settings.join(", ")
                    ),
                ),
            }
        }
        for s in settings {
            if !shares.contains_key(s) {
                p.error(
                    path.clone(),
                    format!("no share for setting `{s}`: every setting needs one"),
                );
            }
        }
        if (sum - 1.0).abs() > 1e-6 {
            p.error(path, said!("check-shares-sum", value = show(sum)));
        }
        out[t] = row;
    }
    out
}

fn simulation(raw: &RawSimulation, demand: &RawDemand, p: &mut Problems) -> Simulation {
    let years = match (demand.mode, raw.years) {
        (RawDemandMode::Poisson, Some(y)) => {
            if p.number("simulation.years", y, 0.0, true) && y > MAX_YEARS {
                p.error(
                    "simulation.years",
                    said!("check-years-max", max = MAX_YEARS, value = y),
                );
            }
            y
        }
        (RawDemandMode::Poisson, None) => {
            p.error("simulation", said!("check-poisson-needs-years"));
            0.0
        }
        (RawDemandMode::Counts | RawDemandMode::Replay | RawDemandMode::Records, Some(_)) => {
            p.warn("simulation.years", said!("check-years-ignored"));
            0.0
        }
        (RawDemandMode::Counts | RawDemandMode::Replay | RawDemandMode::Records, None) => 0.0,
    };
    let replications = match u32::try_from(raw.replications) {
        Ok(n) if n >= 1 => n,
        _ => {
            p.error(
                "simulation.replications",
                said!(
                    "check-count-range",
                    min = 1,
                    max = u32::MAX,
                    value = raw.replications
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
    let travel_cv = raw.travel_cv.map_or(0.0, |cv| {
        coefficient_of_variation("simulation.travel_cv", cv, p)
    });
    Simulation {
        years,
        replications,
        seed: raw.seed,
        when_all_busy,
        travel_cv,
        travel_cv_by_class: Vec::new(),
        speed_windows: Vec::new(),
    }
}

/// `[simulation] travel_cv_by_class`: known classes, each cv like
/// `travel_cv`; per class of the network, the rest at `travel_cv` (or
/// `"*"`); empty without the table.
fn travel_cv_by_class(
    raw: &RawSimulation,
    network: &Network,
    overall: f64,
    p: &mut Problems,
) -> Vec<f64> {
    if raw.travel_cv_by_class.is_empty() {
        return Vec::new();
    }
    let classes = network.classes();
    let every = raw.travel_cv_by_class.get("*").copied().unwrap_or(overall);
    let mut out = vec![every; classes.len()];
    for (class, cv) in &raw.travel_cv_by_class {
        let path = join_key("simulation.travel_cv_by_class", class);
        if coefficient_of_variation(&path, *cv, p) != *cv {
            continue;
        }
        if class == "*" {
            continue;
        }
        match classes.iter().position(|k| k == class) {
            Some(c) => out[c] = *cv,
            None => p.error(
                &path,
                said!(
                    "check-window-class",
                    class = class,
                    classes = classes.join(", ")
                ),
            ),
        }
    }
    out
}

/// `[[network.speed_windows]]`: hours in range and not overlapping, factors
/// of known classes, positive and at most 2.
fn speed_windows(raw: &RawNetwork, network: &Network, p: &mut Problems) -> Vec<SpeedWindow> {
    let classes = network.classes();
    let mut out: Vec<(usize, SpeedWindow)> = Vec::new();
    for (i, w) in raw.speed_windows.iter().enumerate() {
        let path = join_index("network.speed_windows", i);
        let (from, to) = (w.from_hour, w.to_hour);
        if !(0..24).contains(&from) || !(1..=24).contains(&to) || to <= from {
            p.error(&path, said!("check-window-hours", from = from, to = to));
            continue;
        }
        let mut factor_by_class = vec![f64::NAN; classes.len()];
        let mut every = 1.0;
        let mut ok = true;
        for (class, f) in &w.factors {
            let fpath = join_key(&join_key(&path, "factors"), class);
            if !p.number(&fpath, *f, 0.0, true) {
                ok = false;
                continue;
            }
            if *f > 2.0 {
                p.error(&fpath, said!("check-window-factor-max", value = show(*f)));
                ok = false;
                continue;
            }
            if class == "*" {
                every = *f;
            } else if let Some(c) = classes.iter().position(|k| k == class) {
                factor_by_class[c] = *f;
            } else {
                p.error(
                    &fpath,
                    said!(
                        "check-window-class",
                        class = class,
                        classes = classes.join(", ")
                    ),
                );
                ok = false;
            }
        }
        for f in &mut factor_by_class {
            if f.is_nan() {
                *f = every;
            }
        }
        if let Some((j, other)) = out
            .iter()
            .find(|(_, o)| (from as u32) < o.to_hour && o.from_hour < to as u32)
        {
            p.error(
                &path,
                said!(
                    "check-window-overlap",
                    from = from,
                    to = to,
                    other = j,
                    other_from = other.from_hour,
                    other_to = other.to_hour
                ),
            );
            continue;
        }
        if ok {
            out.push((
                i,
                SpeedWindow {
                    from_hour: from as u32,
                    to_hour: to as u32,
                    factor_by_class,
                },
            ));
        }
    }
    let mut windows: Vec<SpeedWindow> = out.into_iter().map(|(_, w)| w).collect();
    windows.sort_by_key(|w| w.from_hour);
    windows
}

/// `[demand.profile]`: per type, its week profile (a type's own, else the
/// common one); empty without a profile.
fn profiles(raw: &RawDemand, types: &[IncidentType], p: &mut Problems) -> Vec<Option<WeekProfile>> {
    let Some(profile) = &raw.profile else {
        return Vec::new();
    };
    if raw.mode == RawDemandMode::Records {
        p.error("demand.profile", said!("check-not-with-records"));
        return Vec::new();
    }
    let day = |path: &str, w: &[f64], p: &mut Problems| -> bool {
        if w.len() != 24 {
            p.error(path, said!("check-profile-hours", count = w.len()));
            return false;
        }
        let mut ok = true;
        for (h, x) in w.iter().enumerate() {
            ok &= p.number(&join_index(path, h), *x, 0.0, false);
        }
        ok
    };
    let week = |base: &str, hourly: &[f64], weekend: Option<&Vec<f64>>, p: &mut Problems| {
        let ok = day(&join_key(base, "hourly"), hourly, p);
        let weekend = weekend.map(Vec::as_slice).unwrap_or(hourly);
        let ok_end = day(&join_key(base, "weekend"), weekend, p);
        // one day type may be empty (e.g. alarms only at weekends), not both
        if ok && ok_end && hourly.iter().chain(weekend).sum::<f64>() <= 0.0 {
            p.error(join_key(base, "hourly"), said!("check-profile-zero"));
            return None;
        }
        (ok && ok_end).then(|| WeekProfile::new(hourly, weekend))
    };
    let common = week(
        "demand.profile",
        &profile.hourly,
        profile.weekend.as_ref(),
        p,
    );
    let mut out = vec![common; types.len()];
    for (name, own) in &profile.types {
        let path = join_key("demand.profile.types", name);
        match type_index(types, name) {
            Some(t) => out[t] = week(&path, &own.hourly, own.weekend.as_ref(), p),
            None => p.error(path, said!("check-unknown-type", name = name)),
        }
    }
    out
}

/// Largest travel-time coefficient of variation: beyond it a trip's time
/// says little about the road.
const MAX_CV: f64 = 2.0;

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
                said!(
                    "check-station-cut-off",
                    station = s.id,
                    node = network.nodes()[s.node.index()].id,
                    size = main_size
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
            let answered = if station_in_same_part { "part" } else { "none" };
            let at = network.nodes()[pt.node.index()].id.clone();
            let path = match raw.demand.points.get(i) {
                Some(_) => join_key(&join_index("demand.points", i), "at"),
                None => "demand.builtin".to_string(),
            };
            p.warn(
                path,
                said!("check-place-cut-off", node = at, answered = answered),
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
        DemandMode::Records { alarms, .. } => (alarms.len() as f64, "demand.records"),
    };
    if expected > MAX_ALARMS_PER_REPLICATION {
        p.error(
            path,
            said!(
                "check-alarms-max",
                expected = format!("{expected:.3e}"),
                max = format!("{MAX_ALARMS_PER_REPLICATION:e}"),
                megabytes = (MAX_ALARMS_PER_REPLICATION * BYTES_PER_ALARM / 1e6).round()
            ),
        );
    }
}
