//! Sensitivity sweeps (`firecover sweep`): a scenario, or a plan against its
//! baseline, run over variations of its assumptions with common random
//! numbers, to show how the headline figures move and which assumption
//! moves them most.
//!
//! A variation sets one key of the scenario's merged table (after
//! `extends`) to each of its values, one at a time or as a grid, and the
//! edited document is validated like a file. A station's site is varied by
//! moving it to the farthest road node within a radius in each of eight
//! compass directions.

pub mod key;
pub mod report;
pub mod tornado;

pub use key::KeyError;
pub use report::{Influence, ReportNames, SweepReport, SweepRow, build_report, render_text};

use crate::i18n::Lang;
use crate::scenario::{Document, Scenario, is_format_key};
use crate::tr;

/// Most values one `--vary` may take.
pub const MAX_STEPS: u32 = 50;
/// Values a range takes when `:STEPS` is not given.
pub const DEFAULT_STEPS: u32 = 3;
/// Most runs a sweep may ask for (each a full simulation).
pub const MAX_RUNS: usize = 2_000;
/// Largest radius a station's site may be moved within, metres.
pub const MAX_SITE_RADIUS_M: f64 = 10_000.0;
/// Keys of a builtin district's `generator.toml` are varied as
/// `generator.<key>`: each run regenerates the district's roads and places.
pub const GENERATOR_PREFIX: &str = "generator.";

/// The builtin district a document uses (its network's, else its demand's).
fn builtin_name(doc: &Document) -> Option<&str> {
    ["network", "demand"].iter().find_map(|t| {
        doc.table
            .get(*t)
            .and_then(|v| v.get("builtin"))
            .and_then(toml::Value::as_str)
    })
}

/// The `generator.toml` of the document's builtin district, as a table.
fn generator_table(doc: &Document) -> Result<toml::Table, String> {
    let name =
        builtin_name(doc).ok_or_else(|| "the scenario uses no builtin district".to_string())?;
    let b = doc.builtin(name).map_err(|e| e.to_string())?;
    toml::from_str(&b.generator).map_err(|e| format!("{}/generator.toml: {e}", b.folder))
}

/// Districts regenerated for a sweep, by their `generator.toml` text, so
/// that runs with the same generator settings share one.
#[derive(Debug, Default)]
pub struct Regenerated(Vec<(String, std::sync::Arc<crate::builtin::Builtin>)>);

/// Why a varied document could not be made.
#[derive(Debug)]
pub enum ApplyError {
    /// A key not there.
    Key(KeyError),
    /// The district's generator refused the settings.
    Builtin(crate::builtin::BuiltinError),
}

/// Compass directions a station's site is moved in (catalogue ids).
const DIRECTIONS: [&str; 8] = [
    "sweep-dir-n",
    "sweep-dir-ne",
    "sweep-dir-e",
    "sweep-dir-se",
    "sweep-dir-s",
    "sweep-dir-sw",
    "sweep-dir-w",
    "sweep-dir-nw",
];

/// One `--vary` as typed.
#[derive(Clone, Debug, PartialEq)]
pub enum VarySpec {
    /// Numeric values of a key.
    Values {
        /// Key path, as typed.
        key: String,
        /// Its values, in order.
        values: Vec<f64>,
    },
    /// A station's site, moved to nearby road nodes.
    Site {
        /// The station's id.
        station: String,
        /// How far, metres.
        radius_m: f64,
    },
}

impl VarySpec {
    /// The key as a user names it.
    pub fn key(&self) -> String {
        match self {
            VarySpec::Values { key, .. } => key.clone(),
            VarySpec::Site { station, .. } => format!("station.{station}.site"),
        }
    }
}

