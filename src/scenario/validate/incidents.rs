//! `[incident_types]`: on-scene time distributions and dispatch rules.

use super::*;

pub(super) fn incident_types(
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

pub(super) fn service(raw: &RawService, path: &str, p: &mut Problems) -> ServiceDist {
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

pub(super) fn empirical(
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

pub(super) fn type_index(types: &[IncidentType], name: &str) -> Option<usize> {
    types.iter().position(|t| t.name == name)
}
