//! `[siting]`: a siting study's settings, its station template and its candidates.

use super::*;

pub(super) fn siting_settings(
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