/// Why a sweep cannot run as asked.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepError {
    /// Not `KEY=...`.
    Form {
        /// As typed.
        spec: String,
    },
    /// A value that is not a number.
    NotANumber {
        /// As typed.
        spec: String,
        /// The value.
        value: String,
    },
    /// `:STEPS` out of range.
    Steps {
        /// As typed.
        spec: String,
    },
    /// A site radius out of range.
    Radius {
        /// As typed.
        spec: String,
    },
    /// More values than [`MAX_STEPS`].
    TooManyValues {
        /// As typed.
        spec: String,
    },
    /// A key that is not there or not a number.
    Key {
        /// As typed.
        spec: String,
        /// Why.
        source: KeyError,
    },
    /// `station.ID.site` of a station the scenario lacks.
    Station {
        /// As typed.
        spec: String,
        /// The id.
        station: String,
        /// The ids there are.
        known: String,
    },
    /// No road node to move a site to.
    NoNodes {
        /// As typed.
        spec: String,
        /// The id.
        station: String,
        /// The radius.
        radius_m: f64,
    },
    /// A key the sweep sets for every run alike (seed, replications).
    RunSetting {
        /// As typed.
        spec: String,
        /// The key.
        key: String,
    },
    /// The same key twice.
    Duplicate {
        /// The key.
        key: String,
    },
    /// Too many runs.
    TooMany {
        /// Runs asked for.
        runs: usize,
        /// Most allowed.
        max: usize,
    },
    /// A `generator.` key where there is no builtin generator.
    Generator {
        /// As typed.
        spec: String,
        /// Why (English: the generator's own messages are).
        reason: String,
    },
    /// `--setting` names no setting of the scenario.
    Setting {
        /// As given.
        setting: String,
        /// The settings there are.
        known: String,
    },
}

impl SweepError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SweepError::Form { spec } => tr!(lang, "sweep-err-form", spec = spec.as_str()),
            SweepError::NotANumber { spec, value } => tr!(
                lang,
                "sweep-err-number",
                spec = spec.as_str(),
                value = value.as_str()
            ),
            SweepError::Steps { spec } => {
                tr!(
                    lang,
                    "sweep-err-steps",
                    spec = spec.as_str(),
                    max = MAX_STEPS
                )
            }
            SweepError::Radius { spec } => tr!(
                lang,
                "sweep-err-radius",
                spec = spec.as_str(),
                max = MAX_SITE_RADIUS_M
            ),
            SweepError::TooManyValues { spec } => {
                tr!(
                    lang,
                    "sweep-err-values",
                    spec = spec.as_str(),
                    max = MAX_STEPS
                )
            }
            SweepError::Key { spec, source } => {
                let (id, key, kind, nearest) = match source {
                    KeyError::Unknown { key, nearest } => {
                        ("sweep-err-unknown-key", key, "", nearest)
                    }
                    KeyError::NotNumeric { key, kind, nearest } => {
                        ("sweep-err-not-numeric", key, *kind, nearest)
                    }
                };
                let mut args = crate::i18n::Args::new();
                args.set("spec", crate::i18n::arg(spec.as_str()));
                args.set("key", crate::i18n::arg(key.as_str()));
                args.set("kind", crate::i18n::arg(kind));
                let mut text = lang.format(id, &args);
                if !nearest.is_empty() {
                    text += &tr!(lang, "sweep-err-nearest", keys = nearest.join(", "));
                }
                text
            }
            SweepError::Station {
                spec,
                station,
                known,
            } => tr!(
                lang,
                "sweep-err-station",
                spec = spec.as_str(),
                station = station.as_str(),
                known = known.as_str()
            ),
            SweepError::NoNodes {
                spec,
                station,
                radius_m,
            } => tr!(
                lang,
                "sweep-err-no-nodes",
                spec = spec.as_str(),
                station = station.as_str(),
                radius = *radius_m
            ),
            SweepError::Duplicate { key } => tr!(lang, "sweep-err-duplicate", key = key.as_str()),
            SweepError::RunSetting { spec, key } => tr!(
                lang,
                "sweep-err-run-setting",
                spec = spec.as_str(),
                key = key.as_str()
            ),
            SweepError::TooMany { runs, max } => {
                tr!(lang, "sweep-err-too-many", runs = *runs, max = *max)
            }
            SweepError::Generator { spec, reason } => tr!(
                lang,
                "sweep-err-generator",
                spec = spec.as_str(),
                reason = reason.as_str()
            ),
            SweepError::Setting { setting, known } => tr!(
                lang,
                "sweep-err-setting",
                setting = setting.as_str(),
                known = known.as_str()
            ),
        }
    }
}

impl std::fmt::Display for SweepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SweepError {}

/// Parses `KEY=LO..HI[:STEPS]`, `KEY=V1,V2,...` or
/// `station.ID.site=RADIUS_M`.
pub fn parse_vary(text: &str) -> Result<VarySpec, SweepError> {
    let spec = || text.to_string();
    let Some((key, value)) = text.split_once('=') else {
        return Err(SweepError::Form { spec: spec() });
    };
    let (key, value) = (key.trim(), value.trim());
    if key.is_empty() {
        return Err(SweepError::Form { spec: spec() });
    }
    // every run of a sweep uses the sweep's own seed and replications
    // (common random numbers): varying them would change nothing
    if RUN_SETTINGS.contains(&key) {
        return Err(SweepError::RunSetting {
            spec: spec(),
            key: key.to_string(),
        });
    }
    let number = |s: &str| -> Result<f64, SweepError> {
        match s.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(SweepError::NotANumber {
                spec: spec(),
                value: s.trim().to_string(),
            }),
        }
    };
    let site = key
        .strip_prefix("stations.")
        .or_else(|| key.strip_prefix("station."))
        .and_then(|k| k.strip_suffix(".site"));
    if let Some(station) = site {
        let radius_m = number(value)?;
        if !(radius_m > 0.0 && radius_m <= MAX_SITE_RADIUS_M) {
            return Err(SweepError::Radius { spec: spec() });
        }
        return Ok(VarySpec::Site {
            station: station.to_string(),
            radius_m,
        });
    }
    let values = if let Some((lo, rest)) = value.split_once("..") {
        let (hi, steps) = match rest.split_once(':') {
            Some((hi, steps)) => {
                let steps = steps
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|s| (1..=MAX_STEPS).contains(s))
                    .ok_or_else(|| SweepError::Steps { spec: spec() })?;
                (hi, steps)
            }
            None => (rest, DEFAULT_STEPS),
        };
        let (lo, hi) = (number(lo)?, number(hi)?);
        if steps == 1 {
            vec![lo]
        } else {
            (0..steps)
                .map(|k| lo + (hi - lo) * f64::from(k) / f64::from(steps - 1))
                .collect()
        }
    } else {
        let values = value
            .split(',')
            .map(number)
            .collect::<Result<Vec<f64>, _>>()?;
        if values.len() > MAX_STEPS as usize {
            return Err(SweepError::TooManyValues { spec: spec() });
        }
        values
    };
    Ok(VarySpec::Values {
        key: key.to_string(),
        values,
    })
}

/// One value of a variation: what it sets and how it is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    /// As shown: `25`, `380 m NE`.
    pub label: String,
    /// The key path it sets (a site sets the station's `at`).
    path: String,
    /// The value.
    value: toml::Value,
}

/// A `--vary`, resolved against the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Variation {
    /// The key as the user names it.
    pub key: String,
    /// The scenario's own value, as shown (`None`: the format's default).
    pub own: Option<String>,
    /// Its values.
    pub settings: Vec<Setting>,
}

/// A number as a TOML value of the type the file uses.
fn toml_number(v: f64, integer: bool) -> toml::Value {
    if integer && v.fract() == 0.0 && v.abs() < 9e15 {
        toml::Value::Integer(v as i64)
    } else {
        toml::Value::Float(v)
    }
}

/// A number as shown: at most 6 significant digits, no trailing zeros.
pub fn show_number(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.len() > 12 {
        format!("{v:.6e}")
    } else {
        s.to_string()
    }
}

/// Keys a sweep sets for all its runs alike, never varied: `--seed` and
/// `--replications` are given to the sweep itself.
const RUN_SETTINGS: [&str; 2] = ["simulation.seed", "simulation.replications"];

/// Resolves every `--vary` against `doc` (the scenario as loaded) and its
/// validated `scenario`; labels are in `lang`.
pub fn resolve(
    specs: &[(String, VarySpec)],
    doc: &Document,
    scenario: &Scenario,
    lang: Lang,
) -> Result<Vec<Variation>, SweepError> {
    let mut out: Vec<Variation> = Vec::new();
    for (text, spec) in specs {
        let key = spec.key();
        if out.iter().any(|v| v.key == key) {
            return Err(SweepError::Duplicate { key });
        }
        let variation = match spec {
            VarySpec::Values { key, values } => {
                let r = match key.strip_prefix(GENERATOR_PREFIX) {
                    Some(rest) => {
                        let generator =
                            generator_table(doc).map_err(|reason| SweepError::Generator {
                                spec: text.clone(),
                                reason,
                            })?;
                        key::resolve(&generator, rest, &|_| false)
                    }
                    None => key::resolve(&doc.table, key, &is_format_key),
                }
                .map_err(|source| SweepError::Key {
                    spec: text.clone(),
                    source,
                })?;
                let own = match r.current {
                    Some(v) => show_number(v),
                    None => {
                        let value = default_of(doc, scenario, &r.steps).map(show_number);
                        match value {
                            Some(v) => tr!(lang, "sweep-default-value", value = v),
                            None => tr!(lang, "sweep-default"),
                        }
                    }
                };
                Variation {
                    key: key.clone(),
                    own: Some(own),
                    settings: values
                        .iter()
                        .map(|&v| Setting {
                            label: show_number(v),
                            path: key.clone(),
                            value: toml_number(v, r.integer),
                        })
                        .collect(),
                }
            }
            VarySpec::Site { station, radius_m } => Variation {
                key,
                own: Some(tr!(lang, "sweep-site-unmoved")),
                settings: site_settings(text, scenario, station, *radius_m, lang)?,
            },
        };
        out.push(variation);
    }
    Ok(out)
}

/// The value the validated `scenario` took for a key the file leaves at its
/// default (`steps` from [`key::resolve`]), where the scenario keeps it:
/// the standard's allowances and a station's turnout, crew and vehicles.
fn default_of(doc: &Document, scenario: &Scenario, steps: &[key::Step]) -> Option<f64> {
    use key::Step;
    match steps {
        [Step::Key(t), Step::Key(k)] if t == "standard" => match k.as_str() {
            "turnout_s" => Some(scenario.standard.turnout_s),
            "travel_s" => Some(scenario.standard.travel_s),
            _ => None,
        },
        [Step::Key(t), Step::Index(i), Step::Key(k)] if t == "stations" => {
            let id = doc
                .table
                .get("stations")?
                .as_array()?
                .get(*i)?
                .get("id")?
                .as_str()?;
            let station = scenario.stations.iter().find(|s| s.id == id)?;
            match k.as_str() {
                "turnout_s" => Some(station.turnout_s),
                "turnout_cv" => Some(station.turnout_cv),
                "firefighters" => Some(f64::from(station.firefighters)),
                "vehicles" => Some(f64::from(station.vehicles)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The farthest road node within `radius_m` of the station in each compass
/// direction that it can drive from and back to, as settings of its `at`.
fn site_settings(
    text: &str,
    scenario: &Scenario,
    station: &str,
    radius_m: f64,
    lang: Lang,
) -> Result<Vec<Setting>, SweepError> {
    let Some(k) = scenario.stations.iter().position(|s| s.id == station) else {
        return Err(SweepError::Station {
            spec: text.to_string(),
            station: station.to_string(),
            known: scenario
                .stations
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let network = &scenario.network;
    let home = scenario.stations[k].node;
    let nodes = network.nodes();
    let origin = &nodes[home.index()];
    let (mut out_s, mut back_s) = (Vec::new(), Vec::new());
    network.times_from(home, &mut out_s);
    network.times_to(home, &mut back_s);
    let mut best: [Option<(f64, usize)>; 8] = [None; 8];
    let cos_lat = origin.lat.to_radians().cos();
    for (n, node) in nodes.iter().enumerate() {
        if n == home.index() || !(out_s[n].is_finite() && back_s[n].is_finite()) {
            continue;
        }
        let d = origin.distance_m(node);
        if d > radius_m || d == 0.0 {
            continue;
        }
        let east = (node.lon - origin.lon) * cos_lat;
        let north = node.lat - origin.lat;
        let bearing = east.atan2(north).to_degrees().rem_euclid(360.0);
        let sector = (((bearing + 22.5) / 45.0) as usize) % 8;
        if best[sector].is_none_or(|(bd, bn)| d > bd || (d == bd && n < bn)) {
            best[sector] = Some((d, n));
        }
    }
    let settings: Vec<Setting> = best
        .iter()
        .zip(DIRECTIONS)
        .filter_map(|(b, dir)| {
            b.map(|(d, n)| Setting {
                label: tr!(
                    lang,
                    "sweep-site-moved",
                    metres = format!("{d:.0}"),
                    direction = lang.t(dir)
                ),
                path: format!("stations[{k}].at"),
                value: toml::Value::String(nodes[n].id.clone()),
            })
        })
        .collect();
    if settings.is_empty() {
        return Err(SweepError::NoNodes {
            spec: text.to_string(),
            station: station.to_string(),
            radius_m,
        });
    }
    Ok(settings)
}

/// One run of a sweep: which value of each varied key it takes (`None`:
/// the scenario's own).
pub type Point = Vec<Option<usize>>;

/// The runs: every value of one key at a time, the others at the
/// scenario's own (`grid = false`), or every combination.
pub fn points(variations: &[Variation], grid: bool) -> Result<Vec<Point>, SweepError> {
    let n = variations.len();
    let runs = if grid {
        variations
            .iter()
            .try_fold(1usize, |acc, v| acc.checked_mul(v.settings.len()))
            .unwrap_or(usize::MAX)
    } else {
        variations.iter().map(|v| v.settings.len()).sum()
    };
    if runs > MAX_RUNS {
        return Err(SweepError::TooMany {
            runs,
            max: MAX_RUNS,
        });
    }
    let mut out = Vec::with_capacity(runs);
    if grid {
        let mut idx = vec![0usize; n];
        loop {
            out.push(idx.iter().map(|&i| Some(i)).collect());
            let mut k = n;
            loop {
                if k == 0 {
                    return Ok(out);
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < variations[k].settings.len() {
                    break;
                }
                idx[k] = 0;
            }
        }
    }
    for (v, var) in variations.iter().enumerate() {
        for s in 0..var.settings.len() {
            let mut p = vec![None; n];
            p[v] = Some(s);
            out.push(p);
        }
    }
    Ok(out)
}

/// Whether `doc` has the key `var` sets (a baseline may lack a plan's
/// station).
pub fn applies_to(doc: &Document, var: &Variation) -> bool {
    let Some(setting) = var.settings.first() else {
        return false;
    };
    match setting.path.strip_prefix(GENERATOR_PREFIX) {
        Some(rest) => generator_table(doc).is_ok_and(|t| key::locate(&t, rest, &|_| false).is_ok()),
        None => key::locate(&doc.table, &setting.path, &is_format_key).is_ok(),
    }
}

/// `doc` with the settings of `point`. With `lenient`, a key `doc` does not
/// have is left alone (a plan's own station, absent from its baseline);
/// returns which variations applied. `generator.` settings regenerate the
/// document's builtin district (once per distinct generator, in `cache`).
pub fn apply(
    doc: &Document,
    variations: &[Variation],
    point: &Point,
    lenient: bool,
    cache: &mut Regenerated,
) -> Result<(Document, Vec<bool>), ApplyError> {
    let mut out = doc.clone();
    let mut applied = vec![false; variations.len()];
    let mut generator: Option<toml::Table> = None;
    for (v, (var, choice)) in variations.iter().zip(point).enumerate() {
        let Some(s) = choice else {
            continue;
        };
        let setting = &var.settings[*s];
        if let Some(rest) = setting.path.strip_prefix(GENERATOR_PREFIX) {
            let table = match &mut generator {
                Some(t) => t,
                None => match generator_table(doc) {
                    Ok(t) => generator.insert(t),
                    Err(_) if lenient => continue,
                    Err(reason) => {
                        return Err(ApplyError::Builtin(crate::builtin::BuiltinError::Data(
                            reason,
                        )));
                    }
                },
            };
            match key::locate(table, rest, &|_| false) {
                Ok((steps, _)) => key::set(table, &steps, setting.value.clone()),
                Err(_) if lenient => continue,
                Err(e) => return Err(ApplyError::Key(e)),
            }
            applied[v] = true;
            continue;
        }
        let steps = match key::locate(&out.table, &setting.path, &is_format_key) {
            Ok((steps, _)) => steps,
            Err(_) if lenient => continue,
            Err(e) => return Err(ApplyError::Key(e)),
        };
        key::set(&mut out.table, &steps, setting.value.clone());
        applied[v] = true;
    }
    if let (Some(table), Some(name)) = (generator, builtin_name(doc)) {
        let text = toml::to_string(&table)
            .map_err(|e| ApplyError::Builtin(crate::builtin::BuiltinError::Data(e.to_string())))?;
        let made = match cache.0.iter().find(|(t, _)| *t == text) {
            Some((_, b)) => b.clone(),
            None => {
                let base = doc.builtin(name).map_err(ApplyError::Builtin)?;
                let b = std::sync::Arc::new(
                    base.with_generator(text.clone())
                        .map_err(ApplyError::Builtin)?,
                );
                cache.0.push((text, b.clone()));
                b
            }
        };
        out.builtins.retain(|b| b.name != made.name);
        out.builtins.push(made);
    }
    Ok((out, applied))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_specs_parse() {
        assert_eq!(
            parse_vary("network.speeds.urban_street=20..30:3").unwrap(),
            VarySpec::Values {
                key: "network.speeds.urban_street".into(),
                values: vec![20.0, 25.0, 30.0]
            }
        );
        assert_eq!(
            parse_vary("a.b=1..2").unwrap(),
            VarySpec::Values {
                key: "a.b".into(),
                values: vec![1.0, 1.5, 2.0]
            }
        );
        assert_eq!(
            parse_vary("a=60..90:1").unwrap(),
            VarySpec::Values {
                key: "a".into(),
                values: vec![60.0]
            }
        );
        assert_eq!(
            parse_vary("a = 1, 2.5").unwrap(),
            VarySpec::Values {
                key: "a".into(),
                values: vec![1.0, 2.5]
            }
        );
        assert_eq!(
            parse_vary("station.industrial.site=400").unwrap(),
            VarySpec::Site {
                station: "industrial".into(),
                radius_m: 400.0
            }
        );
        for bad in [
            "a",
            "=1",
            "a=x",
            "a=1..",
            "a=1..2:0",
            "a=1..2:51",
            "a=nan",
            "station.x.site=0",
        ] {
            assert!(parse_vary(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_at_a_time_and_grid_points() {
        let var = |n: usize| Variation {
            key: format!("k{n}"),
            own: None,
            settings: (0..n)
                .map(|i| Setting {
                    label: i.to_string(),
                    path: "x".into(),
                    value: toml::Value::Integer(i as i64),
                })
                .collect(),
        };
        let vs = [var(2), var(3)];
        let oat = points(&vs, false).unwrap();
        assert_eq!(oat.len(), 5);
        assert_eq!(oat[0], vec![Some(0), None]);
        assert_eq!(oat[4], vec![None, Some(2)]);
        let grid = points(&vs, true).unwrap();
        assert_eq!(grid.len(), 6);
        assert_eq!(grid[1], vec![Some(0), Some(1)]);
        let many: Vec<Variation> = (0..4).map(|_| var(50)).collect();
        assert!(matches!(
            points(&many, true),
            Err(SweepError::TooMany { .. })
        ));
    }

    #[test]
    fn numbers_show_briefly() {
        assert_eq!(show_number(25.0), "25");
        assert_eq!(show_number(0.1 + 0.2), "0.3");
        assert_eq!(show_number(-1.5), "-1.5");
    }
}
